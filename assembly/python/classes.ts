// Classes as CPython 3.11's type_new makes them (Objects/typeobject.c): a
// class statement's __build_class__ hands the name, the bases and the body's
// namespace to typeNew, which allocates and holds what type_new does, on the
// emulated heap and in its order:
//
//   (object,) for a class without bases (PyTuple_Pack), the class dict (a
//   copy of the namespace), the type object (PyHeapTypeObject, 904 bytes and
//   a 40-byte item for __slots__' sentinel, with a GC head: 960, the system
//   allocator), tracked from the start; then PyType_Ready: the MRO tuple (C3
//   linearization, mro_implementation), the __dict__ and __weakref__ getset
//   descriptors when the class adds them (add_getset), __doc__ = None,
//   __hash__ = None for __eq__ without __hash__ (type_ready_set_hash), and in
//   each base's tp_subclasses dict (made on a base's first subclass) a weak
//   reference to the class keyed by its address (add_subclass); then the
//   instances' cached keys, the namespace copy of type_new_set_names and the
//   super object and bound method of type_new_init_subclass (both freed).
//
// The class is a type number too (types.ts): its record (state.ts) and MRO
// array mirror the heap object for lookups without cost, as CPython's type
// attribute cache spares its lookups the MRO walk. It is freed by refcount
// or by the collector (its MRO tuple holds it: a cycle; type_clear empties
// its dict and drops the MRO) through typeDealloc, and its number is reused.
//
// What is not modelled: the MRO is computed before anything is allocated, so
// a TypeError for the bases (lay-out conflict, duplicate base, no consistent
// MRO) comes without the half-made type CPython allocates and frees; the
// slot inheritance copies only the words memsim's type objects hold; the
// static types' tp_subclasses dicts (object's, the exception classes') are
// made on their first subclass here, at start-up in CPython.

import { heapLoad64, heapStore64, peek64, poke64, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR } from "../heap/memory";
import { objectMalloc, objectFree } from "../heap/heap";
import {
  NONE, GC_HEAD, OB_TYPE, OB_SIZE, TP_NAME, TP_BASICSIZE, TP_DEALLOC, TP_FLAGS, TP_WEAKLISTOFFSET, TP_BASE, TP_DICT, TP_DICTOFFSET,
  TP_BASES, TP_MRO, TP_CACHE, TP_SUBCLASSES, TP_WEAKLIST, TP_VERSION_TAG, HT_NAME, HT_SLOTS, HT_QUALNAME, HT_CACHED_KEYS, HT_MODULE,
  HEAP_TYPE_SIZE, HEAP_TYPE_ITEMSIZE, TPF_MANAGED_DICT, TPF_HEAPTYPE, TPF_BASETYPE, TPF_READY, TPF_HAVE_GC, TPF_BASE_EXC_SUBCLASS,
  instanceSize,
} from "../heap/objects/layout";
import {
  T_OBJECT, T_TYPE, T_STR, T_FIRST_CLASS, typeObject, typeNumber, setTypeObject, takeTypeNumber, releaseTypeNumber, isSubtype,
  mroLength, mroAt, setMro, setMroLength, MAX_MRO,
} from "../heap/objects/types";
import { incref, decref, xdecref, typeOf, newGcObject, freeGcObject, gcTrack, gcUntrack, setTypeDealloc } from "../heap/objects/object";
import { setGcTypeClear } from "../heap/objects/gc";
import { tupleNew, tupleSetItem, tupleGetItem, tupleLength, peekTupleItem } from "../heap/objects/tuple";
import { listNew, listAppend, peekListItem } from "../heap/objects/list";
import { dictNew, dictGetItem, dictSetItem, dictDelItem, dictLength, dictClear } from "../heap/objects/dict";
import { strData, strLength, peekChar } from "../heap/objects/str";
import { cachedKeysNew, cachedKeysRelease } from "../heap/objects/instance";
import { T_GETSET, T_WEAKREF, T_SUPER, T_BUILTIN, T_PROPERTY, F1, F2, F3, F4, F5, extNew, extSet, extTrack, weakrefClear } from "./objs";
import {
  classRecord, raise, raiseBegin, msg, msgStrObj, msgTypeName, builtinTypeName, strIs, EX_TYPE, EX_ATTR, EX_MEMORY, EX_UNSUPPORTED,
} from "./state";
import { T_CELL, CELL_REF } from "./gen";
import { isExceptionClass, isBuiltinClass, exceptionSolidBase, exceptionFields, CLASS_FLAGS, CF_EXCEPTION } from "./exceptions";
import { classSlots, setHashNone } from "./slots";
import { dictCopy, newInt, newNone, dictNext, nextPos, nextKey, nextValue } from "./ops";
import { setPropertyName } from "./descriptors";
import { cstr } from "./gcmodule";

