// A machine as `memsim compare --machine` names it (docs/compare.md):
//
//   [LABEL:]BASE[+KEY=VALUE]...
//
//   BASE   a preset (`memsim presets`) or a JSON machine file (as --config);
//          omitted (the text starts with KEY=VALUE), the default machine
//   KEY    a machine option of memsim run without its dashes: l1i, l1d, l2, l3,
//          I1, D1, LL, mem-latency, dram, dram-page, core-mhz, cpi, ram, storage,
//          ssd-fill, page-size, swap, page-policy, fault-ns; VALUE as after
//          that option (a level spec keeps its commas: l2=512K,8,64,lat=14)
//   LABEL  what the reports call it (default: the whole text)
//
// e.g. desktop-2020, my.json, default+l2=512K,8,64+dram=ddr5-4800,
// mem-latency=200, "big L2:desktop-2020+l2=2M,16,64". The options are applied
// by the same code as on the command line (host/config/options.ts).

import { existsSync } from "node:fs";
import { ConfigError } from "../config/level.js";
import type { LevelName } from "../core.js";
import type { MachineConfig } from "../config/machine.js";
import { PRESETS, PRESET_NAMES } from "../config/presets.js";
import { machineFromOptions, UsageError, type MachineOptions } from "../config/options.js";

/** The keys a spec may set, as the options are named on the command line, and their MachineOptions fields. */
export const MACHINE_KEYS: Record<string, keyof MachineOptions> = {
  l1i: "l1i", l1d: "l1d", l2: "l2", l3: "l3", I1: "I1", D1: "D1", LL: "LL",
  "mem-latency": "memLatency", dram: "dram", "dram-page": "dramPage", "core-mhz": "coreMhz", cpi: "cpi",
  ram: "ram", storage: "storage", "ssd-fill": "ssdFill", "page-size": "pageSize", swap: "swap",
  "page-policy": "pagePolicy", "fault-ns": "faultNs",
};

export interface NamedMachine {
  /** What the reports call it: the label, else the spec text. */
  name: string;
  /** The text after --machine. */
  spec: string;
  /** The preset's description or the file's name, and the overrides. */
  description: string;
  machine: MachineConfig;
  optionOf: (l: LevelName) => string;
}

/** Parse one --machine spec into a machine; every message names the spec. */
export function parseMachineSpec(text: string): NamedMachine {
  const fail = (why: string): never => {
    throw new UsageError(`--machine '${text}': ${why}`);
  };
  let body = text.trim();
  let name = body;
  const label = /^([^:+=/\\]+):(.+)$/.exec(body);
  if (label && !existsSync(body)) {
    name = label[1].trim();
    body = label[2].trim();
  }
  if (body === "") fail("names no machine (give a preset, a machine file or KEY=VALUE overrides)");
  const parts = body.split("+").map((p) => p.trim());
  const base = parts[0].includes("=") ? undefined : parts.shift()!;
  const options: MachineOptions = {};
  let description: string;
  if (base === undefined) {
    description = "default";
  } else if (PRESETS[base.toLowerCase()]) {
    options.preset = base;
    description = PRESETS[base.toLowerCase()].description;
  } else if (existsSync(base)) {
    options.config = base;
    description = `machine file ${base}`;
  } else {
    return fail(base.endsWith(".json") || /[/\\]/.test(base) ? `no such machine file ${base}`
      : `'${base}' is neither a preset (${PRESET_NAMES.join(", ")}) nor a machine file`);
  }
  for (const part of parts) {
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq).trim();
    const field = Object.hasOwn(MACHINE_KEYS, key) ? MACHINE_KEYS[key] : undefined;
    if (field === undefined) fail(`unknown key '${key}' (keys: ${Object.keys(MACHINE_KEYS).join(", ")})`);
    if (eq < 0 || part.slice(eq + 1).trim() === "") fail(`${key} needs a value: ${key}=VALUE`);
    if (options[field!] !== undefined) fail(`${key} is given twice`);
    (options as Record<string, string>)[field!] = part.slice(eq + 1).trim();
  }
  let built: ReturnType<typeof machineFromOptions>;
  try {
    built = machineFromOptions(options);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) fail(err.message);
    throw err;
  }
  if (built!.machine.mode === "cachegrind") fail("cachegrind mode has no timing, so nothing to compare (give a generic machine)");
  const overrides = parts.length ? ` with ${parts.join(", ")}` : "";
  return { name, spec: text, description: description + overrides, ...built! };
}
