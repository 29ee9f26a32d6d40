// Decimal to double, correctly rounded: what float(str) and round(x, n) get
// from CPython's _Py_dg_strtod (David Gay's dtoa.c), the nearest double to
// the exact decimal value, ties to even, for any number of digits and any
// exponent (overflow to inf, underflow through the subnormals to 0.0 / -0.0).
//
// The input arrives a character at a time (sdBegin, sdChar, sdEnd: float()
// feeds a str of any length straight from the heap, already checked by the
// caller) or as ASCII digits with an exponent (strtodDigits: round()). The
// significand keeps its first MAX_DIG significant digits; the rest only
// matter as a sticky bit (nonzero or not): a midpoint between two doubles
// has at most 768 significant digits, so a value cut after 800 digits lies on
// the same side of every midpoint as the whole one (fast_float keeps 768).
//
// The conversion: (1) no digits or a decimal exponent far outside the double
// range: 0 or inf at once; (2) Clinger's fast path, exact when the digits fit
// in 2^53 and the power of ten is exact (10^0..10^22): one rounding of an
// exact product or quotient; (3) otherwise a guess from the first 19 digits
// in doubles (a few ulps off at most) corrected by exact comparisons with
// big integers: V = D x 10^e against the midpoint between the guess and its
// neighbour, (2M+1) x 2^(k-1), stepping a ulp at a time until V lies between
// the guess's two midpoints (Clinger's AlgorithmR, as Rust's former dec2flt
// had it; Gay's bigcomp compares with the midpoint so too). Two or three
// comparisons, the guess being within a ulp almost always (99% of the
// test's strings), of numbers under ~2700 bits (D has at most 800 digits;
// 5^-e at most 5^1124). Chosen over Eisel-Lemire,
// which would need a 10 KiB table of 128-bit powers of five and still this
// fallback: the interpreter's own computation costs no simulated cycles, and
// in wall time a 17-digit repr read back costs no more than the interpreter's
// work around the call (200,000 float() calls: the same seconds as '0.5'),
// an 800-digit string some 30 microseconds.
//
// Everything lives in static scratch memory here (no heap objects, nothing
// allocated); none of it is simulated memory traffic.

const MAX_DIG: u32 = 800;
const DIGITS: usize = memory.data(MAX_DIG + 8);

// bignums: [u32 n][u32 limbs, least significant first], base 2^32; 256 limbs
// (8192 bits) is three times the largest operand a comparison builds
const LIMBS: u32 = 256;
const BIG_BYTES: i32 = (<i32>LIMBS + 2) << 2;
const BIG_V: usize = memory.data(BIG_BYTES, 16); // D, times 5^e when e >= 0
const BIG_P: usize = memory.data(BIG_BYTES, 16); // 5^-e when e < 0, else 1
const BIG_A: usize = memory.data(BIG_BYTES, 16); // the comparison's two sides
const BIG_B: usize = memory.data(BIG_BYTES, 16);

const POW10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

const MAX_FINITE: f64 = 1.7976931348623157e308;

// ---- the parse state ------------------------------------------------------------

let nd: u32 = 0; // significant digits kept in DIGITS (values 0-9)
let exp10: i64 = 0; // the value is D x 10^exp10, D the kept digits
let sticky = false; // a nonzero digit past MAX_DIG
let afterDot = false;
let inExp = false;
let expNeg = false;
let expVal: i64 = 0; // the exponent part, saturated

/** Start a number (the part after the sign). */
export function sdBegin(): void {
  nd = 0;
  exp10 = 0;
  sticky = false;
  afterDot = false;
  inExp = false;
  expNeg = false;
  expVal = 0;
}

/**
 * The next character of [digits][.digits][(e|E)[+|-]digits], underscores
 * anywhere (skipped): the caller has checked the syntax.
 */
export function sdChar(c: u32): void {
  if (c == 95) return; // _
  if (inExp) {
    if (c == 45) expNeg = true;
    else if (c >= 48 && c <= 57 && expVal < 1000000000000000) expVal = expVal * 10 + <i64>(c - 48);
    return;
  }
  if (c == 46) { afterDot = true; return; }
  if (c == 101 || c == 69) { inExp = true; return; }
  if (c < 48 || c > 57) return;
  const d = c - 48;
  if (nd == 0 && d == 0) { // a leading zero
    if (afterDot) exp10--;
    return;
  }
  if (nd < MAX_DIG) {
    store<u8>(DIGITS + nd++, <u8>d);
    if (afterDot) exp10--;
  } else {
    if (d != 0) sticky = true;
    if (!afterDot) exp10++;
  }
}

