// The SSD model (assembly/memory/ssd.ts, docs/ssd.md) through storageIo, on a
// machine with no caches. Latencies and counters are checked against an
// independent reference (tests/oracle/ssd.ts) under seeded random mixes, and
// against closed forms computed here from the documented conversions.

import { describe, it, expect } from "vitest";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import {
  SSD_PRESETS, SSD_PRESET_NAMES, ssdPreset, validateSsd, applySsd, describeSsd, ssdGeometry, type SsdConfig,
} from "../host/config/ssd.js";
import { ConfigError } from "../host/config/level.js";
import { SsdOracle } from "./oracle/ssd.js";
import { mulberry32 as rng } from "./helpers/random.js";

const UNIT = 4096;
const ERR_SSD_GEOMETRY = -60;
const ERR_SSD_TIMING = -61;
const ERR_SSD_SPACE = -62;
const ERR_STORAGE_RANGE = -66;

/** A small drive: 2 channels x 1 die x 2 planes, 12 blocks of 8 pages of 8 KiB (16 units per block). */
function small(overrides: Partial<SsdConfig> = {}): SsdConfig {
  return {
    kind: "ssd", name: "small",
    channels: 2, diesPerChannel: 1, planesPerDie: 2, blocksPerPlane: 12, pagesPerBlock: 8, pageBytes: 8192,
    readNs: 50_000, programNs: 500_000, eraseNs: 3_000_000, channelMBps: 800,
    overProvision: 0.2, gcThreshold: 0.05, fill: 0.5,
    ...overrides,
  };
}

/** A core with no caches, the fixed memory model and this SSD, initialised at time 0. */
function machine(c: SsdConfig, coreMHz = 1000, core: Core = loadCore()): Core {
  const e = core.exports;
  e.resetMachine();
  core.check(e.setMemoryLatency(100, 0));
  core.check(e.setMemoryModel(0));
  applySsd(core, c, coreMHz);
  e.setClassify(0);
  core.check(e.initMachine(0));
  return core;
}

function io(core: Core, offset: number, bytes: number, write: boolean, at: number): number {
  return core.check(core.exports.storageIo(offset, bytes, write ? 1 : 0, at));
}

function ssdCounters(core: Core) {
  const c = core.counters();
  const g = (n: string) => Number(core.global(c, n));
  return { programs: g("ssdPrograms"), gcCopies: g("ssdGcCopies"), erases: g("ssdErases") };
}


interface Req { offset: number; bytes: number; write: boolean; at: number }

/** Reads and writes of 1 byte to 40 KiB, aligned or not, some at once, some after a pause. */
function randomMix(seed: number, capacity: number, n: number, writeShare: number): Req[] {
  const r = rng(seed);
  const out: Req[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const units = capacity / UNIT;
    const aligned = r() < 0.7;
    const bytes = aligned ? UNIT * (1 + Math.floor(r() * (r() < 0.9 ? 2 : 10))) : 1 + Math.floor(r() * 3 * UNIT);
    let offset = aligned ? Math.floor(r() * units) * UNIT : Math.floor(r() * capacity);
    offset = Math.min(offset, capacity - bytes);
    const gap = r();
    at += gap < 0.5 ? 0 : gap < 0.9 ? Math.floor(r() * 20_000) : Math.floor(r() * 5_000_000);
    out.push({ offset, bytes, write: r() < writeShare, at });
  }
  return out;
}

