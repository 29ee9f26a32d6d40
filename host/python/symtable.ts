// Scopes of a module (CPython 3.11's symtable.c, for memsim's subset): which
// names are fast locals, globals (implicit/explicit), cells and free
// variables, for the module, functions, lambdas, comprehensions and class bodies.

import { PySyntaxError } from "./errors.js";
import type { Node } from "./ast.js";

export const DEF_GLOBAL = 1;
export const DEF_LOCAL = 2;
export const DEF_PARAM = 4;
export const USE = 16;
export const DEF_NONLOCAL = 8;
export const DEF_IMPORT = 128;

export type ScopeKind = "LOCAL" | "GLOBAL_EXPLICIT" | "GLOBAL_IMPLICIT" | "FREE" | "CELL";

export class Scope {
  symbols = new Map<string, number>();
  scopes = new Map<string, ScopeKind>();
  children: Scope[] = [];
  varnames: string[] = [];
  isGenerator = false;
  /** a method uses super() or __class__: the class body makes a __class__ cell */
  needsClassClosure = false;
  /** free variables of the children that this scope must provide or pass on */
  childFree = new Set<string>();
  /** each nonlocal name's statement (where "no binding for nonlocal" is reported) */
  nonlocals = new Map<string, Node>();
  constructor(
    public type: "module" | "function" | "class",
    public name: string,
    public node: Node | null,
    public lineno: number,
    public isNested: boolean,
    public privateName: string | null,
  ) {}
  add(name: string, flag: number, at?: Node): void {
    const old = this.symbols.get(name) ?? 0;
    if (flag & DEF_PARAM && old & DEF_PARAM) {
      throw new PySyntaxError(`duplicate argument '${name}' in function definition`, at?.lineno ?? 0, (at?.col_offset ?? 0) + 1, at?.end_lineno ?? 0, (at?.end_col_offset ?? 0) + 1);
    }
    this.symbols.set(name, old | flag);
    if (flag & DEF_PARAM) this.varnames.push(name);
  }
}

export function mangle(privateName: string | null, name: string): string {
  if (!privateName || !name.startsWith("__") || name.endsWith("__") || name.includes(".")) return name;
  const p = privateName.replace(/^_+/, "");
  if (!p) return name;
  return `_${p}${name}`;
}

