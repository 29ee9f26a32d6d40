// The eval loop: CPython 3.11's opcodes (memsim's encoding, docs/python.md)
// over frames on the emulated data stack, with 3.11's reference-count
// behaviour per opcode. Resumable: the current frame, instruction and stack
// pointer live in module globals and the shadow frame stack (state.ts), so a
// pyRun that returns for output or a step limit continues where it stopped.
//
// A frame (framePush) is 9 header words as _PyInterpreterFrame, then the fast
// locals (varnames, cells, frees), then the value stack:
//   0 f_func (strong)  1 f_globals (borrowed)  2 f_builtins (borrowed)
//   3 f_locals (strong, or NULL)  4 f_code (strong)  5 frame_obj  6 previous
//   7 prev_instr  8 stacktop
// A frame's set-up and clearing make CPython's accesses: the header words
// _PyFrame_InitializeSpecials stores and the locals' NULLs (initFrame), then
// the arguments; at the end _PyFrame_Clear's loads (clearFrame): the locals,
// f_locals, f_func, f_code. The value stack is neither zeroed nor scanned
// (every slot is cleared without cost as it is popped), and the data stack's
// words are zeroed without cost as frames come and go.

import { heapLoad64, heapStore64, heapLoad16, peek64, poke64, beginCategory, endCategory, CAT_MUTATOR } from "../heap/memory";
import { NONE, TRUE, FALSE, FUNC_CODE, FUNC_GLOBALS, FUNC_DEFAULTS, FUNC_KWDEFAULTS, FUNC_NAME, LIST_ITEMS, LIST_ALLOCATED, OB_SIZE, TUPLE_ITEMS, EMPTY_STR } from "../heap/objects/layout";
import { T_STR, T_TUPLE, T_LIST, T_DICT, T_SET, T_INT, T_BOOL, T_FLOAT, T_FUNCTION, T_TYPE, T_OBJECT, T_FIRST_CLASS, T_CODE, typeObject, typeNumber, mroLength, mroAt } from "../heap/objects/types";
import { incref, decref, xdecref, typeOf, refcount } from "../heap/objects/object";
import { framePush, framePop } from "../heap/objects/interp";
import { intFromI64 } from "../heap/objects/int";
import { tupleNew, tupleGetItem, tupleLength, tupleSetItem } from "../heap/objects/tuple";
import { listNew, listResize, listGetItem, listLength, listSetSize } from "../heap/objects/list";
import { dictNew, dictSetItem, dictGetItem, dictGetItemHash, dictDelItem, DICT_UNHASHABLE } from "../heap/objects/dict";
import { setNew } from "../heap/objects/set";
import { functionNew } from "../heap/objects/function";
import { floatNew } from "../heap/objects/float";
import { instanceNew, instanceGetAttr, instanceSetAttr, instanceDelAttr, instanceDict, hasManagedDict } from "../heap/objects/instance";
import { unhashable, hashForLookup } from "../heap/objects/hash";
import {
  shadow, SH_FRAME, SH_CODE, SH_IP, SH_SP, SH_KIND, SH_X1, SH_X2, SH_X3, KIND_CALL, KIND_INIT, KIND_CLASS, KIND_MODULE, MAX_DEPTH,
  CR_CODE, CR_ARGCOUNT, CR_FLAGS, CR_KWONLY, CR_NINSTR, CR_INSTR, CR_LINES, CR_NAME, CR_QUALNAME, CR_CONSTS, CR_NAMES, CR_LOCALNAMES, CR_FRAMESIZE, CR_NLOCALS,
  CR_NCELL, CR_NFREE, CODE_RECORD_SLOT, codeRecord, classRecord, excType, raise, raiseBegin, msg, msgStrObj, msgTypeName, msgTypeNumber,
  EX_NAME, EX_TYPE, EX_ATTR, EX_MODULE, EX_IMPORT, EX_RECURSION, EX_MEMORY, EX_UNBOUND, EX_UNSUPPORTED, EX_VALUE, outputFull, sameText, strIs,
  textLen, textPtr, cpPtr, clearException, msgByte,
} from "./state";
import {
  ty, newBool, newNone, chk, truthy, compareObject, binaryOp, unaryOp, getItem, setItem, delItem, contains, getIter, iterNext,
  newSlice, tupleOfList, listExtend, setAddChecked, dictSetChecked, reprObject, appendRepr, cutText, textToStr, textAscii,
  isIntLike, intValue, floatOf, sizeOf, resetRepr, setUpdateFrom, listOf, isIterable, dictNext, nextPos, nextKey, nextValue, dictUpdate,
  newInt,
} from "./ops";
import { callBuiltin, callType, builtinObject, boundBuiltin, methodIdOf, builtinName, B_BUILD_CLASS, B_GETSIZEOF, B_GETREFCOUNT, B_DEBUGMALLOCSTATS, B_GC_COLLECT, B_GETRECURSIONLIMIT, B_GC_ENABLE, B_GC_DISABLE, B_GC_ISENABLED } from "./builtins";
import { T_BUILTIN, T_METHOD, T_MODULE, T_SUPER, T_GETSET, T_PROPERTY, T_STATICMETHOD, T_CLASSMETHOD, F1, F2, F5, extNew, extSet, extGet, extTrack, methodNew } from "./objs";
import { typeNew, checkBases, boundClassMethod, typeAttribute, isTypeDescriptor, NOT_TYPE_ATTRIBUTE, TYPE_ATTRIBUTE_MISSING } from "./classes";
import { formatValue } from "./format";
import { slotOfName, refreshSlots, hasSlot, slotNameObject, SLOT_ITER, SLOT_CALL, SLOT_ENTER, SLOT_EXIT, HAS_PROPERTY } from "./slots";
import { objectMalloc, objectFree } from "../heap/heap";
import { dictLength } from "../heap/objects/dict";
import { dictNext, nextPos, nextKey, nextValue } from "./ops";
import { FUNC_CLOSURE } from "../heap/objects/function";
import {
  T_CELL, T_GEN, CELL_REF, GEN_FRAME, GEN_CREATED, GEN_SUSPENDED, GEN_EXECUTING, GEN_CLEARED, isCell, cellNew, genAlloc, genState,
  setGenState, genClearFrame, setGenResume, setGenThrowExit, setGenSlots, setCallObject,
} from "./gen";
import { KIND_NESTED, KIND_GEN, KIND_EXCALL, KIND_TPCALL, CR_STACKSIZE, EX_RUNTIME, EX_NONE, setExcTraceback, detachTraceback, CR_NHANDLERS, CR_HANDLERS, excFresh, excValue, excArg, detachExcRefs } from "./state";
import { tracebackHere, frameEnds } from "./frames";
import { suggestName, suggestAttr } from "./suggest";
import { argStateBase, argStateCount, argStateNames, argStateKw, setArgState } from "./builtins";
import { GC_FUNCTIONS, gcFunctionName, setGcLists, gcDebugFlag, gcDebugFlagName, gcCollectAtExit } from "./gcmodule";
import { gcEnabled } from "../heap/objects/gc";
import { MATH_FUNCTIONS, mathFunctionName, mathConstantName, mathConstant } from "./mathmodule";
import { noteInstruction, lineAccounting, lineSave, lineRestore, enterExitRow } from "./lines";
import {
  isExceptionClass, isBuiltinClass, exceptionNew, exceptionInit, exceptionGetAttr, exceptionSetAttr, raiseGiven, reraiseHandled, reraise,
  takeException, pushExcInfo, popExcInfo, chainContext, exceptionMatches, assertionError, uncaughtText, CLASS_FLAGS, CF_EXCEPTION,
  exceptionMember, exceptionDelAttr, nameErrorContext, attributeErrorContext, importErrorContext, writeUnraisable,
  exceptionTraceback, stopIterationValue,
} from "./exceptions";
import { refuseMissingAttribute } from "./refusals";
import { superNew, superGetAttr } from "./super";
import {
  CALL_GETTER, getterProperty, getterSelf, propertyGetter, propertyGet, propertySet, callableGet, descriptorAttribute, descriptorSetAttr,
  isDescriptorType, NOT_OWN, functionAttr,
} from "./descriptors";

// A frame's header words (_PyInterpreterFrame's specials), then the locals and the value stack.
export const HEADER: u64 = 9;
export const W_FUNC: u64 = 0;
export const W_GLOBALS: u64 = 8;
export const W_BUILTINS: u64 = 16;
export const W_LOCALS: u64 = 24;
export const W_CODE: u64 = 32;
export const W_FRAMEOBJ: u64 = 40;
export const W_PREVIOUS: u64 = 48;
const W_PREVINSTR: u64 = 56;
export const W_STACKTOP: u64 = 64;
const CODE_UNITS: u64 = 184;

// ---- the interpreter's registers (module globals: they survive a pyRun return) ----

let depth: u32 = 0;
let frame: u64 = 0;
let rec: usize = 0;
let ip: u32 = 0;
let sp: u64 = 0;
let instrs: usize = 0;
let ninstr: u32 = 0;
let codeObj: u64 = 0;
let stackLimit: u64 = 0;
let kwnames: u64 = 0;
let running = false;
let finished = false;
export let builtinsDict: u64 = 0;
export let mainGlobals: u64 = 0;
let sysModule: u64 = 0;
let gcModule: u64 = 0;
let mathModule: u64 = 0;
export let bytecodes: u64 = 0;

export function isRunning(): bool { return running; }
export function isFinished(): bool { return finished; }

// ---- costed stack and frame access --------------------------------------------------

// @ts-ignore: decorator
@inline function ld(p: u64): u64 { return heapLoad64(p); }
// @ts-ignore: decorator
@inline function st(p: u64, v: u64): void { heapStore64(p, v); }

// @ts-ignore: decorator
@inline function push(v: u64): void {
  st(sp, v);
  sp += 8;
}

// @ts-ignore: decorator
@inline function pop(): u64 {
  sp -= 8;
  const v = ld(sp);
  poke64(sp, 0);
  return v;
}

// @ts-ignore: decorator
@inline function peekN(n: u32): u64 { return ld(sp - (<u64>n << 3)); }
// @ts-ignore: decorator
@inline function setN(n: u32, v: u64): void { st(sp - (<u64>n << 3), v); }

/** An operation failed after releasing its operands: the top slot they held is cleared and dropped. */
// @ts-ignore: decorator
@inline function dropConsumed(): void { poke64(sp - 8, 0); sp -= 8; }

// @ts-ignore: decorator
@inline function local(i: u32): u64 { return frame + ((HEADER + <u64>i) << 3); }

function stackBase(r: usize): u64 {
  return (HEADER + <u64>load<u32>(r + CR_NLOCALS) + <u64>load<u32>(r + CR_NCELL) + <u64>load<u32>(r + CR_NFREE)) << 3;
}

/** Make frame `d` (its shadow record) the current one. */
function enter(d: u32): void {
  depth = d;
  const s = shadow(d);
  frame = load<u64>(s + SH_FRAME);
  rec = <usize>load<u32>(s + SH_CODE);
  ip = load<u32>(s + SH_IP);
  sp = load<u64>(s + SH_SP);
  instrs = <usize>load<u32>(rec + CR_INSTR);
  ninstr = load<u32>(rec + CR_NINSTR);
  codeObj = load<u64>(rec + CR_CODE);
  stackLimit = frame + (<u64>load<u32>(rec + CR_FRAMESIZE) << 3);
  if (load<u32>(s + SH_KIND) == KIND_GEN) stackLimit -= 8; // a generator's frame has no spare word: it ends with its object
}

function save(): void {
  const s = shadow(depth);
  store<u32>(s + SH_IP, ip);
  store<u64>(s + SH_SP, sp);
}

/** The code record of a code object (kept in a spare word of the object; no cost). */
export function recordOf(code: u64): usize {
  const i = peek64(code + CODE_RECORD_SLOT);
  return i == 0 ? 0 : codeRecord(<u32>(i - 1));
}

// ---- start ------------------------------------------------------------------------------

/** A frame for the module code with fresh globals (pyStart); false with an exception. */
export function startModule(code: u64, globals: u64, builtins: u64): bool {
  const r = recordOf(code);
  builtinsDict = builtins;
  mainGlobals = globals;
  const f = functionNew(code, globals, load<u64>(r + CR_NAME), 0);
  if (f == 0) { raise(EX_MEMORY, ""); return false; }
  const fr = framePush(<u64>load<u32>(r + CR_FRAMESIZE), false);
  if (fr == 0) { decref(f); raise(EX_MEMORY, ""); return false; }
  const previous = beginCategory(CAT_MUTATOR);
  initFrame(fr, r);
  st(fr + W_FUNC, f);
  st(fr + W_GLOBALS, globals);
  st(fr + W_BUILTINS, builtins);
  incref(globals);
  st(fr + W_LOCALS, globals);
  incref(code);
  st(fr + W_CODE, code);
  endCategory(previous);
  const s = shadow(0);
  store<u64>(s + SH_FRAME, fr);
  store<u32>(s + SH_CODE, <u32>r);
  store<u32>(s + SH_IP, 0);
  store<u64>(s + SH_SP, fr + stackBase(r));
  store<u32>(s + SH_KIND, KIND_MODULE);
  enter(0);
  kwnames = 0;
  cCalls = 0;
  running = true;
  finished = false;
  bytecodes = 0;
  sysModule = 0;
  gcModule = 0;
  mathModule = 0;
  resetRepr();
  entryDepth = 0;
  nestLevel = 0;
  aborting = false;
  setGenResume(genResume);
  setGenThrowExit(genThrowExit, genYieldFrom);
  setGenSlots(codeSlots);
  setCallObject(callObject);
  return true;
}

/**
 * The interpreter's exit after the module returned or an exception escaped
 * (Py_FinalizeEx, the part that frees the script's objects and runs their
 * finalizers; docs/python.md "Interpreter exit"): PyGC_Collect() when
 * collection is enabled (gc.callbacks called); the escaped exception,
 * which PyErr_Print left in sys.last_value and sys.last_traceback, released
 * (finalize_modules_delete_special); the __main__ module removed from
 * sys.modules, so module_dealloc releases its globals dict (memsim's
 * reference to it); then finalize_modules' two _PyGC_CollectNoFail (no
 * callbacks). The modules' own dicts (sys, builtins, gc, math) hold no
 * object of the script and stay. The costs go to the exit row of the per-line
 * table but for the lines of the finalizers (__del__) it runs.
 */
export function finalizeInterpreter(): void {
  enterExitRow();
  running = false;
  const previous = beginCategory(CAT_MUTATOR);
  // PyErr_Print has printed and cleared the exception: sys.last_* hold it
  const value = excValue, arg = excArg, tb = detachTraceback();
  detachExcRefs();
  clearException();
  if (gcEnabled()) gcCollectAtExit(true);
  xdecref(value);
  xdecref(arg);
  xdecref(tb);
  const globals = mainGlobals;
  mainGlobals = 0;
  xdecref(globals);
  gcCollectAtExit(false);
  gcCollectAtExit(false);
  endCategory(previous);
}

/** nlocalsplus + stacksize of a code object (a generator's frame words). */
function codeSlots(code: u64): u64 {
  const r = recordOf(code);
  return r == 0 ? 0 : frameSlots(r);
}

// ---- the traceback ------------------------------------------------------------------------

/** The escaped exception as text at `out`: "Type: message" then "name line" per frame (outermost first). */
let tbPtr: usize = 0;
let tbLen: u32 = 0;

export function tracebackText(): usize { return tbPtr; }
export function tracebackLength(): u32 { return tbLen; }

/** The source line of instruction `i` of a code record. */
function lineOf(r: usize, i: u32): u32 {
  const n = load<u32>(r + CR_NINSTR);
  if (n == 0) return 0;
  if (i >= n) i = n - 1;
  return load<u32>(<usize>load<u32>(r + CR_LINES) + (<usize>i << 2));
}

export function currentLine(): u32 {
  return lineOf(rec, ip > 0 ? ip - 1 : 0);
}

/** The source line of the instruction the running frame executes next (0: none, or not running; no cost). */
export function nextLine(): u32 {
  if (!running || rec == 0) return 0;
  return lineOf(rec, ip);
}

/**
 * An exception at the current instruction (CPython's `error` then
 * `exception_unwind`): each frame from the current one down to the innermost
 * entry frame gets its traceback line (not the frame that re-raised it:
 * RERAISE and a bare `raise` go straight to exception_unwind), then the first
 * handler covering where the frame is takes it: the frames above are
 * released, the frame's stack cut to the handler's depth, lasti and the
 * exception pushed. True when a handler took it. memsim's own refusals and
 * the step limit are never caught (a script's `except Exception` must not
 * hide them).
 */
function handleError(): bool {
  save();
  if (excFresh) refuseMissingAttribute(); // an attribute CPython has: memsim's refusal, not the script's AttributeError
  const catchable = excType != EX_UNSUPPORTED && !aborting;
  if (catchable) chainContext();
  let skipLine = reraised;
  reraised = false;
  const restored = restoredLasti;
  restoredLasti = -1;
  const top = depth;
  for (let d = depth; ; d--) {
    const s = shadow(d);
    const r = <usize>load<u32>(s + SH_CODE);
    const ip1 = load<u32>(s + SH_IP);
    const at = ip1 > 0 ? ip1 - 1 : 0; // the instruction the frame is at (the handler lookup's)
    const lasti = d == top && restored >= 0 ? <u32>restored : at; // where it says it is (RERAISE restored it)
    if (!skipLine) setExcTraceback(tracebackHere(detachTraceback(), load<u64>(s + SH_FRAME), frameSlots(r), lasti, lineOf(r, lasti)));
    skipLine = false;
    if (catchable) {
      const h = handlerAt(r, at);
      if (h != 0 && enterHandler(d, h, lasti)) return true;
    }
    if (d <= entryDepth) break;
    // the frame goes before its caller's traceback entry is made, as CPython's exit_unwind pops each frame in turn:
    // a collection the next entry's allocations start (a finalizer's call) runs on the frames still there
    releaseFrame(d);
    enter(d - 1);
  }
  return false;
}

