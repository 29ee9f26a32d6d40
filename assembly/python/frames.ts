// Frame objects and tracebacks, as CPython 3.11 makes them for an exception
// (Objects/frameobject.c, Python/frame.c, Python/traceback.c).
//
// An exception leaving or reaching a frame adds a traceback for it
// (PyTraceBack_Here), which needs the frame's PyFrameObject: made on first use
// (_PyFrame_GetFrameObject), 120 bytes + 8 per local and stack slot, untracked
// while the frame runs. When the frame ends and its frame object is still
// referenced (a traceback holds it: a caught exception kept after its
// handler), the frame object takes over the frame's data (take_ownership: a
// copy of its header and locals, which it now holds) and its f_back, the
// caller's frame object, made then if needed; then it is tracked. So an
// exception kept in a local after the handler holds a cycle (exception,
// traceback, frame object, the frame's locals) only the collector frees.
//
// A frame object (T_FRAME): 16 f_back, 24 f_frame (the data-stack frame, or
// its own copy at 48 once it owns it), 32 f_trace, 40 f_lineno and flags,
// 48 _f_frame_data (the interpreter frame: 9 header words, then the locals and
// the stack). A traceback (T_TRACEBACK, 40 bytes): 16 tb_next, 24 tb_frame,
// 32 tb_lasti (i32), 36 tb_lineno (i32).

import { heapLoad64, heapStore64, heapStore32, heapCopy, peek64, beginCategory, endCategory, CAT_MUTATOR, CAT_ALLOC } from "../heap/memory";
import { GC_HEAD, OB_REFCNT } from "../heap/objects/layout";
import { newGcObject, freeGcObject, gcTrack, gcUntrack, isTracked, incref, xdecref } from "../heap/objects/object";
import { gcVisit } from "../heap/objects/gc";
import { excType, errLen, setErr, EX_NONE } from "./state";
import { HEADER, W_FUNC, W_GLOBALS, W_BUILTINS, W_LOCALS, W_CODE, W_FRAMEOBJ, W_PREVIOUS, W_STACKTOP } from "./eval";

export const T_FRAME: i32 = 33;
export const T_TRACEBACK: i32 = 34;

const F_BACK: u64 = 16;
const F_FRAME: u64 = 24;
const F_TRACE: u64 = 32;
const F_LINENO: u64 = 40;
const F_DATA: u64 = 48;
const FRAME_BASIC: u64 = 120; // offsetof(PyFrameObject, _f_frame_data) + offsetof(_PyInterpreterFrame, localsplus)
export const TRACEBACK_SIZE: u64 = 40;
const TB_NEXT: u64 = 16;
const TB_FRAME: u64 = 24;
const TB_LASTI: u64 = 32;
const TB_LINENO: u64 = 36;

const HEADER_BYTES: u64 = HEADER << 3;

/** Objects of a frame object's size for a code of `slots` locals and stack slots. */
export function frameObjectSize(slots: u64): u64 {
  return FRAME_BASIC + (slots << 3);
}

/**
 * PyErr_Fetch around an allocation (_PyFrame_MakeAndSetFrameObject's and
 * PyTraceBack_Here's): no exception is set meanwhile, so an allocation past the
 * threshold starts a collection, as in CPython (gc_alloc collects only without
 * one set); what a finalizer does then is saved and restored by callDel. The
 * exception's type, for restoreException.
 */
function fetchException(): i32 {
  const t = excType;
  setErr(EX_NONE, errLen);
  return t;
}

function restoreException(t: i32): void {
  setErr(t, errLen);
}

/**
 * _PyFrame_GetFrameObject: the frame object of the interpreter frame at `fr`
 * (a code of `slots` locals and stack slots), made now if it has none
 * (_PyFrame_New_NoTrack: untracked); borrowed, or 0 on MemoryError.
 */
export function frameObjectOf(fr: u64, slots: u64): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  let f = heapLoad64(fr + W_FRAMEOBJ);
  endCategory(previous);
  if (f != 0) return f;
  const fetched = fetchException();
  f = newGcObject(T_FRAME, frameObjectSize(slots), GC_HEAD);
  restoreException(fetched);
  if (f == 0) return 0;
  const p = beginCategory(CAT_ALLOC);
  heapStore64(f + F_BACK, 0);
  heapStore64(f + F_TRACE, 0);
  heapStore64(f + F_LINENO, <u64>1 << 32); // f_lineno 0, f_trace_lines 1, f_trace_opcodes and f_fast_as_locals 0
  heapStore64(f + F_FRAME, fr);
  heapStore64(fr + W_FRAMEOBJ, f);
  endCategory(p);
  return f;
}

