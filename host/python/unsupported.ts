// Valid Python outside memsim's subset that the subset check (check.ts) cannot
// see in the syntax alone, told apart from a real error with CPython 3.11's
// own names (cpython-names.ts): a builtin memsim lacks (refused before the
// script runs), or an attribute of a built-in type (`str.format`, `sys.argv`),
// known only when the script reaches it. Either way the user reads
// `memsim: line N: <construct> is not supported yet` (exit 2), never a
// NameError or AttributeError CPython would not raise.

import {
  BUILTINS, OBJECT_ATTRIBUTES, INSTANCE_ATTRIBUTES, TYPE_OBJECT_ATTRIBUTES, TYPE_ATTRIBUTES, MODULE_ATTRIBUTES,
} from "./cpython-names.js";

/** The builtins memsim binds (assembly/python/abi.ts pyStart; tests/python-unsupported.test.ts checks each resolves). */
export const MEMSIM_BUILTINS: ReadonlySet<string> = new Set([
  "print", "repr", "len", "id", "isinstance", "abs", "min", "max", "sum", "sorted", "hash", "divmod", "chr", "ord",
  "round", "any", "all", "next", "iter", "vars", "int", "float", "str", "bool", "list", "tuple", "dict", "set", "frozenset", "range",
  "type", "object", "enumerate", "zip", "reversed", "bytes", "slice", "map", "filter", "pow", "hex", "bin", "oct", "ascii",
  "callable", "format", "getattr", "setattr", "hasattr", "issubclass", "super", "property", "staticmethod", "classmethod",
  // the exception classes (assembly/python/exceptions.ts)
  "BaseException", "Exception", "ArithmeticError", "OverflowError", "ZeroDivisionError", "AssertionError", "AttributeError",
  "ImportError", "ModuleNotFoundError", "LookupError", "IndexError", "KeyError", "MemoryError", "NameError", "UnboundLocalError",
  "RuntimeError", "NotImplementedError", "RecursionError", "StopIteration", "TypeError", "ValueError", "GeneratorExit",
]);

/** The builtin `name` is CPython's and not memsim's (the module's dunders, None, True and False aside). */
export function missingBuiltin(name: string): boolean {
  return !MEMSIM_BUILTINS.has(name) && !/^__.*__$/.test(name) && BUILTIN_NAMES.has(name);
}

const BUILTIN_NAMES = new Set(BUILTINS.filter((n) => n !== "None" && n !== "True" && n !== "False"));

/** How a refusal names builtin `name`: a function or type with (), a class of exceptions or a constant without. */
export function builtinConstruct(name: string): string {
  return /^[a-z]/.test(name) ? `the builtin ${name}()` : `the builtin ${name}`;
}

const OPERATORS = ["add", "and", "floordiv", "lshift", "matmul", "mul", "mod", "or", "pow", "rshift", "sub", "truediv", "xor"];

/**
 * The names a class body may bind that memsim honours: __init__, __del__, and
 * the special methods it gives slots for (assembly/python/slots.ts); the rest
 * of the __dunder__ names (__next__, __slots__, __format__, __getattr__...)
 * change what CPython does and are refused.
 */
export const HONOURED_SPECIAL_NAMES: ReadonlySet<string> = new Set([
  "__init__", "__del__", "__doc__", "__module__", "__qualname__",
  "__repr__", "__str__", "__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__", "__len__", "__bool__", "__contains__",
  "__getitem__", "__setitem__", "__delitem__", "__iter__", "__pos__", "__neg__", "__invert__", "__abs__", "__call__", "__hash__",
  "__enter__", "__exit__",
  ...OPERATORS.flatMap((op) => [`__${op}__`, `__r${op}__`, `__i${op}__`]),
]);

/**
 * CPython's attribute names as lines the core also reads (pyRefusals:
 * assembly/python/refusals.ts, which tells a caught AttributeError apart):
 * `#T` for each built-in type, `iT.A` an instance of T has A, `tT.A` the type
 * object T has A (T `*`: a class of the script), `mM.A` module M has A.
 */
export const REFUSAL_LINES: readonly string[] = (() => {
  const lines: string[] = [];
  const add = (prefix: string, names: Iterable<string>) => { for (const a of names) lines.push(prefix + a); };
  for (const [type, names] of Object.entries(TYPE_ATTRIBUTES)) {
    lines.push(`#${type}`);
    add(`i${type}.`, new Set([...OBJECT_ATTRIBUTES, ...names]));
    add(`t${type}.`, new Set([...TYPE_OBJECT_ATTRIBUTES, ...OBJECT_ATTRIBUTES, ...names]));
  }
  add("i*.", new Set([...OBJECT_ATTRIBUTES, ...INSTANCE_ATTRIBUTES]));
  add("t*.", new Set([...TYPE_OBJECT_ATTRIBUTES, ...OBJECT_ATTRIBUTES, ...INSTANCE_ATTRIBUTES]));
  for (const [module, names] of Object.entries(MODULE_ATTRIBUTES)) add(`m${module}.`, names);
  return lines;
})();
const REFUSALS = new Set(REFUSAL_LINES);

/**
 * The construct an uncaught exception's last line (`Type: message`) shows
 * the script used, where CPython would have run on: an attribute CPython's
 * type or module has, or what the core itself refused (NotImplementedError
 * "... is not supported yet (memsim)": bytes(), str() with an encoding, and
 * an attribute CPython has that the script would have caught). Undefined for
 * a real error.
 */
export function unsupportedAtRunTime(last: string): string | undefined {
  const core = /^NotImplementedError: (.+) is not supported yet \(memsim\)$/.exec(last);
  if (core) return core[1];
  const m = /^AttributeError: (?:'([^']+)' object|type object '([^']+)'|module '([^']+)') has no attribute '([^']+)'/.exec(last);
  if (!m) return undefined;
  const [, instance, typeObject, module, attr] = m;
  const name = instance ?? typeObject ?? module;
  const kind = instance !== undefined ? "i" : typeObject !== undefined ? "t" : "m";
  // a built-in type's own names; any other type name is a class of the script's
  const type = kind === "m" || REFUSALS.has(`#${name}`) ? name : "*";
  return REFUSALS.has(`${kind}${type}.${attr}`) ? `${name}.${attr}` : undefined;
}
