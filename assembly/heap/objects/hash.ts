// hash() and == as dict and set lookups use them (Python/pyhash.c,
// Objects/*object.c): str and bytes by SipHash-1-3 over their bytes with the
// all-zero key of PYTHONHASHSEED=0 (cached in the object), int modulo
// 2^61 - 1, float by _Py_HashDouble, tuple by the xxHash-based tuplehash,
// frozenset by frozenset_hash (cached in the object), and anything else by its
// address (_Py_HashPointer). Reads of object contents are costed (mutator).

import { heapLoad64, heapStore64, heapLoad32, peek64, beginCategory, endCategory, CAT_MUTATOR } from "../memory";
import {
  OB_SIZE, OB_TYPE, STR_HASH, STR_LENGTH, BYTES_HASH, BYTES_DATA, LONG_DIGITS, FLOAT_VALUE, TUPLE_ITEMS, SET_FILL, SET_USED, SET_MASK,
  SET_TABLE, SET_HASH, SET_DUMMY,
} from "./layout";
import {
  typeObject, typeNumber, T_STR, T_BYTES, T_INT, T_BOOL, T_FLOAT, T_TUPLE, T_LIST, T_DICT, T_SET, T_FROZENSET, T_FIRST_CLASS, isUnhashable,
  typeSlots, isAnySet, TS_HASH, TS_EQ,
} from "./types";
import { strData, strKind } from "./str";
import { incref, decref } from "./object";
import { setContainsEntry } from "./set";

/**
 * Set when the last hash or lookup failed: an unhashable object (list, dict,
 * set, a class whose __hash__ is None: the caller raises TypeError), or, with
 * `lookupRaised` also set, a script's __hash__ or __eq__ that raised (the
 * exception is pending: the caller only passes it on).
 */
export let unhashable = false;
export let lookupRaised = false;

// The interpreter's slot functions for classes of the script (python/slots.ts
// sets them): slot_tp_hash, and PyObject_RichCompareBool(a, b, Py_EQ) when a
// class's __eq__ is involved. Each returns what CPython's does and calls
// lookupFailed() when the script's code raised.
let slotHash: (o: u64) => i64 = noSlotHash;
let slotEq: (a: u64, b: u64) => i32 = noSlotEq;
function noSlotHash(o: u64): i64 { return hashPointer(o); }
function noSlotEq(a: u64, b: u64): i32 { return 0; }

export function setSlotHooks(h: (o: u64) => i64, e: (a: u64, b: u64) => i32): void {
  slotHash = h;
  slotEq = e;
}

/** The script's code raised while a key was hashed or compared (its exception pending). */
export function lookupFailed(): void {
  unhashable = true;
  lookupRaised = true;
}

/** No failure (yet): a lookup with a hash known beforehand starts so, and so does the script's code that returned (its own lookups set these). */
export function lookupReset(): void {
  unhashable = false;
  lookupRaised = false;
}

/**
 * Whether hashing (`eq` false) or comparing `o` with == may run the script's
 * code: an instance of a class with __hash__ (__eq__), or a tuple holding
 * one. Read without cost (type slots and the items' types), so that lookups
 * of built-in keys run as they always have.
 */
export function runsScript(o: u64, eq: bool): bool {
  const t = typeNumber(peek64(o + OB_TYPE));
  if (t >= T_FIRST_CLASS) return (typeSlots(t) & (eq ? TS_EQ : TS_HASH)) != 0;
  if (t == T_TUPLE) {
    const n = peek64(o + OB_SIZE);
    for (let i: u64 = 0; i < n; i++) if (runsScript(peek64(o + TUPLE_ITEMS + (i << 3)), eq)) return true;
  }
  // a frozenset's hash comes from its entries' stored hashes; comparing two compares their members
  if (t == T_FROZENSET && eq) {
    const table = peek64(o + SET_TABLE), mask = peek64(o + SET_MASK);
    for (let i: u64 = 0; i <= mask; i++) {
      const k = peek64(table + (i << 4));
      if (k != 0 && k != SET_DUMMY && runsScript(k, true)) return true;
    }
  }
  return false;
}

const MODULUS: u64 = (<u64>1 << 61) - 1;
const HASH_BITS: u64 = 61;

// @ts-ignore: decorator
@inline function rotl(x: u64, b: u64): u64 {
  return (x << b) | (x >> (64 - b));
}

