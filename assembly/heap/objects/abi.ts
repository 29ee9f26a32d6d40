// The object layer's exports (re-exported by assembly/index.ts; docs/abi.md,
// "Objects"). Objects cross the boundary as f64 emulated addresses (exact:
// they are below 2^47). Every function that returns an object returns a NEW
// reference the host owns: bind it to a root slot (rootSet takes its own
// reference) and objDecref it, or just objDecref it. Container setters take
// their own reference to what they store, as PyList_Append and PyDict_SetItem
// do. Raw data (digits, code points, bytes, items) comes in the input buffer.
// Errors are negative codes (assembly/errors.ts); a call never traps. Every
// call that ran heap code simulates its queued accesses before it returns
// (heapSync), so the stats block is complete when the host reads it.

import * as E from "../../errors";
import { INPUT_PTR, INPUT_CAPACITY, BATCH_PTR } from "../../layout";
import { isCapturing } from "../../trace/text";
import { heapActive } from "../heap";
import { heapSync, peek64 } from "../memory";
import { OB_SIZE, NONE, TRUE, FALSE, MAX_ROOTS, MANAGED_VALUES } from "./layout";
import { T_BOOL, T_INT, T_FLOAT, T_STR, T_BYTES, T_TUPLE, T_LIST, T_DICT, T_SET, T_CODE, T_FIRST_CLASS, classNumbersEnd } from "./types";
import { incref, decref, refcount, typeOf, isTracked, trashDepthHighwater } from "./object";
import { isObject, rootSet, rootGet, framePush, framePop, frameSet, frameTop } from "./interp";
import { intFromI64, intFromDigits, intAdd, peekInt } from "./int";
import { floatNew, peekFloat, floatFreeCount } from "./float";
import { strConcat, bytesConcat, strFromCodePoints, strLength, peekChar, bytesFrom } from "./str";
import { tupleNew, tupleSetItem, tupleLength, peekTupleItem, tupleFreeCount } from "./tuple";
import { listNew, listClear, listAppend, listSetItem, listPop, listLength, listAllocated, peekListItem, listFreeCount } from "./list";
import { dictNew, dictSetItem, dictGetItem, dictDelItem, dictLength, dictFreeCount, keysFreeCount, DICT_UNHASHABLE } from "./dict";
import { setNew, setAdd, setDiscard, setContains, setLength, SET_UNHASHABLE } from "./set";
import { staticClassNew, instanceNew, instanceSetAttr, instanceGetAttr, instanceDelAttr, instanceValues, hasManagedDict, slotCount, slotSet, slotGet } from "./instance";
import { functionNew, codeNew } from "./function";
import { objectSizeof } from "./sizeof";
import { objectHasGcHead } from "./gc";
import { setFreeLists } from "./freelists";
import { unhashable, hashForLookup } from "./hash";

/** OK to run an object operation: a heap exists and no capture is filling the batch. */
function ready(): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (isCapturing()) return E.ERR_WORKLOAD_CAPTURE;
  return E.OK;
}

/** An object argument: the address, or 0 when it is not a live object. */
function obj(o: f64): u64 {
  if (!(o > 0) || o >= 140737488355328.0 || floor(o) != o) return 0;
  const a = <u64>o;
  return isObject(a) ? a : 0;
}

/** A count or index argument in 0..limit, or -1. */
function count(n: f64, limit: f64): i64 {
  return n >= 0 && n <= limit && floor(n) == n ? <i64>n : -1;
}

/** The result of an operation that made an object: its address, or the error. */
function made(o: u64): f64 {
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return o == 0 ? E.ERR_HEAP_MEMORY : <f64>o;
}

function done(): i32 {
  return !heapSync() ? E.ERR_STORAGE_FULL : E.OK;
}

/** Whether `o` is of type `t` (an exact type; classes count as instances). */
function isType(o: u64, t: i32): bool {
  return o != 0 && typeOf(o) == t;
}

// ---- constructors -------------------------------------------------------------

/** None, True or False (0, 1, 2): a new reference to the static object. */
export function objConstant(which: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  if (which < 0 || which > 2) return E.ERR_CLASSES;
  const o = which == 0 ? NONE : which == 1 ? TRUE : FALSE;
  incref(o);
  return made(o);
}

/** int(v) for an integral |v| < 2^53 (small ints are shared). */
export function objInt(v: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  if (!(v > -9007199254740992.0 && v < 9007199254740992.0) || floor(v) != v) return E.ERR_CLASSES;
  return made(intFromI64(<i64>v));
}

