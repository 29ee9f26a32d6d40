// The generic access path: any mix of L1i, L1d, L2 and L3 (each optional),
// every replacement policy, write-back or write-through, write-allocate or not,
// and non-inclusive, inclusive or exclusive lower levels. Every function
// returns the cycles its work costs; the caller adds them up.
//
// Conventions (docs/cache-model.md explains them for users):
// - A reference is split into one access per line of the first level it
//   reaches (DineroIV's convention), and a modify is a read then a write.
// - A level's accesses and misses are counted by the kind of the reference
//   that caused them; write-backs, write-throughs and victim fills arriving
//   from above count as writes.
// - A line arriving from above that covers a whole line here is installed
//   without fetching it from below; a partial write that misses fetches the
//   rest of the line first (read for ownership).

import { Level, level, setBase, DIRTY, TAG_MASK, INVALID, INCLUSIVE, EXCLUSIVE } from "../cache/level";
import { findWay, touch, install, removeWay, markDirty, PLRU, LRU, MRU } from "../cache/replacement";
import { classifyReference } from "../cache/classify";
import { memoryRead, memoryWrite } from "../memory/backing";
import {
  LEVELS, bumpLevel, levelStatPtr, S_ACCESS, S_MISS, S_EVICTIONS, S_WRITEBACKS,
  S_BACK_INVALIDATIONS, S_COMPULSORY, S_WRITE_THROUGHS, S_BYTES_IN, S_BYTES_OUT,
} from "../stats";
import { KIND_I, KIND_R, KIND_W, KIND_M } from "./kinds";

/** First level an instruction fetch / a data reference reaches (-1: memory). */
let topInstruction: i32 = -1;
let topData: i32 = -1;

/** Set by a read when the line it hands up arrives dirty from an exclusive level. */
let fillDirty: bool = false;

/** Hit latency of that first level (0: memory): what the in-order core hides (docs/timing.md). */
let hiddenInstruction: u64 = 0;
let hiddenData: u64 = 0;

export function setTopLevels(instruction: i32, data: i32): void {
  topInstruction = instruction;
  topData = data;
  hiddenInstruction = instruction < 0 ? 0 : <u64>level(instruction).latency;
  hiddenData = data < 0 ? 0 : <u64>level(data).latency;
}

// @ts-ignore: decorator
@inline export function hiddenLatency(kind: i32): u64 {
  return kind == KIND_I ? hiddenInstruction : hiddenData;
}

// The fast path: most references lie in one line (or two) that hits the first
// level they reach. Such a hit only counts an access and updates the
// replacement state (and the dirty bit of a write to a write-back level), so it
// can skip the general path below, provided the level classifies nothing.

/** Per kind (16 entries): the level its hits may take the fast path at, or 0. */
const FAST: usize = memory.data(16 << alignof<usize>(), 64);

/** Fill the fast path's table from the machine as it is configured now. */
export function prepareFastPath(): void {
  memory.fill(FAST, 0, 16 << alignof<usize>());
  if (topInstruction >= 0 && level(topInstruction).classify == 0) {
    store<usize>(FAST, changetype<usize>(level(topInstruction)));
  }
  if (topData >= 0 && level(topData).classify == 0) {
    const lv = level(topData);
    store<usize>(FAST + (<usize>KIND_R << alignof<usize>()), changetype<usize>(lv));
    if (lv.writeBack != 0) {
      // a write hit at a write-through level also writes below
      store<usize>(FAST + (<usize>KIND_W << alignof<usize>()), changetype<usize>(lv));
      store<usize>(FAST + (<usize>KIND_M << alignof<usize>()), changetype<usize>(lv));
    }
  }
}

// The emulated heap's inline test (heap/memory.ts, trace/records.ts
// simulateDirect): fastHitFront for its data level, with that level's geometry
// in globals. Only when the level takes fast-path reads (and writes, for
// frontWrites), its policy moves nothing on a front hit, and no virtual memory
// is configured (a page must be touched first: simulateDirect does that).
let frontReads = false;
let frontWrites = false;
let frontTags: usize = 0;
let frontBits: u64 = 0;
let frontMask: u64 = 0;
let frontStride: usize = 0;
let frontSecond = false; // a second way to try (assoc >= 2)
let frontAssoc: i32 = 0;
let frontThird = false; // a third way to try (assoc >= 3)
let frontMoves = false; // a hit moves its line to the front (LRU, MRU)

