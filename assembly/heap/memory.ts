// The emulated Python heap's memory: where its bytes live in linear memory and
// what touching them costs (docs/heap.md).
//
// Three emulated regions, each backed by linear memory reserved at heapInit:
//   ARENAS   pymalloc's 1 MiB arenas, arena object i at ARENA_BASE + i x 2 MiB
//            (+ ARENA_SKEW unless arenas are pool-aligned), like mmap'd memory
//   RUNTIME  the interpreter's own data: usedpools, the arena objects, the
//            radix tree, and the system allocator's (malloc) chunks
//   MMAP     the system allocator's chunks of 128 KiB and more (mmap.ts)
// Every load and store the allocator (and later the object model) makes goes
// through `heapLoad`/`heapStore`: the bytes are real, and the access is a
// record simulated through the cache hierarchy and timing model at its
// emulated address, its cycles and memory reads charged to the current
// category (mutator, alloc, free, refcount, gc).

import { reserve, freshMark, zeroReserved } from "../layout";
import { packRecord, CAT_NONE, simulateDirect, directHitsPtr } from "../trace/records";
import { emit, flushBatch, markCategory, categoryUnmarked, stopped, queuedRecords, failBatch, isCapturing } from "../trace/text";
import { KIND_R, KIND_W } from "../hierarchy/kinds";
import { prepareFastPath, prepareFront, frontTakes, frontTest, frontStraddles } from "../hierarchy/access";
import { currentMode, MODE_GENERIC } from "../hierarchy/machine";
import { vmEnabled } from "../memory/vm";
import { tapping } from "../trace/tap";
import * as E from "../errors";
import { reserveMmap, mmapLinearOf, MMAP_BASE } from "./mmap";

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
/** freshMark() before the runtime region was reserved (clearRuntime). */
let runtimeFresh: usize = 0;
// linear()'s constants: arenaBacking - skew, and runtimeBacking - RUNTIME_BASE
// (wrapping: linear memory addresses are u32, so the sums come out the same).
let arenaLinear: usize = 0;
let runtimeLinear: usize = 0;
let maxArenas: u32 = 0;
let skew: u64 = ARENA_SKEW;
let category: i32 = CAT_MUTATOR;
/**
 * Set when a costed access could not be paged in (swap full): the heap's
 * results since are void. Accesses are simulated in batches, so this is found
 * out when the batch holding the failed access is simulated: when the batch
 * is full (then the outermost heap operation running, or the next to end, sets
 * it), or at heapSync, which every exported call that touched the heap makes
 * before it returns (and turns into ERR_STORAGE_FULL). So an operation may
 * return a block although an access of it, or of an operation before it in
 * the same call, failed; the accesses after the failed one are never
 * simulated, and the call still fails. Stays set until the next heapInit.
 */
export let heapFailed = false;

// The heap limit covers pymalloc's arenas and the system allocator's chunks together.
let limitBytes: u64 = 0;
let arenaBytes: u64 = 0; // arenas mapped now x 1 MiB
let rawBytes: u64 = 0; // the system allocator's footprint (its top chunk's offset and its mmap'd pages)

/** Whether `bytes` more may be mapped under the heap limit; if so they are counted. */
export function mapBytes(bytes: u64, raw: bool): bool {
  if (arenaBytes + rawBytes + bytes > limitBytes) return false;
  if (raw) rawBytes += bytes;
  else arenaBytes += bytes;
  return true;
}

/** The system allocator unmapped `bytes` (mmap.ts). */
export function unmapBytes(bytes: u64): void {
  rawBytes -= bytes;
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
  runtimeFresh = freshMark();
  runtimeBacking = reserve(<usize>RUNTIME_BYTES);
  if (arenaBacking == 0 || runtimeBacking == 0 || !reserveMmap(limitBytes)) return false;
  maxArenas = arenas;
  skew = alignedArenas ? 0 : ARENA_SKEW;
  arenaLinear = arenaBacking - <usize>skew;
  runtimeLinear = runtimeBacking - <usize>RUNTIME_BASE;
  heapFailed = false;
  depth = 0;
  direct = fastReads = fastWrites = false;
  // The machine cannot change under the heap (initMachine disables it): its fast path now.
  prepareFastPath();
  prepareFront(vmEnabled());
  inlineReads = frontTakes(false);
  inlineWrites = frontTakes(true);
  return true;
}

