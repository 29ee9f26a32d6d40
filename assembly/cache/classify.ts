// The 3C miss classification, as DineroIV reports it: a miss is compulsory when
// its block was never referenced before, capacity when a fully associative LRU
// cache of the same number of lines also misses, and conflict otherwise.
// conflict = misses - (fully associative misses), so it can be negative when the
// real cache beats fully associative LRU (DineroIV prints such negatives too).
//
// State per classified level, all in linear memory:
//   the shadow: a fully associative LRU of `lines` nodes (doubly linked list,
//               index 0 is the list head sentinel) found through an
//               open-addressing table of node indices;
//   the seen set: every block ever referenced, an open-addressing table that
//               doubles when half full (the one structure that grows with the
//               trace's footprint: 8 bytes per distinct block).

import { reserve } from "../layout";

@unmanaged
class Shadow {
  lines: i32; // capacity in lines
  used: i32; // nodes in use
  mapMask: i32; // map slots - 1
  seenMask: i32; // seen slots - 1
  seenCount: i32;
  nodes: usize; // (lines + 1) nodes: block u64, prev i32, next i32
  map: usize; // i32 node index per slot, 0 = empty
  seen: usize; // u64 block + 1 per slot, 0 = empty
}

const NODE_BYTES: usize = 16;
const SHADOW_BYTES: usize = 64;

// @ts-ignore: decorator
@inline function hash(block: u64): u32 {
  return <u32>((block * 0x9E3779B97F4A7C15) >> 32);
}

/** Allocate a classifier for a level of `lines` lines; 0 when out of memory. */
export function createShadow(lines: i32): usize {
  const s = reserve(SHADOW_BYTES);
  if (s == 0) return 0;
  const sh = changetype<Shadow>(s);
  let slots = 2;
  while (slots < lines * 2) slots <<= 1;
  sh.lines = lines;
  sh.used = 0;
  sh.mapMask = slots - 1;
  sh.nodes = reserve((<usize>lines + 1) * NODE_BYTES);
  sh.map = reserve(<usize>slots << 2);
  sh.seenMask = 4095;
  sh.seenCount = 0;
  sh.seen = reserve(4096 << 3);
  if (sh.nodes == 0 || sh.map == 0 || sh.seen == 0) return 0;
  memory.fill(sh.map, 0, <usize>slots << 2);
  memory.fill(sh.seen, 0, 4096 << 3);
  // sentinel: an empty circular list
  store<i32>(sh.nodes + 8, 0);
  store<i32>(sh.nodes + 12, 0);
  return s;
}

// @ts-ignore: decorator
@inline function nodePtr(sh: Shadow, i: i32): usize {
  return sh.nodes + <usize>i * NODE_BYTES;
}

function unlink(sh: Shadow, i: i32): void {
  const n = nodePtr(sh, i);
  const prev = load<i32>(n, 8);
  const next = load<i32>(n, 12);
  store<i32>(nodePtr(sh, prev), next, 12);
  store<i32>(nodePtr(sh, next), prev, 8);
}

function pushFront(sh: Shadow, i: i32): void {
  const head = nodePtr(sh, 0);
  const first = load<i32>(head, 12);
  const n = nodePtr(sh, i);
  store<i32>(n, 0, 8);
  store<i32>(n, first, 12);
  store<i32>(nodePtr(sh, first), i, 8);
  store<i32>(head, i, 12);
}

/** The map slot holding `block`, or the empty slot where it would go. */
function mapSlot(sh: Shadow, block: u64): i32 {
  let slot = <i32>hash(block) & sh.mapMask;
  while (true) {
    const i = load<i32>(sh.map + (<usize>slot << 2));
    if (i == 0 || load<u64>(nodePtr(sh, i)) == block) return slot;
    slot = (slot + 1) & sh.mapMask;
  }
}

/** Delete a map slot with backward-shift so that linear probing stays valid. */
function mapDelete(sh: Shadow, slot: i32): void {
  const mask = sh.mapMask;
  let hole = slot;
  let j = slot;
  while (true) {
    j = (j + 1) & mask;
    const i = load<i32>(sh.map + (<usize>j << 2));
    if (i == 0) break;
    const home = <i32>hash(load<u64>(nodePtr(sh, i))) & mask;
    // move entry j into the hole when its home is not cyclically in (hole, j]
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      store<i32>(sh.map + (<usize>hole << 2), i);
      hole = j;
    }
  }
  store<i32>(sh.map + (<usize>hole << 2), 0);
}

/** Reference `block` in the fully associative LRU shadow; true on a shadow miss. */
function shadowMiss(sh: Shadow, block: u64): bool {
  const slot = mapSlot(sh, block);
  const found = load<i32>(sh.map + (<usize>slot << 2));
  if (found != 0) {
    unlink(sh, found);
    pushFront(sh, found);
    return false;
  }
  let i: i32;
  if (sh.used < sh.lines) {
    i = ++sh.used;
  } else {
    i = load<i32>(nodePtr(sh, 0), 8); // the LRU line
    unlink(sh, i);
    mapDelete(sh, mapSlot(sh, load<u64>(nodePtr(sh, i))));
  }
  store<u64>(nodePtr(sh, i), block);
  store<i32>(sh.map + (<usize>mapSlot(sh, block) << 2), i);
  pushFront(sh, i);
  return true;
}

/** Add `block` to the seen set; true when it was not there (a first reference). */
function firstReference(sh: Shadow, block: u64): bool {
  const key = block + 1;
  let slot = <i32>hash(block) & sh.seenMask;
  for (let probes = 0; probes <= sh.seenMask; probes++) {
    const p = sh.seen + (<usize>slot << 3);
    const k = load<u64>(p);
    if (k == key) return false;
    if (k == 0) {
      store<u64>(p, key);
      if (++sh.seenCount * 2 > sh.seenMask) growSeen(sh);
      return true;
    }
    slot = (slot + 1) & sh.seenMask;
  }
  return false; // table full and memory exhausted: counted as seen (compulsory undercounts)
}

function growSeen(sh: Shadow): void {
  const oldMask = sh.seenMask;
  const old = sh.seen;
  const mask = (oldMask << 1) | 1;
  const table = reserve((<usize>mask + 1) << 3);
  if (table == 0) return; // out of memory: keep the crowded table (firstReference copes when it is full)
  memory.fill(table, 0, (<usize>mask + 1) << 3);
  for (let s = 0; s <= oldMask; s++) {
    const k = load<u64>(old + (<usize>s << 3));
    if (k == 0) continue;
    let slot = <i32>hash(k - 1) & mask;
    while (load<u64>(table + (<usize>slot << 3)) != 0) slot = (slot + 1) & mask;
    store<u64>(table + (<usize>slot << 3), k);
  }
  sh.seen = table;
  sh.seenMask = mask;
}

/**
 * Classify one reference at a level. `counters` points at the level's
 * compulsory, capacity and conflict counters (consecutive u64).
 * compulsory + capacity = fully associative misses, so the three sum to the
 * level's misses.
 */
export function classifyReference(shadow: usize, block: u64, missed: bool, counters: usize): void {
  const sh = changetype<Shadow>(shadow);
  const first = firstReference(sh, block);
  const faMiss = shadowMiss(sh, block);
  if (first) store<u64>(counters, load<u64>(counters) + 1);
  else if (faMiss) store<u64>(counters, load<u64>(counters, 8) + 1, 8);
  const delta: i64 = (missed ? 1 : 0) - (faMiss ? 1 : 0);
  if (delta != 0) store<i64>(counters, load<i64>(counters, 16) + delta, 16);
}
