// The interpreter's own object types (type numbers 14..31), with CPython
// 3.11's sizes (tests/fixtures/cpython/sizes.json "other") and their
// deallocation: range (48, no GC), range_iterator (48, no GC), list/tuple/str
// iterators (32 + GC head), dict iterators (56 + GC), set iterator (48 + GC),
// slice (40 + GC), builtin functions and methods (56 + GC), bound methods
// (48 + GC), modules (56 + GC), enumerate and zip (48 + GC), dict views (24 + GC),
// map and filter (32 + GC), super (40 + GC), getset descriptors (48 + GC),
// weak references (64 + GC), property (64 + GC), staticmethod and classmethod
// (32 + GC).

import { heapLoad64, heapStore64, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR } from "../heap/memory";
import { GC_HEAD, NONE, OB_TYPE, TP_WEAKLISTOFFSET } from "../heap/objects/layout";
import { newObject, newGcObject, freeObject, freeGcObject, gcTrack, gcUntrack, xdecref, xincref, incref, decref, setExtensionDealloc } from "../heap/objects/object";

export const T_RANGE: i32 = 14;
export const T_RANGE_ITER: i32 = 15;
export const T_LIST_ITER: i32 = 16;
export const T_TUPLE_ITER: i32 = 17;
export const T_STR_ITER: i32 = 18;
export const T_DICT_KEYITER: i32 = 19;
export const T_DICT_VALUEITER: i32 = 20;
export const T_DICT_ITEMITER: i32 = 21;
export const T_SET_ITER: i32 = 22;
export const T_SLICE: i32 = 23;
export const T_BUILTIN: i32 = 24;
export const T_METHOD: i32 = 25;
export const T_MODULE: i32 = 26;
export const T_ENUMERATE: i32 = 27;
export const T_ZIP: i32 = 28;
export const T_LIST_REVITER: i32 = 29;
export const T_DICT_VIEW: i32 = 30;
export const T_MAP: i32 = 31;
export const T_FILTER: i32 = 32;
export const T_SUPER: i32 = 35; // (33 and 34: frame and traceback, frames.ts)
/** The __dict__ and __weakref__ descriptors type_new puts in a class's dict (PyGetSetDescrObject: d_type, d_name, d_qualname, d_getset). */
export const T_GETSET: i32 = 36;
/** A weak reference (PyWeakReference: wr_object, wr_callback, hash, wr_prev, wr_next; vectorcall at 56): the subclass lists'. */
export const T_WEAKREF: i32 = 37;
// (38 and 39: cell and generator, gen.ts)
/** property (descrobject.c's propertyobject: prop_get, prop_set, prop_del, prop_doc, prop_name; getter_doc at 56): descriptors.ts. */
export const T_PROPERTY: i32 = 40;
/** staticmethod and classmethod (funcobject.c: cm_callable, cm_dict): descriptors.ts. */
export const T_STATICMETHOD: i32 = 41;
export const T_CLASSMETHOD: i32 = 42;

// field offsets
export const F1: u64 = 16;
export const F2: u64 = 24;
export const F3: u64 = 32;
export const F4: u64 = 40;
export const F5: u64 = 48;

/** Object bytes (without the pre-header) and whether the type has a GC head. */
export function extSize(t: i32): u64 {
  switch (t) {
    case T_RANGE: case T_RANGE_ITER: return 48;
    case T_LIST_ITER: case T_TUPLE_ITER: case T_STR_ITER: case T_LIST_REVITER: return 32;
    case T_DICT_KEYITER: case T_DICT_VALUEITER: case T_DICT_ITEMITER: return 56;
    case T_SET_ITER: return 48;
    case T_SLICE: return 40;
    case T_BUILTIN: return 56;
    case T_METHOD: return 48;
    case T_MODULE: return 56;
    case T_ENUMERATE: case T_ZIP: return 48;
    case T_DICT_VIEW: return 24;
    case T_MAP: case T_FILTER: return 32;
    case T_SUPER: return 40;
    case T_GETSET: return 48;
    case T_WEAKREF: return 64;
    case T_PROPERTY: return 64;
    case T_STATICMETHOD: case T_CLASSMETHOD: return 32;
  }
  return 16;
}

export function extGc(t: i32): bool {
  return t != T_RANGE && t != T_RANGE_ITER;
}

/** A new object of extension type `t`, fields zeroed (costed), tracked when GC; 0 on MemoryError. */
export function extNew(t: i32): u64 {
  const size = extSize(t);
  const o = extGc(t) ? newGcObject(t, size, GC_HEAD) : newObject(t, size);
  if (o == 0) return 0;
  const previous = beginCategory(CAT_ALLOC);
  for (let p: u64 = 16; p < size; p += 8) heapStore64(o + p, 0);
  endCategory(previous);
  return o;
}