/** The heap's inline test from the machine as it is configured now (`vm`: virtual memory is on). */
export function prepareFront(vm: bool): void {
  const top = fastLevel(KIND_R);
  frontReads = frontWrites = false;
  if (top == 0 || vm) return;
  const lv = changetype<Level>(top);
  if (lv.policy == PLRU) return;
  frontReads = true;
  frontWrites = fastLevel(KIND_W) != 0;
  frontTags = lv.tags;
  frontBits = <u64>lv.lineBits;
  frontMask = <u64>lv.setMask;
  frontStride = <usize>lv.assoc << 3;
  frontSecond = lv.assoc >= 2;
  frontAssoc = lv.assoc;
  frontThird = lv.assoc >= 3;
  frontMoves = lv.policy == LRU || lv.policy == MRU;
}

/** Whether the heap's inline test (frontTest) applies to reads (`write` false) or writes. */
export function frontTakes(write: bool): bool {
  return write ? frontWrites : frontReads;
}

/** Whether a reference of `size` bytes at `addr` spans two lines of the heap's data level (frontTest says no to it). */
// @ts-ignore: decorator
@inline export function frontStraddles(addr: u64, size: i32): bool {
  return (addr + <u64>(size - 1)) >>> frontBits != addr >>> frontBits;
}

/**
 * Whether a reference of `size` bytes at `addr` (a write when `write`) lies in
 * one line that hits at the heap's data level: then it is a one-access hit,
 * simulated as fastHit would (a write's line marked dirty; under LRU and MRU
 * the line moves to the front: the first three ways inline, the later ones in
 * frontDeeper). Otherwise (a miss, a straddle) false, having changed nothing.
 * Only where frontTakes(write) holds (the heap keeps that in flags of its own).
 */
// @ts-ignore: decorator
@inline export function frontTest(addr: u64, size: i32, write: bool): bool {
  const block = addr >>> frontBits;
  if ((addr + <u64>(size - 1)) >>> frontBits != block) return false;
  const base = frontTags + <usize>(block & frontMask) * frontStride;
  const word = load<u64>(base);
  if ((word & TAG_MASK) == block) {
    if (write) store<u64>(base, word | DIRTY);
    return true;
  }
  if (!frontSecond) return false;
  const word2 = load<u64>(base + 8);
  if ((word2 & TAG_MASK) != block) {
    // The third line (under LRU, a line used three distinct lines of its set ago).
    if (!frontThird) return false;
    const word3 = load<u64>(base + 16);
    if ((word3 & TAG_MASK) != block) return frontDeeper(base, word, word2, block, write);
    const hit3 = write ? word3 | DIRTY : word3;
    if (frontMoves) {
      store<u64>(base, hit3);
      store<u64>(base + 8, word);
      store<u64>(base + 16, word2);
    } else if (write) {
      store<u64>(base + 16, hit3);
    }
    return true;
  }
  const hit = write ? word2 | DIRTY : word2;
  if (frontMoves) {
    store<u64>(base, hit);
    store<u64>(base + 8, word);
  } else if (write) {
    store<u64>(base + 8, hit);
  }
  return true;
}

/**
 * frontTest's hit on a fourth or later line of the set (ways 0 to 2 were
 * tried: `word` and `word2` are ways 0 and 1): as fastHit does it (markDirty, then touch: under
 * LRU and MRU, moveToFront). False for a miss.
 */
function frontDeeper(base: usize, word: u64, word2: u64, block: u64, write: bool): bool {
  const assoc = frontAssoc;
  for (let way = 3; way < assoc; way++) {
    const p = base + (<usize>way << 3);
    const found = load<u64>(p);
    if ((found & TAG_MASK) != block) continue;
    const hit = write ? found | DIRTY : found;
    if (frontMoves) {
      for (let j = way; j > 2; j--) store<u64>(base + (<usize>j << 3), load<u64>(base + (<usize>(j - 1) << 3)));
      store<u64>(base + 16, word2);
      store<u64>(base + 8, word);
      store<u64>(base, hit);
    } else if (write) {
      store<u64>(p, hit);
    }
    return true;
  }
  return false;
}

