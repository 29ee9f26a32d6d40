// Special methods of the script's classes (docs/python.md, "Classes"): what
// type_new gives a class that defines them, the slot functions (slot_tp_repr,
// slot_tp_richcompare, slot_sq_length, slot_nb_add, ...) that look the method
// up on the instance's class and call it with the instance, in a nested eval
// loop as any call from C code (eval.ts callObject).
//
// Which slots a class has is kept per class, as a type's slots are: worked out
// when the class is made (through its MRO) and again when a special name of
// a class is set or deleted. Reading it costs nothing, as reading a type slot
// is not an access memsim models; the method lookup and the call are costed.

import { NONE, TRUE, FALSE } from "../heap/objects/layout";
import { T_STR, T_INT, T_BOOL, T_FUNCTION, T_FIRST_CLASS, setTypeSlots, resetTypeSlots, TS_UNHASHABLE, TS_HASH, TS_EQ, mroLength, mroAt, classNumbersEnd, isSubtype } from "../heap/objects/types";
import { hashObject, setSlotHooks, lookupFailed, lookupReset } from "../heap/objects/hash";
import { isExceptionClass } from "./exceptions";
import { decref, typeOf, loadType } from "../heap/objects/object";
import { strLength, peekChar } from "../heap/objects/str";
import { peekEntryCount, peekEntry, dictSetItem } from "../heap/objects/dict";
import { classRecord, strIs, raise, raiseBegin, msg, msgTypeName, EX_TYPE, EX_VALUE, EX_OVERFLOW, EX_MEMORY, EX_UNSUPPORTED } from "./state";
import { classLookup, callObject } from "./eval";
import { T_PROPERTY } from "./objs";
import { truthy, intValue, fitsI64, newBool, isIterator, compareBool, CMP_EQ } from "./ops";
import * as N from "./num";

export const SLOT_REPR = 0;
export const SLOT_STR = 1;
/** __lt__ .. __ge__: SLOT_LT + the comparison's number (CMP_LT 0 .. CMP_GE 5, CPython's Py_LT .. Py_GE). */
export const SLOT_LT = 2;
export const SLOT_LEN = 8;
export const SLOT_BOOL = 9;
export const SLOT_CONTAINS = 10;
export const SLOT_GETITEM = 11;
export const SLOT_SETITEM = 12;
export const SLOT_DELITEM = 13;
export const SLOT_ITER = 14;
export const SLOT_POS = 15;
export const SLOT_NEG = 16;
export const SLOT_INVERT = 17;
export const SLOT_ABS = 18;
/** __add__ .. __xor__, then the reflected and the in-place ones: + BINARY_OP's operator number (OP_ADD 0 .. OP_XOR 12). */
export const SLOT_BINARY = 19;
export const SLOT_REFLECTED = 32;
export const SLOT_INPLACE = 45;
export const SLOT_HASH = 58;
export const SLOT_CALL = 59;
/** __enter__, __exit__: looked up by BEFORE_WITH (_PyObject_LookupSpecial), no type slot of their own in CPython. */
export const SLOT_ENTER = 60;
export const SLOT_EXIT = 61;
const SLOTS = 62;
/**
 * Not a slot: the record's bit for "a class of the MRO holds a property"
 * (a data descriptor), so that STORE_ATTR and DELETE_ATTR on an instance
 * look the name up on its class (PyObject_GenericSetAttr's _PyType_Lookup)
 * only then, and cost what they did before otherwise.
 */
export const HAS_PROPERTY = 62;

// Each slot's special name, by slot number: literals (static data: building
// one at run time would allocate from the runtime's heap, which memsim's
// layout does not leave room for).
const SLOT_NAMES: StaticArray<string> = [
  "__repr__", "__str__", "__lt__", "__le__", "__eq__", "__ne__", "__gt__",
  "__ge__", "__len__", "__bool__", "__contains__", "__getitem__", "__setitem__", "__delitem__",
  "__iter__", "__pos__", "__neg__", "__invert__", "__abs__", "__add__", "__and__",
  "__floordiv__", "__lshift__", "__matmul__", "__mul__", "__mod__", "__or__", "__pow__",
  "__rshift__", "__sub__", "__truediv__", "__xor__", "__radd__", "__rand__", "__rfloordiv__",
  "__rlshift__", "__rmatmul__", "__rmul__", "__rmod__", "__ror__", "__rpow__", "__rrshift__",
  "__rsub__", "__rtruediv__", "__rxor__", "__iadd__", "__iand__", "__ifloordiv__", "__ilshift__",
  "__imatmul__", "__imul__", "__imod__", "__ior__", "__ipow__", "__irshift__", "__isub__",
  "__itruediv__", "__ixor__", "__hash__", "__call__", "__enter__", "__exit__",
];

