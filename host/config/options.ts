// The machine options every simulating command shares (--preset, --config,
// --l1d, --mem-latency, --dram, --ram, ...): from their text values to a
// MachineConfig, with a message naming the option at fault. memsim trace, run,
// mountain and sweep read them from the command line; memsim compare from each
// --machine spec (host/compare/machine-spec.ts).

import type { LevelName } from "../core.js";
import { parseLevelSpec } from "./level.js";
import { defaultMachine, cachegrindMachine, type MachineConfig } from "./machine.js";
import { dramPreset, PAGE_POLICIES, type PagePolicy } from "./dram.js";
import { preset } from "./presets.js";
import { loadMachineFile } from "./file.js";
import { parseSize } from "./size.js";
import { storagePreset } from "./storage.js";
import { defaultVm, PAGE_REPLACEMENTS, type PageReplacement } from "./vm.js";

/** A user mistake: printed as one sentence, exit code 2. */
export class UsageError extends Error {}

/** A whole number option, or a UsageError naming it. */
export function wholeOption(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < min) throw new UsageError(`${name} must be a whole number of at least ${min}, not '${text}'`);
  return v;
}

/** The machine options as commander parses them: text values, camel-cased names. */
export interface MachineOptions {
  preset?: string;
  config?: string;
  cachegrind?: boolean;
  I1?: string; D1?: string; LL?: string;
  l1i?: string; l1d?: string; l2?: string; l3?: string;
  memLatency?: string;
  dram?: string;
  dramPage?: string;
  coreMhz?: string;
  cpi?: string;
  ram?: string;
  storage?: string;
  ssdFill?: string;
  pageSize?: string;
  swap?: string;
  pagePolicy?: string;
  faultNs?: string;
  classify?: boolean;
}

/** Cachegrind-style and memsim-style names for the same levels. */
const LEVEL_OPTIONS: [LevelName, keyof MachineOptions, keyof MachineOptions][] = [
  ["l1i", "I1", "l1i"],
  ["l1d", "D1", "l1d"],
  ["l2", "LL", "l2"],
  ["l3", "l3", "l3"],
];

/** The hit latency a level spec without lat= gets: the level's it replaces, else 40 for an L3 and 4 for the others. */
export function specLatency(machine: MachineConfig, level: LevelName): number {
  return machine.levels[level]?.latency ?? (level === "l3" ? 40 : 4);
}

/**
 * Build the machine from the options; remembers which option set each level, for messages. `base`,
 * a machine file already read (the playground's), stands for --config.
 */
