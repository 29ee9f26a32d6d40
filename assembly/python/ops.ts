// The operations the opcodes and builtins share, on the built-in types, with
// CPython 3.11's results, reference counts and error messages: truth, length,
// repr/str (into the UTF-8 text buffer), comparisons, arithmetic, subscripts
// and slices, containment, iteration. Objects are passed borrowed; results are
// new references, or 0 with an exception set (state.ts raise*).

import { heapLoad64, heapStore64, peek64, heapCopy, beginCategory, endCategory, CAT_MUTATOR, CAT_ALLOC, CAT_FREE } from "../heap/memory";
import { objectMalloc, objectFree } from "../heap/heap";
import {
  OB_SIZE, OB_REFCNT, NONE, TRUE, FALSE, EMPTY_TUPLE, FLOAT_VALUE, STR_LENGTH, DICT_USED, DICT_KEYS,
  DK_LOG2_SIZE, DK_NENTRIES, DK_INDICES, LIST_ITEMS, TUPLE_ITEMS, SET_TABLE, SET_MASK, SET_USED, SET_DUMMY, latin1Char, BYTES_DATA,
} from "../heap/objects/layout";
import { T_NONE, T_BOOL, T_INT, T_FLOAT, T_STR, T_BYTES, T_TUPLE, T_LIST, T_DICT, T_SET, T_FROZENSET, T_FUNCTION, T_CODE, T_OBJECT, T_TYPE, T_FIRST_CLASS, typeObject, typeNumber, isAnySet } from "../heap/objects/types";
import { incref, decref, xdecref, typeOf, loadType, refcount } from "../heap/objects/object";
import { intFromI64, intAdd } from "../heap/objects/int";
import { floatNew } from "../heap/objects/float";
import { strFromCodePoints, strConcat, strLength, strKind, strData, peekChar, readChar, bytesConcat, bytesFrom } from "../heap/objects/str";
import { heapLoad8, heapReadRange } from "../heap/memory";
import { tupleNew, tupleSetItem, tupleGetItem, tupleLength } from "../heap/objects/tuple";
import { listNew, listAppend, listSetItem, listGetItem, listLength, listPop, listResize, listAllocated, listPreallocateExact, listSetSize, listClear } from "../heap/objects/list";
import { dictNew, dictSetItem, dictGetItem, dictDelItem, dictLength, DICT_UNHASHABLE, dictGetItemHash, dictSetItemHash } from "../heap/objects/dict";
import { setNew, setAdd, setContains, setLength, SET_UNHASHABLE, setMerge, setClear, setDiscard, setContainsHash, setAddHash, setDiscardHash } from "../heap/objects/set";
import { hashForLookup, unhashable, lookupRaised, objectsEqual, runsScript } from "../heap/objects/hash";
import { FUNC_NAME } from "../heap/objects/layout";
import {
  raise, raiseBegin, msg, msgTypeName, msgStrObj, msgChar, msgByte, excType, EX_TYPE, EX_INDEX, EX_KEY, EX_VALUE, EX_ZERODIV, EX_MEMORY,
  EX_OVERFLOW, EX_RUNTIME, EX_UNSUPPORTED, strIs, textByte, textChar, textLen, textPtr, textReset, cpPtr, CP_MAX, classRecord, builtinTypeName, textFull, clearException, setExcArg,
  sortAlloc, sortRelease,
} from "./state";
import * as N from "./num";
import { strPrintf } from "./strformat";
import { mapNext, filterNext } from "./mapfilter";
import { isExceptionClass, isBuiltinClass, appendException } from "./exceptions";
import { classModule, classQualname } from "./classes";
import {
  NOT_HANDLED, hasSlot, callSlot, slotRepr, richCompare, binarySlot, unarySlot, slotLength, slotTruth, slotIter,
  SLOT_LEN, SLOT_CONTAINS, SLOT_GETITEM, SLOT_SETITEM, SLOT_DELITEM, SLOT_ITER, SLOT_POS, SLOT_NEG, SLOT_INVERT,
} from "./slots";
import {
  T_RANGE, T_RANGE_ITER, T_LIST_ITER, T_TUPLE_ITER, T_STR_ITER, T_DICT_KEYITER, T_DICT_VALUEITER, T_DICT_ITEMITER, T_SET_ITER,
  T_SLICE, T_BUILTIN, T_METHOD, T_MODULE, T_ENUMERATE, T_ZIP, T_LIST_REVITER, T_DICT_VIEW, T_MAP, T_FILTER, T_STATICMETHOD, T_CLASSMETHOD, F1, F2, F3, F4, F5,
  extNew, extTrack, extSet, extGet,
} from "./objs";

export let ellipsis: u64 = 0;
export function setEllipsis(o: u64): void { ellipsis = o; }

// ---- basics ---------------------------------------------------------------------------

/** Py_TYPE(o) as the interpreter reads it (costed). */
// @ts-ignore: decorator
@inline export function ty(o: u64): i32 {
  return loadType(o);
}

export function isIntLike(t: i32): bool {
  return t == T_INT || t == T_BOOL;
}

export function newBool(b: bool): u64 {
  const o = b ? TRUE : FALSE;
  incref(o);
  return o;
}

export function newNone(): u64 {
  incref(NONE);
  return NONE;
}

function memoryError(): u64 {
  if (excType == 0) raise(EX_MEMORY, "");
  return 0;
}

/** A result that may be 0 for MemoryError. */
// @ts-ignore: decorator
@inline export function chk(o: u64): u64 {
  return o == 0 ? memoryError() : o;
}

export function costed(p: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(p);
  endCategory(previous);
  return v;
}

/** ob_size of a var object (costed). */
export function sizeOf(o: u64): u64 {
  return costed(o + OB_SIZE);
}

export function floatOf(o: u64): f64 {
  return N.loadFloat(o);
}

/** The int as an i64 when it fits (|v| < 2^62); sets `fitsI64`. Costed reads. */
export let fitsI64 = true;

export function intValue(o: u64): i64 {
  const size = N.intSize(o);
  if (size >= -1 && size <= 1) { fitsI64 = true; return N.mediumValue(o, size); }
  N.bigReset();
  const p = N.loadInt(o);
  fitsI64 = N.bigFits(p);
  return fitsI64 ? N.bigValue(p) : 0;
}

/** An int as an index (Py_ssize_t): i64, or an error for too big (OverflowError as CPython). */
export function indexValue(o: u64): i64 {
  const v = intValue(o);
  if (!fitsI64) {
    raiseBegin(EX_INDEX); msg("cannot fit 'int' into an index-sized integer");
    return 0;
  }
  return v;
}

/** The int as a double (costed). */
export function intToF64(o: u64): f64 {
  // PyLong_AsDouble's fast path for a medium int: the same costed loads as
  // loadInt's (ob_size, then the one digit), without the bignum's conversion
  const size = <i64>peek64(o + OB_SIZE);
  if (size >= -1 && size <= 1) return <f64>N.mediumValue(o, N.intSize(o));
  N.bigReset();
  return N.bigToF64(N.loadInt(o));
}

// ---- truth and length --------------------------------------------------------------------

/** PyObject_IsTrue: 1, 0, or -1 with an exception. */
export function truthy(o: u64): i32 {
  if (o == TRUE) return 1;
  if (o == FALSE || o == NONE) return 0;
  const t = ty(o);
  switch (t) {
    case T_INT: return N.intSize(o) != 0 ? 1 : 0;
    case T_FLOAT: return floatOf(o) != 0 ? 1 : 0;
    case T_STR: return costed(o + STR_LENGTH) != 0 ? 1 : 0;
    case T_TUPLE: case T_LIST: case T_BYTES: return sizeOf(o) != 0 ? 1 : 0;
    case T_DICT: return costed(o + DICT_USED) != 0 ? 1 : 0;
    case T_SET: case T_FROZENSET: return costed(o + SET_USED) != 0 ? 1 : 0;
    case T_RANGE: return N.intSize(extGet(o, F4)) != 0 ? 1 : 0;
  }
  if (t >= T_FIRST_CLASS) return slotTruth(o, t);
  return 1;
}

/** len(o), or -1 with a TypeError. */
export function lengthOf(o: u64): i64 {
  const t = ty(o);
  switch (t) {
    case T_STR: return <i64>costed(o + STR_LENGTH);
    case T_TUPLE: case T_LIST: case T_BYTES: return <i64>sizeOf(o);
    case T_DICT: return <i64>costed(o + DICT_USED);
    case T_SET: case T_FROZENSET: return <i64>costed(o + SET_USED);
    case T_RANGE: return intValue(extGet(o, F4));
    case T_DICT_VIEW: return <i64>costed((extGet(o, F1) & ~(<u64>7)) + DICT_USED);
  }
  if (hasSlot(t, SLOT_LEN)) return slotLength(o);
  raiseBegin(EX_TYPE); msg("object of type '"); msgTypeName(o); msg("' has no len()");
  return -1;
}

// ---- strings ------------------------------------------------------------------------------

/** Read a str's characters as the program does (its data words, costed). */
export function touchStr(s: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  heapReadRange(strData(s), strLength(s) * <u64>strKind(s));
  endCategory(previous);
}

/** A str from code points at cpPtr (new reference, or 0 with MemoryError). */
export function strFromCp(n: u64): u64 {
  return chk(strFromCodePoints(cpPtr, n));
}

/** A one-character str (the latin-1 singletons below 256). */
export function charStr(c: u32): u64 {
  if (c < 256) { const s = latin1Char(c); incref(s); return s; }
  store<u32>(cpPtr, c);
  return strFromCp(1);
}

/** The text buffer from byte `start` on (UTF-8) as a new str; the text buffer is cut back to `start`. */
/** The code point of the UTF-8 sequence at `p` (utf8Size(its first byte) bytes). */
function utf8At(p: usize): u32 {
  const b = <u32>load<u8>(p);
  if (b < 0x80) return b;
  if (b < 0xe0) return ((b & 31) << 6) | (load<u8>(p + 1) & 63);
  if (b < 0xf0) return ((b & 15) << 12) | ((<u32>load<u8>(p + 1) & 63) << 6) | (load<u8>(p + 2) & 63);
  return ((b & 7) << 18) | ((<u32>load<u8>(p + 1) & 63) << 12) | ((<u32>load<u8>(p + 2) & 63) << 6) | (load<u8>(p + 3) & 63);
}

// @ts-ignore: decorator
@inline function utf8Size(b: u32): u32 {
  return b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
}

export function textToStr(start: u32): u64 {
  let n: u64 = 0;
  let i = start;
  const end = textLen;
  while (i < end && n < <u64>CP_MAX) {
    const c = utf8At(textPtr + i);
    i += utf8Size(<u32>load<u8>(textPtr + i));
    store<u32>(cpPtr + (<usize>n << 2), c);
    n++;
  }
  cutText(start);
  return strFromCp(n);
}

export function cutText(start: u32): void {
  // textLen is exported read-only: reset and re-advance
  textReset();
  while (textLen < start) textByte(load<u8>(textPtr + textLen));
}

export function textAscii(s: string): void {
  for (let i = 0; i < s.length; i++) textByte(<u32>s.charCodeAt(i));
}

export function textStrObj(s: u64): void {
  touchStr(s);
  const n = strLength(s);
  for (let i: u64 = 0; i < n; i++) textChar(peekChar(s, i));
}

function textHex(v: u64): void {
  textAscii("0x");
  let started = false;
  for (let i = 60; i >= 0; i -= 4) {
    const d = <u32>((v >> <u64>i) & 15);
    if (d != 0 || started || i == 0) { started = true; textByte(d < 10 ? 48 + d : 87 + d); }
  }
}

function textI64(v: i64): void {
  if (v < 0) { textByte(45); v = -v; }
  let p: i64 = 1;
  while (p <= v / 10) p *= 10;
  while (p > 0) { textByte(48 + <u32>((v / p) % 10)); p /= 10; }
}

/** Decimal text of an int (CPython's 4300-digit limit applies): false with ValueError. */
function textInt(o: u64): bool {
  N.bigReset();
  const p = N.loadInt(o);
  if (N.bn(p) > 1 && N.decimalDigitsAtLeast(p) > 4300.5) {
    // exact check: convert and count
    const digits = textPtr + textLen;
    const nd = N.bigToDecimal(p, cpPtr);
    if (nd > 4300) {
      raise(EX_VALUE, "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit");
      return false;
    }
  }
  if (N.bneg(p)) textByte(45);
  const nd = N.bigToDecimal(p, cpPtr);
  for (let i: u32 = 0; i < nd; i++) textByte(load<u8>(cpPtr + i));
  return true;
}

function textFloat(v: f64): void {
  const nd = N.floatRepr(v, cpPtr);
  for (let i: u32 = 0; i < nd; i++) textByte(load<u8>(cpPtr + i));
}

