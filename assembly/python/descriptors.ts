// property, staticmethod and classmethod as CPython 3.11 makes and binds them
// (Objects/descrobject.c's propertyobject, Objects/funcobject.c's
// staticmethod and classmethod): the objects, what calling their types
// allocates, their attributes, and their __get__/__set__ for the attribute
// lookups of eval.ts (instances, classes) and super.ts.
//
//   property: 64 bytes and a GC head (prop_get, prop_set, prop_del, prop_doc,
//   prop_name, getter_doc), prop_doc the getter's __doc__ when no doc is
//   given, prop_name set by type_new's __set_name__ call (classes.ts).
//   staticmethod, classmethod: 32 bytes and a GC head (cm_callable,
//   cm_dict); cm_init's functools_wraps copies the function's __module__,
//   __name__, __qualname__, __doc__ and __annotations__ (made empty in the
//   function on first read) into cm_dict, a dict made by the first setattr.
//
// Calling the type is _PyObject_MakeTpCall's (the arguments' tuple, the
// keywords' dict), then type_call: PyType_GenericAlloc (zeroed, tracked) and
// tp_init. A property's getter is not called here: propertyGet answers
// CALL_GETTER and the caller calls it (LOAD_ATTR in its own eval loop, the
// others nested), as property_descr_get's PyObject_CallOneArg does.

import { NONE } from "../heap/objects/layout";
import { T_STR, T_FUNCTION, T_FIRST_CLASS } from "../heap/objects/types";
import { incref, decref, xdecref, typeOf } from "../heap/objects/object";
import { tupleNew, tupleSetItem, tupleGetItem, tupleLength } from "../heap/objects/tuple";
import { dictNew, dictGetItem } from "../heap/objects/dict";
import { FUNC_CODE, FUNC_GLOBALS, FUNC_NAME, CODE_CONSTS } from "../heap/objects/layout";
import { FUNC_ANNOTATIONS } from "../heap/objects/function";
import { T_PROPERTY, T_STATICMETHOD, T_CLASSMETHOD, T_METHOD, F1, F2, F3, F4, F5, extNew, extSet, extGet, extTrack, methodNew } from "./objs";
import { raiseBegin, msg, msgStrObj, msgTypeName, msgTypeNumber, msgInt, strIs, CR_NAME, EX_TYPE, EX_ATTR, EX_UNSUPPORTED } from "./state";
import { chk, newNone, newBool, dictSetChecked, costed } from "./ops";
import { recordOf, tpCallArgs, tpCallKwargs } from "./eval";
import { classQualname } from "./classes";

const PROP_GET = F1, PROP_SET = F2, PROP_DEL = F3, PROP_DOC = F4, PROP_NAME = F5;
/** getter_doc (an int): prop_doc came from the getter, so a copy (getter/setter/deleter) takes the new getter's. */
const PROP_GETTER_DOC: u64 = 56;
const CM_CALLABLE = F1, CM_DICT = F2;

// ---- names (CPython's static _Py_ID strs; memsim interns them on first use) ----

// the attributes functools_wraps copies, in its order; then the globals' key for func_module
const N_MODULE = 0, N_NAME = 1, N_QUALNAME = 2, N_DOC = 3, N_ANNOTATIONS = 4, N_MAIN_NAME = 5;
const NAMES = memory.data(8 * 8);
let intern: (s: string) => u64 = noIntern;
function noIntern(s: string): u64 { return 0; }

function nameLiteral(i: i32): string {
  return i == N_MODULE ? "__module__" : i == N_NAME || i == N_MAIN_NAME ? "__name__" : i == N_QUALNAME ? "__qualname__" :
    i == N_DOC ? "__doc__" : "__annotations__";
}

function nameObject(i: i32): u64 {
  let s = load<u64>(NAMES + (<usize>i << 3));
  if (s == 0) {
    s = intern(nameLiteral(i));
    store<u64>(NAMES + (<usize>i << 3), s);
  }
  return s;
}

/** A run starts: `f` interns a name (borrowed). */
export function resetDescriptors(f: (s: string) => u64): void {
  memory.fill(NAMES, 0, 8 * 8);
  intern = f;
  getterProperty = 0;
  getterSelf = 0;
}

/** Whether type `t` is one of the three. */
// @ts-ignore: decorator
@inline export function isDescriptorType(t: i32): bool {
  return t >= T_PROPERTY && t <= T_CLASSMETHOD;
}

