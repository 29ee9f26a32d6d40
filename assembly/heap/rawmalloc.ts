// The system allocator behind PyMem_RawMalloc (requests of 0 or more than 512
// bytes): a deterministic malloc with glibc's chunk layout and the shape of
// its policy (docs/heap.md, "The system allocator"; tests/system-malloc.test.ts
// runs the same scripts on glibc). A chunk is a 16-byte header (prev_size,
// size | PREV_INUSE) and a 16-byte-aligned payload; its size is the request +
// 8 rounded up to 16, at least 32.
//
//   up to 1040 bytes (tcache's range)  freed onto exact-size LIFO bins and
//       reused as they are, never coalesced (glibc's tcache, without its
//       limit of 7 a size)
//   larger  freed with boundary tags: merged with a free neighbour on either
//       side, into the top chunk when they border it, else onto one free
//       list; a request takes the best fit there, splitting off the rest
//   the top chunk  carved when nothing fits; when it is too small, a request
//       of 128 KiB or more is mmap'd (mmap.ts), a smaller one moves the break
//       up by what it needs plus 128 KiB (M_TOP_PAD); freeing 64 KiB or more
//       into a top of 128 KiB or more trims the break back (M_TRIM_THRESHOLD)
//
// The heap starts on a page with glibc's tcache_perthread_struct chunk, as in
// any process. realloc grows a chunk in place into the top or a free next
// chunk (rawRemap), as glibc's _int_realloc does. Every header, footer and
// list link is a costed access at its emulated address.

import { heapLoad64, heapStore64, linear, mapBytes, unmapBytes } from "./memory";
import { OBMALLOC_DATA_END } from "./obmalloc";
import { INTERPRETER_DATA } from "./objects/layout";
import { MMAP_THRESHOLD, mmapMalloc, isMmapped, munmapChunk, mmapUsableSize, mremapChunk } from "./mmap";

const SIZE_BITS: u64 = ~(<u64>15);
const PREV_INUSE: u64 = 1;
const MIN_CHUNK: u64 = 32;
/** tcache's largest chunk (a 1032-byte request): chunks up to it go to exact-size bins. */
const TCACHE_MAX_CHUNK: u64 = 1040;
/** The list heads: exact-size bins by size / 16, and at FREE_LIST the coalescing chunks' list. */
const BINS: u64 = OBMALLOC_DATA_END;
const BIN_SLOTS: u64 = 4096; // (the bins' region is laid out for 64 KiB of exact sizes)
const FREE_LIST: u64 = BINS + (BIN_SLOTS << 3);
const G_TOP: u64 = FREE_LIST + 8; // the top chunk's address
const G_BRK: u64 = G_TOP + 8; // the program break: the top chunk ends there
const PAGE: u64 = 4096;
const HEAP_START: u64 = (G_BRK + 8 + PAGE - 1) & ~(PAGE - 1);
const HEAP_END: u64 = INTERPRETER_DATA; // the interpreter's static data is at the end of the region
const TOP_PAD: u64 = 128 << 10;
const TRIM_THRESHOLD: u64 = 128 << 10;
const CONSOLIDATION_THRESHOLD: u64 = 64 << 10; // FASTBIN_CONSOLIDATION_THRESHOLD: frees this large may trim
/** malloc's first chunk in every process: tcache_perthread_struct (640 bytes). */
const TCACHE_STRUCT_CHUNK: u64 = 0x290;

// @ts-ignore: decorator
@inline function chunkSize(request: u64): u64 {
  const size = (request + 8 + 15) & SIZE_BITS;
  return size < MIN_CHUNK ? MIN_CHUNK : size;
}

// @ts-ignore: decorator
@inline function binOf(size: u64): u64 {
  return BINS + ((size >>> 4) << 3);
}

/**
 * Empty bins, and the heap as glibc leaves it after a process's first malloc
 * (tcache's own chunk, the break moved up by it plus the top pad). No cost:
 * the process did this before it started.
 */
export function initRawMalloc(): void {
  memory.fill(linear(BINS), 0, <usize>((BIN_SLOTS + 1) << 3));
  const top = HEAP_START + TCACHE_STRUCT_CHUNK;
  const brk = HEAP_START + pageUp(TCACHE_STRUCT_CHUNK + TOP_PAD + MIN_CHUNK);
  store<u64>(linear(HEAP_START + 8), TCACHE_STRUCT_CHUNK | PREV_INUSE);
  store<u64>(linear(top + 8), (brk - top) | PREV_INUSE);
  store<u64>(linear(G_TOP), top);
  store<u64>(linear(G_BRK), brk);
  mapBytes(brk - HEAP_START, true);
}

