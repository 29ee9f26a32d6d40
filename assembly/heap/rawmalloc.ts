// The system allocator behind PyMem_RawMalloc (requests of 0 or more than 512
// bytes): a simple, deterministic malloc with glibc's chunk layout
// (docs/heap.md). A chunk is a 16-byte header (prev_size, size | PREV_INUSE)
// and a 16-byte-aligned payload; its size is the request + 8 rounded up to 16,
// at least 32. Freed chunks go on exact-size LIFO bins (like glibc's tcache
// and fast bins, without their limits); a request takes its bin's head, else
// carves the top chunk. No splitting or coalescing: simple, and predictable.

import { heapLoad64, heapStore64, linear, mapBytes } from "./memory";
import { OBMALLOC_DATA_END } from "./obmalloc";
import { INTERPRETER_DATA } from "./objects/layout";

const SIZE_BITS: u64 = ~(<u64>15);
const PREV_INUSE: u64 = 1;
/** Exact-size bins for chunks up to 64 KiB; larger freed chunks share one list (first fit, exact size). */
const SMALL_BINS: u64 = 4096;
const BINS: u64 = OBMALLOC_DATA_END; // SMALL_BINS + 1 list heads
const G_TOP: u64 = BINS + ((SMALL_BINS + 1) << 3); // the top chunk's address
const HEAP_START: u64 = (G_TOP + 8 + 15) & SIZE_BITS;
const HEAP_END: u64 = INTERPRETER_DATA; // the interpreter's static data is at the end of the region

// @ts-ignore: decorator
@inline function chunkSize(request: u64): u64 {
  const size = (request + 8 + 15) & SIZE_BITS;
  return size < 32 ? 32 : size;
}

// @ts-ignore: decorator
@inline function binOf(size: u64): u64 {
  const i = size >>> 4;
  return BINS + ((i < SMALL_BINS ? i : SMALL_BINS) << 3);
}

/** Empty bins and the whole region as the top chunk (a fresh process; no cost). */
export function initRawMalloc(): void {
  memory.fill(linear(BINS), 0, <usize>((SMALL_BINS + 1) << 3));
  store<u64>(linear(G_TOP), HEAP_START);
}

/** A payload of `request` bytes (0 allowed), or 0 when the system heap is exhausted. */
export function rawMalloc(request: u64): u64 {
  const size = chunkSize(request);
  const bin = binOf(size);
  let prev = bin;
  let chunk = heapLoad64(bin);
  while (chunk != 0) {
    const next = heapLoad64(chunk + 16); // fd, in the payload
    if ((heapLoad64(chunk + 8) & SIZE_BITS) == size) {
      heapStore64(prev == bin ? bin : prev + 16, next);
      return chunk + 16;
    }
    prev = chunk;
    chunk = next;
  }
  const top = heapLoad64(G_TOP);
  if (top + size > HEAP_END || !mapBytes(size, true)) return 0; // the heap limit: brk fails
  heapStore64(top + 8, size | PREV_INUSE);
  heapStore64(G_TOP, top + size);
  return top + 16;
}

/** Free a payload rawMalloc returned. */
export function rawFree(p: u64): void {
  const chunk = p - 16;
  const bin = binOf(heapLoad64(chunk + 8) & SIZE_BITS);
  heapStore64(chunk + 16, heapLoad64(bin));
  heapStore64(bin, chunk);
}

/** The payload bytes of a chunk (no cost). */
export function rawUsableSize(p: u64): u64 {
  return (load<u64>(linear(p - 8)) & SIZE_BITS) - 8;
}

/** Where rawMalloc's chunks live (for address checks). */
export function inRawHeap(p: u64): bool {
  return p >= HEAP_START + 16 && p < HEAP_END;
}
