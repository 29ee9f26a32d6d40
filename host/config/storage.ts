// The storage device behind virtual memory: an SSD (./ssd.ts) or an HDD
// (./hdd.ts), named by preset and overridden field by field. docs/storage.md.

import { Core } from "../core.js";
import { ConfigError } from "./level.js";
import { SSD_PRESETS, ssdPreset, validateSsd, applySsd, describeSsd, type SsdConfig } from "./ssd.js";
import { HDD_PRESETS, hddPreset, validateHdd, applyHdd, describeHdd, type HddConfig } from "./hdd.js";

export type StorageConfig = SsdConfig | HddConfig;

export const STORAGE_PRESET_NAMES = [...Object.keys(SSD_PRESETS), ...Object.keys(HDD_PRESETS)];

/** A copy of a preset with fields overridden; unknown names list the presets. */
export function storagePreset(name: string, overrides: Record<string, unknown> = {}): StorageConfig {
  const key = name.toLowerCase();
  if (key in SSD_PRESETS) return ssdPreset(key, overrides as Partial<SsdConfig>);
  if (key in HDD_PRESETS) return hddPreset(key, overrides as Partial<HddConfig>);
  throw new ConfigError(`storage: unknown device '${name}' (one of ${STORAGE_PRESET_NAMES.join(", ")})`);
}

export function validateStorage(s: StorageConfig): void {
  if (s.kind === "ssd") validateSsd(s);
  else validateHdd(s);
}

/** Configure the device in the core, or none. */
export function applyStorage(core: Core, s: StorageConfig | undefined, coreMHz: number): void {
  if (!s) core.check(core.exports.setStorageModel(0));
  else if (s.kind === "ssd") applySsd(core, s, coreMHz);
  else applyHdd(core, s, coreMHz);
}

export function describeStorage(s: StorageConfig): string {
  return s.kind === "ssd" ? describeSsd(s) : describeHdd(s);
}