/** An int of `n` 30-bit digits (u32s, least significant first) from the input buffer. */
export function objIntDigits(n: i32, negative: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  if (n < 0 || n > 100000) return E.ERR_INDEX;
  return made(intFromDigits(INPUT_PTR, n, negative != 0));
}

/** a + b (or a - b) of two ints, as long_add / long_sub allocate the result. */
export function objIntAdd(a: f64, b: f64, subtract: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  const x = obj(a), y = obj(b);
  if (!(isType(x, T_INT) || isType(x, T_BOOL)) || !(isType(y, T_INT) || isType(y, T_BOOL))) return E.ERR_OBJECT;
  return made(intAdd(x, y, subtract != 0));
}

/** a + b for two str or two bytes (unicode_concat, bytes_concat). */
export function objConcat(a: f64, b: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  const x = obj(a), y = obj(b);
  if (x == 0 || y == 0) return E.ERR_OBJECT;
  const t = typeOf(x);
  if (t != typeOf(y) || (t != T_STR && t != T_BYTES)) return E.ERR_OBJECT;
  return made(t == T_STR ? strConcat(x, y) : bytesConcat(x, y));
}

/** float(v). */
export function objFloat(v: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  return made(floatNew(v));
}

/** A str of `n` code points (u32s) from the input buffer (the buffer is rewritten). */
export function objStr(n: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  if (n < 0 || n > (INPUT_CAPACITY >> 2) - 2) return E.ERR_INDEX;
  for (let i = 0; i < n; i++) if (load<u32>(INPUT_PTR + (<usize>i << 2)) > 0x10ffff) return E.ERR_CLASSES;
  return made(strFromCodePoints(INPUT_PTR, <u64>n));
}

/** A bytes object of `n` bytes from the input buffer. */
export function objBytes(n: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  if (n < 0 || n > INPUT_CAPACITY - 16) return E.ERR_INDEX;
  return made(bytesFrom(INPUT_PTR, <u64>n));
}

/** Check `n` f64 object addresses in the input buffer. */
function itemsOk(n: i32): bool {
  for (let i = 0; i < n; i++) if (obj(load<f64>(INPUT_PTR + (<usize>i << 3))) == 0) return false;
  return true;
}

/** A tuple of the `n` objects whose addresses (f64) are in the input buffer (_PyTuple_FromArray). */
export function objTuple(n: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  if (n < 0 || n > (INPUT_CAPACITY >> 3)) return E.ERR_INDEX;
  if (!itemsOk(n)) return E.ERR_OBJECT;
  const t = tupleNew(<u64>n);
  if (t != 0) for (let i = 0; i < n; i++) tupleSetItem(t, <u64>i, <u64>load<f64>(INPUT_PTR + (<usize>i << 3)));
  return made(t);
}

/** A list of the `n` objects whose addresses (f64) are in the input buffer (PyList_New(n), then the items). */
export function objList(n: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  if (n < 0 || n > (INPUT_CAPACITY >> 3)) return E.ERR_INDEX;
  if (!itemsOk(n)) return E.ERR_OBJECT;
  const l = listNew(<u64>n);
  if (l != 0) for (let i = 0; i < n; i++) listSetItem(l, <u64>i, <u64>load<f64>(INPUT_PTR + (<usize>i << 3)));
  return made(l);
}

/** {} */
export function objDict(): f64 {
  const r = ready();
  if (r < 0) return r;
  return made(dictNew());
}

/** set() */
export function objSet(): f64 {
  const r = ready();
  if (r < 0) return r;
  return made(setNew());
}

/** class C: a new class (type number >= 40), or an error; `slots` > 0 gives it __slots__ of that many names (at most 64). */
export function objClass(slots: i32): i32 {
  const r = ready();
  if (r < 0) return r;
  if (slots < 0 || slots > 64) return E.ERR_CLASSES;
  const t = staticClassNew(<u32>slots);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return t < 0 ? E.ERR_CLASSES : t;
}

/** C(): an instance of class `t` (object_new with its inline values). */
export function objInstance(t: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  if (t < T_FIRST_CLASS || t >= classNumbersEnd()) return E.ERR_CLASSES;
  return made(instanceNew(t));
}

/** A code object of `units` code units with its constants and names (tuples, or 0 for none). */
export function objCode(units: f64, consts: f64, names: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  const c = consts == 0 ? 0 : obj(consts), n = names == 0 ? 0 : obj(names);
  const u = count(units, 1048576);
  if (u < 0) return E.ERR_INDEX;
  if ((consts != 0 && !isType(c, T_TUPLE)) || (names != 0 && !isType(n, T_TUPLE))) return E.ERR_OBJECT;
  return made(codeNew(<u64>u, c, n));
}

