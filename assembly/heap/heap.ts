// The emulated Python heap's allocator entry points, as CPython's
// PyObject_Malloc / PyObject_Free / PyObject_Realloc behave (pymalloc for
// 1..512 bytes, the system allocator otherwise), with their accesses charged
// to the alloc and free categories. docs/heap.md.

import { reserveHeap, beginCategory, endCategory, heapFailed, heapCopy, CAT_ALLOC, CAT_FREE } from "./memory";
import { initObmalloc, pymallocAlloc, pymallocFree, pymallocBlockSize, SMALL_REQUEST_THRESHOLD } from "./obmalloc";
import { initObjects } from "./objects/interp";
import { initRawMalloc, rawMalloc, rawFree, rawUsableSize, inRawHeap, rawRemap } from "./rawmalloc";
import { isMmapped } from "./mmap";

/** At most this many arenas (4 GiB of emulated pymalloc memory is far beyond linear memory anyway). */
export const MAX_HEAP_ARENAS: u32 = 2048;

let active = false;

/**
 * Calls since initHeap, 4 u64: +0 PyObject_Malloc (objectMalloc, a moving
 * realloc's included), +8 PyObject_Free (of a block), +16 Py_INCREF, +24
 * Py_DECREF (objects/object.ts). Counted for the per-line report (python/lines.ts).
 */
export const HEAP_CALLS: usize = memory.data(32, 8);

/** No heap until heapInit lays one out (a machine is being built: the arena was reset). */
export function disableHeap(): void {
  active = false;
}

export function heapActive(): bool {
  return active;
}

/** A fresh heap of at most `arenas` pymalloc arenas; false when linear memory cannot hold it. */
export function initHeap(arenas: u32, alignedArenas: bool): bool {
  active = false;
  memory.fill(HEAP_CALLS, 0, 32);
  if (!reserveHeap(arenas, alignedArenas)) return false;
  initObmalloc();
  initRawMalloc();
  if (!initObjects()) return false;
  active = true;
  return true;
}

/** PyObject_Malloc: an emulated address, or 0 for MemoryError (or swap full: see heapFailed). */
export function objectMalloc(nbytes: u64): u64 {
  return objectMallocInline(nbytes);
}

/** PyObject_Free. */
export function objectFree(p: u64): void {
  objectFreeInline(p);
}

/** objectMalloc, inline (for the heap-churn workload's loop). */
// @ts-ignore: decorator
@inline export function objectMallocInline(nbytes: u64): u64 {
  store<u64>(HEAP_CALLS, load<u64>(HEAP_CALLS) + 1);
  const previous = beginCategory(CAT_ALLOC);
  let p: u64 = 0;
  if (nbytes != 0 && nbytes <= SMALL_REQUEST_THRESHOLD) p = pymallocAlloc(nbytes);
  if (p == 0) p = rawMalloc(nbytes); // 0, large, or pymalloc out of arenas: CPython falls back the same way
  endCategory(previous);
  return heapFailed ? 0 : p;
}

/** objectFree, inline. */
// @ts-ignore: decorator
@inline export function objectFreeInline(p: u64): void {
  if (p != 0) {
    store<u64>(HEAP_CALLS + 8, load<u64>(HEAP_CALLS + 8) + 1);
    const previous = beginCategory(CAT_FREE);
    if (!pymallocFree(p)) rawFree(p);
    endCategory(previous);
  }
}

/**
 * PyObject_Realloc: in place when the block still fits and stays more than
 * 3/4 used, else malloc + copy + free; an mmap'd chunk is mremap'd instead
 * (glibc's realloc: pages move, no bytes are copied), and a system chunk that
 * borders the top grows into it.
 */
export function objectRealloc(p: u64, nbytes: u64): u64 {
  if (p == 0) return objectMalloc(nbytes);
  const block = pymallocBlockSize(p);
  if (block != 0) {
    if (nbytes <= block && 4 * nbytes > 3 * block) return p;
  } else if (nbytes != 0 && nbytes <= rawUsableSize(p) && nbytes > SMALL_REQUEST_THRESHOLD && !isMmapped(p)) {
    return p; // the system allocator keeps a chunk that still fits
  } else if (nbytes > SMALL_REQUEST_THRESHOLD || isMmapped(p)) {
    const previous = beginCategory(CAT_ALLOC);
    const q = rawRemap(p, nbytes); // mremap, or the chunk beside the top grows in place
    endCategory(previous);
    if (heapFailed) return 0;
    if (q != 0 || isMmapped(p)) return q;
  }
  const q = objectMalloc(nbytes);
  if (q == 0) return 0;
  const old = block != 0 ? block : rawUsableSize(p);
  const previous = beginCategory(CAT_ALLOC);
  heapCopy(q, p, ((old < nbytes ? old : nbytes) + 7) & ~(<u64>7)); // memcpy: blocks are 16-byte aligned and hold whole words
  endCategory(previous);
  objectFree(p);
  return q;
}

/** Whether `p` is a live-looking block of either allocator (for argument checks; no cost). */
export function isHeapBlock(p: u64): bool {
  return pymallocBlockSize(p) != 0 || inRawHeap(p);
}
