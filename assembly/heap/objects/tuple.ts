// tuple: PyTupleObject, GC-tracked, items inline (Objects/tupleobject.c). The
// empty tuple is static; lengths 1..20 have free lists of 2000 threaded
// through ob_item[0].

import { heapAdd64, heapLoad64, heapStore64, peek64, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR } from "../memory";
import { OB_REFCNT, OB_SIZE, TUPLE_ITEMS, GC_HEAD, EMPTY_TUPLE, S_TUPLE_FREE_LISTS, S_TUPLE_NUMFREE } from "./layout";
import { newGcObject, freeGcObject, gcTrack, gcUntrack, incref, xdecref, trashBegin, trashEnd } from "./object";
import { markLive } from "./interp";
import { T_TUPLE } from "./types";
import { freeListOn, FL_TUPLE, TUPLE_MAXSAVESIZE, TUPLE_MAXFREELIST } from "./freelists";

// @ts-ignore: decorator
@inline function item(t: u64, i: u64): u64 {
  return t + TUPLE_ITEMS + (i << 3);
}

/** PyTuple_New(n): items NULL, tracked; the empty tuple is shared. A new reference, or 0. */
export function tupleNew(n: u64): u64 {
  if (n == 0) {
    incref(EMPTY_TUPLE);
    return EMPTY_TUPLE;
  }
  const previous = beginCategory(CAT_ALLOC);
  let t: u64 = 0;
  if (n <= TUPLE_MAXSAVESIZE && freeListOn(FL_TUPLE)) {
    // maybe_freelist_pop
    const head = S_TUPLE_FREE_LISTS + ((n - 1) << 3);
    t = heapLoad64(head);
    if (t != 0) {
      heapStore64(head, heapLoad64(item(t, 0)));
      const count = S_TUPLE_NUMFREE + ((n - 1) << 3);
      heapAdd64(count, -1);
      heapStore64(t + OB_REFCNT, 1);
      markLive(t); // _Py_NewReference
    }
  }
  if (t == 0) {
    t = newGcObject(T_TUPLE, TUPLE_ITEMS + (n << 3), GC_HEAD);
    if (t != 0) heapStore64(t + OB_SIZE, n);
  }
  if (t != 0) {
    for (let i: u64 = 0; i < n; i++) heapStore64(item(t, i), 0);
    gcTrack(t);
  }
  endCategory(previous);
  return t;
}

/** PyTuple_SET_ITEM with a new reference to `v` (a tuple being built). */
export function tupleSetItem(t: u64, i: u64, v: u64): void {
  incref(v);
  const previous = beginCategory(CAT_MUTATOR);
  const old = heapLoad64(item(t, i));
  heapStore64(item(t, i), v);
  endCategory(previous);
  xdecref(old);
}

/** t[i] (costed, mutator), borrowed. */
export function tupleGetItem(t: u64, i: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(item(t, i));
  endCategory(previous);
  return v;
}

/** The length (no cost). */
export function tupleLength(t: u64): u64 {
  return peek64(t + OB_SIZE);
}

/** Item `i` (no cost). */
export function peekTupleItem(t: u64, i: u64): u64 {
  return peek64(item(t, i));
}

/** tupledealloc: untrack, decref the items, onto the free list of its length or freed. */
export function tupleDealloc(t: u64): void {
  const n = heapLoad64(t + OB_SIZE);
  if (n == 0) return; // the static empty tuple
  gcUntrack(t);
  if (!trashBegin(t)) return;
  for (let i = <i64>n - 1; i >= 0; i--) xdecref(heapLoad64(item(t, <u64>i)));
  // maybe_freelist_push
  let kept = false;
  if (n <= TUPLE_MAXSAVESIZE && freeListOn(FL_TUPLE)) {
    const count = S_TUPLE_NUMFREE + ((n - 1) << 3);
    const numfree = heapLoad64(count);
    if (numfree < TUPLE_MAXFREELIST) {
      const head = S_TUPLE_FREE_LISTS + ((n - 1) << 3);
      heapStore64(item(t, 0), heapLoad64(head));
      heapStore64(head, t);
      heapStore64(count, numfree + 1);
      kept = true;
    }
  }
  if (!kept) freeGcObject(t, GC_HEAD);
  trashEnd();
}

/** Tuples of length `n` on their free list (no cost). */
export function tupleFreeCount(n: u64): u64 {
  return peek64(S_TUPLE_NUMFREE + ((n - 1) << 3));
}