/** The level references of `kind` (0..15) may hit through the fast path, or 0. */
// @ts-ignore: decorator
@inline export function fastLevel(kind: i32): usize {
  return load<usize>(FAST + (<usize>kind << alignof<usize>()));
}

/**
 * fastHit's commonest case, inline: a reference whose line (or two lines, not
 * for a modify) is the first of its set, where a hit moves nothing (every
 * policy but tree-PLRU). Returns 0, having changed nothing, for anything else.
 * The kinds come mixed, so a hit stores its line's word back whatever the kind
 * (with DIRTY for a write): no branch to mispredict.
 */
// @ts-ignore: decorator
@inline export function fastHitFront(lv: Level, addr: u64, size: i32, kind: i32): i32 {
  const bits = lv.lineBits;
  const block = addr >>> bits;
  if (lv.policy == PLRU) return 0;
  const base = setBase(lv, <i32>block & lv.setMask);
  const word = load<u64>(base);
  if ((word & TAG_MASK) != block) return 0;
  const dirty = kind >= KIND_W ? DIRTY : 0;
  const last = (addr + <u64>(size - 1)) >>> bits;
  if (last == block) {
    store<u64>(base, word | dirty);
    return kind == KIND_M ? 2 : 1;
  }
  // The next line too (in another set: with one set, it cannot be first as well).
  if (last != block + 1 || kind == KIND_M) return 0;
  const base2 = setBase(lv, <i32>last & lv.setMask);
  const word2 = load<u64>(base2);
  if ((word2 & TAG_MASK) != last) return 0;
  store<u64>(base, word | dirty);
  store<u64>(base2, word2 | dirty);
  return 2;
}

/**
 * A reference of `kind` at `lv`, its fastLevel, when every line of it hits
 * there: does what accessGeneric would and returns the accesses that made (1;
 * 2 for a straddle or a modify), each costing lv.latency. Returns 0, having
 * changed nothing, when the reference needs the general path.
 */
export function fastHit(lv: Level, addr: u64, size: i32, kind: i32): i32 {
  const bits = lv.lineBits;
  const first = addr >>> bits;
  const last = (addr + <u64>(size - 1)) >>> bits;
  const set = <i32>first & lv.setMask;
  const base = setBase(lv, set);
  const way = findWay(base, lv.assoc, first);
  if (way < 0) return 0;
  const dirty = kind >= KIND_W ? DIRTY : 0; // a write or a modify's second half
  if (first == last) {
    // a modify reads then writes the same line: the write finds it where the read left it
    markDirty(base, way, dirty);
    touch(lv, set, base, way);
    return kind == KIND_M ? 2 : 1;
  }
  // Two lines, in two different sets, both hits: independent of each other.
  if (last != first + 1 || lv.setMask == 0 || kind == KIND_M) return 0;
  const set2 = <i32>last & lv.setMask;
  const base2 = setBase(lv, set2);
  const way2 = findWay(base2, lv.assoc, last);
  if (way2 < 0) return 0;
  markDirty(base, way, dirty);
  markDirty(base2, way2, dirty);
  touch(lv, set, base, way);
  touch(lv, set2, base2, way2);
  return 2;
}

/** The cycles of `accesses` fast-path hits of `kind` (what countFastHits returns for them). */
// @ts-ignore: decorator
@inline export function fastHitCycles(kind: i32, accesses: u64): u64 {
  return accesses * <u64>level(kind == KIND_I ? topInstruction : topData).latency;
}

/** Count `accesses` fast-path hits of `kind` at its first level; returns their cycles. */
export function countFastHits(kind: i32, accesses: u64): u64 {
  const l = kind == KIND_I ? topInstruction : topData;
  if (kind == KIND_M) {
    bumpLevel(l, S_ACCESS + KIND_R, accesses >> 1);
    bumpLevel(l, S_ACCESS + KIND_W, accesses >> 1);
  } else {
    bumpLevel(l, S_ACCESS + kind, accesses);
  }
  return accesses * <u64>level(l).latency;
}

