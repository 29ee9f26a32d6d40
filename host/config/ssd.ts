// The SSD behind virtual memory (assembly/memory/ssd.ts, docs/ssd.md): an
// MQSim-shaped flash array behind a page-mapping FTL with greedy foreground
// GC. Presets, validation with messages that name the field, and `applySsd`,
// which hands the parameters to the core.

import { Core, CoreError } from "../core.js";
import { ConfigError } from "./level.js";
import { DEFAULT_CORE_MHZ } from "./dram.js";

export interface SsdConfig {
  kind: "ssd";
  name: string; // preset name, for reports
  channels: number;
  diesPerChannel: number;
  planesPerDie: number;
  blocksPerPlane: number;
  pagesPerBlock: number;
  pageBytes: number; // a multiple of 4096, at most 65536
  readNs: number; // flash page read (tR)
  programNs: number; // flash page program (tPROG)
  eraseNs: number; // block erase (tBERS)
  channelMBps: number; // one channel's transfer rate, MB/s (10^6 bytes/s)
  overProvision: number; // fraction of the physical units hidden from the host
  gcThreshold: number; // GC keeps max(2, ceil(gcThreshold x blocksPerPlane)) free blocks per plane
  fill: number; // fraction of the logical units written before time 0
}

/** The mapping unit (bytes). */
export const SSD_UNIT = 4096;
/** Physical 4 KiB units the core accepts (8 bytes of state each). */
export const SSD_MAX_UNITS = 2 ** 25;

/**
 * Where the numbers come from:
 * - Organisation, GC and OP: MQSim's defaults (Tavakkol et al., FAST '18;
 *   github.com/CMU-SAFARI/MQSim, ssdconfig.xml and Flash_Parameter_Set.cpp):
 *   8 channels x 4 chips x 2 dies x 2 planes, 256 pages per block, 7 %
 *   over-provisioning, GC at 5 % free blocks; tR 75 us, tPROG 750 us, tBERS
 *   3.8 ms; 333 MT/s x 8-bit channels (NV-DDR2).
 * - ssd-nvme: a client TLC NVMe drive of the 96-176-layer generations: 16 KiB
 *   pages, tR ~50-70 us, tPROG ~600-900 us, tBERS ~3-4 ms in vendor
 *   datasheets and ISSCC papers; 1200 MT/s channels (ONFI 4.2 NV-DDR3 /
 *   Toggle 4). A 4 KiB random read then costs ~63 us, inside the 50-100 us
 *   that client NVMe drives show end to end at queue depth 1.
 * - ssd-sata: a 4-channel TLC SATA drive of the 64-layer generation: 400 MT/s
 *   channels (ONFI 3 NV-DDR2), MQSim's tR and tBERS, a slower tPROG. The
 *   550 MB/s SATA link is not modelled (docs/ssd.md).
 * Both keep 2^22 physical units (16 GiB): the modelled capacity is the swap /
 * file partition, not the whole drive, so a plane holds fewer blocks than a
 * real one (64 or 128, not ~2000) while channels, planes and timing are real.
 * fill 0.5: a drive in use, half of the partition already written once, so
 * first writes are fast but a long run reaches garbage collection.
 */
export const SSD_PRESETS: Record<string, SsdConfig> = {
  "ssd-nvme": {
    kind: "ssd", name: "ssd-nvme",
    channels: 8, diesPerChannel: 4, planesPerDie: 2, blocksPerPlane: 64, pagesPerBlock: 256, pageBytes: 16384,
    readNs: 60_000, programNs: 700_000, eraseNs: 3_500_000, channelMBps: 1200,
    overProvision: 0.07, gcThreshold: 0.05, fill: 0.5,
  },
  "ssd-sata": {
    kind: "ssd", name: "ssd-sata",
    channels: 4, diesPerChannel: 4, planesPerDie: 2, blocksPerPlane: 128, pagesPerBlock: 256, pageBytes: 16384,
    readNs: 75_000, programNs: 900_000, eraseNs: 3_800_000, channelMBps: 400,
    overProvision: 0.07, gcThreshold: 0.05, fill: 0.5,
  },
};

