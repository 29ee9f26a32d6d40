// Code generation for memsim's Python subset: CPython 3.11's compile.c
// instruction sequences (same opcodes, same order, same constant folding and
// CFG optimizations: jump threading, dead-block removal, NOP removal, small
// exit-block inlining, line-number propagation), then memsim's encoding
// (see docs/python.md): no RESUME, no PRECALL, no caches, absolute jump targets.
//
// Constant sets compile as CPython 3.11's (a frozenset constant: image const
// tag 10, BUILD_SET 0 + LOAD_CONST + SET_UPDATE 1; `for`/`in` over a constant
// set display folds to the frozenset). With { frozensetConstants: false } the
// older encoding: LOAD_CONSTs + BUILD_SET n, and the set display stays.
//
// Encoding notes (docs/python.md leaves them open): deref opargs (MAKE_CELL,
// LOAD_CLOSURE, LOAD_DEREF, STORE_DEREF, DELETE_DEREF, LOAD_CLASSDEREF) are
// CPython 3.11's "localsplus" indices: varnames, then cells that are not
// arguments (sorted by name), then free variables (sorted by name); a line of
// 0 means "no line" (CPython's None); generator expressions have CO_GENERATOR
// (32) and start with RETURN_GENERATOR, POP_TOP.
//
// try and with statements compile as 3.11's: SETUP_FINALLY / SETUP_CLEANUP /
// SETUP_WITH / POP_BLOCK pseudo-instructions delimit the protected ranges until assembly, which
// labels every instruction with its handler (label_exception_targets), turns
// them into NOPs and writes CodeObject.exceptionTable (assemble_exception_table)
// in instruction indices. (3.11 keeps handlers where compile.c emits them: its
// assembler has no push_cold_blocks_to_end, that is 3.12's.)

import { PySyntaxError } from "./errors.js";
import type { Node, PyConst } from "./ast.js";
import { stackEffect } from "./opcodes.js";
import { buildSymtable, mangle, DEF_IMPORT, type Scope } from "./symtable.js";
import { optimize, truthy, foldOptions } from "./fold.js";

export const CO_OPTIMIZED = 1;
export const CO_NEWLOCALS = 2;
export const CO_VARARGS = 4;
export const CO_VARKEYWORDS = 8;
export const CO_NESTED = 16;
export const CO_GENERATOR = 32;

export interface Instruction {
  op: string;
  arg: number;
  line: number;
  /** end line, start and end column (co_positions, as UTF-8 byte offsets; -1 none); not in the image */
  pos?: Pos;
}

/** An instruction's location beyond its line: end line, start and end column (-1 none). */
export type Pos = readonly [endLine: number, col: number, endCol: number];
const NO_POS: Pos = [-1, -1, -1];
/** A saved location: line, end line, start and end column. */
type Loc = [number, number, number, number];

/** An exception table entry: instructions [start, end) go to `target` with the stack cut to `depth` (plus lasti pushed when `lasti`). */
export interface ExceptionTableEntry {
  start: number;
  end: number;
  target: number;
  depth: number;
  lasti: boolean;
}

export interface CodeObject {
  name: string;
  qualname: string;
  argcount: number;
  kwonlyargcount: number;
  flags: number;
  firstlineno: number;
  stacksize: number;
  consts: PyConst[];
  names: string[];
  varnames: string[];
  cellvars: string[];
  freevars: string[];
  instrs: Instruction[];
  /** The handlers' ranges, in instruction order (empty without a try statement). */
  exceptionTable: ExceptionTableEntry[];
  /** On the module's code: the constant keys (constKey) whose object the AST holds a reference to while the script runs. */
  astConsts?: Set<string>;
}

interface Instr {
  op: string;
  arg: number;
  target: Block | null;
  line: number;
  /** the rest of its location: end line, start and end column (UTF-8 byte offsets; -1 none) */
  pos?: Pos;
  /** for deref instructions: the variable, resolved to a localsplus index when assembling */
  deref?: string;
  /** the deref is the free variable of that name (a class body whose __class__ is both its implicit cell and free: compiler_nameop's FREE) */
  derefFree?: boolean;
  /** the handler that an exception raised here goes to (label_exception_targets) */
  except?: Block | null;
}

class Block {
  instrs: Instr[] = [];
  next: Block | null = null;
  preds = 0;
  startDepth = -1;
  visited = false;
  offset = 0;
  /** a handler that expects lasti under the exception (a SETUP_CLEANUP or SETUP_WITH target) */
  preserveLasti = false;
  /** label_exception_targets' stack of handlers at the block's start */
  exceptStack: (Block | null)[] | null = null;
  constructor(public id: number) {}
  get last(): Instr | undefined {
    return this.instrs[this.instrs.length - 1];
  }
}

const COND_JUMPS = new Set(["POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "POP_JUMP_IF_NONE", "POP_JUMP_IF_NOT_NONE", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP", "FOR_ITER", "SEND"]);
/** JUMP and JUMP_NO_INTERRUPT (yield from's loop back to SEND): 3.11's unconditional pseudo-jumps, forward or backward once laid out */
const isUncondJump = (i: Instr | undefined) => !!i && (i.op === "JUMP" || i.op === "JUMP_NO_INTERRUPT");
const isJump = (i: Instr | undefined) => !!i && (isUncondJump(i) || COND_JUMPS.has(i.op));
/** SETUP_FINALLY, SETUP_CLEANUP, SETUP_WITH: their target is the handler, not a jump */
const isBlockPush = (i: Instr) => i.op === "SETUP_FINALLY" || i.op === "SETUP_CLEANUP" || i.op === "SETUP_WITH";
const isScopeExit = (i: Instr | undefined) => !!i && (i.op === "RETURN_VALUE" || i.op === "RAISE_VARARGS" || i.op === "RERAISE");
const noFallthrough = (b: Block) => {
  const l = b.last;
  return !!l && (isUncondJump(l) || isScopeExit(l));
};
const isExit = (b: Block) => isScopeExit(b.last);

const BINOPS: Record<string, number> = {
  Add: 0, BitAnd: 1, FloorDiv: 2, LShift: 3, MatMult: 4, Mult: 5, Mod: 6, BitOr: 7, Pow: 8, RShift: 9, Sub: 10, Div: 11, BitXor: 12,
};
const CMPOPS: Record<string, number> = { Lt: 0, LtE: 1, Eq: 2, NotEq: 3, Gt: 4, GtE: 5 };
const STACK_USE_GUIDELINE = 30;

export function constKey(v: PyConst): string {
  if (v === null) return "N";
  if (v === true) return "T";
  if (v === false) return "F";
  if (typeof v === "bigint") return "i" + v.toString();
  if (typeof v === "number") return "f" + (Object.is(v, -0) ? "-0" : String(v));
  if (typeof v === "string") return "s" + v;
  if (v.kind === "bytes") return "b" + Array.from(v.data).join(",");
  if (v.kind === "ellipsis") return "E";
  if (v.kind === "tuple") return "t(" + v.items.map(constKey).join("|") + ")";
  if (v.kind === "frozenset") return "z(" + v.items.map(constKey).sort().join("|") + ")";
  // CPython merges equal code objects (code.__eq__): only the same AST node compiled
  // twice (a `while` test is compiled at the top and at the bottom of the loop) gives one.
  return "c" + codeIds.get(v.code as object);
}
const codeIds = new WeakMap<object, number>();
const nodeIds = new WeakMap<object, number>();
let nextNodeId = 0;
function nodeId(n: object): number {
  let id = nodeIds.get(n);
  if (id === undefined) {
    id = nextNodeId++;
    nodeIds.set(n, id);
  }
  return id;
}

/** compile.c's fblockinfo: what a return, break or continue unwinds (compiler_unwind_fblock). */
interface FBlock {
  type: "WHILE_LOOP" | "FOR_LOOP" | "TRY_EXCEPT" | "FINALLY_TRY" | "FINALLY_END" | "EXCEPTION_HANDLER" | "HANDLER_CLEANUP" | "POP_VALUE" | "WITH";
  block: Block | null;
  exit: Block | null;
  /** FINALLY_TRY: the finally body; HANDLER_CLEANUP: the `as` name; WITH: the with statement (its line) */
  datum?: Node[] | string | Node;
}

class Unit {
  consts: PyConst[] = [];
  constKeys = new Map<string, number>();
  names: string[] = [];
  varnames: string[];
  blocks: Block[] = [];
  entry: Block;
  cur: Block;
  /** The location the next instruction gets (CPython's u_lineno, u_end_lineno, u_col_offset, u_end_col_offset); lineno -1: none. */
  lineno = -1;
  endLineno = -1;
  col = -1;
  endCol = -1;
  argcount = 0;
  kwonlyargcount = 0;
  fblocks: FBlock[] = [];
  qualname = "";
  cellvars: string[];
  freevars: string[];
  constructor(
    public scope: Scope,
    public name: string,
    public kind: "module" | "function" | "class" | "lambda" | "comprehension",
    public firstlineno: number,
  ) {
    this.entry = this.newBlock();
    this.cur = this.entry;
    this.varnames = [...scope.varnames];
    const cells: string[] = [];
    const frees: string[] = [];
    for (const [n, sc] of scope.scopes) {
      if (sc === "CELL") cells.push(n);
      else if (sc === "FREE") frees.push(n);
    }
    if (scope.type === "class") {
      for (const n of scope.childFree) if (scope.scopes.get(n) === "LOCAL" && !frees.includes(n)) frees.push(n);
    }
    this.cellvars = cells.sort(cmpStr);
    // compiler_enter_scope cooks up the class's implicit __class__ cell (its only one: a class body's own names are never cells)
    if (scope.needsClassClosure) this.cellvars.unshift("__class__");
    this.freevars = frees.sort(cmpStr);
  }
  newBlock(): Block {
    const b = new Block(this.blocks.length);
    this.blocks.push(b);
    return b;
  }
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface CompileOptions {
  /**
   * Compile constant sets as CPython 3.11 does (a frozenset constant, BUILD_SET 0 +
   * LOAD_CONST + SET_UPDATE 1; image const tag 10). On by default; false gives
   * the older encoding without frozenset constants (LOAD_CONST x n + BUILD_SET n).
   */
  frozensetConstants?: boolean;
  /** Compile valid Python outside the interpreter's subset too (the front end's bytecode tests). */
  skipSubsetCheck?: boolean;
}

export function compile(mod: Node, options: CompileOptions = {}, source = ""): CodeObject {
  const frozen = options.frozensetConstants ?? true;
  foldOptions.frozensetConstants = frozen;
  try {
    optimize(mod);
  } finally {
    foldOptions.frozensetConstants = false;
  }
  const { top, map } = buildSymtable(mod);
  const c = new Compiler(top, map, utf8Columns(source));
  c.frozenset = frozen;
  const module = c.compileModule(mod);
  module.astConsts = new Set([...c.constOrigin].filter(([, ast]) => ast).map(([k]) => k));
  return module;
}

class Compiler {
  u!: Unit;
  frozenset = false;
  stack: Unit[] = [];
  /**
   * The compiler's constant cache (c_const_cache), module-wide: equal constants
   * are one object in every code object. The value: whether that object, the
   * first one compiled, is the parser's (a literal, or a constant the AST
   * optimizer folded), which CPython's AST arena holds a reference to until
   * the script has run.
   */
  constOrigin = new Map<string, boolean>();
  constructor(
    public top: Scope,
    public map: Map<Node, Scope>,
    /** a column of a line as the UTF-8 byte offset CPython's positions count in */
    public bytes: (line: number, col: number) => number,
  ) {}