/** SipHash-1-3 with key (0, 0) over `n` bytes at emulated `p` (8-byte aligned), read as 8-byte loads. */
function siphash13(p: u64, n: u64): u64 {
  let v0: u64 = 0x736f6d6570736575;
  let v1: u64 = 0x646f72616e646f6d;
  let v2: u64 = 0x6c7967656e657261;
  let v3: u64 = 0x7465646279746573;
  let b: u64 = n << 56;
  let i: u64 = 0;
  for (; i + 8 <= n; i += 8) {
    const m = heapLoad64(p + i);
    v3 ^= m;
    v0 += v1; v2 += v3; v1 = rotl(v1, 13) ^ v0; v3 = rotl(v3, 16) ^ v2; v0 = rotl(v0, 32);
    v2 += v1; v0 += v3; v1 = rotl(v1, 17) ^ v2; v3 = rotl(v3, 21) ^ v0; v2 = rotl(v2, 32);
    v0 ^= m;
  }
  if (i < n) b |= heapLoad64(p + i) & ((<u64>1 << ((n - i) << 3)) - 1);
  v3 ^= b;
  v0 += v1; v2 += v3; v1 = rotl(v1, 13) ^ v0; v3 = rotl(v3, 16) ^ v2; v0 = rotl(v0, 32);
  v2 += v1; v0 += v3; v1 = rotl(v1, 17) ^ v2; v3 = rotl(v3, 21) ^ v0; v2 = rotl(v2, 32);
  v0 ^= b;
  v2 ^= 0xff;
  for (let r = 0; r < 3; r++) {
    v0 += v1; v2 += v3; v1 = rotl(v1, 13) ^ v0; v3 = rotl(v3, 16) ^ v2; v0 = rotl(v0, 32);
    v2 += v1; v0 += v3; v1 = rotl(v1, 17) ^ v2; v3 = rotl(v3, 21) ^ v0; v2 = rotl(v2, 32);
  }
  return (v0 ^ v1) ^ (v2 ^ v3);
}

/** _Py_HashBytes: 0 for no bytes, never -1. */
function hashBytes(p: u64, n: u64): i64 {
  if (n == 0) return 0;
  const h = <i64>siphash13(p, n);
  return h == -1 ? -2 : h;
}

/** _Py_HashPointer: the address rotated right by 4. */
export function hashPointer(p: u64): i64 {
  const h = <i64>((p >> 4) | (p << 60));
  return h == -1 ? -2 : h;
}

/** long_hash over the digits. */
function hashLong(o: u64): i64 {
  const size = <i64>heapLoad64(o + OB_SIZE);
  if (size == 0) return 0;
  const n = size < 0 ? -size : size;
  let x: u64 = 0;
  for (let i = n - 1; i >= 0; i--) {
    x = ((x << 30) & MODULUS) | (x >> (HASH_BITS - 30));
    x += heapLoad32(o + LONG_DIGITS + (<u64>i << 2));
    if (x >= MODULUS) x -= MODULUS;
  }
  let h = size < 0 ? -<i64>x : <i64>x;
  return h == -1 ? -2 : h;
}

/** frexp: v = m x 2^e with 0.5 <= |m| < 1 (v finite, not 0). */
let frexpExponent: i32 = 0;
function frexp(v: f64): f64 {
  let bits = reinterpret<u64>(v);
  let e = <i32>((bits >> 52) & 0x7ff);
  let bias = 0;
  if (e == 0) { // subnormal: scale into the normal range first
    v *= 18014398509481984.0; // 2^54
    bits = reinterpret<u64>(v);
    e = <i32>((bits >> 52) & 0x7ff);
    bias = 54;
  }
  frexpExponent = e - 1022 - bias;
  return reinterpret<f64>((bits & 0x800F_FFFF_FFFF_FFFF) | (<u64>1022 << 52));
}

/** _Py_HashDouble. */
export function hashDouble(o: u64, v: f64): i64 {
  if (!isFinite(v)) return isNaN(v) ? hashPointer(o) : v > 0 ? 314159 : -314159;
  if (v == 0) return 0;
  let m = frexp(v);
  let e = frexpExponent;
  let sign: i64 = 1;
  if (m < 0) { sign = -1; m = -m; }
  let x: u64 = 0;
  while (m != 0) {
    x = ((x << 28) & MODULUS) | (x >> (HASH_BITS - 28));
    m *= 268435456.0;
    e -= 28;
    const y = <u64>m;
    m -= <f64>y;
    x += y;
    if (x >= MODULUS) x -= MODULUS;
  }
  const r: u64 = e >= 0 ? <u64>e % HASH_BITS : HASH_BITS - 1 - (<u64>(-1 - e) % HASH_BITS);
  x = ((x << r) & MODULUS) | (x >> (HASH_BITS - r));
  const h = sign * <i64>x;
  return h == -1 ? -2 : h;
}

