// A recursive-descent parser for Python 3.11 producing CPython's `ast` nodes
// (see ast.ts). It accepts all of 3.11's statement and expression forms that
// memsim may meet (the checker in check.ts then refuses what is outside the
// subset) and reports CPython's SyntaxError messages for the common mistakes.

import { PySyntaxError } from "./errors.js";
import { tokenize, type Token } from "./tokenizer.js";
import { ELLIPSIS, type Node, type PyConst } from "./ast.js";

const KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
  "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
  "return", "try", "while", "with", "yield",
]);

const AUGOPS: Record<string, string> = {
  "+=": "Add", "-=": "Sub", "*=": "Mult", "@=": "MatMult", "/=": "Div", "%=": "Mod", "&=": "BitAnd", "|=": "BitOr", "^=": "BitXor",
  "<<=": "LShift", ">>=": "RShift", "**=": "Pow", "//=": "FloorDiv",
};

type Loc = { lineno: number; col_offset: number; end_lineno: number; end_col_offset: number };

export function exprName(e: Node): string {
  switch (e._t) {
    case "Attribute": return "attribute";
    case "Subscript": return "subscript";
    case "Starred": return "starred";
    case "Name": return "name";
    case "List": return "list";
    case "Tuple": return "tuple";
    case "Lambda": return "lambda";
    case "Call": return "function call";
    case "BoolOp": case "BinOp": case "UnaryOp": return "expression";
    case "GeneratorExp": return "generator expression";
    case "Yield": case "YieldFrom": return "yield expression";
    case "Await": return "await expression";
    case "ListComp": return "list comprehension";
    case "SetComp": return "set comprehension";
    case "DictComp": return "dict comprehension";
    case "Dict": return "dict literal";
    case "Set": return "set display";
    case "JoinedStr": case "FormattedValue": return "f-string expression";
    case "Constant": {
      const v = e.value;
      if (v === null) return "None";
      if (v === true) return "True";
      if (v === false) return "False";
      if (typeof v === "object" && v.kind === "ellipsis") return "ellipsis";
      return "literal";
    }
    case "Compare": return "comparison";
    case "IfExp": return "conditional expression";
    case "NamedExpr": return "named expression";
  }
  return "expression";
}

export function parse(source: string): Node {
  const tk = tokenize(source);
  const p = new Parser(tk.tokens, tk.lines);
  if (tk.error) throw tk.error;
  try {
    return p.parseFile();
  } catch (e) {
    if (e instanceof PySyntaxError && tk.unclosed) {
      const t = p.errorToken ?? p.tokens[p.i];
      // CPython reports the unclosed bracket when its parser read ahead to the end of file;
      // approximated: unless the failure is an operator right after the opening bracket.
      const k = t ? p.tokens.indexOf(t) : -1;
      const prev = k > 0 ? p.tokens[k - 1] : null;
      const rightAfter = prev !== null && prev.type === "OP" && "([{".includes(prev.str) && t.type === "OP";
      if (t && (t.level > 0 || t.type === "ERRORTOKEN") && !rightAfter) throw tk.unclosed;
    }
    throw e;
  }
}

class Parser {
  i = 0;
  errorToken: Token | null = null;
  constructor(
    public tokens: Token[],
    public lines: string[],
  ) {}

