// The builtins: functions (print, len, ...), the constructors of the
// built-in types (int(x), list(x), ...), the methods of list, dict, set and
// str, and the sys and gc modules. A builtin gets its arguments borrowed from
// the value stack (vectorcall) and returns a new reference, or 0 with an
// exception set.

import { heapLoad64, peek64, beginCategory, endCategory, CAT_MUTATOR, heapStore64 } from "../heap/memory";
import { NONE, TRUE, FALSE, GC_HEAD, LIST_ITEMS, OB_SIZE, EMPTY_TUPLE, EMPTY_STR } from "../heap/objects/layout";
import { T_NONE, T_BOOL, T_INT, T_FLOAT, T_STR, T_BYTES, T_TUPLE, T_LIST, T_DICT, T_SET, T_FUNCTION, T_CODE, T_OBJECT, T_TYPE, T_FIRST_CLASS, typeObject, typeNumber, isGcType } from "../heap/objects/types";
import { incref, decref, xdecref, typeOf, refcount } from "../heap/objects/object";
import { intFromI64 } from "../heap/objects/int";
import { floatNew } from "../heap/objects/float";
import { strLength, peekChar, strSizeof, bytesSizeof } from "../heap/objects/str";
import { tupleNew, tupleSetItem, tupleGetItem, tupleLength } from "../heap/objects/tuple";
import { listNew, listAppend, listSetItem, listGetItem, listLength, listPop, listAllocated, listClear } from "../heap/objects/list";
import { dictNew, dictSetItem, dictGetItem, dictDelItem, dictLength, dictSizeof } from "../heap/objects/dict";
import { setNew, setAdd, setDiscard, setContains, setLength, setSizeof } from "../heap/objects/set";
import { intSizeof } from "../heap/objects/int";
import { instanceSizeof } from "../heap/objects/instance";
import { codeBytes } from "../heap/objects/function";
import { INPUT_PTR } from "../layout";
import {
  raise, raiseBegin, msg, msgTypeName, msgStrObj, msgTypeNumber, excType, EX_TYPE, EX_INDEX, EX_KEY, EX_VALUE, EX_ZERODIV, EX_MEMORY,
  EX_OVERFLOW, EX_UNSUPPORTED, EX_STOPITER, msgByte, textLen, textPtr, textByte, textChar, emitText, cpPtr, CP_MAX, classRecord, strIs, methodPtr,
} from "./state";
import * as N from "./num";
import {
  ty, isIntLike, newBool, newNone, chk, sizeOf, floatOf, intValue, fitsI64, truthy, lengthOf, touchStr, strFromCp, charStr,
  textToStr, cutText, appendRepr, reprObject, compare, compareBool, CMP_LT, CMP_EQ, binaryOp, OP_ADD, getIter, iterNext,
  listOf, tupleOfList, listExtend, hashOf, newRange, dictNext, nextPos, nextKey, nextValue, setNext, strFind, intToF64,
  newInt, newFloat, dictCopy, dictUpdate, setAddChecked, dictSetChecked, listAppendChecked, contains, setBuiltinNamer, OP_MOD, OP_FLOORDIV, indexValue, textAscii,
} from "./ops";
import {
  T_RANGE, T_RANGE_ITER, T_LIST_ITER, T_TUPLE_ITER, T_STR_ITER, T_SET_ITER, T_SLICE, T_BUILTIN, T_METHOD, T_MODULE, T_ENUMERATE, T_ZIP,
  T_LIST_REVITER, T_DICT_VIEW, T_DICT_KEYITER, T_DICT_VALUEITER, T_DICT_ITEMITER, F1, F2, F3, F4, F5, extNew, extSet, extGet, extTrack, extSize, extGc,
} from "./objs";

// ---- ids ------------------------------------------------------------------------------

export const B_PRINT = 0;
export const B_REPR = 1;
export const B_LEN = 2;
export const B_ID = 3;
export const B_ISINSTANCE = 4;
export const B_ABS = 5;
export const B_MIN = 6;
export const B_MAX = 7;
export const B_SUM = 8;
export const B_SORTED = 9;
export const B_BUILD_CLASS = 10;
export const B_HASH = 11;
export const B_DIVMOD = 12;
export const B_CHR = 13;
export const B_ORD = 14;
export const B_ROUND = 15;
export const B_ANY = 16;
export const B_ALL = 17;
export const B_NEXT = 18;
export const B_ITER = 19;
export const B_GETSIZEOF = 20;
export const B_GETREFCOUNT = 21;
export const B_DEBUGMALLOCSTATS = 22;
export const B_GC_COLLECT = 23;
export const B_GETRECURSIONLIMIT = 24;
export const B_GC_ENABLE = 25;
export const B_GC_DISABLE = 26;
export const B_GC_ISENABLED = 27;
export const B_VARS = 28;
const FIRST_METHOD = 32;
// list
export const M_LIST_APPEND = 32;
export const M_LIST_POP = 33;
export const M_LIST_INSERT = 34;
export const M_LIST_EXTEND = 35;
export const M_LIST_INDEX = 36;
export const M_LIST_COUNT = 37;
export const M_LIST_SORT = 38;
export const M_LIST_REVERSE = 39;
export const M_LIST_CLEAR = 40;
export const M_LIST_COPY = 41;
export const M_LIST_REMOVE = 42;
// dict
export const M_DICT_GET = 48;
export const M_DICT_KEYS = 49;
export const M_DICT_VALUES = 50;
export const M_DICT_ITEMS = 51;
export const M_DICT_POP = 52;
export const M_DICT_SETDEFAULT = 53;
export const M_DICT_UPDATE = 54;
export const M_DICT_COPY = 55;
export const M_DICT_CLEAR = 56;
// set
export const M_SET_ADD = 64;
export const M_SET_DISCARD = 65;
export const M_SET_REMOVE = 66;
export const M_SET_UPDATE = 67;
export const M_SET_COPY = 68;
// str
export const M_STR_JOIN = 80;
export const M_STR_SPLIT = 81;
export const M_STR_UPPER = 82;
export const M_STR_LOWER = 83;
export const M_STR_STRIP = 84;
export const M_STR_REPLACE = 85;
export const M_STR_STARTSWITH = 86;
export const M_STR_ENDSWITH = 87;
export const M_STR_FIND = 88;
export const M_STR_COUNT = 89;
export const M_STR_LSTRIP = 90;
export const M_STR_RSTRIP = 91;
export const M_STR_ISDIGIT = 92;
// tuple
export const M_TUPLE_INDEX = 96;
export const M_TUPLE_COUNT = 97;
export const MAX_BUILTIN = 100;

