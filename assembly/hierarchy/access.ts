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
import { findWay, touch, install, removeWay, markDirty } from "../cache/replacement";
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

/** Simulate one reference; returns its latency in cycles. */
export function accessGeneric(addr: u64, size: i32, kind: i32): u64 {
  const top = kind == KIND_I ? topInstruction : topData;
  if (kind == KIND_W) return writeRange(top, addr, size, true);
  const cycles = readRange(top, addr, size, kind == KIND_M ? KIND_R : kind, false);
  if (kind == KIND_M) return cycles + writeRange(top, addr, size, true);
  return cycles;
}

/** Count a reference at a level and classify it; returns the way that holds `block`, or -1. */
function lookup(l: i32, lv: Level, base: usize, block: u64, kind: i32): i32 {
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
function fill(l: i32, lv: Level, set: i32, base: usize, block: u64, dirty: bool): u64 {
  const victim = install(lv, set, base, dirty ? block | DIRTY : block);
  if ((victim & TAG_MASK) == INVALID) return 0;
  bumpLevel(l, S_EVICTIONS);
  return evict(l, lv, victim);
}

/** Send a displaced line where it must go: dirty data below, victims to an exclusive level. */
function evict(l: i32, lv: Level, victim: u64): u64 {
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