/** repr(str) with CPython's quote choice and escapes. */
function textStrRepr(s: u64): void {
  touchStr(s);
  const n = strLength(s);
  let squote = false, dquote = false;
  for (let i: u64 = 0; i < n; i++) {
    const c = peekChar(s, i);
    if (c == 39) squote = true;
    else if (c == 34) dquote = true;
  }
  const q: u32 = squote && !dquote ? 34 : 39;
  textByte(q);
  for (let i: u64 = 0; i < n; i++) {
    const c = peekChar(s, i);
    if (c == q || c == 92) { textByte(92); textByte(c); }
    else if (c == 9) { textByte(92); textByte(116); }
    else if (c == 10) { textByte(92); textByte(110); }
    else if (c == 13) { textByte(92); textByte(114); }
    else if (c < 32 || c == 127 || (c >= 0x80 && c <= 0xa0) || c == 0xad) { textAscii("\\x"); hexDigits(c, 2); }
    else if (!printable(c)) {
      if (c < 0x10000) { textAscii("\\u"); hexDigits(c, 4); } else { textAscii("\\U"); hexDigits(c, 8); }
    }
    else textChar(c);
  }
  textByte(q);
}

function printable(c: u32): bool {
  if (c < 0x100) return true;
  if (c >= 0xd800 && c < 0xe000) return false; // surrogates
  if (c == 0x2028 || c == 0x2029 || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064)) return false;
  if (c == 0xfeff || (c >= 0xe000 && c < 0xf900) || c >= 0xf0000 || (c >= 0xfff0 && c <= 0xfffb)) return false;
  if (c == 0x3000 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x205f) return false; // Zs other than space
  return true;
}

function hexDigits(c: u32, n: i32): void {
  for (let i = n - 1; i >= 0; i--) {
    const d = (c >> (<u32>i << 2)) & 15;
    textByte(d < 10 ? 48 + d : 87 + d);
  }
}

function textBytesRepr(b: u64): void {
  const n = sizeOf(b);
  let squote = false, dquote = false;
  for (let i: u64 = 0; i < n; i++) {
    const c = <u32>((peek64((b + 32 + i) & ~(<u64>7)) >> (((b + 32 + i) & 7) << 3)) & 0xff);
    if (c == 39) squote = true; else if (c == 34) dquote = true;
  }
  const q: u32 = squote && !dquote ? 34 : 39;
  textByte(98); textByte(q);
  for (let i: u64 = 0; i < n; i++) {
    const c = <u32>((peek64((b + 32 + i) & ~(<u64>7)) >> (((b + 32 + i) & 7) << 3)) & 0xff);
    if (c == q || c == 92) { textByte(92); textByte(c); }
    else if (c == 9) textAscii("\\t");
    else if (c == 10) textAscii("\\n");
    else if (c == 13) textAscii("\\r");
    else if (c < 32 || c >= 127) { textAscii("\\x"); hexDigits(c, 2); }
    else textByte(c);
  }
  textByte(q);
}

// Py_ReprEnter: containers being repr'd (recursion shows as [...] / {...})
const REPR_MAX: i32 = 64;
const reprStack = memory.data(REPR_MAX * 8);
let reprDepth: i32 = 0;

function reprEnter(o: u64): bool {
  for (let i = 0; i < reprDepth; i++) if (load<u64>(reprStack + (<usize>i << 3)) == o) return false;
  if (reprDepth < REPR_MAX) store<u64>(reprStack + (<usize>reprDepth << 3), o);
  reprDepth++;
  return true;
}

function reprLeave(): void {
  reprDepth--;
}

export function resetRepr(): void {
  reprDepth = 0;
}

/** The class name of a type number (builtin or class). */
export function textTypeName(t: i32): void {
  if (t >= T_FIRST_CLASS) {
    const name = load<u64>(classRecord(t));
    if (name != 0) { textStrObj(name); return; }
  }
  textAscii(builtinTypeName(t));
}

/**
 * A class's name as type_repr and object_repr show it: its __module__ (the
 * dict's, looked up) and __qualname__, or tp_name for a built-in type (and
 * a class whose module is "builtins" or not a str).
 */
function textClassName(t: i32): void {
  const module = classModule(t);
  if (module != 0 && !strIs(module, "builtins")) {
    textStrObj(module); textByte(46); textStrObj(classQualname(t));
    return;
  }
  textTypeName(t);
}

/** Append repr(o) (or str(o) when `asStr`) to the text buffer; false with an exception. */
export function appendRepr(o: u64, asStr: bool): bool {
  if (textFull()) { raise(EX_MEMORY, ""); return false; }
  if (o == NONE) { textAscii("None"); return true; }
  if (o == TRUE) { textAscii("True"); return true; }
  if (o == FALSE) { textAscii("False"); return true; }
  if (o == ellipsis) { textAscii("Ellipsis"); return true; }
  const t = ty(o);
  switch (t) {
    case T_INT: return textInt(o);
    case T_FLOAT: textFloat(floatOf(o)); return true;
    case T_STR: if (asStr) textStrObj(o); else textStrRepr(o); return true;
    case T_BYTES: textBytesRepr(o); return true;
    case T_LIST: case T_TUPLE: {
      const n = sizeOf(o);
      if (n == 0) { textAscii(t == T_LIST ? "[]" : "()"); return true; }
      if (!reprEnter(o)) { textAscii(t == T_LIST ? "[...]" : "(...)"); return true; }
      textByte(t == T_LIST ? 91 : 40);
      for (let i: u64 = 0; i < sizeOf(o); i++) {
        if (i > 0) textAscii(", ");
        const item = t == T_LIST ? listGetItem(o, i) : tupleGetItem(o, i);
        incref(item);
        const ok = appendRepr(item, false);
        decref(item);
        if (!ok) { reprLeave(); return false; }
      }
      if (t == T_TUPLE && n == 1) textByte(44);
      textByte(t == T_LIST ? 93 : 41);
      reprLeave();
      return true;
    }
    case T_DICT: {
      if (dictLength(o) == 0) { textAscii("{}"); return true; }
      if (!reprEnter(o)) { textAscii("{...}"); return true; }
      textByte(123);
      let pos: u64 = 0;
      let first = true;
      while (dictNext(o, pos)) {
        pos = nextPos;
        if (!first) textAscii(", ");
        first = false;
        const k = nextKey, v = nextValue;
        incref(k); incref(v);
        let ok = appendRepr(k, false);
        if (ok) { textAscii(": "); ok = appendRepr(v, false); }
        decref(k); decref(v);
        if (!ok) { reprLeave(); return false; }
      }
      textByte(125);
      reprLeave();
      return true;
    }
    case T_SET: case T_FROZENSET: {
      // set_repr: `{...}`, a frozenset's inside `frozenset(...)`
      const frozen = t == T_FROZENSET;
      if (setLength(o) == 0) { textAscii(frozen ? "frozenset()" : "set()"); return true; }
      if (!reprEnter(o)) { textAscii(frozen ? "frozenset(...)" : "set(...)"); return true; }
      if (frozen) textAscii("frozenset(");
      textByte(123);
      let pos: u64 = 0;
      let first = true;
      while (setNext(o, pos)) {
        pos = nextPos;
        if (!first) textAscii(", ");
        first = false;
        if (!appendRepr(nextKey, false)) { reprLeave(); return false; }
      }
      textByte(125);
      if (frozen) textByte(41);
      reprLeave();
      return true;
    }
    case T_TYPE: {
      textAscii("<class '");
      textClassName(typeNumber(o));
      textAscii("'>");
      return true;
    }
    case T_FUNCTION: {
      textAscii("<function ");
      textStrObj(costed(o + FUNC_NAME));
      textAscii(" at "); textHex(o); textByte(62);
      return true;
    }
    case T_BUILTIN: {
      const self = extGet(o, F2);
      if (self != 0) { textAscii("<built-in method "); builtinNameText(<i32>extGet(o, F1)); textAscii(" of "); textTypeName(typeOf(self)); textAscii(" object at "); textHex(self); textByte(62); }
      else { textAscii("<built-in function "); builtinNameText(<i32>extGet(o, F1)); textByte(62); }
      return true;
    }
    case T_METHOD: {
      textAscii("<bound method ");
      const f = extGet(o, F1);
      textStrObj(costed(f + FUNC_NAME));
      textAscii(" of ");
      const self = extGet(o, F2);
      if (!appendRepr(self, false)) return false;
      textByte(62);
      return true;
    }
    case T_MODULE: {
      textAscii("<module '"); textStrObj(extGet(o, F5)); textAscii("' (built-in)>");
      return true;
    }
    case T_STATICMETHOD: case T_CLASSMETHOD: {
      // sm_repr, cm_repr: "<%s(%R)>" of the type's name and the callable
      textByte(60); textTypeName(t); textByte(40);
      if (!appendRepr(extGet(o, F1), false)) return false;
      textAscii(")>");
      return true;
    }
    case T_RANGE: {
      textAscii("range(");
      if (!appendRepr(extGet(o, F1), false)) return false;
      textAscii(", ");
      if (!appendRepr(extGet(o, F2), false)) return false;
      const step = extGet(o, F3);
      if (intValue(step) != 1 || !fitsI64) { textAscii(", "); if (!appendRepr(step, false)) return false; }
      textByte(41);
      return true;
    }
    case T_SLICE: {
      textAscii("slice(");
      for (let i: u64 = 0; i < 3; i++) {
        if (i > 0) textAscii(", ");
        if (!appendRepr(extGet(o, F1 + (i << 3)), false)) return false;
      }
      textByte(41);
      return true;
    }
    case T_DICT_VIEW: {
      const raw = extGet(o, F1);
      const kind = <i32>(raw & 7);
      textAscii(kind == 0 ? "dict_keys([" : kind == 1 ? "dict_values([" : "dict_items([");
      const d = raw & ~(<u64>7);
      let pos: u64 = 0;
      let first = true;
      while (dictNext(d, pos)) {
        pos = nextPos;
        if (!first) textAscii(", ");
        first = false;
        const k = nextKey, v = nextValue;
        incref(k); incref(v);
        let ok = true;
        if (kind == 0) ok = appendRepr(k, false);
        else if (kind == 1) ok = appendRepr(v, false);
        else { textByte(40); ok = appendRepr(k, false); if (ok) { textAscii(", "); ok = appendRepr(v, false); } textByte(41); }
        decref(k); decref(v);
        if (!ok) return false;
      }
      textAscii("])");
      return true;
    }
  }
  if (t >= T_FIRST_CLASS) {
    const s = slotRepr(o, t, asStr);
    if (s == 0) return false;
    if (s != NOT_HANDLED) { textStrObj(s); decref(s); return true; }
    if (isExceptionClass(t)) return appendException(o, t, asStr);
    textByte(60); textClassName(t); textAscii(" object at "); textHex(o); textByte(62);
    return true;
  }
  textByte(60); textTypeName(t); textAscii(" object at "); textHex(o); textByte(62);
  return true;
}

/** repr(o) / str(o) as a new str object. */
export function reprObject(o: u64, asStr: bool): u64 {
  if (asStr && ty(o) == T_STR) { incref(o); return o; }
  const t = typeOf(o);
  if (t >= T_FIRST_CLASS) {
    // the method's str itself (PyObject_Str and PyObject_Repr return it)
    const s = slotRepr(o, t, asStr);
    if (s != NOT_HANDLED) return s;
  }
  const start = textLen;
  if (!appendRepr(o, asStr)) { cutText(start); return 0; }
  return textToStr(start);
}

/** ascii(o): repr(o) with every non-ASCII character escaped (\\xhh, \\uhhhh, \\Uhhhhhhhh), a new str or 0. */
export function asciiObject(o: u64): u64 {
  const start = textLen;
  if (!appendRepr(o, false)) { cutText(start); return 0; }
  const n = textLen - start;
  memory.copy(cpPtr, textPtr + start, n);
  cutText(start);
  let i: u32 = 0;
  while (i < n) {
    const c = utf8At(cpPtr + i);
    i += utf8Size(<u32>load<u8>(cpPtr + i));
    if (c < 0x80) { textByte(c); continue; }
    const digits = c < 0x100 ? 2 : c < 0x10000 ? 4 : 8;
    textByte(92);
    textByte(digits == 2 ? 120 : digits == 4 ? 117 : 85);
    for (let k = digits - 1; k >= 0; k--) { const d = (c >> (<u32>k << 2)) & 15; textByte(d < 10 ? 48 + d : 87 + d); }
  }
  return textToStr(start);
}

// the builtin names, for repr (set by builtins.ts)
let builtinNamer: (id: i32) => void = noNamer;
function noNamer(id: i32): void {}
export function setBuiltinNamer(f: (id: i32) => void): void { builtinNamer = f; }
function builtinNameText(id: i32): void { builtinNamer(id); }

// ---- dict and set walking (borrowed keys and values) ----------------------------------------

export let nextPos: u64 = 0;
export let nextKey: u64 = 0;
export let nextValue: u64 = 0;
/** The entry dictNext (of a general table; 0 for a str-keyed one) or setNext gave: where its stored hash is. */
export let nextEntry: u64 = 0;