/** Zero linear [start, start + bytes) of the runtime region, where it may hold an earlier heap's data. */
export function clearRuntime(start: usize, bytes: usize): void {
  zeroReserved(start, bytes, runtimeFresh);
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
  // Arena object i's memory (emulated ARENA_BASE + i x 2 MiB + skew) is at arenaBacking + i x 1 MiB.
  if (addr < ARENA_BASE) return runtimeLinearOf(addr);
  return addr < MMAP_BASE ? arenaLinearOf(addr) : mmapLinearOf(addr);
}

/** linear() of an address known to lie in an arena. */
// @ts-ignore: decorator
@inline export function arenaLinearOf(addr: u64): usize {
  return arenaLinear + <usize>(((addr - ARENA_BASE) >>> 1) & ~(ARENA_SIZE - 1)) + <usize>(addr & ((ARENA_SIZE << 1) - 1));
}

/** linear() of an address known to lie in the runtime region. */
// @ts-ignore: decorator
@inline export function runtimeLinearOf(addr: u64): usize {
  return runtimeLinear + <usize>addr;
}

// An operation's accesses are simulated as they are made (direct: see
// trace/records.ts simulateDirect), each charged to the operation's category;
// a load or store within one line that hits in L1d is only counted,
// inline (hierarchy/access.ts frontTest). The outermost operation starts with
// nothing queued (what was queued is simulated first), so the caches are
// current at every access and the results are the ones simulating the same
// records in order would give.
//
// Otherwise (not generic mode, capture mode, the reference tap on (trace/tap.ts),
// a call whose records stopped being simulated, or an access outside any operation) accesses are queued as
// records in the parsers' batch and simulated in bulk (the same path as a
// trace). A category change then queues a marker record (trace/text.ts
// markCategory), and the batch loop charges each stretch between markers to
// its category: its references, and the change in the global cycles and
// memory reads across it (trace/records.ts simulateGeneric). Records queued
// outside any heap operation (depth 0: a trace, a workload, access()) are
// charged to no category.
let depth = 0;
/** Whether the accesses of the operation running are simulated directly. */
let direct = false;
/** direct, and the inline first-level test applies to loads / stores (access.ts frontTakes). */
let fastReads = false;
let fastWrites = false;
/** frontTakes(false), frontTakes(true) for the machine the heap was laid out on. */
let inlineReads = false;
let inlineWrites = false;
/** DIRECT_HITS of the current category (valid while direct). */
let hits: usize = 0;

/** Start charging to category `c` (an operation, possibly inside another); returns the previous category. */
// @ts-ignore: decorator
@inline export function beginCategory(c: i32): i32 {
  const previous = category;
  category = c;
  if (depth == 0) beginOperation();
  else depth++;
  if (direct) hits = directHitsPtr(c);
  else markCategory(c);
  return previous;
}

/** An outermost operation starts: whether its accesses are simulated directly. */
// @ts-ignore: decorator
@inline function beginOperation(): void {
  depth = 1;
  if (queuedRecords() > 0) flushBatch(); // (a heap call never leaves records queued: this is a trace's or a workload's)
  // (the reference tap copies the batch: its operations' records must pass through it)
  direct = currentMode() == MODE_GENERIC && !isCapturing() && !stopped() && !tapping;
  fastReads = direct && inlineReads;
  fastWrites = direct && inlineWrites;
  // Outside operations no category is marked (endCategory), so a direct
  // operation, which marks none, need not mark "none" at its end. (After a
  // trap inside an operation one may still be: mark it now, as that end would.)
  if (direct && !categoryUnmarked()) markCategory(CAT_NONE);
}

/** End the operation begun with beginCategory: its accesses are charged to its category (when simulated). */
// @ts-ignore: decorator
@inline export function endCategory(previous: i32): void {
  category = previous;
  if (--depth == 0) {
    // Still direct: nothing was marked, and no access failed (that ends direct).
    if (direct) direct = fastReads = fastWrites = false;
    else endQueuedOperation();
  } else if (direct) {
    hits = directHitsPtr(previous);
  } else {
    markCategory(previous);
  }
}

