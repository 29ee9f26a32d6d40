// The programs of tests/fixtures/cpython/patterns.json (scripts/record-cpython.py,
// CHILD_PATTERN), replayed on memsim's emulated heap through PyHeap, object by
// object, in the order CPython 3.11 allocates and frees them. Each pattern is the
// child interpreter's program:
//
//   setup                                  (constants, classes, prebuilt suffixes)
//   W = <container>(WARM); stage0..k(W, WARM, x); del W      the warm-up
//   L = <container>(N)
//   gc.collect()                           (clear_freelists: every free list emptied)
//   snapshot; stage0(L, N, x); snapshot; stage1 ...; snapshot
//
// Reference traffic mirrors the bytecode: every PyHeap constructor returns a new
// reference, containers take their own, so `L[i] = expr` is make / setItem /
// decref (the value's temporary reference dies after STORE_SUBSCR).
//
// What memsim does not build, and why it does not matter for the deltas:
// * the range object and its iterator (48-byte blocks, created and freed inside
//   each stage: net zero in every class);
// * the frames of the stage functions and of __init__ (the data stack, not pymalloc);
// * the cyclic collector (tuple3_gc_enabled: the recorded deltas equal tuple3's,
//   CPython's automatic collections freed nothing).

import { PyHeap } from "../../host/heap/objects.js";
import { loadCore } from "../../host/core-node.js";
import { applyMachine, defaultMachine } from "../../host/config/machine.js";
import { readMallocStats, type MallocStats } from "../../host/heap/mallocstats.js";

export const WARM = 64;

/** A fresh core with an emulated heap (arenas not pool-aligned: 63 pools each, like most recorded ones). */
export function newPyHeap(limitMiB = 512): PyHeap {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  core.check(core.exports.heapInit(limitMiB * 1048576, 0));
  return new PyHeap(core);
}

/**
 * `for i in range(start, stop, step): body` in a function: FOR_ITER makes i
 * (rangeiter_next -> PyLong_FromLong: -5..256 are the shared small ints, any
 * other value a new 32-byte int), STORE_FAST then releases the previous i, and
 * the last one dies with the frame when the stage returns.
 */
export function forRange(h: PyHeap, start: number, stop: number, step: number, body: (i: number, iobj: number) => void): void {
  let local = 0;
  for (let i = start; i < stop; i += step) {
    const o = h.int(i);
    if (local) h.decref(local);
    local = o;
    body(i, local);
  }
  if (local) h.decref(local);
}

/** What a pattern's setup made (names of the child's globals). */
export interface Ctx {
  x: number; // None (the stages' parameter x)
  [name: string]: number | number[] | bigint;
}

export interface Pattern {
  /** The module-level setup: constants, classes, prebuilt objects (WN = max(N, WARM)). */
  setup(h: PyHeap, ctx: Ctx, WN: number): void;
  /** The container, created before measuring: `[None] * N`, `[]` or `[None]`. */
  container(h: PyHeap, ctx: Ctx, N: number): number;
  stages: ((h: PyHeap, ctx: Ctx, L: number, N: number) => void)[];
}

/** `for i in range(N): L[i] = expr`, `for i in range(0, N, 2): L[i] = None`, `for i in range(1, N, 2): L[i] = None`. */
function objectPattern(
  expr: (h: PyHeap, ctx: Ctx, i: number, iobj: number) => number,
  setup: (h: PyHeap, ctx: Ctx, WN: number) => void = () => {},
): Pattern {
  return {
    setup,
    // [None] * N: list_repeat -> PyList_New(N) (an exact array of N pointers) filled with None
    container: (h, ctx, N) => h.list(new Array(N).fill(ctx.x)),
    stages: [
      (h, ctx, L, N) => forRange(h, 0, N, 1, (i, iobj) => {
        const v = expr(h, ctx, i, iobj);
        h.setItem(L, i, v); // STORE_SUBSCR: list_ass_item releases the None it replaces
        h.decref(v); // ... and the value's temporary reference dies
      }),
      (h, ctx, L, N) => forRange(h, 0, N, 2, (i) => h.setItem(L, i, ctx.x)),
      (h, ctx, L, N) => forRange(h, 1, N, 2, (i) => h.setItem(L, i, ctx.x)),
    ],
  };
}

