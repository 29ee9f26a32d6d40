// Objects on the emulated heap: creation (header, GC head, GC link), reference
// counting, and deallocation with the trashcan, as CPython 3.11 does them
// (Objects/object.c, Modules/gcmodule.c, Include/internal/pycore_object.h).
// Every field access is a costed load or store (heap/memory.ts), charged to
// alloc (creating), refcount (incref/decref), free (deallocating), gc (GC
// list links) or mutator (the object's contents). docs/heap.md, "Objects".

import {
  heapAdd64, heapAddInline, inlineResult, heapLoad64, heapStore64, heapLoad32, heapStore32, peek64, poke64,
  beginCategory, endCategory, CAT_ALLOC, CAT_FREE, CAT_REFCOUNT, CAT_GC,
} from "../memory";
import { objectMalloc, objectFree, HEAP_CALLS } from "../heap";
import {
  OB_REFCNT, OB_TYPE, OB_SIZE, GC_HEAD, GC_NEXT, GC_PREV, S_GC_GENERATIONS, GC_GENERATION_SIZE,
  S_TRASH_NESTING, S_TRASH_LATER, TP_DEALLOC,
} from "./layout";
import { typeObject, typeNumber, T_FIRST_CLASS, T_TUPLE, T_LIST, T_DICT, T_SET, T_FROZENSET, T_INT, T_FLOAT, T_STR, T_BYTES, T_FUNCTION, T_CODE, T_OBJECT, T_TYPE } from "./types";
import { floatDealloc } from "./float";
import { gcLink, gcUnlinkCount } from "./gc";
import { tupleDealloc } from "./tuple";
import { listDealloc } from "./list";
import { dictDealloc } from "./dict";
import { setDealloc } from "./set";
import { instanceDealloc } from "./instance";
import { functionDealloc, codeDealloc } from "./function";
import { markLive, markDead } from "./interp";

/** The deepest container deallocations nested so far (introspection: the trashcan's bound holds). */
export let trashDepthHighwater: u64 = 0;

export function resetTrashDepth(): void {
  trashDepthHighwater = 0;
}

/** Py_TRASHCAN's _PyTrash_UNWIND_LEVEL: deallocations nest at most this deep; deeper ones wait on a list. */
export const TRASH_UNWIND_LEVEL: u64 = 50;

// ---- creation -------------------------------------------------------------------

/** _PyObject_Init: ob_type, ob_refcnt = 1 (and a reference to a class, which instances hold). Category: alloc. */
export function initHeader(o: u64, t: i32): void {
  markLive(o);
  const type = typeObject(t);
  heapStore64(o + OB_TYPE, type);
  if (t >= T_FIRST_CLASS) incref(type); // heap types are referenced by their instances
  heapStore64(o + OB_REFCNT, 1);
}

/** PyObject_Malloc + _PyObject_Init(Var): a fresh object without GC head, or 0 (MemoryError). */
export function newObject(t: i32, bytes: u64): u64 {
  const previous = beginCategory(CAT_ALLOC);
  const o = objectMalloc(bytes);
  if (o != 0) initHeader(o, t);
  endCategory(previous);
  return o;
}

/**
 * _PyObject_GC_New(Var) (gc_alloc): malloc presize + bytes, zero the
 * pre-header, count the allocation in generation 0, init the header; 0 on
 * MemoryError. `presize` is 16 (the GC head) or 32 (also the managed dict and
 * values pointers).
 */
export function newGcObject(t: i32, bytes: u64, presize: u64): u64 {
  const previous = beginCategory(CAT_ALLOC);
  const mem = objectMalloc(presize + bytes);
  let o: u64 = 0;
  if (mem != 0) {
    for (let p: u64 = 0; p < presize; p += 8) heapStore64(mem + p, 0);
    o = mem + presize;
    gcLink(); // may collect (gc.ts)
    initHeader(o, t);
  }
  endCategory(previous);
  return o;
}

/** PyObject_GC_Del: the allocation counter, then free from the start of the pre-header. */
export function freeGcObject(o: u64, presize: u64): void {
  const previous = beginCategory(CAT_FREE);
  gcUnlinkCount();
  objectFree(o - presize);
  endCategory(previous);
}

