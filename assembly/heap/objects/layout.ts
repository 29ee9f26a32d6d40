// Where the emulated interpreter keeps its objects and static data, and the
// byte layout of every object type, as CPython 3.11 lays them out on 64-bit
// (Include/object.h, cpython/*object.h). docs/heap.md, "Objects".
//
// The interpreter's static data (type objects, the singletons, free-list
// state, the GC generations, the thread state, the root slots) and the frame
// data stack take the last 8 MiB of the runtime region; the system
// allocator's chunks grow up to them (rawmalloc.ts).

import { RUNTIME_BASE, RUNTIME_BYTES } from "../memory";

// ---- regions ----------------------------------------------------------------

export const INTERPRETER_DATA: u64 = RUNTIME_BASE + RUNTIME_BYTES - (8 << 20);
/** Type objects, TYPE_OBJECT_SIZE apart (PyHeapTypeObject is 888 bytes in 3.11). */
export const TYPES: u64 = INTERPRETER_DATA;
export const TYPE_OBJECT_SIZE: u64 = 1024;
export const MAX_TYPES: u32 = 256;
/** Statically allocated objects: None, True, False, small ints, the empty tuple, 1-character strings and bytes. */
export const STATICS: u64 = TYPES + <u64>MAX_TYPES * TYPE_OBJECT_SIZE;
const STATICS_BYTES: u64 = 64 << 10;
/** The interpreter state: free lists, GC generations, thread state. */
export const STATE: u64 = STATICS + STATICS_BYTES;
const STATE_BYTES: u64 = 64 << 10;
/** Root slots: names the host binds objects to (8 bytes each, like a frame's fast locals). */
export const ROOTS: u64 = STATE + STATE_BYTES;
export const MAX_ROOTS: u32 = 65536;
/** The frame data stack: 16 KiB chunks pushed and popped in stack order (_PyThreadState_PushFrame). */
export const DATASTACK: u64 = ROOTS + (<u64>MAX_ROOTS << 3);
export const DATASTACK_BYTES: u64 = 4 << 20;
export const INTERPRETER_DATA_END: u64 = DATASTACK + DATASTACK_BYTES;

// ---- statics ----------------------------------------------------------------

export const NONE: u64 = STATICS; // PyObject, 16 bytes
export const FALSE: u64 = STATICS + 0x20; // PyLongObject with one digit, 28 bytes
export const TRUE: u64 = STATICS + 0x40;
/** The empty tuple (3.11 keeps it statically, with its GC head in front). */
export const EMPTY_TUPLE: u64 = STATICS + 0x70;
export const SMALL_INT_MIN: i64 = -5;
export const SMALL_INT_MAX: i64 = 256;
const SMALL_INTS: u64 = STATICS + 0x100; // 262 x 32 bytes
/** '' and the 256 one-character latin-1 strings (_Py_SINGLETON(strings)), 80 bytes apart. */
export const EMPTY_STR: u64 = STATICS + 0x2200;
const LATIN1_CHARS: u64 = EMPTY_STR + 80;
/** b'' and the 256 one-byte bytes objects (_Py_SINGLETON(bytes_characters)), 48 bytes apart. */
export const EMPTY_BYTES: u64 = STATICS + 0x7400;
const BYTE_CHARS: u64 = EMPTY_BYTES + 48;
/** Py_EMPTY_KEYS: the keys object every empty dict shares. */
export const EMPTY_KEYS: u64 = STATICS + 0xA500;
/** The set's dummy key (a deleted entry's marker). */
export const SET_DUMMY: u64 = STATICS + 0xA600;

// @ts-ignore: decorator
@inline export function smallInt(v: i64): u64 {
  return SMALL_INTS + (<u64>(v - SMALL_INT_MIN) << 5);
}

// @ts-ignore: decorator
@inline export function latin1Char(c: u32): u64 {
  return LATIN1_CHARS + <u64>c * 80;
}

