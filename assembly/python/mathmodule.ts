// The math module (Modules/mathmodule.c of CPython 3.11): its constants and
// the functions memsim runs exactly or nearly so (docs/python.md, "The math
// module": the agreement of each with python3's glibc). Made when a script
// first imports math (eval.ts importModule), as CPython makes the module then;
// a script that never imports it runs on the same heap as before.
//
// Arguments are read as CPython reads them: PyFloat_AsDouble (a float's value;
// an int converted by nb_float, a float object made and freed on the way;
// "must be real number, not str"), _PyNumber_Index for gcd and isqrt. Results
// are new float objects (the free list as float.ts models it), ints from
// PyLong_FromDouble for floor, ceil and trunc, bools for isfinite and the like.
// The errors are math_1's and math_2's: a NaN from a non-NaN argument is
// "math domain error" (ValueError); an infinity from a finite one is "math
// range error" (OverflowError) where the function can overflow, else a domain
// error. libm is AssemblyScript's (musl and ARM optimized-routines ports),
// not glibc's: the functions whose results differ from glibc's too often
// (sin, cos, tan, asin, acos, atan, atan2) are left out, refused as CPython's
// other names are.

import { heapLoad64, beginCategory, endCategory, CAT_MUTATOR } from "../heap/memory";
import { incref, decref } from "../heap/objects/object";
import { smallInt } from "../heap/objects/layout";
import { T_INT, T_BOOL, T_FLOAT } from "../heap/objects/types";
import { raise, raiseBegin, msg, msgTypeName, EX_TYPE, EX_VALUE, EX_OVERFLOW, EX_UNSUPPORTED } from "./state";
import { newFloat, newBool, newInt, chk, intValue, fitsI64, ty, floatOf, binaryOp } from "./ops";
import * as N from "./num";
import { boundBuiltin } from "./builtins";

export const MATH_FIRST: i32 = 181;
const MATH_CEIL: i32 = 181;
const MATH_COPYSIGN: i32 = 182;
const MATH_EXP: i32 = 183;
const MATH_FABS: i32 = 184;
const MATH_FLOOR: i32 = 185;
const MATH_GCD: i32 = 186;
const MATH_ISFINITE: i32 = 187;
const MATH_ISINF: i32 = 188;
const MATH_ISNAN: i32 = 189;
const MATH_ISQRT: i32 = 190;
const MATH_LOG: i32 = 191;
const MATH_LOG10: i32 = 192;
const MATH_LOG2: i32 = 193;
const MATH_SQRT: i32 = 194;
const MATH_TRUNC: i32 = 195;
export const MATH_LAST: i32 = 195;

export function mathFunctionName(id: i32): string {
  switch (id) {
    case MATH_CEIL: return "ceil";
    case MATH_COPYSIGN: return "copysign";
    case MATH_EXP: return "exp";
    case MATH_FABS: return "fabs";
    case MATH_FLOOR: return "floor";
    case MATH_GCD: return "gcd";
    case MATH_ISFINITE: return "isfinite";
    case MATH_ISINF: return "isinf";
    case MATH_ISNAN: return "isnan";
    case MATH_ISQRT: return "isqrt";
    case MATH_LOG: return "log";
    case MATH_LOG10: return "log10";
    case MATH_LOG2: return "log2";
    case MATH_SQRT: return "sqrt";
    case MATH_TRUNC: return "trunc";
  }
  return "";
}

/** The module's functions in the order its dict gets them (math_methods: alphabetical, as CPython's table). */
export const MATH_FUNCTIONS: StaticArray<i32> = [
  MATH_CEIL, MATH_COPYSIGN, MATH_EXP, MATH_FABS, MATH_FLOOR, MATH_GCD, MATH_ISFINITE, MATH_ISINF, MATH_ISNAN, MATH_ISQRT,
  MATH_LOG, MATH_LOG2, MATH_LOG10, MATH_SQRT, MATH_TRUNC,
];

/** The constants, in math_exec's order: pi, e, tau, inf, nan. */
export function mathConstantName(i: i32): string {
  return i == 0 ? "pi" : i == 1 ? "e" : i == 2 ? "tau" : i == 3 ? "inf" : "nan";
}