// @ts-ignore: decorator
@inline function pageUp(n: u64): u64 {
  return (n + PAGE - 1) & ~(PAGE - 1);
}

/** A payload of `request` bytes (0 allowed), or 0 when the system heap is exhausted. */
export function rawMalloc(request: u64): u64 {
  const size = chunkSize(request);
  if (size <= TCACHE_MAX_CHUNK) {
    const bin = binOf(size);
    const chunk = heapLoad64(bin);
    if (chunk != 0) {
      heapStore64(bin, heapLoad64(chunk + 16));
      return chunk + 16;
    }
  }
  const fit = bestFit(size);
  if (fit != 0) return fit + 16;
  const top = heapLoad64(G_TOP);
  if (!topHolds(top, size)) {
    if (size >= MMAP_THRESHOLD) return mmapMalloc(size); // sysmalloc mmaps large requests
    if (!raiseBreak(top, size)) return 0; // the heap limit: brk fails
  }
  const rest = (heapLoad64(top + 8) & SIZE_BITS) - size;
  heapStore64(top + 8, size | PREV_INUSE); // the chunk before the top is always in use
  heapStore64(top + size + 8, rest | PREV_INUSE); // the new top's header
  heapStore64(G_TOP, top + size);
  return top + 16;
}

/** Whether the top chunk at `top` holds `size` more bytes and a minimal chunk after them. */
function topHolds(top: u64, size: u64): bool {
  return (heapLoad64(top + 8) & SIZE_BITS) >= size + MIN_CHUNK;
}

/** sbrk: move the break up so that the top holds `size` more bytes, plus the top pad; false at the limit. */
function raiseBreak(top: u64, size: u64): bool {
  const brk = heapLoad64(G_BRK);
  const grow = pageUp(size + TOP_PAD + MIN_CHUNK - (brk - top));
  if (brk + grow > HEAP_END || !mapBytes(grow, true)) return false;
  heapStore64(G_BRK, brk + grow);
  heapStore64(top + 8, (brk + grow - top) | PREV_INUSE);
  return true;
}

/** The top chunk now starts at `top`: its header written, the break trimmed when a large free left it large (systrim). */
function setTop(top: u64, freed: u64): void {
  heapStore64(G_TOP, top);
  let brk = heapLoad64(G_BRK);
  if (freed >= CONSOLIDATION_THRESHOLD && brk - top >= TRIM_THRESHOLD) {
    const extra = (brk - top - MIN_CHUNK - TOP_PAD) & ~(PAGE - 1);
    if (extra != 0) {
      brk -= extra;
      heapStore64(G_BRK, brk);
      unmapBytes(extra);
    }
  }
  heapStore64(top + 8, (brk - top) | PREV_INUSE);
}

/**
 * The smallest free-list chunk that holds `size`, taken off and split: its
 * address, or 0. Among equals the one freed first (the list is newest first),
 * as glibc's scan of its unsorted bin from the oldest end finds them.
 */
function bestFit(size: u64): u64 {
  let best: u64 = 0, bestSize: u64 = 0;
  let chunk = heapLoad64(FREE_LIST);
  while (chunk != 0) {
    const s = heapLoad64(chunk + 8) & SIZE_BITS;
    if (s >= size && (best == 0 || s <= bestSize)) {
      best = chunk;
      bestSize = s;
    }
    chunk = heapLoad64(chunk + 16);
  }
  if (best == 0) return 0;
  unlink(best);
  const next = best + bestSize;
  if (bestSize - size >= MIN_CHUNK) {
    heapStore64(best + 8, size | PREV_INUSE);
    release(best + size, bestSize - size); // the rest stays free (the chunk after it already says so)
  } else {
    setPrevInUse(next, true);
  }
  return best;
}

/** Free a payload rawMalloc returned. */
export function rawFree(p: u64): void {
  if (isMmapped(p)) {
    munmapChunk(p);
    return;
  }
  let chunk = p - 16;
  const head = heapLoad64(chunk + 8);
  let size = head & SIZE_BITS;
  if (size <= TCACHE_MAX_CHUNK) {
    const bin = binOf(size);
    heapStore64(chunk + 16, heapLoad64(bin));
    heapStore64(bin, chunk);
    return;
  }
  if ((head & PREV_INUSE) == 0) { // the chunk before is free: merge with it
    const prevSize = heapLoad64(chunk);
    chunk -= prevSize;
    size += prevSize;
    unlink(chunk);
  }
  const next = chunk + size;
  const top = heapLoad64(G_TOP);
  if (next == top) {
    setTop(chunk, size); // merged into the top
    return;
  }
  const nextSize = heapLoad64(next + 8) & SIZE_BITS;
  if (next + nextSize != top && (heapLoad64(next + nextSize + 8) & PREV_INUSE) == 0) {
    unlink(next); // the chunk after is free: merge with it
    size += nextSize;
  } else {
    setPrevInUse(next, false);
  }
  release(chunk, size);
}

