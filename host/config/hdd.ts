// A hard disk described the way a datasheet does: rpm, geometry, zoned
// sectors per track and three seek times (track-to-track, average, full
// stroke) from which Lee's seek curve is fitted. `applyHdd` hands it to the
// core (assembly/memory/hdd.ts); docs/hdd.md describes the model.

import type { Core } from "../core.js";
import { CoreError } from "../core.js";
import { ConfigError } from "./level.js";
import { DEFAULT_CORE_MHZ } from "./dram.js";

export interface HddConfig {
  kind: "hdd";
  name: string; // preset name, for reports
  rpm: number;
  cylinders: number;
  heads: number; // recording surfaces (tracks per cylinder)
  zones: number; // recording zones: equal runs of cylinders, outermost first
  outerSectorsPerTrack: number; // 512-byte sectors per track in the outermost zone
  innerSectorsPerTrack: number; // ... and in the innermost zone
  trackToTrackMs: number; // a one-cylinder seek
  averageSeekMs: number; // mean seek between two uniformly random cylinders (0 when they coincide)
  fullStrokeMs: number; // a seek over cylinders - 1
  headSwitchMs: number; // another head, same cylinder
}

/** Lee's seek curve seek(d) = a·√(d−1) + b·(d−1) + c (d ≥ 1 cylinders; 0 for d = 0), in ms. */
export interface LeeCoefficients {
  a: number;
  b: number;
  c: number;
}

export const SECTOR_BYTES = 512;

// The core's limits (assembly/memory/hdd.ts).
export const HDD_LIMITS = {
  minRpm: 1000,
  maxRpm: 30000,
  maxCylinders: 2 ** 24,
  maxHeads: 256,
  maxZones: 1024,
  maxSectorsPerTrack: 65536,
  maxSectors: 2 ** 40,
  maxMs: 1e6, // 10^12 ns
} as const;

// ---------------------------------------------------------------- presets

export const HDD_PRESETS: Record<string, HddConfig> = {
  // A 3.5" 1 TB desktop drive: two platters, about 200 MB/s on the outer tracks and 100 MB/s on the inner.
  "hdd-7200": {
    kind: "hdd", name: "hdd-7200", rpm: 7200, cylinders: 200000, heads: 4, zones: 16,
    outerSectorsPerTrack: 3250, innerSectorsPerTrack: 1625,
    trackToTrackMs: 1.0, averageSeekMs: 7.4, fullStrokeMs: 16.0, headSwitchMs: 0.8,
  },
  // A 2.5" 500 GB laptop drive: one platter, about 100 MB/s outer and 50 MB/s inner.
  "hdd-5400": {
    kind: "hdd", name: "hdd-5400", rpm: 5400, cylinders: 300000, heads: 2, zones: 16,
    outerSectorsPerTrack: 2170, innerSectorsPerTrack: 1085,
    trackToTrackMs: 3.0, averageSeekMs: 12.0, fullStrokeMs: 20.0, headSwitchMs: 1.0,
  },
};

export const HDD_PRESET_NAMES = Object.keys(HDD_PRESETS);

/** A copy of a preset, with fields overridden. */
export function hddPreset(name: string, overrides: Partial<HddConfig> = {}): HddConfig {
  const p = HDD_PRESETS[name.toLowerCase()];
  if (!p) throw new ConfigError(`storage: unknown HDD preset '${name}' (one of ${HDD_PRESET_NAMES.join(", ")})`);
  return { ...p, ...overrides, kind: "hdd" };
}

// ---------------------------------------------------------------- geometry

/** Sectors per track of each zone, outermost first: round(outer − (outer − inner)·z/(zones − 1)), halves up. */
export function zoneSectorsPerTrack(c: HddConfig): number[] {
  const { zones, outerSectorsPerTrack: outer, innerSectorsPerTrack: inner } = c;
  if (zones === 1) return [outer];
  return Array.from({ length: zones }, (_, z) => Math.floor(outer - ((outer - inner) * z) / (zones - 1) + 0.5));
}

/** Cylinders of each zone: floor(cylinders / zones), the last zone the remainder too. */
export function zoneCylinders(c: HddConfig): number[] {
  const per = Math.floor(c.cylinders / c.zones);
  return Array.from({ length: c.zones }, (_, z) => (z === c.zones - 1 ? c.cylinders - per * (c.zones - 1) : per));
}

