// The interpreter's own memory (linear memory, not the emulated heap): the
// output buffer, scratch buffers, the raised exception, the code records and
// the shadow frame stack. Everything the eval loop needs across a pyRun return
// lives here or in module globals (wasm globals persist between calls), so
// execution resumes where it stopped. docs/python.md.

import { reserve, reserveZeroed } from "../layout";
import { strLength, peekChar } from "../heap/objects/str";
import { typeOf, xdecref } from "../heap/objects/object";
import { peek64 } from "../heap/memory";
import { T_FIRST_CLASS, MAX_TYPE_NUMBERS } from "../heap/objects/types";

// ---- regions --------------------------------------------------------------------

export const OUTPUT_CAPACITY: u32 = 64 << 10;
const TEXT_BYTES: u32 = 4 << 20; // UTF-8 being built (print, repr): also the pending output
export const CP_MAX: u32 = 1 << 20; // code points per str built
const BIG_BYTES: u32 = 16 << 20; // bignum scratch: num.ts starts over past 1 MiB, and one result (a product of the largest operands) may take several MiB beyond that start
const ERR_BYTES: u32 = 64 << 10;
export const MAX_DEPTH: u32 = 1000;
const SHADOW_BYTES: u32 = (MAX_DEPTH + 8) * 64;
const INTERN_SLOTS: u32 = 1 << 15;
const CLASS_BYTES: u32 = <u32>MAX_TYPE_NUMBERS * 32;
const METHOD_SLOTS: u32 = 4096;
const SPILL_BYTES: u32 = 8 << 20; // output produced while a builtin runs Python code (no pyRun return possible): pending
const SORT_BYTES: u32 = 12 << 20;
const STDERR_BYTES: u32 = 1 << 20; // the script's stderr (unraisable exceptions' reports) until the host drains it // list.sort's keys, values and merge buffer (a stack: sorts nest through key functions)

export let outPtr: usize = 0;
export let outLen: u32 = 0;
export let textPtr: usize = 0;
export let cpPtr: usize = 0;
export let bigPtr: usize = 0;
export let errPtr: usize = 0;
export let errLen: u32 = 0;
export let shadowPtr: usize = 0;
export let internPtr: usize = 0;
export let internCount: u32 = 0;
export let classPtr: usize = 0;
export let methodPtr: usize = 0;
export let spillPtr: usize = 0;
/** The script's stderr as the core writes it (exceptions.ts writeUnraisable), its length, and the reports dropped when it was full. */
export let stderrPtr: usize = 0;
export let stderrLen: u32 = 0;
export let stderrDropped: u32 = 0;
export let sortPtr: usize = 0;
export let sortTop: usize = 0;
/** The host's table of CPython's attribute names (refusals.ts), and its length. */
export let refusalPtr: usize = 0;
export let refusalLen: u32 = 0;
export const REFUSAL_BYTES: u32 = 1 << 20;
export let imagePtr: usize = 0;
export let imageLen: u32 = 0;
export let codesPtr: usize = 0;
/** The module's shared constants (image tags 11 and 12): borrowed addresses, a slot each. */
export let constPoolPtr: usize = 0;
export let constPoolCapacity: u32 = 0;
export let codeCount: u32 = 0;
export let ready = false;