/** RERAISE or a bare `raise` made the pending exception: no traceback line for its frame. */
let reraised = false;
/** The instruction RERAISE restored as the frame's own (its lasti operand), or -1. */
let restoredLasti: i32 = -1;

/** The exception table entry of code record `r` covering instruction `i` (its linear address), or 0. */
function handlerAt(r: usize, i: u32): usize {
  const n = load<u32>(r + CR_NHANDLERS);
  const p = <usize>load<u32>(r + CR_HANDLERS);
  for (let k: u32 = 0; k < n; k++) {
    const e = p + (<usize>k << 4);
    if (i >= load<u32>(e) && i < load<u32>(e + 4)) return e;
  }
  return 0;
}

/** Frame `d` takes the pending exception at handler entry `e`; false (the exception pending) when it cannot be made. */
function enterHandler(d: u32, e: usize, lasti: u32): bool {
  while (depth > d) {
    releaseFrame(depth);
    depth--;
  }
  enter(d);
  const level = frame + stackBase(rec) + (<u64>(load<u32>(e + 12) >> 1) << 3);
  while (sp > level) xdecref(pop());
  if ((load<u32>(e + 12) & 1) != 0) {
    const l = newInt(<i64>lasti);
    if (l == 0) return false;
    push(l);
  }
  const exc = takeException();
  if (exc == 0) return false;
  push(exc);
  ip = load<u32>(e + 8);
  return true;
}

/** The frames down to the innermost entry frame go (handleError made their tracebacks); at top level the run ends with the traceback's text. */
function unwind(): void {
  save();
  // the text first: str(e) may run the script's __str__, on the frames still there
  if (entryDepth == 0) tbLen = uncaughtText(tbText(), TB_TEXT, recordOf);
  // release the frames, innermost first
  while (true) {
    releaseFrame(depth);
    if (depth <= entryDepth) break;
    depth--;
  }
  if (entryDepth > 0) { enter(entryDepth - 1); return; }
  running = false;
  finished = true;
}

const TB_TEXT: u32 = 60000;
/** The traceback's text: the upper part of the code-point scratch (free while unwinding). */
function tbText(): usize {
  tbPtr = cpPtr + (<usize>3 << 20);
  return tbPtr;
}



/** A code's locals and stack slots (a frame object's size follows from them). */
function frameSlots(r: usize): u64 {
  return <u64>load<u32>(r + CR_NLOCALS) + <u64>load<u32>(r + CR_NCELL) + <u64>load<u32>(r + CR_NFREE) + <u64>load<u32>(r + CR_STACKSIZE);
}

/**
 * Frame `d` (at `fr`, its stack up to `top`) ends: its stack's values go, then
 * _PyFrame_Clear: a frame object a traceback still holds takes over its header
 * and locals (frames.ts frameEnds, f_back the caller's frame object); the
 * borrowed header words are cleared without cost, and the data stack pops it,
 * releasing its slots unless the frame object took them.
 */
function popFrame(d: u32, fr: u64, top: u64): void {
  const r = <usize>load<u32>(shadow(d) + SH_CODE);
  const base = fr + stackBase(r);
  while (top > base) {
    top -= 8;
    const v = ld(top);
    poke64(top, 0);
    xdecref(v);
  }
  const caller = d > 0 ? shadow(d - 1) : 0;
  const back = caller != 0 ? load<u64>(caller + SH_FRAME) : 0;
  const backSlots = caller != 0 ? frameSlots(<usize>load<u32>(caller + SH_CODE)) : 0;
  const owned = frameEnds(fr, stackBase(r), back, backSlots);
  poke64(fr + W_GLOBALS, 0);
  poke64(fr + W_BUILTINS, 0);
  poke64(fr + W_PREVIOUS, 0);
  poke64(fr + W_PREVINSTR, 0);
  poke64(fr + W_STACKTOP, 0);
  if (!owned) clearFrame(fr, fr + stackBase(r));
  framePop(fr, false);
}

/**
 * What _PyFrame_InitializeSpecials stores besides the words the caller sets
 * (f_func, f_globals, f_builtins, f_locals, f_code; `previous` the CALL's):
 * frame_obj (NULL), prev_instr, and the word of stacktop, is_entry and owner;
 * then _PyEvalFramePushAndInit's NULL in every local (code record `r`'s
 * localsplus), before the arguments move in.
 */
function initFrame(fr: u64, r: usize): void {
  st(fr + W_FRAMEOBJ, 0);
  st(fr + W_PREVINSTR, 0);
  st(fr + W_STACKTOP, 0);
  const end = fr + stackBase(r);
  for (let p = fr + (HEADER << 3); p < end; p += 8) st(p, 0);
}

/**
 * _PyFrame_Clear after its frame object (frames.ts frameEnds): stacktop read,
 * the locals released (localsplus up to stacktop: the value stack is empty
 * by now), frame_obj read again (NULL), then f_locals, f_func and f_code
 * released. `end` is where the locals end.
 */
function clearFrame(fr: u64, end: u64): void {
  ld(fr + W_STACKTOP);
  for (let p = fr + (HEADER << 3); p < end; p += 8) releaseWord(p);
  ld(fr + W_FRAMEOBJ);
  releaseWord(fr + W_LOCALS);
  releaseWord(fr + W_FUNC);
  releaseWord(fr + W_CODE);
}

/** A frame word's reference released: read, cleared without cost, then decref'd. */
function releaseWord(p: u64): void {
  const v = ld(p);
  poke64(p, 0);
  xdecref(v);
}

/**
 * An AttributeError left a property's getter that LOAD_ATTR runs in this
 * loop (frame `d`): PyObject_GetAttr's set_attribute_error_context, with the
 * caller's instruction's name and the operand it looked the name up on (no
 * cost: what CPython's C stack holds). LOAD_METHOD's getter gets none:
 * _PyObject_GetMethod returns what the descriptor gave.
 */
function getterErrorContext(d: u32): void {
  const p = load<u64>(tpRecord(d) + 24);
  if (p == 0 || typeOf(p) != T_PROPERTY) return;
  const c = shadow(d - 1);
  const r = <usize>load<u32>(c + SH_CODE);
  const word = load<u32>(<usize>load<u32>(r + CR_INSTR) + (<usize>(load<u32>(c + SH_IP) - 1) << 2));
  const op = word & 0xff;
  if (op != 106) return; // LOAD_ATTR
  attrContext(peek64(load<u64>(c + SH_SP) - 8), tupleGetItem(load<u64>(r + CR_NAMES), <u64>(word >> 8)));
}

/** Pop frame `d` (the top one): its stack and header cleared, its slots released, its call's extras released. */
function releaseFrame(d: u32): void {
  const s = shadow(d);
  const fr = load<u64>(s + SH_FRAME);
  if (load<u32>(s + SH_KIND) == KIND_GEN) {
    genClearFrame(load<u64>(s + SH_X1), load<u64>(s + SH_SP));
    releaseSent(s); // (a generator SEND ran in this loop: its Py_DECREF(v) before the error reaches SEND's frame)
    return;
  }
  popFrame(d, fr, load<u64>(s + SH_SP));
  const kind = load<u32>(s + SH_KIND);
  if (kind == KIND_INIT) {
    decref(load<u64>(s + SH_X1));
    decref(load<u64>(s + SH_X2));
    xdecref(load<u64>(s + SH_X3));
  } else if (kind == KIND_CLASS) {
    decref(load<u64>(s + SH_X1));
    decref(load<u64>(s + SH_X2));
    decref(load<u64>(s + SH_X3)); // the bases tuple
  } else if (kind == KIND_EXCALL) {
    releaseExCall(s);
  } else if (kind == KIND_TPCALL) {
    if (excType == EX_ATTR) getterErrorContext(d);
    // an exception left __call__: what slot_tp_call held goes, then CALL's operands (in the caller's stack)
    const drop = releaseTpCall(d);
    const c = shadow(d - 1);
    let csp = load<u64>(c + SH_SP);
    for (let i: u32 = 0; i < drop; i++) {
      csp -= 8;
      const v = ld(csp);
      poke64(csp, 0);
      xdecref(v);
    }
    store<u64>(c + SH_SP, csp);
  }
}

// ---- names ----------------------------------------------------------------------------------

function nameAt(i: u32): u64 {
  return tupleGetItem(load<u64>(rec + CR_NAMES), <u64>i);
}

function constAt(i: u32): u64 {
  return tupleGetItem(load<u64>(rec + CR_CONSTS), <u64>i);
}

function nameError(name: u64): void {
  raiseBegin(EX_NAME); msg("name '"); msgStrObj(name); msg("' is not defined");
  suggestName(name, rec != 0 ? load<u64>(rec + CR_LOCALNAMES) : 0, rec != 0 ? load<u32>(rec + CR_NLOCALS) : 0, frame != 0 ? peek64(frame + W_GLOBALS) : 0, frame != 0 ? peek64(frame + W_BUILTINS) : 0);
  nameErrorContext(name);
}

/** LOAD_GLOBAL's lookup (_PyDict_LoadGlobal: the name's hash read once for both dicts): borrowed, or 0. */
function lookupGlobal(name: u64): u64 {
  const hash = hashForLookup(name);
  if (unhashable) return 0;
  let v = dictGetItemHash(ld(frame + W_GLOBALS), name, hash);
  if (v == 0) v = dictGetItemHash(ld(frame + W_BUILTINS), name, hash);
  return v;
}

// ---- attributes -------------------------------------------------------------------------------

/** The class attribute `name` of class t or a class of its MRO (borrowed), or 0 (_PyType_Lookup; the MRO read without cost, as its cache spares CPython the walk). */
export function classLookup(t: i32, name: u64): u64 {
  if (t < T_FIRST_CLASS) return 0;
  const n = mroLength(t);
  for (let i = 0; i < n; i++) {
    const c = mroAt(t, i);
    const ns = c >= T_FIRST_CLASS ? load<u64>(classRecord(c) + 8) : 0;
    if (ns != 0) {
      const v = dictGetItem(ns, name);
      if (v != 0) return v;
    }
  }
  return 0;
}

function attrError(o: u64, name: u64): void {
  raiseBegin(EX_ATTR);
  const t = typeOf(o);
  if (t == T_TYPE) { msg("type object '"); msgTypeNumber(typeNumber(o)); msg("'"); }
  else if (t == T_MODULE) { msg("module '"); msgStrObj(extGet(o, F5)); msg("'"); }
  else { msg("'"); msgTypeName(o); msg("' object"); }
  msg(" has no attribute '"); msgStrObj(name); msg("'");
  if (!quietAttr) suggestAttr(o, name);
}

/** getattr with a default, hasattr: an AttributeError they swallow is never printed, so no suggestion is worked out for it. */
let quietAttr = false;

/** getAttr for a caller that swallows AttributeError. */
export function getAttrQuiet(o: u64, name: u64): u64 {
  quietAttr = true;
  const v = getAttr(o, name);
  quietAttr = false;
  return v;
}

/** o.name: a new reference, or 0 with AttributeError (a property's getter called as from C code, in a nested loop). */
export function getAttr(o: u64, name: u64): u64 {
  let v = loadAttr(o, name);
  if (v == CALL_GETTER) v = callGetterNested();
  if (v == 0) attrContext(o, name);
  return v;
}

/** instanceAttr's answer when neither the class nor the instance has the name. */
const NO_ATTR: u64 = 2;

/**
 * o.name as PyObject_GetAttr finds it: a new reference, 0 with an
 * exception, or CALL_GETTER: a property whose getter the caller calls
 * (descriptors.ts getterProperty and getterSelf).
 */
function loadAttr(o: u64, name: u64): u64 {
  const t = ty(o);
  if (t >= T_FIRST_CLASS) {
    const v = instanceAttr(o, t, name, classLookup(t, name));
    if (v != NO_ATTR) return v;
  } else if (t == T_TYPE) {
    const tn = typeNumber(o);
    // type's own data descriptors first (type_getattro): __name__, __mro__, __bases__...
    const a = typeAttribute(o, tn, name);
    if (a == 0) return 0;
    if (a != NOT_TYPE_ATTRIBUTE) {
      if (a != TYPE_ATTRIBUTE_MISSING) return a;
    } else if (tn >= T_FIRST_CLASS) {
      const d = classLookup(tn, name);
      if (d != 0) return classAttr(d, o);
    } else {
      const id = methodIdOf(tn, name);
      if (id >= 0) { const b = builtinObject(id); if (b == 0) return chk(0); incref(b); return b; }
    }
  } else if (t == T_MODULE) {
    const v = dictGetItem(extGet(o, F1), name);
    if (v != 0) { incref(v); return v; }
  } else if (t == T_FUNCTION) {
    const v = functionAttr(o, name);
    if (v != NOT_OWN) return v;
  } else if (t == T_METHOD) {
    // method_getattro: __self__, __func__, then the function's own attributes
    if (strIs(name, "__self__")) { const v = extGet(o, F2); incref(v); return v; }
    const f = extGet(o, F1);
    if (strIs(name, "__func__")) { incref(f); return f; }
    if (typeOf(f) == T_FUNCTION) {
      const v = functionAttr(f, name);
      if (v != NOT_OWN) return v;
    }
  } else if (t == T_SUPER) {
    return superGetAttr(o, name);
  } else {
    if (isDescriptorType(t)) {
      const v = descriptorAttribute(o, t, name);
      if (v != NOT_OWN) return v;
    }
    const id = methodIdOf(t, name);
    if (id >= 0) return boundBuiltin(id, o);
  }
  return missingAttr(o, t, name);
}

/**
 * _PyObject_GenericGetAttrWithDict for an instance of class t, whose MRO
 * gave `d` for `name` (or 0): a data descriptor of the class first (the
 * __dict__ and __weakref__ descriptors, a property: CALL_GETTER), then the
 * instance's own attributes, then the class attribute (a function bound to
 * the instance, a staticmethod's function, a classmethod's bound to the
 * class). A new reference, 0 with an exception, CALL_GETTER, or NO_ATTR.
 */
function instanceAttr(o: u64, t: i32, name: u64, d: u64): u64 {
  const td = d != 0 ? typeOf(d) : -1;
  if (td == T_GETSET) return getsetGet(o, d, name);
  if (td == T_PROPERTY) return propertyGet(d, o);
  if (hasManagedDict(o)) {
    const v = instanceGetAttr(o, name);
    if (v != 0) { incref(v); return v; }
  } else if (isExceptionClass(t)) {
    // args and the members (data descriptors, unless a class of the script has the name: before the instance's dict), then the dict
    const v = exceptionGetAttr(o, name, strIs(name, "args"), d == 0 ? exceptionMember(t, name) : 0);
    if (v != 0) return v;
  }
  if (d == 0) return NO_ATTR;
  if (td == T_FUNCTION) return chk(methodNew(d, o));
  if (td == T_STATICMETHOD || td == T_CLASSMETHOD) return callableGet(d, td, typeObject(t));
  incref(d);
  return d;
}

/** A class's attribute read on the class (type_getattro: its __get__(None, C)): a function or property as it is, a staticmethod's function, a classmethod's bound to C. */
function classAttr(d: u64, cls: u64): u64 {
  const td = typeOf(d);
  if (td == T_STATICMETHOD || td == T_CLASSMETHOD) return callableGet(d, td, cls);
  incref(d);
  return d;
}

/** An exception class's member `name` (its offset) when no class of the script in its MRO has the name, else 0. */
function exceptionMemberFor(t: i32, name: u64): u64 {
  const m = exceptionMember(t, name);
  return m != 0 && classLookup(t, name) == 0 ? m : 0;
}

/**
 * set_attribute_error_context after looking `name` up on `o` failed
 * (PyObject_GetAttr, _PyObject_GetMethod; not where the error is swallowed):
 * an AttributeError gets its name and obj. One for an attribute CPython has
 * becomes memsim's refusal first (refusals.ts reads the message).
 */
function attrContext(o: u64, name: u64): void {
  if (quietAttr || excType != EX_ATTR) return;
  if (refuseMissingAttribute()) return;
  attributeErrorContext(o, name);
}

/** The end of a lookup that found nothing: object's __class__, else AttributeError (0). */
function missingAttr(o: u64, t: i32, name: u64): u64 {
  // object's __class__ (a data descriptor CPython finds first; no class of the subset shadows it)
  if (t != T_TYPE && strIs(name, "__class__")) { incref(typeObject(t)); return typeObject(t); }
  attrError(o, name);
  return 0;
}

/** property_descr_get's call of the getter (CALL_GETTER) from C code, in a nested loop; the property held meanwhile. A new reference, or 0. */
function callGetterNested(): u64 {
  const p = getterProperty;
  store<u64>(GETTER_ARGV, getterSelf);
  incref(p);
  const v = callObject(propertyGetter(p), GETTER_ARGV, 1);
  decref(p);
  return v;
}
const GETTER_ARGV = memory.data(8);

/**
 * LOAD_ATTR's or LOAD_METHOD's property getter (CALL_GETTER: getterSelf is
 * the instance on top of the stack, or the super object's there). A
 * function runs in this eval loop as the call from C code it is
 * (property_descr_get's PyObject_CallOneArg, KIND_TPCALL): its frame holds
 * its own references to the getter and the instance, the property is held
 * for the call, and the stack's operand stays until the getter returns; its
 * value then takes the operand's place (after a NULL for LOAD_METHOD). So a
 * getter that reads a property recurses as deep as CPython's (the recursion
 * limit counts its frames only). Any other getter is called nested. False
 * with an exception (the operand released and its slot gone).
 */