/** Sectors on the drive. */
export function hddSectors(c: HddConfig): number {
  const spt = zoneSectorsPerTrack(c);
  return zoneCylinders(c).reduce((sum, cyls, z) => sum + cyls * c.heads * spt[z], 0);
}

/** Bytes on the drive. */
export function hddCapacity(c: HddConfig): number {
  return hddSectors(c) * SECTOR_BYTES;
}

/** Media rate in MB/s (10^6 bytes) of a track of `spt` sectors. */
export function trackMBps(c: HddConfig, spt: number): number {
  return (spt * SECTOR_BYTES * c.rpm) / 60 / 1e6;
}

// ---------------------------------------------------------------- seek curve

/**
 * The sums behind the average seek. For two cylinders x, y uniform over C,
 * d = |x − y| has P(0) = 1/C and P(d) = 2(C − d)/C² for d ≥ 1, so
 * E[seek] = a·S1 + b·S2 + c·P1 with S1 = Σ P(d)·√(d−1) (summed exactly),
 * S2 = Σ P(d)·(d−1) = (C−1)(C−2)/(3C) and P1 = 1 − 1/C.
 */
export function seekMoments(cylinders: number): { s1: number; s2: number; p1: number } {
  const C = cylinders;
  let s1 = 0;
  let carry = 0; // Kahan summation of Σ (C − d)·√(d − 1)
  for (let d = 2; d < C; d++) {
    const y = (C - d) * Math.sqrt(d - 1) - carry;
    const t = s1 + y;
    carry = t - s1 - y;
    s1 = t;
  }
  return { s1: (2 * s1) / (C * C), s2: ((C - 1) * (C - 2)) / (3 * C), p1: 1 - 1 / C };
}

/** Lee's seek time (ms) over d cylinders. */
export function leeSeekMs(k: LeeCoefficients, d: number): number {
  return d === 0 ? 0 : k.a * Math.sqrt(d - 1) + k.b * (d - 1) + k.c;
}

/**
 * Fit Lee's curve (ms) to a datasheet: c = track-to-track, and a, b solve
 * seek(cylinders − 1) = full stroke and E[seek(|x − y|)] = average seek for x, y
 * uniform over the cylinders. Throws a ConfigError when the three times admit
 * no curve with a, b ≥ 0 (which is then monotone).
 */
export function leeCoefficients(cfg: HddConfig): LeeCoefficients {
  const C = cfg.cylinders;
  const c = cfg.trackToTrackMs;
  const where = "storage.averageSeekMs, storage.trackToTrackMs, storage.fullStrokeMs";
  if (!(C >= 4)) throw new ConfigError(`storage.cylinders: Lee's seek curve needs at least 4 cylinders, not ${C}`);
  if (cfg.fullStrokeMs < c) {
    throw new ConfigError(`storage.fullStrokeMs: ${cfg.fullStrokeMs} ms is shorter than storage.trackToTrackMs ${c} ms`);
  }
  const { s1, s2, p1 } = seekMoments(C);
  const D = C - 2; // the full stroke's d − 1
  const rootD = Math.sqrt(D);
  const r1 = cfg.fullStrokeMs - c; // a·√D + b·D
  const r2 = cfg.averageSeekMs - c * p1; // a·s1 + b·s2
  const det = rootD * s2 - D * s1;
  let a = (r1 * s2 - D * r2) / det;
  let b = (rootD * r2 - s1 * r1) / det;
  // Values a hair below 0 are rounding at the edge of the feasible range.
  const eps = 1e-9 * Math.max(1, cfg.fullStrokeMs);
  if (a < 0 && a > -eps) a = 0;
  if (b < 0 && b > -eps) b = 0;
  if (!(a >= 0 && b >= 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    // a = 0 (a straight line) and b = 0 (a pure square root) bound the averages a monotone curve can have.
    const low = c * p1 + (r1 * s2) / D;
    const high = c * p1 + (r1 * s1) / rootD;
    throw new ConfigError(
      `${where}: no monotone Lee seek curve has these times (a = ${a.toPrecision(4)}, b = ${b.toPrecision(4)}); ` +
        `with ${c} ms track-to-track and ${cfg.fullStrokeMs} ms full stroke over ${C} cylinders, ` +
        `the average seek must be between ${low.toFixed(3)} and ${high.toFixed(3)} ms, not ${cfg.averageSeekMs}`,
    );
  }
  return { a, b, c };
}

// ---------------------------------------------------------------- validation

function checkNumber(field: keyof HddConfig, v: number, min: number, max: number, whole: boolean): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (whole && !Number.isInteger(v))) {
    const what = whole ? "a whole number" : "a number";
    throw new ConfigError(`storage.${field}: must be ${what} from ${min} to ${max}, not ${v}`);
  }
}