function endQueuedOperation(): void {
  markCategory(CAT_NONE);
  if (stopped()) heapFailed = true; // an access could not be simulated: swap filled
}

/**
 * Simulate every queued heap access now, so that the counters are complete:
 * at the end of every exported call that touched the heap (the host may read
 * the stats block next, or simulate something outside the heap). False when
 * swap filled (heapFailed).
 */
export function heapSync(): bool {
  if (flushBatch() < 0) heapFailed = true;
  return !heapFailed;
}

/** Whether heap accesses are queued and not yet simulated (heapSync before anything else is simulated). */
export function heapQueued(): bool {
  return queuedRecords() > 0;
}

/** One costed access: simulated (direct) or queued for simulation, charged to the current category. */
// @ts-ignore: decorator
@inline function charge(addr: u64, size: i32, kind: i32): void {
  if ((kind == KIND_W ? fastWrites : fastReads) && frontTest(addr, size, kind == KIND_W)) {
    const q = hits + (kind == KIND_W ? 8 : 0);
    store<u64>(q, load<u64>(q) + 1);
  } else {
    chargeSlow(addr, size, kind);
  }
}

/**
 * A costed load (costRead) or store (costWrite) for code that counts its own
 * inline hits: 1 when it was an inline first-level hit, which the caller must
 * add with countHits before its operation ends; otherwise it is simulated or
 * queued as charge does (and counted there): 0. The heap's hottest paths
 * (pymalloc's) keep the count in a local instead of memory.
 */
// @ts-ignore: decorator
@inline export function costRead(addr: u64, size: i32): u32 {
  if (fastReads && frontTest(addr, size, false)) return 1;
  chargeSlow(addr, size, KIND_R);
  return 0;
}

// @ts-ignore: decorator
@inline export function costWrite(addr: u64, size: i32): u32 {
  if (fastWrites && frontTest(addr, size, true)) return 1;
  chargeSlow(addr, size, KIND_W);
  return 0;
}

/** Add `reads` load and `writes` store hits counted by costRead / costWrite to the current category. */
// @ts-ignore: decorator
@inline export function countHits(reads: u32, writes: u32): void {
  const q = hits;
  if (reads != 0) store<u64>(q, load<u64>(q) + <u64>reads);
  if (writes != 0) store<u64>(q, load<u64>(q, 8) + <u64>writes, 8);
}

/**
 * What charge does when the inline test does not settle the access: queue it,
 * or (direct) simulate it now, or, once swap has filled, drop it as the batch
 * would drop it.
 */
function chargeSlow(addr: u64, size: i32, kind: i32): void {
  if (!direct) {
    emit(packRecord(addr, size, kind));
    return;
  }
  // When the inline test ran, a reference within one line is a miss there:
  // simulateDirect's fast path would find nothing, so straight to the general one.
  const missed = (kind == KIND_W ? fastWrites : fastReads) && !frontStraddles(addr, size);
  if (simulateDirect(addr, size, kind, category, missed)) return;
  failBatch(E.ERR_STORAGE_FULL);
  direct = fastReads = fastWrites = false; // nothing after it is simulated (the rest of the call's records are queued and dropped)
}



/**
 * A load then a store of the same `size` bytes (a counter's read-modify-write,
 * Py_INCREF's): when the load hits inline, the store hits the line the load
 * left where it was found or at the front, so one inline test settles both
 * (frontTest's write leaves the set as the load then the store would);
 * otherwise two charges, as two accesses.
 */
// @ts-ignore: decorator
@inline function chargeModify(addr: u64, size: i32): void {
  if (fastReads && fastWrites && frontTest(addr, size, true)) {
    const q = hits;
    store<u64>(q, load<u64>(q) + 1);
    store<u64>(q, load<u64>(q, 8) + 1, 8);
  } else {
    charge(addr, size, KIND_R);
    charge(addr, size, KIND_W);
  }
}

/**
 * A read-modify-write of the 8 bytes at `addr` (heapAdd64) as an operation of
 * category `c` of its own, when it is an inline first-level hit inside a
 * direct operation: counted straight to `c`'s hits, without switching the
 * current category (what beginCategory, heapAdd64, endCategory would count:
 * Py_INCREF and Py_DECREF run millions of times). Returns false, having done
 * nothing, otherwise: the caller then takes the general path.
 */
