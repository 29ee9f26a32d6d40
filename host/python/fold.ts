// CPython 3.11's AST optimizer (Python/ast_opt.c) for memsim's subset:
// constant folding of unary and binary operators (with CPython's size
// limits), tuples of constants, constant subscripts, `not` folded into
// is/in comparisons, and list/set displays iterated by `for`/`in` turned into
// tuples. Sets of constants become frozenset constants, as in CPython (but
// with { frozensetConstants: false }: then they stay set displays; see
// compiler.ts).

import type { Node, PyConst, PyTuple } from "./ast.js";
import { pow } from "./pow.js";

const MAX_INT_SIZE = 128n;
const MAX_COLLECTION_SIZE = 256;
const MAX_STR_SIZE = 4096;

class NoFold extends Error {}
const nofold = (): never => {
  throw new NoFold();
};

function isInt(v: PyConst): v is bigint | boolean {
  return typeof v === "bigint" || typeof v === "boolean";
}
function toInt(v: bigint | boolean): bigint {
  return typeof v === "boolean" ? (v ? 1n : 0n) : v;
}
function isNum(v: PyConst): boolean {
  return isInt(v) || typeof v === "number";
}
function toFloat(v: PyConst): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") {
    const f = Number(v);
    if (!Number.isFinite(f)) nofold();
    return f;
  }
  return nofold();
}
function bits(v: bigint): bigint {
  if (v < 0n) v = -v;
  return BigInt(v.toString(2).length) - (v === 0n ? 1n : 0n);
}
function floordiv(a: bigint, b: bigint): bigint {
  if (b === 0n) nofold();
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}
function mod(a: bigint, b: bigint): bigint {
  if (b === 0n) nofold();
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}
function fmod(a: number, b: number): number {
  if (b === 0) nofold();
  let r = a % b;
  if (r !== 0 && (r < 0) !== (b < 0)) r += b;
  else if (r === 0) r = b < 0 ? -0 : 0;
  return r;
}
function ffloordiv(a: number, b: number): number {
  if (b === 0) nofold();
  const m = fmod(a, b);
  let div = (a - m) / b;
  if (div) {
    let fl = Math.floor(div);
    if (div - fl > 0.5) fl += 1;
    div = fl;
  } else div = (a / b) < 0 ? -0 : 0;
  return div;
}

export function truthy(v: PyConst): boolean {
  if (v === null || v === false) return false;
  if (v === true) return true;
  if (typeof v === "bigint") return v !== 0n;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (v.kind === "bytes") return v.data.length > 0;
  if (v.kind === "tuple" || v.kind === "frozenset") return v.items.length > 0;
  return true;
}

function seqLen(v: PyConst): number | null {
  if (typeof v === "string") return [...v].length;
  if (v !== null && typeof v === "object" && v.kind === "bytes") return v.data.length;
  if (v !== null && typeof v === "object" && v.kind === "tuple") return v.items.length;
  return null;
}

function repeat(seq: PyConst, n: bigint): PyConst {
  const len = seqLen(seq)!;
  const limit = typeof seq === "string" || (seq as { kind: string }).kind === "bytes" ? MAX_STR_SIZE : MAX_COLLECTION_SIZE;
  if (len && (n < 0n || n > BigInt(Math.floor(limit / len)))) nofold();
  const k = n < 0n ? 0 : Number(n);
  if (typeof seq === "string") return seq.repeat(k);
  const s = seq as { kind: string };
  if (s.kind === "bytes") {
    const d = (seq as { data: Uint8Array }).data;
    const out = new Uint8Array(d.length * k);
    for (let i = 0; i < k; i++) out.set(d, i * d.length);
    return { kind: "bytes", data: out };
  }
  const items = (seq as PyTuple).items;
  const out: PyConst[] = [];
  for (let i = 0; i < k; i++) out.push(...items);
  return { kind: "tuple", items: out };
}

/**
 * CPython's float_pow (Objects/floatobject.c): its special cases, in its
 * order, then libm's pow, here pow.ts: the core's own pow, so that a folded
 * constant has the bits the same operation gives at run time (JavaScript's
 * `**` differs in the last bit for about 1 input in 10). Not folded where
 * CPython raises (0.0 ** negative: ZeroDivisionError; a finite result too
 * large: OverflowError) or gives a complex number (a finite negative base and
 * a finite non-integer exponent: CPython folds that to a complex constant,
 * which memsim does not have).
 */