function loadGetter(nullFirst: bool, name: u64): bool {
  const p = getterProperty, self = getterSelf;
  const owner = peekN(1); // the instance, or the super object that found the property
  const getter = propertyGetter(p);
  if (typeOf(getter) != T_FUNCTION) {
    const v = callGetterNested();
    if (v == 0 && !nullFirst) attrContext(owner, name);
    decref(owner);
    if (v == 0) { dropConsumed(); return false; }
    if (nullFirst) { setN(1, 0); push(v); } else setN(1, v);
    return true;
  }
  const rec1 = tpRecord(depth + 1);
  memory.fill(rec1, 0, 56);
  incref(p);
  store<u64>(rec1 + 24, p);
  store<u32>(rec1 + 56, 1 | (nullFirst ? TP_NULL_FIRST : 0));
  store<u32>(rec1 + 60, 0);
  store<u64>(INIT_ARGV, self);
  incref(getter);
  incref(self);
  argsLinear = true;
  const ok = callFunction(getter, <u64>INIT_ARGV, 1, 0, 0, KIND_TPCALL, 0, 0, 0, 0);
  argsLinear = false;
  if (ok) return true;
  decref(self);
  decref(getter);
  decref(p);
  store<u64>(rec1 + 24, 0);
  decref(owner);
  dropConsumed();
  return false;
}

/** A class's __dict__ or __weakref__ descriptor read on instance o (subtype_dict, subtype_getweakref): its dict (made on first use), None. */
function getsetGet(o: u64, d: u64, name: u64): u64 {
  if (strIs(name, "__weakref__")) return newNone();
  if (!hasManagedDict(o)) { attrError(o, name); return 0; }
  const dict = instanceDict(o);
  if (dict == 0) { raise(EX_MEMORY, ""); return 0; }
  incref(dict);
  return dict;
}

/**
 * A property of instance o's class for `name` (PyObject_GenericSetAttr's
 * _PyType_Lookup, done only when the class's MRO holds a property: an
 * instance of a class without one stores as it did), or 0.
 */
function propertyFor(o: u64, t: i32, name: u64): u64 {
  if (!hasSlot(t, HAS_PROPERTY)) return 0;
  const d = classLookup(t, name);
  return d != 0 && typeOf(d) == T_PROPERTY ? d : 0;
}

export function setAttr(o: u64, name: u64, v: u64): bool {
  const t = ty(o);
  if (t >= T_FIRST_CLASS) {
    const p = propertyFor(o, t, name);
    if (p != 0) return propertySet(p, o, v, callObject);
  }
  if (t >= T_FIRST_CLASS && (strIs(name, "__class__") || strIs(name, "__dict__"))) {
    raiseBegin(EX_UNSUPPORTED); msg("setting "); msgStrObj(name); msg(" is not supported yet (memsim)");
    return false;
  }
  if (t >= T_FIRST_CLASS && hasManagedDict(o)) {
    if (instanceSetAttr(o, name, v) != 0) { raise(EX_MEMORY, ""); return false; }
    return true;
  }
  if (isExceptionClass(t)) return exceptionSetAttr(o, name, v, strIs(name, "args"), exceptionMemberFor(t, name));
  if (t == T_TYPE && typeNumber(o) >= T_FIRST_CLASS && !isBuiltinClass(typeNumber(o))) {
    const tn = typeNumber(o);
    if (isTypeDescriptor(name)) {
      raiseBegin(EX_UNSUPPORTED); msg("setting "); msgStrObj(name); msg(" of a class is not supported yet (memsim)");
      return false;
    }
    if (!dictSetChecked(load<u64>(classRecord(tn) + 8), name, v)) return false;
    // the class's slots (and its subclasses') follow, as update_slot has it; so does whether they hold a property
    if (slotOfName(name) >= 0 || typeOf(v) == T_PROPERTY || hasSlot(tn, HAS_PROPERTY)) refreshSlots();
    return true;
  }
  if (t == T_TYPE) {
    raiseBegin(EX_TYPE); msg("cannot set '"); msgStrObj(name); msg("' attribute of immutable type '"); msgTypeNumber(typeNumber(o)); msg("'");
    return false;
  }
  // a function's attributes live in its __dict__ (func_dict), which memsim's functions do not have yet
  if (t == T_FUNCTION) { raise(EX_UNSUPPORTED, "setting an attribute of a function is not supported yet (memsim)"); return false; }
  if (isDescriptorType(t)) return descriptorSetAttr(o, t, name, v);
  attrError(o, name);
  return false;
}

/**
 * del o.name: a property's deleter, else the instance's own attribute; of a
 * class of the script, the entry of its dict (type_setattro with NULL: its
 * slots follow, as update_slot has it). AttributeError without one, as
 * PyErr_Format makes it on a delete (no "Did you mean"); a built-in type's:
 * TypeError.
 */
function delAttr(o: u64, name: u64): bool {
  const t = ty(o);
  if (t >= T_FIRST_CLASS) {
    const p = propertyFor(o, t, name);
    if (p != 0) return propertySet(p, o, 0, callObject);
    if (hasManagedDict(o) && instanceDelAttr(o, name)) return true;
    if (isExceptionClass(t)) {
      const r = exceptionDelAttr(o, name, strIs(name, "args"), exceptionMemberFor(t, name));
      if (r != 0) return r > 0;
    }
  }
  if (t == T_TYPE && typeNumber(o) >= T_FIRST_CLASS && !isBuiltinClass(typeNumber(o))) {
    const tn = typeNumber(o);
    if (isTypeDescriptor(name)) {
      raiseBegin(EX_UNSUPPORTED); msg("deleting "); msgStrObj(name); msg(" of a class is not supported yet (memsim)");
      return false;
    }
    const refresh = slotOfName(name) >= 0 || hasSlot(tn, HAS_PROPERTY);
    if (dictDelItem(load<u64>(classRecord(tn) + 8), name)) {
      if (refresh) refreshSlots();
      return true;
    }
    if (excType != EX_NONE) return false;
  } else if (t == T_TYPE) {
    raiseBegin(EX_TYPE); msg("cannot set '"); msgStrObj(name); msg("' attribute of immutable type '"); msgTypeNumber(typeNumber(o)); msg("'");
    return false;
  }
  const quiet = quietAttr;
  quietAttr = true;
  attrError(o, name);
  quietAttr = quiet;
  return false;
}

// ---- calls ------------------------------------------------------------------------------------

function qualnameMsg(r: usize): void {
  msgStrObj(load<u64>(r + CR_QUALNAME));
}

const filled = memory.data(2048); // one byte per argument slot while a call is checked
const toKwargs = memory.data(256); // one byte per keyword argument: set when it goes to **kwargs
const kwonlyDefaults = memory.data(256 * 8); // a keyword-only parameter's default, while a call is checked

/**
 * format_missing: "f() missing 2 required positional arguments: 'a' and 'b'"
 * for the parameters in [from, to) not filled, below `required` (those from
 * it on have defaults).
 */
function missingArguments(r: usize, names: u64, from: u32, to: u32, required: u32, missing: u32, kind: string): void {
  raiseBegin(EX_TYPE); qualnameMsg(r); msg("() missing "); msgU(missing); msg(" required "); msg(kind); msg(" argument");
  if (missing > 1) msg("s");
  msg(": ");
  let k: u32 = 0;
  for (let i = from; i < to; i++) {
    if (load<u8>(filled + i) != 0 || i >= required) continue;
    if (k > 0) msg(missing == 2 ? " and " : k == missing - 1 ? ", and " : ", ");
    msg("'"); msgStrObj(tupleGetItem(names, <u64>i)); msg("'");
    k++;
  }
}
const CO_VARARGS: u32 = 4;
const CO_VARKEYWORDS: u32 = 8;

/**
 * A Python function call: check the arguments, push its frame, move the
 * arguments (and the function) from the caller's stack into it. `args` is the
 * first argument's stack slot, `nargs` counts them (keyword values last);
 * `consumed` stack slots end at sp and are all taken (cleared). False with an
 * exception (then nothing was moved).
 */
function callFunction(func: u64, args: u64, nargs: u32, kw: u64, consumed: u32, kind: u32, x1: u64, x2: u64, x3: u64, locals: u64): bool {
  const code = ld(func + FUNC_CODE);
  const r = recordOf(code);
  if (r == 0) { raise(EX_UNSUPPORTED, "a function without a code record"); return false; }
  const nkw: u32 = kw == 0 ? 0 : <u32>tupleLength(kw);
  const npos = nargs - nkw;
  const argcount = load<u32>(r + CR_ARGCOUNT);
  const kwonly = load<u32>(r + CR_KWONLY);
  const total = argcount + kwonly; // the named parameters: positional, then keyword-only
  const nlocals = load<u32>(r + CR_NLOCALS);
  if (total > 255 || nkw > 255) { raise(EX_UNSUPPORTED, "too many arguments"); return false; }
  const flags = load<u32>(r + CR_FLAGS);
  const varargs = (flags & CO_VARARGS) != 0, varkw = (flags & CO_VARKEYWORDS) != 0;
  if (nkw == 0 && kwonly == 0 && npos == argcount && !varargs && !varkw) {
    // Every parameter given by position (CALL_PY_EXACT_ARGS's case): nothing to match; the same accesses as below
    ld(func + FUNC_DEFAULTS);
    if (depth + 1 + cCalls >= MAX_DEPTH) { raise(EX_RECURSION, "maximum recursion depth exceeded"); return false; }
    const fr = beginFrame(r, consumed);
    if (fr == 0) return false;
    for (let i: u32 = 0; i < argcount; i++) st(fr + ((HEADER + <u64>i) << 3), argWord(args, i));
    finishFrame(fr, func, code, r, consumed, kind, x1, x2, x3, locals);
    return true;
  }
  memory.fill(filled, 0, total);
  memory.fill(toKwargs, 0, nkw);
  const nfixed = npos < argcount ? npos : argcount;
  for (let i: u32 = 0; i < nfixed; i++) store<u8>(filled + i, 1);
  const names = load<u64>(r + CR_LOCALNAMES);
  // keywords first, as initialize_locals: a name given twice is reported before too many positional arguments
  for (let j: u32 = 0; j < nkw; j++) {
    const name = tupleGetItem(kw, <u64>j);
    let idx: i32 = -1;
    for (let i: u32 = 0; i < total; i++) if (tupleGetItem(names, <u64>i) == name) { idx = <i32>i; break; }
    if (idx < 0) for (let i: u32 = 0; i < total; i++) if (sameText(tupleGetItem(names, <u64>i), name)) { idx = <i32>i; break; }
    if (idx < 0 && varkw) { store<u8>(toKwargs + j, 1); continue; } // for **kwargs
    if (idx < 0) {
      raiseBegin(EX_TYPE); qualnameMsg(r); msg("() got an unexpected keyword argument '"); msgStrObj(name); msg("'");
      return false;
    }
    if (load<u8>(filled + idx) != 0) {
      raiseBegin(EX_TYPE); qualnameMsg(r); msg("() got multiple values for argument '"); msgStrObj(name); msg("'");
      return false;
    }
    store<u8>(filled + idx, <u8>(2 + j));
  }
  const defaults = ld(func + FUNC_DEFAULTS);
  const nd: u32 = defaults == 0 ? 0 : <u32>tupleLength(defaults);
  if (npos > argcount && !varargs) {
    // too_many_positional
    let kwonlyGiven: u32 = 0;
    for (let i = argcount; i < total; i++) if (load<u8>(filled + i) != 0) kwonlyGiven++;
    raiseBegin(EX_TYPE); qualnameMsg(r); msg("() takes ");
    if (nd > 0) { msg("from "); msgU(argcount - nd); msg(" to "); msgU(argcount); msg(" positional arguments"); }
    else { msgU(argcount); msg(argcount != 1 ? " positional arguments" : " positional argument"); }
    msg(" but "); msgU(npos);
    if (kwonlyGiven > 0) {
      msg(npos != 1 ? " positional arguments (and " : " positional argument (and "); msgU(kwonlyGiven);
      msg(kwonlyGiven != 1 ? " keyword-only arguments)" : " keyword-only argument)");
    }
    msg(npos == 1 && kwonlyGiven == 0 ? " was given" : " were given");
    return false;
  }
  let missing: u32 = 0;
  for (let i: u32 = 0; i < argcount; i++) if (load<u8>(filled + i) == 0 && i < argcount - nd) missing++;
  if (missing > 0) { missingArguments(r, names, 0, argcount, argcount - nd, missing, "positional"); return false; }
  // keyword-only parameters not given: their defaults (func_kwdefaults, looked up by name), else an error
  const kwdefaults = kwonly > 0 ? ld(func + FUNC_KWDEFAULTS) : 0;
  for (let i = argcount; i < total; i++) {
    if (load<u8>(filled + i) != 0) continue;
    const v = kwdefaults != 0 ? dictGetItem(kwdefaults, tupleGetItem(names, <u64>i)) : 0;
    store<u64>(kwonlyDefaults + (<usize>(i - argcount) << 3), v);
    if (v != 0) store<u8>(filled + i, 1); // filled by its default (1: not an argument's index)
    else missing++;
  }
  if (missing > 0) { missingArguments(r, names, argcount, total, total, missing, "keyword-only"); return false; }
  if (depth + 1 + cCalls >= MAX_DEPTH) { raise(EX_RECURSION, "maximum recursion depth exceeded"); return false; }
  // **kwargs' dict, then *args' tuple (initialize_locals' order)
  let kwdict: u64 = 0, rest: u64 = 0;
  if (varkw) {
    kwdict = dictNew();
    if (kwdict == 0) { raise(EX_MEMORY, ""); return false; }
  }
  if (varargs) {
    rest = tupleNew(<u64>(npos - nfixed));
    if (rest == 0) { xdecref(kwdict); raise(EX_MEMORY, ""); return false; }
    // the extra positional arguments move in (_PyTuple_FromArraySteal)
    for (let i = nfixed; i < npos; i++) st(rest + TUPLE_ITEMS + (<u64>(i - nfixed) << 3), argWord(args, i));
  }
  for (let j: u32 = 0; j < nkw; j++) {
    if (load<u8>(toKwargs + j) == 0) continue;
    const value = argWord(args, npos + j);
    if (dictSetItem(kwdict, tupleGetItem(kw, <u64>j), value) != 0) { decref(kwdict); xdecref(rest); raise(EX_MEMORY, ""); return false; }
    decref(value); // the dict holds it now
  }
  const fr = beginFrame(r, consumed);
  if (fr == 0) return false;
  // move the arguments
  for (let i: u32 = 0; i < argcount; i++) {
    const f = <u32>load<u8>(filled + i);
    let v: u64 = 0;
    if (f == 1) v = argWord(args, i);
    else if (f >= 2) v = argWord(args, npos + f - 2);
    else { v = tupleGetItem(defaults, <u64>(i - (argcount - nd))); incref(v); }
    st(fr + ((HEADER + <u64>i) << 3), v);
  }
  for (let i = argcount; i < total; i++) {
    const f = <u32>load<u8>(filled + i);
    let v: u64 = 0;
    if (f >= 2) v = argWord(args, npos + f - 2);
    else { v = load<u64>(kwonlyDefaults + (<usize>(i - argcount) << 3)); incref(v); }
    st(fr + ((HEADER + <u64>i) << 3), v);
  }
  if (varargs) st(fr + ((HEADER + <u64>total) << 3), rest);
  if (varkw) st(fr + ((HEADER + <u64>total + (varargs ? 1 : 0)) << 3), kwdict);
  finishFrame(fr, func, code, r, consumed, kind, x1, x2, x3, locals);
  return true;
}

/**
 * A call's frame pushed and initialized (the caller's state saved first), before the arguments move in
 * (the call's `consumed` operands still on the caller's stack); 0 with MemoryError.
 */
function beginFrame(r: usize, consumed: u32): u64 {
  save();
  const fr = framePush(<u64>load<u32>(r + CR_FRAMESIZE), false);
  if (fr == 0) { raise(EX_MEMORY, ""); return 0; }
  // _PyFrame_SetStackPointer: the caller's stacktop as CPython keeps it, an offset from its locals without the call's
  // operands (a collection during the call traverses a running generator's frame up to it)
  st(frame + W_STACKTOP, (sp - (<u64>consumed << 3) - frame - (HEADER << 3)) >> 3);
  initFrame(fr, r);
  return fr;
}

/** The call's `consumed` stack words gone, frame `fr`'s header words stored, and the frame entered (its arguments moved in). */
function finishFrame(fr: u64, func: u64, code: u64, r: usize, consumed: u32, kind: u32, x1: u64, x2: u64, x3: u64, locals: u64): void {
  for (let p = sp - (<u64>consumed << 3); p < sp; p += 8) poke64(p, 0);
  sp -= <u64>consumed << 3;
  st(fr + W_FUNC, func); // the caller's reference moves in
  st(fr + W_GLOBALS, ld(func + FUNC_GLOBALS));
  st(fr + W_BUILTINS, builtinsDict);
  st(fr + W_LOCALS, locals);
  incref(code);
  st(fr + W_CODE, code);
  st(fr + W_PREVIOUS, frame);
  save();
  const s = shadow(depth + 1);
  store<u64>(s + SH_FRAME, fr);
  store<u32>(s + SH_CODE, <u32>r);
  store<u32>(s + SH_IP, 0);
  store<u64>(s + SH_SP, fr + stackBase(r));
  store<u32>(s + SH_KIND, kind);
  store<u64>(s + SH_X1, x1);
  store<u64>(s + SH_X2, x2);
  store<u64>(s + SH_X3, x3);
  enter(depth + 1);
}

/** Argument i of a call: on the caller's value stack, or (a call from C code) in linear memory. */
function argWord(args: u64, i: u32): u64 {
  if (argsLinear) return load<u64>(<usize>args + (<usize>i << 3));
  return ld(args + (<u64>i << 3));
}
let argsLinear = false;

function msgU(v: u32): void {
  if (v >= 10) msgU(v / 10);
  msgByte(48 + v % 10);
}

