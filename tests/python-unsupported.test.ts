// Valid Python outside memsim's subset that only CPython's own names tell
// from a real error (host/python/unsupported.ts): a builtin memsim lacks is
// refused before the script runs, an attribute of a built-in type memsim
// lacks when the script reaches it; real errors stay tracebacks. python3
// (CPython 3.11) is the oracle twice: the names are its own
// (scripts/record-cpython-names.py --check), and every script refused here
// runs under it without an error.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { memsimScript, cpythonScript as cpython } from "./helpers/python.js";
import { compileModule } from "../host/python/index.js";
import { BUILTINS } from "../host/python/cpython-names.js";
import { MEMSIM_BUILTINS, missingBuiltin } from "../host/python/unsupported.js";

const ROOT = new URL("../", import.meta.url).pathname;
const memsim = (source: string) => { const r = memsimScript(source); return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }; };

describe("CPython's names (host/python/cpython-names.ts)", () => {
  it("are python3's own", () => {
    expect(() => execFileSync("python3", [`${ROOT}scripts/record-cpython-names.py`, "--check"], { stdio: "pipe" })).not.toThrow();
  });
  it("include every builtin memsim binds, and each resolves in memsim", () => {
    for (const name of MEMSIM_BUILTINS) expect(BUILTINS).toContain(name);
    const r = memsim(`for x in [${[...MEMSIM_BUILTINS].join(", ")}]:\n    pass\nprint("ok")\n`);
    expect(r).toEqual({ stdout: "ok\n", stderr: "", exitCode: 0 });
  });
});

describe("a builtin memsim lacks", () => {
  const missing = BUILTINS.filter(missingBuiltin);
  it("is one of CPython's (bytearray, open, input, globals, SystemExit, ...)", () => {
    expect(missing).toEqual(expect.arrayContaining(["bytearray", "open", "input", "globals", "delattr", "SystemExit", "OSError"]));
    expect(missing).not.toContain("ValueError");
    expect(missing).not.toContain("print");
    expect(missing).not.toContain("map");
    expect(missing).not.toContain("frozenset");
    expect(missing).not.toContain("__name__");
  });
  it("is refused before anything runs, naming it and its line", () => {
    for (const name of missing) {
      const r = compileModule(`x = 1\ny = ${name}\n`, "s.py");
      const construct = /^[a-z]/.test(name) ? `the builtin ${name}()` : `the builtin ${name}`;
      expect("error" in r && r.error, name).toEqual({ kind: "unsupported", construct, lineno: 2, text: `memsim: line 2: ${construct} is not supported yet\n` });
    }
    expect(memsim('print("first")\nprint(bytearray([1, 2]))\n')).toEqual({
      stdout: "", stderr: "memsim: line 2: the builtin bytearray() is not supported yet\n", exitCode: 2,
    });
  });
  it("is the script's own when the script binds the name (as CPython's scoping has it)", () => {
    for (const source of [
      "def bytearray(xs):\n    return sorted(xs)\nprint(bytearray([2, 1]))\n",
      "input = 16\nprint(input + 1)\n",
      "def f(open):\n    return open * 2\nprint(f(3))\n",
      "print([globals for globals in range(3)])\n",
    ]) {
      const want = cpython(source);
      expect(want.exitCode).toBe(0);
      expect(memsim(source)).toEqual({ stdout: want.stdout, stderr: "", exitCode: 0 });
    }
  });
});

describe("a class binding a special name memsim does not honour", () => {
  it("is refused before anything runs (it would change what CPython prints)", () => {
    const cases: [string, string][] = [
      ["class P:\n    def __init__(self):\n        self.x = 1\n    def __next__(self):\n        return 'P'\nprint(P().x)\n", "memsim: line 4: the special method __next__ is not supported yet\n"],
      ["class P:\n    pass\nP.__getattr__ = len\nprint(1)\n", "memsim: line 3: setting the special attribute __getattr__ is not supported yet\n"],
      ["class P:\n    __slots__ = ('x',)\nprint(1)\n", "memsim: line 2: the class attribute __slots__ is not supported yet\n"],
      ["class P:\n    x = 1\n    __format__ = None\nprint(1)\n", "memsim: line 3: the class attribute __format__ is not supported yet\n"],
    ];
    for (const [source, stderr] of cases) {
      expect(cpython(source).exitCode).toBe(0);
      expect(memsim(source)).toEqual({ stdout: "", stderr, exitCode: 2 });
    }
  });
  it("but __init__ and __del__ run", () => {
    const source = "class P:\n    def __init__(self):\n        print('init')\n    def __del__(self):\n        print('del')\np = P()\ndel p\nprint('end')\n";
    expect(memsim(source)).toEqual({ stdout: cpython(source).stdout, stderr: "", exitCode: 0 });
  });
});

