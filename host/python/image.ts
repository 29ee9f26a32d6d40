// The module image of docs/python.md ("MSPY", version 1): code objects
// serialized for the core's pyLoad, and a decoder with a dis-like listing
// for tests and debugging. Version 2 shares equal constants (tags 11, 12);
// version 3 adds each code object's exception table after its line table:
// u32 count, then per entry u32 start, end (exclusive), target (instruction
// indices) and (depth << 1) | lasti.

import { reprConst, type PyConst } from "./ast.js";
import type { CodeObject, ExceptionTableEntry } from "./compiler.js";
import { OPCODES, OPNAMES, JUMPS } from "./opcodes.js";
import { constKey } from "./compiler.js";

export const IMAGE_MAGIC = 0x5950534d;
export const IMAGE_VERSION = 3;

class Writer {
  buf = new Uint8Array(1024);
  len = 0;
  private view = new DataView(this.buf.buffer);
  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const nb = new Uint8Array(size);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
    this.view = new DataView(nb.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.len, v >>> 0, true);
    this.len += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.len, v, true);
    this.len += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  str(s: string): void {
    const b = new TextEncoder().encode(s);
    this.u32(b.length);
    this.bytes(b);
  }
}

/** Code objects in the image's record order: nested code before the code holding it; the module last. */
export function codeRecordOrder(code: CodeObject, out: CodeObject[] = []): CodeObject[] {
  for (const c of code.consts) if (c !== null && typeof c === "object" && c.kind === "code") codeRecordOrder(c.code as CodeObject, out);
  out.push(code);
  return out;
}

/**
 * Whether the AST's reference to constant `c` shows: not for the objects
 * memsim keeps statically (small ints, '' and one-character strs, b'' and
 * one-byte bytes, the empty tuple), nor for identifier-like strs, which
 * memsim interns with a counted reference in the intern table (CPython 3.11
 * does not count the interned dict's) that stands for the AST's.
 */
function astHeld(c: PyConst): boolean {
  if (typeof c === "bigint") return c < -5n || c > 256n;
  if (typeof c === "string") return c.length > 1 && !/^[A-Za-z0-9_]+$/.test(c);
  if (typeof c === "number") return true;
  if (c !== null && typeof c === "object") {
    if (c.kind === "bytes") return c.data.length > 1;
    if (c.kind === "tuple" || c.kind === "frozenset") return c.items.length > 0 || c.kind === "frozenset";
  }
  return false;
}

