// dict: PyDictObject (48 bytes + GC head) and its keys object (Objects/dictobject.c,
// 3.11): a 32-byte PyDictKeysObject header, the index table (1, 2, 4 or 8
// bytes per slot), then the entries in insertion order, 16 bytes (key, value)
// for str-only tables and 24 (hash, key, value) otherwise. Tables have 8 slots
// or more and hold 2/3 of that; an insertion into a full table resizes to the
// smallest power of two >= 3 x used. An empty dict shares Py_EMPTY_KEYS and is
// not tracked by the GC until it holds something that may be. Free lists: 80
// dict objects, and 80 keys objects of 8-slot str-only tables.

import { heapAdd64, heapLoad64, heapStore64, heapLoad32, heapStore32, heapLoad16, heapStore16, heapLoad8, heapStore8, heapFill, peek64, poke64, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR, CAT_FREE } from "../memory";
import { objectMalloc, objectFree } from "../heap";
import {
  OB_REFCNT, GC_HEAD, GC_NEXT, DICT_USED, DICT_VERSION, DICT_KEYS, DICT_VALUES, DICT_SIZE,
  DK_REFCNT, DK_LOG2_SIZE, DK_USABLE, DK_NENTRIES, DK_INDICES, DICT_KEYS_GENERAL, DICT_KEYS_UNICODE,
  EMPTY_KEYS, S_DICT_NUMFREE, S_DICT_FREE_LIST, S_KEYS_NUMFREE, S_KEYS_FREE_LIST, S_DICT_GLOBAL_VERSION, STR_HASH,
} from "./layout";
import { newGcObject, freeGcObject, gcTrack, gcUntrack, incref, decref, xdecref, trashBegin, trashEnd, isTracked } from "./object";
import { markLive } from "./interp";
import { T_DICT } from "./types";
import { mayBeTracked } from "./gc";
import { freeListOn, FL_DICT, FL_KEYS, DICT_MAXFREELIST, KEYS_MAXFREELIST } from "./freelists";
import { hashForLookup, objectsEqual, isStr, unhashable, lookupRaised, lookupFailed, lookupReset, runsScript } from "./hash";

export const LOG_MINSIZE: u32 = 3;
const DKIX_EMPTY: i64 = -1;
const DKIX_DUMMY: i64 = -2;
const DKIX_ERROR: i64 = -3;
const DKIX_KEY_CHANGED: i64 = -4;
const PERTURB_SHIFT: u64 = 5;

// A keys object's shape, read once per operation (dk_log2_size,
// dk_log2_index_bytes and dk_kind share a word): readShape sets these.
let shLog2Size: u32 = 0;
let shLb: u32 = 0;
let shKind: u32 = 0;

function readShape(k: u64): void {
  const w = heapLoad64(k + DK_LOG2_SIZE);
  shLog2Size = <u32>(w & 0xff);
  shLb = <u32>((w >> 8) & 0xff);
  shKind = <u32>((w >> 16) & 0xff);
}

// @ts-ignore: decorator
@inline function entrySize(kind: u32): u64 {
  return kind == DICT_KEYS_GENERAL ? 24 : 16;
}

// @ts-ignore: decorator
@inline function entries(k: u64, log2IndexBytes: u32): u64 {
  return k + DK_INDICES + (<u64>1 << log2IndexBytes);
}

// Entry fields: general (hash, key, value), unicode (key, value)
// @ts-ignore: decorator
@inline function entryKey(e: u64, kind: u32): u64 {
  return kind == DICT_KEYS_GENERAL ? e + 8 : e;
}

// @ts-ignore: decorator
@inline function entryValue(e: u64, kind: u32): u64 {
  return kind == DICT_KEYS_GENERAL ? e + 16 : e + 8;
}

function logIndexBytes(log2Size: u32): u32 {
  return log2Size < 8 ? log2Size : log2Size < 16 ? log2Size + 1 : log2Size < 32 ? log2Size + 2 : log2Size + 3;
}