function floatPow(x: number, y: number): number {
  if (y === 0) return 1; // x ** 0 is 1, even 0 ** 0 and nan ** 0
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return x === 1 ? 1 : y; // 1 ** nan is 1
  if (!Number.isFinite(y)) {
    // |x| < 1: 0 for inf, inf for -inf; |x| == 1: 1; |x| > 1: inf for inf, 0 for -inf
    const ax = Math.abs(x);
    return ax === 1 ? 1 : (y > 0) === (ax > 1) ? Infinity : 0;
  }
  const odd = Math.abs(y % 2) === 1;
  // (+-inf) ** y: inf for y > 0, 0 for y < 0, with x's sign if y is an odd integer
  if (!Number.isFinite(x)) return y > 0 ? (odd ? x : Infinity) : (odd ? (x < 0 ? -0 : 0) : 0);
  if (x === 0) {
    if (y < 0) nofold(); // ZeroDivisionError
    return odd ? x : 0;
  }
  if (x < 0 && !Number.isInteger(y)) nofold(); // complex
  if (Math.abs(x) === 1) return x < 0 && odd ? -1 : 1; // even (-1) ** huge
  // a negative x: pow(-x, y), negated if y is odd
  const r = pow(Math.abs(x), y);
  if (!Number.isFinite(r)) nofold(); // OverflowError
  return x < 0 && odd ? -r : r;
}

/**
 * int / int correctly rounded, as long_true_divide: operands within 2**53
 * convert exactly, so one division rounds once; otherwise the quotient is
 * taken to 55 bits or more, its remainder kept as a sticky bit, and rounded
 * once to a double (Number of a BigInt rounds to nearest, ties to even), then
 * scaled by a power of two. Not folded where the runtime raises
 * (ZeroDivisionError, OverflowError) or the result would be subnormal (a
 * second rounding): the core computes those.
 */
function trueDivide(x: bigint, y: bigint): number {
  if (y === 0n) nofold();
  const LIMIT = 2n ** 53n;
  if (x <= LIMIT && x >= -LIMIT && y <= LIMIT && y >= -LIMIT) return Number(x) / Number(y);
  const negative = (x < 0n) !== (y < 0n);
  let a = x < 0n ? -x : x;
  let b = y < 0n ? -y : y;
  if (a === 0n) return negative ? -0 : 0;
  const shift = Number(bits(a) - bits(b)) - 55;
  if (shift >= 0) b <<= BigInt(shift);
  else a <<= BigInt(-shift);
  let q = a / b;
  if (q * b !== a) q |= 1n; // sticky: the quotient was not exact
  const r = Number(q) * 2 ** shift;
  if (!Number.isFinite(r) || r < 2.2250738585072014e-308) nofold();
  return negative ? -r : r;
}

export function binop(op: string, a: PyConst, b: PyConst): PyConst {
  if (isInt(a) && isInt(b)) {
    const x = toInt(a);
    const y = toInt(b);
    switch (op) {
      case "Add": return x + y;
      case "Sub": return x - y;
      case "Mult":
        if (x && y && bits(x) + bits(y) > MAX_INT_SIZE) nofold();
        return x * y;
      case "FloorDiv": return floordiv(x, y);
      case "Mod": return mod(x, y);
      case "Div": return trueDivide(x, y);
      case "Pow":
        // long_pow: a negative exponent makes it float_pow on both operands as floats
        if (y < 0n) return floatPow(toFloat(x), toFloat(y));
        if (x && y > 0n && bits(x) > MAX_INT_SIZE / y) nofold();
        return x ** y;
      case "LShift":
        if (y < 0n) nofold();
        if (x && (bits(x) > MAX_INT_SIZE || y > MAX_INT_SIZE || bits(x) + y > MAX_INT_SIZE)) nofold();
        return x << y;
      case "RShift":
        if (y < 0n) nofold();
        return x >> y;
      case "BitAnd": return typeof a === "boolean" && typeof b === "boolean" ? a && b : x & y;
      case "BitOr": return typeof a === "boolean" && typeof b === "boolean" ? a || b : x | y;
      case "BitXor": return typeof a === "boolean" && typeof b === "boolean" ? a !== b : x ^ y;
    }
    return nofold();
  }
  if (isNum(a) && isNum(b)) {
    const x = toFloat(a);
    const y = toFloat(b);
    switch (op) {
      case "Add": return x + y;
      case "Sub": return x - y;
      case "Mult": return x * y;
      case "Div": if (y === 0) nofold(); return x / y;
      case "FloorDiv": return ffloordiv(x, y);
      case "Mod": return fmod(x, y);
      case "Pow": return floatPow(x, y);
    }
    return nofold();
  }
  if (op === "Mod" && (typeof a === "string" || (a !== null && typeof a === "object" && a.kind === "bytes"))) nofold();
  if (op === "Add") {
    if (typeof a === "string" && typeof b === "string") return a + b;
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
      if (a.kind === "tuple" && b.kind === "tuple") return { kind: "tuple", items: [...a.items, ...b.items] };
      if (a.kind === "bytes" && b.kind === "bytes") {
        const out = new Uint8Array(a.data.length + b.data.length);
        out.set(a.data);
        out.set(b.data, a.data.length);
        return { kind: "bytes", data: out };
      }
    }
  }
  if (op === "Mult") {
    if (isInt(b) && seqLen(a) !== null) return repeat(a, toInt(b));
    if (isInt(a) && seqLen(b) !== null) return repeat(b, toInt(a));
  }
  return nofold();
}

