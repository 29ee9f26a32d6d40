// Cells and generators (CPython 3.11's PyCellObject and PyGenObject) for the
// interpreter: closures keep their variables in cells, generator expressions
// run in a frame embedded in the generator object. docs/python.md.
//
// cell (24 bytes + GC head: getsizeof 40): 0 ob_refcnt, 8 ob_type, 16 ob_ref.
// generator (152 + 8 x (nlocalsplus + stacksize) bytes + GC head, as 3.11's
// gen_sizeof): 16 gi_code, 24 gi_weakreflist, 32 gi_name, 40 gi_qualname,
// 48/56 gi_exc_state, 64 gi_origin_or_finalizer, 72 the flags word (the frame
// state in its byte 3, as gi_frame_state), 80 the frame (an
// _PyInterpreterFrame: the eval loop's 9 header words, then the fast locals
// and the value stack).

import { heapLoad64, heapStore64, poke64, peek64, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR } from "../heap/memory";
import { GC_HEAD } from "../heap/objects/layout";
import { typeObject } from "../heap/objects/types";
import { newGcObject, freeGcObject, gcTrack, gcUntrack, xdecref, xincref, incref, decref, typeOf, setExtensionDealloc } from "../heap/objects/object";
import { gcVisit, finalizeFromDealloc } from "../heap/objects/gc";
import { raise, clearException, excType, EX_GENEXIT, EX_STOPITER, EX_RUNTIME, EX_NONE } from "./state";
import { extDealloc } from "./objs";
import { T_FRAME, T_TRACEBACK, frameEnds, frameTypesDealloc } from "./frames";
import { HEADER, W_FUNC, W_LOCALS, W_CODE, W_STACKTOP } from "./eval";

/** Type numbers (between the interpreter's extension types and the classes). */
export const T_CELL: i32 = 38;
export const T_GEN: i32 = 39;

export const CELL_REF: u64 = 16;
export const GEN_CODE: u64 = 16;
export const GEN_NAME: u64 = 32;
export const GEN_QUALNAME: u64 = 40;
export const GEN_STATE: u64 = 72;
export const GEN_FRAME: u64 = 80;
export const GEN_BASIC: u64 = 152;

export const GEN_CREATED: u64 = 1;
export const GEN_SUSPENDED: u64 = 2;
export const GEN_EXECUTING: u64 = 3;
export const GEN_CLEARED: u64 = 4;


/** Whether `o` is a cell (no cost: the interpreter's own check). */
export function isCell(o: u64): bool {
  return o != 0 && peek64(o + 8) == typeObject(T_CELL);
}

/** PyCell_New(v): a new cell holding a new reference to v (may be 0); 0 on MemoryError. */
export function cellNew(v: u64): u64 {
  const c = newGcObject(T_CELL, 24, GC_HEAD);
  if (c == 0) return 0;
  xincref(v);
  const previous = beginCategory(CAT_ALLOC);
  heapStore64(c + CELL_REF, v);
  endCategory(previous);
  gcTrack(c);
  return c;
}

// @ts-ignore: decorator
@inline export function genState(g: u64): u64 {
  return peek64(g + GEN_STATE) >> 24;
}

export function setGenState(g: u64, s: u64): void {
  const previous = beginCategory(CAT_MUTATOR);
  heapStore64(g + GEN_STATE, s << 24);
  endCategory(previous);
}