// @ts-ignore: decorator
@inline function shuffleBits(h: u64): u64 {
  return ((h ^ 89869747) ^ (h << 16)) * 3644798167;
}

/**
 * frozenset_hash: every entry's hash field shuffled and xored (the unused
 * entries' zeros and the dummies' -1 too, their odd counts cancelled), the
 * size, a final dispersal; cached in the object's hash field.
 */
function frozensetHash(o: u64): i64 {
  const cached = <i64>heapLoad64(o + SET_HASH);
  if (cached != -1) return cached;
  const table = heapLoad64(o + SET_TABLE), mask = heapLoad64(o + SET_MASK);
  let h: u64 = 0;
  for (let i: u64 = 0; i <= mask; i++) h ^= shuffleBits(heapLoad64(table + (i << 4) + 8));
  const fill = heapLoad64(o + SET_FILL), used = heapLoad64(o + SET_USED);
  if (((mask + 1 - fill) & 1) != 0) h ^= shuffleBits(0);
  if (((fill - used) & 1) != 0) h ^= shuffleBits(<u64>-1);
  h ^= (used + 1) * 1927868237;
  h ^= (h >> 11) ^ (h >> 25);
  h = h * 69069 + 907133923;
  if (h == <u64>-1) h = 590923713;
  heapStore64(o + SET_HASH, h);
  return <i64>h;
}

/**
 * set_richcompare's == of two sets or frozensets: the sizes, two hashes
 * known to differ (frozensets'), then set_issubset (each of a's keys looked
 * up in b with its stored hash, held across the lookup). A script's __eq__
 * that raised: false, with `lookupRaised`.
 */
function setsEqual(a: u64, b: u64): bool {
  const n = heapLoad64(a + SET_USED);
  if (n != heapLoad64(b + SET_USED)) return false;
  const ha = <i64>heapLoad64(a + SET_HASH), hb = <i64>heapLoad64(b + SET_HASH);
  if (ha != -1 && hb != -1 && ha != hb) return false;
  if (heapLoad64(a + SET_USED) > heapLoad64(b + SET_USED)) return false; // (set_issubset's own test)
  const table = heapLoad64(a + SET_TABLE), mask = heapLoad64(a + SET_MASK);
  for (let i: u64 = 0; i <= mask; i++) {
    const k = heapLoad64(table + (i << 4));
    if (k == 0 || k == SET_DUMMY) continue;
    incref(k);
    const found = setContainsEntry(b, k, <i64>heapLoad64(table + (i << 4) + 8));
    decref(k);
    if (!found) return false;
  }
  return true;
}

const XXPRIME_1: u64 = 11400714785074694791;
const XXPRIME_2: u64 = 14029467366897019727;
const XXPRIME_5: u64 = 2870177450012600261;

/** PyObject_Hash; sets `unhashable` for lists, dicts and sets (a set key's failed hash reads its type alone, as tp_hash = PyObject_HashNotImplemented). Category: the caller's (mutator for lookups). */
export function hashObject(o: u64): i64 {
  const t = typeNumber(heapLoad64(o + OB_TYPE));
  switch (t) {
    case T_STR: {
      let h = <i64>heapLoad64(o + STR_HASH);
      if (h == -1) {
        h = hashBytes(strData(o), peek64(o + STR_LENGTH) * <u64>strKind(o));
        heapStore64(o + STR_HASH, <u64>h);
      }
      return h;
    }
    case T_BYTES: {
      let h = <i64>heapLoad64(o + BYTES_HASH);
      if (h == -1) {
        h = hashBytes(o + BYTES_DATA, heapLoad64(o + OB_SIZE));
        heapStore64(o + BYTES_HASH, <u64>h);
      }
      return h;
    }
    case T_INT: case T_BOOL: return hashLong(o);
    case T_FLOAT: return hashDouble(o, reinterpret<f64>(heapLoad64(o + FLOAT_VALUE)));
    case T_TUPLE: {
      const n = heapLoad64(o + OB_SIZE);
      let acc: u64 = XXPRIME_5;
      for (let i: u64 = 0; i < n; i++) {
        const lane = <u64>hashObject(heapLoad64(o + TUPLE_ITEMS + (i << 3)));
        if (unhashable) return -1;
        acc += lane * XXPRIME_2;
        acc = rotl(acc, 31);
        acc *= XXPRIME_1;
      }
      acc += n ^ (XXPRIME_5 ^ 3527539);
      return acc == <u64>-1 ? 1546275796 : <i64>acc;
    }
    case T_LIST: case T_DICT: case T_SET:
      unhashable = true;
      return -1;
    case T_FROZENSET: return frozensetHash(o);
  }
  if (isUnhashable(t)) { unhashable = true; return -1; } // a class whose __hash__ is None
  if ((typeSlots(t) & TS_HASH) != 0) return slotHash(o); // slot_tp_hash: the class's __hash__
  return hashPointer(o);
}

