// str and bytes (Objects/unicodeobject.c, bytesobject.c). A str is compact:
// PyASCIIObject (48 bytes, 40 in 3.12) + 1 byte per character when every
// character is ASCII, else PyCompactUnicodeObject (72 bytes, 56 in 3.12) + 1,
// 2 or 4 bytes per character (latin-1, UCS-2, UCS-4), each with a NUL after
// the last (layout.ts: asciiObjectSize, compactUnicodeSize). '' and the
// 256 one-character latin-1 strings are static singletons, as are b'' and the
// 256 one-byte bytes objects. The hash starts at -1 and is computed on first use.

import { heapLoad64, heapLoad32, heapLoad16, heapLoad8, heapStore64, peek64, peek32, poke64, linear, heapReadRange, heapWriteRange, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR } from "../memory";
import {
  OB_REFCNT, OB_TYPE, OB_SIZE, STR_LENGTH, STR_HASH, STR_STATE, asciiObjectSize, compactUnicodeSize, strHasWstr,
  BYTES_HASH, BYTES_DATA, EMPTY_STR, EMPTY_BYTES, latin1Char, byteChar,
} from "./layout";
import { newObject, incref } from "./object";
import { typeObject, T_STR, T_BYTES } from "./types";

// PyASCIIObject.state: interned (2 bits), kind (3), compact (1), ascii (1), ready (1)
const STATE_COMPACT: u32 = 1 << 5;
const STATE_ASCII: u32 = 1 << 6;
const STATE_READY: u32 = 1 << 7;

// @ts-ignore: decorator
@inline function stateOf(kind: u32, ascii: bool): u32 {
  return (kind << 2) | STATE_COMPACT | (ascii ? STATE_ASCII : 0) | STATE_READY;
}

/** Where a str's characters start (no cost). */
export function strData(o: u64): u64 {
  return (peek32(o + STR_STATE) & STATE_ASCII) != 0 ? o + asciiObjectSize : o + compactUnicodeSize;
}

/** Bytes per character: 1, 2 or 4 (no cost). */
export function strKind(o: u64): u32 {
  return (peek32(o + STR_STATE) >> 2) & 7;
}

/** The length in characters (no cost). */
export function strLength(o: u64): u64 {
  return peek64(o + STR_LENGTH);
}

/**
 * Store `n` bytes from linear memory at `src` to the emulated `dst` (8-byte
 * aligned) as memcpy does: 8-byte stores, the last one merging the bytes
 * after the end, which belong to the same block. Category: the caller's.
 */
export function storeBytes(dst: u64, src: usize, n: u64): void {
  let i: u64 = 0;
  for (; i + 8 <= n; i += 8) heapStore64(dst + i, load<u64>(src + <usize>i));
  if (i < n) {
    const keep = (n - i) << 3; // bits from the source
    const mask: u64 = (<u64>1 << keep) - 1;
    heapStore64(dst + i, (load<u64>(src + <usize>i) & mask) | (peek64(dst + i) & ~mask));
  }
}

/** PyUnicode_New(length, maxchar) for length >= 2 (or one non-latin-1 character): header written, data not. */
function unicodeNew(length: u64, kind: u32, ascii: bool): u64 {
  const header = ascii ? asciiObjectSize : compactUnicodeSize;
  const o = newObject(T_STR, header + (length + 1) * <u64>kind);
  if (o == 0) return 0;
  const previous = beginCategory(CAT_ALLOC);
  heapStore64(o + STR_LENGTH, length);
  heapStore64(o + STR_HASH, <u64>-1);
  heapStore64(o + STR_STATE, stateOf(kind, ascii));
  const wstr = strHasWstr();
  if (wstr) heapStore64(o + STR_STATE + 8, 0);
  if (!ascii) {
    heapStore64(o + asciiObjectSize, 0); // utf8_length
    heapStore64(o + asciiObjectSize + 8, 0); // utf8
    if (wstr) heapStore64(o + asciiObjectSize + 16, 0); // wstr_length
  }
  endCategory(previous);
  return o;
}