// A key taken from a set's or a dict's entry, put to another set or dict: CPython
// passes the entry's stored hash along (set_contains_entry, set_add_entry,
// insertdict...). memsim hashes a built-in key again, as it always has (the
// cycles recorded); a key whose hash is a script's __hash__ takes its stored
// hash (its method must not run again). Each takes the entry from the caller,
// read before anything that iterates again.

/** The stored hash of the entry at `e` (a set's: `set`; else a dict's general entry): costed, as CPython's entry->hash. */
function storedHash(e: u64, set: bool): i64 {
  const previous = beginCategory(CAT_MUTATOR);
  const h = <i64>heapLoad64(set ? e + 8 : e);
  endCategory(previous);
  return h;
}

/** k (from entry `e` of a set, or of a dict when `fromSet` is false) in set s. */
export function setHasEntry(s: u64, k: u64, e: u64, fromSet: bool): bool {
  if (e != 0 && runsScript(k, false)) return setContainsHash(s, k, storedHash(e, fromSet));
  return setContains(s, k);
}

/** set.add of k from an entry (as setHasEntry): false with an exception. */
export function setAddEntry(s: u64, k: u64, e: u64, fromSet: bool): bool {
  if (e != 0 && runsScript(k, false)) {
    const r = setAddHash(s, k, storedHash(e, fromSet));
    if (r == SET_UNHASHABLE) { unhashableError(k); return false; }
    if (r != 0) { memoryError(); return false; }
    return true;
  }
  return setAddChecked(s, k);
}

/** set.discard of k from an entry (as setHasEntry). */
function setDiscardEntry(s: u64, k: u64, e: u64, fromSet: bool): bool {
  if (e != 0 && runsScript(k, false)) return setDiscardHash(s, k, storedHash(e, fromSet));
  return setDiscard(s, k);
}

/** d[k] (borrowed) of k from a dict's entry (as setHasEntry). */
function dictGetEntry(d: u64, k: u64, e: u64): u64 {
  if (e != 0 && runsScript(k, false)) return dictGetItemHash(d, k, storedHash(e, false));
  return dictGetItem(d, k);
}

/** d[k] = v of k from a dict's entry (as setHasEntry): 0, DICT_UNHASHABLE or DICT_MEMORY. */
function dictSetEntry(d: u64, k: u64, v: u64, e: u64): i32 {
  if (e != 0 && runsScript(k, false)) return dictSetItemHash(d, k, storedHash(e, false), v);
  return dictSetItem(d, k, v);
}

/** The dict's entry at or after `pos` (costed): false at the end; else nextKey/nextValue/nextPos (the position after). */
export function dictNext(d: u64, pos: u64): bool {
  const previous = beginCategory(CAT_MUTATOR);
  const k = heapLoad64(d + DICT_KEYS);
  const w = heapLoad64(k + DK_LOG2_SIZE);
  const lb = <u32>((w >> 8) & 0xff), kind = <u32>((w >> 16) & 0xff);
  const es: u64 = kind == 0 ? 24 : 16;
  const base = k + DK_INDICES + (<u64>1 << lb);
  const n = heapLoad64(k + DK_NENTRIES);
  while (pos < n) {
    const e = base + pos * es;
    const v = heapLoad64(kind == 0 ? e + 16 : e + 8);
    if (v != 0) {
      nextKey = heapLoad64(kind == 0 ? e + 8 : e);
      nextValue = v;
      nextPos = pos + 1;
      nextEntry = kind == 0 ? e : 0;
      endCategory(previous);
      return true;
    }
    pos++;
  }
  endCategory(previous);
  return false;
}

/** The set's entry at or after table slot `pos` (costed): nextKey, nextPos. */
export function setNext(s: u64, pos: u64): bool {
  const previous = beginCategory(CAT_MUTATOR);
  const table = heapLoad64(s + SET_TABLE);
  const mask = heapLoad64(s + SET_MASK);
  while (pos <= mask) {
    const key = heapLoad64(table + (pos << 4));
    if (key != 0 && key != SET_DUMMY) {
      nextKey = key;
      nextPos = pos + 1;
      nextEntry = table + (pos << 4);
      endCategory(previous);
      return true;
    }
    pos++;
  }
  endCategory(previous);
  return false;
}

// ---- comparison ------------------------------------------------------------------------------

export const CMP_LT: i32 = 0;
export const CMP_LE: i32 = 1;
export const CMP_EQ: i32 = 2;
export const CMP_NE: i32 = 3;
export const CMP_GT: i32 = 4;
export const CMP_GE: i32 = 5;

function opSymbol(op: i32): string {
  switch (op) {
    case CMP_LT: return "<";
    case CMP_LE: return "<=";
    case CMP_EQ: return "==";
    case CMP_NE: return "!=";
    case CMP_GT: return ">";
  }
  return ">=";
}

function fromOrder(c: i32, op: i32): i32 {
  switch (op) {
    case CMP_LT: return c < 0 ? 1 : 0;
    case CMP_LE: return c <= 0 ? 1 : 0;
    case CMP_EQ: return c == 0 ? 1 : 0;
    case CMP_NE: return c != 0 ? 1 : 0;
    case CMP_GT: return c > 0 ? 1 : 0;
  }
  return c >= 0 ? 1 : 0;
}

