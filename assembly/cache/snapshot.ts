// cacheSnapshot: a read-only copy of one level's lines and replacement state,
// for the playground's cache view (docs/abi.md "cacheSnapshot", docs/web.md).
// It costs nothing, moves no counter and changes no state.
//
// Layout (all little-endian), written at `out`:
//   header, 32 bytes: u32 sets, u32 assoc, u32 lineBits, u32 policy,
//                     u32 setBytes (16 + 16 × assoc), u32 validLines, u32 0, u32 0
//   then per set (setBytes each):
//     u64 PLRU tree bits (tree-PLRU only, else 0),
//     i32 the way the next fill of the set evicts (-1: none, a way is free;
//         -2: not known in advance, the random policy),
//     u32 valid lines in the set,
//     then per way (16 bytes): u64 block number (0 when invalid),
//                              u32 flags (bit 0 valid, bit 1 dirty), u32 rank.
// For lru, fifo, mru and random a set is an ordered list (replacement.ts): way w
// is the w-th most recently inserted (fifo) or used (lru, mru) line, so rank = w.
// Tree-PLRU keeps lines at fixed ways: rank = the way's position in the order in
// which the tree bits would evict the set's ways (0: the next victim).

import { level, setBase, TAG_MASK, INVALID, DIRTY } from "./level";
import { LRU, FIFO, PLRU, MRU } from "./replacement";
import { LEVELS } from "../stats";
import { hostBuffer } from "../layout";
import { currentMode, MODE_GENERIC } from "../hierarchy/machine";
import * as E from "../errors";

export const SNAPSHOT_HEADER: i32 = 32;
export const SNAPSHOT_SET_HEADER: i32 = 16;
export const SNAPSHOT_WAY: i32 = 16;


/** The eviction order of a tree-PLRU set: the way the bits point at gets rank 0, and so on. */
function plruRank(bits: u64, depth: i32, way: i32): i32 {
  // Walking from the root, each node either points towards the way (the way is in the
  // subtree that goes first) or away from it (the whole other subtree goes first).
  let node = 1;
  let rank = 0;
  for (let d = depth - 1; d >= 0; d--) {
    const right = (way >> d) & 1;
    const pointsRight = <i32>((bits >> node) & 1);
    if (pointsRight != right) rank += 1 << d; // the other half is evicted before this one
    node = (node << 1) | right;
  }
  return rank;
}

export function cacheSnapshot(index: i32, out: i32, capacity: i32): i32 {
  if (currentMode() < 0) return E.ERR_NOT_CONFIGURED;
  if (currentMode() != MODE_GENERIC) return E.ERR_MODE;
  if (index < 0 || index >= LEVELS) return E.ERR_LEVEL;
  const lv = level(index);
  if (lv.present == 0) return E.ERR_LEVEL;
  if (!hostBuffer(out, capacity)) return E.ERR_ADDRESS;
  const assoc = lv.assoc;
  const sets = lv.sets;
  const setBytes = <u64>SNAPSHOT_SET_HEADER + <u64>SNAPSHOT_WAY * <u64>assoc;
  const needed = <u64>SNAPSHOT_HEADER + <u64>sets * setBytes;
  if (needed > <u64>capacity) return E.ERR_LENGTH;
  const policy = lv.policy;
  const depth = policy == PLRU ? 31 - clz<i32>(assoc) : 0;
  let p = <usize>out + <usize>SNAPSHOT_HEADER;
  let total: u32 = 0;
  for (let s = 0; s < sets; s++) {
    const base = setBase(lv, s);
    const bits: u64 = policy == PLRU ? load<u64>(lv.plru + (<usize>s << 3)) : 0;
    let valid: u32 = 0;
    let firstFree = -1;
    let w = p + <usize>SNAPSHOT_SET_HEADER;
    for (let way = 0; way < assoc; way++) {
      const word = load<u64>(base + (<usize>way << 3));
      const block = word & TAG_MASK;
      const isValid = block != INVALID;
      if (isValid) valid++;
      else if (firstFree < 0) firstFree = way;
      store<u64>(w, isValid ? block : 0);
      store<u32>(w + 8, isValid ? (1 | ((word & DIRTY) != 0 ? 2 : 0)) : 0);
      store<u32>(w + 12, <u32>(policy == PLRU ? plruRank(bits, depth, way) : way));
      w += <usize>SNAPSHOT_WAY;
    }
    // The way the next fill of this set evicts: -1 none (a way is free), -2 not known in advance (random).
    let victim = -1;
    if (firstFree < 0) {
      if (policy == LRU || policy == FIFO) victim = assoc - 1;
      else if (policy == MRU) victim = 0;
      else if (policy == PLRU) {
        for (let way = 0; way < assoc; way++) if (plruRank(bits, depth, way) == 0) victim = way;
      } else victim = -2;
    }
    store<u64>(p, bits);
    store<i32>(p + 8, victim);
    store<u32>(p + 12, valid);
    total += valid;
    p += <usize>setBytes;
  }
  store<u32>(<usize>out, <u32>sets);
  store<u32>(<usize>out + 4, <u32>assoc);
  store<u32>(<usize>out + 8, <u32>lv.lineBits);
  store<u32>(<usize>out + 12, <u32>policy);
  store<u32>(<usize>out + 16, <u32>setBytes);
  store<u32>(<usize>out + 20, total);
  store<u64>(<usize>out + 24, 0);
  return <i32>needed;
}