  err(msg: string, n: Node): never {
    throw new PySyntaxError(msg, n.lineno!, n.col_offset! + 1, n.end_lineno!, n.end_col_offset! + 1);
  }

  // ---- emission ----
  useNext(b: Block): void {
    this.u.cur.next = b;
    this.u.cur = b;
  }
  nextBlock(): void {
    this.useNext(this.u.newBlock());
  }
  emit(op: string, arg = 0, target: Block | null = null, deref?: string): void {
    const cur = this.u.cur;
    // compiler_use_new_implicit_block_if_needed: a jump or an exit ends its block
    if (cur.last && (isJump(cur.last) || isScopeExit(cur.last))) this.nextBlock();
    const u = this.u;
    u.cur.instrs.push({ op, arg, target, line: u.lineno, pos: [u.endLineno, u.col, u.endCol], deref });
  }
  /** SET_LOC: the instructions emitted next get node `n`'s location. */
  setLoc(n: Node): void {
    const u = this.u;
    u.lineno = n.lineno!;
    u.endLineno = n.end_lineno!;
    u.col = this.bytes(n.lineno!, n.col_offset!);
    u.endCol = this.bytes(n.end_lineno!, n.end_col_offset!);
  }
  saveLoc(): Loc {
    const u = this.u;
    return [u.lineno, u.endLineno, u.col, u.endCol];
  }
  restoreLoc(l: Loc): void {
    const u = this.u;
    [u.lineno, u.endLineno, u.col, u.endCol] = l;
  }
  /** update_start_location_to_match_attr: an attribute's name on a later line than its start is where its instruction starts. */
  attrStart(e: Node): void {
    const u = this.u;
    if (u.lineno === e.end_lineno) return;
    u.lineno = e.end_lineno!;
    const len = [...(e.attr as string)].length; // (characters, from a byte offset: as CPython)
    const end = this.bytes(e.end_lineno!, e.end_col_offset!);
    if (len <= end) u.col = end - len;
    else u.col = u.endCol = -1;
    u.endLineno = Math.max(u.lineno, u.endLineno);
    if (u.lineno === u.endLineno) u.endCol = Math.max(u.col, u.endCol);
  }
  jump(op: string, target: Block): void {
    this.emit(op, 0, target);
  }
  jumpNoLine(op: string, target: Block): void {
    this.emitNoLine(op, 0, target);
  }
  /** An instruction without a line (CPython's ADDOP_NOLINE). */
  emitNoLine(op: string, arg = 0, target: Block | null = null): void {
    const l = this.u.lineno;
    this.u.lineno = -1;
    this.emit(op, arg, target);
    this.u.lineno = l;
  }
  /**
   * UNSET_LOC: the instructions emitted next are artificial (no line). 3.11
   * keeps the columns: an instruction given a line later (a NOP's, an exit's)
   * shows the columns of the code emitted before it.
   */
  unsetLoc(): void {
    this.u.lineno = -1;
  }
  addConst(v: PyConst, fromAst = false): number {
    this.registerConst(v, fromAst);
    const k = constKey(v);
    let i = this.u.constKeys.get(k);
    if (i === undefined) {
      i = this.u.consts.length;
      this.u.consts.push(v);
      this.u.constKeys.set(k, i);
    }
    return i;
  }
  loadConst(v: PyConst, fromAst = false): void {
    this.emit("LOAD_CONST", this.addConst(v, fromAst));
  }

  /** merge_consts_recursive: the constant and a tuple's or frozenset's items enter the module's cache. */
  registerConst(v: PyConst, fromAst: boolean): void {
    const k = constKey(v);
    if (!this.constOrigin.has(k)) this.constOrigin.set(k, fromAst);
    // The items of a constant tuple or frozenset are the literals' own objects (the parser's).
    if (v !== null && typeof v === "object" && (v.kind === "tuple" || v.kind === "frozenset")) {
      for (const item of v.items) this.registerConst(item, true);
    }
  }

  nameIndex(list: string[], name: string): number {
    let i = list.indexOf(name);
    if (i < 0) {
      i = list.length;
      list.push(name);
    }
    return i;
  }
  addName(op: string, name: string): void {
    this.emit(op, this.nameIndex(this.u.names, mangle(this.u.scope.privateName, name)));
  }

  // ---- scopes ----
  enterScope(node: Node, name: string, kind: Unit["kind"], firstlineno: number): void {
    const scope = this.map.get(node)!;
    const u = new Unit(scope, name, kind, firstlineno);
    if (this.u) this.stack.push(this.u);
    const parent = this.u;
    this.u = u;
    if (parent) {
      // compiler_set_qualname
      let base: string | null = null;
      if (this.stack.length > 1) {
        const mangled = mangle(parent.scope.privateName, name);
        const sc = parent.scope.scopes.get(mangled);
        const globalInParent = (parent.kind === "function" || parent.kind === "class") && sc === "GLOBAL_EXPLICIT";
        if (!globalInParent) {
          if (parent.kind === "function" || parent.kind === "lambda") base = parent.qualname + ".<locals>";
          else base = parent.qualname;
        }
      }
      u.qualname = base ? `${base}.${name}` : name;
    } else u.qualname = name;
    // compiler_enter_scope: the unit starts at its first line, columns 0
    u.lineno = kind === "module" ? 0 : firstlineno;
    u.endLineno = kind === "module" ? 1 : firstlineno;
    u.col = u.endCol = 0;
    this.emit("RESUME", 0);
    if (kind === "module") u.lineno = -1;
  }
  exitScope(): void {
    this.u = this.stack.pop()!;
  }

  compileModule(mod: Node): CodeObject {
    this.enterScope(mod, "<module>", "module", 1);
    this.body(mod.body);
    return this.assemble(true);
  }

  isDocstring(stmts: Node[]): string | null {
    const s = stmts[0];
    if (s && s._t === "Expr" && s.value._t === "Constant" && typeof s.value.value === "string") return s.value.value;
    return null;
  }

  /** compiler_body: module and class bodies (a docstring is stored as __doc__). */
  body(stmts: Node[]): void {
    if (stmts.length) this.setLoc(stmts[0]);
    let i = 0;
    const doc = this.isDocstring(stmts);
    if (doc !== null) {
      i = 1;
      this.visitExpr(stmts[0].value);
      this.unsetLoc();
      this.nameOp("__doc__", "Store");
    }
    for (; i < stmts.length; i++) this.visitStmt(stmts[i]);
  }

  // ---- names ----
  nameOp(name: string, ctx: "Load" | "Store" | "Del"): void {
    const mangled = mangle(this.u.scope.privateName, name);
    const sc = this.u.scope.scopes.get(mangled);
    const isFunc = this.u.scope.type === "function";
    let kind: "fast" | "global" | "deref" | "name" = "name";
    if (sc === "FREE" || sc === "CELL") kind = "deref";
    else if (sc === "LOCAL") kind = isFunc ? "fast" : "name";
    else if (sc === "GLOBAL_IMPLICIT") kind = isFunc ? "global" : "name";
    else if (sc === "GLOBAL_EXPLICIT") kind = "global";
    if (kind === "deref") {
      const op = this.u.scope.type === "class" && sc === "FREE" && ctx === "Load" ? "LOAD_CLASSDEREF"
        : ctx === "Load" ? "LOAD_DEREF" : ctx === "Store" ? "STORE_DEREF" : "DELETE_DEREF";
      this.emit(op, 0, null, mangled);
      if (sc === "FREE") this.u.cur.instrs[this.u.cur.instrs.length - 1].derefFree = true;
      return;
    }
    if (kind === "fast") {
      this.emit(ctx === "Load" ? "LOAD_FAST" : ctx === "Store" ? "STORE_FAST" : "DELETE_FAST", this.nameIndex(this.u.varnames, mangled));
      return;
    }
    const idx = this.nameIndex(this.u.names, mangled);
    if (kind === "global") {
      this.emit(ctx === "Load" ? "LOAD_GLOBAL" : ctx === "Store" ? "STORE_GLOBAL" : "DELETE_GLOBAL", ctx === "Load" ? idx << 1 : idx);
      return;
    }
    this.emit(ctx === "Load" ? "LOAD_NAME" : ctx === "Store" ? "STORE_NAME" : "DELETE_NAME", idx);
  }

  // ---- statements ----
  visitStmt(s: Node): void {
    this.setLoc(s);
    switch (s._t) {
      case "FunctionDef":
        return this.functionDef(s);
      case "ClassDef":
        return this.classDef(s);
      case "Return":
        return this.returnStmt(s);
      case "Delete":
        s.targets.forEach((t: Node) => this.visitExpr(t));
        return;
      case "Assign": {
        this.visitExpr(s.value);
        s.targets.forEach((t: Node, i: number) => {
          if (i < s.targets.length - 1) this.emit("COPY", 1);
          this.visitExpr(t);
        });
        return;
      }
      case "AugAssign":
        return this.augAssign(s);
      case "For":
        return this.forStmt(s);
      case "While":
        return this.whileStmt(s);
      case "If":
        return this.ifStmt(s);
      case "Expr": {
        if (s.value._t === "Constant") {
          this.emit("NOP");
          return;
        }
        this.visitExpr(s.value);
        this.unsetLoc();
        this.emit("POP_TOP");
        return;
      }
      case "Pass":
        this.emit("NOP");
        return;
      case "Break":
        return this.breakStmt(s);
      case "Continue":
        return this.continueStmt(s);
      case "Try":
        return s.finalbody.length ? this.tryFinally(s) : this.tryExcept(s);
      case "With":
        return this.withStmt(s, 0);
      case "Raise": {
        let n = 0;
        if (s.exc) {
          this.visitExpr(s.exc);
          n++;
          if (s.cause) {
            this.visitExpr(s.cause);
            n++;
          }
        }
        this.emit("RAISE_VARARGS", n);
        this.nextBlock();
        return;
      }
      case "Assert":
        return this.assertStmt(s);
      case "Global":
      case "Nonlocal":
        return;
      case "Import":
        for (const a of s.names) {
          this.loadConst(0n);
          this.loadConst(null);
          this.addName("IMPORT_NAME", a.name);
          if (a.asname) this.nameOp(a.asname, "Store");
          else this.nameOp(a.name.split(".")[0], "Store");
        }
        return;
      case "ImportFrom": {
        // compiler_from_import (the checker refuses `*` and relative imports)
        this.loadConst(BigInt(s.level ?? 0));
        this.loadConst({ kind: "tuple", items: s.names.map((a: Node) => a.name as string) });
        this.addName("IMPORT_NAME", s.module ?? "");
        for (const a of s.names) {
          this.addName("IMPORT_FROM", a.name);
          this.nameOp(a.asname ?? a.name, "Store");
        }
        this.emit("POP_TOP");
        return;
      }
    }
    throw new Error(`cannot compile ${s._t}`);
  }

