// Loading a module image (docs/python.md, "The module image") from the input
// buffer: the constants become heap objects (as CPython's unmarshalled code
// holds them), each code record a code object of CPython's size with its
// instructions' low 16 bits in its code units, and a record in linear memory
// (state.ts CR_*) with the 32-bit instructions, the line table and the names.
// Every operand is checked here, so the eval loop never indexes out of range:
// a bad image is an error code and the byte offset, never a trap.

import { INPUT_PTR } from "../layout";
import { heapStore16, poke64, beginCategory, endCategory, CAT_ALLOC } from "../heap/memory";
import { NONE, TRUE, FALSE, OB_REFCNT } from "../heap/objects/layout";
import { T_STR, T_TUPLE, T_OBJECT, T_FROZENSET } from "../heap/objects/types";
import { incref, decref, xdecref, typeOf, newObject, immortalObjects, IMMORTAL_REFCNT } from "../heap/objects/object";
import { intFromDigits } from "../heap/objects/int";
import { floatNew } from "../heap/objects/float";
import { strFromCodePoints, bytesFrom } from "../heap/objects/str";
import { tupleNew, tupleSetItem, tupleLength, tupleGetItem } from "../heap/objects/tuple";
import { codeNew } from "../heap/objects/function";
import { setNew, setAdd } from "../heap/objects/set";
import {
  reserveState, sortAlloc, sortRelease, imagePtr, codeRecord, setCodeCount, codeCount, cpPtr, CP_MAX, internLookup, internHit, CODE_RECORD_SLOT,
  CR_CODE, CR_ARGCOUNT, CR_FLAGS, CR_FIRSTLINE, CR_STACKSIZE, CR_NLOCALS, CR_NCELL, CR_NFREE, CR_NINSTR, CR_INSTR, CR_LINES, CR_NHANDLERS, CR_HANDLERS,
  CR_NAME, CR_QUALNAME, CR_CONSTS, CR_NAMES, CR_LOCALNAMES, CR_FRAMESIZE, CR_KWONLY, CODE_RECORD, constPoolPtr, constPoolCapacity,
} from "./state";
import { setEllipsis } from "./ops";

export const IMAGE_MAGIC: u32 = 0x5950534d;
export const IMAGE_VERSION: u32 = 3;

let pos: u32 = 0;
let end: u32 = 0;
let base: usize = 0;
export let failOffset: i32 = 0;
/** The load failed for want of memory (the image's state, the verifier's scratch), not a bad image: failOffset -2 is instruction 1's. */
export let failedForMemory = false;
let failed = false;

function fail(): void {
  if (!failed) { failed = true; failOffset = <i32>pos; }
}

function rdU8(): u32 {
  if (pos + 1 > end) { fail(); return 0; }
  return <u32>load<u8>(base + pos++);
}

function u32_(): u32 {
  if (pos + 4 > end) { fail(); pos = end; return 0; }
  const v = load<u32>(base + pos);
  pos += 4;
  return v;
}

/** A count that must fit in the rest of the image at `unit` bytes per item. */
function count(unit: u32): u32 {
  const n = u32_();
  if (failed) return 0;
  if (<u64>n * <u64>unit > <u64>(end - pos)) { pos -= 4; fail(); return 0; }
  return n;
}