/** Release `n` stack slots from the top (decref each), then the stack shrinks. */
function dropTop(n: u32): void {
  for (let i: u32 = 0; i < n; i++) xdecref(pop());
}

/** CALL n: false with an exception (the stack then holds no call operands). */
function doCall(n: u32): bool {
  const kw = kwnames;
  kwnames = 0;
  if (kw != 0 && tupleLength(kw) > <u64>n) { dropTop(n + 2); raise(EX_UNSUPPORTED, "KW_NAMES names more arguments than CALL passes (a corrupted image)"); return false; }
  let isMeth = peekN(n + 2) != 0;
  let callable = isMeth ? peekN(n + 2) : peekN(n + 1);
  let nargs = n + (isMeth ? 1 : 0);
  let t = ty(callable);
  if (!isMeth && t == T_METHOD) {
    const self = extGet(callable, F2), func = extGet(callable, F1);
    incref(self); incref(func);
    setN(n + 1, self);
    setN(n + 2, func);
    decref(callable);
    callable = func;
    isMeth = true;
    nargs++;
    t = ty(callable);
  }
  const args = sp - (<u64>nargs << 3);
  if (t == T_FUNCTION) {
    if (callFunction(callable, args, nargs, kw, n + 2, KIND_CALL, 0, 0, 0, 0)) return true;
    dropTop(n + 2);
    return false;
  }
  if (t == T_METHOD && extGet(callable, F2) != 0 && ty(extGet(callable, F1)) == T_FUNCTION) return callMethodInPlace(callable, n, nargs, args, kw);
  let result: u64 = 0;
  if (t == T_BUILTIN) {
    const id = <i32>extGet(callable, F1);
    if (id == B_BUILD_CLASS) return buildClass(n, nargs, args);
    result = callBuiltin(id, extGet(callable, F2), args, <i32>nargs, kw);
  } else if (t == T_TYPE) {
    const tn = typeNumber(callable);
    if (tn >= T_FIRST_CLASS) return instantiate(tn, n, nargs, args, kw, isMeth);
    result = tn == T_SUPER ? superCall(args, nargs, kw) : callType(tn, args, <i32>nargs, kw);
  } else if (t == T_STATICMETHOD) {
    result = staticMethodCall(callable, nargs, args, kw);
  } else if (hasSlot(t, SLOT_CALL)) {
    // _PyObject_MakeTpCall: the positional arguments as a tuple, the keywords as a dict, then tp_call
    const argsTuple = tpCallArgs(nargs, args, kw);
    if (argsTuple == 0) { dropTop(n + 2); return false; }
    const kwDict = kw == 0 ? 0 : tpCallKwargs(nargs, args, kw);
    if (kw != 0 && kwDict == 0) { decref(argsTuple); dropTop(n + 2); return false; }
    return slotCall(callable, argsTuple, kwDict, n + 2);
  } else {
    raiseBegin(EX_TYPE); msg("'"); msgTypeName(callable); msg("' object is not callable");
  }
  dropTop(n + 2);
  if (result == 0) return false;
  push(result);
  return true;
}

/**
 * A staticmethod called (sm_call, 3.11): _PyObject_MakeTpCall's tuple of the
 * arguments, then its function called with them from C code (nested). A
 * new reference, or 0 with an exception.
 */
function staticMethodCall(sm: u64, nargs: u32, args: u64, kw: u64): u64 {
  if (kw != 0 || nargs > 14) { raise(EX_UNSUPPORTED, "calling a staticmethod object with keywords or many arguments is not supported yet (memsim)"); return 0; }
  const argsTuple = tpCallArgs(nargs, args, 0);
  if (argsTuple == 0) return 0;
  for (let i: u32 = 0; i < nargs; i++) store<u64>(NESTED_ARGV + (<usize>i << 3), tupleGetItem(argsTuple, <u64>i));
  const r = callObject(extGet(sm, F1), NESTED_ARGV, nargs);
  decref(argsTuple);
  return r;
}

/**
 * A bound method in the callable's place of [method, a0, args...] (a
 * decorator's CALL 0: the function to decorate is a0): method_vectorcall puts
 * self in front of a0 and calls the function from C (_PyEval_Vector's
 * references to it and its arguments); the operands stay on the stack until
 * it ends, as any call from C (KIND_TPCALL with no tuple, dict or arrays).
 */
function callMethodInPlace(method: u64, n: u32, nargs: u32, args: u64, kw: u64): bool {
  const self = extGet(method, F2), func = extGet(method, F1);
  if (nargs + 1 > 255) { dropTop(n + 2); raise(EX_UNSUPPORTED, "too many arguments"); return false; }
  store<u64>(INIT_ARGV, self);
  for (let i: u32 = 0; i < nargs; i++) store<u64>(INIT_ARGV + (<usize>(i + 1) << 3), ld(args + (<u64>i << 3)));
  const rec1 = tpRecord(depth + 1);
  memory.fill(rec1, 0, 56);
  store<u32>(rec1 + 56, n + 2);
  store<u32>(rec1 + 60, 0);
  incref(func);
  for (let i: u32 = 0; i <= nargs; i++) incref(load<u64>(INIT_ARGV + (<usize>i << 3)));
  argsLinear = true;
  const ok = callFunction(func, <u64>INIT_ARGV, nargs + 1, kw, 0, KIND_TPCALL, 0, 0, 0, 0);
  argsLinear = false;
  if (ok) return true;
  for (let i: u32 = 0; i <= nargs; i++) decref(load<u64>(INIT_ARGV + (<usize>i << 3)));
  decref(func);
  dropTop(n + 2);
  return false;
}

// ---- slot_tp_call: an instance of a class with __call__ called --------------------------------

// What a call of __call__ holds until it ends, per frame depth (the callee's):
// 0 the array of _PyObject_Call_Prepend (a heap block when it has more than 5
// words, else 0: CPython's C stack), 8 the array of _PyStack_UnpackDict (or 0),
// 16 its tuple of names, 24 the method (lookup_method's reference), 32 the
// arguments' tuple, 40 the keywords' dict (or 0), 48 u32 the array's words
// (self and the positional arguments), 52 u32 the keywords, 56 u32 the
// caller's operands CALL releases when the call ends, 60 u32 1 when the call
// counts for the recursion limit.
const TP_RECORDS = memory.data((<i32>MAX_DEPTH + 8) * 64);
const SMALL_STACK = memory.data(5 * 8); // _PyObject_Call_Prepend's small_stack (_PY_FASTCALL_SMALL_STACK words)

// @ts-ignore: decorator
@inline function tpRecord(d: u32): usize { return TP_RECORDS + (<usize>d << 6); }

/**
 * slot_tp_call(self, argsTuple, kwDict) from CALL or CALL_FUNCTION_EX, whose
 * `drop` operands stay on the stack until it ends (the tuple and the dict
 * are the call's: released then too). The class's __call__ (lookup_method)
 * gets self first (_PyObject_Call_Prepend), the keywords as a names tuple
 * and an array (_PyStack_UnpackDict, as _PyObject_FastCallDictTstate does),
 * and its frame is pushed as a Python call's (_PyEval_Vector's references);
 * RETURN_VALUE, RETURN_GENERATOR or an exception ends it (KIND_TPCALL). False
 * with an exception (everything released).
 */
function slotCall(self: u64, argsTuple: u64, kwDict: u64, drop: u32): bool {
  const meth = classLookup(ty(self), slotNameObject(SLOT_CALL));
  if (meth == 0) { decref(argsTuple); xdecref(kwDict); dropTop(drop); raise(EX_UNSUPPORTED, "a special method that went missing (memsim)"); return false; }
  incref(meth);
  const npos = <u32>tupleLength(argsTuple);
  const nk = kwDict != 0 ? <u32>dictLength(kwDict) : 0;
  if (ty(meth) != T_FUNCTION) {
    // not a function (no descriptor to bind): called as it is, without self
    let result: u64 = 0;
    if (nk > 0 || npos > 14) raise(EX_UNSUPPORTED, "a __call__ that is not a function, called with keywords or many arguments, is not supported yet (memsim)");
    else {
      for (let i: u32 = 0; i < npos; i++) store<u64>(SMALL_ARGV + (<usize>i << 3), tupleGetItem(argsTuple, <u64>i));
      result = callObject(meth, SMALL_ARGV, npos);
    }
    decref(meth); decref(argsTuple); xdecref(kwDict); dropTop(drop);
    if (result == 0) return false;
    push(result);
    return true;
  }
  const nargs = npos + 1;
  if (nargs + nk > 255) { decref(meth); decref(argsTuple); xdecref(kwDict); dropTop(drop); raise(EX_UNSUPPORTED, "too many arguments"); return false; }
  // _PyObject_Call_Prepend's array (a heap block beyond 5 words), then _PyStack_UnpackDict's and its names tuple
  // (allocated before any is filled: a collection the tuple starts cannot see them half made)
  let prepend: u64 = 0, unpack: u64 = 0, names: u64 = 0;
  if (nargs > 5) prepend = objectMalloc(<u64>nargs << 3);
  if (nk > 0 && (nargs <= 5 || prepend != 0)) {
    unpack = objectMalloc(<u64>(1 + nargs + nk) << 3);
    names = unpack != 0 ? tupleNew(<u64>nk) : 0;
  }
  if ((nargs > 5 && prepend == 0) || (nk > 0 && names == 0)) {
    if (unpack != 0) objectFree(unpack);
    if (prepend != 0) objectFree(prepend);
    decref(meth); decref(argsTuple); xdecref(kwDict); dropTop(drop); raise(EX_MEMORY, "");
    return false;
  }
  // self, then the tuple's items (borrowed)
  if (prepend != 0) {
    st(prepend, self);
    for (let i: u32 = 0; i < npos; i++) st(prepend + (<u64>(i + 1) << 3), tupleGetItem(argsTuple, <u64>i));
  } else {
    store<u64>(SMALL_STACK, self);
    for (let i: u32 = 0; i < npos; i++) store<u64>(SMALL_STACK + (<usize>(i + 1) << 3), tupleGetItem(argsTuple, <u64>i));
  }
  // the arguments and the keywords' values in the new array (their own references), the names in the tuple
  if (nk > 0) {
    for (let i: u32 = 0; i < nargs; i++) {
      const v = prepend != 0 ? ld(prepend + (<u64>i << 3)) : load<u64>(SMALL_STACK + (<usize>i << 3));
      incref(v);
      st(unpack + (<u64>(i + 1) << 3), v);
    }
    let pos: u64 = 0, j: u32 = 0;
    while (dictNext(kwDict, pos)) {
      pos = nextPos;
      if (typeOf(nextKey) != T_STR) {
        for (let i: u32 = 0; i < nargs + j; i++) decref(ld(unpack + (<u64>(i + 1) << 3)));
        objectFree(unpack); decref(names);
        if (prepend != 0) objectFree(prepend);
        decref(meth); decref(argsTuple); xdecref(kwDict); dropTop(drop);
        raise(EX_TYPE, "keywords must be strings");
        return false;
      }
      tupleSetItem(names, <u64>j, nextKey);
      incref(nextValue);
      st(unpack + (<u64>(1 + nargs + j) << 3), nextValue);
      j++;
    }
  }
  const rec1 = tpRecord(depth + 1);
  store<u64>(rec1, prepend);
  store<u64>(rec1 + 8, unpack);
  store<u64>(rec1 + 16, names);
  store<u64>(rec1 + 24, meth);
  store<u64>(rec1 + 32, argsTuple);
  store<u64>(rec1 + 40, kwDict);
  store<u32>(rec1 + 48, nargs);
  store<u32>(rec1 + 52, nk);
  store<u32>(rec1 + 56, drop);
  store<u32>(rec1 + 60, 1);
  cCalls++; // (_Py_EnterRecursiveCallTstate of _PyObject_MakeTpCall or _PyObject_Call: the recursion limit counts it)
  // _PyEval_Vector: the frame's own references to the function and the arguments
  const total = nargs + nk;
  const linear = unpack == 0 && prepend == 0;
  const argv: u64 = unpack != 0 ? unpack + 8 : prepend != 0 ? prepend : <u64>SMALL_STACK;
  incref(meth);
  for (let i: u32 = 0; i < total; i++) incref(linear ? load<u64>(<usize>argv + (<usize>i << 3)) : ld(argv + (<u64>i << 3)));
  argsLinear = linear;
  const ok = callFunction(meth, argv, total, names, 0, KIND_TPCALL, 0, 0, 0, 0);
  argsLinear = false;
  if (ok) return true;
  cCalls--;
  store<u32>(rec1 + 60, 0);
  for (let i: u32 = 0; i < total; i++) decref(linear ? load<u64>(<usize>argv + (<usize>i << 3)) : ld(argv + (<u64>i << 3)));
  decref(meth);
  releaseTpCall(depth + 1);
  dropTop(drop);
  return false;
}
const SMALL_ARGV = memory.data(16 * 8);

/**
 * A call of __call__ (its frame at depth `d`) ended: _PyStack_UnpackDict_Free,
 * the prepended array freed, the method released (slot_tp_call), the tuple
 * and the dict (_PyObject_MakeTpCall's, or CALL_FUNCTION_EX's); the caller's
 * operands to release, returned.
 */
function releaseTpCall(d: u32): u32 {
  const r = tpRecord(d);
  const drop = load<u32>(r + 56) & TP_DROP;
  const unpack = load<u64>(r + 8);
  if (unpack != 0) {
    const n = load<u32>(r + 48) + load<u32>(r + 52);
    for (let i: u32 = 0; i < n; i++) decref(ld(unpack + (<u64>(i + 1) << 3)));
    objectFree(unpack);
    decref(load<u64>(r + 16));
  }
  const prepend = load<u64>(r);
  if (prepend != 0) objectFree(prepend);
  xdecref(load<u64>(r + 24));
  xdecref(load<u64>(r + 32));
  xdecref(load<u64>(r + 40));
  memory.fill(r, 0, 56);
  if (load<u32>(r + 60) != 0) { cCalls--; store<u32>(r + 60, 0); }
  return drop;
}

/** The record's word at 56: the caller's operands to drop (TP_DROP), and TP_NULL_FIRST (LOAD_METHOD's getter: [NULL, value] replaces them). */
const TP_DROP: u32 = 0xffff;
const TP_NULL_FIRST: u32 = 0x10000;

/** A call from C code running in this loop returned `retval` (its frame gone): what it held released, the caller's operands dropped, the value pushed. */
function endTpCall(retval: u64): void {
  const nullFirst = (load<u32>(tpRecord(depth + 1) + 56) & TP_NULL_FIRST) != 0;
  dropTop(releaseTpCall(depth + 1));
  if (nullFirst) push(0);
  push(retval);
}
/** The calls from C code of __call__ under way (slot_tp_call's frames): the recursion limit counts them with the frames. */
let cCalls: u32 = 0;

/**
 * super() (super_vectorcall): with no arguments, super_init_without_args
 * takes the calling frame's first argument (through its cell if it is one)
 * and its __class__ free variable; or super(type, obj). A new reference, or 0.
 */
function superCall(args: u64, nargs: u32, kw: u64): u64 {
  if (kw != 0) { raise(EX_TYPE, "super() takes no keyword arguments"); return 0; }
  if (nargs == 2) {
    const type = ld(args);
    if (ty(type) != T_TYPE) { raiseBegin(EX_TYPE); msg("super() argument 1 must be a type, not "); msgTypeName(type); return 0; }
    return superNew(typeNumber(type), ld(args + 8));
  }
  if (nargs == 1) { raise(EX_UNSUPPORTED, "super() with one argument is not supported yet (memsim)"); return 0; }
  if (nargs > 2) { raiseBegin(EX_TYPE); msg("super() expected at most 2 arguments, got "); msgU(nargs); return 0; }
  if (load<u32>(rec + CR_ARGCOUNT) == 0) { raise(EX_RUNTIME, "super(): no arguments"); return 0; }
  let obj = ld(local(0));
  if (obj != 0 && isCell(obj)) obj = ld(obj + CELL_REF);
  if (obj == 0) { raise(EX_RUNTIME, "super(): arg[0] deleted"); return 0; }
  const names = load<u64>(rec + CR_LOCALNAMES);
  const first = load<u32>(rec + CR_NLOCALS) + load<u32>(rec + CR_NCELL);
  const end = first + load<u32>(rec + CR_NFREE);
  for (let i = first; i < end; i++) {
    if (!strIs(tupleGetItem(names, <u64>i), "__class__")) continue;
    const cell = ld(local(i));
    if (cell == 0 || !isCell(cell)) { raise(EX_RUNTIME, "super(): bad __class__ cell"); return 0; }
    const type = ld(cell + CELL_REF);
    if (type == 0) { raise(EX_RUNTIME, "super(): empty __class__ cell"); return 0; }
    if (typeOf(type) != T_TYPE) { raiseBegin(EX_RUNTIME); msg("super(): __class__ is not a type ("); msgTypeName(type); msg(")"); return 0; }
    return superNew(typeNumber(type), obj);
  }
  raise(EX_RUNTIME, "super(): __class__ cell not found");
  return 0;
}

