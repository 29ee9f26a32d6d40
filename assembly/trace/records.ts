// Packed trace records, the core's one input currency: every parser decodes
// into them and the binary trace format stores them as they are.
//
// A record is one little-endian u64:
//   bits  0..47  address (a canonical 48-bit virtual address: bit 47 is
//                sign-extended, so kernel-half addresses survive)
//   bits 48..59  size - 1 (sizes 1..4096 bytes)
//   bits 60..63  kind (hierarchy/kinds.ts: 0 I, 1 L, 2 S, 3 M, 4 flush)
//
// Inside the core's own batch (trace/text.ts) a record of kind KIND_MARKER is
// not a reference but a category marker: the stats category (the emulated
// heap's mutator, alloc, free, ...; bits 0..7 hold category + 1, 0 for none)
// that the records after it are charged to. Anywhere else it is a bad kind.

import { KIND_I, KIND_R, KIND_W, KIND_M, KIND_COUNT, KIND_FLUSH } from "../hierarchy/kinds";
import { accessGeneric, flushAll, hiddenLatency, prepareFastPath, fastLevel, fastHitFront, fastHit, countFastHits, fastHitCycles } from "../hierarchy/access";
import { simulateCachegrind } from "../hierarchy/cachegrind";
import { currentMode, MODE_CACHEGRIND } from "../hierarchy/machine";
import { Level } from "../cache/level";
import { bump, statPtr, categoryStatPtr, G_RECORDS, G_INSTRUCTIONS, G_CYCLES, G_FLUSHES, G_MEM_READS, C_REFERENCES, C_CYCLES, C_MEM_READS, CATEGORY_COUNT } from "../stats";
import { advanceClock } from "../memory/backing";
import { vmEnabled, touchPages, touchResidentPage, VM_FAILED } from "../memory/vm";
import * as E from "../errors";

export const MAX_SIZE: i32 = 4096;

// @ts-ignore: decorator
@inline export function packRecord(addr: u64, size: i32, kind: i32): u64 {
  return (addr & 0xFFFF_FFFF_FFFF) | (<u64>(size - 1) << 48) | (<u64>kind << 60);
}

/** A batch record's kind that marks a category change (see above). */
export const KIND_MARKER: i32 = 15;
/** No category: the records are charged to nothing (a trace, a workload). */
export const CAT_NONE: i32 = -1;

// @ts-ignore: decorator
@inline export function packMarker(category: i32): u64 {
  return (<u64>KIND_MARKER << 60) | <u64>(category + 1);
}

// @ts-ignore: decorator
@inline export function isCanonical(addr: u64): bool {
  return <u64>((<i64>(addr << 16)) >> 16) == addr;
}

/** Index of the first bad record after a failed simulateRecords. */
export let badRecord: i32 = 0;

// @ts-ignore: decorator
@inline function recordKind(record: u64): i32 {
  return <i32>(record >>> 60);
}

// @ts-ignore: decorator
@inline function recordSize(record: u64): i32 {
  return <i32>((record >>> 48) & 0xFFF) + 1;
}

// @ts-ignore: decorator
@inline function recordAddr(record: u64): u64 {
  return <u64>((<i64>(record << 16)) >> 16);
}

/**
 * Simulate the `n` records at `ptr`, in order. A record with an unknown kind
 * stops the run there: the records before it have been simulated, badRecord
 * is its index and the result ERR_SYNTAX. Otherwise OK.
 */
export function simulateRecords(ptr: usize, n: i32): i32 {
  return simulateBatch(ptr, n, CAT_NONE, false);
}

/**
 * simulateRecords for the core's own batch, where category markers may be:
 * the records before the first marker are charged to `category` (CAT_NONE:
 * to none). (Markers come from the heap, which runs in generic mode only.)
 */
export function simulateBatch(ptr: usize, n: i32, category: i32, markers: bool = true): i32 {
  const mode = currentMode();
  if (mode < 0) return E.ERR_NOT_CONFIGURED;
  const done = mode == MODE_CACHEGRIND ? simulateCachegrind(ptr, n) : simulateGeneric(ptr, n, category, markers);
  if (done < 0) {
    badRecord = ~done;
    return E.ERR_STORAGE_FULL;
  }
  if (done == n) return E.OK;
  badRecord = done;
  return E.ERR_SYNTAX;
}

