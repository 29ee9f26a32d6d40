// The cyclic garbage collector, as CPython 3.11's Modules/gcmodule.c runs it
// (docs/gc.md): three generations with thresholds (700, 10, 10), collections
// started by the allocation that takes generation 0's count past its
// threshold, or by gc.collect(). A collection merges the younger generations
// into the one collected, copies each object's refcount into its GC head
// (update_refs), subtracts the references the objects make to each other
// (subtract_refs, through each type's tp_traverse), moves what nothing outside
// references to an unreachable list (move_unreachable), untracks tuples (and
// dicts, in a full collection) that hold nothing trackable, moves the
// survivors a generation up, calls finalizers (__del__, once: PEP 442), finds
// out what they resurrected, and breaks the remaining cycles with tp_clear.
// A full collection clears the free lists.
//
// Every step reads and writes the real GC heads (gc_next, gc_prev with its
// flag bits and the gc_refs shifted in), refcounts, types and referents at
// their emulated addresses, charged to the gc category; what tp_clear
// releases is charged as refcount and free work, as elsewhere.
//
// The GC head: gc_next (bit 0: NEXT_MASK_UNREACHABLE while a collection
// sorts), gc_prev (bit 0: finalized, bit 1: collecting, the rest the previous
// head's address or, while collecting, gc_refs << 2).

import { heapAdd64, heapLoad64, heapStore64, heapLoad32, heapStore32, peek64, peek32, poke64, beginCategory, endCategory, CAT_GC, CAT_FREE } from "../memory";
import { objectFree } from "../heap";
import {
  OB_REFCNT, OB_TYPE, OB_SIZE, GC_HEAD, GC_NEXT, GC_PREV, S_GC_GENERATIONS, GC_GENERATION_SIZE, S_GC_PERMANENT, S_GC_ENABLED,
  S_GC_DEBUG, S_GC_COLLECTING, S_GC_LONG_LIVED_TOTAL, S_GC_LONG_LIVED_PENDING, S_GC_STATS, S_GC_SCRATCH, TUPLE_ITEMS,
  LIST_ITEMS, DICT_KEYS, DICT_VALUES, DK_LOG2_SIZE, DK_NENTRIES, DK_INDICES, DICT_KEYS_GENERAL, SET_TABLE, SET_USED, SET_DUMMY,
  MANAGED_DICT, MANAGED_VALUES, HT_CACHED_KEYS, TP_FLAGS, TP_BASICSIZE, S_FLOAT_FREE_LIST, S_FLOAT_NUMFREE, S_TUPLE_FREE_LISTS,
  S_TUPLE_NUMFREE, S_LIST_NUMFREE, S_LIST_FREE_LIST, S_DICT_NUMFREE, S_DICT_FREE_LIST, S_KEYS_NUMFREE, S_KEYS_FREE_LIST,
  FUNC_CODE, FUNC_GLOBALS, FUNC_NAME, FUNC_DEFAULTS, FUNC_KWDEFAULTS, TP_DICT, TP_CACHE, TP_MRO, TP_BASES, TP_BASE, HT_MODULE,
  TPF_HEAPTYPE,
} from "./layout";
import { typeObject, typeNumber, T_TUPLE, T_LIST, T_DICT, T_SET, T_FROZENSET, T_FUNCTION, T_TYPE, T_FIRST_CLASS, isGcType } from "./types";
import { incref, decref, freeGcObject, gcTrack, gcUntrack } from "./object";
import { markLive } from "./interp";
import { listClear } from "./list";
import { dictClear } from "./dict";
import { setClear } from "./set";
import { FUNC_CLOSURE, FUNC_ANNOTATIONS } from "./function";
import { gcRecording, recordUnreachable } from "./gcrecord";

export const NUM_GENERATIONS: i32 = 3;
const PREV_MASK_FINALIZED: u64 = 1;
const PREV_MASK_COLLECTING: u64 = 2;
const PREV_SHIFT: u64 = 2;
const PREV_MASK: u64 = ~(<u64>3);
const NEXT_MASK_UNREACHABLE: u64 = 1;
const MANAGED_DICT_FLAG: u64 = 1 << 4; // Py_TPFLAGS_MANAGED_DICT (instance.ts)
const DEBUG_SAVEALL: u32 = 32;

const UNREACHABLE: u64 = S_GC_SCRATCH;
const FINALIZERS: u64 = S_GC_SCRATCH + 16;
const SEEN: u64 = S_GC_SCRATCH + 32;
const STILL_UNREACHABLE: u64 = S_GC_SCRATCH + 48;

// @ts-ignore: decorator
@inline export function genHead(g: i32): u64 {
  return g < NUM_GENERATIONS ? S_GC_GENERATIONS + <u64>g * GC_GENERATION_SIZE : S_GC_PERMANENT;
}

// ---- what the interpreter adds (the types it defines, __del__, callbacks) -------

function noTraverse(o: u64, t: i32): void {}
function noTypeClear(o: u64): void {}
function noClear(o: u64, t: i32): void {}
function noFinalizer(t: i32): bool { return false; }
function noFinalize(o: u64): void {}
function noPhase(start: bool, generation: i32, collected: u64, uncollectable: u64): void {}

