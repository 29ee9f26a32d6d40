// "Did you mean" for NameError and AttributeError, as CPython 3.11's
// traceback display offers them (Python/suggestions.c): the candidate at the
// smallest Levenshtein distance (moves cost 2, a case flip 1) within
// (len(name) + len(candidate) + 3) * 2 / 6, the first one on ties; names are
// searched in the frame's varnames, then the globals, then the builtins;
// attributes in dir(obj) (sorted). The suggestion is appended to the
// exception's message after a mark (markHint): only the traceback shows it.

import { T_LIST, T_DICT, T_SET, T_STR, T_TUPLE, T_FIRST_CLASS, T_TYPE, typeNumber, mroLength, mroAt } from "../heap/objects/types";
import { typeOf } from "../heap/objects/object";
import { hasManagedDict, instanceAttrCount, instanceAttrName, instanceOwnDict } from "../heap/objects/instance";
import { strLength, peekChar } from "../heap/objects/str";
import { tupleGetItem, tupleLength } from "../heap/objects/tuple";
import { msg, msgStrObj, classRecord, markHint } from "./state";
import { dictNext, nextKey, nextPos } from "./ops";
import { builtinName, isMethodOf } from "./builtins";

const MAX_CANDIDATE_ITEMS: i32 = 750;
const MAX_STRING_SIZE: i32 = 40;
const MOVE_COST: i32 = 2;
const CASE_COST: i32 = 1;

const rowBuf = memory.data(MAX_STRING_SIZE * 4);
const aBuf = memory.data(1024 * 4);
const bBuf = memory.data(1024 * 4);

function substitutionCost(a: u32, b: u32): i32 {
  if ((a & 31) != (b & 31)) return MOVE_COST;
  if (a == b) return 0;
  if (a >= 65 && a <= 90) a += 32;
  if (b >= 65 && b <= 90) b += 32;
  return a == b ? CASE_COST : MOVE_COST;
}