/** A function of a code object, with its globals (a dict), name (a str) and defaults (a tuple, or 0). */
export function objFunction(code: f64, globals: f64, name: f64, defaults: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  const c = obj(code), g = obj(globals), n = obj(name), d = defaults == 0 ? 0 : obj(defaults);
  if (!isType(c, T_CODE) || !isType(g, T_DICT) || !isType(n, T_STR) || (defaults != 0 && !isType(d, T_TUPLE))) return E.ERR_OBJECT;
  return made(functionNew(c, g, n, d));
}

// ---- reference counting and roots ------------------------------------------------

export function objIncref(o: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(o);
  if (a == 0) return E.ERR_OBJECT;
  incref(a);
  return done();
}

/** Py_DECREF: at zero the object is deallocated (and what it references, in cascade). */
export function objDecref(o: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(o);
  if (a == 0) return E.ERR_OBJECT;
  decref(a);
  return done();
}

/** Bind root slot `i` (0..65535) to `o`, or unbind it with o = 0; the slot holds its own reference. */
export function rootBind(i: i32, o: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  if (i < 0 || <u32>i >= MAX_ROOTS) return E.ERR_INDEX;
  const a = o == 0 ? 0 : obj(o);
  if (o != 0 && a == 0) return E.ERR_OBJECT;
  rootSet(<u32>i, a);
  return done();
}

/** The object bound to root slot `i` (borrowed), or 0. */
export function rootObject(i: i32): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (i < 0 || <u32>i >= MAX_ROOTS) return E.ERR_INDEX;
  return <f64>rootGet(<u32>i);
}

/** Push a frame of `words` 8-byte slots on the data stack (16 KiB chunks); its address. */
export function objFramePush(words: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  const w = count(words, 65536);
  if (w <= 0) return E.ERR_INDEX;
  return made(framePush(<u64>w));
}

/** Pop the frame at `frame` (the last pushed): its slots are released. */
export function objFramePop(frame: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  if (!(frame > 0) || floor(frame) != frame || <u64>frame >= frameTop()) return E.ERR_INDEX;
  framePop(<u64>frame);
  return done();
}

/** Slot `i` of a frame holds `o` (0 clears it). */
export function objFrameSet(frame: f64, i: f64, o: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const slot = count(i, 65536);
  if (!(frame > 0) || floor(frame) != frame || slot < 0 || <u64>frame + (<u64>slot << 3) >= frameTop()) return E.ERR_INDEX;
  const a = o == 0 ? 0 : obj(o);
  if (o != 0 && a == 0) return E.ERR_OBJECT;
  frameSet(<u64>frame, <u64>slot, a);
  return done();
}

// ---- containers -------------------------------------------------------------------

/** list.append(v). */
export function listAppendItem(l: f64, v: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(l), b = obj(v);
  if (!isType(a, T_LIST) || b == 0) return E.ERR_OBJECT;
  if (!listAppend(a, b)) return !heapSync() ? E.ERR_STORAGE_FULL : E.ERR_HEAP_MEMORY;
  return done();
}

/** l.clear(). */
export function listClearItems(l: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(l);
  if (!isType(a, T_LIST)) return E.ERR_OBJECT;
  listClear(a);
  return done();
}

/** l[i] = v (i in 0..len-1). */
export function listSet(l: f64, i: f64, v: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(l), b = obj(v);
  if (!isType(a, T_LIST) || b == 0) return E.ERR_OBJECT;
  const k = count(i, <f64>listLength(a) - 1);
  if (k < 0) return E.ERR_INDEX;
  listSetItem(a, <u64>k, b);
  return done();
}

/** l.pop(i): the item (a new reference). */
export function listPopItem(l: f64, i: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(l);
  if (!isType(a, T_LIST)) return E.ERR_OBJECT;
  const k = count(i, <f64>listLength(a) - 1);
  if (k < 0) return E.ERR_INDEX;
  return made(listPop(a, <u64>k));
}

/** d[k] = v. */
export function dictSet(d: f64, k: f64, v: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(d), b = obj(k), c = obj(v);
  if (!isType(a, T_DICT) || b == 0 || c == 0) return E.ERR_OBJECT;
  const s = dictSetItem(a, b, c);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return s == 0 ? E.OK : s == DICT_UNHASHABLE ? E.ERR_UNHASHABLE : E.ERR_HEAP_MEMORY;
}