export function encodeImage(module: CodeObject, filename: string): Uint8Array {
  const codes = codeRecordOrder(module);
  const index = new Map<CodeObject, number>(codes.map((c, i) => [c, i]));
  const w = new Writer();
  w.u32(IMAGE_MAGIC);
  w.u32(IMAGE_VERSION);
  w.str(filename);
  w.u32(codes.length);
  // Equal constants are one object module-wide (the compiler's constant cache):
  // the first occurrence in the image is written in full into a pool slot (tag
  // 11), the others refer to the slot (tag 12).
  const pool = new Map<string, number>();
  const konst = (c: PyConst): void => {
    if (c === null) return w.u8(0);
    if (c === false) return w.u8(1);
    if (c === true) return w.u8(2);
    if (typeof c !== "object" || c.kind !== "code" && c.kind !== "ellipsis") {
      const k = constKey(c);
      const slot = pool.get(k);
      if (slot !== undefined) {
        w.u8(12);
        return w.u32(slot);
      }
      pool.set(k, pool.size);
      w.u8(11);
      w.u32(pool.size - 1);
      w.u8(module.astConsts?.has(k) && astHeld(c) ? 1 : 0);
    }
    if (typeof c === "bigint") {
      w.u8(4);
      w.u8(c < 0n ? 1 : 0);
      let m = c < 0n ? -c : c;
      const digits: number[] = [];
      while (m > 0n) {
        digits.push(Number(m & 0x3fffffffn));
        m >>= 30n;
      }
      w.u32(digits.length);
      digits.forEach((d) => w.u32(d));
      return;
    }
    if (typeof c === "number") {
      w.u8(5);
      return w.f64(c);
    }
    if (typeof c === "string") {
      w.u8(6);
      return w.str(c);
    }
    switch (c.kind) {
      case "ellipsis":
        return w.u8(3);
      case "bytes":
        w.u8(7);
        w.u32(c.data.length);
        return w.bytes(c.data);
      case "tuple":
        w.u8(8);
        w.u32(c.items.length);
        c.items.forEach(konst);
        return;
      case "frozenset":
        // tag 10: only with the frozensetConstants option (an extension of docs/python.md)
        w.u8(10);
        w.u32(c.items.length);
        c.items.forEach(konst);
        return;
      case "code":
        w.u8(9);
        return w.u32(index.get(c.code as CodeObject)!);
    }
  };
  for (const code of codes) {
    w.u32(code.argcount);
    w.u32(code.kwonlyargcount);
    w.u32(code.flags);
    w.u32(code.firstlineno);
    w.u32(code.stacksize);
    w.str(code.name);
    w.str(code.qualname);
    w.u32(code.consts.length);
    code.consts.forEach(konst);
    // cellvars: the cells that are not arguments (an argument's cell lives in its
    // varnames slot, made by MAKE_CELL on that slot), so that the locals are
    // varnames ++ cellvars ++ freevars, the 3.11 "localsplus" the deref opargs index
    const cells = code.cellvars.filter((c) => !code.varnames.includes(c));
    for (const list of [code.names, code.varnames, cells, code.freevars]) {
      w.u32(list.length);
      list.forEach((s) => w.str(s));
    }
    w.u32(code.instrs.length);
    for (const i of code.instrs) {
      const op = OPCODES[i.op];
      if (op === undefined) throw new Error(`no opcode ${i.op}`);
      if (i.arg < 0 || i.arg >= 1 << 24) throw new Error(`oparg out of range: ${i.op} ${i.arg}`);
      w.u32(op | (i.arg << 8));
    }
    for (const i of code.instrs) w.u32(Math.max(0, i.line));
    w.u32(code.exceptionTable.length);
    for (const e of code.exceptionTable) {
      w.u32(e.start);
      w.u32(e.end);
      w.u32(e.target);
      w.u32((e.depth << 1) | (e.lasti ? 1 : 0));
    }
  }
  return w.buf.slice(0, w.len);
}

export interface DecodedCode extends Omit<CodeObject, "instrs" | "consts"> {
  kwonlyargcount: number;
  consts: PyConst[];
  /** decoded instructions: opcode name, raw oparg, line */
  instrs: { op: string; arg: number; line: number }[];
}

export interface DecodedImage {
  filename: string;
  codes: DecodedCode[];
}

