// The interpreter's exports (docs/python.md, "The core's exports"). Each
// validates its arguments (never traps) and simulates the heap accesses it
// queued before it returns (heapSync), like the object layer's exports.
//
// Codes: pyLoad returns the module code object's address or an error:
// ERR_PY_IMAGE (-80: a bad image; pyErrorOffset() names the byte, or -1 - i
// for a bad operand of instruction i), ERR_PY_STATE (-81: no heap, nothing
// loaded or started), ERR_HEAP_NOT_READY, ERR_WORKLOAD_CAPTURE,
// ERR_STORAGE_FULL, ERR_MEMORY (-17: linear memory).
// pyRun returns 0 finished, 1 output full, 2 step limit, 3 an exception escaped.
//
// Bytecode cycles: pySetBytecodeCycles(n) adds n core cycles per executed
// bytecode to the memory clock (as an instruction record's base CPI does):
// after each pyRun's heap accesses are simulated, the clock advances by
// n x the bytecodes that call ran. Default 0 (memory time only).

import * as E from "../errors";
import { BATCH_PTR, INPUT_PTR, INPUT_CAPACITY } from "../layout";
import { isCapturing } from "../trace/text";
import { heapActive } from "../heap/heap";
import { heapSync, beginCategory, endCategory, CAT_MUTATOR } from "../heap/memory";
import { advanceClock } from "../memory/backing";
import { T_CODE, typeObject, T_INT, T_FLOAT, T_STR, T_BOOL, T_LIST, T_TUPLE, T_DICT, T_SET, T_FROZENSET, T_TYPE, T_OBJECT, T_BYTES } from "../heap/objects/types";
import { isObject } from "../heap/objects/interp";
import { typeOf, decref, incref } from "../heap/objects/object";
import { dictNew, dictSetItem } from "../heap/objects/dict";
import {
  ready, setReady, outPtr, outLen, clearOutput, drainPending, outputFull, excType, clearException, forgetException, codeCount,
  raise, EX_MEMORY, stderrPtr, stderrLen, stderrClear,
} from "./state";
import { classEpoch } from "../heap/objects/types";
import { loadImage, failOffset, failedForMemory, internAscii, internBorrowed } from "./image";
import { nextLine, startModule, finalizeInterpreter, run, tracebackText, tracebackLength, bytecodes, isRunning, isFinished, setInterner, setInitName, recordOf, RUN_EXCEPTION, setStepLimit, stoppedAtLimit, classLookup, reportUnraisable } from "./eval";
import { installCellGen } from "./gen";
import { builtinObject, resetBuiltins, makeBuiltinObjects, builtinName, B_PRINT, B_VARS, B_GETSIZEOF, B_GC_ISENABLED, FIRST_EXTRA, LAST_EXTRA } from "./builtins";
import { floatRepr } from "./num";
import { gcSetThresholds } from "../heap/objects/gc";
import { gcTrack } from "../heap/objects/object";
import { resetSlots } from "./slots";
import { resetClasses } from "./classes";
import { resetDescriptors } from "./descriptors";
import { installGc, setDelLookup, setUnraisable, setGcLists, resetGcLog, gcLogPtr, gcLogCount, gcLogClear, gcLogDropped, LOG_FIELDS } from "./gcmodule";
import { makeExceptionClasses, clearHints } from "./exceptions";
import { setRefusals } from "./refusals";
import { setLineAccounting } from "./lines";
import { installExtensionTypes, T_RANGE, T_ENUMERATE, T_ZIP, T_LIST_REVITER, T_SLICE, T_MAP, T_FILTER, T_SUPER, T_PROPERTY, T_STATICMETHOD, T_CLASSMETHOD } from "./objs";

export const ERR_PY_IMAGE: i32 = -80;
export const ERR_PY_STATE: i32 = -81;

let loadedCode: u64 = 0;
/** The heap (its classEpoch) the last image was loaded on. */
let loadedEpoch: u32 = 0;
let started = false;
let finalized = false;
let bytecodeCycles: u64 = 0;
let lastStatus: i32 = 0;