/** Reserve the interpreter's regions and room for an image of `imageBytes` (a pyLoad); false when memory is exhausted. */
export function reserveState(imageBytes: u32, maxCodes: u32): bool {
  ready = false;
  outPtr = reserve(OUTPUT_CAPACITY);
  textPtr = reserve(TEXT_BYTES);
  cpPtr = reserve(<usize>(CP_MAX + 8) << 2);
  bigPtr = reserve(BIG_BYTES);
  errPtr = reserve(ERR_BYTES);
  shadowPtr = reserve(SHADOW_BYTES);
  internPtr = reserveZeroed(<usize>INTERN_SLOTS << 3);
  classPtr = reserveZeroed(CLASS_BYTES);
  methodPtr = reserveZeroed(<usize>METHOD_SLOTS << 4);
  spillPtr = reserve(SPILL_BYTES);
  stderrPtr = reserve(STDERR_BYTES);
  stderrLen = 0;
  stderrDropped = 0;
  sortPtr = reserve(SORT_BYTES);
  sortTop = sortPtr;
  refusalPtr = reserve(REFUSAL_BYTES);
  refusalLen = 0;
  imagePtr = reserve(imageBytes + 16);
  codesPtr = reserve(<usize>(maxCodes + 1) * CODE_RECORD);
  constPoolCapacity = imageBytes / 6 + 1; // a slot's entry takes at least 6 bytes (tag, slot, references)
  constPoolPtr = reserve(<usize>constPoolCapacity << 3);
  if (outPtr == 0 || textPtr == 0 || cpPtr == 0 || bigPtr == 0 || errPtr == 0 || shadowPtr == 0 || internPtr == 0 ||
    classPtr == 0 || methodPtr == 0 || imagePtr == 0 || codesPtr == 0 || spillPtr == 0 || stderrPtr == 0 || sortPtr == 0 || refusalPtr == 0 ||
    constPoolPtr == 0) return false;
  outLen = 0;
  errLen = 0;
  internCount = 0;
  codeCount = 0;
  imageLen = imageBytes;
  pendingPtr = 0;
  pendingLen = 0;
  return true;
}

export function setReady(on: bool): void {
  ready = on;
}

export function setCodeCount(n: u32): void {
  codeCount = n;
}

// ---- code records ---------------------------------------------------------------

export const CODE_RECORD: usize = 128;
export const CR_CODE: usize = 0; // u64 the code object
export const CR_ARGCOUNT: usize = 8;
export const CR_FLAGS: usize = 12;
export const CR_FIRSTLINE: usize = 16;
export const CR_STACKSIZE: usize = 20;
export const CR_NLOCALS: usize = 24;
export const CR_NCELL: usize = 28;
export const CR_NFREE: usize = 32;
export const CR_NINSTR: usize = 36;
export const CR_INSTR: usize = 40; // u32 linear address of the u32 instructions
export const CR_LINES: usize = 44; // u32 linear address of the u32 lines
export const CR_NAME: usize = 48; // u64 str
export const CR_QUALNAME: usize = 56;
export const CR_CONSTS: usize = 64; // u64 tuple
export const CR_NAMES: usize = 72; // u64 tuple
export const CR_LOCALNAMES: usize = 80; // u64 tuple (varnames, cellvars, freevars)
export const CR_FRAMESIZE: usize = 88; // u32 words
export const CR_KWONLY: usize = 92;
export const CR_NHANDLERS: usize = 96; // u32 exception table entries
export const CR_HANDLERS: usize = 100; // u32 linear address of the entries: u32 start, end (exclusive), target, depth << 1 | lasti

// @ts-ignore: decorator
@inline export function codeRecord(i: u32): usize {
  return codesPtr + <usize>i * CODE_RECORD;
}

/** The code record of a code object (its index is kept in a spare word of the object), or 0. */
export const CODE_RECORD_SLOT: u64 = 176;

// ---- the shadow frame stack ---------------------------------------------------------
// One record per active frame (depth 0 = the module), in linear memory.

export const SH_FRAME: usize = 0; // u64 the frame on the data stack
export const SH_CODE: usize = 8; // u32 code record address
export const SH_IP: usize = 12; // u32 the next instruction (while suspended)
export const SH_SP: usize = 16; // u64 the stack pointer (while suspended)
export const SH_KIND: usize = 24; // u32 how a return goes back: 0 push the value, 1 __init__ (push X1), 2 class body
export const SH_X1: usize = 32; // u64
export const SH_X2: usize = 40; // u64
export const SH_X3: usize = 48; // u64

export const KIND_CALL: u32 = 0;
export const KIND_INIT: u32 = 1;
export const KIND_CLASS: u32 = 2;
export const KIND_MODULE: u32 = 3;
/** A frame entered from C code (a builtin calling back into Python): its return goes back to the caller in the core. */
export const KIND_NESTED: u32 = 4;
/** A generator's frame (SH_X1: the generator), resumed from C code: it yields or returns to the caller in the core. */
export const KIND_GEN: u32 = 5;
/** A call by CALL_FUNCTION_EX (SH_X1: the argument array of its keywords, or 0; SH_X2: the arguments' tuple; SH_X3: their dict, or 0). */
export const KIND_EXCALL: u32 = 6;
/**
 * A class's __call__ run by slot_tp_call (an instance called by CALL or
 * CALL_FUNCTION_EX): what the call holds until it ends is in eval.ts's call
 * record of the frame's depth; the caller's operands stay on its stack.
 */
