// heap-churn: the emulated Python heap under allocation and free pairs
// (heap/, docs/heap.md). Allocate `live` blocks of 1..`size` bytes, then
// `pairs` times free a random live block and allocate a new one in its slot,
// as a program that keeps a working set of short-lived objects does. Every
// allocator access is simulated and charged to the alloc and free categories.
// The slots are scratch linear memory reserved from the arena (not emulated
// memory: they stand for the program's registers and stack); reserved, not
// just taken above the arena top, so that nothing reserved later (the 3C
// classifier's growing tables) lands on them.

import { reserve } from "../layout";
import { objectMalloc, objectMallocInline, objectFreeInline } from "../heap/heap";
import { heapFailed, heapSync } from "../heap/memory";
import { nextBelow } from "./emit";

/**
 * OK (true), or false when the heap limit is reached or swap is full (the
 * caller reports which: heapFailed). Every access is simulated before it returns.
 */
export function runHeapChurn(live: u32, pairs: u64, size: u32): bool {
  const slots = reserve(<usize>live << 3);
  if (slots == 0) return false;
  for (let i: u32 = 0; i < live; i++) {
    const p = objectMalloc(<u64>(1 + nextBelow(size)));
    if (p == 0) return failed();
    store<u64>(slots + (<usize>i << 3), p);
  }
  // In chunks, by a function of their own: the engine optimizes a function
  // after some calls, never a loop already running in one (no on-stack
  // replacement for wasm in V8), so one long loop here would run unoptimized.
  // (Two calls, so that it is not inlined here.)
  const first = pairs % CHUNK;
  if (first != 0 && !churnPairs(slots, live, size, <u32>first)) return failed();
  for (let n = first; n < pairs; n += CHUNK) {
    if (!churnPairs(slots, live, size, <u32>CHUNK)) return failed();
  }
  return heapSync();
}

const CHUNK: u64 = 4096;

/** `pairs` pairs; false when an allocation fails. */
function churnPairs(slots: usize, live: u32, size: u32, pairs: u32): bool {
  for (let n: u32 = 0; n < pairs; n++) {
    const slot = slots + (<usize>nextBelow(live) << 3);
    objectFreeInline(load<u64>(slot));
    const p = objectMallocInline(<u64>(1 + nextBelow(size)));
    if (p == 0 || heapFailed) return false;
    store<u64>(slot, p);
  }
  return true;
}

/** Stop: simulate what is queued first, so that heapFailed says whether swap filled. */
function failed(): bool {
  heapSync();
  return false;
}
