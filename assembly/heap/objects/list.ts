// list: PyListObject (40 bytes + GC head) with a separate item array from
// PyMem_Malloc, grown and shrunk by list_resize's exact rule, and a free list
// of 80 list objects (Objects/listobject.c).

import { heapLoad64, heapStore64, peek64, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR, CAT_FREE } from "../memory";
import { objectMalloc, objectFree, objectRealloc } from "../heap";
import { OB_REFCNT, OB_SIZE, LIST_ITEMS, LIST_ALLOCATED, LIST_SIZE, GC_HEAD, S_LIST_NUMFREE, S_LIST_FREE_LIST } from "./layout";
import { newGcObject, freeGcObject, gcTrack, gcUntrack, incref, decref, xdecref, trashBegin, trashEnd } from "./object";
import { markLive } from "./interp";
import { T_LIST } from "./types";
import { freeListOn, FL_LIST, LIST_MAXFREELIST } from "./freelists";

/** PyList_New(n): n NULL items (PyMem_Calloc), tracked; a new reference, or 0 on MemoryError. */
export function listNew(n: u64): u64 {
  const previous = beginCategory(CAT_ALLOC);
  let l: u64 = 0;
  const numfree = heapLoad64(S_LIST_NUMFREE);
  if (numfree != 0 && freeListOn(FL_LIST)) {
    heapStore64(S_LIST_NUMFREE, numfree - 1);
    l = heapLoad64(S_LIST_FREE_LIST + ((numfree - 1) << 3));
    heapStore64(l + OB_REFCNT, 1);
    markLive(l);
  } else {
    l = newGcObject(T_LIST, LIST_SIZE, GC_HEAD);
  }
  if (l != 0) {
    let items: u64 = 0;
    if (n > 0) {
      items = objectMalloc(n << 3);
      if (items == 0) {
        // PyMem_Calloc failed: the half-built list is released (list_dealloc) and MemoryError raised
        heapStore64(l + LIST_ITEMS, 0);
        heapStore64(l + OB_SIZE, 0);
        endCategory(previous);
        decref(l);
        return 0;
      }
      for (let i: u64 = 0; i < n; i++) heapStore64(items + (i << 3), 0);
    }
    heapStore64(l + LIST_ITEMS, items);
    heapStore64(l + OB_SIZE, n);
    heapStore64(l + LIST_ALLOCATED, n);
    gcTrack(l);
  }
  endCategory(previous);
  return l;
}

/** list_resize: the exact over-allocation rule; false on MemoryError (the list is unchanged). */
export function listResize(l: u64, newsize: u64): bool {
  const allocated = heapLoad64(l + LIST_ALLOCATED);
  if (allocated >= newsize && newsize >= (allocated >> 1)) {
    heapStore64(l + OB_SIZE, newsize);
    return true;
  }
  let newAllocated = (newsize + (newsize >> 3) + 6) & ~(<u64>3);
  const size = heapLoad64(l + OB_SIZE);
  if (<i64>newsize - <i64>size > <i64>(newAllocated - newsize)) newAllocated = (newsize + 3) & ~(<u64>3);
  if (newsize == 0) newAllocated = 0;
  const previous = beginCategory(CAT_ALLOC);
  const items = objectRealloc(heapLoad64(l + LIST_ITEMS), newAllocated << 3);
  endCategory(previous);
  if (items == 0) return false;
  heapStore64(l + LIST_ITEMS, items);
  heapStore64(l + OB_SIZE, newsize);
  heapStore64(l + LIST_ALLOCATED, newAllocated);
  return true;
}

/** list.append(v) (_PyList_AppendTakeRef of a new reference); false on MemoryError. */
export function listAppend(l: u64, v: u64): bool {
  incref(v);
  const previous = beginCategory(CAT_MUTATOR);
  const n = heapLoad64(l + OB_SIZE);
  const allocated = heapLoad64(l + LIST_ALLOCATED);
  let ok = true;
  if (allocated > n) {
    heapStore64(heapLoad64(l + LIST_ITEMS) + (n << 3), v);
    heapStore64(l + OB_SIZE, n + 1);
  } else if (listResize(l, n + 1)) {
    heapStore64(heapLoad64(l + LIST_ITEMS) + (n << 3), v);
  } else {
    ok = false;
  }
  endCategory(previous);
  if (!ok) xdecref(v);
  return ok;
}

