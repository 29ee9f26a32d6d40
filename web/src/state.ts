// The playground's state: the machine (a preset and its edits), the workload and the other machines
// to compare with (up to three), and their encoding in the page's query string, so that a URL is a shareable
// configuration:
//
//   ?preset=desktop-2020&l1d=16K,4,64,plru&l2=1M,16,64,lru&run=strided&size=256K&stride=128
//   ?preset=default&run=python&example=cycles&profile=3.11
//   ?preset=default&run=python&example=rebinding&script=print%286+*+7%29%0A   (an edited script)
//   ?preset=default&run=trace&steps=200      (the trace file itself is opened in the page)
//   ?preset=default&run=trace&format=din     (its format named, as memsim trace --format din)
//   ?preset=default&run=pointer-chase&vs=desktop-2020&vs-l2=1M,16,64,lru   (a comparison with a second machine)
//   ?preset=small-embedded&run=matmul&vs=desktop-2020&vs3=server-2024       (and a third: up to four machines)
//   ?preset=default&run=matmul&n=24&sweep-l1d=8K..64K&sweep-assoc=1,2,4     (a sweep's grid around the machine)
//   ?config={"preset":"desktop-2020","storage":{"preset":"hdd-7200","averageSeekMs":6.5}}&run=matmul   (a machine file, as --config)
//
// Every machine key is a `memsim run` option (config, a machine file's JSON text; l1i, l1d, l2, l3
// as level specs; mem-latency, dram, ram, storage...) and every Python key a `memsim py` one (bytecode-cycles, heap-limit,
// gc-threshold, max-steps): the page hands them to the CLI's own parsers, so a URL gives the CLI's machine.
// The second machine (vs) is a preset and its own edits under the same names prefixed with "vs-"
// (vs-l1d, vs-l3, vs-mem-latency, vs-dram...), built the same way; the third and fourth are vs3
// and vs4 with "vs3-" and "vs4-" edits (the key names the machine's place; vs stays the second's,
// so that links from before there were more than two still open). A sweep's grid is memsim
// sweep's grid options prefixed with "sweep-" (sweep-l1d, sweep-assoc, sweep-target...), its base
// machine the first machine.

import { PRESETS } from "../../host/config/presets.js";
import type { LevelConfig } from "../../host/config/level.js";
import type { LevelName } from "../../host/core.js";
import { machineFromOptions, type MachineOptions } from "../../host/config/options.js";
import { machineFromText } from "../../host/config/file.js";
import { pyRunSettings, type PyOptionTexts, type PyRunSettings } from "../../host/python/options.js";
import { validateMachine, type MachineConfig } from "../../host/config/machine.js";
import { formatSize } from "../../host/config/size.js";
import { findWorkload, WORKLOADS } from "../../host/workloads/workloads.js";
import { PYTHON_PROFILES, DEFAULT_PROFILE } from "../../host/python/profiles.js";
import { CACHEVIEW_DEFAULT_STEPS, CACHEVIEW_MAX_STEPS } from "./cacheview-run.js";
import { TRACE_FORMATS, type TraceFormat } from "../../host/trace/format.js";
import { AXES, gridFrom, type Grid, type GridText } from "../../host/sweep/grid.js";

/** The presets a browser can build (`host` reads Linux sysfs). */
export const WEB_PRESETS = Object.keys(PRESETS).filter((p) => p !== "host");
export const EDITABLE_LEVELS = ["l1i", "l1d", "l2", "l3"] as const;
export type EditableLevel = (typeof EDITABLE_LEVELS)[number];
export const PYTHON = "python";
/** A trace file opened in the page (the file itself is never in the URL). */
export const TRACE = "trace";
export const DEFAULT_WORKLOAD = "sequential";
export const DEFAULT_EXAMPLE = "rebinding";
/**
 * The longest edited script the URL carries (characters): a link must open in every browser
 * (Safari's address bar and many servers stop near 64 KB of URL; percent-encoding can triple a script).
 */
