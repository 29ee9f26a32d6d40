// The builtins beyond the list (tests/python/builtins_more.py runs them
// on the corpus): their errors against python3's, one expression each.
import { describe, it, expect } from "vitest";
import { cpythonEval, memsimEval } from "./helpers/python.js";

/** Calls CPython refuses, with its messages; and a few results. */
const CASES: string[] = [
  "getattr(1, 2)", "setattr(1, 2, 3)", "hasattr(1, 2)", "getattr(1)", "getattr('s', 'zz', 1, 2)", "getattr(1, 'zz')",
  "setattr(1, 'x', 2)", "pow(2)", "pow()", "pow(2, 3, 4, 5)", "pow(2.0, 3, 5)", "pow(2, -1, 4)", "pow(2, 3, 0)",
  "pow(-7, -3, 11)", "hex(1.5)", "bin('a')", "hex()", "hex(x=1)", "oct(2 ** 100)", "format(3, 5)", "format([1], 'x')",
  "format(1, 'y')", "next(map(1, [1]))", "map(str)", "map()", "map(str, 1)", "filter(1)", "list(filter(1, [1]))",
  "filter(None, 3)", "issubclass(int, 1)", "issubclass(1, int)", "issubclass(int, (str, 1))", "callable()",
  "ascii(1, 2)", "list(map(divmod, [7, 8], [2, 3]))", "list(filter(str.isdigit, 'a1b2'))",
];

describe("more builtins, against python3", () => {
  const want = cpythonEval(CASES);
  CASES.forEach((c, i) => {
    it(c, () => expect(memsimEval(c)).toBe(want[i]));
  });
});
