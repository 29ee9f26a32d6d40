// The playground's state: the machine (a preset and its L1d/L2 edits) and the workload, and
// their encoding in the page's query string, so that a URL is a shareable configuration:
//
//   ?preset=desktop-2020&l1d=16K,4,64,plru&l2=1M,16,64,lru&run=strided&size=256K&stride=128
//   ?preset=default&run=python&example=cycles&profile=3.11
//   ?preset=default&run=pointer-chase&vs=desktop-2020&vs-l2=1M,16,64,lru   (a comparison with a second machine)
//
// l1d and l2 are level specs (SIZE,ASSOC,LINE,POLICY: host/config/level.ts) applied as the CLI's
// --l1d and --l2 apply them over --preset: the level keeps the preset's latency.

import { PRESETS } from "../../host/config/presets.js";
import { parseLevelSpec, type LevelConfig } from "../../host/config/level.js";
import { validateMachine, type MachineConfig } from "../../host/config/machine.js";
import { formatSize } from "../../host/config/size.js";
import { findWorkload, WORKLOADS } from "../../host/workloads/workloads.js";
import { PYTHON_PROFILES, DEFAULT_PROFILE } from "../../host/python/profiles.js";

/** The presets a browser can build (`host` reads Linux sysfs). */
export const WEB_PRESETS = Object.keys(PRESETS).filter((p) => p !== "host");
export const EDITABLE_LEVELS = ["l1d", "l2"] as const;
export type EditableLevel = (typeof EDITABLE_LEVELS)[number];
export const PYTHON = "python";
export const DEFAULT_WORKLOAD = "sequential";
export const DEFAULT_EXAMPLE = "rebinding";

/** A machine as the page edits it: a preset and the levels that replace its own. */
export interface MachineChoice {
  preset: string;
  /** Level specs that replace the preset's (absent: the preset's level). */
  levels: Partial<Record<EditableLevel, string>>;
}

export interface PlaygroundState extends MachineChoice {
  /** The second machine of a comparison (absent: no comparison). */
  vs?: MachineChoice;
  /** A kernel of host/workloads/workloads.ts, or "python". */
  run: string;
  /** The kernel's parameters as typed (absent: its default). */
  params: Record<string, string>;
  /** The Python example loaded in the editor. */
  example: string;
  profile: string;
}

export function defaultState(): PlaygroundState {
  return { preset: "default", levels: {}, run: DEFAULT_WORKLOAD, params: {}, example: DEFAULT_EXAMPLE, profile: DEFAULT_PROFILE };
}

/** "32K,8,64,lru": a level as a spec. */
export function levelSpec(l: LevelConfig): string {
  return `${formatSize(l.size)},${l.assoc},${l.line},${l.policy}`;
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
  const vs = q.get("vs");
  if (vs && WEB_PRESETS.includes(vs)) {
    s.vs = { preset: vs, levels: {} };
    for (const name of EDITABLE_LEVELS) {
      const spec = q.get(`vs-${name}`);
      if (spec) s.vs.levels[name] = spec;
    }
  }
  const run = q.get("run");
  if (run === PYTHON || WORKLOADS.some((w) => w.name === run)) s.run = run!;
  if (s.run !== PYTHON) {
    for (const p of findWorkload(s.run).params) {
      const v = q.get(p.name);
      if (v !== null && v !== "") s.params[p.name] = v;
    }
  }
  const example = q.get("example");
  if (example && exampleNames.includes(example)) s.example = example;
  const profile = q.get("profile");
  if (profile && PYTHON_PROFILES[profile]) s.profile = profile;
  return s;
}

/** The query string of `s` (what differs from the defaults only, so short URLs stay short). */
export function encodeState(s: PlaygroundState): string {
  const q = new URLSearchParams();
  q.set("preset", s.preset);
  for (const name of EDITABLE_LEVELS) if (s.levels[name]) q.set(name, s.levels[name]!);
  if (s.vs) {
    q.set("vs", s.vs.preset);
    for (const name of EDITABLE_LEVELS) if (s.vs.levels[name]) q.set(`vs-${name}`, s.vs.levels[name]!);
  }
  q.set("run", s.run);
  if (s.run === PYTHON) {
    q.set("example", s.example);
    if (s.profile !== DEFAULT_PROFILE) q.set("profile", s.profile);
  } else {
    for (const [k, v] of Object.entries(s.params)) q.set(k, v);
  }
  return `?${q.toString().replace(/%2C/gi, ",")}`;
}

/** The machine as `memsim compare --machine` writes it: "default+l1d=8K,2,32,fifo+l2=1M,16,64,lru". */
export function machineSpec(m: MachineChoice): string {
  return [m.preset, ...EDITABLE_LEVELS.filter((n) => m.levels[n]).map((n) => `${n}=${m.levels[n]}`)].join("+");
}

/** The machine `s` describes, validated; throws a ConfigError naming the level at fault. */
export function machineOf(s: MachineChoice): MachineConfig {
  const m = PRESETS[s.preset].machine();
  for (const name of EDITABLE_LEVELS) {
    const spec = s.levels[name];
    if (!spec) continue;
    const label = name === "l1d" ? "L1d" : "L2";
    // As the CLI's --l1d/--l2 (host/config/options.ts): the preset's latency, the spec's defaults for the rest.
    const level = parseLevelSpec(label, spec, { latency: m.levels[name]?.latency ?? 4 });
    if (level) m.levels[name] = level;
    else delete m.levels[name];
  }
  validateMachine(m, (l) => (l === "l1d" ? "L1d" : l === "l2" ? "L2" : l.toUpperCase()));
  return m;
}