/** tp_traverse of types 14..39: calls gcVisit on each referent. */
let extensionTraverse: (o: u64, t: i32) => void = noTraverse;
/** tp_clear of types 14..39 that have one (clearTypeMask). */
let extensionClear: (o: u64, t: i32) => void = noClear;
/** Whether class `t` has tp_finalize (a __del__), and calling it. */
let hasFinalizer: (t: i32) => bool = noFinalizer;
let finalize: (o: u64) => void = noFinalize;
/** A collection starts or stops: gc.callbacks, the log, DEBUG_STATS. */
let phase: (start: bool, generation: i32, collected: u64, uncollectable: u64) => void = noPhase;
function noSave(o: u64): void {}
/** gc.garbage.append(o) (DEBUG_SAVEALL). */
let saveGarbage: (o: u64) => void = noSave;
export function setGcSaveAll(f: (o: u64) => void): void { saveGarbage = f; }

/** type_clear of a class (python/classes.ts: its dict emptied, its MRO cleared). */
let typeClear: (o: u64) => void = noTypeClear;
export function setGcTypeClear(f: (o: u64) => void): void { typeClear = f; }

/** Bit t: type t (below T_FIRST_CLASS) has a GC head; has a tp_clear. */
let gcTypeMask: u64 = 0;
let clearTypeMask: u64 = 0;

export function setGcExtensions(traverse: (o: u64, t: i32) => void, clear: (o: u64, t: i32) => void, gcTypes: u64, clearTypes: u64): void {
  extensionTraverse = traverse;
  extensionClear = clear;
  gcTypeMask = gcTypes;
  clearTypeMask = clearTypes;
}

export function setGcFinalizers(has: (t: i32) => bool, call: (o: u64) => void): void {
  hasFinalizer = has;
  finalize = call;
}

export function setGcPhase(f: (start: bool, generation: i32, collected: u64, uncollectable: u64) => void): void {
  phase = f;
}

/** Objects of type `t` carry a GC head (Py_TPFLAGS_HAVE_GC); of the type objects, only heap types do (objectHasGcHead). */
export function hasGcHead(t: i32): bool {
  if (t < 0) return false;
  if (t >= T_FIRST_CLASS) return true;
  return isGcType(t) || (t < 64 && (gcTypeMask & (<u64>1 << <u64>t)) != 0);
}

/** Whether type object `type` is a heap type (a class of the script; no cost). */
export function isHeapType(type: u64): bool {
  return (peek64(type + TP_FLAGS) & TPF_HEAPTYPE) != 0;
}

/** _PyObject_IS_GC of `o` without cost: its type has a GC head, and a type object is a heap type (type_is_gc). */
export function objectHasGcHead(o: u64): bool {
  const t = typeNumber(peek64(o + OB_TYPE));
  return t == T_TYPE ? isHeapType(o) : hasGcHead(t);
}

// ---- state --------------------------------------------------------------------

/** The GC state of a fresh interpreter: empty generations, thresholds (700, 10, 10), enabled (no cost). */
export function initGc(): void {
  // no interpreter yet (pyLoad installs its hooks after heapInit)
  extensionTraverse = noTraverse;
  extensionClear = noClear;
  hasFinalizer = noFinalizer;
  finalize = noFinalize;
  phase = noPhase;
  errorPending = noError;
  saveGarbage = noSave;
  gcTypeMask = clearTypeMask = 0;
  typeClear = noTypeClear;
  for (let g = 0; g <= NUM_GENERATIONS; g++) {
    const head = genHead(g);
    poke64(head + GC_NEXT, head);
    poke64(head + GC_PREV, head);
    poke64(head + 16, 0);
  }
  setThresholdsNoCost(700, 10, 10);
  poke64(S_GC_ENABLED, 1); // enabled 1, debug 0
  poke64(S_GC_COLLECTING, 0);
  poke64(S_GC_LONG_LIVED_TOTAL, 0);
  poke64(S_GC_LONG_LIVED_PENDING, 0);
  for (let i: u64 = 0; i < 9; i++) poke64(S_GC_STATS + (i << 3), 0);
  for (let i: u64 = 0; i < 8; i++) poke64(S_GC_SCRATCH + (i << 3), 0);
}

function setThresholdsNoCost(t0: u32, t1: u32, t2: u32): void {
  const t = memory.data<u32>([0, 0, 0]);
  store<u32>(t, t0); store<u32>(t, t1, 4); store<u32>(t, t2, 8);
  for (let g = 0; g < NUM_GENERATIONS; g++) {
    const head = genHead(g);
    poke64(head + 16, (peek64(head + 16) & 0xFFFFFFFF_00000000) | <u64>load<u32>(t + (<usize>g << 2)));
  }
}

export function gcThreshold(g: i32): u32 { return peek32(genHead(g) + 16); }
export function gcCount(g: i32): u32 { return peek32(genHead(g) + 20); }
export function gcEnabled(): bool { return peek32(S_GC_ENABLED) != 0; }
export function gcDebug(): u32 { return peek32(S_GC_DEBUG); }
/** generation_stats[g]: field 0 collections, 1 collected, 2 uncollectable (no cost). */
export function gcStat(g: i32, field: i32): u64 { return peek64(S_GC_STATS + <u64>(g * 3 + field) * 8); }