describe("against the reference model", () => {
  const MHZ = 1000;
  const cases: { name: string; c: SsdConfig; seed: number; writeShare: number }[] = [
    { name: "fill 0", c: small({ fill: 0 }), seed: 1, writeShare: 0.7 },
    { name: "fill 0.5", c: small({ fill: 0.5 }), seed: 2, writeShare: 0.6 },
    { name: "fill 0.9", c: small({ fill: 0.9 }), seed: 3, writeShare: 0.6 },
    { name: "fill 1, 4 KiB pages", c: small({ fill: 1, pageBytes: 4096, pagesPerBlock: 16 }), seed: 4, writeShare: 0.8 },
    {
      name: "fill 0.7, one channel, 16 blocks, GC threshold 0.25",
      c: small({ channels: 1, planesPerDie: 3, blocksPerPlane: 16, pageBytes: 16384, overProvision: 0.3, gcThreshold: 0.25, fill: 0.7 }),
      seed: 5, writeShare: 0.75,
    },
  ];
  for (const { name, c, seed, writeShare } of cases) {
    it(`${name}: identical latencies and counters, many GC rounds`, () => {
      validateSsd(c);
      const core = machine(c, MHZ);
      const ref = new SsdOracle(c, MHZ);
      expect(core.exports.storageCapacity()).toBe(ref.capacity);
      const reqs = randomMix(seed, ref.capacity, 4000, writeShare);
      const got: number[] = [];
      const want: number[] = [];
      for (const q of reqs) {
        got.push(io(core, q.offset, q.bytes, q.write, q.at));
        want.push(ref.request(q.offset, q.bytes, q.write, q.at));
      }
      const firstDiff = got.findIndex((v, i) => v !== want[i]);
      expect(firstDiff, `first difference at request ${firstDiff}`).toBe(-1);
      const k = ssdCounters(core);
      expect(k).toEqual({ programs: ref.programs, gcCopies: ref.gcCopies, erases: ref.erases });
      expect(k.erases).toBeGreaterThan(50);
      expect(k.gcCopies).toBeGreaterThan(0);
      // GC kept its promise: every plane ends with at least the target of free blocks.
      for (const f of ref.freeBlocks()) expect(f).toBeGreaterThanOrEqual(ref.gcTarget);
    });
  }

  it("initMachine re-initialises the drive completely", () => {
    const c = small({ fill: 0.8 });
    const reqs = randomMix(9, ssdGeometry(c).capacity, 1500, 0.7);
    const core = machine(c, MHZ);
    const first = reqs.map((q) => io(core, q.offset, q.bytes, q.write, q.at));
    const k1 = ssdCounters(core);
    core.check(core.exports.initMachine(0));
    const second = reqs.map((q) => io(core, q.offset, q.bytes, q.write, q.at));
    expect(second).toEqual(first);
    expect(ssdCounters(core)).toEqual(k1);
  });
});

