// set: PySetObject (200 bytes + GC head) with an 8-entry table inside the
// object and a separate table of 16-byte entries (key, hash) once it grows
// (Objects/setobject.c, 3.11): linear probing of up to 9 neighbours, then
// perturbation; a table more than 3/5 full grows to the smallest power of two
// above 4 x used (2 x above 50,000). Deleted entries hold the dummy key with
// hash -1. Sets have no free list. A frozenset is the same object of another
// type (its hash cached in the hash field: hash.ts).

import { heapAdd64, heapLoad64, heapStore64, peek64, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR, CAT_FREE } from "../memory";
import { objectMalloc, objectFree } from "../heap";
import { GC_HEAD, SET_FILL, SET_USED, SET_MASK, SET_TABLE, SET_HASH, SET_FINGER, SET_SMALLTABLE, SET_MINSIZE, SET_SIZE, SET_DUMMY } from "./layout";
import { newGcObject, freeGcObject, gcTrack, gcUntrack, incref, decref, trashBegin, trashEnd } from "./object";
import { T_SET } from "./types";
import { hashForLookup, objectsEqual, unhashable, lookupRaised, lookupFailed, lookupReset, runsScript } from "./hash";

const LINEAR_PROBES: u64 = 9;
const PERTURB_SHIFT: u64 = 5;

export const SET_UNHASHABLE: i32 = 1;
export const SET_MEMORY: i32 = 2;

/** set() (frozenset() for `t` T_FROZENSET): PyType_GenericAlloc (the object zeroed, tracked) and make_new_set's fields; a new reference, or 0. */
export function setNew(t: i32 = T_SET): u64 {
  const previous = beginCategory(CAT_ALLOC);
  const s = newGcObject(t, SET_SIZE, GC_HEAD);
  if (s != 0) {
    for (let p: u64 = 16; p < SET_SIZE; p += 8) heapStore64(s + p, 0); // memset of the object after its header
    gcTrack(s);
    heapStore64(s + SET_FILL, 0);
    heapStore64(s + SET_USED, 0);
    heapStore64(s + SET_MASK, SET_MINSIZE - 1);
    heapStore64(s + SET_TABLE, s + SET_SMALLTABLE);
    heapStore64(s + SET_HASH, <u64>-1);
    heapStore64(s + SET_FINGER, 0);
  }
  endCategory(previous);
  return s;
}