/** gc.set_threshold(t0, t1, t2) (costed stores). */
export function gcSetThresholds(t0: u32, t1: u32, t2: u32): void {
  const previous = beginCategory(CAT_GC);
  heapStore32(genHead(0) + 16, t0);
  heapStore32(genHead(1) + 16, t1);
  heapStore32(genHead(2) + 16, t2);
  endCategory(previous);
}

export function gcSetEnabled(on: bool): void {
  const previous = beginCategory(CAT_GC);
  heapStore32(S_GC_ENABLED, on ? 1 : 0);
  endCategory(previous);
}

export function gcSetDebug(flags: u32): void {
  const previous = beginCategory(CAT_GC);
  heapStore32(S_GC_DEBUG, flags);
  endCategory(previous);
}

// ---- lists (gc_list_*) -----------------------------------------------------------

// @ts-ignore: decorator
@inline function next(gc: u64): u64 { return heapLoad64(gc + GC_NEXT); }
// @ts-ignore: decorator
@inline function prev(gc: u64): u64 { return heapLoad64(gc + GC_PREV) & PREV_MASK; }
// @ts-ignore: decorator
@inline function setNext(gc: u64, n: u64): void { heapStore64(gc + GC_NEXT, n); }
/** _PyGCHead_SET_PREV: the flag bits stay. */
// @ts-ignore: decorator
@inline function setPrev(gc: u64, p: u64): void { heapStore64(gc + GC_PREV, (heapLoad64(gc + GC_PREV) & ~PREV_MASK) | p); }

function listInit(head: u64): void {
  heapStore64(head + GC_PREV, head);
  heapStore64(head + GC_NEXT, head);
}

// @ts-ignore: decorator
@inline function listIsEmpty(head: u64): bool { return next(head) == head; }

/** gc_list_append: node at the end of list. */
function listAppend(node: u64, list: u64): void {
  const last = heapLoad64(list + GC_PREV);
  setPrev(node, last);
  setNext(last, node);
  setNext(node, list);
  heapStore64(list + GC_PREV, node);
}

/** gc_list_move: unlink node, append it to list. */
function listMove(node: u64, list: u64): void {
  const from = prev(node);
  const to = next(node);
  setNext(from, to);
  setPrev(to, from);
  const last = heapLoad64(list + GC_PREV);
  setPrev(node, last);
  setNext(last, node);
  heapStore64(list + GC_PREV, node);
  setNext(node, list);
}

/** gc_list_merge: append from's nodes to `to`; from becomes empty. */
function listMerge(from: u64, to: u64): void {
  if (!listIsEmpty(from)) {
    const toTail = heapLoad64(to + GC_PREV);
    const fromHead = next(from);
    const fromTail = heapLoad64(from + GC_PREV);
    setNext(toTail, fromHead);
    setPrev(fromHead, toTail);
    setNext(fromTail, to);
    heapStore64(to + GC_PREV, fromTail);
  }
  listInit(from);
}

/** gc_list_size. */
function listSize(list: u64): u64 {
  let n: u64 = 0;
  for (let gc = next(list); gc != list; gc = next(gc)) n++;
  return n;
}

// @ts-ignore: decorator
@inline function getRefs(gc: u64): i64 { return <i64>(heapLoad64(gc + GC_PREV) >> PREV_SHIFT); }
// @ts-ignore: decorator
@inline function setRefs(gc: u64, refs: u64): void {
  heapStore64(gc + GC_PREV, (heapLoad64(gc + GC_PREV) & ~PREV_MASK) | (refs << PREV_SHIFT));
}
// @ts-ignore: decorator
@inline function isCollecting(gc: u64): bool { return (heapLoad64(gc + GC_PREV) & PREV_MASK_COLLECTING) != 0; }
// @ts-ignore: decorator
@inline function clearCollecting(gc: u64): void { heapStore64(gc + GC_PREV, heapLoad64(gc + GC_PREV) & ~PREV_MASK_COLLECTING); }

// ---- allocation counting and the automatic collection -----------------------------

/**
 * _PyObject_GC_Link: generation 0's count rises, and past its threshold
 * (enabled, not collecting already) the collector runs before the object is
 * initialised, as in CPython's gc_alloc.
 */
export function gcLink(): void {
  const head = genHead(0);
  const count = heapLoad32(head + 20) + 1;
  heapStore32(head + 20, count);
  const threshold = heapLoad32(head + 16);
  if (count > threshold && heapLoad32(S_GC_ENABLED) != 0 && threshold != 0 && heapLoad32(S_GC_COLLECTING) == 0 && !errorPending()) {
    const previous = beginCategory(CAT_GC);
    heapStore32(S_GC_COLLECTING, 1);
    collectGenerations();
    heapStore32(S_GC_COLLECTING, 0);
    endCategory(previous);
  }
}

/** PyObject_GC_Del's count: generation 0's count falls, never below 0. */
export function gcUnlinkCount(): void {
  const count = genHead(0) + 20;
  const n = heapLoad32(count);
  if (n > 0) heapStore32(count, n - 1);
}