export function decodeImage(img: Uint8Array): DecodedImage {
  const view = new DataView(img.buffer, img.byteOffset, img.byteLength);
  let p = 0;
  const fail = (msg: string): never => {
    throw new Error(`bad module image at byte ${p}: ${msg}`);
  };
  const u8 = () => (p + 1 <= img.length ? img[p++] : fail("truncated"));
  const u32 = () => {
    if (p + 4 > img.length) fail("truncated");
    const v = view.getUint32(p, true);
    p += 4;
    return v;
  };
  const str = () => {
    const n = u32();
    if (p + n > img.length) fail("truncated string");
    const s = new TextDecoder().decode(img.subarray(p, p + n));
    p += n;
    return s;
  };
  if (u32() !== IMAGE_MAGIC) fail("magic");
  const version = u32();
  // 1: no shared constants (tags 11, 12); 1 and 2: no exception tables
  if (version !== IMAGE_VERSION && version !== 1 && version !== 2) fail("version");
  const filename = str();
  const n = u32();
  const codes: DecodedCode[] = [];
  const pool: PyConst[] = [];
  const astConsts = new Set<string>();
  const konst = (): PyConst => {
    const tag = u8();
    switch (tag) {
      case 11: {
        const slot = pool.length;
        if (u32() !== slot) fail("pool slot out of order");
        const astRefs = u8();
        pool.push(null); // the slot is taken before a tuple's items take theirs
        const c = konst();
        if (astRefs) astConsts.add(constKey(c));
        return (pool[slot] = c);
      }
      case 12: {
        const slot = u32();
        if (slot >= pool.length) fail("pool slot not defined");
        return pool[slot];
      }
      case 0: return null;
      case 1: return false;
      case 2: return true;
      case 3: return { kind: "ellipsis" };
      case 4: {
        const neg = u8();
        const nd = u32();
        let v = 0n;
        const ds: number[] = [];
        for (let i = 0; i < nd; i++) ds.push(u32());
        for (let i = nd - 1; i >= 0; i--) v = (v << 30n) | BigInt(ds[i]);
        return neg ? -v : v;
      }
      case 5: {
        const v = view.getFloat64(p, true);
        p += 8;
        return v;
      }
      case 6: return str();
      case 7: {
        const len = u32();
        const d = img.slice(p, p + len);
        p += len;
        return { kind: "bytes", data: d };
      }
      case 8: {
        const len = u32();
        const items: PyConst[] = [];
        for (let i = 0; i < len; i++) items.push(konst());
        return { kind: "tuple", items };
      }
      case 10: {
        const len = u32();
        const items: PyConst[] = [];
        for (let i = 0; i < len; i++) items.push(konst());
        return { kind: "frozenset", items };
      }
      case 9: {
        const k = u32();
        if (k >= codes.length) fail("code constant refers to a later record");
        return { kind: "code", code: codes[k] };
      }
    }
    return fail(`const tag ${tag}`);
  };
  const strs = () => {
    const k = u32();
    const out: string[] = [];
    for (let i = 0; i < k; i++) out.push(str());
    return out;
  };
  for (let c = 0; c < n; c++) {
    const argcount = u32();
    const kwonlyargcount = u32();
    const flags = u32();
    const firstlineno = u32();
    const stacksize = u32();
    const name = str();
    const qualname = str();
    const nc = u32();
    const consts: PyConst[] = [];
    for (let i = 0; i < nc; i++) consts.push(konst());
    const names = strs();
    const varnames = strs();
    const cellvars = strs();
    const freevars = strs();
    const ni = u32();
    const raw: number[] = [];
    for (let i = 0; i < ni; i++) raw.push(u32());
    const instrs = raw.map((w) => ({ op: OPNAMES[w & 0xff] ?? `<${w & 0xff}>`, arg: w >>> 8, line: u32() }));
    const exceptionTable: ExceptionTableEntry[] = [];
    const ne = version >= 3 ? u32() : 0;
    for (let i = 0; i < ne; i++) {
      const start = u32();
      const end = u32();
      const target = u32();
      const dl = u32();
      if (start >= end || end > ni || target >= ni) fail("exception table entry out of range");
      exceptionTable.push({ start, end, target, depth: dl >>> 1, lasti: (dl & 1) === 1 });
    }
    codes.push({ argcount, kwonlyargcount, flags, firstlineno, stacksize, name, qualname, consts, names, varnames, cellvars, freevars, instrs, exceptionTable });
  }
  if (p !== img.length) fail("trailing bytes");
  if (codes.length) codes[codes.length - 1].astConsts = astConsts;
  return { filename, codes };
}

/** The 3.11 "localsplus" names of a code object: varnames, cells that are not arguments, free variables. */
export function localsplus(c: { varnames: string[]; cellvars: string[]; freevars: string[] }): string[] {
  return [...c.varnames, ...c.cellvars.filter((x) => !c.varnames.includes(x)), ...c.freevars];
}

export function constRepr(c: PyConst): string {
  if (c !== null && typeof c === "object" && c.kind === "code") return `<code ${(c.code as DecodedCode).name}>`;
  if (c !== null && typeof c === "object" && c.kind === "tuple") {
    if (c.items.length === 1) return `(${constRepr(c.items[0])},)`;
    return `(${c.items.map(constRepr).join(", ")})`;
  }
  return reprConst(c);
}

