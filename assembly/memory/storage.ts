// The storage device behind virtual memory: none, an SSD (memory/ssd.ts) or an
// HDD (memory/hdd.ts), behind one read and one write. The device models keep
// their own state and time; this file counts requests and their latencies.

import { ssdConfigured, ssdCapacity, initSsd, ssdRequest } from "./ssd";
import { hddConfigured, hddCapacity, initHdd, hddRequest } from "./hdd";
import {
  bump, countLatency, G_STORAGE_READS, G_STORAGE_WRITES, G_STORAGE_READ_BYTES, G_STORAGE_WRITE_BYTES, G_STORAGE_CYCLES,
} from "../stats";
import * as E from "../errors";

export const STORAGE_NONE: i32 = 0;
export const STORAGE_SSD: i32 = 1;
export const STORAGE_HDD: i32 = 2;

let model: i32 = STORAGE_NONE;

/** 0 none, 1 SSD, 2 HDD (configured first). */
export function setStorageModel(m: i32): i32 {
  if (m == STORAGE_NONE || (m == STORAGE_SSD && ssdConfigured()) || (m == STORAGE_HDD && hddConfigured())) {
    model = m;
    return E.OK;
  }
  model = STORAGE_NONE;
  return E.ERR_STORAGE_MODEL;
}

export function storageModel(): i32 {
  return model;
}

/** Bytes the host can address on the device (0: no device). */
export function storageCapacity(): u64 {
  if (model == STORAGE_SSD) return ssdCapacity();
  if (model == STORAGE_HDD) return hddCapacity();
  return 0;
}

/** Allocate and reset the device's state (after layout.resetArena); false when memory is exhausted. */
export function initStorage(): bool {
  if (model == STORAGE_SSD) return initSsd();
  if (model == STORAGE_HDD) return initHdd();
  return true;
}

/** Read `bytes` at device byte `offset` (in range), issued at core cycle `now`; cycles to completion. */
export function storageRead(offset: u64, bytes: u32, now: u64): u64 {
  bump(G_STORAGE_READS);
  bump(G_STORAGE_READ_BYTES, <u64>bytes);
  return counted(model == STORAGE_SSD ? ssdRequest(offset, bytes, false, now) : model == STORAGE_HDD ? hddRequest(offset, bytes, false, now) : 0);
}

/** Write `bytes` at device byte `offset` (in range), issued at core cycle `now`; cycles to completion. */
export function storageWrite(offset: u64, bytes: u32, now: u64): u64 {
  bump(G_STORAGE_WRITES);
  bump(G_STORAGE_WRITE_BYTES, <u64>bytes);
  return counted(model == STORAGE_SSD ? ssdRequest(offset, bytes, true, now) : model == STORAGE_HDD ? hddRequest(offset, bytes, true, now) : 0);
}

function counted(cycles: u64): u64 {
  bump(G_STORAGE_CYCLES, cycles);
  countLatency(cycles);
  return cycles;
}