export function builtinName(id: i32): string {
  switch (id) {
    case B_PRINT: return "print";
    case B_REPR: return "repr";
    case B_LEN: return "len";
    case B_ID: return "id";
    case B_ISINSTANCE: return "isinstance";
    case B_ABS: return "abs";
    case B_MIN: return "min";
    case B_MAX: return "max";
    case B_SUM: return "sum";
    case B_SORTED: return "sorted";
    case B_BUILD_CLASS: return "__build_class__";
    case B_HASH: return "hash";
    case B_DIVMOD: return "divmod";
    case B_CHR: return "chr";
    case B_ORD: return "ord";
    case B_ROUND: return "round";
    case B_ANY: return "any";
    case B_ALL: return "all";
    case B_NEXT: return "next";
    case B_ITER: return "iter";
    case B_GETSIZEOF: return "getsizeof";
    case B_GETREFCOUNT: return "getrefcount";
    case B_DEBUGMALLOCSTATS: return "_debugmallocstats";
    case B_GC_COLLECT: return "collect";
    case B_GETRECURSIONLIMIT: return "getrecursionlimit";
    case B_GC_ENABLE: return "enable";
    case B_GC_DISABLE: return "disable";
    case B_GC_ISENABLED: return "isenabled";
    case B_VARS: return "vars";
    case T_RANGE + 200: return "range";
    case T_LIST_REVITER + 200: return "reversed";
    case M_LIST_APPEND: case M_SET_ADD: return id == M_SET_ADD ? "add" : "append";
    case M_LIST_POP: case M_DICT_POP: return "pop";
    case M_LIST_INSERT: return "insert";
    case M_LIST_EXTEND: return "extend";
    case M_LIST_INDEX: case M_TUPLE_INDEX: return "index";
    case M_LIST_COUNT: case M_TUPLE_COUNT: case M_STR_COUNT: return "count";
    case M_LIST_SORT: return "sort";
    case M_LIST_REVERSE: return "reverse";
    case M_LIST_CLEAR: case M_DICT_CLEAR: return "clear";
    case M_LIST_COPY: case M_DICT_COPY: case M_SET_COPY: return "copy";
    case M_LIST_REMOVE: case M_SET_REMOVE: return "remove";
    case M_DICT_GET: return "get";
    case M_DICT_KEYS: return "keys";
    case M_DICT_VALUES: return "values";
    case M_DICT_ITEMS: return "items";
    case M_DICT_SETDEFAULT: return "setdefault";
    case M_DICT_UPDATE: case M_SET_UPDATE: return "update";
    case M_SET_DISCARD: return "discard";
    case M_STR_JOIN: return "join";
    case M_STR_SPLIT: return "split";
    case M_STR_UPPER: return "upper";
    case M_STR_LOWER: return "lower";
    case M_STR_STRIP: return "strip";
    case M_STR_REPLACE: return "replace";
    case M_STR_STARTSWITH: return "startswith";
    case M_STR_ENDSWITH: return "endswith";
    case M_STR_FIND: return "find";
    case M_STR_LSTRIP: return "lstrip";
    case M_STR_RSTRIP: return "rstrip";
    case M_STR_ISDIGIT: return "isdigit";
  }
  return "?";
}

function nameText(id: i32): void {
  textAscii(builtinName(id));
}

/** The method of a built-in type `t` called `name` (a str), or -1. */
export function methodIdOf(t: i32, name: u64): i32 {
  let lo = 0, hi = -1;
  if (t == T_LIST) { lo = 32; hi = 42; }
  else if (t == T_DICT) { lo = 48; hi = 56; }
  else if (t == T_SET) { lo = 64; hi = 68; }
  else if (t == T_STR) { lo = 80; hi = 92; }
  else if (t == T_TUPLE) { lo = 96; hi = 97; }
  for (let id = lo; id <= hi; id++) if (strIs(name, builtinName(id))) return id;
  return -1;
}

/** The builtin function named `name` in the builtins (not the types), or -1. */
export function functionIdOf(name: u64): i32 {
  for (let id = 0; id <= B_BUILD_CLASS + 9; id++) {
    if (id >= B_GETSIZEOF && id <= B_GC_ISENABLED) continue;
    if (strIs(name, builtinName(id))) return id;
  }
  return -1;
}

/** The builtin type a name stands for (int, str, ...), or -1. */
export function typeIdOf(name: u64): i32 {
  if (strIs(name, "int")) return T_INT;
  if (strIs(name, "float")) return T_FLOAT;
  if (strIs(name, "str")) return T_STR;
  if (strIs(name, "bool")) return T_BOOL;
  if (strIs(name, "list")) return T_LIST;
  if (strIs(name, "tuple")) return T_TUPLE;
  if (strIs(name, "dict")) return T_DICT;
  if (strIs(name, "set")) return T_SET;
  if (strIs(name, "range")) return T_RANGE;
  if (strIs(name, "type")) return T_TYPE;
  if (strIs(name, "object")) return T_OBJECT;
  if (strIs(name, "enumerate")) return T_ENUMERATE;
  if (strIs(name, "zip")) return T_ZIP;
  if (strIs(name, "reversed")) return T_LIST_REVITER;
  if (strIs(name, "bytes")) return T_BYTES;
  if (strIs(name, "slice")) return T_SLICE;
  return -1;
}

// builtin objects (static for the run: created at pyStart or on first use, kept by this table)
const builtinObjects = memory.data(MAX_BUILTIN * 8);

export function resetBuiltins(): void {
  memory.fill(builtinObjects, 0, MAX_BUILTIN * 8);
  setBuiltinNamer(nameText);
}

/** The builtin function object of `id` (unbound), a borrowed reference; 0 on MemoryError. */
export function builtinObject(id: i32): u64 {
  const p = builtinObjects + (<usize>id << 3);
  let o = load<u64>(p);
  if (o == 0) {
    o = extNew(T_BUILTIN);
    if (o == 0) return 0;
    extSet(o, F1, <u64>id, false);
    extTrack(o, T_BUILTIN);
    store<u64>(p, o);
  }
  return o;
}

/** A builtin method bound to `self` (x.append without a call). */
export function boundBuiltin(id: i32, self: u64): u64 {
  const o = extNew(T_BUILTIN);
  if (o == 0) return chk(0);
  extSet(o, F1, <u64>id, false);
  extSet(o, F2, self, true);
  extTrack(o, T_BUILTIN);
  return o;
}

// ---- arguments ----------------------------------------------------------------------------

let argBase: u64 = 0;
let argCount: i32 = 0; // positional
let kwNames: u64 = 0;
let kwCount: i32 = 0;

// @ts-ignore: decorator
@inline function arg(i: i32): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(argBase + (<u64>i << 3));
  endCategory(previous);
  return v;
}

/** The keyword argument called `name`, or 0. */
function kwarg(name: string): u64 {
  for (let i = 0; i < kwCount; i++) {
    if (strIs(tupleGetItem(kwNames, <u64>i), name)) return arg(argCount + i);
  }
  return 0;
}

function noKeywords(id: i32): bool {
  if (kwCount == 0) return true;
  raiseBegin(EX_TYPE); msg(builtinName(id)); msg("() takes no keyword arguments");
  return false;
}

function argCountError(id: i32, lo: i32, hi: i32): bool {
  if (argCount >= lo && argCount <= hi) return true;
  raiseBegin(EX_TYPE);
  msg(builtinName(id));
  if (lo == hi) {
    if (lo == 0) { msg("() takes no arguments ("); msgNum(argCount); msg(" given)"); }
    else if (lo == 1) { msg("() takes exactly one argument ("); msgNum(argCount); msg(" given)"); }
    else { msg(" expected "); msgNum(lo); msg(" arguments, got "); msgNum(argCount); }
  } else if (argCount < lo) { msg(" expected at least "); msgNum(lo); msg(" argument"); if (lo > 1) msg("s"); msg(", got "); msgNum(argCount); }
  else { msg(" expected at most "); msgNum(hi); msg(" argument"); if (hi > 1) msg("s"); msg(", got "); msgNum(argCount); }
  return false;
}

function msgNum(v: i32): void {
  if (v >= 10) msgNum(v / 10);
  msg(v % 10 == 0 ? "0" : v % 10 == 1 ? "1" : v % 10 == 2 ? "2" : v % 10 == 3 ? "3" : v % 10 == 4 ? "4" : v % 10 == 5 ? "5" : v % 10 == 6 ? "6" : v % 10 == 7 ? "7" : v % 10 == 8 ? "8" : "9");
}

function unsupportedKw(what: string): u64 {
  raiseBegin(EX_UNSUPPORTED); msg(what); msg(" is not supported yet (memsim)");
  return 0;
}

// ---- calls ------------------------------------------------------------------------------------

/**
 * Call builtin `id` with `self` (0 for none) and the arguments at emulated
 * `args` (n positional, then the values of the keywords named in `kw`).
 */