/**
 * A str of `n` code points given as u32s at linear address `src` (the buffer
 * is rewritten in place to the str's kind): a new reference, or 0.
 */
export function strFromCodePoints(src: usize, n: u64): u64 {
  let maxchar: u32 = 0;
  for (let i: u64 = 0; i < n; i++) maxchar = max(maxchar, load<u32>(src + (<usize>i << 2)));
  if (n == 0 || (n == 1 && maxchar < 256)) {
    const s = n == 0 ? EMPTY_STR : latin1Char(maxchar);
    incref(s);
    return s;
  }
  const kind: u32 = maxchar < 256 ? 1 : maxchar < 65536 ? 2 : 4;
  const o = unicodeNew(n, kind, maxchar < 128);
  if (o == 0) return 0;
  for (let i: u64 = 0; i < n; i++) {
    const c = load<u32>(src + (<usize>i << 2));
    if (kind == 1) store<u8>(src + <usize>i, <u8>c);
    else if (kind == 2) store<u16>(src + (<usize>i << 1), <u16>c);
  }
  if (kind == 4) store<u32>(src + (<usize>n << 2), 0);
  else if (kind == 2) store<u16>(src + (<usize>n << 1), 0);
  else store<u8>(src + <usize>n, 0);
  const previous = beginCategory(CAT_MUTATOR);
  storeBytes(strData(o), src, (n + 1) * <u64>kind); // the characters and the NUL
  endCategory(previous);
  return o;
}

/** str.__sizeof__ of a compact str: header + (length + 1) x kind. */
export function strSizeof(o: u64): u64 {
  const ascii = (peek32(o + STR_STATE) & STATE_ASCII) != 0;
  return (ascii ? asciiObjectSize : compactUnicodeSize) + (strLength(o) + 1) * <u64>strKind(o);
}

/** Code point `i` (no cost). */
export function peekChar(o: u64, i: u64): u32 {
  const kind = strKind(o);
  const p = strData(o) + i * <u64>kind;
  const word = peek64(p & ~(<u64>7)) >> ((p & 7) << 3);
  return kind == 1 ? <u32>(word & 0xff) : kind == 2 ? <u32>(word & 0xffff) : <u32>word;
}

/** Character `i` of a str as PyUnicode_READ reads it: one load of the character's size (costed, as the program's work). */
export function readChar(o: u64, i: u64): u32 {
  const kind = strKind(o);
  const p = strData(o) + i * <u64>kind;
  const previous = beginCategory(CAT_MUTATOR);
  const c = kind == 1 ? heapLoad8(p) : kind == 2 ? heapLoad16(p) : heapLoad32(p);
  endCategory(previous);
  return c;
}

/** The static strings and bytes: headers and characters (a fresh interpreter; no cost). */
export function initStaticStrings(): void {
  writeStaticStr(EMPTY_STR, 0, 0);
  for (let c: u32 = 0; c < 256; c++) writeStaticStr(latin1Char(c), 1, c);
  writeStaticBytes(EMPTY_BYTES, 0, 0);
  for (let c: u32 = 0; c < 256; c++) writeStaticBytes(byteChar(c), 1, c);
}

/** Static objects are never freed: their counts start high (CPython's are in the thousands after start-up). */
export const STATIC_REFCNT: u64 = 1 << 30;

function writeStaticStr(o: u64, length: u64, c: u32): void {
  const ascii = c < 128;
  poke64(o + OB_REFCNT, STATIC_REFCNT);
  poke64(o + OB_TYPE, typeObject(T_STR));
  poke64(o + STR_LENGTH, length);
  poke64(o + STR_HASH, <u64>-1);
  poke64(o + STR_STATE, stateOf(1, ascii));
  const wstr = strHasWstr();
  if (wstr) poke64(o + STR_STATE + 8, 0);
  if (!ascii) {
    poke64(o + asciiObjectSize, 0);
    poke64(o + asciiObjectSize + 8, 0);
    if (wstr) poke64(o + asciiObjectSize + 16, 0);
  }
  poke64(ascii ? o + asciiObjectSize : o + compactUnicodeSize, <u64>c); // the character (if any) and the NUL
}