/** Build the scopes of a module; `map` gives each scope-creating node its Scope. */
export function buildSymtable(mod: Node): { top: Scope; map: Map<Node, Scope> } {
  const map = new Map<Node, Scope>();
  const top = new Scope("module", "top", mod, 0, false, null);
  map.set(mod, top);
  let cur = top;

  const err = (msg: string, n: Node): never => {
    throw new PySyntaxError(msg, n.lineno!, n.col_offset! + 1, n.end_lineno!, n.end_col_offset! + 1);
  };
  const addDef = (name: string, flag: number, n?: Node) => cur.add(mangle(cur.privateName, name), flag, n);

  const enter = (type: "function" | "class", name: string, node: Node, lineno: number, fn: () => void) => {
    const s = new Scope(type, name, node, lineno, cur.type === "function" || cur.isNested, type === "class" ? name : cur.privateName);
    cur.children.push(s);
    map.set(node, s);
    const prev = cur;
    cur = s;
    fn();
    cur = prev;
  };

  const visitArgs = (a: Node) => {
    for (const x of [...a.posonlyargs, ...a.args]) addDef(x.arg, DEF_PARAM, x);
    if (a.vararg) addDef(a.vararg.arg, DEF_PARAM, a.vararg);
    for (const x of a.kwonlyargs) addDef(x.arg, DEF_PARAM, x);
    if (a.kwarg) addDef(a.kwarg.arg, DEF_PARAM, a.kwarg);
  };
  // CPython orders varnames: positional, kw-only, *args, **kwargs
  const visitArgsOrdered = (a: Node) => {
    for (const x of [...a.posonlyargs, ...a.args]) addDef(x.arg, DEF_PARAM, x);
    for (const x of a.kwonlyargs) addDef(x.arg, DEF_PARAM, x);
    if (a.vararg) addDef(a.vararg.arg, DEF_PARAM, a.vararg);
    if (a.kwarg) addDef(a.kwarg.arg, DEF_PARAM, a.kwarg);
  };
  void visitArgs;

  const stmt = (s: Node): void => {
    switch (s._t) {
      case "FunctionDef":
      case "AsyncFunctionDef":
        addDef(s.name, DEF_LOCAL, s);
        s.args.defaults.forEach(expr);
        s.args.kw_defaults.forEach((d: Node | null) => d && expr(d));
        s.decorator_list.forEach(expr);
        enter("function", s.name, s, s.decorator_list.length ? s.decorator_list[0].lineno : s.lineno, () => {
          visitArgsOrdered(s.args);
          s.body.forEach(stmt);
        });
        break;
      case "ClassDef":
        addDef(s.name, DEF_LOCAL, s);
        s.bases.forEach(expr);
        s.keywords.forEach((k: Node) => expr(k.value));
        s.decorator_list.forEach(expr);
        enter("class", s.name, s, s.lineno!, () => s.body.forEach(stmt));
        break;
      case "Return":
        if (s.value) expr(s.value);
        break;
      case "Delete":
        s.targets.forEach(expr);
        break;
      case "Assign":
        s.targets.forEach(expr);
        expr(s.value);
        break;
      case "AugAssign":
        expr(s.target);
        expr(s.value);
        break;
      case "AnnAssign":
        expr(s.target);
        if (s.value) expr(s.value);
        break;
      case "For":
      case "AsyncFor":
        expr(s.target);
        expr(s.iter);
        s.body.forEach(stmt);
        s.orelse.forEach(stmt);
        break;
      case "While":
      case "If":
        expr(s.test);
        s.body.forEach(stmt);
        s.orelse.forEach(stmt);
        break;
      case "Global":
      case "Nonlocal":
        for (const name of s.names) {
          const m = mangle(cur.privateName, name);
          const cur_ = cur.symbols.get(m) ?? 0;
          if (s._t === "Global") {
            if (cur_ & DEF_PARAM) err(`name '${name}' is parameter and global`, s);
            if (cur_ & DEF_LOCAL) err(`name '${name}' is assigned to before global declaration`, s);
            if (cur_ & USE) err(`name '${name}' is used prior to global declaration`, s);
            cur.add(m, DEF_GLOBAL);
            if (cur !== top) top.symbols.set(m, (top.symbols.get(m) ?? 0) | DEF_GLOBAL);
          } else {
            if (cur.type === "module") err("nonlocal declaration not allowed at module level", s);
            if (cur_ & DEF_PARAM) err(`name '${name}' is parameter and nonlocal`, s);
            if (cur_ & DEF_LOCAL) err(`name '${name}' is assigned to before nonlocal declaration`, s);
            if (cur_ & USE) err(`name '${name}' is used prior to nonlocal declaration`, s);
            cur.add(m, DEF_NONLOCAL);
            if (!cur.nonlocals.has(m)) cur.nonlocals.set(m, s);
          }
        }
        break;
      case "Import":
      case "ImportFrom":
        for (const a of s.names) {
          const name = a.asname ?? a.name.split(".")[0];
          if (name !== "*") addDef(name, DEF_IMPORT);
        }
        break;
      case "Expr":
        expr(s.value);
        break;
      case "Raise":
        if (s.exc) expr(s.exc);
        if (s.cause) expr(s.cause);
        break;
      case "Assert":
        expr(s.test);
        if (s.msg) expr(s.msg);
        break;
      case "With":
      case "AsyncWith":
        for (const it of s.items) {
          expr(it.context_expr);
          if (it.optional_vars) expr(it.optional_vars);
        }
        s.body.forEach(stmt);
        break;
      case "Try":
      case "TryStar":
        // symtable.c's order: the else before the handlers
        s.body.forEach(stmt);
        s.orelse.forEach(stmt);
        for (const h of s.handlers) {
          if (h.type) expr(h.type);
          if (h.name) addDef(h.name, DEF_LOCAL);
          h.body.forEach(stmt);
        }
        s.finalbody.forEach(stmt);
        break;
      case "Match":
        expr(s.subject);
        break;
    }
  };

  const comprehension = (e: Node, name: string) => {
    const gens: Node[] = e.generators;
    expr(gens[0].iter);
    enter("function", name, e, e.lineno!, () => {
      cur.add(".0", DEF_PARAM);
      if (e._t === "GeneratorExp") cur.isGenerator = true;
      gens.forEach((g, i) => {
        if (i > 0) expr(g.iter);
        expr(g.target);
        g.ifs.forEach(expr);
      });
      if (e._t === "DictComp") {
        expr(e.key);
        expr(e.value);
      } else expr(e.elt);
    });
  };

  const expr = (e: Node | null | undefined): void => {
    if (!e) return;
    switch (e._t) {
      case "Name": {
        const ctx = e.ctx._t;
        addDef(e.id, ctx === "Load" ? USE : DEF_LOCAL);
        // symtable_visit_expr: in a function, super counts as a use of __class__
        // (the implicit cell of the enclosing class, for zero-argument super())
        if (ctx === "Load" && e.id === "super" && cur.type === "function") cur.add("__class__", USE);
        return;
      }
      case "Lambda":
        e.args.defaults.forEach(expr);
        e.args.kw_defaults.forEach((d: Node | null) => d && expr(d));
        enter("function", "lambda", e, e.lineno!, () => {
          visitArgsOrdered(e.args);
          expr(e.body);
        });
        return;
      case "ListComp":
        return comprehension(e, "listcomp");
      case "SetComp":
        return comprehension(e, "setcomp");
      case "DictComp":
        return comprehension(e, "dictcomp");
      case "GeneratorExp":
        return comprehension(e, "genexpr");
      case "Yield":
      case "YieldFrom":
        cur.isGenerator = true;
        expr(e.value);
        return;
      case "NamedExpr":
        expr(e.value);
        expr(e.target);
        return;
      case "Dict":
        e.keys.forEach(expr);
        e.values.forEach(expr);
        return;
      case "Call":
        expr(e.func);
        e.args.forEach(expr);
        e.keywords.forEach((k: Node) => expr(k.value));
        return;
      case "Compare":
        expr(e.left);
        e.comparators.forEach(expr);
        return;
      case "BoolOp":
        e.values.forEach(expr);
        return;
      case "BinOp":
        expr(e.left);
        expr(e.right);
        return;
      case "UnaryOp":
        expr(e.operand);
        return;
      case "IfExp":
        expr(e.test);
        expr(e.body);
        expr(e.orelse);
        return;
      case "Set":
      case "List":
      case "Tuple":
        e.elts.forEach(expr);
        return;
      case "Attribute":
      case "Starred":
      case "Await":
        expr(e.value);
        return;
      case "Subscript":
        expr(e.value);
        expr(e.slice);
        return;
      case "Slice":
        expr(e.lower);
        expr(e.upper);
        expr(e.step);
        return;
      case "JoinedStr":
        e.values.forEach(expr);
        return;
      case "FormattedValue":
        expr(e.value);
        expr(e.format_spec);
        return;
    }
  };

  mod.body.forEach(stmt);
  analyze(top, new Set(), new Set());
  return { top, map };
}

