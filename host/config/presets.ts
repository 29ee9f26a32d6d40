// Named machines. Each is a whole MachineConfig: caches, memory model and
// core clock. `host` is read from Linux sysfs, the way Cachegrind detects the
// caches it simulates.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LEVEL_DEFAULTS, ConfigError, type LevelConfig } from "./level.js";
import { defaultMachine, cachegrindMachine, type MachineConfig } from "./machine.js";
import { dramPreset } from "./dram.js";
import { storagePreset } from "./storage.js";

const KiB = 1024;
const MiB = 1024 * KiB;

function level(size: number, assoc: number, line: number, latency: number, extra: Partial<LevelConfig> = {}): LevelConfig {
  return { ...LEVEL_DEFAULTS, size, assoc, line, latency, ...extra };
}

export interface Preset {
  description: string;
  machine: () => MachineConfig;
}

export const PRESETS: Record<string, Preset> = {
  default: {
    description: "memsim's default: 32K L1s, 256K L2, memory at a fixed 100 cycles, an NVMe SSD",
    machine: defaultMachine,
  },
  cachegrind: {
    description: "Valgrind Cachegrind's rules and counts (I1 32K, D1 32K, LL 8M), no timing; same as --cachegrind",
    machine: cachegrindMachine,
  },
  "small-embedded": {
    description: "a small in-order core at 600 MHz: 16K 4-way L1s with 32 B lines, 256K L2, LPDDR4X-4266, a SATA SSD",
    machine: () => ({
      ...defaultMachine(),
      levels: {
        l1i: level(16 * KiB, 4, 32, 1),
        l1d: level(16 * KiB, 4, 32, 1),
        l2: level(256 * KiB, 8, 64, 8),
      },
      dram: dramPreset("lpddr4x-4266"),
      storage: storagePreset("ssd-sata"),
      coreMHz: 600,
    }),
  },
  "desktop-2020": {
    description: "a 2020 desktop at 3.6 GHz: 32K L1s, 512K L2, 16M L3, DDR4-3200AA, an NVMe SSD",
    machine: () => ({
      ...defaultMachine(),
      levels: {
        l1i: level(32 * KiB, 8, 64, 4),
        l1d: level(32 * KiB, 8, 64, 4),
        l2: level(512 * KiB, 8, 64, 12),
        l3: level(16 * MiB, 16, 64, 40),
      },
      dram: dramPreset("ddr4-3200aa"),
      coreMHz: 3600,
    }),
  },
  "server-2024": {
    description: "a 2024 server core at 3 GHz: 32K L1i, 48K 12-way L1d, 2M L2, 64M inclusive L3, DDR5-4800, an NVMe SSD",
    machine: () => ({
      ...defaultMachine(),
      levels: {
        l1i: level(32 * KiB, 8, 64, 4),
        l1d: level(48 * KiB, 12, 64, 5),
        l2: level(2 * MiB, 16, 64, 16),
        l3: level(64 * MiB, 16, 64, 60, { inclusion: "inclusive" }),
      },
      dram: dramPreset("ddr5-4800"),
      coreMHz: 3000,
    }),
  },
  host: {
    description: "this machine's caches, read from /sys/devices/system/cpu/cpu0/cache (Linux), memory at a fixed 100 cycles",
    machine: () => hostMachine(),
  },
};

export const PRESET_NAMES = Object.keys(PRESETS);

export function preset(name: string): MachineConfig {
  const p = PRESETS[name.toLowerCase()];
  if (!p) throw new ConfigError(`--preset: unknown preset '${name}' (one of ${PRESET_NAMES.join(", ")}; memsim presets lists them)`);
  return p.machine();
}

export const SYSFS_CACHE = "/sys/devices/system/cpu/cpu0/cache";

/**
 * The caches the kernel reports for cpu0. A level whose set count is not a
 * power of two (some L3s) keeps its ways and line and is rounded down to the
 * nearest power-of-two number of sets, as Cachegrind does with such an LL.
 */
export function hostMachine(root = SYSFS_CACHE): MachineConfig {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((e) => /^index\d+$/.test(e));
  } catch {
    throw new ConfigError(`--preset host: ${root} is not readable here (the host preset needs Linux sysfs)`);
  }
  const read = (dir: string, file: string) => readFileSync(join(root, dir, file), "utf8").trim();
  const machine = defaultMachine();
  machine.levels = {};
  for (const dir of entries.sort()) {
    const lvl = Number(read(dir, "level"));
    const type = read(dir, "type");
    const ways = Number(read(dir, "ways_of_associativity"));
    const line = Number(read(dir, "coherency_line_size"));
    const sets = Number(read(dir, "number_of_sets"));
    const name = lvl === 1 ? (type === "Instruction" ? "l1i" : type === "Data" ? "l1d" : null) : lvl === 2 ? "l2" : lvl === 3 ? "l3" : null;
    if (!name || !(ways > 0 && line > 0 && sets > 0)) continue;
    const powerOfTwoSets = 2 ** Math.floor(Math.log2(sets));
    machine.levels[name] = level(powerOfTwoSets * ways * line, ways, line, lvl === 1 ? 4 : lvl === 2 ? 12 : 40);
  }
  if (!machine.levels.l1d && !machine.levels.l2) throw new ConfigError(`--preset host: ${root} describes no data cache`);
  return machine;
}
