// The parameter grid of `memsim sweep` (docs/sweep.md): its axes from the
// command line or a sweep file, the closed-form point count, and the expansion
// into machines, each checked by the same rules `memsim run` applies; an
// invalid combination is skipped with its reason, never run.

import { readFileSync } from "node:fs";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { dirname, resolve } from "node:path";
import { LEVEL_NAMES, type LevelName } from "../core.js";
import { ConfigError, LEVEL_DEFAULTS, POLICIES, validateLevel, describeLevel, type LevelConfig, type Policy } from "../config/level.js";
import { validateMachine, type MachineConfig } from "../config/machine.js";
import { dramPreset, DRAM_PRESET_NAMES } from "../config/dram.js";
import { parseRange } from "../mountain/mountain.js";
import { formatSize } from "../config/size.js";

/** The grid's axes, in expansion order. */
export const SIZE_AXES = LEVEL_NAMES; // l1i, l1d, l2, l3: the level's size
export const AXES = [...SIZE_AXES, "assoc", "line", "policy", "dram"] as const;
export type Axis = (typeof AXES)[number];

/** A grid point: the value of each swept axis (sizes and lines in bytes). */
export type Point = Partial<Record<LevelName | "assoc" | "line", number> & { policy: Policy; dram: string }>;

export interface Grid {
  /** The values of each swept axis; an axis not swept is absent. */
  axes: Partial<Record<Axis, (number | string)[]>>;
  /** The levels the assoc, line and policy axes apply to. */
  target: LevelName[];
}

/** Over this many points a sweep needs --yes. */
export const MAX_POINTS_WITHOUT_YES = 100_000;

/** The sweep file's fields (docs/sweep.md). */
export const FILE_FIELDS = ["workloads", "params", "preset", "config", ...AXES, "target"] as const;

export interface GridText {
  l1i?: string; l1d?: string; l2?: string; l3?: string;
  assoc?: string; line?: string; policy?: string; dram?: string; target?: string;
}

function nonEmpty(option: string, text: string): string {
  if (text.trim() === "" || text.split(",").every((t) => t.trim() === "")) throw new ConfigError(`${option}: the list is empty`);
  return text;
}

/** "1..16" (doubling) or "1,2,4,12" into whole numbers of at least 1. */
function parseWays(option: string, text: string): number[] {
  const whole = (t: string) => {
    if (!/^\s*\d+\s*$/.test(t) || Number(t) < 1) throw new ConfigError(`${option}: '${t.trim()}' is not an associativity (a whole number of ways, at least 1)`);
    return Number(t);
  };
  const range = /^(.*)\.\.(.*)$/.exec(text);
  if (!range) return text.split(",").map(whole);
  const out: number[] = [];
  for (let v = whole(range[1]), hi = whole(range[2]); v <= hi; v *= 2) out.push(v);
  if (out.length === 0) throw new ConfigError(`${option}: ${range[1].trim()} is larger than ${range[2].trim()}`);
  return out;
}

function parseNames<T extends string>(option: string, text: string, names: readonly T[], what: string): T[] {
  return text.split(",").map((raw) => {
    const t = raw.trim().toLowerCase() as T;
    if (!names.includes(t)) throw new ConfigError(`${option}: unknown ${what} '${raw.trim()}' (one of ${names.join(", ")})`);
    return t;
  });
}

/** One axis's values from its text; `option` names it in messages. */
export function parseAxis(axis: Axis | "target", option: string, text: string): (number | string)[] {
  nonEmpty(option, text);
  switch (axis) {
    case "assoc": return parseWays(option, text);
    case "policy": return parseNames(option, text, POLICIES, "policy");
    case "dram": return parseNames(option, text, DRAM_PRESET_NAMES, "memory model");
    case "target": return parseNames(option, text, LEVEL_NAMES, "level");
    default: return parseRange(option, text); // sizes and lines: MIN..MAX doubling, or a list
  }
}

/** A list's duplicates would be the same point twice. */
function dedupe(option: string, values: (number | string)[]): (number | string)[] {
  const seen = new Set(values);
  if (seen.size !== values.length) throw new ConfigError(`${option}: a value appears twice in the list`);
  return values;
}

