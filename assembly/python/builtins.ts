// The builtins: functions (print, len, ...), the constructors of the
// built-in types (int(x), list(x), ...), the methods of list, dict, set and
// str, and the sys and gc modules. A builtin gets its arguments borrowed from
// the value stack (vectorcall) and returns a new reference, or 0 with an
// exception set.

import { heapLoad64, peek64, beginCategory, endCategory, CAT_MUTATOR, heapStore64 } from "../heap/memory";
import { NONE, TRUE, FALSE, GC_HEAD, LIST_ITEMS, OB_SIZE, EMPTY_TUPLE, EMPTY_STR, DICT_USED } from "../heap/objects/layout";
import { T_NONE, T_BOOL, T_INT, T_FLOAT, T_STR, T_BYTES, T_FUNCTION, T_TUPLE, T_LIST, T_DICT, T_SET, T_FROZENSET, T_OBJECT, T_TYPE, T_FIRST_CLASS, typeObject, typeNumber, isSubtype, isAnySet } from "../heap/objects/types";
import { incref, decref, xdecref, typeOf, refcount } from "../heap/objects/object";
import { intFromI64 } from "../heap/objects/int";
import { strFormat } from "./strformat";
import { hasSlot, callSlot, SLOT_ABS, SLOT_CALL } from "./slots";
import { lookupRaised } from "../heap/objects/hash";
import { floatNew } from "../heap/objects/float";
import { strLength, peekChar, strJoin } from "../heap/objects/str";
import { tupleNew, tupleSetItem, tupleGetItem, tupleLength } from "../heap/objects/tuple";
import { listNew, listAppend, listSetItem, listGetItem, listLength, listPop, listClear } from "../heap/objects/list";
import { dictNew, dictSetItem, dictDelItem, dictLength, dictClear, dictGetItemHash, dictSetItemHash, dictPopHash, DICT_UNHASHABLE } from "../heap/objects/dict";
import { setNew, setAdd, setDiscardHash, setContains, setLength, setMerge, setPop, setClear } from "../heap/objects/set";
import { listConstruct, setFrom, setUpdateFrom, setIntersection, setDifference, setDifferenceUpdate, setSymmetricDifference, setSymmetricDifferenceUpdate } from "./ops";
import { instanceDict, isInstanceDict, sharedKeysUsable, hasManagedDict } from "../heap/objects/instance";
import { mainGlobals, getAttr, getAttrQuiet, setAttr } from "./eval";
import { formatValue, intWithPrefix } from "./format";
import { mapNew, filterNew } from "./mapfilter";
import { sdBegin, sdChar, sdEnd, strtodDigits } from "./strtod";

const DICT_OBJ_SIZE: u64 = 48;
import { gcCall, gcFunctionName, GC_FIRST, GC_LAST } from "./gcmodule";
import { mathCall, mathFunctionName, MATH_FIRST, MATH_LAST } from "./mathmodule";
import { objectSizeof } from "../heap/objects/sizeof";
import { INPUT_PTR } from "../layout";
import {
  raise, raiseBegin, msg, msgTypeName, msgStrObj, msgTypeNumber, msgInt, excType, EX_TYPE, EX_INDEX, EX_KEY, EX_VALUE, EX_ZERODIV, EX_MEMORY, EX_ATTR, clearException,
  EX_OVERFLOW, EX_UNSUPPORTED, EX_STOPITER, textLen, textPtr, textByte, textChar, emitText, cpPtr, CP_MAX, classRecord, strIs, methodPtr,
} from "./state";
import * as N from "./num";
import {
  ty, isIntLike, newBool, newNone, chk, sizeOf, floatOf, intValue, fitsI64, truthy, lengthOf, touchStr, strFromCp, charStr,
  textToStr, cutText, appendRepr, reprObject, compare, compareBool, CMP_LT, CMP_EQ, binaryOp, OP_ADD, getIter, iterNext,
  listOf, tupleOfList, listExtend, hashOf, newRange, dictNext, nextPos, nextKey, nextValue, setNext, strFind, intToF64,
  newInt, newFloat, dictCopy, dictUpdate, setAddChecked, dictSetChecked, listAppendChecked, contains, setBuiltinNamer, OP_MOD, OP_FLOORDIV, indexValue, textAscii, costed,
  OP_POW, asciiObject, keyError, msgRepr, reprForMessage, unhashableError, setHasEntry, nextEntry, setKeyHash, retryKey,
} from "./ops";
import {
  T_RANGE, T_RANGE_ITER, T_LIST_ITER, T_TUPLE_ITER, T_STR_ITER, T_SET_ITER, T_SLICE, T_BUILTIN, T_METHOD, T_MODULE, T_ENUMERATE, T_ZIP,
  T_LIST_REVITER, T_DICT_VIEW, T_DICT_KEYITER, T_DICT_VALUEITER, T_DICT_ITEMITER, T_MAP, T_FILTER, T_SUPER, F1, F2, F3, F4, F5, extNew, extSet, extGet, extTrack, extSize, extGc,
  T_PROPERTY, T_STATICMETHOD, T_CLASSMETHOD,
} from "./objs";
import { descriptorTypeCall, propertyCopy } from "./descriptors";

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
// more functions, above the methods' ids (FIRST_EXTRA..LAST_EXTRA)
export const B_POW = 150;
export const B_HEX = 151;
export const B_BIN = 152;
export const B_OCT = 153;
export const B_ASCII = 154;
export const B_CALLABLE = 155;
export const B_FORMAT = 156;
export const B_GETATTR = 157;
export const B_SETATTR = 158;
export const B_HASATTR = 159;
export const B_ISSUBCLASS = 160;
export const FIRST_EXTRA = B_POW;
export const LAST_EXTRA = B_ISSUBCLASS;
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
export const M_DICT_POPITEM = 57;
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
export const M_STR_TITLE = 100;
export const M_STR_CAPITALIZE = 101;
export const M_STR_SWAPCASE = 102;
export const M_STR_INDEX = 103;
export const M_STR_RFIND = 104;
export const M_STR_RINDEX = 105;
export const M_STR_ISALPHA = 106;
export const M_STR_ISSPACE = 107;
export const M_STR_ISUPPER = 108;
export const M_STR_ISLOWER = 109;
export const M_STR_ISALNUM = 110;
export const M_STR_PARTITION = 111;
export const M_STR_RPARTITION = 112;
export const M_STR_RSPLIT = 113;
export const M_STR_SPLITLINES = 114;
export const M_STR_ZFILL = 115;
export const M_STR_LJUST = 116;
export const M_STR_RJUST = 117;
export const M_STR_CENTER = 118;
export const M_STR_EXPANDTABS = 119;
export const M_STR_ISDECIMAL = 120;
export const M_STR_ISNUMERIC = 121;
export const M_STR_ISTITLE = 122;
export const M_STR_REMOVEPREFIX = 123;
export const M_STR_REMOVESUFFIX = 124;
export const M_STR_CASEFOLD = 125;
export const M_STR_ENCODE = 126;
export const M_STR_FORMAT = 127;
const LAST_STR_METHOD = 127;
export const M_SET_UNION = 130;
export const M_SET_INTERSECTION = 131;
export const M_SET_DIFFERENCE = 132;
export const M_SET_SYMMETRIC_DIFFERENCE = 133;
export const M_SET_ISSUBSET = 134;
export const M_SET_ISSUPERSET = 135;
export const M_SET_ISDISJOINT = 136;
export const M_SET_POP = 137;
export const M_SET_CLEAR = 138;
export const M_SET_INTERSECTION_UPDATE = 139;
export const M_SET_DIFFERENCE_UPDATE = 140;
export const M_SET_SYMMETRIC_DIFFERENCE_UPDATE = 141;
// what super() finds in a built-in class (super.ts): BaseException's and object's slot wrappers
export const M_BASE_INIT = 142;
export const M_BASE_STR = 143;
export const M_BASE_REPR = 144;
export const M_OBJECT_INIT = 145;
/** property's getter, setter, deleter (descriptors.ts propertyCopy). */
export const M_PROP_GETTER = 146;
export const M_PROP_SETTER = 147;
export const M_PROP_DELETER = 148;
const LAST_SET_METHOD = 141;
const LAST_FROZENSET_METHOD = M_SET_ISDISJOINT;
export const MAX_BUILTIN = 200;

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
    case B_GETRECURSIONLIMIT: return "getrecursionlimit";
    case B_GC_COLLECT: case B_GC_ENABLE: case B_GC_DISABLE: case B_GC_ISENABLED: return gcFunctionName(id);
    case B_VARS: return "vars";
    case B_POW: return "pow";
    case B_HEX: return "hex";
    case B_BIN: return "bin";
    case B_OCT: return "oct";
    case B_ASCII: return "ascii";
    case B_CALLABLE: return "callable";
    case B_FORMAT: return "format";
    case B_GETATTR: return "getattr";
    case B_SETATTR: return "setattr";
    case B_HASATTR: return "hasattr";
    case B_ISSUBCLASS: return "issubclass";
    case T_RANGE + 200: return "range";
    case T_MAP + 200: return "map";
    case T_FILTER + 200: return "filter";
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
    case M_DICT_POPITEM: return "popitem";
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
    case M_SET_UNION: return "union";
    case M_SET_INTERSECTION: return "intersection";
    case M_SET_DIFFERENCE: return "difference";
    case M_SET_SYMMETRIC_DIFFERENCE: return "symmetric_difference";
    case M_SET_ISSUBSET: return "issubset";
    case M_SET_ISSUPERSET: return "issuperset";
    case M_SET_ISDISJOINT: return "isdisjoint";
    case M_SET_POP: return "pop";
    case M_SET_CLEAR: return "clear";
    case M_SET_INTERSECTION_UPDATE: return "intersection_update";
    case M_SET_DIFFERENCE_UPDATE: return "difference_update";
    case M_SET_SYMMETRIC_DIFFERENCE_UPDATE: return "symmetric_difference_update";
    case M_BASE_INIT: case M_OBJECT_INIT: return "__init__";
    case M_BASE_STR: return "__str__";
    case M_BASE_REPR: return "__repr__";
    case M_PROP_GETTER: return "getter";
    case M_PROP_SETTER: return "setter";
    case M_PROP_DELETER: return "deleter";
    case M_STR_TITLE: return "title";
    case M_STR_CAPITALIZE: return "capitalize";
    case M_STR_SWAPCASE: return "swapcase";
    case M_STR_INDEX: return "index";
    case M_STR_RFIND: return "rfind";
    case M_STR_RINDEX: return "rindex";
    case M_STR_ISALPHA: return "isalpha";
    case M_STR_ISSPACE: return "isspace";
    case M_STR_ISUPPER: return "isupper";
    case M_STR_ISLOWER: return "islower";
    case M_STR_ISALNUM: return "isalnum";
    case M_STR_PARTITION: return "partition";
    case M_STR_RPARTITION: return "rpartition";
    case M_STR_RSPLIT: return "rsplit";
    case M_STR_SPLITLINES: return "splitlines";
    case M_STR_ZFILL: return "zfill";
    case M_STR_LJUST: return "ljust";
    case M_STR_RJUST: return "rjust";
    case M_STR_CENTER: return "center";
    case M_STR_EXPANDTABS: return "expandtabs";
    case M_STR_ISDECIMAL: return "isdecimal";
    case M_STR_ISNUMERIC: return "isnumeric";
    case M_STR_ISTITLE: return "istitle";
    case M_STR_REMOVEPREFIX: return "removeprefix";
    case M_STR_REMOVESUFFIX: return "removesuffix";
    case M_STR_CASEFOLD: return "casefold";
    case M_STR_ENCODE: return "encode";
    case M_STR_FORMAT: return "format";
  }
  if (id >= GC_FIRST && id <= GC_LAST) return gcFunctionName(id);
  if (id >= MATH_FIRST && id <= MATH_LAST) return mathFunctionName(id);
  return "?";
}

