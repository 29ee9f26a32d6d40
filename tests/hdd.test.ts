// The HDD model (assembly/memory/hdd.ts, docs/hdd.md) through storageIo:
// request by request against the reference in tests/oracle/hdd.ts, closed
// forms for the seek curve, rotation and zoned transfer, and validation.

import { describe, it, expect } from "vitest";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import {
  HDD_PRESETS, HDD_PRESET_NAMES, hddPreset, validateHdd, applyHdd, describeHdd, leeCoefficients, leeSeekMs,
  hddCapacity, hddCoreParameters, seekMoments, zoneSectorsPerTrack, type HddConfig,
} from "../host/config/hdd.js";
import { ConfigError } from "../host/config/level.js";
import { HddOracle, type HddOutcome } from "./oracle/hdd.js";
import { mulberry32 as rng } from "./helpers/random.js";

const HDD_COUNTERS = ["hddSeeks", "hddSeekCycles", "hddRotationCycles", "hddTransferCycles"] as const;

function drive(cfg: HddConfig, mhz: number): Core {
  const core = loadCore();
  const e = core.exports;
  e.resetMachine();
  applyHdd(core, cfg, mhz);
  core.check(e.initMachine(0));
  return core;
}

function oracle(cfg: HddConfig, mhz: number): HddOracle {
  return new HddOracle(hddCoreParameters(cfg, mhz));
}

function hddCounters(core: Core): Record<(typeof HDD_COUNTERS)[number], number> {
  const c = core.counters();
  return Object.fromEntries(HDD_COUNTERS.map((n) => [n, Number(core.global(c, n))])) as Record<(typeof HDD_COUNTERS)[number], number>;
}

/** One request: its latency and what it added to the four HDD counters. */
function io(core: Core, offset: number, bytes: number, write: boolean, at: number) {
  const before = hddCounters(core);
  const latency = core.check(core.exports.storageIo(offset, bytes, write ? 1 : 0, at));
  const after = hddCounters(core);
  return {
    latency,
    seeks: after.hddSeeks - before.hddSeeks,
    seekCycles: after.hddSeekCycles - before.hddSeekCycles,
    rotationCycles: after.hddRotationCycles - before.hddRotationCycles,
    transferCycles: after.hddTransferCycles - before.hddTransferCycles,
  };
}


// A small drive whose requests cross tracks, cylinders and zones all the time.
const SMALL: HddConfig = {
  kind: "hdd", name: "small", rpm: 10000, cylinders: 50, heads: 3, zones: 4,
  outerSectorsPerTrack: 24, innerSectorsPerTrack: 11,
  trackToTrackMs: 0.4, averageSeekMs: 1.2, fullStrokeMs: 2.5, headSwitchMs: 0.3,
};

// DiskSim's Barracuda seek figures (1.94 ms for one cylinder, 16.68 ms for 4986); the
// average (8 ms) is an assumed datasheet value, the other parameters are arbitrary.
const BARRACUDA: HddConfig = {
  kind: "hdd", name: "barracuda", rpm: 7200, cylinders: 4987, heads: 8, zones: 8,
  outerSectorsPerTrack: 120, innerSectorsPerTrack: 80,
  trackToTrackMs: 1.94, averageSeekMs: 8.0, fullStrokeMs: 16.68, headSwitchMs: 1.0,
};

