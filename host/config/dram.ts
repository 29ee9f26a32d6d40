// The memory below the last cache level: the fixed latency, or a DRAM described
// Ramulator-style by data tables (geometry + timing in DRAM clock cycles) and a
// DRAMsim3/Ramulator-style address-mapping string. `applyDram` hands it to the
// core; docs/dram.md describes the model.

import { Core, CoreError } from "../core.js";
import { ConfigError } from "./level.js";

/** The fixed-latency memory of MachineConfig.memory (the default model). */
export interface FixedMemoryConfig {
  kind: "fixed";
}

/** Geometry: every count a power of two. */
export interface DramGeometry {
  channels: number;
  ranks: number; // per channel
  bankGroups: number; // per rank (1 for parts without bank groups)
  banks: number; // per bank group
  rows: number; // per bank
  columns: number; // device columns per row; one burst covers burstLength of them
  busBits: number; // data bus width of one channel
  burstLength: number; // beats per burst (BL8, BL16); a burst moves busBits/8 x burstLength bytes
}

/** Timing in DRAM clock cycles (nCK); tCKps is the clock period in picoseconds. */
export interface DramTiming {
  tCKps: number;
  tCL: number; // CAS (read) latency, CL
  tCWL: number; // CAS write latency
  tRCD: number;
  tRP: number;
  tRAS: number;
  tRC: number;
  tRTP: number;
  tWR: number;
  tCCD_S: number;
  tCCD_L: number;
  tRRD_S: number;
  tRRD_L: number;
  tFAW: number;
  tWTR_S: number;
  tWTR_L: number;
  tREFI: number; // 0: no refresh
  tRFC: number;
}

export type PagePolicy = "open" | "closed";
export const PAGE_POLICIES = ["open", "closed"] as const;

export interface DramDeviceConfig extends DramGeometry, DramTiming {
  kind: "dram";
  name: string; // preset name, for reports
  mapping: string; // fields from most to least significant bits, e.g. "RoBaRaCoCh"
  pagePolicy: PagePolicy;
}

export type DramConfig = FixedMemoryConfig | DramDeviceConfig;

export const DEFAULT_CORE_MHZ = 3000;

// ---------------------------------------------------------------- presets

/**
 * JEDEC-style speed bins (x8 parts on a 64-bit DIMM unless noted). Values in
 * nCK; where JEDEC gives nanoseconds they are rounded up to whole clocks.
 */