describe("decorators run, and so do CPython's descriptors, but not the builtins memsim lacks", () => {
  it("property, staticmethod and classmethod run as CPython's", () => {
    const sources = [
      "class T:\n    @property\n    def f(self):\n        return 1\nprint(T().f)\n",
      "class T:\n    @staticmethod\n    def f():\n        return 1\nprint(T.f())\n",
      "class T:\n    @classmethod\n    def f(cls):\n        return cls.__name__\nprint(T.f(), T().f())\n",
    ];
    for (const source of sources) expect(memsim(source)).toEqual({ stdout: cpython(source).stdout, stderr: "", exitCode: 0 });
  });
  it("functools, a descriptor class of the script, and what the three hold that memsim lacks are refused (not an AttributeError)", () => {
    const cases: [string, string][] = [
      ["import functools\n@functools.lru_cache(None)\ndef f(n):\n    return n\nprint(f(1))\n", "memsim: line 1: import of module 'functools' is not supported yet\n"],
      ["class D:\n    def __get__(self, obj, owner):\n        return 1\nclass T:\n    d = D()\nprint(T().d)\n", "memsim: line 2: the special method __get__ is not supported yet\n"],
      ["p = property(lambda self: 1)\nprint(p.__get__)\n", "memsim: line 2: property.__get__ is not supported yet\n"],
      ["s = staticmethod(len)\nprint(s(''))\n", "memsim: line 1: staticmethod() of a builtin_function_or_method object is not supported yet\n"],
      ["p = property(len)\nprint(p.__doc__ is not None)\n", "memsim: line 1: property() of a getter of type builtin_function_or_method without a doc is not supported yet\n"],
    ];
    for (const [source, stderr] of cases) {
      expect(cpython(source).exitCode).toBe(0);
      expect(memsim(source)).toEqual({ stdout: "", stderr, exitCode: 2 });
    }
  });
  it("an attribute set on a function (a decorator's counter) stops the run with memsim's refusal", () => {
    const source = "def count(f):\n    def g(*a):\n        g.calls += 1\n        return f(*a)\n    g.calls = 0\n    return g\n@count\ndef h(x):\n    return x\nprint('before')\nprint(h(1), h.calls)\n";
    expect(cpython(source)).toMatchObject({ stdout: "before\n1 1\n", exitCode: 0 });
    expect(memsim(source)).toEqual({ stdout: "", stderr: "memsim: line 5: setting an attribute of a function is not supported yet\n", exitCode: 2 });
  });
});

describe("an attribute CPython has and memsim lacks", () => {
  // [script, its output before the refusal, the refusal]
  const cases: [string, string, string][] = [
    ['print("before")\nprint("abc".isascii())\n', "before\n", "memsim: line 2: str.isascii is not supported yet\n"],
    ["import sys\nprint(sys.argv[0] != '')\n", "", "memsim: line 2: sys.argv is not supported yet\n"],
    ["print(int.from_bytes(b'\\x01', 'big'))\n", "", "memsim: line 1: int.from_bytes is not supported yet\n"],
    ["x = [1, 2]\nprint(x.__len__())\n", "", "memsim: line 2: list.__len__ is not supported yet\n"],
    ["print(dict.fromkeys([1]))\n", "", "memsim: line 1: dict.fromkeys is not supported yet\n"],
    ["d = {1: 2}\nprint(d.keys().isdisjoint([3]))\n", "", "memsim: line 2: dict_keys.isdisjoint is not supported yet\n"],
    ["g = (i for i in range(3))\nprint(next(g))\nprint(g.send(None))\n", "0\n", "memsim: line 3: generator.send is not supported yet\n"],
    ["class V:\n    x = 1\ndef f(c):\n    return c.__dict__\nprint(f(V)['x'])\n", "", "memsim: line 4: V.__dict__ is not supported yet\n"],
    ["print(type(3).__doc__ != '')\n", "", "memsim: line 1: int.__doc__ is not supported yet\n"],
    // the traceback a with statement's __exit__ gets: an object, its attributes refused
    ["class M:\n    def __enter__(self):\n        return self\n    def __exit__(self, t, v, tb):\n        print(tb is None)\n        print(tb.tb_lineno)\n        return True\nwith M():\n    raise ValueError\n",
      "False\n", "memsim: line 6: traceback.tb_lineno is not supported yet\n"],
    ["print(bytes(3))\n", "", "memsim: line 1: bytes() is not supported yet\n"],
    ["print(str(b'x', 'ascii'))\n", "", "memsim: line 1: str() with an encoding is not supported yet\n"],
  ];
  for (const [source, stdout, stderr] of cases) {
    it(`${stderr.trim()}`, () => {
      const want = cpython(source);
      expect(want.exitCode, want.stderr).toBe(0);
      expect(want.stdout.startsWith(stdout)).toBe(true);
      expect(memsim(source)).toEqual({ stdout, stderr, exitCode: 2 });
    });
  }
});

describe("a real error", () => {
  it("stays CPython's traceback (the attribute is none of CPython's)", () => {
    for (const source of [
      "print('a'.zork)\n", "class V:\n    pass\nprint(V().zork)\n", "import sys\nprint(sys.zork)\n", "print(int.zork)\n",
      "d = {1: 2}\nprint(d.items().zork)\n", "print(zork)\n",
      "class M:\n    def __enter__(self):\n        return self\n    def __exit__(self, t, v, tb):\n        return tb.zork\nwith M():\n    1 / 0\n",
    ]) {
      const want = cpython(source);
      const got = memsim(source);
      expect(want.exitCode).toBe(1);
      expect(got.exitCode, source).toBe(1);
      expect(got.stderr.trimEnd().split("\n").pop(), source).toBe(want.stderr.trimEnd().split("\n").pop());
    }
  });
});