function writeStaticBytes(o: u64, length: u64, c: u32): void {
  poke64(o + OB_REFCNT, STATIC_REFCNT);
  poke64(o + OB_TYPE, typeObject(T_BYTES));
  poke64(o + OB_SIZE, length);
  poke64(o + BYTES_HASH, <u64>-1);
  poke64(o + BYTES_DATA, <u64>c);
}

/** The shared b'' or one-byte bytes object, with a new reference. */
function byteSingleton(n: u64, c: u32): u64 {
  const b = n == 0 ? EMPTY_BYTES : byteChar(c);
  incref(b);
  return b;
}

/** _PyBytes_FromSize(n) for n >= 2: the header written (ob_shash -1), the bytes not; 0 on MemoryError. */
function bytesNew(n: u64): u64 {
  const o = newObject(T_BYTES, BYTES_DATA + n + 1);
  if (o == 0) return 0;
  const previous = beginCategory(CAT_ALLOC);
  heapStore64(o + OB_SIZE, n);
  heapStore64(o + BYTES_HASH, <u64>-1);
  endCategory(previous);
  return o;
}

/** PyBytes_FromStringAndSize: `n` bytes from linear address `src`; a new reference, or 0. */
export function bytesFrom(src: usize, n: u64): u64 {
  if (n <= 1) return byteSingleton(n, load<u8>(src));
  const o = bytesNew(n);
  if (o == 0) return 0;
  store<u8>(src + <usize>n, 0); // the NUL after the last byte
  const previous = beginCategory(CAT_MUTATOR);
  storeBytes(o + BYTES_DATA, src, n + 1);
  endCategory(previous);
  return o;
}

/** bytes.__sizeof__: 33 + length. */
export function bytesSizeof(o: u64): u64 {
  return BYTES_DATA + 1 + peek64(o + OB_SIZE);
}

/** The cached hash field (costed): -1 until computed. */
export function loadStrHash(o: u64): i64 {
  return <i64>heapLoad64(o + STR_HASH);
}

export function storeStrHash(o: u64, h: i64): void {
  heapStore64(o + STR_HASH, <u64>h);
}


/** The largest code point of a str (no cost: CPython keeps it in the kind and ascii bits; the data is read by the copy). */
function maxcharOf(o: u64): u32 {
  const kind = strKind(o);
  if ((peek32(o + STR_STATE) & STATE_ASCII) != 0) return 127;
  return kind == 1 ? 255 : kind == 2 ? 65535 : 0x10ffff;
}

/** a + b for two str (unicode_concat): PyUnicode_New(len, max maxchar), both copied in (converting kinds). */
export function strConcat(a: u64, b: u64): u64 {
  if (strLength(b) == 0) { incref(a); return a; }
  if (strLength(a) == 0) { incref(b); return b; }
  const parts = memory.data<u64>([0, 0]);
  store<u64>(parts, a);
  store<u64>(parts, b, 8);
  return strJoin(0, parts, 2, false);
}

/**
 * sep.join(parts) for `m` >= 1 str whose addresses are u64s at linear `parts`
 * (or, `inHeap`, at the emulated item array `parts`, each item a costed load,
 * as PyUnicode_Join reads a list's items): lengths and maxchar first, then one
 * PyUnicode_New and the copies. `sep` 0: no separator. A new reference, or 0.
 */
