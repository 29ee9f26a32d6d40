// The math module (assembly/python/mathmodule.ts) against CPython 3.11:
// - agreement: each function on 20,000 seeded arguments over wide ranges (one
//   memsim run and one python3 run of the same script, every result's repr
//   compared): the IEEE-exact ones (sqrt, floor, ceil, trunc, fabs, copysign)
//   and the ints' (gcd, isqrt) agree on every argument; exp, log, log2 and
//   log10 come from AssemblyScript's libm (log10 as glibc's fdlibm code over
//   it), not glibc's, and agree as docs/python.md says;
// - argument errors and their messages, the math domain and range errors;
// - the names CPython's math has and memsim does not: refused (exit 2), never
//   an AttributeError or ImportError.
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memsimScript, cpythonScript } from "./helpers/python.js";

/** python3 on a long script (cpythonScript's limit is 20 s). */
function cpythonLong(source: string): { stdout: string; status: number | null } {
  const file = join(mkdtempSync(join(tmpdir(), "memsim-math-")), "s.py");
  writeFileSync(file, source);
  const r = spawnSync("python3", [file], { encoding: "utf8", timeout: 240_000, maxBuffer: 1 << 30 });
  return { stdout: r.stdout, status: r.status };
}

const N = 20_000;

/** The seeded arguments (an LCG in ints, floats from its bits: the same in both runs) and each result's repr. */
const AGREEMENT = `import math
N = ${N}
seed = 12345
def rnd():
    global seed
    seed = (seed * 25214903917 + 11) % 281474976710656
    return seed
def unit():
    return (rnd() >> 15) / 8589934592.0 + (rnd() >> 15) / 8589934592.0 / 8589934592.0
def wide(lo, hi):
    e = rnd() % (hi - lo + 1) + lo
    return unit() * 2.0 ** e
def signed(x):
    return -x if rnd() % 2 else x
def between(lo, hi):
    return lo + unit() * (hi - lo)
cases = [
    ("sqrt", math.sqrt, lambda: (wide(-1070, 1020),)),
    ("floor", math.floor, lambda: (signed(wide(-4, 70)),)),
    ("ceil", math.ceil, lambda: (signed(wide(-4, 70)),)),
    ("trunc", math.trunc, lambda: (signed(wide(-4, 70)),)),
    ("fabs", math.fabs, lambda: (signed(wide(-1070, 1020)),)),
    ("copysign", math.copysign, lambda: (signed(wide(-1070, 1020)), signed(wide(-1070, 1020)))),
    ("exp", math.exp, lambda: (between(-745.0, 709.0),)),
    ("log", math.log, lambda: (wide(-1040, 1020),)),
    ("log(x, b)", math.log, lambda: (wide(-1040, 1020), between(1.5, 100.0))),
    ("log2", math.log2, lambda: (wide(-1040, 1020),)),
    ("log10", math.log10, lambda: (wide(-1040, 1020),)),
    ("gcd", math.gcd, lambda: (signed(rnd() % 1000000), rnd() % 100000000)),
    ("isqrt", math.isqrt, lambda: (rnd() * (rnd() % 4096),)),
]
for name, f, make in cases:
    for i in range(N):
        a = make()
        try:
            r = repr(f(*a))
        except (ValueError, OverflowError) as e:
            r = type(e).__name__
        print(name, repr(a), r, sep="|")
`;

/** Lines per function of the two runs: how many agree. */
function agreement(memsim: string, cpython: string): Map<string, { same: number; total: number }> {
  const got = memsim.trimEnd().split("\n");
  const want = cpython.trimEnd().split("\n");
  expect(got.length).toBe(want.length);
  const out = new Map<string, { same: number; total: number }>();
  want.forEach((w, i) => {
    const [name, args] = w.split("|");
    const [gname, gargs] = got[i].split("|");
    expect([gname, gargs]).toEqual([name, args]); // the same arguments
    const row = out.get(name) ?? { same: 0, total: 0 };
    row.total++;
    if (got[i] === w) row.same++;
    out.set(name, row);
  });
  return out;
}

describe("math: agreement with python3 on seeded arguments", () => {
  it(`each function on ${N} arguments`, () => {
    const want = cpythonLong(AGREEMENT);
    expect(want.status).toBe(0);
    const got = memsimScript(AGREEMENT, 2_000_000_000);
    expect(got.stderr).toBe("");
    expect(got.exitCode).toBe(0);
    const rows = agreement(got.stdout, want.stdout);
    const share = (name: string) => rows.get(name)!.same / rows.get(name)!.total;
    console.log([...rows].map(([k, v]) => `${k} ${v.same}/${v.total}`).join(", "));
    for (const exact of ["sqrt", "floor", "ceil", "trunc", "fabs", "copysign", "gcd", "isqrt"]) {
      expect(rows.get(exact)!.total, exact).toBe(N);
      expect(share(exact), exact).toBe(1);
    }
    // docs/python.md, "The math module": log and log10 on every argument, log2 all but 1, exp all but 18
    expect(share("log")).toBe(1);
    expect(share("log(x, b)")).toBe(1);
    expect(share("log10")).toBe(1);
    expect(share("log2")).toBeGreaterThanOrEqual(0.9999);
    expect(share("exp")).toBeGreaterThanOrEqual(0.999);
  }, 300_000);
});