function nameText(id: i32): void {
  textAscii(builtinName(id));
}

/** The method of a built-in type `t` called `name` (a str), or -1. */
export function methodIdOf(t: i32, name: u64): i32 {
  let lo = 0, hi = -1;
  if (t == T_LIST) { lo = 32; hi = 42; }
  else if (t == T_DICT) { lo = 48; hi = 57; }
  else if (t == T_SET) { lo = 64; hi = 68; }
  else if (t == T_STR) { lo = 80; hi = 92; }
  else if (t == T_TUPLE) { lo = 96; hi = 97; }
  else if (t == T_PROPERTY) { lo = M_PROP_GETTER; hi = M_PROP_DELETER; }
  for (let id = lo; id <= hi; id++) if (strIs(name, builtinName(id))) return id;
  if (t == T_STR) for (let id = M_STR_TITLE; id <= LAST_STR_METHOD; id++) if (strIs(name, builtinName(id))) return id;
  if (t == T_SET) for (let id = M_SET_UNION; id <= LAST_SET_METHOD; id++) if (strIs(name, builtinName(id))) return id;
  if (t == T_FROZENSET) for (let id = M_SET_COPY; id <= LAST_FROZENSET_METHOD; id++) if (isMethodOf(t, id) && strIs(name, builtinName(id))) return id;
  return -1;
}

/** Whether method `id` belongs to built-in type `t` (for dir() in suggestions). */
export function isMethodOf(t: i32, id: i32): bool {
  if (t == T_LIST) return id >= 32 && id <= 42;
  if (t == T_DICT) return id >= 48 && id <= 57;
  if (t == T_SET) return (id >= 64 && id <= 68) || (id >= M_SET_UNION && id <= LAST_SET_METHOD);
  if (t == T_FROZENSET) return id == M_SET_COPY || (id >= M_SET_UNION && id <= LAST_FROZENSET_METHOD); // (the ones that change nothing)
  if (t == T_STR) return (id >= 80 && id <= 92) || (id >= M_STR_TITLE && id <= LAST_STR_METHOD);
  if (t == T_TUPLE) return id >= 96 && id <= 97;
  if (t == T_PROPERTY) return id >= M_PROP_GETTER && id <= M_PROP_DELETER;
  return false;
}

/** The builtin function named `name` in the builtins (not the types), or -1. */
export function functionIdOf(name: u64): i32 {
  for (let id = 0; id <= B_BUILD_CLASS + 9; id++) {
    if (id >= B_GETSIZEOF && id <= B_GC_ISENABLED) continue;
    if (strIs(name, builtinName(id))) return id;
  }
  for (let id = FIRST_EXTRA; id <= LAST_EXTRA; id++) if (strIs(name, builtinName(id))) return id;
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
  if (strIs(name, "frozenset")) return T_FROZENSET;
  if (strIs(name, "range")) return T_RANGE;
  if (strIs(name, "type")) return T_TYPE;
  if (strIs(name, "object")) return T_OBJECT;
  if (strIs(name, "enumerate")) return T_ENUMERATE;
  if (strIs(name, "zip")) return T_ZIP;
  if (strIs(name, "reversed")) return T_LIST_REVITER;
  if (strIs(name, "bytes")) return T_BYTES;
  if (strIs(name, "slice")) return T_SLICE;
  if (strIs(name, "map")) return T_MAP;
  if (strIs(name, "filter")) return T_FILTER;
  return -1;
}

// builtin objects (static for the run: created at pyStart or on first use, kept by this table)
const builtinObjects = memory.data(MAX_BUILTIN * 8);

export function resetBuiltins(): void {
  memory.fill(varsRing, 0, VARS_RING * 16);
  varsNext = 0;
  memory.fill(builtinObjects, 0, MAX_BUILTIN * 8);
  setBuiltinNamer(nameText);
}

/**
 * Make every builtin function and method object now, as CPython's start-up
 * makes its method descriptors: a script's first `x.append` then allocates
 * nothing (the collector's generation-0 count sees only the script's own
 * allocations). False on MemoryError.
 */
export function makeBuiltinObjects(): bool {
  for (let id = 0; id < MAX_BUILTIN; id++) {
    if (id >= MATH_FIRST && id <= MATH_LAST) continue; // the math module's: made when a script imports it
    if (builtinName(id) != "?" && builtinObject(id) == 0) return false;
  }
  return true;
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
  if ((id >= GC_FIRST && id <= GC_LAST) || id == B_GC_COLLECT || (id >= B_GC_ENABLE && id <= B_GC_ISENABLED)) return gcCall(id, args, n, kw, kwCount);
  if (id >= MATH_FIRST && id <= MATH_LAST) return mathCall(id, args, n, kwCount);
  if (id >= FIRST_EXTRA && id <= LAST_EXTRA) return extraBuiltin(id);
  if (id >= FIRST_METHOD) {
    if (self == 0) {
      // an unbound method called with self as its first argument
      if (argCount < 1) { raiseBegin(EX_TYPE); msg("unbound method "); msg(builtinName(id)); msg("() needs an argument"); return 0; }
      self = arg(0);
      argBase += 8;
      argCount--;
    }
    if (id >= M_BASE_INIT && id <= M_OBJECT_INIT) return slotWrapper(id, self);
    if (id >= M_PROP_GETTER && id <= M_PROP_DELETER) return propertyMethod(id, self);
    if (kwCount > 0 && (id == M_STR_SPLIT || id == M_STR_RSPLIT || id == M_STR_SPLITLINES || id == M_STR_EXPANDTABS || id == M_STR_ENCODE)) {
      // CPython takes these by keyword too (sep=, maxsplit=, keepends=, tabsize=, encoding=)
      raiseBegin(EX_UNSUPPORTED); msg("str."); msg(builtinName(id)); msg("() with keyword arguments is not supported yet (memsim)");
      return 0;
    }
    if (id != M_LIST_SORT && id != M_DICT_UPDATE && id != M_STR_FORMAT && !noKeywords(id)) return 0;
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
      if (hasSlot(t, SLOT_ABS)) return callSlot(x, SLOT_ABS, 0, 0, 1);
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
    case B_GETRECURSIONLIMIT: return newInt(1000);
    case B_VARS: return bVars();
  }
  raiseBegin(EX_UNSUPPORTED); msg(builtinName(id)); msg("() is not supported yet (memsim)");
  return 0;
}

// vars(o) of instances: the dicts made from values arrays, so that getsizeof
// reports them as the split dicts CPython makes (a ring of recent ones).
const VARS_RING: i32 = 64;
const varsRing = memory.data(VARS_RING * 16);
let varsNext: i32 = 0;

function bVars(): u64 {
  if (!noKeywords(B_VARS) || !argCountError(B_VARS, 0, 1)) return 0;
  if (argCount == 0) { incref(mainGlobals); return mainGlobals; } // vars() at module level: the globals
  const o = arg(0);
  const t = ty(o);
  if (t >= T_FIRST_CLASS && hasManagedDict(o)) {
    const had = peekInstanceDict(o);
    const d = instanceDict(o);
    if (d == 0) return chk(0);
    if (!had) {
      const p = varsRing + (<usize>varsNext << 4);
      store<u64>(p, d); store<u64>(p, o, 8);
      varsNext = (varsNext + 1) % VARS_RING;
    }
    return ref(d);
  }
  if (t == T_MODULE) return ref(extGet(o, F1));
  // a class's __dict__ is a mappingproxy of its dict, which memsim does not make
  if (t == T_TYPE) { raise(EX_UNSUPPORTED, "vars() of a class is not supported yet (memsim)"); return 0; }
  raise(EX_TYPE, "vars() argument must have __dict__ attribute");
  return 0;
}

function peekInstanceDict(o: u64): bool {
  return !isInstanceDict(o, 0);
}

/** The split-dict size of a dict vars() made from an instance's values, or 0. */
function splitDictSizeof(d: u64): u64 {
  for (let i = 0; i < VARS_RING; i++) {
    const p = varsRing + (<usize>i << 4);
    if (load<u64>(p) != d) continue;
    const o = load<u64>(p, 8);
    const t = typeOf(o);
    if (t < T_FIRST_CLASS || !isInstanceDict(o, d)) continue;
    return DICT_OBJ_SIZE + GC_HEAD + (sharedKeysUsable(t) << 3);
  }
  return 0;
}

