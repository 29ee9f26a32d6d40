// Cachegrind mode: Valgrind 3.19's cache simulation, exactly. I1, D1 and LL
// (levels l1i, l1d and l2) with true LRU; tags start zeroed; a write is
// simulated like a read; LL is looked up with the same reference only when L1
// misses; a reference that straddles lines looks up every line but counts as
// one access and at most one miss per level. This is also the counts-only fast
// path: no latency, no dirty state, counters kept in locals.

import { level } from "../cache/level";
import { moveToFront, insertFront } from "../cache/replacement";
import { bumpLevel, bump as bumpStat, G_FLUSHES, G_INSTRUCTIONS, G_RECORDS, S_ACCESS, S_MISS } from "../stats";
import { KIND_FLUSH } from "./kinds";

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

/** Per-kind counters of one batch: accesses, L1 misses, LL misses, for I, R and W (in that order). */
const COUNTS: usize = memory.data(9 * 8, 64);

/**
 * Simulate the packed records at `ptr` (see trace/records.ts) up to `n`, or up
 * to the first with an unknown kind; returns how many were simulated.
 */
export function simulateCachegrind(ptr: usize, n: i32): i32 {
  const i1 = level(0);
  const d1 = level(1);
  const ll = level(2);
  const lTags = ll.tags, lMask = ll.setMask, lAssoc = ll.assoc, lBits = ll.lineBits;
  // Cachegrind caps a data access at the smallest line size (only the memory
  // effects of dirty helpers such as fxsave exceed it), so none spans more than
  // two lines; Lackey prints the full size.
  const minLine = 1 << min(i1.lineBits, min(d1.lineBits, lBits));
  memory.fill(COUNTS, 0, 9 * 8);
  let flushes: u64 = 0;
  let end = ptr + (<usize>n << 3);
  for (let p = ptr; p < end; p += 8) {
    const record = load<u64>(p);
    const kind = <i32>(record >>> 60);
    let size = <i32>((record >>> 48) & 0xFFF) + 1;
    const addr = <u64>((<i64>(record << 16)) >> 16);
    if (kind > 3) {
      if (kind > KIND_FLUSH) {
        end = p; // stop before an invalid record
        break;
      }
      flushes++; // din label 4: counted, no Cachegrind meaning
      continue;
    }
    // I -> I1; L and M -> D1 read; S -> D1 write
    const stat = kind ^ (((kind >> 1) & kind & 1) << 1); // 0 1 2 3 -> 0 1 2 1, without branches
    if (kind != 0 && size > minLine) size = minLine;
    const l1 = kind == 0 ? i1 : d1;
    const c = COUNTS + (<usize>stat << 3);
    store<u64>(c, load<u64>(c) + 1);
    if (refMiss(l1.tags, l1.setMask, l1.assoc, l1.lineBits, addr, size)) {
      store<u64>(c, load<u64>(c, 24) + 1, 24);
      if (refMiss(lTags, lMask, lAssoc, lBits, addr, size)) store<u64>(c, load<u64>(c, 48) + 1, 48);
    }
  }
  for (let k = 0; k < 3; k++) {
    const accesses = load<u64>(COUNTS + (<usize>k << 3));
    const l1Misses = load<u64>(COUNTS + (<usize>k << 3), 24);
    bumpLevel(k == 0 ? 0 : 1, S_ACCESS + k, accesses);
    bumpLevel(k == 0 ? 0 : 1, S_MISS + k, l1Misses);
    bumpLevel(2, S_ACCESS + k, l1Misses); // LL is looked up once per L1 miss
    bumpLevel(2, S_MISS + k, load<u64>(COUNTS + (<usize>k << 3), 48));
  }
  const done = <i32>((end - ptr) >> 3);
  bumpStat(G_FLUSHES, flushes);
  bumpStat(G_INSTRUCTIONS, load<u64>(COUNTS));
  bumpStat(G_RECORDS, <u64>done);
  return done;
}