  /** compiler_unwind_fblock: leave a block on the way out of a return, break or continue (preserveTos: a return value stays on top). */
  unwindFBlock(f: FBlock, preserveTos: boolean): void {
    switch (f.type) {
      case "WHILE_LOOP":
      case "EXCEPTION_HANDLER":
        return;
      case "FOR_LOOP":
      case "POP_VALUE":
        // the iterator, or a return value kept through a finally body
        if (preserveTos) this.emit("SWAP", 2);
        this.emit("POP_TOP");
        return;
      case "TRY_EXCEPT":
        this.emit("POP_BLOCK");
        return;
      case "FINALLY_TRY":
        // this POP_BLOCK has the unwinding statement's line; the finally body runs here
        this.emit("POP_BLOCK");
        if (preserveTos) this.u.fblocks.push({ type: "POP_VALUE", block: null, exit: null });
        (f.datum as Node[]).forEach((x) => this.visitStmt(x));
        if (preserveTos) this.u.fblocks.pop();
        // what follows is the unwinding statement's, after the finally body: no line
        this.unsetLoc();
        return;
      case "FINALLY_END":
        if (preserveTos) this.emit("SWAP", 2);
        this.emit("POP_TOP"); // the exception
        if (preserveTos) this.emit("SWAP", 2);
        this.emit("POP_BLOCK");
        this.emit("POP_EXCEPT");
        return;
      case "WITH":
        // __exit__(None, None, None) on the with statement's line, then what follows has none
        this.setLoc(f.datum as Node);
        this.emit("POP_BLOCK");
        if (preserveTos) this.emit("SWAP", 2);
        this.callExitWithNones();
        this.emit("POP_TOP");
        this.unsetLoc();
        return;
      case "HANDLER_CLEANUP": {
        const name = f.datum as string | undefined;
        if (name) this.emit("POP_BLOCK");
        if (preserveTos) this.emit("SWAP", 2);
        this.emit("POP_BLOCK");
        this.emit("POP_EXCEPT");
        if (name) this.clearName(name);
        return;
      }
    }
  }

  /**
   * compiler_unwind_fblock_stack: unwind the blocks from the innermost out, each
   * compiled with only the blocks outside it in place (a finally body's return
   * unwinds what encloses the try); with wantLoop, stop at the innermost loop and return it.
   */
  unwindFBlockStack(preserveTos: boolean, wantLoop: boolean): FBlock | null {
    const fblocks = this.u.fblocks;
    const top = fblocks[fblocks.length - 1];
    if (!top) return null;
    if (wantLoop && (top.type === "WHILE_LOOP" || top.type === "FOR_LOOP")) return top;
    fblocks.pop();
    this.unwindFBlock(top, preserveTos);
    const loop = this.unwindFBlockStack(preserveTos, wantLoop);
    fblocks.push(top);
    return loop;
  }

  /** `name = None; del name`: an `except ... as name` handler's name does not outlive it. */
  clearName(name: string): void {
    this.loadConst(null);
    this.nameOp(name, "Store");
    this.nameOp(name, "Del");
  }

  returnStmt(s: Node): void {
    if (this.u.scope.type !== "function") this.err("'return' outside function", s);
    const v: Node | undefined = s.value;
    const preserve = !!v && v._t !== "Constant";
    if (preserve) this.visitExpr(v!);
    else if (v) {
      this.setLoc(v);
      this.emit("NOP");
    }
    if (!v || v.lineno !== s.lineno) {
      this.setLoc(s);
      this.emit("NOP");
    }
    this.unwindFBlockStack(preserve, false);
    if (!v) this.loadConst(null);
    else if (!preserve) this.loadConst(v.value, true);
    this.emit("RETURN_VALUE");
    this.nextBlock();
  }

  breakStmt(s: Node): void {
    this.emit("NOP");
    const loop = this.unwindFBlockStack(false, true);
    if (!loop) this.err("'break' outside loop", s);
    this.unwindFBlock(loop, false);
    this.jump("JUMP", loop.exit!);
    this.nextBlock();
  }

  continueStmt(s: Node): void {
    this.emit("NOP");
    const loop = this.unwindFBlockStack(false, true);
    if (!loop) this.err("'continue' not properly in loop", s);
    this.jump("JUMP", loop.block!);
    this.nextBlock();
  }

  /**
   * compiler_try_except. The body runs under SETUP_FINALLY; the handlers under
   * SETUP_CLEANUP (PUSH_EXC_INFO saved the exception being handled, which
   * POP_EXCEPT restores), each `as` name's body under a second SETUP_CLEANUP
   * whose handler clears the name; an exception no handler matches is re-raised.
   */
  tryExcept(s: Node): void {
    const body = this.u.newBlock();
    let except = this.u.newBlock();
    const end = this.u.newBlock();
    const cleanup = this.u.newBlock();
    this.emit("SETUP_FINALLY", 0, except);
    this.useNext(body);
    this.u.fblocks.push({ type: "TRY_EXCEPT", block: body, exit: null });
    s.body.forEach((x: Node) => this.visitStmt(x));
    this.u.fblocks.pop();
    this.emitNoLine("POP_BLOCK");
    s.orelse.forEach((x: Node) => this.visitStmt(x));
    this.jumpNoLine("JUMP", end);
    const n = s.handlers.length;
    this.useNext(except);
    this.unsetLoc();
    this.emit("SETUP_CLEANUP", 0, cleanup);
    this.emit("PUSH_EXC_INFO");
    this.u.fblocks.push({ type: "EXCEPTION_HANDLER", block: null, exit: null });
    s.handlers.forEach((h: Node, i: number) => {
      this.setLoc(h);
      if (!h.type && i < n - 1) this.err("default 'except:' must be last", h);
      except = this.u.newBlock();
      if (h.type) {
        this.visitExpr(h.type);
        this.emit("CHECK_EXC_MATCH");
        this.jump("POP_JUMP_IF_FALSE", except);
      }
      const cleanupBody = this.u.newBlock();
      if (h.name) {
        // try: body finally: name = None; del name
        const cleanupEnd = this.u.newBlock();
        this.nameOp(h.name, "Store");
        this.emit("SETUP_CLEANUP", 0, cleanupEnd);
        this.useNext(cleanupBody);
        this.u.fblocks.push({ type: "HANDLER_CLEANUP", block: cleanupBody, exit: null, datum: h.name });
        h.body.forEach((x: Node) => this.visitStmt(x));
        this.u.fblocks.pop();
        this.unsetLoc();
        this.emit("POP_BLOCK");
        this.emit("POP_BLOCK");
        this.emit("POP_EXCEPT");
        this.clearName(h.name);
        this.jump("JUMP", end);
        this.useNext(cleanupEnd);
        this.unsetLoc();
        this.clearName(h.name);
        this.emit("RERAISE", 1);
      } else {
        this.emit("POP_TOP"); // the exception
        this.useNext(cleanupBody);
        this.u.fblocks.push({ type: "HANDLER_CLEANUP", block: cleanupBody, exit: null });
        h.body.forEach((x: Node) => this.visitStmt(x));
        this.u.fblocks.pop();
        this.unsetLoc();
        this.emit("POP_BLOCK");
        this.emit("POP_EXCEPT");
        this.jump("JUMP", end);
      }
      this.useNext(except);
    });
    this.unsetLoc();
    this.u.fblocks.pop();
    this.emit("RERAISE", 0);
    this.useNext(cleanup);
    this.popExceptAndReraise();
    this.useNext(end);
  }

  /**
   * compiler_try_finally: the finally body compiled twice, after the body (and
   * its handlers) for the normal flow, and as the handler, which re-raises; a
   * return, break or continue leaving the body compiles a third copy (FINALLY_TRY).
   */
  tryFinally(s: Node): void {
    const body = this.u.newBlock();
    const end = this.u.newBlock();
    const exit = this.u.newBlock();
    const cleanup = this.u.newBlock();
    this.emit("SETUP_FINALLY", 0, end);
    this.useNext(body);
    this.u.fblocks.push({ type: "FINALLY_TRY", block: body, exit: end, datum: s.finalbody });
    if (s.handlers.length) this.tryExcept(s);
    else s.body.forEach((x: Node) => this.visitStmt(x));
    this.emitNoLine("POP_BLOCK");
    this.u.fblocks.pop();
    s.finalbody.forEach((x: Node) => this.visitStmt(x));
    this.jumpNoLine("JUMP", exit);
    this.useNext(end);
    this.unsetLoc();
    this.emit("SETUP_CLEANUP", 0, cleanup);
    this.emit("PUSH_EXC_INFO");
    this.u.fblocks.push({ type: "FINALLY_END", block: end, exit: null });
    s.finalbody.forEach((x: Node) => this.visitStmt(x));
    this.u.fblocks.pop();
    this.emit("RERAISE", 0);
    this.useNext(cleanup);
    this.popExceptAndReraise();
    this.useNext(exit);
  }

  /**
   * compiler_with: item `pos` of a with statement (the next ones nest inside
   * it). BEFORE_WITH leaves the bound __exit__ under __enter__'s result; the
   * body runs under SETUP_WITH, whose handler (lasti under the exception)
   * calls __exit__ with the exception (WITH_EXCEPT_START) and re-raises it
   * unless the result is true; the normal exit calls __exit__(None, None, None).
   */
  withStmt(s: Node, pos: number): void {
    const item = s.items[pos];
    const block = this.u.newBlock();
    const final = this.u.newBlock();
    const exit = this.u.newBlock();
    const cleanup = this.u.newBlock();
    this.visitExpr(item.context_expr);
    this.emit("BEFORE_WITH");
    this.emit("SETUP_WITH", 0, final);
    this.useNext(block);
    this.u.fblocks.push({ type: "WITH", block, exit: final, datum: s });
    if (item.optional_vars) this.visitExpr(item.optional_vars);
    else this.emit("POP_TOP"); // __enter__'s result
    if (pos + 1 === s.items.length) s.body.forEach((x: Node) => this.visitStmt(x));
    else this.withStmt(s, pos + 1);
    this.unsetLoc();
    this.emit("POP_BLOCK");
    this.u.fblocks.pop();
    this.setLoc(s);
    this.callExitWithNones();
    this.emit("POP_TOP");
    this.jump("JUMP", exit);
    this.useNext(final);
    this.emit("SETUP_CLEANUP", 0, cleanup);
    this.emit("PUSH_EXC_INFO");
    this.emit("WITH_EXCEPT_START");
    // compiler_with_except_finish
    this.unsetLoc();
    const suppressed = this.u.newBlock();
    this.jump("POP_JUMP_IF_TRUE", suppressed);
    this.emit("RERAISE", 2);
    this.useNext(cleanup);
    this.popExceptAndReraise();
    this.useNext(suppressed);
    this.emit("POP_TOP"); // the exception
    this.emit("POP_BLOCK");
    this.emit("POP_EXCEPT");
    this.emit("POP_TOP"); // lasti
    this.emit("POP_TOP"); // __exit__
    this.useNext(exit);
  }