/** range() with an argument beyond i64: the fields as int objects (len and iteration stay unsupported). */
function bigRange(): u64 {
  const zero = newInt(0), one = newInt(1);
  const start = argCount >= 2 ? ref(arg(0)) : ref(zero);
  const stop = argCount >= 2 ? ref(arg(1)) : ref(arg(0));
  const step = argCount == 3 ? ref(arg(2)) : ref(one);
  if (intValue(step) == 0 && fitsI64) { decref(zero); decref(one); decref(start); decref(stop); decref(step); raise(EX_VALUE, "range() arg 3 must not be zero"); return 0; }
  // n = (stop - start - step/|step|) // step + 1 when non-empty, else 0
  const pos = compare(step, zero, 4) == 1;
  let n: u64 = 0;
  const nonEmpty = pos ? compare(start, stop, CMP_LT) == 1 : compare(start, stop, 4) == 1;
  if (nonEmpty) {
    const diff = binaryOp(stop, start, 10, false);
    const adj = pos ? binaryOp(diff, one, 10, false) : binaryOp(diff, one, OP_ADD, false);
    const q = binaryOp(adj, step, OP_FLOORDIV, false);
    n = binaryOp(q, one, OP_ADD, false);
    decref(diff); decref(adj); decref(q);
  } else n = ref(zero);
  decref(zero); decref(one);
  const r = extNew(T_RANGE);
  if (r == 0 || n == 0) { decref(start); decref(stop); decref(step); xdecref(n); return chk(0); }
  extSet(r, F1, start, false); extSet(r, F2, stop, false); extSet(r, F3, step, false); extSet(r, F4, n, false);
  return r;
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

/** sys.getsizeof: __sizeof__ plus the GC pre-header (the object layer's types in objectSizeof). */
export function getsizeof(o: u64): u64 {
  const t = typeOf(o);
  switch (t) {
    case T_DICT: { const split = splitDictSizeof(o); if (split != 0) return split; break; }
    case T_CELL: return 40;
    case T_GEN: return genSizeof(o);
  }
  if (t > T_TYPE && t < T_FIRST_CLASS && t != T_FROZENSET) return extSize(t) + (extGc(t) ? GC_HEAD : 0);
  return objectSizeof(o);
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

/** Whether type t is u or a subclass of it (its MRO has u: heap/objects/types.ts). */
export { isSubtype };

/** pow, hex, bin, oct, ascii, callable, format, getattr, setattr, hasattr, issubclass. */
function extraBuiltin(id: i32): u64 {
  if (id == B_POW) return bPow();
  if (id != B_GETATTR && id != B_SETATTR && id != B_HASATTR && !noKeywords(id)) return 0;
  switch (id) {
    case B_HEX: case B_BIN: case B_OCT: {
      if (!argCountError(id, 1, 1)) return 0;
      const x = arg(0);
      if (!isIntLike(ty(x))) { raiseBegin(EX_TYPE); msg("'"); msgTypeName(x); msg("' object cannot be interpreted as an integer"); return 0; }
      return intWithPrefix(x, id == B_HEX ? 120 : id == B_BIN ? 98 : 111);
    }
    case B_ASCII: if (!argCountError(id, 1, 1)) return 0; return asciiObject(arg(0));
    case B_CALLABLE: {
      if (!argCountError(id, 1, 1)) return 0;
      const t = ty(arg(0)); // tp_call: functions, builtins, methods, types and classes, an instance of a class with __call__
      return newBool(t == T_FUNCTION || t == T_BUILTIN || t == T_METHOD || t == T_TYPE || hasSlot(t, SLOT_CALL));
    }
    case B_FORMAT: {
      if (!argCountError(id, 1, 2)) return 0;
      const spec = argCount == 2 ? arg(1) : 0;
      if (spec != 0 && ty(spec) != T_STR) { raiseBegin(EX_TYPE); msg("format() argument 2 must be str, not "); msgTypeName(spec); return 0; }
      return formatValue(arg(0), 0, spec);
    }
    case B_GETATTR: case B_SETATTR: case B_HASATTR: {
      if (kwCount > 0) { raiseBegin(EX_TYPE); msg(builtinName(id)); msg("() takes no keyword arguments"); return 0; }
      if (!argCountError(id, id == B_SETATTR ? 3 : 2, id == B_GETATTR ? 3 : id == B_SETATTR ? 3 : 2)) return 0;
      const o = arg(0), name = arg(1);
      if (ty(name) != T_STR) { raiseBegin(EX_TYPE); msg("attribute name must be string, not '"); msgTypeName(name); msg("'"); return 0; }
      if (id == B_SETATTR) return setAttr(o, name, arg(2)) ? newNone() : 0;
      if (id == B_GETATTR && argCount == 2) return getAttr(o, name);
      const v = getAttrQuiet(o, name);
      if (v == 0 && (excType != EX_ATTR || refuseMissingAttribute())) return 0; // (one CPython has is not swallowed)
      if (v == 0) clearException();
      if (id == B_HASATTR) { if (v != 0) decref(v); return newBool(v != 0); }
      return v != 0 ? v : ref(arg(2));
    }
    case B_ISSUBCLASS: {
      if (!argCountError(id, 2, 2)) return 0;
      const a = arg(0), c = arg(1);
      if (ty(a) != T_TYPE) { raise(EX_TYPE, "issubclass() arg 1 must be a class"); return 0; }
      const t = typeNumber(a);
      if (ty(c) == T_TYPE) return newBool(isSubtype(t, typeNumber(c)));
      if (ty(c) == T_TUPLE) {
        let found = false;
        for (let i: u64 = 0; i < tupleLength(c) && !found; i++) {
          const u = tupleGetItem(c, i);
          if (ty(u) != T_TYPE) { raise(EX_TYPE, "issubclass() arg 2 must be a class, a tuple of classes, or a union"); return 0; }
          found = isSubtype(t, typeNumber(u));
        }
        return newBool(found);
      }
      raise(EX_TYPE, "issubclass() arg 2 must be a class, a tuple of classes, or a union");
      return 0;
    }
  }
  return unsupportedKw(builtinName(id) + "()");
}

/**
 * pow(base, exp[, mod]): the operator's power, or with a modulus an int's
 * modular power (a negative exponent through the inverse), computed in i64
 * arithmetic for moduli below 2^31, with one int for the result (long_pow
 * makes and frees temporaries on the way: not modelled).
 */
function bPow(): u64 {
  if (kwCount > 0) return unsupportedKw("pow() with keyword arguments");
  if (argCount < 2) { raise(EX_TYPE, argCount == 0 ? "pow() missing required argument 'base' (pos 1)" : "pow() missing required argument 'exp' (pos 2)"); return 0; }
  if (argCount > 3) { raiseBegin(EX_TYPE); msg("pow() takes at most 3 arguments ("); msgNum(argCount); msg(" given)"); return 0; }
  if (argCount == 2 || arg(2) == NONE) return binaryOp(arg(0), arg(1), OP_POW, false);
  const a = arg(0), b = arg(1), m = arg(2);
  if (!isIntLike(ty(a)) || !isIntLike(ty(b)) || !isIntLike(ty(m))) { raise(EX_TYPE, "pow() 3rd argument not allowed unless all arguments are integers"); return 0; }
  const mod = intValue(m); const fitsM = fitsI64;
  const e = intValue(b); const fitsE = fitsI64;
  let base = intValue(a); const fitsA = fitsI64;
  if (fitsM && mod == 0) { raise(EX_VALUE, "pow() 3rd argument cannot be 0"); return 0; }
  const n = mod < 0 ? -mod : mod;
  if (!fitsM || !fitsE || !fitsA || n >= (<i64>1 << 31)) return unsupportedKw("pow() with a modulus or an operand beyond 2**31");
  base %= n;
  if (base < 0) base += n;
  let exp = e;
  if (exp < 0) {
    // the inverse of base modulo n (extended Euclid)
    let r0 = base, r1 = n, s0: i64 = 1, s1: i64 = 0;
    while (r1 != 0) { const q = r0 / r1; let t = r0 - q * r1; r0 = r1; r1 = t; t = s0 - q * s1; s0 = s1; s1 = t; }
    if (r0 != 1) { raise(EX_VALUE, "base is not invertible for the given modulus"); return 0; }
    base = ((s0 % n) + n) % n;
    exp = -exp;
  }
  let result: i64 = 1 % n;
  while (exp > 0) {
    if ((exp & 1) != 0) result = (result * base) % n;
    base = (base * base) % n;
    exp >>= 1;
  }
  if (mod < 0 && result != 0) result -= n;
  return newInt(result);
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
  let key: u64 = 0;
  for (let i = 0; i < kwCount; i++) {
    const name = tupleGetItem(kwNames, <u64>i);
    if (strIs(name, "default")) dflt = arg(argCount + i);
    else if (strIs(name, "key")) { const k = arg(argCount + i); key = k == NONE ? 0 : k; }
    else { raiseBegin(EX_TYPE); msg(builtinName(id)); msg("() got an unexpected keyword argument '"); msgStrObj(name); msg("'"); return 0; }
  }
  if (argCount == 0) { raiseBegin(EX_TYPE); msg(builtinName(id)); msg(" expected at least 1 argument, got 0"); return 0; }
  if (dflt != 0 && argCount > 1) {
    raiseBegin(EX_TYPE); msg("Cannot specify a default for "); msg(builtinName(id)); msg("() with multiple positional arguments");
    return 0;
  }
  // the arguments are read before any Python code runs (a key function, a generator)
  const nargs = argCount;
  const base = argBase;
  let it: u64 = 0;
  let best: u64 = 0, bestKey: u64 = 0;
  if (nargs == 1) {
    it = getIter(arg(0));
    if (it == 0) return 0;
  }
  let i = 0;
  while (true) {
    let v: u64;
    if (it != 0) { v = iterNext(it); if (v == 0) break; }
    else {
      if (i >= nargs) break;
      const previous = beginCategory(CAT_MUTATOR);
      v = heapLoad64(base + (<u64>(i++) << 3));
      endCategory(previous);
      incref(v);
    }
    let k = v;
    if (key != 0) {
      k = callOneArg(key, v);
      if (k == 0) { decref(v); xdecref(best); xdecref(bestKey); if (it != 0) decref(it); return 0; }
    } else incref(k);
    if (best == 0) { best = v; bestKey = k; continue; }
    const c = compare(k, bestKey, isMax ? 4 : CMP_LT);
    if (c < 0) { decref(v); decref(k); decref(best); decref(bestKey); if (it != 0) decref(it); return 0; }
    if (c == 1) { decref(bestKey); decref(best); best = v; bestKey = k; }
    else { decref(v); decref(k); }
  }
  if (it != 0) decref(it);
  if (excType != 0) { xdecref(best); xdecref(bestKey); return 0; }
  if (best == 0) {
    if (dflt != 0) return ref(dflt);
    raiseBegin(EX_VALUE); msg(builtinName(id)); msg("() arg is an empty sequence");
    return 0;
  }
  decref(bestKey);
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
  // ndigits through PyNumber_Index (int's round) or PyNumber_AsSsize_t (float's)
  if (nd != NONE && !isIntLike(ty(nd)) && (isIntLike(t) || t == T_FLOAT)) {
    raiseBegin(EX_TYPE); msg("'"); msgTypeName(nd); msg("' object cannot be interpreted as an integer"); return 0;
  }
  if (isIntLike(t)) {
    const p = nd == NONE ? 0 : intValue(nd);
    const pNeg = nd != NONE && (fitsI64 ? p < 0 : N.bneg(N.loadInt(nd)));
    if (!pNeg) return t == T_BOOL ? newInt(x == TRUE ? 1 : 0) : ref(x);
    const v = intValue(x);
    if (!fitsI64) return unsupportedKw("round() of an int beyond 62 bits"); // (intValue's range)
    // |v| < 2^63 < 10^20 / 2: to 20 or more places it rounds to 0 (a huge negative ndigits too); to 19, 0 unless beyond 5 x 10^18
    if (p < -19 || p == -19 && v >= -5000000000000000000 && v <= 5000000000000000000) return newInt(0);
    if (p == -19) return unsupportedKw("round() of an int to a value beyond 64 bits");
    let m: i64 = 1;
    for (let i: i64 = 0; i < -p; i++) m *= 10;
    let q = v / m, r = v % m;
    if (r < 0) { q -= 1; r += m; }
    if (r * 2 > m || (r * 2 == m && (q & 1) == 1)) q += 1;
    if (q > i64.MAX_VALUE / m || q < i64.MIN_VALUE / m) return unsupportedKw("round() of an int to a value beyond 64 bits");
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
  // float.__round__: ndigits clipped as PyNumber_AsSsize_t clips it; beyond NDIGITS_MAX (323) x rounds to
  // itself, below NDIGITS_MIN (-308) to +-0.0; else double_round: x's exact value rounded half-even at
  // 10^-ndigits (_Py_dg_dtoa mode 3), read back by _Py_dg_strtod
  let p = intValue(nd);
  if (!fitsI64) p = <i64>peek64(nd + OB_SIZE) < 0 ? -(<i64>1 << 62) : <i64>1 << 62; // the sign of the size intValue read
  if (!isFinite(v) || p > 323) return newFloat(v);
  if (p < -308) return newFloat(0.0 * v);
  const n = N.floatRounded(v, <i32>p, cpPtr);
  const r = strtodDigits(cpPtr, n, <i32>-p, (reinterpret<u64>(v) >> 63) != 0);
  if (!isFinite(r)) { raise(EX_OVERFLOW, "rounded value too large to represent"); return 0; }
  return newFloat(r);
}

/** An int from a double's integer value. */
export function floatToInt(v: f64): u64 {
  if (Math.abs(v) < 4611686018427387904.0) return newInt(<i64>v);
  N.bigReset();
  const p = N.bigFromF64(v);
  return chk(N.bigToInt(p));
}

// ---- sorting (list.sort: CPython's protocol, a stable merge sort over the keys) --------------------
// key= is called once per item in order before any comparison (as listobject.c
// does); the comparisons differ from timsort's but, the sort being stable,
// not the result. The list is empty while the sort runs (a key function that
// looks at it sees []; one that changes it gets "list modified during sort").

import { LIST_ALLOCATED } from "../heap/objects/layout";
import { objectFree } from "../heap/heap";
import { CAT_FREE } from "../heap/memory";
import { sortAlloc, sortRelease } from "./state";

function listFreeItems(items: u64): void {
  const previous = beginCategory(CAT_FREE);
  objectFree(items);
  endCategory(previous);
}
import { callOneArg, T_GEN, T_CELL, genSizeof } from "./gen";
import { refuseMissingAttribute } from "./refusals";
import { isException, exceptionInit, exceptionText } from "./exceptions";

let sortFailed = false;

function lessThan(a: u64, b: u64): bool {
  const c = compare(a, b, CMP_LT);
  if (c < 0) sortFailed = true;
  return c == 1;
}

/** The builtins' argument state (a nested eval loop saves and restores it around Python code called from a builtin). */
export function argStateBase(): u64 { return argBase; }
export function argStateCount(): i32 { return argCount; }
export function argStateNames(): u64 { return kwNames; }
export function argStateKw(): i32 { return kwCount; }
export function setArgState(b: u64, c: i32, names: u64, k: i32): void { argBase = b; argCount = c; kwNames = names; kwCount = k; }

/** list.sort() in place (stable), key= and reverse= honoured; false with an exception. */
export function sortList(l: u64): bool {
  let reverse = false;
  let key: u64 = 0;
  for (let i = 0; i < kwCount; i++) {
    const name = tupleGetItem(kwNames, <u64>i);
    if (strIs(name, "reverse")) { const r = truthy(arg(argCount + i)); if (r < 0) return false; reverse = r == 1; }
    else if (strIs(name, "key")) { const k = arg(argCount + i); key = k == NONE ? 0 : k; }
    else { raiseBegin(EX_TYPE); msg("'"); msgStrObj(name); msg("' is an invalid keyword argument for sort()"); return false; }
  }
  const previous = beginCategory(CAT_MUTATOR);
  const n = heapLoad64(l + OB_SIZE);
  const items = heapLoad64(l + LIST_ITEMS);
  const allocated = heapLoad64(l + LIST_ALLOCATED);
  // the list is empty while it is sorted
  heapStore64(l + OB_SIZE, 0);
  heapStore64(l + LIST_ITEMS, 0);
  heapStore64(l + LIST_ALLOCATED, <u64>-1);
  endCategory(previous);
  let ok = true;
  const mark = sortAlloc(0);
  const vals = sortAlloc(n), keys = key != 0 ? sortAlloc(n) : 0, tmp = sortAlloc(n << 1);
  if (vals == 0 || tmp == 0 || (key != 0 && keys == 0)) { raise(EX_MEMORY, ""); ok = false; }
  let nkeys: u64 = 0;
  if (ok) {
    const p0 = beginCategory(CAT_MUTATOR);
    for (let i: u64 = 0; i < n; i++) store<u64>(vals + (<usize>i << 3), heapLoad64(items + (i << 3)));
    endCategory(p0);
    if (key != 0) {
      for (; nkeys < n; nkeys++) {
        const k = callOneArg(key, load<u64>(vals + (<usize>nkeys << 3)));
        if (k == 0) { ok = false; break; }
        store<u64>(keys + (<usize>nkeys << 3), k);
      }
      if (!ok) { for (let i = nkeys; i > 0; i--) decref(load<u64>(keys + (<usize>(i - 1) << 3))); nkeys = 0; }
    }
  }
  if (ok && n > 1) {
    const ks = key != 0 ? keys : vals;
    if (reverse) { if (key != 0) reverseRange(keys, <u32>n); reverseRange(vals, <u32>n); }
    // bottom-up merge sort (stable) of (key, value) pairs: tmp holds [keys | values] of the other half
    sortFailed = false;
    let sk = ks, sv = vals, dk = tmp, dv = tmp + (<usize>n << 3);
    for (let width: u64 = 1; width < n && !sortFailed; width <<= 1) {
      for (let lo: u64 = 0; lo < n; lo += width << 1) {
        const mid = min(lo + width, n), hi = min(lo + (width << 1), n);
        let i = lo, j = mid, k = lo;
        while (i < mid && j < hi) {
          const x = load<u64>(sk + (<usize>i << 3)), y = load<u64>(sk + (<usize>j << 3));
          if (!sortFailed && lessThan(y, x)) {
            store<u64>(dk + (<usize>k << 3), y); store<u64>(dv + (<usize>k << 3), load<u64>(sv + (<usize>j << 3))); k++; j++;
          } else {
            store<u64>(dk + (<usize>k << 3), x); store<u64>(dv + (<usize>k << 3), load<u64>(sv + (<usize>i << 3))); k++; i++;
          }
        }
        while (i < mid) { store<u64>(dk + (<usize>k << 3), load<u64>(sk + (<usize>i << 3))); store<u64>(dv + (<usize>k << 3), load<u64>(sv + (<usize>i << 3))); k++; i++; }
        while (j < hi) { store<u64>(dk + (<usize>k << 3), load<u64>(sk + (<usize>j << 3))); store<u64>(dv + (<usize>k << 3), load<u64>(sv + (<usize>j << 3))); k++; j++; }
      }
      let t = sk; sk = dk; dk = t;
      t = sv; sv = dv; dv = t;
    }
    if (sortFailed) ok = false;
    else {
      if (sv != vals) memory.copy(vals, sv, <usize>n << 3);
      if (key != 0 && sk != keys) memory.copy(keys, sk, <usize>n << 3);
      if (reverse) reverseRange(vals, <u32>n);
    }
    if (key == 0 || !ok) {
      // a failed comparison leaves the items in their (partly merged) order: CPython's merge does too
      if (!ok && sv != vals) memory.copy(vals, sv, <usize>n << 3);
      if (!ok && key != 0 && sk != keys) memory.copy(keys, sk, <usize>n << 3);
    }
  }
  // keyfunc_fail: the list gets its items back (what was put in meanwhile is released)
  const p1 = beginCategory(CAT_MUTATOR);
  const finalItems = heapLoad64(l + LIST_ITEMS);
  const finalSize = heapLoad64(l + OB_SIZE);
  const finalAllocated = heapLoad64(l + LIST_ALLOCATED);
  heapStore64(l + OB_SIZE, n);
  heapStore64(l + LIST_ITEMS, items);
  heapStore64(l + LIST_ALLOCATED, allocated);
  if (vals != 0) for (let i: u64 = 0; i < n; i++) heapStore64(items + (i << 3), load<u64>(vals + (<usize>i << 3)));
  endCategory(p1);
  if (finalItems != 0) {
    for (let i = finalSize; i > 0; i--) xdecref(peek64(finalItems + ((i - 1) << 3)));
    listFreeItems(finalItems);
  }
  if (key != 0 && nkeys > 0) for (let i: u64 = 0; i < nkeys; i++) decref(load<u64>(keys + (<usize>i << 3)));
  sortRelease(mark);
  if (ok && finalAllocated != <u64>-1) { raise(EX_VALUE, "list modified during sort"); return false; }
  return ok;
}

function reverseRange(p: usize, n: u32): void {
  if (n < 2) return;
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
    case T_STR:
      if (argCount == 0) return ref(EMPTY_STR_REF());
      if (argCount > 1 || kwCount > 0) return unsupportedKw("str() with an encoding"); // (decoding bytes)
      return reprObject(arg(0), true);
    case T_BOOL: {
      if (argCount == 0) return newBool(false);
      const b = truthy(arg(0));
      return b < 0 ? 0 : newBool(b == 1);
    }
    case T_LIST: return argCount == 0 ? chk(listNew(0)) : listConstruct(arg(0));
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
    case T_SET: case T_FROZENSET: {
      if (t == T_FROZENSET) {
        // frozenset_vectorcall's checks, then make_new_frozenset (frozenset(f) of a frozenset is f)
        if (kwCount > 0) { raise(EX_TYPE, "frozenset() takes no keyword arguments"); return 0; }
        if (argCount > 1) { raiseBegin(EX_TYPE); msg("frozenset expected at most 1 argument, got "); msgInt(argCount); return 0; }
        if (argCount == 1 && ty(arg(0)) == T_FROZENSET) return ref(arg(0));
      }
      const s = chk(setNew(t));
      if (s == 0 || argCount == 0) return s;
      if (isAnySet(ty(arg(0)))) { if (setMerge(s, arg(0)) != 0) { decref(s); return chk(0); } return s; }
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
        if (!fitsI64) return bigRange();
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
    case T_MAP: {
      if (!noKeywords(T_MAP + 200)) return 0;
      if (argCount < 2) { raise(EX_TYPE, "map() must have at least two arguments."); return 0; }
      if (argCount > 15) return unsupportedKw("map() over more than 14 iterables");
      const iters = tupleNew(<u64>(argCount - 1));
      if (iters == 0) return chk(0);
      for (let i = 1; i < argCount; i++) {
        const it = getIter(arg(i));
        if (it == 0) { decref(iters); return 0; }
        tupleSetItem(iters, <u64>(i - 1), it);
        decref(it);
      }
      return mapNew(arg(0), iters);
    }
    case T_FILTER: {
      if (!noKeywords(T_FILTER + 200)) return 0;
      if (argCount != 2) { raiseBegin(EX_TYPE); msg("filter expected 2 arguments, got "); msgNum(argCount); return 0; }
      return filterNew(arg(0), arg(1));
    }
    // CPython creates these from a call; memsim's subset does not (a literal makes bytes)
    case T_PROPERTY: case T_STATICMETHOD: case T_CLASSMETHOD: return descriptorTypeCall(t, args, n, kw);
    case T_BYTES: return unsupportedKw("bytes()");
    case T_SLICE: return unsupportedKw("slice()");
    case T_NONE: return unsupportedKw("NoneType()");
  }
  // (a CALL of super is the eval loop's, which reads the calling frame)
  if (t == T_SUPER) { raise(EX_UNSUPPORTED, "super() called from a builtin or with * or ** is not supported yet (memsim)"); return 0; }
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
  if (base != 0 && (base < 2 || base > 36)) { raise(EX_VALUE, "int() base must be >= 2 and <= 36, or 0"); return 0; }
  const given = base;
  let lastUnderscore = true;
  let zeroStart = false;
  // a 0x / 0o / 0b prefix when it matches the base (or base 0 infers it); an underscore may follow it
  if (i + 1 < end && peekChar(s, i) == 48) {
    const c1 = peekChar(s, i + 1) | 32;
    const pb: i64 = c1 == 120 ? 16 : c1 == 111 ? 8 : c1 == 98 ? 2 : 0;
    if (pb != 0 && (base == 0 || base == pb)) { base = pb; i += 2; lastUnderscore = false; }
  }
  if (base == 0) { base = 10; zeroStart = i < end && peekChar(s, i) == 48; }
  N.bigReset();
  const p = N.bigNew(<u32>(end - i) + 4);
  let digits = 0;
  let ok = i < end;
  for (; i < end; i++) {
    const c = peekChar(s, i);
    if (c == 95 && !lastUnderscore) { lastUnderscore = true; continue; }
    let d: i64 = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : c >= 65 && c <= 90 ? c - 55 : 99;
    if (d >= base) { ok = false; break; }
    N.magMulSmallInPlace(p, <u32>base, <u32>d);
    digits++;
    lastUnderscore = false;
  }
  if (ok && zeroStart && N.bn(p) != 0) ok = false; // base 0: no leading zeros in a nonzero decimal
  if (!ok || lastUnderscore) {
    const r = reprForMessage(s);
    if (r < 0) return 0;
    raiseBegin(EX_VALUE); msg("invalid literal for int() with base "); msgNum(<i32>given); msg(": ");
    msgRepr(r);
    return 0;
  }
  if (digits > 4300 && base == 10) {
    raiseBegin(EX_VALUE); msg("Exceeds the limit (4300 digits) for integer string conversion: value has "); msgNum(digits); msg(" digits; use sys.set_int_max_str_digits() to increase the limit");
    return 0;
  }
  N.setneg(p, neg);
  return chk(N.bigToInt(p));
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
  // the forms: [sign] digits [. digits] [e [sign] digits] | inf | infinity | nan
  let j = i;
  let neg = false;
  if (j < end && (peekChar(s, j) == 43 || peekChar(s, j) == 45)) { neg = peekChar(s, j) == 45; j++; }
  if (end - j <= 8) {
    const k = <u32>(end - j);
    for (let q: u32 = 0; q < k; q++) { const c = peekChar(s, j + <u64>q); store<u8>(cpPtr + q, <u8>(c < 128 ? c : 63)); }
    const word = lower(cpPtr, k);
    if (word == 1) return newFloat(neg ? -Infinity : Infinity);
    if (word == 2) return newFloat(NaN);
  }
  let digits = 0, ok = true, seenE = false, seenDot = false;
  for (let q = j; q < end; q++) {
    const c = peekChar(s, q);
    if (c >= 48 && c <= 57) { digits++; continue; }
    if (c == 46 && !seenDot && !seenE) { seenDot = true; continue; }
    if ((c == 101 || c == 69) && !seenE && digits > 0) {
      seenE = true;
      if (q + 1 < end && (peekChar(s, q + 1) == 43 || peekChar(s, q + 1) == 45)) q++;
      if (q + 1 >= end) ok = false;
      continue;
    }
    // an underscore only between two digits (_Py_string_to_number_with_underscores)
    if (c == 95 && q > j && q + 1 < end && isDigitCp(peekChar(s, q - 1)) && isDigitCp(peekChar(s, q + 1))) continue;
    ok = false;
  }
  if (!ok || digits == 0) {
    const r = reprForMessage(s);
    if (r < 0) return 0;
    raiseBegin(EX_VALUE); msg("could not convert string to float: ");
    msgRepr(r);
    return 0;
  }
  // correctly rounded, as _Py_dg_strtod (strtod.ts): every digit of a str of any length
  sdBegin();
  for (let q = j; q < end; q++) sdChar(peekChar(s, q));
  return newFloat(sdEnd(neg));
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

/**
 * A slot wrapper of a built-in class called through super() (wrapper_call):
 * BaseException's __init__ (the positional arguments become a tuple, as
 * _PyObject_MakeTpCall makes it, and the exception's args), __str__ and
 * __repr__; object's __init__ (no arguments but self).
 */
function slotWrapper(id: i32, self: u64): u64 {
  if (id == M_OBJECT_INIT) {
    if (argCount > 0 || kwCount > 0) { raise(EX_TYPE, "object.__init__() takes exactly one argument (the instance to initialize)"); return 0; }
    return newNone();
  }
  if (!isException(self)) { raise(EX_TYPE, "descriptor requires a 'BaseException' object"); return 0; }
  if (id != M_BASE_INIT) {
    if (!noKeywords(id) || !argCountError(id, 0, 0)) return 0;
    return exceptionText(self, id == M_BASE_STR);
  }
  const args = tupleNew(<u64>argCount);
  if (args == 0) { raise(EX_MEMORY, ""); return 0; }
  for (let i = 0; i < argCount; i++) tupleSetItem(args, <u64>i, arg(i));
  // (wrapper_call's keywords: a dict, as _PyObject_MakeTpCall makes it)
  let kw: u64 = 0;
  if (kwCount > 0) {
    kw = dictNew();
    if (kw == 0) { decref(args); raise(EX_MEMORY, ""); return 0; }
    for (let i = 0; i < kwCount; i++) {
      if (!dictSetChecked(kw, tupleGetItem(kwNames, <u64>i), arg(argCount + i))) { decref(kw); decref(args); return 0; }
    }
  }
  const ok = exceptionInit(self, args, kw);
  decref(args);
  if (kw != 0) decref(kw);
  return ok ? newNone() : 0;
}

/** property.getter / setter / deleter (METH_O): a copy of the property with a new accessor. */
function propertyMethod(id: i32, self: u64): u64 {
  if (typeOf(self) != T_PROPERTY) {
    raiseBegin(EX_TYPE); msg("descriptor '"); msg(builtinName(id)); msg("' for 'property' objects doesn't apply to a '"); msgTypeName(self); msg("' object");
    return 0;
  }
  if (kwCount > 0) { raiseBegin(EX_TYPE); msg("property."); msg(builtinName(id)); msg("() takes no keyword arguments"); return 0; }
  if (argCount != 1) { raiseBegin(EX_TYPE); msg("property."); msg(builtinName(id)); msg("() takes exactly one argument ("); msgNum(argCount); msg(" given)"); return 0; }
  return propertyCopy(self, id - M_PROP_GETTER, arg(0));
}

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
      const r = reprForMessage(x);
      if (r < 0) return 0;
      raiseBegin(EX_VALUE);
      msgRepr(r);
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
      // dict_get_impl: the key hashed once (a str's cached hash, else PyObject_Hash), one lookup
      const k = arg(0);
      const h = hashOf(k);
      if (excType != 0) return 0;
      const v = dictGetItemHash(self, k, h);
      if (excType != 0) return 0; // a script's __eq__ raised
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
      // _PyDict_Pop: an empty dict gives the default (or KeyError) without hashing the key;
      // otherwise the key hashed once, one lookup, the entry deleted where it was found
      if (heapLoad64(self + DICT_USED) != 0) {
        const h = hashOf(k);
        if (excType != 0) return 0;
        const v = dictPopHash(self, k, h);
        if (v != 0) return v;
        if (excType != 0) return 0; // a script's __eq__ raised
      }
      if (argCount == 2) return ref(arg(1));
      keyError(k);
      return 0;
    }
    case M_DICT_SETDEFAULT: {
      if (!argCountError(id, 1, 2)) return 0;
      const k = arg(0);
      // PyDict_SetDefault: the key hashed once, one lookup, the insert with that hash
      const h = hashOf(k);
      if (excType != 0) return 0;
      const v = dictGetItemHash(self, k, h);
      if (excType != 0) return 0; // a script's __eq__ raised
      if (v != 0) return ref(v);
      const d = argCount == 2 ? arg(1) : NONE;
      const r = dictSetItemHash(self, k, h, d);
      if (r == DICT_UNHASHABLE) { if (excType == 0) unhashableError(k); return 0; }
      if (r != 0) { raise(EX_MEMORY, ""); return 0; }
      return ref(d);
    }
    case M_DICT_UPDATE: {
      if (argCount == 1) {
        const x = arg(0);
        if (ty(x) == T_DICT) { if (!dictUpdate(self, x)) return 0; }
        else if (!dictFromPairs(self, x)) return 0;
      }
      for (let i = 0; i < kwCount; i++) if (!dictSetChecked(self, tupleGetItem(kwNames, <u64>i), arg(argCount + i))) return 0;
      return newNone();
    }
    case M_DICT_COPY: return dictCopy(self);
    case M_DICT_POPITEM: {
      if (!argCountError(id, 0, 0)) return 0;
      if (dictLength(self) == 0) { raise(EX_KEY, "popitem(): dictionary is empty"); return 0; }
      let pos: u64 = 0, k: u64 = 0, v: u64 = 0;
      while (dictNext(self, pos)) { pos = nextPos; k = nextKey; v = nextValue; }
      const r = tupleNew(2);
      if (r == 0) return chk(0);
      tupleSetItem(r, 0, k); tupleSetItem(r, 1, v);
      dictDelItem(self, k);
      return r;
    }
    case M_DICT_CLEAR: dictClear(self); return newNone();
    case M_SET_ADD: if (!argCountError(id, 1, 1)) return 0; return setAddChecked(self, arg(0)) ? newNone() : 0;
    case M_SET_DISCARD: case M_SET_REMOVE: {
      if (!argCountError(id, 1, 1)) return 0;
      // set_discard_key: the key hashed once (a set key: a frozenset of its items, set_discard's retry), one lookup
      const k = arg(0);
      const h = setKeyHash(k);
      if (excType != 0) return 0;
      const tmp = retryKey;
      const found = setDiscardHash(self, tmp != 0 ? tmp : k, h);
      if (tmp != 0) decref(tmp);
      if (excType != 0) return 0; // a script's __eq__ raised
      if (!found && id == M_SET_REMOVE) {
        keyError(k);
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
    case M_SET_COPY: return t == T_FROZENSET ? ref(self) : setFrom(self); // (frozenset_copy: itself)
  }
  if (t == T_STR && id == M_STR_FORMAT) return strFormatCall(self);
  if (t == T_STR) return strMethod(id, self);
  if (isAnySet(t) && id >= M_SET_UNION && id <= LAST_SET_METHOD) return setMethod(id, self);
  raiseBegin(EX_UNSUPPORTED); msg(builtinName(id)); msg("() is not supported yet (memsim)");
  return 0;
}

/**
 * str.format: a METH_VARARGS | METH_KEYWORDS method, so CPython's call packs
 * the arguments into a tuple and the keyword ones into a dict
 * (method_vectorcall_VARARGS_KEYWORDS), freed when it returns.
 */
function strFormatCall(template: u64): u64 {
  const args = tupleNew(<u64>argCount);
  if (args == 0) return chk(0);
  for (let i = 0; i < argCount; i++) tupleSetItem(args, <u64>i, arg(i));
  let kwargs: u64 = 0;
  if (kwCount > 0) {
    kwargs = dictNew();
    if (kwargs == 0) { decref(args); return chk(0); }
    for (let i = 0; i < kwCount; i++) {
      if (!dictSetChecked(kwargs, tupleGetItem(kwNames, <u64>i), arg(argCount + i))) { decref(kwargs); decref(args); return 0; }
    }
  }
  const r = strFormat(template, args, kwargs);
  if (kwargs != 0) decref(kwargs);
  decref(args);
  return r;
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
    case M_STR_JOIN: {
      if (!argCountError(id, 1, 1)) return 0;
      const items = listOf(arg(0));
      if (items == 0) return 0;
      const m = listLength(items);
      if (m == 1 && ty(listGetItem(items, 0)) == T_STR) { const r = ref(listGetItem(items, 0)); decref(items); return r; }
      for (let i: u64 = 0; i < m; i++) {
        const x = listGetItem(items, i);
        if (ty(x) != T_STR) {
          raiseBegin(EX_TYPE); msg("sequence item "); msgNum(<i32>i); msg(": expected str instance, "); msgTypeName(x); msg(" found");
          decref(items);
          return 0;
        }
      }
      const r = m == 0 ? strFromCp(0) : chk(strJoin(s, costed(items + LIST_ITEMS), m, true));
      decref(items);
      return r;
    }
    case M_STR_ISDIGIT: {
      if (n == 0) return newBool(false);
      for (let i: u64 = 0; i < n; i++) { const c = peekChar(s, i); if (c < 48 || c > 57) return newBool(false); }
      return newBool(true);
    }
  }
  return strMethod2(id, s, n);
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

// ---- more str methods ---------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function putCp(k: u64, c: u32): void {
  store<u32>(cpPtr + (<usize>k << 2), c);
}

/** The simple uppercase of c (Latin-1, Latin Extended-A, Greek, Cyrillic). */
function upperCp(c: u32): u32 {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  if (c < 256) {
    if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return c - 32;
    if (c == 0xff) return 0x178;
    if (c == 0xb5) return 0x39c;
    return c;
  }
  if (c >= 0x100 && c <= 0x17f) {
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) return (c & 1) == 1 ? c - 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return (c & 1) == 0 ? c - 1 : c;
    if (c == 0x17f) return 0x53;
    return c;
  }
  if (c >= 0x3b1 && c <= 0x3cb && c != 0x3c2) return c - 32;
  if (c == 0x3c2) return 0x3a3;
  if (c == 0x3ac) return 0x386;
  if (c >= 0x3ad && c <= 0x3af) return c - 37;
  if (c == 0x3cc) return 0x38c;
  if (c == 0x3cd || c == 0x3ce) return c - 63;
  if (c >= 0x430 && c <= 0x44f) return c - 32;
  if (c >= 0x450 && c <= 0x45f) return c - 80;
  return c;
}

/** The simple lowercase of c. */
function lowerCp(c: u32): u32 {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c < 256) return c >= 0xc0 && c <= 0xde && c != 0xd7 ? c + 32 : c;
  if (c >= 0x100 && c <= 0x17f) {
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) return (c & 1) == 0 ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return (c & 1) == 1 ? c + 1 : c;
    if (c == 0x178) return 0xff;
    return c;
  }
  if (c >= 0x391 && c <= 0x3ab && c != 0x3a2) return c + 32;
  if (c == 0x386) return 0x3ac;
  if (c >= 0x388 && c <= 0x38a) return c + 37;
  if (c == 0x38c) return 0x3cc;
  if (c == 0x38e || c == 0x38f) return c + 63;
  if (c >= 0x410 && c <= 0x42f) return c + 32;
  if (c >= 0x400 && c <= 0x40f) return c + 80;
  return c;
}

