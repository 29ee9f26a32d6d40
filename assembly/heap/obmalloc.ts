// pymalloc as CPython 3.11 runs it (Objects/obmalloc.c): 16-byte size classes
// up to 512 bytes, 16 KiB pools with a 48-byte header, 1 MiB arenas, the
// usedpools rings, per-arena freepools, usable_arenas sorted by free pools
// (with nfp2lasta), empty arenas returned except the last, and the radix-tree
// lookup on free. Every structure is real bytes at its emulated address and
// every access CPython's code makes is a costed load or store (heap/memory.ts),
// so the allocator's cache misses are the ones CPython's would be.
// Function names follow obmalloc.c's. docs/heap.md.

import {
  heapAdd64, heapLoad64, heapStore64, heapLoad32, heapStore32, peek64, peek32, poke64,
  arenaAddress, arenaCapacity, mapBytes, unmapArena, ARENA_SIZE, RUNTIME_BASE,
  costRead, costWrite, countHits, linear, runtimeLinearOf, arenaLinearOf,
} from "./memory";

export const ALIGNMENT_SHIFT: u32 = 4;
export const SMALL_REQUEST_THRESHOLD: u64 = 512;
export const NB_SMALL_SIZE_CLASSES: u32 = 32;
export const POOL_SIZE: u64 = 16384;
export const POOL_OVERHEAD: u64 = 48;
export const MAX_POOLS_IN_ARENA: u32 = 64;
const DUMMY_SIZE_IDX: u32 = 0xffff;

// struct pool_header
export const P_COUNT: u64 = 0; // uint ref.count (in an 8-byte union)
const P_FREEBLOCK: u64 = 8;
const P_NEXTPOOL: u64 = 16;
const P_PREVPOOL: u64 = 24;
const P_ARENAINDEX: u64 = 32;
export const P_SZIDX: u64 = 36;
const P_NEXTOFFSET: u64 = 40;
const P_MAXNEXTOFFSET: u64 = 44;

// struct arena_object (48 bytes)
export const A_ADDRESS: u64 = 0;
export const A_POOL_ADDRESS: u64 = 8;
export const A_NFREEPOOLS: u64 = 16;
export const A_NTOTALPOOLS: u64 = 20;
const A_FREEPOOLS: u64 = 24;
const A_NEXTARENA: u64 = 32;
const A_PREVARENA: u64 = 40;
const ARENA_OBJECT_SIZE: u64 = 48;

// The interpreter's static data in the runtime region.
const USEDPOOLS: u64 = RUNTIME_BASE + 0x100; // 64 pointers; the fake header of ring i is at USEDPOOLS + 16 i - 16
const NFP2LASTA: u64 = RUNTIME_BASE + 0x1000; // MAX_POOLS_IN_ARENA + 1 pointers
const G_USABLE_ARENAS: u64 = RUNTIME_BASE + 0x2000;
const G_UNUSED_ARENA_OBJECTS: u64 = RUNTIME_BASE + 0x2008;
const G_NARENAS_CURRENT: u64 = RUNTIME_BASE + 0x2010;
const G_NTIMES_ARENA_ALLOCATED: u64 = RUNTIME_BASE + 0x2018;
const G_NARENAS_HIGHWATER: u64 = RUNTIME_BASE + 0x2020;
const ARENAS: u64 = RUNTIME_BASE + 0x10000; // the arena objects (a fixed vector: see docs/heap.md)
// The radix tree's nodes (address_in_range); 3.11 on 64-bit: 15/15/14 bits above the 20-bit arena offset.
const RADIX_ROOT: u64 = RUNTIME_BASE + 0x100000;
const RADIX_MID: u64 = RUNTIME_BASE + 0x140000;
const RADIX_BOT: u64 = RUNTIME_BASE + 0x180000;
export const OBMALLOC_DATA_END: u64 = RUNTIME_BASE + 0x1A0000;

// @ts-ignore: decorator
@inline function index2size(i: u32): u64 {
  return (<u64>i + 1) << ALIGNMENT_SHIFT;
}

// @ts-ignore: decorator
@inline function ringHeader(size: u32): u64 {
  return USEDPOOLS + (<u64>size << 4) - 16;
}

// @ts-ignore: decorator
@inline export function arenaObject(i: u32): u64 {
  return ARENAS + <u64>i * ARENA_OBJECT_SIZE;
}