function noError(): bool { return false; }
/** Whether the interpreter has an exception set (no automatic collection then). */
let errorPending: () => bool = noError;
export function setGcErrorPending(f: () => bool): void { errorPending = f; }

/** gc_collect_generations: the oldest generation past its threshold (the oldest only when enough is pending). */
function collectGenerations(): void {
  for (let i = NUM_GENERATIONS - 1; i >= 0; i--) {
    const head = genHead(i);
    if (heapLoad32(head + 20) > heapLoad32(head + 16)) {
      if (i == NUM_GENERATIONS - 1 && heapLoad64(S_GC_LONG_LIVED_PENDING) < heapLoad64(S_GC_LONG_LIVED_TOTAL) / 4) continue;
      collectWithCallback(i);
      break;
    }
  }
}

/** gc.collect(generation): the unreachable objects found (collected + uncollectable), 0 when already collecting. */
export function gcCollect(generation: i32): u64 {
  const previous = beginCategory(CAT_GC);
  let n: u64 = 0;
  if (heapLoad32(S_GC_COLLECTING) == 0) {
    heapStore32(S_GC_COLLECTING, 1);
    n = collectWithCallback(generation);
    heapStore32(S_GC_COLLECTING, 0);
  }
  endCategory(previous);
  return n;
}

// The last collection's figures, for the phase hook and the log.
export let lastExamined: u64 = 0;
export let lastCollected: u64 = 0;
export let lastUncollectable: u64 = 0;

function collectWithCallback(generation: i32): u64 {
  phase(true, generation, 0, 0);
  const n = collectMain(generation);
  phase(false, generation, lastCollected, lastUncollectable);
  return n;
}

// ---- the collection (gc_collect_main) ------------------------------------------------

function collectMain(generation: i32): u64 {
  // update collection and allocation counters
  if (generation + 1 < NUM_GENERATIONS) {
    const c = genHead(generation + 1) + 20;
    heapStore32(c, heapLoad32(c) + 1);
  }
  for (let i = 0; i <= generation; i++) heapStore32(genHead(i) + 20, 0);
  // merge younger generations with the one collected
  for (let i = 0; i < generation; i++) listMerge(genHead(i), genHead(generation));
  const young = genHead(generation);
  const old = generation < NUM_GENERATIONS - 1 ? genHead(generation + 1) : young;
  lastExamined = listSize(young);

  deduceUnreachable(young, UNREACHABLE);
  if (gcRecording()) recordUnreachable(UNREACHABLE, generation); // the playground's heap view (gcrecord.ts): no cost
  untrackTuples(young);
  // move reachable objects to the next generation
  if (young != old) {
    if (generation == NUM_GENERATIONS - 2) {
      heapStore64(S_GC_LONG_LIVED_PENDING, heapLoad64(S_GC_LONG_LIVED_PENDING) + listSize(young)); // (the count loaded before gc_list_size walks the list)
    }
    listMerge(young, old);
  } else {
    // only full collections untrack dicts, to avoid quadratic dict build-up (bpo-14775)
    untrackDicts(young);
    heapStore64(S_GC_LONG_LIVED_PENDING, 0);
    heapStore64(S_GC_LONG_LIVED_TOTAL, listSize(young));
  }

  // no legacy finalizers (tp_del) in memsim's types: the list only loses its flags
  listInit(FINALIZERS);
  moveLegacyFinalizers(UNREACHABLE);
  // (no weak references to clear)
  finalizeGarbage(UNREACHABLE);
  // what the finalizers resurrected goes to `old`; the rest is still unreachable
  handleResurrected(UNREACHABLE, STILL_UNREACHABLE, old);
  const m = listSize(STILL_UNREACHABLE);
  deleteGarbage(STILL_UNREACHABLE, old);
  const n: u64 = 0; // uncollectable: only legacy finalizers make them

  if (generation == NUM_GENERATIONS - 1) clearFreeLists();

  const stats = S_GC_STATS + <u64>generation * 24;
  heapAdd64(stats, 1);
  heapAdd64(stats + 8, m);
  heapAdd64(stats + 16, n);
  lastCollected = m;
  lastUncollectable = n;
  return m + n;
}

/** update_refs, subtract_refs, move_unreachable. */
function deduceUnreachable(base: u64, unreachable: u64): void {
  // update_refs: gc_refs = the refcount, collecting set (the finalized bit stays)
  for (let gc = next(base); gc != base; gc = next(gc)) {
    const refcnt = heapLoad64(gc + GC_HEAD + OB_REFCNT);
    heapStore64(gc + GC_PREV, (heapLoad64(gc + GC_PREV) & PREV_MASK_FINALIZED) | PREV_MASK_COLLECTING | (refcnt << PREV_SHIFT));
  }
  // subtract_refs: each reference from inside the set is not a root
  visitMode = VISIT_DECREF;
  for (let gc = next(base); gc != base; gc = next(gc)) traverse(gc + GC_HEAD);
  listInit(unreachable);
  moveUnreachable(base, unreachable);
}

