// stencil: `iterations` sweeps of a 2-D 5-point Jacobi step over n × n
// doubles, row-major, between two arrays (A at DATA_BASE, B after it, rounded
// up to 64 bytes). Sweep t reads src = (t even ? A : B) and writes the other:
// for each interior point (1 <= i, j <= n-2), row by row: fetches at pc and
// pc+4, loads src[i][j], src[i-1][j], src[i+1][j], src[i][j-1], src[i][j+1],
// then the store of dst[i][j]. Per sweep: 5(n-2)² reads, (n-2)² writes,
// 2(n-2)² fetches. n must be at least 3.

import { DATA_BASE, fetch2, load8, store8, lineUp, stopped } from "./emit";

export function runStencil(n: u64, iterations: u64, pc: u64): void {
  const bytes = lineUp(n * n * 8);
  const row = n << 3;
  let src = DATA_BASE, dst = DATA_BASE + bytes;
  for (let t: u64 = 0; t < iterations; t++) {
    for (let i: u64 = 1; i + 1 < n; i++) {
      const s = src + i * row, d = dst + i * row;
      for (let j: u64 = 1; j + 1 < n; j++) {
        if (stopped()) return; // swap is full: the run has failed
        const o = j << 3;
        fetch2(pc);
        load8(s + o);
        load8(s - row + o);
        load8(s + row + o);
        load8(s + o - 8);
        load8(s + o + 8);
        store8(d + o);
      }
    }
    const x = src; src = dst; dst = x;
  }
}

export function stencilRecords(n: f64, iterations: f64): f64 {
  return (n - 2) * (n - 2) * 8 * iterations;
}
