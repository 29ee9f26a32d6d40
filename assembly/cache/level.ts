// One cache level's descriptor, an unmanaged struct in linear memory.
// Tags are u64 words, `assoc` per set, in the order the replacement policy
// keeps them (see replacement.ts). A tag word is the whole block number
// (address >> lineBits), with DIRTY in bit 63; INVALID is a block number no
// address can produce.

import { reserve } from "../layout";
import { LEVELS } from "../stats";

export const DIRTY: u64 = 0x8000_0000_0000_0000;
export const TAG_MASK: u64 = ~DIRTY;
export const INVALID: u64 = 0x4000_0000_0000_0000;

export const NON_INCLUSIVE = 0;
export const INCLUSIVE = 1; // this level holds every line of the levels above it
export const EXCLUSIVE = 2; // this level holds only lines evicted from the levels above it

@unmanaged
export class Level {
  present: i32;
  sets: i32;
  assoc: i32;
  lineBits: i32;
  setMask: i32;
  latency: i32;
  policy: i32;
  writeBack: i32;
  writeAllocate: i32;
  inclusion: i32;
  next: i32; // index of the level below, or -1 for memory
  seed: u32; // the random policy's seed, restored at every init
  rng: u32; // xorshift32 state for the random policy
  tags: usize;
  plru: usize; // one u64 of tree bits per set (tree-PLRU only)
  classify: usize; // 3C shadow state, 0 when classification is off
}

const LEVEL_BYTES: usize = 64;
const LEVELS_PTR: usize = memory.data(<i32>LEVEL_BYTES * LEVELS, 64);

// @ts-ignore: decorator
@inline export function level(index: i32): Level {
  return changetype<Level>(LEVELS_PTR + <usize>index * LEVEL_BYTES);
}

/** Base address of the tag words of `set`. */
// @ts-ignore: decorator
@inline export function setBase(lv: Level, set: i32): usize {
  return lv.tags + ((<usize>set * <usize>lv.assoc) << 3);
}

export function clearLevels(): void {
  memory.fill(LEVELS_PTR, 0, LEVEL_BYTES * LEVELS);
}

/** Allocate and fill the tag array with `initial` (0 for Cachegrind, INVALID otherwise). */
/** Lines a level may have: 2^26 (512 MiB of tags), well inside wasm32's 4 GiB. */
export const MAX_LINES: u64 = 1 << 26;

export function allocateTags(lv: Level, initial: u64, withPlru: bool): bool {
  const lines = <u64>lv.sets * <u64>lv.assoc; // computed in 64 bits: the product can pass 2^32
  if (lines > MAX_LINES) return false;
  const words = <usize>lines;
  const tags = reserve(words << 3);
  if (tags == 0) return false;
  for (let i: usize = 0; i < words; i++) store<u64>(tags + (i << 3), initial);
  lv.tags = tags;
  if (withPlru) {
    const plru = reserve(<usize>lv.sets << 3);
    if (plru == 0) return false;
    memory.fill(plru, 0, <usize>lv.sets << 3);
    lv.plru = plru;
  }
  return true;
}
