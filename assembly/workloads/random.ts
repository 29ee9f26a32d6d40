// random and zipf: `accesses` 8-byte loads at random places in `size` bytes.
//
// random: a uniform 8-byte word of the region (xorshift64*, seeded).
// zipf:   a 64-byte line of the region drawn from a Zipf(alpha) law over its
//         lines (line r, counted from 0 at the region's start, has weight
//         about (r + 1)^-alpha: the hottest lines are at the start), then a
//         uniform word within that line. The line is drawn by inverting the
//         CDF of the continuous bounded power law on [1, N + 1):
//           alpha != 1: x = ((N + 1)^(1 - alpha) - 1) u + 1)^(1 / (1 - alpha))
//           alpha == 1: x = (N + 1)^u
//         and r = floor(x) - 1. Line r then has probability
//         ∫_{r+1}^{r+2} x^-alpha dx / ∫_1^{N+1} x^-alpha dx, within a few per
//         cent of the discrete Zipf weight beyond the first lines. It needs no
//         table and one pow per access.
// Each access is one loop iteration: two instruction fetches, then the load.

import { DATA_BASE, fetch2, load8, nextRandom, nextUnit, stopped } from "./emit";

export function runRandom(size: u64, accesses: u64, pc: u64): void {
  const words = <f64>(size >>> 3);
  for (let i: u64 = 0; i < accesses; i++) {
    if (stopped()) return; // swap is full: the run has failed
    const w = <u64>(nextUnit() * words);
    fetch2(pc);
    load8(DATA_BASE + (w << 3));
  }
}

export function runZipf(size: u64, accesses: u64, alpha: f64, pc: u64): void {
  const lines = size >>> 6;
  const top = <f64>lines + 1;
  const one = alpha == 1.0;
  const expo = 1.0 - alpha;
  const scale = one ? Math.log(top) : Math.pow(top, expo) - 1.0;
  const inv = one ? 0.0 : 1.0 / expo;
  const last = lines - 1;
  for (let i: u64 = 0; i < accesses; i++) {
    if (stopped()) return; // swap is full: the run has failed
    const u = nextUnit();
    const x = one ? Math.exp(u * scale) : Math.pow(scale * u + 1.0, inv);
    let r = <u64>x - 1;
    if (<i64>r < 0) r = 0;
    if (r > last) r = last;
    const word = nextRandom() >>> 61; // 0..7
    fetch2(pc);
    load8(DATA_BASE + (r << 6) + (word << 3));
  }
}
