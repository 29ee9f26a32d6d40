// Exceptions as CPython 3.11 has them (Objects/exceptions.c, Python/errors.c,
// and ceval.c's exception handling): the built-in exception classes, exception
// objects, the exception being handled (tstate->exc_info), and each caught
// exception's traceback (its objects: frames.ts).
//
// The built-in exception classes are classes (type numbers from T_FIRST_CLASS)
// made when a run starts, static as CPython's are: no namespace, flagged
// CF_EXCEPTION | CF_BUILTIN in their class record. A script's class deriving
// from one is an exception class too (CF_EXCEPTION). Their instances have
// BaseException's layout, 72 bytes and a GC head: dict, args, notes,
// traceback, context, cause, suppress_context (memsim's instances of a class
// with 7 slots; suppress_context holds True or nothing where CPython has a char),
// and the fields of the classes that add some, as their structs do:
// StopIteration's value, NameError's name, AttributeError's obj and name,
// ImportError's msg, name and path (members: NULL reads as None).
//
// A raise from the interpreter's own code is a type and a message (state.ts
// raise), as PyErr_SetString leaves it; the object is made when a handler
// catches it (PyErr_NormalizeException in exception_unwind), or earlier when
// it must carry a context. Its traceback (frames.ts: tracebacks and the frame
// objects they hold, as CPython makes them) is pending beside it (state.ts
// excTb) until a handler takes the exception, then in its traceback field.

import { peek64, poke64, heapLoad64, heapStore64, beginCategory, endCategory, CAT_MUTATOR } from "../heap/memory";
import { incref, decref, xdecref, typeOf } from "../heap/objects/object";
import { typeObject, T_TYPE, T_TUPLE, T_STR, T_OBJECT, T_FIRST_CLASS, typeNumber, classEpoch, setMro, setMroLength, mroLength, mroAt } from "../heap/objects/types";
import { TRUE, NONE, EMPTY_TUPLE, HT_QUALNAME } from "../heap/objects/layout";
import { tupleNew, tupleSetItem, tupleGetItem, tupleLength } from "../heap/objects/tuple";
import { strLength } from "../heap/objects/str";
import { dictNew, dictSetItem, dictGetItem, dictDelItem, dictLength } from "../heap/objects/dict";
import { staticClassNew, instanceNew } from "../heap/objects/instance";
import { frameCode, frameGlobals, frameBuiltins, tracebackFrame, tracebackLine, tracebackLasti, tracebackNext } from "./frames";
import { suggestName, suggestAttr } from "./suggest";
import {
  classRecord, excType, excValue, excArg, excFresh, errLen, errPtr, raise, raiseBegin, raiseObject, msg, msgTypeNumber, msgInt, msgStrObj, strIs, detachExcRefs,
  setExcFresh, excTb, setExcTraceback, detachTraceback, textLen, textByte, textPtr, clearException, exceptionName, errHint,
  stderrPtr, stderrLen, stderrRoom, stderrWritten, setErr, markHint, setErrHint, NO_HINT, CR_LOCALNAMES, CR_NLOCALS,
  EX_NONE, EX_OBJECT, EX_OVERFLOW, EX_ZERODIV, EX_ATTR, EX_MODULE, EX_INDEX, EX_KEY, EX_MEMORY, EX_NAME, EX_UNBOUND, EX_RUNTIME,
  EX_RECURSION, EX_STOPITER, EX_TYPE, EX_VALUE, EX_UNSUPPORTED, EX_GENEXIT, EX_IMPORT, CR_NAME, CODE_RECORD, codesPtr,
} from "./state";
import { internBorrowed } from "./image";
import { appendRepr, textToStr, cutText, reprObject, newNone, textAscii, textStrObj, textTypeName, msgRepr, reprForMessage, dictNext, nextKey, nextPos } from "./ops";
import { isSubtype } from "./builtins";
import { classModule } from "./classes";

// ---- the classes ------------------------------------------------------------------------------

/** The class record's flags (i32 at 20). */
export const CLASS_FLAGS: usize = 20;
export const CF_EXCEPTION: i32 = 1;
export const CF_BUILTIN: i32 = 2;

// CPython 3.11's hierarchy, the part memsim raises or a script may name.
const NAMES: StaticArray<string> = [
  "BaseException", "Exception", "ArithmeticError", "OverflowError", "ZeroDivisionError", "AssertionError", "AttributeError",
  "ImportError", "ModuleNotFoundError", "LookupError", "IndexError", "KeyError", "MemoryError", "NameError", "UnboundLocalError",
  "RuntimeError", "NotImplementedError", "RecursionError", "StopIteration", "TypeError", "ValueError", "GeneratorExit",
];
const PARENTS: StaticArray<i32> = [-1, 0, 1, 2, 2, 1, 1, 1, 7, 1, 9, 9, 1, 1, 13, 1, 15, 15, 1, 1, 1, 0];
/** The interpreter's code for each class's exceptions (EX_OBJECT: none of its own). */
const CODES: StaticArray<i32> = [
  EX_OBJECT, EX_OBJECT, EX_OBJECT, EX_OVERFLOW, EX_ZERODIV, EX_OBJECT, EX_ATTR, EX_IMPORT, EX_MODULE, EX_OBJECT, EX_INDEX, EX_KEY,
  EX_MEMORY, EX_NAME, EX_UNBOUND, EX_RUNTIME, EX_OBJECT, EX_RECURSION, EX_STOPITER, EX_TYPE, EX_VALUE, EX_GENEXIT,
];
/** The fields of each class's instances (BaseException's 7, and those its struct adds). */
const FIELDS: StaticArray<u32> = [7, 7, 7, 7, 7, 7, 9, 10, 10, 7, 7, 7, 7, 8, 8, 7, 7, 7, 8, 7, 7, 7];
const ASSERTION_ERROR = 5;
const ATTRIBUTE_ERROR = 6;
const IMPORT_ERROR = 7;
const NAME_ERROR = 13;
const STOP_ITERATION = 18;

