// The gc module (Modules/gcmodule.c's Python API) and what the collector
// (heap/objects/gc.ts) needs from the interpreter: tp_traverse and tp_clear
// of the interpreter's own types, __del__ (tp_finalize, PEP 442), the
// callbacks of gc.callbacks, and memsim's log of collections (--gc-log).
// docs/gc.md.

import { heapLoad64, heapStore64, beginCategory, endCategory, CAT_MUTATOR } from "../heap/memory";
import { foldDirectHits } from "../trace/records";
import { flushBatch, queuedRecords } from "../trace/text";
import { statPtr, levelStatPtr, S_MISS, G_CYCLES, G_MEM_READS } from "../stats";
import { reserve } from "../layout";
import { runningLine, runningCode } from "./lines";
import { NONE } from "../heap/objects/layout";
import { typeOf, incref, decref, isTracked } from "../heap/objects/object";
import { T_FIRST_CLASS } from "../heap/objects/types";
import { listNew, listAppend, listLength, peekListItem } from "../heap/objects/list";
import { dictNew, dictSetItem } from "../heap/objects/dict";
import { tupleNew, tupleSetItem } from "../heap/objects/tuple";
import { strFromCodePoints } from "../heap/objects/str";
import {
  gcCollect, gcCount, gcThreshold, gcSetThresholds, gcSetEnabled, gcEnabled, gcDebug, gcSetDebug, gcStat, gcForEach,
  gcGenerationSize, gcFreeze, gcUnfreeze, gcVisit, objectHasGcHead, setGcExtensions, setGcFinalizers, setGcPhase, setGcErrorPending, setGcSaveAll,
  lastExamined, NUM_GENERATIONS,
} from "../heap/objects/gc";
import { T_LIST_ITER, T_DICT_VIEW, T_FILTER, T_MODULE, T_SUPER, T_GETSET, T_WEAKREF, T_PROPERTY, T_STATICMETHOD, T_CLASSMETHOD, F1, F2, F4, extRefFields, weakrefClear } from "./objs";
import { T_CELL, T_GEN, CELL_REF, genTraverse, callOneArg, callObjectFn, genFinalize } from "./gen";
import {
  raise, raiseBegin, msg, excType, EX_NONE, EX_VALUE, EX_TYPE, cpPtr, errPtr, errLen, setErr,
  excValue, excArg, excFresh, setExcFresh, errHint, setErrHint, detachExcRefs, attachExcRefs, detachTraceback, clearException,
} from "./state";
import { newInt, newBool, newNone, chk, intValue, fitsI64, ty } from "./ops";
import { T_INT, T_BOOL } from "../heap/objects/types";

export const GC_COLLECT: i32 = 23; // (the ids the gc module had before these)
export const GC_ENABLE: i32 = 25;
export const GC_DISABLE: i32 = 26;
export const GC_ISENABLED: i32 = 27;
export const GC_FIRST: i32 = 170;
const GC_GET_COUNT: i32 = 170;
const GC_GET_THRESHOLD: i32 = 171;
const GC_SET_THRESHOLD: i32 = 172;
const GC_GET_STATS: i32 = 173;
const GC_GET_OBJECTS: i32 = 174;
const GC_IS_TRACKED: i32 = 175;
const GC_FREEZE: i32 = 176;
const GC_UNFREEZE: i32 = 177;
const GC_GET_FREEZE_COUNT: i32 = 178;
const GC_SET_DEBUG: i32 = 179;
const GC_GET_DEBUG: i32 = 180;
export const GC_LAST: i32 = 180;