function usable(): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (isCapturing()) return E.ERR_WORKLOAD_CAPTURE;
  return E.OK;
}

/** Parse the module image of `length` bytes in the input buffer: the module's code object, or an error code. */
export function pyLoad(length: i32): f64 {
  const r = usable();
  if (r < 0) return r;
  if (length < 12 || length > (8 << 20)) return ERR_PY_IMAGE;
  // an exception that escaped a run on an earlier heap holds none of this heap's objects
  if (classEpoch != loadedEpoch) forgetException();
  loadedEpoch = classEpoch;
  clearHints();
  installExtensionTypes();
  installCellGen();
  installGc();
  setStepLimit(u64.MAX_VALUE);
  setLineAccounting(true);
  started = false;
  loadedCode = 0;
  const code = loadImage(<u32>length);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  if (code == 0) return failedForMemory ? E.ERR_MEMORY : ERR_PY_IMAGE;
  setReady(true);
  loadedCode = code;
  return <f64>code;
}

/**
 * CPython's attribute names for the image loaded (assembly/python/refusals.ts):
 * `length` bytes in the input buffer. OK, or ERR_PY_STATE before pyLoad, or
 * ERR_LENGTH beyond 1 MiB.
 */
export function pyRefusals(length: i32): i32 {
  if (!ready) return ERR_PY_STATE;
  if (length < 0 || length > INPUT_CAPACITY) return E.ERR_LENGTH;
  return setRefusals(INPUT_PTR, <u32>length) ? E.OK : E.ERR_LENGTH;
}

/** Where the last bad image was wrong: a byte offset, or -1 - i for instruction i's operand. */
export function pyErrorOffset(): i32 {
  return failOffset;
}

function bind(d: u64, name: string, o: u64): bool {
  const k = internBorrowed(name);
  return k != 0 && o != 0 && dictSetItem(d, k, o) == 0;
}

/** Fresh __main__ globals and builtins, and a frame for the module code `code` (what pyLoad returned). */
export function pyStart(code: f64): i32 {
  const r = usable();
  if (r < 0) return r;
  if (!ready || loadedCode == 0 || code != <f64>loadedCode || !isObject(loadedCode) || typeOf(loadedCode) != T_CODE) return ERR_PY_STATE;
  clearException();
  clearOutput();
  resetBuiltins();
  if (!makeBuiltinObjects()) return E.ERR_MEMORY;
  setInterner(internBorrowed);
  setInitName(internBorrowed("__init__"));
  setDelLookup(internBorrowed("__del__"), classLookup);
  setUnraisable(reportUnraisable);
  resetSlots(internBorrowed);
  resetClasses(internBorrowed);
  resetDescriptors(internBorrowed);
  setGcLists(0, 0);
  resetGcLog(pyBytecodesRun);
  const previous = beginCategory(CAT_MUTATOR);
  const builtins = dictNew();
  const globals = dictNew();
  let ok = builtins != 0 && globals != 0;
  // CPython's __main__ dict holds __builtins__ (a module) and the import
  // system's __loader__ and __spec__ from the start: it is always tracked, so
  // a store into it never runs MAINTAIN_TRACKING's checks of key and value.
  if (ok) gcTrack(globals);
  for (let id = B_PRINT; ok && id <= B_VARS; id++) {
    if (id >= B_GETSIZEOF && id <= B_GC_ISENABLED) continue;
    ok = bind(builtins, builtinName(id), builtinObject(id));
  }
  if (ok) {
    ok = bind(builtins, "int", typeObject(T_INT)) && bind(builtins, "float", typeObject(T_FLOAT)) &&
      bind(builtins, "str", typeObject(T_STR)) && bind(builtins, "bool", typeObject(T_BOOL)) &&
      bind(builtins, "list", typeObject(T_LIST)) && bind(builtins, "tuple", typeObject(T_TUPLE)) &&
      bind(builtins, "dict", typeObject(T_DICT)) && bind(builtins, "set", typeObject(T_SET)) &&
      bind(builtins, "frozenset", typeObject(T_FROZENSET)) &&
      bind(builtins, "range", typeObject(T_RANGE)) && bind(builtins, "type", typeObject(T_TYPE)) &&
      bind(builtins, "object", typeObject(T_OBJECT)) && bind(builtins, "enumerate", typeObject(T_ENUMERATE)) &&
      bind(builtins, "zip", typeObject(T_ZIP)) && bind(builtins, "reversed", typeObject(T_LIST_REVITER)) &&
      bind(builtins, "bytes", typeObject(T_BYTES)) && bind(builtins, "slice", typeObject(T_SLICE)) &&
      bind(builtins, "map", typeObject(T_MAP)) && bind(builtins, "filter", typeObject(T_FILTER)) &&
      bind(builtins, "super", typeObject(T_SUPER)) && bind(builtins, "property", typeObject(T_PROPERTY)) &&
      bind(builtins, "staticmethod", typeObject(T_STATICMETHOD)) && bind(builtins, "classmethod", typeObject(T_CLASSMETHOD));
  }
  for (let id = FIRST_EXTRA; ok && id <= LAST_EXTRA; id++) ok = bind(builtins, builtinName(id), builtinObject(id));
  if (ok) ok = makeExceptionClasses(builtins);
  if (ok) ok = bind(globals, "__name__", internBorrowed("__main__"));
  if (ok) ok = startModule(loadedCode, globals, builtins);
  endCategory(previous);
  // the interpreter keeps its own references to both dicts for the run (the module frame borrows them)
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  if (!ok) return E.ERR_HEAP_MEMORY;
  started = true;
  finalized = false;
  lastStatus = 2;
  return E.OK;
}