/** Three-way comparison of two ints (costed reads). */
export function intCompare(a: u64, b: u64): i32 {
  const sa = N.intSize(a), sb = N.intSize(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  const n = sa < 0 ? -sa : sa;
  const previous = beginCategory(CAT_MUTATOR);
  let c = 0;
  for (let i = n - 1; i >= 0; i--) {
    const x = <u32>(peek64(a + 24 + (<u64>i << 2)) & 0xffffffff);
    const y = <u32>(peek64(b + 24 + (<u64>i << 2)) & 0xffffffff);
    heapLoad64(a + 24 + (<u64>i << 2)); heapLoad64(b + 24 + (<u64>i << 2));
    if (x != y) { c = x < y ? -1 : 1; break; }
  }
  endCategory(previous);
  return sa < 0 ? -c : c;
}

function numberOf(o: u64, t: i32): f64 {
  return t == T_FLOAT ? floatOf(o) : intToF64(o);
}

function strCompare(a: u64, b: u64): i32 {
  touchStr(a); touchStr(b);
  const na = strLength(a), nb = strLength(b);
  const n = na < nb ? na : nb;
  for (let i: u64 = 0; i < n; i++) {
    const x = peekChar(a, i), y = peekChar(b, i);
    if (x != y) return x < y ? -1 : 1;
  }
  return na == nb ? 0 : na < nb ? -1 : 1;
}

/** PyObject_RichCompareBool: identity implies equality for == and !=. 1, 0 or -1. */
export function compareBool(a: u64, b: u64, op: i32): i32 {
  if (a == b) {
    if (op == CMP_EQ) return 1;
    if (op == CMP_NE) return 0;
  }
  return compare(a, b, op);
}

/** PyObject_RichCompare reduced to a truth value: 1, 0 or -1 with an exception. */
export function compare(a: u64, b: u64, op: i32): i32 {
  return compareTypes(a, b, ty(a), ty(b), op);
}

/** compare() of `a` and `b` whose types (as Py_TYPE read them) are `ta` and `tb`. */
function compareTypes(a: u64, b: u64, ta: i32, tb: i32, op: i32): i32 {
  const numA = isIntLike(ta) || ta == T_FLOAT, numB = isIntLike(tb) || tb == T_FLOAT;
  if (numA && numB) {
    if (isIntLike(ta) && isIntLike(tb)) return fromOrder(intCompare(a, b), op);
    if (ta != tb) {
      // int against float: exactly (float_richcompare)
      const f = ta == T_FLOAT ? floatOf(a) : floatOf(b);
      if (isFinite(f)) {
        N.bigReset();
        let c = N.bigCompareF64(N.loadInt(ta == T_FLOAT ? b : a), f);
        if (ta == T_FLOAT) c = -c;
        return fromOrder(c, op);
      }
    }
    const x = numberOf(a, ta), y = numberOf(b, tb);
    switch (op) {
      case CMP_LT: return x < y ? 1 : 0;
      case CMP_LE: return x <= y ? 1 : 0;
      case CMP_EQ: return x == y ? 1 : 0;
      case CMP_NE: return x != y ? 1 : 0;
      case CMP_GT: return x > y ? 1 : 0;
    }
    return x >= y ? 1 : 0;
  }
  if (isAnySet(ta) && isAnySet(tb)) return setCompare(a, b, op);
  if (ta == tb) {
    if (ta == T_STR) return fromOrder(strCompare(a, b), op);
    if (ta == T_LIST || ta == T_TUPLE) return sequenceCompare(a, b, ta, op);
    if (ta == T_DICT && (op == CMP_EQ || op == CMP_NE)) {
      const e = dictEqual(a, b);
      if (e < 0) return -1;
      return op == CMP_EQ ? e : 1 - e;
    }
    if (ta == T_BYTES && (op == CMP_EQ || op == CMP_NE)) {
      const e: i32 = objectsEqual(a, b) ? 1 : 0;
      return op == CMP_EQ ? e : 1 - e;
    }
    if (ta == T_BYTES) {
      // bytes_richcompare: memcmp over the shorter length, then the lengths
      const na = sizeOf(a), nb = sizeOf(b);
      const m = na < nb ? na : nb;
      let c: i32 = 0;
      for (let i: u64 = 0; i < m && c == 0; i++) { const x = byteAt(a, i), y = byteAt(b, i); c = x < y ? -1 : x > y ? 1 : 0; }
      if (c == 0) c = na < nb ? -1 : na > nb ? 1 : 0;
      return fromOrder(c, op);
    }
    if (ta == T_METHOD && (op == CMP_EQ || op == CMP_NE)) {
      // method_richcompare: the same function bound to the same object (by identity)
      const e: i32 = extGet(a, F1) == extGet(b, F1) && extGet(a, F2) == extGet(b, F2) ? 1 : 0;
      return op == CMP_EQ ? e : 1 - e;
    }
    if (ta == T_RANGE && (op == CMP_EQ || op == CMP_NE)) {
      let e: i32 = 1;
      for (let i: u64 = 0; i < 4 && e == 1; i++) e = compareBool(extGet(a, F1 + (i << 3)), extGet(b, F1 + (i << 3)), CMP_EQ);
      if (e < 0) return -1;
      return op == CMP_EQ ? e : 1 - e;
    }
  }
  if (ta >= T_FIRST_CLASS || tb >= T_FIRST_CLASS) {
    const r = richCompare(a, b, ta, tb, op);
    if (r != NOT_HANDLED) {
      if (r == 0) return -1;
      const v = truthy(r);
      decref(r);
      return v;
    }
  }
  return defaultCompare(a, b, op);
}

/** What == and != are for objects that define no comparison (identity), and the TypeError of the others: 1, 0 or -1. */
function defaultCompare(a: u64, b: u64, op: i32): i32 {
  if (op == CMP_EQ) return a == b ? 1 : 0;
  if (op == CMP_NE) return a != b ? 1 : 0;
  raiseBegin(EX_TYPE);
  msg("'"); msg(opSymbol(op)); msg("' not supported between instances of '"); msgTypeName(a); msg("' and '"); msgTypeName(b); msg("'");
  return -1;
}

/**
 * COMPARE_OP's PyObject_RichCompare: the result object (a new reference) or
 * 0 with an exception. A comparison method of a class of the script gives
 * whatever it returns; everything else gives a bool.
 */
export function compareObject(a: u64, b: u64, op: i32): u64 {
  const ta = ty(a), tb = ty(b);
  let c: i32;
  if (ta >= T_FIRST_CLASS || tb >= T_FIRST_CLASS) {
    const r = richCompare(a, b, ta, tb, op);
    if (r != NOT_HANDLED) return r;
    c = defaultCompare(a, b, op);
  } else c = compareTypes(a, b, ta, tb, op);
  return c < 0 ? 0 : newBool(c == 1);
}

function sequenceCompare(a: u64, b: u64, t: i32, op: i32): i32 {
  let na = sizeOf(a), nb = sizeOf(b);
  if ((op == CMP_EQ || op == CMP_NE) && na != nb) return op == CMP_NE ? 1 : 0;
  let i: u64 = 0;
  for (; i < na && i < nb; i++) {
    const x = t == T_LIST ? listGetItem(a, i) : tupleGetItem(a, i);
    const y = t == T_LIST ? listGetItem(b, i) : tupleGetItem(b, i);
    incref(x); incref(y);
    const e = compareBool(x, y, CMP_EQ);
    decref(x); decref(y);
    if (e < 0) return -1;
    if (e == 0) break;
    na = sizeOf(a); nb = sizeOf(b);
  }
  if (i >= na || i >= nb) return fromOrder(na == nb ? 0 : na < nb ? -1 : 1, op);
  if (op == CMP_EQ) return 0;
  if (op == CMP_NE) return 1;
  const x = t == T_LIST ? listGetItem(a, i) : tupleGetItem(a, i);
  const y = t == T_LIST ? listGetItem(b, i) : tupleGetItem(b, i);
  incref(x); incref(y);
  const r = compare(x, y, op);
  decref(x); decref(y);
  return r;
}

function dictEqual(a: u64, b: u64): i32 {
  if (dictLength(a) != dictLength(b)) return 0;
  let pos: u64 = 0;
  while (dictNext(a, pos)) {
    pos = nextPos;
    const k = nextKey, v = nextValue, entry = nextEntry;
    incref(k); incref(v);
    const w = dictGetEntry(b, k, entry);
    if (w == 0 && lookupRaised) { decref(k); decref(v); return -1; }
    let e: i32 = 0;
    if (w != 0) { incref(w); e = compareBool(v, w, CMP_EQ); decref(w); }
    decref(k); decref(v);
    if (e <= 0) return e;
  }
  return 1;
}

/** Whether every element of a is in b (set_issubset): 1, 0, or -1 when a script's __eq__ raised. */
function subset(a: u64, b: u64): i32 {
  let pos: u64 = 0;
  while (setNext(a, pos)) {
    pos = nextPos;
    if (!setHasEntry(b, nextKey, nextEntry, true)) return lookupRaised ? -1 : 0;
  }
  return 1;
}

function setCompare(a: u64, b: u64, op: i32): i32 {
  const na = setLength(a), nb = setLength(b);
  let r: i32 = 0;
  switch (op) {
    case CMP_EQ: return na == nb ? subset(a, b) : 0;
    case CMP_NE: if (na != nb) return 1; r = subset(a, b); return r < 0 ? -1 : 1 - r;
    case CMP_LE: return na <= nb ? subset(a, b) : 0;
    case CMP_LT: return na < nb ? subset(a, b) : 0;
    case CMP_GE: return na >= nb ? subset(b, a) : 0;
  }
  return na > nb ? subset(b, a) : 0;
}

// ---- containment -------------------------------------------------------------------------------

/** `x in c`: 1, 0 or -1. */
export function contains(c: u64, x: u64): i32 {
  const t = ty(c);
  switch (t) {
    case T_LIST: case T_TUPLE: {
      for (let i: u64 = 0; i < sizeOf(c); i++) {
        const y = t == T_LIST ? listGetItem(c, i) : tupleGetItem(c, i);
        incref(y);
        const e = compareBool(y, x, CMP_EQ);
        decref(y);
        if (e != 0) return e;
      }
      return 0;
    }
    case T_DICT: case T_DICT_VIEW: {
      let target = c;
      if (t == T_DICT_VIEW) {
        const raw = extGet(c, F1);
        target = raw & ~(<u64>7);
        if ((raw & 7) != 0) return iterContains(c, x);
      }
      const found = dictGetItem(target, x) != 0; // (a set key is no retry here: dict_contains has none)
      if (unhashable) { unhashableError(x); return -1; }
      return found ? 1 : 0;
    }
    case T_SET: case T_FROZENSET: {
      // set_contains: set_contains_key, retried with a frozenset for a set key
      const h = setKeyHash(x);
      if (excType != 0) return -1;
      const tmp = retryKey;
      const found = setContainsHash(c, tmp != 0 ? tmp : x, h);
      const raised = lookupRaised;
      if (tmp != 0) decref(tmp);
      if (raised) return -1;
      return found ? 1 : 0;
    }
    case T_BYTES: {
      const n = sizeOf(c);
      const tx = ty(x);
      if (isIntLike(tx)) {
        const v = intValue(x);
        if (!fitsI64 || v < 0 || v > 255) { raise(EX_VALUE, "byte must be in range(0, 256)"); return -1; }
        for (let i: u64 = 0; i < n; i++) if (<i64>byteAt(c, i) == v) return 1;
        return 0;
      }
      if (tx != T_BYTES) { raiseBegin(EX_TYPE); msg("a bytes-like object is required, not '"); msgTypeName(x); msg("'"); return -1; }
      const m = sizeOf(x);
      for (let i: u64 = 0; i + m <= n; i++) {
        let j: u64 = 0;
        while (j < m && byteAt(c, i + j) == byteAt(x, j)) j++;
        if (j == m) return 1;
      }
      return 0;
    }
    case T_STR: {
      if (ty(x) != T_STR) {
        raiseBegin(EX_TYPE); msg("'in <string>' requires string as left operand, not "); msgTypeName(x);
        return -1;
      }
      return strFind(c, x, 0) >= 0 ? 1 : 0;
    }
    case T_RANGE: {
      if (!isIntLike(ty(x))) return iterContains(c, x);
      const start = extGet(c, F1), stop = extGet(c, F2), step = extGet(c, F3);
      const s = intValue(start), e = intValue(stop), st = intValue(step), v = intValue(x);
      if (st > 0 ? (v < s || v >= e) : (v > s || v <= e)) return 0;
      return (v - s) % st == 0 ? 1 : 0;
    }
  }
  if (hasSlot(t, SLOT_CONTAINS)) {
    const r = callSlot(c, SLOT_CONTAINS, x, 0, 2);
    if (r == 0) return -1;
    const v = truthy(r);
    decref(r);
    return v;
  }
  if (isIterable(t) || hasSlot(t, SLOT_ITER) || hasSlot(t, SLOT_GETITEM)) return iterContains(c, x);
  raiseBegin(EX_TYPE); msg("argument of type '"); msgTypeName(c); msg("' is not iterable");
  return -1;
}

function iterContains(c: u64, x: u64): i32 {
  const it = getIter(c);
  if (it == 0) return -1;
  while (true) {
    const y = iterNext(it);
    if (y == 0) { decref(it); return excType != 0 ? -1 : 0; }
    const e = compareBool(y, x, CMP_EQ);
    decref(y);
    if (e != 0) { decref(it); return e; }
  }
  return 0;
}

/** The first index of `sub` in `s` from `from`, or -1 (the str data read, costed). */
export function strFind(s: u64, sub: u64, from: i64): i64 {
  touchStr(s); touchStr(sub);
  const n = <i64>strLength(s), m = <i64>strLength(sub);
  for (let i = from; i + m <= n; i++) {
    let j: i64 = 0;
    while (j < m && peekChar(s, <u64>(i + j)) == peekChar(sub, <u64>j)) j++;
    if (j == m) return i;
  }
  return -1;
}

// ---- arithmetic ---------------------------------------------------------------------------------

export const OP_ADD: i32 = 0;
export const OP_AND: i32 = 1;
export const OP_FLOORDIV: i32 = 2;
export const OP_LSHIFT: i32 = 3;
export const OP_MATMUL: i32 = 4;
export const OP_MUL: i32 = 5;
export const OP_MOD: i32 = 6;
export const OP_OR: i32 = 7;
export const OP_POW: i32 = 8;
export const OP_RSHIFT: i32 = 9;
export const OP_SUB: i32 = 10;
export const OP_TRUEDIV: i32 = 11;
export const OP_XOR: i32 = 12;

function binSymbol(op: i32): string {
  switch (op) {
    case OP_ADD: return "+";
    case OP_AND: return "&";
    case OP_FLOORDIV: return "//";
    case OP_LSHIFT: return "<<";
    case OP_MATMUL: return "@";
    case OP_MUL: return "*";
    case OP_MOD: return "%";
    case OP_OR: return "|";
    case OP_POW: return "** or pow()";
    case OP_RSHIFT: return ">>";
    case OP_SUB: return "-";
    case OP_TRUEDIV: return "/";
  }
  return "^";
}

function unsupported(a: u64, b: u64, op: i32, inplace: bool): u64 {
  raiseBegin(EX_TYPE);
  msg("unsupported operand type(s) for "); msg(binSymbol(op)); if (inplace) msg("=");
  msg(": '"); msgTypeName(a); msg("' and '"); msgTypeName(b); msg("'");
  return 0;
}

/** A bignum result as an int object (MemoryError when scratch overflowed). */
function bigResult(p: usize): u64 {
  if (N.bigOverflow) { raise(EX_MEMORY, ""); return 0; }
  return chk(N.bigToInt(p));
}

function intBinary(a: u64, b: u64, op: i32): u64 {
  if (op == OP_ADD || op == OP_SUB) return chk(intAdd(a, b, op == OP_SUB));
  const sa = N.intSize(a), sb = N.intSize(b);
  const medium = sa >= -1 && sa <= 1 && sb >= -1 && sb <= 1;
  if (op == OP_TRUEDIV) {
    if (sb == 0) { raise(EX_ZERODIV, "division by zero"); return 0; }
    if (medium) return chk(floatNew(<f64>N.mediumValue(a, sa) / <f64>N.mediumValue(b, sb)));
    // long_true_divide: correctly rounded, where converting each to a double first rounds twice
    N.bigReset();
    const q = N.bigTrueDivide(N.loadInt(a), N.loadInt(b));
    if (N.bigOverflow) { raise(EX_MEMORY, ""); return 0; }
    if (N.trueDivOverflow) { raise(EX_OVERFLOW, "integer division result too large for a float"); return 0; }
    return chk(floatNew(q));
  }
  if (medium) {
    const x = N.mediumValue(a, sa), y = N.mediumValue(b, sb);
    switch (op) {
      case OP_MUL: return chk(intFromI64(x * y));
      case OP_FLOORDIV: case OP_MOD: {
        if (y == 0) { raise(EX_ZERODIV, op == OP_MOD ? "integer modulo by zero" : "integer division or modulo by zero"); return 0; }
        let q = x / y, r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) { q -= 1; r += y; }
        return chk(intFromI64(op == OP_MOD ? r : q));
      }
      case OP_AND: return chk(intFromI64(x & y));
      case OP_OR: return chk(intFromI64(x | y));
      case OP_XOR: return chk(intFromI64(x ^ y));
      case OP_RSHIFT: {
        if (y < 0) { raise(EX_VALUE, "negative shift count"); return 0; }
        return chk(intFromI64(y >= 63 ? (x < 0 ? -1 : 0) : x >> y));
      }
      case OP_LSHIFT: {
        if (y < 0) { raise(EX_VALUE, "negative shift count"); return 0; }
        if (y < 32) return chk(intFromI64(x << y));
      }
    }
  }
  N.bigReset();
  const x = N.loadInt(a), y = N.loadInt(b);
  switch (op) {
    case OP_MUL: return bigResult(N.bigMul(x, y));
    case OP_FLOORDIV: case OP_MOD: {
      if (N.bn(y) == 0) { raise(EX_ZERODIV, op == OP_MOD ? "integer modulo by zero" : "integer division or modulo by zero"); return 0; }
      const q = N.bigFloorDivmod(x, y);
      return bigResult(op == OP_MOD ? N.divRem : q);
    }
    case OP_AND: return bigResult(N.bigBitwise(x, y, 0));
    case OP_OR: return bigResult(N.bigBitwise(x, y, 1));
    case OP_XOR: return bigResult(N.bigBitwise(x, y, 2));
    case OP_LSHIFT: case OP_RSHIFT: {
      if (N.bneg(y)) { raise(EX_VALUE, "negative shift count"); return 0; }
      if (!N.bigFits(y) || N.bigValue(y) > 1 << 24) {
        if (op == OP_RSHIFT || N.bn(x) == 0) return chk(intFromI64(op == OP_RSHIFT && N.bneg(x) ? -1 : 0));
        raise(EX_OVERFLOW, "too many digits in integer"); return 0;
      }
      return bigResult(N.bigShift(x, <u32>N.bigValue(y), op == OP_LSHIFT));
    }
    case OP_POW: {
      if (N.bneg(y)) {
        // long_pow: the float pow of both (float_pow, its ZeroDivisionError for 0 ** negative)
        const r = floatPow(N.bigToF64(x), N.bigToF64(y));
        return r != r && excType != 0 ? 0 : chk(floatNew(r));
      }
      if (!N.bigFits(y) || N.bigValue(y) > 1 << 24) {
        if (N.bn(x) <= 1 && (N.bn(x) == 0 || N.bd(x, 0) == 1)) return bigResult(N.bigPow(x, N.bigFromU64(N.bn(y) > 0 ? <u64>(N.bd(y, 0) & 1) : 0, false)));
        raise(EX_MEMORY, ""); return 0;
      }
      return bigResult(N.bigPow(x, y));
    }
  }
  return unsupported(a, b, op, false);
}

