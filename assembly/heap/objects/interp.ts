// The emulated interpreter's start-up state (the static objects, type
// objects, empty free lists and GC lists), its root slots, its frame data
// stack, and the check that an address the host passes is a live object.

import { heapLoad64, heapStore64, peek64, poke64, linear, clearRuntime, arenaAddress, arenaCapacity, ARENA_BASE, ARENA_SIZE, RUNTIME_BASE, RUNTIME_BYTES, beginCategory, endCategory, CAT_ALLOC, CAT_FREE, CAT_MUTATOR } from "../memory";
import { reserveZeroed } from "../../layout";
import { MMAP_BASE, MMAP_BYTES_MAX } from "../mmap";
import {
  TYPES, DATASTACK, DATASTACK_BYTES, ROOTS,
  OB_REFCNT, OB_TYPE, OB_SIZE, LONG_DIGITS, NONE, FALSE, TRUE, EMPTY_TUPLE, SET_DUMMY,
  SMALL_INT_MIN, SMALL_INT_MAX, smallInt, isStatic, EMPTY_STR, EMPTY_BYTES, latin1Char, byteChar,
  S_DATASTACK_CHUNK, S_DATASTACK_TOP, S_DATASTACK_LIMIT, TP_WEAKLISTOFFSET, TP_WEAKLIST,
  setObjectLayouts,
} from "./layout";
import { typeObject, typeNumber, T_NONE, T_BOOL, T_INT, T_TUPLE, T_OBJECT, T_TYPE, T_FIRST_CLASS, resetTypeNumbers, classNumbersEnd, reserveTypeTables } from "./types";
import { xincref, xdecref, resetTrashDepth, setImmortalObjects, immortalObjects, IMMORTAL_REFCNT } from "./object";
import { initGc } from "./gc";
import { setFreeLists, FL_ALL } from "./freelists";
import { initStaticStrings, STATIC_REFCNT } from "./str";
import { initEmptyKeys } from "./dict";


function staticObject(o: u64, t: i32): void {
  poke64(o + OB_REFCNT, STATIC_REFCNT);
  poke64(o + OB_TYPE, typeObject(t));
}

function staticLong(o: u64, t: i32, v: i64): void {
  staticObject(o, t);
  poke64(o + OB_SIZE, <u64>(v < 0 ? -1 : v > 0 ? 1 : 0));
  poke64(o + LONG_DIGITS, <u64>(v < 0 ? -v : v));
}

/** A fresh interpreter's object state (no cost: it is there before the program runs); false when the live map does not fit. */
export function initObjects(): bool {
  if (!reserveLiveMap() || !reserveTypeTables()) return false;
  clearRuntime(linear(TYPES), <usize>(DATASTACK - TYPES));
  for (let t = 0; t < T_FIRST_CLASS; t++) staticObject(typeObject(t), T_TYPE);
  poke64(typeObject(T_TYPE) + TP_WEAKLISTOFFSET, TP_WEAKLIST); // type objects' weak references: a class's tp_weaklist
  staticObject(NONE, T_NONE);
  staticLong(FALSE, T_BOOL, 0);
  staticLong(TRUE, T_BOOL, 1);
  for (let v = SMALL_INT_MIN; v <= SMALL_INT_MAX; v++) staticLong(smallInt(v), T_INT, v);
  staticObject(EMPTY_TUPLE, T_TUPLE);
  staticObject(SET_DUMMY, T_OBJECT);
  setObjectLayouts(11);
  initStaticStrings();
  setImmortalObjects(false);
  initEmptyKeys();
  initGc();
  resetTypeNumbers();
  resetTrashDepth();
  setFreeLists(FL_ALL);
  chunks = 0;
  return true;
}

/**
 * The --python profiles' object sizes: CPython 3.`minor`'s (11 or 12;
 * layout.ts), the static strs rewritten in them (no cost: the interpreter's
 * state before the program runs). False for another version.
 */
export function useObjectLayouts(minor: i32): bool {
  if (!setObjectLayouts(minor)) return false;
  initStaticStrings();
  makeStaticsImmortal(immortalObjects());
  return true;
}

/**
 * The --python 3.12 / 3.13 profiles: the statics (type objects, None, True,
 * False, the small ints, the empty tuple, the one-character strs and bytes)
 * become immortal (their count IMMORTAL_REFCNT), or mortal again (no cost:
 * the interpreter's state before the program runs).
 */
