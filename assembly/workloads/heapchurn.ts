// heap-churn: the emulated Python heap under allocation and free pairs
// (heap/, docs/heap.md). Allocate `live` blocks of 1..`size` bytes, then
// `pairs` times free a random live block and allocate a new one in its slot,
// as a program that keeps a working set of short-lived objects does. Every
// allocator access is simulated and charged to the alloc and free categories.
// The slots are scratch linear memory above the arena (not emulated memory:
// they stand for the program's registers and stack).

import { ensureMemory, ARENA_START, arenaBytes } from "../layout";
import { objectMalloc, objectFree } from "../heap/heap";
import { heapFailed, heapSync } from "../heap/memory";
import { nextBelow } from "./emit";

/**
 * OK (true), or false when the heap limit is reached or swap is full (the
 * caller reports which: heapFailed). Every access is simulated before it returns.
 */
export function runHeapChurn(live: u32, pairs: u64, size: u32): bool {
  const slots = (ARENA_START + arenaBytes() + 63) & ~(<usize>63);
  if (!ensureMemory(slots + (<usize>live << 3))) return false;
  for (let i: u32 = 0; i < live; i++) {
    const p = objectMalloc(<u64>(1 + nextBelow(size)));
    if (p == 0) return failed();
    store<u64>(slots + (<usize>i << 3), p);
  }
  for (let n: u64 = 0; n < pairs; n++) {
    const slot = slots + (<usize>nextBelow(live) << 3);
    objectFree(load<u64>(slot));
    const p = objectMalloc(<u64>(1 + nextBelow(size)));
    if (p == 0 || heapFailed) return failed();
    store<u64>(slot, p);
  }
  return heapSync();
}

/** Stop: simulate what is queued first, so that heapFailed says whether swap filled. */
function failed(): bool {
  heapSync();
  return false;
}