/** subtype_dealloc, the tp_dealloc of a class (a function pointer's stand-in: a word type_new writes). */
const SUBTYPE_DEALLOC: u64 = 0x5eb7;
/** PyDescr_NewGetSet's d_getset: a pointer to the static PyGetSetDef (memsim's stand-in). */
const GETSET_DEF: u64 = 0x9e75;

// ---- the names type_new uses (CPython's static _Py_ID strs; memsim interns them on first use) ----

const N_QUALNAME = 0, N_CLASSCELL = 1, N_DICT = 2, N_WEAKREF = 3, N_DOC = 4, N_MODULE = 5, N_BUILTINS = 6;
const NAMES = memory.data(8 * 8);
let intern: (s: string) => u64 = noIntern;
function noIntern(s: string): u64 { return 0; }

function nameObject(i: i32): u64 {
  let s = load<u64>(NAMES + (<usize>i << 3));
  if (s == 0) {
    const lit = i == N_QUALNAME ? "__qualname__" : i == N_CLASSCELL ? "__classcell__" : i == N_DICT ? "__dict__" :
      i == N_WEAKREF ? "__weakref__" : i == N_DOC ? "__doc__" : i == N_MODULE ? "__module__" : "builtins";
    s = intern(lit);
    store<u64>(NAMES + (<usize>i << 3), s);
  }
  return s;
}

/** A run starts: `f` interns a name (borrowed); the hooks of the object layer are set. */
export function resetClasses(f: (s: string) => u64): void {
  memory.fill(NAMES, 0, 8 * 8);
  intern = f;
  setTypeDealloc(typeDealloc);
  setGcTypeClear(typeClear);
}

// ---- best_base and the MRO ---------------------------------------------------------------

// The bases as type numbers, and the linearization being built (mro_implementation's to_merge and remain).
const BASES = memory.data(256 * 2);
let nBases: i32 = 0;
const MERGED = memory.data((MAX_MRO + 1) * 2);
let nMerged: i32 = 0;
const REMAIN = memory.data(256 * 4);

// @ts-ignore: decorator
@inline function baseAt(i: i32): i32 { return <i32>load<u16>(BASES + (<usize>i << 1)); }
// @ts-ignore: decorator
@inline function setBase(i: i32, t: i32): void { store<u16>(BASES + (<usize>i << 1), <u16>t); }
// @ts-ignore: decorator
@inline function mergedAt(i: i32): i32 { return <i32>load<u16>(MERGED + (<usize>i << 1)); }
// @ts-ignore: decorator
@inline function setMerged(i: i32, t: i32): void { store<u16>(MERGED + (<usize>i << 1), <u16>t); }

/** solid_base: the nearest class whose instances' layout adds fields: object for a plain class, for an exception class its built-in one's. */
function solidBase(t: i32): i32 {
  return isExceptionClass(t) ? exceptionSolidBase(t) : T_OBJECT;
}

/** best_base: the base whose layout the others' are prefixes of; -1 with TypeError ("multiple bases have instance lay-out conflict"). */
function bestBase(): i32 {
  let winner: i32 = -1, base: i32 = -1;
  for (let i = 0; i < nBases; i++) {
    const b = <i32>baseAt(i);
    const candidate = solidBase(b);
    if (winner < 0) { winner = candidate; base = b; }
    else if (isSubtype(winner, candidate)) continue;
    else if (isSubtype(candidate, winner)) { winner = candidate; base = b; }
    else { raise(EX_TYPE, "multiple bases have instance lay-out conflict"); return -1; }
  }
  return base;
}

/** The name a message gives a class (class_name: its __name__). */
function msgClassName(t: i32): void {
  if (t >= T_FIRST_CLASS) { msgStrObj(load<u64>(classRecord(t))); return; }
  msg(builtinTypeName(t));
}

// to_merge[i]: the MRO of base i, and last the bases themselves
// @ts-ignore: decorator
@inline function mergeLength(i: i32): i32 {
  return i < nBases ? mroLength(<i32>baseAt(i)) : nBases;
}

// @ts-ignore: decorator
@inline function mergeItem(i: i32, j: i32): i32 {
  return i < nBases ? mroAt(<i32>baseAt(i), j) : <i32>baseAt(j);
}

function tailContains(i: i32, whence: i32, c: i32): bool {
  const n = mergeLength(i);
  for (let j = whence + 1; j < n; j++) if (mergeItem(i, j) == c) return true;
  return false;
}

