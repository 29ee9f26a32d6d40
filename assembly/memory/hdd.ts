// HDD model: rotation that follows simulated time, Lee's seek curve, zoned
// recording and head switches. See docs/storage.md.
// STUB: the contract below is what memory/storage.ts relies on.

import * as E from "../errors";

let configured = false;

/** Validate and store the drive's parameters (no allocation); OK or an error code. */
export function configureHdd(
  rpm: f64, cylinders: i32, heads: i32, zones: i32, outerSectorsPerTrack: i32, innerSectorsPerTrack: i32,
  seekANs: f64, seekBNs: f64, seekCNs: f64, headSwitchNs: f64, coreMHz: f64,
): i32 {
  configured = false;
  return E.ERR_HDD_GEOMETRY;
}

export function hddConfigured(): bool {
  return configured;
}

/** Bytes the drive holds (512-byte sectors). */
export function hddCapacity(): u64 {
  return 0;
}

/** Reset the drive's state: arm at cylinder 0, head 0, idle, at time 0; false when memory is exhausted. */
export function initHdd(): bool {
  return false;
}

/** One request of `bytes` at byte `offset` (in range), issued at core cycle `now`; cycles until it completes. */
export function hddRequest(offset: u64, bytes: u32, write: bool, now: u64): u64 {
  return 0;
}
