// Special methods of the script's classes (assembly/python/slots.ts): what
// tests/python/special_methods.py does not show because it stops the script,
// against python3: the errors CPython's slot functions raise, the
// unhashable instances of a class with __eq__, __hash__ and __call__, and
// what memsim refuses.
import { describe, it, expect } from "vitest";
import { memsimScript, cpythonScript as cpython } from "./helpers/python.js";

const memsim = (source: string) => { const r = memsimScript(source); return { stdout: r.stdout, last: r.last, exitCode: r.exitCode }; };

const lines = (...l: string[]) => l.join("\n") + "\n";

describe("special methods: what CPython raises, memsim raises", () => {
  const cases: [string, string][] = [
    ["unhashable with __eq__", lines("class A:", "    def __eq__(self, o): return True", "print(A.__hash__ is None)", "print({A(): 1})")],
    ["unhashable in a set lookup", lines("class A:", "    def __eq__(self, o): return True", "print(A() in {1, 2})")],
    ["a subclass inherits __hash__ = None", lines("class A:", "    def __eq__(self, o): return True", "class B(A):", "    pass", "print(hash(B()))")],
    ["__repr__ returns an int (print)", lines("class A:", "    def __repr__(self): return 3", "print(A())")],
    ["__repr__ returns an int (repr)", lines("class A:", "    def __repr__(self): return 3", "print(repr(A()))")],
    ["__str__ returns None", lines("class A:", "    def __str__(self): return None", "print(str(A()))")],
    ["__len__ < 0", lines("class A:", "    def __len__(self): return -1", "print(len(A()))")],
    ["__len__ a str", lines("class A:", "    def __len__(self): return 'x'", "print(len(A()))")],
    ["__bool__ an int", lines("class A:", "    def __bool__(self): return 1", "print(bool(A()))")],
    ["__len__ for truth", lines("class A:", "    def __init__(self, n): self.n = n", "    def __len__(self): return self.n", "print([bool(A(0)), bool(A(3))])", "if A(0):", "    print('no')")],
    ["__iter__ a list", lines("class A:", "    def __iter__(self): return [1]", "print(list(A()))")],
    ["no ordering", lines("class A:", "    pass", "print(A() < A())")],
    ["== falls back to identity", lines("class A:", "    pass", "a = A()", "print(a == a, a == A(), a != A())")],
    ["only __lt__, reflected for >", lines("class A:", "    def __lt__(self, o): return 'lt'", "print(3 < A(), A() > 3)")],
    ["no __radd__", lines("class A:", "    def __add__(self, o): return 1", "print(A() + 3)", "print(3 + A())")],
    ["no __neg__", lines("class A:", "    pass", "print(-A())")],
    ["no __delitem__", lines("class A:", "    def __getitem__(self, k): return k", "a = A()", "print(a[5])", "del a[5]")],
    ["__delitem__'s own KeyError", lines("class A:", "    def __init__(self): self.d = {}", "    def __delitem__(self, k): del self.d[k]", "del A()['zz']")],
    ["an error inside __repr__", lines("class A:", "    def __repr__(self): return self.name", "print([A()])")],
    ["a class attribute set later", lines("class A:", "    pass", "def r(self): return 'late'", "print(A() == 0)", "A.__repr__ = r", "print(A())")],
    ["__hash__ returns a str", lines("class A:", "    def __hash__(self): return 'x'", "print(hash(A()))")],
    ["__hash__ returns a float in a set", lines("class A:", "    def __hash__(self): return 1.0", "print({A()})")],
    ["__hash__ returns a big int", lines("class A:", "    def __hash__(self): return 2 ** 100", "print(hash(A()), {A(): 1}.popitem()[1])")],
    ["__hash__ = None", lines("class A:", "    __hash__ = None", "print(A.__hash__)", "print({A()})")],
    ["__hash__ = None set later", lines("class A:", "    pass", "a = A()", "print(len({a}))", "A.__hash__ = None", "print(a in {1})")],
    ["__hash__ set on a class later", lines("class A:", "    def __eq__(self, o): return True", "A.__hash__ = lambda self: 5", "print(hash(A()), len({A(), A()}))")],
    ["__hash__ inherited, __eq__ overridden", lines("class A:", "    def __hash__(self): return 1", "class B(A):", "    def __eq__(self, o): return True", "print(hash(A()))", "print(hash(B()))")],
    ["__eq__ returns a non-bool in a lookup", lines("class A:", "    def __hash__(self): return 1", "    def __eq__(self, o): return 'yes'", "print(A() in {A()}, {A(): 1}[A()])")],
    ["__eq__ of an int key against an instance", lines("class A:", "    def __hash__(self): return 5", "    def __eq__(self, o): print('eq', o); return o == 5", "print({5: 'five'}[A()], A() in {5})")],
    ["__eq__ that empties the dict it is looked up in", lines("class A:", "    def __init__(self, d): self.d = d", "    def __hash__(self): return 1", "    def __eq__(self, o):", "        self.d.clear()", "        return True", "d = {}", "d[A(d)] = 1", "d[A(d)] = 2", "print(len(d), list(d.values()))")],
    ["calling an instance without __call__", lines("class A:", "    pass", "A()(1)")],
    ["calling an instance without __call__ (*args)", lines("class A:", "    pass", "A()(*[1], **{'k': 2})")],
    ["__call__ with keywords that are not strings", lines("class A:", "    def __call__(self, **k): return k", "print(A()(**{'a': 1}))", "A()(**{1: 2})")],
    ["__call__'s own argument errors", lines("class A:", "    def __call__(self, x): return x", "print(A()(x=1))", "A()(1, 2)")],
    ["__call__ that is a builtin", lines("class A:", "    __call__ = len", "print(A()([1, 2, 3]))")],
    ["__call__ recursing", lines("class A:", "    def __call__(self, n): return 0 if n == 0 else 1 + self(n - 1)", "print(A()(200))")],
    ["callable()", lines("class A:", "    def __call__(self): pass", "class B:", "    pass", "print(callable(A()), callable(B()), callable(A), callable(B))")],
    // several bases: the first class of the MRO that defines a special method decides
    ["the MRO's first __repr__ and __len__", lines("class A:", "    def __repr__(self): return 'A'", "    def __len__(self): return 1", "class B:", "    def __repr__(self): return 'B'", "    def __len__(self): return 2", "class C(B, A):", "    pass", "class D(A, B):", "    pass", "print(C(), len(C()), D(), len(D()), [C(), D()])")],
    ["__hash__ = None of a base before another's __hash__", lines("class H:", "    def __hash__(self): return 1", "class E:", "    def __eq__(self, o): return True", "class C(H, E):", "    pass", "class D(E, H):", "    pass", "print(hash(C()), D.__hash__)", "print({D()})")],
    ["__eq__ through the MRO in a dict lookup", lines("class K:", "    def __hash__(self): return 7", "class Q:", "    def __eq__(self, o): return True", "class KQ(K, Q):", "    pass", "d = {KQ(): 'v'}", "print(d[KQ()], KQ.__hash__ is K.__hash__)")],
    ["a special method set later on a base of several", lines("class A:", "    pass", "class B:", "    pass", "class C(A, B):", "    pass", "c = C()", "print(bool(c))", "B.__bool__ = lambda self: False", "print(bool(c))", "A.__len__ = lambda self: 5", "print(bool(c), len(c))")],
    ["reflected operand of a subclass through the MRO", lines("class N:", "    def __init__(self, v): self.v = v", "    def __add__(self, o): return 'N.add'", "    def __radd__(self, o): return 'N.radd'", "class M:", "    def __radd__(self, o): return 'M.radd'", "class S(M, N):", "    pass", "print(N(1) + S(2), S(1) + N(2))")],
  ];
  for (const [name, source] of cases) {
    it(name, () => {
      const want = cpython(source);
      const got = memsim(source);
      expect(got).toEqual({ stdout: want.stdout, last: want.last, exitCode: want.exitCode });
    });
  }
});

describe("special methods memsim refuses", () => {
  it("iteration through __getitem__ alone stops with 'not supported yet' where CPython iterates", () => {
    const source = lines("class A:", "    def __getitem__(self, k): return [5, 6][k]", "print(A()[1])", "for x in A():", "    print(x)");
    expect(cpython(source)).toMatchObject({ stdout: "6\n5\n6\n", exitCode: 0 });
    expect(memsim(source)).toEqual({ stdout: "6\n", last: "memsim: line 4: iterating over a class with __getitem__ and no __iter__ is not supported yet", exitCode: 2 });
  });
  it("__next__, __format__ and __getattr__ are refused before the run", () => {
    for (const name of ["__next__", "__format__", "__getattr__"]) {
      const source = lines("class A:", `    def ${name}(self): return 1`, "print('ran')");
      expect(memsim(source)).toEqual({ stdout: "", last: `memsim: line 2: the special method ${name} is not supported yet`, exitCode: 2 });
    }
  });
});