export const KIND_TPCALL: u32 = 7;

// @ts-ignore: decorator
@inline export function shadow(depth: u32): usize {
  return shadowPtr + (<usize>depth << 6);
}

// ---- the class table --------------------------------------------------------------
// Per class type number (>= 40): 0 name (str: a class's ht_name, borrowed), 8 its dict (tp_dict, borrowed; 0 for a
// built-in exception class), 16 its base's type number + 1 (i32: tp_base, the layout's), 20 flags (exceptions.ts),
// 24 its slots (slots.ts). The MRO is types.ts's.

// @ts-ignore: decorator
@inline export function classRecord(t: i32): usize {
  return classPtr + (<usize>(t & (MAX_TYPE_NUMBERS - 1)) << 5);
}

// ---- exceptions ---------------------------------------------------------------------

export const EX_NONE: i32 = 0;
export const EX_NAME: i32 = 1;
export const EX_TYPE: i32 = 2;
export const EX_ZERODIV: i32 = 3;
export const EX_INDEX: i32 = 4;
export const EX_KEY: i32 = 5;
export const EX_ATTR: i32 = 6;
export const EX_VALUE: i32 = 7;
export const EX_RECURSION: i32 = 8;
export const EX_MEMORY: i32 = 9;
export const EX_OVERFLOW: i32 = 10;
export const EX_UNBOUND: i32 = 11;
export const EX_UNSUPPORTED: i32 = 12;
export const EX_STOPITER: i32 = 13;
export const EX_RUNTIME: i32 = 14;
export const EX_MODULE: i32 = 15;
/** An exception object raised by the script (excValue), of a class without an EX code of its own (exceptions.ts). */
export const EX_OBJECT: i32 = 16;
/** GeneratorExit, thrown into a generator that is closed (gen.ts genFinalize). */
export const EX_GENEXIT: i32 = 17;
/** ImportError: a name a from-import does not find (eval.ts IMPORT_FROM). */
export const EX_IMPORT: i32 = 18;

export let excType: i32 = EX_NONE;
/**
 * The pending exception as an object (owned), once there is one: raised by
 * the script, or made from excType and the message when a handler caught it
 * (exceptions.ts). 0 while it is only a type and a message, as CPython's
 * PyErr_SetString leaves it until PyErr_NormalizeException.
 */
export let excValue: u64 = 0;
/** The pending exception's one argument when it is not its message (a KeyError's key; owned), or 0. */
export let excArg: u64 = 0;
/** The pending exception's traceback (owned; frames.ts): the newest, outermost frame first; 0 for none. */
export let excTb: u64 = 0;
/** Set by every raise; cleared once the eval loop has given the exception its context (exceptions.ts). */
export let excFresh = false;
/**
 * Where the pending message's "Did you mean" starts (suggest.ts), or NO_HINT.
 * CPython's traceback display adds the suggestion; the exception's args and
 * str() lack it, so normalizing keeps it aside (exceptions.ts, rememberHint).
 */
export const NO_HINT: u32 = 0xFFFFFFFF;
export let errHint: u32 = NO_HINT;

/** The suggestion starts here, at the message's end. */
export function markHint(): void {
  errHint = errLen;
}

export function setErrHint(at: u32): void {
  errHint = at;
}

export function exceptionName(t: i32): string {
  switch (t) {
    case EX_NAME: return "NameError";
    case EX_TYPE: return "TypeError";
    case EX_ZERODIV: return "ZeroDivisionError";
    case EX_INDEX: return "IndexError";
    case EX_KEY: return "KeyError";
    case EX_ATTR: return "AttributeError";
    case EX_VALUE: return "ValueError";
    case EX_RECURSION: return "RecursionError";
    case EX_MEMORY: return "MemoryError";
    case EX_OVERFLOW: return "OverflowError";
    case EX_UNBOUND: return "UnboundLocalError";
    case EX_STOPITER: return "StopIteration";
    case EX_RUNTIME: return "RuntimeError";
    case EX_MODULE: return "ModuleNotFoundError";
    case EX_UNSUPPORTED: return "NotImplementedError";
    case EX_GENEXIT: return "GeneratorExit";
    case EX_IMPORT: return "ImportError";
  }
  return "SystemError";
}