/** The double nearest the number fed since sdBegin (negated when `neg`). */
export function sdEnd(neg: bool): f64 {
  const e = exp10 + (expNeg ? -expVal : expVal);
  const v = convert(e);
  return neg ? -v : v;
}

/** The double nearest (-)D x 10^e, D the `n` ASCII digits at p. */
export function strtodDigits(p: usize, n: u32, e: i32, neg: bool): f64 {
  sdBegin();
  for (let i: u32 = 0; i < n; i++) sdChar(<u32>load<u8>(p + i));
  const v = convert(exp10 + <i64>e);
  return neg ? -v : v;
}

// ---- the conversion -------------------------------------------------------------

let ex: i32 = 0; // the decimal exponent, once in range

function convert(e64: i64): f64 {
  while (nd > 0 && load<u8>(DIGITS + nd - 1) == 0) { nd--; e64++; }
  if (nd == 0) return 0.0;
  // the value lies in [10^(dp-1), 10^dp)
  const dp = e64 + <i64>nd;
  if (dp > 310) return Infinity; // >= 10^310
  if (dp < -323) return 0.0; // < 10^-324, below half the least subnormal (2^-1075 = 2.47e-324)
  ex = <i32>e64;
  if (!sticky && nd <= 15) {
    let w: u64 = 0;
    for (let i: u32 = 0; i < nd; i++) w = w * 10 + <u64>load<u8>(DIGITS + i);
    if (ex >= -22 && ex <= 22) {
      const f = <f64>w;
      return ex < 0 ? f / load<f64>(POW10 + (<usize>(-ex) << 3)) : f * load<f64>(POW10 + (<usize>ex << 3));
    }
    // D x 10^(ex - 22) still an integer below 10^15: exact, then one rounding
    if (ex > 22 && <i32>nd + ex - 22 <= 15) {
      for (let i = 22; i < ex; i++) w *= 10;
      return <f64>w * 1e22;
    }
  }
  return slowPath(guess());
}

/** A double within a few ulps of D x 10^ex, from its first 19 digits (never inf). */
function guess(): f64 {
  const m = nd < 19 ? nd : 19;
  let w: u64 = 0;
  for (let i: u32 = 0; i < m; i++) w = w * 10 + <u64>load<u8>(DIGITS + i);
  let k = ex + <i32>(nd - m); // the value is about w x 10^k, k in [-343, 309]
  let x = <f64>w;
  if (k >= 0) {
    if (k > 300) { x *= pow10(k - 300); k = 300; }
    x *= pow10(k);
  } else {
    k = -k;
    if (k > 300) { x /= 1e300; k -= 300; }
    x /= pow10(k);
  }
  return x < MAX_FINITE ? x : MAX_FINITE;
}

function pow10(k: i32): f64 {
  return k <= 22 ? load<f64>(POW10 + (<usize>k << 3)) : Math.pow(10, <f64>k);
}

/** The correctly rounded value, from a guess x >= 0 a few ulps away. */
function slowPath(x: f64): f64 {
  setupBig();
  let c = cmpMid(x);
  if (c > 0 || (c == 0 && odd(x))) {
    // above x's upper midpoint (or on it, x odd): step up
    while (true) {
      if (x == MAX_FINITE) return Infinity;
      x = reinterpret<f64>(reinterpret<u64>(x) + 1);
      c = cmpMid(x);
      if (!(c > 0 || (c == 0 && odd(x)))) return x;
    }
  }
  // at most x's upper midpoint: step down while below the lower one (or on it, the lower neighbour even)
  while (x > 0) {
    const y = reinterpret<f64>(reinterpret<u64>(x) - 1);
    c = cmpMid(y);
    if (c < 0 || (c == 0 && !odd(y))) x = y;
    else break;
  }
  return x;
}

// @ts-ignore: decorator
@inline function odd(x: f64): bool {
  return (reinterpret<u64>(x) & 1) != 0;
}

/** BIG_V = D x 5^ex (ex >= 0) or D, BIG_P = 5^-ex (ex < 0) or 1. */
function setupBig(): void {
  store<u32>(BIG_V, 0);
  let i: u32 = 0;
  while (i < nd) {
    let chunk: u32 = 0, scale: u32 = 1;
    for (let j = 0; j < 9 && i < nd; j++) { chunk = chunk * 10 + <u32>load<u8>(DIGITS + i++); scale *= 10; }
    mulSmall(BIG_V, scale, chunk);
  }
  store<u32>(BIG_P, 1);
  store<u32>(BIG_P + 4, 1);
  if (ex >= 0) mulPow5(BIG_V, <u32>ex);
  else mulPow5(BIG_P, <u32>(-ex));
}