/** move_unreachable: objects with gc_refs > 0 are roots; all they reach stays; the rest moves to unreachable. */
function moveUnreachable(young: u64, unreachable: u64): void {
  let prevGc = young;
  let gc = next(young);
  visitMode = VISIT_REACHABLE;
  visitYoung = young;
  while (gc != young) {
    if (getRefs(gc) != 0) {
      traverse(gc + GC_HEAD);
      setPrev(gc, prevGc); // relink gc_prev to the previous element (gc_refs no longer needed)
      clearCollecting(gc);
      prevGc = gc;
    } else {
      // single-linked while sorting: no need to fix next's prev
      setNext(prevGc, next(gc));
      const last = heapLoad64(unreachable + GC_PREV);
      setNext(last, NEXT_MASK_UNREACHABLE | gc); // (pollutes the list head's next too: repaired below)
      setPrev(gc, last);
      setNext(gc, NEXT_MASK_UNREACHABLE | unreachable);
      heapStore64(unreachable + GC_PREV, gc);
    }
    gc = next(prevGc);
  }
  heapStore64(young + GC_PREV, prevGc);
  setNext(unreachable, next(unreachable) & ~NEXT_MASK_UNREACHABLE);
}

/** visit_reachable: a referent of a reachable object is reachable. */
function visitReachable(op: u64): void {
  const gc = op - GC_HEAD;
  const gcPrev = heapLoad64(gc + GC_PREV);
  if ((gcPrev & PREV_MASK_COLLECTING) == 0) return; // another generation, or already scanned
  const gcNext = heapLoad64(gc + GC_NEXT);
  if ((gcNext & NEXT_MASK_UNREACHABLE) != 0) {
    // had gc_refs 0 when move_unreachable got to it: back to the young list, to be scanned again
    const p = gcPrev & PREV_MASK;
    const nx = gcNext & ~NEXT_MASK_UNREACHABLE;
    setNext(p, gcNext); // keeps NEXT_MASK_UNREACHABLE
    setPrev(nx, p);
    listAppend(gc, visitYoung);
    setRefs(gc, 1);
  } else if ((gcPrev >> PREV_SHIFT) == 0) {
    setRefs(gc, 1); // not scanned yet: it is reachable
  }
}

/** untrack_tuples: a tuple holding nothing that may be tracked leaves the GC's lists. */
function untrackTuples(head: u64): void {
  let gc = next(head);
  while (gc != head) {
    const op = gc + GC_HEAD;
    const nx = next(gc);
    if (typeNumber(heapLoad64(op + OB_TYPE)) == T_TUPLE) {
      const n = heapLoad64(op + OB_SIZE);
      let keep = false;
      for (let i: u64 = 0; i < n && !keep; i++) {
        const elt = heapLoad64(op + TUPLE_ITEMS + (i << 3));
        if (elt == 0 || mayBeTracked(elt)) keep = true;
      }
      if (!keep) untrack(gc);
    }
    gc = nx;
  }
}

/** untrack_dicts: _PyDict_MaybeUntrack on every dict. */
function untrackDicts(head: u64): void {
  let gc = next(head);
  while (gc != head) {
    const op = gc + GC_HEAD;
    const nx = next(gc);
    if (typeNumber(heapLoad64(op + OB_TYPE)) == T_DICT) {
      const k = heapLoad64(op + DICT_KEYS);
      const values = heapLoad64(op + DICT_VALUES);
      const w = heapLoad64(k + DK_LOG2_SIZE);
      const lb = (w >> 8) & 0xff, kind = <u32>((w >> 16) & 0xff);
      const n = heapLoad64(k + DK_NENTRIES);
      const es: u64 = kind == DICT_KEYS_GENERAL ? 24 : 16;
      const entries = k + DK_INDICES + (<u64>1 << lb);
      let keep = false;
      for (let i: u64 = 0; i < n && !keep; i++) {
        if (values != 0) {
          const v = heapLoad64(values + (i << 3));
          keep = v != 0 && mayBeTracked(v);
        } else {
          const e = entries + i * es;
          const v = heapLoad64(e + (kind == DICT_KEYS_GENERAL ? 16 : 8));
          if (v == 0) continue;
          keep = mayBeTracked(v) || (kind == DICT_KEYS_GENERAL && mayBeTracked(heapLoad64(e + 8)));
        }
      }
      if (!keep) untrack(gc);
    }
    gc = nx;
  }
}

/** _PyObject_GC_MAY_BE_TRACKED: a type with a GC head, and for a tuple one that is tracked (the one notion: dict.ts's MAINTAIN_TRACKING uses it too). */
export function mayBeTracked(o: u64): bool {
  const t = typeNumber(heapLoad64(o + OB_TYPE));
  if (!isGc(o, t)) return false;
  if (t == T_TUPLE) return heapLoad64(o - GC_HEAD + GC_NEXT) != 0;
  return true;
}

/** _PyObject_IS_GC: the type has a GC head (tp_flags read, as CPython's check reads it); a type object, when it is a heap type (type_is_gc). */
function isGc(o: u64, t: i32): bool {
  if (t < 0) return false;
  heapLoad64(typeObject(t) + TP_FLAGS);
  if (t == T_TYPE) return (heapLoad64(o + TP_FLAGS) & TPF_HEAPTYPE) != 0;
  return hasGcHead(t);
}