  // ---- token helpers ----
  get tok(): Token {
    return this.tokens[Math.min(this.i, this.tokens.length - 1)];
  }
  ttype(): string {
    return this.tok.type;
  }
  peek(k = 1): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }
  isOp(s: string, t: Token = this.tok): boolean {
    return t.type === "OP" && t.str === s;
  }
  isKw(s: string, t: Token = this.tok): boolean {
    return t.type === "NAME" && t.str === s;
  }
  isName(t: Token = this.tok): boolean {
    return t.type === "NAME" && !KEYWORDS.has(t.str);
  }
  advance(): Token {
    const t = this.tok;
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  eatOp(s: string): boolean {
    if (this.isOp(s)) {
      this.advance();
      return true;
    }
    return false;
  }
  eatKw(s: string): boolean {
    if (this.isKw(s)) {
      this.advance();
      return true;
    }
    return false;
  }
  expectOp(s: string): Token {
    if (!this.isOp(s)) this.fail();
    return this.advance();
  }
  expectKw(s: string): Token {
    if (!this.isKw(s)) this.fail();
    return this.advance();
  }
  expectName(): Token {
    if (!this.isName()) this.fail();
    return this.advance();
  }

  /** Generic "invalid syntax" at the current token (or an indentation error for INDENT/DEDENT). */
  fail(t: Token = this.tok): never {
    this.errorToken = t;
    if (t.type === "INDENT") throw new PySyntaxError("unexpected indent", t.line, t.endCol, t.line, -1, "IndentationError");
    if (t.type === "DEDENT") throw new PySyntaxError("unexpected unindent", t.line, t.col + 1, t.line, -1, "IndentationError");
    if (t.type === "ERRORTOKEN" && t.str === "") throw new PySyntaxError("unexpected EOF while parsing", t.line, t.col + 1);
    if (t.type === "NEWLINE" || t.type === "ENDMARKER") throw new PySyntaxError("invalid syntax", t.line, t.col + 1, t.line, t.col + 1);
    throw new PySyntaxError("invalid syntax", t.line, t.col + 1, t.endLine, t.endCol + 1);
  }
  errAt(msg: string, a: Loc, b: Loc = a): never {
    throw new PySyntaxError(msg, a.lineno, a.col_offset + 1, b.end_lineno, b.end_col_offset + 1);
  }

  startLoc(t: Token): { lineno: number; col_offset: number } {
    return { lineno: t.line, col_offset: t.col };
  }
  node(t: string, start: { lineno: number; col_offset: number }, fields: Record<string, unknown>): Node {
    const prev = this.tokens[this.i - 1];
    return { _t: t, ...fields, lineno: start.lineno, col_offset: start.col_offset, end_lineno: prev.endLine, end_col_offset: prev.endCol };
  }
  span(t: string, a: Loc, b: Loc, fields: Record<string, unknown>): Node {
    return { _t: t, ...fields, lineno: a.lineno, col_offset: a.col_offset, end_lineno: b.end_lineno, end_col_offset: b.end_col_offset };
  }

  // ---- statements ----
  parseFile(): Node {
    const body: Node[] = [];
    while (this.ttype() !== "ENDMARKER") {
      if (this.ttype() === "NEWLINE") {
        this.advance();
        continue;
      }
      body.push(...this.statement());
    }
    return { _t: "Module", body, type_ignores: [] };
  }

  statement(): Node[] {
    const t = this.tok;
    if (t.type === "INDENT") this.fail();
    if (t.type === "NAME") {
      switch (t.str) {
        case "def": return [this.funcdef([], null)];
        case "if": return [this.ifStmt()];
        case "class": return [this.classdef([])];
        case "with": return [this.withStmt(null)];
        case "for": return [this.forStmt(null)];
        case "try": return [this.tryStmt()];
        case "while": return [this.whileStmt()];
        case "async": {
          const nt = this.peek();
          if (this.isKw("def", nt)) { this.advance(); return [this.funcdef([], t)]; }
          if (this.isKw("for", nt)) { this.advance(); return [this.forStmt(t)]; }
          if (this.isKw("with", nt)) { this.advance(); return [this.withStmt(t)]; }
          this.fail(nt);
          break;
        }
        case "match": {
          const m = this.tryMatch();
          if (m) return [m];
          break;
        }
      }
    }
    if (this.isOp("@")) return [this.decorated()];
    return this.simpleStmts();
  }

  simpleStmts(): Node[] {
    const out: Node[] = [];
    for (;;) {
      out.push(this.simpleStmt());
      if (this.eatOp(";")) {
        if (this.ttype() === "NEWLINE") break;
        continue;
      }
      break;
    }
    if (this.ttype() !== "NEWLINE") this.fail();
    this.advance();
    return out;
  }

  simpleStmt(): Node {
    const t = this.tok;
    const s = this.startLoc(t);
    if (t.type === "NAME") {
      switch (t.str) {
        case "pass": this.advance(); return this.node("Pass", s, {});
        case "break": this.advance(); return this.node("Break", s, {});
        case "continue": this.advance(); return this.node("Continue", s, {});
        case "return": {
          this.advance();
          const value = this.atExprStart() ? this.starExpressions() : undefined;
          return this.node("Return", s, { value });
        }
        case "del": {
          this.advance();
          const targets: Node[] = [];
          for (;;) {
            const e = this.bitor();
            targets.push(this.toTarget(e, "Del"));
            if (!this.eatOp(",")) break;
            if (!this.atExprStart()) break;
          }
          if (!this.isStmtEnd()) this.fail();
          return this.node("Delete", s, { targets });
        }
        case "global":
        case "nonlocal": {
          this.advance();
          const names = [this.expectName().str];
          while (this.eatOp(",")) names.push(this.expectName().str);
          return this.node(t.str === "global" ? "Global" : "Nonlocal", s, { names });
        }
        case "import": {
          this.advance();
          const names: Node[] = [];
          do {
            const a = this.tok;
            let name = this.expectName().str;
            while (this.eatOp(".")) name += "." + this.expectName().str;
            let asname: string | undefined;
            if (this.eatKw("as")) asname = this.expectName().str;
            names.push(this.node("alias", this.startLoc(a), { name, asname }));
          } while (this.eatOp(","));
          return this.node("Import", s, { names });
        }
        case "from": {
          this.advance();
          let level = 0;
          while (this.isOp(".") || this.isOp("...")) level += this.advance().str.length;
          let module: string | undefined;
          if (!this.isKw("import")) {
            module = this.expectName().str;
            while (this.eatOp(".")) module += "." + this.expectName().str;
          }
          this.expectKw("import");
          const names: Node[] = [];
          if (this.isOp("*")) {
            const a = this.advance();
            names.push(this.node("alias", this.startLoc(a), { name: "*" }));
          } else {
            const paren = this.eatOp("(");
            do {
              if (paren && this.isOp(")")) break;
              const a = this.tok;
              const name = this.expectName().str;
              let asname: string | undefined;
              if (this.eatKw("as")) asname = this.expectName().str;
              names.push(this.node("alias", this.startLoc(a), { name, asname }));
            } while (this.eatOp(","));
            if (paren) this.expectOp(")");
          }
          return this.node("ImportFrom", s, { module, names, level });
        }
        case "raise": {
          this.advance();
          let exc: Node | undefined;
          let cause: Node | undefined;
          if (this.atExprStart()) {
            exc = this.expression();
            if (this.eatKw("from")) cause = this.expression();
          }
          return this.node("Raise", s, { exc, cause });
        }
        case "assert": {
          this.advance();
          const test = this.expression();
          const msg = this.eatOp(",") ? this.expression() : undefined;
          return this.node("Assert", s, { test, msg });
        }
      }
      if (t.str === "print" || t.str === "exec") {
        const nt = this.peek();
        if (nt.line === t.line && (nt.type === "STRING" || nt.type === "NUMBER" || (nt.type === "NAME" && !KEYWORDS.has(nt.str)))) {
          // CPython's invalid_legacy_expression
          const save = this.i;
          this.advance();
          try {
            const e = this.starExpressions();
            throw new PySyntaxError(`Missing parentheses in call to '${t.str}'. Did you mean ${t.str}(...)?`, t.line, t.col + 1, e.end_lineno!, e.end_col_offset! + 1);
          } catch (err) {
            if (err instanceof PySyntaxError && err.msg.startsWith("Missing")) throw err;
            this.i = save;
          }
        }
      }
    }
    // expression statement / assignment
    const first = this.isKw("yield") ? this.yieldExpr() : this.starExpressions();
    if (this.isOp("=")) {
      const targets: Node[] = [first];
      let value: Node = first;
      while (this.eatOp("=")) {
        const rhs = this.isKw("yield") ? this.yieldExpr() : this.starExpressions();
        targets.push(rhs);
        value = rhs;
      }
      targets.pop();
      for (let k = 0; k < targets.length; k++) this.checkAssignTarget(targets[k], k === targets.length - 1 ? value : targets[k + 1], targets.length === 1);
      return this.node("Assign", s, { targets: targets.map((e) => this.toTarget(e, "Store")), value });
    }
    if (this.ttype() === "OP" && AUGOPS[this.tok.str]) {
      if (first._t !== "Name" && first._t !== "Attribute" && first._t !== "Subscript") {
        this.errAt(`'${exprName(first)}' is an illegal expression for augmented assignment`, first as Loc);
      }
      const op = AUGOPS[this.advance().str];
      const value = this.isKw("yield") ? this.yieldExpr() : this.starExpressions();
      return this.node("AugAssign", s, { target: this.toTarget(first, "Store"), op: { _t: op }, value });
    }
    if (this.isOp(":")) {
      this.advance();
      if (first._t !== "Name" && first._t !== "Attribute" && first._t !== "Subscript") {
        if (first._t === "Tuple") this.errAt("only single target (not tuple) can be annotated", first as Loc);
        if (first._t === "List") this.errAt("only single target (not list) can be annotated", first as Loc);
        this.errAt("illegal target for annotation", first as Loc);
      }
      const simple = first._t === "Name" && !(first as Node & { _paren?: boolean })._paren ? 1 : 0;
      const annotation = this.expression();
      let value: Node | undefined;
      if (this.eatOp("=")) value = this.isKw("yield") ? this.yieldExpr() : this.starExpressions();
      return this.node("AnnAssign", s, { target: this.toTarget(first, "Store"), annotation, value, simple });
    }
    if (!this.isStmtEnd()) {
      // `a b` at statement level: generic invalid syntax at the second expression
      this.fail();
    }
    return this.node("Expr", s, { value: first });
  }

  isStmtEnd(): boolean {
    return this.ttype() === "NEWLINE" || this.isOp(";");
  }

  /**
   * CPython's invalid_named_expression / invalid_assignment messages for `lhs = rhs`; `only`: the statement's one
   * target (invalid_named_expression's "here" is tried on the statement's start, with no '=' after `rhs`).
   */
  checkAssignTarget(e: Node, rhs: Node, only: boolean): void {
    // (a parenthesized one is an atom: invalid_named_expression's "here" below)
    if ((e._t === "Yield" || e._t === "YieldFrom") && !e._paren) this.errAt("assignment to yield expression not possible", e as Loc);
    const bad = invalidTarget(e, "Store");
    if (!bad) return;
    const here = only && (
      bad === e || (e._t === "Tuple" && !e._paren && e.elts[e.elts.length - 1] === bad)
        ? !(bad._t === "List" || bad._t === "Tuple" || bad._t === "GeneratorExp" || (bad._t === "Constant" && (bad.value === true || bad.value === false || bad.value === null)) ||
            // (not a bitwise_or unless parenthesized)
            (!bad._paren && (["Compare", "BoolOp", "IfExp", "Lambda", "Yield", "YieldFrom", "NamedExpr"].includes(bad._t) || (bad._t === "UnaryOp" && bad.op._t === "Not")))) &&
          (rhs._paren || !["Compare", "BoolOp", "IfExp", "Lambda", "Tuple", "Yield", "YieldFrom", "Starred"].includes(rhs._t))
        : false);
    if (here) this.errAt(`cannot assign to ${exprName(bad)} here. Maybe you meant '==' instead of '='?`, bad as Loc);
    this.errAt(`cannot assign to ${exprName(bad)}`, bad as Loc);
  }

  toTarget(e: Node, ctx: "Store" | "Del"): Node {
    const bad = invalidTarget(e, ctx);
    if (bad) this.errAt(ctx === "Del" ? `cannot delete ${exprName(bad)}` : `cannot assign to ${exprName(bad)}`, bad as Loc);
    setCtx(e, ctx);
    return e;
  }

  block(what: string, headerLine: number): Node[] {
    if (!this.isOp(":")) {
      if (this.ttype() === "NEWLINE") {
        const t = this.tok;
        throw new PySyntaxError("expected ':'", t.line, t.col + 1, t.line, t.col + 1);
      }
      this.fail();
    }
    this.advance();
    if (this.ttype() === "NEWLINE") {
      this.advance();
      if (this.ttype() !== "INDENT") {
        const t = this.tok;
        if (t.type === "ENDMARKER" || t.type === "DEDENT") {
          const nl = this.tokens[this.i - 1];
          throw new PySyntaxError(`expected an indented block after ${what} on line ${headerLine}`, nl.line, nl.col + 1, nl.line, -1, "IndentationError", true);
        }
        throw new PySyntaxError(`expected an indented block after ${what} on line ${headerLine}`, t.line, t.col + 1, t.endLine, t.endCol + 1, "IndentationError");
      }
      this.advance();
      const body: Node[] = [];
      while (this.ttype() !== "DEDENT" && this.ttype() !== "ENDMARKER") {
        if (this.ttype() === "ERRORTOKEN") this.fail();
        body.push(...this.statement());
      }
      if (this.ttype() === "DEDENT") this.advance();
      return body;
    }
    return this.simpleStmts();
  }

  ifStmt(): Node {
    const t = this.advance(); // 'if' or 'elif'
    const s = this.startLoc(t);
    const test = this.namedExpression();
    const body = this.block(`'${t.str}' statement`, t.line);
    let orelse: Node[] = [];
    if (this.isKw("elif")) orelse = [this.ifStmt()];
    else if (this.isKw("else")) {
      const e = this.advance();
      orelse = this.block("'else' statement", e.line);
    }
    return this.nodeEnd("If", s, { test, body, orelse });
  }

  /** A compound statement's node: it ends where its last sub-statement ends. */
  nodeEnd(t: string, s: { lineno: number; col_offset: number }, fields: Record<string, unknown>): Node {
    const n = this.node(t, s, fields);
    let last: Node | undefined;
    for (const k of ["finalbody", "orelse", "handlers", "body", "cases"]) {
      const v = fields[k] as Node[] | undefined;
      if (v && v.length) {
        last = v[v.length - 1];
        break;
      }
    }
    if (last) {
      n.end_lineno = last.end_lineno;
      n.end_col_offset = last.end_col_offset;
    }
    return n;
  }

  whileStmt(): Node {
    const t = this.advance();
    const s = this.startLoc(t);
    const test = this.namedExpression();
    const body = this.block("'while' statement", t.line);
    let orelse: Node[] = [];
    if (this.isKw("else")) {
      const e = this.advance();
      orelse = this.block("'else' statement", e.line);
    }
    return this.nodeEnd("While", s, { test, body, orelse });
  }

  forStmt(asyncTok: Token | null): Node {
    const t = this.advance();
    const s = this.startLoc(asyncTok ?? t);
    const target = this.targetList();
    this.expectKw("in");
    const iter = this.starExpressions();
    const body = this.block("'for' statement", t.line);
    let orelse: Node[] = [];
    if (this.isKw("else")) {
      const e = this.advance();
      orelse = this.block("'else' statement", e.line);
    }
    return this.nodeEnd(asyncTok ? "AsyncFor" : "For", s, { target, iter, body, orelse });
  }

  /** star_targets for `for` and comprehensions: parsed as an expression list, then checked. */
  targetList(): Node {
    const start = this.tok;
    const elts: Node[] = [];
    let comma = false;
    for (;;) {
      elts.push(this.isOp("*") ? this.starred(() => this.bitor()) : this.bitor());
      if (!this.isOp(",")) break;
      this.advance();
      comma = true;
      if (this.isKw("in") || this.isOp("=")) break;
    }
    const e = elts.length === 1 && !comma ? elts[0] : this.node("Tuple", this.startLoc(start), { elts, ctx: { _t: "Load" } });
    return this.toTarget(e, "Store");
  }

  withStmt(asyncTok: Token | null): Node {
    const t = this.advance();
    const s = this.startLoc(asyncTok ?? t);
    const items: Node[] = [];
    const paren = this.isOp("(") && this.parenthesizedWithItems();
    if (paren) this.advance();
    do {
      if (paren && this.isOp(")")) break;
      const ce = this.expression();
      let optional_vars: Node | undefined;
      if (this.eatKw("as")) optional_vars = this.toTarget(this.isOp("*") ? this.starred(() => this.bitor()) : this.bitorOrTuple(), "Store");
      items.push({ _t: "withitem", context_expr: ce, optional_vars });
    } while (this.eatOp(","));
    if (paren) this.expectOp(")");
    const body = this.block("'with' statement", t.line);
    return this.nodeEnd(asyncTok ? "AsyncWith" : "With", s, { items, body });
  }

  bitorOrTuple(): Node {
    return this.bitor();
  }

  /**
   * with_stmt's first alternative, `'(' ','.with_item+ ','? ')' ':'`: a
   * parenthesis followed by ':' holds the items when one has `as`, or when
   * every item is an `expression` (`with (a, b):` is two items; `with (a, *b):`,
   * `with (x for x in y):` and `with ():` are expressions).
   */
  parenthesizedWithItems(): boolean {
    let depth = 0;
    let close = -1;
    for (let k = this.i; k < this.tokens.length && close < 0; k++) {
      const t = this.tokens[k];
      if (t.type === "OP" && "([{".includes(t.str)) depth++;
      else if (t.type === "OP" && ")]}".includes(t.str)) {
        if (--depth === 0) close = k;
      } else if (t.type === "NEWLINE") return false;
    }
    if (close < 0 || !this.isOp(":", this.tokens[close + 1])) return false;
    if (this.tokens.slice(this.i, close).some((x) => x.type === "NAME" && x.str === "as" && x.level === this.tok.level + 1)) return true;
    const save = this.i;
    const saveErr = this.errorToken;
    let items = false;
    try {
      this.advance();
      do {
        if (this.isOp(")")) break;
        this.expression();
      } while (this.eatOp(","));
      items = this.i === close && this.i > save + 1;
    } catch (e) {
      if (!(e instanceof PySyntaxError)) throw e;
    }
    this.i = save;
    this.errorToken = saveErr;
    return items;
  }

  tryStmt(): Node {
    const t = this.advance();
    const s = this.startLoc(t);
    const body = this.block("'try' statement", t.line);
    const handlers: Node[] = [];
    let star = false;
    if (!this.isKw("except") && !this.isKw("finally")) {
      // invalid_try_stmt: RAISE_SYNTAX_ERROR at the last token read, which at the end of the file is past the last line
      const x = this.tok;
      const atEof = this.tokens.slice(this.i).every((k) => k.type === "DEDENT" || k.type === "ENDMARKER");
      if (atEof) {
        const last = this.lines.length > 1 && this.lines[this.lines.length - 1] === "" ? this.lines.length - 1 : this.lines.length;
        throw new PySyntaxError("expected 'except' or 'finally' block", last, this.lines[last - 1].length + 1, last, -1, "SyntaxError", true);
      }
      if (x.type === "DEDENT") throw new PySyntaxError("expected 'except' or 'finally' block", x.line, x.col, x.line, -1);
      throw new PySyntaxError("expected 'except' or 'finally' block", x.line, x.col + 1, x.endLine, x.endCol + 1);
    }
    while (this.isKw("except")) {
      const e = this.advance();
      if (this.ttype() === "NEWLINE") {
        const x = this.tok;
        throw new PySyntaxError("expected ':'", x.line, x.col + 1, x.line, x.col + 1);
      }
      const starTok = this.isOp("*") ? this.advance() : null;
      if (handlers.length && !!starTok !== star) this.mixedExcept(e, starTok);
      star = !!starTok;
      let type: Node | undefined;
      let name: string | undefined;
      if (starTok && (this.isOp(":") || this.ttype() === "NEWLINE")) {
        const x = this.tok;
        throw new PySyntaxError("expected one or more exception types", x.line, x.col + 1, x.line, x.type === "NEWLINE" ? x.col + 1 : x.endCol + 1);
      }
      if (!this.isOp(":")) {
        type = this.expression();
        if (this.isOp(",")) this.unparenthesizedExceptTypes(type);
        if (this.eatKw("as")) name = this.expectName().str;
      }
      const hb = this.block(star ? "'except*' statement" : "'except' statement", e.line);
      handlers.push(this.nodeEnd("ExceptHandler", this.startLoc(e), { type, name, body: hb }));
    }
    let orelse: Node[] = [];
    let finalbody: Node[] = [];
    if (handlers.length && this.isKw("else")) {
      const e = this.advance();
      orelse = this.block("'else' statement", e.line);
    }
    if (this.isKw("finally")) {
      const e = this.advance();
      finalbody = this.block("'finally' statement", e.line);
    }
    return this.nodeEnd(star ? "TryStar" : "Try", s, { body, handlers, orelse, finalbody });
  }

  /** invalid_try_stmt: an `except` after `except*` handlers or the reverse, when its header is complete up to the ':'. */
  mixedExcept(e: Token, starTok: Token | null): void {
    const save = this.i;
    const saveErr = this.errorToken;
    if (starTok && this.isOp(":")) return; // `except*` needs a type
    if (!this.isOp(":")) {
      try {
        this.expression();
        if (this.eatKw("as")) this.expectName();
      } catch {
        this.i = save;
        this.errorToken = saveErr;
        return;
      }
    }
    const complete = this.isOp(":");
    this.i = save;
    if (!complete) return;
    const end = starTok ?? e;
    throw new PySyntaxError("cannot have both 'except' and 'except*' on the same 'try'", e.line, e.col + 1, end.endLine, end.endCol + 1);
  }

  /** invalid_except_stmt: `except A, B:` (3.11 wants the tuple parenthesized); without the ':' the comma is a plain syntax error. */
  unparenthesizedExceptTypes(first: Node): never {
    const comma = this.tok;
    try {
      while (this.eatOp(",")) {
        if (this.isOp(":") || this.isKw("as")) break;
        this.expression();
      }
      if (this.eatKw("as")) this.expectName();
    } catch {
      this.fail(comma);
    }
    if (!this.isOp(":")) this.fail(comma);
    const colon = this.tok;
    throw new PySyntaxError("multiple exception types must be parenthesized", first.lineno!, first.col_offset! + 1, colon.endLine, colon.endCol);
  }

  /** `match` is a soft keyword: a match statement is `match <subject>:` NEWLINE INDENT `case`... */
  tryMatch(): Node | null {
    const save = this.i;
    const t = this.advance();
    try {
      if (this.isOp("=") || this.isOp(".") || this.isOp("(") && false) throw null;
      if (!this.atExprStart()) throw null;
      const subject = this.starExpressions();
      if (!this.isOp(":")) throw null;
      this.advance();
      if (this.ttype() !== "NEWLINE") throw null;
      this.advance();
      if (this.ttype() !== "INDENT" || !this.isKw("case", this.peek())) throw null;
      // Skip the case blocks: patterns are not parsed (the statement is refused anyway).
      this.advance();
      let depth = 1;
      while (depth > 0 && this.ttype() !== "ENDMARKER") {
        if (this.ttype() === "INDENT") depth++;
        else if (this.ttype() === "DEDENT") depth--;
        this.advance();
      }
      return this.node("Match", this.startLoc(t), { subject, cases: [] });
    } catch (e) {
      if (e !== null && !(e instanceof PySyntaxError)) throw e;
      this.i = save;
      return null;
    }
  }

  decorated(): Node {
    const decorators: Node[] = [];
    while (this.isOp("@")) {
      this.advance();
      decorators.push(this.namedExpression());
      if (this.ttype() !== "NEWLINE") this.fail();
      this.advance();
    }
    if (this.isKw("def")) return this.funcdef(decorators, null);
    if (this.isKw("class")) return this.classdef(decorators);
    if (this.isKw("async") && this.isKw("def", this.peek())) {
      const a = this.advance();
      return this.funcdef(decorators, a);
    }
    this.fail();
  }

  funcdef(decorator_list: Node[], asyncTok: Token | null): Node {
    const t = this.advance();
    const s = this.startLoc(asyncTok ?? t);
    const name = this.expectName().str;
    this.expectOp("(");
    const args = this.parameters(")", true);
    this.expectOp(")");
    let returns: Node | undefined;
    if (this.eatOp("->")) returns = this.expression();
    const body = this.block("function definition", t.line);
    return this.nodeEnd(asyncTok ? "AsyncFunctionDef" : "FunctionDef", s, { name, args, body, decorator_list, returns });
  }

  classdef(decorator_list: Node[]): Node {
    const t = this.advance();
    const s = this.startLoc(t);
    const name = this.expectName().str;
    let bases: Node[] = [];
    let keywords: Node[] = [];
    if (this.eatOp("(")) {
      [bases, keywords] = this.callArgs();
      this.expectOp(")");
    }
    const body = this.block("class definition", t.line);
    return this.nodeEnd("ClassDef", s, { name, bases, keywords, body, decorator_list });
  }

  /** Parameters of def (annotations allowed) or lambda, up to `close`. */
  parameters(close: string, annotations: boolean): Node {
    const posonlyargs: Node[] = [];
    let args: Node[] = [];
    const defaults: Node[] = [];
    const kwonlyargs: Node[] = [];
    const kw_defaults: (Node | null)[] = [];
    let vararg: Node | undefined;
    let kwarg: Node | undefined;
    let star = false;
    const arg = (): Node => {
      const at = this.expectName();
      let annotation: Node | undefined;
      if (annotations && this.eatOp(":")) annotation = this.expression();
      return this.node("arg", this.startLoc(at), { arg: at.str, annotation });
    };
    while (!this.isOp(close)) {
      if (this.isOp("/")) {
        if (star || posonlyargs.length || !args.length) this.fail();
        this.advance();
        posonlyargs.push(...args);
        args = [];
      } else if (this.isOp("**")) {
        this.advance();
        kwarg = arg();
        this.eatOp(",");
        if (!this.isOp(close)) this.fail();
        break;
      } else if (this.isOp("*")) {
        if (star) this.fail();
        this.advance();
        star = true;
        if (this.isName()) vararg = arg();
        else if (this.isOp(close)) {
          const x = this.tokens[this.i - 1];
          throw new PySyntaxError("named arguments must follow bare *", x.line, x.col + 1, x.endLine, x.endCol + 1);
        }
      } else {
        const a = arg();
        let d: Node | null = null;
        if (this.eatOp("=")) d = this.expression();
        if (star) {
          kwonlyargs.push(a);
          kw_defaults.push(d);
        } else {
          args.push(a);
          if (d) defaults.push(d);
          else if (defaults.length) this.errAt("non-default argument follows default argument", a as Loc);
        }
      }
      if (!this.eatOp(",")) break;
    }
    return { _t: "arguments", posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults };
  }

  // ---- expressions ----
  atExprStart(t: Token = this.tok): boolean {
    if (t.type === "NUMBER" || t.type === "STRING") return true;
    if (t.type === "NAME") return !KEYWORDS.has(t.str) || ["None", "True", "False", "not", "lambda", "await", "yield"].includes(t.str);
    if (t.type === "OP") return ["(", "[", "{", "-", "+", "~", "*", "...", "**"].includes(t.str);
    return false;
  }

  /** star_expressions: an expression or an unparenthesized tuple (with starred items). */
  starExpressions(): Node {
    const start = this.tok;
    const first = this.isOp("*") ? this.starred(() => this.bitor()) : this.expression();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (!this.atExprStart() || this.isOp("**")) break;
      elts.push(this.isOp("*") ? this.starred(() => this.bitor()) : this.expression());
    }
    return this.node("Tuple", this.startLoc(start), { elts, ctx: { _t: "Load" } });
  }

  starred(inner: () => Node): Node {
    const t = this.advance();
    const value = inner();
    return this.node("Starred", this.startLoc(t), { value, ctx: { _t: "Load" } });
  }

  namedExpression(): Node {
    if (this.isName() && this.isOp(":=", this.peek())) {
      const t = this.advance();
      this.advance();
      const value = this.expression();
      const target = { _t: "Name", id: t.str, ctx: { _t: "Store" }, lineno: t.line, col_offset: t.col, end_lineno: t.endLine, end_col_offset: t.endCol };
      return this.node("NamedExpr", this.startLoc(t), { target, value });
    }
    const e = this.expression();
    if (this.isOp(":=")) this.errAt(`cannot use assignment expressions with ${exprName(e)}`, e as Loc);
    return e;
  }

  expression(): Node {
    if (this.isKw("lambda")) return this.lambdef();
    const t = this.tok;
    const body = this.disjunction();
    if (this.isKw("if")) {
      this.advance();
      const test = this.disjunction();
      if (!this.isKw("else")) {
        if (this.isOp(":") || this.ttype() === "NEWLINE" || this.isOp(")") || this.isOp("]") || this.isOp("}") || this.isOp(",") || this.isOp("=")) {
          this.errAt("expected 'else' after 'if' expression", body as Loc, test as Loc);
        }
        this.fail();
      }
      this.advance();
      const orelse = this.expression();
      return this.node("IfExp", this.startLoc(t), { test, body, orelse });
    }
    return body;
  }

  lambdef(): Node {
    const t = this.advance();
    const args = this.parameters(":", false);
    this.expectOp(":");
    const body = this.expression();
    return this.node("Lambda", this.startLoc(t), { args, body });
  }

  disjunction(): Node {
    const t = this.tok;
    const first = this.conjunction();
    if (!this.isKw("or")) return first;
    const values = [first];
    while (this.eatKw("or")) values.push(this.conjunction());
    return this.node("BoolOp", this.startLoc(t), { op: { _t: "Or" }, values });
  }

  conjunction(): Node {
    const t = this.tok;
    const first = this.inversion();
    if (!this.isKw("and")) return first;
    const values = [first];
    while (this.eatKw("and")) values.push(this.inversion());
    return this.node("BoolOp", this.startLoc(t), { op: { _t: "And" }, values });
  }

  inversion(): Node {
    if (this.isKw("not")) {
      const t = this.advance();
      const operand = this.inversion();
      return this.node("UnaryOp", this.startLoc(t), { op: { _t: "Not" }, operand });
    }
    return this.comparison();
  }

  compOp(): string | null {
    const t = this.tok;
    if (t.type === "OP") {
      const m: Record<string, string> = { "==": "Eq", "!=": "NotEq", "<": "Lt", "<=": "LtE", ">": "Gt", ">=": "GtE" };
      return m[t.str] ?? null;
    }
    if (this.isKw("in")) return "In";
    if (this.isKw("is")) return this.isKw("not", this.peek()) ? "IsNot" : "Is";
    if (this.isKw("not") && this.isKw("in", this.peek())) return "NotIn";
    return null;
  }

  comparison(): Node {
    const t = this.tok;
    const left = this.bitor();
    let op = this.compOp();
    if (!op) return left;
    const ops: Node[] = [];
    const comparators: Node[] = [];
    while (op) {
      this.advance();
      if (op === "IsNot" || op === "NotIn") this.advance();
      ops.push({ _t: op });
      comparators.push(this.bitor());
      op = this.compOp();
    }
    return this.node("Compare", this.startLoc(t), { left, ops, comparators });
  }

  binLevel(ops: Record<string, string>, next: () => Node): Node {
    const t = this.tok;
    let left = next();
    while (this.ttype() === "OP" && ops[this.tok.str]) {
      const op = ops[this.advance().str];
      const right = next();
      left = this.node("BinOp", this.startLoc(t), { left, op: { _t: op }, right });
    }
    return left;
  }
  bitor = (): Node => this.binLevel({ "|": "BitOr" }, this.bitxor);
  bitxor = (): Node => this.binLevel({ "^": "BitXor" }, this.bitand);
  bitand = (): Node => this.binLevel({ "&": "BitAnd" }, this.shift);
  shift = (): Node => this.binLevel({ "<<": "LShift", ">>": "RShift" }, this.sum);
  sum = (): Node => this.binLevel({ "+": "Add", "-": "Sub" }, this.term);
  term = (): Node => this.binLevel({ "*": "Mult", "/": "Div", "//": "FloorDiv", "%": "Mod", "@": "MatMult" }, this.factor);

  factor = (): Node => {
    const t = this.tok;
    if (t.type === "OP" && (t.str === "+" || t.str === "-" || t.str === "~")) {
      this.advance();
      const operand = this.factor();
      return this.node("UnaryOp", this.startLoc(t), { op: { _t: t.str === "+" ? "UAdd" : t.str === "-" ? "USub" : "Invert" }, operand });
    }
    return this.power();
  };

  power(): Node {
    const t = this.tok;
    let base: Node;
    if (this.isKw("await")) {
      this.advance();
      const value = this.primary();
      base = this.node("Await", this.startLoc(t), { value });
    } else base = this.primary();
    if (this.isOp("**")) {
      this.advance();
      const right = this.factor();
      return this.node("BinOp", this.startLoc(t), { left: base, op: { _t: "Pow" }, right });
    }
    return base;
  }

  primary(): Node {
    const t = this.tok;
    let e = this.atom();
    for (;;) {
      if (this.isOp(".")) {
        this.advance();
        const attr = this.expectName().str;
        e = this.node("Attribute", this.startLoc(t), { value: e, attr, ctx: { _t: "Load" } });
      } else if (this.isOp("(")) {
        this.advance();
        const [args, keywords] = this.callArgs();
        this.expectOp(")");
        e = this.node("Call", this.startLoc(t), { func: e, args, keywords });
      } else if (this.isOp("[")) {
        this.advance();
        const slice = this.slices();
        this.expectOp("]");
        e = this.node("Subscript", this.startLoc(t), { value: e, slice, ctx: { _t: "Load" } });
      } else break;
    }
    return e;
  }

  slices(): Node {
    const t = this.tok;
    const first = this.sliceItem();
    if (!this.isOp(",")) return first;
    const elts = [first];
    while (this.eatOp(",")) {
      if (this.isOp("]")) break;
      elts.push(this.sliceItem());
    }
    return this.node("Tuple", this.startLoc(t), { elts, ctx: { _t: "Load" } });
  }

  sliceItem(): Node {
    const t = this.tok;
    if (this.isOp("*")) return this.starred(() => this.bitor());
    let lower: Node | undefined;
    if (!this.isOp(":")) {
      lower = this.namedExpression();
      if (!this.isOp(":")) return lower;
    }
    this.advance();
    let upper: Node | undefined;
    let step: Node | undefined;
    if (!this.isOp(":") && !this.isOp(",") && !this.isOp("]")) upper = this.expression();
    if (this.eatOp(":")) {
      if (!this.isOp(",") && !this.isOp("]")) step = this.expression();
    }
    return this.node("Slice", this.startLoc(t), { lower, upper, step });
  }

  /** Call arguments up to ')' (not consumed): positional, keyword, *a, **k, or a bare generator expression. */
  callArgs(): [Node[], Node[]] {
    const args: Node[] = [];
    const keywords: Node[] = [];
    let sawKw = false;
    let sawDoubleStar = false;
    const open = this.tokens[this.i - 1]; // the call's '('
    while (!this.isOp(")")) {
      const t = this.tok;
      if (this.isOp("*")) {
        const st = this.starred(() => this.expression());
        if (sawDoubleStar) this.errAt("iterable argument unpacking follows keyword argument unpacking", st as Loc);
        args.push(st);
      } else if (this.isOp("**")) {
        this.advance();
        const value = this.expression();
        keywords.push(this.node("keyword", this.startLoc(t), { value }));
        sawDoubleStar = true;
      } else if (this.isName() && this.isOp("=", this.peek())) {
        this.advance();
        this.advance();
        const value = this.expression();
        keywords.push(this.node("keyword", this.startLoc(t), { arg: t.str, value }));
        sawKw = true;
      } else {
        const e = this.namedExpression();
        if (this.isOp("=")) {
          this.errAt('expression cannot contain assignment, perhaps you meant "=="?', e as Loc);
        }
        if (this.isKw("for") || this.isKw("async")) {
          const g = this.comprehensionTail("GeneratorExp", t, e);
          if (args.length || keywords.length || !this.isOp(")")) this.errAt("Generator expression must be parenthesized", g as Loc);
          // the sole argument's parentheses are the generator expression's: its location spans them, as CPython's
          const close = this.tok;
          args.push({ ...g, lineno: open.line, col_offset: open.col, end_lineno: close.endLine, end_col_offset: close.endCol });
          continue;
        }
        if (sawDoubleStar || sawKw) {
          const x = this.tok;
          const msg = sawDoubleStar ? "positional argument follows keyword argument unpacking" : "positional argument follows keyword argument";
          throw new PySyntaxError(msg, x.line, x.col + 1, x.endLine, x.endCol + 1);
        }
        this.checkMissingComma(e);
        args.push(e);
      }
      if (!this.eatOp(",")) {
        this.checkMissingComma(args[args.length - 1] ?? keywords[keywords.length - 1]?.value);
        break;
      }
    }
    return [args, keywords];
  }

  /** CPython's "invalid syntax. Perhaps you forgot a comma?" inside brackets. */
  checkMissingComma(a: Node | undefined): void {
    if (!a || this.tok.level === 0) return;
    if (!this.atExprStart() || this.isOp("*") || this.isOp("**") || this.isOp("(") || this.isOp("[") || this.isOp("-") || this.isOp("+")) return;
    if (this.isKw("not") || this.isKw("lambda") || this.isKw("yield") || this.isKw("await")) return;
    if (a._t === "Name" && (a.id === "print" || a.id === "exec")) return;
    const save = this.i;
    let b: Node;
    try {
      b = this.expression();
    } catch {
      this.i = save;
      return;
    }
    this.errAt("invalid syntax. Perhaps you forgot a comma?", a as Loc, b as Loc);
  }

  comprehensionTail(kind: string, start: Token, elt: Node, value?: Node): Node {
    const generators: Node[] = [];
    while (this.isKw("for") || (this.isKw("async") && this.isKw("for", this.peek()))) {
      let isAsync = 0;
      if (this.isKw("async")) {
        this.advance();
        isAsync = 1;
      }
      this.advance();
      const target = this.targetList();
      this.expectKw("in");
      const iter = this.disjunction();
      const ifs: Node[] = [];
      while (this.isKw("if")) {
        this.advance();
        ifs.push(this.disjunction());
      }
      generators.push({ _t: "comprehension", target, iter, ifs, is_async: isAsync });
    }
    const close = this.tokens[this.i - 1];
    const s = this.startLoc(start);
    const n: Node =
      kind === "DictComp" ? { _t: kind, key: elt, value, generators } : { _t: kind, elt, generators };
    return { ...n, lineno: s.lineno, col_offset: s.col_offset, end_lineno: close.endLine, end_col_offset: close.endCol };
  }

  closeSpan(n: Node): Node {
    const c = this.tokens[this.i - 1];
    n.end_lineno = c.endLine;
    n.end_col_offset = c.endCol;
    return n;
  }

  yieldExpr(): Node {
    const t = this.advance();
    if (this.eatKw("from")) {
      const value = this.expression();
      return this.node("YieldFrom", this.startLoc(t), { value });
    }
    const value = this.atExprStart() && !this.isOp("**") ? this.starExpressions() : undefined;
    return this.node("Yield", this.startLoc(t), { value });
  }

  atom(): Node {
    const t = this.tok;
    const s = this.startLoc(t);
    if (t.type === "NAME") {
      if (t.str === "None" || t.str === "True" || t.str === "False") {
        this.advance();
        return this.node("Constant", s, { value: t.str === "None" ? null : t.str === "True" });
      }
      if (KEYWORDS.has(t.str)) this.fail();
      this.advance();
      return this.node("Name", s, { id: t.str, ctx: { _t: "Load" } });
    }
    if (t.type === "NUMBER") {
      this.advance();
      return this.node("Constant", s, { value: parseNumber(t.str) });
    }
    if (t.type === "STRING") return this.strings();
    if (this.isOp("...")) {
      this.advance();
      return this.node("Constant", s, { value: ELLIPSIS });
    }
    if (this.isOp("(")) {
      this.advance();
      if (this.isOp(")")) {
        this.advance();
        return this.node("Tuple", s, { elts: [], ctx: { _t: "Load" } });
      }
      if (this.isKw("yield")) {
        const y = this.yieldExpr();
        this.expectOp(")");
        y._paren = true;
        return y;
      }
      const first = this.isOp("*") ? this.starred(() => this.bitor()) : this.namedExpression();
      if (this.isKw("for") || (this.isKw("async") && this.isKw("for", this.peek()))) {
        const g = this.comprehensionTail("GeneratorExp", t, first);
        this.expectOp(")");
        return this.closeSpan(g);
      }
      if (this.isOp(")")) {
        this.advance();
        if (first._t === "Starred") this.errAt("cannot use starred expression here", first as Loc);
        first._paren = true;
        return first;
      }
      if (!this.isOp(",")) {
        this.checkMissingComma(first);
        if (this.isOp("=") && first._t !== "Name") this.fail();
        this.fail();
      }
      const elts = [first];
      while (this.eatOp(",")) {
        if (this.isOp(")")) break;
        elts.push(this.isOp("*") ? this.starred(() => this.bitor()) : this.namedExpression());
        if (!this.isOp(",") && !this.isOp(")")) this.checkMissingComma(elts[elts.length - 1]);
      }
      this.expectOp(")");
      return this.node("Tuple", s, { elts, ctx: { _t: "Load" } });
    }
    if (this.isOp("[")) {
      this.advance();
      const elts: Node[] = [];
      if (!this.isOp("]")) {
        const first = this.isOp("*") ? this.starred(() => this.bitor()) : this.namedExpression();
        if (this.isKw("for") || (this.isKw("async") && this.isKw("for", this.peek()))) {
          const g = this.comprehensionTail("ListComp", t, first);
          this.expectOp("]");
          return this.closeSpan(g);
        }
        elts.push(first);
        if (!this.isOp(",") && !this.isOp("]")) this.checkMissingComma(first);
        while (this.eatOp(",")) {
          if (this.isOp("]")) break;
          elts.push(this.isOp("*") ? this.starred(() => this.bitor()) : this.namedExpression());
          if (!this.isOp(",") && !this.isOp("]")) this.checkMissingComma(elts[elts.length - 1]);
        }
      }
      this.expectOp("]");
      return this.node("List", s, { elts, ctx: { _t: "Load" } });
    }
    if (this.isOp("{")) {
      this.advance();
      if (this.isOp("}")) {
        this.advance();
        return this.node("Dict", s, { keys: [], values: [] });
      }
      // dict or set
      let firstKey: Node | null;
      let firstVal: Node | null = null;
      if (this.isOp("**")) {
        this.advance();
        firstKey = null;
        firstVal = this.bitor();
      } else {
        firstKey = this.isOp("*") ? this.starred(() => this.bitor()) : this.namedExpression();
        if (this.eatOp(":")) firstVal = this.expression();
      }
      if (firstVal) {
        if (firstKey && (this.isKw("for") || (this.isKw("async") && this.isKw("for", this.peek())))) {
          const g = this.comprehensionTail("DictComp", t, firstKey, firstVal);
          this.expectOp("}");
          return this.closeSpan(g);
        }
        const keys: (Node | null)[] = [firstKey];
        const values: Node[] = [firstVal];
        if (!this.isOp(",") && !this.isOp("}")) this.checkMissingComma(firstVal);
        while (this.eatOp(",")) {
          if (this.isOp("}")) break;
          if (this.eatOp("**")) {
            keys.push(null);
            values.push(this.bitor());
          } else {
            const key = this.expression();
            keys.push(key);
            if (this.isOp(",") || this.isOp("}")) throw new PySyntaxError("':' expected after dictionary key", key.lineno!, key.col_offset! + 1, key.lineno!, 0);
            this.expectOp(":");
            values.push(this.expression());
            if (!this.isOp(",") && !this.isOp("}")) this.checkMissingComma(values[values.length - 1]);
          }
        }
        this.expectOp("}");
        return this.node("Dict", s, { keys, values });
      }
      if (this.isKw("for") || (this.isKw("async") && this.isKw("for", this.peek()))) {
        const g = this.comprehensionTail("SetComp", t, firstKey!);
        this.expectOp("}");
        return this.closeSpan(g);
      }
      const elts: Node[] = [firstKey!];
      if (!this.isOp(",") && !this.isOp("}")) this.checkMissingComma(firstKey!);
      while (this.eatOp(",")) {
        if (this.isOp("}")) break;
        elts.push(this.isOp("*") ? this.starred(() => this.bitor()) : this.namedExpression());
      }
      this.expectOp("}");
      return this.node("Set", s, { elts });
    }
    this.fail();
  }

  // ---- string literals ----
  strings(): Node {
    const first = this.tok;
    const toks: Token[] = [];
    while (this.ttype() === "STRING") toks.push(this.advance());
    let isBytes: boolean | null = null;
    let anyF = false;
    let kind: string | undefined;
    // parts: strings or FormattedValue nodes
    const parts: (string | Node)[] = [];
    const bytes: number[] = [];
    for (let k = 0; k < toks.length; k++) {
      const t = toks[k];
      const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(t.str)!;
      const prefix = m[1].toLowerCase();
      const q = m[2];
      const body = t.str.slice(m[0].length, t.str.length - q.length);
      const b = prefix.includes("b");
      if (isBytes !== null && b !== isBytes) {
        {
          const last = toks[toks.length - 1];
          throw new PySyntaxError("cannot mix bytes and nonbytes literals", last.endLine, last.endCol + 1, last.endLine, last.endCol + 1);
        }
      }
      isBytes = b;
      if (k === 0 && prefix === "u") kind = "u";
      const raw = prefix.includes("r");
      const bodyLine = t.line;
      const bodyCol = t.col + m[0].length;
      if (b) {
        for (const ch of body) {
          if (ch.codePointAt(0)! >= 128) throw new PySyntaxError("bytes can only contain ASCII literal characters", t.line, t.col + 1, t.endLine, t.endCol + 1);
        }
        const s = raw ? body : decodeEscapes(body, true, t);
        for (let j = 0; j < s.length; j++) bytes.push(s.charCodeAt(j) & 0xff);
      } else if (prefix.includes("f")) {
        anyF = true;
        this.fstring(body, raw, t, bodyLine, bodyCol, parts);
      } else {
        parts.push(raw ? body : decodeEscapes(body, false, t));
      }
    }
    const s = this.startLoc(first);
    if (isBytes) return this.node("Constant", s, { value: { kind: "bytes", data: Uint8Array.from(bytes) } });
    if (!anyF) return this.node("Constant", s, { value: (parts as string[]).join(""), kind });
    // JoinedStr: merge adjacent literal parts; drop empty ones
    const values: Node[] = [];
    let lit = "";
    const end = this.tokens[this.i - 1];
    const flush = () => {
      if (lit) values.push({ _t: "Constant", value: lit, lineno: first.line, col_offset: first.col, end_lineno: end.endLine, end_col_offset: end.endCol });
      lit = "";
    };
    for (const p of parts) {
      if (typeof p === "string") lit += p;
      else {
        flush();
        values.push(p);
      }
    }
    flush();
    const joined = this.node("JoinedStr", s, { values });
    // 3.11 gives every replacement field (FormattedValue, nested ones in specs too) the whole string's location
    const whole = (parts: (string | Node)[]) => {
      for (const p of parts) {
        if (typeof p === "string" || p._t !== "FormattedValue") continue;
        Object.assign(p, { lineno: joined.lineno, col_offset: joined.col_offset, end_lineno: joined.end_lineno, end_col_offset: joined.end_col_offset });
        if (p.format_spec) whole(p.format_spec.values);
      }
    };
    whole(values);
    return joined;
  }

  /** Split an f-string body into literal text and FormattedValue nodes (CPython 3.11's fstring_find_expr). */
  fstring(body: string, raw: boolean, t: Token, line: number, col: number, parts: (string | Node)[], depth = 0): void {
    const errEnd = (msg: string): never => {
      throw new PySyntaxError(msg, t.endLine, t.endCol + 1, t.endLine, t.endCol + 1);
    };
    let k = 0;
    let lit = "";
    const n = body.length;
    const flushLit = () => {
      if (lit) parts.push(raw ? lit : decodeEscapes(lit, false, t));
      lit = "";
    };
    while (k < n) {
      const ch = body[k];
      if (!raw && ch === "\\" && k + 1 < n) {
        lit += ch + body[k + 1];
        k += 2;
        continue;
      }
      if (ch === "{") {
        if (body[k + 1] === "{" && depth === 0) {
          lit += "{";
          k += 2;
          continue;
        }
        flushLit();
        // find the end of the expression
        k++;
        const exprStart = k;
        let nest = 0;
        let quote: string | null = null;
        while (k < n) {
          const c = body[k];
          if (quote) {
            if (body.startsWith(quote, k)) {
              k += quote.length;
              quote = null;
              continue;
            }
            k++;
            continue;
          }
          if (c === "'" || c === '"') {
            quote = body.startsWith(c + c + c, k) ? c + c + c : c;
            k += quote.length;
            continue;
          }
          if (c === "[" || c === "(" || c === "{") nest++;
          else if (c === "]" || c === ")" || c === "}") {
            if (nest === 0) break;
            nest--;
          } else if (nest === 0 && (c === "!" && body[k + 1] !== "=" || c === ":")) break;
          else if (c === "#") errEnd("f-string expression part cannot include '#'");
          else if (c === "\\") errEnd("f-string expression part cannot include a backslash");
          k++;
        }
        if (quote) errEnd("f-string: unterminated string");
        let exprText = body.slice(exprStart, k);
        // self-documenting `=`
        let debugText: string | null = null;
        const eq = /=\s*$/.exec(exprText);
        if (eq && !/[=!<>]=\s*$/.test(exprText) && nest === 0) {
          debugText = body.slice(exprStart - 0, k);
          exprText = exprText.slice(0, eq.index);
        }
        if (!exprText.trim()) errEnd("f-string: empty expression not allowed");
        if (k >= n) errEnd("f-string: expecting '}'");
        let conversion = -1;
        if (body[k] === "!") {
          k++;
          const c = body[k];
          if (c !== "s" && c !== "r" && c !== "a") errEnd("f-string: invalid conversion character: expected 's', 'r', or 'a'");
          conversion = c.charCodeAt(0);
          k++;
        }
        let format_spec: Node | undefined;
        if (k < n && body[k] === ":") {
          k++;
          // spec up to the matching '}'
          const specStart = k;
          let nest2 = 0;
          while (k < n) {
            if (body[k] === "{") nest2++;
            else if (body[k] === "}") {
              if (nest2 === 0) break;
              nest2--;
            }
            k++;
          }
          const specParts: (string | Node)[] = [];
          this.fstring(body.slice(specStart, k), raw, t, line, col, specParts, depth + 1);
          const vals: Node[] = [];
          let l2 = "";
          for (const sp of specParts) {
            if (typeof sp === "string") l2 += sp;
            else {
              if (l2) vals.push({ _t: "Constant", value: l2, lineno: t.line, col_offset: t.col, end_lineno: t.endLine, end_col_offset: t.endCol });
              l2 = "";
              vals.push(sp);
            }
          }
          if (l2) vals.push({ _t: "Constant", value: l2, lineno: t.line, col_offset: t.col, end_lineno: t.endLine, end_col_offset: t.endCol });
          format_spec = { _t: "JoinedStr", values: vals, lineno: t.line, col_offset: t.col, end_lineno: t.endLine, end_col_offset: t.endCol };
        }
        if (k >= n || body[k] !== "}") errEnd("f-string: expecting '}'");
        k++;
        // parse the expression
        const before = body.slice(0, exprStart);
        const nl = before.split("\n").length - 1;
        const exprLine = line + nl;
        const exprCol = nl ? exprStart - before.lastIndexOf("\n") - 1 : col + exprStart;
        const value = parseFStringExpr(exprText, exprLine, exprCol, t);
        if (debugText !== null) {
          parts.push(debugText);
          if (conversion === -1 && !format_spec) conversion = "r".charCodeAt(0);
        }
        parts.push({ _t: "FormattedValue", value, conversion, format_spec, lineno: t.line, col_offset: t.col, end_lineno: t.endLine, end_col_offset: t.endCol });
        continue;
      }
      if (ch === "}") {
        if (body[k + 1] === "}" && depth === 0) {
          lit += "}";
          k += 2;
          continue;
        }
        errEnd("f-string: single '}' is not allowed");
      }
      lit += ch;
      k++;
    }
    flushLit();
  }
}

