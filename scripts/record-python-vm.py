#!/usr/bin/env python3
"""Record the interpreter fixtures (tests/fixtures/python-vm/cases.json).

Each case's source is compiled by CPython 3.11 itself and converted to memsim's
module image (docs/python.md: 32-bit units opcode | oparg << 8, absolute jump
targets, no RESUME/PRECALL/CACHE/EXTENDED_ARG), then run under CPython for the
expected stdout and, when it raises, the last traceback line. So the core's
eval loop is tested on CPython's own bytecode, without memsim's front end.
Also records float reprs. Run with python3.11: python3 scripts/record-python-vm.py
"""
import base64, contextlib, dis, io, json, math, os, struct, sys, types

assert sys.version_info[:2] == (3, 11), "record with CPython 3.11"

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "python-vm", "cases.json")
SKIP = {"RESUME", "PRECALL", "CACHE", "EXTENDED_ARG"}

def s(b):
    b = b.encode("utf-8", "surrogatepass")
    return struct.pack("<I", len(b)) + b

class Image:
    def __init__(self):
        self.records = []
        self.index = {}

    def const(self, c):
        if c is None: return b"\x00"
        if c is False: return b"\x01"
        if c is True: return b"\x02"
        if c is Ellipsis: return b"\x03"
        if isinstance(c, int):
            neg, m, digits = c < 0, abs(c), []
            while m:
                digits.append(m & ((1 << 30) - 1)); m >>= 30
            return b"\x04" + bytes([1 if neg else 0]) + struct.pack("<I", len(digits)) + b"".join(struct.pack("<I", d) for d in digits)
        if isinstance(c, float): return b"\x05" + struct.pack("<d", c)
        if isinstance(c, str): return b"\x06" + s(c)
        if isinstance(c, bytes): return b"\x07" + struct.pack("<I", len(c)) + c
        if isinstance(c, tuple): return b"\x08" + struct.pack("<I", len(c)) + b"".join(self.const(x) for x in c)
        if isinstance(c, types.CodeType): return b"\x09" + struct.pack("<I", self.add(c))
        raise ValueError(f"constant {c!r} has no image form")

    def add(self, code):
        if id(code) in self.index: return self.index[id(code)]
        consts = b"".join(self.const(c) for c in code.co_consts)  # nested code first
        instrs = [i for i in dis.get_instructions(code) if i.opname not in SKIP]
        where = {i.offset: n for n, i in enumerate(instrs)}
        offsets = sorted(where)
        def target(off):
            for o in offsets:
                if o >= off: return where[o]
            return len(instrs)
        words, lines, line = [], [], code.co_firstlineno
        for i in instrs:
            arg = i.arg or 0
            if i.opcode in dis.hasjrel or i.opcode in dis.hasjabs:
                arg = target(i.argval)
            if i.positions and i.positions.lineno: line = i.positions.lineno
            words.append(i.opcode | (arg << 8)); lines.append(line)
        rec = struct.pack("<5I", code.co_argcount, code.co_kwonlyargcount, code.co_flags & 0x13, code.co_firstlineno, code.co_stacksize)
        rec += s(code.co_name) + s(code.co_qualname)
        rec += struct.pack("<I", len(code.co_consts)) + consts
        for names in (code.co_names, code.co_varnames, code.co_cellvars, code.co_freevars):
            rec += struct.pack("<I", len(names)) + b"".join(s(n) for n in names)
        rec += struct.pack("<I", len(words)) + b"".join(struct.pack("<I", w) for w in words) + b"".join(struct.pack("<I", l) for l in lines)
        self.records.append(rec)
        self.index[id(code)] = len(self.records) - 1
        return len(self.records) - 1

def image(source, filename="case.py"):
    code = compile(source, filename, "exec")
    im = Image()
    im.add(code)
    return struct.pack("<II", 0x5950534D, 1) + s(filename) + struct.pack("<I", len(im.records)) + b"".join(im.records)

