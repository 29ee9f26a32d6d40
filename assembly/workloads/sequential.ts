// sequential and strided: `iterations` passes over `size` bytes, one 8-byte
// load every `stride` bytes (offsets 0, stride, 2·stride, ... < size).
// Each access is one loop iteration: two instruction fetches, then the load.

import { DATA_BASE, fetch2, load8, stopped } from "./emit";

export function runStrided(size: u64, stride: u64, iterations: u64, pc: u64): void {
  for (let it: u64 = 0; it < iterations; it++) {
    for (let off: u64 = 0; off < size; off += stride) {
      if (stopped()) return; // swap is full: the run has failed
      fetch2(pc);
      load8(DATA_BASE + off);
    }
  }
}

/** Records one run emits: 3 per access. */
export function stridedRecords(size: f64, stride: f64, iterations: f64): f64 {
  return Math.ceil(size / stride) * iterations * 3;
}
