// SSD model (MQSim-shaped): channels x dies x planes of flash, a page-mapping
// FTL with greedy garbage collection and over-provisioning. See docs/storage.md.
// STUB: the contract below is what memory/storage.ts relies on.

import * as E from "../errors";

let configured = false;

/** Validate and store the SSD's parameters (no allocation); OK or an error code. */
export function configureSsd(
  channels: i32, diesPerChannel: i32, planesPerDie: i32, blocksPerPlane: i32, pagesPerBlock: i32, pageBytes: i32,
  readNs: f64, programNs: f64, eraseNs: f64, channelMBps: f64,
  overProvision: f64, gcThreshold: f64, fill: f64, coreMHz: f64,
): i32 {
  configured = false;
  return E.ERR_SSD_GEOMETRY;
}

export function ssdConfigured(): bool {
  return configured;
}

/** Logical bytes the host can address (a multiple of 4096). */
export function ssdCapacity(): u64 {
  return 0;
}

/** Allocate (layout.reserve) and precondition the FTL state at time 0; false when memory is exhausted. */
export function initSsd(): bool {
  return false;
}

/** One request of `bytes` at byte `offset` (in range), issued at core cycle `now`; cycles until it completes. */
export function ssdRequest(offset: u64, bytes: u32, write: bool, now: u64): u64 {
  return 0;
}
