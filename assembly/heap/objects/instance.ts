// Classes and their instances, as 3.11 builds them (Objects/typeobject.c,
// dictobject.c). A class's instances share one keys object (the class's
// cached keys: 64 slots, str keys, at most 30 names); each instance holds its
// attribute values in an inline values array (PyDictValues) pointed at from
// its pre-header, so `C()` allocates the object (24 bytes, 16 in 3.12: its
// weakref list moved to the pre-header; + a 32-byte pre-header: values, dict,
// GC head) and the array. The array has room for
// the keys' entries plus their usable slots, which drop by one per instance
// created while above 1: the first instances of a new class get 272-, 256-,
// 256-, 240-byte ... arrays, settling at nentries + 1 slots.
//
// A class of the script is a heap type (python/classes.ts makes it as
// type_new does); its cached keys are made and released here. The built-in
// exception classes are static type objects (staticClassNew).

import { heapAdd64, heapLoad64, heapStore64, heapLoad8, heapStore8, heapStore16, peek64, poke64, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR, CAT_FREE } from "../memory";
import { objectMalloc, objectFree } from "../heap";
import {
  OB_REFCNT, MANAGED_DICT, MANAGED_VALUES, instanceSize, HT_CACHED_KEYS, STR_HASH, TP_BASICSIZE, TP_FLAGS, GC_HEAD,
  DK_REFCNT, DK_LOG2_SIZE, DK_USABLE, DK_NENTRIES, DK_INDICES, DICT_KEYS_SPLIT, TPF_MANAGED_DICT, MAX_TYPES,
} from "./layout";
import { newGcObject, freeGcObject, gcTrack, gcUntrack, incref, decref, xincref, xdecref, trashBegin, trashEnd, loadType } from "./object";
import { typeObject, typeNumber, takeTypeNumber, releaseTypeNumber, setMro, setMroLength, T_OBJECT } from "./types";
import { hashForLookup, isStr, objectsEqual } from "./hash";
import { dictNew, dictSetItem, dictGetItem, dictDelItem } from "./dict";
import { finalizeFromDealloc } from "./gc";

/** SHARED_KEYS_MAX_SIZE: a class's instances share at most this many attribute names. */
const SHARED_KEYS_MAX_SIZE: u64 = 30;
const SHARED_LOG2_SIZE: u64 = 6; // NEXT_LOG2_SHARED_KEYS_MAX_SIZE
const SHARED_INDEX_BYTES: u64 = 64;
const SHARED_ENTRIES: u64 = DK_INDICES + SHARED_INDEX_BYTES;
const PERTURB_SHIFT: u64 = 5;

/** Py_TPFLAGS_MANAGED_DICT: instances keep their attributes in a values array (no __slots__). */
const MANAGED_DICT_FLAG: u64 = TPF_MANAGED_DICT;

/**
 * A static class: a type number and a type object at its static address (the
 * built-in exception classes, and the object layer's classes, heap/objects/
 * abi.ts objClass). With `slots` > 0 its instances hold that many slot fields
 * (16 + 8 x slots bytes, no dict, no __weakref__); else they have a managed
 * dict and the class its cached keys. The type number, or -1 (too many
 * classes, or MemoryError).
 */
export function staticClassNew(slots: u32): i32 {
  const t = takeTypeNumber();
  if (t < 0) return -1;
  if (t >= <i32>MAX_TYPES) { // (a static type object needs a number below MAX_TYPES)
    releaseTypeNumber(t);
    return -1;
  }
  const type = typeObject(t);
  setMro(t, 0, t);
  setMro(t, 1, T_OBJECT);
  setMroLength(t, 2);
  if (slots > 0) {
    poke64(type + OB_REFCNT, 1); // the name it is bound to
    poke64(type + TP_BASICSIZE, 16 + (<u64>slots << 3));
    poke64(type + TP_FLAGS, 0);
    return t;
  }
  poke64(type + TP_BASICSIZE, instanceSize);
  poke64(type + TP_FLAGS, MANAGED_DICT_FLAG);
  const k = cachedKeysNew();
  if (k == 0) {
    releaseTypeNumber(t);
    return -1;
  }
  const previous = beginCategory(CAT_ALLOC);
  heapStore64(type + OB_REFCNT, 1); // the name it is bound to
  heapStore64(type + HT_CACHED_KEYS, k);
  endCategory(previous);
  return t;
}

