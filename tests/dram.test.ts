// The DRAM timing model (assembly/memory/dram.ts, docs/dram.md), through the
// real access path: no caches, so every reference goes to memory whole.
// Expected values are computed here from the preset tables and the documented
// conversion ceil(nCK x tCK_ps x MHz / 10^6), not copied from the model.

import { describe, it, expect } from "vitest";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import { applyMachine, defaultMachine, type MachineConfig } from "../host/config/machine.js";
import {
  DRAM_PRESETS, dramPreset, validateDram, parseMapping, type DramConfig, type DramDeviceConfig,
} from "../host/config/dram.js";
import { ConfigError } from "../host/config/level.js";

const READ = 1;
const WRITE = 2;

function device(name: string, overrides: Partial<DramDeviceConfig> = {}): DramDeviceConfig {
  return dramPreset(name, overrides) as DramDeviceConfig;
}

function noCaches(dram: DramConfig, coreMHz: number): MachineConfig {
  return { mode: "generic", levels: {}, memory: { readLatency: 100, writeLatency: 0 }, classify: false, dram, coreMHz };
}

function coreWith(m: MachineConfig): Core {
  const core = loadCore();
  applyMachine(core, m);
  return core;
}

function counters(core: Core): Record<string, number> {
  const c = core.counters();
  const out: Record<string, number> = {};
  for (const n of core.schema.global) out[n] = Number(core.global(c, n));
  return out;
}

function read(core: Core, addr: number, size = 64): number {
  return core.check(core.exports.access(addr, size, READ));
}

/** nCK -> core cycles, as docs/dram.md specifies (ceil). */
const cyc = (n: number, d: DramDeviceConfig, mhz: number) => Math.ceil((n * d.tCKps * mhz) / 1e6);
const burstBytes = (d: DramDeviceConfig) => (d.busBits / 8) * d.burstLength;

/** For a mapping that ends in "...BaRaCoCh": bytes between banks and between rows of one bank. */
function strides(d: DramDeviceConfig) {
  const channelStride = burstBytes(d);
  const columnStride = channelStride * d.channels;
  const rankStride = columnStride * (d.columns / d.burstLength);
  const bankStride = rankStride * d.ranks; // Ba without Bg: bank group in the low bits
  const rowStride = bankStride * d.bankGroups * d.banks;
  return { channelStride, columnStride, bankStride, rowStride };
}

describe("DDR4-3200AA at 1600 MHz (one core cycle per tCK)", () => {
  const d = device("ddr4-3200aa");
  const MHZ = 1600;
  const burst = d.burstLength / 2;
  const hit = d.tCL + burst;
  const empty = d.tRCD + d.tCL + burst;
  const conflict = d.tRP + d.tRCD + d.tCL + burst;
  const { bankStride, rowStride } = strides(d);
  const ns = (cycles: number) => (cycles / MHZ) * 1000;

  it("serves an empty bank, a row hit and a row conflict at the JEDEC latencies", () => {
    const core = coreWith(noCaches(d, MHZ));
    const base = 3 * rowStride;
    const a = read(core, base);
    const b = read(core, base + 64);
    const c = read(core, base + rowStride);
    expect([a, b, c]).toEqual([empty, hit, conflict]);
    expect(ns(b)).toBeCloseTo(16.25, 10);
    expect(ns(a)).toBeCloseTo(30, 10);
    expect(ns(c)).toBeCloseTo(43.75, 10);
    const k = counters(core);
    expect(k).toMatchObject({ dramReads: 3, rowHits: 1, rowEmpty: 1, rowConflicts: 1, dramWaitCycles: 0, memReads: 3 });
    expect(k.dramBusCycles).toBe(3 * burst);
    expect(core.exports.memoryClock()).toBe(empty + hit + conflict);
    expect(k.cycles).toBe(empty + hit + conflict);
  });

  it("closed page: the second read of a row is an empty-bank access", () => {
    const core = coreWith(noCaches({ ...d, pagePolicy: "closed" }, MHZ));
    // Another bank in between lets the first bank's precharge (tRAS + tRP) finish.
    const got = [read(core, 0), read(core, bankStride), read(core, 64)];
    expect(got).toEqual([empty, empty, empty]);
    expect(counters(core)).toMatchObject({ rowHits: 0, rowEmpty: 3, rowConflicts: 0, dramWaitCycles: 0 });
  });

  it("open page: a busy bank makes a conflict wait for tRAS", () => {
    const core = coreWith(noCaches(d, MHZ));
    expect(read(core, 0)).toBe(empty);
    // At cycle `empty` the row has been open for less than tRAS: the precharge waits.
    const wait = d.tRAS - empty;
    expect(wait).toBeGreaterThan(0);
    expect(read(core, rowStride)).toBe(conflict + wait);
    expect(counters(core).dramWaitCycles).toBe(wait);
  });

  it("writes are posted but open rows and count", () => {
    const core = coreWith(noCaches(d, MHZ));
    expect(core.check(core.exports.access(0, 64, WRITE))).toBe(0);
    // The read behind the write finds the row open, after the write's data and tWTR_L.
    const r = read(core, 64);
    const writeDataEnd = d.tRCD + d.tCWL + burst;
    const readStart = Math.max(writeDataEnd + d.tWTR_L, d.tRCD + d.tCCD_L);
    expect(r).toBe(readStart + d.tCL + burst);
    expect(counters(core)).toMatchObject({ dramWrites: 1, dramReads: 1, rowEmpty: 1, rowHits: 1, memWrites: 1 });
  });
});