/**
 * References that took the fast path in the current batch, per kind and number
 * of accesses (1, or 2 for a straddle or a modify): at FAST_HITS + 8 x (2 x kind
 * + accesses - 1). One counter per record says all the batch needs: the
 * instruction records, the accesses and their cycles, and the stalls (the core
 * hides one access per reference).
 */
const FAST_HITS: usize = memory.data(8 * 8, 64);

// @ts-ignore: decorator
@inline function fastHits(kind: i32, accesses: i32): u64 {
  return load<u64>(FAST_HITS + ((<usize>(kind << 1) + <usize>accesses - 1) << 3));
}

// The batch's general-path records, and what the clock has of the batch so far.
let slowCycles: u64 = 0;
let slowStall: u64 = 0;
let slowInstructions: u64 = 0;
let clockedStall: u64 = 0;
let clockedInstructions: u64 = 0;

/** Instruction records simulated so far in this batch. */
// @ts-ignore: decorator
@inline function batchInstructions(): u64 {
  return fastHits(KIND_I, 1) + fastHits(KIND_I, 2) + slowInstructions;
}

/** Give the clock the time of the batch's records it lacks (advanceClock). */
function syncClock(): void {
  const instructions = batchInstructions();
  const stall = fastHits(KIND_I, 2) * hiddenLatency(KIND_I) + slowStall +
    (fastHits(KIND_R, 2) + fastHits(KIND_W, 2) + fastHits(KIND_M, 2)) * hiddenLatency(KIND_R);
  advanceClock(stall - clockedStall, instructions - clockedInstructions);
  clockedStall = stall;
  clockedInstructions = instructions;
}

/** Cycles of the batch's records so far (what G_CYCLES will gain for them). */
function batchCycles(): u64 {
  let cycles = slowCycles;
  for (let k = 0; k <= KIND_M; k++) {
    const accesses = fastHits(k, 1) + 2 * fastHits(k, 2);
    if (accesses != 0) cycles += fastHitCycles(k, accesses);
  }
  return cycles;
}

// The category stretch being simulated: where it started, and the batch's
// cycles and the memory reads at that point.
let stretchCycles: u64 = 0;
let stretchReads: u64 = 0;

/**
 * The stretch of category `from` (the records [start, end) of the batch, all
 * simulated) ends, and one of category `to` starts (CAT_NONE: none).
 */
function switchStretch(from: i32, start: usize, end: usize, to: i32): void {
  if (from < 0 && to < 0) return;
  const cycles = batchCycles();
  const reads = load<u64>(statPtr(G_MEM_READS));
  if (from >= 0) {
    const p = categoryStatPtr(from, 0);
    store<u64>(p + (C_REFERENCES << 3), load<u64>(p + (C_REFERENCES << 3)) + <u64>((end - start) >> 3));
    store<u64>(p + (C_CYCLES << 3), load<u64>(p + (C_CYCLES << 3)) + cycles - stretchCycles);
    store<u64>(p + (C_MEM_READS << 3), load<u64>(p + (C_MEM_READS << 3)) + reads - stretchReads);
  }
  stretchCycles = cycles;
  stretchReads = reads;
}

/**
 * The generic path over a batch: what simulateOne does for each record, up to
 * the first with an unknown kind; returns how many were simulated, or ~index
 * of the record whose page could not be brought in (not simulated).
 *
 * Most records hit their first level and take the fast path (fastHitFront,
 * fastHit), which only counts them (FAST_HITS); their core time reaches the
 * clock in one step (syncClock) before the next record that may use the
 * memory, or at the end.
 *
 * With `markers`, KIND_MARKER records split the batch into category stretches
 * (the first one's category is `category`): each stretch's references, cycles
 * and memory reads are charged to its category, as if the stretch had been
 * simulated alone. Markers are not references: they are not counted.
 */