export function gcFunctionName(id: i32): string {
  switch (id) {
    case GC_COLLECT: return "collect";
    case GC_ENABLE: return "enable";
    case GC_DISABLE: return "disable";
    case GC_ISENABLED: return "isenabled";
    case GC_GET_COUNT: return "get_count";
    case GC_GET_THRESHOLD: return "get_threshold";
    case GC_SET_THRESHOLD: return "set_threshold";
    case GC_GET_STATS: return "get_stats";
    case GC_GET_OBJECTS: return "get_objects";
    case GC_IS_TRACKED: return "is_tracked";
    case GC_FREEZE: return "freeze";
    case GC_UNFREEZE: return "unfreeze";
    case GC_GET_FREEZE_COUNT: return "get_freeze_count";
    case GC_SET_DEBUG: return "set_debug";
    case GC_GET_DEBUG: return "get_debug";
  }
  return "";
}

/** The gc module's functions, in the order its dict gets them. */
export const GC_FUNCTIONS: StaticArray<i32> = [
  GC_ENABLE, GC_DISABLE, GC_ISENABLED, GC_SET_DEBUG, GC_GET_DEBUG, GC_GET_COUNT, GC_SET_THRESHOLD, GC_GET_THRESHOLD,
  GC_COLLECT, GC_GET_OBJECTS, GC_GET_STATS, GC_IS_TRACKED, GC_FREEZE, GC_UNFREEZE, GC_GET_FREEZE_COUNT,
];

/** gc.DEBUG_STATS, DEBUG_COLLECTABLE, DEBUG_UNCOLLECTABLE, DEBUG_SAVEALL, DEBUG_LEAK. */
export function gcDebugFlag(i: i32): i32 {
  return i == 0 ? 1 : i == 1 ? 2 : i == 2 ? 4 : i == 3 ? 32 : 38;
}

export function gcDebugFlagName(i: i32): string {
  return i == 0 ? "DEBUG_STATS" : i == 1 ? "DEBUG_COLLECTABLE" : i == 2 ? "DEBUG_UNCOLLECTABLE" : i == 3 ? "DEBUG_SAVEALL" : "DEBUG_LEAK";
}

/** gc.callbacks and gc.garbage: the lists the module dict holds (borrowed here). */
let callbacks: u64 = 0;
let garbage: u64 = 0;

export function setGcLists(cb: u64, g: u64): void {
  callbacks = cb;
  garbage = g;
}

// ---- calls ------------------------------------------------------------------------------

let argBase: u64 = 0;
let argCount: i32 = 0;
let kwNames: u64 = 0;

function arg(i: i32): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(argBase + (<u64>i << 3));
  endCategory(previous);
  return v;
}

/** An int argument (bool included) in [lo, hi], or a TypeError / ValueError; `bad` when it failed. */
let bad = false;
function intArg(o: u64): i64 {
  const t = ty(o);
  if (t != T_INT && t != T_BOOL) {
    raiseBegin(EX_TYPE); msg("'"); msg(t == T_INT ? "int" : "object"); msg("' object cannot be interpreted as an integer");
    bad = true;
    return 0;
  }
  const v = intValue(o);
  if (!fitsI64) { raise(EX_VALUE, "Python int too large to convert to C int"); bad = true; }
  return v;
}

function arity(id: i32, lo: i32, hi: i32, n: i32): bool {
  if (n >= lo && n <= hi) return true;
  raiseBegin(EX_TYPE);
  msg(gcFunctionName(id));
  if (hi == 0) msg("() takes no arguments");
  else if (n < lo) { msg("() takes at least "); msg(lo == 1 ? "1" : "2"); msg(" argument"); if (lo > 1) msg("s"); }
  else { msg("() takes at most "); msg(hi == 1 ? "1" : hi == 2 ? "2" : "3"); msg(" argument"); if (hi > 1) msg("s"); }
  msg(" ("); msgCount(n); msg(" given)");
  return false;
}

function msgCount(n: i32): void {
  if (n >= 10) msgCount(n / 10);
  const d = n % 10;
  msg(d == 0 ? "0" : d == 1 ? "1" : d == 2 ? "2" : d == 3 ? "3" : d == 4 ? "4" : d == 5 ? "5" : d == 6 ? "6" : d == 7 ? "7" : d == 8 ? "8" : "9");
}