export function unop(op: string, v: PyConst): PyConst {
  if (op === "Not") return !truthy(v);
  if (isInt(v)) {
    const x = toInt(v);
    if (op === "USub") return -x;
    if (op === "UAdd") return x;
    if (op === "Invert") return -x - 1n;
  }
  if (typeof v === "number") {
    if (op === "USub") return -v;
    if (op === "UAdd") return v;
  }
  return nofold();
}

function subscr(v: PyConst, i: PyConst): PyConst {
  if (!isInt(i)) return nofold();
  let k = Number(toInt(i));
  if (typeof v === "string") {
    const chars = [...v];
    if (k < 0) k += chars.length;
    if (k < 0 || k >= chars.length) nofold();
    return chars[k];
  }
  if (v !== null && typeof v === "object" && v.kind === "tuple") {
    if (k < 0) k += v.items.length;
    if (k < 0 || k >= v.items.length) nofold();
    return v.items[k];
  }
  if (v !== null && typeof v === "object" && v.kind === "bytes") {
    if (k < 0) k += v.data.length;
    if (k < 0 || k >= v.data.length) nofold();
    return BigInt(v.data[k]);
  }
  return nofold();
}

function makeConst(n: Node, f: () => PyConst): void {
  try {
    const value = f();
    for (const k of Object.keys(n)) if (!["lineno", "col_offset", "end_lineno", "end_col_offset"].includes(k)) delete n[k];
    n._t = "Constant";
    n.value = value;
  } catch (e) {
    if (!(e instanceof NoFold)) throw e;
  }
}

function constTuple(elts: Node[]): PyConst | null {
  if (!elts.every((e) => e._t === "Constant")) return null;
  return { kind: "tuple", items: elts.map((e) => e.value) };
}

/** Fold constant sets into frozenset constants (CPython does; the image format of docs/python.md cannot hold them yet). */
export const foldOptions = { frozensetConstants: false };

function foldIter(n: Node): void {
  if (n._t === "Set" && foldOptions.frozensetConstants && n.elts.every((e: Node) => e._t === "Constant")) {
    const items: PyConst[] = [];
    const seen = new Set<string>();
    for (const e of n.elts as Node[]) {
      const k = typeof e.value === "bigint" || typeof e.value === "boolean" || typeof e.value === "number" ? "n" + Number(e.value) : typeof e.value + String(e.value);
      if (!seen.has(k)) {
        seen.add(k);
        items.push(e.value);
      }
    }
    makeConst(n, () => ({ kind: "frozenset", items }));
    return;
  }
  if (n._t === "List") {
    if (n.elts.some((e: Node) => e._t === "Starred")) return;
    n._t = "Tuple";
    const t = constTuple(n.elts);
    if (t) makeConst(n, () => t);
  }
  // Set displays of constants stay sets (CPython: frozenset constant).
}

/** Fold constants in place, as ast_opt.c does before compiling. */
export function optimize(n: unknown): void {
  if (Array.isArray(n)) {
    n.forEach(optimize);
    return;
  }
  if (!n || typeof n !== "object" || !("_t" in n)) return;
  const node = n as Node;
  for (const k of Object.keys(node)) {
    if (k === "_t" || k === "ctx" || k === "op") continue;
    const v = node[k];
    if (v && typeof v === "object") optimize(v);
  }
  switch (node._t) {
    case "UnaryOp": {
      const arg = node.operand as Node;
      if (arg._t !== "Constant") {
        if (node.op._t === "Not" && arg._t === "Compare" && arg.ops.length === 1) {
          const inv: Record<string, string> = { Is: "IsNot", IsNot: "Is", In: "NotIn", NotIn: "In" };
          const op = inv[arg.ops[0]._t];
          if (op) {
            arg.ops[0] = { _t: op };
            for (const k of Object.keys(node)) delete node[k];
            Object.assign(node, arg);
          }
        }
        return;
      }
      makeConst(node, () => unop(node.op._t, arg.value));
      return;
    }
    case "BinOp":
      if (node.left._t !== "Constant") return;
      if (node.op._t === "Mod" && node.right._t === "Tuple" && typeof node.left.value === "string" && !node.right.elts.some((e: Node) => e._t === "Starred")) {
        optimizeFormat(node, node.left.value, node.right.elts);
        return;
      }
      if (node.right._t === "Constant") makeConst(node, () => binop(node.op._t, node.left.value, node.right.value));
      return;
    case "Tuple":
      if (node.ctx._t === "Load") {
        const t = constTuple(node.elts);
        if (t) makeConst(node, () => t);
      }
      return;
    case "Subscript":
      if (node.ctx._t === "Load" && node.value._t === "Constant" && node.slice._t === "Constant") makeConst(node, () => subscr(node.value.value, node.slice.value));
      return;
    case "Compare": {
      const last = node.ops[node.ops.length - 1]._t;
      if (last === "In" || last === "NotIn") foldIter(node.comparators[node.comparators.length - 1]);
      return;
    }
    case "For":
      foldIter(node.iter);
      return;
    case "comprehension":
      foldIter(node.iter);
      return;
    case "Name":
      if (node.id === "__debug__" && node.ctx._t === "Load") makeConst(node, () => true);
      return;
  }
}