// @ts-ignore: decorator
@inline function usableFraction(n: u64): u64 {
  return (n << 1) / 3;
}

/** calculate_log2_keysize: the smallest table (at least 8 slots) with minsize slots. */
function log2KeysizeFor(minsize: u64): u32 {
  const x = ((minsize | 8) - 1) | 7;
  return 64 - <u32>clz(x);
}

/** dictkeys_get_index. */
function getIndex(k: u64, log2Size: u32, i: u64): i64 {
  if (log2Size < 8) return <i64><i8>heapLoad8(k + DK_INDICES + i);
  if (log2Size < 16) return <i64><i16>heapLoad16(k + DK_INDICES + (i << 1));
  if (log2Size < 32) return <i64><i32>heapLoad32(k + DK_INDICES + (i << 2));
  return <i64>heapLoad64(k + DK_INDICES + (i << 3));
}

/** dictkeys_set_index. */
function setIndex(k: u64, log2Size: u32, i: u64, ix: i64): void {
  if (log2Size < 8) heapStore8(k + DK_INDICES + i, <u32>ix);
  else if (log2Size < 16) heapStore16(k + DK_INDICES + (i << 1), <u32>ix);
  else if (log2Size < 32) heapStore32(k + DK_INDICES + (i << 2), <u32>ix);
  else heapStore64(k + DK_INDICES + (i << 3), <u64>ix);
}

/** new_keys_object: an empty keys object of 2^log2Size slots, or 0 (MemoryError). Category: alloc. */
function keysNew(log2Size: u32, unicode: bool): u64 {
  const usable = usableFraction(<u64>1 << log2Size);
  const lb = logIndexBytes(log2Size);
  const kind = unicode ? DICT_KEYS_UNICODE : DICT_KEYS_GENERAL;
  const es = entrySize(kind);
  let k: u64 = 0;
  const numfree = heapLoad64(S_KEYS_NUMFREE);
  if (log2Size == LOG_MINSIZE && unicode && numfree > 0 && freeListOn(FL_KEYS)) {
    heapStore64(S_KEYS_NUMFREE, numfree - 1);
    k = heapLoad64(S_KEYS_FREE_LIST + ((numfree - 1) << 3));
  } else {
    k = objectMalloc(DK_INDICES + (<u64>1 << lb) + es * usable);
    if (k == 0) return 0;
  }
  heapStore64(k + DK_REFCNT, 1);
  heapStore64(k + DK_LOG2_SIZE, <u64>log2Size | (<u64>lb << 8) | (<u64>kind << 16)); // and dk_version = 0
  heapStore64(k + DK_NENTRIES, 0);
  heapStore64(k + DK_USABLE, usable);
  heapFill(k + DK_INDICES, 0xff, <u64>1 << lb); // memset: every index DKIX_EMPTY
  heapFill(entries(k, lb), 0, es * usable);
  return k;
}

/** Whether a keys object may go on the keys free list, and if so it goes. */
function keysToFreeList(k: u64, log2Size: u32, kind: u32): bool {
  if (log2Size != LOG_MINSIZE || kind != DICT_KEYS_UNICODE || !freeListOn(FL_KEYS)) return false;
  const numfree = heapLoad64(S_KEYS_NUMFREE);
  if (numfree >= KEYS_MAXFREELIST) return false;
  heapStore64(S_KEYS_FREE_LIST + (numfree << 3), k);
  heapStore64(S_KEYS_NUMFREE, numfree + 1);
  return true;
}

/** dictkeys_decref, and free_keys_object at zero: release every key and value. Category: free. */
function keysDecref(k: u64): void {
  const n = heapLoad64(k + DK_REFCNT) - 1;
  heapStore64(k + DK_REFCNT, n);
  if (n != 0) return;
  readShape(k);
  const kind = shKind, lb = shLb, log2Size = shLog2Size;
  const es = entrySize(kind);
  const base = entries(k, lb);
  const count = heapLoad64(k + DK_NENTRIES);
  for (let i: u64 = 0; i < count; i++) {
    const e = base + i * es;
    xdecref(heapLoad64(entryKey(e, kind)));
    xdecref(heapLoad64(entryValue(e, kind)));
  }
  if (!keysToFreeList(k, log2Size, kind)) objectFree(k);
}