export const DRAM_PRESETS: Record<string, DramConfig> = {
  fixed: { kind: "fixed" },
  // DDR4-3200AA 22-22-22, 8 Gb x8: 4 bank groups x 4 banks, 64K rows, 1K columns, tRFC 350 ns, tREFI 7.8 us.
  "ddr4-3200aa": {
    kind: "dram", name: "ddr4-3200aa", mapping: "RoBaRaCoCh", pagePolicy: "open",
    channels: 1, ranks: 1, bankGroups: 4, banks: 4, rows: 65536, columns: 1024, busBits: 64, burstLength: 8,
    tCKps: 625, tCL: 22, tCWL: 16, tRCD: 22, tRP: 22, tRAS: 52, tRC: 74, tRTP: 12, tWR: 24,
    tCCD_S: 4, tCCD_L: 8, tRRD_S: 4, tRRD_L: 8, tFAW: 34, tWTR_S: 4, tWTR_L: 12, tREFI: 12480, tRFC: 560,
  },
  // DDR4-2400T 17-17-17 (tCK 0.833 ns), same organisation.
  "ddr4-2400": {
    kind: "dram", name: "ddr4-2400", mapping: "RoBaRaCoCh", pagePolicy: "open",
    channels: 1, ranks: 1, bankGroups: 4, banks: 4, rows: 65536, columns: 1024, busBits: 64, burstLength: 8,
    tCKps: 833, tCL: 17, tCWL: 12, tRCD: 17, tRP: 17, tRAS: 39, tRC: 56, tRTP: 9, tWR: 18,
    tCCD_S: 4, tCCD_L: 6, tRRD_S: 4, tRRD_L: 6, tFAW: 26, tWTR_S: 3, tWTR_L: 9, tREFI: 9364, tRFC: 421,
  },
  // DDR5-4800B 40-39-39 (tCK 0.416 ns), 16 Gb x8: a DIMM is two 32-bit subchannels (channels here), BL16,
  // 8 bank groups x 4 banks; tRFC 295 ns, tREFI 3.9 us.
  "ddr5-4800": {
    kind: "dram", name: "ddr5-4800", mapping: "RoBaRaCoCh", pagePolicy: "open",
    channels: 2, ranks: 1, bankGroups: 8, banks: 4, rows: 65536, columns: 1024, busBits: 32, burstLength: 16,
    tCKps: 416, tCL: 40, tCWL: 38, tRCD: 39, tRP: 39, tRAS: 77, tRC: 116, tRTP: 18, tWR: 72,
    tCCD_S: 8, tCCD_L: 12, tRRD_S: 8, tRRD_L: 12, tFAW: 32, tWTR_S: 6, tWTR_L: 24, tREFI: 9375, tRFC: 710,
  },
  // LPDDR4X-4266 (tCK 0.469 ns): four 16-bit channels, 8 banks, no bank groups, BL16 (32 bytes: a 64-byte
  // line is two bursts); RL 36, WL 18, tRCD/tRPpb 18 ns, tRAS 42 ns, tRFCab 280 ns, tREFI 3.9 us.
  "lpddr4x-4266": {
    kind: "dram", name: "lpddr4x-4266", mapping: "RoBaRaCoCh", pagePolicy: "open",
    channels: 4, ranks: 1, bankGroups: 1, banks: 8, rows: 65536, columns: 1024, busBits: 16, burstLength: 16,
    tCKps: 469, tCL: 36, tCWL: 18, tRCD: 39, tRP: 39, tRAS: 90, tRC: 129, tRTP: 16, tWR: 39,
    tCCD_S: 8, tCCD_L: 8, tRRD_S: 22, tRRD_L: 22, tFAW: 86, tWTR_S: 22, tWTR_L: 22, tREFI: 8316, tRFC: 598,
  },
};

export const DRAM_PRESET_NAMES = Object.keys(DRAM_PRESETS);

/** A copy of a preset, with fields overridden. */
export function dramPreset(name: string, overrides: Partial<DramDeviceConfig> = {}): DramConfig {
  const p = DRAM_PRESETS[name.toLowerCase()];
  if (!p) throw new ConfigError(`dram: unknown preset '${name}' (one of ${DRAM_PRESET_NAMES.join(", ")})`);
  if (p.kind === "fixed") {
    if (Object.keys(overrides).length > 0) throw new ConfigError(`dram: the 'fixed' model has no DRAM parameters`);
    return { kind: "fixed" };
  }
  return { ...p, ...overrides, kind: "dram" };
}

// ---------------------------------------------------------------- mapping

export const MAPPING_FIELDS = ["Ch", "Ra", "Bg", "Ba", "Ro", "Co"] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];

/** Where each field sits: bit shift above the byte offset within a burst, and width in bits. */
export type DramMapping = Record<MappingField, { shift: number; bits: number }>;

const FIELD_NAMES: Record<MappingField, string> = {
  Ch: "channels", Ra: "ranks", Bg: "bankGroups", Ba: "banks", Ro: "rows", Co: "columns",
};

function log2(n: number): number {
  return Math.round(Math.log2(n));
}

/** Width in bits of each field for a geometry (columns count in bursts). */
export function fieldBits(g: DramGeometry): Record<MappingField, number> {
  return {
    Ch: log2(g.channels), Ra: log2(g.ranks), Bg: log2(g.bankGroups), Ba: log2(g.banks),
    Ro: log2(g.rows), Co: log2(g.columns / g.burstLength),
  };
}

/**
 * Parse a mapping string: two-letter fields (Ch, Ra, Bg, Ba, Ro, Co; any case)
 * from the most to the least significant bits, each at most once. A field with
 * a single value (one rank, say) may be left out. Without Bg, Ba stands for the
 * bank group and the bank together, the bank group in its low bits (Ramulator's
 * "RoBaRaCoCh").
 */
