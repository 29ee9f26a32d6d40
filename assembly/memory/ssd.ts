// The SSD model (docs/ssd.md): MQSim-shaped flash behind a page-mapping FTL
// with static striping, greedy foreground garbage collection and
// over-provisioning. Every time is an integer number of core cycles; the state
// lives in arena memory (layout.reserve) laid out by initSsd, and nothing is
// allocated per request.
//
// Geometry. The mapping unit is 4 KiB. P = channels x diesPerChannel x
// planesPerDie planes; plane p sits on channel p % channels. A plane has
// blocksPerPlane blocks of pagesPerBlock flash pages of pageBytes / 4096
// units. Logical unit l lives in plane l % P, always (GC stays in the plane).
// Physical unit numbers run plane by plane, block by block, page by page:
//   phys = (plane x blocksPerPlane + block) x unitsPerBlock + page x unitsPerPage + slot
//
// Time. ns become core cycles once, at configuration: ceil(ns x MHz / 1000).
// Each plane and each channel is busy until a core cycle; a request's units
// are all issued at `now`, in logical order, and its latency is the last
// unit's completion minus `now`.
//   read   unmapped, or still in the plane's open (unprogrammed) page: the
//          channel transfer only; else tRead on the plane, then the transfer.
//   write  the transfer; the unit is appended to the plane's open page. The
//          write that fills a page waits for its program (tProg on the plane)
//          and for any GC that the program's block switch triggered.
// GC (foreground, greedy): when the plane takes a new open block and fewer
// than max(2, ceil(gcThreshold x blocksPerPlane)) blocks are left free, it
// picks the full block with the fewest valid units (lowest index on ties),
// reads its pages that hold valid units, rewrites those units into the open
// page, erases the block and frees it, until enough blocks are free. Every
// step is serial on the plane's busy time. configureSsd rejects geometries in
// which the fullest plane's data could make that target unreachable, so GC
// always finds a victim with an invalid unit and always ends (docs/ssd.md).

import { reserve } from "../layout";
import { bump, G_SSD_PROGRAMS, G_SSD_GC_COPIES, G_SSD_ERASES } from "../stats";
import * as E from "../errors";

const UNIT_SHIFT: u64 = 12; // 4 KiB mapping unit
const UNIT_BYTES: i32 = 4096;
const MAX_PAGE_BYTES: i32 = 65536;
const MAX_UNITS: f64 = 33554432; // 2^25 physical units
const MIN_BLOCKS: i32 = 8;
const MAX_TIME: f64 = 1e12; // ns (latencies) and MB/s (channel rate): below this

const NONE: u32 = 0xFFFF_FFFF; // an unmapped L2P / empty P2L entry
const FREE: u32 = 0xFFFF_FFFF; // the valid count of a free block (never a GC victim)

// Per-plane state: 32 bytes per plane.
const PL_BUSY = 0; // u64: the plane is busy until this core cycle
const PL_OPEN = 8; // u32: open block (index within the plane)
const PL_PAGE = 12; // u32: next page to program in the open block
const PL_SLOT = 16; // u32: units already in that page (its register)
const PL_FREE = 20; // u32: free blocks (entries of the plane's free stack)
const PLANE_BYTES: usize = 32;

// Parameters (valid once configured)
let configured = false;
let ready = false; // initSsd has laid out the state for the configured geometry
let nChannels: u32 = 1;
let nPlanes: u32 = 1;
let blocks: u32 = 8; // per plane
let pages: u32 = 1; // per block
let unitsPerPage: u32 = 1;
let unitsPerBlock: u32 = 1;
let physUnits: u64 = 0;
let logUnits: u64 = 0;
let fillUnits: u64 = 0;
let gcFree: u32 = 2; // GC runs while a plane has fewer free blocks than this
let tRead: u64 = 1;
let tProg: u64 = 1;
let tErase: u64 = 1;
let tXfer: u64 = 1; // one 4 KiB unit over the channel

// State (arena pointers, valid once ready)
let l2pPtr: usize = 0; // u32 per logical unit: physical unit or NONE
let p2lPtr: usize = 0; // u32 per physical unit: logical unit or NONE
let validPtr: usize = 0; // u32 per block (plane-major): valid units, FREE for a free block
let stackPtr: usize = 0; // u32 per block: each plane's free stack (top at PL_FREE - 1)
let planePtr: usize = 0; // PLANE_BYTES per plane
let chanPtr: usize = 0; // u64 per channel: busy until

/** ceil(ns x MHz / 1000) core cycles, at least 1. */
function cyclesOf(ns: f64, mhz: f64): u64 {
  const c = Math.ceil(ns * mhz / 1000);
  return c < 1 ? 1 : <u64>c;
}