describe("address mapping", () => {
  const MHZ = 1600;
  const lines = 64;

  function stream(d: DramDeviceConfig): Record<string, number> {
    const core = coreWith(noCaches(d, MHZ));
    for (let i = 0; i < lines; i++) read(core, i * 64);
    return counters(core);
  }

  it("RoBaRaCoCh, one channel: consecutive lines stay in one row", () => {
    const k = stream(device("ddr4-3200aa"));
    expect(k).toMatchObject({ rowEmpty: 1, rowHits: lines - 1, rowConflicts: 0 });
  });

  it("RoBaRaCoCh, two channels: consecutive lines alternate channels", () => {
    const k = stream(device("ddr4-3200aa", { channels: 2 }));
    expect(k).toMatchObject({ rowEmpty: 2, rowHits: lines - 2, rowConflicts: 0 });
  });

  it("RoCoBaBgRaCh: consecutive lines go to every bank first", () => {
    const d = device("ddr4-3200aa", { mapping: "RoCoBaBgRaCh" });
    const banks = d.bankGroups * d.banks;
    const k = stream(d);
    expect(k).toMatchObject({ rowEmpty: banks, rowHits: lines - banks, rowConflicts: 0 });
  });

  it("CoRoBaBg: the row bits sit just above the banks, so one bank's next lines conflict", () => {
    const d = device("ddr4-3200aa", { mapping: "CoRoBaBg" });
    const one = coreWith(noCaches(d, MHZ));
    const banks = d.bankGroups * d.banks;
    for (let i = 0; i < 4; i++) read(one, i * 64 * banks);
    expect(counters(one)).toMatchObject({ rowEmpty: 1, rowConflicts: 3 });
  });

  it("DRAMsim3 lower-case strings parse the same", () => {
    const d = device("ddr4-3200aa", { channels: 2, ranks: 2 });
    expect(parseMapping("rochrababgco", d)).toEqual(parseMapping("RoChRaBaBgCo", d));
    const m = parseMapping("RoBaRaCoCh", d);
    expect(m.Ch).toEqual({ shift: 0, bits: 1 });
    expect(m.Co).toEqual({ shift: 1, bits: 7 });
    expect(m.Ra).toEqual({ shift: 8, bits: 1 });
    expect(m.Bg).toEqual({ shift: 9, bits: 2 });
    expect(m.Ba).toEqual({ shift: 11, bits: 2 });
    expect(m.Ro).toEqual({ shift: 13, bits: 16 });
  });
});