/** A generator object for a frame of `slots` fast locals + stack words (fields set, frame empty, not yet tracked); 0 on MemoryError. */
export function genAlloc(code: u64, name: u64, qualname: u64, slots: u64): u64 {
  const size = GEN_BASIC + (slots << 3);
  const g = newGcObject(T_GEN, size, GC_HEAD);
  if (g == 0) return 0;
  const previous = beginCategory(CAT_ALLOC);
  xincref(code); xincref(name); xincref(qualname);
  heapStore64(g + GEN_CODE, code);
  heapStore64(g + 24, 0);
  heapStore64(g + GEN_NAME, name);
  heapStore64(g + GEN_QUALNAME, qualname);
  heapStore64(g + 48, 0);
  heapStore64(g + 56, 0);
  heapStore64(g + 64, 0);
  heapStore64(g + GEN_STATE, GEN_CLEARED << 24);
  endCategory(previous);
  // the frame's words are written by the frame copy; the rest stay zero (no cost: fresh memory as the copy sees it)
  for (let p: u64 = GEN_FRAME; p < size; p += 8) poke64(g + p, 0);
  gcTrack(g);
  return g;
}

/** getsizeof of a generator: 3.11's gen_sizeof plus the GC head. */
export function genSizeof(g: u64): u64 {
  const code = peek64(g + GEN_CODE);
  return GEN_BASIC + (genSlots(code) << 3) + GC_HEAD;
}

/** nlocalsplus + stacksize of a code object: set by the interpreter (the code record knows). */
export let genSlots: (code: u64) => u64 = noSlots;
function noSlots(code: u64): u64 { return 0; }
export function setGenSlots(f: (code: u64) => u64): void { genSlots = f; }

/**
 * _PyFrame_Clear of a generator's frame: the fast locals and the value stack
 * up to `top` (an absolute address), f_locals, f_func, f_code; the generator is cleared.
 */
export function genClearFrame(g: u64, top: u64): void {
  const fr = g + GEN_FRAME;
  setGenState(g, GEN_CLEARED);
  // a frame object a traceback still holds takes the frame's data over (no f_back: a suspended generator's frame has no caller)
  if (frameEnds(fr, top - fr, 0, 0)) {
    for (let p = fr; p < top; p += 8) poke64(p, 0);
    return;
  }
  const previous = beginCategory(CAT_MUTATOR);
  for (let p = fr + (HEADER << 3); p < top; p += 8) {
    const v = heapLoad64(p);
    poke64(p, 0);
    xdecref(v);
  }
  const locals = heapLoad64(fr + W_LOCALS);
  const func = heapLoad64(fr + W_FUNC);
  const code = heapLoad64(fr + W_CODE);
  endCategory(previous);
  for (let w: u64 = 0; w < HEADER; w++) poke64(fr + (w << 3), 0);
  xdecref(locals);
  xdecref(func);
  xdecref(code);
}

/** gen_traverse: code, name, qualname, and an uncleared frame's f_locals, f_func, f_code, locals and stack. */
export function genTraverse(g: u64): void {
  gcVisit(heapLoad64(g + GEN_CODE));
  gcVisit(heapLoad64(g + GEN_NAME));
  gcVisit(heapLoad64(g + GEN_QUALNAME));
  if (genState(g) == GEN_CLEARED) return;
  const fr = g + GEN_FRAME;
  gcVisit(heapLoad64(fr + W_LOCALS));
  gcVisit(heapLoad64(fr + W_FUNC));
  gcVisit(heapLoad64(fr + W_CODE));
  const top = genTop(g);
  for (let p = fr + (HEADER << 3); p < top; p += 8) gcVisit(heapLoad64(p));
}

/** The address above a suspended generator's value stack. */
export function genTop(g: u64): u64 {
  const fr = g + GEN_FRAME;
  return fr + ((HEADER + peek64(fr + W_STACKTOP)) << 3);
}

/** next(g): set by the eval loop (a nested run of the generator's frame). */
export let genResume: (g: u64) => u64 = noResume;
function noResume(g: u64): u64 { return 0; }
export function setGenResume(f: (g: u64) => u64): void { genResume = f; }

/** gen_send_ex(gen, None, exc=1) with an exception (GeneratorExit) pending: set by the eval loop. */
export let genThrowExit: (g: u64) => u64 = noResume;
/** _PyGen_yf: the subiterator a generator stopped in `yield from` delegates to (borrowed), or 0: set by the eval loop. */
export let genYieldFrom: (g: u64) => u64 = noResume;
export function setGenThrowExit(f: (g: u64) => u64, yf: (g: u64) => u64): void { genThrowExit = f; genYieldFrom = yf; }