// ---- calling the types ---------------------------------------------------------------------

/** Argument i of a call, on the value stack (a costed load). */
// @ts-ignore: decorator
@inline function argAt(args: u64, i: i32): u64 {
  return costed(args + (<u64>i << 3));
}

/**
 * property(...), staticmethod(f), classmethod(f) with `n` arguments at
 * `args` (the value stack), the last ones named by `kw` (or 0): a new
 * reference, or 0 with an exception.
 */
export function descriptorTypeCall(t: i32, args: u64, n: i32, kw: u64): u64 {
  const nkw = kw == 0 ? 0 : <i32>tupleLength(kw);
  const npos = n - nkw;
  // _PyObject_MakeTpCall: the positional arguments as a tuple, the keywords as a dict
  const tuple = tpCallArgs(<u32>n, args, kw);
  if (tuple == 0) return 0;
  let kwargs: u64 = 0;
  if (nkw > 0) {
    kwargs = tpCallKwargs(<u32>n, args, kw);
    if (kwargs == 0) { decref(tuple); return 0; }
  }
  // type_call: tp_new (PyType_GenericNew: zeroed and tracked), then tp_init
  let o = extNew(t);
  if (o != 0) {
    extTrack(o, t);
    const inited = t == T_PROPERTY ? propertyInit(o, args, npos, kw, nkw) : callableInit(o, t, args, npos, nkw);
    if (!inited) { decref(o); o = 0; }
  } else chk(0);
  decref(tuple);
  xdecref(kwargs);
  return o;
}

/** property_init's arguments (Argument Clinic: fget, fset, fdel, doc, by position or keyword), then property_init_impl. */
function propertyInit(p: u64, args: u64, npos: i32, kw: u64, nkw: i32): bool {
  if (npos + nkw > 4) {
    raiseBegin(EX_TYPE); msg("property() takes at most 4 "); if (npos == 0) msg("keyword "); msg("arguments (");
    msgInt(npos + nkw); msg(" given)");
    return false;
  }
  // ARGS: fget, fset, fdel, doc (0: not given)
  for (let i = 0; i < 4; i++) store<u64>(ARGS + (<usize>i << 3), i < npos ? argAt(args, i) : 0);
  for (let j = 0; j < nkw; j++) {
    const name = tupleGetItem(kw, <u64>j);
    const i = strIs(name, "fget") ? 0 : strIs(name, "fset") ? 1 : strIs(name, "fdel") ? 2 : strIs(name, "doc") ? 3 : -1;
    if (i >= 0 && i < npos) {
      raiseBegin(EX_TYPE); msg("argument for property() given by name ('"); msgStrObj(name); msg("') and position ("); msgInt(i + 1); msg(")");
      return false;
    }
    if (i < 0) { raiseBegin(EX_TYPE); msg("'"); msgStrObj(name); msg("' is an invalid keyword argument for property()"); return false; }
    store<u64>(ARGS + (<usize>i << 3), argAt(args, npos + j));
  }
  return propertySetUp(p, load<u64>(ARGS), load<u64>(ARGS + 8), load<u64>(ARGS + 16), load<u64>(ARGS + 24));
}
const ARGS = memory.data(4 * 8);

/**
 * property_init_impl (0: an argument not given): None for an accessor is
 * none; without a doc (or with None) the getter's __doc__ is prop_doc
 * (getter_doc set).
 */
function propertySetUp(p: u64, fget: u64, fset: u64, fdel: u64, doc: u64): bool {
  if (fget == NONE) fget = 0;
  if (fset == NONE) fset = 0;
  if (fdel == NONE) fdel = 0;
  let getDoc: u64 = 0;
  if ((doc == 0 || doc == NONE) && fget != 0) {
    getDoc = docOf(fget);
    if (getDoc == 0) return false;
  }
  extSet(p, PROP_GET, fget, true);
  extSet(p, PROP_SET, fset, true);
  extSet(p, PROP_DEL, fdel, true);
  if (getDoc != 0) {
    extSet(p, PROP_DOC, getDoc, false);
    extSet(p, PROP_GETTER_DOC, 1, false);
  } else extSet(p, PROP_DOC, doc, true);
  return true;
}

