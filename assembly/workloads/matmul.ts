// matmul and matmul-blocked: C = A × B over n × n doubles, row-major, A at
// DATA_BASE, B and C each after the previous array (rounded up to 64 bytes).
//
// matmul (i-j-k): for each (i, j): sum = 0; for k: sum += A[i][k] * B[k][j];
//   C[i][j] = sum. Inner iteration: fetches at pc, pc+4, loads A[i][k], B[k][j].
//   After the k loop: a fetch at pc+8, the store of C[i][j].
//   Reads 2n³, writes n², fetches 2n³ + n².
// matmul-blocked(b): for ii, jj, kk in steps of b, then i, j in the block:
//   load C[i][j] (fetch pc+8), k over the block as above, store C[i][j] (fetch
//   pc+12). With m = ceil(n / b) blocks per dimension: reads 2n³ + n²m,
//   writes n²m, fetches 2n³ + 2n²m.

import { DATA_BASE, fetch, fetch2, load8, store8, lineUp, stopped } from "./emit";

export function runMatmul(n: u64, pc: u64): void {
  const bytes = lineUp(n * n * 8);
  const a = DATA_BASE, b = a + bytes, c = b + bytes;
  const row = n << 3;
  for (let i: u64 = 0; i < n; i++) {
    const ai = a + i * row;
    for (let j: u64 = 0; j < n; j++) {
      if (stopped()) return; // swap is full: the run has failed
      const bj = b + (j << 3);
      for (let k: u64 = 0; k < n; k++) {
        fetch2(pc);
        load8(ai + (k << 3));
        load8(bj + k * row);
      }
      fetch(pc + 8);
      store8(c + i * row + (j << 3));
    }
  }
}

export function runMatmulBlocked(n: u64, blk: u64, pc: u64): void {
  const bytes = lineUp(n * n * 8);
  const a = DATA_BASE, b = a + bytes, c = b + bytes;
  const row = n << 3;
  for (let ii: u64 = 0; ii < n; ii += blk) {
    const iEnd = min(ii + blk, n);
    for (let jj: u64 = 0; jj < n; jj += blk) {
      const jEnd = min(jj + blk, n);
      for (let kk: u64 = 0; kk < n; kk += blk) {
        const kEnd = min(kk + blk, n);
        for (let i = ii; i < iEnd; i++) {
          const ai = a + i * row;
          for (let j = jj; j < jEnd; j++) {
            if (stopped()) return;
            const cij = c + i * row + (j << 3);
            const bj = b + (j << 3);
            fetch(pc + 8);
            load8(cij);
            for (let k = kk; k < kEnd; k++) {
              fetch2(pc);
              load8(ai + (k << 3));
              load8(bj + k * row);
            }
            fetch(pc + 12);
            store8(cij);
          }
        }
      }
    }
  }
}

export function matmulRecords(n: f64): f64 {
  return 4 * n * n * n + 2 * n * n;
}

export function matmulBlockedRecords(n: f64, blk: f64): f64 {
  const m = Math.ceil(n / blk);
  return 4 * n * n * n + 4 * n * n * m;
}