export function callBuiltin(id: i32, self: u64, args: u64, n: i32, kw: u64): u64 {
  argBase = args;
  kwNames = kw;
  kwCount = kw == 0 ? 0 : <i32>tupleLength(kw);
  argCount = n - kwCount;
  if (id >= FIRST_METHOD) {
    if (self == 0) {
      // an unbound method called with self as its first argument
      if (argCount < 1) { raiseBegin(EX_TYPE); msg("unbound method "); msg(builtinName(id)); msg("() needs an argument"); return 0; }
      self = arg(0);
      argBase += 8;
      argCount--;
    }
    if (id != M_LIST_SORT && !noKeywords(id)) return 0;
    return callMethod(id, self);
  }
  switch (id) {
    case B_PRINT: return bPrint();
    case B_REPR: if (!noKeywords(id) || !argCountError(id, 1, 1)) return 0; return reprObject(arg(0), false);
    case B_LEN: {
      if (!noKeywords(id) || !argCountError(id, 1, 1)) return 0;
      const v = lengthOf(arg(0));
      return v < 0 ? 0 : newInt(v);
    }
    case B_ID: if (!argCountError(id, 1, 1)) return 0; return newIntU(arg(0));
    case B_ISINSTANCE: return bIsinstance();
    case B_ABS: {
      if (!argCountError(id, 1, 1)) return 0;
      const x = arg(0);
      const t = ty(x);
      if (isIntLike(t)) { return intValue(x) < 0 || !fitsI64 && N.bneg(N.loadInt(x)) ? binaryOpNeg(x) : (t == T_BOOL ? newInt(x == TRUE ? 1 : 0) : ref(x)); }
      if (t == T_FLOAT) return newFloat(Math.abs(floatOf(x)));
      raiseBegin(EX_TYPE); msg("bad operand type for abs(): '"); msgTypeName(x); msg("'");
      return 0;
    }
    case B_MIN: case B_MAX: return bMinMax(id == B_MAX);
    case B_SUM: return bSum();
    case B_SORTED: {
      if (!argCountError(id, 1, 1)) return 0;
      const l = listOf(arg(0));
      if (l == 0) return 0;
      if (!sortList(l)) { decref(l); return 0; }
      return l;
    }
    case B_HASH: {
      if (!argCountError(id, 1, 1)) return 0;
      const h = hashOf(arg(0));
      return excType != 0 ? 0 : newInt(h);
    }
    case B_DIVMOD: {
      if (!argCountError(id, 2, 2)) return 0;
      const q = binaryOp(arg(0), arg(1), OP_FLOORDIV, false);
      if (q == 0) return 0;
      const r = binaryOp(arg(0), arg(1), OP_MOD, false);
      if (r == 0) { decref(q); return 0; }
      const t = tupleNew(2);
      if (t == 0) { decref(q); decref(r); return chk(0); }
      tupleSetItem(t, 0, q); tupleSetItem(t, 1, r); decref(q); decref(r);
      return t;
    }
    case B_CHR: {
      if (!argCountError(id, 1, 1)) return 0;
      const v = intValue(arg(0));
      if (v < 0 || v > 0x10ffff) { raise(EX_VALUE, "chr() arg not in range(0x110000)"); return 0; }
      return charStr(<u32>v);
    }
    case B_ORD: {
      if (!argCountError(id, 1, 1)) return 0;
      const s = arg(0);
      if (ty(s) != T_STR) { raiseBegin(EX_TYPE); msg("ord() expected string of length 1, but "); msgTypeName(s); msg(" found"); return 0; }
      if (strLength(s) != 1) { raiseBegin(EX_TYPE); msg("ord() expected a character, but string of length "); msgNum(<i32>strLength(s)); msg(" found"); return 0; }
      touchStr(s);
      return newInt(<i64>peekChar(s, 0));
    }
    case B_ROUND: return bRound();
    case B_ANY: case B_ALL: {
      if (!argCountError(id, 1, 1)) return 0;
      const it = getIter(arg(0));
      if (it == 0) return 0;
      const want = id == B_ANY ? 1 : 0;
      while (true) {
        const v = iterNext(it);
        if (v == 0) break;
        const b = truthy(v);
        decref(v);
        if (b < 0) { decref(it); return 0; }
        if (b == want) { decref(it); return newBool(want == 1); }
      }
      decref(it);
      return excType != 0 ? 0 : newBool(want == 0);
    }
    case B_NEXT: {
      if (!argCountError(id, 1, 2)) return 0;
      const v = iterNext(arg(0));
      if (v == 0 && excType == 0) {
        if (argCount == 2) return ref(arg(1));
        raise(EX_STOPITER, "");
      }
      return v;
    }
    case B_ITER: if (!argCountError(id, 1, 1)) return 0; return getIter(arg(0));
    case B_GETSIZEOF: {
      if (!argCountError(id, 1, 2)) return 0;
      return newInt(<i64>getsizeof(arg(0)));
    }
    case B_GETREFCOUNT: if (!argCountError(id, 1, 1)) return 0; return newInt(<i64>refcount(arg(0)));
    case B_DEBUGMALLOCSTATS: return newNone(); // CPython writes these to stderr: nothing on stdout
    case B_GC_COLLECT: return newInt(0); // the cyclic collector is issue 6: nothing is collected yet
    case B_GETRECURSIONLIMIT: return newInt(1000);
    case B_GC_ENABLE: case B_GC_DISABLE: return newNone();
    case B_GC_ISENABLED: return newBool(true);
  }
  raiseBegin(EX_UNSUPPORTED); msg(builtinName(id)); msg("() is not supported yet (memsim)");
  return 0;
}

function ref(o: u64): u64 {
  incref(o);
  return o;
}

function newIntU(v: u64): u64 {
  return newInt(<i64>v);
}

function binaryOpNeg(x: u64): u64 {
  N.bigReset();
  const p = N.loadInt(x);
  N.setneg(p, false);
  if (N.bigOverflow) { raise(EX_MEMORY, ""); return 0; }
  return chk(N.bigToInt(p));
}

/** sys.getsizeof: __sizeof__ plus the GC pre-header. */
export function getsizeof(o: u64): u64 {
  const t = typeOf(o);
  let size: u64 = 0;
  switch (t) {
    case T_NONE: size = 16; break;
    case T_INT: case T_BOOL: size = intSizeof(o); break;
    case T_FLOAT: size = 24; break;
    case T_STR: size = strSizeof(o); break;
    case T_BYTES: size = bytesSizeof(o); break;
    case T_TUPLE: size = 24 + (tupleLength(o) << 3); break;
    case T_LIST: size = 40 + (listAllocated(o) << 3); break;
    case T_DICT: size = dictSizeof(o); break;
    case T_SET: size = setSizeof(o); break;
    case T_FUNCTION: size = 136; break;
    case T_CODE: size = codeBytes(peek64(o + OB_SIZE)); break;
    case T_TYPE: return 1072; // a heap type (PyHeapTypeObject + GC head, 3.11)
    default:
      if (t >= T_FIRST_CLASS) return instanceSizeof(o);
      if (t > T_TYPE) return extSize(t) + (extGc(t) ? GC_HEAD : 0);
      size = 16;
  }
  if (isGcType(t)) size += GC_HEAD;
  return size;
}

// ---- print ------------------------------------------------------------------------------------

function bPrint(): u64 {
  let sep: u64 = 0, end: u64 = 0;
  for (let i = 0; i < kwCount; i++) {
    const name = tupleGetItem(kwNames, <u64>i);
    const v = arg(argCount + i);
    if (strIs(name, "sep")) sep = v;
    else if (strIs(name, "end")) end = v;
    else if (strIs(name, "flush")) continue;
    else if (strIs(name, "file")) return unsupportedKw("print(file=...)");
    else { raiseBegin(EX_TYPE); msg("'"); msgStrObj(name); msg("' is an invalid keyword argument for print()"); return 0; }
  }
  if (sep == NONE) sep = 0;
  if (end == NONE) end = 0;
  if (sep != 0 && ty(sep) != T_STR) { raiseBegin(EX_TYPE); msg("sep must be None or a string, not "); msgTypeName(sep); return 0; }
  if (end != 0 && ty(end) != T_STR) { raiseBegin(EX_TYPE); msg("end must be None or a string, not "); msgTypeName(end); return 0; }
  const start = textLen;
  for (let i = 0; i < argCount; i++) {
    if (i > 0) { if (sep != 0) appendRepr(sep, true); else textByte(32); }
    const v = arg(i);
    if (ty(v) == T_STR) { appendRepr(v, true); continue; }
    // PyFile_WriteObject: str(v) is a new object, written, released
    const s = reprObject(v, true);
    if (s == 0) { cutText(start); return 0; }
    appendRepr(s, true);
    decref(s);
  }
  if (end != 0) appendRepr(end, true); else textByte(10);
  emitText(textPtr + start, textLen - start);
  cutText(start);
  return newNone();
}

