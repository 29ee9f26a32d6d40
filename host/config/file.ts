// Machine files (--config FILE.json): a preset to start from and the fields
// to change, e.g.
//   { "preset": "desktop-2020", "coreMHz": 4000,
//     "levels": { "l1d": "48K,12,64,lat=5", "l3": "none" },
//     "dram": { "preset": "ddr5-4800", "pagePolicy": "closed" },
//     "storage": { "preset": "ssd-nvme", "fill": 0.9 },
//     "vm": { "ram": "512M", "pageSize": "4K", "swap": "1G", "replacement": "clock" } }
// Every message names the file and the field.

import { readFileSync } from "node:fs";
import { LEVEL_NAMES, type LevelName } from "../core.js";
import { ConfigError, parseLevelSpec } from "./level.js";
import { defaultMachine, type MachineConfig } from "./machine.js";
import { preset } from "./presets.js";
import { dramPreset, PAGE_POLICIES, type PagePolicy } from "./dram.js";
import { storagePreset, validateStorage } from "./storage.js";
import { defaultVm, validateVm, type PageReplacement, type VmConfig } from "./vm.js";
import { parseSize } from "./size.js";

const KEYS = ["preset", "coreMHz", "cpi", "levels", "memory", "dram", "storage", "vm", "classify"];
const VM_KEYS = ["ram", "pageSize", "swap", "replacement", "faultNs"];

export function loadMachineFile(path: string): MachineConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`--config: cannot read ${path}: ${(err as NodeJS.ErrnoException).code}`);
  }
  return machineFromText(text, path);
}

/** A machine file's text (the playground's machine file, as typed), its messages naming `where`. */
export function machineFromText(text: string, where: string): MachineConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  return machineFromJson(json, where);
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
  if (o.cpi !== undefined) {
    if (typeof o.cpi !== "number" || !(o.cpi > 0)) fail("cpi", "must be a number of cycles per instruction above 0");
    machine.cpi = o.cpi as number;
  }
  if (o.storage !== undefined) {
    const { preset: name, ...overrides } = (typeof o.storage === "string" ? { preset: o.storage } : o.storage ?? {}) as Record<string, unknown>;
    if (typeof name !== "string") fail("storage", "must be a device name or an object with a preset");
    try {
      machine.storage = storagePreset(name as string, overrides);
      validateStorage(machine.storage);
    } catch (err) {
      throw new ConfigError(`${where}: ${(err as Error).message}`); // the device's own message names the field
    }
  }
  if (o.vm !== undefined) {
    if (typeof o.vm !== "object" || o.vm === null) fail("vm", "must be an object such as { \"ram\": \"512M\" }");
    const v = o.vm as Record<string, unknown>;
    for (const key of Object.keys(v)) if (!VM_KEYS.includes(key)) fail(`vm.${key}`, `unknown field (expected ${VM_KEYS.join(", ")})`);
    const size = (key: string): number | undefined => {
      if (v[key] === undefined) return undefined;
      const n = typeof v[key] === "number" ? (v[key] as number) : typeof v[key] === "string" ? parseSize(v[key] as string) : null;
      if (n === null || !Number.isSafeInteger(n)) return fail(`vm.${key}`, `must be a size such as "512M"`);
      return n;
    };
    const ram = size("ram");
    if (ram === undefined) fail("vm.ram", "is required: the RAM capacity, e.g. \"512M\"");
    const vm = defaultVm(ram!);
    vm.pageBytes = size("pageSize") ?? vm.pageBytes;
    vm.swapBytes = size("swap");
    if (v.replacement !== undefined) vm.replacement = v.replacement as PageReplacement;
    if (v.faultNs !== undefined) vm.faultNs = v.faultNs as number;
    const names: Record<keyof VmConfig, string> = { pageBytes: "pageSize", ramBytes: "ram", swapBytes: "swap", replacement: "replacement", faultNs: "faultNs" };
    validateVm(vm, (field) => `${where}: vm.${names[field]}`);
    machine.vm = vm;
  }
  if (o.classify !== undefined) machine.classify = o.classify === true;
  return machine;
}