/** Put free chunk `chunk` of `size` on the free list: its header (the chunk before a free one is in use) and footer written. */
function release(chunk: u64, size: u64): void {
  heapStore64(chunk + 8, size | PREV_INUSE);
  heapStore64(chunk + size, size); // the next chunk's prev_size
  const first = heapLoad64(FREE_LIST);
  heapStore64(chunk + 16, first); // fd
  heapStore64(chunk + 24, 0); // bk (0: the list head)
  if (first != 0) heapStore64(first + 24, chunk);
  heapStore64(FREE_LIST, chunk);
}

/** Take a free chunk off the free list. */
function unlink(chunk: u64): void {
  const fd = heapLoad64(chunk + 16);
  const bk = heapLoad64(chunk + 24);
  heapStore64(bk == 0 ? FREE_LIST : bk + 16, fd);
  if (fd != 0) heapStore64(fd + 24, bk);
}

/** Set or clear the PREV_INUSE bit of the chunk at `chunk` (not the top: the chunk before it is always in use). */
function setPrevInUse(chunk: u64, inUse: bool): void {
  if (chunk == heapLoad64(G_TOP)) return;
  const head = heapLoad64(chunk + 8);
  heapStore64(chunk + 8, inUse ? head | PREV_INUSE : head & ~PREV_INUSE);
}

/** The payload bytes of a chunk (no cost). */
export function rawUsableSize(p: u64): u64 {
  if (isMmapped(p)) return mmapUsableSize(p);
  return (load<u64>(linear(p - 8)) & SIZE_BITS) - 8;
}

/**
 * realloc without moving the bytes (request 0 counts as 1): an mmap'd chunk
 * is mremap'd; a larger brk chunk grows into the top (the break raised for it
 * unless the request is for 128 KiB or more, which moves to mmap) or into a
 * free next chunk that makes it fit, as glibc's _int_realloc does; a
 * split-off rest is freed. Returns the payload, or 0 when neither applies or
 * the limit refuses it.
 */
export function rawRemap(p: u64, request: u64): u64 {
  const size = chunkSize(request == 0 ? 1 : request);
  if (isMmapped(p)) return mremapChunk(p, size);
  const chunk = p - 16;
  const head = heapLoad64(chunk + 8);
  const old = head & SIZE_BITS;
  if (size <= old) return 0;
  const next = chunk + old;
  const top = heapLoad64(G_TOP);
  if (next == top) {
    if (!topHolds(top, size - old) && (size >= MMAP_THRESHOLD || !raiseBreak(top, size - old))) return 0;
    const rest = (heapLoad64(top + 8) & SIZE_BITS) - (size - old);
    heapStore64(chunk + size + 8, rest | PREV_INUSE);
    heapStore64(G_TOP, chunk + size);
    heapStore64(chunk + 8, (head & PREV_INUSE) | size);
    return p;
  }
  const nextSize = heapLoad64(next + 8) & SIZE_BITS;
  if (old + nextSize < size || next + nextSize == top || (heapLoad64(next + nextSize + 8) & PREV_INUSE) != 0) return 0;
  unlink(next);
  const whole = old + nextSize;
  if (whole - size < MIN_CHUNK) {
    setPrevInUse(chunk + whole, true);
    heapStore64(chunk + 8, (head & PREV_INUSE) | whole);
    return p;
  }
  heapStore64(chunk + 8, (head & PREV_INUSE) | size);
  const rest = chunk + size;
  const restSize = whole - size;
  if (restSize <= TCACHE_MAX_CHUNK) { // _int_free of the rest: tcache takes it, as an in-use chunk
    setPrevInUse(chunk + whole, true);
    heapStore64(rest + 8, restSize | PREV_INUSE);
    const bin = binOf(restSize);
    heapStore64(rest + 16, heapLoad64(bin));
    heapStore64(bin, rest);
  } else {
    release(rest, restSize);
  }
  return p;
}

/** Where rawMalloc's chunks live (for address checks). */
export function inRawHeap(p: u64): bool {
  return (p >= HEAP_START + 16 && p < HEAP_END) || isMmapped(p);
}