function parseFStringExpr(text: string, line: number, col: number, t: Token): Node {
  const tk = tokenize("(" + text + ")");
  const fix = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(fix);
    else if (n && typeof n === "object" && "_t" in n) {
      const node = n as Node;
      if (node.lineno !== undefined) {
        if (node.lineno === 1) node.col_offset! += col - 1;
        if (node.end_lineno === 1) node.end_col_offset! += col - 1;
        node.lineno += line - 1;
        node.end_lineno! += line - 1;
      }
      for (const k of Object.keys(node)) if (k !== "_t") fix(node[k]);
    }
  };
  if (tk.error) throw new PySyntaxError(`f-string: ${tk.error.msg}`, t.line, t.col + 1);
  const p = new Parser(tk.tokens, tk.lines);
  let e: Node;
  try {
    p.advance();
    e = p.starExpressions();
    p.expectOp(")");
    if (p.tok.type !== "NEWLINE") p.fail();
  } catch (err) {
    if (err instanceof PySyntaxError) throw new PySyntaxError(`f-string: ${err.msg}`, t.line, t.col + 1, t.endLine, t.endCol + 1);
    throw err;
  }
  fix(e);
  return e;
}

/** CPython's _PyPegen_get_invalid_target: the first sub-expression that cannot be a target. */
function invalidTarget(e: Node, ctx: "Store" | "Del"): Node | null {
  switch (e._t) {
    case "List":
    case "Tuple":
      for (const x of e.elts) {
        const b = invalidTarget(x, ctx);
        if (b) return b;
      }
      return null;
    case "Starred":
      if (ctx === "Del") return e;
      return invalidTarget(e.value, ctx);
    case "Compare":
      if (ctx === "Store" && e.ops[0]._t === "In") return invalidTarget(e.left, ctx);
      return e;
    case "Name":
    case "Subscript":
    case "Attribute":
      return null;
    default:
      return e;
  }
}