// @ts-ignore: decorator
@inline function slotName(slot: i32): string {
  return unchecked(SLOT_NAMES[slot]);
}

// The slots' name objects: the interned strs the script's class namespaces
// use as keys, found there (CPython's are static _Py_ID strings: memsim makes
// none, so a script without special methods runs as before); "__hash__" is
// interned when type_new must add it.
const NAMES = memory.data(SLOTS * 8);
let intern: (s: string) => u64 = noIntern;
function noIntern(s: string): u64 { return 0; }

/** A run starts: no names found yet; `f` interns a name. */
export function resetSlots(f: (s: string) => u64): void {
  memory.fill(NAMES, 0, SLOTS * 8);
  intern = f;
  resetTypeSlots();
  setSlotHooks(slotHash, slotEqual);
}

// @ts-ignore: decorator
@inline function nameOf(slot: i32): u64 {
  return load<u64>(NAMES + (<usize>slot << 3));
}

/** The name object of `slot` (a class defining it was made: the namespace's key), or 0. */
export function slotNameObject(slot: i32): u64 {
  return nameOf(slot);
}

/** The slot whose special name str `name` spells, or -1 (read without cost). */
export function slotOfName(name: u64): i32 {
  if (name == 0 || typeOf(name) != T_STR) return -1;
  const n = strLength(name);
  if (n < 6 || n > 16 || peekChar(name, 0) != 95 || peekChar(name, 1) != 95) return -1;
  for (let s = 0; s < SLOTS; s++) if (strIs(name, slotName(s))) return s;
  return -1;
}

// The class record's word at 24: bit s set when the class (or a base) has slot s.

// @ts-ignore: decorator
@inline export function hasSlot(t: i32, slot: i32): bool {
  return t >= T_FIRST_CLASS && ((load<u64>(classRecord(t) + 24) >> <u64>slot) & 1) != 0;
}

/** What namespace `ns` itself holds under special name `slot`, read without cost, or 0. */
function peekOwn(ns: u64, slot: i32): u64 {
  const n = peekEntryCount(ns);
  for (let i: u64 = 0; i < n; i++) {
    const k = peekEntry(ns, i, false);
    if (k != 0 && slotOfName(k) == slot) return peekEntry(ns, i, true);
  }
  return 0;
}

/**
 * type_ready_set_hash for class dict `ns`: one that defines __eq__ and not
 * __hash__ gets __hash__ = None (its instances are unhashable). False on
 * MemoryError.
 */
export function setHashNone(ns: u64): bool {
  if (peekOwn(ns, SLOT_LT + 2) == 0 || peekOwn(ns, SLOT_HASH) != 0) return true;
  if (nameOf(SLOT_HASH) == 0) store<u64>(NAMES + (<usize>SLOT_HASH << 3), intern("__hash__"));
  const name = nameOf(SLOT_HASH);
  if (name == 0 || dictSetItem(ns, name, NONE) != 0) { raise(EX_MEMORY, ""); return false; }
  return true;
}

/** A special name of a class was set or deleted: every class's slots again (its subclasses' change too). */
export function refreshSlots(): void {
  const end = classNumbersEnd();
  for (let t = T_FIRST_CLASS; t < end; t++) if (load<u64>(classRecord(t) + 8) != 0) classSlots(t);
}

/**
 * Class `t`'s slots (fixup_slot_dispatchers): for each special name, the
 * first class of its MRO whose dict has it decides (its name object noted
 * for the lookups). __hash__ is the slot bit when it is a method (anything
 * but None), the type's "unhashable" when None; the heap's hash and key
 * comparisons learn of __hash__ and __eq__ from the type's slot bits.
 */