/** BaseException's fields. */
export const EXC_DICT: u64 = 16;
export const EXC_ARGS: u64 = 24;
const EXC_TRACEBACK: u64 = 40;
const EXC_CONTEXT: u64 = 48;
const EXC_CAUSE: u64 = 56;
const EXC_SUPPRESS: u64 = 64;
/** The first field past BaseException's: StopIteration.value, NameError.name, AttributeError.obj, ImportError.msg. */
const EXC_EXTRA: u64 = 72;

let first: i32 = -1;
let madeIn: u32 = 0;

/** Make the built-in exception classes (once per heap) and bind them in `builtins`; false on MemoryError. */
export function makeExceptionClasses(builtins: u64): bool {
  if (first < 0 || madeIn != classEpoch || load<u64>(classRecord(first)) == 0) {
    for (let i = 0; i < NAMES.length; i++) {
      const t = staticClassNew(unchecked(FIELDS[i]));
      if (t < 0) return false;
      if (i == 0) first = t;
      poke64(typeObject(t) + 8, typeObject(T_TYPE)); // classes are instances of type
      const name = internBorrowed(unchecked(NAMES[i]));
      if (name == 0) return false;
      incref(name);
      const cr = classRecord(t);
      store<u64>(cr, name);
      store<u64>(cr + 8, 0); // no namespace: nothing of theirs is looked up by name
      const parent = unchecked(PARENTS[i]);
      store<i32>(cr + 16, parent < 0 ? 0 : first + parent + 1);
      store<i32>(cr + CLASS_FLAGS, CF_EXCEPTION | CF_BUILTIN);
      store<u64>(cr + 24, 0);
      // its MRO: itself, its parent's, object last
      setMro(t, 0, t);
      const n = parent < 0 ? 1 : mroLength(first + parent);
      for (let j = 0; j < n; j++) setMro(t, j + 1, parent < 0 ? T_OBJECT : mroAt(first + parent, j));
      setMroLength(t, n + 1);
    }
    madeIn = classEpoch;
  }
  for (let i = 0; i < NAMES.length; i++) {
    if (dictSetItem(builtins, load<u64>(classRecord(first + i)), typeObject(first + i)) != 0) return false;
  }
  excInfo = 0;
  return true;
}

// @ts-ignore: decorator
@inline export function isExceptionClass(t: i32): bool {
  return t >= T_FIRST_CLASS && (load<i32>(classRecord(t) + CLASS_FLAGS) & CF_EXCEPTION) != 0;
}

/** A class memsim defines itself (a built-in exception class): shown without "__main__.". */
// @ts-ignore: decorator
@inline export function isBuiltinClass(t: i32): bool {
  return t >= T_FIRST_CLASS && (load<i32>(classRecord(t) + CLASS_FLAGS) & CF_BUILTIN) != 0;
}

/**
 * solid_base of an exception class: the nearest built-in class whose
 * instances CPython lays out with fields of its own (ImportError,
 * AttributeError, NameError, StopIteration add some to BaseException's), else
 * BaseException. best_base (classes.ts) compares them.
 */
export function exceptionSolidBase(t: i32): i32 {
  while (t > first) {
    if (isBuiltinClass(t)) {
      const i = t - first;
      if (i == ATTRIBUTE_ERROR || i == IMPORT_ERROR || i == NAME_ERROR || i == STOP_ITERATION) return t;
    }
    t = load<i32>(classRecord(t) + 16) - 1;
  }
  return first;
}

/** The fields of exception class t's instances (its solid base's): a class of the script adds its __weakref__ slot after them. */
export function exceptionFields(t: i32): u32 {
  return unchecked(FIELDS[exceptionSolidBase(t) - first]);
}

/** The member `name` of exception class t's solid base (its offset in the instance), or 0. */
function memberOffset(t: i32, name: u64): u64 {
  const b = exceptionSolidBase(t) - first;
  if (b == NAME_ERROR) return strIs(name, "name") ? EXC_EXTRA : 0;
  if (b == STOP_ITERATION) return strIs(name, "value") ? EXC_EXTRA : 0;
  if (b == ATTRIBUTE_ERROR) return strIs(name, "obj") ? EXC_EXTRA : strIs(name, "name") ? EXC_EXTRA + 8 : 0;
  if (b == IMPORT_ERROR) return strIs(name, "msg") ? EXC_EXTRA : strIs(name, "name") ? EXC_EXTRA + 8 : strIs(name, "path") ? EXC_EXTRA + 16 : 0;
  return 0;
}