  /** compiler_call_exit_with_nones: [__exit__] → __exit__(None, None, None) (PRECALL 2, CALL 2: the bound method in the callable's place, the first None as "self"). */
  callExitWithNones(): void {
    this.loadConst(null);
    this.loadConst(null);
    this.loadConst(null);
    this.emit("PRECALL", 2);
    this.emit("CALL", 2);
  }

  /** compiler_pop_except_and_reraise: [exc_info, lasti, exc] → restore exc_info, re-raise exc. */
  popExceptAndReraise(): void {
    this.emit("COPY", 3);
    this.emit("POP_EXCEPT");
    this.emit("RERAISE", 1);
  }

  /** compiler_assert (CPython's SyntaxWarning for a non-empty tuple test is not reproduced). */
  assertStmt(s: Node): void {
    const end = this.u.newBlock();
    this.jumpIf(s.test, end, true);
    this.emit("LOAD_ASSERTION_ERROR");
    if (s.msg) {
      // AssertionError(msg): the message as CALL 0's "self" (3.11's PRECALL 0, CALL 0)
      this.visitExpr(s.msg);
      this.emit("PRECALL", 0);
      this.emit("CALL", 0);
    }
    this.emit("RAISE_VARARGS", 1);
    this.useNext(end);
  }

  ifStmt(s: Node): void {
    const end = this.u.newBlock();
    const next = s.orelse.length ? this.u.newBlock() : end;
    this.jumpIf(s.test, next, false);
    s.body.forEach((x: Node) => this.visitStmt(x));
    if (s.orelse.length) {
      this.jumpNoLine("JUMP", end);
      this.useNext(next);
      s.orelse.forEach((x: Node) => this.visitStmt(x));
    }
    this.useNext(end);
  }

  whileStmt(s: Node): void {
    const loop = this.u.newBlock();
    const body = this.u.newBlock();
    const anchor = this.u.newBlock();
    const end = this.u.newBlock();
    this.useNext(loop);
    this.u.fblocks.push({ type: "WHILE_LOOP", block: loop, exit: end });
    this.jumpIf(s.test, anchor, false);
    this.useNext(body);
    s.body.forEach((x: Node) => this.visitStmt(x));
    this.setLoc(s);
    this.jumpIf(s.test, body, true);
    this.u.fblocks.pop();
    this.useNext(anchor);
    s.orelse.forEach((x: Node) => this.visitStmt(x));
    this.useNext(end);
  }

  forStmt(s: Node): void {
    const start = this.u.newBlock();
    const body = this.u.newBlock();
    const cleanup = this.u.newBlock();
    const end = this.u.newBlock();
    this.u.fblocks.push({ type: "FOR_LOOP", block: start, exit: end });
    this.visitExpr(s.iter);
    this.emit("GET_ITER");
    this.useNext(start);
    this.jump("FOR_ITER", cleanup);
    this.useNext(body);
    this.visitExpr(s.target);
    s.body.forEach((x: Node) => this.visitStmt(x));
    this.unsetLoc();
    this.jump("JUMP", start);
    this.useNext(cleanup);
    this.u.fblocks.pop();
    s.orelse.forEach((x: Node) => this.visitStmt(x));
    this.useNext(end);
  }

  augAssign(s: Node): void {
    const e: Node = s.target;
    const old = this.saveLoc();
    this.setLoc(e);
    if (e._t === "Attribute") {
      this.visitExpr(e.value);
      this.emit("COPY", 1);
      this.attrStart(e);
      this.addName("LOAD_ATTR", e.attr);
    } else if (e._t === "Subscript") {
      this.visitExpr(e.value);
      this.visitExpr(e.slice);
      this.emit("COPY", 2);
      this.emit("COPY", 2);
      this.emit("BINARY_SUBSCR");
    } else this.nameOp(e.id, "Load");
    this.restoreLoc(old);
    this.visitExpr(s.value);
    this.emit("BINARY_OP", BINOPS[s.op._t] + 13);
    this.setLoc(e);
    if (e._t === "Attribute") {
      this.attrStart(e);
      this.emit("SWAP", 2);
      this.addName("STORE_ATTR", e.attr);
    } else if (e._t === "Subscript") {
      this.emit("SWAP", 3);
      this.emit("SWAP", 2);
      this.emit("STORE_SUBSCR");
    } else this.nameOp(e.id, "Store");
  }

  /** compiler_default_arguments: the defaults' tuple (flag 1), then the keyword-only ones' dict (flag 2). */
  defaults(args: Node): number {
    let flags = 0;
    if (args.defaults.length) {
      args.defaults.forEach((d: Node) => this.visitExpr(d));
      this.emit("BUILD_TUPLE", args.defaults.length);
      flags |= 1;
    }
    const keys: string[] = [];
    args.kwonlyargs.forEach((a: Node, i: number) => {
      const d = args.kw_defaults[i];
      if (!d) return;
      keys.push(mangle(this.u.scope.privateName ?? null, a.arg));
      this.visitExpr(d);
    });
    if (keys.length) {
      this.loadConst({ kind: "tuple", items: keys });
      this.emit("BUILD_CONST_KEY_MAP", keys.length);
      flags |= 2;
    }
    return flags;
  }

  /** compiler_decorators: each decorator's expression, in order, before the function or class is made. */
  decorators(decos: Node[]): number {
    decos.forEach((d: Node) => this.visitExpr(d));
    // co_firstlineno (and the body's first line) is the first decorator's line
    return decos.length ? decos[0].lineno! : -1;
  }

  /** compiler_apply_decorators: innermost (last) first, each a call with one argument on its own line. */
  applyDecorators(decos: Node[]): void {
    const old = this.saveLoc();
    for (let i = decos.length - 1; i >= 0; i--) {
      this.setLoc(decos[i]);
      this.emit("CALL", 0);
    }
    this.restoreLoc(old);
  }

  functionDef(s: Node): void {
    const first = this.decorators(s.decorator_list);
    const flags = this.defaults(s.args);
    this.enterScope(s, s.name, "function", first >= 0 ? first : s.lineno!);
    const doc = this.isDocstring(s.body);
    this.addConst(doc, true);
    this.u.argcount = s.args.args.length;
    this.u.kwonlyargcount = s.args.kwonlyargs.length;
    for (let i = doc !== null ? 1 : 0; i < s.body.length; i++) this.visitStmt(s.body[i]);
    const code = this.assemble(true);
    const qualname = this.u.qualname;
    this.exitScope();
    this.makeClosure(code, flags, qualname);
    this.applyDecorators(s.decorator_list);
    this.nameOp(s.name, "Store");
  }

  classDef(s: Node): void {
    const first = this.decorators(s.decorator_list);
    const firstlineno = first >= 0 ? first : s.lineno!;
    this.enterScope(s, s.name, "class", firstlineno);
    this.nameOp("__name__", "Load");
    this.nameOp("__module__", "Store");
    this.loadConst(this.u.qualname);
    this.nameOp("__qualname__", "Store");
    this.body(s.body);
    this.unsetLoc();
    if (this.u.scope.needsClassClosure) {
      this.emit("LOAD_CLOSURE", 0, null, "__class__");
      this.emit("COPY", 1);
      this.nameOp("__classcell__", "Store");
    } else this.loadConst(null);
    this.emit("RETURN_VALUE");
    const code = this.assemble(true);
    const qualname = this.u.qualname;
    this.exitScope();
    this.emit("PUSH_NULL");
    this.emit("LOAD_BUILD_CLASS");
    this.makeClosure(code, 0, qualname);
    this.loadConst(s.name);
    this.callHelper(2, s.bases, s.keywords);
    this.applyDecorators(s.decorator_list);
    this.nameOp(s.name, "Store");
  }

  makeClosure(code: CodeObject, flags: number, _qualname: string): void {
    if (code.freevars.length) {
      for (const name of code.freevars) {
        // LOAD_CLOSURE of the enclosing scope's cell or free variable
        this.emit("LOAD_CLOSURE", 0, null, name);
      }
      flags |= 8;
      this.emit("BUILD_TUPLE", code.freevars.length);
    }
    this.loadConst({ kind: "code", code });
    this.emit("MAKE_FUNCTION", flags);
  }

  // ---- expressions ----
  visitExpr(e: Node): void {
    const old = this.saveLoc();
    this.setLoc(e);
    this.expr1(e);
    this.restoreLoc(old);
  }