function isLowerCp(c: u32): bool { return upperCp(c) != c || c == 0xdf || c == 0xaa || c == 0xba; }
function isUpperCp(c: u32): bool { return lowerCp(c) != c; }
function isCasedCp(c: u32): bool { return isLowerCp(c) || isUpperCp(c); }
function isDigitCp(c: u32): bool { return c >= 48 && c <= 57; }
function isAlphaCp(c: u32): bool {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 256) return c == 0xaa || c == 0xb5 || c == 0xba || (c >= 0xc0 && c != 0xd7 && c != 0xf7);
  return isCasedCp(c) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7a3);
}

/** Writes the full uppercase of c at k (ß is SS): the new k. */
function putUpper(k: u64, c: u32): u64 {
  if (c == 0xdf) { putCp(k, 83); putCp(k + 1, 83); return k + 2; }
  putCp(k, upperCp(c));
  return k + 1;
}

/** Writes the titlecase of c at k. */
function putTitle(k: u64, c: u32): u64 {
  if (c == 0xdf) { putCp(k, 83); putCp(k + 1, 115); return k + 2; }
  putCp(k, upperCp(c));
  return k + 1;
}

/** The optional start/end arguments at positions i, i+1, clipped as CPython's ADJUST_INDICES. */
let rangeStart: i64 = 0;
let rangeEnd: i64 = 0;
function strRange(i: i32, n: i64): void {
  rangeStart = 0; rangeEnd = n;
  if (argCount > i && arg(i) != NONE) rangeStart = intValue(arg(i));
  if (argCount > i + 1 && arg(i + 1) != NONE) rangeEnd = intValue(arg(i + 1));
  if (rangeEnd > n) rangeEnd = n;
  else if (rangeEnd < 0) { rangeEnd += n; if (rangeEnd < 0) rangeEnd = 0; }
  if (rangeStart < 0) { rangeStart += n; if (rangeStart < 0) rangeStart = 0; }
}