describe("against the reference model", () => {
  const cases: [string, HddConfig, number][] = [
    ["small drive at 1000 MHz", SMALL, 1000],
    ["small drive at 2400 MHz, no head switch time", { ...SMALL, headSwitchMs: 0 }, 2400],
    ["small drive, one zone, one head", { ...SMALL, zones: 1, heads: 1 }, 3000],
    ["hdd-7200 at 3000 MHz", HDD_PRESETS["hdd-7200"], 3000],
    ["hdd-5400 at 1700 MHz", HDD_PRESETS["hdd-5400"], 1700],
    ["barracuda at 3333 MHz", BARRACUDA, 3333],
  ];
  for (const [title, cfg, mhz] of cases) {
    it(`${title}: same latencies and counters, request by request`, () => {
      const core = drive(cfg, mhz);
      const ref = oracle(cfg, mhz);
      expect(core.exports.storageCapacity()).toBe(ref.capacity);
      expect(ref.capacity).toBe(hddCapacity(cfg));
      const rand = rng(cfg.cylinders * 31 + mhz);
      const sectors = ref.sectors;
      let next = 0; // byte after the previous request
      let done = 0; // the previous completion
      let kinds = { streamed: 0, queued: 0, crossing: 0 };
      for (let i = 0; i < 600; i++) {
        const r = rand();
        let offset: number;
        let bytes = [512, 4096, 8192, 65536, 1 + Math.floor(rand() * 20000)][Math.floor(rand() * 5)];
        if (r < 0.35) {
          offset = next; // sequential
        } else if (r < 0.55) {
          // ends a few sectors into the next track
          const place = ref.place(Math.floor(rand() * sectors));
          const lba = ref.lbaOf(place.cylinder, place.head) + place.spt - 1 - Math.floor(rand() * 3);
          offset = lba * 512;
          bytes = 512 * (2 + Math.floor(rand() * (place.spt + 4)));
          kinds.crossing++;
        } else {
          offset = Math.floor(rand() * sectors) * 512 + (rand() < 0.2 ? Math.floor(rand() * 512) : 0);
        }
        if (offset + bytes > ref.capacity) offset = 0;
        const write = rand() < 0.3;
        const g = rand();
        const at = g < 0.3 ? Math.max(0, done - Math.floor(rand() * 3 * ref.R)) // before busyUntil: queued
          : g < 0.5 ? done
          : done + Math.floor(rand() * 2 * ref.R);
        if (at < done) kinds.queued++;
        const want: HddOutcome = ref.request(offset, bytes, write, at);
        const got = io(core, offset, bytes, write, at);
        const { completion, ...expected } = want;
        expect(got, `request ${i}: ${write ? "write" : "read"} ${bytes} at ${offset}, issued at ${at}`).toEqual(expected);
        expect(got.seekCycles + got.rotationCycles + got.transferCycles).toBe(got.latency - (Math.max(at, done) - at));
        if (offset === next && !write && got.seekCycles + got.rotationCycles === 0) kinds.streamed++;
        next = offset + bytes;
        done = completion;
      }
      expect(kinds.streamed).toBeGreaterThan(20);
      expect(kinds.queued).toBeGreaterThan(50);
      expect(kinds.crossing).toBeGreaterThan(50);
    });
  }
});