describe("closed forms", () => {
  const MHZ = 3000;
  const cyc = (ns: number) => Math.ceil((ns * MHZ) / 1000);

  it("ssd-nvme: an idle 4 KiB read is tRead + one transfer, 50-100 us; an unmapped read is one transfer", () => {
    const d = ssdPreset("ssd-nvme");
    const core = machine(d, MHZ);
    const g = ssdGeometry(d);
    const xfer = cyc((UNIT * 1000) / d.channelMBps);
    const read = io(core, 0, UNIT, false, 0);
    expect(read).toBe(cyc(d.readNs) + xfer);
    expect(read / MHZ).toBeGreaterThanOrEqual(50);
    expect(read / MHZ).toBeLessThanOrEqual(100);
    // Beyond the preconditioned region, on an idle channel.
    const unmapped = (g.logicalUnits - 1) * UNIT;
    expect(io(core, unmapped, UNIT, false, 10_000_000)).toBe(xfer);
    expect(core.exports.storageCapacity()).toBe(g.capacity);
    expect(g.physicalUnits).toBeLessThanOrEqual(2 ** 22);
  });

  it("ssd-sata: an idle 4 KiB read is tRead + one transfer", () => {
    const d = ssdPreset("ssd-sata");
    const core = machine(d, MHZ);
    expect(io(core, 0, UNIT, false, 0)).toBe(cyc(d.readNs) + cyc((UNIT * 1000) / d.channelMBps));
  });

  it("a write costs one transfer unless it fills a page, which waits for the program", () => {
    const c = small({ fill: 0, pageBytes: 16384 }); // 4 units per page
    const core = machine(c, MHZ);
    const P = ssdGeometry(c).planes;
    const xfer = cyc((UNIT * 1000) / c.channelMBps);
    // Units 0, P, 2P, 3P share plane 0's first page; each issued on an idle drive.
    const got = [0, 1, 2, 3].map((i) => io(core, i * P * UNIT, UNIT, true, i * 1e8));
    expect(got).toEqual([xfer, xfer, xfer, xfer + cyc(c.programNs)]);
    // Reading a unit still in an open page register costs the transfer only.
    expect(io(core, P * 4 * UNIT, UNIT, true, 1e9)).toBe(xfer);
    expect(io(core, P * 4 * UNIT, UNIT, false, 2e9)).toBe(xfer);
    // A programmed unit costs the flash read.
    expect(io(core, 0, UNIT, false, 3e9)).toBe(cyc(c.readNs) + xfer);
    expect(ssdCounters(core)).toEqual({ programs: 1, gcCopies: 0, erases: 0 });
  });

  it("a multi-unit request issues every unit at once: latency is the slowest unit", () => {
    const c = small({ fill: 1 });
    const core = machine(c, MHZ);
    const ref = new SsdOracle(c, MHZ);
    // 2 planes per channel: 8 units = 2 units per plane, 4 per channel.
    const xfer = cyc((UNIT * 1000) / c.channelMBps);
    const tR = cyc(c.readNs);
    const got = io(core, 0, 8 * UNIT, false, 0);
    expect(got).toBe(ref.request(0, 8 * UNIT, false, 0));
    // Each plane reads its two units back to back; both second units then share channel 0.
    expect(tR).toBeGreaterThan(2 * xfer);
    expect(got).toBe(2 * tR + 2 * xfer);
  });

  it("write amplification is 1 without GC and above 1 once GC runs", () => {
    const c = small({ fill: 0 });
    const g = ssdGeometry(c);
    const core = machine(c, MHZ);
    // Whole pages of fresh units, in order: no overwrite, no GC.
    const units = 4 * g.planes * g.unitsPerPage;
    for (let i = 0; i < units; i++) io(core, i * UNIT, UNIT, true, i * 1e7);
    let k = ssdCounters(core);
    expect(k.gcCopies).toBe(0);
    expect((k.programs * g.unitsPerPage) / units).toBe(1);
    // A full drive overwritten at random garbage-collects.
    const full = machine(small({ fill: 1 }), MHZ);
    const r = rng(11);
    const n = 3000;
    for (let i = 0; i < n; i++) io(full, Math.floor(r() * g.logicalUnits) * UNIT, UNIT, true, i * 1e6);
    k = ssdCounters(full);
    expect(k.erases).toBeGreaterThan(0);
    expect((k.programs * g.unitsPerPage) / n).toBeGreaterThan(1.2);
    expect(k.programs * g.unitsPerPage).toBeGreaterThanOrEqual(n - g.planes * g.unitsPerPage + k.gcCopies);
  });

  it("writes slow down as the drive fills", () => {
    const mean = (fill: number) => {
      const c = small({ fill });
      const g = ssdGeometry(c);
      const core = machine(c, MHZ);
      const r = rng(21);
      const region = Math.floor(0.2 * g.logicalUnits);
      let sum = 0;
      const n = 2000;
      for (let i = 0; i < n; i++) sum += io(core, Math.floor(r() * region) * UNIT, UNIT, true, i * 200_000);
      return { mean: sum / n, erases: ssdCounters(core).erases };
    };
    const low = mean(0.2);
    const high = mean(0.95);
    expect(high.mean).toBeGreaterThan(low.mean * 1.5);
    expect(high.erases).toBeGreaterThan(0);
  });

  it("GC always progresses at the least over-provisioning the model accepts", () => {
    // 8 blocks per plane, GC threshold 0.25: two free blocks to keep.
    const base = small({ blocksPerPlane: 8, gcThreshold: 0.25, fill: 1 });
    const ok = (op: number) => {
      try {
        validateSsd({ ...base, overProvision: op });
        return true;
      } catch {
        return false;
      }
    };
    let op = 0.02;
    while (!ok(op)) op = Math.round((op + 0.001) * 1000) / 1000;
    expect(op).toBeGreaterThan(0.02);
    const c = { ...base, overProvision: op };
    const g = ssdGeometry(c);
    // The guarantee: the fullest plane's data fits in fewer than (blocks - target) blocks,
    // so a GC round always finds a full block with an invalid unit.
    expect(g.fullestPlaneUnits).toBeLessThan((c.blocksPerPlane - g.gcFreeBlocks) * g.unitsPerBlock);
    const core = machine(c, MHZ);
    const ref = new SsdOracle(c, MHZ); // throws if GC ever lacks a victim or a free block
    const r = rng(31);
    for (let i = 0; i < 3000; i++) {
      const off = Math.floor(r() * g.logicalUnits) * UNIT;
      expect(io(core, off, UNIT, true, i * 1e6)).toBe(ref.request(off, UNIT, true, i * 1e6));
    }
    expect(ssdCounters(core).erases).toBe(ref.erases);
    expect(ref.erases).toBeGreaterThan(100);
    // One step less over-provisioning is refused by the core as well.
    const less = { ...c, overProvision: Math.round((op - 0.001) * 1000) / 1000 };
    expect(() => validateSsd(less)).toThrow(/storage\.overProvision/);
    expect(configure(loadCore(), less, MHZ)).toBe(ERR_SSD_SPACE);
  });
});