/** set_insert_clean: place a key known to be absent in a table without dummies. */
function insertClean(table: u64, mask: u64, key: u64, hash: i64): void {
  let perturb = <u64>hash;
  let i = <u64>hash & mask;
  while (true) {
    let e = table + (i << 4);
    if (heapLoad64(e) == 0) { heapStore64(e, key); heapStore64(e + 8, <u64>hash); return; }
    if (i + LINEAR_PROBES <= mask) {
      for (let j: u64 = 0; j < LINEAR_PROBES; j++) {
        e += 16;
        if (heapLoad64(e) == 0) { heapStore64(e, key); heapStore64(e + 8, <u64>hash); return; }
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

/** set_table_resize: a table for more than `minused` entries; false on MemoryError. */
function tableResize(s: u64, minused: u64): bool {
  let newsize = SET_MINSIZE;
  while (newsize <= minused) newsize <<= 1;
  const oldtable = heapLoad64(s + SET_TABLE);
  const oldmask = heapLoad64(s + SET_MASK);
  const small = s + SET_SMALLTABLE;
  const oldMalloced = oldtable != small;
  let newtable = small;
  let source = oldtable;
  if (newsize == SET_MINSIZE) {
    if (oldtable == small) {
      if (heapLoad64(s + SET_FILL) == heapLoad64(s + SET_USED)) return true;
      // rebuild in place from a copy of the small table (a C stack array: not the heap, not costed)
      source = 0;
      for (let p: u64 = 0; p < SET_MINSIZE * 16; p += 8) store<u64>(SMALL_COPY + <usize>p, heapLoad64(small + p));
    }
  } else {
    const previous = beginCategory(CAT_ALLOC);
    newtable = objectMalloc(newsize << 4);
    endCategory(previous);
    if (newtable == 0) return false;
  }
  heapStore64(s + SET_MASK, newsize - 1);
  heapStore64(s + SET_TABLE, newtable);
  for (let p: u64 = 0; p < newsize << 4; p += 8) heapStore64(newtable + p, 0);
  const used = heapLoad64(s + SET_USED);
  heapStore64(s + SET_FILL, used);
  for (let i: u64 = 0; i <= oldmask; i++) {
    let key: u64, hash: u64;
    if (source == 0) {
      key = load<u64>(SMALL_COPY + (<usize>i << 4));
      hash = load<u64>(SMALL_COPY + (<usize>i << 4) + 8);
    } else {
      key = heapLoad64(source + (i << 4));
      hash = key != 0 && key != SET_DUMMY ? heapLoad64(source + (i << 4) + 8) : 0;
    }
    if (key != 0 && key != SET_DUMMY) insertClean(newtable, newsize - 1, key, <i64>hash);
  }
  if (oldMalloced) {
    const previous = beginCategory(CAT_FREE);
    objectFree(oldtable);
    endCategory(previous);
  }
  return true;
}

const SMALL_COPY: usize = memory.data(<i32>(SET_MINSIZE * 16), 16);

/** set.add(key) (set_add_entry): 0, SET_UNHASHABLE (see `unhashable`: a script's __hash__ or __eq__ may have raised) or SET_MEMORY. */
export function setAdd(s: u64, key: u64): i32 {
  const hash = hashForLookup(key);
  if (unhashable) return SET_UNHASHABLE;
  return setAddHash(s, key, hash);
}

// How a comparison that ran a class's __eq__ ended (setEqual).
const CMP_DONE = 0;
const CMP_ERROR = 1;
const CMP_CHANGED = 2;
let cmpEqual = false;

/**
 * Entry `e` of set `s` (whose table is `table`) holds `startkey`, of `key`'s
 * hash: whether they are equal (cmpEqual), the comparison running a class's
 * __eq__ with the key held across it; CMP_ERROR when it raised, CMP_CHANGED
 * when the set changed meanwhile (set_lookkey and set_add_entry start again).
 */
function setEqual(s: u64, table: u64, e: u64, startkey: u64, key: u64): i32 {
  incref(startkey);
  cmpEqual = objectsEqual(startkey, key);
  const raised = lookupRaised;
  decref(startkey);
  if (raised) { lookupFailed(); return CMP_ERROR; }
  if (heapLoad64(s + SET_TABLE) != table || heapLoad64(e) != startkey) return CMP_CHANGED;
  return CMP_DONE;
}

/** set_add_entry with the key's hash known (an entry of another set: set_merge's, with its stored hash). */
export function setAddHash(s: u64, key: u64, hash: i64): i32 {
  lookupReset();
  incref(key);
  const previous = beginCategory(CAT_MUTATOR);
  let keyRuns: i32 = -1; // whether comparing the key runs a script's __eq__ (read when first needed)
  let mask = heapLoad64(s + SET_MASK);
  let table = heapLoad64(s + SET_TABLE);
  let perturb = <u64>hash;
  let i = <u64>hash & mask;
  let freeslot: u64 = 0;
  let found: u64 = 0; // the unused entry reached
  let active = false;
  let restart = false;
  while (found == 0 && !active) {
    let e = table + (i << 4);
    let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    while (true) {
      const h = <i64>heapLoad64(e + 8);
      const k = heapLoad64(e);
      if (h == 0 && k == 0) { found = e; break; }
      if (h == hash) {
        if (k == key) { active = true; break; }
        if (keyRuns < 0) keyRuns = runsScript(key, true) ? 1 : 0;
        if (keyRuns != 0 || runsScript(k, true)) {
          const c = setEqual(s, table, e, k, key);
          if (c == CMP_ERROR) { endCategory(previous); decref(key); return SET_UNHASHABLE; }
          if (c == CMP_CHANGED) { restart = true; break; }
          if (cmpEqual) { active = true; break; }
        } else if (objectsEqual(k, key)) { active = true; break; }
      } else if (h == -1 && freeslot == 0) {
        freeslot = e;
      }
      if (probes-- == 0) break;
      e += 16;
    }
    if (restart) {
      // (`goto restart`: the set as it is now)
      restart = false;
      mask = heapLoad64(s + SET_MASK);
      table = heapLoad64(s + SET_TABLE);
      perturb = <u64>hash;
      i = <u64>hash & mask;
      freeslot = 0;
      continue;
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
  let r = 0;
  if (active) {
    endCategory(previous);
    decref(key);
    return 0;
  }
  if (freeslot != 0) {
    heapAdd64(s + SET_USED, 1);
    heapStore64(freeslot, key);
    heapStore64(freeslot + 8, <u64>hash);
  } else {
    const fill = heapLoad64(s + SET_FILL) + 1;
    heapStore64(s + SET_FILL, fill);
    const used = heapLoad64(s + SET_USED) + 1;
    heapStore64(s + SET_USED, used);
    heapStore64(found, key);
    heapStore64(found + 8, <u64>hash);
    if (fill * 5 >= mask * 3 && !tableResize(s, used > 50000 ? used * 2 : used * 4)) r = SET_MEMORY;
  }
  endCategory(previous);
  return r;
}

/** set_lookkey: the entry holding `key`, or 0 (a script's __eq__ that raised: 0 and `unhashable`). */
function lookkey(s: u64, key: u64, hash: i64): u64 {
  const mask = heapLoad64(s + SET_MASK);
  const table = heapLoad64(s + SET_TABLE);
  let perturb = <u64>hash;
  let i = <u64>hash & mask;
  while (true) {
    let e = table + (i << 4);
    let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    while (true) {
      const k = heapLoad64(e);
      if (k == 0) return 0;
      const h = <i64>heapLoad64(e + 8);
      if (h == hash && k != key && (runsScript(k, true) || runsScript(key, true))) {
        const c = setEqual(s, table, e, k, key);
        if (c == CMP_ERROR) return 0;
        if (c == CMP_CHANGED) return lookkey(s, key, hash);
        if (cmpEqual) return e;
      } else if (h == hash && (k == key || objectsEqual(k, key))) return e;
      if (probes-- == 0) break;
      e += 16;
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
  return 0;
}

/** key in s (false also when the key is unhashable or a script's __hash__ or __eq__ raised: see `unhashable`). */
export function setContains(s: u64, key: u64): bool {
  const hash = hashForLookup(key);
  if (unhashable) return false;
  return setContainsHash(s, key, hash);
}

/** key in s with the key's hash known (an entry of another set: set_contains_entry with its stored hash). */
export function setContainsHash(s: u64, key: u64, hash: i64): bool {
  lookupReset();
  const previous = beginCategory(CAT_MUTATOR);
  const e = lookkey(s, key, hash);
  endCategory(previous);
  return e != 0;
}

/** set_contains_entry inside another lookup (a frozenset key's ==, hash.ts): no reset, the caller's category. */
export function setContainsEntry(s: u64, key: u64, hash: i64): bool {
  return lookkey(s, key, hash) != 0;
}

/** set.discard(key): true when it was there. */
export function setDiscard(s: u64, key: u64): bool {
  const hash = hashForLookup(key);
  if (unhashable) return false;
  return setDiscardHash(s, key, hash);
}

/** set.discard(key) with the key's hash known (set_discard_entry with another set's stored hash). */
export function setDiscardHash(s: u64, key: u64, hash: i64): bool {
  lookupReset();
  const previous = beginCategory(CAT_MUTATOR);
  const e = lookkey(s, key, hash);
  let old: u64 = 0;
  if (e != 0) {
    old = heapLoad64(e);
    heapStore64(e, SET_DUMMY);
    heapStore64(e + 8, <u64>-1);
    heapAdd64(s + SET_USED, -1);
  }
  endCategory(previous);
  if (old != 0) decref(old);
  return old != 0;
}

/** set_dealloc: untrack, release the keys, free the table, free the object. */
export function setDealloc(s: u64): void {
  gcUntrack(s);
  if (!trashBegin(s)) return;
  let used = heapLoad64(s + SET_USED);
  const table = heapLoad64(s + SET_TABLE);
  for (let e = table; used > 0; e += 16) {
    const k = heapLoad64(e);
    if (k != 0 && k != SET_DUMMY) {
      used--;
      decref(k);
    }
  }
  if (table != s + SET_SMALLTABLE) objectFree(table);
  freeGcObject(s, GC_HEAD);
  trashEnd();
}

/** The number of items (no cost). */
export function setLength(s: u64): u64 {
  return peek64(s + SET_USED);
}

/** set.__sizeof__: the object, plus its table when it is not the small one. */
export function setSizeof(s: u64): u64 {
  const table = peek64(s + SET_TABLE);
  return SET_SIZE + (table != s + SET_SMALLTABLE ? (peek64(s + SET_MASK) + 1) << 4 : 0);
}

/** set_merge (3.11): add every key of set `o` to `s`, one resize up front; 0 or SET_MEMORY. */
export function setMerge(s: u64, o: u64): i32 {
  const previous = beginCategory(CAT_MUTATOR);
  const oused = heapLoad64(o + SET_USED);
  if (o == s || oused == 0) { endCategory(previous); return 0; }
  if ((heapLoad64(s + SET_FILL) + oused) * 5 >= heapLoad64(s + SET_MASK) * 3) {
    if (!tableResize(s, (heapLoad64(s + SET_USED) + oused) * 2)) { endCategory(previous); return SET_MEMORY; }
  }
  const table = heapLoad64(s + SET_TABLE), mask = heapLoad64(s + SET_MASK);
  const otable = heapLoad64(o + SET_TABLE), omask = heapLoad64(o + SET_MASK);
  const fill = heapLoad64(s + SET_FILL), ofill = heapLoad64(o + SET_FILL);
  if (fill == 0 && mask == omask && ofill == oused) {
    for (let i: u64 = 0; i <= omask; i++) {
      const key = heapLoad64(otable + (i << 4));
      if (key != 0) {
        incref(key);
        heapStore64(table + (i << 4), key);
        heapStore64(table + (i << 4) + 8, heapLoad64(otable + (i << 4) + 8));
      }
    }
    heapStore64(s + SET_FILL, ofill);
    heapStore64(s + SET_USED, oused);
    endCategory(previous);
    return 0;
  }
  if (fill == 0) {
    heapStore64(s + SET_FILL, oused);
    heapStore64(s + SET_USED, oused);
    for (let i: u64 = 0; i <= omask; i++) {
      const key = heapLoad64(otable + (i << 4));
      if (key != 0 && key != SET_DUMMY) {
        incref(key);
        insertClean(table, mask, key, <i64>heapLoad64(otable + (i << 4) + 8));
      }
    }
    endCategory(previous);
    return 0;
  }
  endCategory(previous);
  for (let i: u64 = 0; i <= omask; i++) {
    const key = heapLoad64(otable + (i << 4));
    if (key != 0 && key != SET_DUMMY) {
      // set_add_entry with the entry's hash; memsim hashes a built-in key again (as it always has: the
      // cycles recorded), a key whose hash is a script's __hash__ is not hashed again (it would run again)
      const r = runsScript(key, false) ? setAddHash(s, key, <i64>heapLoad64(otable + (i << 4) + 8)) : setAdd(s, key);
      if (r != 0) return r;
    }
  }
  return 0;
}

/** set.pop() (set_pop): the key, a new reference (the set's), or 0 when empty. */
export function setPop(s: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  if (heapLoad64(s + SET_USED) == 0) { endCategory(previous); return 0; }
  const table = heapLoad64(s + SET_TABLE), mask = heapLoad64(s + SET_MASK);
  let i = heapLoad64(s + SET_FINGER) & mask;
  while (true) {
    const k = heapLoad64(table + (i << 4));
    if (k != 0 && k != SET_DUMMY) break;
    i++;
    if (i > mask) i = 0;
  }
  const key = heapLoad64(table + (i << 4));
  heapStore64(table + (i << 4), SET_DUMMY);
  heapStore64(table + (i << 4) + 8, <u64>-1);
  heapAdd64(s + SET_USED, -1);
  heapStore64(s + SET_FINGER, i + 1);
  endCategory(previous);
  return key;
}

/** set.clear() (set_clear_internal): back to the small table, the keys released, a big table freed. */
export function setClear(s: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  const small = s + SET_SMALLTABLE;
  let table = heapLoad64(s + SET_TABLE);
  const fill = heapLoad64(s + SET_FILL);
  let used = heapLoad64(s + SET_USED);
  const malloced = table != small;
  let copied = false;
  if (malloced || fill > 0) {
    if (!malloced) { for (let p: u64 = 0; p < SET_MINSIZE * 16; p += 8) store<u64>(SMALL_COPY + <usize>p, heapLoad64(small + p)); copied = true; }
    for (let p: u64 = 0; p < SET_MINSIZE * 16; p += 8) heapStore64(small + p, 0);
    heapStore64(s + SET_FILL, 0);
    heapStore64(s + SET_USED, 0);
    heapStore64(s + SET_TABLE, small);
    heapStore64(s + SET_MASK, SET_MINSIZE - 1);
    heapStore64(s + SET_HASH, <u64>-1);
  }
  endCategory(previous);
  for (let i: u64 = 0; used > 0; i++) {
    const k = copied ? load<u64>(SMALL_COPY + (<usize>i << 4)) : heapLoad64(table + (i << 4));
    if (k != 0 && k != SET_DUMMY) { used--; decref(k); }
  }
  if (malloced) {
    const p2 = beginCategory(CAT_FREE);
    objectFree(table);
    endCategory(p2);
  }
}