function simulateGeneric(ptr: usize, n: i32, category: i32, markers: bool): i32 {
  prepareFastPath();
  memory.fill(FAST_HITS, 0, 8 * 8);
  slowCycles = slowStall = slowInstructions = clockedStall = clockedInstructions = 0;
  switchStretch(CAT_NONE, ptr, ptr, category);
  const vm = vmEnabled();
  const end = ptr + (<usize>n << 3);
  let pending = ptr; // the records from here to p are simulated, but their time is not yet on the clock
  let failed = false;
  let stretch = ptr; // where the current category stretch started
  let marked: u64 = 0; // markers passed
  let p = ptr;
  for (; p < end; p += 8) {
    const record = load<u64>(p);
    const kind = recordKind(record);
    const top = fastLevel(kind);
    if (top != 0) {
      const addr = recordAddr(record);
      const size = recordSize(record);
      // (a page that is not resident faults, and that needs the clock)
      if (!vm || touchResidentPage(addr, size, kind >= KIND_W)) {
        const lv = changetype<Level>(top);
        let accesses = fastHitFront(lv, addr, size, kind);
        if (accesses == 0) accesses = fastHit(lv, addr, size, kind);
        if (accesses != 0) {
          const counter = FAST_HITS + ((<usize>(kind << 1) + <usize>accesses - 1) << 3);
          store<u64>(counter, load<u64>(counter) + 1);
          continue;
        }
      }
    } else if (kind >= KIND_COUNT) {
      if (kind != KIND_MARKER || !markers) break;
      // A category marker: the stretch before it is done.
      const next = <i32>(record & 0xFF) - 1;
      switchStretch(category, stretch, p, next);
      category = next;
      stretch = p + 8;
      marked++;
      continue;
    }
    // The general path, which may use the memory: bring the clock up to this record.
    if (p != pending) syncClock();
    const c = recordCycles(record);
    if (c == VM_FAILED) {
      failed = true;
      break;
    }
    slowCycles += c;
    slowStall += c - recordHidden(kind);
    slowInstructions += <u64>(kind == KIND_I);
    pending = p;
  }
  if (p != pending && !failed) syncClock();
  switchStretch(category, stretch, p, CAT_NONE);
  const cycles = batchCycles();
  for (let k = 0; k <= KIND_M; k++) {
    const accesses = fastHits(k, 1) + 2 * fastHits(k, 2);
    if (accesses != 0) countFastHits(k, accesses);
  }
  const done = <i32>((p - ptr) >> 3);
  bump(G_RECORDS, <u64>done - marked);
  bump(G_INSTRUCTIONS, batchInstructions());
  bump(G_CYCLES, cycles);
  return failed ? ~done : done;
}

/** What the core hides of a record's cycles (docs/timing.md). */
// @ts-ignore: decorator
@inline function recordHidden(kind: i32): u64 {
  return kind == KIND_FLUSH ? 0 : hiddenLatency(kind);
}

/**
 * The general path for one valid record: its cycles, or VM_FAILED (nothing
 * simulated) when its page cannot be brought in. Counts flushes; the caller
 * counts the record and advances the clock.
 */
function recordCycles(record: u64): u64 {
  const kind = recordKind(record);
  if (kind == KIND_FLUSH) {
    bump(G_FLUSHES);
    return flushAll();
  }
  const size = recordSize(record);
  const addr = recordAddr(record);
  let cycles: u64 = 0;
  if (vmEnabled()) {
    cycles = touchPages(addr, size, kind >= KIND_W);
    if (cycles == VM_FAILED) return VM_FAILED;
  }
  return cycles + accessGeneric(addr, size, kind);
}

/**
 * Simulate one valid record on the generic path; returns its cycles, or
 * VM_FAILED (nothing simulated) when its page cannot be brought in.
 */
export function simulateOne(record: u64): u64 {
  const cycles = recordCycles(record);
  if (cycles == VM_FAILED) return VM_FAILED;
  const kind = recordKind(record);
  if (kind == KIND_I) bump(G_INSTRUCTIONS);
  bump(G_RECORDS);
  bump(G_CYCLES, cycles);
  advanceClock(cycles - recordHidden(kind), kind == KIND_I ? 1 : 0);
  return cycles;
}

// Direct simulation (the emulated heap's, heap/memory.ts): while nothing is
// queued, a heap access is simulated when it is made instead of being queued,
// with exactly the steps the batch loop (simulateGeneric) takes for it. So the
// caches are always current when the next access is made, and the commonest
// one, a load or store hitting the first line of its L1d set, is tested inline
// by the heap (access.ts frontTest) and only counted: DIRECT_HITS, per category
// and kind (R, W), one access of the first data level each, at no stall (its
// latency is the one the core hides), folded into the stats by
// foldDirectHits (flushBatch: before the host or a batch reads them).