export const MAX_URL_SCRIPT = 16_384;
/**
 * The most machines a comparison in the page holds: four columns still fit a laptop's width, and
 * each machine runs the workload afresh (memsim compare itself takes any number).
 */
export const MAX_MACHINES = 4;

/** A machine as the page edits it: a preset (or a machine file), the levels that replace its own and its other options. */
export interface MachineChoice {
  preset: string;
  /** A machine file's text (JSON, as `--config` reads one): the machine starts from it instead of the preset. */
  config?: string;
  /** Level specs that replace the preset's (absent: the preset's level). */
  levels: Partial<Record<EditableLevel, string>>;
  /** The other machine options as the CLI names them (mem-latency, dram, ram, storage...), as typed. */
  machine?: Record<string, string>;
}

export interface PlaygroundState extends MachineChoice {
  /** The other machines of a comparison, the second first (empty: no comparison). */
  others: MachineChoice[];
  /** A kernel of host/workloads/workloads.ts, "python" or "trace". */
  run: string;
  /** The kernel's parameters as typed (absent: its default). */
  params: Record<string, string>;
  /** The Python example loaded in the editor. */
  example: string;
  /** The script as edited (absent: the example's own text). */
  source?: string;
  profile: string;
  machine: Record<string, string>;
  /** memsim py's options (bytecode-cycles, heap-limit, gc-threshold, max-steps), as typed. */
  py: Record<string, string>;
  /** A trace file's format, as memsim trace --format names it (absent: detected). */
  format?: TraceFormat;
  /** The cache view's number of data references (absent: the default). */
  steps?: number;
  /** The cache view steps through the instruction fetches too (and shows the L1i). */
  fetches?: boolean;
  /** A script's cache view starts at this line's first heap reference (absent: its first line's). */
  fromLine?: number;
  /** memsim sweep's grid options (l1d, assoc, ...), as typed (empty: no grid). */
  sweep: Record<string, string>;
}

/** Whether `run` names a synthetic kernel (not Python, not a trace file). */
export const isKernel = (run: string) => run !== PYTHON && run !== TRACE;

export function defaultState(): PlaygroundState {
  return { preset: "default", levels: {}, machine: {}, others: [], py: {}, run: DEFAULT_WORKLOAD, params: {}, example: DEFAULT_EXAMPLE, profile: DEFAULT_PROFILE, sweep: {} };
}

/** The URL key of other machine `i` (0: the second machine): "vs", then "vs3", "vs4"; its edits' keys are this and "-". */
export const otherKey = (i: number) => (i === 0 ? "vs" : `vs${i + 2}`);

/** memsim run's machine options beyond the levels (host/config/options.ts), by their CLI names. */
export const MACHINE_OPTIONS = ["mem-latency", "dram", "dram-page", "core-mhz", "cpi", "ram", "storage", "ssd-fill", "page-size", "swap", "page-policy", "fault-ns"] as const;
/** memsim sweep's grid options (host/sweep/grid.ts), by their CLI names. */
export const SWEEP_AXES = [...AXES, "target"] as const;
/** memsim py's options the page takes (host/python/options.ts). */
export const PY_OPTIONS = ["bytecode-cycles", "heap-limit", "gc-threshold", "max-steps"] as const;

/** "mem-latency" -> "memLatency": the option as commander names it. */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * "32K,8,64,lru[,wt][,nwa][,inclusive|exclusive][,lat=N]": a level as the shortest spec that gives
 * it, the options at the spec's defaults left out (`latency`: the one a spec without lat= gets).
 */
export function levelSpec(l: LevelConfig, latency: number): string {
  return [formatSize(l.size), l.assoc, l.line, l.policy, ...(l.writeBack ? [] : ["wt"]), ...(l.writeAllocate ? [] : ["nwa"]),
    ...(l.inclusion === "nine" ? [] : [l.inclusion]), ...(l.latency === latency ? [] : [`lat=${l.latency}`])].join(",");
}