/** The grid from command-line texts (`--l1d 16K..128K`, ...); the file's axes fill in what the command line leaves out. */
export function gridFrom(cli: GridText, file?: SweepFile): Grid {
  const axes: Grid["axes"] = { ...file?.grid.axes };
  for (const axis of AXES) {
    const text = cli[axis];
    if (text !== undefined) axes[axis] = dedupe(`--${axis}`, parseAxis(axis, `--${axis}`, text));
  }
  let target = cli.target !== undefined ? (parseAxis("target", "--target", cli.target) as LevelName[]) : file?.grid.target;
  if (!target || target.length === 0) {
    const swept = SIZE_AXES.filter((l) => axes[l]);
    target = swept.length ? swept : ["l1d"];
  }
  return { axes, target };
}

/** Points in the grid before validity checks: the product of the axis lengths (at least 1). */
export function gridSize(grid: Grid): number {
  return AXES.reduce((n, a) => n * (grid.axes[a]?.length ?? 1), 1);
}

export interface SweepFile {
  path: string;
  workloads?: string[];
  params?: Record<string, string>;
  preset?: string;
  config?: string;
  grid: Grid;
}

/** Read a sweep file (JSON); every message names the file and the field. */
export function readSweepFile(path: string): SweepFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(`--grid: ${path}: ${e.code === "ENOENT" ? "no such file" : e.code ? `cannot read it (${e.code})` : `not JSON (${e.message})`}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(`--grid: ${path}: expected a JSON object`);
  const obj = raw as Record<string, unknown>;
  const where = (field: string) => `${path}: ${field}`;
  for (const key of Object.keys(obj)) {
    if (!(FILE_FIELDS as readonly string[]).includes(key)) throw new ConfigError(`${where(key)}: unknown parameter (expected ${FILE_FIELDS.join(", ")})`);
  }
  // A list may be a JSON array or the command line's text ("16K..128K").
  const text = (field: string): string | undefined => {
    const v = obj[field];
    if (v === undefined) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    if (Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number")) return v.join(",");
    throw new ConfigError(`${where(field)}: expected a list (an array, or a string such as "16K..128K")`);
  };
  const file: SweepFile = { path, grid: { axes: {}, target: [] } };
  for (const axis of AXES) {
    const t = text(axis);
    if (t !== undefined) file.grid.axes[axis] = dedupe(where(axis), parseAxis(axis, where(axis), t));
  }
  const target = text("target");
  if (target !== undefined) file.grid.target = parseAxis("target", where("target"), target) as LevelName[];
  const workloads = text("workloads");
  if (workloads !== undefined) file.workloads = nonEmpty(where("workloads"), workloads).split(",").map((w) => w.trim());
  for (const field of ["preset", "config"] as const) {
    const v = obj[field];
    if (v === undefined) continue;
    if (typeof v !== "string") throw new ConfigError(`${where(field)}: expected a string`);
    file[field] = field === "config" ? resolve(dirname(path), v) : v;
  }
  if (obj.params !== undefined) {
    const p = obj.params;
    if (typeof p !== "object" || p === null || Array.isArray(p)) throw new ConfigError(`${where("params")}: expected an object such as {"n": 64}`);
    file.params = Object.fromEntries(Object.entries(p).map(([k, v]) => {
      if (typeof v !== "string" && typeof v !== "number") throw new ConfigError(`${where(`params.${k}`)}: expected a number or a string`);
      return [k, String(v)];
    }));
  }
  return file;
}

/** A level the base machine lacks, when its size is swept: these ways, 64-byte lines, the usual latency. */
function newLevel(name: LevelName): LevelConfig {
  return { ...LEVEL_DEFAULTS, size: 0, assoc: name === "l3" ? 16 : 8, line: 64, latency: name === "l2" ? 12 : name === "l3" ? 40 : 4 };
}

export interface Config {
  /** Position in the expansion order. */
  index: number;
  point: Point;
  /** A digest of the point's whole machine (the machine itself is rebuilt when the point runs: pointMachine). */
  digest: string;
}

export interface Skipped {
  /** The rule the points break, e.g. "--l1d: sets not a power of two". */
  reason: string;
  count: number;
  /** The first such point and its full message. */
  example: Point;
  message: string;
}

/** "--l1d: 48K with 12 ways of 64 B gives 64 sets; ..." into the rule it states, to count points by reason. */
export function reasonOf(message: string): string {
  const option = /^(\S+): /.exec(message)?.[1] ?? "";
  const rules: [RegExp, string][] = [
    [/does not divide into whole sets/, "size / (ways x line) is not a whole number of sets"],
    [/sets must be a power of two/, "sets not a power of two"],
    [/plru needs a power-of-two associativity/, "plru with ways not a power of two (or over 64)"],
    [/memsim simulates at most/, "more lines than memsim simulates (2^26)"],
  ];
  const rule = rules.find(([re]) => re.test(message))?.[1] ?? message.slice(option.length + 2).replace(/\s*\([^)]*\)\s*$/, "");
  return option ? `${option}: ${rule}` : rule;
}

/** A point as a short label: "l1d 32K, 8-way, 64 B, lru, ddr4-3200aa". */
export function describePoint(p: Point): string {
  return AXES.filter((a) => p[a] !== undefined).map((a) => {
    const v = p[a]!;
    if ((SIZE_AXES as readonly string[]).includes(a)) return `${a} ${formatSize(v as number)}`;
    return a === "assoc" ? `${v}-way` : a === "line" ? `${v} B` : String(v);
  }).join(", ");
}

/**
 * Every point of the grid on top of `base`, in order (l1i, l1d, l2, l3,
 * assoc, line, policy, dram; the last axis varies fastest), split into the
 * valid machines and the skipped points counted by reason.
 */
export function expandGrid(grid: Grid, base: MachineConfig): { configs: Config[]; skipped: Skipped[] } {
  for (const level of grid.target) {
    if (!base.levels[level] && !grid.axes[level]) {
      throw new ConfigError(`--target: the base machine has no ${level}; sweep its size (--${level}) to add one`);
    }
  }
  const swept = AXES.filter((a) => grid.axes[a]);
  const configs: Config[] = [];
  const skipped = new Map<string, Skipped>();
  const total = gridSize(grid);
  for (let index = 0; index < total; index++) {
    // mixed-radix digits of index, the last swept axis fastest
    const digits: number[] = [];
    let rest = index;
    for (let i = swept.length - 1; i >= 0; i--) {
      const n = grid.axes[swept[i]]!.length;
      digits[i] = rest % n;
      rest = Math.floor(rest / n);
    }
    const point = Object.fromEntries(swept.map((a, i) => [a, grid.axes[a]![digits[i]]])) as Point;
    const machine = pointMachine(base, grid.target, point);
    try {
      for (const level of LEVEL_NAMES) {
        if (point[level] !== undefined || (grid.target.includes(level) && machine.levels[level])) validateLevel(`--${level}`, machine.levels[level]!);
      }
      validateMachine(machine);
      configs.push({ index, point, digest: digest(machine) });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const reason = reasonOf(err.message);
      const s = skipped.get(reason);
      if (s) s.count++;
      else skipped.set(reason, { reason, count: 1, example: point, message: err.message });
    }
  }
  return { configs, skipped: [...skipped.values()] };
}

/** Keys sorted at every depth, so equal values print equally. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * A short hash of any JSON value, insensitive to key order: SHA-256 by @noble/hashes, the same
 * digest as Node's crypto gives, in a browser too (the playground plans its sweeps with this).
 */
export function digest(v: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(stableJson(v)))).slice(0, 20);
}

/** A level's size and ways at a point, without building the machine. */
export function levelAt(base: MachineConfig, target: LevelName[], point: Point, level: LevelName): { size: number; assoc: number } | undefined {
  const lv = base.levels[level];
  const size = point[level] ?? lv?.size;
  if (size === undefined) return undefined;
  const assoc = (target.includes(level) ? point.assoc : undefined) ?? lv?.assoc ?? newLevel(level).assoc;
  return { size, assoc };
}

/** The base machine with one point's values applied. */
export function pointMachine(base: MachineConfig, target: LevelName[], point: Point): MachineConfig {
  const machine = structuredClone(base);
  for (const level of LEVEL_NAMES) {
    const size = point[level];
    if (size !== undefined) machine.levels[level] = { ...(machine.levels[level] ?? newLevel(level)), size };
  }
  for (const level of target) {
    const lv = machine.levels[level];
    if (!lv) continue;
    if (point.assoc !== undefined) lv.assoc = point.assoc;
    if (point.line !== undefined) lv.line = point.line;
    if (point.policy !== undefined) lv.policy = point.policy;
  }
  if (point.dram !== undefined) machine.dram = dramPreset(point.dram);
  return machine;
}

/** Total bytes of cache in a machine (every level). */
export function cacheBytes(m: MachineConfig): number {
  return LEVEL_NAMES.reduce((n, l) => n + (m.levels[l]?.size ?? 0), 0);
}

/** The machine's levels and memory, as short strings, for the results file. */
export function describeMachine(m: MachineConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of LEVEL_NAMES) {
    const lv = m.levels[l];
    if (lv) out[l] = `${describeLevel(lv)} ${lv.policy}`;
  }
  out.memory = m.dram?.kind === "dram" ? m.dram.name : `fixed ${m.memory.readLatency} cycles`;
  return out;
}