function floatBinary(x: f64, y: f64, op: i32, a: u64, b: u64): u64 {
  switch (op) {
    case OP_ADD: return chk(floatNew(x + y));
    case OP_SUB: return chk(floatNew(x - y));
    case OP_MUL: return chk(floatNew(x * y));
    case OP_TRUEDIV:
      if (y == 0) { raise(EX_ZERODIV, "float division by zero"); return 0; }
      return chk(floatNew(x / y));
    case OP_FLOORDIV: case OP_MOD: {
      if (y == 0) { raise(EX_ZERODIV, op == OP_MOD ? "float modulo" : "float floor division by zero"); return 0; }
      // float_divmod
      let mod = x % y;
      let div = (x - mod) / y;
      if (mod != 0) {
        if ((y < 0) != (mod < 0)) { mod += y; div -= 1.0; }
      } else {
        mod = y < 0 ? -0.0 : 0.0;
      }
      let floordiv: f64;
      if (div != 0) {
        floordiv = Math.floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
      } else {
        floordiv = (reinterpret<u64>(x / y) >> 63) != 0 ? -0.0 : 0.0; // copysign(0, x / y)
      }
      return chk(floatNew(op == OP_MOD ? mod : floordiv));
    }
    case OP_POW: {
      const r = floatPow(x, y);
      return r != r && excType != 0 ? 0 : chk(floatNew(r));
    }
  }
  return unsupported(a, b, op, false);
}

/** Whether a finite double is an odd integer (DOUBLE_IS_ODD_INTEGER). */
// @ts-ignore: decorator
@inline function oddInteger(y: f64): bool {
  return Math.abs(y % 2.0) == 1.0;
}

/**
 * float_pow: CPython's special cases in its order, then the platform pow (the
 * host's constant folding has the same, host/python/fold.ts floatPow, over
 * host/python/pow.ts: the same pow bit for bit). NaN with an exception set
 * on an error: ZeroDivisionError, OverflowError (ERANGE), and complex results
 * (refused).
 */
function floatPow(x: f64, y: f64): f64 {
  if (y == 0) return 1.0; // x ** 0 is 1, even 0 ** 0 and nan ** 0
  if (isNaN(x)) return x;
  if (isNaN(y)) return x == 1.0 ? 1.0 : y; // 1 ** nan is 1
  if (!isFinite(y)) {
    // |x| < 1: 0 for inf, inf for -inf; |x| == 1: 1; |x| > 1: inf for inf, 0 for -inf
    const ax = Math.abs(x);
    if (ax == 1.0) return 1.0;
    return (y > 0) == (ax > 1.0) ? Math.abs(y) : 0.0;
  }
  if (!isFinite(x)) return y > 0 ? (oddInteger(y) ? x : Math.abs(x)) : (oddInteger(y) && x < 0 ? -0.0 : 0.0);
  if (x == 0) {
    if (y < 0) { raise(EX_ZERODIV, "0.0 cannot be raised to a negative power"); return NaN; }
    return oddInteger(y) ? x : 0.0;
  }
  let negate = false;
  if (x < 0) {
    if (y != Math.floor(y)) { raise(EX_UNSUPPORTED, "complex results are not supported yet (memsim)"); return NaN; }
    x = -x;
    negate = oddInteger(y);
  }
  if (x == 1.0) return negate ? -1.0 : 1.0; // (-1) ** a huge integer too
  const r = Math.pow(x, y);
  if (!isFinite(r)) { raise(EX_OVERFLOW, "(34, 'Numerical result out of range')"); return NaN; }
  return negate ? -r : r;
}

/** Repeat a sequence n times (str, list, tuple). */
function repeat(s: u64, t: i32, n: i64): u64 {
  if (n < 0) n = 0;
  const len = <i64>(t == T_STR ? strLength(s) : sizeOf(s));
  if (t == T_STR) {
    if (n == 1) { incref(s); return s; }
    if (len * n > <i64>CP_MAX) { raise(EX_MEMORY, ""); return 0; }
    touchStr(s);
    let k: u64 = 0;
    for (let r: i64 = 0; r < n; r++) for (let i: i64 = 0; i < len; i++) store<u32>(cpPtr + (<usize>(k++) << 2), peekChar(s, <u64>i));
    return strFromCp(k);
  }
  if (t == T_TUPLE && (n == 1 || len == 0)) { incref(s); return s; }
  if (len * n > 1 << 28) { raise(EX_MEMORY, ""); return 0; }
  const total = <u64>(len * n);
  if (t == T_TUPLE) {
    const r = tupleNew(total);
    if (r == 0) return memoryError();
    for (let i: u64 = 0; i < total; i++) tupleSetItem(r, i, tupleGetItem(s, i % <u64>len));
    return r;
  }
  const r = listNew(total);
  if (r == 0) return memoryError();
  for (let i: u64 = 0; i < total; i++) listSetItem(r, i, listGetItem(s, i % <u64>len));
  return r;
}

function concatSeq(a: u64, b: u64, t: i32): u64 {
  const na = sizeOf(a), nb = sizeOf(b);
  if (t == T_TUPLE) {
    if (nb == 0) { incref(a); return a; }
    if (na == 0) { incref(b); return b; }
    const r = tupleNew(na + nb);
    if (r == 0) return memoryError();
    for (let i: u64 = 0; i < na; i++) tupleSetItem(r, i, tupleGetItem(a, i));
    for (let i: u64 = 0; i < nb; i++) tupleSetItem(r, na + i, tupleGetItem(b, i));
    return r;
  }
  const r = listNew(na + nb);
  if (r == 0) return memoryError();
  for (let i: u64 = 0; i < na; i++) listSetItem(r, i, listGetItem(a, i));
  for (let i: u64 = 0; i < nb; i++) listSetItem(r, na + i, listGetItem(b, i));
  return r;
}

/** list.extend(iterable) in place (list_extend, 3.11: exact preallocation, the length hint, the cut back): false with an exception. */
export function listExtend(l: u64, it: u64): bool {
  const t = ty(it);
  if (t == T_LIST || t == T_TUPLE) {
    const n = sizeOf(it);
    if (n == 0) return true;
    const m = listLength(l);
    if (costed(l + LIST_ITEMS) == 0) { if (!listPreallocateExact(l, n)) { memoryError(); return false; } }
    else { if (!listResize(l, m + n)) { memoryError(); return false; } listSetSize(l, m); }
    for (let i: u64 = 0; i < n; i++) {
      if (!listAppend(l, t == T_LIST ? listGetItem(it, i) : tupleGetItem(it, i))) { memoryError(); return false; }
    }
    return true;
  }
  const iter = getIter(it);
  if (iter == 0) return false;
  const n = lengthHint(it, 8);
  const m = listLength(l);
  if (costed(l + LIST_ITEMS) == 0) { if (n > 0 && !listPreallocateExact(l, n)) { decref(iter); memoryError(); return false; } }
  else { if (!listResize(l, m + n)) { decref(iter); memoryError(); return false; } listSetSize(l, m); }
  while (true) {
    const v = iterNext(iter);
    if (v == 0) break;
    const ok = listAppend(l, v);
    decref(v);
    if (!ok) { decref(iter); memoryError(); return false; }
  }
  decref(iter);
  if (excType != 0) return false;
  const size = listLength(l);
  if (size < listAllocated(l) && !listResize(l, size)) { memoryError(); return false; }
  return true;
}

/** PyObject_LengthHint(o, dflt): len(o), or the iterator's __length_hint__, or dflt. */
export function lengthHint(o: u64, dflt: u64): u64 {
  const t = ty(o);
  switch (t) {
    case T_LIST: case T_TUPLE: case T_STR: case T_BYTES: case T_DICT: case T_SET: case T_FROZENSET: case T_DICT_VIEW: case T_RANGE: {
      const n = lengthOf(o);
      if (n < 0) { clearLengthError(); return dflt; }
      return <u64>n;
    }
    case T_RANGE_ITER: { const r = <i64>extGet(o, F3); return r > 0 ? <u64>r : 0; }
    case T_LIST_ITER: case T_TUPLE_ITER: {
      const seq = extGet(o, F2);
      if (seq == 0) return 0;
      const i = extGet(o, F1), n = sizeOf(seq);
      return i < n ? n - i : 0;
    }
    case T_LIST_REVITER: {
      const seq = extGet(o, F2);
      if (seq == 0) return 0;
      const i = <i64>extGet(o, F1);
      return i >= 0 && <u64>i < sizeOf(seq) ? <u64>(i + 1) : 0;
    }
  }
  return dflt;
}

function clearLengthError(): void {
  clearException();
}

/** list(x) (list___init__): exact preallocation when x has a length, then list_extend. */
export function listConstruct(x: u64): u64 {
  const l = listNew(0);
  if (l == 0) return memoryError();
  const t = ty(x);
  if (t == T_LIST || t == T_TUPLE || t == T_STR || t == T_BYTES || t == T_DICT || isAnySet(t) || t == T_DICT_VIEW || t == T_RANGE) {
    const n = lengthOf(x);
    if (n < 0) { decref(l); return 0; }
    if (n > 0 && !listPreallocateExact(l, <u64>n)) { decref(l); return memoryError(); }
  }
  if (!listExtend(l, x)) { decref(l); return 0; }
  return l;
}

/** a <op> b (BINARY_OP; in place when `inplace`): a new reference or 0. */
export function binaryOp(a: u64, b: u64, op: i32, inplace: bool): u64 {
  const ta = ty(a), tb = ty(b);
  if (isIntLike(ta) && isIntLike(tb)) return intBinary(a, b, op);
  if ((ta == T_FLOAT || isIntLike(ta)) && (tb == T_FLOAT || isIntLike(tb))) {
    if (op == OP_AND || op == OP_OR || op == OP_XOR || op == OP_LSHIFT || op == OP_RSHIFT || op == OP_MATMUL) return unsupported(a, b, op, inplace);
    const x = ta == T_FLOAT ? floatOf(a) : intToF64(a);
    const y = tb == T_FLOAT ? floatOf(b) : intToF64(b);
    return floatBinary(x, y, op, a, b);
  }
  if (op == OP_MOD && ta == T_STR) return strPrintf(a, b); // str's nb_remainder, whatever b is (PyUnicode_Format)
  if (ta >= T_FIRST_CLASS || tb >= T_FIRST_CLASS) {
    const r = binarySlot(a, b, ta, tb, op, inplace);
    if (r != NOT_HANDLED) return r;
  }
  if (op == OP_MOD && ta == T_BYTES) { raise(EX_UNSUPPORTED, "printf-style formatting of bytes (bytes % values) is not supported yet (memsim)"); return 0; }
  if (op == OP_ADD) {
    if (ta == T_STR) {
      if (tb != T_STR) { raiseBegin(EX_TYPE); msg("can only concatenate str (not \""); msgTypeName(b); msg("\") to str"); return 0; }
      return chk(strConcat(a, b));
    }
    if (ta == T_LIST || ta == T_TUPLE) {
      if (tb != ta) {
        raiseBegin(EX_TYPE); msg("can only concatenate "); msgTypeName(a); msg(" (not \""); msgTypeName(b); msg("\") to "); msgTypeName(a);
        return 0;
      }
      if (inplace && ta == T_LIST) { if (!listExtend(a, b)) return 0; incref(a); return a; }
      return concatSeq(a, b, ta);
    }
    if (ta == T_BYTES && tb == T_BYTES) return chk(bytesConcat(a, b));
    if (inplace && ta == T_LIST) { if (!listExtend(a, b)) return 0; incref(a); return a; }
  }
  if (op == OP_MUL && ((ta == T_BYTES && isIntLike(tb)) || (tb == T_BYTES && isIntLike(ta)))) {
    const s = ta == T_BYTES ? a : b;
    let count = intValue(ta == T_BYTES ? b : a);
    if (!fitsI64) { raise(EX_OVERFLOW, "cannot fit 'int' into an index-sized integer"); return 0; }
    if (count < 0) count = 0;
    const len = sizeOf(s);
    if (count == 1) { incref(s); return s; }
    const total = len * <u64>count;
    if (total > <u64>CP_MAX * 4 - 8) { raise(EX_MEMORY, ""); return 0; }
    for (let i: u64 = 0; i < len; i++) store<u8>(cpPtr + <usize>i, <u8>byteAt(s, i));
    for (let i: u64 = len; i < total; i++) store<u8>(cpPtr + <usize>i, load<u8>(cpPtr + <usize>(i - len)));
    return chk(bytesFrom(cpPtr, total));
  }
  if (op == OP_MUL) {
    const seqA = ta == T_STR || ta == T_LIST || ta == T_TUPLE;
    const seqB = tb == T_STR || tb == T_LIST || tb == T_TUPLE;
    if (seqA || seqB) {
      const s = seqA ? a : b, n = seqA ? b : a;
      const tn = seqA ? tb : ta;
      if (!isIntLike(tn)) {
        if (seqA && seqB || tn == T_FLOAT || true) {
          raiseBegin(EX_TYPE); msg("can't multiply sequence by non-int of type '"); msgTypeName(n); msg("'");
          return 0;
        }
      }
      const count = intValue(n);
      if (!fitsI64) { raise(EX_OVERFLOW, "cannot fit 'int' into an index-sized integer"); return 0; }
      if (inplace && seqA && ta == T_LIST) {
        // list_inplace_repeat
        const r = repeat(a, T_LIST, count);
        if (r == 0) return 0;
        // move r's items into a
        const len = sizeOf(r);
        const keep = listLength(a);
        for (let i: u64 = 0; i < len; i++) { if (i < keep) listSetItem(a, i, listGetItem(r, i)); else listAppend(a, listGetItem(r, i)); }
        while (listLength(a) > len) { const v = listPop(a, listLength(a) - 1); decref(v); }
        decref(r);
        incref(a);
        return a;
      }
      return repeat(s, seqA ? ta : tb, count);
    }
  }
  if (op == OP_OR || op == OP_AND || op == OP_SUB || op == OP_XOR) {
    // (a frozenset has no in-place operators: `f |= s` makes a new one, as nb_or)
    if (isAnySet(ta) && isAnySet(tb)) return inplace && ta == T_SET ? setInplace(a, b, op) : setOp(a, b, op);
    if (ta == T_DICT && tb == T_DICT && op == OP_OR) {
      const d = dictCopy(a);
      if (d == 0) return 0;
      if (!dictUpdate(d, b)) { decref(d); return 0; }
      return d;
    }
  }
  return unsupported(a, b, op, inplace);
}