/**
 * mro_implementation after the class itself: a single base's MRO, or the C3
 * merge of the bases' MROs and the bases (pmerge; check_duplicates first),
 * into MERGED. False with TypeError.
 */
function linearize(): bool {
  nMerged = 0;
  if (nBases == 1) {
    const b = <i32>baseAt(0);
    const n = mroLength(b);
    if (n >= MAX_MRO) return mroTooLong();
    for (let j = 0; j < n; j++) setMerged(j, mroAt(b, j));
    nMerged = n;
    return true;
  }
  for (let i = 0; i < nBases; i++) {
    for (let j = i + 1; j < nBases; j++) {
      if (baseAt(i) != baseAt(j)) continue;
      raiseBegin(EX_TYPE); msg("duplicate base class "); msgClassName(<i32>baseAt(i));
      return false;
    }
  }
  const lists = nBases + 1;
  for (let i = 0; i < lists; i++) store<i32>(REMAIN + (<usize>i << 2), 0);
  while (true) {
    let empty = 0;
    let found = false;
    for (let i = 0; i < lists && !found; i++) {
      const r = load<i32>(REMAIN + (<usize>i << 2));
      if (r >= mergeLength(i)) { empty++; continue; }
      const c = mergeItem(i, r);
      let inTail = false;
      for (let j = 0; j < lists && !inTail; j++) inTail = tailContains(j, load<i32>(REMAIN + (<usize>j << 2)), c);
      if (inTail) continue;
        if (nMerged + 1 >= MAX_MRO) return mroTooLong();
      setMerged(nMerged, c);
      nMerged++;
      for (let j = 0; j < lists; j++) {
        const rj = load<i32>(REMAIN + (<usize>j << 2));
        if (rj < mergeLength(j) && mergeItem(j, rj) == c) store<i32>(REMAIN + (<usize>j << 2), rj + 1);
      }
      found = true;
    }
    if (found) continue;
    if (empty == lists) return true;
    // set_mro_error: the lists' heads, each once, in order
    raiseBegin(EX_TYPE); msg("Cannot create a consistent method resolution\norder (MRO) for bases");
    let shown = 0;
    for (let i = 0; i < lists; i++) {
      const r = load<i32>(REMAIN + (<usize>i << 2));
      if (r >= mergeLength(i)) continue;
      const c = mergeItem(i, r);
      let seen = false;
      for (let k = 0; k < i && !seen; k++) {
        const rk = load<i32>(REMAIN + (<usize>k << 2));
        seen = rk < mergeLength(k) && mergeItem(k, rk) == c;
      }
      if (seen) continue;
      msg(shown == 0 ? " " : ", ");
      shown++;
      msgClassName(c);
    }
    return false;
  }
  return false;
}

function mroTooLong(): bool {
  raise(EX_UNSUPPORTED, "a class whose MRO holds more than 62 classes is not supported yet (memsim)");
  return false;
}

/**
 * __build_class__'s bases: types, and none a built-in type memsim cannot
 * derive from (checked before the body runs). False with an exception.
 */
export function checkBases(bases: u64): bool {
  const n = tupleLength(bases);
  if (n > 255) { raise(EX_UNSUPPORTED, "a class with more than 255 bases is not supported yet (memsim)"); return false; }
  for (let i: u64 = 0; i < n; i++) {
    const b = peekTupleItem(bases, i);
    if (typeOf(b) != T_TYPE) { raise(EX_TYPE, "bases must be types"); return false; }
    const bt = typeNumber(b);
    if (bt != T_OBJECT && bt < T_FIRST_CLASS) {
      raiseBegin(EX_UNSUPPORTED); msg("subclassing the built-in type "); msg(builtinTypeName(bt)); msg(" is not supported yet (memsim)");
      return false;
    }
  }
  return true;
}

// ---- type_new ------------------------------------------------------------------------------

/**
 * type(name, bases, ns) for a class statement (bases: __build_class__'s
 * tuple, borrowed; ns: the body's namespace, borrowed): the class, a new
 * reference, or 0 with an exception.
 */