/** Simulate one reference; returns its latency in cycles. */
export function accessGeneric(addr: u64, size: i32, kind: i32): u64 {
  const top = kind == KIND_I ? topInstruction : topData;
  if (kind == KIND_W) return writeRange(top, addr, size, true);
  const cycles = readRange(top, addr, size, kind == KIND_M ? KIND_R : kind, false);
  if (kind == KIND_M) return cycles + writeRange(top, addr, size, true);
  return cycles;
}

/** Count a reference at a level and classify it; returns the way that holds `block`, or -1. */
// @ts-ignore: decorator
@inline function lookup(l: i32, lv: Level, base: usize, block: u64, kind: i32): i32 {
  bumpLevel(l, S_ACCESS + kind);
  const way = findWay(base, lv.assoc, block);
  if (way < 0) bumpLevel(l, S_MISS + kind);
  if (lv.classify != 0) classifyReference(lv.classify, block, way < 0, levelStatPtr(l, S_COMPULSORY));
  return way;
}

/** Read every line of level `l` that [addr, addr+bytes) touches. Leaves fillDirty = any piece dirty. */
function readRange(l: i32, addr: u64, bytes: i32, kind: i32, fromAbove: bool): u64 {
  if (l < 0) {
    fillDirty = false;
    return memoryRead(addr, bytes);
  }
  const bits = level(l).lineBits;
  const first = addr >>> bits;
  let last = (addr + <u64>(bytes - 1)) >>> bits;
  if (last < first) last = first; // the top of the address space wraps
  let cycles: u64 = 0;
  let dirty = false;
  for (let block = first; block <= last; block++) {
    cycles += read(l, block << bits, kind, fromAbove);
    dirty = dirty || fillDirty;
  }
  fillDirty = dirty;
  return cycles;
}

/** Write [addr, addr+bytes) into level `l`, line by line (a store, a write-through or a victim). */
function writeRange(l: i32, addr: u64, bytes: i32, dirty: bool): u64 {
  if (l < 0) return dirty ? memoryWrite(addr, bytes) : 0;
  const bits = level(l).lineBits;
  const first = addr >>> bits;
  let last = (addr + <u64>(bytes - 1)) >>> bits;
  if (last < first) last = first;
  let cycles: u64 = 0;
  for (let block = first; block <= last; block++) {
    const from = block == first ? addr : block << bits;
    const to = block == last ? addr + <u64>bytes : (block + 1) << bits;
    cycles += write(l, from, <i32>(to - from), dirty);
  }
  return cycles;
}

/** A demand read of one line at level `l`. */
function read(l: i32, addr: u64, kind: i32, fromAbove: bool): u64 {
  const lv = level(l);
  const block = addr >>> lv.lineBits;
  const set = <i32>block & lv.setMask;
  const base = setBase(lv, set);
  let cycles = <u64>lv.latency;
  const way = lookup(l, lv, base, block, kind);
  const passThrough = fromAbove && lv.inclusion == EXCLUSIVE;
  if (way >= 0) {
    if (passThrough) {
      // Exclusive: the line moves up and leaves this level.
      fillDirty = (load<u64>(base + (<usize>way << 3)) & DIRTY) != 0;
      removeWay(lv, base, way);
    } else {
      touch(lv, set, base, way);
      fillDirty = false;
    }
    return cycles;
  }
  cycles += fetch(l, lv, block, kind);
  if (passThrough) return cycles; // not kept here; fillDirty passes up as it came
  const dirty = fillDirty;
  cycles += fill(l, lv, set, base, block, dirty);
  fillDirty = false;
  return cycles;
}

/**
 * Data arriving at level `l` from above or from the core: `dirty` for stores,
 * write-throughs and dirty victims, clean for victim fills of an exclusive level.
 */