/** _PyObject_GC_UNTRACK of an object on a collection's list (the finalized bit stays). */
function untrack(gc: u64): void {
  const p = prev(gc);
  const nx = next(gc);
  setNext(p, nx);
  setPrev(nx, p);
  heapStore64(gc + GC_NEXT, 0);
  heapStore64(gc + GC_PREV, heapLoad64(gc + GC_PREV) & PREV_MASK_FINALIZED);
}

/** move_legacy_finalizers: none here; clears NEXT_MASK_UNREACHABLE so the list is an ordinary one again. */
function moveLegacyFinalizers(unreachable: u64): void {
  let gc = next(unreachable);
  while (gc != unreachable) {
    const nx = heapLoad64(gc + GC_NEXT) & ~NEXT_MASK_UNREACHABLE;
    setNext(gc, nx);
    heapLoad64(typeObject(typeNumber(heapLoad64(gc + GC_HEAD + OB_TYPE))) + TP_FLAGS); // has_legacy_finalizer: tp_del
    gc = nx;
  }
}

/** finalize_garbage: tp_finalize (__del__) once on each object not yet finalized. */
function finalizeGarbage(collectable: u64): void {
  listInit(SEEN);
  while (!listIsEmpty(collectable)) {
    const gc = next(collectable);
    const op = gc + GC_HEAD;
    listMove(gc, SEEN);
    if ((heapLoad64(gc + GC_PREV) & PREV_MASK_FINALIZED) == 0) {
      const t = typeNumber(heapLoad64(op + OB_TYPE));
      if (hasFinalizer(t)) {
        heapStore64(gc + GC_PREV, heapLoad64(gc + GC_PREV) | PREV_MASK_FINALIZED);
        incref(op);
        const previous = beginCategory(CAT_GC);
        finalize(op);
        endCategory(previous);
        decref(op);
      }
    }
  }
  listMerge(SEEN, collectable);
}

/** handle_resurrected_objects: deduce again; the resurrected go to `old`. */
function handleResurrected(unreachable: u64, stillUnreachable: u64, old: u64): void {
  // gc_list_clear_collecting
  for (let gc = next(unreachable); gc != unreachable; gc = next(gc)) clearCollecting(gc);
  deduceUnreachable(unreachable, stillUnreachable);
  // clear_unreachable_mask
  setNext(stillUnreachable, next(stillUnreachable) & ~NEXT_MASK_UNREACHABLE);
  let gc = next(stillUnreachable);
  while (gc != stillUnreachable) {
    const nx = heapLoad64(gc + GC_NEXT) & ~NEXT_MASK_UNREACHABLE;
    setNext(gc, nx);
    gc = nx;
  }
  listMerge(unreachable, old);
}

/** delete_garbage: tp_clear breaks the cycles; an object that survives its clear goes to `old`. */
function deleteGarbage(collectable: u64, old: u64): void {
  while (!listIsEmpty(collectable)) {
    const gc = next(collectable);
    const op = gc + GC_HEAD;
    const t = typeNumber(heapLoad64(op + OB_TYPE));
    if ((heapLoad32(S_GC_DEBUG) & DEBUG_SAVEALL) != 0) {
      saveGarbage(op); // gc.garbage keeps it (and what it references) alive
    } else if (hasClear(t)) {
      incref(op);
      clear(op, t);
      decref(op);
    }
    if (next(collectable) == gc) {
      // still alive: it may die later
      clearCollecting(gc);
      listMove(gc, old);
    }
  }
}

/** clear_freelists: every free list emptied into pymalloc (a full collection). */
function clearFreeLists(): void {
  const previous = beginCategory(CAT_FREE);
  // tuples of each length (linked through ob_item[0]; PyObject_GC_Del: the count falls)
  for (let i: u64 = 0; i < 20; i++) {
    let p = heapLoad64(S_TUPLE_FREE_LISTS + (i << 3));
    heapStore64(S_TUPLE_FREE_LISTS + (i << 3), 0);
    heapStore64(S_TUPLE_NUMFREE + (i << 3), 0);
    while (p != 0) {
      const q = p;
      p = heapLoad64(p + TUPLE_ITEMS);
      freeGcObject(q, GC_HEAD);
    }
  }
  // floats (linked through ob_type)
  let f = heapLoad64(S_FLOAT_FREE_LIST);
  while (f != 0) {
    const nx = heapLoad64(f + OB_TYPE);
    objectFree(f);
    f = nx;
  }
  heapStore64(S_FLOAT_FREE_LIST, 0);
  heapStore64(S_FLOAT_NUMFREE, 0);
  // lists, dicts, dict keys
  let n = heapLoad64(S_LIST_NUMFREE);
  while (n > 0) { n--; heapStore64(S_LIST_NUMFREE, n); freeGcObject(heapLoad64(S_LIST_FREE_LIST + (n << 3)), GC_HEAD); }
  n = heapLoad64(S_DICT_NUMFREE);
  while (n > 0) { n--; heapStore64(S_DICT_NUMFREE, n); freeGcObject(heapLoad64(S_DICT_FREE_LIST + (n << 3)), GC_HEAD); }
  n = heapLoad64(S_KEYS_NUMFREE);
  while (n > 0) { n--; heapStore64(S_KEYS_NUMFREE, n); objectFree(heapLoad64(S_KEYS_FREE_LIST + (n << 3))); }
  endCategory(previous);
}