  expr1(e: Node): void {
    switch (e._t) {
      case "Constant":
        this.loadConst(e.value, true);
        return;
      case "Name":
        this.nameOp(e.id, e.ctx._t);
        return;
      case "BinOp":
        this.visitExpr(e.left);
        this.visitExpr(e.right);
        this.emit("BINARY_OP", BINOPS[e.op._t]);
        return;
      case "UnaryOp": {
        this.visitExpr(e.operand);
        const m: Record<string, string> = { UAdd: "UNARY_POSITIVE", USub: "UNARY_NEGATIVE", Not: "UNARY_NOT", Invert: "UNARY_INVERT" };
        this.emit(m[e.op._t]);
        return;
      }
      case "BoolOp": {
        const jumpi = e.op._t === "And" ? "JUMP_IF_FALSE_OR_POP" : "JUMP_IF_TRUE_OR_POP";
        const end = this.u.newBlock();
        const n = e.values.length - 1;
        for (let i = 0; i < n; i++) {
          this.visitExpr(e.values[i]);
          this.jump(jumpi, end);
          this.nextBlock();
        }
        this.visitExpr(e.values[n]);
        this.useNext(end);
        return;
      }
      case "Compare":
        return this.compare(e);
      case "Starred":
        // (a starred target inside a tuple or a list is unpackTargets')
        this.err(e.ctx._t === "Store" ? "starred assignment target must be in a list or tuple" : "can't use starred expression here", e);
      // falls through: err throws
      case "NamedExpr":
        // the value stays on the stack as the expression's, a copy is stored (compiler_visit_expr1)
        this.visitExpr(e.value);
        this.emit("COPY", 1);
        this.visitExpr(e.target);
        return;
      case "IfExp": {
        const end = this.u.newBlock();
        const next = this.u.newBlock();
        this.jumpIf(e.test, next, false);
        this.visitExpr(e.body);
        this.jumpNoLine("JUMP", end);
        this.useNext(next);
        this.visitExpr(e.orelse);
        this.useNext(end);
        return;
      }
      case "Lambda":
        return this.lambda(e);
      case "Dict":
        return this.dict(e);
      case "Set":
        return this.starunpack(e.elts, "BUILD_SET", "SET_ADD", "SET_UPDATE", false);
      case "List":
        if (e.ctx._t === "Store") return this.unpackTargets(e.elts, e);
        if (e.ctx._t === "Del") {
          e.elts.forEach((x: Node) => this.visitExpr(x));
          return;
        }
        return this.starunpack(e.elts, "BUILD_LIST", "LIST_APPEND", "LIST_EXTEND", false);
      case "Tuple":
        if (e.ctx._t === "Store") return this.unpackTargets(e.elts, e);
        if (e.ctx._t === "Del") {
          e.elts.forEach((x: Node) => this.visitExpr(x));
          return;
        }
        return this.starunpack(e.elts, "BUILD_LIST", "LIST_APPEND", "LIST_EXTEND", true);
      case "ListComp":
        return this.comprehension(e, "<listcomp>", "BUILD_LIST");
      case "SetComp":
        return this.comprehension(e, "<setcomp>", "BUILD_SET");
      case "DictComp":
        return this.comprehension(e, "<dictcomp>", "BUILD_MAP");
      case "GeneratorExp":
        return this.comprehension(e, "<genexpr>", null);
      case "Call":
        return this.call(e);
      case "Attribute": {
        this.visitExpr(e.value);
        this.attrStart(e);
        const op = e.ctx._t === "Load" ? "LOAD_ATTR" : e.ctx._t === "Store" ? "STORE_ATTR" : "DELETE_ATTR";
        this.addName(op, e.attr);
        return;
      }
      case "Subscript": {
        this.visitExpr(e.value);
        this.visitExpr(e.slice);
        this.emit(e.ctx._t === "Load" ? "BINARY_SUBSCR" : e.ctx._t === "Store" ? "STORE_SUBSCR" : "DELETE_SUBSCR");
        return;
      }
      case "Slice": {
        let n = 2;
        if (e.lower) this.visitExpr(e.lower);
        else this.loadConst(null);
        if (e.upper) this.visitExpr(e.upper);
        else this.loadConst(null);
        if (e.step) {
          n++;
          this.visitExpr(e.step);
        }
        this.emit("BUILD_SLICE", n);
        return;
      }
      case "JoinedStr": {
        if (e.values.length > STACK_USE_GUIDELINE) {
          this.loadConst("");
          this.addName("LOAD_METHOD", "join");
          this.emit("BUILD_LIST", 0);
          for (const v of e.values) {
            this.visitExpr(v);
            this.emit("LIST_APPEND", 1);
          }
          this.emit("PRECALL", 1);
          this.emit("CALL", 1);
          return;
        }
        e.values.forEach((v: Node) => this.visitExpr(v));
        if (e.values.length !== 1) this.emit("BUILD_STRING", e.values.length);
        return;
      }
      case "FormattedValue": {
        this.visitExpr(e.value);
        let oparg = e.conversion === 115 ? 1 : e.conversion === 114 ? 2 : e.conversion === 97 ? 3 : 0;
        if (e.format_spec) {
          this.visitExpr(e.format_spec);
          oparg |= 4;
        }
        this.emit("FORMAT_VALUE", oparg);
        return;
      }
      case "Yield": {
        if (e.value) this.visitExpr(e.value);
        else this.loadConst(null);
        this.emit("YIELD_VALUE");
        this.emit("RESUME", 1);
        return;
      }
      case "YieldFrom": {
        this.visitExpr(e.value);
        this.emit("GET_YIELD_FROM_ITER");
        this.loadConst(null);
        this.addYieldFrom();
        return;
      }
    }
    throw new Error(`cannot compile ${e._t}`);
  }

  /**
   * compiler_add_yield_from: SEND passes the value on the stack to the
   * subiterator below it and pushes what that yields, which YIELD_VALUE
   * yields in turn; the value sent back goes round to SEND again
   * (JUMP_NO_INTERRUPT); when the subiterator ends SEND jumps past the loop
   * with its return value in its place.
   */
  addYieldFrom(): void {
    const start = this.u.newBlock(), resume = this.u.newBlock(), exit = this.u.newBlock();
    this.useNext(start);
    this.jump("SEND", exit);
    this.useNext(resume);
    this.emit("YIELD_VALUE");
    this.emit("RESUME", 2);
    this.jump("JUMP_NO_INTERRUPT", start);
    this.useNext(exit);
  }

  unpackTargets(elts: Node[], at: Node): void {
    // one starred target takes a list of what the others leave (unpack_helper)
    const star = elts.findIndex((x) => x._t === "Starred");
    if (star < 0) this.emit("UNPACK_SEQUENCE", elts.length);
    else {
      const after = elts.length - star - 1;
      if (elts.slice(star + 1).some((x) => x._t === "Starred")) this.err("multiple starred expressions in assignment", at);
      if (star >= 256 || after >= 1 << 24) this.err("too many expressions in star-unpacking assignment", at);
      this.emit("UNPACK_EX", star + (after << 8));
    }
    elts.forEach((x) => this.visitExpr(x._t === "Starred" ? x.value : x));
  }

  starunpack(elts: Node[], build: string, add: string, extend: string, tuple: boolean, pushed = 0): void {
    const n = elts.length;
    if (n > 2 && elts.every((x) => x._t === "Constant")) {
      if (build === "BUILD_SET" && this.frozenset) {
        const seen = new Set<string>();
        const items: PyConst[] = [];
        for (const x of elts) {
          const k = typeof x.value === "bigint" || typeof x.value === "boolean" || typeof x.value === "number" ? "n" + Number(x.value) : constKey(x.value);
          if (!seen.has(k)) {
            seen.add(k);
            items.push(x.value);
          }
        }
        this.emit("BUILD_SET", 0);
        this.loadConst({ kind: "frozenset", items });
        this.emit("SET_UPDATE", 1);
        return;
      }
      if (build === "BUILD_SET") {
        // memsim deviation: no frozenset constant in the image
        elts.forEach((x) => this.visitExpr(x));
        this.emit("BUILD_SET", n);
        return;
      }
      const folded: PyConst = { kind: "tuple", items: elts.map((x) => x.value) };
      if (tuple) this.loadConst(folded);
      else {
        this.emit(build, 0);
        this.loadConst(folded);
        this.emit(extend, 1);
      }
      return;
    }
    const big = n + pushed > STACK_USE_GUIDELINE;
    const star = elts.some((x) => x._t === "Starred");
    if (!star && !big) {
      elts.forEach((x) => this.visitExpr(x));
      this.emit(tuple ? "BUILD_TUPLE" : build, n + pushed);
      return;
    }
    // starunpack_helper: a list (or set) built item by item, starred items extending it
    let built = false;
    if (big) { this.emit(build, pushed); built = true; }
    elts.forEach((x, i) => {
      if (x._t === "Starred") {
        if (!built) { this.emit(build, i + pushed); built = true; }
        this.visitExpr(x.value);
        this.emit(extend, 1);
      } else {
        this.visitExpr(x);
        if (built) this.emit(add, 1);
      }
    });
    if (tuple) this.emit("LIST_TO_TUPLE");
  }

  dict(e: Node): void {
    const n = e.values.length;
    let haveDict = false;
    let elements = 0;
    const subdict = (begin: number, end: number) => {
      const m = end - begin;
      const big = m * 2 > STACK_USE_GUIDELINE;
      if (m > 1 && !big && e.keys.slice(begin, end).every((k: Node) => k._t === "Constant")) {
        for (let i = begin; i < end; i++) this.visitExpr(e.values[i]);
        this.loadConst({ kind: "tuple", items: e.keys.slice(begin, end).map((k: Node) => k.value) });
        this.emit("BUILD_CONST_KEY_MAP", m);
        return;
      }
      if (big) this.emit("BUILD_MAP", 0);
      for (let i = begin; i < end; i++) {
        this.visitExpr(e.keys[i]);
        this.visitExpr(e.values[i]);
        if (big) this.emit("MAP_ADD", 1);
      }
      if (!big) this.emit("BUILD_MAP", m);
    };
    for (let i = 0; i < n; i++) {
      if (e.keys[i] === null) {
        // {**d}: what is pending goes in a dict, then d updates it
        if (elements) {
          subdict(i - elements, i);
          if (haveDict) this.emit("DICT_UPDATE", 1);
          haveDict = true;
          elements = 0;
        }
        if (!haveDict) { this.emit("BUILD_MAP", 0); haveDict = true; }
        this.visitExpr(e.values[i]);
        this.emit("DICT_UPDATE", 1);
      } else if (elements * 2 > STACK_USE_GUIDELINE) {
        subdict(i - elements, i + 1);
        if (haveDict) this.emit("DICT_UPDATE", 1);
        haveDict = true;
        elements = 0;
      } else elements++;
    }
    if (elements) {
      subdict(n - elements, n);
      if (haveDict) this.emit("DICT_UPDATE", 1);
      haveDict = true;
    }
    if (!haveDict) this.emit("BUILD_MAP", 0);
  }

  cmpOp(op: string): void {
    if (op in CMPOPS) this.emit("COMPARE_OP", CMPOPS[op]);
    else if (op === "Is" || op === "IsNot") this.emit("IS_OP", op === "IsNot" ? 1 : 0);
    else this.emit("CONTAINS_OP", op === "NotIn" ? 1 : 0);
  }

  compare(e: Node): void {
    this.visitExpr(e.left);
    const n = e.ops.length - 1;
    if (n === 0) {
      this.visitExpr(e.comparators[0]);
      this.cmpOp(e.ops[0]._t);
      return;
    }
    const cleanup = this.u.newBlock();
    for (let i = 0; i < n; i++) {
      this.visitExpr(e.comparators[i]);
      this.emit("SWAP", 2);
      this.emit("COPY", 2);
      this.cmpOp(e.ops[i]._t);
      this.jump("JUMP_IF_FALSE_OR_POP", cleanup);
      this.nextBlock();
    }
    this.visitExpr(e.comparators[n]);
    this.cmpOp(e.ops[n]._t);
    const end = this.u.newBlock();
    this.jumpNoLine("JUMP", end);
    this.useNext(cleanup);
    this.emit("SWAP", 2);
    this.emit("POP_TOP");
    this.useNext(end);
  }