export function strJoin(sep: u64, parts: u64, m: u64, inHeap: bool): u64 {
  const ls = sep != 0 ? strLength(sep) : 0;
  let n = ls * (m - 1);
  let maxchar: u32 = sep != 0 && m > 1 ? maxcharOf(sep) : 0;
  for (let i: u64 = 0; i < m; i++) {
    const x = partAt(parts, i, inHeap);
    n += strLength(x);
    maxchar = max(maxchar, maxcharOf(x));
  }
  if (n == 0 || (n == 1 && maxchar < 256)) {
    const s = n == 0 ? EMPTY_STR : latin1Char(n == ls ? peekChar(sep, 0) : firstChar(parts, m, inHeap));
    incref(s);
    return s;
  }
  const kind: u32 = maxchar < 256 ? 1 : maxchar < 65536 ? 2 : 4;
  const o = unicodeNew(n, kind, maxchar < 128);
  if (o == 0) return 0;
  const previous = beginCategory(CAT_MUTATOR);
  const dst = strData(o);
  const out = linear(dst);
  let at: u64 = 0;
  for (let i: u64 = 0; i < m; i++) {
    if (i > 0 && ls != 0) at = copyChars(out, at, kind, sep, ls);
    const x = partAt(parts, i, inHeap);
    at = copyChars(out, at, kind, x, strLength(x));
  }
  if (kind == 1) store<u8>(out + <usize>n, 0);
  else if (kind == 2) store<u16>(out + (<usize>n << 1), 0);
  else store<u32>(out + (<usize>n << 2), 0);
  heapWriteRange(dst, (n + 1) * <u64>kind);
  endCategory(previous);
  return o;
}

// @ts-ignore: decorator
@inline function partAt(parts: u64, i: u64, inHeap: bool): u64 {
  return inHeap ? heapLoad64(parts + (i << 3)) : load<u64>(<usize>(parts + (i << 3)));
}

/** The one character of a join whose result has length 1 (no cost: the lengths were just read). */
function firstChar(parts: u64, m: u64, inHeap: bool): u32 {
  for (let i: u64 = 0; i < m; i++) {
    const x = inHeap ? peek64(parts + (i << 3)) : load<u64>(<usize>(parts + (i << 3)));
    if (strLength(x) != 0) return peekChar(x, 0);
  }
  return 0;
}

/** Copy `len` characters of `src` (read as words) to linear `out` at character `at`, in `kind`: the next position. */
function copyChars(out: usize, at: u64, kind: u32, src: u64, len: u64): u64 {
  const from = strKind(src);
  heapReadRange(strData(src), len * <u64>from);
  if (from == kind) {
    memory.copy(out + <usize>(at * <u64>kind), linear(strData(src)), <usize>(len * <u64>kind));
    return at + len;
  }
  for (let i: u64 = 0; i < len; i++) {
    const c = peekChar(src, i);
    const k = at + i;
    if (kind == 1) store<u8>(out + <usize>k, <u8>c);
    else if (kind == 2) store<u16>(out + (<usize>k << 1), <u16>c);
    else store<u32>(out + (<usize>k << 2), c);
  }
  return at + len;
}

/** a + b for two bytes (bytes_concat): a new bytes object, both copied in. */
export function bytesConcat(a: u64, b: u64): u64 {
  const la = peek64(a + OB_SIZE), lb = peek64(b + OB_SIZE);
  const n = la + lb;
  if (n <= 1) return byteSingleton(n, <u32>(peek64((la == 1 ? a : b) + BYTES_DATA) & 0xff));
  const o = bytesNew(n);
  if (o == 0) return 0;
  const previous = beginCategory(CAT_MUTATOR);
  const out = linear(o + BYTES_DATA);
  memory.copy(out, linear(a + BYTES_DATA), <usize>la);
  memory.copy(out + <usize>la, linear(b + BYTES_DATA), <usize>lb);
  store<u8>(out + <usize>n, 0);
  heapReadRange(a + BYTES_DATA, la);
  heapReadRange(b + BYTES_DATA, lb);
  heapWriteRange(o + BYTES_DATA, n + 1);
  endCategory(previous);
  return o;
}