function configure(core: Core, c: SsdConfig, coreMHz: number): number {
  return core.exports.configureSsd(c.channels, c.diesPerChannel, c.planesPerDie, c.blocksPerPlane, c.pagesPerBlock,
    c.pageBytes, c.readNs, c.programNs, c.eraseNs, c.channelMBps, c.overProvision, c.gcThreshold, c.fill, coreMHz);
}

describe("validation", () => {
  const bad: [keyof SsdConfig, number, number][] = [
    ["channels", 0, ERR_SSD_GEOMETRY],
    ["diesPerChannel", 0, ERR_SSD_GEOMETRY],
    ["planesPerDie", 0, ERR_SSD_GEOMETRY],
    ["blocksPerPlane", 7, ERR_SSD_GEOMETRY],
    ["pagesPerBlock", 0, ERR_SSD_GEOMETRY],
    ["pageBytes", 6144, ERR_SSD_GEOMETRY],
    ["pageBytes", 2048, ERR_SSD_GEOMETRY],
    ["pageBytes", 69632, ERR_SSD_GEOMETRY],
    ["blocksPerPlane", 2 ** 20, ERR_SSD_GEOMETRY], // more than 2^25 units
    ["readNs", 0, ERR_SSD_TIMING],
    ["programNs", -1, ERR_SSD_TIMING],
    ["eraseNs", Infinity, ERR_SSD_TIMING],
    ["channelMBps", NaN, ERR_SSD_TIMING],
    ["readNs", 1e12, ERR_SSD_TIMING],
    ["overProvision", 0.01, ERR_SSD_SPACE],
    ["overProvision", 0.6, ERR_SSD_SPACE],
    ["gcThreshold", 0, ERR_SSD_SPACE],
    ["gcThreshold", 0.3, ERR_SSD_SPACE],
    ["fill", -0.1, ERR_SSD_SPACE],
    ["fill", 1.5, ERR_SSD_SPACE],
    ["overProvision", 0.1, ERR_SSD_SPACE], // too little for 12 blocks with GC keeping 2 free
  ];
  for (const [field, value, code] of bad) {
    it(`${field} = ${value}: core ${code}, ConfigError naming storage.${field}`, () => {
      const c = { ...small(), [field]: value } as SsdConfig;
      const core = loadCore();
      expect(configure(core, c, 1000)).toBe(code);
      expect(() => validateSsd(c)).toThrow(ConfigError);
      expect(() => validateSsd(c)).toThrow(new RegExp(`storage\\.${field}\\b.*${String(value).replace(".", "\\.")}`));
      expect(() => applySsd(core, c, 1000)).toThrow(ConfigError);
      expect(core.exports.setStorageModel(1)).toBe(-65); // a failed configuration leaves no SSD to select
    });
  }

  it("the core clock must be 1..10^6 MHz", () => {
    const core = loadCore();
    expect(configure(core, small(), 0.5)).toBe(ERR_SSD_TIMING);
    expect(configure(core, small(), 2e6)).toBe(ERR_SSD_TIMING);
    expect(() => applySsd(core, small(), 0)).toThrow(/coreMHz/);
  });

  it("every preset is valid and fits the model's 2^22-unit slice", () => {
    for (const name of SSD_PRESET_NAMES) {
      const d = SSD_PRESETS[name];
      expect(() => validateSsd(d)).not.toThrow();
      expect(ssdGeometry(d).physicalUnits).toBeLessThanOrEqual(2 ** 22);
      expect(configure(loadCore(), d, 3000)).toBe(0);
    }
    expect(describeSsd(ssdPreset("ssd-nvme"))).toBe(
      "ssd-nvme: 8 ch x 4 dies x 2 planes, 16 KiB pages, read 60 us, program 700 us, 16 GiB (14.9 GiB usable), 7% OP");
    expect(() => ssdPreset("ssd-floppy")).toThrow(/ssd-nvme, ssd-sata/);
    expect(ssdPreset("SSD-SATA", { fill: 0.9 }).fill).toBe(0.9);
  });

  it("a request beyond the capacity is ERR_STORAGE_RANGE", () => {
    const core = machine(small(), 1000);
    const cap = core.exports.storageCapacity();
    expect(cap).toBe(ssdGeometry(small()).capacity);
    expect(core.exports.storageIo(cap - UNIT, 2 * UNIT, 0, 0)).toBe(ERR_STORAGE_RANGE);
    expect(core.exports.storageIo(cap, 1, 1, 0)).toBe(ERR_STORAGE_RANGE);
    expect(core.exports.storageIo(cap - 1, 1, 1, 0)).toBeGreaterThan(0);
  });
});