// ---- isinstance -------------------------------------------------------------------------------

/** Whether type t is u or a subclass of it. */
export function isSubtype(t: i32, u: i32): bool {
  if (u == T_OBJECT) return true;
  if (t == u) return true;
  if (t == T_BOOL && u == T_INT) return true;
  while (t >= T_FIRST_CLASS) {
    const base = load<i32>(classRecord(t) + 16) - 1;
    if (base < 0) return false;
    if (base == u) return true;
    t = base;
  }
  return false;
}

function bIsinstance(): u64 {
  if (!argCountError(B_ISINSTANCE, 2, 2)) return 0;
  const x = arg(0), c = arg(1);
  const t = typeOf(x);
  const tc = ty(c);
  if (tc == T_TYPE) return newBool(isSubtype(t, typeNumber(c)));
  if (tc == T_TUPLE) {
    for (let i: u64 = 0; i < tupleLength(c); i++) {
      const u = tupleGetItem(c, i);
      if (typeOf(u) != T_TYPE) break;
      if (isSubtype(t, typeNumber(u))) return newBool(true);
    }
    return newBool(false);
  }
  raise(EX_TYPE, "isinstance() arg 2 must be a type, a tuple of types, or a union");
  return 0;
}

// ---- min, max, sum, round -------------------------------------------------------------------

function bMinMax(isMax: bool): u64 {
  const id = isMax ? B_MAX : B_MIN;
  let dflt: u64 = 0;
  for (let i = 0; i < kwCount; i++) {
    const name = tupleGetItem(kwNames, <u64>i);
    if (strIs(name, "default")) dflt = arg(argCount + i);
    else if (strIs(name, "key")) return unsupportedKw("min()/max() with key=");
    else { raiseBegin(EX_TYPE); msg(builtinName(id)); msg("() got an unexpected keyword argument '"); msgStrObj(name); msg("'"); return 0; }
  }
  if (argCount == 0) { raiseBegin(EX_TYPE); msg(builtinName(id)); msg(" expected at least 1 argument, got 0"); return 0; }
  let it: u64 = 0;
  let best: u64 = 0;
  if (argCount == 1) {
    it = getIter(arg(0));
    if (it == 0) return 0;
  }
  let i = 0;
  while (true) {
    let v: u64;
    if (it != 0) { v = iterNext(it); if (v == 0) break; }
    else { if (i >= argCount) break; v = ref(arg(i++)); }
    if (best == 0) { best = v; continue; }
    const c = compare(v, best, isMax ? 4 : CMP_LT);
    if (c < 0) { decref(v); decref(best); if (it != 0) decref(it); return 0; }
    if (c == 1) { decref(best); best = v; } else decref(v);
  }
  if (it != 0) decref(it);
  if (excType != 0) { xdecref(best); return 0; }
  if (best == 0) {
    if (dflt != 0) return ref(dflt);
    raiseBegin(EX_VALUE); msg(builtinName(id)); msg("() arg is an empty sequence");
    return 0;
  }
  return best;
}

function bSum(): u64 {
  if (!argCountError(B_SUM, 1, 2)) return 0;
  let start = argCount == 2 ? arg(1) : 0;
  if (kwCount == 1 && strIs(tupleGetItem(kwNames, 0), "start")) start = arg(argCount);
  if (start != 0 && ty(start) == T_STR) { raise(EX_TYPE, "sum() can't sum strings [use ''.join(seq) instead]"); return 0; }
  const it = getIter(arg(0));
  if (it == 0) return 0;
  let result = start != 0 ? ref(start) : newInt(0);
  // the fast path for ints: accumulate in a C long until something else (or an overflow) comes
  if (ty(result) == T_INT) {
    let acc = intValue(result);
    if (fitsI64) {
      decref(result);
      result = 0;
      while (true) {
        const v = iterNext(it);
        if (v == 0) break;
        if (ty(v) == T_INT || ty(v) == T_BOOL) {
          const x = intValue(v);
          if (fitsI64 && ((x >= 0 && acc <= (<i64>1 << 62) - x) || (x < 0 && acc >= -(<i64>1 << 62) - x))) { acc += x; decref(v); continue; }
        }
        // leave the fast path
        result = newInt(acc);
        const r = binaryOp(result, v, OP_ADD, false);
        decref(result); decref(v);
        if (r == 0) { decref(it); return 0; }
        result = r;
        break;
      }
      if (result == 0) { decref(it); return excType != 0 ? 0 : newInt(acc); }
    }
  }
  while (true) {
    const v = iterNext(it);
    if (v == 0) break;
    const r = binaryOp(result, v, OP_ADD, false);
    decref(v);
    decref(result);
    if (r == 0) { decref(it); return 0; }
    result = r;
  }
  decref(it);
  if (excType != 0) { decref(result); return 0; }
  return result;
}