const num = (ctx: Ctx, k: string) => ctx[k] as number;

/** `B = 1 << bits`; the 1-digit fast path is not taken, so long_add goes through x_add. */
function bigSetup(bits: number) {
  return (h: PyHeap, ctx: Ctx) => {
    ctx.B = h.int(1n << BigInt(bits));
    ctx.Bbig = 1n << BigInt(bits);
  };
}

/**
 * `P = <prefix>; S = [format(i, '06d') for i in range(WN)]` (or `.encode()`):
 * S's items are 6-character ASCII str (or bytes), owned by the setup.
 */
function concatSetup(prefix: string | Uint8Array) {
  return (h: PyHeap, ctx: Ctx, WN: number) => {
    const bytes = typeof prefix !== "string";
    ctx.P = bytes ? h.bytes(prefix) : h.str(prefix);
    ctx.S = Array.from({ length: WN }, (_, i) => {
      const s = String(i).padStart(6, "0");
      return bytes ? h.bytes(new TextEncoder().encode(s)) : h.str(s);
    });
  };
}

/**
 * `C2(x)` / `S2(x)` in 3.11: CALL of a class goes through _PyObject_MakeTpCall,
 * which builds the tuple of positional arguments (_PyTuple_FromArray), then
 * type_call: object_new (the instance) and __init__ (its two stores); the
 * argument tuple is released after the call (to the 1-tuple free list).
 */
function callWithInit(h: PyHeap, ctx: Ctx, cls: number, init: (o: number) => void): number {
  const args = h.tuple([ctx.x]);
  const o = h.instance(cls);
  init(o);
  h.decref(args);
  return o;
}