const NAME_OPS = new Set(["LOAD_NAME", "STORE_NAME", "DELETE_NAME", "STORE_GLOBAL", "DELETE_GLOBAL", "LOAD_ATTR", "STORE_ATTR", "DELETE_ATTR", "LOAD_METHOD", "IMPORT_NAME", "IMPORT_FROM"]);
const FAST_OPS = new Set(["LOAD_FAST", "STORE_FAST", "DELETE_FAST"]);
const DEREF_OPS = new Set(["MAKE_CELL", "LOAD_CLOSURE", "LOAD_DEREF", "STORE_DEREF", "DELETE_DEREF", "LOAD_CLASSDEREF"]);

/** An instruction's argument as dis shows it: a jump's target index, a constant's repr, a name. */
export function argValue(code: DecodedCode, i: { op: string; arg: number }): string | number | null {
  if (JUMPS.has(i.op)) return i.arg;
  if (i.op === "LOAD_CONST" || i.op === "KW_NAMES") return constRepr(code.consts[i.arg]);
  if (i.op === "LOAD_GLOBAL") return code.names[i.arg >> 1] + (i.arg & 1 ? "+NULL" : "");
  if (NAME_OPS.has(i.op)) return code.names[i.arg];
  if (FAST_OPS.has(i.op)) return code.varnames[i.arg];
  if (DEREF_OPS.has(i.op)) return localsplus(code)[i.arg];
  if (["POP_TOP", "PUSH_NULL", "NOP", "UNARY_POSITIVE", "UNARY_NEGATIVE", "UNARY_NOT", "UNARY_INVERT", "BINARY_SUBSCR", "STORE_SUBSCR", "DELETE_SUBSCR",
    "GET_ITER", "GET_YIELD_FROM_ITER", "LOAD_BUILD_CLASS", "RETURN_GENERATOR", "LIST_TO_TUPLE", "RETURN_VALUE", "YIELD_VALUE",
    "PUSH_EXC_INFO", "CHECK_EXC_MATCH", "LOAD_ASSERTION_ERROR", "POP_EXCEPT", "BEFORE_WITH", "WITH_EXCEPT_START"].includes(i.op)) return null;
  return i.arg;
}

const BINOP_NAMES = ["+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^"];

/** A dis-like listing of an image. */
export function disassemble(img: Uint8Array): string {
  const { filename, codes } = decodeImage(img);
  const out: string[] = [];
  for (let k = codes.length - 1; k >= 0; k--) {
    const c = codes[k];
    out.push(`Disassembly of <code ${c.qualname}> (${filename}, line ${c.firstlineno}; argcount ${c.argcount}, stacksize ${c.stacksize}, flags ${c.flags}):`);
    let prevLine = -1;
    c.instrs.forEach((ins, idx) => {
      const lineCol = ins.line !== prevLine ? String(ins.line).padStart(4) : "    ";
      prevLine = ins.line;
      const v = argValue(c, ins);
      let extra = "";
      if (ins.op === "BINARY_OP") extra = ` (${ins.arg >= 13 ? BINOP_NAMES[ins.arg - 13] + "=" : BINOP_NAMES[ins.arg]})`;
      else if (ins.op === "COMPARE_OP") extra = ` (${["<", "<=", "==", "!=", ">", ">="][ins.arg]})`;
      else if (JUMPS.has(ins.op)) extra = ` (to ${ins.arg})`;
      else if (typeof v === "string") extra = ` (${v})`;
      out.push(`${lineCol} ${String(idx).padStart(6)} ${ins.op.padEnd(28)} ${v === null ? "" : String(ins.arg)}${extra}`.trimEnd());
    });
    // as dis prints it: the first and last instruction covered
    if (c.exceptionTable.length) out.push("ExceptionTable:");
    for (const e of c.exceptionTable) out.push(`  ${e.start} to ${e.end - 1} -> ${e.target} [${e.depth}]${e.lasti ? " lasti" : ""}`);
    out.push("");
  }
  return out.join("\n");
}