/** Empty state: every usedpools ring points at itself, every arena object unused (a fresh interpreter). */
export function initObmalloc(): void {
  for (let i: u32 = 0; i < NB_SMALL_SIZE_CLASSES; i++) {
    const header = ringHeader(i);
    poke64(header + P_NEXTPOOL, header);
    poke64(header + P_PREVPOOL, header);
  }
  for (let n: u64 = 0; n <= MAX_POOLS_IN_ARENA; n++) poke64(NFP2LASTA + (n << 3), 0);
  poke64(G_USABLE_ARENAS, 0);
  poke64(G_NARENAS_CURRENT, 0);
  poke64(G_NTIMES_ARENA_ALLOCATED, 0);
  poke64(G_NARENAS_HIGHWATER, 0);
  const n = arenaCapacity();
  for (let i: u32 = 0; i < n; i++) {
    const ao = arenaObject(i);
    poke64(ao + A_ADDRESS, 0);
    poke64(ao + A_NEXTARENA, i + 1 < n ? arenaObject(i + 1) : 0);
  }
  poke64(G_UNUSED_ARENA_OBJECTS, n > 0 ? arenaObject(0) : 0);
}

// The fast paths (pymallocAlloc from a used pool, pymallocFree) make the
// same costed accesses as heapLoad/heapStore would, in the same order, but
// translate the pool's address once and count their inline hits in locals
// (memory.ts costRead/costWrite/countHits).

/** A block of `nbytes` (1..512), or 0 when no arena can be had (the heap limit: MemoryError). */
// @ts-ignore: decorator
@inline export function pymallocAlloc(nbytes: u64): u64 {
  const size = <u32>((nbytes - 1) >>> ALIGNMENT_SHIFT);
  const head = USEDPOOLS + (<u64>size << 4);
  let reads = costRead(head, 8);
  const pool = load<u64>(runtimeLinearOf(head));
  reads += costRead(pool + P_NEXTPOOL, 8);
  const pl = linear(pool);
  if (pool != load<u64>(pl + <usize>P_NEXTPOOL)) {
    // A used pool of this class: the head of its free list.
    reads += costRead(pool + P_COUNT, 4);
    const count = load<u32>(pl + <usize>P_COUNT) + 1;
    let writes = costWrite(pool + P_COUNT, 4);
    store<u32>(pl + <usize>P_COUNT, count);
    reads += costRead(pool + P_FREEBLOCK, 8);
    const bp = load<u64>(pl + <usize>P_FREEBLOCK);
    reads += costRead(bp, 8);
    const next = load<u64>(linear(bp));
    writes += costWrite(pool + P_FREEBLOCK, 8);
    store<u64>(pl + <usize>P_FREEBLOCK, next);
    countHits(reads, writes);
    if (next == 0) pymallocPoolExtend(pool, size);
    return bp;
  }
  countHits(reads, 0);
  return allocateFromNewPool(size);
}

/** The free list ran out: carve the next never-used block, or unlink the full pool. */
function pymallocPoolExtend(pool: u64, size: u32): void {
  const nextoffset = heapLoad32(pool + P_NEXTOFFSET);
  if (nextoffset <= heapLoad32(pool + P_MAXNEXTOFFSET)) {
    const block = pool + nextoffset;
    heapStore64(pool + P_FREEBLOCK, block);
    heapStore32(pool + P_NEXTOFFSET, nextoffset + <u32>index2size(size));
    heapStore64(block, 0);
    return;
  }
  const next = heapLoad64(pool + P_NEXTPOOL);
  const prev = heapLoad64(pool + P_PREVPOOL);
  heapStore64(next + P_PREVPOOL, prev);
  heapStore64(prev + P_NEXTPOOL, next);
}