// @ts-ignore: decorator
@inline export function byteChar(c: u32): u64 {
  return BYTE_CHARS + <u64>c * 48;
}

export function isStatic(o: u64): bool {
  return o >= STATICS && o < STATICS + STATICS_BYTES;
}

// ---- interpreter state (STATE) ------------------------------------------------

export const S_FLOAT_NUMFREE: u64 = STATE + 0x00; // struct _Py_float_state
export const S_FLOAT_FREE_LIST: u64 = STATE + 0x08;
export const S_LIST_NUMFREE: u64 = STATE + 0x10;
export const S_DICT_NUMFREE: u64 = STATE + 0x18;
export const S_KEYS_NUMFREE: u64 = STATE + 0x20;
export const S_TRASH_NESTING: u64 = STATE + 0x28; // tstate->trash.delete_nesting
export const S_TRASH_LATER: u64 = STATE + 0x30; // tstate->trash.delete_later
export const S_DATASTACK_CHUNK: u64 = STATE + 0x38; // tstate->datastack_chunk
export const S_DATASTACK_TOP: u64 = STATE + 0x40;
export const S_DATASTACK_LIMIT: u64 = STATE + 0x48;
export const S_DICT_GLOBAL_VERSION: u64 = STATE + 0x50; // interp->dict_state.global_version (DICT_NEXT_VERSION)
/** struct _gc_runtime_state's generations: 3 x {PyGC_Head head (16), threshold (4), count (4)}. */
export const S_GC_GENERATIONS: u64 = STATE + 0x80;
export const GC_GENERATION_SIZE: u64 = 24;
/** The rest of struct _gc_runtime_state (Include/internal/pycore_gc.h), and memsim's log of collections. */
export const S_GC_PERMANENT: u64 = STATE + 0x1000; // permanent_generation: {head (16), threshold (4), count (4)}
export const S_GC_ENABLED: u64 = STATE + 0x1018; // int enabled, int debug
export const S_GC_DEBUG: u64 = STATE + 0x101C;
export const S_GC_COLLECTING: u64 = STATE + 0x1020; // int collecting
export const S_GC_LONG_LIVED_TOTAL: u64 = STATE + 0x1028;
export const S_GC_LONG_LIVED_PENDING: u64 = STATE + 0x1030;
export const S_GC_STATS: u64 = STATE + 0x1040; // generation_stats[3]: {collections, collected, uncollectable} (8 each)
/** Scratch list heads of a collection (gc_collect_main's locals: unreachable, finalizers, seen, still unreachable). */
export const S_GC_SCRATCH: u64 = STATE + 0x1100;
export const S_TUPLE_FREE_LISTS: u64 = STATE + 0x100; // PyTupleObject *free_list[20]
export const S_TUPLE_NUMFREE: u64 = STATE + 0x200; // int numfree[20]
export const S_LIST_FREE_LIST: u64 = STATE + 0x400; // PyListObject *free_list[80]
export const S_DICT_FREE_LIST: u64 = STATE + 0x800;
export const S_KEYS_FREE_LIST: u64 = STATE + 0xC00;

// ---- object layouts -----------------------------------------------------------

// PyObject and PyVarObject
export const OB_REFCNT: u64 = 0;
export const OB_TYPE: u64 = 8;
export const OB_SIZE: u64 = 16;
/** PyGC_Head, in front of GC-tracked objects: gc_next, gc_prev. */
export const GC_HEAD: u64 = 16;
export const GC_NEXT: u64 = 0;
export const GC_PREV: u64 = 8;
/** 3.11 managed dict: two more pointers in front of the GC head (dict at -24, values at -32). */
export const MANAGED_DICT: u64 = 24;
export const MANAGED_VALUES: u64 = 32;

