// super (Objects/typeobject.c's superobject, CPython 3.11): 40 bytes and a GC
// head holding type, obj and obj_type. `super()` without arguments is the
// eval loop's (it reads the calling frame: eval.ts superCall); this file makes
// the object and looks attributes up through it (super_getattro): along the
// MRO of obj_type, from the class after `type`.
//
// What a built-in class of the MRO gives: BaseException's __init__, __str__
// and __repr__ (the built-in exception classes'), object's __init__, bound as
// built-in methods (CPython's method-wrapper objects are 48 bytes, these 72).
// Another attribute of object reached this way is refused.

import { incref, typeOf } from "../heap/objects/object";
import { typeObject, typeNumber, T_TYPE, T_OBJECT, T_FIRST_CLASS, T_FUNCTION, mroLength, mroAt } from "../heap/objects/types";
import { dictGetItem } from "../heap/objects/dict";
import { T_SUPER, T_PROPERTY, T_STATICMETHOD, T_CLASSMETHOD, F1, F2, F3, extNew, extSet, extGet, extTrack, methodNew } from "./objs";
import { propertyGet, callableGet } from "./descriptors";
import { chk } from "./ops";
import { classRecord, raise, raiseBegin, msg, msgStrObj, strIs, EX_TYPE, EX_ATTR, EX_UNSUPPORTED, EX_MEMORY } from "./state";
import { isSubtype, boundBuiltin, M_BASE_INIT, M_BASE_STR, M_BASE_REPR, M_OBJECT_INIT } from "./builtins";
import { isBuiltinClass, isExceptionClass } from "./exceptions";

/** super(t, obj) (super_init_impl with supercheck): a new reference, or 0 with TypeError. */
export function superNew(t: i32, obj: u64): u64 {
  const ot = typeOf(obj);
  let objType: i32 = -1;
  if (ot == T_TYPE && isSubtype(typeNumber(obj), t)) objType = typeNumber(obj); // obj a class: super in a class method
  else if (isSubtype(ot, t)) objType = ot;
  if (objType < 0) { raise(EX_TYPE, "super(type, obj): obj must be an instance or subtype of type"); return 0; }
  const o = extNew(T_SUPER);
  if (o == 0) { raise(EX_MEMORY, ""); return 0; }
  extSet(o, F1, typeObject(t), true);
  extSet(o, F2, obj, true);
  extSet(o, F3, typeObject(objType), true);
  extTrack(o, T_SUPER);
  return o;
}

/** getattr(super_object, name) (super_getattro): a new reference, 0 with an exception, or a property's CALL_GETTER (descriptors.ts). */
export function superGetAttr(su: u64, name: u64): u64 {
  const start = typeNumber(extGet(su, F3));
  const skipTo = typeNumber(extGet(su, F1));
  const obj = extGet(su, F2);
  if (!strIs(name, "__class__")) {
    // obj_type's MRO after `type` (when `type` is object or not in it, nothing is left: the super object's own attributes)
    const n = mroLength(start);
    let i = 0;
    while (i < n && mroAt(start, i) != skipTo) i++;
    for (i++; i < n; i++) {
      const c = mroAt(start, i);
      if (c == T_OBJECT) {
        if (strIs(name, "__init__")) return boundBuiltin(M_OBJECT_INIT, obj);
        if (strIs(name, "__str__") || strIs(name, "__repr__") || strIs(name, "__eq__") || strIs(name, "__ne__") || strIs(name, "__hash__") ||
          strIs(name, "__setattr__") || strIs(name, "__getattribute__") || strIs(name, "__delattr__") || strIs(name, "__new__")) {
          raiseBegin(EX_UNSUPPORTED); msg("super()."); msgStrObj(name); msg(" reaching object is not supported yet (memsim)");
          return 0;
        }
      } else if (isBuiltinClass(c)) {
        // BaseException's methods (the built-in exception classes below it have its own)
        const id = strIs(name, "__init__") ? M_BASE_INIT : strIs(name, "__str__") ? M_BASE_STR : strIs(name, "__repr__") ? M_BASE_REPR : -1;
        if (id >= 0 && isExceptionClass(c)) return boundBuiltin(id, obj);
      } else if (c >= T_FIRST_CLASS) {
        const ns = load<u64>(classRecord(c) + 8);
        const v = ns != 0 ? dictGetItem(ns, name) : 0;
        if (v != 0) return bindFound(v, obj, start);
      }
    }
  }
  raiseBegin(EX_ATTR); msg("'super' object has no attribute '"); msgStrObj(name); msg("'");
  return 0;
}

/**
 * What super found, through its __get__(obj, obj_type) (obj NULL when it is
 * obj_type itself): a function bound to obj (func_descr_get: a method), a
 * property's getter called with obj (CALL_GETTER: the caller calls it), a
 * staticmethod's function, a classmethod's bound to obj_type; the function
 * or property itself for NULL; anything else as it is.
 */
function bindFound(v: u64, obj: u64, start: i32): u64 {
  const tv = typeOf(v);
  if (tv == T_STATICMETHOD || tv == T_CLASSMETHOD) return callableGet(v, tv, typeObject(start));
  const unbound = typeOf(obj) == T_TYPE && typeNumber(obj) == start;
  if (tv == T_PROPERTY && !unbound) return propertyGet(v, obj);
  if (tv != T_FUNCTION || unbound) { incref(v); return v; }
  return chk(methodNew(v, obj));
}