/** sub in s[start:end] from the left (or the right): its index, or -1. */
function findIn(s: u64, sub: u64, start: i64, end: i64, right: bool): i64 {
  const m = <i64>strLength(sub);
  if (start > end || end - start < m) return start <= end && m == 0 ? (right ? end : start) : -1;
  if (!right) {
    for (let i = start; i + m <= end; i++) {
      let j: i64 = 0;
      while (j < m && peekChar(s, <u64>(i + j)) == peekChar(sub, <u64>j)) j++;
      if (j == m) return i;
    }
  } else {
    for (let i = end - m; i >= start; i--) {
      let j: i64 = 0;
      while (j < m && peekChar(s, <u64>(i + j)) == peekChar(sub, <u64>j)) j++;
      if (j == m) return i;
    }
  }
  return -1;
}

/** PyUnicode_Substring: characters [from, to) of str `s` as a str (`s` itself, a new reference, when that is all of it), or 0. */
export function substr(s: u64, from: u64, to: u64): u64 {
  if (from == 0 && to == strLength(s)) return ref(s);
  for (let k = from; k < to; k++) putCp(k - from, peekChar(s, k));
  return strFromCp(to - from);
}

function fillChar(i: i32, id: i32): i64 {
  if (argCount <= i) return 32;
  const f = arg(i);
  if (ty(f) != T_STR || strLength(f) != 1) {
    raiseBegin(EX_TYPE);
    if (ty(f) != T_STR) { msg(builtinName(id)); msg("() argument 2 must be str, not "); msgTypeName(f); }
    else msg("The fill character must be exactly one character long");
    return -1;
  }
  touchStr(f);
  return <i64>peekChar(f, 0);
}