/** PyObject_Free of an object without GC head. */
export function freeObject(o: u64): void {
  const previous = beginCategory(CAT_FREE);
  objectFree(o);
  endCategory(previous);
}

// ---- the GC lists (the collector itself is issue 6; tracking costs already) ----

/** _PyObject_GC_TRACK: append to generation 0's list (the head's finalized bit stays). */
export function gcTrack(o: u64): void {
  const previous = beginCategory(CAT_GC);
  const gc = o - GC_HEAD;
  const gen0 = S_GC_GENERATIONS;
  const last = heapLoad64(gen0 + GC_PREV);
  heapStore64(last + GC_NEXT, gc);
  heapStore64(gc + GC_PREV, (heapLoad64(gc + GC_PREV) & 3) | last);
  heapStore64(gc + GC_NEXT, gen0);
  heapStore64(gen0 + GC_PREV, gc);
  endCategory(previous);
}

/** PyObject_GC_UnTrack: unlink when tracked (_gc_next != 0); only the finalized bit stays. */
export function gcUntrack(o: u64): void {
  const previous = beginCategory(CAT_GC);
  const gc = o - GC_HEAD;
  const next = heapLoad64(gc + GC_NEXT);
  if (next != 0) {
    const gcPrev = heapLoad64(gc + GC_PREV);
    const prev = gcPrev & ~(<u64>3);
    heapStore64(prev + GC_NEXT, next);
    heapStore64(next + GC_PREV, (heapLoad64(next + GC_PREV) & 3) | prev);
    heapStore64(gc + GC_NEXT, 0);
    heapStore64(gc + GC_PREV, gcPrev & 1);
  }
  endCategory(previous);
}

/** Whether `o` is on a GC list (no cost: introspection). */
export function isTracked(o: u64): bool {
  return peek64(o - GC_HEAD + GC_NEXT) != 0;
}

// ---- reference counting -----------------------------------------------------------

/**
 * Immortal objects (PEP 683, CPython 3.12 and later: the --python 3.12 and
 * 3.13 profiles): the statics and interned strs hold IMMORTAL_REFCNT, which
 * Py_INCREF (a 32-bit saturating add of the low half) and Py_DECREF (a sign
 * test of the low half first) read but never write.
 */
export const IMMORTAL_REFCNT: u64 = 0xFFFFFFFF;
let immortal = false;

export function immortalObjects(): bool {
  return immortal;
}

/** Turn immortality on or off (a fresh heap: heapInit leaves it off). */
export function setImmortalObjects(on: bool): void {
  immortal = on;
}

/** Py_INCREF. */
export function incref(o: u64): void {
  store<u64>(HEAP_CALLS + 16, load<u64>(HEAP_CALLS + 16) + 1);
  if (!immortal && heapAddInline(CAT_REFCOUNT, o + OB_REFCNT, 1)) return;
  const previous = beginCategory(CAT_REFCOUNT);
  if (immortal) {
    const n = heapLoad32(o + OB_REFCNT) + 1;
    if (n != 0) heapStore32(o + OB_REFCNT, n); // (a 32-bit count: the heap's objects stay far below 2^32)
  } else {
    heapAdd64(o + OB_REFCNT, 1);
  }
  endCategory(previous);
}

/** Py_XINCREF. */
export function xincref(o: u64): void {
  if (o != 0) incref(o);
}

/** Py_DECREF: at zero the type's tp_dealloc runs. */
export function decref(o: u64): void {
  store<u64>(HEAP_CALLS + 24, load<u64>(HEAP_CALLS + 24) + 1);
  if (!immortal && heapAddInline(CAT_REFCOUNT, o + OB_REFCNT, -1)) {
    if (inlineResult == 0) {
      const previous = beginCategory(CAT_FREE);
      dealloc(o);
      endCategory(previous);
    }
    return;
  }
  const previous = beginCategory(CAT_REFCOUNT);
  let n: u64;
  if (immortal) {
    const old = heapLoad64(o + OB_REFCNT);
    if (<i32><u32>old < 0) { // _Py_IsImmortal
      endCategory(previous);
      return;
    }
    n = old - 1;
    heapStore64(o + OB_REFCNT, n);
  } else {
    n = heapAdd64(o + OB_REFCNT, -1);
  }
  if (n == 0) {
    beginCategory(CAT_FREE);
    dealloc(o);
    endCategory(CAT_REFCOUNT);
  }
  endCategory(previous);
}