export const SSD_PRESET_NAMES = Object.keys(SSD_PRESETS);

/** A copy of a preset, with fields overridden. */
export function ssdPreset(name: string, overrides: Partial<SsdConfig> = {}): SsdConfig {
  const p = SSD_PRESETS[name.toLowerCase()];
  if (!p) throw new ConfigError(`storage: unknown SSD preset '${name}' (one of ${SSD_PRESET_NAMES.join(", ")})`);
  return { ...p, ...overrides, kind: "ssd" };
}

// ---------------------------------------------------------------- derived sizes

/** The sizes the core derives from a config (docs/ssd.md), for messages, reports and tests. */
export function ssdGeometry(c: SsdConfig) {
  const planes = c.channels * c.diesPerChannel * c.planesPerDie;
  const unitsPerPage = c.pageBytes / SSD_UNIT;
  const unitsPerBlock = c.pagesPerBlock * unitsPerPage;
  const physicalUnits = planes * c.blocksPerPlane * unitsPerBlock;
  const logicalUnits = Math.floor(physicalUnits * (1 - c.overProvision));
  const gcFreeBlocks = Math.max(2, Math.ceil(c.gcThreshold * c.blocksPerPlane));
  const fullestPlaneUnits = Math.ceil(logicalUnits / planes);
  return {
    planes, unitsPerPage, unitsPerBlock, physicalUnits, logicalUnits, gcFreeBlocks, fullestPlaneUnits,
    capacity: logicalUnits * SSD_UNIT,
    fillUnits: Math.floor(c.fill * logicalUnits),
  };
}

/** GC can always reach its target: the fullest plane's data fits in fewer than (blocks - gcFreeBlocks) blocks. */
function gcReachable(c: SsdConfig): boolean {
  const g = ssdGeometry(c);
  return g.gcFreeBlocks < c.blocksPerPlane && g.fullestPlaneUnits < (c.blocksPerPlane - g.gcFreeBlocks) * g.unitsPerBlock;
}

// ---------------------------------------------------------------- validation

const COUNT_FIELDS = ["channels", "diesPerChannel", "planesPerDie", "pagesPerBlock"] as const;
const TIME_FIELDS = ["readNs", "programNs", "eraseNs", "channelMBps"] as const;