/** Call gc function `id` with the arguments at emulated `args` (n in all; the last ones the keywords named in `kw`). */
export function gcCall(id: i32, args: u64, n: i32, kw: u64, kwCount: i32): u64 {
  argBase = args;
  argCount = n - kwCount;
  kwNames = kw;
  bad = false;
  if (kwCount > 0 && !(id == GC_COLLECT || id == GC_GET_OBJECTS)) {
    raiseBegin(EX_TYPE); msg(gcFunctionName(id)); msg("() takes no keyword arguments");
    return 0;
  }
  switch (id) {
    case GC_COLLECT: {
      if (!arity(id, 0, 1, n)) return 0;
      let g: i64 = 2;
      if (n == 1) { g = intArg(arg(0)); if (bad) return 0; }
      if (g < 0 || g >= NUM_GENERATIONS) { raise(EX_VALUE, "invalid generation"); return 0; }
      manual = true;
      const found = gcCollect(<i32>g);
      manual = false;
      return newInt(<i64>found);
    }
    case GC_ENABLE: if (!arity(id, 0, 0, n)) return 0; gcSetEnabled(true); return newNone();
    case GC_DISABLE: if (!arity(id, 0, 0, n)) return 0; gcSetEnabled(false); return newNone();
    case GC_ISENABLED: if (!arity(id, 0, 0, n)) return 0; return newBool(gcEnabled());
    case GC_GET_COUNT: if (!arity(id, 0, 0, n)) return 0; return triple(gcCount(0), gcCount(1), gcCount(2));
    case GC_GET_THRESHOLD: if (!arity(id, 0, 0, n)) return 0; return triple(gcThreshold(0), gcThreshold(1), gcThreshold(2));
    case GC_SET_THRESHOLD: {
      if (!arity(id, 1, 3, n)) return 0;
      const t0 = intArg(arg(0)); if (bad) return 0;
      const t1 = n > 1 ? intArg(arg(1)) : <i64>gcThreshold(1); if (bad) return 0;
      const t2 = n > 2 ? intArg(arg(2)) : <i64>gcThreshold(2); if (bad) return 0;
      gcSetThresholds(<u32>t0, <u32>t1, <u32>t2);
      return newNone();
    }
    case GC_GET_STATS: if (!arity(id, 0, 0, n)) return 0; return getStats();
    case GC_GET_OBJECTS: {
      if (!arity(id, 0, 1, n)) return 0;
      let g: i64 = -1;
      if (n == 1 && arg(0) != NONE) {
        g = intArg(arg(0)); if (bad) return 0;
        if (g >= NUM_GENERATIONS) { raise(EX_VALUE, "generation parameter must be less than the number of available generations (3)"); return 0; }
        if (g < 0) { raise(EX_VALUE, "generation parameter cannot be negative"); return 0; }
      }
      return getObjects(<i32>g);
    }
    case GC_IS_TRACKED: {
      if (!arity(id, 1, 1, n)) return 0;
      const o = arg(0);
      return newBool(objectHasGcHead(o) && isTracked(o));
    }
    case GC_FREEZE: if (!arity(id, 0, 0, n)) return 0; gcFreeze(); return newNone();
    case GC_UNFREEZE: if (!arity(id, 0, 0, n)) return 0; gcUnfreeze(); return newNone();
    case GC_GET_FREEZE_COUNT: if (!arity(id, 0, 0, n)) return 0; return newInt(<i64>gcGenerationSize(NUM_GENERATIONS));
    case GC_SET_DEBUG: {
      if (!arity(id, 1, 1, n)) return 0;
      const f = intArg(arg(0)); if (bad) return 0;
      gcSetDebug(<u32>f);
      return newNone();
    }
    case GC_GET_DEBUG: if (!arity(id, 0, 0, n)) return 0; return newInt(<i64>gcDebug());
  }
  raise(EX_TYPE, "not a gc function");
  return 0;
}