export function machineFromOptions(o: MachineOptions, base?: MachineConfig): { machine: MachineConfig; optionOf: (l: LevelName) => string } {
  if (o.preset !== undefined && (o.config !== undefined || base)) throw new UsageError("give --preset or --config, not both (a machine file can name its preset)");
  const machine = base ?? (o.config !== undefined ? loadMachineFile(o.config) : o.preset !== undefined ? preset(o.preset) : o.cachegrind ? cachegrindMachine() : defaultMachine());
  if (o.cachegrind && machine.mode !== "cachegrind") {
    if (o.preset !== undefined || o.config !== undefined || base) throw new UsageError("--cachegrind has its own machine; it does not combine with --preset or --config");
  }
  const optionName = new Map<LevelName, string>();
  for (const [level, cgName, name] of LEVEL_OPTIONS) {
    const cg = cgName !== name ? (o[cgName] as string | undefined) : undefined;
    const own = o[name] as string | undefined;
    if (cg !== undefined && own !== undefined) throw new UsageError(`give --${cgName} or --${name}, not both`);
    const text = cg ?? own;
    if (text === undefined) continue;
    const option = cg !== undefined ? `--${cgName}` : `--${name}`;
    optionName.set(level, option);
    const spec = parseLevelSpec(option, text, { latency: specLatency(machine, level) });
    if (spec) machine.levels[level] = spec;
    else delete machine.levels[level];
  }
  if (o.memLatency !== undefined) {
    const n = Number(o.memLatency);
    if (!/^\d+$/.test(o.memLatency)) throw new UsageError(`--mem-latency: '${o.memLatency}' must be a whole number of cycles`);
    machine.memory.readLatency = n;
  }
  if (o.dramPage !== undefined && !(PAGE_POLICIES as readonly string[]).includes(o.dramPage)) {
    throw new UsageError(`--dram-page: '${o.dramPage}' must be ${PAGE_POLICIES.join(" or ")}`);
  }
  if (o.dram !== undefined) {
    if (o.memLatency !== undefined && o.dram !== "fixed") throw new UsageError("give --mem-latency (fixed memory) or --dram, not both");
    machine.dram = dramPreset(o.dram, o.dramPage ? { pagePolicy: o.dramPage as PagePolicy } : {});
  } else if (o.dramPage !== undefined) {
    throw new UsageError("--dram-page needs --dram PRESET");
  }
  if (o.coreMhz !== undefined) {
    if (!/^\d+$/.test(o.coreMhz) || Number(o.coreMhz) < 1 || Number(o.coreMhz) > 1_000_000) {
      throw new UsageError(`--core-mhz: '${o.coreMhz}' must be a whole number of MHz from 1 to 1000000`);
    }
    machine.coreMHz = Number(o.coreMhz);
  }
  if (o.cpi !== undefined) {
    const cpi = Number(o.cpi);
    if (!/^\d+(\.\d+)?$/.test(o.cpi) || !(cpi > 0) || cpi > 1000) throw new UsageError(`--cpi: '${o.cpi}' must be a number of cycles per instruction above 0`);
    machine.cpi = cpi;
  }
  applyMemoryOptions(machine, o);
  machine.classify = !!o.classify;
  return { machine, optionOf: (l) => optionName.get(l) ?? `--${l}` };
}

/** --storage, --ssd-fill, --ram and the page options. */
function applyMemoryOptions(machine: MachineConfig, o: MachineOptions): void {
  const size = (option: string, text: string) => {
    const n = parseSize(text);
    if (n === null) throw new UsageError(`${option}: '${text}' is not a size (e.g. 512M, 4G)`);
    return n;
  };
  if (o.storage !== undefined) machine.storage = storagePreset(o.storage);
  if (o.ssdFill !== undefined) {
    const fill = Number(o.ssdFill);
    if (!/^\d*\.?\d+$/.test(o.ssdFill) || !(fill >= 0 && fill <= 1)) throw new UsageError(`--ssd-fill: '${o.ssdFill}' must be a fraction from 0 to 1`);
    if (machine.storage?.kind !== "ssd") throw new UsageError(`--ssd-fill: the storage device is not an SSD`);
    machine.storage = { ...machine.storage, fill };
  }
  const pageOptions = { pageSize: "--page-size", swap: "--swap", pagePolicy: "--page-policy", faultNs: "--fault-ns" } as const;
  if (o.ram !== undefined) machine.vm = { ...(machine.vm ?? defaultVm(0)), ramBytes: size("--ram", o.ram) };
  for (const [key, option] of Object.entries(pageOptions)) {
    if (o[key as keyof typeof pageOptions] !== undefined && !machine.vm) throw new UsageError(`${option} needs --ram SIZE (virtual memory is off without it)`);
  }
  if (!machine.vm) return;
  if (o.pageSize !== undefined) machine.vm.pageBytes = size("--page-size", o.pageSize);
  if (o.swap !== undefined) machine.vm.swapBytes = size("--swap", o.swap);
  if (o.pagePolicy !== undefined) {
    if (!(PAGE_REPLACEMENTS as readonly string[]).includes(o.pagePolicy)) throw new UsageError(`--page-policy: '${o.pagePolicy}' must be ${PAGE_REPLACEMENTS.join(" or ")}`);
    machine.vm.replacement = o.pagePolicy as PageReplacement;
  }
  if (o.faultNs !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(o.faultNs)) throw new UsageError(`--fault-ns: '${o.faultNs}' must be a number of nanoseconds`);
    machine.vm.faultNs = Number(o.faultNs);
  }
}