/** l[i] = v (list_ass_item): the new item referenced, the old one released. */
export function listSetItem(l: u64, i: u64, v: u64): void {
  incref(v);
  const previous = beginCategory(CAT_MUTATOR);
  const slot = heapLoad64(l + LIST_ITEMS) + (i << 3);
  const old = heapLoad64(slot);
  heapStore64(slot, v);
  endCategory(previous);
  xdecref(old);
}

/** l[i], borrowed (costed, mutator). */
export function listGetItem(l: u64, i: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(heapLoad64(l + LIST_ITEMS) + (i << 3));
  endCategory(previous);
  return v;
}

/** list.pop(i): the item (the list's reference passes to the caller); the tail moves down, then list_resize. */
export function listPop(l: u64, i: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const n = heapLoad64(l + OB_SIZE);
  const items = heapLoad64(l + LIST_ITEMS);
  const v = heapLoad64(items + (i << 3));
  for (let k = i + 1; k < n; k++) heapStore64(items + ((k - 1) << 3), heapLoad64(items + (k << 3)));
  // A smaller array can fail at the heap limit (MemoryError in CPython); memsim keeps the larger one then.
  if (!listResize(l, n - 1)) heapStore64(l + OB_SIZE, n - 1);
  endCategory(previous);
  return v;
}

/** list.clear() (_list_clear): the list empties first, then the items are released and the array freed. */
export function listClear(l: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  const items = heapLoad64(l + LIST_ITEMS);
  let n = heapLoad64(l + OB_SIZE);
  heapStore64(l + LIST_ITEMS, 0);
  heapStore64(l + OB_SIZE, 0);
  heapStore64(l + LIST_ALLOCATED, 0);
  while (n-- > 0) xdecref(heapLoad64(items + (n << 3)));
  if (items != 0) {
    beginCategory(CAT_FREE);
    objectFree(items);
    endCategory(CAT_MUTATOR);
  }
  endCategory(previous);
}

/** The length (no cost). */
export function listLength(l: u64): u64 {
  return peek64(l + OB_SIZE);
}

/** The capacity (no cost). */
export function listAllocated(l: u64): u64 {
  return peek64(l + LIST_ALLOCATED);
}

/** Item `i` (no cost). */
export function peekListItem(l: u64, i: u64): u64 {
  return peek64(peek64(l + LIST_ITEMS) + (i << 3));
}

/** list_dealloc: untrack, release the items, free the array, onto the free list or freed. */
export function listDealloc(l: u64): void {
  gcUntrack(l);
  if (!trashBegin(l)) return;
  const items = heapLoad64(l + LIST_ITEMS);
  if (items != 0) {
    for (let i = <i64>heapLoad64(l + OB_SIZE) - 1; i >= 0; i--) xdecref(heapLoad64(items + (<u64>i << 3)));
    objectFree(items);
  }
  const numfree = heapLoad64(S_LIST_NUMFREE);
  if (numfree < LIST_MAXFREELIST && freeListOn(FL_LIST)) {
    heapStore64(S_LIST_FREE_LIST + (numfree << 3), l);
    heapStore64(S_LIST_NUMFREE, numfree + 1);
  } else {
    freeGcObject(l, GC_HEAD);
  }
  trashEnd();
}

/** Lists on the free list (no cost). */
export function listFreeCount(): u64 {
  return peek64(S_LIST_NUMFREE);
}

/** list_preallocate_exact (3.11): an item array for `size` items, rounded up to even, on a list without one; false on MemoryError. */
export function listPreallocateExact(l: u64, size: u64): bool {
  size = (size + 1) & ~(<u64>1);
  const previous = beginCategory(CAT_ALLOC);
  const items = objectMalloc(size << 3);
  endCategory(previous);
  if (items == 0) return false;
  const p2 = beginCategory(CAT_MUTATOR);
  heapStore64(l + LIST_ITEMS, items);
  heapStore64(l + LIST_ALLOCATED, size);
  endCategory(p2);
  return true;
}

/** Py_SET_SIZE on a list (costed). */
export function listSetSize(l: u64, n: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  heapStore64(l + OB_SIZE, n);
  endCategory(previous);
}
