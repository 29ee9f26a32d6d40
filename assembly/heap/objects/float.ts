// float: PyFloatObject (24 bytes) and its free list of 100 (Objects/floatobject.c).
// The free list is threaded through ob_type.

import { heapAdd64, heapLoad64, heapStore64, beginCategory, endCategory, peek64, CAT_ALLOC, CAT_MUTATOR } from "../memory";
import { objectMalloc } from "../heap";
import { FLOAT_VALUE, FLOAT_SIZE, OB_TYPE, S_FLOAT_FREE_LIST, S_FLOAT_NUMFREE } from "./layout";
import { initHeader, freeObject } from "./object";
import { T_FLOAT } from "./types";
import { freeListOn, FL_FLOAT, FLOAT_MAXFREELIST } from "./freelists";

/** PyFloat_FromDouble: a new reference, or 0 (MemoryError). */
export function floatNew(v: f64): u64 {
  const previous = beginCategory(CAT_ALLOC);
  let o = heapLoad64(S_FLOAT_FREE_LIST);
  if (o != 0) {
    heapStore64(S_FLOAT_FREE_LIST, heapLoad64(o + OB_TYPE));
    heapAdd64(S_FLOAT_NUMFREE, -1);
  } else {
    o = objectMalloc(FLOAT_SIZE);
  }
  if (o != 0) {
    initHeader(o, T_FLOAT);
    beginCategory(CAT_MUTATOR);
    heapStore64(o + FLOAT_VALUE, reinterpret<u64>(v));
    endCategory(CAT_ALLOC);
  }
  endCategory(previous);
  return o;
}

/** float_dealloc: onto the free list while it holds fewer than 100, else PyObject_Free. */
export function floatDealloc(o: u64): void {
  const numfree = heapLoad64(S_FLOAT_NUMFREE);
  if (!freeListOn(FL_FLOAT) || numfree >= FLOAT_MAXFREELIST) {
    freeObject(o);
    return;
  }
  heapStore64(S_FLOAT_NUMFREE, numfree + 1);
  heapStore64(o + OB_TYPE, heapLoad64(S_FLOAT_FREE_LIST));
  heapStore64(S_FLOAT_FREE_LIST, o);
}

/** The value, as the program reads it (costed, mutator). */
export function floatValue(o: u64): f64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = reinterpret<f64>(heapLoad64(o + FLOAT_VALUE));
  endCategory(previous);
  return v;
}

/** The value without cost (introspection). */
export function peekFloat(o: u64): f64 {
  return reinterpret<f64>(peek64(o + FLOAT_VALUE));
}

/** Floats on the free list (no cost). */
export function floatFreeCount(): u64 {
  return peek64(S_FLOAT_NUMFREE);
}
