// int: PyLongObject with 30-bit digits (Objects/longobject.c). Small ints
// -5..256 are static and shared; any other value is a fresh object of
// 24 + 4 x max(1, digits) bytes. Addition follows long_add: two "medium"
// (one-digit) operands give an exactly sized result, otherwise x_add allocates
// one digit more than the longer operand and only shrinks ob_size, so
// (1 << 40) + i sits in a 48-byte block although getsizeof says 32.

import { heapLoad64, heapStore64, heapLoad32, heapStore32, peek64, peek32, beginCategory, endCategory, CAT_ALLOC, CAT_MUTATOR } from "../memory";
import { OB_SIZE, LONG_DIGITS, PYLONG_SHIFT, PYLONG_MASK, SMALL_INT_MIN, SMALL_INT_MAX, smallInt } from "./layout";
import { newObject, incref, decref } from "./object";
import { T_INT } from "./types";

/** Digits needed for |v| (0 for 0). */
function digitsOf(m: u64): i32 {
  let n = 0;
  while (m != 0) { n++; m >>= PYLONG_SHIFT; }
  return n;
}

/** _PyLong_New(size): room for max(1, |size|) digits, ob_size = size; 0 on MemoryError. */
export function longNew(size: i64): u64 {
  const ndigits = size < 0 ? -size : size;
  const o = newObject(T_INT, LONG_DIGITS + (<u64>(ndigits == 0 ? 1 : ndigits) << 2));
  if (o != 0) {
    const previous = beginCategory(CAT_ALLOC);
    heapStore64(o + OB_SIZE, <u64>size);
    endCategory(previous);
  }
  return o;
}

/** PyLong_FromLongLong: a new reference (a small int is shared), or 0. */
export function intFromI64(v: i64): u64 {
  if (v >= SMALL_INT_MIN && v <= SMALL_INT_MAX) {
    const s = smallInt(v);
    incref(s);
    return s;
  }
  const m: u64 = v < 0 ? <u64>(-v) : <u64>v;
  const n = digitsOf(m);
  const o = longNew(v < 0 ? -n : n);
  if (o == 0) return 0;
  const previous = beginCategory(CAT_MUTATOR);
  let rest = m;
  for (let i = 0; i < n; i++) {
    heapStore32(o + LONG_DIGITS + (<u64>i << 2), <u32>(rest & PYLONG_MASK));
    rest >>= PYLONG_SHIFT;
  }
  endCategory(previous);
  return o;
}

/** An int from `n` 30-bit digits at linear address `digits` (least significant first), negative or not. */
export function intFromDigits(digits: usize, n: i32, negative: bool): u64 {
  while (n > 0 && load<u32>(digits + (<usize>(n - 1) << 2)) == 0) n--;
  if (n <= 2) {
    let m: u64 = 0;
    for (let i = n - 1; i >= 0; i--) m = (m << PYLONG_SHIFT) | <u64>load<u32>(digits + (<usize>i << 2));
    return intFromI64(negative ? -<i64>m : <i64>m);
  }
  const o = longNew(negative ? -n : n);
  if (o == 0) return 0;
  const previous = beginCategory(CAT_MUTATOR);
  for (let i = 0; i < n; i++) heapStore32(o + LONG_DIGITS + (<u64>i << 2), load<u32>(digits + (<usize>i << 2)) & PYLONG_MASK);
  endCategory(previous);
  return o;
}

// @ts-ignore: decorator
@inline function digitAt(o: u64, i: i64): u32 {
  return heapLoad32(o + LONG_DIGITS + (<u64>i << 2));
}

/** x_add: |a| + |b| in a fresh int of max(|a|, |b|) + 1 digits, ob_size normalized (sign +). */
function xAdd(a: u64, sizeA: i64, b: u64, sizeB: i64): u64 {
  if (sizeA < sizeB) { const t = a; a = b; b = t; const s = sizeA; sizeA = sizeB; sizeB = s; }
  const z = longNew(sizeA + 1);
  if (z == 0) return 0;
  let carry: u32 = 0;
  let i: i64 = 0;
  for (; i < sizeB; i++) {
    carry += digitAt(a, i) + digitAt(b, i);
    heapStore32(z + LONG_DIGITS + (<u64>i << 2), carry & PYLONG_MASK);
    carry >>= PYLONG_SHIFT;
  }
  for (; i < sizeA; i++) {
    carry += digitAt(a, i);
    heapStore32(z + LONG_DIGITS + (<u64>i << 2), carry & PYLONG_MASK);
    carry >>= PYLONG_SHIFT;
  }
  heapStore32(z + LONG_DIGITS + (<u64>i << 2), carry);
  return normalize(z, sizeA + 1);
}