/** The state in `search` (a query string); unknown or malformed values fall back to the defaults. */
export function parseState(search: string, exampleNames: string[]): PlaygroundState {
  const q = new URLSearchParams(search);
  const s = defaultState();
  const presetName = q.get("preset");
  if (presetName && WEB_PRESETS.includes(presetName)) s.preset = presetName;
  for (const name of EDITABLE_LEVELS) {
    const spec = q.get(name);
    if (spec) s.levels[name] = spec;
  }
  if (q.get("config")) s.config = q.get("config")!;
  // The other machines in order: the first key missing (or naming no preset) ends them.
  for (let i = 0; i < MAX_MACHINES - 1; i++) {
    const key = otherKey(i);
    const preset = q.get(key);
    if (!preset || !WEB_PRESETS.includes(preset)) break;
    const m: MachineChoice = { preset, levels: {}, machine: {} };
    if (q.get(`${key}-config`)) m.config = q.get(`${key}-config`)!;
    for (const name of EDITABLE_LEVELS) {
      const spec = q.get(`${key}-${name}`);
      if (spec) m.levels[name] = spec;
    }
    for (const name of MACHINE_OPTIONS) if (q.get(`${key}-${name}`)) m.machine![name] = q.get(`${key}-${name}`)!;
    s.others.push(m);
  }
  for (const name of MACHINE_OPTIONS) if (q.get(name)) s.machine[name] = q.get(name)!;
  for (const name of PY_OPTIONS) if (q.get(name)) s.py[name] = q.get(name)!;
  for (const name of SWEEP_AXES) if (q.get(`sweep-${name}`)) s.sweep[name] = q.get(`sweep-${name}`)!;
  const run = q.get("run");
  if (run === PYTHON || run === TRACE || WORKLOADS.some((w) => w.name === run)) s.run = run!;
  if (isKernel(s.run)) {
    for (const p of findWorkload(s.run).params) {
      const v = q.get(p.name);
      if (v !== null && v !== "") s.params[p.name] = v;
    }
  }
  const format = q.get("format");
  if (s.run === TRACE && TRACE_FORMATS.includes(format as TraceFormat)) s.format = format as TraceFormat;
  const example = q.get("example");
  if (example && exampleNames.includes(example)) s.example = example;
  const script = q.get("script");
  if (script !== null && s.run === PYTHON) s.source = script;
  const profile = q.get("profile");
  if (profile && PYTHON_PROFILES[profile]) s.profile = profile;
  if (q.get("fetches") === "1") s.fetches = true;
  const fromLine = Number(q.get("from-line"));
  if (s.run === PYTHON && Number.isInteger(fromLine) && fromLine >= 1) s.fromLine = fromLine;
  const steps = Number(q.get("steps"));
  if (Number.isInteger(steps) && steps >= 1 && steps <= CACHEVIEW_MAX_STEPS) s.steps = steps;
  return s;
}

/** The query string of `s` (what differs from the defaults only, so short URLs stay short). */
export function encodeState(s: PlaygroundState): string {
  const q = new URLSearchParams();
  q.set("preset", s.preset);
  for (const name of EDITABLE_LEVELS) if (s.levels[name]) q.set(name, s.levels[name]!);
  if (s.config !== undefined && s.config.length <= MAX_URL_SCRIPT) q.set("config", s.config);
  s.others.forEach((m, i) => {
    const key = otherKey(i);
    q.set(key, m.preset);
    if (m.config !== undefined && m.config.length <= MAX_URL_SCRIPT) q.set(`${key}-config`, m.config);
    for (const name of EDITABLE_LEVELS) if (m.levels[name]) q.set(`${key}-${name}`, m.levels[name]!);
    for (const [k, v] of Object.entries(m.machine ?? {})) q.set(`${key}-${k}`, v);
  });
  for (const [k, v] of Object.entries(s.machine)) q.set(k, v);
  for (const [k, v] of Object.entries(s.sweep)) q.set(`sweep-${k}`, v);
  q.set("run", s.run);
  if (s.run === PYTHON) {
    q.set("example", s.example);
    if (s.profile !== DEFAULT_PROFILE) q.set("profile", s.profile);
    for (const [k, v] of Object.entries(s.py)) q.set(k, v);
    if (s.source !== undefined && s.source.length <= MAX_URL_SCRIPT) q.set("script", s.source);
  } else if (isKernel(s.run)) {
    for (const [k, v] of Object.entries(s.params)) q.set(k, v);
  } else if (s.format) {
    q.set("format", s.format);
  }
  if (s.steps !== undefined && s.steps !== CACHEVIEW_DEFAULT_STEPS) q.set("steps", String(s.steps));
  if (s.fetches) q.set("fetches", "1");
  if (s.run === PYTHON && s.fromLine !== undefined) q.set("from-line", String(s.fromLine));
  return `?${q.toString().replace(/%2C/gi, ",")}`;
}

