// One cache level's configuration, its "SIZE,ASSOC,LINE[,OPTION...]" spec and
// its validation. Messages name the option they came from.

import { parseSize, formatSize } from "./size.js";

export const POLICIES = ["lru", "fifo", "random", "plru", "mru"] as const;
export type Policy = (typeof POLICIES)[number];
export const INCLUSIONS = ["nine", "inclusive", "exclusive"] as const;
export type Inclusion = (typeof INCLUSIONS)[number];

export interface LevelConfig {
  size: number; // bytes
  assoc: number;
  line: number; // bytes
  latency: number; // hit latency, cycles
  policy: Policy;
  writeBack: boolean;
  writeAllocate: boolean;
  inclusion: Inclusion; // relation to the levels above this one
  seed: number; // random policy seed
}

export class ConfigError extends Error {}

/** Lines per level the core can hold (assembly/cache/level.ts MAX_LINES). */
export const MAX_LINES = 2 ** 26;

export const LEVEL_DEFAULTS: Omit<LevelConfig, "size" | "assoc" | "line"> = {
  latency: 4,
  policy: "lru",
  writeBack: true,
  writeAllocate: true,
  inclusion: "nine",
  seed: 1,
};

export const SPEC_HELP =
  "SIZE,ASSOC,LINE[,OPTION...] where OPTION is a policy (lru, fifo, random, plru, mru), " +
  "wb or wt (write-back/through), wa or nwa (write-allocate or not), nine, inclusive or exclusive, " +
  "lat=CYCLES (hit latency) or seed=N (random policy); or 'none' for no such level";

/**
 * Parse a level spec such as "32K,8,64" or "256K,8,64,plru,inclusive,lat=12".
 * Returns null for "none". `base` supplies the options the spec leaves out.
 */
export function parseLevelSpec(option: string, text: string, base: Partial<LevelConfig> = {}): LevelConfig | null {
  const spec = text.trim();
  if (spec.toLowerCase() === "none") return null;
  const fields = spec.split(",").map((f) => f.trim());
  if (fields.length < 3) {
    throw new ConfigError(`${option}: '${text}' is not a level spec; expected ${SPEC_HELP}`);
  }
  const size = parseSize(fields[0]);
  if (size === null || size <= 0) throw new ConfigError(`${option}: '${fields[0]}' is not a size (try 32768, 32K or 2M)`);
  const assoc = wholeNumber(option, "associativity", fields[1]);
  const line = parseSize(fields[2]);
  if (line === null) throw new ConfigError(`${option}: '${fields[2]}' is not a line size in bytes`);
  const level: LevelConfig = { ...LEVEL_DEFAULTS, ...base, size, assoc, line };
  for (const raw of fields.slice(3)) {
    const opt = raw.toLowerCase();
    if ((POLICIES as readonly string[]).includes(opt)) level.policy = opt as Policy;
    else if ((INCLUSIONS as readonly string[]).includes(opt)) level.inclusion = opt as Inclusion;
    else if (opt === "wb" || opt === "wt") level.writeBack = opt === "wb";
    else if (opt === "wa" || opt === "nwa") level.writeAllocate = opt === "wa";
    else if (opt.startsWith("lat=")) level.latency = wholeNumber(option, "latency", opt.slice(4), 0);
    else if (opt.startsWith("seed=")) level.seed = wholeNumber(option, "seed", opt.slice(5), 0);
    else throw new ConfigError(`${option}: unknown option '${raw}'; expected ${SPEC_HELP}`);
  }
  validateLevel(option, level);
  return level;
}

function wholeNumber(option: string, what: string, text: string, min = 1): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(`${option}: ${what} '${text}' must be a whole number of at least ${min}`);
  }
  return n;
}

/** The geometry rules, with the arithmetic spelled out when they fail. */
export function validateLevel(option: string, level: LevelConfig): void {
  const { size, assoc, line } = level;
  if (line < 4 || (line & (line - 1)) !== 0) {
    throw new ConfigError(`${option}: line size ${line} B must be a power of two of at least 4 bytes`);
  }
  if (!Number.isInteger(assoc) || assoc < 1) throw new ConfigError(`${option}: associativity must be at least 1`);
  const sets = size / (assoc * line);
  const what = `${formatSize(size)} with ${assoc} way${assoc === 1 ? "" : "s"} of ${line} B`;
  if (!Number.isInteger(sets) || sets < 1) {
    throw new ConfigError(`${option}: ${what} does not divide into whole sets (${size} / (${assoc} x ${line}) = ${+sets.toFixed(3)})`);
  }
  if ((sets & (sets - 1)) !== 0 || sets > 2 ** 30) {
    throw new ConfigError(`${option}: ${what} gives ${sets} sets; sets must be a power of two`);
  }
  if (sets * assoc > MAX_LINES) {
    throw new ConfigError(`${option}: ${what} has ${sets * assoc} lines; memsim simulates at most ${MAX_LINES} (2^26) lines per level`);
  }
  if (level.policy === "plru" && (assoc > 64 || (assoc & (assoc - 1)) !== 0)) {
    throw new ConfigError(`${option}: plru needs a power-of-two associativity of at most 64, not ${assoc}`);
  }
}

/** "32K,8,64" style summary of a level. */
export function describeLevel(level: LevelConfig): string {
  return `${formatSize(level.size)} ${level.assoc}-way ${level.line} B`;
}