export function mathConstant(i: i32): f64 {
  return i == 0 ? Math.PI : i == 1 ? Math.E : i == 2 ? 2 * Math.PI : i == 3 ? Infinity : NaN;
}

// ---- arguments ----------------------------------------------------------------------------

let argBase: u64 = 0;
/** Set when an argument's conversion raised. */
let bad = false;

function arg(i: i32): u64 {
  const previous = beginCategory(CAT_MUTATOR);
  const v = heapLoad64(argBase + (<u64>i << 3));
  endCategory(previous);
  return v;
}

/** PyLong_AsDouble: the int's value, or OverflowError for one beyond a double's range. */
function intAsDouble(o: u64): f64 {
  const v = N.intAsDouble(o);
  if (!isFinite(v)) { raise(EX_OVERFLOW, "int too large to convert to float"); bad = true; return -1; }
  return v;
}

/** PyFloat_AsDouble: a float's value; an int's through nb_float (a float object made and freed); else a TypeError. */
function asDouble(o: u64): f64 {
  const t = ty(o);
  if (t == T_FLOAT) return floatOf(o);
  if (t == T_INT || t == T_BOOL) {
    const v = intAsDouble(o);
    if (bad) return -1;
    const f = newFloat(v); // long_float's result, dropped at once
    if (f == 0) { bad = true; return -1; }
    decref(f);
    return v;
  }
  raiseBegin(EX_TYPE); msg("must be real number, not "); msgTypeName(o);
  bad = true;
  return -1;
}

function oneArg(id: i32, n: i32): bool {
  if (n == 1) return true;
  raiseBegin(EX_TYPE); msg("math."); msg(mathFunctionName(id)); msg("() takes exactly one argument (");
  msgCount(n); msg(" given)");
  return false;
}

function msgCount(n: i32): void {
  if (n >= 10) msgCount(n / 10);
  const d = n % 10;
  msg(d == 0 ? "0" : d == 1 ? "1" : d == 2 ? "2" : d == 3 ? "3" : d == 4 ? "4" : d == 5 ? "5" : d == 6 ? "6" : d == 7 ? "7" : d == 8 ? "8" : "9");
}

// ---- libm with CPython's special cases ------------------------------------------------------

// m_log, m_log2, m_log10 (their errno is not needed: math_1 tells the errors from the result)
function m_log(x: f64): f64 {
  if (isFinite(x)) return x > 0 ? Math.log(x) : x == 0 ? -Infinity : NaN;
  if (isNaN(x) || x > 0) return x;
  return NaN;
}

function m_log2(x: f64): f64 {
  if (!isFinite(x)) return isNaN(x) || x > 0 ? x : NaN;
  return x > 0 ? Math.log2(x) : x == 0 ? -Infinity : NaN;
}

function m_log10(x: f64): f64 {
  if (!isFinite(x)) return isNaN(x) || x > 0 ? x : NaN;
  return x > 0 ? log10(x) : x == 0 ? -Infinity : NaN;
}

/**
 * glibc's __ieee754_log10 (fdlibm's e_log10.c) for x > 0 on top of log
 * (AssemblyScript's Math.log agrees with glibc's): musl's own log10 differs
 * from glibc's in 0.2% of arguments, this one in none measured.
 */
function log10(x: f64): f64 {
  let bits = reinterpret<u64>(x);
  let hx = <i32>(bits >> 32);
  let k: i32 = 0;
  if (hx < 0x00100000) { // subnormal: scale up
    k -= 54;
    x *= 1.80143985094819840000e+16;
    bits = reinterpret<u64>(x);
    hx = <i32>(bits >> 32);
  }
  k += (hx >> 20) - 1023;
  const i = <i32>((<u32>k & 0x80000000) >> 31);
  hx = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  const y = <f64>(k + i);
  x = reinterpret<f64>((<u64><u32>hx << 32) | (bits & 0xffffffff));
  const z = y * 3.69423907715893078616e-13 + 4.34294481903251816668e-01 * Math.log(x);
  return z + y * 3.01029995663611771306e-01;
}

function libm1(id: i32, x: f64): f64 {
  switch (id) {
    case MATH_EXP: return Math.exp(x);
    case MATH_FABS: return Math.abs(x);
    case MATH_SQRT: return Math.sqrt(x);
    case MATH_LOG: return m_log(x);
    case MATH_LOG2: return m_log2(x);
    case MATH_LOG10: return m_log10(x);
  }
  return NaN;
}