/** hash(o) for a lookup: unhashable reset, cost charged to mutator. */
export function hashForLookup(o: u64): i64 {
  unhashable = false;
  lookupRaised = false;
  const previous = beginCategory(CAT_MUTATOR);
  const h = hashObject(o);
  endCategory(previous);
  return h;
}

/** The numeric value of an int, bool or float for a mixed comparison (costed). */
function numberValue(o: u64, t: i32): f64 {
  if (t == T_FLOAT) return reinterpret<f64>(heapLoad64(o + FLOAT_VALUE));
  const size = <i64>heapLoad64(o + OB_SIZE);
  const n = size < 0 ? -size : size;
  let v: f64 = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 1073741824.0 + <f64>heapLoad32(o + LONG_DIGITS + (<u64>i << 2));
  return size < 0 ? -v : v;
}

/** Equal 8-byte words over `n` bytes at two emulated addresses (memcmp; the tail masked). */
function sameBytes(a: u64, b: u64, n: u64): bool {
  let i: u64 = 0;
  for (; i + 8 <= n; i += 8) if (heapLoad64(a + i) != heapLoad64(b + i)) return false;
  if (i < n) {
    const mask = (<u64>1 << ((n - i) << 3)) - 1;
    return ((heapLoad64(a + i) ^ heapLoad64(b + i)) & mask) == 0;
  }
  return true;
}

/**
 * a == b (PyObject_RichCompareBool) for keys: identity, then by type; a
 * class's __eq__ runs the script's code (an error: false, and lookupFailed).
 * Category: the caller's.
 */
export function objectsEqual(a: u64, b: u64): bool {
  if (a == b) return true;
  const ta = typeNumber(heapLoad64(a + OB_TYPE));
  const tb = typeNumber(heapLoad64(b + OB_TYPE));
  const numA = ta == T_INT || ta == T_BOOL || ta == T_FLOAT;
  const numB = tb == T_INT || tb == T_BOOL || tb == T_FLOAT;
  if (numA && numB) {
    if (ta != T_FLOAT && tb != T_FLOAT) {
      const size = heapLoad64(a + OB_SIZE);
      if (size != heapLoad64(b + OB_SIZE)) return false;
      const n = <i64>size < 0 ? -<i64>size : <i64>size;
      for (let i: i64 = 0; i < n; i++) {
        if (heapLoad32(a + LONG_DIGITS + (<u64>i << 2)) != heapLoad32(b + LONG_DIGITS + (<u64>i << 2))) return false;
      }
      return true;
    }
    return numberValue(a, ta) == numberValue(b, tb);
  }
  // a class's __eq__ (either side: the reflected one too), through PyObject_RichCompareBool
  if ((typeSlots(ta) & TS_EQ) != 0 || (typeSlots(tb) & TS_EQ) != 0) return slotEq(a, b) > 0;
  if (isAnySet(ta) && isAnySet(tb)) return setsEqual(a, b);
  if (ta != tb) return false;
  if (ta == T_STR) {
    const n = heapLoad64(a + STR_LENGTH);
    if (n != heapLoad64(b + STR_LENGTH) || strKind(a) != strKind(b)) return false;
    return sameBytes(strData(a), strData(b), n * <u64>strKind(a));
  }
  if (ta == T_BYTES) {
    const n = heapLoad64(a + OB_SIZE);
    return n == heapLoad64(b + OB_SIZE) && sameBytes(a + BYTES_DATA, b + BYTES_DATA, n);
  }
  if (ta == T_TUPLE) {
    const n = heapLoad64(a + OB_SIZE);
    if (n != heapLoad64(b + OB_SIZE)) return false;
    for (let i: u64 = 0; i < n; i++) {
      if (!objectsEqual(heapLoad64(a + TUPLE_ITEMS + (i << 3)), heapLoad64(b + TUPLE_ITEMS + (i << 3)))) return false;
    }
    return true;
  }
  return false;
}

/** Whether `o` is an exact str (costed type load, as PyUnicode_CheckExact). */
export function isStr(o: u64): bool {
  return heapLoad64(o + OB_TYPE) == typeObject(T_STR);
}