/** Py_BuildValue("(iii)"). */
function triple(a: u32, b: u32, c: u32): u64 {
  const t = chk(tupleNew(3));
  if (t == 0) return 0;
  const vals = memory.data<u32>([0, 0, 0]);
  store<u32>(vals, a); store<u32>(vals, b, 4); store<u32>(vals, c, 8);
  for (let i: u32 = 0; i < 3; i++) {
    const v = newInt(<i64>load<u32>(vals + (<usize>i << 2)));
    if (v == 0) { decref(t); return 0; }
    tupleSetItem(t, <u64>i, v);
    decref(v);
  }
  return t;
}

/** A new str from an ASCII literal, or its characters [from, to) (PyUnicode_FromString: not interned). */
export function cstr(s: string, from: i32 = 0, to: i32 = -1): u64 {
  const end = to < 0 ? s.length : to;
  for (let i = from; i < end; i++) store<u32>(cpPtr + (<usize>(i - from) << 2), <u32>s.charCodeAt(i));
  return chk(strFromCodePoints(cpPtr, <u64>(end - from)));
}

/** dict[key] = v for a C string key (a new str) and a new reference v (released). */
function put(d: u64, key: string, v: u64): bool {
  if (v == 0) return false;
  const k = cstr(key);
  if (k == 0) { decref(v); return false; }
  const r = dictSetItem(d, k, v);
  decref(k);
  decref(v);
  if (r != 0) { chk(0); return false; }
  return true;
}

/** gc.get_stats(): a list of one dict per generation. */
function getStats(): u64 {
  const l = chk(listNew(0));
  if (l == 0) return 0;
  for (let g = 0; g < NUM_GENERATIONS; g++) {
    const d = chk(dictNew());
    if (d == 0) { decref(l); return 0; }
    if (!put(d, "collections", newInt(<i64>gcStat(g, 0))) || !put(d, "collected", newInt(<i64>gcStat(g, 1))) ||
      !put(d, "uncollectable", newInt(<i64>gcStat(g, 2))) || !listAppend(l, d)) {
      decref(d); decref(l); return chk(0);
    }
    decref(d);
  }
  return l;
}

let objectsList: u64 = 0;
let objectsFailed = false;
function appendObject(o: u64): void {
  if (objectsFailed || o == objectsList) return;
  if (!listAppend(objectsList, o)) objectsFailed = true;
}

/** gc.get_objects(generation): the tracked objects of one generation (-1: all), the list itself left out. */
function getObjects(g: i32): u64 {
  const l = chk(listNew(0));
  if (l == 0) return 0;
  objectsList = l;
  objectsFailed = false;
  for (let i = g < 0 ? 0 : g; i <= (g < 0 ? NUM_GENERATIONS - 1 : g); i++) gcForEach(i, appendObject);
  objectsList = 0;
  if (objectsFailed) { decref(l); return chk(0); }
  return l;
}

import { T_FRAME, T_TRACEBACK, frameTypesTraverse, frameTypesClear } from "./frames";

// ---- the interpreter's types: tp_traverse and tp_clear ---------------------------------------

function extensionTraverse(o: u64, t: i32): void {
  if (t == T_CELL) { gcVisit(heapLoad64(o + CELL_REF)); return; }
  if (t == T_FRAME || t == T_TRACEBACK) { frameTypesTraverse(o, t); return; }
  if (t == T_GEN) { genTraverse(o); return; }
  if (t == T_GETSET) { gcVisit(heapLoad64(o + F1)); return; } // descr_traverse: d_type
  const fields = extRefFields(t);
  for (let i: u32 = 0; i < 5; i++) {
    if ((fields & (1 << i)) == 0) continue;
    let v = heapLoad64(o + 16 + (<u64>i << 3));
    if (t == T_DICT_VIEW) v &= ~(<u64>7);
    gcVisit(v);
  }
}

