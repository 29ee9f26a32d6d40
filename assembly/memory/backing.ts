// What lies below the last cache level. For now a fixed latency per line
// transfer; the DRAM and storage models plug in here, behind the same two
// functions, without touching the cache path.

import { bump, G_MEM_READS, G_MEM_WRITES, G_MEM_READ_BYTES, G_MEM_WRITE_BYTES } from "../stats";

let readLatency: u64 = 100;
let writeLatency: u64 = 0; // write-backs are buffered: they cost the core nothing by default

export function setMemoryLatency(read: i32, write: i32): void {
  readLatency = <u64>read;
  writeLatency = <u64>write;
}

/** Read `bytes` at `addr` from memory; returns cycles. */
export function memoryRead(addr: u64, bytes: i32): u64 {
  bump(G_MEM_READS);
  bump(G_MEM_READ_BYTES, <u64>bytes);
  return readLatency;
}

/** Write `bytes` at `addr` to memory; returns cycles. */
export function memoryWrite(addr: u64, bytes: i32): u64 {
  bump(G_MEM_WRITES);
  bump(G_MEM_WRITE_BYTES, <u64>bytes);
  return writeLatency;
}
