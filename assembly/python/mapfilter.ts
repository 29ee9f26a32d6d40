// map and filter objects (Python/bltinmodule.c): lazy iterators over other
// iterators that call a function per item, from C code (eval.ts callObject:
// a Python function runs in a nested eval loop). map's object holds a tuple
// of its iterators and the function; filter's the function (or None) and its
// iterator; both are GC-tracked, 32 bytes (getsizeof 48).

import { NONE } from "../heap/objects/layout";
import { T_BOOL, typeObject } from "../heap/objects/types";
import { decref } from "../heap/objects/object";
import { tupleGetItem, tupleLength } from "../heap/objects/tuple";
import { raise, EX_UNSUPPORTED, sortAlloc, sortRelease } from "./state";
import { getIter, iterNext, truthy, chk } from "./ops";
import { T_MAP, T_FILTER, F1, F2, extNew, extSet, extGet, extTrack } from "./objs";
import { callObject } from "./eval";

/** map(func, *iterables): a new map object over `iters` (a tuple of iterators: its reference is taken over), or 0. */
export function mapNew(func: u64, iters: u64): u64 {
  const m = extNew(T_MAP);
  if (m == 0) { decref(iters); return chk(0); }
  extSet(m, F1, iters, false);
  extSet(m, F2, func, true);
  extTrack(m, T_MAP);
  return m;
}

/** filter(function or None, iterable): a new filter object, or 0. */
export function filterNew(func: u64, iterable: u64): u64 {
  const it = getIter(iterable);
  if (it == 0) return 0;
  const f = extNew(T_FILTER);
  if (f == 0) { decref(it); return chk(0); }
  extSet(f, F1, func, true);
  extSet(f, F2, it, false);
  extTrack(f, T_FILTER);
  return f;
}

const ARGV = memory.data(8); // filter's one argument (read by callObject before the call runs)

/** map_next: an item from every iterator, then func(*items). A new reference, 0 at the end or with an exception. */
export function mapNext(m: u64): u64 {
  const iters = extGet(m, F1);
  const n = tupleLength(iters);
  // the items (CPython's small stack, a C local) in the interpreter's LIFO scratch: a map called inside the call gets its own
  const items = sortAlloc(n);
  if (items == 0) { raise(EX_UNSUPPORTED, "maps nested this deep are not supported yet (memsim)"); return 0; }
  for (let i: u64 = 0; i < n; i++) {
    const v = iterNext(tupleGetItem(iters, i));
    if (v == 0) {
      for (let j: u64 = 0; j < i; j++) decref(load<u64>(items + (<usize>j << 3)));
      sortRelease(items);
      return 0;
    }
    store<u64>(items + (<usize>i << 3), v);
  }
  const r = callObject(extGet(m, F2), items, <u32>n);
  for (let j: u64 = 0; j < n; j++) decref(load<u64>(items + (<usize>j << 3)));
  sortRelease(items);
  return r;
}

/** filter_next: the next item the function (None or bool: the item itself) finds true. */
export function filterNext(f: u64): u64 {
  const func = extGet(f, F1);
  const it = extGet(f, F2);
  const plain = func == NONE || func == typeObject(T_BOOL);
  while (true) {
    const v = iterNext(it);
    if (v == 0) return 0;
    let ok: i32;
    if (plain) ok = truthy(v);
    else {
      store<u64>(ARGV, v);
      const good = callObject(func, ARGV, 1);
      if (good == 0) { decref(v); return 0; }
      ok = truthy(good);
      decref(good);
    }
    if (ok > 0) return v;
    decref(v);
    if (ok < 0) return 0;
  }
  return 0;
}
