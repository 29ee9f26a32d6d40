// Replacement policies over one set's tag words.
//
// LRU, FIFO, MRU and random keep a set as an ordered list: slot 0 is the most
// recently inserted or used line, invalid lines sit at the tail. That is
// Cachegrind's own move-to-front layout, so LRU matches it by construction.
//   LRU:    a hit moves the line to the front; a fill inserts at the front and
//           evicts the tail.
//   FIFO:   like LRU, but a hit does not move the line.
//   MRU:    a hit moves to the front; a fill into a full set replaces slot 0.
//   random: a fill into a full set replaces a seeded xorshift32 choice in place.
// Tree-PLRU keeps lines at fixed ways with assoc-1 tree bits per set.

import { Level, TAG_MASK, INVALID, DIRTY } from "./level";

export const LRU = 0;
export const FIFO = 1;
export const RANDOM = 2;
export const PLRU = 3;
export const MRU = 4;
export const POLICY_COUNT = 5;

/** The way holding `block` in the set at `base`, or -1. */
// @ts-ignore: decorator
@inline export function findWay(base: usize, assoc: i32, block: u64): i32 {
  for (let w = 0; w < assoc; w++) {
    if ((load<u64>(base + (<usize>w << 3)) & TAG_MASK) == block) return w;
  }
  return -1;
}

/** Move the word at `way` to slot 0, shifting the more recent ones down by one. */
// @ts-ignore: decorator
@inline export function moveToFront(base: usize, way: i32): void {
  const word = load<u64>(base + (<usize>way << 3));
  for (let j = way; j > 0; j--) {
    store<u64>(base + (<usize>j << 3), load<u64>(base + (<usize>(j - 1) << 3)));
  }
  store<u64>(base, word);
}

/** Insert `word` at slot 0, shifting every line down; returns the word pushed off the tail. */
// @ts-ignore: decorator
@inline export function insertFront(base: usize, assoc: i32, word: u64): u64 {
  const last = base + (<usize>(assoc - 1) << 3);
  const victim = load<u64>(last);
  for (let j = assoc - 1; j > 0; j--) {
    store<u64>(base + (<usize>j << 3), load<u64>(base + (<usize>(j - 1) << 3)));
  }
  store<u64>(base, word);
  return victim;
}

/** Update the replacement state after a hit on `way`. */
// @ts-ignore: decorator
@inline export function touch(lv: Level, set: i32, base: usize, way: i32): void {
  const policy = lv.policy;
  if (policy == LRU || policy == MRU) {
    if (way != 0) moveToFront(base, way);
  } else if (policy == PLRU) {
    plruTouch(lv, set, way);
  }
  // FIFO and random: a hit changes nothing.
}

/** Install `word` in the set; returns the evicted word (INVALID when a free way was used). */
// @ts-ignore: decorator
@inline export function install(lv: Level, set: i32, base: usize, word: u64): u64 {
  const policy = lv.policy;
  const assoc = lv.assoc;
  if (policy == LRU || policy == FIFO) return insertFront(base, assoc, word);
  if (policy == PLRU) {
    let way = findWay(base, assoc, INVALID);
    if (way < 0) way = plruVictim(lv, set);
    const p = base + (<usize>way << 3);
    const victim = load<u64>(p);
    store<u64>(p, word);
    plruTouch(lv, set, way);
    return victim;
  }
  // MRU and random fill free ways first, keeping invalid lines at the tail.
  if ((load<u64>(base + (<usize>(assoc - 1) << 3)) & TAG_MASK) == INVALID) {
    return insertFront(base, assoc, word);
  }
  let way = 0;
  if (policy == RANDOM) {
    let x = lv.rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    lv.rng = x;
    way = <i32>((<u64>x * <u64>assoc) >> 32);
  }
  const p = base + (<usize>way << 3);
  const victim = load<u64>(p);
  store<u64>(p, word);
  return victim;
}

/** Remove the line at `way`, keeping the order of the others (and invalid lines at the tail). */
export function removeWay(lv: Level, base: usize, way: i32): void {
  if (lv.policy == PLRU) {
    store<u64>(base + (<usize>way << 3), INVALID);
    return;
  }
  const assoc = lv.assoc;
  for (let j = way; j < assoc - 1; j++) {
    store<u64>(base + (<usize>j << 3), load<u64>(base + (<usize>(j + 1) << 3)));
  }
  store<u64>(base + (<usize>(assoc - 1) << 3), INVALID);
}

/** Mark the line at `way` dirty (`dirty` 0: leave it as it is, without a branch). */
// @ts-ignore: decorator
@inline export function markDirty(base: usize, way: i32, dirty: u64 = DIRTY): void {
  const p = base + (<usize>way << 3);
  store<u64>(p, load<u64>(p) | dirty);
}

// Tree-PLRU: node 1 is the root, node n has children 2n and 2n+1; a set bit
// means the victim lies in the right subtree. A touch points every node on the
// way's path away from it.
function plruTouch(lv: Level, set: i32, way: i32): void {
  const p = lv.plru + (<usize>set << 3);
  let bits = load<u64>(p);
  const depth = 31 - clz<i32>(lv.assoc);
  let node = 1;
  for (let d = depth - 1; d >= 0; d--) {
    const right = (way >> d) & 1;
    if (right) bits &= ~(<u64>1 << node);
    else bits |= <u64>1 << node;
    node = (node << 1) | right;
  }
  store<u64>(p, bits);
}

function plruVictim(lv: Level, set: i32): i32 {
  const bits = load<u64>(lv.plru + (<usize>set << 3));
  const depth = 31 - clz<i32>(lv.assoc);
  let node = 1;
  let way = 0;
  for (let d = 0; d < depth; d++) {
    const right = <i32>((bits >> node) & 1);
    way = (way << 1) | right;
    node = (node << 1) | right;
  }
  return way;
}