/** Check an SSD config against the model's rules (the core's ERR_SSD_*); messages name the field. */
export function validateSsd(c: SsdConfig): void {
  if (c.kind !== "ssd") throw new ConfigError(`storage.kind: must be ssd, not ${c.kind}`);
  for (const f of COUNT_FIELDS) {
    const v = c[f];
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`storage.${f}: must be a whole number of at least 1, not ${v}`);
  }
  if (!Number.isInteger(c.blocksPerPlane) || c.blocksPerPlane < 8) {
    throw new ConfigError(`storage.blocksPerPlane: must be a whole number of at least 8, not ${c.blocksPerPlane}`);
  }
  if (!Number.isInteger(c.pageBytes) || c.pageBytes < SSD_UNIT || c.pageBytes > 65536 || c.pageBytes % SSD_UNIT !== 0) {
    throw new ConfigError(`storage.pageBytes: must be a multiple of 4096 from 4096 to 65536, not ${c.pageBytes}`);
  }
  const g = ssdGeometry(c);
  if (g.physicalUnits > SSD_MAX_UNITS) {
    throw new ConfigError(`storage.blocksPerPlane: ${c.blocksPerPlane} blocks give ${g.physicalUnits} physical 4 KiB units ` +
      `(${g.planes} planes x ${c.blocksPerPlane} blocks x ${c.pagesPerBlock} pages x ${g.unitsPerPage} units); ` +
      `the model holds at most 2^25 (128 GiB): use fewer blocks, pages or planes`);
  }
  for (const f of TIME_FIELDS) {
    const v = c[f];
    if (!Number.isFinite(v) || v <= 0 || v >= 1e12) {
      throw new ConfigError(`storage.${f}: must be a number above 0 and below 10^12, not ${v}`);
    }
  }
  if (!(c.overProvision >= 0.02 && c.overProvision <= 0.5)) {
    throw new ConfigError(`storage.overProvision: must be between 0.02 and 0.5, not ${c.overProvision}`);
  }
  if (!(c.gcThreshold > 0 && c.gcThreshold <= 0.25)) {
    throw new ConfigError(`storage.gcThreshold: must be above 0 and at most 0.25, not ${c.gcThreshold}`);
  }
  if (!(c.fill >= 0 && c.fill <= 1)) throw new ConfigError(`storage.fill: must be between 0 and 1, not ${c.fill}`);
  if (!gcReachable(c)) {
    // The smallest over-provisioning (in thousandths) that works, if any.
    let need: number | undefined;
    for (let k = 20; k <= 500; k++) {
      if (gcReachable({ ...c, overProvision: k / 1000 })) {
        need = k / 1000;
        break;
      }
    }
    throw new ConfigError(`storage.overProvision: ${c.overProvision} leaves the fullest plane ${g.fullestPlaneUnits} units of data, ` +
      `but GC keeps ${g.gcFreeBlocks} of its ${c.blocksPerPlane} blocks free (gcThreshold ${c.gcThreshold}), so the data must fit in ` +
      `fewer than ${c.blocksPerPlane - g.gcFreeBlocks} blocks of ${g.unitsPerBlock} units: ` +
      (need !== undefined ? `use an overProvision of at least ${need}, more blocks per plane or a lower gcThreshold`
        : `use more blocks per plane or a lower gcThreshold`));
  }
}

// ---------------------------------------------------------------- to the core

/** Configure the SSD (validated first) and select it as the storage device. Call before initMachine. */
export function applySsd(core: Core, c: SsdConfig, coreMHz: number = DEFAULT_CORE_MHZ): void {
  if (!Number.isFinite(coreMHz) || coreMHz < 1 || coreMHz > 1e6) {
    throw new ConfigError(`coreMHz: must be between 1 and 1000000 MHz, not ${coreMHz}`);
  }
  validateSsd(c);
  const e = core.exports;
  const code = e.configureSsd(c.channels, c.diesPerChannel, c.planesPerDie, c.blocksPerPlane, c.pagesPerBlock, c.pageBytes,
    c.readNs, c.programNs, c.eraseNs, c.channelMBps, c.overProvision, c.gcThreshold, c.fill, coreMHz);
  if (code < 0) throw new ConfigError(`storage (${c.name}): ${new CoreError(code).message}`);
  try {
    core.check(e.setStorageModel(1));
  } catch (err) {
    if (err instanceof CoreError) throw new ConfigError(`storage (${c.name}): ${err.message}`);
    throw err;
  }
}

function gib(bytes: number): string {
  const v = bytes / 2 ** 30;
  return `${Number.isInteger(v) ? v : v.toFixed(1)} GiB`;
}

function us(ns: number): string {
  const v = ns / 1000;
  return `${Number.isInteger(v) ? v : v.toFixed(1)} us`;
}

/** One line for reports: "ssd-nvme: 8 ch x 4 dies x 2 planes, 16 KiB pages, read 60 us, program 700 us, 16 GiB (14.9 GiB usable), 7% OP". */
export function describeSsd(c: SsdConfig): string {
  const g = ssdGeometry(c);
  return `${c.name}: ${c.channels} ch x ${c.diesPerChannel} dies x ${c.planesPerDie} planes, ${c.pageBytes / 1024} KiB pages, ` +
    `read ${us(c.readNs)}, program ${us(c.programNs)}, ${gib(g.physicalUnits * SSD_UNIT)} (${gib(g.capacity)} usable), ` +
    `${Math.round(c.overProvision * 1000) / 10}% OP`;
}