def run(source):
    out = io.StringIO()
    err = None
    g = {"__name__": "__main__"}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(source, "case.py", "exec"), g)
        except Exception as e:
            err = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return out.getvalue(), err

CASES = {}
def case(name, src):
    CASES[name] = src

case("arith", """
print(1 + 2, 7 - 10, 6 * 7, 7 / 2, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 2 ** 10, 2 ** -1)
print(1 << 40, (1 << 40) >> 3, -1 >> 5, 12 & 10, 12 | 3, 12 ^ 5, ~5, -(3), +4)
print(2 ** 100, -(2 ** 70), 3 ** 50 * 7 ** 20)
print(10 ** 30 // 7, 10 ** 30 % 7, -(10 ** 30) // 7, -(10 ** 30) % 7, (10 ** 30) // -(10 ** 12 + 3))
print(12345678901234567890 * 98765432109876543210)
print((1 << 100) & ((1 << 90) - 1), -(1 << 70) | 5, (-(1 << 70)) ^ (1 << 69), -(1 << 65) >> 3)
print(1.5 + 2, 3.0 * 2, 7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 2.0 ** 0.5, 1 / 3)
x = 10
x += 5; x -= 3; x *= 2; x //= 5; x **= 3; x %= 7
print(x, True + True, 3 * False)
""")
case("floats", """
for v in [0.1, 0.2, 0.1 + 0.2, 1.0, -0.0, 0.0, 1e16, 1e15, 123456789012345678.0, 1.5e-07, 0.0001, 0.00001,
          1e300 * 1e10, -1e300 * 1e10, 2.5, 1/3, 2/3, 5e-324, 1.7976931348623157e308, 3.14159, 100.0, 1e22, 1e23, 9007199254740993.0]:
    print(v, repr(v), str(v))
print(float('nan'), float('-inf'), float('1.25'), float(' 3 '), float(7))
print(f"{3.14159:.2f} {2.5:.0f} {3.5:.0f} {1234567.891:,.2f} {0.125:.2f} {-1.005:.2f} {0.5:%} {12:5d}|{'ab':>5}|{'ab':<5}|{'ab':^6}|{42:08.3f}")
""")
case("strings", """
s = 'hello'
t = "it's"
print(s, t, repr(s), repr(t), repr('a"b\\'c'), repr('tab\\there\\n'), repr('\\x00\\x7f\\xe9\\u20ac'))
print(s + ' world', s * 3, s[1], s[-1], s[1:3], s[::-1], s[::2], len(s), 'ell' in s, 'z' in s)
print(s.upper(), 'ABC'.lower(), '  x  '.strip(), 'a,b,c'.split(','), ' a  b '.split(), '-'.join(['x', 'y', 'z']))
print('abcabc'.replace('b', 'XY'), 'abc'.startswith('ab'), 'abc'.endswith('bc'), 'abcabc'.find('c'), 'abcabc'.count('bc'))
print('a' < 'b', 'abc' < 'abd', 'ab' < 'abc', 'b' > 'abc', 'x' == 'x', 'x' != 'y')
n = 42
print(f'n={n} r={n!r} s={s!r} {s:>8}|{n:x}|{n:#b}|{n:,}|{1234567:,}')
print(str(12), str(1.5), str(None), str(True), str([1, 'a']), int('123'), int(' -45 '), int(3.99), int(-3.99))
""")
case("containers", """
l = [3, 1, 2]
l.append(5)
l.insert(0, 9)
l.extend((7, 8))
print(l, len(l), l[0], l[-1], l[2:5], l[::-1], 5 in l, 4 in l)
l.sort()
print(l, l.pop(), l.pop(0), l.index(3), l.count(3), l)
l.reverse()
print(l, sorted([5, 2, 8, 1]), sorted(['b', 'a']), list(reversed([1, 2, 3])))
l[1] = 'x'
del l[0]
print(l, [1, 2] + [3], [0] * 3, [1, [2, [3]]], [])
t = (1, 'a', None, 2.5)
print(t, t[1:], (1,), (), len(t), t + (3,), t * 2, t.index('a'), t.count(1))
d = {'a': 1, 'b': 2}
d['c'] = 3
d['a'] = 10
del d['b']
print(d, d['a'], len(d), 'a' in d, 'b' in d, d.get('z'), d.get('z', 0), list(d.keys()), list(d.values()), list(d.items()))
print(d.pop('a'), d, d.setdefault('q', 7), d, {1: 'x', (1, 2): [3]}, {})
d.update({'z': 26})
print(d, dict(a=1, b=2), dict([(1, 2), (3, 4)]))
s = set([3, 1, 2])
s.add(4)
s.discard(1)
print(s, len(s), 2 in s, 9 in s, set(), {1, 2} | {3}, {1, 2} & {2, 3}, {1, 2} - {2}, set([1, 1, 2]))
print([1, 2] == [1, 2], (1, 2) < (1, 3), [1, 2] < [1, 2, 0], {1: 2} == {1: 2}, {1} == {1}, {1} <= {1, 2})
a, b = 1, 2
a, b = b, a
x, y, z = [10, 20, 30]
print(a, b, x, y, z)
""")
case("loops", """
total = 0
for i in range(10):
    if i % 2 == 0:
        continue
    if i > 7:
        break
    total += i
print(total)
n = 0
while n < 5:
    n += 1
print(n, list(range(5)), list(range(2, 10, 3)), list(range(10, 0, -3)), range(5), range(1, 9, 2))
for k in {'x': 1, 'y': 2}:
    print(k, end=' ')
print()
for ch in 'abc':
    print(ch, end='-')
print()
for i, v in enumerate(['a', 'b'], 1):
    print(i, v)
for p, q in zip([1, 2, 3], 'xy'):
    print(p, q)
print(sum([1, 2, 3]), sum(range(101)), sum([0.5, 0.25]), min(3, 1, 2), max([4, 9, 2]), min('bca'), abs(-5), abs(-2.5))
print([x * x for x in range(6) if x % 2], {x: x * 2 for x in range(3)}, {x % 3 for x in range(10)})
print(any([0, 0, 1]), all([1, 1, 0]), divmod(17, 5), divmod(-17, 5), round(2.5), round(3.5), round(2.675, 2), chr(65), ord('a'))
print(1 if 2 > 1 else 0, 0 or 'x', 1 and 'y', not 0, 1 < 2 < 3, 3 > 2 > 5)
""")
case("functions", """
def add(a, b=10, c=100):
    return a + b + c

print(add(1), add(1, 2), add(1, 2, 3), add(1, c=5), add(b=1, a=2))

def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

print(fact(10), fact(30))

def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

print([fib(i) for i in range(15)], fib(100))
sq = lambda x: x * x
print(sq(7), (lambda: 'k')())
counter = 0
def bump():
    global counter
    counter += 1
bump(); bump()
print(counter, add.__name__)
""")
case("classes", """
class Point:
    scale = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def scaled(self, k=None):
        if k is None:
            k = self.scale
        return Point(self.x * k, self.y * k)

p = Point(3, 4)
q = p.scaled()
print(p.x, p.y, p.norm2(), q.x, q.y, Point.scale, p.scale, q.scaled(10).norm2())
p.x = 10
print(p.x, p.norm2(), isinstance(p, Point), isinstance(3, int), isinstance(True, int), isinstance('s', (int, str)))

class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return self.name + ' makes a sound'
    def kind(self):
        return 'animal'

class Dog(Animal):
    def speak(self):
        return self.name + ' barks'

d = Dog('rex')
print(d.speak(), d.kind(), isinstance(d, Animal), isinstance(d, Dog), type(3), type('s'), type([]), type(None), type(1.5), type(d) is Dog)
m = d.speak
print(m())
class Empty:
    pass
e = Empty()
e.v = 5
print(e.v, type(Empty) is type)
""")
case("refcounts", """
import sys
x = []
print(sys.getrefcount(x))
y = x
print(sys.getrefcount(x))
del y
print(sys.getrefcount(x))
l = [x, x]
print(sys.getrefcount(x))
print(sys.getsizeof(1), sys.getsizeof(2 ** 40), sys.getsizeof(1.5), sys.getsizeof(''), sys.getsizeof('abc'), sys.getsizeof([]), sys.getsizeof(()), sys.getsizeof((1, 2)), sys.getsizeof({}), sys.getsizeof(set()))
class C:
    pass
c = C()
print(sys.getrefcount(c), sys.getsizeof(c))
import gc
print(gc.collect() >= 0)
""")
case("bigprint", """
for i in range(3000):
    print('line', i, 'x' * 20)
""")
for name, src in [
    ("err_name", "print(1)\nprint(undefined_name)\n"),
    ("err_zero", "def f(a):\n    return a // 0\nprint('before')\nf(1)\n"),
    ("err_zero_float", "x = 1.0 / 0\n"),
    ("err_index", "l = [1, 2]\nprint(l[5])\n"),
    ("err_key", "d = {'a': 1}\nprint(d['b'])\n"),
    ("err_type_add", "print(1 + 'a')\n"),
    ("err_type_concat", "print('a' + 1)\n"),
    ("err_subscript", "x = 5\nx[0]\n"),
    ("err_attr", "class C:\n    pass\nC().missing\n"),
    ("err_attr_builtin", "[].nope\n"),
    ("err_value", "int('12x')\n"),
    ("err_unpack", "a, b = [1, 2, 3]\n"),
    ("err_args", "def f(a, b):\n    pass\nf(1)\n"),
    ("err_args2", "def f(a):\n    pass\nf(1, 2)\n"),
    ("err_kw", "def f(a):\n    pass\nf(b=2)\n"),
    ("err_recursion", "def r(n):\n    return r(n + 1)\nr(0)\n"),
    ("err_compare", "print(1 < 'a')\n"),
    ("err_unbound", "def f():\n    print(v)\n    v = 1\nf()\n"),
    ("err_hash", "d = {}\nd[[1]] = 2\n"),
    ("err_call", "x = 3\nx()\n"),
    ("err_pop", "[].pop()\n"),
    ("err_bigstr", "print(10 ** 5000)\n"),
]:
    case(name, src)