/** Finish construction: GC-track (after the fields are set, as CPython does). */
export function extTrack(o: u64, t: i32): void {
  if (extGc(t)) gcTrack(o);
}

/** Store a field (costed, mutator); a reference to `v` is taken when `ref`. */
export function extSet(o: u64, off: u64, v: u64, ref: bool): void {
  if (ref) xincref(v);
  const previous = beginCategory(CAT_MUTATOR);
  heapStore64(o + off, v);
  endCategory(previous);
}

export function extGet(o: u64, off: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(o + off);
  endCategory(previous);
  return v;
}

/** Which fields of type `t` hold references (bit i: field F(i+1)). */
export function extRefFields(t: i32): u32 {
  // bit i: field F(i+1)
  switch (t) {
    case T_RANGE: return 0b1111;
    case T_LIST_ITER: case T_TUPLE_ITER: case T_STR_ITER: case T_LIST_REVITER: return 0b10; // it_seq
    case T_DICT_KEYITER: case T_DICT_VALUEITER: case T_DICT_ITEMITER: return 0b1001; // di_dict, di_result
    case T_SET_ITER: return 0b1;
    case T_SLICE: return 0b111;
    case T_BUILTIN: return 0b110; // m_self, m_module
    case T_METHOD: return 0b11;
    case T_MODULE: return 0b10001; // md_dict, md_name
    case T_ENUMERATE: return 0b110; // en_sit, en_result
    case T_ZIP: return 0b110; // ittuple, result
    case T_DICT_VIEW: return 0b1;
    case T_MAP: return 0b11; // iters (a tuple), func
    case T_FILTER: return 0b11; // func, it
    case T_SUPER: return 0b111; // type, obj, obj_type
    case T_GETSET: return 0b111; // d_type, d_name, d_qualname
    case T_WEAKREF: return 0b10; // wr_callback (wr_object is borrowed)
    case T_PROPERTY: return 0b11111; // prop_get, prop_set, prop_del, prop_doc, prop_name
    case T_STATICMETHOD: case T_CLASSMETHOD: return 0b11; // cm_callable, cm_dict
  }
  return 0;
}

/** tp_dealloc of the extension types: untrack, release the references, free. */
export function extDealloc(o: u64, t: i32): void {
  const gc = extGc(t);
  if (gc) gcUntrack(o);
  if (t == T_WEAKREF) weakrefClear(o);
  const fields = extRefFields(t);
  for (let i: u32 = 0; i < 5; i++) {
    if ((fields & (1 << i)) == 0) continue;
    let v = heapLoad64(o + 16 + (<u64>i << 3));
    if (t == T_DICT_VIEW) v &= ~(<u64>7); // the view's kind rides in the low bits
    xdecref(v);
  }
  if (gc) freeGcObject(o, GC_HEAD);
  else freeObject(o);
}

/**
 * clear_weakref: a weak reference leaves its referent's list (the head in
 * the referent's type's tp_weaklistoffset: a class's tp_weaklist) and refers
 * to None from then on.
 */
export function weakrefClear(r: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  const ob = heapLoad64(r + F1);
  if (ob != NONE) {
    const list = ob + heapLoad64(heapLoad64(ob + OB_TYPE) + TP_WEAKLISTOFFSET);
    const prev = heapLoad64(r + F4), next = heapLoad64(r + F5);
    if (heapLoad64(list) == r) heapStore64(list, next);
    heapStore64(r + F1, NONE);
    if (prev != 0) heapStore64(prev + F5, next);
    if (next != 0) heapStore64(next + F4, prev);
    heapStore64(r + F4, 0);
    heapStore64(r + F5, 0);
  }
  endCategory(previous);
  const callback = heapLoad64(r + F2);
  if (callback != 0) { heapStore64(r + F2, 0); decref(callback); }
}

export function installExtensionTypes(): void {
  setExtensionDealloc(extDealloc);
}

/** PyMethod_New: `func` bound to `self` (both referenced), tracked; 0 on MemoryError. */
export function methodNew(func: u64, self: u64): u64 {
  const m = extNew(T_METHOD);
  if (m == 0) return 0;
  extSet(m, F1, func, true);
  extSet(m, F2, self, true);
  extTrack(m, T_METHOD);
  return m;
}

/** A new reference to `o` (Py_NewRef). */
export function newRef(o: u64): u64 {
  incref(o);
  return o;
}
