// HDD model: a platter that turns with simulated time, Lee's seek curve, zoned
// recording and head switches (docs/hdd.md). All state is in module globals
// and a static zone table; nothing is allocated and no request allocates.
//
// Geometry. 512-byte sectors. `zones` zones split the cylinders into equal runs
// of floor(cylinders / zones) (the last zone takes the remainder); zone z has
// spt(z) = floor(outer - (outer - inner) * z / (zones - 1) + 0.5) sectors per
// track (zones = 1: outer). Cylinder 0 is the outermost; LBA 0 is its first
// sector, and within a zone LBAs run sector -> head -> cylinder.
//
// Time. Core cycles, as f64 inside a request. One revolution is
// R = 60e9 / rpm * coreMHz / 1000 cycles; the platter's angle at time t is
// frac(t / R) revolutions and sector s of a track starts at angle s / spt (no
// skew). A request starts at max(now, busyUntil), positions the arm (Lee's
// seek, or a head switch), waits for its first sector, transfers its sectors
// (R / spt each) and, at each track boundary, switches head (or seeks one
// cylinder) and waits for the next track's sector 0. A read that starts at the
// LBA right after the previous request, itself a read, was streamed into the
// drive's buffer: it costs its transfer time only. It completes at
// ceil(t); busyUntil is that cycle.

import { bump, G_HDD_SEEKS, G_HDD_SEEK_CYCLES, G_HDD_ROTATION_CYCLES, G_HDD_TRANSFER_CYCLES } from "../stats";
import * as E from "../errors";

// Limits (docs/hdd.md).
export const MIN_RPM: f64 = 1000;
export const MAX_RPM: f64 = 30000;
export const MAX_CYLINDERS: i32 = 1 << 24;
export const MAX_HEADS: i32 = 256;
export const MAX_ZONES: i32 = 1024;
export const MAX_SECTORS_PER_TRACK: i32 = 65536;
export const MAX_SECTORS: u64 = <u64>1 << 40; // capacity at most 2^49 bytes
export const MAX_NS: f64 = 1e12; // each seek coefficient and the head switch time: below 10^12 ns

const SECTOR_SHIFT: u64 = 9;

// Zone table: 16 bytes per zone.
const Z_FIRST_LBA = 0; // u64: the zone's first LBA
const Z_FIRST_CYL = 8; // u32: its first cylinder
const Z_SPT = 12; // u32: sectors per track
const ZONE_BYTES: i32 = 16;
const ZONES_PTR: usize = memory.data(MAX_ZONES * ZONE_BYTES, 16);

// Configuration (valid once configured)
let configured = false;
let nHeads: i32 = 1;
let nZones: i32 = 1;
let totalSectors: u64 = 0;
let rev: f64 = 0; // R: cycles per revolution
let seekA: f64 = 0; // Lee's a, b, c and the head switch, in cycles
let seekB: f64 = 0;
let seekC: f64 = 0;
let headSwitch: f64 = 0;

// Drive state
let armCylinder: i32 = 0;
let armHead: i32 = 0;
let busyUntil: u64 = 0;
let havePrevious = false;
let previousRead = false;
let previousEnd: u64 = 0; // the LBA after the previous request's last sector

// Where an LBA is (set by locate)
let atCylinder: i32 = 0;
let atHead: i32 = 0;
let atSector: i32 = 0;
let atSpt: i32 = 1;

// @ts-ignore: decorator
@inline function zonePtr(z: i32): usize {
  return ZONES_PTR + (<usize>z << 4);
}

/** Validate and store the drive's parameters (no allocation); OK or an error code. */
export function configureHdd(
  rpm: f64, cylinders: i32, heads: i32, zones: i32, outerSectorsPerTrack: i32, innerSectorsPerTrack: i32,
  seekANs: f64, seekBNs: f64, seekCNs: f64, headSwitchNs: f64, coreMHz: f64,
): i32 {
  configured = false;
  if (!(rpm >= MIN_RPM && rpm <= MAX_RPM)) return E.ERR_HDD_GEOMETRY;
  if (cylinders < 1 || cylinders > MAX_CYLINDERS || heads < 1 || heads > MAX_HEADS) return E.ERR_HDD_GEOMETRY;
  if (zones < 1 || zones > MAX_ZONES || zones > cylinders) return E.ERR_HDD_GEOMETRY;
  const outer = outerSectorsPerTrack, inner = innerSectorsPerTrack;
  if (inner < 1 || outer < inner || outer > MAX_SECTORS_PER_TRACK) return E.ERR_HDD_GEOMETRY;
  if (!(seekANs >= 0 && seekANs < MAX_NS) || !(seekBNs >= 0 && seekBNs < MAX_NS) ||
      !(seekCNs >= 0 && seekCNs < MAX_NS) || !(headSwitchNs >= 0 && headSwitchNs < MAX_NS)) return E.ERR_HDD_TIMING;
  if (!(coreMHz >= 1 && coreMHz <= 1e6)) return E.ERR_HDD_TIMING;

  // The zone table (at most 2^24 x 256 x 65536 sectors before the check: fits a u64).
  const perZone = cylinders / zones;
  let lba: u64 = 0;
  for (let z = 0; z < zones; z++) {
    const spt = zones == 1
      ? outer
      : <i32>floor(<f64>outer - <f64>(outer - inner) * <f64>z / <f64>(zones - 1) + 0.5);
    const cyls = z == zones - 1 ? cylinders - z * perZone : perZone;
    const p = zonePtr(z);
    store<u64>(p + Z_FIRST_LBA, lba);
    store<u32>(p + Z_FIRST_CYL, <u32>(z * perZone));
    store<u32>(p + Z_SPT, <u32>spt);
    lba += <u64>cyls * <u64>heads * <u64>spt;
  }
  if (lba > MAX_SECTORS) return E.ERR_HDD_GEOMETRY;

  nHeads = heads;
  nZones = zones;
  totalSectors = lba;
  rev = 60e9 / rpm * coreMHz / 1000;
  seekA = seekANs * coreMHz / 1000;
  seekB = seekBNs * coreMHz / 1000;
  seekC = seekCNs * coreMHz / 1000;
  headSwitch = headSwitchNs * coreMHz / 1000;
  configured = true;
  initHdd();
  return E.OK;
}