/** A list of the pieces [from, to) of s in `bounds` (pairs at the bigPtr scratch, reversed when `rev`). */
function splitList(s: u64, count: i32, rev: bool): u64 {
  const l = chk(listNew(0));
  if (l == 0) return 0;
  for (let q = 0; q < count; q++) {
    const i = rev ? count - 1 - q : q;
    const from = load<u64>(splitScratch + (<usize>i << 4)), to = load<u64>(splitScratch + (<usize>i << 4), 8);
    const piece = substr(s, from, to);
    if (piece == 0) { decref(l); return 0; }
    const ok = listAppendChecked(l, piece);
    decref(piece);
    if (!ok) { decref(l); return 0; }
  }
  return l;
}
const SPLIT_MAX: i32 = 1 << 16;
const splitScratch = memory.data(SPLIT_MAX * 16);
function splitPush(k: i32, from: u64, to: u64): bool {
  if (k >= SPLIT_MAX) { raise(EX_MEMORY, ""); return false; }
  store<u64>(splitScratch + (<usize>k << 4), from); store<u64>(splitScratch + (<usize>k << 4), to, 8);
  return true;
}

function strSplit(s: u64, n: u64, right: bool): u64 {
  if (!argCountError(right ? M_STR_RSPLIT : M_STR_SPLIT, 0, 2)) return 0;
  let sep = argCount >= 1 ? arg(0) : NONE;
  let maxsplit: i64 = argCount >= 2 ? intValue(arg(1)) : -1;
  { const k = kwarg("sep"); if (k != 0) sep = k; const m = kwarg("maxsplit"); if (m != 0) maxsplit = intValue(m); }
  if (maxsplit < 0) maxsplit = 0x7fffffff;
  let count = 0;
  if (sep == NONE) {
    if (!right) {
      let i: u64 = 0;
      while (true) {
        while (i < n && isStrSpace(peekChar(s, i))) i++;
        if (i >= n) break;
        if (<i64>count == maxsplit) { let j = n; while (j > i && isStrSpace(peekChar(s, j - 1))) j--; if (!splitPush(count++, i, j)) return 0; break; }
        const j0 = i;
        while (i < n && !isStrSpace(peekChar(s, i))) i++;
        if (!splitPush(count++, j0, i)) return 0;
      }
    } else {
      let i = n;
      while (true) {
        while (i > 0 && isStrSpace(peekChar(s, i - 1))) i--;
        if (i == 0) break;
        if (<i64>count == maxsplit) { let j: u64 = 0; while (j < i && isStrSpace(peekChar(s, j))) j++; if (!splitPush(count++, j, i)) return 0; break; }
        const e = i;
        while (i > 0 && !isStrSpace(peekChar(s, i - 1))) i--;
        if (!splitPush(count++, i, e)) return 0;
      }
    }
    return splitList(s, count, right);
  }
  if (!needStr(M_STR_SPLIT, sep, "must be str or None, not ")) return 0;
  touchStr(sep);
  const m = <i64>strLength(sep);
  if (m == 0) { raise(EX_VALUE, "empty separator"); return 0; }
  if (!right) {
    let from: i64 = 0;
    while (<i64>count < maxsplit) {
      const f = findIn(s, sep, from, <i64>n, false);
      if (f < 0) break;
      if (!splitPush(count++, <u64>from, <u64>f)) return 0;
      from = f + m;
    }
    if (!splitPush(count++, <u64>from, n)) return 0;
  } else {
    let to = <i64>n;
    while (<i64>count < maxsplit) {
      const f = findIn(s, sep, 0, to, true);
      if (f < 0) break;
      if (!splitPush(count++, <u64>(f + m), <u64>to)) return 0;
      to = f;
    }
    if (!splitPush(count++, 0, <u64>to)) return 0;
  }
  return splitList(s, count, right);
}