/**
 * PyTraceBack_Here: a traceback for frame `fr` at instruction `lasti` of line
 * `line`, in front of `next` (the pending traceback, whose reference it takes);
 * the new traceback, or `next` itself when memory ran out (CPython drops the
 * line then too).
 */
export function tracebackHere(next: u64, fr: u64, slots: u64, lasti: u32, line: u32): u64 {
  const f = frameObjectOf(fr, slots);
  if (f == 0) return next;
  const fetched = fetchException();
  const tb = newGcObject(T_TRACEBACK, TRACEBACK_SIZE, GC_HEAD);
  restoreException(fetched);
  if (tb == 0) return next;
  incref(f);
  const previous = beginCategory(CAT_ALLOC);
  heapStore64(tb + TB_NEXT, next);
  heapStore64(tb + TB_FRAME, f);
  heapStore32(tb + TB_LASTI, lasti << 1); // (a byte offset in CPython: 2 per code unit)
  heapStore32(tb + TB_LINENO, line);
  endCategory(previous);
  gcTrack(tb);
  return tb;
}

/**
 * _PyFrame_Clear's start, for the interpreter frame at `fr` as it ends (its
 * data `bytes` long: header, locals, stack): a frame object still referenced
 * elsewhere takes the frame's data over (take_ownership; `back` is the
 * caller's frame, `backSlots` its code's slots, for f_back); true then, and
 * the frame's slots must go without being released. Otherwise its frame
 * object (if any) is released, and false.
 */
export function frameEnds(fr: u64, bytes: u64, back: u64, backSlots: u64): bool {
  const previous = beginCategory(CAT_MUTATOR);
  const f = heapLoad64(fr + W_FRAMEOBJ);
  if (f == 0) { endCategory(previous); return false; }
  heapStore64(fr + W_FRAMEOBJ, 0);
  const shared = heapLoad64(f + OB_REFCNT) > 1;
  endCategory(previous);
  if (!shared) {
    xdecref(f); // frame_dealloc of a frame object that never owned its frame
    return false;
  }
  // take_ownership: the frame's data copied into the frame object, which holds its references now
  const p = beginCategory(CAT_MUTATOR);
  heapCopy(f + F_DATA, fr, bytes);
  heapStore64(f + F_FRAME, f + F_DATA);
  heapStore64(f + F_DATA + W_STACKTOP, (bytes - HEADER_BYTES) >> 3); // stacktop: the locals and stack copied (the owner: the frame object)
  endCategory(p);
  if (back != 0) {
    const b = frameObjectOf(back, backSlots);
    if (b != 0) {
      incref(b);
      const q = beginCategory(CAT_MUTATOR);
      heapStore64(f + F_BACK, b);
      heapStore64(f + F_DATA + W_PREVIOUS, 0);
      endCategory(q);
    }
  }
  if (!isTracked(f)) gcTrack(f);
  xdecref(f); // the frame's own reference
  return true;
}

/** Whether frame object `f` owns its frame's data (no cost: a flag CPython keeps in the frame's owner byte). */
function owns(f: u64): bool {
  return peek64(f + F_FRAME) == f + F_DATA;
}

/** The code object a frame object's frame runs (no cost), for the traceback's text. */
export function frameCode(f: u64): u64 {
  return peek64(peek64(f + F_FRAME) + W_CODE);
}

/** The globals and builtins a frame object's frame runs with (no cost), for a NameError's suggestion. */
export function frameGlobals(f: u64): u64 { return peek64(peek64(f + F_FRAME) + W_GLOBALS); }
export function frameBuiltins(f: u64): u64 { return peek64(peek64(f + F_FRAME) + W_BUILTINS); }