def main():
    cases = []
    for name, src in CASES.items():
        out, err = run(src)
        cases.append({"name": name, "source": src, "image": base64.b64encode(image(src)).decode(), "stdout": out, "error": err})
    floats = [0.1, 0.2, 0.30000000000000004, 1e16, 1.5e-07, 1e-05, 0.0001, 123.456, 1e22, 1e23, 5e-324, 2.2250738585072014e-308,
              1.7976931348623157e308, 9007199254740993.0, 0.3, 2 / 3, 1e100, 1.2345678901234567e-200, 4.35, 8.41, 0.07, 1e21, 1e-7, 123456789.0]
    import random
    rnd = random.Random(5)
    for _ in range(300):
        floats.append(struct.unpack("<d", struct.pack("<Q", rnd.getrandbits(64)))[0])
    for _ in range(200):
        floats.append(rnd.uniform(-1000, 1000))
    floats = [f for f in floats if math.isfinite(f)]
    reprs = [[struct.pack("<d", f).hex(), repr(f)] for f in floats]
    with open(OUT, "w") as fh:
        json.dump({"python": sys.version.split()[0], "cases": cases, "floatReprs": reprs}, fh, indent=1)
        fh.write("\n")
    print(f"{len(cases)} cases, {len(reprs)} float reprs -> {OUT}")

if __name__ == "__main__":
    main()