/** Start raising exception `t`: the message follows with msg* calls. */
export function raiseBegin(t: i32): void {
  dropExcRefs();
  setExcTraceback(0); // (PyErr_SetString: a new exception starts with no traceback)
  excType = t;
  errLen = 0;
  errHint = NO_HINT;
  excFresh = true;
}

/** The pending exception is object `o` (a reference it takes), of EX code `t`; its message is the object's. */
export function raiseObject(t: i32, o: u64, fresh: bool): void {
  dropExcRefs();
  excType = t;
  errLen = 0;
  errHint = NO_HINT;
  excValue = o;
  excFresh = fresh;
}

/** The pending exception's argument (a reference it takes): made into its args when it is caught. */
export function setExcArg(a: u64): void {
  xdecref(excArg);
  excArg = a;
}

export function setExcFresh(on: bool): void {
  excFresh = on;
}

/** Take the pending exception's object and argument without releasing them (the caller owns them now). */
export function detachExcRefs(): void {
  excValue = 0;
  excArg = 0;
}

/** Put back what detachExcRefs and detachTraceback took (saving and restoring the exception around a finalizer). */
export function attachExcRefs(value: u64, arg: u64, tb: u64): void {
  excValue = value;
  excArg = arg;
  setExcTraceback(tb);
}

/** The pending traceback becomes `tb` (a reference it takes; 0 none), the old one released. */
export function setExcTraceback(tb: u64): void {
  const old = excTb;
  excTb = tb;
  xdecref(old);
}

/** Take the pending traceback without releasing it (the caller owns it now). */
export function detachTraceback(): u64 {
  const tb = excTb;
  excTb = 0;
  return tb;
}

function dropExcRefs(): void {
  const v = excValue, a = excArg;
  excValue = excArg = 0;
  xdecref(v);
  xdecref(a);
}

/** Set the pending exception's type and message length directly (saving and restoring it around a finalizer). */
export function setErr(t: i32, len: u32): void {
  excType = t;
  errLen = len;
}

export function setRefusalLength(n: u32): void {
  refusalLen = n;
}


/**
 * The heap was made anew: the pending exception's objects (an escaped one the
 * host read) went with the old heap, so they are forgotten, not released.
 */
export function forgetException(): void {
  excType = EX_NONE;
  errLen = 0;
  errHint = NO_HINT;
  excFresh = false;
  excValue = excArg = excTb = 0;
}

export function clearException(): void {
  excType = EX_NONE;
  errLen = 0;
  errHint = NO_HINT;
  excFresh = false;
  dropExcRefs();
  setExcTraceback(0);
}


/** Linear scratch of n words (a sort, the image check, a map call's items), or 0: released with sortRelease(p) in LIFO order; a pyLoad starts it empty. */
export function sortAlloc(words: u64): usize {
  const bytes = words << 3;
  if (bytes > <u64>(sortPtr + SORT_BYTES - sortTop)) return 0;
  const p = sortTop;
  sortTop += <usize>bytes;
  return p;
}

export function sortRelease(p: usize): void {
  sortTop = p;
}

export function msg(s: string): void {
  for (let i = 0; i < s.length; i++) errByte(<u32>s.charCodeAt(i));
}

export function msgByte(b: u32): void {
  errByte(b);
}

function errByte(b: u32): void {
  if (errLen < ERR_BYTES - 8) store<u8>(errPtr + errLen++, <u8>b);
}

/** A code point as UTF-8 into the message. */
export function msgChar(c: u32): void {
  if (c < 0x80) errByte(c);
  else if (c < 0x800) { errByte(0xc0 | (c >> 6)); errByte(0x80 | (c & 63)); }
  else if (c < 0x10000) { errByte(0xe0 | (c >> 12)); errByte(0x80 | ((c >> 6) & 63)); errByte(0x80 | (c & 63)); }
  else { errByte(0xf0 | (c >> 18)); errByte(0x80 | ((c >> 12) & 63)); errByte(0x80 | ((c >> 6) & 63)); errByte(0x80 | (c & 63)); }
}