describe("refresh", () => {
  const MHZ = 1600;
  const d = device("ddr4-3200aa");

  it("happens once per tREFI of simulated time and closes the open rows", () => {
    const core = coreWith(noCaches(d, MHZ));
    const n = 3000; // about 6 tREFI of row hits
    for (let i = 0; i < n; i++) read(core, (i % 128) * 64);
    const k = counters(core);
    const clock = core.exports.memoryClock();
    expect(clock).toBe(k.cycles);
    expect(k.refreshes).toBe(Math.floor(clock / cyc(d.tREFI, d, MHZ)));
    expect(k.refreshes).toBeGreaterThanOrEqual(5);
    // Every refresh closes the row the stream keeps open: one more empty-bank access each.
    expect(k.rowEmpty).toBe(1 + k.refreshes);
    expect(k.rowHits).toBe(n - k.rowEmpty);
    // Each of those reads waited for tRFC (part of it, if the refresh began earlier).
    expect(k.dramWaitCycles).toBeGreaterThan(0);
  });

  it("tREFI 0 turns refresh off", () => {
    const core = coreWith(noCaches({ ...d, tREFI: 0 }, MHZ));
    for (let i = 0; i < 1000; i++) read(core, (i % 128) * 64);
    expect(counters(core)).toMatchObject({ refreshes: 0, rowEmpty: 1, rowHits: 999 });
  });
});

describe("every preset", () => {
  const MHZ = 3000; // not a multiple of any DRAM clock: exercises the rounding
  for (const [name, p] of Object.entries(DRAM_PRESETS)) {
    if (p.kind === "fixed") {
      it("fixed: the fixed latency", () => {
        const core = coreWith(noCaches(p, MHZ));
        expect(read(core, 0)).toBe(100);
        expect(counters(core)).toMatchObject({ dramReads: 0, memReads: 1 });
      });
      continue;
    }
    it(`${name}: first read of a burst is tRCD + CL + burst (rounded up per parameter)`, () => {
      const core = coreWith(noCaches(p, MHZ));
      const bytes = burstBytes(p);
      const expected = cyc(p.tRCD, p, MHZ) + cyc(p.tCL, p, MHZ) + cyc(p.burstLength / 2, p, MHZ);
      expect(read(core, 0, bytes)).toBe(expected);
      expect(read(core, 0, bytes)).toBe(cyc(p.tCL, p, MHZ) + cyc(p.burstLength / 2, p, MHZ));
    });
  }

  it("lpddr4x-4266: a 64-byte read is two bursts, spaced by max(burst, tCCD_L)", () => {
    const p = device("lpddr4x-4266");
    expect(burstBytes(p)).toBe(32);
    const core = coreWith(noCaches(p, MHZ));
    const b = cyc(p.burstLength / 2, p, MHZ);
    const gap = Math.max(b, cyc(p.tCCD_L, p, MHZ));
    expect(read(core, 0, 64)).toBe(cyc(p.tRCD, p, MHZ) + cyc(p.tCL, p, MHZ) + gap + b);
  });
});