// @ts-ignore: decorator
@inline function goodTime(x: f64): bool {
  return x > 0 && x < MAX_TIME; // false for NaN and infinities
}

/** Validate and store the SSD's parameters (no allocation); OK or an error code. */
export function configureSsd(
  channels: i32, diesPerChannel: i32, planesPerDie: i32, blocksPerPlane: i32, pagesPerBlock: i32, pageBytes: i32,
  readNs: f64, programNs: f64, eraseNs: f64, channelMBps: f64,
  overProvision: f64, gcThreshold: f64, fill: f64, coreMHz: f64,
): i32 {
  configured = false;
  ready = false;
  if (channels < 1 || diesPerChannel < 1 || planesPerDie < 1 || blocksPerPlane < MIN_BLOCKS || pagesPerBlock < 1) {
    return E.ERR_SSD_GEOMETRY;
  }
  if (pageBytes < UNIT_BYTES || pageBytes > MAX_PAGE_BYTES || pageBytes % UNIT_BYTES != 0) return E.ERR_SSD_GEOMETRY;
  const upp = pageBytes / UNIT_BYTES;
  // In f64 so that no product overflows; every factor is at least 1.
  const planesF = <f64>channels * <f64>diesPerChannel * <f64>planesPerDie;
  const physF = planesF * <f64>blocksPerPlane * <f64>pagesPerBlock * <f64>upp;
  if (physF > MAX_UNITS) return E.ERR_SSD_GEOMETRY;
  if (!goodTime(readNs) || !goodTime(programNs) || !goodTime(eraseNs) || !goodTime(channelMBps)) return E.ERR_SSD_TIMING;
  if (!(coreMHz >= 1 && coreMHz <= 1e6)) return E.ERR_SSD_TIMING;
  if (!(overProvision >= 0.02 && overProvision <= 0.5)) return E.ERR_SSD_SPACE;
  if (!(gcThreshold > 0 && gcThreshold <= 0.25)) return E.ERR_SSD_SPACE;
  if (!(fill >= 0 && fill <= 1)) return E.ERR_SSD_SPACE;
  const planes = <u64>planesF;
  const phys = <u64>physF;
  const logical = <u64>Math.floor(physF * (1 - overProvision));
  const perBlock = <u64>pagesPerBlock * <u64>upp;
  const gcT = <u64>max<f64>(2, Math.ceil(gcThreshold * <f64>blocksPerPlane));
  // The fullest plane's units must fit in fewer than (blocks - gcT) blocks:
  // then GC always has a victim with an invalid unit and reaches its target.
  const fullest = (logical + planes - 1) / planes;
  if (gcT >= <u64>blocksPerPlane || fullest >= (<u64>blocksPerPlane - gcT) * perBlock) return E.ERR_SSD_SPACE;
  nChannels = <u32>channels;
  nPlanes = <u32>planes;
  blocks = <u32>blocksPerPlane;
  pages = <u32>pagesPerBlock;
  unitsPerPage = <u32>upp;
  unitsPerBlock = <u32>perBlock;
  physUnits = phys;
  logUnits = logical;
  fillUnits = <u64>Math.floor(fill * <f64>logical);
  gcFree = <u32>gcT;
  tRead = cyclesOf(readNs, coreMHz);
  tProg = cyclesOf(programNs, coreMHz);
  tErase = cyclesOf(eraseNs, coreMHz);
  tXfer = cyclesOf(<f64>UNIT_BYTES * 1000 / channelMBps, coreMHz);
  configured = true;
  return E.OK;
}

export function ssdConfigured(): bool {
  return configured;
}

/** Logical bytes the host can address (a multiple of 4096). */
export function ssdCapacity(): u64 {
  return configured ? logUnits << UNIT_SHIFT : 0;
}

// @ts-ignore: decorator
@inline function plane(p: u32): usize {
  return planePtr + <usize>p * PLANE_BYTES;
}

// @ts-ignore: decorator
@inline function validAt(gb: u32): usize {
  return validPtr + (<usize>gb << 2);
}

// @ts-ignore: decorator
@inline function l2pAt(l: u64): usize {
  return l2pPtr + (<usize>l << 2);
}

// @ts-ignore: decorator
@inline function p2lAt(u: u64): usize {
  return p2lPtr + (<usize>u << 2);
}

// @ts-ignore: decorator
@inline function chanAt(p: u32): usize {
  return chanPtr + (<usize>(p % nChannels) << 3);
}

// @ts-ignore: decorator
@inline function max64(a: u64, b: u64): u64 {
  return a > b ? a : b;
}

