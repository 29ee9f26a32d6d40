// The subset check: valid Python that memsim does not run yet is refused
// (`memsim: line N: <construct> is not supported yet`), after the checks that
// make it invalid Python (CPython's compiler and symtable errors, which win).

import { PySyntaxError, PyUnsupported } from "./errors.js";
import { isNode, type Node } from "./ast.js";
import { buildSymtable } from "./symtable.js";
import { optimize } from "./fold.js";
import { missingBuiltin, builtinConstruct, HONOURED_SPECIAL_NAMES } from "./unsupported.js";

const ALLOWED_MODULES = new Set(["gc", "math", "sys"]);
const BUILTIN_TYPES = new Set(["int", "float", "str", "bool", "bytes", "list", "tuple", "dict", "set", "frozenset", "type", "range",
  "enumerate", "zip", "reversed"]);

export function checkSubset(mod: Node): void {
  let unsupported: PyUnsupported | null = null;
  const bound = boundNames(mod);
  const refuse = (construct: string, line: number | undefined) => {
    if (!unsupported) unsupported = new PyUnsupported(construct, line ?? 0);
  };
  const err = (msg: string, n: Node): never => {
    throw new PySyntaxError(msg, n.lineno!, n.col_offset! + 1, n.end_lineno!, n.end_col_offset! + 1);
  };

  const checkArgs = (a: Node, line: number | undefined, isLambda: boolean) => {
    if (a.posonlyargs.length) refuse("positional-only arguments", line);
    if (!isLambda) for (const x of [...a.posonlyargs, ...a.args, ...a.kwonlyargs]) if (x.annotation) refuse("annotation", x.lineno);
  };

  /** The comprehension whose scope the walk is in ('yield' there is CPython's symtable error), or none. */
  let comprehension: string | null = null;
  /** Whether the function whose scope the walk is in is an async def (refused, but 'yield from' there is CPython's compiler error). */
  let asyncScope = false;
  /**
   * In an except* handler's body (of the scope the walk is in): "handler", or
   * "loop" in a loop inside it, which a break or continue leaves without leaving the handler.
   */
  let exceptStar: "handler" | "loop" | null = null;
  const inScope = (inner: string | null, body: () => void, isAsync = asyncScope) => {
    const outer = comprehension;
    const outerStar = exceptStar;
    const outerAsync = asyncScope;
    comprehension = inner;
    exceptStar = null;
    asyncScope = isAsync;
    body();
    comprehension = outer;
    exceptStar = outerStar;
    asyncScope = outerAsync;
  };
  const inExceptStar = (state: typeof exceptStar, body: () => void) => {
    const outer = exceptStar;
    exceptStar = state;
    body();
    exceptStar = outer;
  };
  const EXCEPT_STAR_EXIT = "'break', 'continue' and 'return' cannot appear in an except* block";
  const COMPREHENSIONS: Record<string, string> = {
    ListComp: "list comprehension", SetComp: "set comprehension", DictComp: "dict comprehension", GeneratorExp: "generator expression",
  };

  const walk = (n: unknown, inFunc: boolean, inLoop: boolean): void => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x, inFunc, inLoop);
      return;
    }
    if (!isNode(n)) return;
    const line = n.lineno;
    switch (n._t) {
      case "FunctionDef":
      case "AsyncFunctionDef":
        if (n._t === "AsyncFunctionDef") refuse("async function", line);
        checkArgs(n.args, line, false);
        if (n.returns) refuse("annotation", n.returns.lineno);
        walk(n.decorator_list, inFunc, inLoop);
        walk(n.args.defaults, inFunc, inLoop);
        inScope(null, () => walk(n.body, true, false), n._t === "AsyncFunctionDef");
        return;
      case "Lambda":
        checkArgs(n.args, line, true);
        walk(n.args.defaults, inFunc, inLoop);
        inScope(null, () => walk(n.body, true, false), false);
        return;
      case "ListComp":
      case "SetComp":
      case "DictComp":
      case "GeneratorExp": {
        // the first iterable is evaluated in the enclosing scope, the rest in the comprehension's
        walk(n.generators[0].iter, inFunc, inLoop);
        inScope(COMPREHENSIONS[n._t], () => {
          n.generators.forEach((g: Node, i: number) => {
            if (g.is_async) refuse("async comprehension", g.target.lineno);
            walk(g.target, inFunc, inLoop);
            if (i > 0) walk(g.iter, inFunc, inLoop);
            walk(g.ifs, inFunc, inLoop);
          });
          walk(n._t === "DictComp" ? [n.key, n.value] : n.elt, inFunc, inLoop);
        });
        return;
      }
      case "ClassDef":
        if (n.keywords.length) refuse("class keyword arguments", line);
        // Bases: classes of the script, object and the exception classes (several:
        // the MRO is C3's); a base the check can tell is a built-in type (by its
        // name) is refused here, any other when the class statement runs.
        for (const b of n.bases) if (b._t === "Name" && BUILTIN_TYPES.has(b.id)) { refuse("subclassing a built-in type", line); break; }
        // compile.c's order: the decorators, then the bases
        walk(n.decorator_list, inFunc, inLoop);
        walk(n.bases, inFunc, inLoop);
        inScope(comprehension, () => {
          for (const statement of n.body) {
            // A special method (or __slots__, __hash__ = None...) changes what CPython does with the class: memsim would ignore it.
            for (const [name, what] of classBodyBindings(statement)) {
              if (/^__.*__$/.test(name) && !HONOURED_SPECIAL_NAMES.has(name)) refuse(`the ${what} ${name}`, statement.lineno);
            }
            walk(statement, false, false);
          }
        });
        return;
      case "Return":
        if (!inFunc) err("'return' outside function", n);
        if (exceptStar) {
          // compiler_return's location then: a value that folds to a constant on the return's line has its own
          const v: Node | undefined = n.value;
          let at = n;
          if (v && v.lineno === n.lineno) {
            const folded = structuredClone(v);
            optimize(folded);
            if (folded._t === "Constant") at = v;
          }
          err(EXCEPT_STAR_EXIT, at);
        }
        break;
      case "Break":
        if (exceptStar === "handler") err(EXCEPT_STAR_EXIT, n);
        if (!inLoop) err("'break' outside loop", n);
        break;
      case "Continue":
        if (exceptStar === "handler") err(EXCEPT_STAR_EXIT, n);
        if (!inLoop) err("'continue' not properly in loop", n);
        break;
      case "For":
      case "AsyncFor":
      case "While":
        if (n._t === "AsyncFor") refuse("async for", line);
        walk(n._t === "While" ? n.test : [n.target, n.iter], inFunc, inLoop);
        inExceptStar(exceptStar && "loop", () => walk(n.body, inFunc, true));
        walk(n.orelse, inFunc, inLoop);
        return;
      case "Try":
      case "TryStar": {
        const star = n._t === "TryStar";
        if (star) refuse("except* clause", line);
        // in compile.c's order: the body, the else (a try*'s after its handlers), the handlers, the finally body
        walk(n.body, inFunc, inLoop);
        if (!star) walk(n.orelse, inFunc, inLoop);
        n.handlers.forEach((h: Node, i: number) => {
          if (!h.type && i < n.handlers.length - 1) err("default 'except:' must be last", h);
          walk(h.type, inFunc, inLoop);
          inExceptStar(star ? "handler" : exceptStar, () => walk(h.body, inFunc, inLoop));
        });
        if (star) walk(n.orelse, inFunc, inLoop);
        walk(n.finalbody, inFunc, inLoop);
        return;
      }
      case "AsyncWith":
        refuse("async with", line);
        break;
      case "Match":
        refuse("match statement", line);
        break;
      case "ImportFrom":
        if (n.level > 0) refuse("relative import", line);
        else if (!ALLOWED_MODULES.has(n.module)) refuse(`import of module '${n.module}'`, line);
        else if (n.names.some((a: Node) => a.name === "*")) refuse(`from ${n.module} import *`, line);
        break;
      case "Import":
        for (const a of n.names) if (!ALLOWED_MODULES.has(a.name)) refuse(`import of module '${a.name}'`, line);
        break;
      case "AnnAssign":
        refuse("annotated assignment", line);
        break;
      case "Yield":
        if (comprehension) err(`'yield' inside ${comprehension}`, n);
        if (!inFunc) err("'yield' outside function", n);
        break;
      case "YieldFrom":
        if (comprehension) err(`'yield' inside ${comprehension}`, n);
        if (!inFunc) err("'yield' outside function", n);
        if (asyncScope) err("'yield from' inside async function", n);
        break;
      case "Await":
        refuse("await", line);
        break;
      case "NamedExpr":
        // inside a comprehension the target binds in the enclosing scope (symtable's namedexpr rules): not yet
        if (comprehension) refuse("walrus operator in a comprehension", line);
        break;
      case "Attribute":
        // a special method set on a class (or an instance) after the fact: memsim would ignore it
        if (n.ctx._t === "Store" && /^__.*__$/.test(n.attr) && !HONOURED_SPECIAL_NAMES.has(n.attr)) refuse(`setting the special attribute ${n.attr}`, line);
        break;
      case "Name":
        if (n.ctx._t === "Load" && !bound.has(n.id) && missingBuiltin(n.id)) refuse(builtinConstruct(n.id), line);
        break;
      case "Starred":
        // in a call (CALL_FUNCTION_EX), a display (LIST_EXTEND, SET_UPDATE) or a target (UNPACK_EX); a subscript's is 3.11's PEP 646 only
        break;
      case "Call": {
        // super() and super(C, self) are the builtin memsim has; super(C) (an unbound super object) is not
        if (n.func._t === "Name" && n.func.id === "super" && !bound.has("super")) {
          const starred = n.args.some((a: Node) => a._t === "Starred") || n.keywords.some((k: Node) => k.arg === undefined);
          if (starred) refuse("super() with unpacked arguments", line);
          else if (n.keywords.length) refuse("super() with keyword arguments", line);
          else if (n.args.length === 1) refuse("super() with one argument", line);
          else if (n.args.length > 2) refuse("super() with more than two arguments", line);
        }
        const seen = new Set<string>();
        for (const k of n.keywords) {
          if (k.arg === undefined) continue; // **mapping
          if (seen.has(k.arg)) err(`keyword argument repeated: ${k.arg}`, k);
          seen.add(k.arg);
        }
        break;
      }
      case "Constant":
        if (n.value !== null && typeof n.value === "object" && n.value.kind === "complex") refuse("complex literal", line);
        break;
      case "FormattedValue":
        if (n.format_spec && n.format_spec.values.some((v: Node) => v._t !== "Constant")) refuse("f-string format spec with replacement fields", line);
        break;
    }
    for (const k of Object.keys(n)) {
      if (k === "_t") continue;
      const v = n[k];
      if (v && typeof v === "object") walk(v, inFunc, inLoop);
    }
  };
  walk(mod.body, false, false);
  buildSymtable(mod);
  if (unsupported) throw unsupported;
}