export function classSlots(t: i32): void {
  let mask: u64 = 0, decided: u64 = 0;
  let unhashable = false;
  const n = mroLength(t);
  for (let i = 0; i < n; i++) {
    const c = mroAt(t, i);
    const ns = c >= T_FIRST_CLASS ? load<u64>(classRecord(c) + 8) : 0;
    const m = ns != 0 ? peekEntryCount(ns) : 0;
    for (let j: u64 = 0; j < m; j++) {
      const k = peekEntry(ns, j, false);
      const v = k != 0 ? peekEntry(ns, j, true) : 0;
      if (v == 0) continue; // a deleted entry
      if (typeOf(v) == T_PROPERTY) mask |= <u64>1 << <u64>HAS_PROPERTY;
      const slot = slotOfName(k);
      if (slot < 0) continue;
      const bit = <u64>1 << <u64>slot;
      if ((decided & bit) != 0) continue;
      decided |= bit;
      store<u64>(NAMES + (<usize>slot << 3), k);
      if (slot == SLOT_HASH) unhashable = v == NONE;
      if (slot != SLOT_HASH || !unhashable) mask |= bit;
    }
  }
  store<u64>(classRecord(t) + 24, mask);
  const eq = ((mask >> <u64>(SLOT_LT + 2)) & 1) != 0;
  const hash = ((mask >> <u64>SLOT_HASH) & 1) != 0;
  setTypeSlots(t, (unhashable ? TS_UNHASHABLE : 0) | (hash ? TS_HASH : 0) | (eq ? TS_EQ : 0));
}

/** The method class `t` (through its MRO) has for `slot`, read without cost (method_is_overloaded's comparison), or 0. */
function methodOf(t: i32, slot: i32): u64 {
  const n = mroLength(t);
  for (let i = 0; i < n; i++) {
    const c = mroAt(t, i);
    const ns = c >= T_FIRST_CLASS ? load<u64>(classRecord(c) + 8) : 0;
    const v = ns != 0 ? peekOwn(ns, slot) : 0;
    if (v != 0) return v;
  }
  return 0;
}

const ARGV = memory.data(3 * 8);

/**
 * Call `self`'s method for `slot` (its class has it) with `n` - 1 more
 * arguments `x`, `y`: a new reference, or 0 with an exception. A function
 * gets self first, as a method; anything else is called as it is
 * (lookup_maybe_method: only descriptors bind).
 */
export function callSlot(self: u64, slot: i32, x: u64, y: u64, n: u32): u64 {
  const m = classLookup(typeOf(self), nameOf(slot));
  if (m == 0) { raise(EX_UNSUPPORTED, "a special method that went missing (memsim)"); return 0; }
  store<u64>(ARGV, self);
  store<u64>(ARGV, x, 8);
  store<u64>(ARGV, y, 16);
  if (typeOf(m) == T_FUNCTION) return callObject(m, ARGV, n);
  return callObject(m, ARGV + 8, n - 1);
}

/** A class's method returned what its slot function refuses: TypeError `before` type name `after`. */
function badResult(before: string, r: u64, after: string): u64 {
  raiseBegin(EX_TYPE); msg(before); msgTypeName(r); msg(after);
  decref(r);
  return 0;
}

/** Returned by the functions below when the class has no method for it: the caller goes on as for any object. */
export const NOT_HANDLED: u64 = 1;

/** str(o) (`asStr`) or repr(o) of an instance: its __str__'s or __repr__'s str, a new reference or 0; NOT_HANDLED without them. */
export function slotRepr(o: u64, t: i32, asStr: bool): u64 {
  // (an exception's str is BaseException_str unless its class has __str__: not its __repr__)
  const slot = asStr && hasSlot(t, SLOT_STR) ? SLOT_STR : asStr && isExceptionClass(t) ? -1 : hasSlot(t, SLOT_REPR) ? SLOT_REPR : -1;
  if (slot < 0) return NOT_HANDLED;
  const r = callSlot(o, slot, 0, 0, 1);
  if (r == 0) return 0;
  // (PyObject_Str checks what object_str's call of the repr slot gave: "__str__" even then)
  if (loadType(r) != T_STR) return badResult(asStr ? "__str__ returned non-string (type " : "__repr__ returned non-string (type ", r, ")");
  return r;
}