/**
 * The sign of V - the midpoint between x (finite, >= 0) and the next double
 * up, V the whole input: 0 (a tie) only when no digit was cut (sticky).
 */
function cmpMid(x: f64): i32 {
  const bits = reinterpret<u64>(x);
  const be = <i32>(bits >> 52);
  let m = bits & ((<u64>1 << 52) - 1);
  let k = -1074;
  if (be != 0) { m |= <u64>1 << 52; k = be - 1075; }
  // V = D x 5^ex x 2^ex against (2m+1) x 2^(k-1): both sides times 5^-ex when ex < 0
  mulU64(BIG_B, BIG_P, 2 * m + 1);
  const p2 = ex - (k - 1);
  let c: i32;
  if (p2 >= 0) {
    shl(BIG_A, BIG_V, <u32>p2);
    c = cmp(BIG_A, BIG_B);
  } else {
    shl(BIG_A, BIG_B, <u32>(-p2));
    c = cmp(BIG_V, BIG_A);
  }
  return c == 0 && sticky ? 1 : c;
}

// ---- bignums --------------------------------------------------------------------

// @ts-ignore: decorator
@inline function limb(p: usize, i: u32): u32 { return load<u32>(p + 4 + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline function setLimb(p: usize, i: u32, v: u32): void { store<u32>(p + 4 + (<usize>i << 2), v); }

/** a = a x m + add, in place. */
function mulSmall(a: usize, m: u32, add: u32): void {
  const n = load<u32>(a);
  let carry = <u64>add;
  for (let i: u32 = 0; i < n; i++) {
    const t = <u64>limb(a, i) * <u64>m + carry;
    setLimb(a, i, <u32>t);
    carry = t >> 32;
  }
  if (carry != 0) { setLimb(a, n, <u32>carry); store<u32>(a, n + 1); }
}

/** a = a x 5^k, in place. */
function mulPow5(a: usize, k: u32): void {
  while (k >= 13) { mulSmall(a, 1220703125, 0); k -= 13; } // 5^13 < 2^32
  let m: u32 = 1;
  while (k > 0) { m *= 5; k--; }
  if (m > 1) mulSmall(a, m, 0);
}

/** dst = a x h (h < 2^54; dst is not a). */
function mulU64(dst: usize, a: usize, h: u64): void {
  const n = load<u32>(a);
  const h0 = h & 0xffffffff, h1 = h >> 32;
  let carry: u64 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const t = <u64>limb(a, i) * h0 + carry;
    setLimb(dst, i, <u32>t);
    carry = t >> 32;
  }
  setLimb(dst, n, <u32>carry);
  carry = 0;
  for (let i: u32 = 0; i < n; i++) {
    const t = <u64>limb(dst, i + 1) + <u64>limb(a, i) * h1 + carry; // < 2^32 + 2^54 + 2^23
    setLimb(dst, i + 1, <u32>t);
    carry = t >> 32;
  }
  setLimb(dst, n + 1, <u32>carry);
  let len = n + 2;
  while (len > 0 && limb(dst, len - 1) == 0) len--;
  store<u32>(dst, len);
}

/** dst = a << s (dst is not a). */
function shl(dst: usize, a: usize, s: u32): void {
  const n = load<u32>(a);
  const words = s >> 5, bits = s & 31;
  for (let i: u32 = 0; i < words; i++) setLimb(dst, i, 0);
  if (bits == 0) {
    for (let i: u32 = 0; i < n; i++) setLimb(dst, i + words, limb(a, i));
    store<u32>(dst, n == 0 ? 0 : n + words);
    return;
  }
  let prev: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const cur = limb(a, i);
    setLimb(dst, i + words, (cur << bits) | (prev >> (32 - bits)));
    prev = cur;
  }
  const top = prev >> (32 - bits);
  setLimb(dst, n + words, top);
  store<u32>(dst, n == 0 ? 0 : top != 0 ? n + words + 1 : n + words);
}

function cmp(a: usize, b: usize): i32 {
  const na = load<u32>(a), nb = load<u32>(b);
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = <i32>na - 1; i >= 0; i--) {
    const x = limb(a, <u32>i), y = limb(b, <u32>i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