/** math_1's checks of a result r of x: false with the exception raised. */
function math1Ok(x: f64, r: f64, canOverflow: bool): bool {
  if (isNaN(r) && !isNaN(x)) { raise(EX_VALUE, "math domain error"); return false; }
  if (!isFinite(r) && !isNaN(r) && isFinite(x)) {
    if (canOverflow) raise(EX_OVERFLOW, "math range error");
    else raise(EX_VALUE, "math domain error");
    return false;
  }
  return true;
}

/** math_1: the function of one float argument. */
function math1(id: i32, o: u64): u64 {
  const x = asDouble(o);
  if (bad) return 0;
  const r = libm1(id, x);
  if (!math1Ok(x, r, id == MATH_EXP)) return 0;
  return newFloat(r);
}

/** loghelper: an int is done without converting it to a float object, a huge one through its frexp. */
function logHelper(id: i32, o: u64): u64 {
  const t = ty(o);
  if (t == T_INT || t == T_BOOL) {
    if (N.intSize(o) <= 0) { raise(EX_VALUE, "math domain error"); return 0; }
    const x = N.intAsDouble(o);
    let r: f64;
    if (isFinite(x)) r = libm1(id, x);
    else {
      const m = N.bigFrexp();
      r = libm1(id, m) + libm1(id, 2.0) * <f64>N.frexpExp;
    }
    return newFloat(r);
  }
  return math1(id, o);
}

/** PyLong_FromDouble of an integral double (floor, ceil, trunc): the errors of a NaN and an infinity. */
function intFromDouble(v: f64): u64 {
  if (isNaN(v)) { raise(EX_VALUE, "cannot convert float NaN to integer"); return 0; }
  if (!isFinite(v)) { raise(EX_OVERFLOW, "cannot convert float infinity to integer"); return 0; }
  if (Math.abs(v) < 4611686018427387904.0) return newInt(<i64>v);
  N.bigReset();
  return chk(N.bigToInt(N.bigFromF64(v)));
}

/** floor, ceil, trunc: a float by its value; an int through its __floor__ (a bound method made, called, freed): itself for an int, a copy for a bool. */
function rounding(id: i32, o: u64): u64 {
  const t = ty(o);
  if (t == T_FLOAT) {
    const x = floatOf(o);
    return intFromDouble(id == MATH_FLOOR ? Math.floor(x) : id == MATH_CEIL ? Math.ceil(x) : Math.trunc(x));
  }
  if (t == T_INT || t == T_BOOL) {
    const m = boundBuiltin(id, o); // _PyObject_LookupSpecial: int.__floor__ bound to the int
    if (m == 0) return chk(0);
    let r: u64;
    if (t == T_INT) { incref(o); r = o; }
    else r = newInt(intValue(o)); // long_long: _PyLong_Copy, a small int
    decref(m);
    return r;
  }
  if (id == MATH_TRUNC) { raiseBegin(EX_TYPE); msg("type "); msgTypeName(o); msg(" doesn't define __trunc__ method"); return 0; }
  asDouble(o); // the TypeError
  return 0;
}

/** _PyNumber_Index of an argument: the int (bool included) itself, else a TypeError; `bad` when it failed. */
function indexArg(o: u64): bool {
  const t = ty(o);
  if (t == T_INT || t == T_BOOL) return true;
  raiseBegin(EX_TYPE); msg("'"); msgTypeName(o); msg("' object cannot be interpreted as an integer");
  return false;
}

/** An int argument's value when it fits CPython's two-digit fast paths (|v| < 2^60), else memsim's refusal. */
function smallIndex(id: i32, o: u64): i64 {
  const v = intValue(o);
  if (!fitsI64 || v >= (<i64>1 << 60) || v <= -(<i64>1 << 60)) {
    raiseBegin(EX_UNSUPPORTED); msg("math."); msg(mathFunctionName(id)); msg("() of an int of more than 60 bits is not supported yet (memsim)");
    bad = true;
    return 0;
  }
  return v;
}