/** DICT_NEXT_VERSION into ma_version_tag. */
function bumpVersion(d: u64): void {
  const v = heapLoad64(S_DICT_GLOBAL_VERSION) + 1;
  heapStore64(S_DICT_GLOBAL_VERSION, v);
  heapStore64(d + DICT_VERSION, v);
}

/** PyDict_New: empty keys shared, not tracked; a new reference, or 0. */
export function dictNew(): u64 {
  const previous = beginCategory(CAT_ALLOC);
  heapAdd64(EMPTY_KEYS + DK_REFCNT, 1); // dictkeys_incref(Py_EMPTY_KEYS)
  let d: u64 = 0;
  const numfree = heapLoad64(S_DICT_NUMFREE);
  if (numfree != 0 && freeListOn(FL_DICT)) {
    heapStore64(S_DICT_NUMFREE, numfree - 1);
    d = heapLoad64(S_DICT_FREE_LIST + ((numfree - 1) << 3));
    heapStore64(d + OB_REFCNT, 1);
    markLive(d);
  } else {
    d = newGcObject(T_DICT, DICT_SIZE, GC_HEAD);
  }
  if (d != 0) {
    heapStore64(d + DICT_KEYS, EMPTY_KEYS);
    heapStore64(d + DICT_VALUES, 0);
    heapStore64(d + DICT_USED, 0);
    bumpVersion(d);
  } else {
    heapAdd64(EMPTY_KEYS + DK_REFCNT, -1);
  }
  endCategory(previous);
  return d;
}

/** MAINTAIN_TRACKING (gc.ts's mayBeTracked knows every GC type, the interpreter's bound methods, iterators, cells... too). */
function maintainTracking(d: u64, key: u64, value: u64): void {
  if (heapLoad64(d - GC_HEAD + GC_NEXT) != 0) return;
  if (mayBeTracked(key) || mayBeTracked(value)) gcTrack(d);
}

// The results of a lookup besides the entry index: the entry's value, and
// the keys object the lookup ended on (another than it began with when a
// script's __eq__ changed the dict under it: the lookup started again).
let lookupValue: u64 = 0;
let lookupKeys: u64 = 0;

/**
 * _Py_dict_lookup in dict `d` whose keys object is `k`: the entry index of
 * `key` (hash `hash`), DKIX_EMPTY, or DKIX_ERROR when a script's __eq__
 * raised (lookupFailed); lookupValue its value, lookupKeys the keys object.
 */
function lookup(d: u64, k: u64, key: u64, hash: i64): i64 {
  while (true) {
    const ix = lookupIn(d, k, key, hash);
    if (ix != DKIX_KEY_CHANGED) {
      lookupKeys = k;
      return ix;
    }
    k = heapLoad64(d + DICT_KEYS); // (`goto start`: mp->ma_keys again)
  }
  return DKIX_EMPTY;
}