/** cell_clear, module_clear (the module's dict), property_clear (prop_doc), cm_clear (cm_callable, cm_dict). */
function extensionClear(o: u64, t: i32): void {
  if (t == T_FRAME || t == T_TRACEBACK) { frameTypesClear(o, t); return; }
  if (t == T_WEAKREF) { weakrefClear(o); return; } // weakref_tp_clear
  if (t == T_STATICMETHOD || t == T_CLASSMETHOD) { clearField(o + F1); clearField(o + F2); return; }
  clearField(t == T_CELL ? o + CELL_REF : t == T_PROPERTY ? o + F4 : o + F1);
}

/** Py_CLEAR of the reference at `at`. */
function clearField(at: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(at);
  if (v != 0) heapStore64(at, 0);
  endCategory(previous);
  if (v != 0) decref(v);
}

// ---- __del__ (tp_finalize) ---------------------------------------------------------------------

let delName: u64 = 0;
let lookupMethod: (t: i32, name: u64) => u64 = noLookup;
function noLookup(t: i32, name: u64): u64 { return 0; }

export function setDelLookup(name: u64, f: (t: i32, name: u64) => u64): void {
  delName = name;
  lookupMethod = f;
}

/** Whether type t has a tp_finalize: a class with __del__, and generators (_PyGen_Finalize). */
function hasDel(t: i32): bool {
  return t == T_GEN || (t >= T_FIRST_CLASS && delName != 0 && lookupMethod(t, delName) != 0);
}

// The exception being raised while a finalizer runs is saved and restored (slot_tp_finalize's PyErr_Fetch / Restore).
const SAVE_DEPTH: i32 = 8;
const SAVE_BYTES: u32 = 512;
const saved = memory.data(SAVE_DEPTH * (SAVE_BYTES + 16));
let saveDepth: i32 = 0;

/** slot_tp_finalize: self.__del__(); an exception it raises is reported on stderr and dropped (PyErr_WriteUnraisable(del)). */
function callDel(o: u64): void {
  const gen = typeOf(o) == T_GEN;
  const f = gen ? 0 : lookupMethod(typeOf(o), delName);
  if ((f == 0 && !gen) || saveDepth >= SAVE_DEPTH) return;
  const slot = saved + <usize>saveDepth * (SAVE_BYTES + 16);
  const type = excType, len = errLen < SAVE_BYTES ? errLen : SAVE_BYTES;
  const value = excValue, arg = excArg, tb = detachTraceback(), fresh = excFresh, hint = errHint;
  detachExcRefs();
  store<i32>(slot, type);
  store<u32>(slot + 4, len);
  memory.copy(slot + 16, errPtr, len);
  saveDepth++;
  setErr(EX_NONE, 0);
  if (gen) {
    genFinalize(o);
  } else {
    incref(f);
    const r = callOneArg(f, o);
    if (r != 0) decref(r);
    else unraisable(f);
    decref(f);
  }
  saveDepth--;
  memory.copy(errPtr, slot + 16, len);
  clearException(); // (what __del__ raised was dropped already)
  setErr(load<i32>(slot), load<u32>(slot + 4));
  attachExcRefs(value, arg, tb);
  setExcFresh(fresh);
  setErrHint(hint);
}

/** PyErr_WriteUnraisable(obj) (exceptions.ts), the hook the eval loop installs: not for memsim's refusals and step limit, which are dropped. */
let unraisable: (obj: u64) => void = noUnraisable;
function noUnraisable(obj: u64): void { clearException(); }
export function setUnraisable(f: (obj: u64) => void): void { unraisable = f; }

// ---- gc.callbacks, and the log of collections ------------------------------------------------