/** A str from UTF-8 bytes of the image; interned when `intern` (names, identifier-like constants). */
function readStr(intern: bool): u64 {
  const n = count(1);
  if (failed) return 0;
  let k: u64 = 0;
  const stop = pos + n;
  let identifier = n > 0;
  while (pos < stop) {
    const b = <u32>load<u8>(base + pos);
    let c: u32 = 0, len: u32 = 1;
    if (b < 0x80) c = b;
    else if ((b & 0xe0) == 0xc0) { c = b & 31; len = 2; }
    else if ((b & 0xf0) == 0xe0) { c = b & 15; len = 3; }
    else if ((b & 0xf8) == 0xf0) { c = b & 7; len = 4; }
    else { fail(); return 0; }
    if (pos + len > stop) { fail(); return 0; }
    for (let i: u32 = 1; i < len; i++) {
      const x = <u32>load<u8>(base + pos + i);
      if ((x & 0xc0) != 0x80) { fail(); return 0; }
      c = (c << 6) | (x & 63);
    }
    if (c > 0x10ffff || k >= <u64>CP_MAX) { fail(); return 0; }
    if (!(c == 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) identifier = false;
    store<u32>(cpPtr + (<usize>k << 2), c);
    k++;
    pos += len;
  }
  let s = strFromCodePoints(cpPtr, k);
  if (s == 0) { fail(); return 0; }
  if (intern || identifier) s = internStr(s);
  return s;
}

/** The interned str equal to s (s's reference is released when another one is found); a new reference. */
export function internStr(s: u64): u64 {
  const canon = internLookup(s);
  if (internHit) {
    decref(s);
    incref(canon);
    return canon;
  }
  if (canon == s) {
    if (immortalObjects()) poke64(s + OB_REFCNT, IMMORTAL_REFCNT); // 3.12: interned strs are immortal
    else incref(s); // the table's own reference
  }
  return s;
}

/** An interned str from an ASCII literal (a new reference), or 0. */
export function internAscii(lit: string): u64 {
  for (let i = 0; i < lit.length; i++) store<u32>(cpPtr + (<usize>i << 2), <u32>lit.charCodeAt(i));
  const s = strFromCodePoints(cpPtr, <u64>lit.length);
  if (s == 0) return 0;
  return internStr(s);
}

/** The interned str for a literal, borrowed (the intern table keeps it). */
export function internBorrowed(lit: string): u64 {
  const s = internAscii(lit);
  if (s != 0) decref(s);
  return s;
}

let ellipsisObject: u64 = 0;
let poolCount: u32 = 0;

function readConst(depth: u32, recIndex: u32): u64 {
  if (depth > 64) { fail(); return 0; }
  const tag = rdU8();
  if (failed) return 0;
  switch (tag) {
    case 0: incref(NONE); return NONE;
    case 1: incref(FALSE); return FALSE;
    case 2: incref(TRUE); return TRUE;
    case 3: incref(ellipsisObject); return ellipsisObject;
    case 4: {
      const neg = rdU8() != 0;
      const n = count(4);
      if (failed) return 0;
      if (n > (CP_MAX >> 1)) { fail(); return 0; }
      for (let i: u32 = 0; i < n; i++) {
        const d = u32_();
        if (d >= (1 << 30)) { pos -= 4; fail(); return 0; }
        store<u32>(cpPtr + (<usize>i << 2), d);
      }
      const o = intFromDigits(cpPtr, <i32>n, neg);
      if (o == 0) fail();
      return o;
    }
    case 5: {
      if (pos + 8 > end) { fail(); return 0; }
      const v = load<f64>(base + pos);
      pos += 8;
      const o = floatNew(v);
      if (o == 0) fail();
      return o;
    }
    case 6: return readStr(false);
    case 7: {
      const n = count(1);
      if (failed) return 0;
      if (n + 8 > (CP_MAX << 2)) { fail(); return 0; }
      memory.copy(cpPtr, base + pos, n);
      pos += n;
      const o = bytesFrom(cpPtr, <u64>n);
      if (o == 0) fail();
      return o;
    }
    case 8: {
      const n = count(1);
      if (failed) return 0;
      const t = tupleNew(<u64>n);
      if (t == 0) { fail(); return 0; }
      for (let i: u32 = 0; i < n; i++) {
        const item = readConst(depth + 1, recIndex);
        if (failed) { decref(t); return 0; }
        tupleSetItem(t, <u64>i, item);
        decref(item);
      }
      return t;
    }
    case 10: {
      // a frozenset: built as PyFrozenSet_New over the items in the image's order
      const n = count(1);
      if (failed) return 0;
      const fs = setNew(T_FROZENSET);
      if (fs == 0) { fail(); return 0; }
      for (let i: u32 = 0; i < n; i++) {
        const at = pos;
        const item = readConst(depth + 1, recIndex);
        if (failed) { decref(fs); return 0; }
        const r = setAdd(fs, item);
        decref(item);
        if (r != 0) { pos = at; fail(); decref(fs); return 0; }
      }
      return fs;
    }
    case 11: {
      // a shared constant, written in full: it takes the next pool slot; the AST's references (CPython's
      // parser arena keeps its constants until the script has run) are never released
      const slot = u32_();
      if (failed) return 0;
      if (slot != poolCount || slot >= constPoolCapacity) { pos -= 4; fail(); return 0; }
      const astRefs = rdU8();
      const body = rdU8();
      if (failed) return 0;
      if (body == 11 || body == 12 || body == 9 || body < 4) { pos -= 1; fail(); return 0; }
      pos -= 1;
      store<u64>(constPoolPtr + (<usize>slot << 3), 0);
      poolCount++;
      const o = readConst(depth + 1, recIndex);
      if (failed) return 0;
      store<u64>(constPoolPtr + (<usize>slot << 3), o);
      for (let i: u32 = 0; i < astRefs; i++) incref(o);
      return o;
    }
    case 12: {
      const slot = u32_();
      if (failed) return 0;
      const o = slot < poolCount ? load<u64>(constPoolPtr + (<usize>slot << 3)) : 0;
      if (o == 0) { pos -= 4; fail(); return 0; } // not yet defined, or still being read (a tuple holding itself)
      incref(o);
      return o;
    }
    case 9: {
      const i = u32_();
      if (failed) return 0;
      if (i >= recIndex) { pos -= 4; fail(); return 0; }
      const c = load<u64>(codeRecord(i) + CR_CODE);
      incref(c);
      return c;
    }
  }
  pos -= 1;
  fail();
  return 0;
}

/** A tuple of `n` strs read from the image (interned). */
function readNames(n: u32): u64 {
  const t = tupleNew(<u64>n);
  if (t == 0) { fail(); return 0; }
  for (let i: u32 = 0; i < n; i++) {
    const s = readStr(true);
    if (failed) { decref(t); return 0; }
    tupleSetItem(t, <u64>i, s);
    decref(s);
  }
  return t;
}

// opcodes and what their operand indexes
const K_NONE: i32 = 0, K_CONST = 1, K_NAME = 2, K_LOCAL = 3, K_JUMP = 4, K_GLOBAL = 5, K_COUNT = 6, K_CMP = 7, K_BINOP = 8, K_FLAG = 9, K_KWNAMES = 10, K_FORMAT = 11, K_MAKEFN = 12, K_SLICE = 13, K_STACKN = 14, K_FREE = 15, K_RAISE = 16;

function operandKind(op: u32): i32 {
  switch (op) {
    case 1: case 2: case 9: case 10: case 11: case 12: case 15: case 25: case 60: case 61: case 68: case 71: case 82: case 83:
    case 75: case 86: case 69: // RETURN_GENERATOR, YIELD_VALUE, GET_YIELD_FROM_ITER
    case 94: // UNPACK_EX: the verifier bounds its counts
    case 35: case 36: case 74: case 89: // PUSH_EXC_INFO, CHECK_EXC_MATCH, LOAD_ASSERTION_ERROR, POP_EXCEPT
    case 53: case 49: // BEFORE_WITH, WITH_EXCEPT_START
      return K_NONE;
    case 130: return K_RAISE; // RAISE_VARARGS
    case 119: return K_COUNT; // RERAISE: how deep its lasti lies
    case 142: return K_FLAG; // CALL_FUNCTION_EX
    case 164: case 165: return K_STACKN; // DICT_MERGE, DICT_UPDATE
    case 135: case 136: case 137: case 138: case 139: case 148: return K_LOCAL; // cells and free variables: localsplus indices
    case 149: return K_FREE;
    case 100: return K_CONST;
    case 172: return K_KWNAMES;
    case 101: case 90: case 91: case 97: case 98: case 106: case 95: case 96: case 160: case 108: case 109: return K_NAME;
    case 116: return K_GLOBAL;
    case 124: case 125: case 126: return K_LOCAL;
    case 93: case 110: case 140: case 114: case 115: case 175: case 176: case 128: case 129: case 173: case 174: case 111: case 112:
    case 123: case 134: // SEND, JUMP_BACKWARD_NO_INTERRUPT
      return K_JUMP;
    case 99: case 120: case 145: case 146: case 147: case 162: case 163: return K_STACKN;
    case 102: case 103: case 104: case 105: case 156: case 157: case 92: case 171: return K_COUNT;
    case 107: return K_CMP;
    case 122: return K_BINOP;
    case 117: case 118: return K_FLAG;
    case 155: return K_FORMAT;
    case 132: return K_MAKEFN;
    case 133: return K_SLICE;
  }
  return -1;
}

// ---- the stack verifier -------------------------------------------------------------------------
// Along every path, each instruction finds enough values on the stack, the
// depth never exceeds stacksize, paths meet with the same depth, and a NULL
// (PUSH_NULL, LOAD_GLOBAL's, LOAD_METHOD's) only reaches CALL's callable slot:
// so a corrupted image is refused at load instead of trapping when run. An
// abstract stack of kinds per jump target (in the sort scratch: free while loading).

const V_OBJ: u8 = 1, V_NULL: u8 = 2, V_MAYBE: u8 = 3;

let vDepth: i32 = 0;
let vStack: usize = 0;
let vSize: i32 = 0;

/** Apply instruction (op, arg) to the abstract stack; false when it does not fit. `jump`: the branch taken. */
function vApply(op: u32, arg: u32, jump: bool): bool {
  let need: i32 = 0, pop: i32 = 0, push: i32 = 0;
  switch (op) {
    case 9: return true;
    case 2: return vPush(V_NULL); // PUSH_NULL
    case 74: return vPush(V_OBJ); // LOAD_ASSERTION_ERROR
    case 35: need = 1; pop = 1; push = 2; break; // PUSH_EXC_INFO: the exception handled before, then the new one
    case 89: need = 1; pop = 1; break; // POP_EXCEPT
    case 36: need = 2; pop = 1; push = 1; break; // CHECK_EXC_MATCH: the class popped, the exception kept, a bool pushed
    case 53: need = 1; pop = 1; push = 2; break; // BEFORE_WITH: the manager replaced by __exit__, __enter__'s result above it
    case 49: need = 4; push = 1; break; // WITH_EXCEPT_START: __exit__, lasti, the exception handled before and the exception stay
    case 130: return vNeed(<i32>arg); // RAISE_VARARGS (no fall-through)
    case 119: return vNeed(<i32>arg + 1); // RERAISE: the exception, its lasti `arg` deep (no fall-through)
    case 100: case 101: case 124: case 137: case 148: case 136: case 71: return vPush(V_OBJ);
    case 116: if ((arg & 1) != 0 && !vPush(V_NULL)) return false; return vPush(V_OBJ); // LOAD_GLOBAL
    case 160: { if (!vNeed(1)) return false; vDepth--; return vPush(V_MAYBE) && vPush(V_OBJ); } // LOAD_METHOD
    case 171: { // CALL n: [callable-or-NULL, callable-or-self, args...]
      const n = <i32>arg;
      if (n + 2 > vDepth || !vNeed(n + 1)) return false;
      vDepth -= n + 2;
      return vPush(V_OBJ);
    }
    case 90: case 97: case 125: case 138: case 1: case 96: need = 1; pop = 1; break; // STORE_*, POP_TOP, DELETE_ATTR
    case 91: case 98: case 126: case 139: case 135: case 149: case 172: return true;
    case 106: case 10: case 11: case 15: case 12: case 68: case 82: need = 1; pop = 1; push = 1; break;
    case 95: need = 2; pop = 2; break; // STORE_ATTR
    case 122: case 107: case 117: case 118: case 25: case 108: need = 2; pop = 2; push = 1; break;
    case 109: need = 1; pop = 1; push = 2; break; // IMPORT_FROM: the module stays, the name's value above it
    case 60: need = 3; pop = 3; break;
    case 61: need = 2; pop = 2; break;
    case 133: need = <i32>arg; pop = <i32>arg; push = 1; break;
    case 102: case 103: case 104: case 157: need = <i32>arg; pop = <i32>arg; push = 1; break;
    case 105: need = <i32>arg * 2; pop = need; push = 1; break;
    case 156: need = <i32>arg + 1; pop = need; push = 1; break;
    case 145: case 146: case 162: case 163: need = <i32>arg + 1; pop = 1; break; // LIST_APPEND, SET_ADD, LIST_EXTEND, SET_UPDATE
    case 147: need = <i32>arg + 2; pop = 2; break; // MAP_ADD
    case 155: need = (arg & 4) != 0 ? 2 : 1; pop = need; push = 1; break;
    case 92: need = 1; pop = 1; push = <i32>arg; break;
    case 94: need = 1; pop = 1; push = <i32>(arg & 0xff) + <i32>(arg >> 8) + 1; break; // UNPACK_EX
    case 142: { // CALL_FUNCTION_EX: [callable-or-NULL, callable, args tuple, (kwargs)]
      const k = <i32>(arg & 1) + 1;
      if (k + 2 > vDepth || !vNeed(k + 1)) return false;
      vDepth -= k + 2;
      return vPush(V_OBJ);
    }
    case 164: { // DICT_MERGE: the dict arg deep, the call's callable below it (its name in errors)
      if (<i32>arg + 3 > vDepth || !vNeed(<i32>arg + 2)) return false;
      vDepth--;
      return true;
    }
    case 165: need = <i32>arg + 1; pop = 1; break; // DICT_UPDATE
    case 93: need = 1; if (jump) pop = 1; else push = 1; break; // FOR_ITER
    case 110: case 140: return true;
    case 114: case 115: case 175: case 176: case 128: case 129: case 173: case 174: need = 1; pop = 1; break;
    case 111: case 112: need = 1; if (!jump) pop = 1; break;
    case 83: need = 1; pop = 1; break;
    case 132: need = 1 + <i32>popcnt<u32>(arg & 15); pop = need; push = 1; break;
    case 99: need = <i32>arg; break; // SWAP
    case 120: need = <i32>arg; push = 1; break; // COPY
    case 75: push = 1; break; // RETURN_GENERATOR: the value sent in when the generator starts
    case 86: need = 1; pop = 1; push = 1; break; // YIELD_VALUE: the value sent in on resumption
    case 69: need = 1; pop = 1; push = 1; break; // GET_YIELD_FROM_ITER
    case 123: need = 2; pop = jump ? 2 : 1; push = 1; break; // SEND: what the subiterator yields above it, or at its end its return value in its place
    case 134: return true; // JUMP_BACKWARD_NO_INTERRUPT
    default: return true; // unknown: NotImplementedError when run
  }
  if (!vNeed(need)) return false;
  vDepth -= pop;
  for (let i = 0; i < push; i++) if (!vPush(V_OBJ)) return false;
  return true;
}

function vNeed(k: i32): bool {
  if (k < 0 || k > vDepth) return false;
  for (let i = vDepth - k; i < vDepth; i++) if (load<u8>(vStack + <usize>i) != V_OBJ) return false;
  return true;
}

function vPush(kind: u8): bool {
  if (vDepth >= vSize) return false;
  store<u8>(vStack + <usize>vDepth, kind);
  vDepth++;
  return true;
}

function isJumpOp(op: u32): bool {
  return op == 93 || op == 110 || op == 140 || op == 114 || op == 115 || op == 175 || op == 176 || op == 128 || op == 129 ||
    op == 173 || op == 174 || op == 111 || op == 112 || op == 123 || op == 134;
}

/** No fall-through: unconditional jumps, RETURN_VALUE, YIELD's... (YIELD_VALUE falls through on resumption), unknown opcodes. */
function isTerminal(op: u32): bool {
  return op == 110 || op == 140 || op == 134 || op == 83 || op == 130 || op == 119 || operandKind(op) < 0;
}

/**
 * The stack check of one code's instructions; false with failOffset = -1 - (the instruction).
 * An exception handler starts with its entry's depth of values, then lasti if
 * it asks for it, then the exception: all objects.
 */
function verifyStack(instr: usize, n: u32, stacksize: u32, handlers: usize, nhandlers: u32): bool {
  if (n == 0) return true;
  const mark = sortAlloc(0);
  // target index per instruction (0: none, else 1 + slot)
  const map = sortAlloc((<u64>n + 1) >> 1);
  if (map == 0) { failOffset = -2; failedForMemory = true; return false; }
  memory.fill(map, 0, <usize>n << 2);
  let nt: u32 = 1; // slot 0: the entry (instruction 0)
  store<u32>(map, 1);
  for (let i: u32 = 0; i < n; i++) {
    const w = load<u32>(instr + (<usize>i << 2));
    if (isJumpOp(w & 0xff)) {
      const t = w >> 8;
      if (load<u32>(map + (<usize>t << 2)) == 0) { store<u32>(map + (<usize>t << 2), ++nt); }
    }
  }
  for (let h: u32 = 0; h < nhandlers; h++) {
    const t = load<u32>(handlers + (<usize>h << 4) + 8);
    if (load<u32>(map + (<usize>t << 2)) == 0) { store<u32>(map + (<usize>t << 2), ++nt); }
  }
  const where = sortAlloc((<u64>nt + 1) >> 1); // each slot's instruction
  if (where == 0) { sortRelease(mark); failOffset = -2; failedForMemory = true; return false; }
  for (let i: u32 = 0; i < n; i++) {
    const m = load<u32>(map + (<usize>i << 2));
    if (m != 0) store<u32>(where + (<usize>(m - 1) << 2), i);
  }
  const stride = <u64>stacksize + 1;
  const depths = sortAlloc((<u64>nt + 1) >> 1);
  const kinds = sortAlloc((<u64>nt * stride + 7) >> 3);
  const work = sortAlloc((<u64>nt + 1) >> 1);
  const onWork = sortAlloc((<u64>nt + 7) >> 3);
  const cur = sortAlloc((stride + 7) >> 3);
  if (depths == 0 || kinds == 0 || work == 0 || onWork == 0 || cur == 0) { sortRelease(mark); failOffset = -2; failedForMemory = true; return false; }
  for (let k: u32 = 0; k < nt; k++) store<i32>(depths + (<usize>k << 2), -1);
  memory.fill(onWork, 0, <usize>nt);
  vStack = cur;
  vSize = <i32>stacksize;
  // the entry: an empty stack
  store<i32>(depths, 0);
  let nwork: u32 = 1;
  store<u32>(work, 0);
  store<u8>(onWork, 1);
  let bad: i32 = -1;
  for (let h: u32 = 0; h < nhandlers && bad < 0; h++) {
    const e = handlers + (<usize>h << 4);
    vDepth = <i32>(load<u32>(e + 12) >> 1) + <i32>(load<u32>(e + 12) & 1) + 1;
    for (let i = 0; i < vDepth; i++) store<u8>(cur + <usize>i, V_OBJ);
    const ts = load<u32>(map + (<usize>load<u32>(e + 8) << 2)) - 1;
    if (!vMerge(ts, depths, kinds, stride, work, onWork, nwork)) bad = <i32>load<u32>(e + 8);
    nwork = vWorkCount;
  }
  while (nwork > 0 && bad < 0) {
    const slot = load<u32>(work + (<usize>(--nwork) << 2));
    store<u8>(onWork + slot, 0);
    let i = load<u32>(where + (<usize>slot << 2));
    vDepth = load<i32>(depths + (<usize>slot << 2));
    memory.copy(cur, kinds + <usize>(<u64>slot * stride), <usize>vDepth);
    while (true) {
      const w = load<u32>(instr + (<usize>i << 2));
      const op = w & 0xff, arg = w >> 8;
      if (isJumpOp(op)) {
        // the branch
        const saveDepth = vDepth;
        const before = sortAlloc(0);
        const tmp = sortAlloc((stride + 7) >> 3);
        if (tmp == 0) { bad = <i32>i; break; }
        memory.copy(tmp, cur, <usize>vDepth);
        if (!vApply(op, arg, true)) { bad = <i32>i; sortRelease(before); break; }
        const ts = load<u32>(map + (<usize>arg << 2)) - 1;
        if (!vMerge(ts, depths, kinds, stride, work, onWork, nwork)) { bad = <i32>i; sortRelease(before); break; }
        nwork = vWorkCount;
        vDepth = saveDepth;
        memory.copy(cur, tmp, <usize>vDepth);
        sortRelease(before);
      }
      if (!vApply(op, arg, false)) { bad = <i32>i; break; }
      if (isTerminal(op)) break;
      i++;
      if (i >= n) break; // running past the end: an error when run, not a trap
      const ns = load<u32>(map + (<usize>i << 2));
      if (ns != 0) {
        if (!vMerge(ns - 1, depths, kinds, stride, work, onWork, nwork)) { bad = <i32>i; break; }
        nwork = vWorkCount;
        break;
      }
    }
  }
  sortRelease(mark);
  if (bad >= 0) { failOffset = -1 - bad; return false; }
  return true;
}

let vWorkCount: u32 = 0;

/** Merge the current abstract stack into a target's: false when the depths differ; queued when it changed. */
function vMerge(slot: u32, depths: usize, kinds: usize, stride: u64, work: usize, onWork: usize, nwork: u32): bool {
  vWorkCount = nwork;
  const d = load<i32>(depths + (<usize>slot << 2));
  const k = kinds + <usize>(<u64>slot * stride);
  let changed = false;
  if (d < 0) {
    store<i32>(depths + (<usize>slot << 2), vDepth);
    memory.copy(k, vStack, <usize>vDepth);
    changed = true;
  } else {
    if (d != vDepth) return false;
    for (let i = 0; i < vDepth; i++) {
      const a = load<u8>(k + <usize>i), b = load<u8>(vStack + <usize>i);
      if ((a | b) != a) { store<u8>(k + <usize>i, a | b); changed = true; }
    }
  }
  if (changed && load<u8>(onWork + slot) == 0) {
    store<u8>(onWork + slot, 1);
    store<u32>(work + (<usize>vWorkCount << 2), slot);
    vWorkCount++;
  }
  return true;
}

/** Check every instruction's operand against the code's tables. */
function checkInstructions(r: usize, instr: usize, n: u32, nconsts: u32, nnames: u32, nlocalsplus: u32, stacksize: u32, consts: u64): bool {
  for (let i: u32 = 0; i < n; i++) {
    const w = load<u32>(instr + (<usize>i << 2));
    const op = w & 0xff, arg = w >> 8;
    const k = operandKind(op);
    let ok = true;
    switch (k) {
      case -1: ok = true; break; // unknown opcodes fail when run (NotImplementedError), not at load
      case K_CONST: ok = arg < nconsts; break;
      case K_KWNAMES: {
        ok = arg < nconsts;
        if (ok) {
          const t = tupleGetItem(consts, <u64>arg);
          ok = typeOf(t) == T_TUPLE;
          if (ok) for (let j: u64 = 0; j < tupleLength(t); j++) if (typeOf(tupleGetItem(t, j)) != T_STR) ok = false;
        }
        break;
      }
      case K_NAME: ok = arg < nnames; break;
      case K_GLOBAL: ok = (arg >> 1) < nnames; break;
      case K_LOCAL: ok = arg < nlocalsplus; break;
      case K_JUMP: ok = arg < n; break;
      case K_FREE: ok = arg <= load<u32>(r + CR_NFREE); break;
      case K_STACKN: ok = arg >= 1 && arg <= stacksize; break;
      case K_COUNT: ok = arg <= stacksize + 1; break;
      case K_CMP: ok = arg <= 5; break;
      case K_BINOP: ok = arg <= 25; break;
      case K_FLAG: ok = arg <= 1; break;
      case K_FORMAT: ok = arg <= 7; break;
      case K_MAKEFN: ok = arg <= 15; break;
      case K_SLICE: ok = arg == 2 || arg == 3; break;
      case K_RAISE: ok = arg <= 2; break;
    }
    if (!ok) { failOffset = -1 - <i32>i; return false; }
  }
  return true;
}

/** Parse the image of `length` bytes in the input buffer: the module's code object, or 0 (failOffset says where). */
export function loadImage(length: u32): u64 {
  failed = false;
  failOffset = 0;
  failedForMemory = false;
  base = INPUT_PTR;
  pos = 0;
  end = length;
  if (u32_() != IMAGE_MAGIC) { pos = 0; fail(); return 0; }
  const version = u32_();
  if (version != IMAGE_VERSION && version != 2 && version != 1) { pos = 4; fail(); return 0; } // 1: no shared constants (tags 11, 12); 1, 2: no exception tables
  const fnLen = count(1);
  if (failed) return 0;
  pos += fnLen;
  const ncode = count(40);
  if (failed) return 0;
  if (ncode == 0) { pos -= 4; fail(); return 0; }
  if (!reserveState(length, ncode)) { failOffset = -2; failedForMemory = true; failed = true; return 0; }
  memory.copy(imagePtr, INPUT_PTR, length);
  base = imagePtr;
  // Ellipsis: a plain object kept for the run
  ellipsisObject = newObject(T_OBJECT, 16);
  if (ellipsisObject == 0) { fail(); return 0; }
  setEllipsis(ellipsisObject);
  poolCount = 0;
  for (let ci: u32 = 0; ci < ncode; ci++) {
    const r = codeRecord(ci);
    memory.fill(r, 0, CODE_RECORD);
    const argcount = u32_(), kwonly = u32_(), flags = u32_(), firstline = u32_(), stacksize = u32_();
    if (failed) return 0;
    if (kwonly > 255 || stacksize > 4096 || argcount > 255) { pos -= 20; fail(); return 0; }
    const name = readStr(true);
    if (failed) return 0;
    const qualname = readStr(true);
    if (failed) { decref(name); return 0; }
    const nconsts = count(1);
    const consts = failed ? 0 : tupleNew(<u64>nconsts);
    if (failed || consts == 0) { fail(); decref(name); decref(qualname); return 0; }
    for (let i: u32 = 0; i < nconsts; i++) {
      const c = readConst(0, ci);
      if (failed) { decref(consts); decref(name); decref(qualname); return 0; }
      tupleSetItem(consts, <u64>i, c);
      decref(c);
    }
    const nnames = count(4);
    const names = failed ? 0 : readNames(nnames);
    if (failed) { decref(consts); decref(name); decref(qualname); return 0; }
    const nlocals = count(4);
    if (failed) return 0;
    const varStart = pos;
    // local names: varnames, cellvars, freevars in one tuple
    const mark = pos;
    for (let i: u32 = 0; i < nlocals; i++) { const n = count(1); pos += n; if (failed) return 0; }
    const ncell = count(4);
    for (let i: u32 = 0; i < ncell && !failed; i++) { const n = count(1); pos += n; }
    const nfree = count(4);
    for (let i: u32 = 0; i < nfree && !failed; i++) { const n = count(1); pos += n; }
    if (failed) return 0;
    const afterNames = pos;
    // the parameters (positional, keyword-only, *args, **kwargs) are the first locals
    if (argcount + kwonly + ((flags >> 2) & 1) + ((flags >> 3) & 1) > nlocals) { pos = varStart; fail(); return 0; }
    const nlocalsplus = nlocals + ncell + nfree;
    const localnames = tupleNew(<u64>nlocalsplus);
    if (localnames == 0) { fail(); return 0; }
    pos = mark;
    let k: u64 = 0;
    for (let i: u32 = 0; i < nlocals; i++) { const s = readStr(true); if (failed) { decref(localnames); return 0; } tupleSetItem(localnames, k++, s); decref(s); }
    pos += 4;
    for (let i: u32 = 0; i < ncell; i++) { const s = readStr(true); if (failed) { decref(localnames); return 0; } tupleSetItem(localnames, k++, s); decref(s); }
    pos += 4;
    for (let i: u32 = 0; i < nfree; i++) { const s = readStr(true); if (failed) { decref(localnames); return 0; } tupleSetItem(localnames, k++, s); decref(s); }
    if (failed || pos != afterNames) { fail(); return 0; }
    const ninstr = count(8);
    if (failed) return 0;
    const instr = base + pos;
    pos += ninstr << 2;
    const lines = base + pos;
    pos += ninstr << 2;
    // the exception table (version 3): entries of four u32, each range inside the code, its handler's stack within stacksize
    let nhandlers: u32 = 0;
    const handlers = base + pos + 4;
    if (version >= 3) {
      nhandlers = count(16);
      if (failed) return 0;
      for (let h: u32 = 0; h < nhandlers; h++) {
        const e = handlers + (<usize>h << 4);
        const start = load<u32>(e), stop = load<u32>(e + 4), target = load<u32>(e + 8), depth = load<u32>(e + 12) >> 1, lasti = load<u32>(e + 12) & 1;
        if (start >= stop || stop > ninstr || target >= ninstr || depth + lasti + 1 > stacksize) { pos += h << 4; fail(); return 0; }
      }
      pos += nhandlers << 4;
    }
    store<u32>(r + CR_NFREE, nfree);
    if (!checkInstructions(r, instr, ninstr, nconsts, nnames, nlocalsplus, stacksize, consts)) { failed = true; return 0; }
    if (!verifyStack(instr, ninstr, stacksize, handlers, nhandlers)) { failed = true; return 0; }
    const code = codeNew(<u64>ninstr, consts, names);
    decref(consts);
    decref(names);
    if (code == 0) { fail(); return 0; }
    // the code units (unmarshalling copies the bytecode into the object)
    const previous = beginCategory(CAT_ALLOC);
    for (let i: u32 = 0; i < ninstr; i++) heapStore16(code + 184 + (<u64>i << 1), load<u32>(instr + (<usize>i << 2)) & 0xffff);
    endCategory(previous);
    poke64(code + CODE_RECORD_SLOT, <u64>ci + 1);
    store<u64>(r + CR_CODE, code);
    store<u32>(r + CR_ARGCOUNT, argcount);
    store<u32>(r + CR_FLAGS, flags);
    store<u32>(r + CR_FIRSTLINE, firstline);
    store<u32>(r + CR_STACKSIZE, stacksize);
    store<u32>(r + CR_NLOCALS, nlocals);
    store<u32>(r + CR_NCELL, ncell);
    store<u32>(r + CR_NFREE, nfree);
    store<u32>(r + CR_NINSTR, ninstr);
    store<u32>(r + CR_INSTR, <u32>instr);
    store<u32>(r + CR_LINES, <u32>lines);
    store<u64>(r + CR_NAME, name);
    store<u64>(r + CR_QUALNAME, qualname);
    store<u64>(r + CR_CONSTS, tupleGetItemRef(code, 24));
    store<u64>(r + CR_NAMES, tupleGetItemRef(code, 32));
    store<u64>(r + CR_LOCALNAMES, localnames);
    store<u32>(r + CR_FRAMESIZE, 9 + nlocalsplus + stacksize + 1);
    store<u32>(r + CR_KWONLY, kwonly);
    store<u32>(r + CR_NHANDLERS, nhandlers);
    store<u32>(r + CR_HANDLERS, <u32>handlers);
    setCodeCount(ci + 1);
  }
  if (pos != end) { fail(); return 0; }
  return load<u64>(codeRecord(ncode - 1) + CR_CODE);
}

/** A field of the code object (its consts or names tuple; no cost: the record's copy). */
function tupleGetItemRef(code: u64, off: u64): u64 {
  return load<u64>(linearOf(code + off));
}

import { linear } from "../heap/memory";
function linearOf(p: u64): usize {
  return linear(p);
}

export function loadedCodes(): u32 {
  return codeCount;
}
