// py-objects: what a Python program's objects cost on the emulated CPython
// heap (heap/objects/, docs/heap.md). A list L of `live` slots, then `ops`
// times a random slot is rebound to a new object of a random kind: a float,
// an int beyond the small-int cache, a tuple, a list or a dict of `items`
// floats (str keys), or a str built by concatenation. Binding releases the
// slot's old object, so deallocation cascades through containers; at the end L
// itself is released. Every allocator, refcount, GC-list and object-field
// access is simulated and charged to its category (alloc, free, refcount, gc,
// mutator): this is `memsim run py-objects`.

import { nextBelow } from "./emit";
import { heapFailed, heapSync } from "../heap/memory";
import { NONE } from "../heap/objects/layout";
import { decref } from "../heap/objects/object";
import { floatNew } from "../heap/objects/float";
import { intFromI64 } from "../heap/objects/int";
import { strFromCodePoints, strConcat } from "../heap/objects/str";
import { tupleNew, tupleSetItem } from "../heap/objects/tuple";
import { listNew, listSetItem, listAppend } from "../heap/objects/list";
import { dictNew, dictSetItem } from "../heap/objects/dict";

const CODE_POINTS: usize = memory.data(64 * 4, 16);
const MAX_KEYS = 16;
const KEYS: usize = memory.data(MAX_KEYS * 8, 8);

/** A str of the ASCII text `s` (setup: keys and the prefix). */
function makeStr(s: string): u64 {
  for (let i = 0; i < s.length; i++) store<u32>(CODE_POINTS + (<usize>i << 2), s.charCodeAt(i));
  return strFromCodePoints(CODE_POINTS, <u64>s.length);
}

/** One new object of a random kind (a new reference), or 0 on MemoryError. */
function makeObject(op: u64, items: u32): u64 {
  switch (nextBelow(6)) {
    case 0: return floatNew(<f64>op + 0.5);
    case 1: return intFromI64(<i64>(1000 + op));
    case 2: {
      const t = tupleNew(<u64>items);
      if (t != 0) for (let i: u32 = 0; i < items; i++) tupleSetItem(t, i, NONE);
      return t;
    }
    case 3: {
      const l = listNew(0);
      for (let i: u32 = 0; l != 0 && i < items; i++) {
        const f = floatNew(<f64>i);
        if (f == 0) break;
        listAppend(l, f);
        decref(f);
      }
      return l;
    }
    case 4: {
      const d = dictNew();
      for (let i: u32 = 0; d != 0 && i < items; i++) {
        const f = floatNew(<f64>i);
        if (f == 0) break;
        dictSetItem(d, load<u64>(KEYS + (<usize>(i % MAX_KEYS) << 3)), f);
        decref(f);
      }
      return d;
    }
    default:
      return strConcat(load<u64>(KEYS + (<usize>(op % MAX_KEYS) << 3)), load<u64>(KEYS + (<usize>((op >> 4) % MAX_KEYS) << 3)));
  }
}

/** True when it ran to the end; false on MemoryError or swap full (heapFailed says which). */
export function runPyObjects(live: u32, ops: u64, items: u32): bool {
  for (let i = 0; i < MAX_KEYS; i++) {
    const k = makeStr("key" + i.toString());
    if (k == 0) return failed();
    store<u64>(KEYS + (<usize>i << 3), k);
  }
  const l = listNew(<u64>live);
  if (l == 0) return failed();
  for (let i: u32 = 0; i < live; i++) listSetItem(l, i, NONE);
  for (let op: u64 = 0; op < ops; op++) {
    const slot = nextBelow(live);
    const o = makeObject(op, items);
    if (o == 0 || heapFailed) return failed();
    listSetItem(l, slot, o); // the old object is released here
    decref(o); // the temporary reference
  }
  decref(l);
  for (let i = 0; i < MAX_KEYS; i++) decref(load<u64>(KEYS + (<usize>i << 3)));
  return heapSync();
}

function failed(): bool {
  heapSync();
  return false;
}