/** A str object's characters into the message (no cost: the message is host-side text). */
export function msgStrObj(s: u64): void {
  const n = strLength(s);
  for (let i: u64 = 0; i < n; i++) msgChar(peekChar(s, i));
}

export function msgInt(v: i64): void {
  if (v < 0) { errByte(45); v = -v; }
  let p: i64 = 1;
  while (p <= v / 10) p *= 10;
  while (p > 0) { errByte(48 + <u32>((v / p) % 10)); p /= 10; }
}

/** Raise with one message. */
export function raise(t: i32, s: string): void {
  raiseBegin(t);
  msg(s);
}

/** The name of an object's type (builtin types by their Python name; classes by their own name). */
export function msgTypeName(o: u64): void {
  const t = typeOf(o);
  // One memsim type holds dict_keys, dict_values and dict_items: the view's kind rides in its F1 word's low bits (objs.ts).
  if (t == T_DICT_VIEW_TYPE) { msg(DICT_VIEW_NAMES[<i32>(peek64(o + 16) & 7)]); return; }
  msgTypeNumber(t);
}

const T_DICT_VIEW_TYPE: i32 = 30;
const DICT_VIEW_NAMES: StaticArray<string> = ["dict_keys", "dict_values", "dict_items"];

export function msgTypeNumber(t: i32): void {
  if (t >= T_FIRST_CLASS) {
    const name = load<u64>(classRecord(t));
    if (name != 0) { msgStrObj(name); return; }
  }
  msg(builtinTypeName(t));
}

export function builtinTypeName(t: i32): string {
  switch (t) {
    case 0: return "NoneType";
    case 1: return "bool";
    case 2: return "int";
    case 3: return "float";
    case 4: return "str";
    case 5: return "bytes";
    case 6: return "tuple";
    case 7: return "list";
    case 8: return "dict";
    case 9: return "set";
    case 10: return "function";
    case 11: return "code";
    case 12: return "object";
    case 13: return "type";
    case 14: return "range";
    case 15: return "range_iterator";
    case 16: return "list_iterator";
    case 17: return "tuple_iterator";
    case 18: return "str_ascii_iterator";
    case 19: return "dict_keyiterator";
    case 20: return "dict_valueiterator";
    case 21: return "dict_itemiterator";
    case 22: return "set_iterator";
    case 23: return "slice";
    case 24: return "builtin_function_or_method";
    case 25: return "method";
    case 26: return "module";
    case 27: return "enumerate";
    case 28: return "zip";
    case 29: return "list_reverseiterator";
    case 30: return "dict_keys"; // (msgTypeName tells the three views apart)
    case 31: return "map";
    case 32: return "filter";
    case 33: return "frame";
    case 34: return "traceback";
    case 35: return "super";
    case 36: return "getset_descriptor";
    case 37: return "weakref.ReferenceType";
    case 38: return "cell";
    case 39: return "generator";
    case 40: return "property";
    case 41: return "staticmethod";
    case 42: return "classmethod";
    case 43: return "frozenset";
  }
  return "object";
}

// ---- output ---------------------------------------------------------------------------
// print builds its text in the text buffer; what does not fit in the output
// buffer stays pending there until the host drains the output.

export let pendingPtr: usize = 0;
export let pendingLen: u32 = 0;

/**
 * Move text to the output buffer; the rest stays pending in the spill buffer
 * (the eval loop returns for the host to drain it; while a builtin runs Python
 * code it cannot, and later text queues behind it).
 */
export function emitText(p: usize, n: u32): void {
  if (pendingLen > 0) { spill(p, n); return; }
  const room = OUTPUT_CAPACITY - outLen;
  const k = n < room ? n : room;
  memory.copy(outPtr + outLen, p, k);
  outLen += k;
  pendingPtr = spillPtr;
  pendingLen = 0;
  if (k < n) spill(p + k, n - k);
}

function spill(p: usize, n: u32): void {
  if (pendingLen == 0) pendingPtr = spillPtr;
  if (pendingPtr + pendingLen + n > spillPtr + SPILL_BYTES) {
    memory.copy(spillPtr, pendingPtr, pendingLen);
    pendingPtr = spillPtr;
    if (pendingLen + n > SPILL_BYTES) n = SPILL_BYTES - pendingLen; // beyond 8 MiB pending: cut
  }
  memory.copy(pendingPtr + pendingLen, p, n);
  pendingLen += n;
}