/**
 * _PyDict_NewKeysForClass: a class's cached keys, which its instances'
 * values arrays share (new_keys_object(6, unicode): 32 + 64 index bytes + 42
 * entries of 16 bytes, 768 bytes: the system allocator). 0 on MemoryError.
 */
export function cachedKeysNew(): u64 {
  const previous = beginCategory(CAT_ALLOC);
  const k = objectMalloc(SHARED_ENTRIES + 42 * 16);
  if (k != 0) {
    heapStore64(k + DK_REFCNT, 1);
    heapStore64(k + DK_LOG2_SIZE, SHARED_LOG2_SIZE | (SHARED_LOG2_SIZE << 8) | (<u64>DICT_KEYS_SPLIT << 16));
    heapStore64(k + DK_NENTRIES, 0);
    heapStore64(k + DK_USABLE, SHARED_KEYS_MAX_SIZE); // "max size + 1: it shrinks by one before each new object"
    for (let p: u64 = 0; p < SHARED_INDEX_BYTES; p += 8) heapStore64(k + DK_INDICES + p, <u64>-1);
    for (let p: u64 = 0; p < 42 * 16; p += 8) heapStore64(k + SHARED_ENTRIES + p, 0);
  }
  endCategory(previous);
  return k;
}

/** _PyDictKeys_DecRef of a class's cached keys (type_dealloc): at zero, the names released and the block freed. */
export function cachedKeysRelease(k: u64): void {
  if (heapAdd64(k + DK_REFCNT, -1) != 0) return;
  const n = heapLoad64(k + DK_NENTRIES);
  for (let i: u64 = 0; i < n; i++) xdecref(heapLoad64(k + SHARED_ENTRIES + (i << 4)));
  const previous = beginCategory(CAT_FREE);
  objectFree(k);
  endCategory(previous);
}

/** The cached keys' size (_PyDict_KeysSize), which type.__sizeof__ adds. */
export const CACHED_KEYS_BYTES: u64 = SHARED_ENTRIES + 42 * 16;

// @ts-ignore: decorator
@inline function valuesSlot(o: u64): u64 {
  return o - MANAGED_VALUES;
}

// @ts-ignore: decorator
@inline function dictSlot(o: u64): u64 {
  return o - MANAGED_DICT;
}

/** Whether instances of class `t` have a managed dict (costed: tp_flags). */
function managed(t: i32): bool {
  return (heapLoad64(typeObject(t) + TP_FLAGS) & MANAGED_DICT_FLAG) != 0;
}

/** The slot count of a __slots__ class (no cost). */
export function slotCount(t: i32): u64 {
  return (peek64(typeObject(t) + TP_BASICSIZE) - 16) >> 3;
}

/** C() for a __slots__ class: the object with its slots zeroed, tracked. */
function slotsInstanceNew(t: i32): u64 {
  const size = heapLoad64(typeObject(t) + TP_BASICSIZE);
  const o = newGcObject(t, size, GC_HEAD);
  if (o != 0) {
    for (let p: u64 = 16; p < size; p += 8) heapStore64(o + p, 0);
    gcTrack(o);
  }
  return o;
}

/** Slot `i` of an instance of a __slots__ class holds `v` (0 clears it). */
export function slotSet(o: u64, i: u64, v: u64): void {
  xincref(v);
  const previous = beginCategory(CAT_MUTATOR);
  const old = heapLoad64(o + 16 + (i << 3));
  heapStore64(o + 16 + (i << 3), v);
  endCategory(previous);
  xdecref(old);
}

/** Slot `i`, borrowed (0 when unset). */
export function slotGet(o: u64, i: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(o + 16 + (i << 3));
  endCategory(previous);
  return v;
}