/** CPython's analyze_block: decide each name's scope; returns the free names of `s`. */
function analyze(s: Scope, bound: Set<string>, global: Set<string>): Set<string> {
  const local = new Set<string>();
  const newGlobal = new Set(global);
  for (const [name, flags] of s.symbols) {
    if (flags & DEF_GLOBAL) {
      s.scopes.set(name, "GLOBAL_EXPLICIT");
      newGlobal.add(name);
    } else if (flags & DEF_NONLOCAL) {
      // a variable of an enclosing function: free here (analyze_name)
      if (!bound.has(name)) {
        const n = s.nonlocals.get(name)!;
        throw new PySyntaxError(`no binding for nonlocal '${name}' found`, n.lineno!, n.col_offset! + 1, n.end_lineno!, n.end_col_offset! + 1);
      }
      s.scopes.set(name, "FREE");
      newGlobal.delete(name);
    } else if (flags & (DEF_LOCAL | DEF_PARAM | DEF_IMPORT)) {
      s.scopes.set(name, "LOCAL");
      local.add(name);
      newGlobal.delete(name);
    } else if (s.type !== "module" && bound.has(name)) {
      s.scopes.set(name, "FREE");
    } else {
      s.scopes.set(name, "GLOBAL_IMPLICIT");
    }
  }
  let newBound: Set<string>;
  if (s.type === "function") newBound = new Set([...bound, ...local]);
  else if (s.type === "module") newBound = new Set();
  else newBound = new Set([...bound, "__class__"]);
  const childFree = new Set<string>();
  for (const c of s.children) {
    for (const f of analyze(c, newBound, newGlobal)) childFree.add(f);
  }
  // drop_class_free: a child's free __class__ is the class's implicit cell
  // (compiler_enter_scope makes it the class body's first cellvar, apart from
  // the class's own symbols: a __class__ of the class body is a name as before)
  if (s.type === "class" && childFree.has("__class__")) {
    childFree.delete("__class__");
    s.needsClassClosure = true;
  }
  const free = new Set<string>();
  for (const [name, sc] of s.scopes) if (sc === "FREE") free.add(name);
  for (const name of childFree) {
    const sc = s.scopes.get(name);
    if (s.type === "function" && sc === "LOCAL") s.scopes.set(name, "CELL");
    else if (sc === undefined || sc === "FREE" || (s.type === "class" && sc !== "GLOBAL_EXPLICIT")) {
      if (s.type === "module") continue;
      if (sc === undefined) s.scopes.set(name, "FREE");
      free.add(name);
    } else if (sc === "CELL") {
      // already a cell
    }
  }
  s.childFree = childFree;
  return free;
}