/** Whether `o` is an exception class (a type object). */
function isExceptionType(o: u64): bool {
  return typeOf(o) == T_TYPE && isExceptionClass(typeNumber(o));
}

/** The class the interpreter's exceptions of code `code` are made with. */
function classOfCode(code: i32): i32 {
  for (let i = 0; i < CODES.length; i++) if (unchecked(CODES[i]) == code) return first + i;
  return first + 1; // Exception
}

/** The interpreter's code for exceptions of class `t`: its nearest built-in class's. */
function codeOfClass(t: i32): i32 {
  while (t >= T_FIRST_CLASS && !isBuiltinClass(t)) t = load<i32>(classRecord(t) + 16) - 1;
  return t >= first && t < first + CODES.length ? unchecked(CODES[t - first]) : EX_OBJECT;
}

/** AssertionError (LOAD_ASSERTION_ERROR), borrowed. */
export function assertionError(): u64 {
  return typeObject(first + ASSERTION_ERROR);
}

// ---- exception objects ------------------------------------------------------------------------

/** A field of an exception (costed), borrowed. */
function field(o: u64, off: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(o + off);
  endCategory(previous);
  return v;
}

/** Set a field (costed); the field takes `v` (a new reference, or 0), the old value is released. */
function setField(o: u64, off: u64, v: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  const old = heapLoad64(o + off);
  heapStore64(o + off, v);
  endCategory(previous);
  xdecref(old);
}

/** BaseException_new: an instance of exception class `t` with `args` (a tuple it shares); 0 on MemoryError. */
export function exceptionNew(t: i32, args: u64): u64 {
  const o = instanceNew(t);
  if (o == 0) { raise(EX_MEMORY, ""); return 0; }
  forgetHint(o); // (a suggestion remembered for an exception freed since, at this address)
  incref(args);
  setField(o, EXC_ARGS, args);
  return o;
}

/**
 * tp_init of exception o's class with `args` and the keywords in dict `kw`
 * (0: none): BaseException_init (self.args = args; keywords refused, as
 * `ValueError(x=1)` is), and StopIteration_init (value: the first argument
 * or None), NameError_init (name=), AttributeError_init (name=, obj=),
 * ImportError_init (name=, path=; msg: the one argument), which parse their
 * keywords as PyArg_ParseTupleAndKeywords(empty tuple, kwds, "|$O...")
 * does. False with TypeError.
 */
export function exceptionInit(o: u64, args: u64, kw: u64): bool {
  const t = typeOf(o);
  const b = exceptionSolidBase(t) - first;
  const keywords = b == NAME_ERROR || b == ATTRIBUTE_ERROR || b == IMPORT_ERROR;
  if (kw != 0 && !keywords) { raiseBegin(EX_TYPE); msgTypeNumber(t); msg("() takes no keyword arguments"); return false; }
  incref(args);
  setField(o, EXC_ARGS, args);
  if (!keywords) { fieldsFromArgs(o, b, args); return true; }
  incref(EMPTY_TUPLE); // (PyTuple_New(0): the empty tuple)
  const ok = parseKeywords(b, kw);
  decref(EMPTY_TUPLE);
  if (!ok) return false;
  if (b == NAME_ERROR) { setMember(o, EXC_EXTRA, kwFirst); return true; }
  setMember(o, EXC_EXTRA + 8, kwFirst); // name
  setMember(o, b == ATTRIBUTE_ERROR ? EXC_EXTRA : EXC_EXTRA + 16, kwSecond); // obj, or path
  fieldsFromArgs(o, b, args);
  return true;
}

/** The fields tp_init sets from the arguments alone: StopIteration's value (the first, or None), ImportError's msg (the only one, or NULL). */
function fieldsFromArgs(o: u64, b: i32, args: u64): void {
  if (b == STOP_ITERATION) setMember(o, EXC_EXTRA, tupleLength(args) > 0 ? tupleGetItem(args, 0) : NONE);
  else if (b == IMPORT_ERROR) setMember(o, EXC_EXTRA, tupleLength(args) == 1 ? tupleGetItem(args, 0) : 0);
}

/** A member's field takes `v` (borrowed; 0 for NULL): Py_XINCREF, Py_XSETREF. */
function setMember(o: u64, off: u64, v: u64): void {
  if (v != 0) incref(v);
  setField(o, off, v);
}

// What parseKeywords found (borrowed, or 0): name=, then obj= (AttributeError) or path= (ImportError).
let kwFirst: u64 = 0;
let kwSecond: u64 = 0;