  /** compiler_jump_if */
  jumpIf(e: Node, next: Block, cond: boolean): void {
    switch (e._t) {
      case "UnaryOp":
        if (e.op._t === "Not") return this.jumpIf(e.operand, next, !cond);
        break;
      case "BoolOp": {
        const n = e.values.length - 1;
        const cond2 = e.op._t === "Or";
        let next2 = next;
        if (cond2 !== cond) next2 = this.u.newBlock();
        for (let i = 0; i < n; i++) this.jumpIf(e.values[i], next2, cond2);
        this.jumpIf(e.values[n], next, cond);
        if (next2 !== next) this.useNext(next2);
        return;
      }
      case "IfExp": {
        const end = this.u.newBlock();
        const next2 = this.u.newBlock();
        this.jumpIf(e.test, next2, false);
        this.jumpIf(e.body, next, cond);
        this.jumpNoLine("JUMP", end);
        this.useNext(next2);
        this.jumpIf(e.orelse, next, cond);
        this.useNext(end);
        return;
      }
      case "Compare": {
        this.setLoc(e); // (kept after the jump: CPython's compiler_jump_if does not restore it)
        const n = e.ops.length - 1;
        if (n > 0) {
          const cleanup = this.u.newBlock();
          this.visitExpr(e.left);
          for (let i = 0; i < n; i++) {
            this.visitExpr(e.comparators[i]);
            this.emit("SWAP", 2);
            this.emit("COPY", 2);
            this.cmpOp(e.ops[i]._t);
            this.jump("POP_JUMP_IF_FALSE", cleanup);
            this.nextBlock();
          }
          this.visitExpr(e.comparators[n]);
          this.cmpOp(e.ops[n]._t);
          this.jump(cond ? "POP_JUMP_IF_TRUE" : "POP_JUMP_IF_FALSE", next);
          this.nextBlock();
          const end = this.u.newBlock();
          this.jumpNoLine("JUMP", end);
          this.useNext(cleanup);
          this.emit("POP_TOP");
          if (!cond) this.jumpNoLine("JUMP", next);
          this.useNext(end);
          return;
        }
        break;
      }
    }
    this.visitExpr(e);
    this.jump(cond ? "POP_JUMP_IF_TRUE" : "POP_JUMP_IF_FALSE", next);
    this.nextBlock();
  }

  lambda(e: Node): void {
    const flags = this.defaults(e.args);
    this.enterScope(e, "<lambda>", "lambda", e.lineno!);
    this.addConst(null);
    this.u.argcount = e.args.args.length;
    this.u.kwonlyargcount = e.args.kwonlyargs.length;
    this.visitExpr(e.body);
    let code: CodeObject;
    if (this.u.scope.isGenerator) code = this.assemble(false);
    else {
      this.emit("RETURN_VALUE");
      code = this.assemble(true);
    }
    const qualname = this.u.qualname;
    this.exitScope();
    this.makeClosure(code, flags, qualname);
  }

  comprehension(e: Node, name: string, build: string | null): void {
    const gens: Node[] = e.generators;
    this.enterScope(e, name, "comprehension", e.lineno!);
    this.setLoc(e);
    if (build) this.emit(build, 0);
    this.compGenerator(e, gens, 0, 0);
    if (build) this.emit("RETURN_VALUE");
    const code = this.assemble(true);
    const qualname = this.u.qualname;
    this.exitScope();
    this.makeClosure(code, 0, qualname);
    this.visitExpr(gens[0].iter);
    this.emit("GET_ITER");
    this.emit("PRECALL", 0);
    this.emit("CALL", 0);
  }

  compGenerator(e: Node, gens: Node[], index: number, depth: number): void {
    let start: Block | null = this.u.newBlock();
    const ifCleanup = this.u.newBlock();
    const anchor = this.u.newBlock();
    const gen = gens[index];
    if (index === 0) {
      this.u.argcount = 1;
      this.emit("LOAD_FAST", 0);
    } else {
      const it: Node = gen.iter;
      const elts: Node[] | null = it._t === "List" || it._t === "Tuple" ? it.elts : null;
      if (elts && elts.length === 1 && elts[0]._t !== "Starred") {
        this.visitExpr(elts[0]);
        start = null;
      }
      if (start) {
        this.visitExpr(it);
        this.emit("GET_ITER");
      }
    }
    if (start) {
      depth++;
      this.useNext(start);
      this.jump("FOR_ITER", anchor);
      this.nextBlock();
    }
    this.visitExpr(gen.target);
    for (const cond of gen.ifs) this.jumpIf(cond, ifCleanup, false);
    if (index + 1 < gens.length) this.compGenerator(e, gens, index + 1, depth);
    else {
      switch (e._t) {
        case "GeneratorExp":
          this.visitExpr(e.elt);
          this.emit("YIELD_VALUE");
          this.emit("RESUME", 1);
          this.emit("POP_TOP");
          break;
        case "ListComp":
          this.visitExpr(e.elt);
          this.emit("LIST_APPEND", depth + 1);
          break;
        case "SetComp":
          this.visitExpr(e.elt);
          this.emit("SET_ADD", depth + 1);
          break;
        case "DictComp":
          this.visitExpr(e.key);
          this.visitExpr(e.value);
          this.emit("MAP_ADD", depth + 1);
          break;
      }
    }
    this.useNext(ifCleanup);
    if (start) {
      this.jump("JUMP", start);
      this.useNext(anchor);
    }
  }

  isImportOriginated(e: Node): boolean {
    if (e._t !== "Name") return false;
    return ((this.top.symbols.get(e.id) ?? 0) & DEF_IMPORT) !== 0;
  }

  call(e: Node): void {
    const meth: Node = e.func;
    if (
      meth._t === "Attribute" && meth.ctx._t === "Load" && !this.isImportOriginated(meth.value) &&
      e.args.length + e.keywords.length + (e.keywords.length ? 1 : 0) < STACK_USE_GUIDELINE &&
      !e.args.some((a: Node) => a._t === "Starred") && !e.keywords.some((k: Node) => k.arg === undefined)
    ) {
      this.visitExpr(meth.value);
      this.setLoc(meth);
      this.attrStart(meth);
      this.addName("LOAD_METHOD", meth.attr);
      e.args.forEach((a: Node) => this.visitExpr(a));
      if (e.keywords.length) {
        e.keywords.forEach((k: Node) => this.visitExpr(k.value));
        this.kwNames(e.keywords);
      }
      this.setLoc(e);
      this.attrStart(meth);
      this.emit("PRECALL", e.args.length + e.keywords.length);
      this.emit("CALL", e.args.length + e.keywords.length);
      return;
    }
    this.setLoc(meth);
    this.emit("PUSH_NULL");
    this.setLoc(e);
    this.visitExpr(meth);
    this.callHelper(0, e.args, e.keywords);
  }

  kwNames(keywords: Node[]): void {
    this.emit("KW_NAMES", this.addConst({ kind: "tuple", items: keywords.map((k) => k.arg as string) }));
  }

  callHelper(n: number, args: Node[], keywords: Node[]): void {
    const seen = new Set<string>();
    for (const k of keywords) {
      if (k.arg === undefined) continue;
      if (seen.has(k.arg)) this.err(`keyword argument repeated: ${k.arg}`, k);
      seen.add(k.arg);
    }
    if (args.length + keywords.length * 2 > STACK_USE_GUIDELINE || args.some((a) => a._t === "Starred") || keywords.some((k) => k.arg === undefined)) {
      this.exCall(n, args, keywords);
      return;
    }
    args.forEach((a) => this.visitExpr(a));
    if (keywords.length) {
      keywords.forEach((k) => this.visitExpr(k.value));
      this.kwNames(keywords);
    }
    this.emit("PRECALL", n + args.length + keywords.length);
    this.emit("CALL", n + args.length + keywords.length);
  }

  /** compiler_call_helper's ex_call: the positional arguments as a tuple, the keyword ones as a dict, CALL_FUNCTION_EX. */
  exCall(n: number, args: Node[], keywords: Node[]): void {
    if (n === 0 && args.length === 1 && args[0]._t === "Starred") this.visitExpr(args[0].value);
    else this.starunpack(args, "BUILD_LIST", "LIST_APPEND", "LIST_EXTEND", true, n);
    if (keywords.length) {
      let haveDict = false;
      let seen = 0; // named keywords not yet in a dict
      keywords.forEach((k, i) => {
        if (k.arg !== undefined) { seen++; return; }
        if (seen) {
          this.subkwargs(keywords.slice(i - seen, i));
          if (haveDict) this.emit("DICT_MERGE", 1);
          haveDict = true;
          seen = 0;
        }
        if (!haveDict) { this.emit("BUILD_MAP", 0); haveDict = true; }
        this.visitExpr(k.value);
        this.emit("DICT_MERGE", 1);
      });
      if (seen) {
        this.subkwargs(keywords.slice(keywords.length - seen));
        if (haveDict) this.emit("DICT_MERGE", 1);
      }
    }
    this.emit("CALL_FUNCTION_EX", keywords.length > 0 ? 1 : 0);
  }

  /** compiler_subkwargs: named keywords as a dict (BUILD_CONST_KEY_MAP for several, else BUILD_MAP; MAP_ADD one by one when big). */
  subkwargs(keywords: Node[]): void {
    const n = keywords.length;
    const big = n * 2 > STACK_USE_GUIDELINE;
    if (n > 1 && !big) {
      keywords.forEach((k) => this.visitExpr(k.value));
      this.loadConst({ kind: "tuple", items: keywords.map((k) => k.arg as string) });
      this.emit("BUILD_CONST_KEY_MAP", n);
      return;
    }
    if (big) this.emitNoLine("BUILD_MAP", 0);
    for (const k of keywords) {
      this.loadConst(k.arg as string);
      this.visitExpr(k.value);
      if (big) this.emitNoLine("MAP_ADD", 1);
    }
    if (!big) this.emit("BUILD_MAP", n);
  }