/** Run up to `maxSteps` bytecodes: 0 finished, 1 output full, 2 step limit, 3 an exception escaped; or an error code. */
export function pyRun(maxSteps: f64): i32 {
  const r = usable();
  if (r < 0) return r;
  if (!started) return ERR_PY_STATE;
  if (!(maxSteps >= 0) || floor(maxSteps) != maxSteps) return E.ERR_LENGTH;
  drainPending();
  if (outputFull()) return 1;
  if (!isRunning()) return stoppedAtLimit() ? 2 : isFinished() && excType == 0 ? 0 : 3;
  const before = bytecodes;
  const previous = beginCategory(CAT_MUTATOR);
  const status = run(maxSteps > 9e15 ? <u64>9e15 : <u64>maxSteps);
  endCategory(previous);
  const synced = heapSync();
  if (bytecodeCycles != 0) advanceClock((bytecodes - before) * bytecodeCycles, 0);
  if (!synced) return E.ERR_STORAGE_FULL;
  lastStatus = status;
  // the step limit reached inside a call from a builtin (which cannot return to the host): the run stopped there
  if (status == RUN_EXCEPTION && stoppedAtLimit()) return 2;
  return status;
}

/**
 * The interpreter's exit (eval.ts finalizeInterpreter) after a run that
 * finished (pyRun said 0) or that an exception ended (3): the script's
 * objects freed and their finalizers run; their output and the GC log are
 * drained after, as pyRun's. 0, or 2 when the step limit stopped a finalizer;
 * ERR_PY_STATE otherwise (a run still going or stopped, or already finalized).
 */
export function pyFinalize(): i32 {
  const r = usable();
  if (r < 0) return r;
  if (!started || finalized || (lastStatus != 0 && lastStatus != 3) || stoppedAtLimit()) return ERR_PY_STATE;
  finalized = true;
  const before = bytecodes;
  finalizeInterpreter();
  const synced = heapSync();
  if (bytecodeCycles != 0) advanceClock((bytecodes - before) * bytecodeCycles, 0);
  if (!synced) return E.ERR_STORAGE_FULL;
  return stoppedAtLimit() ? 2 : 0;
}

/**
 * The run's limit in bytecodes since pyStart (memsim py --max-steps; default
 * none). pyRun returns at its own maxSteps between bytecodes of the script; a
 * builtin running Python code (a key function, a generator) cannot return to
 * the host midway, so there the run ends at this limit (pyRun then says 2).
 */