/** C(): object_new (PyType_GenericAlloc with the 32-byte pre-header, tracked) and init_inline_values; a new reference, or 0. */
export function instanceNew(t: i32): u64 {
  const previous = beginCategory(CAT_ALLOC);
  if (!managed(t)) {
    const s = slotsInstanceNew(t);
    endCategory(previous);
    return s;
  }
  const o = newGcObject(t, instanceSize, MANAGED_VALUES);
  if (o == 0) {
    endCategory(previous);
    return 0;
  }
  if (instanceSize > 16) heapStore64(o + 16, 0); // memset: __weakref__ (3.12 keeps it in the pre-header)
  gcTrack(o);
  const k = heapLoad64(typeObject(t) + HT_CACHED_KEYS);
  let usable = heapLoad64(k + DK_USABLE);
  if (usable > 1) heapStore64(k + DK_USABLE, --usable);
  const size = heapLoad64(k + DK_NENTRIES) + usable;
  // new_values(size): a prefix of size + 2 bytes rounded up to 8 (insertion order, its length, the prefix size)
  const prefix = (size + 2 + 7) & ~(<u64>7);
  const mem = objectMalloc(prefix + (size << 3));
  if (mem == 0) {
    endCategory(previous);
    decref(o);
    return 0;
  }
  const values = mem + prefix;
  heapStore16(values - 2, <u32>(prefix << 8)); // order length 0, prefix size
  for (let i: u64 = 0; i < size; i++) heapStore64(values + (i << 3), 0);
  heapStore64(valuesSlot(o), values);
  endCategory(previous);
  return o;
}