export function parseMapping(text: string, g: DramGeometry): DramMapping {
  const where = `dram.mapping '${text}'`;
  if (text.length === 0 || text.length % 2 !== 0) {
    throw new ConfigError(`${where}: write two-letter fields from most to least significant, e.g. RoBaRaCoCh`);
  }
  const order: MappingField[] = [];
  for (let i = 0; i < text.length; i += 2) {
    const tok = text.slice(i, i + 2);
    const f = MAPPING_FIELDS.find((n) => n.toLowerCase() === tok.toLowerCase());
    if (!f) throw new ConfigError(`${where}: unknown field '${tok}' (fields are ${MAPPING_FIELDS.join(", ")})`);
    if (order.includes(f)) throw new ConfigError(`${where}: ${f} appears twice`);
    order.push(f);
  }
  const bits = fieldBits(g);
  const bankWithGroup = !order.includes("Bg") && order.includes("Ba");
  for (const f of MAPPING_FIELDS) {
    if (order.includes(f) || bits[f] === 0) continue;
    if (f === "Bg" && bankWithGroup) continue;
    throw new ConfigError(`${where}: does not name ${f} (${FIELD_NAMES[f]}: ${f === "Co" ? g.columns / g.burstLength + " bursts" : (g as unknown as Record<string, number>)[FIELD_NAMES[f]]})`);
  }
  const out = Object.fromEntries(MAPPING_FIELDS.map((f) => [f, { shift: 0, bits: bits[f] }])) as DramMapping;
  let shift = 0;
  for (let i = order.length - 1; i >= 0; i--) {
    const f = order[i];
    if (f === "Ba" && bankWithGroup) {
      out.Bg.shift = shift;
      shift += bits.Bg;
    }
    out[f].shift = shift;
    shift += bits[f];
  }
  return out;
}

// ---------------------------------------------------------------- validation

const GEOMETRY_FIELDS = ["channels", "ranks", "bankGroups", "banks", "rows", "columns", "busBits", "burstLength"] as const;
const TIMING_FIELDS = [
  "tCL", "tCWL", "tRCD", "tRP", "tRAS", "tRC", "tRTP", "tWR", "tCCD_S", "tCCD_L",
  "tRRD_S", "tRRD_L", "tFAW", "tWTR_S", "tWTR_L", "tREFI", "tRFC",
] as const;
const AT_LEAST_ONE = new Set<string>(["tCL", "tRCD", "tRP", "tRAS", "tRC"]);

const isPow2 = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

