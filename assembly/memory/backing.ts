// What lies below the last cache level: a fixed latency per transfer (the
// default) or the DRAM timing model (memory/dram.ts), behind the same two
// functions, without touching the cache path.
//
// The memory keeps the core's clock (docs/timing.md): `now` is the core cycle
// at which the current record started (advanceClock adds each record's core
// time once it is known: base CPI for an instruction, plus stalls) and
// `inRecord` the memory cycles already spent inside the current record, so that
// a record's second transfer (a write-back after a line fetch, a page read
// after a fault) is issued after its first one rather than beside it.

import { bump, G_MEM_READS, G_MEM_WRITES, G_MEM_READ_BYTES, G_MEM_WRITE_BYTES } from "../stats";
import { dramRead, dramWrite, dramConfigured, refreshUntil, resetDram } from "./dram";
import * as E from "../errors";

export const MODEL_FIXED: i32 = 0;
export const MODEL_DRAM: i32 = 1;

let readLatency: u64 = 100;
let writeLatency: u64 = 0; // write-backs are buffered: they cost the core nothing by default
let model: i32 = MODEL_FIXED;

/** The core cycle the current record started at. */
let now: u64 = 0;
/** Memory cycles spent so far inside the current record. */
let inRecord: u64 = 0;

export function setMemoryLatency(read: i32, write: i32): void {
  readLatency = <u64>read;
  writeLatency = <u64>write;
}

/** 0: fixed latency, 1: DRAM (needs configureGeometry and configureTiming first). */
export function setMemoryModel(m: i32): i32 {
  if (m != MODEL_FIXED && m != MODEL_DRAM) return E.ERR_DRAM_POLICY;
  if (m == MODEL_DRAM && !dramConfigured()) return E.ERR_DRAM_NOT_CONFIGURED;
  model = m;
  return E.OK;
}

export function memoryModel(): i32 {
  return model;
}

/** The base CPI of instruction records, as the clock advances by it. */
let cpi: f64 = 0;
let instructions: u64 = 0;
let instructionTime: u64 = 0; // floor(instructions x cpi)

export function setBaseCpi(c: f64): void {
  cpi = c;
  // The new CPI applies to instructions from now on: time already passed stays.
  instructions = 0;
  instructionTime = 0;
}

/**
 * Records finished: their core time has passed (floor(instructions x CPI) as
 * instructions go by, plus the records' `stall` cycles). Refreshes due by then happen.
 *
 * A run of records may be passed at once (`count` instruction records, the sum
 * of their stalls): the clock telescopes, so it ends exactly where record by
 * record would leave it, provided none of them used the memory in between
 * (a request refreshes up to its own time first, so deferred refreshes change nothing).
 */
export function advanceClock(stall: u64, count: u64): void {
  if (count != 0) {
    instructions += count;
    const t = <u64>floor(<f64>instructions * cpi);
    now += t - instructionTime;
    instructionTime = t;
  }
  now += stall;
  inRecord = 0;
  if (model == MODEL_DRAM) refreshUntil(now);
}

/** The memory clock, in core cycles. */
export function clockNow(): u64 {
  return now;
}

/** When a request issued now inside the current record starts. */
export function recordTime(): u64 {
  return now + inRecord;
}

/** `cycles` of the current record went to something other than memory (a page fault). */
export function spendInRecord(cycles: u64): void {
  inRecord += cycles;
}

/** Time 0, every DRAM bank closed (a machine is being built). */
export function resetMemoryState(): void {
  now = 0;
  inRecord = 0;
  instructions = 0;
  instructionTime = 0;
  if (dramConfigured()) resetDram();
}

/** Read `bytes` at `addr` from memory; returns cycles. */
export function memoryRead(addr: u64, bytes: i32): u64 {
  bump(G_MEM_READS);
  bump(G_MEM_READ_BYTES, <u64>bytes);
  if (model == MODEL_FIXED) return readLatency;
  const cycles = dramRead(addr, bytes, now + inRecord);
  inRecord += cycles;
  return cycles;
}

/** Write `bytes` at `addr` to memory; returns cycles. */
export function memoryWrite(addr: u64, bytes: i32): u64 {
  bump(G_MEM_WRITES);
  bump(G_MEM_WRITE_BYTES, <u64>bytes);
  if (model == MODEL_FIXED) return writeLatency;
  const cycles = dramWrite(addr, bytes, now + inRecord);
  inRecord += cycles;
  return cycles;
}