function bRound(): u64 {
  if (!argCountError(B_ROUND, 1, 2)) return 0;
  const x = arg(0);
  const t = ty(x);
  const nd = argCount == 2 ? arg(1) : NONE;
  if (isIntLike(t)) {
    if (nd == NONE || intValue(nd) >= 0) return t == T_BOOL ? newInt(x == TRUE ? 1 : 0) : ref(x);
    const p = intValue(nd);
    let m: i64 = 1;
    for (let i: i64 = 0; i < -p && m < (<i64>1 << 60); i++) m *= 10;
    const v = intValue(x);
    let q = v / m, r = v % m;
    if (r < 0) { q -= 1; r += m; }
    if (r * 2 > m || (r * 2 == m && (q & 1) == 1)) q += 1;
    return newInt(q * m);
  }
  if (t != T_FLOAT) { raiseBegin(EX_TYPE); msg("type "); msgTypeName(x); msg(" doesn't define __round__ method"); return 0; }
  const v = floatOf(x);
  if (nd == NONE) {
    if (!isFinite(v)) { raise(isNaN(v) ? EX_VALUE : EX_OVERFLOW, isNaN(v) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer"); return 0; }
    let r = Math.round(v);
    if (Math.abs(v - Math.trunc(v)) == 0.5) r = 2.0 * Math.round(v / 2.0);
    return floatToInt(r);
  }
  const p = intValue(nd);
  if (p < 0 || p > 300 || !isFinite(v)) {
    const m = Math.pow(10, <f64>(-p));
    return newFloat(p < 0 ? Math.round(v / m) * m : v);
  }
  const n = N.floatFixed(v, <u32>p, cpPtr);
  return newFloat(parseDecimal(cpPtr, n));
}

/** An int from a double's integer value. */
export function floatToInt(v: f64): u64 {
  if (Math.abs(v) < 4611686018427387904.0) return newInt(<i64>v);
  N.bigReset();
  const p = N.bigFromF64(v);
  return chk(N.bigToInt(p));
}

/** A decimal ASCII number (as float() and round() read it): exact when it has at most 15 digits and a small exponent. */
export function parseDecimal(p: usize, n: u32): f64 {
  let i: u32 = 0;
  let neg = false;
  if (i < n && (load<u8>(p) == 45 || load<u8>(p) == 43)) { neg = load<u8>(p) == 45; i++; }
  let mant: f64 = 0;
  let digits = 0;
  let exp = 0;
  let seenDot = false;
  let mantInt: u64 = 0;
  let exact = true;
  for (; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    if (c == 46) { seenDot = true; continue; }
    if (c == 95) continue;
    if (c < 48 || c > 57) break;
    if (mantInt < 100000000000000000) { mantInt = mantInt * 10 + (c - 48); if (seenDot) exp--; if (mantInt != 0) digits++; }
    else { exact = false; if (!seenDot) exp++; }
  }
  if (i < n && (load<u8>(p + i) == 101 || load<u8>(p + i) == 69)) {
    i++;
    let eneg = false;
    if (i < n && (load<u8>(p + i) == 45 || load<u8>(p + i) == 43)) { eneg = load<u8>(p + i) == 45; i++; }
    let e = 0;
    for (; i < n; i++) { const c = <u32>load<u8>(p + i); if (c < 48 || c > 57) break; if (e < 100000) e = e * 10 + <i32>(c - 48); }
    exp += eneg ? -e : e;
  }
  mant = <f64>mantInt;
  let v: f64;
  if (mantInt < (<u64>1 << 53) && exp >= -22 && exp <= 22) v = exp < 0 ? mant / pow10(-exp) : mant * pow10(exp);
  else v = mant * Math.pow(10, <f64>exp);
  return neg ? -v : v;
}

function pow10(e: i32): f64 {
  let v: f64 = 1;
  for (let i = 0; i < e; i++) v *= 10;
  return v;
}

// ---- sorting (a stable merge sort over the items, comparing with <) ------------------------------

let sortFailed = false;

function lessThan(a: u64, b: u64): bool {
  const c = compare(a, b, CMP_LT);
  if (c < 0) sortFailed = true;
  return c == 1;
}

/** list.sort() in place (stable), reverse= honoured; false with an exception. */
export function sortList(l: u64): bool {
  let reverse = false;
  for (let i = 0; i < kwCount; i++) {
    const name = tupleGetItem(kwNames, <u64>i);
    if (strIs(name, "reverse")) { const r = truthy(arg(argCount + i)); if (r < 0) return false; reverse = r == 1; }
    else if (strIs(name, "key")) { if (arg(argCount + i) != NONE) { unsupportedKw("sort()/sorted() with key="); return false; } }
    else { raiseBegin(EX_TYPE); msg("'"); msgStrObj(name); msg("' is an invalid keyword argument for sort()"); return false; }
  }
  const n = <u32>listLength(l);
  if (n < 2) return true;
  if (n > (CP_MAX >> 1) - 2) { raise(EX_MEMORY, ""); return false; }
  const a = cpPtr, b = cpPtr + (<usize>n << 3);
  const previous = beginCategory(CAT_MUTATOR);
  const items = heapLoad64(l + LIST_ITEMS);
  for (let i: u32 = 0; i < n; i++) store<u64>(a + (<usize>i << 3), heapLoad64(items + (<u64>i << 3)));
  endCategory(previous);
  if (reverse) reverseRange(a, n);
  sortFailed = false;
  // bottom-up merge sort (stable)
  let src = a, dst = b;
  for (let width: u32 = 1; width < n && !sortFailed; width <<= 1) {
    for (let lo: u32 = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n), hi = min(lo + (width << 1), n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const x = load<u64>(src + (<usize>i << 3)), y = load<u64>(src + (<usize>j << 3));
        if (!sortFailed && lessThan(y, x)) { store<u64>(dst + (<usize>(k++) << 3), y); j++; }
        else { store<u64>(dst + (<usize>(k++) << 3), x); i++; }
      }
      while (i < mid) store<u64>(dst + (<usize>(k++) << 3), load<u64>(src + (<usize>(i++) << 3)));
      while (j < hi) store<u64>(dst + (<usize>(k++) << 3), load<u64>(src + (<usize>(j++) << 3)));
    }
    const t = src; src = dst; dst = t;
  }
  if (sortFailed) return false;
  if (reverse) reverseRange(src, n);
  const previous2 = beginCategory(CAT_MUTATOR);
  for (let i: u32 = 0; i < n; i++) heapStore64(items + (<u64>i << 3), load<u64>(src + (<usize>i << 3)));
  endCategory(previous2);
  return true;
}

function reverseRange(p: usize, n: u32): void {
  for (let i: u32 = 0, j = n - 1; i < j; i++, j--) {
    const x = load<u64>(p + (<usize>i << 3));
    store<u64>(p + (<usize>i << 3), load<u64>(p + (<usize>j << 3)));
    store<u64>(p + (<usize>j << 3), x);
  }
}

// ---- constructors (calling a built-in type) -----------------------------------------------------

/** t(args...) for a built-in type t. */
export function callType(t: i32, args: u64, n: i32, kw: u64): u64 {
  argBase = args;
  kwNames = kw;
  kwCount = kw == 0 ? 0 : <i32>tupleLength(kw);
  argCount = n - kwCount;
  switch (t) {
    case T_INT: {
      if (argCount == 0) return newInt(0);
      const x = arg(0);
      const tx = ty(x);
      if (argCount == 1 && tx == T_INT) return ref(x);
      if (argCount == 1 && tx == T_BOOL) return newInt(x == TRUE ? 1 : 0);
      if (argCount == 1 && tx == T_FLOAT) {
        const v = floatOf(x);
        if (isNaN(v)) { raise(EX_VALUE, "cannot convert float NaN to integer"); return 0; }
        if (!isFinite(v)) { raise(EX_OVERFLOW, "cannot convert float infinity to integer"); return 0; }
        return floatToInt(Math.trunc(v));
      }
      if (tx == T_STR) return intFromStr(x, argCount == 2 ? intValue(arg(1)) : 10);
      raiseBegin(EX_TYPE); msg("int() argument must be a string, a bytes-like object or a real number, not '"); msgTypeName(x); msg("'");
      return 0;
    }
    case T_FLOAT: {
      if (argCount == 0) return newFloat(0);
      const x = arg(0);
      const tx = ty(x);
      if (tx == T_FLOAT) return ref(x);
      if (isIntLike(tx)) return newFloat(intToF64(x));
      if (tx == T_STR) return floatFromStr(x);
      raiseBegin(EX_TYPE); msg("float() argument must be a string or a real number, not '"); msgTypeName(x); msg("'");
      return 0;
    }
    case T_STR: if (argCount == 0) return ref(EMPTY_STR_REF()); return reprObject(arg(0), true);
    case T_BOOL: {
      if (argCount == 0) return newBool(false);
      const b = truthy(arg(0));
      return b < 0 ? 0 : newBool(b == 1);
    }
    case T_LIST: return argCount == 0 ? chk(listNew(0)) : listOf(arg(0));
    case T_TUPLE: {
      if (argCount == 0) return ref(EMPTY_TUPLE);
      const x = arg(0);
      if (ty(x) == T_TUPLE) return ref(x);
      const l = listOf(x);
      if (l == 0) return 0;
      const r = tupleOfList(l);
      decref(l);
      return r;
    }
    case T_DICT: {
      const d = chk(dictNew());
      if (d == 0) return 0;
      if (argCount == 1) {
        const x = arg(0);
        if (ty(x) == T_DICT) { if (!dictUpdate(d, x)) { decref(d); return 0; } }
        else if (!dictFromPairs(d, x)) { decref(d); return 0; }
      }
      for (let i = 0; i < kwCount; i++) if (!dictSetChecked(d, tupleGetItem(kwNames, <u64>i), arg(argCount + i))) { decref(d); return 0; }
      return d;
    }
    case T_SET: {
      const s = chk(setNew());
      if (s == 0 || argCount == 0) return s;
      const it = getIter(arg(0));
      if (it == 0) { decref(s); return 0; }
      while (true) {
        const v = iterNext(it);
        if (v == 0) break;
        const ok = setAddChecked(s, v);
        decref(v);
        if (!ok) { decref(it); decref(s); return 0; }
      }
      decref(it);
      if (excType != 0) { decref(s); return 0; }
      return s;
    }
    case T_RANGE: {
      if (!argCountError(T_RANGE + 200, 1, 3)) return 0;
      let start: i64 = 0, stop: i64 = 0, step: i64 = 1;
      for (let i = 0; i < argCount; i++) {
        const a = arg(i);
        if (!isIntLike(ty(a))) { raiseBegin(EX_TYPE); msg("'"); msgTypeName(a); msg("' object cannot be interpreted as an integer"); return 0; }
        const v = intValue(a);
        if (!fitsI64) { raise(EX_OVERFLOW, "range beyond 2^62 is not supported yet (memsim)"); return 0; }
        if (argCount == 1) stop = v;
        else if (i == 0) start = v;
        else if (i == 1) stop = v;
        else step = v;
      }
      if (step == 0) { raise(EX_VALUE, "range() arg 3 must not be zero"); return 0; }
      return newRange(start, stop, step);
    }
    case T_TYPE: {
      if (argCount != 1) return unsupportedKw("type() with 3 arguments");
      const o = typeObject(typeOf(arg(0)));
      return ref(o);
    }
    case T_ENUMERATE: {
      if (argCount < 1) { raise(EX_TYPE, "enumerate() missing required argument 'iterable' (pos 1)"); return 0; }
      let start: i64 = 0;
      if (argCount == 2) start = intValue(arg(1));
      if (kwCount == 1) start = intValue(arg(argCount));
      const it = getIter(arg(0));
      if (it == 0) return 0;
      const e = extNew(T_ENUMERATE);
      if (e == 0) { decref(it); return chk(0); }
      extSet(e, F1, <u64>start, false);
      extSet(e, F2, it, false);
      extTrack(e, T_ENUMERATE);
      return e;
    }
    case T_ZIP: {
      const its = tupleNew(<u64>argCount);
      if (its == 0) return chk(0);
      for (let i = 0; i < argCount; i++) {
        const it = getIter(arg(i));
        if (it == 0) { decref(its); return 0; }
        tupleSetItem(its, <u64>i, it);
        decref(it);
      }
      const z = extNew(T_ZIP);
      if (z == 0) { decref(its); return chk(0); }
      extSet(z, F1, <u64>argCount, false);
      extSet(z, F2, its, false);
      extTrack(z, T_ZIP);
      return z;
    }
    case T_LIST_REVITER: {
      if (!argCountError(T_LIST_REVITER + 200, 1, 1)) return 0;
      const x = arg(0);
      const tx = ty(x);
      if (tx == T_RANGE) {
        const start = intValue(extGet(x, F1)), step = intValue(extGet(x, F3)), len = intValue(extGet(x, F4));
        const it = extNew(T_RANGE_ITER);
        if (it == 0) return chk(0);
        extSet(it, F1, <u64>(start + (len - 1) * step), false);
        extSet(it, F2, <u64>(-step), false);
        extSet(it, F3, <u64>len, false);
        return it;
      }
      let seq = x;
      if (tx == T_LIST) incref(seq);
      else if (tx == T_TUPLE || tx == T_STR) { seq = listOf(x); if (seq == 0) return 0; }
      else { raiseBegin(EX_TYPE); msg("'"); msgTypeName(x); msg("' object is not reversible"); return 0; }
      const it = extNew(T_LIST_REVITER);
      if (it == 0) { decref(seq); return chk(0); }
      extSet(it, F1, <u64>(<i64>listLength(seq) - 1), false);
      extSet(it, F2, seq, false);
      extTrack(it, T_LIST_REVITER);
      return it;
    }
    case T_OBJECT: return unsupportedKw("object()");
  }
  raiseBegin(EX_TYPE); msg("cannot create '"); msgTypeNumber(t); msg("' instances");
  return 0;
}

function EMPTY_STR_REF(): u64 {
  return EMPTY_STR;
}

function dictFromPairs(d: u64, x: u64): bool {
  const it = getIter(x);
  if (it == 0) return false;
  let i: i64 = 0;
  while (true) {
    const p = iterNext(it);
    if (p == 0) break;
    const l = listOf(p);
    decref(p);
    if (l == 0) { decref(it); return false; }
    if (listLength(l) != 2) {
      raiseBegin(EX_VALUE); msg("dictionary update sequence element #"); msgNum(<i32>i); msg(" has length "); msgNum(<i32>listLength(l)); msg("; 2 is required");
      decref(l); decref(it);
      return false;
    }
    const ok = dictSetChecked(d, listGetItem(l, 0), listGetItem(l, 1));
    decref(l);
    if (!ok) { decref(it); return false; }
    i++;
  }
  decref(it);
  return excType == 0;
}

function intFromStr(s: u64, base: i64): u64 {
  touchStr(s);
  const n = strLength(s);
  let i: u64 = 0;
  while (i < n && isSpace(peekChar(s, i))) i++;
  let end = n;
  while (end > i && isSpace(peekChar(s, end - 1))) end--;
  let neg = false;
  if (i < end && (peekChar(s, i) == 45 || peekChar(s, i) == 43)) { neg = peekChar(s, i) == 45; i++; }
  if (base != 10 && base != 16 && base != 8 && base != 2) return unsupportedKw("int() with this base");
  N.bigReset();
  const p = N.bigNew(<u32>(end - i) + 4);
  let digits = 0;
  let ok = i < end;
  let lastUnderscore = true;
  for (; i < end; i++) {
    const c = peekChar(s, i);
    if (c == 95 && !lastUnderscore) { lastUnderscore = true; continue; }
    let d: i64 = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : c >= 65 && c <= 90 ? c - 55 : 99;
    if (d >= base) { ok = false; break; }
    N.magMulSmallInPlace(p, <u32>base, <u32>d);
    digits++;
    lastUnderscore = false;
  }
  if (!ok || lastUnderscore) {
    raiseBegin(EX_VALUE); msg("invalid literal for int() with base "); msgNum(<i32>base); msg(": ");
    const start = textLen;
    appendRepr(s, false);
    for (let k = start; k < textLen; k++) msgRaw(load<u8>(textPtr + k));
    cutText(start);
    return 0;
  }
  if (digits > 4300 && base == 10) {
    raiseBegin(EX_VALUE); msg("Exceeds the limit (4300 digits) for integer string conversion: value has "); msgNum(digits); msg(" digits; use sys.set_int_max_str_digits() to increase the limit");
    return 0;
  }
  N.setneg(p, neg);
  return chk(N.bigToInt(p));
}

/** UTF-8 bytes of the text buffer into the message (the message is UTF-8 too). */
function msgRaw(b: u32): void {
  msgByte(b);
}

function isSpace(c: u32): bool {
  return c == 32 || (c >= 9 && c <= 13);
}

function floatFromStr(s: u64): u64 {
  touchStr(s);
  const n = strLength(s);
  let i: u64 = 0;
  while (i < n && isSpace(peekChar(s, i))) i++;
  let end = n;
  while (end > i && isSpace(peekChar(s, end - 1))) end--;
  let k: u32 = 0;
  for (let j = i; j < end && k < 1000; j++) { const c = peekChar(s, j); store<u8>(cpPtr + k++, <u8>(c < 128 ? c : 63)); }
  // the forms: [sign] digits [. digits] [e [sign] digits] | inf | infinity | nan
  let j: u32 = 0;
  let neg = false;
  if (j < k && (load<u8>(cpPtr) == 43 || load<u8>(cpPtr) == 45)) { neg = load<u8>(cpPtr) == 45; j++; }
  const word = lower(cpPtr + j, k - j);
  if (word == 1) return newFloat(neg ? -Infinity : Infinity);
  if (word == 2) return newFloat(NaN);
  let digits = 0, ok = true, seenE = false, seenDot = false;
  for (let q = j; q < k; q++) {
    const c = <u32>load<u8>(cpPtr + q);
    if (c >= 48 && c <= 57) { digits++; continue; }
    if (c == 46 && !seenDot && !seenE) { seenDot = true; continue; }
    if ((c == 101 || c == 69) && !seenE && digits > 0) {
      seenE = true;
      if (q + 1 < k && (load<u8>(cpPtr + q + 1) == 43 || load<u8>(cpPtr + q + 1) == 45)) q++;
      if (q + 1 >= k) ok = false;
      continue;
    }
    if (c == 95) continue;
    ok = false;
  }
  if (!ok || digits == 0) {
    raiseBegin(EX_VALUE); msg("could not convert string to float: ");
    const start = textLen;
    appendRepr(s, false);
    for (let q = start; q < textLen; q++) msgRaw(load<u8>(textPtr + q));
    cutText(start);
    return 0;
  }
  return newFloat(parseDecimal(cpPtr, k));
}

/** 1 for inf/infinity, 2 for nan (any case), else 0. */
function lower(p: usize, n: u32): i32 {
  let w: u64 = 0;
  if (n > 8) return 0;
  for (let i: u32 = 0; i < n; i++) w = (w << 8) | <u64>(load<u8>(p + i) | 32);
  if (w == 0x696e66 || w == 0x696e66696e697479) return 1;
  if (w == 0x6e616e) return 2;
  return 0;
}

// ---- methods ---------------------------------------------------------------------------------

function callMethod(id: i32, self: u64): u64 {
  const t = ty(self);
  switch (id) {
    case M_LIST_APPEND: if (!argCountError(id, 1, 1)) return 0; return listAppendChecked(self, arg(0)) ? newNone() : 0;
    case M_LIST_POP: {
      if (!argCountError(id, 0, 1)) return 0;
      const n = <i64>listLength(self);
      if (n == 0) { raise(EX_INDEX, "pop from empty list"); return 0; }
      let i = argCount == 1 ? intValue(arg(0)) : n - 1;
      if (i < 0) i += n;
      if (i < 0 || i >= n) { raise(EX_INDEX, "pop index out of range"); return 0; }
      return listPop(self, <u64>i);
    }
    case M_LIST_INSERT: {
      if (!argCountError(id, 2, 2)) return 0;
      const n = <i64>listLength(self);
      let i = intValue(arg(0));
      if (i < 0) { i += n; if (i < 0) i = 0; }
      if (i > n) i = n;
      const v = arg(1);
      if (!listAppendChecked(self, v)) return 0;
      // ins1: the tail moves up one
      const previous = beginCategory(CAT_MUTATOR);
      const items = heapLoad64(self + LIST_ITEMS);
      for (let k = n; k > i; k--) heapStore64(items + (<u64>k << 3), heapLoad64(items + (<u64>(k - 1) << 3)));
      heapStore64(items + (<u64>i << 3), v);
      endCategory(previous);
      return newNone();
    }
    case M_LIST_EXTEND: if (!argCountError(id, 1, 1)) return 0; return listExtend(self, arg(0)) ? newNone() : 0;
    case M_LIST_INDEX: case M_TUPLE_INDEX: case M_LIST_COUNT: case M_TUPLE_COUNT: case M_LIST_REMOVE: {
      if (!argCountError(id, 1, id == M_LIST_INDEX || id == M_TUPLE_INDEX ? 3 : 1)) return 0;
      const x = arg(0);
      let count: i64 = 0;
      const n = sizeOf(self);
      for (let i: u64 = 0; i < sizeOf(self); i++) {
        const y = t == T_LIST ? listGetItem(self, i) : tupleGetItem(self, i);
        incref(y);
        const e = compareBool(y, x, CMP_EQ);
        decref(y);
        if (e < 0) return 0;
        if (e == 1) {
          if (id == M_LIST_INDEX || id == M_TUPLE_INDEX) return newInt(<i64>i);
          if (id == M_LIST_REMOVE) { const v = listPop(self, i); decref(v); return newNone(); }
          count++;
        }
      }
      if (id == M_LIST_COUNT || id == M_TUPLE_COUNT) return newInt(count);
      if (id == M_LIST_REMOVE) { raise(EX_VALUE, "list.remove(x): x not in list"); return 0; }
      if (t == T_TUPLE) { raise(EX_VALUE, "tuple.index(x): x not in tuple"); return 0; }
      raiseBegin(EX_VALUE);
      { const start = textLen; appendRepr(x, false); for (let k = start; k < textLen; k++) msgRaw(load<u8>(textPtr + k)); cutText(start); }
      msg(" is not in list");
      return 0;
    }
    case M_LIST_SORT: if (!argCountError(id, 0, 0)) return 0; return sortList(self) ? newNone() : 0;
    case M_LIST_REVERSE: {
      const n = listLength(self);
      const previous = beginCategory(CAT_MUTATOR);
      const items = heapLoad64(self + LIST_ITEMS);
      for (let i: u64 = 0, j = n - 1; n > 0 && i < j; i++, j--) {
        const x = heapLoad64(items + (i << 3)), y = heapLoad64(items + (j << 3));
        heapStore64(items + (i << 3), y); heapStore64(items + (j << 3), x);
      }
      endCategory(previous);
      return newNone();
    }
    case M_LIST_CLEAR: listClear(self); return newNone();
    case M_LIST_COPY: return listOf(self);
    case M_DICT_GET: {
      if (!argCountError(id, 1, 2)) return 0;
      const v = dictGetItem(self, arg(0));
      if (excType != 0) return 0;
      if (hashOf(arg(0)) == -1 && excType != 0) return 0;
      if (v != 0) return ref(v);
      return argCount == 2 ? ref(arg(1)) : newNone();
    }
    case M_DICT_KEYS: case M_DICT_VALUES: case M_DICT_ITEMS: {
      const view = extNew(T_DICT_VIEW);
      if (view == 0) return chk(0);
      incref(self);
      extSet(view, F1, self | <u64>(id - M_DICT_KEYS), false);
      extTrack(view, T_DICT_VIEW);
      return view;
    }
    case M_DICT_POP: {
      if (!argCountError(id, 1, 2)) return 0;
      const k = arg(0);
      const v = dictGetItem(self, k);
      if (hashOf(k) == -1 && excType != 0) return 0;
      if (v == 0) {
        if (argCount == 2) return ref(arg(1));
        raiseBegin(EX_KEY);
        { const start = textLen; appendRepr(k, false); for (let q = start; q < textLen; q++) msgRaw(load<u8>(textPtr + q)); cutText(start); }
        return 0;
      }
      incref(v);
      dictDelItem(self, k);
      return v;
    }
    case M_DICT_SETDEFAULT: {
      if (!argCountError(id, 1, 2)) return 0;
      const k = arg(0);
      const v = dictGetItem(self, k);
      if (hashOf(k) == -1 && excType != 0) return 0;
      if (v != 0) return ref(v);
      const d = argCount == 2 ? arg(1) : NONE;
      if (!dictSetChecked(self, k, d)) return 0;
      return ref(d);
    }
    case M_DICT_UPDATE: {
      if (argCount == 1) {
        const x = arg(0);
        if (ty(x) == T_DICT) { if (!dictUpdate(self, x)) return 0; }
        else if (!dictFromPairs(self, x)) return 0;
      }
      return newNone();
    }
    case M_DICT_COPY: return dictCopy(self);
    case M_DICT_CLEAR: {
      // PyDict_Clear: delete every key (memsim: one by one)
      while (dictLength(self) > 0) {
        if (!dictNext(self, 0)) break;
        const k = nextKey;
        incref(k);
        dictDelItem(self, k);
        decref(k);
      }
      return newNone();
    }
    case M_SET_ADD: if (!argCountError(id, 1, 1)) return 0; return setAddChecked(self, arg(0)) ? newNone() : 0;
    case M_SET_DISCARD: case M_SET_REMOVE: {
      if (!argCountError(id, 1, 1)) return 0;
      const k = arg(0);
      const found = setDiscard(self, k);
      if (hashOf(k) == -1 && excType != 0) return 0;
      if (!found && id == M_SET_REMOVE) {
        raiseBegin(EX_KEY);
        { const start = textLen; appendRepr(k, false); for (let q = start; q < textLen; q++) msgRaw(load<u8>(textPtr + q)); cutText(start); }
        return 0;
      }
      return newNone();
    }
    case M_SET_UPDATE: {
      for (let i = 0; i < argCount; i++) {
        const it = getIter(arg(i));
        if (it == 0) return 0;
        while (true) {
          const v = iterNext(it);
          if (v == 0) break;
          const ok = setAddChecked(self, v);
          decref(v);
          if (!ok) { decref(it); return 0; }
        }
        decref(it);
        if (excType != 0) return 0;
      }
      return newNone();
    }
    case M_SET_COPY: {
      const s = chk(setNew());
      if (s == 0) return 0;
      let pos: u64 = 0;
      while (setNext(self, pos)) { pos = nextPos; setAdd(s, nextKey); }
      return s;
    }
  }
  if (t == T_STR) return strMethod(id, self);
  raiseBegin(EX_UNSUPPORTED); msg(builtinName(id)); msg("() is not supported yet (memsim)");
  return 0;
}

function isStrSpace(c: u32): bool {
  return c == 32 || (c >= 9 && c <= 13) || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x1f || c == 0x85 || c == 0xa0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

function needStr(id: i32, o: u64, what: string): bool {
  if (ty(o) == T_STR) return true;
  raiseBegin(EX_TYPE); msg(what); msgTypeName(o);
  return false;
}

function strMethod(id: i32, s: u64): u64 {
  touchStr(s);
  const n = strLength(s);
  switch (id) {
    case M_STR_UPPER: case M_STR_LOWER: {
      for (let i: u64 = 0; i < n; i++) {
        let c = peekChar(s, i);
        if (id == M_STR_UPPER && ((c >= 97 && c <= 122) || (c >= 0xe0 && c <= 0xfe && c != 0xf7))) c -= 32;
        else if (id == M_STR_LOWER && ((c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c != 0xd7))) c += 32;
        store<u32>(cpPtr + (<usize>i << 2), c);
      }
      return strFromCp(n);
    }
    case M_STR_STRIP: case M_STR_LSTRIP: case M_STR_RSTRIP: {
      let chars: u64 = 0;
      if (argCount == 1 && arg(0) != NONE) { chars = arg(0); if (!needStr(id, chars, "strip arg must be None or str, not ")) return 0; touchStr(chars); }
      let i: u64 = 0, j = n;
      if (id != M_STR_RSTRIP) while (i < j && stripChar(peekChar(s, i), chars)) i++;
      if (id != M_STR_LSTRIP) while (j > i && stripChar(peekChar(s, j - 1), chars)) j--;
      if (i == 0 && j == n) return ref(s);
      for (let k = i; k < j; k++) store<u32>(cpPtr + (<usize>(k - i) << 2), peekChar(s, k));
      return strFromCp(j - i);
    }
    case M_STR_STARTSWITH: case M_STR_ENDSWITH: {
      if (!argCountError(id, 1, 1)) return 0;
      const p = arg(0);
      if (ty(p) == T_TUPLE) {
        for (let q: u64 = 0; q < tupleLength(p); q++) if (affix(s, tupleGetItem(p, q), id == M_STR_ENDSWITH)) return newBool(true);
        return newBool(false);
      }
      if (ty(p) != T_STR) { raiseBegin(EX_TYPE); msg(id == M_STR_STARTSWITH ? "startswith" : "endswith"); msg(" first arg must be str or a tuple of str, not "); msgTypeName(p); return 0; }
      return newBool(affix(s, p, id == M_STR_ENDSWITH));
    }
    case M_STR_FIND: case M_STR_COUNT: {
      if (!argCountError(id, 1, 1)) return 0;
      const sub = arg(0);
      if (!needStr(id, sub, "must be str, not ")) return 0;
      if (id == M_STR_FIND) return newInt(strFind(s, sub, 0));
      const m = <i64>strLength(sub);
      let count: i64 = 0;
      let from: i64 = 0;
      if (m == 0) return newInt(<i64>n + 1);
      while (true) { const k = strFind(s, sub, from); if (k < 0) break; count++; from = k + m; }
      return newInt(count);
    }
    case M_STR_REPLACE: {
      if (!argCountError(id, 2, 3)) return 0;
      const a = arg(0), b = arg(1);
      if (!needStr(id, a, "replace() argument 1 must be str, not ") || !needStr(id, b, "replace() argument 2 must be str, not ")) return 0;
      let limit: i64 = argCount == 3 ? intValue(arg(2)) : -1;
      touchStr(a); touchStr(b);
      const la = <i64>strLength(a), lb = <i64>strLength(b);
      let k: u64 = 0;
      let i: i64 = 0;
      let done: i64 = 0;
      if (la == 0) return unsupportedKw("str.replace with an empty pattern");
      if (strFind(s, a, 0) < 0) return ref(s);
      while (i < <i64>n) {
        const f = limit >= 0 && done >= limit ? -1 : strFind(s, a, i);
        if (f < 0) { for (; i < <i64>n; i++) store<u32>(cpPtr + (<usize>(k++) << 2), peekChar(s, <u64>i)); break; }
        for (; i < f; i++) store<u32>(cpPtr + (<usize>(k++) << 2), peekChar(s, <u64>i));
        for (let q: i64 = 0; q < lb; q++) store<u32>(cpPtr + (<usize>(k++) << 2), peekChar(b, <u64>q));
        i = f + la;
        done++;
        if (k > <u64>(CP_MAX - 64) - <u64>lb) { raise(EX_MEMORY, ""); return 0; }
      }
      return strFromCp(k);
    }
    case M_STR_SPLIT: {
      if (!argCountError(id, 0, 2)) return 0;
      const sep = argCount >= 1 ? arg(0) : NONE;
      const l = chk(listNew(0));
      if (l == 0) return 0;
      if (sep == NONE) {
        let i: u64 = 0;
        while (true) {
          while (i < n && isStrSpace(peekChar(s, i))) i++;
          if (i >= n) break;
          const j0 = i;
          while (i < n && !isStrSpace(peekChar(s, i))) i++;
          if (!appendPiece(l, s, j0, i)) { decref(l); return 0; }
        }
        return l;
      }
      if (!needStr(id, sep, "must be str or None, not ")) { decref(l); return 0; }
      const m = strLength(sep);
      if (m == 0) { decref(l); raise(EX_VALUE, "empty separator"); return 0; }
      let from: i64 = 0;
      while (true) {
        const f = strFind(s, sep, from);
        if (f < 0) break;
        if (!appendPiece(l, s, <u64>from, <u64>f)) { decref(l); return 0; }
        from = f + <i64>m;
      }
      if (!appendPiece(l, s, <u64>from, n)) { decref(l); return 0; }
      return l;
    }
    case M_STR_JOIN: {
      if (!argCountError(id, 1, 1)) return 0;
      const items = listOf(arg(0));
      if (items == 0) return 0;
      const m = listLength(items);
      if (m == 1 && ty(listGetItem(items, 0)) == T_STR) { const r = ref(listGetItem(items, 0)); decref(items); return r; }
      let k: u64 = 0;
      const ls = n;
      for (let i: u64 = 0; i < m; i++) {
        const x = listGetItem(items, i);
        if (ty(x) != T_STR) {
          raiseBegin(EX_TYPE); msg("sequence item "); msgNum(<i32>i); msg(": expected str instance, "); msgTypeName(x); msg(" found");
          decref(items);
          return 0;
        }
        touchStr(x);
        const lx = strLength(x);
        if (k + lx + ls > <u64>CP_MAX) { decref(items); raise(EX_MEMORY, ""); return 0; }
        if (i > 0) for (let q: u64 = 0; q < ls; q++) store<u32>(cpPtr + (<usize>(k++) << 2), peekChar(s, q));
        for (let q: u64 = 0; q < lx; q++) store<u32>(cpPtr + (<usize>(k++) << 2), peekChar(x, q));
      }
      decref(items);
      return strFromCp(k);
    }
    case M_STR_ISDIGIT: {
      if (n == 0) return newBool(false);
      for (let i: u64 = 0; i < n; i++) { const c = peekChar(s, i); if (c < 48 || c > 57) return newBool(false); }
      return newBool(true);
    }
  }
  raiseBegin(EX_UNSUPPORTED); msg("str."); msg(builtinName(id)); msg("() is not supported yet (memsim)");
  return 0;
}

function stripChar(c: u32, chars: u64): bool {
  if (chars == 0) return isStrSpace(c);
  for (let i: u64 = 0; i < strLength(chars); i++) if (peekChar(chars, i) == c) return true;
  return false;
}

function affix(s: u64, p: u64, end: bool): bool {
  touchStr(p);
  const n = strLength(s), m = strLength(p);
  if (m > n) return false;
  const off = end ? n - m : 0;
  for (let i: u64 = 0; i < m; i++) if (peekChar(s, off + i) != peekChar(p, i)) return false;
  return true;
}

function appendPiece(l: u64, s: u64, from: u64, to: u64): bool {
  for (let k = from; k < to; k++) store<u32>(cpPtr + (<usize>(k - from) << 2), peekChar(s, k));
  const piece = strFromCp(to - from);
  if (piece == 0) return false;
  const ok = listAppendChecked(l, piece);
  decref(piece);
  return ok;
}