export const PATTERNS: Record<string, Pattern> = {
  // i + 0.5: int.__add__ gives NotImplemented, float_add converts i: one new float
  float: objectPattern((h, _c, i) => h.float(i + 0.5)),
  // 1000 + i: long_add's medium path, _PyLong_FromSTwoDigits (exact); 1000 is a constant of the code
  int_1digit: objectPattern((h, c, _i, iobj) => h.intAdd(num(c, "c1000"), iobj), (h, c) => { c.c1000 = h.int(1000); }),
  int_2digit_add: objectPattern((h, c, _i, iobj) => h.intAdd(num(c, "B"), iobj), bigSetup(40)),
  int_3digit_add: objectPattern((h, c, _i, iobj) => h.intAdd(num(c, "B"), iobj), bigSetup(70)),
  int_4digit_add: objectPattern((h, c, _i, iobj) => h.intAdd(num(c, "B"), iobj), bigSetup(100)),
  int_5digit_add: objectPattern((h, c, _i, iobj) => h.intAdd(num(c, "B"), iobj), bigSetup(130)),
  int_6digit_add: objectPattern((h, c, _i, iobj) => h.intAdd(num(c, "B"), iobj), bigSetup(160)),
  // -(B + i): the sum (x_add, one digit too many) is a temporary; long_neg copies it with
  // _PyLong_Copy, exactly sized. memsim has no negation op, so the copy is built as the
  // int of the negated value, which memsim also allocates with exactly its digits;
  // UNARY_NEGATIVE then releases the sum.
  int_2digit_neg: objectPattern(neg, bigSetup(40)),
  int_3digit_neg: objectPattern(neg, bigSetup(70)),
  // (x, x, x): BUILD_TUPLE 3
  tuple3: objectPattern((h, c) => h.tuple([c.x, c.x, c.x])),
  tuple3_gc_enabled: objectPattern((h, c) => h.tuple([c.x, c.x, c.x])),
  // []: BUILD_LIST 0 -> PyList_New(0), no item array
  list_empty: objectPattern((h) => h.list([])),
  // [x, x, x]: BUILD_LIST 3 -> PyList_New(3), an exact 24-byte item array
  list3: objectPattern((h, c) => h.list([c.x, c.x, c.x])),
  // {}: BUILD_MAP 0 -> _PyDict_FromItems(0) -> dict_new_presized(0) -> PyDict_New (shared empty keys)
  dict_empty: objectPattern((h) => h.dict()),
  // {'a': x, 'b': x, 'c': x}: BUILD_CONST_KEY_MAP -> _PyDict_FromItems(3 items) ->
  // dict_new_presized(3): 3 <= USABLE_FRACTION(8) so PyDict_New(), then 3 PyDict_SetItem;
  // the first makes the 8-slot table (insert_to_emptydict). The keys are constants.
  dict3_str: objectPattern((h, c) => dict3(h, c, [num(c, "ka"), num(c, "kb"), num(c, "kc")]), (h, c) => {
    c.ka = h.str("a"); c.kb = h.str("b"); c.kc = h.str("c");
  }),
  dict3_int: objectPattern((h, c) => dict3(h, c, [num(c, "k1"), num(c, "k2"), num(c, "k3")]), (h, c) => {
    c.k1 = h.int(1); c.k2 = h.int(2); c.k3 = h.int(3);
  }),
  // set(): make_new_set with the 8-entry smalltable inside the object
  set_empty: objectPattern((h) => h.set()),
  // {1, 2, 3}: BUILD_SET 0 + SET_UPDATE of the constant frozenset (set_merge copies 3 entries
  // into the smalltable); memsim adds the three small ints: no allocation beyond the set either way
  set3: objectPattern((h, c) => {
    const s = h.set();
    for (const k of [num(c, "k1"), num(c, "k2"), num(c, "k3")]) h.setAdd(s, k);
    return s;
  }, (h, c) => { c.k1 = h.int(1); c.k2 = h.int(2); c.k3 = h.int(3); }),
  // P + S[i]: unicode_concat / bytes_concat, exactly sized (S[i] is borrowed from the list)
  str_ascii_8: concatPattern("a".repeat(2)),
  str_ascii_40: concatPattern("a".repeat(34)),
  str_latin1_8: concatPattern("\u00e9".repeat(2)),
  str_latin1_40: concatPattern("\u00e9".repeat(34)),
  str_ucs2_8: concatPattern("\u20ac".repeat(2)),
  str_ucs2_40: concatPattern("\u20ac".repeat(34)),
  str_ucs4_8: concatPattern("\u{1f600}".repeat(2)),
  str_ucs4_40: concatPattern("\u{1f600}".repeat(34)),
  bytes_8: concatPattern(new Uint8Array(2).fill(0x62)),
  bytes_40: concatPattern(new Uint8Array(34).fill(0x62)),
  // C(): CALL without arguments uses no tuple; object_new allocates the instance and its values array
  instance_plain: objectPattern((h, c) => h.instance(num(c, "C")), (h, c) => { c.C = h.cls(); }),
  instance_2attrs: objectPattern((h, c) => callWithInit(h, c, num(c, "C2"), (o) => {
    h.setAttr(o, num(c, "na"), c.x); // self.a = v
    h.setAttr(o, num(c, "nb"), c.x); // self.b = v
  }), (h, c) => { c.C2 = h.cls(); c.na = h.str("a"); c.nb = h.str("b"); }),
  instance_slots2: objectPattern((h, c) => callWithInit(h, c, num(c, "S2"), (o) => {
    h.setSlot(o, 0, c.x);
    h.setSlot(o, 1, c.x);
  }), (h, c) => { c.S2 = h.cls(2); }),
  // L = []; for i in range(N): L.append(x); then L.clear()
  list_append: {
    setup: () => {},
    container: (h) => h.list([]),
    stages: [
      (h, c, L, N) => forRange(h, 0, N, 1, () => h.append(L, c.x)),
      (h, _c, L) => h.clear(L),
    ],
  },
  // L[0] = [i + 0.5 for i in range(N)]: MAKE_FUNCTION (the <listcomp> function, released when
  // its call returns), BUILD_LIST 0 (PyList_New(0)), LIST_APPEND per item; then L[0] = None
  listcomp_float: {
    setup: (h, c) => {
      c.code = h.code(16);
      c.globals = h.dict();
      c.fname = h.str("<listcomp>");
    },
    container: (h, c) => h.list([c.x]),
    stages: [
      (h, c, L, N) => {
        const f = h.func(num(c, "code"), num(c, "globals"), num(c, "fname"));
        const l = h.list([]);
        forRange(h, 0, N, 1, (i) => {
          const v = h.float(i + 0.5);
          h.append(l, v); // LIST_APPEND takes the reference: append increfs, the temporary dies
          h.decref(v);
        });
        h.decref(f);
        h.setItem(L, 0, l);
        h.decref(l);
      },
      (h, c, L) => h.setItem(L, 0, c.x),
    ],
  },
};