export function typeNew(name: u64, bases: u64, ns: u64): u64 {
  const nb = <i32>tupleLength(bases);
  nBases = nb == 0 ? 1 : nb;
  if (nb == 0) setBase(0, T_OBJECT);
  for (let i = 0; i < nb; i++) setBase(i, typeNumber(peekTupleItem(bases, <u64>i)));
  const best = bestBase();
  if (best < 0 || !linearize()) return 0;
  const t = takeTypeNumber();
  if (t < 0) { raise(EX_UNSUPPORTED, "more than 4,000 classes alive at once is not supported yet (memsim)"); return 0; }
  const exception = isExceptionClass(best);

  // type_new_get_bases: a class without bases gets (object,)
  let tpBases = bases;
  if (nb == 0) {
    tpBases = tupleNew(1);
    if (tpBases == 0) return noMemory(t);
    tupleSetItem(tpBases, 0, typeObject(T_OBJECT));
  } else incref(bases);
  // type_new_init: the dict, then the type object (PyType_GenericAlloc: zeroed, tracked)
  const dict = dictCopy(ns);
  if (dict == 0) { decref(tpBases); releaseTypeNumber(t); return 0; }
  const type = newGcObject(T_TYPE, HEAP_TYPE_SIZE + HEAP_TYPE_ITEMSIZE, GC_HEAD);
  if (type == 0) { decref(dict); decref(tpBases); return noMemory(t); }
  let previous = beginCategory(CAT_ALLOC);
  for (let p: u64 = OB_SIZE; p < HEAP_TYPE_SIZE + HEAP_TYPE_ITEMSIZE; p += 8) heapStore64(type + p, 0);
  endCategory(previous);
  gcTrack(type);
  setTypeObject(t, type);
  poke64(type + TP_VERSION_TAG, <u64>t);
  const cr = classRecord(t);
  store<u64>(cr, name);
  store<u64>(cr + 8, dict);
  store<i32>(cr + 16, best + 1);
  store<i32>(cr + CLASS_FLAGS, exception ? CF_EXCEPTION : 0);
  store<u64>(cr + 24, 0);

  // the fields (type_new_alloc, type_new_set_name, type_new_descriptors...)
  incref(name);
  incref(typeObject(best));
  previous = beginCategory(CAT_MUTATOR);
  heapStore64(type + HT_NAME, name);
  heapStore64(type + TP_NAME, strData(name));
  heapStore64(type + TP_FLAGS, TPF_HEAPTYPE | TPF_BASETYPE | TPF_HAVE_GC | (exception ? TPF_BASE_EXC_SUBCLASS : TPF_MANAGED_DICT));
  heapStore64(type + TP_BASE, typeObject(best));
  heapStore64(type + TP_BASES, tpBases);
  heapStore64(type + TP_DICT, dict);
  heapStore64(type + TP_DEALLOC, SUBTYPE_DEALLOC);
  // an exception class keeps its solid base's layout (BaseException's 72 bytes, NameError's 80...), and type_new adds
  // a __weakref__ slot (the exceptions have none): 80 bytes for a subclass of Exception
  const fields: u64 = exception ? <u64>exceptionFields(best) : 0;
  heapStore64(type + TP_BASICSIZE, exception ? 16 + ((fields + 1) << 3) : instanceSize);
  heapStore64(type + TP_DICTOFFSET, exception ? 16 : <u64>-1);
  heapStore64(type + TP_WEAKLISTOFFSET, exception ? 16 + (fields << 3) : 16);
  endCategory(previous);

  // type_new_set_ht_name: __qualname__ leaves the dict for ht_qualname
  const qualname = dictGetItem(dict, nameObject(N_QUALNAME));
  if (qualname != 0 && typeOf(qualname) != T_STR) {
    raiseBegin(EX_TYPE); msg("type __qualname__ must be a str, not "); msgTypeName(qualname);
    decref(type);
    return 0;
  }
  const q = qualname != 0 ? qualname : name;
  incref(q);
  previous = beginCategory(CAT_MUTATOR);
  heapStore64(type + HT_QUALNAME, q);
  endCategory(previous);
  if (qualname != 0) dictDelItem(dict, nameObject(N_QUALNAME));
  // type_new_set_classcell: the body's __class__ cell (methods using super() hold it) now holds the class
  if (!setClassCell(type, dict)) { decref(type); return 0; }

  // PyType_Ready
  if (!makeMro(type, t)) { decref(type); return 0; }
  // add_getset: the __dict__ and __weakref__ descriptors of a class that adds them (its base has neither)
  const addDict = best == T_OBJECT, addWeak = best == T_OBJECT || isBuiltinClass(best);
  if ((addDict && !addGetset(type, dict, N_DICT)) || (addWeak && !addGetset(type, dict, N_WEAKREF))) { decref(type); return 0; }
  // type_dict_set_doc
  const doc = nameObject(N_DOC);
  if (dictGetItem(dict, doc) == 0 && dictSetItem(dict, doc, NONE) != 0) { decref(type); return noMemory(-1); }
  previous = beginCategory(CAT_MUTATOR);
  heapStore64(type + TP_FLAGS, heapLoad64(type + TP_FLAGS) | TPF_READY);
  inheritSlots(type, typeObject(best));
  endCategory(previous);
  // type_ready_set_hash: __eq__ without __hash__ makes __hash__ None
  if (!setHashNone(dict)) { decref(type); return 0; }
  // type_ready_add_subclasses
  const n = tupleLength(tpBases);
  for (let i: u64 = 0; i < n; i++) {
    if (!addSubclass(tupleGetItem(tpBases, i), type)) { decref(type); return noMemory(-1); }
  }
  // fixup_slot_dispatchers: the special methods (slots.ts)
  classSlots(t);
  // the instances' cached keys (a class without an exception base: its instances have a managed dict)
  if (!exception) {
    const k = cachedKeysNew();
    if (k == 0) { decref(type); return noMemory(-1); }
    previous = beginCategory(CAT_MUTATOR);
    heapStore64(type + HT_CACHED_KEYS, k);
    endCategory(previous);
  }
  // type_new_set_names: a copy of the dict, walked for __set_name__ (a property's, of the subset's values)
  if (!setNames(type, dict)) { decref(type); return 0; }
  // type_new_init_subclass: super(type, type).__init_subclass__() (object's: it does nothing)
  if (!initSubclass(type)) { decref(type); return noMemory(-1); }
  return type;
}