function allocateFromNewPool(size: u32): u64 {
  let usable = heapLoad64(G_USABLE_ARENAS);
  if (usable == 0) {
    usable = newArena();
    if (usable == 0) return 0;
    heapStore64(G_USABLE_ARENAS, usable);
    heapStore64(usable + A_NEXTARENA, 0);
    heapStore64(usable + A_PREVARENA, 0);
    heapStore64(NFP2LASTA + (<u64>heapLoad32(usable + A_NFREEPOOLS) << 3), usable);
  }
  const nf = heapLoad32(usable + A_NFREEPOOLS);
  if (heapLoad64(NFP2LASTA + (<u64>nf << 3)) == usable) heapStore64(NFP2LASTA + (<u64>nf << 3), 0);
  if (nf > 1) heapStore64(NFP2LASTA + (<u64>(nf - 1) << 3), usable);

  let pool = heapLoad64(usable + A_FREEPOOLS);
  if (pool != 0) {
    heapStore64(usable + A_FREEPOOLS, heapLoad64(pool + P_NEXTPOOL));
  } else {
    pool = heapLoad64(usable + A_POOL_ADDRESS);
    heapStore32(pool + P_ARENAINDEX, <u32>((usable - ARENAS) / ARENA_OBJECT_SIZE));
    heapStore32(pool + P_SZIDX, DUMMY_SIZE_IDX);
    heapStore64(usable + A_POOL_ADDRESS, pool + POOL_SIZE);
  }
  heapStore32(usable + A_NFREEPOOLS, nf - 1);
  if (nf - 1 == 0) {
    // Wholly allocated: off usable_arenas.
    const next = heapLoad64(usable + A_NEXTARENA);
    heapStore64(G_USABLE_ARENAS, next);
    if (next != 0) heapStore64(next + A_PREVARENA, 0);
  }

  // Frontlink to the used pools of this class.
  const header = heapLoad64(USEDPOOLS + (<u64>size << 4));
  heapStore64(pool + P_NEXTPOOL, header);
  heapStore64(pool + P_PREVPOOL, header);
  heapStore64(header + P_NEXTPOOL, pool);
  heapStore64(header + P_PREVPOOL, pool);
  heapStore32(pool + P_COUNT, 1);
  if (heapLoad32(pool + P_SZIDX) == size) {
    // The pool last held this class: its header and free list are intact.
    const bp = heapLoad64(pool + P_FREEBLOCK);
    heapStore64(pool + P_FREEBLOCK, heapLoad64(bp));
    return bp;
  }
  heapStore32(pool + P_SZIDX, size);
  const bytes = index2size(size);
  const bp = pool + POOL_OVERHEAD;
  heapStore32(pool + P_NEXTOFFSET, <u32>(POOL_OVERHEAD + (bytes << 1)));
  heapStore32(pool + P_MAXNEXTOFFSET, <u32>(POOL_SIZE - bytes));
  heapStore64(pool + P_FREEBLOCK, bp + bytes);
  heapStore64(bp + bytes, 0);
  return bp;
}

/** Take an unused arena object and map its arena; 0 when none is left (the heap limit). */
function newArena(): u64 {
  const ao = heapLoad64(G_UNUSED_ARENA_OBJECTS);
  if (ao == 0 || !mapBytes(ARENA_SIZE, false)) return 0; // the heap limit: mmap fails
  heapStore64(G_UNUSED_ARENA_OBJECTS, heapLoad64(ao + A_NEXTARENA));
  const address = arenaAddress(<u32>((ao - ARENAS) / ARENA_OBJECT_SIZE));
  arenaMapMarkUsed(address);
  heapStore64(ao + A_ADDRESS, address);
  const current = heapLoad64(G_NARENAS_CURRENT) + 1;
  heapStore64(G_NARENAS_CURRENT, current);
  heapAdd64(G_NTIMES_ARENA_ALLOCATED, 1);
  if (current > heapLoad64(G_NARENAS_HIGHWATER)) heapStore64(G_NARENAS_HIGHWATER, current);
  heapStore64(ao + A_FREEPOOLS, 0);
  let poolAddress = address;
  let nfreepools = MAX_POOLS_IN_ARENA;
  const excess = address & (POOL_SIZE - 1);
  if (excess != 0) {
    nfreepools--;
    poolAddress += POOL_SIZE - excess;
  }
  heapStore64(ao + A_POOL_ADDRESS, poolAddress);
  heapStore32(ao + A_NFREEPOOLS, nfreepools);
  heapStore32(ao + A_NTOTALPOOLS, nfreepools);
  return ao;
}

// The radix tree: memsim keeps one mid and one bot node (every arena lies in
// one 2^34-byte span) and charges the loads and stores CPython makes.
// @ts-ignore: decorator
@inline function radixSlots(p: u64): u64 {
  return ((p >>> 20) & 0x3fff) << 3;
}

function arenaMapMarkUsed(address: u64): void {
  heapLoad64(RADIX_ROOT + ((address >>> 49) << 3));
  heapLoad64(RADIX_MID + (((address >>> 34) & 0x7fff) << 3));
  heapStore64(RADIX_BOT + radixSlots(address), address); // tail_hi / tail_lo
}