function neg(h: PyHeap, c: Ctx, i: number, iobj: number): number {
  const sum = h.intAdd(num(c, "B"), iobj);
  const r = h.int(-((c.Bbig as bigint) + BigInt(i)));
  h.decref(sum);
  return r;
}

function dict3(h: PyHeap, c: Ctx, keys: number[]): number {
  const d = h.dict();
  for (const k of keys) h.dictSet(d, k, c.x);
  return d;
}

function concatPattern(prefix: string | Uint8Array): Pattern {
  return objectPattern((h, c, i) => h.concat(num(c, "P"), (c.S as number[])[i]), concatSetup(prefix));
}

/** One snapshot: sys._debugmallocstats()'s numbers and the free lists. */
export interface Snapshot {
  stats: MallocStats;
  freelists: Record<string, number>;
}

/** Free-list lengths under the fixture's names ("float", "list", "dict", "tuple<k>"; "keys" is memsim's extra). */
export function freeListCounts(h: PyHeap): Record<string, number> {
  const f = h.freeLists();
  const out: Record<string, number> = { float: f.float, list: f.list, dict: f.dict, keys: f.keys };
  f.tuples.forEach((n, k) => { out[`tuple${k + 1}`] = n; });
  return out;
}

export function snapshot(h: PyHeap): Snapshot {
  return { stats: readMallocStats(h.core), freelists: freeListCounts(h) };
}

/**
 * gc.collect()'s clear_freelists (_PyTuple_ClearFreeList, _PyFloat_ClearFreeList,
 * _PyList_ClearFreeList, _PyDict_ClearFreeList with the keys free list): every
 * free-listed object goes back to pymalloc. memsim has no such call, so the
 * objects are taken off their lists by allocating them, then released with the
 * free lists off.
 */
export function clearFreeLists(h: PyHeap): void {
  const f = h.freeLists();
  const x = h.none();
  const held: number[] = [];
  const key = h.str("clear_freelists_key"); // a str key: an 8-slot str-only table comes off the keys free list
  for (let k = 0; k < f.keys; k++) { const d = h.dict(); h.dictSet(d, key, x); held.push(d); }
  for (let k = 0; k < f.dict - Math.min(f.dict, f.keys); k++) held.push(h.dict());
  for (let k = 0; k < f.float; k++) held.push(h.float(k));
  for (let k = 0; k < f.list; k++) held.push(h.list([]));
  f.tuples.forEach((n, k) => { for (let j = 0; j < n; j++) held.push(h.tuple(new Array(k + 1).fill(x))); });
  h.setFreeLists({ float: false, tuple: false, list: false, dict: false, keys: false });
  for (const o of held) h.decref(o);
  h.decref(key);
  h.decref(x);
  h.setFreeLists({});
}

export interface Replay {
  /** getsizeof of the warm-up's sample (W[1], or W / W[0] for the list patterns). */
  sample: number;
  /** snapshots[0] before the first stage, snapshots[k + 1] after stage k. */
  snapshots: Snapshot[];
  heap: PyHeap;
}

/** Run a pattern's child program for N on a fresh heap. */
export function replay(name: string, N: number): Replay {
  const p = PATTERNS[name];
  if (!p) throw new Error(`no replay for pattern ${name}`);
  const h = newPyHeap();
  const ctx: Ctx = { x: h.none() };
  p.setup(h, ctx, Math.max(N, WARM));
  const W = p.container(h, ctx, WARM);
  p.stages[0](h, ctx, W, WARM);
  const sample = name === "list_append" ? h.sizeof(W) : h.sizeof(h.item(W, name === "listcomp_float" ? 0 : 1));
  for (const stage of p.stages.slice(1)) stage(h, ctx, W, WARM);
  h.decref(W); // del W
  const L = p.container(h, ctx, N);
  clearFreeLists(h);
  const snapshots = [snapshot(h)];
  for (const stage of p.stages) {
    stage(h, ctx, L, N);
    snapshots.push(snapshot(h));
  }
  return { sample, snapshots, heap: h };
}