/**
 * type_new_set_names: a copy of the class dict, walked (PyDict_Next); for
 * each property, _PyObject_LookupSpecial's bound __set_name__ (a builtin
 * method) called with (type, name) through _PyObject_MakeTpCall's tuple
 * (METH_VARARGS): prop_name is the name; both freed. False with an exception.
 */
function setNames(type: u64, dict: u64): bool {
  const names = dictCopy(dict);
  if (names == 0) return false;
  let pos: u64 = 0;
  let ok = true;
  while (ok && dictNext(names, pos)) {
    pos = nextPos;
    const key = nextKey, value = nextValue;
    if (typeOf(value) != T_PROPERTY) continue;
    const setName = boundClassMethod(value);
    const args = setName != 0 ? tupleNew(2) : 0;
    ok = args != 0;
    if (ok) {
      tupleSetItem(args, 0, type);
      tupleSetItem(args, 1, key);
      setPropertyName(value, key);
      decref(args);
    } else raise(EX_MEMORY, "");
    if (setName != 0) decref(setName);
  }
  decref(names);
  return ok;
}

function noMemory(t: i32): u64 {
  if (t >= 0) releaseTypeNumber(t);
  raise(EX_MEMORY, "");
  return 0;
}

/** type_new_set_classcell: __classcell__ (when the body made one) leaves the dict; its cell now holds the class. */
function setClassCell(type: u64, dict: u64): bool {
  const name = nameObject(N_CLASSCELL);
  const cell = dictGetItem(dict, name);
  if (cell == 0) return true;
  if (typeOf(cell) != T_CELL) { raiseBegin(EX_TYPE); msg("__classcell__ must be a nonlocal cell, not "); msgTypeName(cell); return false; }
  incref(type);
  const previous = beginCategory(CAT_MUTATOR);
  const old = heapLoad64(cell + CELL_REF);
  heapStore64(cell + CELL_REF, type);
  endCategory(previous);
  xdecref(old);
  dictDelItem(dict, name);
  return true;
}

/**
 * mro_internal: the MRO tuple (the class, then MERGED). A single base's is
 * built straight into a tuple; several bases' through pmerge's list (its
 * to_merge and remain arrays from PyMem_Malloc), made a tuple
 * (PySequence_Tuple) and the list freed. The MRO array mirrors it.
 */
function makeMro(type: u64, t: i32): bool {
  const n = nMerged + 1;
  let mro: u64 = 0;
  if (nBases == 1) {
    mro = tupleNew(<u64>n);
    if (mro == 0) { raise(EX_MEMORY, ""); return false; }
    tupleSetItem(mro, 0, type);
    for (let i = 1; i < n; i++) tupleSetItem(mro, <u64>i, typeObject(<i32>mergedAt(i - 1)));
  } else {
    const lists = <u64>(nBases + 1);
    const toMerge = objectMalloc(lists << 3);
    const remain = objectMalloc(lists << 2);
    const acc = listNew(0);
    let ok = toMerge != 0 && remain != 0 && acc != 0 && listAppend(acc, type);
    for (let i = 1; ok && i < n; i++) ok = listAppend(acc, typeObject(<i32>mergedAt(i - 1)));
    if (remain != 0) objectFree(remain);
    if (toMerge != 0) objectFree(toMerge);
    if (ok) {
      mro = tupleNew(<u64>n);
      if (mro != 0) for (let i: u64 = 0; i < <u64>n; i++) tupleSetItem(mro, i, peekListItem(acc, i));
    }
    if (acc != 0) decref(acc);
    if (mro == 0) { raise(EX_MEMORY, ""); return false; }
  }
  const previous = beginCategory(CAT_MUTATOR);
  heapStore64(type + TP_MRO, mro);
  endCategory(previous);
  setMro(t, 0, t);
  for (let i = 1; i < n; i++) setMro(t, i, <i32>mergedAt(i - 1));
  setMroLength(t, n);
  return true;
}