export function makeStaticsImmortal(on: bool): void {
  setImmortalObjects(on);
  const n = on ? IMMORTAL_REFCNT : STATIC_REFCNT;
  for (let t = 0; t < T_FIRST_CLASS; t++) poke64(typeObject(t) + OB_REFCNT, n);
  poke64(NONE + OB_REFCNT, n);
  poke64(FALSE + OB_REFCNT, n);
  poke64(TRUE + OB_REFCNT, n);
  for (let v = SMALL_INT_MIN; v <= SMALL_INT_MAX; v++) poke64(smallInt(v) + OB_REFCNT, n);
  poke64(EMPTY_TUPLE + OB_REFCNT, n);
  poke64(SET_DUMMY + OB_REFCNT, n);
  poke64(EMPTY_STR + OB_REFCNT, n);
  poke64(EMPTY_BYTES + OB_REFCNT, n);
  for (let c: u32 = 0; c < 256; c++) {
    poke64(latin1Char(c) + OB_REFCNT, n);
    poke64(byteChar(c) + OB_REFCNT, n);
  }
}

// ---- root slots -------------------------------------------------------------

// @ts-ignore: decorator
@inline function rootSlot(i: u32): u64 {
  return ROOTS + (<u64>i << 3);
}

/** Bind root slot `i` to `o` (0 unbinds): a reference to the new object, the old one released. */
export function rootSet(i: u32, o: u64): void {
  xincref(o);
  const previous = beginCategory(CAT_MUTATOR);
  const old = heapLoad64(rootSlot(i));
  heapStore64(rootSlot(i), o);
  endCategory(previous);
  xdecref(old);
}

/** The object bound to root slot `i`, or 0 (no cost). */
export function rootGet(i: u32): u64 {
  return peek64(rootSlot(i));
}

// ---- the frame data stack (_PyThreadState_PushFrame / PopFrame) ----------------

const CHUNK_SIZE: u64 = 16 << 10; // DATA_STACK_CHUNK_SIZE
const CHUNK_HEADER: u64 = 24; // previous, size, top
const MINIMUM_OVERHEAD: u64 = 1000; // words
let chunks: u32 = 0;

/**
 * Push a frame of `words` 8-byte words (code->co_framesize): bump the data
 * stack top, or push a new chunk (16 KiB, doubled until it holds the frame
 * plus 1000 words). Chunks come from mmap in CPython; here they stack in the
 * 4 MiB DATASTACK region (outside the heap limit). The frame's emulated
 * address, or 0 (MemoryError). `clear`: its words are zeroed by costed stores
 * (the objects ABI's frames, whose slots start empty); false, without cost:
 * the eval loop stores what CPython's frame set-up stores
 * (_PyFrame_InitializeSpecials, the locals' NULLs), and a value stack is
 * written before it is read.
 */
export function framePush(words: u64, clear: bool = true): u64 {
  const previous = beginCategory(CAT_ALLOC);
  const top = heapLoad64(S_DATASTACK_TOP);
  const limit = heapLoad64(S_DATASTACK_LIMIT);
  let frame: u64 = 0;
  if (top != 0 && top + (words << 3) <= limit) {
    frame = top;
    heapStore64(S_DATASTACK_TOP, top + (words << 3));
  } else {
    let size = CHUNK_SIZE;
    while (size < ((words + MINIMUM_OVERHEAD) << 3)) size <<= 1;
    const old = heapLoad64(S_DATASTACK_CHUNK);
    const chunk = old == 0 ? DATASTACK : old + peek64(old + 8);
    if (chunk + size <= DATASTACK + DATASTACK_BYTES) { // 4 MiB of chunks: a RecursionError at depth 1000 comes first
      heapStore64(chunk, old);
      heapStore64(chunk + 8, size);
      heapStore64(chunk + 16, 0);
      if (old != 0) heapStore64(old + 16, top - (old + CHUNK_HEADER));
      heapStore64(S_DATASTACK_CHUNK, chunk);
      heapStore64(S_DATASTACK_LIMIT, chunk + size);
      frame = chunk + CHUNK_HEADER + (old == 0 ? 8 : 0); // the root chunk is never popped: its first word is skipped
      heapStore64(S_DATASTACK_TOP, frame + (words << 3));
      chunks++;
    }
  }
  if (frame != 0) {
    if (clear) for (let i: u64 = 0; i < words; i++) heapStore64(frame + (i << 3), 0);
    else for (let i: u64 = 0; i < words; i++) poke64(frame + (i << 3), 0);
  }
  endCategory(previous);
  return frame;
}

/**
 * Pop the frame at `frame` (the top one): its slots released (the objects
 * ABI's frames), or (`release` false: the eval loop released what CPython
 * does, or a frame object took the slots over) cleared without cost; then
 * _PyThreadState_PopFrame: the chunk freed when it empties.
 */