/** d[k]: a new reference, or ERR_KEY. */
export function dictGet(d: f64, k: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(d), b = obj(k);
  if (!isType(a, T_DICT) || b == 0) return E.ERR_OBJECT;
  const v = dictGetItem(a, b);
  if (unhashable) { heapSync(); return E.ERR_UNHASHABLE; }
  if (v == 0) return !heapSync() ? E.ERR_STORAGE_FULL : E.ERR_KEY;
  incref(v);
  return made(v);
}

/** del d[k]: OK or ERR_KEY. */
export function dictDel(d: f64, k: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(d), b = obj(k);
  if (!isType(a, T_DICT) || b == 0) return E.ERR_OBJECT;
  const found = dictDelItem(a, b);
  if (unhashable) { heapSync(); return E.ERR_UNHASHABLE; }
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return found ? E.OK : E.ERR_KEY;
}

/** s.add(k). */
export function setAddItem(s: f64, k: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(s), b = obj(k);
  if (!isType(a, T_SET) || b == 0) return E.ERR_OBJECT;
  const x = setAdd(a, b);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return x == 0 ? E.OK : x == SET_UNHASHABLE ? E.ERR_UNHASHABLE : E.ERR_HEAP_MEMORY;
}

/** s.discard(k): 1 when it was there, 0 when not. */
export function setDiscardItem(s: f64, k: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(s), b = obj(k);
  if (!isType(a, T_SET) || b == 0) return E.ERR_OBJECT;
  const found = setDiscard(a, b);
  if (unhashable) { heapSync(); return E.ERR_UNHASHABLE; }
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return found ? 1 : 0;
}

/** k in s: 1 or 0. */
export function setHas(s: f64, k: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(s), b = obj(k);
  if (!isType(a, T_SET) || b == 0) return E.ERR_OBJECT;
  const found = setContains(a, b);
  if (unhashable) { heapSync(); return E.ERR_UNHASHABLE; }
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return found ? 1 : 0;
}

/** An instance of a __slots__ class: slot `i` = v (v = 0 clears it). */
export function slotSetItem(o: f64, i: i32, v: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(o), b = v == 0 ? 0 : obj(v);
  if (a == 0 || typeOf(a) < T_FIRST_CLASS || hasManagedDict(a) || (v != 0 && b == 0)) return E.ERR_OBJECT;
  if (i < 0 || <u64>i >= slotCount(typeOf(a))) return E.ERR_INDEX;
  slotSet(a, <u64>i, b);
  return done();
}

/** Slot `i` of an instance of a __slots__ class: a new reference, or ERR_KEY (AttributeError) when unset. */
export function slotGetItem(o: f64, i: i32): f64 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(o);
  if (a == 0 || typeOf(a) < T_FIRST_CLASS || hasManagedDict(a)) return E.ERR_OBJECT;
  if (i < 0 || <u64>i >= slotCount(typeOf(a))) return E.ERR_INDEX;
  const v = slotGet(a, <u64>i);
  if (v == 0) return !heapSync() ? E.ERR_STORAGE_FULL : E.ERR_KEY;
  incref(v);
  return made(v);
}

/** o.name = v (name a str; o an instance of a class without __slots__). */
export function attrSet(o: f64, name: f64, v: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(o), n = obj(name), b = obj(v);
  if (a == 0 || typeOf(a) < T_FIRST_CLASS || !hasManagedDict(a) || !isType(n, T_STR) || b == 0) return E.ERR_OBJECT;
  const s = instanceSetAttr(a, n, b);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return s == 0 ? E.OK : E.ERR_HEAP_MEMORY;
}

/** o.name: a new reference, or ERR_KEY (AttributeError). */
export function attrGet(o: f64, name: f64): f64 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(o), n = obj(name);
  if (a == 0 || typeOf(a) < T_FIRST_CLASS || !hasManagedDict(a) || !isType(n, T_STR)) return E.ERR_OBJECT;
  const v = instanceGetAttr(a, n);
  if (v == 0) return !heapSync() ? E.ERR_STORAGE_FULL : E.ERR_KEY;
  incref(v);
  return made(v);
}

/** del o.name: OK or ERR_KEY. */
export function attrDel(o: f64, name: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(o), n = obj(name);
  if (a == 0 || typeOf(a) < T_FIRST_CLASS || !hasManagedDict(a) || !isType(n, T_STR)) return E.ERR_OBJECT;
  const found = instanceDelAttr(a, n);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return found ? E.OK : E.ERR_KEY;
}

// ---- queries (no cost: they look, the emulated program does not) ------------------

/** sys.getsizeof(o): __sizeof__ plus the GC pre-header (16, or 32 with a managed dict). */
export function objSizeof(o: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  if (a == 0) return E.ERR_OBJECT;
  return <f64>objectSizeof(a);
}