/** What a collection's line in --gc-log holds (u64 fields). */
export const LOG_FIELDS: u32 = 17;
// 0 generation, 1 objects examined, 2 collected, 3 uncollectable, 4 cycles (all of the collection's accesses:
// its own, gc, and what tp_clear released), 5 L1d misses, 6 L2 misses, 7 memory line reads, 8 the source line
// running (0: before the first), 9 its code record (0xFFFFFFFF: none; 0xFFFFFFFD: the exit), 10 1: automatic (an
// allocation), 0: gc.collect(), 2: the interpreter's exit,
// 11 bytecodes run before it, 12 gc.get_debug() flags then, 13..15 the objects in generations 0..2 and 16 in the
// permanent generation when it started (with DEBUG_STATS only: CPython counts them for its stats line)
const LOG_CAPACITY: u32 = 4096;
let logPtr: usize = 0;
let logCount: u32 = 0;
let logDropped: u64 = 0;
const startCounters = memory.data(64);
let manual = false;
/** A collection of the interpreter's exit (logged as such); without gc.callbacks (_PyGC_CollectNoFail) when noCallbacks. */
let atExit = false;
let noCallbacks = false;

/**
 * A full collection of the interpreter's exit (Py_FinalizeEx): PyGC_Collect
 * (`callbacks`: gc.callbacks called, as gc.collect() calls them; the caller
 * checks that collection is enabled), or finalize_modules' _PyGC_CollectNoFail
 * (enabled or not, no callbacks).
 */
export function gcCollectAtExit(callbacks: bool): void {
  atExit = true;
  noCallbacks = !callbacks;
  gcCollect(NUM_GENERATIONS - 1);
  atExit = noCallbacks = false;
}
let bytecodesNow: () => u64 = noBytecodes;
function noBytecodes(): u64 { return 0; }

export function resetGcLog(bytecodes: () => u64): void {
  logPtr = reserve(<usize>LOG_CAPACITY * LOG_FIELDS * 8); // a fresh arena after every initMachine: never an old address
  logCount = 0;
  logDropped = 0;
  bytecodesNow = bytecodes;
}

export function gcLogPtr(): usize { return logPtr; }
export function gcLogCount(): u32 { return logCount; }
export function gcLogDropped(): u64 { return logDropped; }
export function gcLogClear(): void { logCount = 0; }

function counters(to: usize): void {
  if (queuedRecords() > 0) flushBatch();
  else foldDirectHits();
  store<u64>(to, load<u64>(statPtr(G_CYCLES)));
  store<u64>(to + 8, level(1));
  store<u64>(to + 16, level(2));
  store<u64>(to + 24, load<u64>(statPtr(G_MEM_READS)));
}

function level(l: i32): u64 {
  let m: u64 = 0;
  for (let kind = 0; kind < 3; kind++) m += load<u64>(levelStatPtr(l, S_MISS + kind));
  return m;
}

let startLine: u32 = 0;
let startCode: u32 = 0;
let startDebug: u32 = 0;
const startSizes = memory.data(32);

function phase(start: bool, generation: i32, collected: u64, uncollectable: u64): void {
  if (start) {
    startLine = runningLine(); // (before the "start" callbacks run code of their own)
    startCode = runningCode();
    if (!noCallbacks) invokeCallbacks(true, generation, 0, 0);
    startDebug = gcDebug();
    if ((startDebug & 1) != 0) { // DEBUG_STATS: show_stats_each_generations
      for (let g = 0; g <= NUM_GENERATIONS; g++) store<u64>(startSizes + (<usize>g << 3), gcGenerationSize(g));
    } else {
      memory.fill(startSizes, 0, 32);
    }
    counters(startCounters); // the collection's cost leaves the callbacks out
    return;
  }
  if (logPtr != 0) {
    if (logCount >= LOG_CAPACITY) logDropped++;
    else {
      const now = memory.data(64);
      counters(now);
      const e = logPtr + <usize>logCount * LOG_FIELDS * 8;
      store<u64>(e, <u64>generation);
      store<u64>(e + 8, lastExamined);
      store<u64>(e + 16, collected);
      store<u64>(e + 24, uncollectable);
      for (let k: usize = 0; k < 4; k++) store<u64>(e + 32 + (k << 3), load<u64>(now + (k << 3)) - load<u64>(startCounters + (k << 3)));
      store<u64>(e + 64, <u64>startLine);
      store<u64>(e + 72, <u64>startCode);
      store<u64>(e + 80, atExit ? 2 : manual ? 0 : 1);
      store<u64>(e + 88, bytecodesNow());
      store<u64>(e + 96, <u64>startDebug);
      for (let k: usize = 0; k < 4; k++) store<u64>(e + 104 + (k << 3), load<u64>(startSizes + (k << 3)));
      logCount++;
    }
  }
  if (!noCallbacks) invokeCallbacks(false, generation, collected, uncollectable);
}

