// A whole machine: which cache levels exist, how they behave, what memory
// costs, and whether the run follows Cachegrind's rules. `applyMachine` hands
// it to the core.

import { Core, CoreError, LEVEL_NAMES, type LevelName } from "../core.js";
import { ConfigError, POLICIES, INCLUSIONS, describeLevel, type LevelConfig, LEVEL_DEFAULTS } from "./level.js";
import { applyDram, validateDram, DEFAULT_CORE_MHZ, type DramConfig } from "./dram.js";
import { applyStorage, validateStorage, storagePreset, type StorageConfig } from "./storage.js";
import { applyVm, validateVm, type VmConfig } from "./vm.js";

export type Mode = "generic" | "cachegrind";

export interface MachineConfig {
  mode: Mode;
  levels: Partial<Record<LevelName, LevelConfig>>;
  memory: { readLatency: number; writeLatency: number };
  classify: boolean; // 3C miss classification
  /** The memory below the last level: absent (or kind "fixed") means the fixed latency of `memory`. */
  dram?: DramConfig;
  /** Core clock, for converting DRAM (and storage) nanoseconds to cycles; default 3000 MHz. */
  coreMHz?: number;
  /** The in-order core's cycles per instruction when nothing stalls (docs/timing.md); default 1. */
  cpi?: number;
  /** The storage device (docs/storage.md): where swap and files live. */
  storage?: StorageConfig;
  /** Virtual memory: RAM capacity, pages, swap. Absent: RAM is unlimited and nothing faults. */
  vm?: VmConfig;
}

/** The default machine: split 32K L1s, a 256K L2, 100-cycle memory. */
export function defaultMachine(): MachineConfig {
  return {
    mode: "generic",
    levels: {
      l1i: { ...LEVEL_DEFAULTS, size: 32768, assoc: 8, line: 64, latency: 4 },
      l1d: { ...LEVEL_DEFAULTS, size: 32768, assoc: 8, line: 64, latency: 4 },
      l2: { ...LEVEL_DEFAULTS, size: 262144, assoc: 8, line: 64, latency: 12 },
    },
    memory: { readLatency: 100, writeLatency: 0 },
    classify: false,
    storage: storagePreset("ssd-nvme"),
  };
}

/** The option that sets each virtual-memory field, for messages. */
const VM_OPTIONS: Record<keyof VmConfig, string> = {
  pageBytes: "--page-size", ramBytes: "--ram", swapBytes: "--swap", replacement: "--page-policy", faultNs: "--fault-ns",
};

/** Cachegrind's names for the levels it simulates. */
export const CACHEGRIND_NAMES: Partial<Record<LevelName, string>> = { l1i: "I1", l1d: "D1", l2: "LL" };

/** The levels Cachegrind uses when no --I1/--D1/--LL is given (memsim does not auto-detect). */
export function cachegrindMachine(): MachineConfig {
  const lru = { ...LEVEL_DEFAULTS, latency: 0 };
  return {
    mode: "cachegrind",
    levels: {
      l1i: { ...lru, size: 32768, assoc: 8, line: 64 },
      l1d: { ...lru, size: 32768, assoc: 8, line: 64 },
      l2: { ...lru, size: 8388608, assoc: 16, line: 64 },
    },
    memory: { readLatency: 0, writeLatency: 0 },
    classify: false,
  };
}

/**
 * The first level a reference reaches (docs/cache-model.md): L1i for
 * instruction fetches, L1d for data, else L2, else L3; undefined for memory.
 */
export function firstLevel(m: MachineConfig, kind: "instruction" | "data"): LevelConfig | undefined {
  const name = firstLevelName(m, kind);
  return name && m.levels[name];
}

export function firstLevelName(m: MachineConfig, kind: "instruction" | "data"): LevelName | undefined {
  return ([kind === "instruction" ? "l1i" : "l1d", "l2", "l3"] as const).find((name) => m.levels[name]);
}