  // ---- assembly ----
  assemble(addNone: boolean): CodeObject {
    const u = this.u;
    const cur = u.cur;
    if (!(cur.last && cur.last.op === "RETURN_VALUE")) {
      this.unsetLoc();
      if (addNone) this.loadConst(null);
      this.emit("RETURN_VALUE");
    }
    // normalize: skip empty jump targets
    for (const b of u.blocks) for (const i of b.instrs) if (isJump(i)) i.target = skipEmpty(i.target!);
    for (let k = u.blocks.length - 1; k >= 0; k--) extendBlock(u.blocks[k]);

    // prefix instructions: MAKE_CELL, COPY_FREE_VARS, RETURN_GENERATOR
    const prefix: Instr[] = [];
    if (u.freevars.length) prefix.push({ op: "COPY_FREE_VARS", arg: u.freevars.length, target: null, line: -1 });
    const cellOrder = [...u.cellvars].sort((a, b) => this.derefIndex(u, a) - this.derefIndex(u, b));
    for (const c of cellOrder) prefix.push({ op: "MAKE_CELL", arg: 0, target: null, line: -1, deref: c });
    if (u.scope.isGenerator) prefix.push({ op: "RETURN_GENERATOR", arg: 0, target: null, line: u.firstlineno }, { op: "POP_TOP", arg: 0, target: null, line: u.firstlineno });
    u.entry.instrs.unshift(...prefix);

    optimizeCfg(u, this);
    duplicateExitsWithoutLineno(u);
    // trim unused trailing constants (keeping the first)
    let maxConst = 0;
    for (let b: Block | null = u.entry; b; b = b.next) for (const i of b.instrs) if ((i.op === "LOAD_CONST" || i.op === "KW_NAMES") && i.arg > maxConst) maxConst = i.arg;
    u.consts.length = Math.min(u.consts.length, maxConst + 1);
    propagateLineNumbers(u);
    guaranteeLinenoForExits(u);
    const stacksize = stackDepth(u);
    labelExceptionTargets(u);
    // convert_exception_handlers_to_nops: the ranges are in the instructions' handlers now
    for (let b: Block | null = u.entry; b; b = b.next) {
      for (const i of b.instrs) {
        if (isBlockPush(i) || i.op === "POP_BLOCK") {
          i.op = "NOP";
          i.target = null;
        }
      }
    }
    for (let b: Block | null = u.entry; b; b = b.next) cleanBlock(b);
    normalizeJumps(u);

    // lay out, dropping RESUME and PRECALL, resolving targets and derefs
    let idx = 0;
    for (let b: Block | null = u.entry; b; b = b.next) {
      b.offset = idx;
      for (const i of b.instrs) if (i.op !== "RESUME" && i.op !== "PRECALL") idx++;
    }
    const instrs: Instruction[] = [];
    // assemble_exception_table: one entry per run of instructions with the same handler
    const exceptionTable: ExceptionTableEntry[] = [];
    let handler: Block | null = null;
    let start = 0;
    const endRange = () => {
      if (!handler) return;
      const lasti = handler.preserveLasti;
      exceptionTable.push({ start, end: instrs.length, target: handler.offset, depth: handler.startDepth - 1 - (lasti ? 1 : 0), lasti });
    };
    for (let b: Block | null = u.entry; b; b = b.next) {
      for (const i of b.instrs) {
        if (i.op === "RESUME" || i.op === "PRECALL") continue;
        const h = i.except ?? null;
        if (h !== handler) {
          endRange();
          start = instrs.length;
          handler = h;
        }
        let arg = i.arg;
        if (i.target) arg = firstReal(i.target).offset;
        if (i.deref !== undefined) arg = this.derefIndex(u, i.deref, i.derefFree);
        instrs.push({ op: i.op, arg, line: i.line, pos: encodedPos(i.line, i.pos ?? NO_POS) });
      }
    }
    endRange();
    let flags = 0;
    if (u.kind !== "module" && u.kind !== "class") flags |= CO_OPTIMIZED | CO_NEWLOCALS;
    if (u.scope.isNested && u.scope.type === "function") flags |= CO_NESTED;
    if (u.scope.isGenerator) flags |= CO_GENERATOR;
    const params = u.scope.type === "function" ? u.scope.node?.args : undefined;
    if (params?.vararg) flags |= CO_VARARGS;
    if (params?.kwarg) flags |= CO_VARKEYWORDS;
    const argCells = u.varnames.filter((v) => u.cellvars.includes(v));
    const code: CodeObject = {
      name: u.name,
      qualname: u.qualname,
      argcount: u.argcount,
      kwonlyargcount: u.kwonlyargcount,
      flags,
      firstlineno: u.firstlineno,
      stacksize,
      consts: u.consts,
      names: u.names,
      varnames: u.varnames,
      cellvars: [...argCells, ...u.cellvars.filter((c) => !argCells.includes(c))],
      freevars: u.freevars,
      instrs,
      exceptionTable,
    };
    codeIds.set(code, nodeId(u.scope.node as object));
    return code;
  }

  /** A cell or free variable's index in CPython 3.11's "localsplus" array. */
  derefIndex(u: Unit, name: string, free = false): number {
    const vi = free ? -1 : u.varnames.indexOf(name);
    if (vi >= 0 && u.cellvars.includes(name)) return vi;
    const nonArgCells = u.cellvars.filter((c) => !u.varnames.includes(c));
    const ci = free ? -1 : nonArgCells.indexOf(name);
    if (ci >= 0) return u.varnames.length + ci;
    const fi = u.freevars.indexOf(name);
    if (fi >= 0) return u.varnames.length + nonArgCells.length + fi;
    throw new Error(`no cell or free variable ${name} in ${u.name}`);
  }

  /** fold_tuple_on_constants adds the folded tuple (merged with an equal constant if any). */
  addConstRaw(v: PyConst): number {
    return this.addConst(v);
  }