/** Allocate (layout.reserve) and precondition the FTL state at time 0; false when memory is exhausted. */
export function initSsd(): bool {
  ready = false;
  if (!configured) return false;
  const nBlocks = <usize>nPlanes * <usize>blocks;
  l2pPtr = reserve(<usize>logUnits << 2);
  p2lPtr = reserve(<usize>physUnits << 2);
  validPtr = reserve(nBlocks << 2);
  stackPtr = reserve(nBlocks << 2);
  planePtr = reserve(<usize>nPlanes * PLANE_BYTES);
  chanPtr = reserve(<usize>nChannels << 3);
  if (l2pPtr == 0 || p2lPtr == 0 || validPtr == 0 || stackPtr == 0 || planePtr == 0 || chanPtr == 0) return false;
  memory.fill(l2pPtr, 0xFF, <usize>logUnits << 2);
  memory.fill(p2lPtr, 0xFF, <usize>physUnits << 2);
  memory.fill(chanPtr, 0, <usize>nChannels << 3);
  // Preconditioning: logical units [0, fillUnits) written in order, no time.
  // The k-th unit of plane p lands at the plane's k-th physical unit (blocks
  // are taken from block 0 upward and nothing is erased yet).
  for (let l: u64 = 0; l < fillUnits; l++) {
    const p = <u32>(l % <u64>nPlanes);
    const u = <u64>p * <u64>blocks * <u64>unitsPerBlock + l / <u64>nPlanes;
    store<u32>(l2pAt(l), <u32>u);
    store<u32>(p2lAt(u), <u32>l);
  }
  for (let p: u32 = 0; p < nPlanes; p++) {
    // Units of plane p among [0, fillUnits): those l with l % P == p.
    const k = fillUnits > <u64>p ? <u32>((fillUnits - <u64>p + <u64>nPlanes - 1) / <u64>nPlanes) : 0;
    const open = k / unitsPerBlock; // a block that fills exactly hands over to the next one
    const inOpen = k % unitsPerBlock;
    const base = p * blocks;
    for (let b: u32 = 0; b < blocks; b++) {
      store<u32>(validAt(base + b), b < open ? unitsPerBlock : b == open ? inOpen : FREE);
    }
    // Free blocks pop in increasing order: the stack holds blocks-1 .. open+1, top last.
    const nFree = blocks - 1 - open; // >= gcFree: configureSsd bounds the fullest plane
    for (let i: u32 = 0; i < nFree; i++) store<u32>(stackPtr + (<usize>(base + i) << 2), blocks - 1 - i);
    const pl = plane(p);
    store<u64>(pl + PL_BUSY, 0);
    store<u32>(pl + PL_OPEN, open);
    store<u32>(pl + PL_PAGE, inOpen / unitsPerPage);
    store<u32>(pl + PL_SLOT, inOpen % unitsPerPage);
    store<u32>(pl + PL_FREE, nFree);
  }
  ready = true;
  return true;
}

/**
 * Put logical unit `l` into plane `p`'s open page. When that fills the page,
 * program it (from `ready` or when the plane is free, whichever is later) and
 * return true; when the program ends the block, open the next free block and,
 * for a host write (`host`), run GC if the plane is short of free blocks.
 */
function append(p: u32, l: u32, dataAt: u64, host: bool): bool {
  const pl = plane(p);
  const open = load<u32>(pl + PL_OPEN);
  const page = load<u32>(pl + PL_PAGE);
  const slot = load<u32>(pl + PL_SLOT);
  const gb = p * blocks + open;
  const u = <u64>gb * <u64>unitsPerBlock + <u64>(page * unitsPerPage + slot);
  store<u32>(l2pAt(<u64>l), <u32>u);
  store<u32>(p2lAt(u), l);
  store<u32>(validAt(gb), load<u32>(validAt(gb)) + 1);
  if (slot + 1 < unitsPerPage) {
    store<u32>(pl + PL_SLOT, slot + 1);
    return false;
  }
  store<u32>(pl + PL_SLOT, 0);
  store<u64>(pl + PL_BUSY, max64(dataAt, load<u64>(pl + PL_BUSY)) + tProg);
  bump(G_SSD_PROGRAMS);
  if (page + 1 < pages) {
    store<u32>(pl + PL_PAGE, page + 1);
    return true;
  }
  store<u32>(pl + PL_PAGE, 0);
  // Take a free block. Outside GC a plane keeps at least gcFree >= 2 free
  // blocks, and GC only takes one while it has units left to place, which the
  // free space always covers (docs/ssd.md), so the stack is never empty here.
  const nFree = load<u32>(pl + PL_FREE) - 1;
  const next = load<u32>(stackPtr + (<usize>(p * blocks + nFree) << 2));
  store<u32>(pl + PL_FREE, nFree);
  store<u32>(pl + PL_OPEN, next);
  store<u32>(validAt(p * blocks + next), 0);
  if (host) {
    while (load<u32>(pl + PL_FREE) < gcFree) collect(p);
  }
  return true;
}