function strMethod2(id: i32, s: u64, n: u64): u64 {
  switch (id) {
    case M_STR_UPPER: case M_STR_LOWER: case M_STR_SWAPCASE: case M_STR_CASEFOLD: {
      if (!argCountError(id, 0, 0)) return 0;
      let k: u64 = 0;
      for (let i: u64 = 0; i < n; i++) {
        if (k + 4 > <u64>CP_MAX) { raise(EX_MEMORY, ""); return 0; }
        const c = peekChar(s, i);
        if (id == M_STR_UPPER) k = putUpper(k, c);
        else if (id == M_STR_LOWER) putCp(k++, lowerCp(c));
        else if (id == M_STR_CASEFOLD) { if (c == 0xdf) { putCp(k++, 115); putCp(k++, 115); } else putCp(k++, lowerCp(c)); }
        else if (isUpperCp(c)) putCp(k++, lowerCp(c));
        else k = putUpper(k, c);
      }
      return strFromCp(k);
    }
    case M_STR_TITLE: case M_STR_CAPITALIZE: {
      if (!argCountError(id, 0, 0)) return 0;
      let k: u64 = 0;
      let prevCased = false;
      for (let i: u64 = 0; i < n; i++) {
        if (k + 4 > <u64>CP_MAX) { raise(EX_MEMORY, ""); return 0; }
        const c = peekChar(s, i);
        if (id == M_STR_CAPITALIZE) { if (i == 0) k = putTitle(k, c); else putCp(k++, lowerCp(c)); continue; }
        if (prevCased) putCp(k++, lowerCp(c)); else k = putTitle(k, c);
        prevCased = isCasedCp(c);
      }
      return strFromCp(k);
    }
    case M_STR_ISDIGIT: case M_STR_ISDECIMAL: case M_STR_ISNUMERIC: case M_STR_ISALPHA: case M_STR_ISALNUM: case M_STR_ISSPACE: {
      if (!argCountError(id, 0, 0)) return 0;
      if (n == 0) return newBool(false);
      for (let i: u64 = 0; i < n; i++) {
        const c = peekChar(s, i);
        let ok = false;
        if (id == M_STR_ISALPHA) ok = isAlphaCp(c);
        else if (id == M_STR_ISALNUM) ok = isAlphaCp(c) || isDigitCp(c);
        else if (id == M_STR_ISSPACE) ok = isStrSpace(c);
        else ok = isDigitCp(c);
        if (!ok) return newBool(false);
      }
      return newBool(true);
    }
    case M_STR_ISUPPER: case M_STR_ISLOWER: {
      if (!argCountError(id, 0, 0)) return 0;
      let cased = false;
      for (let i: u64 = 0; i < n; i++) {
        const c = peekChar(s, i);
        if (id == M_STR_ISUPPER ? isLowerCp(c) : isUpperCp(c)) return newBool(false);
        if (!cased && (id == M_STR_ISUPPER ? isUpperCp(c) : isLowerCp(c))) cased = true;
      }
      return newBool(cased);
    }
    case M_STR_ISTITLE: {
      let cased = false, prev = false;
      for (let i: u64 = 0; i < n; i++) {
        const c = peekChar(s, i);
        if (isUpperCp(c)) { if (prev) return newBool(false); prev = true; cased = true; }
        else if (isLowerCp(c)) { if (!prev) return newBool(false); prev = true; cased = true; }
        else prev = false;
      }
      return newBool(cased);
    }
    case M_STR_FIND: case M_STR_RFIND: case M_STR_INDEX: case M_STR_RINDEX: case M_STR_COUNT: {
      if (!argCountError(id, 1, 3)) return 0;
      const sub = arg(0);
      if (!needStr(id, sub, "must be str, not ")) return 0;
      touchStr(sub);
      strRange(1, <i64>n);
      if (id == M_STR_COUNT) {
        const m = <i64>strLength(sub);
        if (rangeStart > rangeEnd) return newInt(0);
        if (m == 0) return newInt(rangeEnd - rangeStart + 1);
        let count: i64 = 0, from = rangeStart;
        while (true) { const k = findIn(s, sub, from, rangeEnd, false); if (k < 0) break; count++; from = k + m; }
        return newInt(count);
      }
      const r = findIn(s, sub, rangeStart, rangeEnd, id == M_STR_RFIND || id == M_STR_RINDEX);
      if (r < 0 && (id == M_STR_INDEX || id == M_STR_RINDEX)) { raise(EX_VALUE, "substring not found"); return 0; }
      return newInt(r);
    }
    case M_STR_SPLIT: case M_STR_RSPLIT: return strSplit(s, n, id == M_STR_RSPLIT);
    case M_STR_SPLITLINES: {
      if (!argCountError(id, 0, 1)) return 0;
      let keep = argCount == 1 && truthy(arg(0)) == 1;
      { const k = kwarg("keepends"); if (k != 0) keep = truthy(k) == 1; }
      let count = 0;
      let i: u64 = 0;
      while (i < n) {
        const j0 = i;
        while (i < n) {
          const c = peekChar(s, i);
          if (c == 10 || c == 13 || c == 11 || c == 12 || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x85 || c == 0x2028 || c == 0x2029) break;
          i++;
        }
        let eol = i;
        if (i < n) {
          if (peekChar(s, i) == 13 && i + 1 < n && peekChar(s, i + 1) == 10) i += 2; else i++;
          if (keep) eol = i;
        }
        if (!splitPush(count++, j0, eol)) return 0;
      }
      return splitList(s, count, false);
    }
    case M_STR_PARTITION: case M_STR_RPARTITION: {
      if (!argCountError(id, 1, 1)) return 0;
      const sep = arg(0);
      if (!needStr(id, sep, "must be str, not ")) return 0;
      touchStr(sep);
      const m = <i64>strLength(sep);
      if (m == 0) { raise(EX_VALUE, "empty separator"); return 0; }
      const f = findIn(s, sep, 0, <i64>n, id == M_STR_RPARTITION);
      const t = tupleNew(3);
      if (t == 0) return chk(0);
      let a: u64 = 0, b: u64 = 0, c: u64 = 0;
      if (f < 0) {
        const e = EMPTY_STR;
        if (id == M_STR_PARTITION) { a = ref(s); b = ref(e); c = ref(e); } else { a = ref(e); b = ref(e); c = ref(s); }
      } else {
        a = substr(s, 0, <u64>f); b = ref(sep); c = substr(s, <u64>(f + m), n);
      }
      if (a == 0 || c == 0) { xdecref(a); decref(b); xdecref(c); decref(t); return 0; }
      tupleSetItem(t, 0, a); tupleSetItem(t, 1, b); tupleSetItem(t, 2, c);
      decref(a); decref(b); decref(c);
      return t;
    }
    case M_STR_ZFILL: {
      if (!argCountError(id, 1, 1)) return 0;
      const w = intValue(arg(0));
      if (w <= <i64>n) return ref(s);
      const fill = <u64>w - n;
      if (<u64>w > <u64>CP_MAX) { raise(EX_MEMORY, ""); return 0; }
      for (let i: u64 = 0; i < fill; i++) putCp(i, 48);
      for (let i: u64 = 0; i < n; i++) putCp(fill + i, peekChar(s, i));
      if (n > 0) { const c0 = peekChar(s, 0); if (c0 == 43 || c0 == 45) { putCp(0, c0); putCp(fill, 48); } }
      return strFromCp(<u64>w);
    }
    case M_STR_LJUST: case M_STR_RJUST: case M_STR_CENTER: {
      if (!argCountError(id, 1, 2)) return 0;
      const w = intValue(arg(0));
      const f = fillChar(1, id);
      if (f < 0) return 0;
      if (w <= <i64>n) return ref(s);
      if (<u64>w > <u64>CP_MAX) { raise(EX_MEMORY, ""); return 0; }
      const marg = <u64>w - n;
      let left: u64 = 0;
      if (id == M_STR_RJUST) left = marg;
      else if (id == M_STR_CENTER) left = marg / 2 + (marg & <u64>w & 1);
      for (let i: u64 = 0; i < <u64>w; i++) putCp(i, <u32>f);
      for (let i: u64 = 0; i < n; i++) putCp(left + i, peekChar(s, i));
      return strFromCp(<u64>w);
    }
    case M_STR_EXPANDTABS: {
      if (!argCountError(id, 0, 1)) return 0;
      const ts = argCount == 1 ? intValue(arg(0)) : 8;
      let k: u64 = 0, col: i64 = 0;
      for (let i: u64 = 0; i < n; i++) {
        const c = peekChar(s, i);
        if (c == 9) {
          if (ts > 0) { const inc = ts - col % ts; for (let q: i64 = 0; q < inc; q++) { if (k >= <u64>CP_MAX) { raise(EX_MEMORY, ""); return 0; } putCp(k++, 32); } col += inc; }
        } else {
          if (k >= <u64>CP_MAX) { raise(EX_MEMORY, ""); return 0; }
          putCp(k++, c);
          col = c == 10 || c == 13 ? 0 : col + 1;
        }
      }
      return strFromCp(k);
    }
    case M_STR_REMOVEPREFIX: case M_STR_REMOVESUFFIX: {
      if (!argCountError(id, 1, 1)) return 0;
      const p = arg(0);
      if (!needStr(id, p, (id == M_STR_REMOVEPREFIX ? "removeprefix" : "removesuffix") + "() argument must be str, not ")) return 0;
      const m = strLength(p);
      if (m == 0 || !affix(s, p, id == M_STR_REMOVESUFFIX)) return ref(s);
      return id == M_STR_REMOVEPREFIX ? substr(s, m, n) : substr(s, 0, n - m);
    }
  }
  raiseBegin(EX_UNSUPPORTED); msg("str."); msg(builtinName(id)); msg("() is not supported yet (memsim)");
  return 0;
}

