// Machine files (--config FILE.json): a preset to start from and the fields
// to change, e.g.
//   { "preset": "desktop-2020", "coreMHz": 4000,
//     "levels": { "l1d": "48K,12,64,lat=5", "l3": "none" },
//     "dram": { "preset": "ddr5-4800", "pagePolicy": "closed" } }
// Every message names the file and the field.

import { readFileSync } from "node:fs";
import { LEVEL_NAMES, type LevelName } from "../core.js";
import { ConfigError, parseLevelSpec } from "./level.js";
import { defaultMachine, type MachineConfig } from "./machine.js";
import { preset } from "./presets.js";
import { dramPreset, PAGE_POLICIES, type PagePolicy } from "./dram.js";

const KEYS = ["preset", "coreMHz", "levels", "memory", "dram", "classify"];

export function loadMachineFile(path: string): MachineConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`--config: cannot read ${path}: ${(err as NodeJS.ErrnoException).code}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  return machineFromJson(json, path);
}

export function machineFromJson(json: unknown, where: string): MachineConfig {
  const fail = (field: string, why: string): never => {
    throw new ConfigError(`${where}: ${field}: ${why}`);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("(top level)", "must be a JSON object");
  const o = json as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KEYS.includes(key)) fail(key, `unknown field (expected ${KEYS.join(", ")})`);
  if (o.preset !== undefined && typeof o.preset !== "string") fail("preset", "must be a preset name");
  const machine = o.preset ? preset(o.preset as string) : defaultMachine();
  if (o.coreMHz !== undefined) {
    if (!Number.isInteger(o.coreMHz) || (o.coreMHz as number) < 1) fail("coreMHz", "must be a whole number of MHz");
    machine.coreMHz = o.coreMHz as number;
  }
  if (o.levels !== undefined) {
    if (typeof o.levels !== "object" || o.levels === null) fail("levels", "must be an object of level specs");
    for (const [name, spec] of Object.entries(o.levels as Record<string, unknown>)) {
      if (!(LEVEL_NAMES as readonly string[]).includes(name)) fail(`levels.${name}`, `unknown level (expected ${LEVEL_NAMES.join(", ")})`);
      if (typeof spec !== "string") fail(`levels.${name}`, `must be a spec string such as "32K,8,64,lat=4" or "none"`);
      const level = parseLevelSpec(`${where}: levels.${name}`, spec as string);
      if (level) machine.levels[name as LevelName] = level;
      else delete machine.levels[name as LevelName];
    }
  }
  if (o.memory !== undefined) {
    const m = o.memory as Record<string, unknown>;
    for (const key of ["readLatency", "writeLatency"] as const) {
      if (m[key] === undefined) continue;
      if (!Number.isInteger(m[key]) || (m[key] as number) < 0) fail(`memory.${key}`, "must be a whole number of cycles");
      machine.memory[key] = m[key] as number;
    }
  }
  if (o.dram !== undefined) {
    if (typeof o.dram === "string") {
      machine.dram = dramPreset(o.dram);
    } else if (typeof o.dram === "object" && o.dram !== null) {
      const { preset: name, ...overrides } = o.dram as Record<string, unknown>;
      if (typeof name !== "string") fail("dram.preset", "must name a DRAM preset");
      if (overrides.pagePolicy !== undefined && !(PAGE_POLICIES as readonly string[]).includes(overrides.pagePolicy as string)) {
        fail("dram.pagePolicy", `must be ${PAGE_POLICIES.join(" or ")}`);
      }
      machine.dram = dramPreset(name as string, overrides as { pagePolicy?: PagePolicy });
    } else {
      fail("dram", "must be a DRAM preset name or an object with a preset");
    }
  }
  if (o.classify !== undefined) machine.classify = o.classify === true;
  return machine;
}
