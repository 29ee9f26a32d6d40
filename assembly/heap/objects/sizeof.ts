// sys.getsizeof of the object layer's types: each type's __sizeof__ plus the
// pre-header _PySys_GetSizeOf adds (Python/sysmodule.c: the GC head, and for
// instances with a managed dict the two words before it). The sizes that
// differ between CPython versions come from the profile (layout.ts).

import { peek64 } from "../memory";
import { OB_SIZE, GC_HEAD, functionSize, TP_FLAGS, TPF_HEAPTYPE, HT_CACHED_KEYS, HEAP_TYPE_SIZE, STATIC_TYPE_SIZE } from "./layout";
import { T_NONE, T_BOOL, T_INT, T_FLOAT, T_STR, T_BYTES, T_TUPLE, T_LIST, T_DICT, T_SET, T_FROZENSET, T_FUNCTION, T_CODE, T_TYPE, T_FIRST_CLASS, isGcType } from "./types";
import { typeOf } from "./object";
import { intSizeof } from "./int";
import { strSizeof, bytesSizeof } from "./str";
import { tupleLength } from "./tuple";
import { listAllocated } from "./list";
import { dictSizeof } from "./dict";
import { setSizeof } from "./set";
import { instanceSizeof, CACHED_KEYS_BYTES } from "./instance";
import { codeBytes } from "./function";

/** sys.getsizeof(o) for the object layer's types and instances (no cost); 16 for another type. */
export function objectSizeof(o: u64): u64 {
  const t = typeOf(o);
  let size: u64 = 0;
  switch (t) {
    case T_NONE: size = 16; break;
    case T_INT: case T_BOOL: size = intSizeof(o); break;
    case T_FLOAT: size = 24; break;
    case T_STR: size = strSizeof(o); break;
    case T_BYTES: size = bytesSizeof(o); break;
    case T_TUPLE: size = 24 + (tupleLength(o) << 3); break;
    case T_LIST: size = 40 + (listAllocated(o) << 3); break;
    case T_DICT: size = dictSizeof(o); break;
    case T_SET: case T_FROZENSET: size = setSizeof(o); break;
    case T_FUNCTION: size = functionSize; break;
    case T_CODE: size = codeBytes(peek64(o + OB_SIZE)); break;
    // type.__sizeof__: PyHeapTypeObject and its cached keys, or PyTypeObject; _PySys_GetSizeOf adds the GC head
    // for every type object (type has Py_TPFLAGS_HAVE_GC), a static one too
    case T_TYPE:
      if ((peek64(o + TP_FLAGS) & TPF_HEAPTYPE) == 0) return STATIC_TYPE_SIZE + GC_HEAD;
      return HEAP_TYPE_SIZE + (peek64(o + HT_CACHED_KEYS) != 0 ? CACHED_KEYS_BYTES : 0) + GC_HEAD;
    default: return t >= T_FIRST_CLASS ? instanceSizeof(o) : 16;
  }
  if (isGcType(t)) size += GC_HEAD;
  return size;
}