/** vgetargskeywords over the dict `kw` for solid base b's keyword-only parameters; false with TypeError. */
function parseKeywords(b: i32, kw: u64): bool {
  kwFirst = kwSecond = 0;
  if (kw == 0) return true;
  const fname = b == NAME_ERROR ? "NameError" : b == ATTRIBUTE_ERROR ? "AttributeError" : "ImportError";
  const second = b == ATTRIBUTE_ERROR ? "obj" : "path";
  const len: i64 = b == NAME_ERROR ? 1 : 2;
  const n = <i64>dictLength(kw);
  if (n > len) {
    raiseBegin(EX_TYPE); msg(fname); msg("() takes at most "); msgInt(len); msg(len == 1 ? " keyword argument (" : " keyword arguments ("); msgInt(n); msg(" given)");
    return false;
  }
  let found: i64 = 0;
  kwFirst = dictGetItem(kw, internBorrowed("name"));
  if (kwFirst != 0) found++;
  if (len == 2) {
    kwSecond = dictGetItem(kw, internBorrowed(second));
    if (kwSecond != 0) found++;
  }
  if (found == n) return true;
  // an extraneous keyword: the first of the dict's that is none of them
  let pos: u64 = 0;
  while (dictNext(kw, pos)) {
    pos = nextPos;
    const k = nextKey;
    if (strIs(k, "name") || (len == 2 && strIs(k, second))) continue;
    raiseBegin(EX_TYPE); msg("'"); msgStrObj(k); msg("' is an invalid keyword argument for "); msg(fname); msg("()");
    return false;
  }
  return true;
}

/** PyException_GetTraceback without its reference: exception `o`'s traceback (costed), borrowed, or 0. */
export function exceptionTraceback(o: u64): u64 {
  return field(o, EXC_TRACEBACK);
}

/** Whether `o` is an exception (an instance of an exception class). */
export function isException(o: u64): bool {
  return isExceptionClass(typeOf(o));
}

/** The offset of member `name` of exception class t's instances (name, obj, msg, path, value: its solid base's), or 0. */
export function exceptionMember(t: i32, name: u64): u64 {
  return memberOffset(t, name);
}

/**
 * An exception's attribute: args, the member at offset `member` (0: none;
 * NULL reads as None, T_OBJECT's), or what its dict holds (a new
 * reference); 0 when it has none (no exception raised).
 */
export function exceptionGetAttr(o: u64, name: u64, isArgs: bool, member: u64): u64 {
  if (isArgs) { const a = field(o, EXC_ARGS); incref(a); return a; }
  if (member != 0) {
    const v = field(o, member);
    if (v == 0) return newNone();
    incref(v);
    return v;
  }
  const d = field(o, EXC_DICT);
  if (d == 0) return 0;
  const v = dictGetItem(d, name);
  if (v != 0) incref(v);
  return v;
}

/** Set an exception's attribute (args: a tuple of the value, BaseException_set_args; a member's field, PyMember_SetOne); false with an exception. */
export function exceptionSetAttr(o: u64, name: u64, v: u64, isArgs: bool, member: u64): bool {
  if (isArgs) {
    if (typeOf(v) != T_TUPLE) { raise(EX_UNSUPPORTED, "setting args to anything but a tuple is not supported yet (memsim)"); return false; }
    incref(v);
    setField(o, EXC_ARGS, v);
    return true;
  }
  if (member != 0) { setMember(o, member, v); return true; }
  let d = field(o, EXC_DICT);
  if (d == 0) {
    d = dictNew();
    if (d == 0) { raise(EX_MEMORY, ""); return false; }
    setField(o, EXC_DICT, d);
  }
  if (dictSetItem(d, name, v) != 0) { raise(EX_MEMORY, ""); return false; }
  return true;
}

/**
 * del e.name: args may not be deleted (TypeError, -1); a member's field
 * becomes NULL; else the dict's entry (1), or 0 when there is none (the
 * caller's AttributeError).
 */
export function exceptionDelAttr(o: u64, name: u64, isArgs: bool, member: u64): i32 {
  if (isArgs) { raise(EX_TYPE, "args may not be deleted"); return -1; }
  if (member != 0) { setField(o, member, 0); return 1; }
  const d = field(o, EXC_DICT);
  return d != 0 && dictDelItem(d, name) ? 1 : 0;
}

/**
 * str(e) (BaseException_str; KeyError_str: the repr of a lone key;
 * ImportError_str: its msg when that is a str) or repr(e)
 * (BaseException_repr: `Name(arg)`, or `Name` and the args tuple) into the
 * text buffer; false with an exception.
 */
export function appendException(o: u64, t: i32, asStr: bool): bool {
  if (asStr && exceptionSolidBase(t) - first == IMPORT_ERROR) {
    const m = field(o, EXC_EXTRA);
    if (m != 0 && typeOf(m) == T_STR) { textStrObj(m); return true; }
  }
  const args = field(o, EXC_ARGS);
  const n = args != 0 ? tupleLength(args) : 0;
  if (asStr) {
    if (n == 0) return true;
    if (n > 1) return appendRepr(args, false);
    return appendRepr(tupleGetItem(args, 0), codeOfClass(t) != EX_KEY);
  }
  textTypeName(t);
  if (n == 1) {
    textByte(40);
    if (!appendRepr(tupleGetItem(args, 0), false)) return false;
    textByte(41);
    return true;
  }
  if (args == 0) { textAscii("()"); return true; }
  return appendRepr(args, false);
}

/** str(e) or repr(e) as BaseException has them (not the class's own __str__ or __repr__): a new str, or 0. */
export function exceptionText(o: u64, asStr: bool): u64 {
  const start = textLen;
  if (!appendException(o, typeOf(o), asStr)) { cutText(start); return 0; }
  return textToStr(start);
}

