// pointer-chase: the 64-byte lines of the region linked into one random cycle
// (Sattolo's algorithm, so the permutation is a single cycle through every
// line), then `iterations` laps of following it from line 0: each 8-byte load
// reads the first word of a line, and the next load's address is the line
// that word names. The permutation is built in scratch linear memory above the
// configuration arena (4 bytes per line); it is not reserved, so it costs the
// machine nothing after the run. Each load is one loop iteration: two
// instruction fetches, then the load.

import { ARENA_START, arenaBytes, ensureMemory } from "../layout";
import { DATA_BASE, fetch2, load8, nextBelow, stopped } from "./emit";

/** Most lines a chase may link (a 256 MiB table for 16 GiB of data). */
export const MAX_CHASE_LINES: u64 = 1 << 26;

/**
 * Build a random single cycle over `lines` slots of 2^slotShift bytes in
 * scratch memory above the arena: slot i's first u32 names the next slot.
 * Returns the table's address, or 0 when linear memory cannot hold it.
 */
export function buildCycle(lines: u32, slotShift: i32 = 2): usize {
  const table = (ARENA_START + arenaBytes() + 63) & ~(<usize>63);
  const end = <u64>table + (<u64>lines << slotShift);
  if (end > 0xF000_0000 || !ensureMemory(<usize>end)) return 0;
  for (let i: u32 = 0; i < lines; i++) store<u32>(table + (<usize>i << slotShift), i);
  // Sattolo: swap each slot with a strictly earlier one.
  for (let i: u32 = lines - 1; i > 0; i--) {
    const j = nextBelow(i);
    const pi = table + (<usize>i << slotShift);
    const pj = table + (<usize>j << slotShift);
    const t = load<u32>(pi);
    store<u32>(pi, load<u32>(pj));
    store<u32>(pj, t);
  }
  return table;
}

export function runChase(size: u64, iterations: u64, pc: u64): bool {
  const lines = <u32>(size >>> 6);
  const table = buildCycle(lines);
  if (table == 0) return false;
  for (let it: u64 = 0; it < iterations; it++) {
    let cur: u32 = 0;
    for (let s: u32 = 0; s < lines; s++) {
      if (stopped()) return true; // swap is full: the run has failed
      fetch2(pc);
      load8(DATA_BASE + (<u64>cur << 6));
      cur = load<u32>(table + (<usize>cur << 2));
    }
  }
  return true;
}
