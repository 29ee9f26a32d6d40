// The AST of the Python front end: nodes named and shaped as CPython 3.11's
// `ast` module (Python.asdl), so that `dump()` prints what `ast.dump()` prints.

/** A Python constant value. int is bigint, float is number. */
export type PyConst = null | boolean | bigint | number | string | PyBytes | PyEllipsis | PyTuple | PyFrozenSet | PyCodeRef;
/** Only with the `frozensetConstants` option (not in docs/python.md's image format yet). */
export interface PyFrozenSet { kind: "frozenset"; items: PyConst[] }
export interface PyBytes { kind: "bytes"; data: Uint8Array }
export interface PyEllipsis { kind: "ellipsis" }
export interface PyTuple { kind: "tuple"; items: PyConst[] }
export interface PyCodeRef { kind: "code"; code: unknown }
export const ELLIPSIS: PyEllipsis = { kind: "ellipsis" };

/** An AST node: `_t` is the node class name, the other fields are Python.asdl's. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = { _t: string; lineno?: number; col_offset?: number; end_lineno?: number; end_col_offset?: number; [field: string]: any };

/** Fields in Python.asdl order; a trailing "?" marks an optional field (omitted by dump when None). */
export const FIELDS: Record<string, string[]> = {
  Module: ["body", "type_ignores"],
  FunctionDef: ["name", "args", "body", "decorator_list", "returns?", "type_comment?"],
  AsyncFunctionDef: ["name", "args", "body", "decorator_list", "returns?", "type_comment?"],
  ClassDef: ["name", "bases", "keywords", "body", "decorator_list"],
  Return: ["value?"],
  Delete: ["targets"],
  Assign: ["targets", "value", "type_comment?"],
  AugAssign: ["target", "op", "value"],
  AnnAssign: ["target", "annotation", "value?", "simple"],
  For: ["target", "iter", "body", "orelse", "type_comment?"],
  AsyncFor: ["target", "iter", "body", "orelse", "type_comment?"],
  While: ["test", "body", "orelse"],
  If: ["test", "body", "orelse"],
  With: ["items", "body", "type_comment?"],
  AsyncWith: ["items", "body", "type_comment?"],
  Match: ["subject", "cases"],
  Raise: ["exc?", "cause?"],
  Try: ["body", "handlers", "orelse", "finalbody"],
  TryStar: ["body", "handlers", "orelse", "finalbody"],
  Assert: ["test", "msg?"],
  Import: ["names"],
  ImportFrom: ["module?", "names", "level?"],
  Global: ["names"],
  Nonlocal: ["names"],
  Expr: ["value"],
  Pass: [],
  Break: [],
  Continue: [],
  BoolOp: ["op", "values"],
  NamedExpr: ["target", "value"],
  BinOp: ["left", "op", "right"],
  UnaryOp: ["op", "operand"],
  Lambda: ["args", "body"],
  IfExp: ["test", "body", "orelse"],
  Dict: ["keys", "values"],
  Set: ["elts"],
  ListComp: ["elt", "generators"],
  SetComp: ["elt", "generators"],
  DictComp: ["key", "value", "generators"],
  GeneratorExp: ["elt", "generators"],
  Await: ["value"],
  Yield: ["value?"],
  YieldFrom: ["value"],
  Compare: ["left", "ops", "comparators"],
  Call: ["func", "args", "keywords"],
  FormattedValue: ["value", "conversion", "format_spec?"],
  JoinedStr: ["values"],
  Constant: ["value", "kind?"],
  Attribute: ["value", "attr", "ctx"],
  Subscript: ["value", "slice", "ctx"],
  Starred: ["value", "ctx"],
  Name: ["id", "ctx"],
  List: ["elts", "ctx"],
  Tuple: ["elts", "ctx"],
  Slice: ["lower?", "upper?", "step?"],
  comprehension: ["target", "iter", "ifs", "is_async"],
  ExceptHandler: ["type?", "name?", "body"],
  arguments: ["posonlyargs", "args", "vararg?", "kwonlyargs", "kw_defaults", "kwarg?", "defaults"],
  arg: ["arg", "annotation?", "type_comment?"],
  keyword: ["arg?", "value"],
  alias: ["name", "asname?"],
  withitem: ["context_expr", "optional_vars?"],
  match_case: ["pattern", "guard?", "body"],
};

export function isNode(v: unknown): v is Node {
  return typeof v === "object" && v !== null && "_t" in (v as object);
}

/** Python's repr() of a str. */
export function reprStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp >= 0x80 && ch !== " " && /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u.test(ch)) {
      if (cp < 0x100) out += "\\x" + cp.toString(16).padStart(2, "0");
      else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += "\\U" + cp.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return out + quote;
}

export function reprBytes(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) {
    if (c === 39) hasSingle = true;
    if (c === 34) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = "b" + quote;
  for (const c of b) {
    const ch = String.fromCharCode(c);
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (c === 9) out += "\\t";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a float. */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const e = x.toExponential(); // shortest round-trip digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const sign = m[1];
  const digits = m[2] + (m[3] ?? "");
  const exp = parseInt(m[4], 10);
  if (exp >= -5 && exp < 16) {
    // CPython uses repr style 'r': fixed notation when -4 <= exp < 16
    if (exp < -4) {
      return `${sign}${digits[0]}${digits.length > 1 ? "." + digits.slice(1) : ""}e-${String(-exp).padStart(2, "0")}`;
    }
    if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
    if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  const mant = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "");
  return `${sign}${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

export function reprConst(v: PyConst): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return reprFloat(v);
  if (typeof v === "string") return reprStr(v);
  if (v.kind === "bytes") return reprBytes(v.data);
  if (v.kind === "ellipsis") return "Ellipsis";
  if (v.kind === "frozenset") return v.items.length ? `frozenset({${v.items.map(reprConst).sort().join(", ")}})` : "frozenset()";
  if (v.kind === "tuple") {
    if (v.items.length === 1) return `(${reprConst(v.items[0])},)`;
    return `(${v.items.map(reprConst).join(", ")})`;
  }
  return "<code>";
}

/** `ast.dump(node)` with its defaults (annotate_fields=True, include_attributes=False). */
export function dump(node: unknown): string {
  if (Array.isArray(node)) return `[${node.map(dump).join(", ")}]`;
  if (isNode(node)) {
    const fields = FIELDS[node._t];
    if (!fields) return `${node._t}()`;
    const parts: string[] = [];
    for (const f of fields) {
      const optional = f.endsWith("?");
      const name = optional ? f.slice(0, -1) : f;
      const v = node[name];
      if (optional && (v === undefined || v === NONE_FIELD)) continue;
      parts.push(`${name}=${node._t === "Constant" && name === "value" ? reprConst(v as PyConst) : dumpValue(v)}`);
    }
    return `${node._t}(${parts.join(", ")})`;
  }
  return dumpValue(node);
}

/** Marks an optional AST field that holds None (distinct from a Constant None value). */
export const NONE_FIELD = undefined;

function dumpValue(v: unknown): string {
  if (Array.isArray(v) || isNode(v)) return dump(v);
  if (v === undefined) return "None";
  if (typeof v === "number" && Number.isInteger(v)) return String(v); // plain ints in AST fields (conversion, simple, level)
  return reprConst(v as PyConst);
}