const SWAPPED: StaticArray<i32> = [4, 5, 2, 3, 0, 1]; // _Py_SwappedOp: < and >, <= and >= trade places

/** self's method for comparison `op` with other: its result, or for != the negation of __eq__'s (object's default); NOT_HANDLED without. */
function richSlot(self: u64, other: u64, t: i32, op: i32): u64 {
  if (hasSlot(t, SLOT_LT + op)) return callSlot(self, SLOT_LT + op, other, 0, 2);
  if (op == 3 && hasSlot(t, SLOT_LT + 2)) {
    const r = callSlot(self, SLOT_LT + 2, other, 0, 2);
    if (r == 0) return 0;
    const b = truthy(r);
    decref(r);
    return b < 0 ? 0 : newBool(b == 0);
  }
  return NOT_HANDLED;
}

/**
 * PyObject_RichCompare with an instance on either side (do_richcompare): the
 * reflected method of a right operand whose class derives from the left's
 * first, then the left's, then the right's reflected one. The result object
 * (a new reference), 0 with an exception, or NOT_HANDLED: then == and != are
 * identity and the rest a TypeError, as for any object.
 */
export function richCompare(a: u64, b: u64, ta: i32, tb: i32, op: i32): u64 {
  let reversed = false;
  if (ta != tb && tb >= T_FIRST_CLASS && isSubtype(tb, ta)) {
    reversed = true;
    const r = richSlot(b, a, tb, unchecked(SWAPPED[op]));
    if (r != NOT_HANDLED) return r;
  }
  if (ta >= T_FIRST_CLASS) {
    const r = richSlot(a, b, ta, op);
    if (r != NOT_HANDLED) return r;
  }
  if (!reversed && tb >= T_FIRST_CLASS) {
    const r = richSlot(b, a, tb, unchecked(SWAPPED[op]));
    if (r != NOT_HANDLED) return r;
  }
  return NOT_HANDLED;
}

/**
 * a <op> b (BINARY_OP's operator number, in place for `inplace`) with an
 * instance on either side: __iop__ first when in place, then as SLOT1BINFULL
 * (a right operand whose class derives from the left's and overrides the
 * reflected method goes first; then the left's method; then the right's
 * reflected one). NOT_HANDLED when no class has one.
 */
export function binarySlot(a: u64, b: u64, ta: i32, tb: i32, op: i32, inplace: bool): u64 {
  if (inplace && hasSlot(ta, SLOT_INPLACE + op)) return callSlot(a, SLOT_INPLACE + op, b, 0, 2);
  const reflected = SLOT_REFLECTED + op;
  const other = ta != tb && hasSlot(tb, reflected);
  if (other && isSubtype(tb, ta) && methodOf(tb, reflected) != methodOf(ta, reflected)) return callSlot(b, reflected, a, 0, 2);
  if (hasSlot(ta, SLOT_BINARY + op)) return callSlot(a, SLOT_BINARY + op, b, 0, 2);
  if (other) return callSlot(b, reflected, a, 0, 2);
  return NOT_HANDLED;
}

/** -o, +o, ~o or abs(o) (`slot`) of an instance: its method's result, or NOT_HANDLED. */
export function unarySlot(o: u64, t: i32, slot: i32): u64 {
  return hasSlot(t, slot) ? callSlot(o, slot, 0, 0, 1) : NOT_HANDLED;
}

/** len(o) through __len__ (slot_sq_length): the length, or -1 with an exception. */
export function slotLength(o: u64): i64 {
  const r = callSlot(o, SLOT_LEN, 0, 0, 1);
  if (r == 0) return -1;
  const t = loadType(r);
  if (t != T_INT && t != T_BOOL) {
    raiseBegin(EX_TYPE); msg("'"); msgTypeName(r); msg("' object cannot be interpreted as an integer");
    decref(r);
    return -1;
  }
  const v = intValue(r);
  const fits = fitsI64;
  decref(r);
  if (!fits) { raise(v < 0 ? EX_VALUE : EX_OVERFLOW, v < 0 ? "__len__() should return >= 0" : "cannot fit 'int' into an index-sized integer"); return -1; }
  if (v < 0) { raise(EX_VALUE, "__len__() should return >= 0"); return -1; }
  return v;
}