/** x_sub: |a| - |b| in a fresh int of max(|a|, |b|) digits, signed; a small result is the shared small int. */
function xSub(a: u64, sizeA: i64, b: u64, sizeB: i64): u64 {
  let sign: i64 = 1;
  if (sizeA < sizeB) {
    sign = -1;
    const t = a; a = b; b = t; const s = sizeA; sizeA = sizeB; sizeB = s;
  } else if (sizeA == sizeB) {
    let i = sizeA - 1;
    while (i >= 0 && digitAt(a, i) == digitAt(b, i)) i--;
    if (i < 0) return intFromI64(0);
    if (digitAt(a, i) < digitAt(b, i)) { sign = -1; const t = a; a = b; b = t; }
    sizeA = sizeB = i + 1;
  }
  const z = longNew(sizeA);
  if (z == 0) return 0;
  let borrow: u32 = 0;
  let i: i64 = 0;
  for (; i < sizeB; i++) {
    borrow = digitAt(a, i) - digitAt(b, i) - borrow;
    heapStore32(z + LONG_DIGITS + (<u64>i << 2), borrow & PYLONG_MASK);
    borrow = (borrow >> PYLONG_SHIFT) & 1;
  }
  for (; i < sizeA; i++) {
    borrow = digitAt(a, i) - borrow;
    heapStore32(z + LONG_DIGITS + (<u64>i << 2), borrow & PYLONG_MASK);
    borrow = (borrow >> PYLONG_SHIFT) & 1;
  }
  const r = normalize(z, sizeA);
  if (sign < 0) heapStore64(r + OB_SIZE, <u64>(-<i64>heapLoad64(r + OB_SIZE)));
  return maybeSmall(r);
}

/** long_normalize: drop leading zero digits from ob_size (the block keeps its size). */
function normalize(z: u64, size: i64): u64 {
  let n = size;
  while (n > 0 && digitAt(z, n - 1) == 0) n--;
  if (n != size) heapStore64(z + OB_SIZE, <u64>n);
  return z;
}

/** maybe_small_long: a result in -5..256 is replaced by the shared small int. */
function maybeSmall(z: u64): u64 {
  const size = <i64>heapLoad64(z + OB_SIZE);
  if (size >= -1 && size <= 1) {
    const v: i64 = size == 0 ? 0 : size * <i64>digitAt(z, 0);
    if (v >= SMALL_INT_MIN && v <= SMALL_INT_MAX) {
      decref(z);
      return intFromI64(v);
    }
  }
  return z;
}

/** long_add (negate b for long_sub): a new reference, or 0 on MemoryError. */
export function intAdd(a: u64, b: u64, subtract: bool): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const sizeA = <i64>heapLoad64(a + OB_SIZE);
  let sizeB = <i64>heapLoad64(b + OB_SIZE);
  if (subtract) sizeB = -sizeB;
  let z: u64 = 0;
  if (sizeA >= -1 && sizeA <= 1 && sizeB >= -1 && sizeB <= 1) {
    // _PyLong_FromSTwoDigits(medium_value(a) +/- medium_value(b))
    const va = sizeA * <i64>digitAt(a, 0);
    const vb = sizeB * <i64>digitAt(b, 0);
    z = intFromI64(va + vb);
  } else if (sizeA < 0) {
    if (sizeB < 0) {
      z = xAdd(a, -sizeA, b, -sizeB);
      if (z != 0) heapStore64(z + OB_SIZE, <u64>(-<i64>heapLoad64(z + OB_SIZE)));
    } else {
      z = xSub(b, sizeB, a, -sizeA);
    }
  } else if (sizeB < 0) {
    z = xSub(a, sizeA, b, -sizeB);
  } else {
    z = xAdd(a, sizeA, b, sizeB);
  }
  endCategory(previous);
  return z;
}

/** int.__sizeof__: 24 + 4 x max(1, digits) (so 0 and False report 28). */
export function intSizeof(o: u64): u64 {
  const size = <i64>peek64(o + OB_SIZE);
  const n = size < 0 ? -size : size;
  return LONG_DIGITS + (<u64>(n == 0 ? 1 : n) << 2);
}

/** The value as an f64 (exact below 2^53; no cost). */
export function peekInt(o: u64): f64 {
  const size = <i64>peek64(o + OB_SIZE);
  const n = size < 0 ? -size : size;
  let v: f64 = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 1073741824.0 + <f64>peek32(o + LONG_DIGITS + (<u64>i << 2));
  return size < 0 ? -v : v;
}