/** The `memsim run` options (CLI names) that give machine `m`: its level specs, then its other options. */
function machineOptionsOf(m: MachineChoice): [string, string][] {
  return [...EDITABLE_LEVELS.filter((n) => m.levels[n]).map((n): [string, string] => [n, m.levels[n]!]), ...Object.entries(m.machine ?? {})];
}

/** What a machine file's messages call it. */
const MACHINE_FILE = "the machine file";

/** The machine `m` starts from: its machine file's, read as --config reads one (throws naming the field at fault), else its preset's. */
export function baseMachineOf(m: MachineChoice): MachineConfig {
  return m.config !== undefined ? machineFromText(m.config, MACHINE_FILE) : PRESETS[m.preset].machine();
}

/** What machine `m` starts from, in words: its preset's description, or its machine file and the preset the file names. */
export function describeBase(m: MachineChoice): string {
  if (m.config === undefined) return PRESETS[m.preset].description;
  let from: unknown;
  try {
    from = (JSON.parse(m.config) as { preset?: unknown }).preset;
  } catch {
    from = undefined;
  }
  return `a machine file, starting from ${typeof from === "string" ? `the preset ${from}` : "the default machine"}`;
}

/**
 * Machine `m`, built by the CLI's own machineFromOptions (as `memsim run --preset P --l2 ...`, or
 * `--config FILE --l2 ...` for a machine file) and validated, with the option that set each level
 * for messages; throws naming the option (or the machine file's field) at fault.
 */
export function buildMachine(m: MachineChoice): { machine: MachineConfig; optionOf: (l: LevelName) => string } {
  const o: Record<string, string> = m.config !== undefined ? {} : { preset: m.preset };
  for (const [k, v] of machineOptionsOf(m)) o[camel(k)] = v;
  const built = machineFromOptions(o as MachineOptions, m.config !== undefined ? baseMachineOf(m) : undefined);
  validateMachine(built.machine, built.optionOf);
  return built;
}

/** The machine `s` describes (see buildMachine). */
export function machineOf(s: MachineChoice): MachineConfig {
  return buildMachine(s).machine;
}

/**
 * The machine as `memsim compare --machine` writes it: "default+l1d=8K,2,32,fifo+mem-latency=200";
 * a machine file's base is named "machine-file" (the CLI names it by its path).
 */
export function machineSpec(m: MachineChoice): string {
  return [m.config !== undefined ? "machine-file" : m.preset, ...machineOptionsOf(m).map(([k, v]) => `${k}=${v}`)].join("+");
}

/** The sweep's grid of `s`, as memsim sweep parses its options; throws naming the option at fault (--l1d, ...). */
export function gridOf(s: PlaygroundState): Grid {
  return gridFrom(s.sweep as GridText);
}

/** memsim py's options for `s` (its profile and options) as their text, as the CLI takes them. */
export function pyOptionTextsOf(s: PlaygroundState): PyOptionTexts {
  const o: Record<string, string> = { python: s.profile };
  for (const [k, v] of Object.entries(s.py)) o[camel(k)] = v;
  return o;
}

/** memsim py's settings for `s` (its profile and options), as the CLI parses them. */
export function pySettingsOf(s: PlaygroundState): PyRunSettings {
  return pyRunSettings(pyOptionTextsOf(s));
}
