// The emulated interpreter's types: a small number for each built-in type and
// each class, and its type object (what ob_type points at): a static object
// for the built-in types and exception classes, a heap object (CPython's
// PyHeapTypeObject, made by type_new: python/classes.ts) for a class of the
// script. docs/heap.md, "Objects"; docs/python.md, "Classes".

import { TYPES, TYPE_OBJECT_SIZE, MAX_TYPES, OB_TYPE, TP_VERSION_TAG, INTERPRETER_DATA } from "./layout";

/**
 * Type numbers: below MAX_TYPES they may have a static type object (the
 * built-in types, the exception classes); a class of the script, a heap
 * type, may have any number up to this (reused once it is freed).
 */
export const MAX_TYPE_NUMBERS: i32 = 4096;
import { peek64, peek32, RUNTIME_BASE } from "../memory";
import { reserveZeroed } from "../../layout";

export const T_NONE: i32 = 0;
export const T_BOOL: i32 = 1;
export const T_INT: i32 = 2;
export const T_FLOAT: i32 = 3;
export const T_STR: i32 = 4;
export const T_BYTES: i32 = 5;
export const T_TUPLE: i32 = 6;
export const T_LIST: i32 = 7;
export const T_DICT: i32 = 8;
export const T_SET: i32 = 9;
export const T_FUNCTION: i32 = 10;
export const T_CODE: i32 = 11;
export const T_OBJECT: i32 = 12;
export const T_TYPE: i32 = 13;
/** frozenset: a set object (PySetObject, set.ts) of another type, hashable and without the mutating methods. */
export const T_FROZENSET: i32 = 43;
/** Classes the program defines get numbers from here on (their instances have a managed dict); 14..42 are the interpreter's own types (assembly/python/). */
export const T_FIRST_CLASS: i32 = 44;

// The tables per type number (each type's object address, the free numbers,
// the slot bits, the MROs) are reserved with the heap (reserveTypeTables),
// not static data: they would crowd the input buffer's fixed place.
/** Each type number's type object: the static ones' addresses, a class's heap object (set when type_new makes it). */
let TYPE_ADDRS: usize = 0;
let FREE_NUMBERS: usize = 0;
let TYPE_SLOTS: usize = 0;
let MROS: usize = 0;

/** Reserve the type tables (a fresh heap, heapInit); false when memory is exhausted. */
export function reserveTypeTables(): bool {
  const n = <usize>MAX_TYPE_NUMBERS;
  const base = reserveZeroed(n * 8 + n * 4 + n + n * <usize>MRO_STRIDE * 2);
  if (base == 0) return false;
  TYPE_ADDRS = base;
  FREE_NUMBERS = TYPE_ADDRS + n * 8;
  TYPE_SLOTS = FREE_NUMBERS + n * 4;
  MROS = TYPE_SLOTS + n;
  return true;
}

// @ts-ignore: decorator
@inline function staticTypeObject(t: i32): u64 {
  return TYPES + <u64>t * TYPE_OBJECT_SIZE;
}

// @ts-ignore: decorator
@inline export function typeObject(t: i32): u64 {
  return t < T_FIRST_CLASS ? staticTypeObject(t) : load<u64>(TYPE_ADDRS + (<usize>(t & (MAX_TYPE_NUMBERS - 1)) << 3));
}

/** The type number of a type object's address, or -1 when it is not one (no cost: a heap type's number is read from its tp_version_tag). */
export function typeNumber(typeAddress: u64): i32 {
  if (typeAddress >= TYPES) {
    const rel = typeAddress - TYPES;
    if (rel < <u64>MAX_TYPES * TYPE_OBJECT_SIZE) {
      if (rel % TYPE_OBJECT_SIZE != 0) return -1;
      const t = <i32>(rel / TYPE_OBJECT_SIZE);
      return t < T_FIRST_CLASS || typeObject(t) == typeAddress ? t : -1;
    }
  }
  // a heap type: a system-allocator chunk (960 bytes), below the interpreter's data (any other address is none)
  if (typeAddress < RUNTIME_BASE || typeAddress >= INTERPRETER_DATA || (typeAddress & 7) != 0) return -1;
  if (peek64(typeAddress + OB_TYPE) != staticTypeObject(T_TYPE)) return -1;
  const t = <i32>peek32(typeAddress + TP_VERSION_TAG);
  return t >= T_FIRST_CLASS && t < MAX_TYPE_NUMBERS && typeObject(t) == typeAddress ? t : -1;
}

/** Class `t`'s type object is now at `address` (type_new's heap object, or a static one). */
export function setTypeObject(t: i32, address: u64): void {
  store<u64>(TYPE_ADDRS + (<usize>t << 3), address);
}

/** Whether objects of type `t` carry a GC head (Py_TPFLAGS_HAVE_GC); a type object has one when it is a heap type (typeobject.ts isHeapType). */
export function isGcType(t: i32): bool {
  return t == T_TUPLE || t == T_LIST || t == T_DICT || t == T_SET || t == T_FROZENSET || t == T_FUNCTION || t >= T_FIRST_CLASS;
}

/** PyAnySet_Check: a set or a frozenset. */
// @ts-ignore: decorator
@inline export function isAnySet(t: i32): bool {
  return t == T_SET || t == T_FROZENSET;
}

// ---- class numbers ------------------------------------------------------------------
// A class's number is taken when type_new makes it and given back when
// type_dealloc frees it: a script that makes classes in a loop reuses them.