/** Rules that concern several levels, or Cachegrind's own limits. */
export function validateMachine(m: MachineConfig, optionOf: (l: LevelName) => string = (l) => `--${l}`): void {
  if (m.dram) {
    if (m.mode === "cachegrind" && m.dram.kind !== "fixed") throw new ConfigError(`dram: cachegrind mode has no latencies, so no DRAM model`);
    validateDram(m.dram, m.coreMHz ?? DEFAULT_CORE_MHZ);
  }
  if (m.storage) validateStorage(m.storage);
  if (m.vm) {
    if (m.mode === "cachegrind") throw new ConfigError(`--ram: cachegrind mode has no timing, so no virtual memory`);
    validateVm(m.vm, (field) => VM_OPTIONS[field]);
    if (!m.storage) throw new ConfigError(`--ram: virtual memory needs a storage device to swap to (--storage, e.g. ssd-nvme)`);
  }
  if (m.mode === "cachegrind") {
    for (const name of ["l1i", "l1d", "l2"] as const) {
      const lv = m.levels[name];
      const opt = optionOf(name);
      if (!lv) throw new ConfigError(`${opt}: cachegrind mode needs ${CACHEGRIND_NAMES[name]}; it cannot be 'none'`);
      if (lv.line < 16) throw new ConfigError(`${opt}: Cachegrind needs a line of at least 16 bytes, not ${lv.line}`);
      if (lv.size <= lv.line) throw new ConfigError(`${opt}: Cachegrind needs the size to exceed the line size`);
      if (lv.policy !== "lru") throw new ConfigError(`${opt}: Cachegrind simulates LRU only, not ${lv.policy}`);
      if (!lv.writeBack || !lv.writeAllocate || lv.inclusion !== "nine") {
        throw new ConfigError(`${opt}: Cachegrind simulates writes as reads in non-inclusive caches; wt, nwa, inclusive and exclusive do not apply`);
      }
    }
    if (m.levels.l3) throw new ConfigError(`--l3: cachegrind mode has no L3 (LL is the last level)`);
    if (m.classify) throw new ConfigError(`--classify: the 3C classification is not part of cachegrind mode`);
    return;
  }
  LEVEL_NAMES.forEach((name, index) => {
    const lv = m.levels[name];
    if (!lv || lv.inclusion === "nine") return;
    const opt = optionOf(name);
    if (index < 2) throw new ConfigError(`${opt}: ${lv.inclusion} describes a level's relation to the levels above it; an L1 has none`);
    for (const upName of LEVEL_NAMES.slice(0, index)) {
      const up = m.levels[upName];
      if (!up) continue;
      if (lv.inclusion === "exclusive") {
        if (up.line !== lv.line) throw new ConfigError(`${opt}: an exclusive level needs the same line size as ${upName} (${lv.line} B vs ${up.line} B)`);
        if (!up.writeBack || !up.writeAllocate) throw new ConfigError(`${opt}: an exclusive level needs ${upName} to be write-back and write-allocate`);
      } else if (up.line > lv.line) {
        throw new ConfigError(`${opt}: an inclusive level needs lines at least as long as ${upName}'s (${lv.line} B < ${up.line} B)`);
      }
    }
  });
}

/** Configure the core for `m` (validated first); clears all state and counters. */
export function applyMachine(core: Core, m: MachineConfig, optionOf?: (l: LevelName) => string): void {
  validateMachine(m, optionOf);
  const e = core.exports;
  e.resetMachine();
  LEVEL_NAMES.forEach((name, index) => {
    const lv = m.levels[name];
    if (!lv) return;
    const code = e.configureLevel(index, lv.size, lv.assoc, lv.line, lv.latency, POLICIES.indexOf(lv.policy),
      lv.writeBack ? 1 : 0, lv.writeAllocate ? 1 : 0, INCLUSIONS.indexOf(lv.inclusion), lv.seed | 0);
    if (code < 0) throw new ConfigError(`${optionOf?.(name) ?? name}: ${describeLevel(lv)}: ${new CoreError(code).message}`);
  });
  core.check(e.setMemoryLatency(m.memory.readLatency, m.memory.writeLatency));
  const mhz = m.coreMHz ?? DEFAULT_CORE_MHZ;
  if (m.dram) applyDram(core, m.dram, mhz);
  else core.check(e.setMemoryModel(0));
  // The device is simulated only behind virtual memory: without --ram nothing reaches it.
  applyStorage(core, m.mode === "generic" && m.vm ? m.storage : undefined, mhz);
  applyVm(core, m.mode === "generic" ? m.vm : undefined, mhz);
  core.check(e.setBaseCpi(m.mode === "generic" ? m.cpi ?? 1 : 0));
  e.setClassify(m.classify ? 1 : 0);
  const code = e.initMachine(m.mode === "cachegrind" ? 1 : 0);
  if (code < 0) throw new ConfigError(new CoreError(code).message);
}
