// Function and code objects, as the front end needs them (Objects/funcobject.c,
// codeobject.c): a function (136 bytes, 144 in 3.12, + GC head) references its code, its
// globals, its name and its defaults; a code object (184 bytes + 2 per code
// unit, not tracked) references its constants and names.

import { heapLoad64, heapStore64, beginCategory, endCategory, CAT_ALLOC } from "../memory";
import { OB_SIZE, GC_HEAD, FUNC_CODE, FUNC_GLOBALS, FUNC_NAME, FUNC_DEFAULTS, FUNC_KWDEFAULTS, functionSize, CODE_CONSTS, CODE_NAMES, CODE_SIZE } from "./layout";
import { newObject, newGcObject, freeGcObject, freeObject, gcTrack, gcUntrack, xincref, xdecref } from "./object";
import { T_FUNCTION, T_CODE } from "./types";

/** A code object of `units` code units referencing `consts` and `names` (tuples or 0); a new reference, or 0. */
export function codeNew(units: u64, consts: u64, names: u64): u64 {
  const c = newObject(T_CODE, codeBytes(units));
  if (c == 0) return 0;
  const previous = beginCategory(CAT_ALLOC);
  heapStore64(c + OB_SIZE, units);
  for (let p: u64 = CODE_CONSTS; p < CODE_SIZE; p += 8) heapStore64(c + p, 0);
  xincref(consts);
  xincref(names);
  heapStore64(c + CODE_CONSTS, consts);
  heapStore64(c + CODE_NAMES, names);
  endCategory(previous);
  return c;
}

/** _PyObject_VAR_SIZE(&PyCode_Type, units): 184 + 2 per code unit, rounded up to 8. */
export function codeBytes(units: u64): u64 {
  return (CODE_SIZE + (units << 1) + 7) & ~(<u64>7);
}

export function codeDealloc(c: u64): void {
  xdecref(heapLoad64(c + CODE_CONSTS));
  xdecref(heapLoad64(c + CODE_NAMES));
  freeObject(c);
}

/** PyFunction_New: a function of `code` with `globals`, `name` and `defaults` (0 for none); a new reference, or 0. */
export function functionNew(code: u64, globals: u64, name: u64, defaults: u64): u64 {
  const previous = beginCategory(CAT_ALLOC);
  const f = newGcObject(T_FUNCTION, functionSize, GC_HEAD);
  if (f != 0) {
    for (let p: u64 = FUNC_CODE; p < functionSize; p += 8) heapStore64(f + p, 0);
    xincref(code); xincref(globals); xincref(name); xincref(defaults);
    heapStore64(f + FUNC_CODE, code);
    heapStore64(f + FUNC_GLOBALS, globals);
    heapStore64(f + FUNC_NAME, name);
    heapStore64(f + FUNC_DEFAULTS, defaults);
    gcTrack(f);
  }
  endCategory(previous);
  return f;
}

/** func_closure (3.11's offset): a tuple of cells, or 0; set by MAKE_FUNCTION (assembly/python/eval.ts). */
export const FUNC_CLOSURE: u64 = 72;
/** func_annotations (3.11's offset): a dict, or 0; made empty when first read (func_get_annotations: classmethod's functools_wraps). */
export const FUNC_ANNOTATIONS: u64 = 112;

export function functionDealloc(f: u64): void {
  gcUntrack(f);
  xdecref(heapLoad64(f + FUNC_CODE));
  xdecref(heapLoad64(f + FUNC_GLOBALS));
  xdecref(heapLoad64(f + FUNC_NAME));
  xdecref(heapLoad64(f + FUNC_DEFAULTS));
  xdecref(heapLoad64(f + FUNC_KWDEFAULTS));
  xdecref(heapLoad64(f + FUNC_CLOSURE));
  xdecref(heapLoad64(f + FUNC_ANNOTATIONS));
  freeGcObject(f, GC_HEAD);
}