export function pySetStepLimit(n: f64): i32 {
  if (!(n >= 0)) return E.ERR_LENGTH;
  setStepLimit(n >= 1.8e19 ? u64.MAX_VALUE : <u64>n);
  return E.OK;
}

export function pyOutputPtr(): usize {
  return outPtr;
}

export function pyOutputLength(): i32 {
  return <i32>outLen;
}

export function pyOutputClear(): void {
  clearOutput();
}

/** The script's stderr the core wrote since the last pyStderrClear (unraisable exceptions' reports: exceptions.ts writeUnraisable), UTF-8 at this address. */
export function pyStderrPtr(): usize {
  return stderrPtr;
}

export function pyStderrLength(): i32 {
  return <i32>stderrLen;
}

/** Empty it; the number of reports dropped since the last time (the buffer was full). */
export function pyStderrClear(): i32 {
  return <i32>stderrClear();
}

/** The escaped exception as UTF-8 at batchPtr(): "Type: message\n" then "name line\n" per frame, outermost first; the byte count (0: none). */
export function pyExceptionInfo(): i32 {
  if (excType == 0 || !started) return 0;
  const n = tracebackLength();
  memory.copy(BATCH_PTR, tracebackText(), n);
  return <i32>n;
}

/**
 * Per-line accounting for the runs of the image loaded (on after pyLoad):
 * off, pyLineStats has no rows and the GC log no lines, and the eval loop
 * skips the bookkeeping. OK, or ERR_PY_STATE once the run has started (its
 * rows would be incomplete).
 */
export function pySetLineAccounting(on: i32): i32 {
  if (started) return ERR_PY_STATE;
  setLineAccounting(on != 0);
  return E.OK;
}

/** The interpreter's own cycles per bytecode (added to the core clock); OK or ERR_LATENCY. */
export function pySetBytecodeCycles(n: f64): i32 {
  if (!(n >= 0 && n <= 1e6) || floor(n) != n) return E.ERR_LATENCY;
  bytecodeCycles = <u64>n;
  return E.OK;
}

/** Bytecodes executed since pyStart. */
export function pyBytecodes(): f64 {
  return <f64>bytecodes;
}

function pyBytecodesRun(): u64 {
  return bytecodes;
}

/**
 * The collections since the last call (--gc-log): their count; the records,
 * LOG_FIELDS u64 each, are at pyGcLogPtr() (docs/gc.md). The log is emptied.
 * Collections beyond the log's room between two calls are counted in
 * pyGcLogDropped().
 */
export function pyGcLog(): i32 {
  const n = gcLogCount();
  gcLogClear();
  return <i32>n;
}

export function pyGcLogPtr(): i32 {
  return <i32>gcLogPtr();
}

export function pyGcLogFields(): i32 {
  return <i32>LOG_FIELDS;
}

export function pyGcLogDropped(): f64 {
  return <f64>gcLogDropped();
}

/** gc.set_threshold(t0, t1, t2) before or between runs (--gc-threshold, the --python profiles); -1 for a bad value. */
export function pyGcSetThreshold(t0: f64, t1: f64, t2: f64): i32 {
  const r = usable();
  if (r < 0) return r;
  if (!(t0 >= 0 && t0 <= 2147483647 && t1 >= 0 && t1 <= 2147483647 && t2 >= 0 && t2 <= 2147483647) ||
    floor(t0) != t0 || floor(t1) != t1 || floor(t2) != t2) return E.ERR_CLASSES;
  gcSetThresholds(<u32>t0, <u32>t1, <u32>t2);
  return E.OK;
}

/** repr(v) of a float as UTF-8 at batchPtr() (no cost; for tests): the byte count. */
export function pyFloatRepr(v: f64): i32 {
  if (!ready) return ERR_PY_STATE;
  return <i32>floatRepr(v, BATCH_PTR);
}

/** The source line the script executes next (its innermost frame's next instruction; 0: none, or not running). No cost: the heap view steps by it. */
export function pyNextLine(): i32 {
  if (!started) return 0;
  return <i32>nextLine();
}