function gcd(args: i32): u64 {
  if (args == 0) return newInt(0);
  const a0 = arg(0);
  if (!indexArg(a0)) return 0;
  // PyNumber_Index: the int itself (a bool's copy)
  let res: u64;
  if (ty(a0) == T_INT) { incref(a0); res = a0; } else res = newInt(intValue(a0));
  if (res == 0) return 0;
  if (args == 1) {
    // PyNumber_Absolute: the int itself when it is not negative
    if (N.intSize(res) >= 0) return res;
    const v = smallIndex(MATH_GCD, res);
    decref(res);
    if (bad) return 0;
    return newInt(-v);
  }
  for (let i = 1; i < args; i++) {
    const x = arg(i);
    if (!indexArg(x)) { decref(res); return 0; }
    incref(x);
    if (res == smallInt(1)) { decref(x); continue; } // res is one (an identity test)
    // _PyLong_GCD's simple path (both at most two digits): Euclid on longs, PyLong_FromLong
    let a = smallIndex(MATH_GCD, res);
    let b = bad ? 0 : smallIndex(MATH_GCD, x);
    if (bad) { decref(x); decref(res); return 0; }
    incref(res); incref(x); decref(res); decref(x); // (its own references to a and b)
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b != 0) { const t = b; b = a % b; a = t; }
    const g = newInt(a);
    decref(res);
    decref(x);
    res = g;
    if (res == 0) return 0;
  }
  return res;
}

function isqrt(o: u64): u64 {
  if (!indexArg(o)) return 0;
  const size = N.intSize(o);
  if (size < 0) { raise(EX_VALUE, "isqrt() argument must be nonnegative"); return 0; }
  if (size == 0) return newInt(0);
  const n = smallIndex(MATH_ISQRT, o);
  if (bad) return 0;
  incref(o); decref(o); // (_PyNumber_Index's reference, dropped once read)
  let r = <i64>Math.sqrt(<f64>n);
  while (r * r > n) r--;
  while ((r + 1) * (r + 1) <= n) r++;
  return newInt(r);
}

// ---- calls ------------------------------------------------------------------------------

/** Call math function `id` with the arguments at emulated `args` (n in all; the last kwCount of them keywords). */
export function mathCall(id: i32, args: u64, n: i32, kwCount: i32): u64 {
  argBase = args;
  bad = false;
  if (kwCount > 0) {
    raiseBegin(EX_TYPE);
    if (id != MATH_LOG) msg("math.");
    msg(mathFunctionName(id)); msg("() takes no keyword arguments");
    return 0;
  }
  switch (id) {
    case MATH_COPYSIGN: {
      if (n != 2) { raiseBegin(EX_TYPE); msg(mathFunctionName(id)); msg(" expected 2 arguments, got "); msgCount(n); return 0; }
      const x = asDouble(arg(0)); if (bad) return 0;
      const y = asDouble(arg(1)); if (bad) return 0;
      return newFloat(copysign<f64>(x, y)); // (math_2's errors cannot happen: copysign makes no NaN or infinity)
    }
    case MATH_LOG: {
      if (n < 1 || n > 2) { raise(EX_TYPE, "math.log requires 1 to 2 arguments"); return 0; }
      const num = logHelper(MATH_LOG, arg(0));
      if (num == 0 || n == 1) return num;
      const den = logHelper(MATH_LOG, arg(1));
      if (den == 0) { decref(num); return 0; }
      const r = binaryOp(num, den, 11, false); // PyNumber_TrueDivide
      decref(num);
      decref(den);
      return r;
    }
    case MATH_GCD: return gcd(n);
  }
  if (!oneArg(id, n)) return 0;
  const o = arg(0);
  switch (id) {
    case MATH_FLOOR: case MATH_CEIL: case MATH_TRUNC: return rounding(id, o);
    case MATH_ISFINITE: case MATH_ISINF: case MATH_ISNAN: {
      const x = asDouble(o);
      if (bad) return 0;
      return newBool(id == MATH_ISFINITE ? isFinite(x) : id == MATH_ISNAN ? isNaN(x) : !isFinite(x) && !isNaN(x));
    }
    case MATH_LOG2: case MATH_LOG10: return logHelper(id, o);
    case MATH_ISQRT: return isqrt(o);
  }
  return math1(id, o);
}