// ---- tp_traverse and tp_clear ---------------------------------------------------------

const VISIT_DECREF: i32 = 0;
const VISIT_REACHABLE: i32 = 1;
let visitMode: i32 = VISIT_DECREF;
let visitYoung: u64 = 0;

/** Py_VISIT(o) for the pass running (extension types' traverse calls it too). */
export function gcVisit(o: u64): void {
  if (o == 0) return;
  const t = typeNumber(heapLoad64(o + OB_TYPE));
  if (!isGc(o, t)) return;
  if (visitMode == VISIT_DECREF) {
    // visit_decref: only objects of the set being collected
    const gc = o - GC_HEAD;
    const p = heapLoad64(gc + GC_PREV);
    if ((p & PREV_MASK_COLLECTING) != 0) heapStore64(gc + GC_PREV, p - (<u64>1 << PREV_SHIFT));
  } else {
    visitReachable(o);
  }
}

/** tp_traverse of `o`: gcVisit on each object it references. */
function traverse(o: u64): void {
  const t = typeNumber(heapLoad64(o + OB_TYPE));
  switch (t) {
    // tupletraverse and list_traverse visit the items last first (which orders what move_unreachable moves back)
    case T_TUPLE: {
      const n = heapLoad64(o + OB_SIZE);
      for (let i = n; i > 0; i--) gcVisit(heapLoad64(o + TUPLE_ITEMS + ((i - 1) << 3)));
      return;
    }
    case T_LIST: {
      const n = heapLoad64(o + OB_SIZE);
      const items = n != 0 ? heapLoad64(o + LIST_ITEMS) : 0;
      for (let i = n; i > 0; i--) gcVisit(heapLoad64(items + ((i - 1) << 3)));
      return;
    }
    case T_DICT: traverseDict(o); return;
    case T_SET: case T_FROZENSET: {
      let used = heapLoad64(o + SET_USED);
      const table = heapLoad64(o + SET_TABLE);
      for (let e = table; used > 0; e += 16) {
        const k = heapLoad64(e);
        if (k != 0 && k != SET_DUMMY) { used--; gcVisit(k); }
      }
      return;
    }
    case T_FUNCTION: visitFields(o, memory.data<u64>([FUNC_CODE, FUNC_GLOBALS, FUNC_DEFAULTS, FUNC_KWDEFAULTS, FUNC_NAME, FUNC_CLOSURE, FUNC_ANNOTATIONS]), 7); return;
    // type_traverse (only heap types are tracked): the dict, the cache, the MRO, the bases, the base, the module
    case T_TYPE: visitFields(o, memory.data<u64>([TP_DICT, TP_CACHE, TP_MRO, TP_BASES, TP_BASE, HT_MODULE]), 6); return;
  }
  if (t >= T_FIRST_CLASS) traverseInstance(o, t);
  else if (t > T_TYPE) extensionTraverse(o, t);
}

/** Py_VISIT of the `n` fields of `o` at the offsets in `fields` (u64s), in order. */
function visitFields(o: u64, fields: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) gcVisit(heapLoad64(o + load<u64>(fields + (i << 3))));
}

/** dict_traverse: a unicode table's values (or the split values), a general table's keys and values. */
function traverseDict(o: u64): void {
  const k = heapLoad64(o + DICT_KEYS);
  const w = heapLoad64(k + DK_LOG2_SIZE);
  const lb = (w >> 8) & 0xff, kind = <u32>((w >> 16) & 0xff);
  const n = heapLoad64(k + DK_NENTRIES);
  const entries = k + DK_INDICES + (<u64>1 << lb);
  if (kind != DICT_KEYS_GENERAL) {
    const values = heapLoad64(o + DICT_VALUES);
    for (let i: u64 = 0; i < n; i++) gcVisit(values != 0 ? heapLoad64(values + (i << 3)) : heapLoad64(entries + (i << 4) + 8));
  } else {
    for (let i: u64 = 0; i < n; i++) {
      const e = entries + i * 24;
      const v = heapLoad64(e + 16);
      if (v != 0) {
        gcVisit(v);
        gcVisit(heapLoad64(e + 8));
      }
    }
  }
}

/**
 * subtype_traverse: the values array (or the materialised dict), then the
 * class (a heap type: its instances count as references to it); or, for an
 * exception class's instance, the class, then BaseException's fields.
 */
function traverseInstance(o: u64, t: i32): void {
  const type = typeObject(t);
  const flags = heapLoad64(type + TP_FLAGS);
  if ((flags & MANAGED_DICT_FLAG) != 0) {
    const values = heapLoad64(o - MANAGED_VALUES);
    if (values != 0) {
      const n = heapLoad64(heapLoad64(type + HT_CACHED_KEYS) + DK_NENTRIES);
      for (let i: u64 = 0; i < n; i++) gcVisit(heapLoad64(values + (i << 3)));
    }
    gcVisit(heapLoad64(o - MANAGED_DICT));
    if ((flags & TPF_HEAPTYPE) != 0) gcVisit(type);
  } else {
    if ((flags & TPF_HEAPTYPE) != 0) gcVisit(type);
    const size = heapLoad64(type + TP_BASICSIZE);
    for (let p: u64 = 16; p < size; p += 8) gcVisit(heapLoad64(o + p));
  }
}