// PyLongObject: ob_size = sign x digits, then 30-bit digits in uint32s
export const LONG_DIGITS: u64 = 24;
export const PYLONG_SHIFT: u32 = 30;
export const PYLONG_MASK: u32 = (1 << 30) - 1;
// PyFloatObject
export const FLOAT_VALUE: u64 = 16;
export const FLOAT_SIZE: u64 = 24;
// PyASCIIObject / PyCompactUnicodeObject (their sizes are the profile's: asciiObjectSize, compactUnicodeSize)
export const STR_LENGTH: u64 = 16;
export const STR_HASH: u64 = 24;
export const STR_STATE: u64 = 32; // interned:2 kind:3 compact:1 ascii:1 ready:1 (3.12: statically_allocated:1)
// PyBytesObject
export const BYTES_HASH: u64 = 24;
export const BYTES_DATA: u64 = 32;
// PyTupleObject
export const TUPLE_ITEMS: u64 = 24;
// PyListObject
export const LIST_ITEMS: u64 = 24;
export const LIST_ALLOCATED: u64 = 32;
export const LIST_SIZE: u64 = 40;
// PyDictObject
export const DICT_USED: u64 = 16;
export const DICT_VERSION: u64 = 24;
export const DICT_KEYS: u64 = 32;
export const DICT_VALUES: u64 = 40;
export const DICT_SIZE: u64 = 48;
// PyDictKeysObject (not an object: no header)
export const DK_REFCNT: u64 = 0;
export const DK_LOG2_SIZE: u64 = 8;
export const DK_LOG2_INDEX_BYTES: u64 = 9;
export const DK_KIND: u64 = 10;
export const DK_VERSION: u64 = 12;
export const DK_USABLE: u64 = 16;
export const DK_NENTRIES: u64 = 24;
export const DK_INDICES: u64 = 32;
export const DICT_KEYS_GENERAL: u32 = 0;
export const DICT_KEYS_UNICODE: u32 = 1;
export const DICT_KEYS_SPLIT: u32 = 2;
// PySetObject
export const SET_FILL: u64 = 16;
export const SET_USED: u64 = 24;
export const SET_MASK: u64 = 32;
export const SET_TABLE: u64 = 40;
export const SET_HASH: u64 = 48;
export const SET_FINGER: u64 = 56;
export const SET_SMALLTABLE: u64 = 64;
export const SET_MINSIZE: u64 = 8;
export const SET_SIZE: u64 = 200;
// Instances of plain classes: tp_basicsize is the profile's instanceSize
// PyFunctionObject (tp_basicsize: the profile's functionSize) and PyCodeObject (184 + 2 per code unit)
export const FUNC_CODE: u64 = 16;
export const FUNC_GLOBALS: u64 = 24;
export const FUNC_NAME: u64 = 48;
export const FUNC_DEFAULTS: u64 = 64;
/** func_kwdefaults: the keyword-only parameters' defaults (a dict), or 0. */
export const FUNC_KWDEFAULTS: u64 = 56;
export const CODE_CONSTS: u64 = 24;
export const CODE_NAMES: u64 = 32;
export const CODE_SIZE: u64 = 184;
// PyTypeObject (408 bytes in 3.11) and PyHeapTypeObject (904): the fields memsim reads or writes
export const TP_NAME: u64 = 24;
export const TP_BASICSIZE: u64 = 32;
export const TP_ITEMSIZE: u64 = 40;
export const TP_DEALLOC: u64 = 48;
export const TP_FLAGS: u64 = 168;
export const TP_WEAKLISTOFFSET: u64 = 208;
export const TP_BASE: u64 = 256;
export const TP_DICT: u64 = 264;
export const TP_DICTOFFSET: u64 = 288;
export const TP_BASES: u64 = 336;
export const TP_MRO: u64 = 344;
export const TP_CACHE: u64 = 352;
export const TP_SUBCLASSES: u64 = 360;
/** The head of the type's list of weak references (tp_weaklistoffset of `type` points here). */
export const TP_WEAKLIST: u64 = 368;
/** tp_version_tag: memsim keeps a heap type's type number in it (read without cost: typeNumber). */
export const TP_VERSION_TAG: u64 = 384;
export const HT_NAME: u64 = 848;
export const HT_SLOTS: u64 = 856;
export const HT_QUALNAME: u64 = 864;
/** PyHeapTypeObject's ht_cached_keys: the shared keys of the class's instances. */
export const HT_CACHED_KEYS: u64 = 872;
export const HT_MODULE: u64 = 880;
/** sizeof(PyTypeObject) and sizeof(PyHeapTypeObject) (type.__basicsize__), and type's tp_itemsize (a PyMemberDef per __slots__ name). */
export const STATIC_TYPE_SIZE: u64 = 408;
export const HEAP_TYPE_SIZE: u64 = 904;
export const HEAP_TYPE_ITEMSIZE: u64 = 40;
// tp_flags bits
export const TPF_MANAGED_DICT: u64 = 1 << 4;
export const TPF_HEAPTYPE: u64 = 1 << 9;
export const TPF_BASETYPE: u64 = 1 << 10;
export const TPF_READY: u64 = 1 << 12;
export const TPF_HAVE_GC: u64 = 1 << 14;
export const TPF_BASE_EXC_SUBCLASS: u64 = 1 << 30;