describe("configuration errors", () => {
  const d = device("ddr4-3200aa");

  it("host validation names the field", () => {
    const bad = (o: Partial<DramDeviceConfig>, mhz?: number) => () => validateDram({ ...d, ...o }, mhz);
    expect(bad({ banks: 0 })).toThrow("dram.banks: must be at least 1");
    expect(bad({ rows: 3000 })).toThrow("dram.rows: must be a power of two, not 3000");
    expect(bad({ tCL: 30, tRC: 20, tRAS: 20, tRCD: 20 })).toThrow("dram.tCL 30 exceeds tRC 20");
    expect(bad({ tRFC: 20000 })).toThrow("dram.tRFC 20000 must be less than tREFI 12480");
    expect(bad({ tCKps: 0 })).toThrow("dram.tCKps");
    expect(bad({ pagePolicy: "half" as "open" })).toThrow("dram.pagePolicy");
    expect(bad({}, 0)).toThrow("coreMHz");
    expect(bad({ mapping: "RoBaCo", channels: 2 })).toThrow("does not name Ch");
    expect(bad({ mapping: "RoRoBaCo" })).toThrow("Ro appears twice");
    expect(bad({ mapping: "RoXxBaCo" })).toThrow("unknown field 'Xx'");
    expect(bad({ mapping: "RoBgCo" })).toThrow("does not name Ba");
    expect(() => dramPreset("ddr9")).toThrow(ConfigError);
    expect(() => applyMachine(loadCore(), { ...defaultMachine(), mode: "cachegrind", dram: d })).toThrow("cachegrind");
  });

  it("the core returns documented codes", () => {
    const e = loadCore().exports;
    const geometry = (o: Partial<Record<string, number>> = {}) => {
      const g = { ch: 1, ra: 1, bg: 4, ba: 4, ro: 65536, co: 1024, bus: 64, bl: 8, pol: 0, sCh: 0, sRa: 0, sBg: 7, sBa: 9, sRo: 11, sCo: 0, ...o };
      return e.configureDram(g.ch, g.ra, g.bg, g.ba, g.ro, g.co, g.bus, g.bl, g.pol, g.sCh, g.sRa, g.sBg, g.sBa, g.sRo, g.sCo);
    };
    const timing = (o: Partial<Record<string, number>> = {}) => {
      const t = { ...d, coreMHz: 1600, ...o } as unknown as Record<string, number>;
      return e.configureDramTiming(t.tCKps, t.coreMHz, t.tCL, t.tCWL, t.tRCD, t.tRP, t.tRAS, t.tRC, t.tRTP, t.tWR,
        t.tCCD_S, t.tCCD_L, t.tRRD_S, t.tRRD_L, t.tFAW, t.tWTR_S, t.tWTR_L, t.tREFI, t.tRFC);
    };
    expect(e.setMemoryModel(1)).toBe(-38);
    expect(e.setMemoryModel(2)).toBe(-34);
    expect(geometry({ ba: 0 })).toBe(-30);
    expect(geometry({ ro: 3 })).toBe(-30);
    expect(geometry({ ch: 64 })).toBe(-31);
    expect(geometry({ bus: 12 })).toBe(-32);
    expect(geometry({ co: 4 })).toBe(-32);
    expect(geometry({ sBa: 8 })).toBe(-33); // overlaps the bank group
    expect(geometry({ sRo: 12 })).toBe(-33); // leaves a gap
    expect(geometry({ pol: 2 })).toBe(-34);
    expect(geometry()).toBe(0);
    expect(timing({ tCKps: 0 })).toBe(-35);
    expect(timing({ tRCD: 0 })).toBe(-36);
    expect(timing({ tCL: 80 })).toBe(-37);
    expect(timing({ tRFC: 13000 })).toBe(-37);
    expect(timing()).toBe(0);
    expect(e.setMemoryModel(1)).toBe(0);
    // A failed reconfiguration falls back to the fixed model rather than leave a broken DRAM selected.
    expect(geometry({ ba: 3 })).toBe(-30);
    expect(e.setMemoryModel(1)).toBe(-38);
  });
});

describe("with caches", () => {
  function run(): Record<string, number> {
    const core = coreWith({ ...defaultMachine(), dram: device("ddr4-3200aa") });
    let x = 12345;
    for (let i = 0; i < 20000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const addr = (x >>> 4) % (4 << 20);
      core.check(core.exports.access(addr, 8, i % 3 === 0 ? WRITE : READ));
    }
    return counters(core);
  }

  it("is deterministic and sends every memory transfer to the DRAM", () => {
    const a = run();
    const b = run();
    expect(a).toEqual(b);
    expect(a.dramReads).toBe(a.memReads);
    expect(a.dramWrites).toBe(a.memWrites);
    expect(a.dramReads).toBeGreaterThan(1000);
    expect(a.dramWrites).toBeGreaterThan(100);
    expect(a.rowHits + a.rowEmpty + a.rowConflicts).toBe(a.dramReads + a.dramWrites);
    expect(a.rowConflicts).toBeGreaterThan(0);
    expect(a.refreshes).toBeGreaterThan(0);
  });

  it("the default machine keeps the fixed latency", () => {
    const core = coreWith(defaultMachine());
    expect(read(core, 1 << 20)).toBe(4 + 12 + 100);
    expect(counters(core)).toMatchObject({ dramReads: 0, rowEmpty: 0 });
  });

  it("reapplying a machine without dram returns to the fixed latency", () => {
    const core = loadCore();
    applyMachine(core, noCaches(device("ddr4-3200aa"), 1600));
    expect(read(core, 0)).not.toBe(100);
    applyMachine(core, { ...noCaches({ kind: "fixed" }, 1600), dram: undefined });
    expect(read(core, 0)).toBe(100);
  });
});