/** Whether type `t` has a tp_clear (tuples have none; of the interpreter's types, those it names). */
function hasClear(t: i32): bool {
  if (t == T_TUPLE) return false;
  if (t > T_TYPE && t < T_FIRST_CLASS && t != T_FROZENSET) return t < 64 && (clearTypeMask & (<u64>1 << <u64>t)) != 0;
  return true;
}

/** tp_clear of `o` (a type that has one). */
function clear(o: u64, t: i32): void {
  switch (t) {
    case T_LIST: listClear(o); return;
    case T_DICT: dictClear(o); return;
    case T_SET: case T_FROZENSET: setClear(o); return;
    case T_FUNCTION: {
      // func_clear: globals, defaults, keyword-only defaults, closure, annotations (the code stays; name becomes '', kept here)
      const fields = memory.data<u64>([FUNC_GLOBALS, FUNC_DEFAULTS, FUNC_KWDEFAULTS, FUNC_CLOSURE, FUNC_ANNOTATIONS]);
      for (let i: usize = 0; i < 5; i++) {
        const at = o + load<u64>(fields + (i << 3));
        const v = heapLoad64(at);
        if (v != 0) { heapStore64(at, 0); decref(v); }
      }
      return;
    }
  }
  if (t >= T_FIRST_CLASS) clearInstance(o, t);
  else if (t == T_TYPE) typeClear(o);
  else extensionClear(o, t);
}

/** subtype_clear: the values (Py_CLEAR each; the array stays), the dict, or the __slots__. */
function clearInstance(o: u64, t: i32): void {
  const type = typeObject(t);
  if ((heapLoad64(type + TP_FLAGS) & MANAGED_DICT_FLAG) != 0) {
    const values = heapLoad64(o - MANAGED_VALUES);
    if (values != 0) {
      const n = heapLoad64(heapLoad64(type + HT_CACHED_KEYS) + DK_NENTRIES);
      for (let i: u64 = 0; i < n; i++) {
        const v = heapLoad64(values + (i << 3));
        if (v != 0) { heapStore64(values + (i << 3), 0); decref(v); }
      }
    }
    const d = heapLoad64(o - MANAGED_DICT);
    if (d != 0) { heapStore64(o - MANAGED_DICT, 0); decref(d); }
  } else {
    const size = heapLoad64(type + TP_BASICSIZE);
    for (let p: u64 = 16; p < size; p += 8) {
      const v = heapLoad64(o + p);
      if (v != 0) { heapStore64(o + p, 0); decref(v); }
    }
  }
}

// ---- finalizers at refcount zero ------------------------------------------------------

/**
 * subtype_dealloc's PyObject_CallFinalizerFromDealloc for an instance of a
 * class with __del__: tracked again, resurrected to refcount 1 while
 * __del__ runs (once: the finalized bit), then the count undone; true when
 * __del__ left references to it (resurrected: the dealloc stops there).
 */
export function finalizeFromDealloc(o: u64, t: i32): bool {
  if (!hasFinalizer(t)) return false;
  gcTrack(o);
  heapStore64(o + OB_REFCNT, 1);
  const gc = o - GC_HEAD;
  if ((heapLoad64(gc + GC_PREV) & PREV_MASK_FINALIZED) == 0) {
    const previous = beginCategory(CAT_GC);
    finalize(o);
    endCategory(previous);
    heapStore64(gc + GC_PREV, heapLoad64(gc + GC_PREV) | PREV_MASK_FINALIZED);
  }
  const n = heapLoad64(o + OB_REFCNT) - 1;
  heapStore64(o + OB_REFCNT, n);
  if (n == 0) {
    gcUntrack(o);
    return false;
  }
  markLive(o); // _Py_NewReference: it lives on
  return true;
}

// ---- the gc module's views -------------------------------------------------------------

/** The objects in generation g (3: the permanent generation), in list order: calls f on each (no cost). */
export function gcForEach(g: i32, f: (o: u64) => void): void {
  const head = genHead(g);
  for (let gc = peek64(head + GC_NEXT); gc != head; gc = peek64(gc + GC_NEXT)) f(gc + GC_HEAD);
}

/** How many objects generation g holds (costed: gc_list_size). */
export function gcGenerationSize(g: i32): u64 {
  const previous = beginCategory(CAT_GC);
  const n = listSize(genHead(g));
  endCategory(previous);
  return n;
}

/** gc.freeze(): every generation into the permanent one; generation 0's count is reset. */
export function gcFreeze(): void {
  const previous = beginCategory(CAT_GC);
  for (let i = 0; i < NUM_GENERATIONS; i++) {
    listMerge(genHead(i), genHead(NUM_GENERATIONS));
    heapStore32(genHead(i) + 20, 0);
  }
  endCategory(previous);
}

/** gc.unfreeze(): the permanent generation into the oldest. */
export function gcUnfreeze(): void {
  const previous = beginCategory(CAT_GC);
  listMerge(genHead(NUM_GENERATIONS), genHead(NUM_GENERATIONS - 1));
  endCategory(previous);
}