/** Every name the script binds anywhere (assigned, a def, a class, a parameter, an import): a builtin's name it binds is its own. */
function boundNames(mod: Node): Set<string> {
  const bound = new Set<string>();
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) { for (const x of n) visit(x); return; }
    if (!isNode(n)) return;
    if (n._t === "Name" && n.ctx._t !== "Load") bound.add(n.id);
    else if (n._t === "FunctionDef" || n._t === "AsyncFunctionDef" || n._t === "ClassDef") bound.add(n.name);
    else if (n._t === "arg") bound.add(n.arg);
    else if (n._t === "alias") bound.add((n.asname ?? n.name).split(".")[0]);
    for (const k of Object.keys(n)) {
      const v = n[k];
      if (k !== "_t" && v && typeof v === "object") visit(v);
    }
  };
  visit(mod.body);
  return bound;
}

/** The names a statement of a class body binds in the class namespace, and what each is (a method or a class attribute). */
function classBodyBindings(s: Node): [string, string][] {
  if (s._t === "FunctionDef" || s._t === "AsyncFunctionDef") return [[s.name, "special method"]];
  const targets: Node[] = s._t === "Assign" ? s.targets : s._t === "AugAssign" || s._t === "AnnAssign" ? [s.target] : [];
  const names: [string, string][] = [];
  const collect = (t: Node) => {
    if (t._t === "Name") names.push([t.id, "class attribute"]);
    else if (t._t === "Tuple" || t._t === "List") t.elts.forEach(collect);
  };
  targets.forEach(collect);
  return names;
}