/** Check a DRAM config (and the core clock) against the model's rules; messages name the field. */
export function validateDram(d: DramConfig, coreMHz: number = DEFAULT_CORE_MHZ): void {
  if (!Number.isInteger(coreMHz) || coreMHz < 1 || coreMHz > 1e6) {
    throw new ConfigError(`coreMHz: must be a whole number of MHz between 1 and 1000000, not ${coreMHz}`);
  }
  if (d.kind === "fixed") return;
  for (const f of GEOMETRY_FIELDS) {
    const v = d[f];
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`dram.${f}: must be at least 1, not ${v}`);
    if (!isPow2(v)) throw new ConfigError(`dram.${f}: must be a power of two, not ${v}`);
  }
  if (d.channels > 32) throw new ConfigError(`dram.channels: at most 32, not ${d.channels}`);
  if (d.channels * d.ranks > 128) throw new ConfigError(`dram.ranks: at most 128 ranks in all channels, not ${d.channels * d.ranks}`);
  const totalBanks = d.channels * d.ranks * d.bankGroups * d.banks;
  if (totalBanks > 2048) throw new ConfigError(`dram.banks: at most 2048 banks in all, not ${totalBanks}`);
  if (d.rows > 2 ** 24) throw new ConfigError(`dram.rows: at most 2^24, not ${d.rows}`);
  if (d.columns > 2 ** 24) throw new ConfigError(`dram.columns: at most 2^24, not ${d.columns}`);
  if (d.busBits < 8 || d.busBits > 1024) throw new ConfigError(`dram.busBits: must be between 8 and 1024, not ${d.busBits}`);
  if (d.burstLength < 2 || d.burstLength > 64) throw new ConfigError(`dram.burstLength: must be between 2 and 64, not ${d.burstLength}`);
  if (d.columns < d.burstLength) throw new ConfigError(`dram.columns: ${d.columns} is less than one burst (burstLength ${d.burstLength})`);
  if (!PAGE_POLICIES.includes(d.pagePolicy)) throw new ConfigError(`dram.pagePolicy: must be open or closed, not ${d.pagePolicy}`);
  const m = parseMapping(d.mapping, d);
  const addressBits = Object.values(m).reduce((s, f) => s + f.bits, 0) + log2((d.busBits / 8) * d.burstLength);
  if (addressBits > 48) throw new ConfigError(`dram: ${addressBits} address bits; the model maps at most 48`);
  if (!Number.isInteger(d.tCKps) || d.tCKps < 1 || d.tCKps > 1e6) {
    throw new ConfigError(`dram.tCKps: must be a whole number of picoseconds between 1 and 1000000, not ${d.tCKps}`);
  }
  for (const f of TIMING_FIELDS) {
    const v = d[f];
    const min = AT_LEAST_ONE.has(f) ? 1 : 0;
    if (!Number.isInteger(v) || v < min || v >= 2 ** 24) {
      throw new ConfigError(`dram.${f}: must be a whole number of clocks from ${min} below 2^24, not ${v}`);
    }
  }
  if (d.tCL > d.tRC) throw new ConfigError(`dram.tCL ${d.tCL} exceeds tRC ${d.tRC}`);
  if (d.tRCD > d.tRAS) throw new ConfigError(`dram.tRCD ${d.tRCD} exceeds tRAS ${d.tRAS}`);
  if (d.tRAS > d.tRC) throw new ConfigError(`dram.tRAS ${d.tRAS} exceeds tRC ${d.tRC}`);
  if (d.tREFI > 0 && d.tRFC >= d.tREFI) throw new ConfigError(`dram.tRFC ${d.tRFC} must be less than tREFI ${d.tREFI}`);
}

// ---------------------------------------------------------------- to the core

/** Select and configure the memory model (validated first). Call before initMachine. */
export function applyDram(core: Core, d: DramConfig, coreMHz: number = DEFAULT_CORE_MHZ): void {
  validateDram(d, coreMHz);
  const e = core.exports;
  if (d.kind === "fixed") {
    core.check(e.setMemoryModel(0));
    return;
  }
  const m = parseMapping(d.mapping, d);
  const fail = (code: number) => {
    if (code < 0) throw new ConfigError(`dram (${d.name}): ${new CoreError(code).message}`);
  };
  fail(e.configureDram(d.channels, d.ranks, d.bankGroups, d.banks, d.rows, d.columns, d.busBits, d.burstLength,
    PAGE_POLICIES.indexOf(d.pagePolicy), m.Ch.shift, m.Ra.shift, m.Bg.shift, m.Ba.shift, m.Ro.shift, m.Co.shift));
  fail(e.configureDramTiming(d.tCKps, coreMHz, d.tCL, d.tCWL, d.tRCD, d.tRP, d.tRAS, d.tRC, d.tRTP, d.tWR,
    d.tCCD_S, d.tCCD_L, d.tRRD_S, d.tRRD_L, d.tFAW, d.tWTR_S, d.tWTR_L, d.tREFI, d.tRFC));
  fail(e.setMemoryModel(1));
}

/** One line for reports: "ddr4-3200aa, 1 ch x 1 rank x 4x4 banks, RoBaRaCoCh, open page". */
export function describeDram(d: DramConfig): string {
  if (d.kind === "fixed") return "fixed latency";
  return `${d.name}, ${d.channels} ch x ${d.ranks} rank x ${d.bankGroups}x${d.banks} banks, ${d.mapping}, ${d.pagePolicy} page`;
}
