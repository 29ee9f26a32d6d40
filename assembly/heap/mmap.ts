// glibc's mmap'd chunks: the system allocator (rawmalloc.ts) serves requests
// whose chunk is MMAP_THRESHOLD (128 KiB) or more with pages of their own, as
// glibc's sysmalloc does, and returns them on free (munmap); realloc of such a
// chunk is mremap, which moves page mappings instead of copying bytes. Without
// this a growing list's item array would leave every old copy behind on the
// brk heap (it neither splits nor coalesces) and a list of a million floats
// would run out of it. docs/heap.md, "The system allocator".
//
// The threshold is fixed: glibc raises it dynamically when an mmap'd chunk is
// freed (up to 32 MiB), which would send later large requests to the brk heap
// that memsim does not coalesce; a fixed threshold is glibc with
// M_MMAP_THRESHOLD set. Page bookkeeping (the kernel's) costs no cycles; the
// chunk header's store and load do, and first touches of the pages are page
// faults when the machine has virtual memory.

import { reserve, reserveZeroed } from "../layout";
import { heapLoad64, heapStore64, mapBytes, unmapBytes } from "./memory";

/** Where mmap'd chunks live in the emulated address space (above the arenas' 4 GiB span). */
export const MMAP_BASE: u64 = 0x7f50_0000_0000;
export const MMAP_THRESHOLD: u64 = 128 << 10;
/** Linear memory set aside for mmap'd pages: the heap limit, at most this much. */
export const MMAP_BYTES_MAX: u64 = 512 << 20;
const PAGE_SHIFT: u64 = 12;
const PAGE: u64 = 1 << PAGE_SHIFT;
const SIZE_BITS: u64 = ~(<u64>15);
const IS_MMAPPED: u64 = 2;

let mmapLinear: usize = 0; // linear address of MMAP_BASE
let pages: u32 = 0;
let pageMap: usize = 0; // a bit per page, set while mapped
let firstFree: u32 = 0; // no free page below it

/** Set aside the pages' backing for a heap of `limit` bytes; false when linear memory cannot hold it. */
export function reserveMmap(limit: u64): bool {
  const bytes = limit < MMAP_BYTES_MAX ? limit : MMAP_BYTES_MAX;
  pages = <u32>(bytes >> PAGE_SHIFT);
  const backing = reserve(<usize>bytes);
  pageMap = reserveZeroed(<usize>((pages + 7) >> 3));
  if (backing == 0 || pageMap == 0) return false;
  mmapLinear = backing - <usize>MMAP_BASE; // wrapping, as memory.ts's regions
  firstFree = 0;
  return true;
}

/** linear() of an address in the mmap region. */
// @ts-ignore: decorator
@inline export function mmapLinearOf(addr: u64): usize {
  return mmapLinear + <usize>addr;
}

// @ts-ignore: decorator
@inline function mapped(page: u32): bool {
  return (<u32>load<u8>(pageMap + (page >> 3)) & (<u32>1 << (page & 7))) != 0;
}

function setPages(first: u32, count: u32, on: bool): void {
  for (let p = first; p < first + count; p++) {
    const at = pageMap + (p >> 3);
    const bit = <u32>1 << (p & 7);
    store<u8>(at, on ? <u32>load<u8>(at) | bit : <u32>load<u8>(at) & ~bit);
  }
  if (!on && first < firstFree) firstFree = first;
  if (on && first == firstFree) {
    let f = first + count;
    while (f < pages && mapped(f)) f++;
    firstFree = f;
  }
}

/** The lowest run of `count` free pages, or -1. */
function findPages(count: u32): i64 {
  let run: u32 = 0;
  for (let p = firstFree; p < pages; p++) {
    run = mapped(p) ? 0 : run + 1;
    if (run == count) return <i64>(p + 1 - count);
  }
  return -1;
}

/** glibc's mmap'd chunk size for a malloc chunk of `chunk` bytes: + 8, up to whole pages. */
// @ts-ignore: decorator
@inline function mmapSize(chunk: u64): u64 {
  return (chunk + 8 + PAGE - 1) & ~(PAGE - 1);
}

/** Map `size` bytes (whole pages) under the heap limit: the chunk's address, or 0. */
function mapChunk(size: u64): u64 {
  const count = <u32>(size >> PAGE_SHIFT);
  const first = findPages(count);
  if (first < 0 || !mapBytes(size, true)) return 0;
  setPages(<u32>first, count, true);
  const c = MMAP_BASE + (<u64>first << PAGE_SHIFT);
  memory.fill(mmapLinearOf(c), 0, <usize>size); // fresh pages are zero
  return c;
}

/** malloc of a chunk of `chunk` bytes (>= MMAP_THRESHOLD) by mmap: the payload, or 0 (the limit). */
export function mmapMalloc(chunk: u64): u64 {
  const size = mmapSize(chunk);
  const c = mapChunk(size);
  if (c == 0) return 0;
  heapStore64(c + 8, size | IS_MMAPPED); // prev_size stays 0: the pages come zeroed
  return c + 16;
}

/** Whether `p` is the payload of a live mmap'd chunk (no cost). */
export function isMmapped(p: u64): bool {
  if (p < MMAP_BASE + 16 || (p & (PAGE - 1)) != 16) return false;
  const page = (p - MMAP_BASE) >> PAGE_SHIFT;
  return page < <u64>pages && mapped(<u32>page);
}

/** free of an mmap'd chunk: munmap. */
export function munmapChunk(p: u64): void {
  const c = p - 16;
  const size = heapLoad64(c + 8) & SIZE_BITS;
  setPages(<u32>((c - MMAP_BASE) >> PAGE_SHIFT), <u32>(size >> PAGE_SHIFT), false);
  unmapBytes(size);
}

/** The payload bytes of an mmap'd chunk (no cost). */
export function mmapUsableSize(p: u64): u64 {
  return (load<u64>(mmapLinearOf(p - 8)) & SIZE_BITS) - 16;
}

/**
 * realloc of an mmap'd chunk to a malloc chunk of `chunk` bytes: mremap
 * (MREMAP_MAYMOVE), in place when the pages after it are free or it shrinks,
 * else moved to the lowest free run. Returns the payload, or 0 when the limit
 * or the pages refuse it (the old chunk stays).
 */
export function mremapChunk(p: u64, chunk: u64): u64 {
  const c = p - 16;
  const old = heapLoad64(c + 8) & SIZE_BITS;
  const size = mmapSize(chunk);
  if (size == old) return p;
  const first = <u32>((c - MMAP_BASE) >> PAGE_SHIFT);
  const had = <u32>(old >> PAGE_SHIFT);
  const want = <u32>(size >> PAGE_SHIFT);
  if (size < old) {
    setPages(first + want, had - want, false);
    unmapBytes(old - size);
  } else {
    let inPlace = first + want <= pages;
    for (let q = first + had; inPlace && q < first + want; q++) inPlace = !mapped(q);
    if (inPlace) {
      if (!mapBytes(size - old, true)) return 0;
      setPages(first + had, want - had, true);
      memory.fill(mmapLinearOf(c + old), 0, <usize>(size - old));
    } else {
      const moved = mapChunk(size);
      if (moved == 0) return 0;
      memory.copy(mmapLinearOf(moved), mmapLinearOf(c), <usize>old); // page tables move, not bytes: no cost
      setPages(first, had, false);
      unmapBytes(old);
      heapStore64(moved + 8, size | IS_MMAPPED);
      return moved + 16;
    }
  }
  heapStore64(c + 8, size | IS_MMAPPED);
  return p;
}