/** C(args): the instance, and its __init__ run in a frame of its own. */
function instantiate(t: i32, n: u32, nargs: u32, args: u64, kw: u64, isMeth: bool): bool {
  // A class has no vectorcall: _PyObject_MakeTpCall passes type_call the positional
  // arguments as a tuple (and the keywords as a dict), released when it returns.
  const argsTuple = tpCallArgs(nargs, args, kw);
  if (argsTuple == 0) { dropTop(n + 2); return false; }
  const kwDict = kw == 0 ? 0 : tpCallKwargs(nargs, args, kw);
  if (kw != 0 && kwDict == 0) { decref(argsTuple); dropTop(n + 2); return false; }
  const exception = isExceptionClass(t);
  // an exception's args are the call's tuple (BaseException_new)
  const o = exception ? exceptionNew(t, argsTuple) : instanceNew(t);
  if (o == 0) { decref(argsTuple); xdecref(kwDict); dropTop(n + 2); raise(EX_MEMORY, ""); return false; }
  const init = classLookup(t, internedInit());
  if (init == 0 || typeOf(init) != T_FUNCTION) {
    if (exception) {
      const inited = exceptionInit(o, argsTuple, kwDict);
      decref(argsTuple);
      xdecref(kwDict);
      dropTop(n + 2);
      if (!inited) { decref(o); return false; }
      push(o);
      return true;
    }
    decref(argsTuple);
    xdecref(kwDict);
    if (nargs > 0) {
      decref(o);
      dropTop(n + 2);
      raiseBegin(EX_TYPE); msgTypeNumber(t); msg("() takes no arguments");
      return false;
    }
    dropTop(n + 2);
    push(o);
    return true;
  }
  if (isMeth) {
    // [C, a0, args...] (a class called in a method's place: a decorator's CALL 0 with the function as a0):
    // __init__ gets self and a0, args... from an array, the operands' references moving in as below
    if (nargs > 254) { decref(o); decref(argsTuple); xdecref(kwDict); dropTop(n + 2); raise(EX_UNSUPPORTED, "too many arguments"); return false; }
    store<u64>(INIT_ARGV, o);
    for (let i: u32 = 0; i < nargs; i++) store<u64>(INIT_ARGV + (<usize>(i + 1) << 3), ld(args + (<u64>i << 3)));
    const c = peekN(n + 2);
    incref(init);
    incref(o);
    argsLinear = true;
    const ok = callFunction(init, <u64>INIT_ARGV, nargs + 1, kw, n + 2, KIND_INIT, o, argsTuple, kwDict, 0);
    argsLinear = false;
    if (ok) {
      decref(c); // (the operands' slots are cleared: the arguments' references moved into the frame, the class's goes)
      return true;
    }
    decref(init);
    decref(o);
    decref(o);
    decref(argsTuple);
    xdecref(kwDict);
    dropTop(n + 2);
    return false;
  }
  // [NULL, C, args...] becomes [__init__, self, args...]
  const cls = peekN(n + 1);
  incref(init);
  setN(n + 2, init);
  setN(n + 1, o);
  decref(cls);
  incref(o);
  if (callFunction(init, sp - (<u64>(n + 1) << 3), n + 1, kw, n + 2, KIND_INIT, o, argsTuple, kwDict, 0)) return true;
  decref(o);
  decref(argsTuple);
  xdecref(kwDict);
  dropTop(n + 2);
  return false;
}

const INIT_ARGV = memory.data(256 * 8);

/**
 * do_raise's exc() for an exception class: the instance, its __init__ (the
 * script's, run from C as slot_tp_init runs it, or BaseException's); a new
 * reference, or 0 with an exception.
 */
function callExceptionClass(t: i32): u64 {
  const args = tupleNew(0);
  if (args == 0) { raise(EX_MEMORY, ""); return 0; }
  const o = exceptionNew(t, args);
  if (o == 0) { decref(args); return 0; }
  const init = classLookup(t, internedInit());
  if (init == 0 || typeOf(init) != T_FUNCTION) {
    exceptionInit(o, args, 0);
    decref(args);
    return o;
  }
  decref(args);
  store<u64>(initArgv, o);
  const r = callObject(init, initArgv, 1);
  if (r == 0) { decref(o); return 0; }
  if (r != NONE) {
    raiseBegin(EX_TYPE); msg("__init__() should return None, not '"); msgTypeName(r); msg("'");
    decref(r);
    decref(o);
    return 0;
  }
  decref(r);
  return o;
}
const initArgv = memory.data(8);

/** _PyObject_MakeTpCall's argument tuple: the positional arguments (the empty tuple for none); 0 with an exception. */
export function tpCallArgs(nargs: u32, args: u64, kw: u64): u64 {
  const npos = nargs - (kw == 0 ? 0 : <u32>tupleLength(kw));
  const t = tupleNew(<u64>npos);
  if (t == 0) { raise(EX_MEMORY, ""); return 0; }
  for (let i: u32 = 0; i < npos; i++) tupleSetItem(t, <u64>i, ld(args + (<u64>i << 3)));
  return t;
}

/** _PyStack_AsDict: the keyword arguments as a dict; 0 with an exception. */
export function tpCallKwargs(nargs: u32, args: u64, kw: u64): u64 {
  const nkw = <u32>tupleLength(kw);
  const d = dictNew();
  if (d == 0) { raise(EX_MEMORY, ""); return 0; }
  for (let i: u32 = 0; i < nkw; i++) {
    if (dictSetItem(d, tupleGetItem(kw, <u64>i), ld(args + (<u64>(nargs - nkw + i) << 3))) != 0) { decref(d); raise(EX_MEMORY, ""); return 0; }
  }
  return d;
}

let initName: u64 = 0;
export function setInitName(s: u64): void { initName = s; }
function internedInit(): u64 { return initName; }

/**
 * __build_class__(func, name, *bases): the bases as a tuple, type.__prepare__
 * (a bound method made and freed) giving a fresh namespace, the body run
 * over it; the class is made when it returns (finishReturn, classes.ts).
 */
function buildClass(n: u32, nargs: u32, args: u64): bool {
  if (nargs < 2) { dropTop(n + 2); raise(EX_TYPE, "__build_class__: not enough arguments"); return false; }
  const func = ld(args), name = ld(args + 8);
  if (typeOf(func) != T_FUNCTION || typeOf(name) != T_STR) { dropTop(n + 2); raise(EX_TYPE, "__build_class__: func must be a function"); return false; }
  const bases = tupleNew(<u64>(nargs - 2));
  if (bases == 0) { dropTop(n + 2); raise(EX_MEMORY, ""); return false; }
  for (let i: u32 = 2; i < nargs; i++) tupleSetItem(bases, <u64>(i - 2), ld(args + (<u64>i << 3)));
  if (!checkBases(bases)) { decref(bases); dropTop(n + 2); return false; }
  const prepare = boundClassMethod(typeObject(T_TYPE));
  if (prepare == 0) { decref(bases); dropTop(n + 2); raise(EX_MEMORY, ""); return false; }
  const ns = dictNew();
  decref(prepare);
  if (ns == 0) { decref(bases); dropTop(n + 2); raise(EX_MEMORY, ""); return false; }
  incref(func);
  incref(name);
  if (!callFunctionClass(func, ns, name, bases)) { decref(func); decref(name); decref(ns); decref(bases); dropTop(n + 2); return false; }
  return true;
}

function callFunctionClass(func: u64, ns: u64, name: u64, bases: u64): bool {
  // the class body takes no arguments: the call's operands are released first (the frame holds func)
  const n = callOperands;
  incref(ns); // f_locals
  const ok = callFunction(func, sp, 0, 0, 0, KIND_CLASS, ns, name, bases, ns);
  if (!ok) { decref(ns); return false; }
  // the caller's operands: released now, in the caller's stack
  const s = shadow(depth - 1);
  let csp = load<u64>(s + SH_SP);
  for (let i: u32 = 0; i < n + 2; i++) {
    csp -= 8;
    const v = ld(csp);
    poke64(csp, 0);
    xdecref(v);
  }
  store<u64>(s + SH_SP, csp);
  return true;
}
let callOperands: u32 = 0;

/** RETURN_VALUE's second half: the frame is gone; the value goes to the caller as the call kind says. */
function finishReturn(retval: u64): bool {
  const s = shadow(depth);
  const kind = load<u32>(s + SH_KIND);
  const x1 = load<u64>(s + SH_X1), x2 = load<u64>(s + SH_X2), x3 = load<u64>(s + SH_X3);
  popFrame(depth, frame, sp);
  enter(depth - 1);
  if (kind == KIND_CALL) { push(retval); return true; }
  if (kind == KIND_EXCALL) { releaseExCall(s); push(retval); return true; }
  if (kind == KIND_TPCALL) { endTpCall(retval); return true; }
  if (kind == KIND_INIT) {
    const kwDict = x3;
    if (retval != NONE) {
      raiseBegin(EX_TYPE); msg("__init__() should return None, not '"); msgTypeName(retval); msg("'");
      decref(retval);
      decref(x1);
      decref(x2);
      xdecref(kwDict);
      return false;
    }
    decref(retval);
    decref(x2); // type_call has returned: the argument tuple and dict go
    xdecref(kwDict);
    push(x1);
    return true;
  }
  // a class body returned: type(name, bases, ns) makes the class (classes.ts), then the namespace and the bases go
  decref(retval);
  const cls = typeNew(x2, x3, x1);
  decref(x1);
  decref(x2);
  decref(x3);
  if (cls == 0) return false;
  push(cls);
  return true;
}

// ---- imports ---------------------------------------------------------------------------------

let internFn: (s: string) => u64 = noIntern;
function noIntern(s: string): u64 { return 0; }
export function setInterner(f: (s: string) => u64): void { internFn = f; }

function moduleSet(d: u64, name: string, v: u64): bool {
  const k = internFn(name);
  if (k == 0 || v == 0) return false;
  return dictSetItem(d, k, v) == 0;
}

const MOD_SYS = 0, MOD_GC = 1, MOD_MATH = 2;

function makeModule(name: u64, kind: i32): u64 {
  const d = dictNew();
  if (d == 0) return 0;
  const m = extNew(T_MODULE);
  if (m == 0) { decref(d); return 0; }
  extSet(m, F1, d, false);
  extSet(m, F5, name, true);
  extTrack(m, T_MODULE);
  moduleSet(d, "__name__", name);
  if (kind == MOD_SYS) {
    moduleSet(d, "getsizeof", builtinObject(B_GETSIZEOF));
    moduleSet(d, "getrefcount", builtinObject(B_GETREFCOUNT));
    moduleSet(d, "_debugmallocstats", builtinObject(B_DEBUGMALLOCSTATS));
    moduleSet(d, "getrecursionlimit", builtinObject(B_GETRECURSIONLIMIT));
    const big = chk(intFromI64Max());
    if (big != 0) { moduleSet(d, "maxsize", big); decref(big); }
  } else if (kind == MOD_MATH) {
    // math_methods' functions (made now: makeBuiltinObjects leaves them out), then math_exec's constants
    for (let i = 0; i < MATH_FUNCTIONS.length; i++) {
      const id = unchecked(MATH_FUNCTIONS[i]);
      moduleSet(d, mathFunctionName(id), builtinObject(id));
    }
    for (let i = 0; i < 5; i++) {
      const v = chk(floatNew(mathConstant(i)));
      if (v != 0) { moduleSet(d, mathConstantName(i), v); decref(v); }
    }
  } else {
    for (let i = 0; i < GC_FUNCTIONS.length; i++) {
      const id = unchecked(GC_FUNCTIONS[i]);
      moduleSet(d, gcFunctionName(id), builtinObject(id));
    }
    const callbacks = chk(listNew(0)), garbage = chk(listNew(0));
    if (callbacks != 0 && garbage != 0) {
      moduleSet(d, "garbage", garbage);
      moduleSet(d, "callbacks", callbacks);
      setGcLists(callbacks, garbage);
    }
    xdecref(callbacks);
    xdecref(garbage);
    for (let i = 0; i < 5; i++) {
      const v = newInt(<i64>gcDebugFlag(i));
      if (v != 0) { moduleSet(d, gcDebugFlagName(i), v); decref(v); }
    }
  }
  return m;
}

function intFromI64Max(): u64 { return intFromI64(i64.MAX_VALUE); }

function importModule(name: u64): u64 {
  const kind = strIs(name, "sys") ? MOD_SYS : strIs(name, "gc") ? MOD_GC : strIs(name, "math") ? MOD_MATH : -1;
  if (kind >= 0) {
    let m = kind == MOD_SYS ? sysModule : kind == MOD_GC ? gcModule : mathModule;
    if (m == 0) {
      m = makeModule(name, kind);
      if (m == 0) { raise(EX_MEMORY, ""); return 0; }
      if (kind == MOD_SYS) sysModule = m; else if (kind == MOD_GC) gcModule = m; else mathModule = m;
    }
    incref(m);
    return m;
  }
  raiseBegin(EX_MODULE); msg("No module named '"); msgStrObj(name); msg("'");
  return 0;
}

/**
 * import_from: the module's attribute; a name the module lacks is an
 * ImportError, or memsim's refusal for one CPython's module has (refusals.ts).
 */
function importFrom(m: u64, name: u64): u64 {
  const v = getAttrQuiet(m, name);
  if (v != 0 || excType != EX_ATTR) return v;
  if (refuseMissingAttribute()) return 0;
  clearException();
  raiseBegin(EX_IMPORT); msg("cannot import name '"); msgStrObj(name); msg("' from '"); msgStrObj(extGet(m, F5)); msg("' (unknown location)");
  importErrorContext(extGet(m, F5)); // (PyErr_SetImportError: name the module's, path None)
  return 0;
}

// ---- the loop ------------------------------------------------------------------------------------

export const RUN_DONE: i32 = 0;
export const RUN_OUTPUT: i32 = 1;
export const RUN_STEPS: i32 = 2;
export const RUN_EXCEPTION: i32 = 3;

/** LIST_APPEND's _PyList_AppendTakeRef: the list takes the reference. */
function appendSteal(l: u64, v: u64): bool {
  const n = ld(l + OB_SIZE);
  const allocated = ld(l + LIST_ALLOCATED);
  if (allocated > n) {
    st(ld(l + LIST_ITEMS) + (n << 3), v);
    st(l + OB_SIZE, n + 1);
    return true;
  }
  if (!listResize(l, n + 1)) { decref(v); raise(EX_MEMORY, ""); return false; }
  st(ld(l + LIST_ITEMS) + (n << 3), v);
  return true;
}

/** Run up to maxSteps bytecodes (the caller holds the mutator category). */
export function run(maxSteps: u64): i32 {
  if (!running) return finished ? RUN_DONE : RUN_EXCEPTION;
  return loop(maxSteps, false);
}

// ---- calls from C code (builtins calling back into Python, generators resumed) -----------------

const NEST_MAX: u32 = 120; // C-level nesting (the wasm stack): a RecursionError beyond
let entryDepth: u32 = 0; // the innermost entry frame: its return goes back to the core's caller
let nestLevel: u32 = 0;
let nestedValue: u64 = 0;
let aborting = false;

/** PyErr_WriteUnraisable(obj) of the pending exception (exceptions.ts writeUnraisable); memsim's refusals and the step limit's stop are dropped unreported. */
export function reportUnraisable(obj: u64): void {
  if (excType == EX_UNSUPPORTED || aborting) { clearException(); return; }
  writeUnraisable(obj, recordOf);
}
let stepLimit: u64 = u64.MAX_VALUE;
const RUN_NESTED: i32 = 4;

/** The whole run's bytecode limit (memsim py --max-steps): a nested run cannot return to the host, so it stops there. */
export function setStepLimit(n: u64): void { stepLimit = n; }
/** Whether the run stopped at the step limit inside a nested run. */
export function stoppedAtLimit(): bool { return aborting; }

/** Run the frame just entered (an entry frame) until it returns or yields: its value, or 0 (an exception, or a generator's end). */
function runNested(): u64 {
  const savedEntry = entryDepth;
  const b = argStateBase(), c = argStateCount(), nm = argStateNames(), k = argStateKw();
  const savedKw = kwnames, savedOps = callOperands;
  entryDepth = depth;
  nestLevel++;
  if (lineAccounting) lineSave(nestLevel);
  const status = loop(0, true);
  if (lineAccounting) lineRestore(nestLevel);
  nestLevel--;
  entryDepth = savedEntry;
  setArgState(b, c, nm, k);
  kwnames = savedKw;
  callOperands = savedOps;
  if (status == RUN_NESTED) { const v = nestedValue; nestedValue = 0; return v; }
  return 0;
}

const callArgs = memory.data(8 * 16);

/**
 * PyObject_Call from C code: callable(*argv) with `n` borrowed arguments in
 * linear memory; a Python function runs in a nested eval loop on a new frame
 * (the recursion limit applies). A new reference, or 0 with an exception.
 */
export function callObject(callable: u64, argv: usize, n: u32): u64 {
  if (n > 14) { raise(EX_UNSUPPORTED, "too many arguments in a call from a builtin"); return 0; }
  let t = ty(callable);
  if (t == T_METHOD) {
    const self = extGet(callable, F2);
    callable = extGet(callable, F1);
    store<u64>(callArgs, self);
    for (let i: u32 = 0; i < n; i++) store<u64>(callArgs + 8 + (<usize>i << 3), load<u64>(argv + (<usize>i << 3)));
    argv = callArgs;
    n++;
    t = ty(callable);
  }
  if (t == T_FUNCTION) {
    if (nestLevel >= NEST_MAX) { raise(EX_RECURSION, "maximum recursion depth exceeded"); return 0; }
    incref(callable);
    for (let i: u32 = 0; i < n; i++) incref(load<u64>(argv + (<usize>i << 3)));
    argsLinear = true;
    const ok = callFunction(callable, <u64>argv, n, 0, 0, KIND_NESTED, 0, 0, 0, 0);
    argsLinear = false;
    if (!ok) {
      for (let i: u32 = 0; i < n; i++) decref(load<u64>(argv + (<usize>i << 3)));
      decref(callable);
      return 0;
    }
    return runNested();
  }
  if (t == T_BUILTIN || (t == T_TYPE && typeNumber(callable) < T_FIRST_CLASS)) {
    // the vectorcall's argument array (CPython's C stack): a few words on the data stack
    const shim = framePush(<u64>n + 1, false);
    if (shim == 0) { raise(EX_MEMORY, ""); return 0; }
    for (let i: u32 = 0; i < n; i++) st(shim + (<u64>i << 3), load<u64>(argv + (<usize>i << 3)));
    const b = argStateBase(), c = argStateCount(), nm = argStateNames(), k = argStateKw(); // the calling builtin's
    const r = t == T_BUILTIN ? callBuiltin(<i32>extGet(callable, F1), extGet(callable, F2), shim, <i32>n, 0) : callType(typeNumber(callable), shim, <i32>n, 0);
    setArgState(b, c, nm, k);
    framePop(shim, false); // (borrowed: the C stack's array)
    return r;
  }
  if (t == T_TYPE) { raise(EX_UNSUPPORTED, "calling a class from a builtin is not supported yet (memsim)"); return 0; }
  if (hasSlot(t, SLOT_CALL)) return slotCallNested(callable, argv, n);
  raiseBegin(EX_TYPE); msg("'"); msgTypeName(callable); msg("' object is not callable");
  return 0;
}