/** address_in_range's three dependent loads (their values are not needed: arenaOf says); the inline hits among them. */
// @ts-ignore: decorator
@inline function addressInRangeLoads(p: u64): u32 {
  let reads = costRead(RADIX_ROOT + ((p >>> 49) << 3), 8);
  reads += costRead(RADIX_MID + (((p >>> 34) & 0x7fff) << 3), 8);
  return reads + costRead(RADIX_BOT + radixSlots(p), 8);
}

/** The arena object whose live arena holds `p`, or 0 (no cost: address arithmetic). */
function arenaOf(p: u64): u64 {
  if (p < arenaAddress(0)) return 0;
  const i = (p - arenaAddress(0)) >>> 21;
  if (i >= <u64>arenaCapacity()) return 0;
  const ao = arenaObject(<u32>i);
  const address = load<u64>(runtimeLinearOf(ao + A_ADDRESS)); // (peek64)
  return address != 0 && p - address < ARENA_SIZE ? ao : 0;
}

/** Free a pymalloc block; false when `p` is not one (it belongs to the system allocator). */
// @ts-ignore: decorator
@inline export function pymallocFree(p: u64): bool {
  const pool = p & ~(POOL_SIZE - 1);
  let reads = addressInRangeLoads(p);
  if (arenaOf(p) == 0) {
    countHits(reads, 0);
    return false;
  }
  const pl = arenaLinearOf(pool); // (p's pool lies in one arena's span, so p is at pl + its offset in the pool)
  reads += costRead(pool + P_FREEBLOCK, 8);
  const lastfree = load<u64>(pl + <usize>P_FREEBLOCK);
  let writes = costWrite(p, 8);
  store<u64>(pl + <usize>(p & (POOL_SIZE - 1)), lastfree);
  writes += costWrite(pool + P_FREEBLOCK, 8);
  store<u64>(pl + <usize>P_FREEBLOCK, p);
  reads += costRead(pool + P_COUNT, 4);
  const count = load<u32>(pl + <usize>P_COUNT) - 1;
  writes += costWrite(pool + P_COUNT, 4);
  store<u32>(pl + <usize>P_COUNT, count);
  countHits(reads, writes);
  if (lastfree == 0) {
    insertToUsedpool(pool);
    return true;
  }
  if (count != 0) return true;
  insertToFreepool(pool);
  return true;
}

/** A pool that was full gets a free block: back to the front of its class ring. */
function insertToUsedpool(pool: u64): void {
  const size = heapLoad32(pool + P_SZIDX);
  const next = heapLoad64(USEDPOOLS + (<u64>size << 4));
  const prev = heapLoad64(next + P_PREVPOOL);
  heapStore64(pool + P_NEXTPOOL, next);
  heapStore64(pool + P_PREVPOOL, prev);
  heapStore64(next + P_PREVPOOL, pool);
  heapStore64(prev + P_NEXTPOOL, pool);
}