function setOp(a: u64, b: u64, op: i32): u64 {
  if (op == OP_OR) { const r = setFrom(a, typeOf(a)); if (r == 0) return 0; if (!setUpdateFrom(r, b)) { decref(r); return 0; } return r; }
  if (op == OP_AND) return setIntersection(a, b);
  if (op == OP_SUB) return setDifference(a, b);
  return setSymmetricDifference(a, b);
}

/** The in-place set operators (set_ior, set_iand, set_isub, set_ixor): a new reference to a, or 0. */
function setInplace(a: u64, b: u64, op: i32): u64 {
  if (op == OP_OR) { if (!setUpdateFrom(a, b)) return 0; }
  else if (op == OP_SUB) { if (!setDifferenceUpdate(a, b)) return 0; }
  else if (op == OP_XOR) { if (!setSymmetricDifferenceUpdate(a, b)) return 0; }
  else {
    // set_intersection_update: the intersection's body swapped in (memsim: cleared and merged)
    const t = setIntersection(a, b);
    if (t == 0) return 0;
    setClear(a);
    const r = setMerge(a, t);
    decref(t);
    if (r != 0) { memoryError(); return 0; }
  }
  incref(a);
  return a;
}

/** make_new_set(type, iterable): a new set (of type `t`: a frozenset) of x's items; 0 with an exception. */
export function setFrom(x: u64, t: i32 = T_SET): u64 {
  const r = setNew(t);
  if (r == 0) return memoryError();
  if (x != 0 && !setUpdateFrom(r, x)) { decref(r); return 0; }
  return r;
}

/** set_update_internal: a set merges, anything else is iterated. */
export function setUpdateFrom(s: u64, x: u64): bool {
  if (isAnySet(ty(x))) {
    if (setMerge(s, x) != 0) { memoryError(); return false; }
    return true;
  }
  const it = getIter(x);
  if (it == 0) return false;
  while (true) {
    const v = iterNext(it);
    if (v == 0) break;
    const ok = setAddChecked(s, v);
    decref(v);
    if (!ok) { decref(it); return false; }
  }
  decref(it);
  return excType == 0;
}

/** set_intersection: a new set of a's type (make_new_set_basetype). */
export function setIntersection(a: u64, b: u64): u64 {
  const r = setNew(typeOf(a));
  if (r == 0) return memoryError();
  if (a == b) { if (setMerge(r, a) != 0) { decref(r); return memoryError(); } return r; }
  if (isAnySet(ty(b))) {
    let so = a, other = b;
    if (setLength(other) > setLength(so)) { so = b; other = a; }
    let pos: u64 = 0;
    while (setNext(other, pos)) {
      pos = nextPos;
      const k = nextKey, e = nextEntry;
      if (setHasEntry(so, k, e, true)) { if (!setAddEntry(r, k, e, true)) { decref(r); return 0; } }
      else if (lookupRaised) { decref(r); return 0; }
    }
    return r;
  }
  const it = getIter(b);
  if (it == 0) { decref(r); return 0; }
  while (true) {
    const v = iterNext(it);
    if (v == 0) break;
    const has = setContains(a, v);
    if (unhashable) unhashableError(v); // (no frozenset retry here: set_intersection hashes the key itself)
    if (excType != 0) { decref(v); break; }
    const ok = !has || setAddChecked(r, v);
    decref(v);
    if (!ok) break;
  }
  decref(it);
  if (excType != 0) { decref(r); return 0; }
  return r;
}

/** set_difference: a new set of a's type. */
export function setDifference(a: u64, b: u64): u64 {
  if (!isAnySet(ty(b)) || (setLength(a) >> 2) > setLength(b)) {
    // set_copy_and_difference
    const r = setFrom(a, typeOf(a));
    if (r == 0) return 0;
    if (!setDifferenceUpdate(r, b)) { decref(r); return 0; }
    return r;
  }
  const r = setNew(typeOf(a));
  if (r == 0) return memoryError();
  let pos: u64 = 0;
  while (setNext(a, pos)) {
    pos = nextPos;
    const k = nextKey, e = nextEntry;
    if (setHasEntry(b, k, e, true)) continue;
    if (lookupRaised || !setAddEntry(r, k, e, true)) { decref(r); return 0; }
  }
  return r;
}

/** set_difference_update_internal. */
export function setDifferenceUpdate(s: u64, x: u64): bool {
  if (s == x) { setClear(s); return true; }
  if (isAnySet(ty(x))) {
    let pos: u64 = 0;
    while (setNext(x, pos)) {
      pos = nextPos;
      setDiscardEntry(s, nextKey, nextEntry, true);
      if (lookupRaised) return false;
    }
    return true;
  }
  const it = getIter(x);
  if (it == 0) return false;
  while (true) {
    const v = iterNext(it);
    if (v == 0) break;
    setDiscard(s, v);
    if (unhashable) unhashableError(v); // (set_discard_key: no frozenset retry)
    decref(v);
    if (excType != 0) break;
  }
  decref(it);
  return excType == 0;
}

/** set_symmetric_difference_update. */
export function setSymmetricDifferenceUpdate(s: u64, x: u64): bool {
  if (s == x) { setClear(s); return true; }
  let other = x;
  if (isAnySet(ty(x))) incref(x);
  else { other = setFrom(x); if (other == 0) return false; }
  let pos: u64 = 0;
  let ok = true;
  while (ok && setNext(other, pos)) {
    pos = nextPos;
    const k = nextKey, e = nextEntry;
    if (!setDiscardEntry(s, k, e, true)) ok = !lookupRaised && setAddEntry(s, k, e, true);
  }
  decref(other);
  return ok;
}

/** set_symmetric_difference: a copy of b, updated with a. */
export function setSymmetricDifference(a: u64, b: u64): u64 {
  const r = setFrom(b, typeOf(a)); // (make_new_set_basetype(Py_TYPE(so), other))
  if (r == 0) return 0;
  if (!setSymmetricDifferenceUpdate(r, a)) { decref(r); return 0; }
  return r;
}

export function dictCopy(d: u64): u64 {
  const r = dictNew();
  if (r == 0) return memoryError();
  if (!dictUpdate(r, d)) { decref(r); return 0; }
  return r;
}

/** d.update(other dict): false with an exception. */
export function dictUpdate(d: u64, other: u64): bool {
  let pos: u64 = 0;
  while (dictNext(other, pos)) {
    pos = nextPos;
    const k = nextKey;
    const r = dictSetEntry(d, k, nextValue, nextEntry);
    if (r == DICT_UNHASHABLE) { unhashableError(k); return false; }
    if (r != 0) { memoryError(); return false; }
  }
  return true;
}

/** -x, +x, ~x. */
export function unaryOp(o: u64, which: i32): u64 {
  const t = ty(o);
  if (isIntLike(t)) {
    if (which == 0) {
      if (t == T_INT) { incref(o); return o; }
      return chk(intFromI64(o == TRUE ? 1 : 0));
    }
    const size = N.intSize(o);
    if (size >= -1 && size <= 1) {
      const v = N.mediumValue(o, size);
      return chk(intFromI64(which == 1 ? -v : ~v));
    }
    N.bigReset();
    const p = N.loadInt(o);
    if (which == 1) { N.setneg(p, !N.bneg(p)); return bigResult(p); }
    const r = N.bigAdd(p, N.bigFromU64(1, false));
    N.setneg(r, !N.bneg(r) && N.bn(r) != 0);
    return bigResult(r);
  }
  if (t == T_FLOAT && which != 2) {
    const v = floatOf(o);
    if (which == 0) { incref(o); return o; }
    return chk(floatNew(-v));
  }
  if (t >= T_FIRST_CLASS) {
    const r = unarySlot(o, t, which == 0 ? SLOT_POS : which == 1 ? SLOT_NEG : SLOT_INVERT);
    if (r != NOT_HANDLED) return r;
  }
  raiseBegin(EX_TYPE);
  msg("bad operand type for unary "); msg(which == 0 ? "+" : which == 1 ? "-" : "~"); msg(": '"); msgTypeName(o); msg("'");
  return 0;
}

// ---- subscripts ------------------------------------------------------------------------------------

function seqName(t: i32): string {
  return t == T_LIST ? "list" : t == T_TUPLE ? "tuple" : t == T_STR ? "string" : "range object";
}

/** PySlice_GetIndicesEx: start, stop, step and the length into sl*; false with an exception. */
export let slStart: i64 = 0;
export let slStop: i64 = 0;
export let slStep: i64 = 1;
export let slLen: i64 = 0;

function sliceIndex(o: u64, dflt: i64): i64 {
  if (o == NONE) { sliceDefault = true; return dflt; }
  sliceDefault = false;
  if (!isIntLike(ty(o))) {
    raise(EX_TYPE, "slice indices must be integers or None or have an __index__ method");
    return 0;
  }
  const v = intValue(o);
  if (!fitsI64) return N.bneg(N.loadInt(o)) ? -(<i64>1 << 62) : <i64>1 << 62;
  return v;
}
let sliceDefault = false;

export function sliceIndices(sl: u64, length: i64): bool {
  const ostep = extGet(sl, F3);
  let step: i64 = 1;
  if (ostep != NONE) {
    step = sliceIndex(ostep, 1);
    if (excType != 0) return false;
    if (step == 0) { raise(EX_VALUE, "slice step cannot be zero"); return false; }
  }
  let start = sliceIndex(extGet(sl, F1), step < 0 ? length - 1 : 0);
  if (excType != 0) return false;
  const startDefault = sliceDefault;
  let stop = sliceIndex(extGet(sl, F2), step < 0 ? -1 : length);
  if (excType != 0) return false;
  const stopDefault = sliceDefault;
  if (!startDefault) {
    if (start < 0) { start += length; if (start < 0) start = step < 0 ? -1 : 0; }
    else if (start >= length) start = step < 0 ? length - 1 : length;
  }
  if (!stopDefault) {
    if (stop < 0) { stop += length; if (stop < 0) stop = step < 0 ? -1 : 0; }
    else if (stop >= length) stop = step < 0 ? length - 1 : length;
  }
  let n: i64 = 0;
  if (step < 0) { if (stop < start) n = (start - stop - 1) / (-step) + 1; }
  else if (start < stop) n = (stop - start - 1) / step + 1;
  slStart = start; slStop = stop; slStep = step; slLen = n;
  return true;
}

function normIndex(o: u64, t: i32, len: i64, store: bool): i64 {
  let i = intValue(o);
  if (!fitsI64) i = <i64>1 << 62;
  if (i < 0) i += len;
  if (i < 0 || i >= len) {
    raiseBegin(EX_INDEX);
    msg(seqName(t)); msg(store ? " assignment index out of range" : " index out of range");
    return -1;
  }
  return i;
}

/**
 * KeyError(k) (_PyErr_SetKeyError): the key is its argument, no message: its
 * str, the key's repr, is made only when the exception is shown (exceptions.ts),
 * as CPython makes it (a key's __repr__ runs then, not at the raise).
 */
export function keyError(k: u64): void {
  raiseBegin(EX_KEY);
  incref(k);
  setExcArg(k);
}

/**
 * repr(o) made before the exception whose message shows it is raised
 * (PyErr_Format formats first: the repr may run the script's __repr__, which
 * cannot run with an exception pending). Its start in the text buffer, for
 * msgRepr; or -1 with the repr's own exception pending instead.
 */
export function reprForMessage(o: u64): i32 {
  const start = textLen;
  if (appendRepr(o, false)) return <i32>start;
  cutText(start);
  return -1;
}

/** The repr reprForMessage made (at `start`) into the pending exception's message (UTF-8 as it is), and off the text buffer. */
export function msgRepr(start: i32): void {
  for (let i = <u32>start; i < textLen; i++) msgByte(load<u8>(textPtr + i));
  cutText(<u32>start);
}