/** The truth of an instance (PyObject_IsTrue): __bool__, else __len__, else true. 1, 0 or -1. */
export function slotTruth(o: u64, t: i32): i32 {
  if (hasSlot(t, SLOT_BOOL)) {
    const r = callSlot(o, SLOT_BOOL, 0, 0, 1);
    if (r == 0) return -1;
    if (r != TRUE && r != FALSE) { badResult("__bool__ should return bool, returned ", r, ""); return -1; }
    decref(r);
    return r == TRUE ? 1 : 0;
  }
  if (hasSlot(t, SLOT_LEN)) {
    const n = slotLength(o);
    return n < 0 ? -1 : n > 0 ? 1 : 0;
  }
  return 1;
}

/** iter(o) through __iter__: the iterator (a new reference) or 0; NOT_HANDLED without __iter__. */
export function slotIter(o: u64, t: i32): u64 {
  if (!hasSlot(t, SLOT_ITER)) {
    if (hasSlot(t, SLOT_GETITEM)) { raise(EX_UNSUPPORTED, "iterating over a class with __getitem__ and no __iter__ is not supported yet (memsim)"); return 0; }
    return NOT_HANDLED;
  }
  const r = callSlot(o, SLOT_ITER, 0, 0, 1);
  if (r == 0) return 0;
  // an iterator has tp_iternext: the built-in iterators and generators (an instance of a class cannot: __next__ is not a slot here)
  if (!isIterator(loadType(r))) {
    raiseBegin(EX_TYPE); msg("iter() returned non-iterator of type '"); msgTypeName(r); msg("'");
    decref(r);
    return 0;
  }
  return r;
}


/**
 * slot_tp_hash: the class's __hash__ called, its int made a hash as
 * PyLong_AsSsize_t gives it (one beyond 64 bits: long_hash of it), -1 made
 * -2. Anything but an int: TypeError (and CPython 3.11 keeps the reference to
 * what it returned: so does memsim). An error: -1, lookupFailed.
 */
function slotHash(o: u64): i64 {
  const r = callSlot(o, SLOT_HASH, 0, 0, 1);
  if (r == 0) { lookupFailed(); return -1; }
  const t = loadType(r);
  if (t != T_INT && t != T_BOOL) {
    raise(EX_TYPE, "__hash__ method should return an integer");
    lookupFailed();
    return -1;
  }
  let h = ssizeValue(r);
  if (!ssizeFits) h = hashObject(r);
  decref(r);
  lookupReset(); // (the method's own lookups set the flags)
  return h == -1 ? -2 : h;
}

/** PyLong_AsSsize_t of int `o` (its digits read, costed): the value when it is in [-2^63, 2^63) (ssizeFits), else 0. */
let ssizeFits = false;
function ssizeValue(o: u64): i64 {
  const size = N.intSize(o);
  ssizeFits = true;
  if (size >= -1 && size <= 1) return N.mediumValue(o, size);
  N.bigReset();
  const p = N.loadInt(o);
  const n = N.bn(p);
  let mag: u64 = 0;
  for (let i = <i32>n - 1; i >= 0; i--) mag = (mag << 30) | <u64>N.bd(p, <u32>i);
  const limit: u64 = <u64>1 << 63;
  ssizeFits = n <= 2 || (n == 3 && N.bd(p, 2) < 16 && (mag < limit || (N.bneg(p) && mag == limit)));
  if (!ssizeFits) return 0;
  return N.bneg(p) ? -<i64>mag : <i64>mag;
}

/** PyObject_RichCompareBool(a, b, Py_EQ) for keys whose comparison runs a class's __eq__: 1, 0, or -1 and lookupFailed. */
function slotEqual(a: u64, b: u64): i32 {
  const r = compareBool(a, b, CMP_EQ);
  if (r < 0) { lookupFailed(); return -1; }
  lookupReset();
  return r;
}