/** One greedy GC round on plane `p`: move the victim's valid units, erase it, free it. */
function collect(p: u32): void {
  const pl = plane(p);
  const open = load<u32>(pl + PL_OPEN);
  const base = p * blocks;
  // The full block with the fewest valid units; free blocks hold FREE and lose.
  let victim: u32 = open == 0 ? 1 : 0;
  let best: u32 = load<u32>(validAt(base + victim));
  for (let b: u32 = victim + 1; b < blocks; b++) {
    if (b == open) continue;
    const v = load<u32>(validAt(base + b));
    if (v < best) {
      best = v;
      victim = b;
    }
  }
  const first = <u64>(base + victim) * <u64>unitsPerBlock;
  // Read every flash page that holds a valid unit.
  let reads: u64 = 0;
  for (let pg: u32 = 0; pg < pages; pg++) {
    const at = first + <u64>(pg * unitsPerPage);
    for (let s: u32 = 0; s < unitsPerPage; s++) {
      if (load<u32>(p2lAt(at + <u64>s)) != NONE) {
        reads++;
        break;
      }
    }
  }
  store<u64>(pl + PL_BUSY, load<u64>(pl + PL_BUSY) + reads * tRead);
  // Rewrite the valid units, in physical order, into the open page.
  for (let i: u32 = 0; i < unitsPerBlock; i++) {
    const u = first + <u64>i;
    const l = load<u32>(p2lAt(u));
    if (l == NONE) continue;
    store<u32>(p2lAt(u), NONE);
    append(p, l, 0, false);
    bump(G_SSD_GC_COPIES);
  }
  store<u64>(pl + PL_BUSY, load<u64>(pl + PL_BUSY) + tErase);
  bump(G_SSD_ERASES);
  store<u32>(validAt(base + victim), FREE);
  const nFree = load<u32>(pl + PL_FREE);
  store<u32>(stackPtr + (<usize>(base + nFree) << 2), victim);
  store<u32>(pl + PL_FREE, nFree + 1);
}

function readUnit(l: u64, now: u64): u64 {
  const p = <u32>(l % <u64>nPlanes);
  const u = load<u32>(l2pAt(l));
  let dataAt = now;
  if (u != NONE) {
    const pl = plane(p);
    const uu = <u64>u;
    const gb = <u32>(uu / <u64>unitsPerBlock);
    const page = <u32>(uu % <u64>unitsPerBlock) / unitsPerPage;
    const inRegister = gb == p * blocks + load<u32>(pl + PL_OPEN) && page == load<u32>(pl + PL_PAGE);
    if (!inRegister) {
      dataAt = max64(now, load<u64>(pl + PL_BUSY)) + tRead;
      store<u64>(pl + PL_BUSY, dataAt);
    }
  }
  const ch = chanAt(p);
  const end = max64(dataAt, load<u64>(ch)) + tXfer;
  store<u64>(ch, end);
  return end;
}

function writeUnit(l: u64, now: u64): u64 {
  const p = <u32>(l % <u64>nPlanes);
  const ch = chanAt(p);
  const end = max64(now, load<u64>(ch)) + tXfer;
  store<u64>(ch, end);
  const old = load<u32>(l2pAt(l));
  if (old != NONE) {
    const gb = <u32>(<u64>old / <u64>unitsPerBlock);
    store<u32>(validAt(gb), load<u32>(validAt(gb)) - 1);
    store<u32>(p2lAt(<u64>old), NONE);
  }
  if (append(p, <u32>l, end, true)) return load<u64>(plane(p) + PL_BUSY);
  return end;
}

/** One request of `bytes` at byte `offset` (in range), issued at core cycle `now`; cycles until it completes. */
export function ssdRequest(offset: u64, bytes: u32, write: bool, now: u64): u64 {
  if (!ready || bytes == 0) return 0;
  const first = offset >> UNIT_SHIFT;
  let last = (offset + <u64>bytes - 1) >> UNIT_SHIFT;
  if (last >= logUnits) last = logUnits - 1; // the caller checks the range; never step outside the table
  let done = now;
  for (let l = first; l <= last; l++) {
    const end = write ? writeUnit(l, now) : readUnit(l, now);
    if (end > done) done = end;
  }
  return done - now;
}