describe("closed forms", () => {
  it("the seek curve through the core follows Lee's formula", () => {
    const MHZ = 1000; // one cycle per ns
    const cfg = HDD_PRESETS["hdd-7200"];
    const k = leeCoefficients(cfg);
    const core = drive(cfg, MHZ);
    const ref = oracle(cfg, MHZ);
    const R = ref.R;
    let at = 0;
    let from = 0;
    for (const to of [0, 1, 3, 13, 113, 1113, 51113, 1113, cfg.cylinders - 1, 0]) {
      const lba = ref.lbaOf(to, 0);
      const spt = ref.place(lba).spt;
      const seekNs = leeSeekMs(k, Math.abs(to - from)) * 1e6;
      const got = io(core, lba * 512, 512, false, at);
      expect(got.seekCycles).toBeGreaterThanOrEqual(Math.floor(seekNs));
      expect(got.seekCycles).toBeLessThanOrEqual(Math.ceil(seekNs) + 1);
      expect(got.seeks).toBe(to === from ? 0 : 1);
      // Sector 0 comes round at the next whole revolution after the arm arrives.
      const arrive = at + seekNs;
      const wait = Math.ceil(arrive / R - 1e-9) * R - arrive;
      expect(Math.abs(got.latency - (seekNs + wait + R / spt))).toBeLessThan(2);
      at += got.latency + 12345;
      from = to;
    }
    expect(leeSeekMs(k, 0)).toBe(0);
    expect(leeSeekMs(k, 1)).toBe(cfg.trackToTrackMs);
    expect(leeSeekMs(k, cfg.cylinders - 1)).toBeCloseTo(cfg.fullStrokeMs, 9);
  });

  it("DiskSim's Barracuda: 1.94 ms over one cylinder, 16.68 ms over 4986", () => {
    const k = leeCoefficients(BARRACUDA);
    expect(leeSeekMs(k, 1)).toBeCloseTo(1.94, 12);
    expect(leeSeekMs(k, 4986)).toBeCloseTo(16.68, 10);
    expect(k.a).toBeGreaterThan(0);
    expect(k.b).toBeGreaterThan(0);
    const MHZ = 1000;
    const core = drive(BARRACUDA, MHZ);
    const ref = oracle(BARRACUDA, MHZ);
    // 0 -> 1 (one cylinder), 1 -> 4986 (4985), 4986 -> 0 (the full stroke, 4986)
    const one = io(core, ref.lbaOf(1, 0) * 512, 512, false, 0);
    const far = io(core, ref.lbaOf(4986, 0) * 512, 512, false, 1e8);
    const full = io(core, 0, 512, false, 2e8);
    const ms = (cycles: number) => cycles / MHZ / 1000;
    expect(Math.abs(ms(one.seekCycles) - 1.94)).toBeLessThan(2e-6);
    expect(Math.abs(ms(far.seekCycles) - leeSeekMs(k, 4985))).toBeLessThan(2e-6);
    expect(Math.abs(ms(full.seekCycles) - 16.68)).toBeLessThan(2e-6);
    expect(one.seeks + far.seeks + full.seeks).toBe(3);
  });

  it("the fitted curve's mean over all cylinder pairs is the average seek", () => {
    for (const cfg of [SMALL, { ...SMALL, cylinders: 777, averageSeekMs: 1.3 }, BARRACUDA]) {
      const k = leeCoefficients(cfg);
      const C = cfg.cylinders;
      let sum = 0;
      for (let x = 0; x < C; x++) for (let y = 0; y < C; y++) sum += leeSeekMs(k, Math.abs(x - y));
      expect(sum / (C * C)).toBeCloseTo(cfg.averageSeekMs, 9);
      // the closed form of S2 = Σ P(d)(d − 1) against the sum
      let s2 = 0;
      for (let d = 1; d < C; d++) s2 += ((2 * (C - d)) / (C * C)) * (d - 1);
      expect(seekMoments(C).s2).toBeCloseTo(s2, 9);
    }
  });

  it("rotation: a sector waits for its angle to come under the head", () => {
    const MHZ = 3000;
    const cfg = HDD_PRESETS["hdd-7200"];
    const ref = oracle(cfg, MHZ);
    const R = ref.R;
    expect(R / MHZ / 1000).toBeCloseTo(8.333, 3); // ms per revolution
    const spt = cfg.outerSectorsPerTrack;
    const core = drive(cfg, MHZ);
    // At time 0 the platter is at angle 0: sector s of track 0 is s/spt of a revolution away.
    const s0 = 1000;
    const first = io(core, s0 * 512, 512, false, 0);
    expect(first.seekCycles).toBe(0);
    expect(Math.abs(first.rotationCycles - (s0 / spt) * R)).toBeLessThanOrEqual(1);
    expect(Math.abs(first.latency - ((s0 + 1) / spt) * R)).toBeLessThanOrEqual(1);
    // Issue at angle phi (of revolution m) for sector s: wait ((s/spt − phi) mod 1)·R.
    let m = 10;
    for (const [s, phi] of [[0, 0.5], [3000, 0.1], [100, 0.9], [1625, 0.5], [2000, 0.75], [3249, 0.0]] as const) {
      const at = Math.round((m + phi) * R);
      const angle = at / R - m;
      const wait = (((s / spt - angle) % 1) + 1) % 1 * R;
      const got = io(core, s * 512, 512, false, at);
      expect(got.seekCycles).toBe(0);
      expect(Math.abs(got.rotationCycles - wait)).toBeLessThanOrEqual(1);
      expect(Math.abs(got.latency - (wait + R / spt))).toBeLessThanOrEqual(1);
      m += 3;
    }
  });

  it("hdd-7200: the mean rotational wait of random reads is half a revolution (4.17 ms)", () => {
    const MHZ = 3000;
    const cfg = HDD_PRESETS["hdd-7200"];
    const core = drive(cfg, MHZ);
    const rand = rng(7);
    const sectors = hddCapacity(cfg) / 512;
    const n = 3000;
    let at = 0;
    for (let i = 0; i < n; i++) {
      const lba = Math.floor(rand() * (sectors - 8));
      at += core.check(core.exports.storageIo(lba * 512, 4096, 0, at)) + Math.floor(rand() * 1e7);
    }
    const k = hddCounters(core);
    const meanMs = k.hddRotationCycles / n / MHZ / 1000;
    expect(meanMs).toBeGreaterThan(4.17 - 0.2);
    expect(meanMs).toBeLessThan(4.17 + 0.2);
  });

  for (const [name, expectMs] of [["hdd-7200", 7.4], ["hdd-5400", 12]] as const) {
    it(`${name}: the mean seek between random cylinders is the datasheet's ${expectMs} ms`, () => {
      const MHZ = 2000;
      const cfg = HDD_PRESETS[name];
      const core = drive(cfg, MHZ);
      const ref = oracle(cfg, MHZ);
      const rand = rng(11);
      const n = 4000;
      let at = 0;
      let cylinder = 0;
      for (let i = 0; i < n; i++) {
        cylinder = Math.floor(rand() * cfg.cylinders);
        at += core.check(core.exports.storageIo(ref.lbaOf(cylinder, 0) * 512, 4096, 1, at));
      }
      const meanMs = hddCounters(core).hddSeekCycles / n / MHZ / 1000;
      expect(Math.abs(meanMs - expectMs)).toBeLessThan(0.25);
    });
  }

  it("outer tracks transfer twice as fast as inner ones (hdd-7200: 200 vs 100 MB/s)", () => {
    const MHZ = 3000;
    const cfg = HDD_PRESETS["hdd-7200"];
    const core = drive(cfg, MHZ);
    const ref = oracle(cfg, MHZ);
    const bytes = 128 * 512;
    const outer = io(core, 0, bytes, false, 0);
    const innerLba = ref.lbaOf(cfg.cylinders - 1, 0);
    expect(ref.place(innerLba).spt).toBe(cfg.innerSectorsPerTrack);
    const inner = io(core, innerLba * 512, bytes, false, 1e9);
    expect(inner.transferCycles / outer.transferCycles).toBeCloseTo(2, 3);
    const mbps = (x: { transferCycles: number }) => bytes / (x.transferCycles / MHZ / 1e6) / 1e6;
    expect(mbps(outer)).toBeCloseTo(199.7, 0);
    expect(mbps(inner)).toBeCloseTo(99.8, 0);
    expect(describeHdd(cfg)).toBe("hdd-7200, 7200 rpm, 998 GB, 200-100 MB/s outer-inner, 7.4 ms average seek");
    expect(describeHdd(HDD_PRESETS["hdd-5400"])).toBe("hdd-5400, 5400 rpm, 500 GB, 100-50 MB/s outer-inner, 12 ms average seek");
    expect(zoneSectorsPerTrack(cfg)[0]).toBe(3250);
    expect(zoneSectorsPerTrack(cfg).at(-1)).toBe(1625);
  });

  it("sequential reads after the first cost only their transfer time, across tracks too", () => {
    const MHZ = 3000;
    const cfg = HDD_PRESETS["hdd-5400"];
    const core = drive(cfg, MHZ);
    const ref = oracle(cfg, MHZ);
    const spt = cfg.outerSectorsPerTrack;
    const start = ref.lbaOf(5000, 1) * 512; // head 1: the stream crosses to the next cylinder
    const first = io(core, start, 4096, false, 0);
    expect(first.seeks).toBe(1);
    expect(first.rotationCycles).toBeGreaterThan(0);
    let at = first.latency;
    let offset = start + 4096;
    let total = 0;
    for (let i = 0; i < 2 * spt / 8; i++) {
      const r = io(core, offset, 4096, false, at + (i % 3) * 1e6); // idle gaps do not matter: the buffer has it
      expect(r.seekCycles + r.rotationCycles).toBe(0);
      expect(r.seeks).toBe(0);
      expect(Math.abs(r.latency - (8 * ref.R) / spt)).toBeLessThanOrEqual(1);
      total += r.latency;
      at += (i % 3) * 1e6 + r.latency;
      offset += 4096;
    }
    expect(ref.place(offset / 512).cylinder).toBe(5001);
    // The same stream as one request pays for the head switch and the waits at track ends.
    const fresh = drive(cfg, MHZ);
    io(fresh, start, 4096, true, 0); // a write: nothing streamed into the buffer
    const whole = io(fresh, start + 4096, offset - start - 4096, false, 1e9);
    expect(whole.seeks).toBe(1); // the crossing to cylinder 5001
    expect(whole.latency).toBeGreaterThan(total + ref.R);
  });

  it("writes are not cached: the next sector is free only when issued at once", () => {
    const MHZ = 3000;
    const cfg = HDD_PRESETS["hdd-7200"];
    const ref = oracle(cfg, MHZ);
    const spt = cfg.outerSectorsPerTrack;
    const core = drive(cfg, MHZ);
    const w1 = io(core, 0, 4096, true, 0);
    const w2 = io(core, 4096, 4096, true, w1.latency); // right at busyUntil: sector 8 is just starting
    expect(w2.rotationCycles).toBe(0);
    const w3 = io(core, 8192, 4096, true, w1.latency + w2.latency + 1000); // a little late: a whole turn
    expect(Math.abs(w3.rotationCycles - (ref.R - 1000))).toBeLessThan(2);
    // A read after a write streams nothing either.
    const r = io(core, 12288, 4096, false, w1.latency + w2.latency + w3.latency + 1000 + 5000);
    expect(Math.abs(r.rotationCycles - (ref.R - 5000))).toBeLessThan(2);
  });

  it("a request issued while the drive is busy queues behind it", () => {
    const MHZ = 3000;
    const core = drive(HDD_PRESETS["hdd-7200"], MHZ);
    const a = io(core, 100 * 512, 4096, false, 0);
    const b = io(core, 900 * 512, 512, false, 10);
    // b starts when a completes, at cycle a.latency
    expect(b.latency).toBe(a.latency - 10 + b.seekCycles + b.rotationCycles + b.transferCycles);
  });

  it("a head switch on the same cylinder costs headSwitch and is no seek", () => {
    const MHZ = 1000;
    const cfg = HDD_PRESETS["hdd-7200"];
    const core = drive(cfg, MHZ);
    const ref = oracle(cfg, MHZ);
    const r = io(core, ref.lbaOf(0, 3, 7) * 512, 512, false, 0);
    expect(r.seeks).toBe(0);
    expect(r.seekCycles).toBe(cfg.headSwitchMs * 1e6);
  });
});