/**
 * An instance of a class with __call__ called from C code: _PyObject_MakeTpCall's
 * tuple of the arguments, then slot_tp_call: its __call__ with self first
 * (_PyObject_Call_Prepend: more than 5 words take a heap block) in a nested
 * eval loop. A new reference, or 0 with an exception.
 */
function slotCallNested(self: u64, argv: usize, n: u32): u64 {
  const args = tupleNew(<u64>n);
  if (args == 0) { raise(EX_MEMORY, ""); return 0; }
  for (let i: u32 = 0; i < n; i++) tupleSetItem(args, <u64>i, load<u64>(argv + (<usize>i << 3)));
  const meth = classLookup(ty(self), slotNameObject(SLOT_CALL));
  if (meth == 0) { decref(args); raise(EX_UNSUPPORTED, "a special method that went missing (memsim)"); return 0; }
  incref(meth);
  let r: u64 = 0;
  if (ty(meth) != T_FUNCTION) {
    for (let i: u32 = 0; i < n; i++) store<u64>(NESTED_ARGV + (<usize>i << 3), tupleGetItem(args, <u64>i));
    r = callObject(meth, NESTED_ARGV, n);
  } else if (n + 1 > 14) {
    raise(EX_UNSUPPORTED, "too many arguments in a call from a builtin");
  } else {
    let block: u64 = 0;
    if (n + 1 > 5) {
      block = objectMalloc(<u64>(n + 1) << 3);
      if (block == 0) { decref(meth); decref(args); raise(EX_MEMORY, ""); return 0; }
      st(block, self);
    }
    store<u64>(NESTED_ARGV, self);
    for (let i: u32 = 0; i < n; i++) {
      const v = tupleGetItem(args, <u64>i);
      store<u64>(NESTED_ARGV + (<usize>(i + 1) << 3), v);
      if (block != 0) st(block + (<u64>(i + 1) << 3), v);
    }
    r = callObject(meth, NESTED_ARGV, n + 1);
    if (block != 0) objectFree(block);
  }
  decref(meth);
  decref(args);
  return r;
}
const NESTED_ARGV = memory.data(16 * 8);

/** next() of a generator: its frame resumed in a nested eval loop; the value, or 0 (finished, or an exception). */
function genResume(g: u64): u64 {
  return resumeGen(g, false);
}

/** gen_send_ex(gen, None, exc=1): GeneratorExit (pending) thrown in where the generator stopped (genFinalize). */
function genThrowExit(g: u64): u64 {
  return resumeGen(g, true);
}

/** Resume generator `g` with None sent in, or (`throwing`) the pending exception raised where it stopped; what it yields, or 0. */
function resumeGen(g: u64, throwing: bool): u64 {
  const state = genState(g);
  if (state == GEN_CLEARED) return 0;
  if (state == GEN_EXECUTING) { raise(EX_VALUE, "generator already executing"); return 0; }
  if (depth + 1 >= MAX_DEPTH || nestLevel >= NEST_MAX) { raise(EX_RECURSION, "maximum recursion depth exceeded"); return 0; }
  if (!enterGen(g, NONE, 0)) return 0; // the value sent: None for next()
  throwOnEntry = throwing;
  return runNested();
}

/**
 * gen_send_ex2's start: generator `g`'s frame becomes frame depth + 1, `v`
 * (borrowed) pushed on its stack with a reference of its own, the generator
 * executing. `sent`: 0 for a frame run nested (an entry frame), else the
 * value SEND passes on (its reference, released when the frame yields,
 * returns or raises back to the SEND: the frame runs in this loop). False
 * with an exception.
 */
function enterGen(g: u64, v: u64, sent: u64): bool {
  const fr = g + GEN_FRAME;
  const code = ld(fr + W_CODE);
  const r = recordOf(code);
  if (r == 0) { raise(EX_UNSUPPORTED, "a generator without a code record"); return false; }
  let gsp = fr + ((HEADER + ld(fr + W_STACKTOP)) << 3);
  incref(v);
  st(gsp, v);
  gsp += 8;
  const unit = ld(fr + W_PREVINSTR);
  const nip = <u32>((unit - code - CODE_UNITS) >> 1) + 1;
  save();
  st(fr + W_PREVIOUS, frame);
  setGenState(g, GEN_EXECUTING);
  const s = shadow(depth + 1);
  store<u64>(s + SH_FRAME, fr);
  store<u32>(s + SH_CODE, <u32>r);
  store<u32>(s + SH_IP, nip);
  store<u64>(s + SH_SP, gsp);
  store<u32>(s + SH_KIND, KIND_GEN);
  store<u64>(s + SH_X1, g);
  store<u64>(s + SH_X2, sent);
  store<u64>(s + SH_X3, 0);
  enter(depth + 1);
  return true;
}

/**
 * SEND to generator `g` (the receiver, under `v` on the stack, popped): as
 * gen_send_ex2, but its frame runs in this loop, not a nested one (3.11 runs
 * it in a C-level call of the eval loop; the accesses, references and the
 * recursion limit are the same, and a delegation as deep as CPython's needs
 * no native stack). A generator that has finished answers None at once
 * (PYGEN_RETURN); one running is "generator already executing" (a generator
 * delegating to itself). False with an exception (v released).
 */
function sendToGen(g: u64, v: u64, target: u32): bool {
  const state = genState(g);
  if (state == GEN_CREATED && v != NONE) { decref(v); raise(EX_TYPE, "can't send non-None value to a just-started generator"); return false; }
  if (state == GEN_EXECUTING) { decref(v); raise(EX_VALUE, "generator already executing"); return false; }
  if (state == GEN_CLEARED) {
    incref(NONE);
    decref(v);
    decref(g);
    setN(1, NONE);
    ip = target;
    return true;
  }
  if (depth + 1 >= MAX_DEPTH) { decref(v); raise(EX_RECURSION, "maximum recursion depth exceeded"); return false; }
  if (!enterGen(g, v, v)) { decref(v); return false; }
  return true;
}

/** An inline generator frame (SEND's) ends: the value SEND passed on is released, as SEND's Py_DECREF(v) once gen_send_ex2 returns. */
// @ts-ignore: decorator
@inline function releaseSent(s: usize): void {
  const sent = load<u64>(s + SH_X2);
  if (sent != 0) { store<u64>(s + SH_X2, 0); decref(sent); }
}

/**
 * RETURN_VALUE of a generator frame SEND runs in this loop (PYGEN_RETURN):
 * the frame is cleared as gen_send_ex2 clears it, then in SEND's frame the
 * value sent and the receiver are released, the return value takes the
 * receiver's place and SEND jumps past the loop.
 */
function returnToSend(v: u64): void {
  const s = shadow(depth);
  const g = load<u64>(s + SH_X1);
  genClearFrame(g, sp);
  enter(depth - 1);
  releaseSent(s);
  decref(g);
  setN(1, v);
  ip = load<u32>(instrs + (<usize>(ip - 1) << 2)) >> 8; // SEND's target
}

/**
 * _PyGen_yf: the subiterator generator `g` delegates to, borrowed (the top
 * of its frame's stack), or 0: not started, finished, or not stopped in a
 * `yield from` (whose YIELD_VALUE memsim's code has JUMP_BACKWARD_NO_INTERRUPT
 * after it: CPython looks for RESUME 2 there, which memsim omits). The
 * instruction is looked at without cost, as before yield from was there (a
 * generator closed costs what it did); the frame's accesses from
 * prev_instr on are costed when it delegates.
 */
function genYieldFrom(g: u64): u64 {
  const state = genState(g);
  if (state != GEN_SUSPENDED) return 0;
  const fr = g + GEN_FRAME;
  const code = peek64(fr + W_CODE);
  const r = recordOf(code);
  if (r == 0) return 0;
  const unit = peek64(fr + W_PREVINSTR);
  const next = <u32>((unit - code - CODE_UNITS) >> 1) + 1;
  if (next >= load<u32>(r + CR_NINSTR) || (load<u32>(<usize>load<u32>(r + CR_INSTR) + (<usize>next << 2)) & 0xff) != 134) return 0;
  ld(fr + W_PREVINSTR);
  heapLoad16(unit + 2); // frame->prev_instr[1]
  const top = ld(fr + W_STACKTOP); // _PyFrame_StackPeek
  if (top <= (stackBase(r) >> 3) - HEADER) return 0; // (nothing on the stack: not CPython's code)
  return ld(fr + ((HEADER + top - 1) << 3));
}

/** The nested run about to start has an exception to raise at once (resume_with_error). */
let throwOnEntry = false;

/** An entry frame returns (RETURN_VALUE at entryDepth): the value goes back to the core's caller. */
function returnToC(v: u64): void {
  const s = shadow(depth);
  if (load<u32>(s + SH_KIND) == KIND_GEN) {
    genClearFrame(load<u64>(s + SH_X1), sp);
    decref(v); // a generator's return value: StopIteration's (None for generator expressions)
    nestedValue = 0;
  } else {
    popFrame(depth, frame, sp);
    nestedValue = v;
  }
  enter(depth - 1);
}