/** inherit_special / inherit_slots, modelled: the base's slot words read, each one the class leaves empty copied. */
function inheritSlots(type: u64, base: u64): void {
  for (let p: u64 = TP_DEALLOC; p < TP_FLAGS; p += 8) copySlot(type, base, p);
  for (let p: u64 = TP_WEAKLISTOFFSET + 8; p < TP_BASE; p += 8) copySlot(type, base, p);
}

function copySlot(type: u64, base: u64, p: u64): void {
  const v = heapLoad64(base + p);
  if (v != 0 && heapLoad64(type + p) == 0) heapStore64(type + p, v);
}

/** PyDescr_NewGetSet(type, getset) and PyDict_SetDefault(dict, name, descr): the descriptor, tracked as PyType_GenericAlloc makes it. */
function addGetset(type: u64, dict: u64, which: i32): bool {
  const name = nameObject(which);
  const d = extNew(T_GETSET);
  if (d == 0 || name == 0) { raise(EX_MEMORY, ""); return false; }
  extTrack(d, T_GETSET);
  extSet(d, F1, type, true);
  extSet(d, F2, name, true);
  extSet(d, F4, GETSET_DEF, false);
  let ok = true;
  if (dictGetItem(dict, name) == 0) ok = dictSetItem(dict, name, d) == 0;
  decref(d);
  if (!ok) raise(EX_MEMORY, "");
  return ok;
}

/** add_subclass: base.tp_subclasses[address of type] = a weak reference to type (the dict made on the base's first subclass). */
function addSubclass(base: u64, type: u64): bool {
  const key = newInt(<i64>type); // PyLong_FromVoidPtr
  if (key == 0) return false;
  const ref = weakrefNew(type);
  if (ref == 0) { decref(key); return false; }
  let previous = beginCategory(CAT_MUTATOR);
  let subclasses = heapLoad64(base + TP_SUBCLASSES);
  endCategory(previous);
  if (subclasses == 0) {
    subclasses = dictNew();
    if (subclasses == 0) { decref(key); decref(ref); return false; }
    previous = beginCategory(CAT_MUTATOR);
    heapStore64(base + TP_SUBCLASSES, subclasses);
    endCategory(previous);
  }
  const ok = dictSetItem(subclasses, key, ref) == 0;
  decref(key);
  decref(ref);
  return ok;
}

/** remove_subclass: type's entry leaves base.tp_subclasses (its key made again), the dict freed once empty. */
function removeSubclass(base: u64, type: u64): void {
  let previous = beginCategory(CAT_MUTATOR);
  const subclasses = heapLoad64(base + TP_SUBCLASSES);
  endCategory(previous);
  if (subclasses == 0) return;
  const key = newInt(<i64>type);
  if (key != 0) {
    dictDelItem(subclasses, key);
    decref(key);
  }
  if (dictLength(subclasses) == 0) {
    previous = beginCategory(CAT_MUTATOR);
    heapStore64(base + TP_SUBCLASSES, 0);
    endCategory(previous);
    decref(subclasses);
  }
}

/** PyWeakref_NewRef(ob, NULL): the referent's basic reference (the head of its list, without a callback) again, or a new one at the head. */
function weakrefNew(ob: u64): u64 {
  let previous = beginCategory(CAT_MUTATOR);
  const list = ob + heapLoad64(heapLoad64(ob + OB_TYPE) + TP_WEAKLISTOFFSET);
  const head = heapLoad64(list);
  const basic = head != 0 && heapLoad64(head + F2) == 0;
  endCategory(previous);
  if (basic) { incref(head); return head; }
  const r = extNew(T_WEAKREF);
  if (r == 0) return 0;
  previous = beginCategory(CAT_MUTATOR);
  heapStore64(r + F1, ob);
  heapStore64(r + F3, <u64>-1); // hash
  heapStore64(r + 56, GETSET_DEF); // vectorcall (a function pointer)
  endCategory(previous);
  extTrack(r, T_WEAKREF);
  // insert_head
  previous = beginCategory(CAT_MUTATOR);
  const next = heapLoad64(list);
  heapStore64(r + F4, 0);
  heapStore64(r + F5, next);
  if (next != 0) heapStore64(next + F4, r);
  heapStore64(list, r);
  endCategory(previous);
  return r;
}