/** Drain pending text into the output buffer (after the host cleared it). */
export function drainPending(): void {
  if (pendingLen == 0) return;
  const room = OUTPUT_CAPACITY - outLen;
  const k = pendingLen < room ? pendingLen : room;
  memory.copy(outPtr + outLen, pendingPtr, k);
  outLen += k;
  pendingPtr += k;
  pendingLen -= k;
}

export function clearOutput(): void {
  outLen = 0;
}

/** Room left in the stderr buffer. */
export function stderrRoom(): u32 {
  return STDERR_BYTES - stderrLen;
}

/** `n` more bytes were written at stderrPtr + stderrLen (0: a report that did not fit, dropped). */
export function stderrWritten(n: u32): void {
  if (n == 0) stderrDropped++;
  stderrLen += n;
}

/** The host took the stderr text: the number of reports dropped since the last time. */
export function stderrClear(): u32 {
  const d = stderrDropped;
  stderrLen = 0;
  stderrDropped = 0;
  return d;
}

export function outputFull(): bool {
  return pendingLen > 0 || outLen >= OUTPUT_CAPACITY;
}

// ---- the text buffer (UTF-8) -------------------------------------------------------------

export let textLen: u32 = 0;

export function textReset(): void {
  textLen = 0;
}

export function textByte(b: u32): void {
  if (textLen < TEXT_BYTES) store<u8>(textPtr + textLen++, <u8>b);
}

export function textChar(c: u32): void {
  if (c < 0x80) textByte(c);
  else if (c < 0x800) { textByte(0xc0 | (c >> 6)); textByte(0x80 | (c & 63)); }
  else if (c < 0x10000) { textByte(0xe0 | (c >> 12)); textByte(0x80 | ((c >> 6) & 63)); textByte(0x80 | (c & 63)); }
  else { textByte(0xf0 | (c >> 18)); textByte(0x80 | ((c >> 12) & 63)); textByte(0x80 | ((c >> 6) & 63)); textByte(0x80 | (c & 63)); }
}

export function textFull(): bool {
  return textLen >= TEXT_BYTES - 8;
}

// ---- interned strings ---------------------------------------------------------------------
// Names and identifier-like constants are interned (as CPython interns them),
// so a name in two code objects is one str and dict lookups hit by identity.

/** FNV-1a over a str's code points (no cost: host bookkeeping). */
function contentHash(s: u64): u32 {
  let h: u32 = 2166136261;
  const n = strLength(s);
  for (let i: u64 = 0; i < n; i++) { h ^= peekChar(s, i); h *= 16777619; }
  return h;
}

export function sameText(a: u64, b: u64): bool {
  if (a == b) return true;
  const n = strLength(a);
  if (n != strLength(b)) return false;
  for (let i: u64 = 0; i < n; i++) if (peekChar(a, i) != peekChar(b, i)) return false;
  return true;
}

/** The interned str equal to `s` (with `s`'s reference transferred into the table or released by the caller), or `s` itself newly interned. Returns the canonical object; `true` in internHit when another object was found. */
export let internHit = false;

export function internLookup(s: u64): u64 {
  internHit = false;
  const mask = INTERN_SLOTS - 1;
  let i = contentHash(s) & mask;
  while (true) {
    const p = internPtr + (<usize>i << 3);
    const o = load<u64>(p);
    if (o == 0) {
      if (internCount >= INTERN_SLOTS - (INTERN_SLOTS >> 2)) return s; // full: not interned
      store<u64>(p, s);
      internCount++;
      return s;
    }
    if (sameText(o, s)) { internHit = o != s; return o; }
    i = (i + 1) & mask;
  }
  return s;
}

/** Whether a str equals an ASCII literal (no cost). */
export function strIs(s: u64, lit: string): bool {
  const n = strLength(s);
  if (n != <u64>lit.length) return false;
  for (let i = 0; i < lit.length; i++) if (peekChar(s, <u64>i) != <u32>lit.charCodeAt(i)) return false;
  return true;
}