/**
 * `'...' % (a, b)` with only %s, %r and %a conversions (flags ignored, widths
 * and precisions below 100) becomes the f-string it means, as ast_opt.c's
 * optimize_format does: the literal pieces are constants (%% made %) and each
 * conversion a FormattedValue of its argument, with a spec of the width
 * (right-aligned unless '-') and the precision. Anything else, or a count of
 * arguments that does not match, leaves the % as it is.
 */
function optimizeFormat(node: Node, fmt: string, elts: Node[]): void {
  const noPosition = { lineno: -1, col_offset: -1, end_lineno: -1, end_col_offset: -1 };
  const values: Node[] = [];
  let pos = 0;
  let count = 0;
  for (;;) {
    // a literal piece, up to a lone '%'
    const start = pos;
    let piece = "";
    while (pos < fmt.length) {
      if (fmt[pos] !== "%") piece += fmt[pos++];
      else if (pos + 1 < fmt.length && fmt[pos + 1] === "%") { piece += "%"; pos += 2; }
      else break;
    }
    if (pos > start) values.push({ _t: "Constant", value: piece, ...noPosition } as Node);
    if (pos >= fmt.length) break;
    if (count >= elts.length) return;
    pos++; // the '%'
    const spec = simpleFormat(fmt, pos);
    if (!spec) return;
    pos = spec.end;
    const arg = elts[count++];
    let text = "";
    if (!spec.leftJustify && spec.width > 0) text += ">";
    if (spec.width >= 0) text += String(spec.width);
    if (spec.precision >= 0) text += `.${spec.precision}`;
    const formatSpec = text ? { _t: "JoinedStr", values: [{ _t: "Constant", value: text, ...noPosition }], ...noPosition } : null;
    values.push({
      _t: "FormattedValue", value: arg, conversion: spec.code.charCodeAt(0), format_spec: formatSpec,
      lineno: arg.lineno, col_offset: arg.col_offset, end_lineno: arg.end_lineno, end_col_offset: arg.end_col_offset,
    } as Node);
  }
  if (count < elts.length) return;
  for (const k of Object.keys(node)) if (!["lineno", "col_offset", "end_lineno", "end_col_offset"].includes(k)) delete node[k];
  node._t = "JoinedStr";
  node.values = values;
}

/** simple_format_arg_parse: flags, a width and a precision of at most two digits each, then %s, %r or %a; null for anything else. */
function simpleFormat(fmt: string, pos: number): { code: string; leftJustify: boolean; width: number; precision: number; end: number } | null {
  let leftJustify = false;
  while (pos < fmt.length && "-+ #0".includes(fmt[pos])) { if (fmt[pos] === "-") leftJustify = true; pos++; }
  const number = (): number | null => {
    let v = 0;
    let digits = 0;
    while (pos < fmt.length && fmt[pos] >= "0" && fmt[pos] <= "9") {
      v = v * 10 + Number(fmt[pos++]);
      if (++digits >= 3) return null;
    }
    return v;
  };
  let width = -1;
  if (pos < fmt.length && fmt[pos] >= "0" && fmt[pos] <= "9") {
    const w = number();
    if (w === null) return null;
    width = w;
  }
  let precision = -1;
  if (pos < fmt.length && fmt[pos] === ".") {
    pos++;
    const p = number();
    if (p === null) return null;
    precision = p;
  }
  if (pos >= fmt.length) return null;
  const code = fmt[pos++];
  return code === "s" || code === "r" || code === "a" ? { code, leftJustify, width, precision, end: pos } : null;
}