function loop(maxSteps: u64, nested: bool): i32 {
  let steps: u64 = 0;
  if (throwOnEntry) {
    // _PyEval_EvalFrame with throwflag: straight to the error handling, at the instruction the frame stopped at
    throwOnEntry = false;
    if (!handleError()) { unwind(); return RUN_EXCEPTION; }
  }
  while (true) {
    if (!nested) {
      if (outputFull()) { save(); return RUN_OUTPUT; }
      if (steps >= maxSteps) { save(); return RUN_STEPS; }
    } else if (bytecodes >= stepLimit) {
      raise(EX_RUNTIME, "memsim: the step limit was reached in a call from a builtin");
      aborting = true;
      handleError();
      unwind();
      return RUN_EXCEPTION;
    }
    if (ip >= ninstr) { raise(EX_UNSUPPORTED, "the code ran past its last instruction"); handleError(); unwind(); return RUN_EXCEPTION; }
    const word = load<u32>(instrs + (<usize>ip << 2));
    const op = word & 0xff;
    const oparg = word >> 8;

    if (lineAccounting) noteInstruction(rec, ip, frame, bytecodes); // per-line accounting (lines.ts)
    const unit = codeObj + CODE_UNITS + (<u64>ip << 1);
    heapLoad16(unit);
    st(frame + W_PREVINSTR, unit); // frame->prev_instr = next_instr++
    ip++;
    steps++;
    bytecodes++;
    let ok = true;
    switch (op) {
      case 1: { decref(pop()); break; } // POP_TOP
      case 2: { push(0); break; } // PUSH_NULL
      case 9: break; // NOP
      case 99: { // SWAP
        const a = peekN(1), b = peekN(oparg);
        setN(1, b); setN(oparg, a);
        break;
      }
      case 120: { const v = peekN(oparg); incref(v); push(v); break; } // COPY
      case 35: { // PUSH_EXC_INFO: the exception handled before goes under the new one
        const value = peekN(1);
        setN(1, pushExcInfo(value));
        push(value);
        break;
      }
      case 89: popExcInfo(pop()); break; // POP_EXCEPT
      case 36: { // CHECK_EXC_MATCH
        const right = pop();
        const res = exceptionMatches(peekN(1), right);
        decref(right);
        if (res < 0) { ok = false; break; }
        push(newBool(res == 1));
        break;
      }
      case 53: { // BEFORE_WITH: [mgr] → [__exit__ bound to mgr, what __enter__ returned]
        const mgr = peekN(1);
        const enter = lookupSpecial(mgr, SLOT_ENTER);
        if (enter == 0) { if (excType == EX_NONE) noContextManager(mgr, false); ok = false; break; }
        const exit = lookupSpecial(mgr, SLOT_EXIT);
        if (exit == 0) { if (excType == EX_NONE) noContextManager(mgr, true); decref(enter); ok = false; break; }
        setN(1, exit);
        decref(mgr); // (the bound methods hold it)
        // _PyObject_CallNoArgs: from C code, a nested eval loop as CPython's; __exit__ stays on the stack if it raises
        const res = callObject(enter, WITH_ARGV, 0);
        decref(enter);
        if (res == 0) { ok = false; break; }
        push(res);
        break;
      }
      case 49: { // WITH_EXCEPT_START: [__exit__, lasti, the exception handled before, exc] → __exit__(type(exc), exc, tb) pushed
        const val = peekN(1);
        if (!isExceptionClass(ty(val))) { raise(EX_UNSUPPORTED, "WITH_EXCEPT_START without an exception (a corrupted image)"); ok = false; break; }
        // PyException_GetTraceback's reference, dropped at once (the exception keeps it alive)
        const tb = exceptionTraceback(val);
        if (tb != 0) { incref(tb); decref(tb); }
        // the vectorcall's arguments (CPython's C stack): borrowed from the stack and the exception
        store<u64>(WITH_ARGV, typeObject(ty(val)));
        store<u64>(WITH_ARGV + 8, val);
        store<u64>(WITH_ARGV + 16, tb != 0 ? tb : NONE);
        const res = callObject(peekN(4), WITH_ARGV, 3);
        if (res == 0) { ok = false; break; }
        push(res);
        break;
      }
      case 74: { const a = assertionError(); incref(a); push(a); break; } // LOAD_ASSERTION_ERROR
      case 130: { // RAISE_VARARGS
        if (oparg == 0) {
          reraised = reraiseHandled();
        } else {
          const cause = oparg == 2 ? pop() : 0;
          const exc = pop();
          raiseGiven(exc, cause, callExceptionClass);
          decref(exc);
          xdecref(cause);
        }
        ok = false;
        break;
      }
      case 119: { // RERAISE: the frame says it is where the exception was first raised (lasti `oparg` deep)
        if (oparg != 0) {
          const l = peekN(oparg + 1);
          if (typeOf(l) == T_INT) { restoredLasti = <i32>intValue(l); st(frame + W_PREVINSTR, codeObj + CODE_UNITS + (<u64>restoredLasti << 1)); }
        }
        const v = pop();
        reraise(v);
        decref(v);
        reraised = true;
        ok = false;
        break;
      }
      case 100: { const v = constAt(oparg); incref(v); push(v); break; } // LOAD_CONST
      case 101: { // LOAD_NAME
        const name = nameAt(oparg);
        const locals = ld(frame + W_LOCALS);
        let v = locals != 0 ? dictGetItem(locals, name) : 0;
        // (LOAD_NAME: PyDict_GetItemWithError in globals, then builtins, each reading the name's hash)
        if (v == 0) v = dictGetItem(ld(frame + W_GLOBALS), name);
        if (v == 0) v = dictGetItem(ld(frame + W_BUILTINS), name);
        if (v == 0) { nameError(name); ok = false; break; }
        incref(v);
        push(v);
        break;
      }
      case 90: { // STORE_NAME
        const name = nameAt(oparg);
        const v = pop();
        const locals = ld(frame + W_LOCALS);
        if (locals == 0) { decref(v); raise(EX_UNSUPPORTED, "no locals found when storing a name (memsim)"); ok = false; break; }
        ok = dictSetChecked(locals, name, v);
        decref(v);
        break;
      }
      case 91: case 98: { // DELETE_NAME, DELETE_GLOBAL
        const name = nameAt(oparg);
        const d = ld(frame + (op == 91 ? W_LOCALS : W_GLOBALS));
        if (d == 0) { raise(EX_UNSUPPORTED, "no locals when deleting a name (memsim)"); ok = false; break; }
        if (!dictDelItem(d, name)) { nameError(name); ok = false; }
        break;
      }
      case 116: { // LOAD_GLOBAL
        const name = nameAt(oparg >> 1);
        const v = lookupGlobal(name);
        if (v == 0) { nameError(name); ok = false; break; }
        if ((oparg & 1) != 0) push(0);
        incref(v);
        push(v);
        break;
      }
      case 97: { // STORE_GLOBAL
        const v = pop();
        ok = dictSetChecked(ld(frame + W_GLOBALS), nameAt(oparg), v);
        decref(v);
        break;
      }
      case 124: // LOAD_FAST
      case 136: { // LOAD_CLOSURE: the cell in the slot, as LOAD_FAST (3.11 defines it so)
        const v = ld(local(oparg));
        if (v == 0) { unboundLocal(oparg); ok = false; break; }
        incref(v);
        push(v);
        break;
      }
      case 125: { // STORE_FAST
        const v = pop();
        const p = local(oparg);
        const old = ld(p);
        st(p, v);
        xdecref(old);
        break;
      }
      case 126: { // DELETE_FAST
        const p = local(oparg);
        const old = ld(p);
        if (old == 0) { unboundLocal(oparg); ok = false; break; }
        st(p, 0);
        decref(old);
        break;
      }
      case 10: case 11: case 15: { // UNARY_POSITIVE, NEGATIVE, INVERT
        const v = peekN(1);
        const r = unaryOp(v, op == 10 ? 0 : op == 11 ? 1 : 2);
        decref(v);
        if (r == 0) { dropConsumed(); ok = false; break; }
        setN(1, r);
        break;
      }
      case 12: { // UNARY_NOT
        const v = peekN(1);
        const b = truthy(v);
        decref(v);
        if (b < 0) { dropConsumed(); ok = false; break; }
        setN(1, newBool(b == 0));
        break;
      }
      case 122: { // BINARY_OP
        const rhs = pop();
        const lhs = peekN(1);
        const r = binaryOp(lhs, rhs, <i32>(oparg % 13), oparg >= 13);
        decref(lhs);
        decref(rhs);
        if (r == 0) { dropConsumed(); ok = false; break; }
        setN(1, r);
        break;
      }
      case 107: { // COMPARE_OP
        const right = pop();
        const left = peekN(1);
        const r = compareObject(left, right, <i32>oparg);
        decref(left);
        decref(right);
        if (r == 0) { dropConsumed(); ok = false; break; }
        setN(1, r);
        break;
      }
      case 117: { // IS_OP
        const right = pop();
        const left = peekN(1);
        const b = (left == right) != (oparg != 0);
        decref(left);
        decref(right);
        setN(1, newBool(b));
        break;
      }
      case 118: { // CONTAINS_OP
        const right = pop();
        const left = peekN(1);
        const c = contains(right, left);
        decref(left);
        decref(right);
        if (c < 0) { dropConsumed(); ok = false; break; }
        setN(1, newBool((c == 1) != (oparg != 0)));
        break;
      }
      case 25: { // BINARY_SUBSCR
        const sub = pop();
        const container = peekN(1);
        const r = getItem(container, sub);
        decref(container);
        decref(sub);
        if (r == 0) { dropConsumed(); ok = false; break; }
        setN(1, r);
        break;
      }
      case 60: { // STORE_SUBSCR
        const sub = pop(), container = pop(), v = pop();
        ok = setItem(container, sub, v);
        decref(v);
        decref(container);
        decref(sub);
        break;
      }
      case 61: { // DELETE_SUBSCR
        const sub = pop(), container = pop();
        ok = delItem(container, sub);
        decref(container);
        decref(sub);
        break;
      }
      case 133: { // BUILD_SLICE
        const step = oparg == 3 ? pop() : 0;
        const stop = pop();
        const start = peekN(1);
        const s = newSlice(start, stop, step != 0 ? step : NONE);
        decref(start);
        decref(stop);
        xdecref(step);
        if (s == 0) { dropConsumed(); ok = false; break; }
        setN(1, s);
        break;
      }
      case 102: case 103: { // BUILD_TUPLE, BUILD_LIST (the items' references are stolen)
        const n = <u64>oparg;
        const o = op == 102 ? tupleNew(n) : listNew(n);
        if (o == 0) { dropTop(oparg); raise(EX_MEMORY, ""); ok = false; break; }
        const items = op == 102 ? o + TUPLE_ITEMS : (n > 0 ? ld(o + LIST_ITEMS) : 0);
        for (let i: u64 = n; i > 0; i--) st(items + ((i - 1) << 3), pop());
        push(o);
        break;
      }
      case 104: { // BUILD_SET
        const s = setNew();
        if (s == 0) { dropTop(oparg); raise(EX_MEMORY, ""); ok = false; break; }
        const base = sp - (<u64>oparg << 3);
        for (let i: u32 = 0; i < oparg && ok; i++) ok = setAddChecked(s, ld(base + (<u64>i << 3)));
        dropTop(oparg);
        if (!ok) { decref(s); break; }
        push(s);
        break;
      }
      case 105: { // BUILD_MAP
        const d = dictNew();
        if (d == 0) { dropTop(oparg * 2); raise(EX_MEMORY, ""); ok = false; break; }
        const base = sp - (<u64>oparg << 4);
        for (let i: u32 = 0; i < oparg && ok; i++) ok = dictSetChecked(d, ld(base + (<u64>i << 4)), ld(base + (<u64>i << 4) + 8));
        dropTop(oparg * 2);
        if (!ok) { decref(d); break; }
        push(d);
        break;
      }
      case 156: { // BUILD_CONST_KEY_MAP
        const keys = pop();
        if (typeOf(keys) != T_TUPLE || tupleLength(keys) != <u64>oparg) { decref(keys); dropTop(oparg); badTarget(); ok = false; break; }
        const d = dictNew();
        if (d == 0) { decref(keys); dropTop(oparg); raise(EX_MEMORY, ""); ok = false; break; }
        const base = sp - (<u64>oparg << 3);
        for (let i: u32 = 0; i < oparg && ok; i++) ok = dictSetChecked(d, tupleGetItem(keys, <u64>i), ld(base + (<u64>i << 3)));
        dropTop(oparg);
        decref(keys);
        if (!ok) { decref(d); break; }
        push(d);
        break;
      }
      case 157: { // BUILD_STRING
        const start = textLen;
        const base = sp - (<u64>oparg << 3);
        for (let i: u32 = 0; i < oparg; i++) appendRepr(ld(base + (<u64>i << 3)), true);
        dropTop(oparg);
        const s = oparg == 0 ? EMPTY_STR : textToStr(start);
        if (oparg == 0) incref(s);
        if (s == 0) { ok = false; break; }
        push(s);
        break;
      }
      case 145: { // LIST_APPEND
        const v = pop();
        const l = peekN(oparg);
        if (typeOf(l) != T_LIST) { decref(v); badTarget(); ok = false; break; }
        ok = appendSteal(l, v);
        break;
      }
      case 146: { // SET_ADD
        const v = pop();
        const t = peekN(oparg);
        if (typeOf(t) != T_SET) { decref(v); badTarget(); ok = false; break; }
        ok = setAddChecked(t, v);
        decref(v);
        break;
      }
      case 147: { // MAP_ADD
        const value = pop(), key = pop();
        const d = peekN(oparg);
        if (typeOf(d) != T_DICT) { decref(key); decref(value); badTarget(); ok = false; break; }
        ok = dictSetChecked(d, key, value);
        decref(key);
        decref(value);
        break;
      }
      case 162: { // LIST_EXTEND
        const it = pop();
        if (typeOf(peekN(oparg)) != T_LIST) { decref(it); badTarget(); ok = false; break; }
        ok = listExtend(peekN(oparg), it);
        if (!ok && excType == EX_TYPE && !isIterable(typeOf(it)) && !hasSlot(typeOf(it), SLOT_ITER)) {
          raiseBegin(EX_TYPE); msg("Value after * must be an iterable, not "); msgTypeName(it);
        }
        decref(it);
        break;
      }
      case 163: { // SET_UPDATE
        const it = pop();
        if (typeOf(peekN(oparg)) != T_SET) { decref(it); badTarget(); ok = false; break; }
        ok = setUpdateFrom(peekN(oparg), it);
        decref(it);
        break;
      }
      case 82: { // LIST_TO_TUPLE
        const l = peekN(1);
        if (typeOf(l) != T_LIST) { badTarget(); ok = false; break; }
        const t = tupleOfList(l);
        decref(l);
        if (t == 0) { dropConsumed(); ok = false; break; }
        setN(1, t);
        break;
      }
      case 92: ok = unpackSequence(oparg); break; // UNPACK_SEQUENCE
      case 142: ok = callEx((oparg & 1) != 0); break; // CALL_FUNCTION_EX
      case 164: case 165: { // DICT_MERGE (a call's **), DICT_UPDATE (a display's **)
        const update = pop();
        const d = peekN(oparg);
        if (typeOf(d) != T_DICT) { decref(update); badTarget(); ok = false; break; }
        if (ty(update) != T_DICT) {
          raiseBegin(EX_TYPE);
          if (op == 165) { msg("'"); msgTypeName(update); msg("' object is not a mapping"); }
          else { msgFunction(peekN(oparg + 2)); msg(" argument after ** must be a mapping, not "); msgTypeName(update); }
          decref(update);
          ok = false;
          break;
        }
        if (op == 164) {
          // _PyDict_MergeEx(..., 2): a key given twice is an error
          let pos: u64 = 0;
          while (ok && dictNext(update, pos)) {
            pos = nextPos;
            if (dictGetItem(d, nextKey) == 0) continue;
            raiseBegin(EX_TYPE); msgFunction(peekN(oparg + 2)); msg(" got multiple values for keyword argument '"); msgStrObj(nextKey); msg("'");
            ok = false;
          }
        }
        if (ok) ok = dictUpdate(d, update);
        decref(update);
        break;
      }
      case 94: ok = unpackEx(oparg & 0xff, oparg >> 8); break; // UNPACK_EX
      case 155: { // FORMAT_VALUE
        const spec = (oparg & 4) != 0 ? pop() : 0;
        const v = pop();
        if (spec != 0 && typeOf(spec) != T_STR) { decref(v); decref(spec); badTarget(); ok = false; break; }
        const r = formatValue(v, oparg & 3, spec);
        decref(v);
        xdecref(spec);
        if (r == 0) { ok = false; break; }
        push(r);
        break;
      }
      case 68: { // GET_ITER
        const o = peekN(1);
        const it = getIter(o);
        decref(o);
        if (it == 0) { dropConsumed(); ok = false; break; }
        setN(1, it);
        break;
      }
      case 93: { // FOR_ITER
        const it = peekN(1);
        const v = iterNext(it);
        if (v != 0) { push(v); break; }
        if (excType != 0) { ok = false; break; }
        decref(pop());
        ip = oparg;
        break;
      }
      case 110: case 140: ip = oparg; break; // JUMP_FORWARD, JUMP_BACKWARD
      case 114: case 115: case 175: case 176: { // POP_JUMP_IF_FALSE / TRUE
        const c = pop();
        let b: i32;
        if (c == TRUE) b = 1;
        else if (c == FALSE) b = 0;
        else { b = truthy(c); decref(c); if (b < 0) { ok = false; break; } }
        const want: i32 = op == 115 || op == 176 ? 1 : 0;
        if (c == TRUE || c == FALSE) decref(c);
        if (b == want) ip = oparg;
        break;
      }
      case 128: case 129: case 173: case 174: { // POP_JUMP_FORWARD/BACKWARD_IF_NOT_NONE / NONE
        const v = pop();
        const isNone = v == NONE;
        decref(v);
        if (isNone == (op == 129 || op == 174)) ip = oparg;
        break;
      }
      case 111: case 112: { // JUMP_IF_FALSE_OR_POP, JUMP_IF_TRUE_OR_POP
        const c = peekN(1);
        const b = truthy(c);
        if (b < 0) { ok = false; break; }
        if (b == (op == 112 ? 1 : 0)) ip = oparg;
        else decref(pop());
        break;
      }
      case 83: { // RETURN_VALUE
        const v = pop();
        if (depth == entryDepth && depth > 0) { returnToC(v); return RUN_NESTED; }
        if (load<u32>(shadow(depth) + SH_KIND) == KIND_GEN) { returnToSend(v); break; } // a generator SEND runs in this loop
        if (depth == 0) {
          decref(v);
          save();
          releaseFrame(0);
          running = false;
          finished = true;
          return RUN_DONE;
        }
        ok = finishReturn(v);
        break;
      }
      case 172: kwnames = constAt(oparg); break; // KW_NAMES
      case 171: callOperands = oparg; ok = doCall(oparg); break; // CALL
      case 132: { // MAKE_FUNCTION
        const code = pop();
        if ((oparg & 4) != 0) {
          decref(code);
          raise(EX_UNSUPPORTED, "annotations are not supported yet (memsim)");
          ok = false;
          break;
        }
        const closure = (oparg & 8) != 0 ? pop() : 0;
        const kwdefaults = (oparg & 2) != 0 ? pop() : 0;
        const defaults = (oparg & 1) != 0 ? pop() : 0;
        const r = recordOf(code);
        if (typeOf(code) != T_CODE || r == 0 || (closure != 0 && typeOf(closure) != T_TUPLE) || (defaults != 0 && typeOf(defaults) != T_TUPLE) ||
          (kwdefaults != 0 && typeOf(kwdefaults) != T_DICT)) {
          decref(code); xdecref(closure); xdecref(defaults); xdecref(kwdefaults);
          raise(EX_TYPE, "MAKE_FUNCTION: bad operands (a corrupted image)");
          ok = false;
          break;
        }
        const f = functionNew(code, ld(frame + W_GLOBALS), load<u64>(r + CR_QUALNAME), defaults);
        decref(code);
        xdecref(defaults);
        if (f == 0) { xdecref(closure); xdecref(kwdefaults); raise(EX_MEMORY, ""); ok = false; break; }
        if (kwdefaults != 0) st(f + FUNC_KWDEFAULTS, kwdefaults); // func_kwdefaults takes the reference
        if (closure != 0) st(f + FUNC_CLOSURE, closure); // func_closure takes the reference
        push(f);
        break;
      }
      case 135: { // MAKE_CELL
        const p = local(oparg);
        const initial = ld(p);
        const c = cellNew(initial);
        if (c == 0) { raise(EX_MEMORY, ""); ok = false; break; }
        st(p, c);
        xdecref(initial);
        break;
      }
      case 137: { // LOAD_DEREF
        const c = ld(local(oparg));
        if (!isCell(c)) { notACell(); ok = false; break; }
        const v = ld(c + CELL_REF);
        if (v == 0) { unboundDeref(oparg); ok = false; break; }
        incref(v);
        push(v);
        break;
      }
      case 138: { // STORE_DEREF
        const v = pop();
        const c = ld(local(oparg));
        if (!isCell(c)) { decref(v); notACell(); ok = false; break; }
        const old = ld(c + CELL_REF);
        st(c + CELL_REF, v);
        xdecref(old);
        break;
      }
      case 139: { // DELETE_DEREF
        const c = ld(local(oparg));
        if (!isCell(c)) { notACell(); ok = false; break; }
        const old = ld(c + CELL_REF);
        if (old == 0) { unboundDeref(oparg); ok = false; break; }
        st(c + CELL_REF, 0);
        decref(old);
        break;
      }
      case 148: { // LOAD_CLASSDEREF
        const locals = ld(frame + W_LOCALS);
        let v: u64 = 0;
        if (locals != 0) {
          v = dictGetItem(locals, tupleGetItem(load<u64>(rec + CR_LOCALNAMES), <u64>oparg));
          if (v == 0 && excType != 0) { ok = false; break; }
        }
        if (v == 0) {
          const c = ld(local(oparg));
          if (!isCell(c)) { notACell(); ok = false; break; }
          v = ld(c + CELL_REF);
          if (v == 0) { unboundDeref(oparg); ok = false; break; }
        }
        incref(v);
        push(v);
        break;
      }
      case 149: { // COPY_FREE_VARS
        const closure = ld(ld(frame + W_FUNC) + FUNC_CLOSURE);
        const nfree = load<u32>(rec + CR_NFREE);
        if (closure == 0 || oparg > nfree || <u64>oparg > tupleLength(closure)) { raise(EX_TYPE, "COPY_FREE_VARS: the function's closure does not match its code (a corrupted image)"); ok = false; break; }
        const offset = load<u32>(rec + CR_NLOCALS) + load<u32>(rec + CR_NCELL);
        for (let i: u32 = 0; i < oparg; i++) {
          const o = ld(closure + TUPLE_ITEMS + (<u64>i << 3));
          incref(o);
          const p = local(offset + i);
          const old = peek64(p); // NULL in a fresh frame
          st(p, o);
          xdecref(old);
        }
        break;
      }
      case 75: { // RETURN_GENERATOR
        const sh = shadow(depth);
        const kind = load<u32>(sh + SH_KIND);
        if (depth == 0 || (kind != KIND_CALL && kind != KIND_NESTED && kind != KIND_EXCALL && kind != KIND_TPCALL) || sp != frame + stackBase(rec)) {
          raise(EX_UNSUPPORTED, "RETURN_GENERATOR outside a generator function's start (memsim)");
          ok = false;
          break;
        }
        const func = ld(frame + W_FUNC);
        const name = ld(func + FUNC_NAME);
        const g = genAlloc(codeObj, name, name, codeSlots(codeObj));
        if (g == 0) { raise(EX_MEMORY, ""); ok = false; break; }
        // _PyFrame_Copy: the frame's references move into the generator
        const gf = g + GEN_FRAME;
        for (let p = frame; p < sp; p += 8) { st(gf + (p - frame), ld(p)); poke64(p, 0); }
        st(gf + W_STACKTOP, (sp - frame - (HEADER << 3)) >> 3);
        st(gf + W_PREVIOUS, 0);
        setGenState(g, GEN_CREATED);
        const fr = frame;
        framePop(fr, false); // (its references moved into the generator)
        enter(depth - 1);
        if (kind == KIND_NESTED) { nestedValue = g; return RUN_NESTED; }
        if (kind == KIND_EXCALL) releaseExCall(sh);
        if (kind == KIND_TPCALL) endTpCall(g);
        else push(g);
        break;
      }
      case 86: { // YIELD_VALUE
        const sh = shadow(depth);
        if (depth == 0 || load<u32>(sh + SH_KIND) != KIND_GEN) {
          raise(EX_UNSUPPORTED, "YIELD_VALUE outside a generator's frame (memsim)");
          ok = false;
          break;
        }
        const v = pop();
        setGenState(load<u64>(sh + SH_X1), GEN_SUSPENDED);
        st(frame + W_STACKTOP, (sp - frame - (HEADER << 3)) >> 3);
        st(frame + W_PREVIOUS, 0);
        save();
        enter(depth - 1);
        if (depth + 1 == entryDepth) { nestedValue = v; return RUN_NESTED; }
        // to the SEND that resumed it in this loop (PYGEN_NEXT): the value sent released, what it yields pushed
        releaseSent(sh);
        push(v);
        break;
      }
      case 69: { // GET_YIELD_FROM_ITER: a generator as it is, anything else iter() of it
        const o = peekN(1);
        if (ty(o) == T_GEN) break;
        const it = getIter(o);
        decref(o);
        if (it == 0) { dropConsumed(); ok = false; break; }
        setN(1, it);
        break;
      }
      case 123: { // SEND: [receiver, v] → [receiver, what it yields], or at its end [its return value] and a jump to oparg
        const v = pop();
        const receiver = peekN(1);
        if (ty(receiver) == T_GEN) { ok = sendToGen(receiver, v, oparg); break; }
        // PyIter_Send of another iterator: tp_iternext (memsim's generators are sent nothing but None)
        const r = v == NONE ? iterNext(receiver) : 0;
        if (v != NONE) { raiseBegin(EX_UNSUPPORTED); msg("sending a value to a '"); msgTypeName(receiver); msg("' object is not supported yet (memsim)"); }
        if (r != 0) { decref(v); push(r); break; }
        // _PyGen_FetchStopIterationValue: the end, with None (or a StopIteration's value); anything else is an error
        const rv = excType == EX_NONE ? newNone() : stopIterationValue();
        decref(v);
        if (rv == 0) { ok = false; break; }
        decref(receiver);
        setN(1, rv);
        ip = oparg;
        break;
      }
      case 134: ip = oparg; break; // JUMP_BACKWARD_NO_INTERRUPT
      case 71: { // LOAD_BUILD_CLASS
        const b = builtinObject(B_BUILD_CLASS);
        if (b == 0) { raise(EX_MEMORY, ""); ok = false; break; }
        incref(b);
        push(b);
        break;
      }
      case 106: { // LOAD_ATTR
        const o = peekN(1);
        const v = loadAttr(o, nameAt(oparg));
        if (v == CALL_GETTER) { ok = loadGetter(false, nameAt(oparg)); break; }
        if (v == 0) attrContext(o, nameAt(oparg));
        decref(o);
        if (v == 0) { dropConsumed(); ok = false; break; }
        setN(1, v);
        break;
      }
      case 160: ok = loadMethod(nameAt(oparg)); break; // LOAD_METHOD
      case 95: { // STORE_ATTR
        const o = pop(), v = pop();
        ok = setAttr(o, nameAt(oparg), v);
        decref(v);
        decref(o);
        break;
      }
      case 96: { // DELETE_ATTR
        const o = pop();
        ok = delAttr(o, nameAt(oparg));
        decref(o);
        break;
      }
      case 108: { // IMPORT_NAME
        const fromlist = pop();
        const level = peekN(1);
        const m = importModule(nameAt(oparg));
        decref(fromlist);
        decref(level);
        if (m == 0) { dropConsumed(); ok = false; break; }
        setN(1, m);
        break;
      }
      case 109: { // IMPORT_FROM
        const v = importFrom(peekN(1), nameAt(oparg));
        if (v == 0) { ok = false; break; }
        push(v);
        break;
      }
      default: {
        raiseBegin(EX_UNSUPPORTED); msg("opcode "); msgU(op); msg(" is not supported yet (memsim)");
        ok = false;
      }
    }
    if (sp > stackLimit && ok && running) { raise(EX_UNSUPPORTED, "value stack overflow (a bad stacksize in the image)"); ok = false; }
    if (!ok || excType != 0) {
      if (excType == 0) raise(EX_UNSUPPORTED, "an operation failed without an exception");
      if (handleError()) continue;
      unwind();
      return RUN_EXCEPTION;
    }
  }
  return RUN_STEPS;
}