// @ts-ignore: decorator
@inline export function heapAddInline(c: i32, addr: u64, delta: u64): bool {
  // (fastReads and fastWrites hold only inside a direct operation: depth > 0)
  if (!(fastReads && fastWrites && frontTest(addr, 8, true))) return false;
  const q = directHitsPtr(c);
  store<u64>(q, load<u64>(q) + 1);
  store<u64>(q, load<u64>(q, 8) + 1, 8);
  const p = linear(addr);
  inlineResult = load<u64>(p) + delta;
  store<u64>(p, inlineResult);
  return true;
}

/** The value heapAddInline stored. */
export let inlineResult: u64 = 0;

/** heapStore64(addr, heapLoad64(addr) + delta), the two accesses simulated together; returns the value stored. */
export function heapAdd64(addr: u64, delta: u64): u64 {
  chargeModify(addr, 8);
  const p = linear(addr);
  const v = load<u64>(p) + delta;
  store<u64>(p, v);
  return v;
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

export function heapLoad16(addr: u64): u32 {
  charge(addr, 2, KIND_R);
  return <u32>load<u16>(linear(addr));
}

export function heapStore16(addr: u64, value: u32): void {
  charge(addr, 2, KIND_W);
  store<u16>(linear(addr), <u16>value);
}

export function heapLoad8(addr: u64): u32 {
  charge(addr, 1, KIND_R);
  return <u32>load<u8>(linear(addr));
}

export function heapStore8(addr: u64, value: u32): void {
  charge(addr, 1, KIND_W);
  store<u8>(linear(addr), <u8>value);
}

/**
 * Bulk operations (memmove, memset, memcmp, memchr and the copy loops of str
 * and bytes) move a vector per access: 32 bytes, as glibc's x86-64 AVX2
 * routines (__memmove_avx_unaligned_erms, __memset_avx2_unaligned_erms,
 * __memchr_avx2) do with one vmovdqu per 32 bytes. A word loop of 8-byte
 * accesses would count four L1 accesses for each of those (docs/heap.md).
 */
export const VEC: u64 = 32;

/**
 * memmove(dst, src, bytes): the range is cut at the destination's VEC-byte
 * boundaries, and each piece (VEC bytes, or less at the ends) is a load from
 * src then a store to dst. So a copy between VEC-aligned addresses is
 * ceil(bytes / VEC) loads and as many stores, none crossing a line. Both
 * ranges lie in one region (a block); overlap is allowed.
 */
export function heapCopy(dst: u64, src: u64, bytes: u64): void {
  if (bytes == 0) return;
  let off: u64 = 0;
  while (off < bytes) {
    const piece = min(VEC - ((dst + off) & (VEC - 1)), bytes - off);
    charge(src + off, <i32>piece, KIND_R);
    charge(dst + off, <i32>piece, KIND_W);
    off += piece;
  }
  memory.copy(linear(dst), linear(src), <usize>bytes);
}

/** memset(dst, byte, bytes): one store per piece of dst cut at its VEC-byte boundaries (see heapCopy). */
export function heapFill(dst: u64, byte: u32, bytes: u64): void {
  if (bytes == 0) return;
  let off: u64 = 0;
  while (off < bytes) {
    const piece = min(VEC - ((dst + off) & (VEC - 1)), bytes - off);
    charge(dst + off, <i32>piece, KIND_W);
    off += piece;
  }
  memory.fill(linear(dst), <u8>byte, <usize>bytes);
}

/** A bulk read of [p, p + n) (memcmp, memchr, a copy's source side): a VEC-byte load per aligned vector it touches. */
export function heapReadRange(p: u64, n: u64): void {
  const end = p + n;
  for (let v = p & ~(VEC - 1); v < end; v += VEC) charge(v, <i32>VEC, KIND_R);
}

/** A bulk write of [p, p + n) whose bytes are already in place (a copy's destination side): a VEC-byte store per aligned vector. */
export function heapWriteRange(p: u64, n: u64): void {
  const end = p + n;
  for (let v = p & ~(VEC - 1); v < end; v += VEC) charge(v, <i32>VEC, KIND_W);
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
