// Cachegrind mode: Valgrind 3.19's cache simulation, exactly. I1, D1 and LL
// (levels l1i, l1d and l2) with true LRU; tags start zeroed; a write is
// simulated like a read; LL is looked up with the same reference only when L1
// misses; a reference that straddles lines looks up every line but counts as
// one access and at most one miss per level. This is also the counts-only fast
// path: no latency, no dirty state, counters kept in locals.

import { level } from "../cache/level";
import { moveToFront, insertFront } from "../cache/replacement";
import { levelStatPtr, statPtr, G_FLUSHES, S_ACCESS, S_MISS } from "../stats";

/** One line lookup with move-to-front LRU (Cachegrind's cachesim_setref_is_miss). */
// @ts-ignore: decorator
@inline function lineMiss(tags: usize, setMask: i32, assoc: i32, block: u64): bool {
  const base = tags + ((<usize>(<i32>block & setMask) * <usize>assoc) << 3);
  if (load<u64>(base) == block) return false;
  for (let way = 1; way < assoc; way++) {
    if (load<u64>(base + (<usize>way << 3)) == block) {
      moveToFront(base, way);
      return false;
    }
  }
  insertFront(base, assoc, block);
  return true;
}

/** A whole reference at one cache: true when any line it touches missed. */
// @ts-ignore: decorator
@inline function refMiss(tags: usize, setMask: i32, assoc: i32, bits: i32, addr: u64, size: i32): bool {
  const first = addr >>> bits;
  const last = (addr + <u64>(size - 1)) >>> bits;
  if (first == last) return lineMiss(tags, setMask, assoc, first);
  let miss = false;
  for (let block = first; block <= last; block++) {
    if (lineMiss(tags, setMask, assoc, block)) miss = true;
  }
  return miss;
}

/** Simulate `n` packed records at `ptr` (see trace/records.ts). Returns the number of instruction records. */
export function simulateCachegrind(ptr: usize, n: i32): u64 {
  const i1 = level(0);
  const d1 = level(1);
  const ll = level(2);
  const iTags = i1.tags, iMask = i1.setMask, iAssoc = i1.assoc, iBits = i1.lineBits;
  const dTags = d1.tags, dMask = d1.setMask, dAssoc = d1.assoc, dBits = d1.lineBits;
  const lTags = ll.tags, lMask = ll.setMask, lAssoc = ll.assoc, lBits = ll.lineBits;
  // Cachegrind caps a data access at the smallest line size (only the memory
  // effects of dirty helpers such as fxsave exceed it), so none spans more than
  // two lines; Lackey prints the full size.
  const minLine = 1 << min(iBits, min(dBits, lBits));
  let ir: u64 = 0, i1mr: u64 = 0, ilmr: u64 = 0;
  let dr: u64 = 0, d1mr: u64 = 0, dlmr: u64 = 0;
  let dw: u64 = 0, d1mw: u64 = 0, dlmw: u64 = 0;
  let flushes: u64 = 0;
  const end = ptr + (<usize>n << 3);
  for (let p = ptr; p < end; p += 8) {
    const record = load<u64>(p);
    const kind = <i32>(record >>> 60);
    let size = <i32>((record >>> 48) & 0xFFF) + 1;
    const addr = <u64>((<i64>(record << 16)) >> 16);
    if (kind == 0) {
      ir++;
      if (refMiss(iTags, iMask, iAssoc, iBits, addr, size)) {
        i1mr++;
        if (refMiss(lTags, lMask, lAssoc, lBits, addr, size)) ilmr++;
      }
    } else if (kind == 2) {
      if (size > minLine) size = minLine;
      dw++;
      if (refMiss(dTags, dMask, dAssoc, dBits, addr, size)) {
        d1mw++;
        if (refMiss(lTags, lMask, lAssoc, lBits, addr, size)) dlmw++;
      }
    } else if (kind <= 3) {
      if (size > minLine) size = minLine;
      dr++;
      if (refMiss(dTags, dMask, dAssoc, dBits, addr, size)) {
        d1mr++;
        if (refMiss(lTags, lMask, lAssoc, lBits, addr, size)) dlmr++;
      }
    } else {
      flushes++; // din label 4: counted, no Cachegrind meaning
    }
  }
  const f = statPtr(G_FLUSHES);
  store<u64>(f, load<u64>(f) + flushes);
  add(0, S_ACCESS + 0, ir);
  add(0, S_MISS + 0, i1mr);
  add(1, S_ACCESS + 1, dr);
  add(1, S_MISS + 1, d1mr);
  add(1, S_ACCESS + 2, dw);
  add(1, S_MISS + 2, d1mw);
  add(2, S_ACCESS + 0, i1mr);
  add(2, S_ACCESS + 1, d1mr);
  add(2, S_ACCESS + 2, d1mw);
  add(2, S_MISS + 0, ilmr);
  add(2, S_MISS + 1, dlmr);
  add(2, S_MISS + 2, dlmw);
  return ir;
}

// @ts-ignore: decorator
@inline function add(l: i32, field: i32, by: u64): void {
  const p = levelStatPtr(l, field);
  store<u64>(p, load<u64>(p) + by);
}