// ---- raising ------------------------------------------------------------------------------------

/**
 * do_raise's exception: `exc` itself (an instance of an exception class) or
 * exc() (an exception class); a new reference, or 0 with TypeError.
 */
function instanceFor(exc: u64, callClass: (t: i32) => u64): u64 {
  if (isExceptionType(exc)) {
    const e = callClass(typeNumber(exc));
    if (e == 0) return 0;
    if (!isException(e)) {
      const r = reprForMessage(exc);
      if (r >= 0) { raiseBegin(EX_TYPE); msg("calling "); msgRepr(r); msg(" should have returned an instance of BaseException, not "); msgTypeNumber(typeOf(e)); }
      decref(e);
      return 0;
    }
    return e;
  }
  if (isException(exc)) { incref(exc); return exc; }
  return 0;
}

/**
 * RAISE_VARARGS 1 and 2 (do_raise): raise `exc` with `cause` (0: none given);
 * both borrowed. Always false: the exception (or the TypeError) is pending.
 */
export function raiseGiven(exc: u64, cause: u64, callClass: (t: i32) => u64): bool {
  const value = instanceFor(exc, callClass);
  if (value == 0) {
    if (excType == EX_NONE) raise(EX_TYPE, "exceptions must derive from BaseException");
    return false;
  }
  if (cause != 0) {
    let fixed: u64 = 0;
    if (cause != NONE) {
      fixed = instanceFor(cause, callClass);
      if (fixed == 0) {
        decref(value);
        if (excType == EX_NONE) raise(EX_TYPE, "exception causes must derive from BaseException");
        return false;
      }
    }
    setField(value, EXC_CAUSE, fixed); // PyException_SetCause: suppress_context too
    incref(TRUE);
    setField(value, EXC_SUPPRESS, TRUE);
  }
  restoreTraceback(value);
  raiseObject(codeOfClass(typeOf(value)), value, true);
  return false;
}

/** RAISE_VARARGS 0 (a bare `raise`): the exception being handled pending again (true), or RuntimeError without one (false). */
export function reraiseHandled(): bool {
  if (excInfo == 0 || excInfo == NONE) { raise(EX_RUNTIME, "No active exception to reraise"); return false; }
  reraise(excInfo);
  return true;
}

/** RERAISE: `value` (borrowed) pending again with the traceback it had, no line added for the frame re-raising it. */
export function reraise(value: u64): void {
  incref(value);
  restoreTraceback(value);
  raiseObject(codeOfClass(typeOf(value)), value, false);
}

/**
 * _PyGen_FetchStopIterationValue with a StopIteration (or a subclass's)
 * pending: its value (args[0], else None; a new reference), nothing pending.
 * 0, the exception left pending, for any other.
 */
export function stopIterationValue(): u64 {
  if (excType != EX_STOPITER) return 0;
  if (excValue == 0 && excArg == 0 && errLen == 0) {
    // (PyErr_SetNone(StopIteration): no object to read; next() raises so)
    clearException();
    return newNone();
  }
  const o = takeException();
  if (o == 0) return 0;
  const args = field(o, EXC_ARGS);
  const v = args != 0 && tupleLength(args) > 0 ? tupleGetItem(args, 0) : NONE;
  incref(v);
  decref(o);
  return v;
}

/** The pending exception's object (a new reference; made now if it was a type and a message), its traceback kept with it, and nothing pending; 0 with MemoryError. */
export function takeException(): u64 {
  let o = excValue;
  if (o != 0) detachExcRefs();
  else o = normalize();
  if (o == 0) return 0;
  setField(o, EXC_TRACEBACK, detachTraceback()); // PyException_SetTraceback: the traceback so far goes with it
  clearException();
  return o;
}

/**
 * PyErr_NormalizeException: the pending type and message as an object (its
 * class called with the message, or the KeyError's key, or nothing; the
 * fields its tp_init sets from them); 0 with MemoryError.
 */
function normalize(): u64 {
  const t = classOfCode(excType);
  const args = pendingArgs();
  if (args == 0) return 0;
  const o = exceptionNew(t, args);
  if (o != 0) fieldsFromArgs(o, exceptionSolidBase(t) - first, args);
  decref(args);
  if (o != 0 && errHint < errLen) rememberHint(o);
  return o;
}

/** The pending exception's arguments as a tuple (a new reference): the message, the KeyError's key, or none; 0 with MemoryError. */
function pendingArgs(): u64 {
  let args: u64 = 0;
  if (excArg != 0) {
    args = tupleNew(1);
    if (args != 0) tupleSetItem(args, 0, excArg);
  } else if (errLen > 0) {
    const start = textLen;
    const n = errHint < errLen ? errHint : errLen; // (the "Did you mean" is not the message's)
    for (let i: u32 = 0; i < n; i++) textByte(load<u8>(errPtr + i));
    const s = textToStr(start);
    if (s != 0) {
      args = tupleNew(1);
      if (args != 0) tupleSetItem(args, 0, s);
      decref(s);
    }
  } else {
    args = tupleNew(0);
  }
  if (args == 0) raise(EX_MEMORY, "");
  return args;
}

