// Numbers: int arithmetic beyond the object layer's add/sub (multiplication,
// floor division and modulo, powers, shifts, bitwise operations, comparisons,
// decimal conversion) on 30-bit digits, and float formatting (the shortest
// round-trip repr by Steele & White / Burger & Dybvig's free-format algorithm
// with exact bignums, and correctly rounded fixed notation).
//
// Operands are read as CPython reads them (ob_size and every digit: costed
// loads, mutator); the arithmetic itself runs on copies in linear memory and
// the result is written into a fresh int (intFromDigits: costed stores), so
// the heap sees CPython's reads, writes and allocation, not its inner loops.

import { heapLoad64, heapLoad32, beginCategory, endCategory, CAT_MUTATOR } from "../heap/memory";
import { OB_SIZE, LONG_DIGITS, FLOAT_VALUE } from "../heap/objects/layout";
import { intFromI64, intFromDigits } from "../heap/objects/int";
import { bigPtr } from "./state";

const SHIFT: u32 = 30;
const MASK: u32 = (1 << 30) - 1;
const BIG_LIMIT: usize = 1 << 20;

// ---- scratch bignums: [u32 n][u32 neg][u32 digits...] ---------------------------------

let top: usize = 0;
export let bigOverflow = false;

export function bigReset(): void {
  top = 0;
  bigOverflow = false;
}

/** A fresh bignum with room for `cap` digits (n = 0), or a dummy when scratch is exhausted (bigOverflow). */
export function bigNew(cap: u32): usize {
  const bytes = (<usize>cap + 3) << 2;
  if (top + bytes > BIG_LIMIT) {
    bigOverflow = true;
    top = 0; // results are garbage from here on; the caller raises MemoryError
  }
  const p = bigPtr + top;
  top += (bytes + 7) & ~(<usize>7);
  store<u32>(p, 0);
  store<u32>(p + 4, 0);
  return p;
}