/** A traceback's frame object and line (no cost), for the traceback's text. */
export function tracebackFrame(tb: u64): u64 { return peek64(tb + TB_FRAME); }
export function tracebackLine(tb: u64): u32 { return <u32>(peek64(tb + TB_LASTI) >> 32); }
/** tb_lasti as an instruction index (CPython keeps a byte offset: 2 per code unit). */
export function tracebackLasti(tb: u64): u32 { return (<u32>peek64(tb + TB_LASTI)) >> 1; }
export function tracebackNext(tb: u64): u64 { return peek64(tb + TB_NEXT); }

/** frame_dealloc and tb_dealloc. */
export function frameTypesDealloc(o: u64, t: i32): void {
  if (isTracked(o)) gcUntrack(o);
  if (t == T_TRACEBACK) {
    const previous = beginCategory(CAT_MUTATOR);
    const next = heapLoad64(o + TB_NEXT), f = heapLoad64(o + TB_FRAME);
    endCategory(previous);
    xdecref(next);
    xdecref(f);
    freeGcObject(o, GC_HEAD);
    return;
  }
  let code: u64 = 0;
  if (owns(o)) {
    const d = o + F_DATA;
    const previous = beginCategory(CAT_MUTATOR);
    code = heapLoad64(d + W_CODE);
    heapStore64(d + W_CODE, 0);
    const func = heapLoad64(d + W_FUNC), locals = heapLoad64(d + W_LOCALS);
    heapStore64(d + W_FUNC, 0);
    heapStore64(d + W_LOCALS, 0);
    const n = heapLoad64(d + W_STACKTOP);
    endCategory(previous);
    xdecref(func);
    xdecref(locals);
    clearLocals(d, n);
  }
  const previous = beginCategory(CAT_MUTATOR);
  const back = heapLoad64(o + F_BACK), trace = heapLoad64(o + F_TRACE);
  endCategory(previous);
  xdecref(back);
  xdecref(trace);
  freeGcObject(o, GC_HEAD);
  xdecref(code);
}

/** frame_tp_traverse and tb_traverse. */
export function frameTypesTraverse(o: u64, t: i32): void {
  if (t == T_TRACEBACK) {
    gcVisit(heapLoad64(o + TB_NEXT));
    gcVisit(heapLoad64(o + TB_FRAME));
    return;
  }
  gcVisit(heapLoad64(o + F_BACK));
  gcVisit(heapLoad64(o + F_TRACE));
  if (!owns(o)) return;
  const d = o + F_DATA;
  gcVisit(heapLoad64(d + W_FUNC));
  gcVisit(heapLoad64(d + W_CODE));
  gcVisit(heapLoad64(d + W_LOCALS));
  const n = heapLoad64(d + W_STACKTOP);
  for (let i: u64 = 0; i < n; i++) gcVisit(heapLoad64(d + HEADER_BYTES + (i << 3)));
}

/** frame_tp_clear (f_trace, the locals and the stack) and tb_clear (tb_next, tb_frame). */
export function frameTypesClear(o: u64, t: i32): void {
  if (t == T_TRACEBACK) {
    const previous = beginCategory(CAT_MUTATOR);
    const next = heapLoad64(o + TB_NEXT), f = heapLoad64(o + TB_FRAME);
    heapStore64(o + TB_NEXT, 0);
    heapStore64(o + TB_FRAME, 0);
    endCategory(previous);
    xdecref(next);
    xdecref(f);
    return;
  }
  const previous = beginCategory(CAT_MUTATOR);
  const trace = heapLoad64(o + F_TRACE);
  heapStore64(o + F_TRACE, 0);
  endCategory(previous);
  xdecref(trace);
  const d = peek64(o + F_FRAME);
  const p = beginCategory(CAT_MUTATOR);
  const n = heapLoad64(d + W_STACKTOP);
  heapStore64(d + W_STACKTOP, 0);
  endCategory(p);
  clearLocals(d, n);
}

/** Py_CLEAR of the first `n` locals and stack slots of the interpreter frame at `d`. */
function clearLocals(d: u64, n: u64): void {
  for (let i: u64 = 0; i < n; i++) {
    const previous = beginCategory(CAT_MUTATOR);
    const v = heapLoad64(d + HEADER_BYTES + (i << 3));
    if (v != 0) heapStore64(d + HEADER_BYTES + (i << 3), 0);
    endCategory(previous);
    xdecref(v);
  }
}
