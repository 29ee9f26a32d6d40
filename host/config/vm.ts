// Virtual memory: page size, RAM capacity, swap, page replacement and the
// fault handler's time (docs/storage.md). Off unless RAM is given: without it
// RAM is unlimited and nothing faults.

import { Core, CoreError } from "../core.js";
import { ConfigError } from "./level.js";
import { formatSize } from "./size.js";

export const PAGE_REPLACEMENTS = ["lru", "clock"] as const;
export type PageReplacement = (typeof PAGE_REPLACEMENTS)[number];

export interface VmConfig {
  pageBytes: number;
  ramBytes: number;
  /** Swap area at the start of the storage device; default: as large as RAM (at most the device). */
  swapBytes?: number;
  replacement: PageReplacement;
  /** The kernel's time per fault besides I/O: trap, page-table update, zeroing or mapping a frame. */
  faultNs: number;
}

/** About a microsecond per fault: the trap, the page-table walk and update, clearing a 4 KiB frame. */
export const DEFAULT_FAULT_NS = 1000;
export const DEFAULT_PAGE_BYTES = 4096;
const MAX_PAGES = 2 ** 24; // assembly/memory/vm.ts

export function defaultVm(ramBytes: number): VmConfig {
  return { pageBytes: DEFAULT_PAGE_BYTES, ramBytes, replacement: "lru", faultNs: DEFAULT_FAULT_NS };
}

/** Check every field; messages name the option or field (`field` maps a field to its name). */
export function validateVm(vm: VmConfig, field: (name: keyof VmConfig) => string = (n) => `vm.${n}`): void {
  const { pageBytes: page, ramBytes: ram } = vm;
  if (!Number.isInteger(page) || page < 4096 || page > 2 ** 30 || (page & (page - 1)) !== 0) {
    throw new ConfigError(`${field("pageBytes")}: the page size must be a power of two from 4K to 1G, not ${page}`);
  }
  if (!Number.isInteger(ram) || ram < page) {
    throw new ConfigError(`${field("ramBytes")}: RAM must hold at least one ${formatSize(page)} page, not ${ram} bytes`);
  }
  if (ram / page > MAX_PAGES) throw new ConfigError(`${field("ramBytes")}: at most 2^24 pages of RAM (${formatSize(MAX_PAGES * page)} with ${formatSize(page)} pages)`);
  if (vm.swapBytes !== undefined) {
    if (!Number.isInteger(vm.swapBytes) || vm.swapBytes < 0) throw new ConfigError(`${field("swapBytes")}: must be a size in bytes, not ${vm.swapBytes}`);
    if (vm.swapBytes / page > MAX_PAGES) throw new ConfigError(`${field("swapBytes")}: at most 2^24 pages of swap`);
  }
  if (!(PAGE_REPLACEMENTS as readonly string[]).includes(vm.replacement)) {
    throw new ConfigError(`${field("replacement")}: '${vm.replacement}' must be ${PAGE_REPLACEMENTS.join(" or ")}`);
  }
  if (!(vm.faultNs >= 0 && vm.faultNs <= 1e9)) throw new ConfigError(`${field("faultNs")}: must be a number of nanoseconds from 0 to 10^9`);
}

/** The swap area: as configured, else as large as RAM, never beyond the device. */
export function swapBytes(vm: VmConfig, deviceBytes: number): number {
  const swap = vm.swapBytes ?? Math.min(vm.ramBytes, deviceBytes);
  return Math.floor(swap / vm.pageBytes) * vm.pageBytes;
}

/** Hand `vm` to the core (after the storage device is configured: the swap lives on it). */
export function applyVm(core: Core, vm: VmConfig | undefined, coreMHz: number): void {
  const e = core.exports;
  if (!vm) {
    core.check(e.configureVm(DEFAULT_PAGE_BYTES, 0, 0, 0, 0, coreMHz));
    return;
  }
  const device = e.storageCapacity();
  if (device === 0) throw new ConfigError(`--ram: virtual memory needs a storage device to swap to (--storage, e.g. ssd-nvme)`);
  const swap = swapBytes(vm, device);
  if (swap > device) throw new ConfigError(`--swap: ${formatSize(swap)} of swap does not fit on the ${formatSize(device)} device`);
  const code = e.configureVm(vm.pageBytes, vm.ramBytes, swap, PAGE_REPLACEMENTS.indexOf(vm.replacement), vm.faultNs, coreMHz);
  if (code < 0) throw new ConfigError(`--ram: ${new CoreError(code).message}`);
}

export function describeVm(vm: VmConfig): string {
  const swap = vm.swapBytes === undefined ? "swap as large as RAM" : `${formatSize(vm.swapBytes)} swap`;
  return `${formatSize(vm.ramBytes)} RAM in ${formatSize(vm.pageBytes)} pages (${vm.replacement}), ${swap}, ${vm.faultNs} ns per fault`;
}