/** o[k]. */
export function getItem(o: u64, k: u64): u64 {
  const t = ty(o);
  const tk = ty(k);
  switch (t) {
    case T_LIST: case T_TUPLE: case T_STR: case T_RANGE: {
      const len = t == T_STR ? <i64>strLength(o) : t == T_RANGE ? lengthOf(o) : <i64>sizeOf(o);
      if (isIntLike(tk)) {
        const i = normIndex(k, t, len, false);
        if (i < 0) return 0;
        if (t == T_LIST) { const v = listGetItem(o, <u64>i); incref(v); return v; }
        if (t == T_TUPLE) { const v = tupleGetItem(o, <u64>i); incref(v); return v; }
        if (t == T_STR) return charStr(readChar(o, <u64>i)); // unicode_getitem reads the one character
        return chk(intFromI64(intValue(extGet(o, F1)) + i * intValue(extGet(o, F3))));
      }
      if (tk == T_SLICE) {
        if (!sliceIndices(k, len)) return 0;
        return sliceOf(o, t);
      }
      raiseBegin(EX_TYPE);
      if (t == T_STR) { msg("string indices must be integers, not '"); msgTypeName(k); msg("'"); }
      else { msg(t == T_LIST ? "list" : t == T_TUPLE ? "tuple" : "range"); msg(" indices must be integers or slices, not "); msgTypeName(k); }
      return 0;
    }
    case T_BYTES: {
      const len = <i64>sizeOf(o);
      if (isIntLike(tk)) {
        let i = intValue(k);
        if (i < 0) i += len;
        if (!fitsI64 || i < 0 || i >= len) { raise(EX_INDEX, "index out of range"); return 0; }
        return chk(intFromI64(<i64>byteAt(o, <u64>i)));
      }
      if (tk == T_SLICE) {
        if (!sliceIndices(k, len)) return 0;
        const n = <u64>slLen;
        if (slStep == 1 && n == <u64>len) { incref(o); return o; }
        for (let i: u64 = 0; i < n; i++) store<u8>(cpPtr + <usize>i, <u8>byteAt(o, <u64>(slStart + <i64>i * slStep)));
        return chk(bytesFrom(cpPtr, n));
      }
      raiseBegin(EX_TYPE); msg("byte indices must be integers or slices, not "); msgTypeName(k);
      return 0;
    }
    case T_DICT: {
      const v = dictGetItem(o, k);
      if (unhashable) { unhashableError(k); return 0; }
      if (v == 0) { keyError(k); return 0; }
      incref(v);
      return v;
    }
  }
  if (hasSlot(t, SLOT_GETITEM)) return callSlot(o, SLOT_GETITEM, k, 0, 2);
  raiseBegin(EX_TYPE); msg("'"); msgTypeName(o); msg("' object is not subscriptable");
  return 0;
}

function sliceOf(o: u64, t: i32): u64 {
  const n = <u64>slLen;
  if (t == T_STR) {
    if (slStep == 1 && n == strLength(o)) { incref(o); return o; }
    // A step of 1 copies the span (memcpy); other steps read each character.
    if (slStep == 1) {
      const kind = <u64>strKind(o);
      const previous = beginCategory(CAT_MUTATOR);
      heapReadRange(strData(o) + <u64>slStart * kind, n * kind);
      endCategory(previous);
    }
    for (let i: u64 = 0; i < n; i++) {
      const at = <u64>(slStart + <i64>i * slStep);
      store<u32>(cpPtr + (<usize>i << 2), slStep == 1 ? peekChar(o, at) : readChar(o, at));
    }
    return strFromCp(n);
  }
  if (t == T_TUPLE) {
    if (slStep == 1 && n == sizeOf(o)) { incref(o); return o; }
    const r = tupleNew(n);
    if (r == 0) return memoryError();
    for (let i: u64 = 0; i < n; i++) tupleSetItem(r, i, tupleGetItem(o, <u64>(slStart + <i64>i * slStep)));
    return r;
  }
  if (t == T_LIST) {
    const r = listNew(n);
    if (r == 0) return memoryError();
    for (let i: u64 = 0; i < n; i++) listSetItem(r, i, listGetItem(o, <u64>(slStart + <i64>i * slStep)));
    return r;
  }
  // range slice
  const start = intValue(extGet(o, F1)), step = intValue(extGet(o, F3));
  return newRange(start + slStart * step, start + (slStart + <i64>n * slStep) * step, step * slStep);
}

/** o[k] = v. false with an exception. */
export function setItem(o: u64, k: u64, v: u64): bool {
  const t = ty(o);
  if (t == T_LIST) {
    const tk = ty(k);
    if (isIntLike(tk)) {
      const i = normIndex(k, t, <i64>listLength(o), true);
      if (i < 0) return false;
      listSetItem(o, <u64>i, v);
      return true;
    }
    if (tk == T_SLICE) return listSetSlice(o, k, v);
    raiseBegin(EX_TYPE); msg("list indices must be integers or slices, not "); msgTypeName(k);
    return false;
  }
  if (t == T_DICT) {
    const r = dictSetItem(o, k, v);
    if (r == DICT_UNHASHABLE) { unhashableError(k); return false; }
    if (r != 0) { memoryError(); return false; }
    return true;
  }
  if (hasSlot(t, SLOT_SETITEM)) {
    const r = callSlot(o, SLOT_SETITEM, k, v, 3);
    if (r != 0) decref(r);
    return r != 0;
  }
  raiseBegin(EX_TYPE); msg("'"); msgTypeName(o); msg("' object does not support item assignment");
  return false;
}

function listSetSlice(l: u64, sl: u64, v: u64): bool {
  if (!sliceIndices(sl, <i64>listLength(l))) return false;
  if (slStep == 1) return listAssSlice(l, slStart, slStop, v);
  // the new items as a list (a copy: v may be l itself)
  const items = listNew(0);
  if (items == 0) { memoryError(); return false; }
  if (!listExtend(items, v)) { decref(items); return false; }
  const m = listLength(items);
  if (<i64>m != slLen) {
    raiseBegin(EX_VALUE); msg("attempt to assign sequence of size "); msgI(<i64>m); msg(" to extended slice of size "); msgI(slLen);
    decref(items);
    return false;
  }
  for (let i: u64 = 0; i < m; i++) listSetItem(l, <u64>(slStart + <i64>i * slStep), listGetItem(items, i));
  decref(items);
  return true;
}

function msgI(v: i64): void {
  if (v < 0) { msgChar(45); v = -v; }
  let p: i64 = 1;
  while (p <= v / 10) p *= 10;
  while (p > 0) { msgChar(48 + <u32>((v / p) % 10)); p /= 10; }
}

/**
 * list_ass_slice (CPython 3.11): a[ilow:ihigh] = v, or del a[ilow:ihigh] (v 0).
 * v as PySequence_Fast takes it (a list or tuple itself, else list(v); `a[i:j] =
 * a` a copy first); the items replaced are kept aside (beyond 8, in a
 * PyMem_Malloc'd array), the tail moved, one list_resize to the new size, the
 * new items stored, then the old ones released: so the list's allocation is
 * CPython's.
 */
function listAssSlice(a: u64, ilow: i64, ihigh: i64, v: u64): bool {
  let seq: u64 = 0;
  let n: u64 = 0;
  if (v != 0) {
    if (v == a) {
      const m = listLength(a);
      const copy = listNew(m);
      if (copy == 0) { memoryError(); return false; }
      for (let i: u64 = 0; i < m; i++) listSetItem(copy, i, listGetItem(a, i));
      const ok = listAssSlice(a, ilow, ihigh, copy);
      decref(copy);
      return ok;
    }
    const tv = ty(v);
    if (tv == T_LIST || tv == T_TUPLE) { incref(v); seq = v; }
    else {
      // PySequence_Fast: list(iter(v)), a TypeError of iter() replaced
      const it = getIter(v);
      if (it == 0) {
        if (excType == EX_TYPE) { clearException(); raise(EX_TYPE, "can only assign an iterable"); }
        return false;
      }
      seq = listNew(0);
      if (seq == 0) { decref(it); memoryError(); return false; }
      const extended = listExtend(seq, it);
      decref(it);
      if (!extended) { decref(seq); return false; }
    }
    n = sizeOf(seq);
  }
  const size = <i64>sizeOf(a);
  if (ilow < 0) ilow = 0; else if (ilow > size) ilow = size;
  if (ihigh < ilow) ihigh = ilow; else if (ihigh > size) ihigh = size;
  const norig = ihigh - ilow;
  const d = <i64>n - norig;
  if (size + d == 0) {
    if (seq != 0) decref(seq);
    listClear(a);
    return true;
  }
  const previous = beginCategory(CAT_MUTATOR);
  let items = heapLoad64(a + LIST_ITEMS);
  // recycle: the items about to go, on the C stack up to 8 (not modelled: linear scratch), else a heap block
  let recycle: usize = 0;
  let block: u64 = 0;
  if (norig > 8) {
    beginCategory(CAT_ALLOC);
    block = objectMalloc(<u64>norig << 3);
    endCategory(CAT_MUTATOR);
    if (block == 0) { endCategory(previous); if (seq != 0) decref(seq); memoryError(); return false; }
    heapCopy(block, items + (<u64>ilow << 3), <u64>norig << 3);
  } else {
    recycle = sortAlloc(<u64>norig);
    if (recycle == 0 && norig > 0) { endCategory(previous); if (seq != 0) decref(seq); memoryError(); return false; }
    for (let k: i64 = 0; k < norig; k++) store<u64>(recycle + (<usize>k << 3), peek64(items + (<u64>(ilow + k) << 3)));
  }
  let ok = true;
  if (d < 0) {
    heapCopy(items + (<u64>(ihigh + d) << 3), items + (<u64>ihigh << 3), <u64>(size - ihigh) << 3);
    ok = listResize(a, <u64>(size + d));
    if (!ok) heapStore64(a + OB_SIZE, <u64>(size + d)); // (memsim keeps the larger array, as listPop does)
  } else if (d > 0) {
    ok = listResize(a, <u64>(size + d));
    if (ok) heapCopy(heapLoad64(a + LIST_ITEMS) + (<u64>(ihigh + d) << 3), heapLoad64(a + LIST_ITEMS) + (<u64>ihigh << 3), <u64>(size - ihigh) << 3);
  }
  if (d > 0 && !ok) {
    if (block != 0) { beginCategory(CAT_FREE); objectFree(block); endCategory(CAT_MUTATOR); }
    else sortRelease(recycle);
    endCategory(previous);
    if (seq != 0) decref(seq);
    memoryError();
    return false;
  }
  items = heapLoad64(a + LIST_ITEMS);
  const src = seq == 0 ? 0 : ty(seq) == T_LIST ? heapLoad64(seq + LIST_ITEMS) : seq + TUPLE_ITEMS;
  for (let k: u64 = 0; k < n; k++) {
    const w = heapLoad64(src + (k << 3));
    incref(w);
    heapStore64(items + (<u64>(ilow + <i64>k) << 3), w);
  }
  endCategory(previous);
  if (block != 0) {
    for (let k = norig - 1; k >= 0; k--) xdecref(heapLoad64(block + (<u64>k << 3)));
    const p = beginCategory(CAT_FREE);
    objectFree(block);
    endCategory(p);
  } else {
    for (let k = norig - 1; k >= 0; k--) xdecref(load<u64>(recycle + (<usize>k << 3)));
    sortRelease(recycle);
  }
  if (seq != 0) decref(seq);
  return true;
}

/** del o[k]. */
export function delItem(o: u64, k: u64): bool {
  const t = ty(o);
  if (t == T_LIST) {
    if (isIntLike(ty(k))) {
      const i = normIndex(k, t, <i64>listLength(o), true);
      if (i < 0) return false;
      const v = listPop(o, <u64>i);
      decref(v);
      return true;
    }
    if (ty(k) == T_SLICE) {
      if (!sliceIndices(k, <i64>listLength(o))) return false;
      if (slStep == 1) return listAssSlice(o, slStart, slStop, 0);
      // delete from the highest index down
      let positions: i64 = slLen;
      const order = slStep > 0;
      for (let j: i64 = 0; j < positions; j++) {
        const i = order ? slStart + (positions - 1 - j) * slStep : slStart + j * slStep;
        const v = listPop(o, <u64>i);
        decref(v);
      }
      return true;
    }
    raiseBegin(EX_TYPE); msg("list indices must be integers or slices, not "); msgTypeName(k);
    return false;
  }
  if (t == T_DICT) {
    const found = dictDelItem(o, k);
    if (unhashable) { unhashableError(k); return false; }
    if (!found) { keyError(k); return false; }
    return true;
  }
  if (hasSlot(t, SLOT_DELITEM)) {
    const r = callSlot(o, SLOT_DELITEM, k, 0, 2);
    if (r != 0) decref(r);
    return r != 0;
  }
  raiseBegin(EX_TYPE); msg("'"); msgTypeName(o); msg("' object doesn't support item deletion");
  return false;
}