  constTruthy(i: Instr): boolean {
    return truthy(this.u.consts[i.arg]);
  }
  constIsNone(i: Instr): boolean {
    return this.u.consts[i.arg] === null;
  }
}

function skipEmpty(b: Block): Block {
  while (b.instrs.length === 0 && b.next) b = b.next;
  return b;
}
function firstReal(b: Block): Block {
  let x: Block | null = b;
  while (x && x.instrs.every((i) => i.op === "RESUME" || i.op === "PRECALL")) x = x.next;
  return x ?? b;
}

const MAX_COPY_SIZE = 4;
function extendBlock(b: Block): void {
  const last = b.last;
  if (!last || last.op !== "JUMP") return;
  const t = last.target!;
  if (isExit(t) && t.instrs.length <= MAX_COPY_SIZE) {
    // copy only blocks without line numbers (like implicit `return None`s)
    if (t.instrs.some((i) => i.line > 0)) return;
    last.op = "NOP";
    last.target = null;
    for (const i of t.instrs) b.instrs.push({ ...i });
  }
}

function jumpThread(inst: Instr, target: Instr, op: string): boolean {
  if (inst.line === target.line && inst.target !== target.target) {
    inst.target = target.target;
    inst.op = op;
    return true;
  }
  return false;
}

function optimizeBlock(b: Block, c: Compiler): void {
  const ins = b.instrs;
  for (let i = 0; i < ins.length; i++) {
    const inst = ins[i];
    const nextop = i + 1 < ins.length ? ins[i + 1].op : "";
    let target: Instr = { op: "NOP", arg: 0, target: null, line: -1 };
    if (isJump(inst)) {
      inst.target = skipEmpty(inst.target!);
      target = inst.target.instrs[0];
    }
    switch (inst.op) {
      case "LOAD_CONST":
        if (nextop === "POP_JUMP_IF_FALSE" || nextop === "POP_JUMP_IF_TRUE") {
          const t = c.constTruthy(inst);
          inst.op = "NOP";
          ins[i + 1].op = t === (nextop === "POP_JUMP_IF_TRUE") ? "JUMP" : "NOP";
          if (ins[i + 1].op === "NOP") ins[i + 1].target = null;
        } else if (nextop === "JUMP_IF_FALSE_OR_POP" || nextop === "JUMP_IF_TRUE_OR_POP") {
          const t = c.constTruthy(inst);
          if (t === (nextop === "JUMP_IF_TRUE_OR_POP")) ins[i + 1].op = "JUMP";
          else {
            inst.op = "NOP";
            ins[i + 1].op = "NOP";
            ins[i + 1].target = null;
          }
        } else if (nextop === "IS_OP" && c.constIsNone(inst)) {
          const jop = i + 2 < ins.length ? ins[i + 2].op : "";
          if (jop === "POP_JUMP_IF_FALSE" || jop === "POP_JUMP_IF_TRUE") {
            const nextarg = ins[i + 1].arg;
            inst.op = "NOP";
            ins[i + 1].op = "NOP";
            ins[i + 2].op = (nextarg ^ (jop === "POP_JUMP_IF_FALSE" ? 1 : 0)) ? "POP_JUMP_IF_NOT_NONE" : "POP_JUMP_IF_NONE";
          }
        }
        break;
      case "BUILD_TUPLE":
        if (nextop === "UNPACK_SEQUENCE" && inst.arg === ins[i + 1].arg) {
          if (inst.arg === 1) {
            inst.op = "NOP";
            ins[i + 1].op = "NOP";
            continue;
          }
          if (inst.arg === 2 || inst.arg === 3) {
            inst.op = "NOP";
            ins[i + 1].op = "SWAP";
            continue;
          }
        }
        if (i >= inst.arg) foldTupleOnConstants(ins, i, c);
        break;
      case "JUMP_IF_FALSE_OR_POP":
        switch (target.op) {
          case "POP_JUMP_IF_FALSE":
            if (jumpThread(inst, target, "POP_JUMP_IF_FALSE")) i--;
            break;
          case "JUMP":
          case "JUMP_IF_FALSE_OR_POP":
            if (jumpThread(inst, target, "JUMP_IF_FALSE_OR_POP")) i--;
            break;
          case "JUMP_IF_TRUE_OR_POP":
          case "POP_JUMP_IF_TRUE":
            if (inst.line === target.line) {
              inst.op = "POP_JUMP_IF_FALSE";
              inst.target = inst.target!.next;
              i--;
            }
            break;
        }
        break;
      case "JUMP_IF_TRUE_OR_POP":
        switch (target.op) {
          case "POP_JUMP_IF_TRUE":
            if (jumpThread(inst, target, "POP_JUMP_IF_TRUE")) i--;
            break;
          case "JUMP":
          case "JUMP_IF_TRUE_OR_POP":
            if (jumpThread(inst, target, "JUMP_IF_TRUE_OR_POP")) i--;
            break;
          case "JUMP_IF_FALSE_OR_POP":
          case "POP_JUMP_IF_FALSE":
            if (inst.line === target.line) {
              inst.op = "POP_JUMP_IF_TRUE";
              inst.target = inst.target!.next;
              i--;
            }
            break;
        }
        break;
      case "POP_JUMP_IF_NOT_NONE":
      case "POP_JUMP_IF_NONE":
      case "POP_JUMP_IF_FALSE":
      case "POP_JUMP_IF_TRUE":
      case "JUMP":
        if (target.op === "JUMP" && jumpThread(inst, target, inst.op)) i--;
        break;
      case "SWAP":
        if (inst.arg === 1) {
          inst.op = "NOP";
          break;
        }
        applyStaticSwaps(ins, i);
        break;
      case "PUSH_NULL":
        if (nextop === "LOAD_GLOBAL" && (ins[i + 1].arg & 1) === 0) {
          inst.op = "NOP";
          inst.arg = 0;
          ins[i + 1].arg |= 1;
        }
        break;
    }
  }
}

function foldTupleOnConstants(ins: Instr[], i: number, c: Compiler): void {
  const n = ins[i].arg;
  for (let k = i - n; k < i; k++) if (ins[k].op !== "LOAD_CONST") return;
  const items = ins.slice(i - n, i).map((x) => c.u.consts[x.arg]);
  for (let k = i - n; k < i; k++) ins[k].op = "NOP";
  ins[i].op = "LOAD_CONST";
  ins[i].arg = c.addConstRaw({ kind: "tuple", items });
}

const swappable = (op: string) => op === "STORE_FAST" || op === "POP_TOP";
function nextSwappable(ins: Instr[], i: number, line: number): number {
  while (++i < ins.length) {
    const x = ins[i];
    if (line >= 0 && x.line !== line) return -1;
    if (x.op === "NOP") continue;
    if (swappable(x.op)) return i;
    return -1;
  }
  return -1;
}
function applyStaticSwaps(ins: Instr[], i: number): void {
  for (; i >= 0; i--) {
    const swap = ins[i];
    if (swap.op !== "SWAP") {
      if (swap.op === "NOP" || swappable(swap.op)) continue;
      return;
    }
    const j = nextSwappable(ins, i, -1);
    if (j < 0) return;
    let k = j;
    const line = ins[j].line;
    for (let count = swap.arg - 1; count > 0; count--) {
      k = nextSwappable(ins, k, line);
      if (k < 0) return;
    }
    // not safe if the two stores (or one in between) write the same local
    const storesTo = (x: Instr) => (x.op === "STORE_FAST" ? x.arg : -1);
    const sj = storesTo(ins[j]);
    const sk = storesTo(ins[k]);
    if (sj >= 0 || sk >= 0) {
      if (sj === sk) return;
      for (let idx = j + 1; idx < k; idx++) {
        const si = storesTo(ins[idx]);
        if (si >= 0 && (si === sj || si === sk)) return;
      }
    }
    swap.op = "NOP";
    const t = ins[j];
    ins[j] = ins[k];
    ins[k] = t;
  }
}

function cleanBlock(b: Block): void {
  const out: Instr[] = [];
  let prevLine = -1;
  const ins = b.instrs;
  for (let s = 0; s < ins.length; s++) {
    const x = ins[s];
    const line = x.line;
    if (x.op === "NOP") {
      if (line < 0) continue;
      if (prevLine === line) continue;
      if (s < ins.length - 1) {
        const nl = ins[s + 1].line;
        if (nl === line) continue;
        if (nl < 0) {
          copyLoc(x, ins[s + 1]);
          continue;
        }
      } else {
        let next = b.next;
        while (next && next.instrs.length === 0) next = next.next;
        if (next && line === next.instrs[0].line) continue;
      }
    }
    out.push(x);
    prevLine = line;
  }
  b.instrs = out;
}

function markReachable(u: Unit): void {
  for (const b of u.blocks) b.preds = 0;
  u.entry.preds = 1;
  const stack: Block[] = [u.entry];
  while (stack.length) {
    const b = stack.pop()!;
    if (b.next && !noFallthrough(b)) {
      if (b.next.preds === 0) stack.push(b.next);
      b.next.preds++;
    }
    for (const i of b.instrs) {
      if (isJump(i) || isBlockPush(i)) {
        const t = i.target!;
        if (t.preds === 0) stack.push(t);
        t.preds++;
      }
    }
  }
}

function eliminateEmptyBlocks(entry: Block): void {
  for (let b: Block | null = entry; b; b = b.next) {
    let next: Block | null = b.next;
    if (next) {
      while (next.instrs.length === 0 && next.next) next = next.next;
      b.next = next;
    }
  }
  for (let b: Block | null = entry; b; b = b.next) {
    for (const i of b.instrs) if (isJump(i)) i.target = skipEmpty(i.target!);
  }
}

function optimizeCfg(u: Unit, c: Compiler): void {
  for (let b: Block | null = u.entry; b; b = b.next) {
    optimizeBlock(b, c);
    cleanBlock(b);
  }
  for (let k = u.blocks.length - 1; k >= 0; k--) extendBlock(u.blocks[k]);
  markReachable(u);
  for (let b: Block | null = u.entry; b; b = b.next) if (b.preds === 0) b.instrs = [];
  eliminateEmptyBlocks(u.entry);
  for (let b: Block | null = u.entry; b; b = b.next) cleanBlock(b);
  let maybeEmpty = false;
  for (let b: Block | null = u.entry; b; b = b.next) {
    const last: Instr | undefined = b.last;
    if (last && isUncondJump(last) && last.target === b.next) {
      last.op = "NOP";
      last.target = null;
      maybeEmpty = true;
    }
  }
  if (maybeEmpty) eliminateEmptyBlocks(u.entry);
}

/**
 * The location as co_positions() gives it back from CPython's location table
 * (write_location_info_entry): none without a line; a line only (end line =
 * line) when a column is missing and the end line is the line or unknown.
 */
function encodedPos(line: number, [end, col, endCol]: Pos): Pos {
  if (line < 0) return NO_POS;
  if ((col < 0 || endCol < 0) && (end === line || end === -1)) return [line, -1, -1];
  return [end, col, endCol];
}

function isExitWithoutLineno(b: Block): boolean {
  if (!isExit(b)) return false;
  return b.instrs.every((i) => i.line < 0);
}

function duplicateExitsWithoutLineno(u: Unit): void {
  for (let k = u.blocks.length - 1; k >= 0; k--) {
    const b = u.blocks[k];
    const last = b.last;
    if (last && isJump(last)) {
      const t = last.target!;
      if (isExitWithoutLineno(t) && t.preds > 1) {
        const nb = u.newBlock();
        nb.instrs = t.instrs.map((i) => ({ ...i }));
        copyLoc(last, nb.instrs[0]);
        last.target = nb;
        t.preds--;
        nb.preds = 1;
        nb.next = t.next;
        t.next = nb;
      }
    }
  }
  for (const b of u.blocks) while (b.next && b.next.instrs.length === 0) b.next = b.next.next;
  for (const b of u.blocks) {
    if (!noFallthrough(b) && b.next && b.instrs.length > 0) {
      if (isExitWithoutLineno(b.next)) copyLoc(b.last!, b.next.instrs[0]);
    }
  }
}

/**
 * The parser's columns are UTF-16 offsets into a line; CPython's positions
 * count UTF-8 bytes. The same for a line of ASCII.
 */
function utf8Columns(source: string): (line: number, col: number) => number {
  const lines = source.split(/\r\n|\r|\n/);
  // (which lines are ASCII, found once: a location is asked for at every statement and expression)
  const ascii = lines.map((text) => !/[^\x00-\x7f]/.test(text));
  const encoder = new TextEncoder();
  return (line, col) => {
    if (col <= 0 || ascii[line - 1] !== false) return col;
    return encoder.encode(lines[line - 1].slice(0, col)).length;
  };
}

/** COPY_INSTR_LOC: `to` gets `from`'s whole location. */
function copyLoc(from: { line: number; pos?: Pos }, to: Instr): void {
  to.line = from.line;
  to.pos = from.pos;
}

function propagateLineNumbers(u: Unit): void {
  for (let b: Block | null = u.entry; b; b = b.next) {
    if (!b.instrs.length) continue;
    // (the location of the last instruction with a line, copied to those after it without one)
    let prev: { line: number; pos?: Pos } = { line: -1, pos: NO_POS };
    for (const i of b.instrs) {
      if (i.line < 0) copyLoc(prev, i);
      else prev = i;
    }
    if (!noFallthrough(b) && b.next && b.next.preds === 1 && b.next.instrs.length) {
      if (b.next.instrs[0].line < 0) copyLoc(prev, b.next.instrs[0]);
    }
    const last = b.last!;
    if (isJump(last)) {
      const t = last.target!;
      if (t.preds === 1 && t.instrs.length && t.instrs[0].line < 0) copyLoc(prev, t.instrs[0]);
    }
  }
}

function guaranteeLinenoForExits(u: Unit): void {
  let line = u.firstlineno;
  for (let b: Block | null = u.entry; b; b = b.next) {
    if (b.instrs.length === 0) continue;
    const last = b.last!;
    if (last.line < 0) {
      // a return without a line takes the last line seen before it (a handler's re-raise keeps none);
      // only the line: its columns stay those it was emitted with, as CPython's
      if (last.op === "RETURN_VALUE") for (const i of b.instrs) i.line = line;
    } else line = last.line;
  }
}

function stackDepth(u: Unit): number {
  for (const b of u.blocks) b.startDepth = -1;
  const stack: Block[] = [];
  let max = 0;
  const push = (b: Block, d: number) => {
    if (b.startDepth < d && b.startDepth < 100) {
      b.startDepth = d;
      stack.push(b);
    }
  };
  push(u.entry, u.scope.isGenerator ? 1 : 0);
  while (stack.length) {
    const b = stack.pop()!;
    let depth = b.startDepth;
    let next: Block | null = b.next;
    for (const i of b.instrs) {
      const eff = stackEffect(i.op, i.arg, false);
      const nd = depth + eff;
      if (nd > max) max = nd;
      if (isJump(i) || isBlockPush(i)) {
        // a handler starts with the exception (and lasti) pushed on the stack of its SETUP
        const td = depth + stackEffect(i.op, i.arg, true);
        if (td > max) max = td;
        push(i.target!, td);
      }
      depth = nd;
      if (isUncondJump(i) || isScopeExit(i)) {
        next = null;
        break;
      }
    }
    if (next) push(next, depth);
  }
  return max;
}

/**
 * label_exception_targets: walk the CFG with the stack of handlers the SETUPs
 * push and the POP_BLOCKs pop, giving each instruction the innermost handler
 * (none for the SETUPs and POP_BLOCKs themselves, as in CPython, so a `try:`
 * line's NOP is outside the range). A SETUP_CLEANUP's or SETUP_WITH's handler expects lasti.
 */
function labelExceptionTargets(u: Unit): void {
  for (let b: Block | null = u.entry; b; b = b.next) b.visited = false;
  const todo: Block[] = [u.entry];
  u.entry.visited = true;
  u.entry.exceptStack = [null];
  const visit = (t: Block, stack: (Block | null)[]) => {
    if (t.visited) return;
    t.exceptStack = [...stack];
    t.visited = true;
    todo.push(t);
  };
  while (todo.length) {
    const b = todo.pop()!;
    const stack = b.exceptStack!;
    b.exceptStack = null;
    let handler = stack[stack.length - 1];
    for (const i of b.instrs) {
      if (isBlockPush(i)) {
        visit(i.target!, stack);
        if (i.op === "SETUP_CLEANUP" || i.op === "SETUP_WITH") i.target!.preserveLasti = true;
        stack.push(i.target!);
        handler = i.target!;
      } else if (i.op === "POP_BLOCK") {
        stack.pop();
        handler = stack[stack.length - 1];
      } else {
        i.except = handler;
        if (isJump(i)) visit(i.target!, stack);
      }
    }
    if (!noFallthrough(b) && b.next) visit(b.next, stack);
  }
}

function normalizeJumps(u: Unit): void {
  for (let b: Block | null = u.entry; b; b = b.next) b.visited = false;
  for (let b: Block | null = u.entry; b; b = b.next) {
    b.visited = true;
    const last = b.last;
    if (!last || !isJump(last)) continue;
    const fwd = !last.target!.visited;
    const m: Record<string, [string, string]> = {
      JUMP: ["JUMP_FORWARD", "JUMP_BACKWARD"],
      POP_JUMP_IF_FALSE: ["POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_FALSE"],
      POP_JUMP_IF_TRUE: ["POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_TRUE"],
      POP_JUMP_IF_NONE: ["POP_JUMP_FORWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NONE"],
      POP_JUMP_IF_NOT_NONE: ["POP_JUMP_FORWARD_IF_NOT_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE"],
      JUMP_NO_INTERRUPT: ["JUMP_FORWARD", "JUMP_BACKWARD_NO_INTERRUPT"],
    };
    if (m[last.op]) last.op = m[last.op][fwd ? 0 : 1];
  }
}