// ---- the profile's object sizes (memsim py --python; docs/gc.md, "Profiles") ----
//
// Where CPython 3.12 lays an object out differently from 3.11, the size is a
// setting of the heap, not a second copy of the code: heapSetObjectLayouts
// picks 3.11's or 3.12's (3.13 keeps 3.12's for these objects). Each
// allocation, sys.getsizeof and therefore pymalloc's size classes follow it.

/** The CPython minor version whose sizes are in force: 11 or 12. */
let layoutMinor: i32 = 11;

/**
 * sizeof(PyASCIIObject): the header of an ASCII str, its characters right
 * after. 3.11: 48 (Include/cpython/unicodeobject.h: ob_base, length, hash,
 * state, wchar_t *wstr); 3.12: 40 (PEP 623 removed wstr).
 */
export let asciiObjectSize: u64 = 48;
/**
 * sizeof(PyCompactUnicodeObject): the header of any other str. 3.11: 72
 * (PyASCIIObject, utf8_length, utf8, wstr_length); 3.12: 56 (PEP 623 removed
 * wstr_length; Include/cpython/unicodeobject.h).
 */
export let compactUnicodeSize: u64 = 72;
/**
 * tp_basicsize of a plain class's instances. 3.11: 24, the header and the
 * __weakref__ slot (Objects/typeobject.c, type_new_descriptors adds
 * tp_weaklistoffset after the base); 3.12: 16, the weakref list moved into
 * the pre-header (Py_TPFLAGS_MANAGED_WEAKREF, Include/internal/pycore_object.h:
 * _PyObject_GET_WEAKREFS_LISTPTR at -4 words), whose size stays 2 words.
 */
export let instanceSize: u64 = 24;
/**
 * sizeof(PyFunctionObject). 3.11: 136; 3.12: 144, PEP 695's func_typeparams
 * after func_annotations (Include/cpython/funcobject.h).
 */
export let functionSize: u64 = 136;

/** Whether str objects carry 3.11's wstr pointer (and, compact, wstr_length). */
// @ts-ignore: decorator
@inline export function strHasWstr(): bool {
  return layoutMinor == 11;
}

export function objectLayouts(): i32 {
  return layoutMinor;
}

/** Take CPython 3.`minor`'s sizes (11 or 12); false for another version. */
export function setObjectLayouts(minor: i32): bool {
  if (minor != 11 && minor != 12) return false;
  layoutMinor = minor;
  const v312 = minor == 12;
  asciiObjectSize = v312 ? 40 : 48;
  compactUnicodeSize = v312 ? 56 : 72;
  instanceSize = v312 ? 16 : 24;
  functionSize = v312 ? 144 : 136;
  return true;
}