function lookupIn(d: u64, k: u64, key: u64, hash: i64): i64 {
  readShape(k);
  const log2Size = shLog2Size, kind = shKind;
  const base = entries(k, shLb);
  const es = entrySize(kind);
  const mask = (<u64>1 << log2Size) - 1;
  let perturb = <u64>hash;
  let i = <u64>hash & mask;
  while (true) {
    const ix = getIndex(k, log2Size, i);
    if (ix >= 0) {
      const e = base + <u64>ix * es;
      const startkey = heapLoad64(entryKey(e, kind));
      let found = startkey == key;
      if (!found) {
        const h = kind == DICT_KEYS_GENERAL ? <i64>heapLoad64(e) : <i64>heapLoad64(startkey + STR_HASH); // me_hash, or unicode_get_hash
        if (h == hash && (runsScript(startkey, true) || runsScript(key, true))) {
          // the comparison runs a class's __eq__: the key held across it, then an error passed on, or a dict
          // changed meanwhile looked up again (dictkeys_generic_lookup)
          incref(startkey);
          const eq = objectsEqual(startkey, key);
          const raised = lookupRaised;
          decref(startkey);
          if (raised) { lookupFailed(); return DKIX_ERROR; }
          if (heapLoad64(d + DICT_KEYS) != k || heapLoad64(entryKey(e, kind)) != startkey) return DKIX_KEY_CHANGED;
          found = eq;
        } else {
          found = h == hash && objectsEqual(startkey, key);
        }
      }
      if (found) {
        lookupValue = heapLoad64(entryValue(e, kind));
        return ix;
      }
    } else if (ix == DKIX_EMPTY) {
      lookupValue = 0;
      return DKIX_EMPTY;
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return DKIX_EMPTY;
}

/** find_empty_slot: the first EMPTY or DUMMY index slot on `hash`'s probe sequence. */
function findEmptySlot(k: u64, log2Size: u32, hash: i64): u64 {
  const mask = (<u64>1 << log2Size) - 1;
  let i = <u64>hash & mask;
  let perturb = <u64>hash;
  while (getIndex(k, log2Size, i) >= 0) {
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return i;
}

/** lookdict_index: the index slot that holds entry `ix`. */
function slotOf(k: u64, log2Size: u32, hash: i64, ix: i64): u64 {
  const mask = (<u64>1 << log2Size) - 1;
  let i = <u64>hash & mask;
  let perturb = <u64>hash;
  while (getIndex(k, log2Size, i) != ix) {
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return i;
}

/** dictresize: move the live entries into a fresh table of 2^log2New slots; false on MemoryError. */
function resize(d: u64, log2New: u32, unicode: bool): bool {
  const oldk = heapLoad64(d + DICT_KEYS);
  readShape(oldk);
  const oldKind = shKind, oldLb = shLb, oldLog2 = shLog2Size;
  if (oldKind != DICT_KEYS_UNICODE) unicode = false;
  let previous = beginCategory(CAT_ALLOC);
  const k = keysNew(log2New, unicode);
  endCategory(previous);
  if (k == 0) return false;
  heapStore64(d + DICT_KEYS, k);
  const n = heapLoad64(d + DICT_USED);
  const kind = unicode ? DICT_KEYS_UNICODE : DICT_KEYS_GENERAL;
  const lb = logIndexBytes(log2New);
  const oldBase = entries(oldk, oldLb), newBase = entries(k, lb);
  const oldEs = entrySize(oldKind), es = entrySize(kind);
  let src = oldBase;
  for (let i: u64 = 0; i < n; i++) {
    let value = heapLoad64(entryValue(src, oldKind));
    while (value == 0) { src += oldEs; value = heapLoad64(entryValue(src, oldKind)); }
    const key = heapLoad64(entryKey(src, oldKind));
    const e = newBase + i * es;
    if (kind == DICT_KEYS_GENERAL) {
      heapStore64(e, oldKind == DICT_KEYS_GENERAL ? heapLoad64(src) : heapLoad64(key + STR_HASH));
    }
    heapStore64(entryKey(e, kind), key);
    heapStore64(entryValue(e, kind), value);
    src += oldEs;
  }
  // build_indices
  for (let i: u64 = 0; i < n; i++) {
    const e = newBase + i * es;
    const hash = kind == DICT_KEYS_GENERAL ? <i64>heapLoad64(e) : <i64>heapLoad64(heapLoad64(e) + STR_HASH);
    setIndex(k, log2New, findEmptySlot(k, log2New, hash), <i64>i);
  }
  // the old table: its references moved, so it is freed without free_keys_object
  if (oldk != EMPTY_KEYS) {
    previous = beginCategory(CAT_FREE);
    if (!keysToFreeList(oldk, oldLog2, oldKind)) objectFree(oldk);
    endCategory(previous);
  }
  heapAdd64(k + DK_USABLE, -n);
  heapStore64(k + DK_NENTRIES, n);
  return true;
}

/**
 * d[key] = value (PyDict_SetItem): 0, DICT_UNHASHABLE (see `unhashable`: a
 * script's __hash__ or __eq__ may have raised) or DICT_MEMORY. The dict
 * references both.
 */
export function dictSetItem(d: u64, key: u64, value: u64): i32 {
  const hash = hashForLookup(key);
  if (unhashable) return DICT_UNHASHABLE;
  return dictSetItemHash(d, key, hash, value);
}

/** d[key] = value with the key's hash known (an entry of another dict or set: insertdict with its stored hash). */
export function dictSetItemHash(d: u64, key: u64, hash: i64, value: u64): i32 {
  lookupReset();
  incref(key);
  incref(value);
  const previous = beginCategory(CAT_MUTATOR);
  const r = insert(d, key, hash, value);
  endCategory(previous);
  if (r != 0) { decref(key); decref(value); }
  return r;
}

export const DICT_UNHASHABLE: i32 = 1;
export const DICT_MEMORY: i32 = 2;

/** insertdict / insert_to_emptydict, with the references to key and value given to the dict. */
function insert(d: u64, key: u64, hash: i64, value: u64): i32 {
  let k = heapLoad64(d + DICT_KEYS);
  if (k == EMPTY_KEYS) {
    const unicode = isStr(key);
    let previous = beginCategory(CAT_ALLOC);
    const nk = keysNew(LOG_MINSIZE, unicode);
    endCategory(previous);
    if (nk == 0) return DICT_MEMORY;
    heapAdd64(EMPTY_KEYS + DK_REFCNT, -1); // dictkeys_decref(Py_EMPTY_KEYS)
    heapStore64(d + DICT_KEYS, nk);
    heapStore64(d + DICT_VALUES, 0);
    maintainTracking(d, key, value);
    const lb = logIndexBytes(LOG_MINSIZE);
    setIndex(nk, LOG_MINSIZE, <u64>hash & 7, 0);
    const e = entries(nk, lb);
    const kind = unicode ? DICT_KEYS_UNICODE : DICT_KEYS_GENERAL;
    if (kind == DICT_KEYS_GENERAL) heapStore64(e, <u64>hash);
    heapStore64(entryKey(e, kind), key);
    heapStore64(entryValue(e, kind), value);
    finishInsert(d, nk);
    return 0;
  }
  readShape(k);
  if (shKind == DICT_KEYS_UNICODE && !isStr(key)) {
    // a str-only table becomes a general one (insertion_resize(mp, 0))
    if (!resize(d, log2KeysizeFor(heapLoad64(d + DICT_USED) * 3), false)) return DICT_MEMORY;
    k = heapLoad64(d + DICT_KEYS);
  }
  const ix = lookup(d, k, key, hash);
  if (ix == DKIX_ERROR) return DICT_UNHASHABLE;
  if (lookupKeys != k) {
    // a script's __eq__ changed the dict: the lookup ended on its keys as they are now
    k = lookupKeys;
    readShape(k);
    if (k == EMPTY_KEYS || (shKind == DICT_KEYS_UNICODE && !isStr(key))) return insert(d, key, hash, value);
  }
  const old = lookupValue;
  maintainTracking(d, key, value);
  if (ix == DKIX_EMPTY) {
    heapStore32(k + 12, 0); // dk_version = 0
    if (<i64>heapLoad64(k + DK_USABLE) <= 0) {
      if (!resize(d, log2KeysizeFor(heapLoad64(d + DICT_USED) * 3), true)) return DICT_MEMORY;
      k = heapLoad64(d + DICT_KEYS);
    }
    readShape(k);
    const log2Size = shLog2Size, kind = shKind, lb = shLb;
    const n = heapLoad64(k + DK_NENTRIES);
    setIndex(k, log2Size, findEmptySlot(k, log2Size, hash), <i64>n);
    const e = entries(k, lb) + n * entrySize(kind);
    heapStore64(entryKey(e, kind), key);
    if (kind == DICT_KEYS_GENERAL) heapStore64(e, <u64>hash);
    heapStore64(entryValue(e, kind), value);
    finishInsert(d, k);
    return 0;
  }
  if (old != value) {
    readShape(k);
    const e = entries(k, shLb) + <u64>ix * entrySize(shKind);
    heapStore64(entryValue(e, shKind), value);
    bumpVersion(d);
  }
  xdecref(old);
  decref(key);
  return 0;
}

/** The bookkeeping after an entry is added: ma_used, the version, dk_usable, dk_nentries. */
function finishInsert(d: u64, k: u64): void {
  heapAdd64(d + DICT_USED, 1);
  bumpVersion(d);
  heapAdd64(k + DK_USABLE, -1);
  heapAdd64(k + DK_NENTRIES, 1);
}

/** d[key], borrowed, or 0 when absent (or the key is unhashable: see `unhashable`). Costed as a lookup. */
export function dictGetItem(d: u64, key: u64): u64 {
  const hash = hashForLookup(key);
  if (unhashable) return 0;
  return dictGetItemHash(d, key, hash);
}

/** d[key] with the key's hash known, as dictGetItem (a script's __eq__ that raised: 0 and `unhashable`). */
export function dictGetItemHash(d: u64, key: u64, hash: i64): u64 {
  lookupReset();
  const previous = beginCategory(CAT_MUTATOR);
  const ix = lookup(d, heapLoad64(d + DICT_KEYS), key, hash);
  endCategory(previous);
  return ix >= 0 ? lookupValue : 0;
}

// Entries read without cost: the interpreter's own bookkeeping (which special
// methods a class has), not accesses of the program.

/** How many entries `d`'s keys object has used (deleted ones included: their key is 0 or a dummy). */
export function peekEntryCount(d: u64): u64 {
  return peek64(peek64(d + DICT_KEYS) + DK_NENTRIES);
}

/** The key (`value` false) or the value of entry `i` of `d`. */
export function peekEntry(d: u64, i: u64, value: bool): u64 {
  const k = peek64(d + DICT_KEYS);
  const w = peek64(k + DK_LOG2_SIZE);
  const kind = <u32>((w >> 16) & 0xff);
  const e = entries(k, <u32>((w >> 8) & 0xff)) + i * entrySize(kind);
  return peek64(value ? entryValue(e, kind) : entryKey(e, kind));
}

/** del d[key] (delitem_common): true when it was there. */
export function dictDelItem(d: u64, key: u64): bool {
  const hash = hashForLookup(key);
  if (unhashable) return false;
  return dictDelItemHash(d, key, hash, false);
}

/**
 * d.pop(key) with the key's hash known (_PyDict_Pop_KnownHash: one lookup,
 * then delitem_common): the value, the dict's reference now the caller's; 0
 * when absent (or a script's __eq__ raised: `unhashable`).
 */
export function dictPopHash(d: u64, key: u64, hash: i64): u64 {
  lookupReset();
  return dictDelItemHash(d, key, hash, true) ? popped : 0;
}
let popped: u64 = 0;

/** delitem_common after a lookup; `keepValue`: the value is not released but left in `popped`. */
function dictDelItemHash(d: u64, key: u64, hash: i64, keepValue: bool): bool {
  const previous = beginCategory(CAT_MUTATOR);
  const ix = lookup(d, heapLoad64(d + DICT_KEYS), key, hash);
  const k = lookupKeys;
  if (ix < 0) {
    endCategory(previous);
    return false;
  }
  const old = lookupValue;
  readShape(k);
  const log2Size = shLog2Size, kind = shKind, lb = shLb;
  const slot = slotOf(k, log2Size, hash, ix);
  heapAdd64(d + DICT_USED, -1);
  bumpVersion(d);
  heapStore32(k + 12, 0); // dk_version
  setIndex(k, log2Size, slot, DKIX_DUMMY);
  const e = entries(k, lb) + <u64>ix * entrySize(kind);
  const oldKey = heapLoad64(entryKey(e, kind));
  heapStore64(entryKey(e, kind), 0);
  heapStore64(entryValue(e, kind), 0);
  if (kind == DICT_KEYS_GENERAL) heapStore64(e, 0);
  endCategory(previous);
  if (keepValue) { incref(old); popped = old; } // (Py_INCREF(old_value), then delitem_common)
  decref(oldKey);
  decref(old);
  return true;
}

/** dict_dealloc: untrack, release the keys (and so every key and value), onto the free list or freed. */
export function dictDealloc(d: u64): void {
  gcUntrack(d);
  if (!trashBegin(d)) return;
  keysDecref(heapLoad64(d + DICT_KEYS));
  const numfree = heapLoad64(S_DICT_NUMFREE);
  if (numfree < DICT_MAXFREELIST && freeListOn(FL_DICT)) {
    heapStore64(S_DICT_FREE_LIST + (numfree << 3), d);
    heapStore64(S_DICT_NUMFREE, numfree + 1);
  } else {
    freeGcObject(d, GC_HEAD);
  }
  trashEnd();
}

/** The number of items (no cost). */
export function dictLength(d: u64): u64 {
  return peek64(d + DICT_USED);
}

/** _PyDict_KeysSize: header, indices and usable entries. */
export function keysSize(k: u64): u64 {
  const w = peek64(k + DK_LOG2_SIZE);
  const log2Size = <u32>(w & 0xff), lb = <u32>((w >> 8) & 0xff), kind = <u32>((w >> 16) & 0xff);
  return DK_INDICES + (<u64>1 << lb) + usableFraction(<u64>1 << log2Size) * entrySize(kind);
}

/** dict.__sizeof__: the object, plus its keys when it owns them alone. */
export function dictSizeof(d: u64): u64 {
  const k = peek64(d + DICT_KEYS);
  return DICT_SIZE + (k != EMPTY_KEYS && peek64(k + DK_REFCNT) == 1 ? keysSize(k) : 0);
}

/** Dicts and keys objects on their free lists (no cost). */
export function dictFreeCount(): u64 {
  return peek64(S_DICT_NUMFREE);
}

export function keysFreeCount(): u64 {
  return peek64(S_KEYS_NUMFREE);
}

/** The empty keys object as a fresh interpreter has it: 8 empty slots, nothing usable (no cost). */
export function initEmptyKeys(): void {
  poke64(EMPTY_KEYS + DK_REFCNT, 1 << 20); // shared by every empty dict the interpreter made before
  poke64(EMPTY_KEYS + DK_LOG2_SIZE, <u64>LOG_MINSIZE | (<u64>LOG_MINSIZE << 8) | (<u64>DICT_KEYS_UNICODE << 16));
  poke64(EMPTY_KEYS + DK_USABLE, 0);
  poke64(EMPTY_KEYS + DK_NENTRIES, 0);
  poke64(EMPTY_KEYS + DK_INDICES, <u64>-1);
}

/** PyDict_Clear: the empty keys in, the old keys (and every key and value) released. */
export function dictClear(d: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  const old = heapLoad64(d + DICT_KEYS);
  if (old == EMPTY_KEYS) { endCategory(previous); return; }
  heapAdd64(EMPTY_KEYS + DK_REFCNT, 1);
  heapStore64(d + DICT_KEYS, EMPTY_KEYS);
  heapStore64(d + DICT_VALUES, 0);
  heapStore64(d + DICT_USED, 0);
  bumpVersion(d);
  endCategory(previous);
  keysDecref(old);
}