/** The target of LIST_APPEND, SET_ADD, MAP_ADD, LIST_EXTEND, SET_UPDATE or BUILD_CONST_KEY_MAP's keys of the wrong type (only a corrupted image gets here). */
const WITH_ARGV = memory.data(3 * 8);

/**
 * _PyObject_LookupSpecial for a with statement: the method of o's class for
 * `slot` (__enter__, __exit__), a function bound to o (a new bound method, as
 * func_descr_get makes), anything else as it is (a new reference); 0 when
 * the class has none (nothing raised) or on MemoryError (raised).
 */
function lookupSpecial(o: u64, slot: i32): u64 {
  const t = ty(o);
  if (!hasSlot(t, slot)) return 0;
  const m = classLookup(t, slotNameObject(slot));
  if (m == 0) return 0;
  if (typeOf(m) == T_FUNCTION) return chk(methodNew(m, o));
  incref(m);
  return m;
}

/** BEFORE_WITH's TypeError for an object without __enter__ (or, `exit`, without __exit__). */
function noContextManager(mgr: u64, exit: bool): void {
  raiseBegin(EX_TYPE); msg("'"); msgTypeName(mgr); msg("' object does not support the context manager protocol");
  if (exit) msg(" (missed __exit__ method)");
}

function badTarget(): void {
  raise(EX_UNSUPPORTED, "an instruction's operand has the wrong type (a corrupted image)");
}

/** A deref operand that does not hold a cell (only a corrupted image gets here). */
function notACell(): void {
  raise(EX_TYPE, "a cell variable's slot does not hold a cell (a corrupted image)");
}

/** format_exc_unbound: a cell of this code (UnboundLocalError) or a free variable (NameError). */
function unboundDeref(i: u32): void {
  const name = tupleGetItem(load<u64>(rec + CR_LOCALNAMES), <u64>i);
  if (i < load<u32>(rec + CR_NLOCALS) + load<u32>(rec + CR_NCELL)) {
    raiseBegin(EX_UNBOUND); msg("cannot access local variable '"); msgStrObj(name); msg("' where it is not associated with a value");
  } else {
    raiseBegin(EX_NAME); msg("cannot access free variable '"); msgStrObj(name); msg("' where it is not associated with a value in enclosing scope");
    nameErrorContext(name);
  }
}

function unboundLocal(i: u32): void {
  raiseBegin(EX_UNBOUND); msg("cannot access local variable '");
  msgStrObj(tupleGetItem(load<u64>(rec + CR_LOCALNAMES), <u64>i));
  msg("' where it is not associated with a value");
}

/**
 * LOAD_METHOD (_PyObject_GetMethod): [method, self] when the attribute is a
 * function of the class (or a method of a built-in type) and the instance
 * has none of its own, else [NULL, attribute]; a property's getter runs
 * first (loadGetter).
 */
function loadMethod(name: u64): bool {
  const o = peekN(1);
  const t = ty(o);
  let v: u64 = 0;
  if (t >= T_FIRST_CLASS) {
    const d = classLookup(t, name);
    if (d != 0 && typeOf(d) == T_FUNCTION) {
      const own = hasManagedDict(o) ? instanceGetAttr(o, name) : 0;
      if (own == 0) {
        incref(d);
        setN(1, d);
        push(o);
        return true;
      }
      incref(own);
      v = own;
    } else {
      v = instanceAttr(o, t, name, d);
      if (v == NO_ATTR) v = missingAttr(o, t, name);
    }
  } else {
    if (t != T_TYPE && t != T_MODULE) {
      const id = methodIdOf(t, name);
      if (id >= 0) {
        const b = builtinObject(id);
        if (b == 0) { raise(EX_MEMORY, ""); return false; }
        incref(b);
        setN(1, b);
        push(o);
        return true;
      }
    }
    v = loadAttr(o, name);
  }
  if (v == CALL_GETTER) return loadGetter(true, name);
  if (v == 0) attrContext(o, name);
  decref(o);
  if (v == 0) { dropConsumed(); return false; }
  setN(1, 0);
  push(v);
  return true;
}

/** _PyObject_FunctionStr: a function's module and qualified name and "()" (a builtin's name), else the type's name and " object". */
function msgFunction(f: u64): void {
  const t = typeOf(f);
  if (t == T_FUNCTION) { msg("__main__."); qualnameMsg(recordOf(peek64(f + FUNC_CODE))); msg("()"); }
  else if (t == T_METHOD) msgFunction(peek64(f + F1));
  else if (t == T_BUILTIN) {
    const self = peek64(f + F2);
    if (self != 0) { msgTypeName(self); msg("."); } // a method: its type's qualified name
    msg(builtinName(<i32>peek64(f + F1))); msg("()");
  }
  else if (t == T_TYPE) { msgTypeNumber(typeNumber(f)); msg("()"); }
  else { msgTypeName(f); msg(" object"); }
}

/**
 * CALL_FUNCTION_EX: func(*callargs, **kwargs) with NULL, func, callargs (and
 * kwargs, a dict) on the stack. callargs becomes a tuple first
 * (PySequence_Tuple); the call is PyObject_Call's: the tuple's items are
 * the arguments, or with keywords an array _PyStack_UnpackDict makes
 * (PyMem_Malloc: a heap block) of them and the dict's values, with a tuple of
 * the names. A Python function's frame is pushed as for CALL, and the
 * tuple, the dict and the array go when it returns (KIND_EXCALL).
 */
function callEx(hasKw: bool): bool {
  const kwargs = hasKw ? pop() : 0;
  let callargs = pop();
  let func = peekN(1);
  if (ty(callargs) != T_TUPLE) {
    const tc = ty(callargs);
    if (!isIterable(tc) && !hasSlot(tc, SLOT_ITER)) {
      raiseBegin(EX_TYPE); msgFunction(func); msg(" argument after * must be an iterable, not "); msgTypeName(callargs);
      decref(callargs); xdecref(kwargs); dropTop(2);
      return false;
    }
    const l = tc == T_LIST ? callargs : listOf(callargs);
    const t = l != 0 ? tupleOfList(l) : 0;
    if (l != 0 && l != callargs) decref(l);
    decref(callargs);
    if (t == 0) { xdecref(kwargs); dropTop(2); return false; }
    callargs = t;
  }
  const n = <u32>tupleLength(callargs);
  const nk = kwargs != 0 ? <u32>dictLength(kwargs) : 0;
  if (n + nk > 2048) { decref(callargs); xdecref(kwargs); dropTop(2); raise(EX_UNSUPPORTED, "too many arguments"); return false; }
  let t = ty(func);
  let self: u64 = 0;
  if (t == T_METHOD) {
    // method_vectorcall: the function with self first
    self = extGet(func, F2);
    const f = extGet(func, F1);
    incref(f);
    setN(1, f);
    decref(func);
    func = f;
    t = ty(func);
  }
  // an instance of a class with __call__: PyObject_Call gives tp_call (slot_tp_call) the tuple and the dict as they are
  if (t >= T_FIRST_CLASS && hasSlot(t, SLOT_CALL)) return slotCall(func, callargs, kwargs, 2);
  const extra: u32 = self != 0 ? 1 : 0;
  let args: u64 = callargs + TUPLE_ITEMS;
  let block: u64 = 0;
  let names: u64 = 0;
  if (nk > 0 || self != 0) {
    block = objectMalloc((<u64>(1 + extra + n + nk)) << 3);
    if (block == 0) { decref(callargs); xdecref(kwargs); dropTop(2); raise(EX_MEMORY, ""); return false; }
    args = block + 8;
    if (self != 0) { incref(self); st(args, self); }
    for (let i: u32 = 0; i < n; i++) { const v = tupleGetItem(callargs, <u64>i); incref(v); st(args + (<u64>(extra + i) << 3), v); }
    if (nk > 0) {
      names = tupleNew(<u64>nk);
      if (names == 0) { releaseBlock(block, extra + n); decref(callargs); xdecref(kwargs); dropTop(2); raise(EX_MEMORY, ""); return false; }
      let pos: u64 = 0, k: u32 = 0;
      while (dictNext(kwargs, pos)) {
        pos = nextPos;
        if (typeOf(nextKey) != T_STR) {
          // (_PyStack_UnpackDict)
          for (let i: u32 = 0; i < extra + n + k; i++) decref(ld(args + (<u64>i << 3)));
          objectFree(block); decref(names); decref(callargs); xdecref(kwargs); dropTop(2);
          raise(EX_TYPE, "keywords must be strings");
          return false;
        }
        tupleSetItem(names, <u64>k, nextKey);
        incref(nextValue);
        st(args + (<u64>(extra + n + k) << 3), nextValue);
        k++;
      }
    }
  }
  const total = extra + n + nk;
  if (t == T_FUNCTION) {
    for (let i: u32 = 0; i < total; i++) incref(ld(args + (<u64>i << 3))); // the frame's own references (_PyEval_Vector)
    // SH_X1: the array's address, its count in the top 16 bits
    const ok = callFunction(func, args, total, names, 2, KIND_EXCALL, block != 0 ? block | (<u64>total << 48) : 0, callargs, kwargs, 0);
    if (names != 0) decref(names);
    if (ok) return true;
    for (let i: u32 = 0; i < total; i++) decref(ld(args + (<u64>i << 3)));
    if (block != 0) releaseBlock(block, total);
    decref(callargs); xdecref(kwargs); dropTop(2);
    return false;
  }
  let result: u64 = 0;
  if (t == T_BUILTIN) result = callBuiltin(<i32>extGet(func, F1), extGet(func, F2), args, <i32>total, names);
  else if (t == T_TYPE && typeNumber(func) < T_FIRST_CLASS) result = callType(typeNumber(func), args, <i32>total, names);
  else if (t == T_TYPE) raise(EX_UNSUPPORTED, "calling a class with * or ** arguments is not supported yet (memsim)");
  else { raiseBegin(EX_TYPE); msg("'"); msgTypeName(func); msg("' object is not callable"); } // (_PyObject_Call)
  if (names != 0) decref(names);
  if (block != 0) releaseBlock(block, total);
  decref(callargs);
  xdecref(kwargs);
  dropTop(2);
  if (result == 0) return false;
  push(result);
  return true;
}

/** _PyStack_UnpackDict_Free: the array's references released, the block freed. */
function releaseBlock(block: u64, count: u32): void {
  for (let i: u32 = 0; i < count; i++) decref(ld(block + 8 + (<u64>i << 3)));
  objectFree(block);
}

/** A CALL_FUNCTION_EX call is over (returned or unwound): its array, tuple and dict go. */
function releaseExCall(s: usize): void {
  const x1 = load<u64>(s + SH_X1);
  if (x1 != 0) releaseBlock(x1 & 0xFFFFFFFFFFFF, <u32>(x1 >> 48));
  decref(load<u64>(s + SH_X2));
  xdecref(load<u64>(s + SH_X3));
}

/**
 * UNPACK_EX (unpack_iterable): `before` values, a list of the rest but the
 * last `after`, then those `after` values, the first value on top. The list
 * is PySequence_List of the iterator; the last values move out of it and its
 * size is cut (Py_SET_SIZE: its allocation stays).
 */
function unpackEx(before: u32, after: u32): bool {
  const seq = pop();
  const it = unpackIter(seq);
  if (it == 0) return false;
  const base = sp;
  const got = pushValues(it, before);
  let ok = excType == 0;
  if (ok && got < before) {
    raiseBegin(EX_VALUE); msg("not enough values to unpack (expected at least "); msgU(before + after); msg(", got "); msgU(got); msg(")");
    ok = false;
  }
  const l = ok ? listOf(it) : 0;
  if (ok && l == 0) ok = false;
  if (ok) {
    const n = listLength(l);
    if (n < <u64>after) {
      raiseBegin(EX_VALUE); msg("not enough values to unpack (expected at least "); msgU(before + after); msg(", got "); msgU(before + <u32>n); msg(")");
      decref(l);
      ok = false;
    } else {
      push(l);
      for (let j: u64 = <u64>after; j > 0; j--) push(listGetItem(l, n - j)); // the references move to the stack
      listSetSize(l, n - <u64>after);
    }
  }
  decref(it);
  decref(seq);
  if (!ok) { dropTop(got); return false; }
  reverseSlots(base, before + 1 + after); // the first value on top
  return true;
}

/** iter(seq) for an unpacking, or 0 with CPython's TypeError for what is not iterable (seq released then). */
function unpackIter(seq: u64): u64 {
  const it = getIter(seq);
  if (it == 0) {
    if (excType == EX_TYPE) { raiseBegin(EX_TYPE); msg("cannot unpack non-iterable "); msgTypeName(seq); msg(" object"); }
    decref(seq);
  }
  return it;
}

/** Push up to `n` values of iterator `it`: how many (fewer at its end or on an exception). */
function pushValues(it: u64, n: u32): u32 {
  let got: u32 = 0;
  while (got < n) {
    const v = iterNext(it);
    if (v == 0) break;
    push(v);
    got++;
  }
  return got;
}

/** Reverse the `count` stack slots from `base` up. */
function reverseSlots(base: u64, count: u32): void {
  for (let i: u32 = 0, j = count - 1; count > 0 && i < j; i++, j--) {
    const a = ld(base + (<u64>i << 3)), b = ld(base + (<u64>j << 3));
    st(base + (<u64>i << 3), b); st(base + (<u64>j << 3), a);
  }
}

function unpackSequence(n: u32): bool {
  const seq = pop();
  const t = ty(seq);
  if ((t == T_TUPLE || t == T_LIST) && sizeOf(seq) == <u64>n) {
    for (let i = <i64>n - 1; i >= 0; i--) {
      const v = t == T_TUPLE ? tupleGetItem(seq, <u64>i) : listGetItem(seq, <u64>i);
      incref(v);
      push(v);
    }
    decref(seq);
    return true;
  }
  const it = unpackIter(seq);
  if (it == 0) return false;
  // collect n values, then push them reversed
  const base = sp;
  const got = pushValues(it, n);
  if (excType != 0) { dropTop(got); decref(it); decref(seq); return false; }
  if (got < n) {
    dropTop(got);
    raiseBegin(EX_VALUE); msg("not enough values to unpack (expected "); msgU(n); msg(", got "); msgU(got); msg(")");
    decref(it); decref(seq);
    return false;
  }
  const extra = iterNext(it);
  if (extra != 0) {
    decref(extra);
    dropTop(got);
    raiseBegin(EX_VALUE); msg("too many values to unpack (expected "); msgU(n); msg(")");
    decref(it); decref(seq);
    return false;
  }
  decref(it);
  decref(seq);
  reverseSlots(base, n);
  return excType == 0;
}