/** A pool became empty: to its arena's freepools; keep usable_arenas sorted, return a wholly free arena. */
function insertToFreepool(pool: u64): void {
  const next = heapLoad64(pool + P_NEXTPOOL);
  const prev = heapLoad64(pool + P_PREVPOOL);
  heapStore64(next + P_PREVPOOL, prev);
  heapStore64(prev + P_NEXTPOOL, next);

  const ao = arenaObject(heapLoad32(pool + P_ARENAINDEX));
  heapStore64(pool + P_NEXTPOOL, heapLoad64(ao + A_FREEPOOLS));
  heapStore64(ao + A_FREEPOOLS, pool);
  let nf = heapLoad32(ao + A_NFREEPOOLS);
  const lastnf = heapLoad64(NFP2LASTA + (<u64>nf << 3));
  if (lastnf == ao) {
    const p = heapLoad64(ao + A_PREVARENA);
    heapStore64(NFP2LASTA + (<u64>nf << 3), p != 0 && heapLoad32(p + A_NFREEPOOLS) == nf ? p : 0);
  }
  nf++;
  heapStore32(ao + A_NFREEPOOLS, nf);

  const aoNext = heapLoad64(ao + A_NEXTARENA);
  if (nf == heapLoad32(ao + A_NTOTALPOOLS) && aoNext != 0) {
    // Case 1: every pool free and not the last arena: unlink it and return it to the system.
    const aoPrev = heapLoad64(ao + A_PREVARENA);
    if (aoPrev == 0) heapStore64(G_USABLE_ARENAS, aoNext);
    else heapStore64(aoPrev + A_NEXTARENA, aoNext);
    heapStore64(aoNext + A_PREVARENA, aoPrev);
    heapStore64(ao + A_NEXTARENA, heapLoad64(G_UNUSED_ARENA_OBJECTS));
    heapStore64(G_UNUSED_ARENA_OBJECTS, ao);
    heapStore64(RADIX_BOT + radixSlots(heapLoad64(ao + A_ADDRESS)), 0); // arena_map_mark_used(address, 0)
    heapStore64(ao + A_ADDRESS, 0);
    heapAdd64(G_NARENAS_CURRENT, -1);
    unmapArena();
    return;
  }
  if (nf == 1) {
    // Case 2: the arena was full: it goes to the head of usable_arenas.
    const usable = heapLoad64(G_USABLE_ARENAS);
    heapStore64(ao + A_NEXTARENA, usable);
    heapStore64(ao + A_PREVARENA, 0);
    if (usable != 0) heapStore64(usable + A_PREVARENA, ao);
    heapStore64(G_USABLE_ARENAS, ao);
    if (heapLoad64(NFP2LASTA + 8) == 0) heapStore64(NFP2LASTA + 8, ao);
    return;
  }
  if (heapLoad64(NFP2LASTA + (<u64>nf << 3)) == 0) heapStore64(NFP2LASTA + (<u64>nf << 3), ao);
  if (ao == lastnf) return; // Case 4: still in order.
  // Case 3: slide the arena right, after lastnf.
  const aoPrev = heapLoad64(ao + A_PREVARENA);
  if (aoPrev != 0) heapStore64(aoPrev + A_NEXTARENA, aoNext);
  else heapStore64(G_USABLE_ARENAS, aoNext);
  heapStore64(aoNext + A_PREVARENA, aoPrev);
  heapStore64(ao + A_PREVARENA, lastnf);
  const after = heapLoad64(lastnf + A_NEXTARENA);
  heapStore64(ao + A_NEXTARENA, after);
  if (after != 0) heapStore64(after + A_PREVARENA, ao);
  heapStore64(lastnf + A_NEXTARENA, ao);
}

/** The block size of a pymalloc block (no cost), or 0 when `p` is not one. */
export function pymallocBlockSize(p: u64): u64 {
  if (arenaOf(p) == 0) return 0;
  return index2size(peek32((p & ~(POOL_SIZE - 1)) + P_SZIDX));
}

// ------------------------------------------------------------ statistics

/**
 * _PyObject_DebugMallocStats's numbers, without cost, into `out` (u64s):
 * per class [pools, blocks in use, avail blocks] x 32, then arenas allocated
 * total, highwater, current, unused pools, arenas not pool-aligned.
 */
export function mallocStats(out: usize): void {
  memory.fill(out, 0, (NB_SMALL_SIZE_CLASSES * 3 + 5) << 3);
  const n = arenaCapacity();
  let unused: u64 = 0;
  let unaligned: u64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const ao = arenaObject(i);
    const base = peek64(ao + A_ADDRESS);
    if (base == 0) continue;
    unused += peek32(ao + A_NFREEPOOLS);
    if ((base & (POOL_SIZE - 1)) != 0) unaligned++;
    const end = peek64(ao + A_POOL_ADDRESS);
    for (let pool = (base + POOL_SIZE - 1) & ~(POOL_SIZE - 1); pool < end; pool += POOL_SIZE) {
      const count = peek32(pool + P_COUNT);
      if (count == 0) continue;
      const size = peek32(pool + P_SZIDX);
      const p = out + (<usize>size * 3 << 3);
      store<u64>(p, load<u64>(p) + 1);
      store<u64>(p + 8, load<u64>(p + 8) + count);
      store<u64>(p + 16, load<u64>(p + 16) + (POOL_SIZE - POOL_OVERHEAD) / index2size(size) - count);
    }
  }
  const tail = out + (<usize>NB_SMALL_SIZE_CLASSES * 3 << 3);
  store<u64>(tail, peek64(G_NTIMES_ARENA_ALLOCATED));
  store<u64>(tail + 8, peek64(G_NARENAS_HIGHWATER));
  store<u64>(tail + 16, peek64(G_NARENAS_CURRENT));
  store<u64>(tail + 24, unused);
  store<u64>(tail + 32, unaligned);
}