/** type_new_init_subclass: the super object, its bound __init_subclass__ (a builtin method of the class), the call; both freed. */
function initSubclass(type: u64): bool {
  const su = extNew(T_SUPER);
  if (su == 0) return false;
  extSet(su, F1, type, true);
  extSet(su, F2, type, true);
  extSet(su, F3, type, true);
  extTrack(su, T_SUPER);
  const m = boundClassMethod(type);
  decref(su);
  if (m == 0) return false;
  decref(m);
  return true;
}

/**
 * A method of a built-in type bound to `self` (classmethod_get's and
 * method_get's PyCMethod_New: a builtin_function_or_method), as
 * __build_class__'s __prepare__, type_new's __init_subclass__ and a
 * property's __set_name__ make them. Nothing calls it by name: it is made
 * and freed. 0 on MemoryError.
 */
export function boundClassMethod(self: u64): u64 {
  const m = extNew(T_BUILTIN);
  if (m == 0) return 0;
  extSet(m, F2, self, true);
  extTrack(m, T_BUILTIN);
  return m;
}

// ---- type_dealloc and type_clear -------------------------------------------------------------

/** type_dealloc: out of its bases' subclass lists, its weak references cleared, its fields released, freed; its number free again. */
function typeDealloc(o: u64): void {
  const t = typeNumber(o);
  gcUntrack(o);
  // the record stops naming the dict and name it borrows
  if (t >= T_FIRST_CLASS) memory.fill(classRecord(t), 0, 32);
  const bases = heapLoad64(o + TP_BASES);
  if (bases != 0) {
    const n = tupleLength(bases);
    for (let i: u64 = 0; i < n; i++) removeSubclass(tupleGetItem(bases, i), o);
  }
  // PyObject_ClearWeakRefs: the basic reference, if one is left
  const head = heapLoad64(o + TP_WEAKLIST);
  if (head != 0 && heapLoad64(head + F2) == 0) weakrefClear(head);
  const fields = memory.data<u64>([TP_BASE, TP_DICT, TP_BASES, TP_MRO, TP_CACHE, TP_SUBCLASSES, HT_NAME, HT_QUALNAME, HT_SLOTS]);
  for (let i: usize = 0; i < 9; i++) xdecref(heapLoad64(o + load<u64>(fields + (i << 3))));
  const k = heapLoad64(o + HT_CACHED_KEYS);
  if (k != 0) cachedKeysRelease(k);
  xdecref(heapLoad64(o + HT_MODULE));
  freeGcObject(o, GC_HEAD);
  if (t >= T_FIRST_CLASS) releaseTypeNumber(t);
}

/** type_clear (the collector's tp_clear of a class): its dict emptied, its MRO dropped (the cycle through the MRO tuple broken). */
function typeClear(o: u64): void {
  const t = typeNumber(o);
  const d = heapLoad64(o + TP_DICT);
  if (d != 0) dictClear(d);
  const mro = heapLoad64(o + TP_MRO);
  if (mro != 0) {
    heapStore64(o + TP_MRO, 0);
    if (t >= T_FIRST_CLASS) {
      setMroLength(t, 0);
      classSlots(t);
    }
    decref(mro);
  }
}

// ---- a type's own attributes ------------------------------------------------------------------

/** A class's __module__ as type_module reads it (its dict's, looked up: costed), borrowed; 0 for a static type (tp_name says). */
export function classModule(t: i32): u64 {
  if (t < T_FIRST_CLASS || isBuiltinClass(t)) return 0;
  const m = dictGetItem(load<u64>(classRecord(t) + 8), nameObject(N_MODULE));
  return m != 0 && typeOf(m) == T_STR ? m : 0;
}

/** A class's __qualname__ (ht_qualname, costed), borrowed. */
export function classQualname(t: i32): u64 {
  return heapLoad64Mutator(typeObject(t) + HT_QUALNAME);
}


/** typeAttribute's answer when `name` is not one of the type's own attributes: look in the class. */
export const NOT_TYPE_ATTRIBUTE: u64 = 1;
/** ...when it is one memsim does not give (C.__dict__: a mappingproxy): AttributeError, which CPython's names make a refusal. */
export const TYPE_ATTRIBUTE_MISSING: u64 = 2;