function sizeField(o: u64): u64 {
  return peek64(o + OB_SIZE);
}

/** hash(o) (costed, as the program computes it): the i64 goes to the batch buffer; OK or ERR_UNHASHABLE. */
export function objHash(o: f64): i32 {
  const r = ready();
  if (r < 0) return r;
  const a = obj(o);
  if (a == 0) return E.ERR_OBJECT;
  const h = hashForLookup(a);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  if (unhashable) return E.ERR_UNHASHABLE;
  store<i64>(BATCH_PTR, h);
  return E.OK;
}

/** The reference count (sys.getrefcount(o) - 1: getrefcount counts its own argument). */
export function objRefcount(o: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  return a == 0 ? E.ERR_OBJECT : <f64>refcount(a);
}

/** The type number (docs/abi.md: 0 None, 1 bool, 2 int, 3 float, 4 str, 5 bytes, 6 tuple, 7 list, 8 dict, 9 set, 10 function, 11 code, >= 40 a class). */
export function objType(o: f64): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  return a == 0 ? E.ERR_OBJECT : typeOf(a);
}

/** The value of an int, bool (exact below 2^53) or float. */
export function objValue(o: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  if (a == 0) return E.ERR_OBJECT;
  const t = typeOf(a);
  if (t == T_FLOAT) return peekFloat(a);
  if (t == T_INT || t == T_BOOL) return peekInt(a);
  return E.ERR_OBJECT;
}

/** len(o) of a str, bytes, tuple, list, dict or set; an int's digit count (|ob_size|). */
export function objLength(o: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  if (a == 0) return E.ERR_OBJECT;
  switch (typeOf(a)) {
    case T_STR: return <f64>strLength(a);
    case T_BYTES: case T_TUPLE: return <f64>sizeField(a);
    case T_LIST: return <f64>listLength(a);
    case T_DICT: return <f64>dictLength(a);
    case T_SET: return <f64>setLength(a);
    case T_INT: case T_BOOL: { const s = <i64>sizeField(a); return <f64>(s < 0 ? -s : s); }
  }
  return E.ERR_OBJECT;
}

/** Item `i` of a tuple or list (borrowed), or code point `i` of a str. */
export function objItem(o: f64, i: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  if (a == 0) return E.ERR_OBJECT;
  const t = typeOf(a);
  const n = t == T_TUPLE ? tupleLength(a) : t == T_LIST ? listLength(a) : t == T_STR ? strLength(a) : 0;
  if (t != T_TUPLE && t != T_LIST && t != T_STR) return E.ERR_OBJECT;
  const k = count(i, <f64>n - 1);
  if (k < 0) return E.ERR_INDEX;
  return t == T_TUPLE ? <f64>peekTupleItem(a, <u64>k) : t == T_LIST ? <f64>peekListItem(a, <u64>k) : <f64>peekChar(a, <u64>k);
}

/** A list's capacity (allocated). */
export function objCapacity(o: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  return isType(a, T_LIST) ? <f64>listAllocated(a) : E.ERR_OBJECT;
}

/** Whether the GC tracks `o`: 1 or 0. */
export function objTracked(o: f64): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  if (a == 0) return E.ERR_OBJECT;
  return objectHasGcHead(a) && isTracked(a) ? 1 : 0;
}

/** The instance's values array address (0 once its attributes moved to a dict). */
export function objValuesArray(o: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  const a = obj(o);
  if (a == 0 || typeOf(a) < T_FIRST_CLASS || !hasManagedDict(a)) return E.ERR_OBJECT;
  return <f64>instanceValues(a);
}

/** Free-list lengths: 0 float, 1 list, 2 dict, 3 dict keys, 4 + n tuples of length n (1..20). */
export function freeListLength(which: i32): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (which == 0) return <i32>floatFreeCount();
  if (which == 1) return <i32>listFreeCount();
  if (which == 2) return <i32>dictFreeCount();
  if (which == 3) return <i32>keysFreeCount();
  if (which >= 5 && which <= 24) return <i32>tupleFreeCount(<u64>(which - 4));
  return E.ERR_INDEX;
}

/** Which free lists are on: bits 1 float, 2 tuple, 4 list, 8 dict, 16 dict keys (heapInit turns all on). */
export function setFreeListMask(mask: i32): i32 {
  if (mask < 0 || mask > 31) return E.ERR_CLASSES;
  setFreeLists(<u32>mask);
  return E.OK;
}

/** The deepest container deallocations nested since heapInit (the trashcan keeps it at most 50). */
export function trashDepth(): i32 {
  return <i32>trashDepthHighwater;
}