/** _PyObject_LookupAttr(f, "__doc__") of a getter: a function's (func_doc), a bound method's function's, a descriptor's own; a new reference, or 0 with an exception. */
function docOf(f: u64): u64 {
  const t = typeOf(f);
  if (t == T_FUNCTION) return functionDoc(f);
  if (t == T_METHOD) return functionDoc(extGet(f, F1));
  if (t == T_PROPERTY) return fieldOrNone(f, PROP_DOC);
  raiseBegin(EX_UNSUPPORTED); msg("property() of a getter of type "); msgTypeName(f); msg(" without a doc is not supported yet (memsim)");
  return 0;
}

/** func_doc: the first constant of the function's code when it is a str (its docstring), else None; a new reference. */
function functionDoc(f: u64): u64 {
  const consts = costed(costed(f + FUNC_CODE) + CODE_CONSTS);
  const first = consts != 0 && tupleLength(consts) > 0 ? tupleGetItem(consts, 0) : NONE;
  const doc = typeOf(first) == T_STR ? first : NONE;
  incref(doc);
  return doc;
}

/** A reference field, or None when empty: a new reference. */
function fieldOrNone(o: u64, at: u64): u64 {
  const v = extGet(o, at);
  if (v == 0) return newNone();
  incref(v);
  return v;
}

/**
 * cm_init / sm_init: no keywords, one argument; cm_callable, then
 * functools_wraps copies the callable's __module__, __name__, __qualname__,
 * __doc__ and __annotations__ into the object's dict.
 */
function callableInit(o: u64, t: i32, args: u64, npos: i32, nkw: i32): bool {
  if (nkw > 0) { raiseBegin(EX_TYPE); msgTypeNumber(t); msg("() takes no keyword arguments"); return false; }
  if (npos != 1) { raiseBegin(EX_TYPE); msgTypeNumber(t); msg(" expected 1 argument, got "); msgInt(npos); return false; }
  const f = argAt(args, 0);
  if (typeOf(f) != T_FUNCTION) {
    raiseBegin(EX_UNSUPPORTED); msgTypeNumber(t); msg("() of a "); msgTypeName(f); msg(" object is not supported yet (memsim)");
    return false;
  }
  extSet(o, CM_CALLABLE, f, true);
  // functools_wraps: each attribute read from the function (PyObject_GetAttr), then set on the object (its dict)
  for (let i = N_MODULE; i <= N_ANNOTATIONS; i++) {
    const v = functionAttribute(f, i);
    if (v == 0) return false;
    const ok = setOwnAttr(o, nameObject(i), v);
    decref(v);
    if (!ok) return false;
  }
  return true;
}

/** A function's own attribute `name` of those functools_wraps copies (functionAttribute): a new reference, 0 with an exception, or NOT_OWN. */
export function functionAttr(f: u64, name: u64): u64 {
  for (let i = N_MODULE; i <= N_ANNOTATIONS; i++) if (strIs(name, nameLiteral(i))) return functionAttribute(f, i);
  return NOT_OWN;
}

/**
 * A function's __module__ (func_module: its globals' __name__ when it was
 * made), __name__ (co_name: memsim's one name word holds the qualname, which
 * repr and messages show), __qualname__, __doc__ or __annotations__ (made
 * empty on first read); a new reference, or 0.
 */
function functionAttribute(f: u64, which: i32): u64 {
  if (which == N_MODULE) {
    const m = dictGetItem(costed(f + FUNC_GLOBALS), nameObject(N_MAIN_NAME));
    if (m == 0) return newNone();
    incref(m);
    return m;
  }
  if (which == N_NAME) {
    const r = recordOf(costed(f + FUNC_CODE));
    const n = r != 0 ? load<u64>(r + CR_NAME) : costed(f + FUNC_NAME);
    incref(n);
    return n;
  }
  if (which == N_QUALNAME) { const q = costed(f + FUNC_NAME); incref(q); return q; }
  if (which == N_DOC) return functionDoc(f);
  return functionAnnotations(f);
}

/** func_get_annotations: func_annotations, an empty dict made on first read (the function keeps it); a new reference. */
export function functionAnnotations(f: u64): u64 {
  let d = costed(f + FUNC_ANNOTATIONS);
  if (d == 0) {
    d = dictNew();
    if (d == 0) return chk(0);
    extSet(f, FUNC_ANNOTATIONS, d, false);
  }
  incref(d);
  return d;
}

