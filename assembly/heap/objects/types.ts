// The emulated interpreter's types: a small number for each built-in type and
// each class, and the type object at its static address (what ob_type points
// at). docs/heap.md, "Objects".

import { TYPES, TYPE_OBJECT_SIZE, MAX_TYPES } from "./layout";

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
/** Classes the program defines get numbers from here on (their instances have a managed dict); 14..39 are the interpreter's own types (assembly/python/). */
export const T_FIRST_CLASS: i32 = 40;

// @ts-ignore: decorator
@inline export function typeObject(t: i32): u64 {
  return TYPES + <u64>t * TYPE_OBJECT_SIZE;
}

/** The type number of a type object's address, or -1 when it is not one. */
export function typeNumber(typeAddress: u64): i32 {
  if (typeAddress < TYPES) return -1;
  const rel = typeAddress - TYPES;
  if (rel % TYPE_OBJECT_SIZE != 0 || rel / TYPE_OBJECT_SIZE >= <u64>MAX_TYPES) return -1;
  return <i32>(rel / TYPE_OBJECT_SIZE);
}

/** Whether objects of type `t` carry a GC head (Py_TPFLAGS_HAVE_GC). */
export function isGcType(t: i32): bool {
  return t == T_TUPLE || t == T_LIST || t == T_DICT || t == T_SET || t == T_FUNCTION || t >= T_FIRST_CLASS;
}

/**
 * What a class's hash and == slots are, as type_new leaves them (one byte per
 * type number; the interpreter sets it, python/slots.ts): unhashable (its
 * __hash__ is None: a class defining __eq__ and not __hash__ gets that at
 * creation), a script's __hash__ (slot_tp_hash), a script's __eq__
 * (slot_tp_richcompare). A dict or set lookup reads it without cost (a type
 * slot), to know when hashing or comparing a key runs the script's code.
 */
const TYPE_SLOTS = memory.data(<i32>MAX_TYPES);
export const TS_UNHASHABLE: u8 = 1;
export const TS_HASH: u8 = 2;
export const TS_EQ: u8 = 4;

/** A run starts: no class has slots yet. */
export function resetTypeSlots(): void {
  memory.fill(TYPE_SLOTS, 0, <usize>MAX_TYPES);
}

export function setTypeSlots(t: i32, bits: u8): void {
  store<u8>(TYPE_SLOTS + <usize>t, bits);
}

// @ts-ignore: decorator
@inline export function typeSlots(t: i32): u8 {
  return t >= T_FIRST_CLASS && t < <i32>MAX_TYPES ? load<u8>(TYPE_SLOTS + <usize>t) : 0;
}

// @ts-ignore: decorator
@inline export function isUnhashable(t: i32): bool {
  return (typeSlots(t) & TS_UNHASHABLE) != 0;
}