describe("configuration", () => {
  it("presets: capacity, names and overrides", () => {
    expect(HDD_PRESET_NAMES).toEqual(["hdd-7200", "hdd-5400"]);
    expect(hddCapacity(HDD_PRESETS["hdd-7200"])).toBe(998_400_000_000);
    expect(hddCapacity(HDD_PRESETS["hdd-5400"])).toBe(499_968_000_000);
    for (const name of HDD_PRESET_NAMES) {
      const cfg = hddPreset(name);
      expect(() => validateHdd(cfg)).not.toThrow();
      const core = drive(cfg, 3000);
      expect(core.exports.storageCapacity()).toBe(hddCapacity(cfg));
    }
    expect(hddPreset("HDD-7200", { heads: 2 }).heads).toBe(2);
    expect(() => hddPreset("hdd-15k")).toThrow(/unknown HDD preset 'hdd-15k' \(one of hdd-7200, hdd-5400\)/);
    expect(() => hddPreset("hdd-15k")).toThrow(ConfigError);
  });

  // [field, bad value, core code (or null: only the host rejects it), message fragment]
  const bad: [keyof HddConfig, number, number | null][] = [
    ["rpm", 999, -63], ["rpm", 30001, -63], ["rpm", NaN, -63],
    ["cylinders", 0, -63], ["cylinders", 2 ** 24 + 1, -63], ["cylinders", 3, null], ["cylinders", 100.5, null],
    ["heads", 0, -63], ["heads", 257, -63],
    ["zones", 0, -63], ["zones", 1025, -63],
    ["outerSectorsPerTrack", 65537, -63],
    ["innerSectorsPerTrack", 0, -63], ["innerSectorsPerTrack", 3251, -63],
    ["headSwitchMs", -0.1, -64], ["headSwitchMs", Infinity, -64], ["headSwitchMs", 1e6 + 1, -64],
    ["trackToTrackMs", -1, -64], ["trackToTrackMs", NaN, -64],
  ];
  for (const [field, value, code] of bad) {
    it(`${field} = ${value}: ${code ?? "host"} and a ConfigError naming storage.${field}`, () => {
      const cfg = { ...HDD_PRESETS["hdd-7200"], [field]: value };
      expect(() => validateHdd(cfg)).toThrow(ConfigError);
      expect(() => validateHdd(cfg)).toThrow(`storage.${field}`);
      expect(() => validateHdd(cfg)).toThrow(String(value));
      if (code === null) return;
      // The core, given the same field in its own units (seek coefficients come from the preset's fit).
      const p = hddCoreParameters(HDD_PRESETS["hdd-7200"], 3000);
      const raw = { ...p } as Record<string, number>;
      const coreField: Record<string, string> = { headSwitchMs: "headSwitchNs", trackToTrackMs: "seekCNs" };
      raw[coreField[field] ?? field] = field.endsWith("Ms") ? value * 1e6 : value;
      const core = loadCore();
      const e = core.exports;
      expect(e.configureHdd(raw.rpm, raw.cylinders, raw.heads, raw.zones, raw.outerSectorsPerTrack, raw.innerSectorsPerTrack,
        raw.seekANs, raw.seekBNs, raw.seekCNs, raw.headSwitchNs, raw.coreMHz)).toBe(code);
      expect(e.setStorageModel(2)).toBe(-65);
    });
  }

  it("the core rejects the other timing and geometry values too", () => {
    const p = hddCoreParameters(HDD_PRESETS["hdd-7200"], 3000);
    const core = loadCore();
    const e = core.exports;
    const call = (o: Partial<typeof p>) => {
      const q = { ...p, ...o };
      return e.configureHdd(q.rpm, q.cylinders, q.heads, q.zones, q.outerSectorsPerTrack, q.innerSectorsPerTrack,
        q.seekANs, q.seekBNs, q.seekCNs, q.headSwitchNs, q.coreMHz);
    };
    expect(call({})).toBe(0);
    expect(call({ seekANs: -1 })).toBe(-64);
    expect(call({ seekBNs: NaN })).toBe(-64);
    expect(call({ seekCNs: 1e12 })).toBe(-64);
    expect(call({ coreMHz: 0.5 })).toBe(-64);
    expect(call({ coreMHz: 1e6 + 1 })).toBe(-64);
    expect(call({ zones: 5, cylinders: 4 })).toBe(-63);
    expect(call({ cylinders: 2 ** 24, heads: 256, outerSectorsPerTrack: 65536, innerSectorsPerTrack: 65536, zones: 1 })).toBe(-63);
    expect(call({ cylinders: 1, zones: 1, heads: 1, outerSectorsPerTrack: 1, innerSectorsPerTrack: 1 })).toBe(0);
    expect(e.setStorageModel(2)).toBe(0);
    expect(e.storageCapacity()).toBe(512);
    // A failed configuration deselects the drive.
    expect(call({ rpm: 0 })).toBe(-63);
    expect(e.storageCapacity()).toBe(0);
  });

  it("seek times that no monotone Lee curve fits are rejected, naming the fields", () => {
    const base = HDD_PRESETS["hdd-5400"];
    for (const o of [{ averageSeekMs: 15 }, { averageSeekMs: 7 }, { trackToTrackMs: 1 }]) {
      const cfg = { ...base, ...o };
      expect(() => validateHdd(cfg)).toThrow(ConfigError);
      expect(() => validateHdd(cfg)).toThrow(/storage\.averageSeekMs, storage\.trackToTrackMs, storage\.fullStrokeMs: .*between/);
    }
    expect(() => validateHdd({ ...base, fullStrokeMs: 2 })).toThrow(/storage\.fullStrokeMs/);
    expect(() => validateHdd({ ...base, zones: 2000 })).toThrow(/storage\.zones/);
    expect(() => validateHdd({ ...base, cylinders: 2 ** 24, heads: 256 })).toThrow(/storage\.cylinders: .* at most 2\^40/);
    expect(() => validateHdd(base, 0)).toThrow(/coreMHz/);
    // applyHdd validates before it touches the core
    const core = loadCore();
    expect(() => applyHdd(core, { ...base, heads: 0 })).toThrow(ConfigError);
    expect(core.exports.storageCapacity()).toBe(0);
  });
});