/** levenshtein_distance over code points in aBuf[0..na) and bBuf[0..nb). */
function distance(na: i32, nb: i32, maxCost: i32): i32 {
  let a = aBuf, b = bBuf;
  let ao = 0, bo = 0;
  while (na > 0 && nb > 0 && load<u32>(a + (<usize>ao << 2)) == load<u32>(b + (<usize>bo << 2))) { ao++; bo++; na--; nb--; }
  while (na > 0 && nb > 0 && load<u32>(a + (<usize>(ao + na - 1) << 2)) == load<u32>(b + (<usize>(bo + nb - 1) << 2))) { na--; nb--; }
  if (na == 0 || nb == 0) return (na + nb) * MOVE_COST;
  if (na > MAX_STRING_SIZE || nb > MAX_STRING_SIZE) return maxCost + 1;
  if (nb < na) { const t = a; a = b; b = t; const to = ao; ao = bo; bo = to; const tn = na; na = nb; nb = tn; }
  if ((nb - na) * MOVE_COST > maxCost) return maxCost + 1;
  let tmp = MOVE_COST;
  for (let i = 0; i < na; i++) { store<i32>(rowBuf + (<usize>i << 2), tmp); tmp += MOVE_COST; }
  let result = 0;
  for (let bi = 0; bi < nb; bi++) {
    const code = load<u32>(b + (<usize>(bo + bi) << 2));
    let dist = bi * MOVE_COST;
    result = dist;
    let minimum = i32.MAX_VALUE;
    for (let i = 0; i < na; i++) {
      const substitute = dist + substitutionCost(code, load<u32>(a + (<usize>(ao + i) << 2)));
      dist = load<i32>(rowBuf + (<usize>i << 2));
      const insertDelete = min(result, dist) + MOVE_COST;
      result = min(insertDelete, substitute);
      store<i32>(rowBuf + (<usize>i << 2), result);
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

// a candidate: a str object, or (1 << 63 | i) for the static name lit[i]
const LIT: u64 = <u64>1 << 63;
let lit: string[] = [];
function litEntry(s: string): u64 {
  for (let i = 0; i < lit.length; i++) if (lit[i] == s) return LIT | <u64>i;
  lit.push(s);
  return LIT | <u64>(lit.length - 1);
}
function entryLen(e: u64): u64 {
  return (e & LIT) != 0 ? <u64>lit[<i32>(e & ~LIT)].length : strLength(e);
}
function entryChar(e: u64, i: u64): u32 {
  return (e & LIT) != 0 ? <u32>lit[<i32>(e & ~LIT)].charCodeAt(<i32>i) : peekChar(e, i);
}

let best: u64 = 0;
let bestDistance: i32 = i32.MAX_VALUE;
let nameLen: i32 = 0;
let candidates: i32 = 0;

function begin(name: u64): bool {
  best = 0;
  bestDistance = i32.MAX_VALUE;
  candidates = 0;
  if (typeOf(name) != T_STR) return false;
  const n = strLength(name);
  if (n > 1000) return false;
  nameLen = <i32>n;
  return true;
}

/** One candidate of calculate_suggestions. */
function consider(item: u64, name: u64): void {
  if ((item & LIT) == 0 && typeOf(item) != T_STR) return;
  const m = entryLen(item);
  if (m > 1000) return;
  for (let i: u64 = 0; i < <u64>nameLen; i++) store<u32>(aBuf + (<usize>i << 2), peekChar(name, i));
  let same = m == <u64>nameLen;
  for (let i: u64 = 0; i < m; i++) {
    const c = entryChar(item, i);
    store<u32>(bBuf + (<usize>i << 2), c);
    if (same && c != load<u32>(aBuf + (<usize>i << 2))) same = false;
  }
  if (same) return;
  let maxDistance = (nameLen + <i32>m + 3) * MOVE_COST / 6;
  if (bestDistance != i32.MAX_VALUE) maxDistance = min(maxDistance, bestDistance - 1);
  const d = distance(nameLen, <i32>m, maxDistance);
  if (d > maxDistance) return;
  if (best == 0 || d < bestDistance) { best = item; bestDistance = d; }
}

function finish(): bool {
  if (best == 0) return false;
  markHint();
  msg(". Did you mean: '");
  if ((best & LIT) != 0) msg(lit[<i32>(best & ~LIT)]); else msgStrObj(best);
  msg("'?");
  return true;
}

function dictCandidates(d: u64, name: u64): bool {
  if (d == 0 || typeOf(d) != T_DICT) return false;
  // a dict of MAX_CANDIDATE_ITEMS or more is not searched
  let count = 0;
  let pos: u64 = 0;
  while (dictNext(d, pos)) { pos = nextPos; count++; }
  if (count >= MAX_CANDIDATE_ITEMS) return false;
  pos = 0;
  best = 0; bestDistance = i32.MAX_VALUE;
  while (dictNext(d, pos)) { pos = nextPos; consider(nextKey, name); }
  return best != 0;
}

/** NameError: the frame's varnames (the first `nvarnames` of `localNames`), then the globals, then the builtins. */
export function suggestName(name: u64, localNames: u64, nvarnames: u32, globals: u64, builtins: u64): void {
  if (!begin(name)) return;
  if (localNames != 0 && typeOf(localNames) == T_TUPLE && <i32>nvarnames < MAX_CANDIDATE_ITEMS) {
    const n = min(<u64>nvarnames, tupleLength(localNames));
    for (let i: u64 = 0; i < n; i++) consider(tupleGetItem(localNames, i), name);
    if (finish()) return;
  }
  if (dictCandidates(globals, name)) { finish(); return; }
  if (dictCandidates(builtins, name)) finish();
}

// the candidates for dir(obj), collected then sorted (code-point order, as sorted(dir()))
const DIR_MAX: i32 = 512;
const dirBuf = memory.data(DIR_MAX * 8);
let dirCount: i32 = 0;
const OBJECT_DUNDERS: string[] = [
  "__class__", "__delattr__", "__dir__", "__doc__", "__eq__", "__format__", "__ge__", "__getattribute__", "__getstate__",
  "__gt__", "__hash__", "__init__", "__init_subclass__", "__le__", "__lt__", "__ne__", "__new__", "__reduce__",
  "__reduce_ex__", "__repr__", "__setattr__", "__sizeof__", "__str__", "__subclasshook__",
];

function dirAdd(s: u64): void {
  if (s == 0 || ((s & LIT) == 0 && typeOf(s) != T_STR) || dirCount >= DIR_MAX) return;
  for (let i = 0; i < dirCount; i++) if (strEq(load<u64>(dirBuf + (<usize>i << 3)), s)) return;
  store<u64>(dirBuf + (<usize>dirCount << 3), s);
  dirCount++;
}

function strEq(a: u64, b: u64): bool {
  const n = entryLen(a);
  if (n != entryLen(b)) return false;
  for (let i: u64 = 0; i < n; i++) if (entryChar(a, i) != entryChar(b, i)) return false;
  return true;
}

function strLess(a: u64, b: u64): bool {
  const n = entryLen(a), m = entryLen(b);
  for (let i: u64 = 0; i < n && i < m; i++) {
    const x = entryChar(a, i), y = entryChar(b, i);
    if (x != y) return x < y;
  }
  return n < m;
}

function dictKeysToDir(d: u64): void {
  if (d == 0 || typeOf(d) != T_DICT) return;
  let pos: u64 = 0;
  while (dictNext(d, pos)) { pos = nextPos; dirAdd(nextKey); }
}

/** AttributeError: candidates from dir(o) (sorted); `instanceDict` is o's own attribute dict or 0, `names` str objects of
 * the type's methods are found by `methodName` (a callback giving a str object for a method id, or 0). */
export function suggestAttr(o: u64, name: u64): void {
  if (!begin(name)) return;
  dirCount = 0;
  const t = typeOf(o);
  if (t >= T_FIRST_CLASS && hasManagedDict(o)) {
    const n = instanceAttrCount(o);
    if (n < 0) dictKeysToDir(instanceOwnDict(o));
    else for (let j = 0; j < n; j++) dirAdd(instanceAttrName(o, j));
  }
  let ct = t == T_TYPE ? typeNumber(o) : t;
  if (ct >= T_FIRST_CLASS) {
    // the dicts of the classes of its MRO
    const n = mroLength(ct);
    for (let i = 0; i < n; i++) {
      const c = mroAt(ct, i);
      const ns = c >= T_FIRST_CLASS ? load<u64>(classRecord(c) + 8) : 0;
      if (ns != 0) dictKeysToDir(ns);
    }
    ct = -1;
  }
  if (ct >= 0) {
    // the built-in type's methods (those memsim has)
    for (let id = 32; id < 200; id++) {
      const nm = builtinName(id);
      if (nm == "?" || !isMethodOf(ct, id)) continue;
      dirAdd(litEntry(nm));
    }
  }
  for (let i = 0; i < OBJECT_DUNDERS.length; i++) dirAdd(litEntry(OBJECT_DUNDERS[i]));
  if (dirCount >= MAX_CANDIDATE_ITEMS) return;
  // insertion sort
  for (let i = 1; i < dirCount; i++) {
    const x = load<u64>(dirBuf + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0 && strLess(x, load<u64>(dirBuf + (<usize>j << 3)))) { store<u64>(dirBuf + (<usize>(j + 1) << 3), load<u64>(dirBuf + (<usize>j << 3))); j--; }
    store<u64>(dirBuf + (<usize>(j + 1) << 3), x);
  }
  for (let i = 0; i < dirCount; i++) consider(load<u64>(dirBuf + (<usize>i << 3)), name);
  finish();
}