/** One-access first-level hits not yet in the stats: per category, [R, W]. */
const DIRECT_HITS: usize = memory.data(CATEGORY_COUNT * 16, 64);

/** Where the direct hits of `category` (0..CATEGORY_COUNT-1) are counted: +0 loads, +8 stores. */
// @ts-ignore: decorator
@inline export function directHitsPtr(category: i32): usize {
  return DIRECT_HITS + (<usize>category << 4);
}

/** Add the direct hits counted so far to the stats, as the batch loop adds its fast hits. */
export function foldDirectHits(): void {
  let loads: u64 = 0;
  let stores: u64 = 0;
  for (let c = 0; c < CATEGORY_COUNT; c++) {
    const q = directHitsPtr(c);
    const r = load<u64>(q);
    const w = load<u64>(q + 8);
    if ((r | w) == 0) continue;
    store<u64>(q, 0);
    store<u64>(q + 8, 0);
    const p = categoryStatPtr(c, 0);
    store<u64>(p + (C_REFERENCES << 3), load<u64>(p + (C_REFERENCES << 3)) + r + w);
    store<u64>(p + (C_CYCLES << 3), load<u64>(p + (C_CYCLES << 3)) + fastHitCycles(KIND_R, r + w));
    loads += r;
    stores += w;
  }
  if ((loads | stores) == 0) return;
  if (loads != 0) countFastHits(KIND_R, loads);
  if (stores != 0) countFastHits(KIND_W, stores);
  bump(G_RECORDS, loads + stores);
  bump(G_CYCLES, fastHitCycles(KIND_R, loads + stores));
}

/**
 * Simulate one heap reference now (generic mode, nothing queued), charged to
 * `category` (0..CATEGORY_COUNT-1): what simulateGeneric does for it in a
 * batch of its own. False, with nothing simulated, when its page cannot be
 * brought in (swap full). `missed`: the heap's inline test (access.ts
 * frontTest) found it to be a miss of one line at the fast path's level, so
 * the fast path is skipped (it would change nothing and find nothing).
 */
export function simulateDirect(addr: u64, size: i32, kind: i32, category: i32, missed: bool): bool {
  const top: usize = missed ? 0 : fastLevel(kind);
  if (top != 0 && (!vmEnabled() || touchResidentPage(addr, size, kind >= KIND_W))) {
    const lv = changetype<Level>(top);
    let accesses = fastHitFront(lv, addr, size, kind);
    if (accesses == 0) accesses = fastHit(lv, addr, size, kind);
    if (accesses == 1) {
      const q = directHitsPtr(category) + (kind == KIND_R ? 0 : 8);
      store<u64>(q, load<u64>(q) + 1);
      return true;
    }
    if (accesses != 0) {
      // Two accesses (a straddle or a modify): the core hides one.
      const cycles = countFastHits(kind, <u64>accesses);
      bump(G_RECORDS);
      bump(G_CYCLES, cycles);
      advanceClock(cycles - hiddenLatency(kind), 0);
      chargeCategory(category, cycles, 0);
      return true;
    }
  }
  // The general path.
  const reads = load<u64>(statPtr(G_MEM_READS));
  const record = packRecord(addr, size, kind);
  const cycles = recordCycles(record);
  if (cycles == VM_FAILED) return false;
  bump(G_RECORDS);
  bump(G_CYCLES, cycles);
  advanceClock(cycles - recordHidden(kind), 0);
  chargeCategory(category, cycles, load<u64>(statPtr(G_MEM_READS)) - reads);
  return true;
}

function chargeCategory(category: i32, cycles: u64, reads: u64): void {
  const p = categoryStatPtr(category, 0);
  store<u64>(p + (C_REFERENCES << 3), load<u64>(p + (C_REFERENCES << 3)) + 1);
  store<u64>(p + (C_CYCLES << 3), load<u64>(p + (C_CYCLES << 3)) + cycles);
  store<u64>(p + (C_MEM_READS << 3), load<u64>(p + (C_MEM_READS << 3)) + reads);
}