let classEnd: i32 = T_FIRST_CLASS;
let freeNumbers: i32 = 0;
/** Counts resetTypeNumbers calls: classes made before the last one are gone. */
export let classEpoch: u32 = 0;

/** A fresh heap: no classes. */
export function resetTypeNumbers(): void {
  classEnd = T_FIRST_CLASS;
  freeNumbers = 0;
  classEpoch++;
  for (let t = 0; t < MAX_TYPE_NUMBERS; t++) setTypeObject(t, t < <i32>MAX_TYPES ? staticTypeObject(t) : 0);
  memory.fill(MROS, 0, <usize>MAX_TYPE_NUMBERS * <usize>MRO_STRIDE * 2);
  memory.fill(TYPE_SLOTS, 0, <usize>MAX_TYPE_NUMBERS);
  // the built-in types' MROs: bool, int, object; object alone; any other, object
  for (let t = 0; t < T_FIRST_CLASS; t++) {
    if (t == T_OBJECT) { setMro(t, 0, t); setMroLength(t, 1); continue; }
    let n = 0;
    setMro(t, n++, t);
    if (t == T_BOOL) setMro(t, n++, T_INT);
    setMro(t, n++, T_OBJECT);
    setMroLength(t, n);
  }
}

/** A number for a new class (a freed one first), or -1 when MAX_TYPE_NUMBERS are taken. */
export function takeTypeNumber(): i32 {
  if (freeNumbers > 0) {
    freeNumbers--;
    return load<i32>(FREE_NUMBERS + (<usize>freeNumbers << 2));
  }
  if (classEnd >= MAX_TYPE_NUMBERS) return -1;
  return classEnd++;
}

/** type_dealloc freed class `t`: its number is free again (its MRO and slots forgotten). */
export function releaseTypeNumber(t: i32): void {
  setTypeObject(t, t < <i32>MAX_TYPES ? staticTypeObject(t) : 0);
  setMroLength(t, 0);
  store<u8>(TYPE_SLOTS + <usize>t, 0);
  store<i32>(FREE_NUMBERS + (<usize>freeNumbers << 2), t);
  freeNumbers++;
}

/** One past the highest class number taken so far (the classes live among them: python/state.ts's class records). */
export function classNumbersEnd(): i32 {
  return classEnd;
}

// ---- MROs -------------------------------------------------------------------------------
// Each type's method resolution order as type numbers (what its tp_mro tuple
// holds), read without cost where CPython's lookups hit its type attribute
// cache: attribute lookup, isinstance, the slots, super. A class's is set by
// type_new (python/classes.ts) and emptied by type_clear, as tp_mro is.

/** The longest MRO memsim keeps (a class with a longer one is refused). */
export const MAX_MRO: i32 = 63;
const MRO_STRIDE: i32 = MAX_MRO + 1; // u16 entries: the length, then the type numbers

// @ts-ignore: decorator
@inline function mroEntry(t: i32, i: i32): usize {
  return MROS + ((<usize>(t & (MAX_TYPE_NUMBERS - 1)) * <usize>MRO_STRIDE + <usize>i) << 1);
}

// @ts-ignore: decorator
@inline export function mroLength(t: i32): i32 {
  return <i32>load<u16>(mroEntry(t, 0));
}

// @ts-ignore: decorator
@inline export function mroAt(t: i32, i: i32): i32 {
  return <i32>load<u16>(mroEntry(t, i + 1));
}

export function setMroLength(t: i32, n: i32): void {
  store<u16>(mroEntry(t, 0), <u16>n);
}

export function setMro(t: i32, i: i32, u: i32): void {
  store<u16>(mroEntry(t, i + 1), <u16>u);
}

/** PyType_IsSubtype: whether u is in t's MRO (bool's is bool, int, object). */
export function isSubtype(t: i32, u: i32): bool {
  if (t == u || u == T_OBJECT) return true;
  if (t < 0 || t >= MAX_TYPE_NUMBERS) return false;
  const n = mroLength(t);
  for (let i = 1; i < n; i++) if (mroAt(t, i) == u) return true;
  return false;
}

/**
 * What a class's hash and == slots are, as type_new leaves them (one byte per
 * type number; the interpreter sets it, python/slots.ts): unhashable (its
 * __hash__ is None: a class defining __eq__ and not __hash__ gets that at
 * creation), a script's __hash__ (slot_tp_hash), a script's __eq__
 * (slot_tp_richcompare). A dict or set lookup reads it without cost (a type
 * slot), to know when hashing or comparing a key runs the script's code.
 */
export const TS_UNHASHABLE: u8 = 1;
export const TS_HASH: u8 = 2;
export const TS_EQ: u8 = 4;

/** A run starts: no class has slots yet. */
export function resetTypeSlots(): void {
  memory.fill(TYPE_SLOTS, 0, <usize>MAX_TYPE_NUMBERS);
}

export function setTypeSlots(t: i32, bits: u8): void {
  store<u8>(TYPE_SLOTS + <usize>t, bits);
}

// @ts-ignore: decorator
@inline export function typeSlots(t: i32): u8 {
  return t >= T_FIRST_CLASS && t < MAX_TYPE_NUMBERS ? load<u8>(TYPE_SLOTS + <usize>t) : 0;
}

// @ts-ignore: decorator
@inline export function isUnhashable(t: i32): bool {
  return (typeSlots(t) & TS_UNHASHABLE) != 0;
}