/**
 * format_exc_check_arg's NameError (LOAD_NAME, LOAD_GLOBAL, DELETE_NAME, a
 * free variable's), pending as a type and a message: CPython normalizes it at
 * once and gives it its name (for the traceback's suggestion), so the object
 * is made now.
 */
export function nameErrorContext(name: u64): void {
  if (excType != EX_NAME || excValue != 0) return;
  const fresh = excFresh;
  const o = normalize();
  if (o == 0) return;
  raiseObject(EX_NAME, o, fresh);
  if (field(o, EXC_EXTRA) == 0) setMember(o, EXC_EXTRA, name);
}

/**
 * set_attribute_error_context (PyObject_GetAttr, _PyObject_GetMethod): the
 * pending AttributeError of looking `name` up on `obj` is normalized and,
 * unless it has either already, given its name and obj.
 */
export function attributeErrorContext(obj: u64, name: u64): void {
  if (excType != EX_ATTR) return;
  let o = excValue;
  if (o == 0) {
    const fresh = excFresh;
    o = normalize();
    if (o == 0) return;
    raiseObject(EX_ATTR, o, fresh);
  }
  if (field(o, EXC_EXTRA + 8) != 0 || field(o, EXC_EXTRA) != 0) return;
  setMember(o, EXC_EXTRA + 8, name);
  setMember(o, EXC_EXTRA, obj);
}

/**
 * PyErr_SetImportError(msg, name, None) for the pending ImportError (its
 * message): the keywords a dict {"name": name, "path": None}, the class
 * called with the message and them (ImportError_init), the object pending.
 */
export function importErrorContext(name: u64): void {
  if (excType != EX_IMPORT || excValue != 0) return;
  const fresh = excFresh;
  const kw = dictNew();
  if (kw == 0) { raise(EX_MEMORY, ""); return; }
  if (dictSetItem(kw, internBorrowed("name"), name) != 0 || dictSetItem(kw, internBorrowed("path"), NONE) != 0) { decref(kw); raise(EX_MEMORY, ""); return; }
  const args = pendingArgs();
  if (args == 0) { decref(kw); return; }
  const o = exceptionNew(classOfCode(EX_IMPORT), args);
  if (o != 0) exceptionInit(o, args, kw);
  decref(args);
  decref(kw);
  if (o != 0) raiseObject(EX_IMPORT, o, fresh);
}

// The suggestions of exceptions made from a message that had one, for their traceback sections (CPython works them
// out from NameError.name and AttributeError.obj when it prints; memsim, from the raising frame when it raises). An
// entry is (the exception, the suggestion's bytes), forgotten when an exception is made at its address.
const HINTS: u32 = 16;
const HINT_BYTES: u32 = 240;
const HINT_ENTRY: usize = 16 + <usize>HINT_BYTES;
const hints = memory.data(<i32>(HINTS * <u32>HINT_ENTRY));
let hintNext: u32 = 0;

function rememberHint(o: u64): void {
  const e = hints + <usize>(hintNext % HINTS) * HINT_ENTRY;
  hintNext++;
  const n = min(errLen - errHint, HINT_BYTES);
  store<u64>(e, o);
  store<u32>(e + 8, n);
  memory.copy(e + 16, errPtr + errHint, n);
}

function forgetHint(o: u64): void {
  for (let i: u32 = 0; i < HINTS; i++) {
    const e = hints + <usize>i * HINT_ENTRY;
    if (load<u64>(e) == o) store<u64>(e, 0);
  }
}

/** The remembered suggestion of exception `o` (its bytes at hintPtr), or 0 bytes. */
let hintPtr: usize = 0;
function hintOf(o: u64): u32 {
  for (let i: u32 = 0; i < HINTS; i++) {
    const e = hints + <usize>i * HINT_ENTRY;
    if (load<u64>(e) == o) { hintPtr = e + 16; return load<u32>(e + 8); }
  }
  return 0;
}

/** A new run: no exception has a suggestion. */
export function clearHints(): void {
  memory.fill(hints, 0, <usize>HINTS * HINT_ENTRY);
  hintNext = 0;
}

// ---- the exception being handled -------------------------------------------------------------

/** tstate->exc_info->exc_value: the exception an except block handles (a reference), None, or 0 (none yet). */
export let excInfo: u64 = 0;

/** PUSH_EXC_INFO's swap: the handled exception becomes `value` (a reference taken); the old one is returned (None for none). */
export function pushExcInfo(value: u64): u64 {
  const old = excInfo != 0 ? excInfo : newNone();
  incref(value);
  excInfo = value;
  return old;
}

/** POP_EXCEPT: the handled exception becomes `value` (the reference on the stack moves); the old one is released. */
export function popExcInfo(value: u64): void {
  const old = excInfo;
  excInfo = value;
  xdecref(old);
}

/**
 * _PyErr_SetObject's chaining for a fresh exception raised while another is
 * handled: the handled one becomes its __context__ (a cycle through the
 * handled one's own contexts is cut first). The pending exception is made an
 * object now if it was not one.
 */
