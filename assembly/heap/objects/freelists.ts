// Which of CPython's free lists are on (all by default). A free list keeps
// freed objects of one type as pymalloc blocks in use, to hand them out again
// without a malloc: float 100, list 80, dict 80, dict keys 80 (8-slot str-only
// tables), tuples of length 1..20 with 2000 each (3.11 sizes; docs/heap.md).

export const FL_FLOAT: u32 = 1;
export const FL_TUPLE: u32 = 2;
export const FL_LIST: u32 = 4;
export const FL_DICT: u32 = 8;
export const FL_KEYS: u32 = 16;
export const FL_ALL: u32 = 31;

export const FLOAT_MAXFREELIST: u64 = 100;
export const LIST_MAXFREELIST: u64 = 80;
export const DICT_MAXFREELIST: u64 = 80;
export const KEYS_MAXFREELIST: u64 = 80;
export const TUPLE_MAXSAVESIZE: u64 = 20;
export const TUPLE_MAXFREELIST: u64 = 2000;

let enabled: u32 = FL_ALL;

export function setFreeLists(mask: u32): void {
  enabled = mask & FL_ALL;
}

// @ts-ignore: decorator
@inline export function freeListOn(which: u32): bool {
  return (enabled & which) != 0;
}