/** Check an HDD config (and the core clock) against the model's rules; messages name the field. */
export function validateHdd(c: HddConfig, coreMHz: number = DEFAULT_CORE_MHZ): void {
  if (!Number.isInteger(coreMHz) || coreMHz < 1 || coreMHz > 1e6) {
    throw new ConfigError(`coreMHz: must be a whole number of MHz between 1 and 1000000, not ${coreMHz}`);
  }
  if (c.kind !== "hdd") throw new ConfigError(`storage.kind: must be hdd, not ${c.kind}`);
  const L = HDD_LIMITS;
  checkNumber("rpm", c.rpm, L.minRpm, L.maxRpm, false);
  checkNumber("cylinders", c.cylinders, 4, L.maxCylinders, true);
  checkNumber("heads", c.heads, 1, L.maxHeads, true);
  checkNumber("zones", c.zones, 1, Math.min(L.maxZones, c.cylinders), true);
  checkNumber("outerSectorsPerTrack", c.outerSectorsPerTrack, 1, L.maxSectorsPerTrack, true);
  checkNumber("innerSectorsPerTrack", c.innerSectorsPerTrack, 1, c.outerSectorsPerTrack, true);
  const sectors = hddSectors(c);
  if (sectors > L.maxSectors) {
    throw new ConfigError(`storage.cylinders: ${sectors} sectors in all; the model holds at most 2^40 (512 TiB)`);
  }
  for (const f of ["trackToTrackMs", "averageSeekMs", "fullStrokeMs", "headSwitchMs"] as const) {
    checkNumber(f, c[f], 0, L.maxMs, false);
  }
  leeCoefficients(c);
}

// ---------------------------------------------------------------- to the core

/** What configureHdd receives: the seek coefficients and head switch in ns. */
export function hddCoreParameters(c: HddConfig, coreMHz: number = DEFAULT_CORE_MHZ) {
  const k = leeCoefficients(c);
  return {
    rpm: c.rpm, cylinders: c.cylinders, heads: c.heads, zones: c.zones,
    outerSectorsPerTrack: c.outerSectorsPerTrack, innerSectorsPerTrack: c.innerSectorsPerTrack,
    seekANs: k.a * 1e6, seekBNs: k.b * 1e6, seekCNs: k.c * 1e6, headSwitchNs: c.headSwitchMs * 1e6, coreMHz,
  };
}

/** Configure the HDD (validated first) and select it as the storage device. Call before initMachine. */
export function applyHdd(core: Core, c: HddConfig, coreMHz: number = DEFAULT_CORE_MHZ): void {
  validateHdd(c, coreMHz);
  const p = hddCoreParameters(c, coreMHz);
  const code = core.exports.configureHdd(p.rpm, p.cylinders, p.heads, p.zones, p.outerSectorsPerTrack,
    p.innerSectorsPerTrack, p.seekANs, p.seekBNs, p.seekCNs, p.headSwitchNs, p.coreMHz);
  if (code < 0) throw new ConfigError(`storage (${c.name}): ${new CoreError(code).message}`);
  core.check(core.exports.setStorageModel(2));
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e12) return `${(bytes / 1e12).toFixed(2)} TB`;
  return `${(bytes / 1e9).toFixed(bytes >= 1e11 ? 0 : 1)} GB`;
}

/** One line for reports: "hdd-7200, 7200 rpm, 998 GB, 200-100 MB/s outer-inner, 7.4 ms average seek". */
export function describeHdd(c: HddConfig): string {
  const outer = trackMBps(c, c.outerSectorsPerTrack).toFixed(0);
  const inner = trackMBps(c, c.zones === 1 ? c.outerSectorsPerTrack : c.innerSectorsPerTrack).toFixed(0);
  return `${c.name}, ${c.rpm} rpm, ${formatBytes(hddCapacity(c))}, ${outer}-${inner} MB/s outer-inner, ` +
    `${c.averageSeekMs} ms average seek`;
}