export function chainContext(): void {
  if (!excFresh) return;
  setExcFresh(false);
  if (excInfo == 0 || excInfo == NONE || excType == EX_UNSUPPORTED) return;
  if (excValue == 0) {
    const t = excType;
    const o = normalize();
    if (o == 0) return;
    raiseObject(t, o, false); // (the tuple normalize made holds the argument: raiseObject releases the pending one's)
  }
  const value = excValue;
  if (value == excInfo) return;
  let o = excInfo;
  for (let k = 0; k < 1000; k++) {
    const c = field(o, EXC_CONTEXT);
    if (c == 0) break;
    if (c == value) { setField(o, EXC_CONTEXT, 0); break; }
    o = c;
  }
  incref(excInfo);
  setField(value, EXC_CONTEXT, excInfo);
}

/** CHECK_EXC_MATCH: whether exception `exc` matches `match` (a class or a tuple of classes); -1 with TypeError when one is not an exception class. */
export function exceptionMatches(exc: u64, match: u64): i32 {
  const t = typeOf(exc);
  if (typeOf(match) == T_TUPLE) {
    const n = tupleLength(match);
    for (let i: u64 = 0; i < n; i++) if (!isExceptionType(tupleGetItem(match, i))) return badMatch();
    for (let i: u64 = 0; i < n; i++) if (isSubtype(t, typeNumber(tupleGetItem(match, i)))) return 1;
    return 0;
  }
  if (!isExceptionType(match)) return badMatch();
  return isSubtype(t, typeNumber(match)) ? 1 : 0;
}

function badMatch(): i32 {
  raise(EX_TYPE, "catching classes that do not inherit from BaseException is not allowed");
  return -1;
}

/** The pending traceback becomes exception `o`'s (PyException_GetTraceback: a raise of it goes on from where it was). */
function restoreTraceback(o: u64): void {
  const tb = field(o, EXC_TRACEBACK);
  if (tb != 0) incref(tb);
  setExcTraceback(tb);
}

// ---- unraisable exceptions ----------------------------------------------------------------------

/**
 * PyErr_WriteUnraisable(obj) with the default sys.unraisablehook
 * (write_unraisable_exc_file): the pending exception, normalized with its
 * traceback, is reported on the script's stderr and cleared. The report, for
 * the host (runner.ts), at stderrPtr: "!Exception ignored in: " and repr(obj),
 * a "name line lasti record" line per traceback entry (as uncaughtText's),
 * then "=" and the type's qualified name (its module's too, but builtins'
 * and __main__'s), ": " (even before an empty str) and str(e); no chain. The
 * text costs nothing (as an uncaught exception's), the normalization what
 * CPython's costs. A report that does not fit is dropped and counted.
 */
export function writeUnraisable(obj: u64, recOf: (code: u64) => usize): void {
  const value = takeException();
  if (value == 0) { clearException(); return; }
  outP = stderrPtr + stderrLen;
  outN = 0;
  outMax = stderrRoom();
  outAscii("!Exception ignored in: ");
  outObject(obj, false, "<object repr() failed>");
  outByte(10);
  frameLines(peek64(value + EXC_TRACEBACK), recOf);
  outByte(61);
  const t = typeOf(value);
  const module = classModule(t);
  if (module != 0 && !strIs(module, "builtins") && !strIs(module, "__main__")) { outStr(module); outByte(46); }
  if (t >= T_FIRST_CLASS && !isBuiltinClass(t)) outStr(peek64(typeObject(t) + HT_QUALNAME));
  else outAscii(exceptionClassName(t));
  outAscii(": ");
  outObject(value, true, "<exception str() failed>");
  outByte(10);
  stderrWritten(outN < outMax ? outN : 0);
  decref(value);
}

/** repr(o) or str(o) into the report (newlines as \u0001), or `failed` when it raised (the exception cleared). */
function outObject(o: u64, asStr: bool, failed: string): void {
  const s = reprObject(o, asStr);
  if (s == 0) { clearException(); outAscii(failed); return; }
  const start = textLen;
  textStrObj(s);
  for (let i = start; i < textLen; i++) { const b = load<u8>(textPtr + i); outByte(b == 10 ? 1 : b); }
  cutText(start);
  decref(s);
}

/** A built-in exception class's name. */
function exceptionClassName(t: i32): string {
  return t >= first && t < first + NAMES.length ? unchecked(NAMES[t - first]) : "Exception";
}

// ---- the uncaught exception's text ---------------------------------------------------------------

/**
 * The escaped exception for the host (host/python/runner.ts), at `out`:
 * sections oldest first, each "Type: message" (newlines in the message as
 * \u0001) then "name line" per frame, outermost first; between sections a line
 * "~cause" or "~context" (print_exception_recursive's chain).
 */
let outP: usize = 0;
let outN: u32 = 0;
let outMax: u32 = 0;