// ---- more set methods ---------------------------------------------------------------------------

function setMethod(id: i32, self: u64): u64 {
  switch (id) {
    case M_SET_UNION: {
      const r = setFrom(self, typeOf(self)); // (set_copy: make_new_set_basetype, a frozenset's a frozenset)
      if (r == 0) return 0;
      for (let i = 0; i < argCount; i++) if (!setUpdateFrom(r, arg(i))) { decref(r); return 0; }
      return r;
    }
    case M_SET_INTERSECTION: case M_SET_DIFFERENCE: {
      if (argCount == 0) return setFrom(self, typeOf(self));
      let r = id == M_SET_INTERSECTION ? setIntersection(self, arg(0)) : setDifference(self, arg(0));
      for (let i = 1; r != 0 && i < argCount; i++) {
        if (id == M_SET_DIFFERENCE) { if (!setDifferenceUpdate(r, arg(i))) { decref(r); r = 0; } continue; }
        const t = setIntersection(r, arg(i));
        decref(r);
        r = t;
      }
      return r;
    }
    case M_SET_SYMMETRIC_DIFFERENCE: {
      if (!argCountError(id, 1, 1)) return 0;
      return setSymmetricDifference(self, arg(0));
    }
    case M_SET_INTERSECTION_UPDATE: {
      let t = setFrom(self);
      if (t == 0) return 0;
      for (let i = 0; i < argCount; i++) { const u = setIntersection(t, arg(i)); decref(t); t = u; if (t == 0) return 0; }
      setClear(self);
      const r = setMerge(self, t);
      decref(t);
      return r != 0 ? chk(0) : newNone();
    }
    case M_SET_DIFFERENCE_UPDATE: {
      for (let i = 0; i < argCount; i++) if (!setDifferenceUpdate(self, arg(i))) return 0;
      return newNone();
    }
    case M_SET_SYMMETRIC_DIFFERENCE_UPDATE: {
      if (!argCountError(id, 1, 1)) return 0;
      return setSymmetricDifferenceUpdate(self, arg(0)) ? newNone() : 0;
    }
    case M_SET_ISSUBSET: case M_SET_ISSUPERSET: case M_SET_ISDISJOINT: {
      if (!argCountError(id, 1, 1)) return 0;
      let other = arg(0);
      if (isAnySet(ty(other))) incref(other);
      else { other = setFrom(other); if (other == 0) return 0; }
      let a = self, b = other; // every item of a in b (issubset)
      if (id == M_SET_ISSUPERSET) { a = other; b = self; }
      let result = true;
      if (id == M_SET_ISDISJOINT) {
        if (setLength(a) > setLength(b)) { const t = a; a = b; b = t; }
        let pos: u64 = 0;
        while (setNext(a, pos)) { pos = nextPos; if (setHasEntry(b, nextKey, nextEntry, true)) { result = false; break; } if (lookupRaised) { decref(other); return 0; } }
      } else if (setLength(a) > setLength(b)) result = false;
      else {
        let pos: u64 = 0;
        while (setNext(a, pos)) { pos = nextPos; if (!setHasEntry(b, nextKey, nextEntry, true)) { if (lookupRaised) { decref(other); return 0; } result = false; break; } }
      }
      decref(other);
      return newBool(result);
    }
    case M_SET_POP: {
      if (!argCountError(id, 0, 0)) return 0;
      const k = setPop(self);
      if (k == 0) { raise(EX_KEY, "pop from an empty set"); return 0; }
      return k;
    }
    case M_SET_CLEAR: {
      if (!argCountError(id, 0, 0)) return 0;
      setClear(self);
      return newNone();
    }
  }
  raiseBegin(EX_UNSUPPORTED); msg("set."); msg(builtinName(id)); msg("() is not supported yet (memsim)");
  return 0;
}
