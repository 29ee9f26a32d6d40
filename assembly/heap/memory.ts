// The emulated Python heap's memory: where its bytes live in linear memory and
// what touching them costs (docs/heap.md).
//
// Two emulated regions, each backed by linear memory reserved at heapInit:
//   ARENAS   pymalloc's 1 MiB arenas, arena object i at ARENA_BASE + i x 2 MiB
//            (+ ARENA_SKEW unless arenas are pool-aligned), like mmap'd memory
//   RUNTIME  the interpreter's own data: usedpools, the arena objects, the
//            radix tree, and the system allocator's (malloc) chunks
// Every load and store the allocator (and later the object model) makes goes
// through `heapLoad`/`heapStore`: the bytes are real, and the access is a
// record simulated through the cache hierarchy and timing model at its
// emulated address, its cycles and memory reads charged to the current
// category (mutator, alloc, free, refcount, gc).

import { reserve } from "../layout";
import { packRecord } from "../trace/records";
import { emit, flushBatch } from "../trace/text";
import { KIND_R, KIND_W } from "../hierarchy/kinds";
import { statPtr, categoryStatPtr, G_MEM_READS, G_RECORDS, G_CYCLES, C_REFERENCES, C_CYCLES, C_MEM_READS } from "../stats";

export const ARENA_SIZE: u64 = 1 << 20;
const ARENA_STRIDE_SHIFT: u64 = 21; // arena objects' memory 2 MiB apart in the emulated space
export const ARENA_BASE: u64 = 0x7f3c_0000_0000;
/** Where mmap put arenas: 4 KiB past a pool boundary (63 usable pools), as most arenas of the recorded CPython runs. */
const ARENA_SKEW: u64 = 4096;
export const RUNTIME_BASE: u64 = 0x5555_5600_0000;
export const RUNTIME_BYTES: u64 = 64 << 20;

export const CAT_MUTATOR: i32 = 0;
export const CAT_ALLOC: i32 = 1;
export const CAT_FREE: i32 = 2;
export const CAT_REFCOUNT: i32 = 3;
export const CAT_GC: i32 = 4;

let arenaBacking: usize = 0;
let runtimeBacking: usize = 0;
let maxArenas: u32 = 0;
let skew: u64 = ARENA_SKEW;
let category: i32 = CAT_MUTATOR;
/** Set when a costed access could not be paged in (swap full): the heap operation's result is void. */
export let heapFailed = false;

// The heap limit covers pymalloc's arenas and the system allocator's chunks together.
let limitBytes: u64 = 0;
let arenaBytes: u64 = 0; // arenas mapped now x 1 MiB
let rawBytes: u64 = 0; // the system allocator's footprint (its top chunk's offset)

/** Whether `bytes` more may be mapped under the heap limit; if so they are counted. */
export function mapBytes(bytes: u64, raw: bool): bool {
  if (arenaBytes + rawBytes + bytes > limitBytes) return false;
  if (raw) rawBytes += bytes;
  else arenaBytes += bytes;
  return true;
}

/** An arena was returned to the system. */
export function unmapArena(): void {
  arenaBytes -= ARENA_SIZE;
}

/** Reserve the backing: `arenas` arenas of 1 MiB and the runtime region; false when memory is exhausted. */
export function reserveHeap(arenas: u32, alignedArenas: bool): bool {
  limitBytes = <u64>arenas << 20;
  arenaBytes = rawBytes = 0;
  arenaBacking = reserve(<usize>arenas << 20);
  runtimeBacking = reserve(<usize>RUNTIME_BYTES);
  if (arenaBacking == 0 || runtimeBacking == 0) return false;
  maxArenas = arenas;
  skew = alignedArenas ? 0 : ARENA_SKEW;
  heapFailed = false;
  depth = 0;
  return true;
}

export function arenaCapacity(): u32 {
  return maxArenas;
}

/** The emulated address of arena object `i`'s memory. */
// @ts-ignore: decorator
@inline export function arenaAddress(i: u32): u64 {
  return ARENA_BASE + (<u64>i << ARENA_STRIDE_SHIFT) + skew;
}

/** Linear-memory address of emulated address `addr` (inside a reserved region). */
// @ts-ignore: decorator
@inline export function linear(addr: u64): usize {
  if (addr >= ARENA_BASE) {
    const rel = addr - ARENA_BASE;
    const i = rel >>> ARENA_STRIDE_SHIFT;
    return arenaBacking + (<usize>i << 20) + <usize>(rel - (i << ARENA_STRIDE_SHIFT) - skew);
  }
  return runtimeBacking + <usize>(addr - RUNTIME_BASE);
}

// Accesses are queued as records in the parsers' batch and simulated in bulk
// (the same path as a trace); a category's share is the change in the global
// records, cycles and memory reads across its stretch of the batch. The
// outermost heap operation starts a fresh stretch, so records simulated
// between heap operations (a trace, access()) are never charged to the heap.
let depth = 0;
let lastRecords: u64 = 0;
let lastCycles: u64 = 0;
let lastReads: u64 = 0;

function mark(): void {
  lastRecords = load<u64>(statPtr(G_RECORDS));
  lastCycles = load<u64>(statPtr(G_CYCLES));
  lastReads = load<u64>(statPtr(G_MEM_READS));
}

/** Simulate the queued accesses and charge them to the current category. */
function settle(): void {
  if (flushBatch() < 0) heapFailed = true; // swap full
  const p = categoryStatPtr(category, 0);
  store<u64>(p + (C_REFERENCES << 3), load<u64>(p + (C_REFERENCES << 3)) + load<u64>(statPtr(G_RECORDS)) - lastRecords);
  store<u64>(p + (C_CYCLES << 3), load<u64>(p + (C_CYCLES << 3)) + load<u64>(statPtr(G_CYCLES)) - lastCycles);
  store<u64>(p + (C_MEM_READS << 3), load<u64>(p + (C_MEM_READS << 3)) + load<u64>(statPtr(G_MEM_READS)) - lastReads);
  mark();
}

/** Start charging to category `c` (an operation, possibly inside another); returns the previous category. */
export function beginCategory(c: i32): i32 {
  if (depth++ == 0) {
    flushBatch(); // whatever was queued before is not the heap's
    mark();
  } else {
    settle();
  }
  const previous = category;
  category = c;
  return previous;
}

/** End the operation begun with beginCategory: its accesses are simulated and charged. */
export function endCategory(previous: i32): void {
  settle();
  category = previous;
  depth--;
}

/** One costed access: queued for simulation, charged to the current category. */
// @ts-ignore: decorator
@inline function charge(addr: u64, size: i32, kind: i32): void {
  emit(packRecord(addr, size, kind));
}

export function heapLoad64(addr: u64): u64 {
  charge(addr, 8, KIND_R);
  return load<u64>(linear(addr));
}

export function heapStore64(addr: u64, value: u64): void {
  charge(addr, 8, KIND_W);
  store<u64>(linear(addr), value);
}

export function heapLoad32(addr: u64): u32 {
  charge(addr, 4, KIND_R);
  return load<u32>(linear(addr));
}

export function heapStore32(addr: u64, value: u32): void {
  charge(addr, 4, KIND_W);
  store<u32>(linear(addr), value);
}

/** Read without cost: introspection (mallocstats, tests), never the emulated program. */
export function peek64(addr: u64): u64 {
  return load<u64>(linear(addr));
}

export function peek32(addr: u64): u32 {
  return load<u32>(linear(addr));
}

/** Write without cost: setting up state the emulated process had before it started (usedpools' self-links). */
export function poke64(addr: u64, value: u64): void {
  store<u64>(linear(addr), value);
}