/** invoke_gc_callback: each callback(phase, info), info = {"generation", "collected", "uncollectable"}. */
function invokeCallbacks(start: bool, generation: i32, collected: u64, uncollectable: u64): void {
  if (callbacks == 0 || listLength(callbacks) == 0) return;
  if (excType != EX_NONE) return; // (CPython asserts no exception here)
  const info = chk(dictNew());
  if (info == 0 || !put(info, "generation", newInt(<i64>generation)) || !put(info, "collected", newInt(<i64>collected)) ||
    !put(info, "uncollectable", newInt(<i64>uncollectable))) {
    if (info != 0) decref(info);
    clearException();
    return;
  }
  for (let i: u64 = 0; i < listLength(callbacks); i++) {
    const cb = peekListItem(callbacks, i);
    incref(cb);
    // PyObject_CallFunction(cb, "sO", phase, info): a new str and info on a small stack (vectorcall: no tuple)
    const p = cstr(start ? "start" : "stop");
    let r: u64 = 0;
    if (p != 0) {
      const argv = memory.data(16);
      store<u64>(argv, p);
      store<u64>(argv + 8, info);
      r = callObjectFn(cb, argv, 2);
      decref(p);
    }
    if (r != 0) decref(r);
    else unraisable(cb); // PyErr_WriteUnraisable(cb)
    decref(cb);
  }
  decref(info);
}

function saveGarbage(o: u64): void {
  if (garbage != 0 && !listAppend(garbage, o)) clearException();
}

function errorPending(): bool {
  return excType != EX_NONE;
}

/** Connect the collector to the interpreter (once per run). */
export function installGc(): void {
  // types with a GC head: the iterators, slices, builtins, methods, modules, enumerate, zip, dict views, map, filter (16..32), cells, generators
  let mask: u64 = 0;
  for (let t = T_LIST_ITER; t <= T_FILTER; t++) mask |= <u64>1 << <u64>t;
  mask |= (<u64>1 << <u64>T_CELL) | (<u64>1 << <u64>T_GEN) | (<u64>1 << <u64>T_FRAME) | (<u64>1 << <u64>T_TRACEBACK) | (<u64>1 << <u64>T_SUPER);
  const descriptors = (<u64>1 << <u64>T_PROPERTY) | (<u64>1 << <u64>T_STATICMETHOD) | (<u64>1 << <u64>T_CLASSMETHOD);
  mask |= (<u64>1 << <u64>T_GETSET) | (<u64>1 << <u64>T_WEAKREF) | descriptors;
  const clearMask = (<u64>1 << <u64>T_CELL) | (<u64>1 << <u64>T_MODULE) | (<u64>1 << <u64>T_FRAME) | (<u64>1 << <u64>T_TRACEBACK) | (<u64>1 << <u64>T_WEAKREF) |
    descriptors;
  setGcExtensions(extensionTraverse, extensionClear, mask, clearMask);
  setGcFinalizers(hasDel, callDel);
  setGcPhase(phase);
  setGcErrorPending(errorPending);
  setGcSaveAll(saveGarbage);
}