/** Calls and what they give: a result's repr, or the exception's type and message. */
const ERRORS = `import math
from math import sqrt, floor, ceil, trunc, fabs, copysign, exp, log, log2, log10, isfinite, isinf, isnan, gcd, isqrt
def t(f, *a, **k):
    try:
        print(repr(f(*a, **k)))
    except Exception as e:
        print(type(e).__name__ + ":", e)
for f in [sqrt, floor, ceil, trunc, fabs, exp, log2, log10, isfinite, isinf, isnan, isqrt]:
    t(f); t(f, 1, 2); t(f, x=1); t(f, "a"); t(f, None); t(f, [1])
    t(f, 7); t(f, True); t(f, 2.5); t(f, -2.5); t(f, 0.0); t(f, -0.0)
    t(f, math.inf); t(f, -math.inf); t(f, math.nan)
    if f is not isqrt:
        t(f, 10 ** 400); t(f, -(10 ** 400)); t(f, 2 ** 70)
for f in [copysign, log, gcd]:
    t(f); t(f, 1); t(f, 1, 2, 3); t(f, x=1); t(f, 1, y=1); t(f, "a", 1); t(f, 1, "a")
    t(f, 8, 2); t(f, 2.5, -1); t(f, True, 4); t(f, 0, 2); t(f, -8, 4)
    if f is not gcd:
        t(f, 10 ** 400, 10)
t(exp, 709.7); t(exp, 710); t(exp, -1000); t(exp, 1000.0); t(log, 0); t(log, 0.0); t(log, -1); t(log, False)
t(log, 8, 1); t(log, 8, 0); t(log, 1, 1); t(log, 2, 0.5); t(log, 0, "a"); t(log, -2, 0); t(log, 2 ** 5000); t(log2, 2 ** 5000)
t(log10, 10 ** 500); t(log10, 1e-320); t(log2, 5e-324); t(log, 5e-324); t(log, 1e308, 1e-308)
t(sqrt, -1); t(sqrt, -1e-300); t(sqrt, 4); t(sqrt, 10 ** 300); t(floor, 1e300); t(ceil, -1e20); t(trunc, 2 ** 62 + 0.0)
t(gcd, 12, 18); t(gcd, -12, 18, 30); t(gcd, 0, 0); t(gcd, 5); t(gcd, -5); t(gcd, 1, 2.0); t(gcd, 1.5); t(gcd, 2 ** 59, 2 ** 58)
t(isqrt, -1); t(isqrt, 0); t(isqrt, 2 ** 59 + 12345); t(isqrt, False)
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan, sqrt, math.floor)
x = 12345
print(floor(x) is x, type(floor(2.5)) is int, type(isinf(1)) is bool, copysign(0.0, -1), fabs(-0.0))
`;

describe("math: arguments and errors as python3", () => {
  it("messages, domain and range errors, conversions", () => {
    const want = cpythonScript(ERRORS);
    const got = memsimScript(ERRORS, 10_000_000);
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe(want.stdout);
  });

  it("a math domain error's traceback", () => {
    const src = "import math\ndef f(x):\n    return math.sqrt(x)\nprint(f(4))\nprint(f(-4))\n";
    const want = cpythonScript(src);
    const got = memsimScript(src);
    expect(got.stdout).toBe(want.stdout);
    expect(got.last).toBe("ValueError: math domain error");
    expect(got.last).toBe(want.last);
    expect(got.exitCode).toBe(1);
  });

  it("from-import of a name math lacks: ImportError (memsim's module has no __file__: unknown location)", () => {
    const got = memsimScript("from math import nosuch\n");
    expect(got.last).toBe("ImportError: cannot import name 'nosuch' from 'math' (unknown location)");
    const want = cpythonScript("from math import nosuch\n");
    expect(want.last.startsWith("ImportError: cannot import name 'nosuch' from 'math' (")).toBe(true);
    expect(memsimScript("from sys import nosuch\n").last).toBe(cpythonScript("from sys import nosuch\n").last);
    expect(memsimScript("try:\n    from gc import nosuch\nexcept ImportError as e:\n    print(e)\n").stdout).toBe(
      "cannot import name 'nosuch' from 'gc' (unknown location)\n");
    // PyErr_SetImportError's: msg, name (the module's), path (None for a built-in module); ImportError's 96 bytes
    const fields = "import sys\ntry:\n    from gc import nosuch\nexcept ImportError as e:\n" +
      "    print(e.msg, e.name, e.path, e.args, sys.getsizeof(e), sys.getrefcount(e))\n";
    const mine = memsimScript(fields);
    expect(mine.stdout).toBe("cannot import name 'nosuch' from 'gc' (unknown location) gc None (\"cannot import name 'nosuch' from 'gc' (unknown location)\",) 112 3\n");
    expect(mine.stdout).toBe(cpythonScript(fields).stdout);
  });
});

describe("math: what memsim leaves out is refused", () => {
  for (const [src, line, what] of [
    ["import math\nx = 1\nprint(math.factorial(5))\n", 3, "math.factorial"],
    ["import math\ntry:\n    math.sin(1.0)\nexcept AttributeError:\n    pass\n", 3, "math.sin"],
    ["from math import sqrt, comb\n", 1, "math.comb"],
    ["def f():\n    from math import hypot as h\n    return h\nf()\n", 2, "math.hypot"],
    ["import math\nprint(hasattr(math, 'fsum'))\n", 2, "math.fsum"],
    ["from sys import argv\n", 1, "sys.argv"],
    ["import math\nprint(math.gcd(2 ** 61, 6))\n", 2, "math.gcd() of an int of more than 60 bits"],
  ] as [string, number, string][]) {
    it(what, () => {
      const got = memsimScript(src);
      expect(got.exitCode).toBe(2);
      expect(got.stderr).toBe(`memsim: line ${line}: ${what} is not supported yet\n`);
      expect(cpythonScript(src).exitCode).toBe(0);
    });
  }
});