/** Py_XDECREF. */
export function xdecref(o: u64): void {
  if (o != 0) decref(o);
}

/** The reference count (no cost: introspection). */
export function refcount(o: u64): u64 {
  return peek64(o + OB_REFCNT);
}

/** The type number of `o` (no cost: introspection). */
export function typeOf(o: u64): i32 {
  return typeNumber(peek64(o + OB_TYPE));
}

/** The type number, read as the interpreter reads it (costed: Py_TYPE(o)). */
export function loadType(o: u64): i32 {
  return typeNumber(heapLoad64(o + OB_TYPE));
}

/** ob_size, costed. */
export function loadSize(o: u64): i64 {
  return <i64>heapLoad64(o + OB_SIZE);
}

/** _Py_Dealloc: Py_TYPE(o)->tp_dealloc(o). Category: free. */
export function dealloc(o: u64): void {
  markDead(o);
  const t = loadType(o);
  heapLoad64(typeObject(t) + TP_DEALLOC);
  switch (t) {
    case T_FLOAT: floatDealloc(o); break;
    case T_TUPLE: tupleDealloc(o); break;
    case T_LIST: listDealloc(o); break;
    case T_DICT: dictDealloc(o); break;
    case T_SET: case T_FROZENSET: setDealloc(o); break;
    case T_FUNCTION: functionDealloc(o); break;
    case T_CODE: codeDealloc(o); break;
    case T_INT: case T_STR: case T_BYTES: case T_OBJECT: freeObject(o); break; // object_dealloc: tp_free
    case T_TYPE: typeDealloc(o); break; // a heap type (static ones never reach 0)
    default:
      if (t >= T_FIRST_CLASS) instanceDealloc(o);
      else if (t > T_TYPE) extensionDealloc(o, t); // types 14..42: the interpreter's (assembly/python/objs.ts)
  }
}

function noExtensionDealloc(o: u64, t: i32): void {}
function noTypeDealloc(o: u64): void {}

/** type_dealloc of a class: set by the interpreter (python/classes.ts). */
let typeDealloc: (o: u64) => void = noTypeDealloc;

export function setTypeDealloc(f: (o: u64) => void): void {
  typeDealloc = f;
}

/** tp_dealloc of types 14..39 (range, iterators, slices, builtins, ...): set by the interpreter that defines them. */
let extensionDealloc: (o: u64, t: i32) => void = noExtensionDealloc;

export function setExtensionDealloc(f: (o: u64, t: i32) => void): void {
  extensionDealloc = f;
}

// ---- the trashcan (Py_TRASHCAN_BEGIN / END) --------------------------------------

/**
 * _PyTrash_begin: false when deallocations already nest TRASH_UNWIND_LEVEL
 * deep; then `o` is deposited on the thread's delete-later list (through its
 * GC head's prev pointer) and its dealloc must return at once.
 */
export function trashBegin(o: u64): bool {
  const nesting = heapLoad64(S_TRASH_NESTING);
  if (nesting >= TRASH_UNWIND_LEVEL) {
    heapStore64(o - GC_HEAD + GC_PREV, heapLoad64(S_TRASH_LATER));
    heapStore64(S_TRASH_LATER, o);
    return false;
  }
  heapStore64(S_TRASH_NESTING, nesting + 1);
  if (nesting + 1 > trashDepthHighwater) trashDepthHighwater = nesting + 1;
  return true;
}

/** _PyTrash_end: at the outermost level, run the deposited deallocations. */
export function trashEnd(): void {
  const nesting = heapLoad64(S_TRASH_NESTING) - 1;
  heapStore64(S_TRASH_NESTING, nesting);
  if (nesting > 0 || heapLoad64(S_TRASH_LATER) == 0) return;
  // _PyTrash_thread_destroy_chain: one level up while the chain unwinds, so it is not destroyed recursively
  heapStore64(S_TRASH_NESTING, nesting + 1);
  for (let o = heapLoad64(S_TRASH_LATER); o != 0; o = heapLoad64(S_TRASH_LATER)) {
    heapStore64(S_TRASH_LATER, heapLoad64(o - GC_HEAD + GC_PREV));
    dealloc(o);
  }
  heapAdd64(S_TRASH_NESTING, -1);
}