export function hddConfigured(): bool {
  return configured;
}

/** Bytes the drive holds (512-byte sectors). */
export function hddCapacity(): u64 {
  return configured ? totalSectors << SECTOR_SHIFT : 0;
}

/** Reset the drive's state: arm at cylinder 0, head 0, idle, at time 0; false when memory is exhausted. */
export function initHdd(): bool {
  armCylinder = 0;
  armHead = 0;
  busyUntil = 0;
  havePrevious = false;
  previousRead = false;
  previousEnd = 0;
  return true;
}

/** Set atCylinder, atHead, atSector and atSpt for an LBA below totalSectors. */
function locate(lba: u64): void {
  // The last zone whose first LBA is <= lba.
  let lo = 0, hi = nZones - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (load<u64>(zonePtr(mid) + Z_FIRST_LBA) <= lba) lo = mid;
    else hi = mid - 1;
  }
  const p = zonePtr(lo);
  const spt = <u64>load<u32>(p + Z_SPT);
  const rel = lba - load<u64>(p + Z_FIRST_LBA);
  const track = rel / spt; // tracks into the zone
  atCylinder = <i32>load<u32>(p + Z_FIRST_CYL) + <i32>(track / <u64>nHeads);
  atHead = <i32>(track % <u64>nHeads);
  atSector = <i32>(rel - track * spt);
  atSpt = <i32>spt;
}

/** Lee's seek time over d cylinders, in cycles (0 for d = 0). */
function seekTime(d: i32): f64 {
  if (d == 0) return 0;
  const k = <f64>(d - 1);
  return seekA * sqrt(k) + seekB * k + seekC;
}

/**
 * Cycles from time t until sector s of a track of spt sectors starts under the
 * head. A sector that started less than one cycle ago counts as under the head
 * (no wait): that absorbs float rounding and the rounding of completions up
 * to whole cycles.
 */
function rotationWait(t: f64, s: i32, spt: i32): f64 {
  const turns = t / rev;
  const angle = turns - floor(turns);
  let delta = <f64>s / <f64>spt - angle;
  if (delta < 0) delta += 1;
  const wait = delta * rev;
  return wait > rev - 1 ? 0 : wait;
}

/** One request of `bytes` at byte `offset` (in range), issued at core cycle `now`; cycles until it completes. */
export function hddRequest(offset: u64, bytes: u32, write: bool, now: u64): u64 {
  const first = offset >> SECTOR_SHIFT;
  const end = ((offset + <u64>max<u32>(bytes, 1) - 1) >> SECTOR_SHIFT) + 1;
  const start = max<u64>(now, busyUntil);
  const streamed = !write && havePrevious && previousRead && first == previousEnd;

  let t = <f64>start;
  let seekPart: f64 = 0, rotationPart: f64 = 0, transferPart: f64 = 0;
  let seeked = false;
  let lba = first;
  locate(lba);
  if (!streamed) {
    let move: f64 = 0;
    if (atCylinder != armCylinder) {
      move = seekTime(abs<i32>(atCylinder - armCylinder));
      seeked = true;
    } else if (atHead != armHead) {
      move = headSwitch;
    }
    t += move;
    seekPart += move;
    const wait = rotationWait(t, atSector, atSpt);
    t += wait;
    rotationPart += wait;
  }
  while (true) {
    const n = min<u64>(end - lba, <u64>(atSpt - atSector));
    const transfer = <f64>n * rev / <f64>atSpt;
    t += transfer;
    transferPart += transfer;
    armCylinder = atCylinder;
    armHead = atHead;
    lba += n;
    if (lba >= end) break;
    locate(lba); // sector 0 of the next track: the next head, or the next cylinder's head 0
    if (!streamed) {
      let move = headSwitch;
      if (atCylinder != armCylinder) {
        move = seekTime(1);
        seeked = true;
      }
      t += move;
      seekPart += move;
      const wait = rotationWait(t, 0, atSpt);
      t += wait;
      rotationPart += wait;
    }
  }

  const completion = <u64>ceil(t);
  busyUntil = completion;
  havePrevious = true;
  previousRead = !write;
  previousEnd = end;

  // The service time (completion - start) split so that its three parts add up:
  // seek ceil(S), rotation ceil(S + W) - ceil(S), transfer the rest.
  const service = completion - start;
  const seekCycles = min<u64>(<u64>ceil(seekPart), service);
  const upToTransfer = min<u64>(<u64>ceil(seekPart + rotationPart), service);
  if (seeked) bump(G_HDD_SEEKS);
  bump(G_HDD_SEEK_CYCLES, seekCycles);
  bump(G_HDD_ROTATION_CYCLES, upToTransfer - seekCycles);
  bump(G_HDD_TRANSFER_CYCLES, service - upToTransfer);
  return completion - now;
}