/**
 * gen_close: a generator stopped in `yield from` closes its subiterator
 * first (gen_close_iter: a generator's gen_close; the subset's other
 * iterators have no close method), marked executing meanwhile; then
 * GeneratorExit, or what closing the subiterator raised, is thrown in where
 * the generator stopped, so its finally blocks and handlers run. True when
 * it ended so (a StopIteration or GeneratorExit escaping is cleared), false
 * with the exception pending: one that escaped, or "generator ignored
 * GeneratorExit" for a value it still yields.
 */
export function genClose(g: u64): bool {
  const yf = genYieldFrom(g);
  let closed = true;
  if (yf != 0) {
    incref(yf);
    const state = genState(g);
    setGenState(g, GEN_EXECUTING);
    if (typeOf(yf) == T_GEN) closed = genClose(yf);
    setGenState(g, state);
    decref(yf);
  }
  if (closed) raise(EX_GENEXIT, "");
  const v = genThrowExit(g);
  if (v != 0) { decref(v); raise(EX_RUNTIME, "generator ignored GeneratorExit"); return false; }
  if (excType == EX_GENEXIT || excType == EX_STOPITER || excType == EX_NONE) { clearException(); return true; }
  return false;
}

/**
 * _PyGen_Finalize (tp_finalize, from gen_dealloc or the collector): a
 * generator not run to its end is closed (gen_close). What then escapes is
 * dropped (CPython prints it as unraisable: not modelled). The caller saves
 * and restores the exception pending.
 */
export function genFinalize(g: u64): void {
  if (genState(g) == GEN_CLEARED) return;
  genClose(g);
  clearException();
}

/** tp_iternext of generators: the next value, or 0 (exhausted, or an exception is set). */
export function genNext(g: u64): u64 {
  return genResume(g);
}

/** PyObject_Call from C code (eval.ts callObject): callable(*argv), n borrowed arguments in linear memory; a new reference or 0. */
export let callObjectFn: (callable: u64, argv: usize, n: u32) => u64 = noCall;
function noCall(callable: u64, argv: usize, n: u32): u64 { return 0; }
export function setCallObject(f: (callable: u64, argv: usize, n: u32) => u64): void { callObjectFn = f; }

const oneArg = memory.data(16);

/** PyObject_CallOneArg(callable, a). */
export function callOneArg(callable: u64, a: u64): u64 {
  store<u64>(oneArg, a);
  return callObjectFn(callable, oneArg, 1);
}

function cellGenDealloc(o: u64, t: i32): void {
  if (t == T_CELL) {
    gcUntrack(o);
    const previous = beginCategory(CAT_MUTATOR);
    const v = heapLoad64(o + CELL_REF);
    endCategory(previous);
    xdecref(v);
    freeGcObject(o, GC_HEAD);
    return;
  }
  if (t == T_GEN) {
    gcUntrack(o);
    if (finalizeFromDealloc(o, t)) return; // (PyObject_CallFinalizerFromDealloc: closed first; resurrected by it)
    if (genState(o) != GEN_CLEARED) genClearFrame(o, genTop(o));
    const previous = beginCategory(CAT_MUTATOR);
    const code = heapLoad64(o + GEN_CODE), name = heapLoad64(o + GEN_NAME), qualname = heapLoad64(o + GEN_QUALNAME);
    endCategory(previous);
    xdecref(code);
    xdecref(name);
    xdecref(qualname);
    freeGcObject(o, GC_HEAD);
    return;
  }
  if (t == T_FRAME || t == T_TRACEBACK) { frameTypesDealloc(o, t); return; }
  extDealloc(o, t);
}

/** Install the deallocation of cells and generators (after objs.ts's installExtensionTypes). */
export function installCellGen(): void {
  setExtensionDealloc(cellGenDealloc);
}