function setCtx(e: Node, ctx: string): void {
  if (e._t === "Name" || e._t === "Attribute" || e._t === "Subscript") e.ctx = { _t: ctx };
  else if (e._t === "Tuple" || e._t === "List") {
    e.ctx = { _t: ctx };
    for (const x of e.elts) setCtx(x, ctx);
  } else if (e._t === "Starred") {
    e.ctx = { _t: ctx };
    setCtx(e.value, ctx);
  }
}

export function parseNumber(s: string): PyConst | { kind: "complex"; imag: number } {
  const t = s.replace(/_/g, "");
  const l = t.toLowerCase();
  if (l.endsWith("j")) return { kind: "complex", imag: parseFloat(l.slice(0, -1)) } as unknown as PyConst;
  if (l.startsWith("0x") || l.startsWith("0o") || l.startsWith("0b")) return BigInt(l);
  if (/[.e]/.test(l)) return parseFloat(l);
  return BigInt(l);
}

/** Decode the escape sequences of a (non-raw) str or bytes literal body. */
export function decodeEscapes(body: string, bytes: boolean, t: Token): string {
  if (!body.includes("\\")) return body;
  let out = "";
  const n = body.length;
  for (let k = 0; k < n; k++) {
    const c = body[k];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const d = body[++k];
    if (d === undefined) {
      out += "\\";
      break;
    }
    const uerr = (what: string, from: number, to: number) =>
      new PySyntaxError(
        `(${bytes ? "value" : "unicode"} error) '${bytes ? "bytes" : "unicodeescape"}' codec can't decode bytes in position ${from}-${to}: ${what}`,
        t.line, t.col + 1, t.endLine, t.endCol + 1,
      );
    switch (d) {
      case "\n": break;
      case "\\": out += "\\"; break;
      case "'": out += "'"; break;
      case '"': out += '"'; break;
      case "a": out += "\x07"; break;
      case "b": out += "\b"; break;
      case "f": out += "\f"; break;
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "t": out += "\t"; break;
      case "v": out += "\v"; break;
      case "0": case "1": case "2": case "3": case "4": case "5": case "6": case "7": {
        let v = 0;
        let j = 0;
        while (j < 3 && k < n && body[k] >= "0" && body[k] <= "7") {
          v = v * 8 + (body.charCodeAt(k) - 48);
          k++;
          j++;
        }
        k--;
        out += String.fromCodePoint(bytes ? v & 0xff : v);
        break;
      }
      case "x": case "u": case "U": {
        if (bytes && d !== "x") {
          out += "\\" + d;
          break;
        }
        const len = d === "x" ? 2 : d === "u" ? 4 : 8;
        const hex = body.slice(k + 1, k + 1 + len);
        if (hex.length < len || !/^[0-9a-fA-F]+$/.test(hex)) {
          const kind = d === "x" ? "\\xXX" : d === "u" ? "\\uXXXX" : "\\UXXXXXXXX";
          if (bytes) throw new PySyntaxError(`(value error) invalid \\x escape at position ${k - 1}`, t.line, t.col + 1, t.endLine, t.endCol + 1);
          throw uerr(`truncated ${kind} escape`, k - 1, k + hex.replace(/[^0-9a-fA-F].*$/, "").length);
        }
        const v = parseInt(hex, 16);
        if (v > 0x10ffff) throw uerr("illegal Unicode character", k - 1, k + len);
        out += String.fromCodePoint(v);
        k += len;
        break;
      }
      case "N": {
        if (bytes) {
          out += "\\N";
          break;
        }
        throw new UnsupportedEscape(t.line);
      }
      default:
        out += "\\" + d;
    }
  }
  return out;
}

/** `\N{...}` escapes need the Unicode name database: refused as unsupported. */
export class UnsupportedEscape extends Error {
  constructor(public lineno: number) {
    super("\\N{...} escape");
  }
}