// @ts-ignore: decorator
@inline export function bn(p: usize): u32 { return load<u32>(p); }
// @ts-ignore: decorator
@inline export function bneg(p: usize): bool { return load<u32>(p + 4) != 0; }
// @ts-ignore: decorator
@inline export function bd(p: usize, i: u32): u32 { return load<u32>(p + 8 + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function setd(p: usize, i: u32, v: u32): void { store<u32>(p + 8 + (<usize>i << 2), v); }
// @ts-ignore: decorator
@inline function setn(p: usize, n: u32): void { store<u32>(p, n); }
// @ts-ignore: decorator
@inline export function setneg(p: usize, neg: bool): void { store<u32>(p + 4, neg ? 1 : 0); }

function trim(p: usize): void {
  let n = bn(p);
  while (n > 0 && bd(p, n - 1) == 0) n--;
  setn(p, n);
  if (n == 0) setneg(p, false);
}

export function bigFromU64(v: u64, neg: bool): usize {
  const p = bigNew(3);
  let n: u32 = 0;
  while (v != 0) { setd(p, n++, <u32>(v & MASK)); v >>= SHIFT; }
  setn(p, n);
  setneg(p, neg && n > 0);
  return p;
}

/** Read an int (or bool) as CPython does: ob_size and every digit (costed). */
export function loadInt(o: u64): usize {
  const previous = beginCategory(CAT_MUTATOR);
  const size = <i64>heapLoad64(o + OB_SIZE);
  const n = <u32>(size < 0 ? -size : size);
  const p = bigNew(n + 1);
  for (let i: u32 = 0; i < n; i++) setd(p, i, heapLoad32(o + LONG_DIGITS + (<u64>i << 2)));
  setn(p, n);
  setneg(p, size < 0);
  endCategory(previous);
  return p;
}

/** The signed size of an int (costed ob_size load). */
export function intSize(o: u64): i64 {
  const previous = beginCategory(CAT_MUTATOR);
  const s = <i64>heapLoad64(o + OB_SIZE);
  endCategory(previous);
  return s;
}

/** A medium int's value (|size| <= 1; costed digit load). */
export function mediumValue(o: u64, size: i64): i64 {
  if (size == 0) return 0;
  const previous = beginCategory(CAT_MUTATOR);
  const d = <i64>heapLoad32(o + LONG_DIGITS);
  endCategory(previous);
  return size < 0 ? -d : d;
}

/** A new int object from a bignum (0 on MemoryError). */
export function bigToInt(p: usize): u64 {
  trim(p);
  return intFromDigits(p + 8, <i32>bn(p), bneg(p));
}

/** Whether the bignum fits an i64 with room (|v| < 2^62): then bigValue is exact. */
export function bigFits(p: usize): bool {
  trim(p);
  return bn(p) <= 2 || (bn(p) == 3 && bd(p, 2) < 4);
}

export function bigValue(p: usize): i64 {
  let v: i64 = 0;
  for (let i = <i32>bn(p) - 1; i >= 0; i--) v = (v << SHIFT) | <i64>bd(p, <u32>i);
  return bneg(p) ? -v : v;
}

// ---- magnitudes --------------------------------------------------------------------------

export function magCmp(a: usize, b: usize): i32 {
  const na = bn(a), nb = bn(b);
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = <i32>na - 1; i >= 0; i--) {
    const x = bd(a, <u32>i), y = bd(b, <u32>i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

export function magAdd(a: usize, b: usize): usize {
  if (bn(a) < bn(b)) { const t = a; a = b; b = t; }
  const na = bn(a), nb = bn(b);
  const z = bigNew(na + 1);
  let carry: u32 = 0;
  for (let i: u32 = 0; i < na; i++) {
    carry += bd(a, i) + (i < nb ? bd(b, i) : 0);
    setd(z, i, carry & MASK);
    carry >>= SHIFT;
  }
  setd(z, na, carry);
  setn(z, na + 1);
  trim(z);
  return z;
}

/** |a| - |b| for |a| >= |b|. */
export function magSub(a: usize, b: usize): usize {
  const na = bn(a), nb = bn(b);
  const z = bigNew(na);
  let borrow: i64 = 0;
  for (let i: u32 = 0; i < na; i++) {
    let v = <i64>bd(a, i) - (i < nb ? <i64>bd(b, i) : 0) - borrow;
    borrow = v < 0 ? 1 : 0;
    if (v < 0) v += 1 << SHIFT;
    setd(z, i, <u32>v);
  }
  setn(z, na);
  trim(z);
  return z;
}

export function magMul(a: usize, b: usize): usize {
  const na = bn(a), nb = bn(b);
  const z = bigNew(na + nb + 1);
  for (let i: u32 = 0; i < na + nb + 1; i++) setd(z, i, 0);
  for (let i: u32 = 0; i < na; i++) {
    const x = <u64>bd(a, i);
    if (x == 0) continue;
    let carry: u64 = 0;
    for (let j: u32 = 0; j < nb; j++) {
      const t = <u64>bd(z, i + j) + x * <u64>bd(b, j) + carry;
      setd(z, i + j, <u32>(t & MASK));
      carry = t >> SHIFT;
    }
    let k = i + nb;
    while (carry != 0) {
      const t = <u64>bd(z, k) + carry;
      setd(z, k, <u32>(t & MASK));
      carry = t >> SHIFT;
      k++;
    }
  }
  setn(z, na + nb + 1);
  trim(z);
  return z;
}

/** a * m + add for a small m (< 2^30), in place (a must have room for one more digit). */
export function magMulSmallInPlace(a: usize, m: u32, add: u32): void {
  let carry: u64 = add;
  const n = bn(a);
  for (let i: u32 = 0; i < n; i++) {
    const t = <u64>bd(a, i) * <u64>m + carry;
    setd(a, i, <u32>(t & MASK));
    carry = t >> SHIFT;
  }
  let k = n;
  while (carry != 0) { setd(a, k++, <u32>(carry & MASK)); carry >>= SHIFT; }
  setn(a, k);
}

/** |a| / d for a small d: the quotient (new), the remainder in divRemainder. */
export let divRemainder: u32 = 0;

export function magDivSmall(a: usize, d: u32): usize {
  const n = bn(a);
  const q = bigNew(n);
  let rem: u64 = 0;
  for (let i = <i32>n - 1; i >= 0; i--) {
    const cur = (rem << SHIFT) | <u64>bd(a, <u32>i);
    setd(q, <u32>i, <u32>(cur / <u64>d));
    rem = cur % <u64>d;
  }
  setn(q, n);
  trim(q);
  divRemainder = <u32>rem;
  return q;
}

function bitLength(a: usize): u32 {
  const n = bn(a);
  if (n == 0) return 0;
  return (n - 1) * SHIFT + (32 - <u32>clz(bd(a, n - 1)));
}

function bitAt(a: usize, i: u32): u32 {
  const k = i / SHIFT;
  if (k >= bn(a)) return 0;
  return (bd(a, k) >> (i % SHIFT)) & 1;
}

/** Copy with room for `extra` more digits. */
export function bigCopy(a: usize, extra: u32): usize {
  const z = bigNew(bn(a) + extra);
  memory.copy(z + 8, a + 8, <usize>bn(a) << 2);
  setn(z, bn(a));
  setneg(z, bneg(a));
  return z;
}

/** |a| << k. */
export function magShl(a: usize, k: u32): usize {
  const words = k / SHIFT, bits = k % SHIFT;
  const n = bn(a);
  if ((<u64>n + <u64>words + 4) << 2 > <u64>(BIG_LIMIT << 2)) { bigOverflow = true; return bigNew(1); } // MemoryError: beyond the scratch
  const z = bigNew(n + words + 1);
  for (let i: u32 = 0; i < words; i++) setd(z, i, 0);
  let carry: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const v = (<u64>bd(a, i) << bits) | <u64>carry;
    setd(z, i + words, <u32>(v & MASK));
    carry = <u32>(v >> SHIFT);
  }
  setd(z, n + words, carry);
  setn(z, n + words + 1);
  trim(z);
  return z;
}

/** |a| >> k. */
export function magShr(a: usize, k: u32): usize {
  const words = k / SHIFT, bits = k % SHIFT;
  const n = bn(a);
  if (words >= n) { const z = bigNew(1); return z; }
  const m = n - words;
  const z = bigNew(m);
  for (let i: u32 = 0; i < m; i++) {
    const lo = bd(a, i + words) >> bits;
    const hi = i + words + 1 < n ? (bd(a, i + words + 1) << (SHIFT - bits)) & MASK : 0;
    setd(z, i, bits == 0 ? bd(a, i + words) : (lo | hi) & MASK);
  }
  setn(z, m);
  trim(z);
  return z;
}

/** |a| divmod |b| (b != 0): the quotient, the remainder in divRem. */
export let divRem: usize = 0;

export function magDivmod(a: usize, b: usize): usize {
  if (bn(b) == 1) {
    const q = magDivSmall(a, bd(b, 0));
    const r = bigFromU64(<u64>divRemainder, false);
    divRem = r;
    return q;
  }
  if (magCmp(a, b) < 0) {
    divRem = bigCopy(a, 0);
    setneg(divRem, false);
    return bigNew(1);
  }
  // binary long division, a bit at a time from the top
  const nbits = bitLength(a);
  const q = bigNew(bn(a));
  for (let i: u32 = 0; i < bn(a); i++) setd(q, i, 0);
  setn(q, bn(a));
  let r = bigNew(bn(b) + 2);
  const mark = top;
  for (let i = <i32>nbits - 1; i >= 0; i--) {
    // r = r * 2 + bit
    magMulSmallInPlace(r, 2, bitAt(a, <u32>i));
    if (magCmp(r, b) >= 0) {
      const t = magSub(r, b);
      memory.copy(r + 8, t + 8, <usize>bn(t) << 2);
      setn(r, bn(t));
      top = mark; // drop the temporary
      const k = <u32>i / SHIFT;
      setd(q, k, bd(q, k) | (1 << (<u32>i % SHIFT)));
    }
  }
  trim(q);
  trim(r);
  divRem = r;
  return q;
}

// ---- signed operations on int objects (new references, or 0 with an exception pending) ------

/** Floor division and modulo of bignums: q in the return, r in divRem. */
export function bigFloorDivmod(a: usize, b: usize): usize {
  let q = magDivmod(a, b);
  let r = divRem;
  const neg = bneg(a) != bneg(b);
  if (neg && bn(r) != 0) {
    q = magAdd(q, bigFromU64(1, false));
    r = magSub(b, r);
  }
  setneg(q, neg && bn(q) != 0);
  setneg(r, bneg(b) && bn(r) != 0);
  divRem = r;
  return q;
}

/** Signed addition of bignums. */
export function bigAdd(a: usize, b: usize): usize {
  if (bneg(a) == bneg(b)) {
    const z = magAdd(a, b);
    setneg(z, bneg(a) && bn(z) != 0);
    return z;
  }
  const c = magCmp(a, b);
  if (c == 0) return bigNew(1);
  const z = c > 0 ? magSub(a, b) : magSub(b, a);
  setneg(z, c > 0 ? bneg(a) : bneg(b));
  return z;
}

export function bigMul(a: usize, b: usize): usize {
  const z = magMul(a, b);
  setneg(z, bneg(a) != bneg(b) && bn(z) != 0);
  return z;
}

/** Two's complement digits of a (n digits, sign-extended). */
function twos(a: usize, n: u32): usize {
  const z = bigNew(n);
  const na = bn(a);
  for (let i: u32 = 0; i < n; i++) setd(z, i, i < na ? bd(a, i) : 0);
  setn(z, n);
  if (bneg(a)) {
    // invert and add one
    let carry: u32 = 1;
    for (let i: u32 = 0; i < n; i++) {
      const v = ((~bd(z, i)) & MASK) + carry;
      setd(z, i, v & MASK);
      carry = v >> SHIFT;
    }
  }
  return z;
}

/** a & b, a | b, a ^ b (op 0, 1, 2) with Python's infinite two's complement. */
export function bigBitwise(a: usize, b: usize, op: i32): usize {
  const n = max(bn(a), bn(b)) + 1;
  const x = twos(a, n), y = twos(b, n);
  const nx = bneg(a), ny = bneg(b);
  const neg = op == 0 ? nx && ny : op == 1 ? nx || ny : nx != ny;
  const z = bigNew(n);
  for (let i: u32 = 0; i < n; i++) {
    const u = bd(x, i), v = bd(y, i);
    setd(z, i, op == 0 ? u & v : op == 1 ? u | v : u ^ v);
  }
  setn(z, n);
  if (neg) {
    // back from two's complement: invert and add one, negative
    let carry: u32 = 1;
    for (let i: u32 = 0; i < n; i++) {
      const v = ((~bd(z, i)) & MASK) + carry;
      setd(z, i, v & MASK);
      carry = v >> SHIFT;
    }
  }
  trim(z);
  setneg(z, neg && bn(z) != 0);
  return z;
}

/** a << k (k >= 0) and a >> k (floor) for signed a. */
export function bigShift(a: usize, k: u32, left: bool): usize {
  if (left) {
    const z = magShl(a, k);
    setneg(z, bneg(a) && bn(z) != 0);
    return z;
  }
  if (!bneg(a)) return magShr(a, k);
  // -((|a| - 1) >> k) - 1
  const one = bigFromU64(1, false);
  const m = magSub(a, one);
  const s = magShr(m, k);
  const z = magAdd(s, one);
  setneg(z, true);
  return z;
}

/** a ** e for e >= 0. */
export function bigPow(a: usize, e: usize): usize {
  let result = bigFromU64(1, false);
  let base = bigCopy(a, 0);
  const bits = bitLength(e);
  for (let i: u32 = 0; i < bits; i++) {
    if (bitAt(e, i) != 0) result = bigMul(result, base);
    if (i + 1 < bits) base = bigMul(base, base);
    if (bigOverflow) return result;
  }
  return result;
}

/** The int's value as a double (costed loads). Exact below 2^53; larger values are rounded from the top digits. */
export function bigToF64(a: usize): f64 {
  // correctly rounded (half even): the top 64 bits with a sticky bit, converted, then scaled
  const nbits = bitLength(a);
  if (nbits == 0) return 0;
  let v: f64;
  if (nbits <= 64) v = <f64>topBits(a, 0, false);
  else {
    const drop = nbits - 64;
    v = <f64>topBits(a, drop, true) * Math.pow(2, <f64>drop);
  }
  return bneg(a) ? -v : v;
}

/** Set by bigTrueDivide when the quotient is too large for a float. */
export let trueDivOverflow = false;

/**
 * a / b for ints (b != 0), correctly rounded as CPython 3.11's long_true_divide
 * computes it: both below 2^53, one double division; else the quotient of a
 * scaled to leave DBL_MANT_DIG + 2 or 3 bits, rounded half-even by hand (the
 * remainder and the bits shifted out sticky), then scaled back exactly.
 */
export function bigTrueDivide(a: usize, b: usize): f64 {
  trueDivOverflow = false;
  trim(a);
  trim(b);
  const negate = bneg(a) != bneg(b);
  const abits = bitLength(a), bbits = bitLength(b);
  if (abits == 0) return negate ? -0.0 : 0.0;
  if (abits <= 53 && bbits <= 53) {
    const r = <f64>magU64(a) / <f64>magU64(b);
    return negate ? -r : r;
  }
  const diff = <i64>abits - <i64>bbits;
  if (diff > 1024) { trueDivOverflow = true; return 0; } // DBL_MAX_EXP
  if (diff < -1021 - 53 - 1) return negate ? -0.0 : 0.0; // DBL_MIN_EXP - DBL_MANT_DIG - 1: underflow
  const shift = <i32>(diff > -1021 ? diff : -1021) - 53 - 2;
  let inexact = false;
  let x: usize;
  if (shift <= 0) x = magShl(a, <u32>(-shift));
  else {
    x = magShr(a, <u32>shift);
    const words = <u32>shift / SHIFT, bits = <u32>shift % SHIFT;
    for (let i: u32 = 0; i < words && i < bn(a); i++) if (bd(a, i) != 0) inexact = true;
    if (words < bn(a) && (bd(a, words) & ((<u32>1 << bits) - 1)) != 0) inexact = true;
  }
  const q = magDivmod(x, b);
  trim(divRem);
  if (bn(divRem) != 0) inexact = true;
  const xbits = <i32>bitLength(q);
  const extra = (xbits > -1021 - shift ? xbits : -1021 - shift) - 53; // 2 or 3 bits to round away
  const mask: u32 = <u32>1 << <u32>(extra - 1);
  let low = bd(q, 0) | (inexact ? 1 : 0);
  if ((low & mask) != 0 && (low & (3 * mask - 1)) != 0) low += mask;
  setd(q, 0, low & ~(2 * mask - 1));
  let dx: f64 = 0;
  for (let i = <i32>bn(q) - 1; i >= 0; i--) dx = dx * <f64>(1 << SHIFT) + <f64>bd(q, <u32>i);
  if (shift + xbits >= 1024 && (shift + xbits > 1024 || dx == Math.pow(2, <f64>xbits))) { trueDivOverflow = true; return 0; }
  // ldexp(dx, shift) in two exact steps (each factor a normal power of two; the result is representable)
  const half = shift / 2;
  const r = dx * Math.pow(2, <f64>half) * Math.pow(2, <f64>(shift - half));
  return negate ? -r : r;
}

/** A magnitude below 2^64 as a u64. */
function magU64(a: usize): u64 {
  let v: u64 = 0;
  for (let i = <i32>bn(a) - 1; i >= 0; i--) v = (v << SHIFT) | <u64>bd(a, <u32>i);
  return v;
}

/** The magnitude shifted right by `drop` bits as a u64 (it fits), with the lowest bit or'd with the bits dropped when `sticky`. */
function topBits(a: usize, drop: u32, sticky: bool): u64 {
  const n = bn(a);
  let r: u64 = 0;
  let lost = false;
  for (let i: u32 = 0; i < n * SHIFT; i++) {
    const bit = (bd(a, i / SHIFT) >> (i % SHIFT)) & 1;
    if (bit == 0) continue;
    if (i < drop) lost = true;
    else r |= <u64>1 << <u64>(i - drop);
  }
  if (sticky && lost) r |= 1;
  return r;
}

/** Compare int a with the finite double y exactly (float_richcompare): -1, 0 or 1. */
export function bigCompareF64(a: usize, y: f64): i32 {
  const t = Math.trunc(y);
  const ty = bigFromF64(t);
  const an = bneg(a) && bn(a) != 0, tn = bneg(ty) && bn(ty) != 0;
  let c: i32;
  if (an != tn) c = an ? -1 : 1;
  else { c = magCmp(a, ty); if (an) c = -c; }
  if (c != 0) return c;
  const frac = y - t;
  return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

/** Exact bignum of a double's integer part (|v| finite). */
export function bigFromF64(v: f64): usize {
  const neg = v < 0;
  let x = Math.abs(Math.floor(neg ? -v : v));
  x = Math.floor(Math.abs(v));
  const bits = reinterpret<u64>(x);
  const exp = <i32>((bits >> 52) & 0x7ff);
  if (exp == 0) return bigNew(1);
  const mant = (bits & ((<u64>1 << 52) - 1)) | (<u64>1 << 52);
  const e = exp - 1075;
  let z: usize;
  if (e >= 0) z = magShl(bigFromU64(mant, false), <u32>e);
  else z = bigFromU64(mant >> <u64>(-e), false);
  setneg(z, neg && bn(z) != 0);
  return z;
}

// ---- decimal ---------------------------------------------------------------------------

/** Decimal digits of |a| (ASCII, most significant first) at `out`; the count. */
export function bigToDecimal(a: usize, out: usize): u32 {
  if (bn(a) == 0) { store<u8>(out, 48); return 1; }
  // chunks of 9 decimal digits, least significant first
  let cur = bigCopy(a, 0);
  const chunks = bigNew(bn(a) * 2 + 2); // u32 per chunk
  let nc: u32 = 0;
  while (bn(cur) != 0) {
    cur = magDivSmall(cur, 1000000000);
    store<u32>(chunks + 8 + (<usize>nc << 2), divRemainder);
    nc++;
  }
  let len: u32 = 0;
  for (let i = <i32>nc - 1; i >= 0; i--) {
    const c = load<u32>(chunks + 8 + (<usize>i << 2));
    if (i == <i32>nc - 1) {
      // no leading zeros
      let p: u32 = 1;
      while (p <= c / 10) p *= 10;
      while (p > 0) { store<u8>(out + len++, <u8>(48 + (c / p) % 10)); p /= 10; }
    } else {
      let p: u32 = 100000000;
      while (p > 0) { store<u8>(out + len++, <u8>(48 + (c / p) % 10)); p /= 10; }
    }
  }
  return len;
}

/** The number of decimal digits |a| has (for the 4300-digit limit), approximately from its bit length. */
export function decimalDigitsAtLeast(a: usize): f64 {
  return <f64>bitLength(a) * 0.30102999566398;
}

// ---- float formatting ---------------------------------------------------------------------

/** The shortest digits of a positive finite double (Steele-White free format): count in the return, decimal point position in fltDecpt. */
export let fltDecpt: i32 = 0;

function powTen(p: usize, k: u32): void {
  while (k >= 9) { magMulSmallInPlace(p, 1000000000, 0); k -= 9; }
  let m: u32 = 1;
  while (k > 0) { m *= 10; k--; }
  if (m > 1) magMulSmallInPlace(p, m, 0);
}

function addInto(a: usize, b: usize): usize {
  return magAdd(a, b);
}

// A finite double as f x 2^e (f < 2^53; subnormals have bexp 0): set by decompose.
let decF: u64 = 0;
let decE: i32 = 0;
let decBexp: i32 = 0;

function decompose(v: f64): void {
  const bits = reinterpret<u64>(v);
  decBexp = <i32>((bits >> 52) & 0x7ff);
  decF = bits & ((<u64>1 << 52) - 1);
  if (decBexp == 0) decE = -1074;
  else { decF |= <u64>1 << 52; decE = decBexp - 1075; }
}

/** Shortest round-trip digits of v > 0 into out (ASCII); returns the count. */
export function shortestDigits(v: f64, out: usize): u32 {
  bigReset();
  decompose(v);
  const bexp = decBexp;
  let f: u64 = decF;
  let e: i32 = decE;
  const even = (f & 1) == 0;
  const boundary = bexp > 1 && f == (<u64>1 << 52);
  const CAP: u32 = 80;
  let r: usize, s: usize, mp: usize, mm: usize;
  if (e >= 0) {
    const be = magShl(bigFromU64(1, false), <u32>e);
    if (!boundary) {
      r = magShl(bigFromU64(f, false), <u32>e + 1);
      s = bigFromU64(2, false);
      mp = be; mm = be;
    } else {
      r = magShl(bigFromU64(f, false), <u32>e + 2);
      s = bigFromU64(4, false);
      mp = magShl(be, 1); mm = be;
    }
  } else {
    if (!boundary) {
      r = bigFromU64(f << 1, false);
      s = magShl(bigFromU64(1, false), <u32>(1 - e));
      mp = bigFromU64(1, false); mm = mp;
    } else {
      r = bigFromU64(f << 2, false);
      s = magShl(bigFromU64(1, false), <u32>(2 - e));
      mp = bigFromU64(2, false); mm = bigFromU64(1, false);
    }
  }
  r = bigCopy(r, CAP); s = bigCopy(s, CAP);
  mp = bigCopy(mp, CAP);
  mm = mm == mp ? mp : bigCopy(mm, CAP);
  const shared = mm == mp;
  // k = ceil(log10(v)) estimate, then fix up
  let k = <i32>Math.ceil(Math.log10(v) - 1e-10);
  if (k >= 0) powTen(s, <u32>k);
  else {
    powTen(r, <u32>(-k));
    powTen(mp, <u32>(-k));
    if (!shared) powTen(mm, <u32>(-k));
  }
  // fixup: if r + m+ >= s (even) / > s, the estimate is one too low
  let t = addInto(r, mp);
  let c = magCmp(t, s);
  if (even ? c >= 0 : c > 0) {
    magMulSmallInPlace(s, 10, 0);
    k++;
  } else {
    // the estimate may be one too high: if (r + m+) * 10 < s (resp. <=), lower it
    const t10 = bigCopy(t, 2);
    magMulSmallInPlace(t10, 10, 0);
    const c2 = magCmp(t10, s);
    if (even ? c2 < 0 : c2 <= 0) {
      magMulSmallInPlace(r, 10, 0);
      magMulSmallInPlace(mp, 10, 0);
      if (!shared) magMulSmallInPlace(mm, 10, 0);
      k--;
    }
  }
  fltDecpt = k;
  let n: u32 = 0;
  while (true) {
    magMulSmallInPlace(r, 10, 0);
    magMulSmallInPlace(mp, 10, 0);
    if (!shared) magMulSmallInPlace(mm, 10, 0);
    // digit = r / s (0..9) by subtraction
    let d: u32 = 0;
    while (magCmp(r, s) >= 0) {
      const x = magSub(r, s);
      memory.copy(r + 8, x + 8, <usize>bn(x) << 2);
      setn(r, bn(x));
      d++;
    }
    const lowCmp = magCmp(r, mm);
    const tc1 = even ? lowCmp <= 0 : lowCmp < 0;
    const sum = magAdd(r, mp);
    const highCmp = magCmp(sum, s);
    const tc2 = even ? highCmp >= 0 : highCmp > 0;
    if (!tc1 && !tc2) {
      store<u8>(out + n++, <u8>(48 + d));
      if (n > 30) break; // cannot happen for doubles
      continue;
    }
    if (tc1 && tc2) {
      const r2 = bigCopy(r, 2);
      magMulSmallInPlace(r2, 2, 0);
      const c3 = magCmp(r2, s);
      if (c3 > 0 || (c3 == 0 && (d & 1) == 1)) d++;
    } else if (tc2) {
      d++;
    }
    store<u8>(out + n++, <u8>(48 + d));
    break;
  }
  return n;
}

/**
 * repr(float) (float_repr_style 'short', format code 'r'): into `out`, the
 * byte count. inf, nan, -0.0; exponent notation when the decimal point is
 * at -4 or below or beyond 16 digits.
 */
export function floatRepr(v: f64, out: usize): u32 {
  let n: u32 = 0;
  if (isNaN(v)) { store<u8>(out, 110); store<u8>(out + 1, 97); store<u8>(out + 2, 110); return 3; }
  const neg = (reinterpret<u64>(v) >> 63) != 0;
  if (neg) { store<u8>(out + n++, 45); v = -v; }
  if (!isFinite(v)) { store<u8>(out + n++, 105); store<u8>(out + n++, 110); store<u8>(out + n++, 102); return n; }
  if (v == 0) { store<u8>(out + n++, 48); store<u8>(out + n++, 46); store<u8>(out + n++, 48); return n; }
  const digits = out + 64;
  const nd = shortestDigits(v, digits);
  const decpt = fltDecpt;
  if (decpt <= -4 || decpt > 16) {
    store<u8>(out + n++, load<u8>(digits));
    if (nd > 1) {
      store<u8>(out + n++, 46);
      for (let i: u32 = 1; i < nd; i++) store<u8>(out + n++, load<u8>(digits + i));
    }
    store<u8>(out + n++, 101);
    let x = decpt - 1;
    store<u8>(out + n++, x < 0 ? 45 : 43);
    if (x < 0) x = -x;
    if (x >= 100) store<u8>(out + n++, <u8>(48 + x / 100));
    store<u8>(out + n++, <u8>(48 + (x / 10) % 10));
    store<u8>(out + n++, <u8>(48 + x % 10));
    return n;
  }
  // the digits are copied forward into out: digits sit at out + 64, out never reaches them (< 40 bytes)
  if (decpt <= 0) {
    store<u8>(out + n++, 48);
    store<u8>(out + n++, 46);
    for (let i = 0; i < -decpt; i++) store<u8>(out + n++, 48);
    for (let i: u32 = 0; i < nd; i++) store<u8>(out + n++, load<u8>(digits + i));
    return n;
  }
  for (let i: i32 = 0; i < decpt; i++) store<u8>(out + n++, <u8>(<u32>i < nd ? load<u8>(digits + i) : 48));
  store<u8>(out + n++, 46);
  if (<u32>decpt >= nd) store<u8>(out + n++, 48);
  else for (let i = <u32>decpt; i < nd; i++) store<u8>(out + n++, load<u8>(digits + i));
  return n;
}

/** format(v, '.{prec}f'): correctly rounded (half even on exact ties), into out; the byte count. */
export function floatFixed(v: f64, prec: u32, out: usize): u32 {
  let n: u32 = 0;
  if (isNaN(v)) { store<u8>(out, 110); store<u8>(out + 1, 97); store<u8>(out + 2, 110); return 3; }
  const neg = (reinterpret<u64>(v) >> 63) != 0;
  if (neg) { store<u8>(out + n++, 45); v = -v; }
  if (!isFinite(v)) { store<u8>(out + n++, 105); store<u8>(out + n++, 110); store<u8>(out + n++, 102); return n; }
  const digits = out + 1024;
  let nd = bigToDecimal(scaledRound(v, <i32>prec), digits);
  // at least prec + 1 digits (leading zeros)
  if (nd <= prec) {
    const pad = prec + 1 - nd;
    memory.copy(digits + pad, digits, nd);
    for (let i: u32 = 0; i < pad; i++) store<u8>(digits + i, 48);
    nd += pad;
  }
  const intDigits = nd - prec;
  for (let i: u32 = 0; i < intDigits; i++) store<u8>(out + n++, load<u8>(digits + i));
  if (prec > 0) {
    store<u8>(out + n++, 46);
    for (let i = intDigits; i < nd; i++) store<u8>(out + n++, load<u8>(digits + i));
  }
  return n;
}

/** |v| x 10^p (v finite), rounded half-even to an integer: a bignum (after a bigReset). */
function scaledRound(v: f64, p: i32): usize {
  bigReset();
  decompose(v);
  const f: u64 = decF;
  const e: i32 = decE;
  if (p < 0) {
    // f x 2^e / 10^-p: a division
    const num = magShl(bigFromU64(f, false), e > 0 ? <u32>e : 0);
    const den = bigCopy(bigFromU64(1, false), <u32>(-p) + 8);
    powTen(den, <u32>(-p));
    const d = magShl(den, e < 0 ? <u32>(-e) : 0);
    let q = magDivmod(num, d);
    const c = magCmp(magShl(divRem, 1), d);
    if (c > 0 || (c == 0 && bn(q) > 0 && (bd(q, 0) & 1) == 1)) q = magAdd(q, bigFromU64(1, false));
    return q;
  }
  // N = f * 2^e * 10^p, rounded half-even to an integer
  let num = bigCopy(bigFromU64(f, false), <u32>p + 8);
  powTen(num, <u32>p);
  if (e >= 0) return magShl(num, <u32>e);
  const sh = <u32>(-e);
  let q = magShr(num, sh);
  // remainder = num - q << sh; compare with half
  const back = magShl(q, sh);
  const rem = magSub(num, back);
  const half = magShl(bigFromU64(1, false), sh - 1);
  const c = magCmp(rem, half);
  if (c > 0 || (c == 0 && bn(q) > 0 && (bd(q, 0) & 1) == 1)) q = magAdd(q, bigFromU64(1, false));
  return q;
}

/**
 * round(v, p)'s digits (v finite): |v| rounded half-even to a multiple of
 * 10^-p, as _Py_dg_dtoa's mode 3 rounds it: the integer q with that value
 * q x 10^-p, in ASCII decimal at out; the count.
 */
export function floatRounded(v: f64, p: i32, out: usize): u32 {
  return bigToDecimal(scaledRound(v, p), out);
}

/** The float value (costed load, mutator). */
export function loadFloat(o: u64): f64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = reinterpret<f64>(heapLoad64(o + FLOAT_VALUE));
  endCategory(previous);
  return v;
}

export function newIntI64(v: i64): u64 {
  return intFromI64(v);
}

/** PyLong_AsDouble of an int object (costed reads of its size and digits): correctly rounded; an infinity when beyond a double's range. */
export function intAsDouble(o: u64): f64 {
  const size = intSize(o);
  if (size >= -1 && size <= 1) return <f64>mediumValue(o, size);
  bigReset();
  frexpInt = loadInt(o);
  return bigToF64(frexpInt);
}

/** The int intAsDouble read last (for bigFrexp). */
let frexpInt: usize = 0;
export let frexpExp: i64 = 0;

/**
 * _PyLong_Frexp of the positive int intAsDouble read last: x in [0.5, 1)
 * rounded half-even to 53 bits, with the int = x * 2^frexpExp.
 */
export function bigFrexp(): f64 {
  const a = frexpInt;
  const nbits = bitLength(a);
  const drop = nbits > 64 ? nbits - 64 : 0;
  let x = <f64>topBits(a, drop, true) * Math.pow(2, <f64>drop - <f64>nbits); // the u64's conversion rounds half-even
  frexpExp = <i64>nbits;
  if (x == 1.0) { x = 0.5; frexpExp++; }
  return x;
}