/**
 * The data descriptors of `type` that type_getattro finds before a class's
 * own attributes: __name__, __qualname__, __module__, __mro__, __bases__,
 * __base__, __class__ (type_name, type_qualname, type_module...). A new
 * reference, 0 with an exception, or one of the two answers above.
 */
export function typeAttribute(o: u64, tn: i32, name: u64): u64 {
  if (strLength(name) < 7 || peekChar(name, 0) != 95 || peekChar(name, 1) != 95) return NOT_TYPE_ATTRIBUTE;
  const heap = tn >= T_FIRST_CLASS && (peek64(o + TP_FLAGS) & TPF_HEAPTYPE) != 0;
  if (strIs(name, "__name__")) return heap ? field(o, HT_NAME) : staticName(tn, false);
  if (strIs(name, "__qualname__")) return heap ? field(o, HT_QUALNAME) : staticName(tn, false);
  if (strIs(name, "__module__")) {
    if (!heap) return staticName(tn, true);
    const m = dictGetItem(heapLoad64Mutator(o + TP_DICT), nameObject(N_MODULE));
    if (m == 0) { raise(EX_ATTR, "__module__"); return 0; }
    incref(m);
    return m;
  }
  if (strIs(name, "__mro__")) return heap ? field(o, TP_MRO) : staticMro(tn);
  if (strIs(name, "__bases__")) return heap ? field(o, TP_BASES) : staticBases(tn);
  if (strIs(name, "__base__")) return heap ? field(o, TP_BASE) : staticBase(tn);
  if (strIs(name, "__class__")) { incref(typeObject(T_TYPE)); return typeObject(T_TYPE); }
  if (strIs(name, "__dict__") || strIs(name, "__weakref__")) return TYPE_ATTRIBUTE_MISSING;
  return NOT_TYPE_ATTRIBUTE;
}

/** Whether `name` is one of type's data descriptors that setting on a class would not put in its dict (__name__, __bases__...; not __module__ or __doc__). */
export function isTypeDescriptor(name: u64): bool {
  if (strLength(name) < 7 || peekChar(name, 0) != 95 || peekChar(name, 1) != 95) return false;
  return strIs(name, "__name__") || strIs(name, "__qualname__") || strIs(name, "__mro__") || strIs(name, "__bases__") ||
    strIs(name, "__base__") || strIs(name, "__class__") || strIs(name, "__dict__") || strIs(name, "__weakref__");
}

function heapLoad64Mutator(p: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(p);
  endCategory(previous);
  return v;
}

/** A field of a heap type, a new reference (None when empty: a cleared MRO). */
function field(o: u64, at: u64): u64 {
  const v = heapLoad64Mutator(o + at);
  if (v == 0) return newNone();
  incref(v);
  return v;
}

/**
 * A static type's name (type_name: a new str of tp_name after its last dot)
 * or module (type_module: tp_name before the dot, else "builtins"); an
 * exception class's name is its interned one.
 */
function staticName(tn: i32, module: bool): u64 {
  if (tn >= T_FIRST_CLASS) {
    if (module) { const b = nameObject(N_BUILTINS); incref(b); return b; }
    const n = load<u64>(classRecord(tn));
    incref(n);
    return n;
  }
  const full = builtinTypeName(tn);
  let dot = full.length - 1;
  while (dot >= 0 && full.charCodeAt(dot) != 46) dot--;
  if (module) {
    if (dot < 0) { const b = nameObject(N_BUILTINS); incref(b); return b; }
    return cstr(full, 0, dot);
  }
  return cstr(full, dot + 1);
}

/** A static type's tp_mro (CPython's exists from start-up; memsim makes the tuple when asked). */
function staticMro(tn: i32): u64 {
  const n = mroLength(tn);
  const r = tupleNew(<u64>n);
  if (r == 0) { raise(EX_MEMORY, ""); return 0; }
  for (let i = 0; i < n; i++) tupleSetItem(r, <u64>i, typeObject(mroAt(tn, i)));
  return r;
}

function staticBases(tn: i32): u64 {
  if (tn == T_OBJECT) { const e = tupleNew(0); return e; }
  const r = tupleNew(1);
  if (r == 0) { raise(EX_MEMORY, ""); return 0; }
  tupleSetItem(r, 0, typeObject(mroAt(tn, 1)));
  return r;
}

function staticBase(tn: i32): u64 {
  if (tn == T_OBJECT) return newNone();
  const b = typeObject(mroAt(tn, 1));
  incref(b);
  return b;
}