/** slice(start, stop, step) (BUILD_SLICE): references to the three. */
export function newSlice(start: u64, stop: u64, step: u64): u64 {
  const s = extNew(T_SLICE);
  if (s == 0) return memoryError();
  extSet(s, F1, start, true);
  extSet(s, F2, stop, true);
  extSet(s, F3, step, true);
  extTrack(s, T_SLICE);
  return s;
}

/** range(start, stop, step) of i64 values. */
export function newRange(start: i64, stop: i64, step: i64): u64 {
  let n: i64 = 0;
  if (step > 0 && start < stop) n = (stop - start - 1) / step + 1;
  else if (step < 0 && start > stop) n = (start - stop - 1) / (-step) + 1;
  const r = extNew(T_RANGE);
  if (r == 0) return memoryError();
  const a = intFromI64(start), b = intFromI64(stop), c = intFromI64(step), d = intFromI64(n);
  if (a == 0 || b == 0 || c == 0 || d == 0) { xdecref(a); xdecref(b); xdecref(c); xdecref(d); decref(r); return memoryError(); }
  extSet(r, F1, a, false); extSet(r, F2, b, false); extSet(r, F3, c, false); extSet(r, F4, d, false);
  return r;
}

// ---- iteration ------------------------------------------------------------------------------------

export function isIterable(t: i32): bool {
  return t == T_LIST || t == T_TUPLE || t == T_STR || t == T_DICT || isAnySet(t) || t == T_RANGE || t == T_DICT_VIEW ||
    t == T_BYTES || isIterator(t);
}

import { T_GEN, genNext } from "./gen";

export function isIterator(t: i32): bool {
  return t == T_RANGE_ITER || t == T_LIST_ITER || t == T_TUPLE_ITER || t == T_STR_ITER || t == T_DICT_KEYITER ||
    t == T_DICT_VALUEITER || t == T_DICT_ITEMITER || t == T_SET_ITER || t == T_ENUMERATE || t == T_ZIP || t == T_LIST_REVITER ||
    t == T_GEN || t == T_MAP || t == T_FILTER;
}

/** iter(o): a new iterator, or 0 with TypeError. */
export function getIter(o: u64): u64 {
  const t = ty(o);
  if (isIterator(t)) { incref(o); return o; }
  switch (t) {
    case T_LIST: case T_TUPLE: case T_STR: case T_BYTES: {
      const it = extNew(t == T_LIST ? T_LIST_ITER : t == T_TUPLE ? T_TUPLE_ITER : T_STR_ITER);
      if (it == 0) return memoryError();
      extSet(it, F1, 0, false);
      extSet(it, F2, o, true);
      extTrack(it, T_LIST_ITER);
      return it;
    }
    case T_RANGE: {
      const start = intValue(extGet(o, F1)); const f1 = fitsI64;
      const step = intValue(extGet(o, F3)); const f2 = fitsI64;
      const len = intValue(extGet(o, F4));
      if (!f1 || !f2 || !fitsI64) { raise(EX_OVERFLOW, "range too large for memsim's range iterator"); return 0; }
      const it = extNew(T_RANGE_ITER);
      if (it == 0) return memoryError();
      extSet(it, F1, <u64>start, false);
      extSet(it, F2, <u64>step, false);
      extSet(it, F3, <u64>len, false);
      return it;
    }
    case T_DICT: case T_DICT_VIEW: {
      let d = o, kind = 0;
      if (t == T_DICT_VIEW) { const raw = extGet(o, F1); d = raw & ~(<u64>7); kind = <i32>(raw & 7); }
      const it = extNew(kind == 0 ? T_DICT_KEYITER : kind == 1 ? T_DICT_VALUEITER : T_DICT_ITEMITER);
      if (it == 0) return memoryError();
      extSet(it, F1, d, true);
      extSet(it, F2, costed(d + DICT_USED), false);
      extSet(it, F3, 0, false);
      if (kind == 2) {
        const pair = tupleNew(2);
        if (pair == 0) { decref(it); return memoryError(); }
        // (None, None) placeholders as dictiter_new makes
        tupleSetItem(pair, 0, NONE); tupleSetItem(pair, 1, NONE);
        extSet(it, F4, pair, false);
      }
      extSet(it, F5, costed(d + DICT_USED), false);
      extTrack(it, T_DICT_KEYITER);
      return it;
    }
    case T_SET: case T_FROZENSET: {
      const it = extNew(T_SET_ITER);
      if (it == 0) return memoryError();
      extSet(it, F1, o, true);
      extSet(it, F2, costed(o + SET_USED), false);
      extSet(it, F3, 0, false);
      extSet(it, F4, costed(o + SET_USED), false);
      extTrack(it, T_SET_ITER);
      return it;
    }
  }
  if (t >= T_FIRST_CLASS) {
    const r = slotIter(o, t);
    if (r != NOT_HANDLED) return r;
  }
  raiseBegin(EX_TYPE); msg("'"); msgTypeName(o); msg("' object is not iterable");
  return 0;
}

/** next(it): a new reference, or 0 at the end (no exception) or with an exception. */
export function iterNext(it: u64): u64 {
  const t = ty(it);
  switch (t) {
    case T_GEN: return genNext(it); // a nested eval loop (assembly/python/gen.ts, eval.ts)
    case T_RANGE_ITER: {
      const len = <i64>extGet(it, F3);
      if (len <= 0) return 0;
      const start = <i64>extGet(it, F1), step = <i64>extGet(it, F2);
      extSet(it, F1, <u64>(start + step), false);
      extSet(it, F3, <u64>(len - 1), false);
      return chk(intFromI64(start));
    }
    case T_LIST_ITER: case T_TUPLE_ITER: case T_STR_ITER: {
      const seq = extGet(it, F2);
      if (seq == 0) return 0;
      const i = extGet(it, F1);
      const n = t == T_STR_ITER ? costed(seq + STR_LENGTH) : t == T_LIST_ITER ? sizeOf(seq) : sizeOf(seq);
      if (i < n) {
        extSet(it, F1, i + 1, false);
        if (t == T_LIST_ITER) { const v = listGetItem(seq, i); incref(v); return v; }
        if (t == T_TUPLE_ITER) { const v = tupleGetItem(seq, i); incref(v); return v; }
        if (typeOf(seq) == T_BYTES) return chk(intFromI64(<i64>byteAt(seq, i)));
        touchChar(seq, i);
        return charStr(peekChar(seq, i));
      }
      extSet(it, F2, 0, false);
      decref(seq);
      return 0;
    }
    case T_LIST_REVITER: {
      const seq = extGet(it, F2);
      if (seq == 0) return 0;
      const i = <i64>extGet(it, F1);
      if (i >= 0 && <u64>i < sizeOf(seq)) {
        extSet(it, F1, <u64>(i - 1), false);
        const v = listGetItem(seq, <u64>i); incref(v); return v;
      }
      extSet(it, F1, <u64>-1, false);
      extSet(it, F2, 0, false);
      decref(seq);
      return 0;
    }
    case T_DICT_KEYITER: case T_DICT_VALUEITER: case T_DICT_ITEMITER: {
      const d = extGet(it, F1);
      if (d == 0) return 0;
      if (extGet(it, F2) != costed(d + DICT_USED)) {
        extSet(it, F2, <u64>-1, false);
        raise(EX_RUNTIME, "dictionary changed size during iteration");
        return 0;
      }
      const pos = extGet(it, F3);
      if (!dictNext(d, pos)) {
        extSet(it, F1, 0, false);
        decref(d);
        return 0;
      }
      extSet(it, F3, nextPos, false);
      extSet(it, F5, extGet(it, F5) - 1, false);
      const k = nextKey, v = nextValue;
      if (t == T_DICT_KEYITER) { incref(k); return k; }
      if (t == T_DICT_VALUEITER) { incref(v); return v; }
      const pair = tupleNew(2);
      if (pair == 0) return memoryError();
      tupleSetItem(pair, 0, k);
      tupleSetItem(pair, 1, v);
      return pair;
    }
    case T_SET_ITER: {
      const s = extGet(it, F1);
      if (s == 0) return 0;
      if (extGet(it, F2) != costed(s + SET_USED)) {
        extSet(it, F2, <u64>-1, false);
        raise(EX_RUNTIME, "Set changed size during iteration");
        return 0;
      }
      if (!setNext(s, extGet(it, F3))) {
        extSet(it, F1, 0, false);
        decref(s);
        return 0;
      }
      extSet(it, F3, nextPos, false);
      extSet(it, F4, extGet(it, F4) - 1, false);
      incref(nextKey);
      return nextKey;
    }
    case T_ENUMERATE: {
      const sit = extGet(it, F2);
      const v = iterNext(sit);
      if (v == 0) return 0;
      const i = <i64>extGet(it, F1);
      extSet(it, F1, <u64>(i + 1), false);
      const idx = intFromI64(i);
      const pair = tupleNew(2);
      if (pair == 0 || idx == 0) { decref(v); xdecref(idx); return memoryError(); }
      tupleSetItem(pair, 0, idx); decref(idx);
      tupleSetItem(pair, 1, v); decref(v);
      return pair;
    }
    case T_MAP: return mapNext(it);
    case T_FILTER: return filterNext(it);
    case T_ZIP: {
      const its = extGet(it, F2);
      const n = <u64>extGet(it, F1);
      if (n == 0) return 0;
      const r = tupleNew(n);
      if (r == 0) return memoryError();
      for (let i: u64 = 0; i < n; i++) {
        const v = iterNext(tupleGetItem(its, i));
        if (v == 0) { decref(r); return 0; }
        tupleSetItem(r, i, v);
        decref(v);
      }
      return r;
    }
  }
  raiseBegin(EX_TYPE); msg("'"); msgTypeName(it); msg("' object is not an iterator");
  return 0;
}

function touchChar(s: u64, i: u64): void {
  const p = strData(s) + i * <u64>strKind(s);
  costed(p & ~(<u64>7));
}

/** A list of everything an iterable yields (PySequence_List). */
export function listOf(o: u64): u64 {
  const l = listNew(0);
  if (l == 0) return memoryError();
  if (!listExtend(l, o)) { decref(l); return 0; }
  return l;
}

/** A tuple of a list's items. */
export function tupleOfList(l: u64): u64 {
  const n = listLength(l);
  const t = tupleNew(n);
  if (t == 0) return memoryError();
  for (let i: u64 = 0; i < n; i++) tupleSetItem(t, i, listGetItem(l, i));
  return t;
}

/**
 * A key's hash or lookup failed (`unhashable`): TypeError "unhashable type",
 * unless a script's __hash__ or __eq__ raised (its exception is pending).
 */
export function unhashableError(k: u64): void {
  if (lookupRaised) return;
  raiseBegin(EX_TYPE); msg("unhashable type: '"); msgTypeName(k); msg("'");
}

/**
 * set_contains_key's or set_discard_key's hash of key `k`. A set key is
 * unhashable: set_contains, set_discard and set_remove then clear the
 * TypeError and retry with a temporary frozenset of its items
 * (make_new_set(&PyFrozenSet_Type, key): allocated, filled by set_merge,
 * hashed), left in retryKey for the lookup (a new reference the caller
 * releases after it; else 0). With an exception: -1 and excType set.
 */
export function setKeyHash(k: u64): i64 {
  retryKey = 0;
  const h = hashForLookup(k);
  if (!unhashable) return h;
  if (lookupRaised || ty(k) != T_SET) { unhashableError(k); return -1; }
  const tmp = setFrom(k, T_FROZENSET);
  if (tmp == 0) return -1;
  retryKey = tmp;
  return hashForLookup(tmp);
}
export let retryKey: u64 = 0;

/** hash(o): -1 with TypeError when unhashable (or what a script's __hash__ raised). */
export function hashOf(o: u64): i64 {
  const h = hashForLookup(o);
  if (unhashable) { unhashableError(o); }
  return h;
}

export function newFloat(v: f64): u64 {
  return chk(floatNew(v));
}

export function newInt(v: i64): u64 {
  return chk(intFromI64(v));
}

export function isNone(o: u64): bool { return o == NONE; }
export function emptyTuple(): u64 { incref(EMPTY_TUPLE); return EMPTY_TUPLE; }
export function refcountOf(o: u64): u64 { return refcount(o); }
export function typeObjectOf(t: i32): u64 { return typeObject(t); }
export function listAppendChecked(l: u64, v: u64): bool { if (!listAppend(l, v)) { memoryError(); return false; } return true; }
export function setAddChecked(s: u64, k: u64): bool {
  const r = setAdd(s, k);
  if (r == SET_UNHASHABLE) { unhashableError(k); return false; }
  if (r != 0) { memoryError(); return false; }
  return true;
}
export function dictSetChecked(d: u64, k: u64, v: u64): bool {
  const r = dictSetItem(d, k, v);
  if (r == DICT_UNHASHABLE) { unhashableError(k); return false; }
  if (r != 0) { memoryError(); return false; }
  return true;
}

/** Byte i of a bytes object (costed). */
export function byteAt(b: u64, i: u64): u32 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad8(b + BYTES_DATA + i);
  endCategory(previous);
  return v;
}