/** PyObject_GenericSetAttr on a staticmethod or classmethod for a name its type has no data descriptor for: into cm_dict (made on first use). */
function setOwnAttr(o: u64, name: u64, v: u64): bool {
  const d = ownDict(o);
  return d != 0 && dictSetChecked(d, name, v);
}

/** cm_dict, made when first needed (_PyObjectDict_SetItem, PyObject_GenericGetDict); borrowed, or 0 with MemoryError. */
function ownDict(o: u64): u64 {
  let d = extGet(o, CM_DICT);
  if (d == 0) {
    d = dictNew();
    if (d == 0) return chk(0);
    extSet(o, CM_DICT, d, false);
  }
  return d;
}

// ---- binding (tp_descr_get) ------------------------------------------------------------------

/** propertyGet's answer: call getterProperty's getter with getterSelf (both borrowed). */
export const CALL_GETTER: u64 = 1;
export let getterProperty: u64 = 0;
export let getterSelf: u64 = 0;

/** The getter CALL_GETTER asks for (prop_get, borrowed). */
export function propertyGetter(p: u64): u64 {
  return extGet(p, PROP_GET);
}

/**
 * property_descr_get(p, obj) for an instance `obj`: CALL_GETTER (the caller
 * calls the getter with obj), or 0 with AttributeError for a property
 * without one.
 */
export function propertyGet(p: u64, obj: u64): u64 {
  if (extGet(p, PROP_GET) == 0) { noAccessor(p, obj, "getter"); return 0; }
  getterProperty = p;
  getterSelf = obj;
  return CALL_GETTER;
}

/**
 * A staticmethod's or classmethod's __get__ for an instance of class `type`
 * or the class itself: the function (sm_descr_get), or the function bound to
 * the class (cm_descr_get: func_descr_get(f, type, type), a new method). A
 * new reference, or 0 on MemoryError.
 */
export function callableGet(d: u64, td: i32, type: u64): u64 {
  const f = extGet(d, CM_CALLABLE);
  if (f == 0) { raiseBegin(EX_TYPE); msg("uninitialized "); msgTypeNumber(td); msg(" object"); return 0; }
  if (td == T_CLASSMETHOD) return chk(methodNew(f, type));
  incref(f);
  return f;
}

/**
 * property_descr_set(p, obj, value) (value 0: delete): the setter or deleter
 * called from C code (nested: `call` is eval.ts's callObject), its result
 * dropped; or CPython's AttributeError for a property without one. False
 * with an exception.
 */
export function propertySet(p: u64, obj: u64, value: u64, call: (f: u64, argv: usize, n: u32) => u64): bool {
  const f = extGet(p, value == 0 ? PROP_DEL : PROP_SET);
  if (f == 0) { noAccessor(p, obj, value == 0 ? "deleter" : "setter"); return false; }
  // _PyObject_GenericSetAttrWithDict holds the descriptor for the call
  incref(p);
  store<u64>(SET_ARGV, obj);
  store<u64>(SET_ARGV + 8, value);
  const r = call(f, SET_ARGV, value == 0 ? 1 : 2);
  decref(p);
  if (r == 0) return false;
  decref(r);
  return true;
}
const SET_ARGV = memory.data(2 * 8);

/** "property 'x' of 'C' object has no setter" (the name when __set_name__ gave one; the class's qualified name). */
function noAccessor(p: u64, obj: u64, what: string): void {
  const name = extGet(p, PROP_NAME);
  raiseBegin(EX_ATTR); msg("property ");
  if (name != 0) { msgQuoted(name); msg(" "); }
  msg("of '"); msgQualname(obj); msg("' object has no "); msg(what);
}

function msgQuoted(s: u64): void {
  msg("'"); msgStrObj(s); msg("'");
}

/** PyType_GetQualName(Py_TYPE(obj)): a class's ht_qualname, a built-in type's name. */
function msgQualname(obj: u64): void {
  const t = typeOf(obj);
  if (t >= T_FIRST_CLASS) {
    const q = classQualname(t);
    if (q != 0) { msgStrObj(q); return; }
  }
  msgTypeName(obj);
}

// ---- their own attributes ------------------------------------------------------------------------

/** NOT_OWN: `name` is none of the object's own attributes (the caller's lookup goes on). */
export const NOT_OWN: u64 = 1;