export function uncaughtText(out: usize, max: u32, recOf: (code: u64) => usize): u32 {
  outP = out;
  outN = 0;
  outMax = max;
  // an exception with an argument of its own (a KeyError's key) shows str() of it: made an object first, as PyErr_Print normalizes
  if (excValue == 0 && excArg != 0) {
    const t = excType;
    const o = normalize();
    if (o != 0) raiseObject(t, o, false);
  }
  if (excValue == 0) {
    outAscii(exceptionName(excType));
    if (errLen > 0) { outAscii(": "); for (let i: u32 = 0; i < errLen; i++) { const b = load<u8>(errPtr + i); outByte(b == 10 ? 1 : b); } }
    outByte(10);
    frameLines(excTb, recOf);
    return outN;
  }
  // the pending exception stays pending (the host reads its type): held aside while str() may run the script's code
  const type = excType, value = excValue, tb = detachTraceback();
  detachExcRefs();
  clearException();
  chainSection(value, tb, 0, recOf);
  raiseObject(type, value, false);
  setExcTraceback(tb);
  return outN;
}

/** An exception's section, after those of the exceptions chained before it (print_exception_recursive); `tb` its traceback. */
function chainSection(o: u64, tb: u64, level: i32, recOf: (code: u64) => usize): void {
  if (level < 32) {
    const cause = peek64(o + EXC_CAUSE), context = peek64(o + EXC_CONTEXT);
    const suppress = peek64(o + EXC_SUPPRESS) == TRUE;
    if (cause != 0) { chainSection(cause, peek64(cause + EXC_TRACEBACK), level + 1, recOf); outAscii("~cause\n"); }
    else if (context != 0 && !suppress) { chainSection(context, peek64(context + EXC_TRACEBACK), level + 1, recOf); outAscii("~context\n"); }
  }
  // the type's name (not qualified: builtins and __main__, as print_exception has it), then ": " and str(e) unless empty
  const s = reprObject(o, true);
  const start = textLen;
  textTypeName(typeOf(o));
  if (s == 0) {
    clearException();
    textAscii(": <exception str() failed>");
  } else {
    if (strLength(s) > 0) { textAscii(": "); textStrObj(s); }
    decref(s);
  }
  const h = hintOf(o);
  for (let i: u32 = 0; i < h; i++) textByte(load<u8>(hintPtr + i));
  if (h == 0) laterSuggestion(o, tb, recOf);
  for (let i = start; i < textLen; i++) { const b = load<u8>(textPtr + i); outByte(b == 10 ? 1 : b); }
  cutText(start);
  outByte(10);
  frameLines(tb, recOf);
}

/**
 * _Py_Offer_Suggestions for an exception without a suggestion from its raise
 * (one the script raised with a name, or whose name it set): a NameError's
 * name among the names of the traceback's last frame, an AttributeError's in
 * dir(obj); "Did you mean" appended to the text buffer. No cost.
 */
function laterSuggestion(o: u64, tb: u64, recOf: (code: u64) => usize): void {
  const b = exceptionSolidBase(typeOf(o)) - first;
  if (b != NAME_ERROR && b != ATTRIBUTE_ERROR) return;
  const name = peek64(o + (b == NAME_ERROR ? EXC_EXTRA : EXC_EXTRA + 8));
  if (name == 0 || typeOf(name) != T_STR) return;
  const obj = b == ATTRIBUTE_ERROR ? peek64(o + EXC_EXTRA) : 0;
  if (b == ATTRIBUTE_ERROR ? obj == 0 : tb == 0) return;
  setErr(EX_NONE, 0); // (the suggestion is worked out in the message buffer, which nothing pending uses now)
  markHint();
  if (obj != 0) suggestAttr(obj, name);
  else {
    while (tracebackNext(tb) != 0) tb = tracebackNext(tb);
    const f = tracebackFrame(tb);
    const r = recOf(frameCode(f));
    suggestName(name, r != 0 ? load<u64>(r + CR_LOCALNAMES) : 0, r != 0 ? load<u32>(r + CR_NLOCALS) : 0, frameGlobals(f), frameBuiltins(f));
  }
  for (let i = errHint; i < errLen; i++) textByte(load<u8>(errPtr + i));
  setErr(EX_NONE, 0);
  setErrHint(NO_HINT);
}

/**
 * "name line lasti record" per traceback entry, the outermost frame (the
 * chain's head) first: the instruction (tb_lasti) and the code record's index
 * let the host draw the entry's carets from the instruction's columns; no cost.
 */
function frameLines(tb: u64, recOf: (code: u64) => usize): void {
  for (let n = 0; tb != 0 && n < 100000; n++) {
    const r = recOf(frameCode(tracebackFrame(tb)));
    outStr(r != 0 ? load<u64>(r + CR_NAME) : 0);
    outByte(32);
    outNum(tracebackLine(tb));
    outByte(32);
    outNum(tracebackLasti(tb));
    outByte(32);
    outNum(r != 0 ? <u32>((r - codesPtr) / CODE_RECORD) : 0xFFFFFFFF);
    outByte(10);
    tb = tracebackNext(tb);
  }
}

function outByte(b: u32): void {
  if (outN < outMax) store<u8>(outP + outN++, <u8>b);
}

function outAscii(s: string): void {
  for (let i = 0; i < s.length; i++) outByte(<u32>s.charCodeAt(i));
}

function outNum(v: u32): void {
  if (v >= 10) outNum(v / 10);
  outByte(48 + v % 10);
}

function outStr(s: u64): void {
  const start = textLen;
  textStrObj(s);
  for (let i = start; i < textLen; i++) outByte(load<u8>(textPtr + i));
  cutText(start);
}