/** unicodekeys_lookup_unicode in the shared keys: the entry index of `name`, or -1. */
function sharedLookup(k: u64, name: u64, hash: i64): i64 {
  const mask: u64 = (1 << SHARED_LOG2_SIZE) - 1;
  let perturb = <u64>hash;
  let i = <u64>hash & mask;
  while (true) {
    const ix = <i64><i8>heapLoad8(k + DK_INDICES + i);
    if (ix >= 0) {
      const key = heapLoad64(k + SHARED_ENTRIES + (<u64>ix << 4));
      if (key == name || (<i64>heapLoad64(key + STR_HASH) == hash && objectsEqual(key, name))) return ix;
    } else if (ix == -1) {
      return -1;
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return -1;
}

/** insert_into_dictkeys: the name's entry, added when there is room; -1 when the shared keys are full. */
function sharedInsert(k: u64, name: u64, hash: i64): i64 {
  let ix = sharedLookup(k, name, hash);
  if (ix >= 0) return ix;
  if (<i64>heapLoad64(k + DK_USABLE) <= 0) return -1;
  incref(name);
  const mask: u64 = (1 << SHARED_LOG2_SIZE) - 1;
  let perturb = <u64>hash;
  let i = <u64>hash & mask;
  while (<i64><i8>heapLoad8(k + DK_INDICES + i) >= 0) {
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  ix = <i64>heapLoad64(k + DK_NENTRIES);
  heapStore8(k + DK_INDICES + i, <u32>ix);
  heapStore64(k + SHARED_ENTRIES + (<u64>ix << 4), name);
  heapAdd64(k + DK_USABLE, -1);
  heapStore64(k + DK_NENTRIES, <u64>ix + 1);
  return ix;
}

/**
 * o.name = value (_PyObject_StoreInstanceAttribute): into the values array,
 * or, when the class's shared keys are full (or the instance already has a
 * dict), into the instance's own dict. 0, or a dict error code.
 */
export function instanceSetAttr(o: u64, name: u64, value: u64): i32 {
  const previous = beginCategory(CAT_MUTATOR);
  const values = heapLoad64(valuesSlot(o));
  if (values != 0 && isStr(name)) {
    const hash = hashForLookup(name);
    const k = heapLoad64(typeObject(loadType(o)) + HT_CACHED_KEYS);
    const ix = sharedInsert(k, name, hash);
    if (ix >= 0) {
      const slot = values + (<u64>ix << 3);
      const old = heapLoad64(slot);
      incref(value);
      heapStore64(slot, value);
      if (old == 0) {
        // _PyDictValues_AddToInsertionOrder
        const n = heapLoad8(values - 2) + 1;
        heapStore8(values - 2 - <u64>n, <u32>ix);
        heapStore8(values - 2, n);
      }
      endCategory(previous);
      xdecref(old);
      return 0;
    }
    materialize(o, values, k);
  }
  const d = heapLoad64(dictSlot(o));
  endCategory(previous);
  return dictSetItem(d, name, value);
}

/**
 * The attributes move to a dict of the instance's own (memsim builds an
 * ordinary dict where CPython makes a split-table dict that a resize then
 * converts: the same values, a slightly different allocation sequence).
 */
function materialize(o: u64, values: u64, k: u64): void {
  const d = dictNew();
  const n = heapLoad8(values - 2);
  for (let j: u32 = 0; j < n; j++) {
    const ix = <u64>heapLoad8(values - 3 - <u64>j);
    dictSetItem(d, heapLoad64(k + SHARED_ENTRIES + (ix << 4)), heapLoad64(values + (ix << 3)));
  }
  freeValues(o, values, k);
  heapStore64(dictSlot(o), d);
}

/** _PyObject_FreeInstanceAttributes: release the values, free the array. */
function freeValues(o: u64, values: u64, k: u64): void {
  const n = heapLoad64(k + DK_NENTRIES);
  for (let i: u64 = 0; i < n; i++) xdecref(heapLoad64(values + (i << 3)));
  const prefix = <u64>heapLoad8(values - 1);
  const previous = beginCategory(CAT_FREE);
  objectFree(values - prefix);
  endCategory(previous);
  heapStore64(valuesSlot(o), 0);
}

/** o.name, borrowed, or 0 (AttributeError). */
export function instanceGetAttr(o: u64, name: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const values = heapLoad64(valuesSlot(o));
  let v: u64 = 0;
  if (values != 0) {
    if (isStr(name)) {
      const k = heapLoad64(typeObject(loadType(o)) + HT_CACHED_KEYS);
      const ix = sharedLookup(k, name, hashForLookup(name));
      if (ix >= 0) v = heapLoad64(values + (<u64>ix << 3));
    }
    endCategory(previous);
    return v;
  }
  const d = heapLoad64(dictSlot(o));
  endCategory(previous);
  return d != 0 ? dictGetItem(d, name) : 0;
}

/** del o.name: true when it was set. */
export function instanceDelAttr(o: u64, name: u64): bool {
  const previous = beginCategory(CAT_MUTATOR);
  const values = heapLoad64(valuesSlot(o));
  if (values != 0) {
    let old: u64 = 0;
    if (isStr(name)) {
      const k = heapLoad64(typeObject(loadType(o)) + HT_CACHED_KEYS);
      const ix = sharedLookup(k, name, hashForLookup(name));
      if (ix >= 0) {
        const slot = values + (<u64>ix << 3);
        old = heapLoad64(slot);
        if (old != 0) {
          heapStore64(slot, 0);
          // delete_index_from_values: drop ix from the insertion order
          const n = heapLoad8(values - 2);
          let j: u32 = 0;
          while (j < n && heapLoad8(values - 3 - <u64>j) != <u32>ix) j++;
          for (; j + 1 < n; j++) heapStore8(values - 3 - <u64>j, heapLoad8(values - 4 - <u64>j));
          heapStore8(values - 2, n - 1);
        }
      }
    }
    endCategory(previous);
    if (old != 0) decref(old);
    return old != 0;
  }
  const d = heapLoad64(dictSlot(o));
  endCategory(previous);
  return d != 0 && dictDelItem(d, name);
}

/** subtype_dealloc: untrack, release the values (or the dict, or the slots), free the object, release the class. */
export function instanceDealloc(o: u64): void {
  gcUntrack(o);
  if (!trashBegin(o)) return;
  const t = loadType(o);
  if (finalizeFromDealloc(o, t)) { // __del__ resurrected it
    trashEnd();
    return;
  }
  if (!managed(t)) {
    const size = heapLoad64(typeObject(t) + TP_BASICSIZE);
    for (let p: u64 = 16; p < size; p += 8) xdecref(heapLoad64(o + p)); // clear_slots
    freeGcObject(o, GC_HEAD);
    decref(typeObject(t));
    trashEnd();
    return;
  }
  heapLoad64(o + 16); // __weakref__: no weak references to clear
  const d = heapLoad64(dictSlot(o));
  if (d != 0) {
    heapStore64(dictSlot(o), 0);
    decref(d);
  } else {
    const values = heapLoad64(valuesSlot(o));
    if (values != 0) freeValues(o, values, heapLoad64(typeObject(t) + HT_CACHED_KEYS));
  }
  freeGcObject(o, MANAGED_VALUES);
  decref(typeObject(t));
  trashEnd();
}

/** sys.getsizeof of an instance: its basic size and its pre-header (32 with a managed dict, else the GC head). */
export function instanceSizeof(o: u64): u64 {
  const type = peek64(o + 8);
  const managedDict = (peek64(type + TP_FLAGS) & MANAGED_DICT_FLAG) != 0;
  return peek64(type + TP_BASICSIZE) + (managedDict ? MANAGED_VALUES : GC_HEAD);
}

/** Whether `o` (an instance) keeps its attributes by name (no cost). */
export function hasManagedDict(o: u64): bool {
  return (peek64(peek64(o + 8) + TP_FLAGS) & MANAGED_DICT_FLAG) != 0;
}

/** The values array of an instance (0 once it has a dict; no cost). */
export function instanceValues(o: u64): u64 {
  return peek64(valuesSlot(o));
}


/**
 * o.__dict__ (PyObject_GenericGetDict): the instance's dict, borrowed, made
 * from its values array on first use (CPython's make_dict_from_instance_attributes
 * builds a split dict sharing the class's keys; memsim builds an ordinary dict
 * holding the same items in the same order, see materialize). 0 on MemoryError.
 */
export function instanceDict(o: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  let d = heapLoad64(dictSlot(o));
  if (d == 0) {
    const values = heapLoad64(valuesSlot(o));
    const k = heapLoad64(typeObject(loadType(o)) + HT_CACHED_KEYS);
    if (values != 0) materialize(o, values, k);
    else heapStore64(dictSlot(o), dictNew());
    d = heapLoad64(dictSlot(o));
  }
  endCategory(previous);
  return d;
}

/** Whether `d` is instance o's own dict (no cost). */
export function isInstanceDict(o: u64, d: u64): bool {
  return peek64(dictSlot(o)) == d;
}

/** shared_keys_usable_size of class t's cached keys: nentries + usable (no cost). */
export function sharedKeysUsable(t: i32): u64 {
  const k = peek64(typeObject(t) + HT_CACHED_KEYS);
  return k == 0 ? 0 : peek64(k + DK_NENTRIES) + peek64(k + DK_USABLE);
}

/** The attribute names of an instance without a dict of its own, in insertion order (no cost): the count, or -1 when it has a dict. */
export function instanceAttrCount(o: u64): i32 {
  const values = peek64(valuesSlot(o));
  if (values == 0) return -1;
  return <i32>(<u32>(peek64((values - 8)) >> 48) & 0xff);
}

/** The j-th attribute name (borrowed; no cost). */
export function instanceAttrName(o: u64, j: i32): u64 {
  const k = peek64(typeObject(loadTypeNoCost(o)) + HT_CACHED_KEYS);
  return peek64(k + SHARED_ENTRIES + (attrIndex(peek64(valuesSlot(o)), j) << 4));
}

/** The keys index of the j-th attribute in insertion order: the byte at values - 3 - j (no cost). */
function attrIndex(values: u64, j: i32): u64 {
  const at = values - 3 - <u64>j;
  return (peek64(at & ~(<u64>7)) >> ((at & 7) << 3)) & 0xff;
}

/** The instance's own dict, or 0 (no cost). */
export function instanceOwnDict(o: u64): u64 {
  return peek64(dictSlot(o));
}

function loadTypeNoCost(o: u64): i32 {
  return typeNumber(peek64(o + 8));
}

/** The value of the j-th attribute in insertion order (borrowed; no cost; the heap view). */
export function instanceAttrValue(o: u64, j: i32): u64 {
  const values = peek64(valuesSlot(o));
  return peek64(values + (attrIndex(values, j) << 3));
}