/**
 * An attribute of a property, staticmethod or classmethod `o` (type `t`):
 * fget, fset, fdel, __doc__, __isabstractmethod__; __func__, __wrapped__,
 * __isabstractmethod__, __dict__ and what its dict holds. A new reference,
 * 0 with an exception, or NOT_OWN.
 */
export function descriptorAttribute(o: u64, t: i32, name: u64): u64 {
  if (t == T_PROPERTY) {
    if (strIs(name, "fget")) return fieldOrNone(o, PROP_GET);
    if (strIs(name, "fset")) return fieldOrNone(o, PROP_SET);
    if (strIs(name, "fdel")) return fieldOrNone(o, PROP_DEL);
    if (strIs(name, "__doc__")) return fieldOrNone(o, PROP_DOC);
    if (strIs(name, "__isabstractmethod__")) return newBool(false);
    return NOT_OWN;
  }
  if (strIs(name, "__func__") || strIs(name, "__wrapped__")) return fieldOrNone(o, CM_CALLABLE);
  if (strIs(name, "__isabstractmethod__")) return newBool(false);
  if (strIs(name, "__dict__")) { const d = ownDict(o); if (d != 0) incref(d); return d; }
  const d = extGet(o, CM_DICT);
  const v = d != 0 ? dictGetItem(d, name) : 0;
  if (v == 0) return NOT_OWN;
  incref(v);
  return v;
}

/**
 * Setting an attribute of one of them (PyObject_GenericSetAttr): a
 * staticmethod's or classmethod's own dict takes any name but its type's
 * descriptors (refused); a property has no dict (AttributeError). False
 * with an exception.
 */
export function descriptorSetAttr(o: u64, t: i32, name: u64, v: u64): bool {
  const special = strIs(name, "__func__") || strIs(name, "__wrapped__") || strIs(name, "__isabstractmethod__") || strIs(name, "__dict__") ||
    strIs(name, "fget") || strIs(name, "fset") || strIs(name, "fdel") || strIs(name, "__doc__");
  if (special) {
    raiseBegin(EX_UNSUPPORTED); msg("setting "); msgStrObj(name); msg(" of a "); msgTypeNumber(t); msg(" is not supported yet (memsim)");
    return false;
  }
  if (t == T_PROPERTY) {
    raiseBegin(EX_ATTR); msg("'property' object has no attribute '"); msgStrObj(name); msg("'");
    return false;
  }
  return setOwnAttr(o, name, v);
}

// ---- property's getter, setter and deleter --------------------------------------------------------

/**
 * property.getter / setter / deleter(f) (METH_O: `which` 0, 1, 2):
 * property_copy, a new property of the old one's accessors with f in
 * `which`'s place, made by calling its type (a 4-tuple through
 * _PyObject_MakeTpCall); the old prop_name carried over. A new reference,
 * or 0 with an exception.
 */
export function propertyCopy(old: u64, which: i32, f: u64): u64 {
  let get = which == 0 && f != NONE ? f : extGet(old, PROP_GET);
  let set = which == 1 && f != NONE ? f : extGet(old, PROP_SET);
  let del = which == 2 && f != NONE ? f : extGet(old, PROP_DEL);
  if (get == 0) get = NONE;
  if (set == 0) set = NONE;
  if (del == 0) del = NONE;
  let doc: u64 = NONE;
  // "make _init use __doc__ from getter"
  if (extGet(old, PROP_GETTER_DOC) == 0 || get == NONE) {
    doc = extGet(old, PROP_DOC);
    if (doc == 0) doc = NONE;
  }
  const tuple = tupleNew(4);
  if (tuple == 0) return chk(0);
  tupleSetItem(tuple, 0, get);
  tupleSetItem(tuple, 1, set);
  tupleSetItem(tuple, 2, del);
  tupleSetItem(tuple, 3, doc);
  let p = extNew(T_PROPERTY);
  if (p != 0) {
    extTrack(p, T_PROPERTY);
    if (!propertySetUp(p, get, set, del, doc)) { decref(p); p = 0; }
  } else chk(0);
  decref(tuple);
  if (p == 0) return 0;
  const name = extGet(old, PROP_NAME);
  if (name != 0) setPropertyName(p, name);
  return p;
}

/** prop_name = name (property_set_name, property_copy). */
export function setPropertyName(p: u64, name: u64): void {
  const old = extGet(p, PROP_NAME);
  extSet(p, PROP_NAME, name, true);
  xdecref(old);
}