export function framePop(frame: u64, release: bool = true): void {
  if (release) {
    const top = heapLoad64(S_DATASTACK_TOP);
    for (let p = frame; p < top; p += 8) xdecref(heapLoad64(p));
  } else {
    const top = peek64(S_DATASTACK_TOP);
    for (let p = frame; p < top; p += 8) poke64(p, 0);
  }
  const previous = beginCategory(CAT_FREE);
  const chunk = heapLoad64(S_DATASTACK_CHUNK);
  if (frame == chunk + CHUNK_HEADER) {
    const prev = heapLoad64(chunk);
    heapStore64(S_DATASTACK_TOP, prev + CHUNK_HEADER + heapLoad64(prev + 16));
    heapStore64(S_DATASTACK_CHUNK, prev);
    heapStore64(S_DATASTACK_LIMIT, prev + heapLoad64(prev + 8));
    chunks--;
  } else {
    heapStore64(S_DATASTACK_TOP, frame);
  }
  endCategory(previous);
}

/** The frame on top of the data stack holds `frame` .. top; whether `frame` is the top frame's start is the caller's to know. */
export function frameTop(): u64 {
  return peek64(S_DATASTACK_TOP);
}

/** Slot `i` of a frame: a reference to `o`, the old one released. */
export function frameSet(frame: u64, i: u64, o: u64): void {
  xincref(o);
  const previous = beginCategory(CAT_MUTATOR);
  const old = heapLoad64(frame + (i << 3));
  heapStore64(frame + (i << 3), o);
  endCategory(previous);
  xdecref(old);
}

// ---- which addresses are live objects (host bookkeeping, no cost) -----------------
//
// A bit per 16 bytes of the arenas and of the runtime region, set when an
// object is created (or taken off a free list) and cleared when it is
// deallocated, so the ABI can refuse a dangling address: a freed block's first
// word is pymalloc's free-list link, which would pass for a reference count.

let liveMap: usize = 0;
let runtimeBits: usize = 0; // where the runtime region's bits start
let mmapBits: usize = 0; // where the mmap region's bits start: 4 bits a page (an object there starts its chunk's first 64 bytes)

function liveBit(o: u64): usize {
  if (o >= MMAP_BASE) {
    const page = (o - MMAP_BASE) >> 12;
    const off = o & 4095;
    if (page >= (MMAP_BYTES_MAX >> 12) || off >= 64) return 0;
    return mmapBits + (<usize>page << 2) + <usize>(off >> 4) + 1;
  }
  if (o >= ARENA_BASE) {
    const i = <u32>((o - ARENA_BASE) >> 21);
    const off = o - arenaAddress(i);
    if (i >= arenaCapacity() || off >= ARENA_SIZE) return 0;
    return (<usize>i << 16) + <usize>(off >> 4) + 1;
  }
  if (o < RUNTIME_BASE || o >= RUNTIME_BASE + RUNTIME_BYTES) return 0;
  return runtimeBits + <usize>((o - RUNTIME_BASE) >> 4) + 1;
}

function reserveLiveMap(): bool {
  runtimeBits = <usize>arenaCapacity() << 16;
  mmapBits = runtimeBits + <usize>(RUNTIME_BYTES >> 4) + 1;
  const bits = mmapBits + <usize>(MMAP_BYTES_MAX >> 10) + 1;
  liveMap = reserveZeroed((bits + 7) >> 3);
  return liveMap != 0;
}

/** `o` became a live object (created, or taken off a free list). */
export function markLive(o: u64): void {
  const b = liveBit(o);
  if (b != 0) store<u8>(liveMap + (b >> 3), <u32>load<u8>(liveMap + (b >> 3)) | (<u32>1 << <u32>(b & 7)));
}

/** `o` is deallocated (freed or onto a free list). */
export function markDead(o: u64): void {
  const b = liveBit(o);
  if (b != 0) store<u8>(liveMap + (b >> 3), <u32>load<u8>(liveMap + (b >> 3)) & ~(<u32>1 << <u32>(b & 7)));
}

function isLive(o: u64): bool {
  const b = liveBit(o);
  return b != 0 && (<u32>load<u8>(liveMap + (b >> 3)) & (<u32>1 << <u32>(b & 7))) != 0;
}

// ---- argument checks ----------------------------------------------------------

/**
 * Whether `o` is a live object: a static object, or one created and not yet
 * deallocated, with a known type and a count above 0 (no cost).
 */
export function isObject(o: u64): bool {
  if ((o & 7) != 0) return false;
  if (!isStatic(o) && !isLive(o)) return false;
  const t = typeNumber(peek64(o + OB_TYPE));
  if (t < 0 || t == T_TYPE || (t >= T_FIRST_CLASS && t >= classNumbersEnd()) || (t > T_TYPE && t < T_FIRST_CLASS)) return false;
  return <i64>peek64(o + OB_REFCNT) > 0;
}

/** Whether `o` is a static object or a live one (created, not deallocated), whatever its type (no cost; the heap view). */
export function isLiveAddress(o: u64): bool {
  return (o & 7) == 0 && (isStatic(o) || isLive(o));
}