function write(l: i32, addr: u64, bytes: i32, dirty: bool): u64 {
  const lv = level(l);
  const block = addr >>> lv.lineBits;
  const set = <i32>block & lv.setMask;
  const base = setBase(lv, set);
  let cycles = <u64>lv.latency;
  const way = lookup(l, lv, base, block, KIND_W);
  const through = dirty && lv.writeBack == 0;
  if (way >= 0) {
    if (dirty && lv.writeBack != 0) markDirty(base, way);
    touch(lv, set, base, way);
    if (through) cycles += forward(l, lv, addr, bytes);
    return cycles;
  }
  if (dirty && lv.writeAllocate == 0) return cycles + forward(l, lv, addr, bytes);
  let arrivedDirty = false;
  if (bytes < 1 << lv.lineBits) {
    cycles += fetch(l, lv, block, KIND_W);
    arrivedDirty = fillDirty;
  }
  cycles += fill(l, lv, set, base, block, lv.writeBack != 0 && (dirty || arrivedDirty));
  if (through) cycles += forward(l, lv, addr, bytes);
  return cycles;
}

/** Bring line `block` of level `l` from the level below. */
function fetch(l: i32, lv: Level, block: u64, kind: i32): u64 {
  bumpLevel(l, S_BYTES_IN, <u64>1 << lv.lineBits);
  return readRange(lv.next, block << lv.lineBits, 1 << lv.lineBits, kind, true);
}

/** Pass a write on to the level below (write-through, or write-around on a no-allocate miss). */
function forward(l: i32, lv: Level, addr: u64, bytes: i32): u64 {
  bumpLevel(l, S_WRITE_THROUGHS);
  bumpLevel(l, S_BYTES_OUT, <u64>bytes);
  return writeRange(lv.next, addr, bytes, true);
}

/** Install `block` in its set and deal with the line it displaces. */
// @ts-ignore: decorator
@inline function fill(l: i32, lv: Level, set: i32, base: usize, block: u64, dirty: bool): u64 {
  const victim = install(lv, set, base, dirty ? block | DIRTY : block);
  if ((victim & TAG_MASK) == INVALID) return 0;
  bumpLevel(l, S_EVICTIONS);
  return evict(l, lv, victim);
}

/** Send a displaced line where it must go: dirty data below, victims to an exclusive level. */
// @ts-ignore: decorator
@inline function evict(l: i32, lv: Level, victim: u64): u64 {
  const bytes = 1 << lv.lineBits;
  const addr = (victim & TAG_MASK) << lv.lineBits;
  let dirty = (victim & DIRTY) != 0;
  if (lv.inclusion == INCLUSIVE && backInvalidate(l, addr, bytes)) dirty = true;
  if (dirty) bumpLevel(l, S_WRITEBACKS);
  const next = lv.next;
  if (!dirty && (next < 0 || level(next).inclusion != EXCLUSIVE)) return 0;
  bumpLevel(l, S_BYTES_OUT, <u64>bytes);
  return writeRange(next, addr, bytes, dirty);
}

/** Inclusion: remove [addr, addr+bytes) from every level above `l`; true if any copy was dirty. */
function backInvalidate(l: i32, addr: u64, bytes: i32): bool {
  let dirty = false;
  for (let u = 0; u < l; u++) {
    const up = level(u);
    if (up.present == 0) continue;
    const bits = up.lineBits;
    const first = addr >>> bits;
    const last = (addr + <u64>(bytes - 1)) >>> bits;
    for (let block = first; block <= last; block++) {
      const base = setBase(up, <i32>block & up.setMask);
      const way = findWay(base, up.assoc, block);
      if (way < 0) continue;
      if ((load<u64>(base + (<usize>way << 3)) & DIRTY) != 0) dirty = true;
      removeWay(up, base, way);
      bumpLevel(l, S_BACK_INVALIDATIONS);
    }
  }
  return dirty;
}

/** Write back every dirty line and invalidate every cache (a din flush record). */
export function flushAll(): u64 {
  let cycles: u64 = 0;
  for (let l = 0; l < LEVELS; l++) {
    const lv = level(l);
    if (lv.present == 0) continue;
    const words = <usize>lv.sets * <usize>lv.assoc;
    for (let i: usize = 0; i < words; i++) {
      const p = lv.tags + (i << 3);
      const word = load<u64>(p);
      if ((word & DIRTY) != 0) {
        bumpLevel(l, S_WRITEBACKS);
        bumpLevel(l, S_BYTES_OUT, <u64>1 << lv.lineBits);
        cycles += memoryWrite((word & TAG_MASK) << lv.lineBits, 1 << lv.lineBits);
      }
      store<u64>(p, INVALID);
    }
  }
  return cycles;
}
