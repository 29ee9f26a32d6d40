#!/usr/bin/env python3
"""Record CPython 3.11's view of the Python front end's test corpus.

Writes tests/fixtures/python-frontend/{valid,invalid,unsupported}.json, which
tests/python-frontend.test.ts compares against host/python/ (so CI needs no
Python). Run with CPython 3.11:  python3 scripts/record-python-frontend.py

- valid: ast.dump(ast.parse(src)) and, recursively for every code object,
  the instructions (RESUME, PRECALL, CACHE and EXTENDED_ARG removed; jump
  targets as indices into the filtered list) and the rest of their
  co_positions() (end line, start and end column), co_consts, co_names,
  co_varnames, co_cellvars, co_freevars, co_stacksize, co_flags, the line
  of each instruction and the exception table (dis._parse_exception_table:
  start, end, target as indices into the filtered list, the start and end
  of a range rounded up to the first instruction kept; depth; lasti).
- invalid: the SyntaxError's msg, lineno, offset, end_lineno, end_offset and
  type from compile(), and what `python3 x.py` prints on stderr.
- unsupported: valid Python that memsim refuses; the expected construct name
  and line are part of the corpus (memsim's own message), CPython only
  confirms the snippet is valid and gives its AST.
"""
import ast
import dis
import glob
import json
import os
import subprocess
import sys
import tempfile
import types

assert sys.version_info[:2] == (3, 11), "record with CPython 3.11"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "python-frontend")

VALID = [
    # literals and names
    "x = 1\ny = x\n",
    "a = 1; b = 2.5; c = 'str'; d = b'by'; e = None; f = True; g = False\n",
    "x = 123456789012345678901234567890\ny = -123456789012345678901234567890\n",
    "x = 0x1F + 0o17 + 0b101 + 1_000_000\n",
    "x = 1.5e10; y = 1e-7; z = .5; w = 5.; v = 1e16; u = 1.0e300\n",
    "s = 'a\\tb\\nc\\\\d\\'e\\x41\\u00e9\\U0001F600\\101'\n",
    "s = r'raw\\n' + \"dq\" + '''tri\nple''' + \"\"\"x\"\"\"\n",
    "s = 'abc' 'def'\nb = b'\\x00\\xff' b'z'\n",
    "x = ...\n",
    "x = u'unicode'\n",
    # displays
    "t = (1, 2, 3)\nl = [1, 2, 3]\nd = {'a': 1, 'b': 2}\ns = {1, 2}\n",
    "a = 1\nt = (a, 2)\nl = [a, 2]\nd = {a: 1}\ns = {a}\n",
    "a = 1\nd = {'x': a, 'y': 2}\ne = {}\nf = []\ng = ()\n",
    "t = (1,)\nu = ((1, 2), (3, (4, 5)))\n",
    "a = 1\nl = [a, a, a, a]\nm = [1, 2]\nn = [1, 2, 3, 4]\n",
    "big = [i for i in range(3)] + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32]\n",
    # operators and folding
    "x = 1 + 2 * 3 - 4 / 5 // 6 % 7 ** 2\n",
    "a = 3\nb = a + 1 - a * 2 / a // 3 % 4 ** a << 1 >> 2 & 3 | 4 ^ 5\n",
    "x = -1\ny = +2\nz = ~3\nw = not 4\nv = -(-5)\n",
    "a = 2\nx = -a\ny = +a\nz = ~a\nw = not a\n",
    "x = 2 ** 10\ny = 2 ** 200\nz = 'ab' * 3\nw = 10 // 3, 10 % 3, -7 // 2, -7 % 2\n",
    "x = 1 / 2\ny = 7.5 // 2\nz = 2 ** -1\nw = 1 << 10\n",
    "x = (1, 2) + (3,)\ny = 'a' + 'b'\n",
    "a = 1\nb = 2\nx = a < b\ny = a == b != a\nz = a is None\nw = a is not None\nv = a in [1, 2]\nu = a not in (1, 2)\n",
    "a = 1\nb = 2\nc = 3\nx = a < b < c\ny = a <= b >= c > a\n",
    "a = 1\nb = 0\nx = a and b\ny = a or b\nz = a and b or a\nw = a or b or a and b\n",
    "a = 1\nx = 'yes' if a else 'no'\n",
    "a = 1\nb = 2\nx = not a == b\ny = not a is b\nz = not a in b\n",
    # subscripts and attributes
    "l = [1, 2, 3]\nx = l[0]\ny = l[1:2]\nz = l[::2]\nw = l[:-1]\nl[0] = 5\ndel l[1]\nv = l[1:2:3]\n",
    "d = {}\nd['a'] = 1\nd['a'] += 2\nx = d['a']\ndel d['a']\n",
    "class C: pass\nc = C()\nc.x = 1\nc.x += 1\ny = c.x\ndel c.x\n",
    "l = [[1, 2], [3, 4]]\nx = l[0][1]\nl[0][1] = 9\n",
    "x = 'abc'[1]\ny = (1, 2)[0]\n",
    # assignment forms
    "a = b = c = 1\n",
    "a, b = 1, 2\na, b = b, a\n",
    "a, b, c = 1, 2, 3\na, b, c = c, b, a\n",
    "l = [1, 2]\n[a, b] = l\n(c, d) = l\na, (b, c) = 1, (2, 3)\n",
    "x = 1\nx += 1\nx -= 1\nx *= 2\nx /= 2\nx //= 2\nx %= 2\nx **= 2\nx <<= 1\nx >>= 1\nx &= 1\nx |= 1\nx ^= 1\n",
    "a = 1\ndel a\n",
    # control flow
    "x = 1\nif x:\n    y = 1\n",
    "x = 1\nif x:\n    y = 1\nelse:\n    y = 2\n",
    "x = 1\nif x > 1:\n    y = 1\nelif x < 0:\n    y = 2\nelif x == 0:\n    y = 3\nelse:\n    y = 4\n",
    "x = 1\nif x and x > 0:\n    pass\nif x or not x:\n    pass\n",
    "x = 1\nif not x:\n    y = 2\n",
    "x = 3\nwhile x > 0:\n    x -= 1\n",
    "while True:\n    break\n",
    "x = 0\nwhile x < 10:\n    x += 1\n    if x == 5:\n        continue\n    if x == 8:\n        break\n",
    "for i in range(10):\n    pass\n",
    "t = 0\nfor i in [1, 2, 3]:\n    t += i\n",
    "for k, v in {'a': 1}.items():\n    print(k, v)\n",
    "for c in 'abc':\n    if c == 'b':\n        break\n    print(c)\n",
    "for i in range(3):\n    for j in range(3):\n        if j == 1:\n            continue\n        print(i, j)\n",
    "x = 1\nif x is None:\n    pass\nif x is not None:\n    pass\n",
    "a = 1\nb = 2\nif a < b < 3:\n    print(a)\n",
    "a = 1\nwhile a < 10 and a != 5:\n    a += 2\n",
    "if 0:\n    print('never')\nif 1:\n    print('always')\n",
    "x = 1\ny = 2 if x else 3 if x > 1 else 4\n",
    # calls
    "print('hello')\n",
    "print(1, 2, sep='-', end='\\n')\n",
    "x = len([1, 2, 3])\ny = sorted([3, 1], reverse=True)\n",
    "l = []\nl.append(1)\nl.extend([2, 3])\nx = l.pop()\n",
    "s = 'a,b'\nparts = s.split(',')\nj = '-'.join(parts)\n",
    "d = {'a': 1}\nv = d.get('a', 0)\nfor k in d.keys():\n    pass\n",
    "print(max(1, 2), min([3, 4]), abs(-5), sum([1, 2]))\n",
    "x = isinstance(1, int)\ny = type(1)\nz = repr('a')\n",
    "print(\n    1,\n    2,\n)\n",
    # functions
    "def f():\n    pass\n",
    "def f(a, b):\n    return a + b\nprint(f(1, 2))\n",
    "def f(a, b=2, c=3):\n    return a * b * c\nx = f(1)\ny = f(1, c=5)\n",
    "def f():\n    return\ndef g():\n    return 1\ndef h():\n    return None\n",
    "def f(x):\n    if x:\n        return 1\n    return 2\n",
    "def f(x):\n    '''doc'''\n    return x\n",
    "def f(n):\n    if n < 2:\n        return n\n    return f(n - 1) + f(n - 2)\nprint(f(10))\n",
    "g = 1\ndef f():\n    global g\n    g = 2\n    return g\n",
    "def f(l):\n    for x in l:\n        if x:\n            return x\n    return None\n",
    "def f(a, b):\n    a, b = b, a\n    return a, b\n",
    "def f(a, b, c):\n    a, b, c = c, b, a\n    return a\n",
    "def f():\n    x = 1\n    def g():\n        return x\n    return g\n",
    "def f(x):\n    def g(y):\n        return x + y\n    return g\n",
    "def f():\n    x = 1\n    g = lambda: x\n    x = 2\n    return g\n",
    "def outer():\n    a = 1\n    def mid():\n        def inner():\n            return a\n        return inner\n    return mid\n",
    "def f(x):\n    x += 1\n    del x\n",
    "def f():\n    l = []\n    for i in range(3):\n        l.append(i)\n    return l\n",
    "def f(a):\n    while a:\n        a -= 1\n        if a == 3:\n            break\n    return a\n",
    "def f():\n    print(len('x'))\n    return len\n",
    # lambda
    "f = lambda x: x * 2\ng = lambda: 0\nh = lambda a, b=1: a + b\n",
    "def f(k):\n    return sorted([3, 1, 2], key=lambda x: -x * k)\n",
    # comprehensions
    "l = [x * 2 for x in range(5)]\n",
    "l = [x for x in range(10) if x % 2 if x > 3]\n",
    "s = {x for x in 'hello'}\nd = {k: v for k, v in [(1, 2)]}\n",
    "l = [(x, y) for x in range(3) for y in range(x)]\n",
    "g = (x for x in range(3))\nt = sum(x * x for x in range(4))\n",
    "def f(n):\n    return [i * n for i in range(n)]\n",
    "l = [y for x in [[1], [2]] for y in x]\nm = [x for x in [1, 2, 3]]\n",
    # classes
    "class A:\n    pass\n",
    "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n    def dist(self):\n        return self.x * self.x + self.y * self.y\np = Point(1, 2)\nprint(p.dist())\n",
    "class A:\n    '''doc'''\n    n = 0\n    def inc(self):\n        A.n += 1\n        return A.n\n",
    "class B(object):\n    x = [1, 2]\n    y = x[0]\n",
    "class C:\n    def __repr__(self):\n        return 'C()'\n    def __eq__(self, other):\n        return True\n",
    # f-strings
    "x = 1\ns = f'x={x}'\n",
    "x = 1.5\ns = f'{x!r} {x:.2f} {x:>10} end'\n",
    "x = 'a'\ns = f'{x}'\nt = f''\nu = f'plain'\nv = f'{{literal}}'\n",
    "x = 3\ns = f'{x=}'\nt = 'pre' f'{x}' 'post'\n",
    # imports and globals
    "import sys\nimport gc\nprint(sys.getsizeof(1))\ngc.collect()\n",
    "import sys as s\nx = s.getrefcount(1)\n",
    "from math import sqrt, pi as P\nimport math\nx = sqrt(P) + math.e\n",
    "from sys import getsizeof as g, maxsize\nfrom gc import collect\ndef f():\n    from math import floor, ceil as c\n    from sys import getrefcount\n    return floor(2.5) + c(1.5)\n",
    "def f():\n    global sqrt\n    from math import sqrt\ndef g():\n    from math import pi\n    def h():\n        return pi\n    return h\nclass C:\n    from math import tau\n",
    "x = 1\nglobal y\n",
    # misc statements
    "pass\n",
    "'''module doc'''\nx = 1\n",
    "x = 1\n'just a string'\n42\n",
    "x = [1, 2, 3]\nprint(x[-1], x[1:], x[:1], x[::-1])\n",
    "a = b = 0\nwhile a < 3:\n    a += 1\n    b += a\nprint(a, b)\n",
    "for i in range(3):\n    pass\nelse_ = 1\n",
    "def f(x):\n    return x if x else -x\n",
    "def f(d, k):\n    d[k] += 1\n    d[k] -= 1\n",
    "def f(o):\n    o.a += 1\n    return o.a\n",
    "def f():\n    return 1, 2\n",
    "x = (1 +\n     2)\ny = [\n  1,\n  2]\n",
    "x = 1 \\\n    + 2\n",
    "def f(a):\n    return not a\n",
    "def f(a, b):\n    return a and b or not a\n",
    "def f(a, b):\n    if a < b < 10:\n        return 1\n    return a < b < 10\n",
    "x = {1: 'a', 2: 'b'}\ny = {'k': [1, 2], 'j': (3, 4)}\n",
    "x = [1, 2, 3]\nif 2 in x:\n    print('in')\nif 5 not in x:\n    print('not in')\n",
    "x = 5\nif x in (1, 2, 3):\n    pass\nif x in [4, 5]:\n    pass\n",
    "def f():\n    for i in range(3):\n        for j in range(3):\n            return i\n",
    "i = 0\nwhile i < 3:\n    i += 1\nelse_ = i\nprint(i)\n",
    "l = [1, 2]\nl[0], l[1] = l[1], l[0]\n",
    "def f(x):\n    y = x\n    def g():\n        return y\n    return [y for _ in range(2)], g\n",
    "def counter():\n    count = 0\n    def inc(n):\n        return count + n\n    return inc\n",
    "a = 5\nb = 2\nprint(a // b, a % b, a / b, a ** b, -a, a & b, a | b, a ^ b, a << b, a >> b)\n",
]

VALID += [
    # printf-style formatting of a tuple: %s, %r and %a become an f-string (ast_opt.c optimize_format)
    "a = 1\nb = 'x'\ns = '%s-%r' % (a, b)\nt = '%5s|%-3r|%.2a%%|%05s' % (a, b, a, b)\n",
    "a = 1\nu = '%d %s' % (a, a)\nv = '%s %s' % (a,)\nw = '%100s' % (a,)\nx = '%s' % a\ny = '%s' % (a, a)\nz = '100%' % (a,)\n",
    "a = 2\nprint('%s' % (a,), '%s%%' % (a,), '%% %s %%' % (a,), '%(k)s' % (a,))\n",
    # starred assignment targets (UNPACK_EX)
    "a, *b = [1, 2, 3]\n*c, d = 'xyz'\ne, *f, g = range(6)\n",
    "def f(xs):\n    for first, *rest in xs:\n        (p, *q), r = rest, first\n    return p, q, r\n",
    # *args and **kwargs parameters
    "def f(*args):\n    return args\n",
    "def f(**kw):\n    return kw\n",
    "def g(a, b=2, *rest, **opts):\n    return a, b, rest, opts\ng(1, 5, 6, x=1)\n",
    "h = lambda *a, **k: (a, k)\n",
    # * and ** in calls and displays (CALL_FUNCTION_EX, DICT_MERGE, LIST_EXTEND, DICT_UPDATE)
    "f(*[1, 2])\n",
    "f(**{})\n",
    "x = [*a]\n",
    "x = {**a}\n",
    "def f(*a, **k):\n    return a, k\nxs = [1]\nd = {'x': 1}\nf(*xs, z=3)\nf(0, *xs, 2, *xs)\nf(*xs, **d)\nf(a=1, **d, b=2, c=3)\nf(**d, **d)\n",
    "o = object()\no.m(*[1], k=2)\nprint(*'ab', sep='-')\n",
    "a = [1]\nb = {2}\nx = [*a, *b, 3]\ny = (*a, 4)\nz = {*a, 5}\nw = {'p': 1, **{'q': 2}, 'r': 3}\n",
    "d = {%s}\n" % ", ".join("%d: %d" % (i, i) for i in range(40)),
    "def f(*a):\n    return a\nf(%s)\n" % ", ".join(str(i) for i in range(40)),
    # keyword-only parameters (their defaults: a dict, MAKE_FUNCTION flag 2)
    "def f(a, *, b):\n    pass\n",
    "def f(a, *, key=None, reverse=False):\n    return a, key, reverse\nf(1, key=2)\n",
    "def h(a, b=1, *args, c, d=4, **kw):\n    return a, b, args, c, d, kw\n",
    "class C:\n    def m(self, *, __k=1):\n        return __k\n",
    "g = lambda *, k=3: k\n",
    # nonlocal
    "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n    g()\n    return x\n",
    "def f():\n    a = b = 0\n    def g():\n        def h():\n            nonlocal a, b\n            a += 1\n            return a + b\n        return h\n    return g\n",
    # assignment expressions
    "if (n := 10) > 5:\n    pass\n",
    "def f(xs):\n    i = 0\n    while (n := len(xs)) > i:\n        i += 1\n    return (total := n + i), total\n",
    "x = [(y := 1), y + 1]\nprint((z := 3) * z)\n",
    # loops with else
    "x = 1\nwhile x:\n    x = 0\nelse:\n    pass\n",
    "for i in range(3):\n    pass\nelse:\n    pass\n",
    "def f(xs):\n    for x in xs:\n        if x < 0:\n            break\n    else:\n        return 'none negative'\n    return x\n",
    "n = 0\nwhile n < 10:\n    n += 3\n    if n == 6:\n        continue\n    if n > 8:\n        break\nelse:\n    n = -1\nprint(n)\n",
    "for a in range(3):\n    for b in range(3):\n        if a == b == 1:\n            break\n    else:\n        continue\n    break\n",
    # generator functions
    "def g():\n    yield 1\n",
    "def g():\n    x = yield\n    return x\n",
    "def g(n, step=2):\n    while n > 0:\n        yield n\n        n -= step\n    return 'done'\n",
    "def g(xs):\n    for x in xs:\n        if x:\n            yield x, (yield)\n",
]

VALID += [
    # more control flow, closures, line numbers
    "def f(x):\n    if x > 0:\n        return 'pos'\n    elif x < 0:\n        return 'neg'\n    else:\n        return 'zero'\n",
    "def f(n):\n    total = 0\n    i = 0\n    while i < n and total < 100 or i == 0:\n        total += i\n        i += 1\n    return total\n",
    "def f(a, b, c):\n    while a < b < c:\n        a += 1\n    return a\n",
    "def f(x):\n    if not (x and not x):\n        return 1\n",
    "def f(l):\n    for i, x in enumerate(l):\n        if x is None:\n            continue\n        if x > 10:\n            break\n        print(i, x)\n",
    "def f(l):\n    i = 0\n    for x in l:\n        while i < x:\n            i += 1\n            if i == 7:\n                return i\n    return -1\n",
    "g = 0\ndef f():\n    global g\n    g += 1\n    del g\n",
    "def f():\n    x = 0\n    def g():\n        return x + 1\n    x += 1\n    del g\n    return x\n",
    "class K:\n    v = 1\n    l = [v for _ in range(2)]\n    def m(self):\n        return [self for _ in range(2)]\n",
    "class K:\n    def __init__(self):\n        self.__p = 1\n    def get(self):\n        return self.__p\n",
    "def f():\n    d = {}\n    d.setdefault('a', []).append(1)\n    return d.get('a', None)\n",
    "x = [1, 2, 3]\ny = x.index(2, 0, 3)\nz = '{} {}'.format(1, 2)\nw = ', '.join(str(i) for i in x)\n",
    "result = max(\n    1,\n    2,\n    key=lambda v: -v,\n)\n",
    "s = 'abc'\nt = s.upper(\n).lower()\nu = (s\n     .strip()\n     .split())\n",
    "d = {'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6, 'g': 7, 'h': 8, 'i': 9, 'j': 10, 'k': 11, 'l': 12, 'm': 13, 'n': 14, 'o': 15, 'p': 16, 'q': 17}\n",
    "for a, (b, c) in [(1, (2, 3))]:\n    print(a, b, c)\n",
    "m = [[i * j for j in range(3) if j] for i in range(3) if i % 2 == 0]\n",
    "d = {k: [v] * 2 for k, v in zip('ab', range(2)) if v >= 0}\n",
    "fs = [lambda x, i=i: x + i for i in range(3)]\n",
    "def make(n):\n    return lambda x: x * n\n",
    "def f(x):\n    g = (y * x for y in range(3))\n    return list(g)\n",
    "x = 3\nprint(f'{x!s:>4}|{x!a}|{x + 1}|{x:04d}')\n",
    "x = 2 ** 100\ny = 2 ** 64\nz = 1 << 200\nw = 10 ** 20\nv = -2 ** 2\nu = (-2) ** 2\n",
    "x = 'x' * 5000\ny = (1,) * 300\nz = b'ab' * 3\nw = 7 % 3, 7.5 % 2, -7.5 // 2, 1 / 3\n",
    "x = not not 1\ny = ~True\nz = -True\nw = 3 - -3\nv = 'abc'[-1]\nu = (1, 2, 3)[1]\n",
    "while 1:\n    print('x')\n    break\nif True:\n    a = 1\nelse:\n    a = 2\n",
    "x = y = []\nx.append(1)\n",
    "def f(a, i, j):\n    a[i], a[j] = a[j], a[i]\n",
    "def f():\n    \"only a docstring\"\n",
    "",
    "# just a comment\n",
    "x = 1  # trailing\n\n\n# comment\ny = 2\n",
    "def f():\n    x = 1\n    return x\n    print('dead')\n",
    "def f(x):\n    if x:\n        pass\n    else:\n        return 2\n",
    "def f(x, a, b, c):\n    return x[1:2], x[::], x[:], x[1:], x[::-1], x[a:b:c] if x else None\n",
    "def f(s):\n    n = 0\n    for ch in s:\n        if ch in 'aeiou':\n            n += 1\n        elif ch == ' ' or ch == '\\t':\n            continue\n    return n\n",
    "import sys\nclass Node:\n    def __init__(self, v, nxt=None):\n        self.v = v\n        self.nxt = nxt\nhead = None\nfor i in range(5):\n    head = Node(i, head)\nprint(sys.getsizeof(head), sys.getrefcount(head))\n",
    "def fib():\n    a, b = 0, 1\n    res = []\n    while len(res) < 10:\n        res.append(a)\n        a, b = b, a + b\n    return res\n",
    "x = 5\ny = x if x > 3 and x < 10 else 0\nz = x > 3 or x < 0\n",
    "x = 1\nif x == 1 or x == 2 and x != 3:\n    print(x)\nelif not x:\n    pass\n",
    "def outer():\n    v = []\n    class Inner:\n        def get(self):\n            return v\n    return Inner\n",
    "def f(a):\n    def g():\n        return a\n    a = a + 1\n    return g\n",
    "def f(a, b=None):\n    if b is None:\n        b = []\n    b.append(a)\n    return b\n",
    "def f(x):\n    return x is not None and x.y is None\n",
    "items = [3, 1, 2]\nitems.sort(key=lambda v: v, reverse=True)\nprint(sorted(items))\n",
    "a = [1, 2, 3]\na[1:2] = [5, 6]\ndel a[::2]\nb = a[:]\n",
    "x = 1; y = 2; x, y = y, x\nprint(x, y)\n",
    "t = 1, 2\na = t[0],\nb = ()\nc = (t,)\n",
    "n = 10\nwhile n:\n    n -= 1\n    if n % 2:\n        continue\n    print(n)\n",
    "class A:\n    x = 1\n    def f(self):\n        return A.x\nclass B(A):\n    def f(self):\n        return A.f(self) + 1\nprint(B().f())\n",
    "x = 1\ny = -x ** 2\nz = (not x) + 1\nw = x < 2 == True\n",
    "x = [i for i in range(3)]\ndel x[0], x[0]\n",
    "x = 3\ns = {1, x}\nt = {1, 2}\n",
    "s = {1, 2, 3}\nx = 2 in {1, 2, 3}\nfor v in {4, 5, 6}:\n    pass\n",
    "class A:\n    def __init__(self):\n        super().__init__()\n        self.x = 1\nclass B(A):\n    def __init__(self, y):\n        super().__init__()\n        self.y = y\n    def f(self):\n        return __class__\nprint(B(2).y)\n",
    "def outer():\n    class C:\n        def m(self):\n            return super().m\n    return C\n",
    "x = 1\nclass A:\n    y = x\n    def g(self):\n        return lambda: self\n",
    "def f(x):\n    return [[y for y in range(x)] for _ in range(2)]\n",
    "def f(a, b):\n    return (a or b) and not (a and b)\n",
    "def f(n):\n    s = 0\n    for i in range(n):\n        if i % 3 == 0 or i % 5 == 0:\n            s += i\n    return s\nprint(f(1000))\n",
    "x = [1, 2]\ny = x[0] if len(x) > 1 else x[-1] if x else None\n",
    "l = list(range(10))\nevens = [v for v in l if not v % 2]\nprint(sum(evens), len(l) - len(evens))\n",
    "d = dict(a=1, b=2)\nfor k in sorted(d):\n    d[k] *= 10\nprint(d)\n",
    "s = ''\nfor i in range(3):\n    s += str(i) + ','\nprint(s[:-1])\n",
    "def g(a, b):\n    a, a = b, a\n    return a\n",
    "x = 1\nwhile [y for y in range(x)]:\n    x = (lambda: 0)()\n",
    "f = lambda a: (lambda x: a + x)\n",
    "a = b = c = 1\ndel [a, b]\ndel c,\nx = [[1], 2]\n[[p], q] = x\n(r, s), t = (1, 2), 3\n",
    "def f():\n    x = 1\n    class C:\n        y = x\n        def m(self):\n            return x\n    del x\n    return C\n",
    "class A:\n    __x = 1\n    def __m(self):\n        return self.__x + A.__x\n    print(__x)\n",
    "x = 1\r\ny = 2\r\n",
]

VALID += [
    # try statements (SETUP_FINALLY / SETUP_CLEANUP, PUSH_EXC_INFO, POP_EXCEPT, RERAISE and the exception table)
    "try:\n    x = 1\nexcept:\n    x = 2\n",
    "try:\n    x = int('a')\nexcept ValueError:\n    x = 0\n",
    "try:\n    x = 1 / 0\nexcept (ZeroDivisionError, TypeError):\n    x = None\n",
    "try:\n    x = 1\nexcept Exception as e:\n    print(e)\n",
    "try:\n    f()\nexcept KeyError as k:\n    pass\nexcept (IndexError, TypeError):\n    g()\nexcept Exception as e:\n    print(e)\nexcept:\n    raise\n",
    "try:\n    x = 1\nexcept ValueError:\n    x = 2\nelse:\n    x = 3\n",
    "try:\n    x = 1\nfinally:\n    print('done')\n",
    "try:\n    x = 1\nexcept ValueError as e:\n    x = e\nfinally:\n    print(x)\n",
    "try:\n    x = 1\nexcept (ValueError, TypeError) as err:\n    print(err)\nexcept Exception:\n    raise\nelse:\n    print(x)\nfinally:\n    print('done')\n",
    "try:\n    pass\nexcept:\n    pass\n",
    "try:\n    pass\nfinally:\n    pass\n",
    "try:\n    if a:\n        b()\nexcept E:\n    pass\n",
    "try:\n    a\nexcept E as e:\n    del e\n",
    # nesting: a try in a try body, in a handler, in a finally body
    "try:\n    try:\n        a()\n    except KeyError:\n        b()\nexcept Exception as e:\n    c(e)\n",
    "try:\n    a()\nexcept E as e:\n    try:\n        b()\n    except E as e:\n        c(e)\n    d()\n",
    "try:\n    a()\nexcept E:\n    try:\n        b()\n    except F as f:\n        raise G from f\n",
    "try:\n    try:\n        a\n    except E:\n        b\nfinally:\n    try:\n        c\n    except:\n        pass\n",
    "try:\n    a()\nfinally:\n    try:\n        b()\n    finally:\n        c()\n",
    # in loops: break, continue in the body, a handler (with and without `as`), the else, the finally body
    "for x in range(3):\n    try:\n        if x:\n            break\n        continue\n    except ValueError:\n        break\n",
    "x = 0\nwhile x < 3:\n    try:\n        x += 1\n    except:\n        break\nelse:\n    x = -1\n",
    "for i in x:\n    try:\n        pass\n    except E as e:\n        break\n",
    "for i in range(4):\n    try:\n        pass\n    except E as e:\n        continue\n    except F:\n        continue\n    else:\n        break\n",
    "while True:\n    try:\n        a()\n    finally:\n        break\n",
    "for i in range(3):\n    try:\n        a(i)\n    finally:\n        continue\n",
    "for i in range(3):\n    try:\n        if i:\n            break\n        continue\n    finally:\n        print(i)\n",
    "while True:\n    try:\n        a()\n    except E:\n        break\n",
    # in functions: return from the body, a handler, the else, the finally body; a value kept through a finally
    "def f():\n    try:\n        return 1\n    finally:\n        print(2)\n",
    "def f(x):\n    try:\n        return g(x)\n    finally:\n        print(2)\n",
    "def f():\n    try:\n        return 1\n    finally:\n        return 2\n",
    "def f():\n    try:\n        return g()\n    finally:\n        return h()\n",
    "def f():\n    try:\n        try:\n            return g()\n        finally:\n            h()\n    finally:\n        k()\n",
    "def f(a):\n    try:\n        a()\n    except E as e:\n        return e\n",
    "def f(a):\n    try:\n        a()\n    except E as e:\n        return 1\n    except:\n        return None\n",
    "def f(x):\n    try:\n        a = x\n    except:\n        a = 0\n    else:\n        return a\n    finally:\n        print('f')\n    return -a\n",
    "def f():\n    try:\n        a()\n    except E:\n        pass\n",
    "def f(x):\n    try:\n        return [i for i in x]\n    except TypeError:\n        return []\n",
    "def f(x):\n    for i in x:\n        try:\n            return i\n        except E as e:\n            return e\n        except:\n            break\n        else:\n            continue\n",
    "def f(x):\n    try:\n        for i in x:\n            return i\n    except:\n        return -1\n",
    "def f():\n    for x in y:\n        try:\n            pass\n        finally:\n            return x\n",
    "def f():\n    for x in y:\n        for z in x:\n            try:\n                return z\n            except:\n                return 0\n",
    "def f(x):\n    try:\n        pass\n    finally:\n        for i in x:\n            try:\n                return i\n            finally:\n                break\n",
    "def f(n):\n    while n:\n        try:\n            n -= 1\n            if n == 5:\n                return n\n        except E as e:\n            if e:\n                continue\n            return e\n    return 0\n",
    "def f(x):\n    while x:\n        try:\n            x -= 1\n        except E as e:\n            raise F from e\n        else:\n            if x == 2:\n                continue\n            break\n        finally:\n            print(x)\n",
    "def f():\n    try:\n        x = 1\n    finally:\n        x = 2\n    return x\n",
    # `as` names: a cell, a global, a class body's (STORE_NAME / DELETE_NAME)
    "def f():\n    try:\n        pass\n    except E as e:\n        def g():\n            return e\n        return g\n",
    "def f():\n    global e\n    try:\n        a()\n    except E as e:\n        pass\n",
    "class C:\n    try:\n        x = 1\n    except NameError as e:\n        y = e\n    finally:\n        z = 0\n",
    # generators
    "def g():\n    try:\n        yield 1\n    except E as e:\n        yield e\n    finally:\n        yield 3\n",
    "def g(xs):\n    for x in xs:\n        try:\n            yield x\n        finally:\n            return\n",
    # raise
    "raise\n",
    "raise ValueError\n",
    "raise ValueError('bad', 2)\n",
    "try:\n    a()\nexcept E as e:\n    raise F('x') from e\n",
    "try:\n    a()\nexcept E:\n    raise F from None\n",
    "def f(x):\n    if x < 0:\n        raise ValueError(x)\n    return x\n",
    "raise E\nx = 1\n",
    "def f():\n    raise E\n    return 1\n",
    # assert
    "x = 1\nassert x\n",
    "x = 1\nassert x > 0, 'x must be positive'\n",
    "def f(a):\n    assert a > 0, f'bad {a}'\n    assert a\n    assert not a\n    assert a and a, a\n    return a\n",
    "assert 0\nassert True\nassert False, 'no'\n",
    "x = 1\nassert (x, 2)\n",
    "for i in range(3):\n    assert i < 3, i\n",
]

VALID += [
    # zero-argument super() and __class__ (symtable.c: super counts as a use of __class__; the class makes an implicit cell)
    "class A:\n    def __init__(self, x):\n        self.x = x\nclass B(A):\n    def __init__(self, x, y):\n        super().__init__(x)\n        self.y = y\nb = B(1, 2)\nprint(b.x, b.y)\n",
    "class A:\n    def f(self):\n        return 'A.f'\nclass B(A):\n    def f(self):\n        return 'B.f ' + super().f()\n    def g(self):\n        return super().f()\nprint(B().f(), B().g())\n",
    "class A:\n    def m(self, k):\n        return k * 2\nclass B(A):\n    def m(self, k):\n        return super(B, self).m(k) + 1\nprint(B().m(3))\n",
    "class C:\n    def cls(self):\n        return __class__\n    def name(self):\n        return __class__.__name__\nprint(C().cls() is C, C().name())\n",
    "class A:\n    def f(self):\n        return 1\nclass B(A):\n    def f(self):\n        def inner(this):\n            return super().f() + 10\n        return inner(self)\n",
    "class A:\n    def f(self):\n        return 1\nclass B(A):\n    def f(self):\n        g = lambda s: super().f()\n        return g(self)\n",
    "class A:\n    def __init__(self):\n        self.v = []\n    def add(self, x):\n        self.v.append(x)\nclass B(A):\n    def __init__(self):\n        super().__init__()\n    def add(self, x):\n        super().add(x)\n        super().add(x)\nb = B()\nb.add(1)\nprint(b.v)\n",
    "def make(n):\n    class A:\n        def get(self):\n            return n\n    class B(A):\n        def get(self):\n            return super().get() + n\n        def twice(self):\n            return lambda: self.get() * 2\n    return B\nprint(make(3)().twice()())\n",
    "class A:\n    def who(self):\n        return ['A']\nclass B(A):\n    def who(self):\n        return ['B'] + super().who()\nclass C(B):\n    def who(self):\n        return ['C'] + super().who()\nclass D(C):\n    pass\nprint(D().who())\n",
    "class A:\n    def items(self):\n        yield 1\n        yield 2\nclass B(A):\n    def items(self):\n        for x in super().items():\n            yield x * 10\n        yield 3\nprint(list(B().items()))\n",
    "def outer(k):\n    class C:\n        y = k\n        def m(self):\n            return super().__repr__() if k else __class__\n    return C\n",
    "class Outer:\n    def f(self):\n        return 'Outer'\n    class Inner:\n        def f(self):\n            return super().__repr__()\n    def g(self):\n        return super().__repr__()\n",
    "class A:\n    def f(self):\n        return 1\nclass B(A):\n    def f(self):\n        return super().f() + 1\n    def g(self):\n        return self.f()\n    def h(self, x):\n        return [x for _ in range(2)]\nprint(B().g(), B().h(5))\n",
    "class A:\n    def m(self):\n        class B:\n            x = __class__\n            def g(self):\n                return super().g()\n        return B\n",
    "class A:\n    def m(self):\n        def deeper():\n            def deepest():\n                return __class__\n            return deepest\n        return deeper()()\nprint(A().m() is A)\n",
    "class A:\n    def f(self, xs):\n        return [super().__repr__ for x in xs]\n    def g(self):\n        x = 1\n        def h():\n            return x + len(super().__dir__())\n        return h\n",
    "class A:\n    def f(self):\n        return super\n    x = 1\n    __class__ = 2\n",
    "super().f()\nclass A:\n    super\n    y = __class__\n",
    "class A:\n    f = lambda self: super().__repr__()\n    g = [__class__ for _ in range(1)]\n",
    "class A:\n    def __init__(self, a, *args, k=1, **kw):\n        super().__init__()\n        self.a = a\n        def cb():\n            return a, k\n        self.cb = cb\nprint(A(1).cb())\n",
    "class A:\n    def __init__(self):\n        try:\n            super().__init__()\n        except TypeError as e:\n            print(e)\n        finally:\n            self.ok = True\n",
]

VALID += [
    # float ** folded with the core's pow (host/python/pow.ts), not JavaScript's, and CPython's float_pow special cases
    "x = 1.43 ** 3.474\ny = 2.766 ** 0.48\nz = 10 ** -3\nw = 2 ** 0.5\n",
    "a = 5.097 ** -0.151\nb = (-2.5) ** 3\nc = 0.5 ** 1074\nd = 2.0 ** -1075\ne = 1e300 ** 2\nf = 0.0 ** -1\ng = 0 ** -2\n",
    "u = (-3) ** -5\nv = 7 ** -300\nw = 1.0000001 ** 1e6\nt = (-1.5) ** -3.0\ns = 1.1 ** 0.5\n",
    "p = (-1.0) ** 1e400\nq = 1.0 ** (1e400 - 1e400)\nr = (-1e400) ** 3\ns = 0.5 ** -1e400\nt = (-0.0) ** 3\n",
    "def f():\n    return 1.1 ** 20.5, 3 ** -2.5, 2.5 ** 2, 9.0 ** -1\n",
]

VALID += [
    # decorators (compiler_decorators / compiler_apply_decorators): the expressions first, in order, the
    # function or class made, then CALL 0 per decorator, innermost first, each on its decorator's line;
    # co_firstlineno (and a class body's first instructions) on the first decorator's line
    'def deco(f):\n    return f\n@deco\ndef g(a, b=2):\n    return a + b\nprint(g(1))\n',
    'def d(x):\n    def w(f):\n        return f\n    return w\n@d(1)\n@d(\n    2)\n@d(3)\ndef g():\n    pass\n',
    '@a.b.c\n@xs[0]\n@(lambda f: f)\n@d if c else e\ndef f(x, *, k=1):\n    "doc"\n    return x\n',
    'def deco(c):\n    return c\n@deco\nclass A:\n    x = 1\n    def f(self):\n        return super().f()\n',
    "@d\nclass B(A):\n    'doc'\n    x = 1\n@d\n@e(2)\nclass C:\n    pass\n",
    'class A:\n    def d(f):\n        return f\n    @d\n    def m(self):\n        pass\n    @d\n    class Inner:\n        pass\n',
    'def outer(x):\n    @d\n    def inner():\n        return x\n    return inner\n',
    '@d\n\n\ndef gen(n):\n    yield n\n    yield n + 1\n',
    '@(x := d)\ndef f():\n    pass\n',
    "def trace(f):\n    def wrapper(*args, **kwargs):\n        print('call', f.__name__, args, kwargs)\n        return f(*args, **kwargs)\n    return wrapper\n@trace\ndef add(a, b=0):\n    return a + b\nprint(add(1, b=2))\n",
    'def memo(f):\n    cache = {}\n    def g(n):\n        if n not in cache:\n            cache[n] = f(n)\n        return cache[n]\n    return g\n@memo\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n',
    'def f():\n    @d\n    @e\n    def g():\n        return 1\n    @d\n    class K:\n        y = 2\n    return g, K\n',
    '@d(lambda: 1, *xs, k=2, **kw)\ndef f():\n    pass\n',
    'class A:\n    @d\n    def __call__(self, x):\n        return x\n    def __hash__(self):\n        return 1\n',
]

VALID += [
    # with statements (compiler_with): BEFORE_WITH, SETUP_WITH's handler (PUSH_EXC_INFO, WITH_EXCEPT_START,
    # POP_JUMP_FORWARD_IF_TRUE, RERAISE 2, the cleanup's COPY 3, POP_EXCEPT, RERAISE 1), the normal exit's
    # __exit__(None, None, None), and the unwinding of a return, break or continue through each item
    "with a:\n    pass\n",
    "with a: pass\n",
    "with a as x:\n    print(x)\n",
    "with a as x, b as y:\n    print(x, y)\n",
    "with (a as x,\n      b as y):\n    pass\n",
    "with (a, b):\n    pass\n",
    "with (a,):\n    pass\nwith (a, *b):\n    pass\nwith ():\n    pass\nwith (a, b) as c:\n    pass\nwith (a), (b):\n    pass\n",
    "with (x for x in y):\n    pass\nwith (a := b):\n    pass\nwith (a)[0] as c:\n    pass\n",
    "def g():\n    with (yield) as x:\n        pass\n",
    "with (\n    a as x,\n    b,\n    c as z,\n):\n    print(x, z)\n",
    "with a as (x, y):\n    pass\n",
    "with a as [x, *y]:\n    pass\n",
    "with a as x[0], b as o.attr:\n    pass\n",
    "with a:\n    with b as y:\n        f(y)\n",
    "with a(\n    1,\n    2\n) as x:\n    pass\n",
    "with a:\n    x = 1\nwith b:\n    y = 2\n",
    "with a:\n    raise E\n",
    "with (y := a) as x:\n    pass\n",
    "with a if b else c as x:\n    pass\n",
    "with a as x:\n    f = lambda: x\n",
    "def f():\n    with a as x:\n        return x\n",
    "def f():\n    with a:\n        return\n",
    "def f():\n    with a:\n        return 1\n",
    "def f():\n    with a:\n        return g()\n",
    "def f():\n    with a as x:\n        return x\n    return 2\n",
    "def f():\n    with a as x, b as y, c as z:\n        return x + y + z\n",
    "def f(x):\n    with x:\n        pass\n    with x:\n        pass\n",
    "def f():\n    with a:\n        while 1:\n            return 3\n",
    "def f():\n    with a, b, c, d:\n        return [x for x in e]\n",
    "def f():\n    with a as x:\n        def g():\n            return x\n    return g\n",
    "def f(cm, a):\n    for i in a:\n        with cm as (x, y), cm:\n            if x:\n                return g(x)\n            if y:\n                break\n            continue\n",
    "for i in x:\n    with a:\n        if i:\n            break\n        continue\n",
    "while x:\n    with a as b:\n        break\n",
    "def f():\n    for x in y:\n        with a:\n            with b:\n                continue\n",
    "def f():\n    try:\n        with a as b:\n            return b\n    finally:\n        g()\n",
    "def f():\n    with a:\n        try:\n            return g()\n        finally:\n            h()\n",
    "try:\n    with a:\n        raise E\nexcept E as e:\n    print(e)\n",
    "def f():\n    with a:\n        try:\n            g()\n        except E:\n            return 1\n",
    "try:\n    a()\nexcept E as e:\n    with b:\n        raise\n",
    "def f():\n    try:\n        pass\n    finally:\n        with a:\n            return 1\n",
    "def f():\n    for x in y:\n        try:\n            with a:\n                break\n        except E:\n            continue\n        finally:\n            with b:\n                pass\n",
    "def g():\n    with a as x:\n        yield x\n",
    "def g():\n    for i in a:\n        with b:\n            yield i\n            return\n",
    "class C:\n    with a as x:\n        y = x\n",
    "class M:\n    def __enter__(self):\n        return self\n    def __exit__(self, t, v, tb):\n        return t is not None\nwith M() as m:\n    print(m)\n",
]

VALID += [
    # yield from (compiler_add_yield_from: GET_YIELD_FROM_ITER, LOAD_CONST None, SEND, YIELD_VALUE, RESUME 2, JUMP_BACKWARD_NO_INTERRUPT)
    "def g(it):\n    x = yield from it\n    return x\n",
    "def g():\n    yield from range(3)\n    yield from [1, 2]\n    yield from (x * 2 for x in 'ab')\n",
    "def g(a):\n    return (yield from a) + (yield from a)\n",
    "def g(a):\n    try:\n        yield from a\n    except E as e:\n        yield from e.args\n    finally:\n        yield from b\n",
    "def g(xs):\n    for x in xs:\n        if x:\n            yield from x\n        else:\n            break\n    while (yield from xs):\n        pass\n",
    "def g(a):\n    with a as b:\n        yield from b\n        return (yield from b)\n",
    "f = lambda a: (yield from a)\n",
    "def g(a):\n    print((yield from a), [(yield from a)], {'k': (yield from a)}, f(x=(yield from a)))\n    return [(yield), (yield from a)]\n",
    "def outer():\n    def inner():\n        yield 1\n        return 2\n    r = yield from inner()\n    x = yield from (yield r)\n    yield from \\\n        inner()\n    z = (yield\n         from\n         inner())\n",
    "class A:\n    def __iter__(self):\n        yield from self.items\n",
    "def g(a, b):\n    yield from a if b else (yield from b)\n    x = yield from a or (yield from b)\n    assert (yield from a), (yield from b)\n",
    "def g(a):\n    def h():\n        return (yield from a)\n    yield from h()\n",
    "def g(n):\n    if n:\n        yield from g(n - 1)\n    yield n\n",
]

INVALID = [
    # starred targets
    "*a = [1]\n",
    "a, *b, *c = [1, 2]\n",
    "for *x in [[1]]:\n    pass\n",
    # nonlocal errors (symtable)
    "nonlocal x\n",
    "def f():\n    nonlocal x\n",
    "def f(x):\n    def g(x):\n        nonlocal x\n",
    "def f():\n    x = 1\n    def g():\n        x = 2\n        nonlocal x\n",
    "def f():\n    x = 1\n    def g():\n        print(x)\n        nonlocal x\n",
    "x = 1\ndef f():\n    global x\n    def g():\n        nonlocal x\n",
    "x = (1,\n",
    "x = 'abc\n",
    "x = '''abc\ny\n",
    "if x\n  pass\n",
    "  x = 1\n",
    "if x:\nx = 1\n",
    "if x:\n    a\n  b\n",
    "x = 1abc\n",
    "1 = x\n",
    "return 1\n",
    "while 1: pass\nbreak\n",
    "print(a b)\n",
    "a b\n",
    "f(x))\n",
    "(1]\n",
    "x = 0123\n",
    "x = $\n",
    "f() = 3\n",
    "x = 5 +\n",
    "foo(\n  1,\n  2\n",
    "x = [1, 2\nif x:\n  pass\n",
    "x = 1 \\ y\n",
    "x = 0x\n",
    "x = 1__0\n",
    "def f(:\n  pass\n",
    "class A\n  pass\n",
    "x = f'{}'\n",
    "x = 'a' b'b'\n",
    "for 1 in x: pass\n",
    "del f()\n",
    "a, 1 = x\n",
    "(a, b) += 1\n",
    "x = 1 if 2\n",
    "f(a=1, a=2)\n",
    "f(a=1, b)\n",
    "def f(a=1, b): pass\n",
    "print 'x'\n",
    "else: pass\n",
    "x = ]\n",
    "x = 1\n  y = 2\n",
    "x = [1, 2 3]\n",
    "continue\n",
    "def f():\n    x = 1\n  return x\n",
    "while x:\n",
    "for i in range(3):\nprint(i)\n",
    "def f():\nreturn 1\n",
    "class C:\npass\n",
    "x = {1: 2, 3}\n",
    "x = 1 +* 2\n",
    "def f(x):\n    return x +\n",
    "x = (1, 2]\n",
    "if x == 1:\n    pass\nelif:\n    pass\n",
    "x == 1 = y\n",
    "x = 'unterminated\ny = 2\n",
    "def f()\n    pass\n",
    "x = (\n",
    "for x in\n    pass\n",
    "print(1,,2)\n",
    "x = [1,, 2]\n",
    "def f(x, x):\n    pass\n",
    "'abc' = 1\n",
    "x +=\n",
    "if x:\n    pass\n  else:\n    pass\n",
    "while True\n    pass\n",
    "x = 1 2\n",
    "def f(:\n",
    "x = {'a': 1 'b': 2}\n",
    "lambda: (yield)\nx = 1 +\n",
    "f(x for x in y, 1)\n",
    "class A(:\n    pass\n",
    "import\n",
    "x = 1\nif x:\n    pass\n    x = (1,\n         2\n",
    "a = 1\nb = 2\nc = a +* b\n",
    "x = None = 1\n",
    "True = 1\n",
    "x = f'{x!z}'\n",
    "x = 5 if True else\n",
    "def f():\n    global x\n    x = 1\n    global x\n",
    "def f(x):\n    global x\n",
    # try statements: compile.c's and the parser's errors
    "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
    "class C:\n    try:\n        pass\n    except:\n        pass\n    except E:\n        pass\n",
    "import os\ntry:\n    pass\nexcept:\n    return\nexcept E:\n    pass\n",
    "try:\n    pass\n",
    "try:\n    pass\nx = 1\n",
    "if 1:\n    try:\n        pass\nx = 1\n",
    "try:\n    pass\nelse:\n    pass\n",
    "try:\n    pass\nexcept E, F:\n    pass\n",
    "try:\n    pass\nexcept E, F\n",
    "try:\n    pass\nexcept\n    pass\n",
    "try:\n    pass\nexcept* E:\n    pass\nexcept F:\n    pass\n",
    "try:\n    pass\nexcept E:\n    pass\nexcept *F:\n    pass\n",
    "try:\n    pass\nexcept*:\n    pass\n",
    "for x in y:\n    try:\n        pass\n    except* E:\n        break\n",
    "try:\n    pass\nexcept* E:\n    continue\n",
    "def f():\n    try:\n        pass\n    except* E:\n        for x in y:\n            return -1\n",
    "try:\n    pass\nexcept E:\n    break\n",
    "try:\n    pass\nfinally:\n    return 1\n",
    "raise E, 'x'\n",
    "assert\n",
    # with statements
    "with a as 1:\n    pass\n",
    "with a as f():\n    pass\n",
    "with a:\npass\n",
    "def f():\n    with a:\n        break\n",
    "with a as x y:\n    pass\n",
    "with a,:\n    pass\n",
    "with (a as b, c as 2):\n    pass\n",
    "with a as (x, 1):\n    pass\n",
    "with a as x:\n    continue\n",
    # parenthesized, a yield (or a comparison...) is an atom: invalid_named_expression's "here", only for a statement's one target
    "def f():\n    (yield) = 1\n",
    "def f():\n    x = (yield) = 1\n",
    "def f():\n    (yield) = yield\n",
    "(a < b) = 1\n",
    "(a if b else c) = 2\n",
    "x = a + 1 = 2\n",
    "a + 1 = b = 2\n",
    "x = y = f() = 1\n",
    # yield from where it is not allowed
    "yield from x\n",
    "class A:\n    yield from x\n",
    "def f():\n    return [(yield from x) for a in b]\n",
    "def f():\n    return {k: (yield from x) for k in b}\n",
    "def f():\n    return ((yield from x) for a in b)\n",
    "async def f():\n    yield from a\n",
    "def f():\n    x = yield from\n",
    "def f():\n    yield from a, b\n",
    "def f():\n    (yield from a) = 1\n",
    "def f():\n    yield from a = 1\n",
]

UNSUPPORTED = [
    ("try:\n    pass\nexcept* ValueError:\n    pass\n", "except* clause", 1),
    ("def f():\n    try:\n        pass\n    except* (A, B) as eg:\n        pass\n", "except* clause", 2),
    ("x = 1\nassert x\nwith x:\n    import os\n", "import of module 'os'", 4),
    ("raise E\nasync def f():\n    pass\n", "async function", 2),
    ("with open('f') as f:\n    pass\n", "the builtin open()", 1),
    ("class A:\n    def __next__(self):\n        return 1\n", "the special method __next__", 2),
    ("x = 1\nprint(bytearray([x]))\n", "the builtin bytearray()", 2),
    # (property, staticmethod and classmethod are memsim's; a descriptor class of the script is not)
    ('class D:\n    x = 1\n    def __get__(self, obj, owner):\n        return 1\n', 'the special method __get__', 3),
    ('class D:\n    @staticmethod\n    def f():\n        pass\n    def __set_name__(self, owner, name):\n        pass\n', 'the special method __set_name__', 5),
    ('import functools\n@functools.lru_cache\ndef f():\n    pass\n', "import of module 'functools'", 1),
    ("xs = [1]\nys = [y for x in xs if (y := x * 2)]\n", "walrus operator in a comprehension", 2),
    ("match x:\n    case 1:\n        pass\n", "match statement", 1),
    ("import os\n", "import of module 'os'", 1),
    ("from os import path\n", "import of module 'os'", 1),
    ("x = 1\nfrom math import *\n", "from math import *", 2),
    ("from . import x\n", "relative import", 1),
    ("def f():\n    from .m import x\n", "relative import", 2),
    ("async def f():\n    pass\n", "async function", 1),
    ("x: int = 1\n", "annotated assignment", 1),
    ("def f(x: int):\n    pass\n", "annotation", 1),
    ("x = 1j\n", "complex literal", 1),
    ("def f(a, /):\n    pass\n", "positional-only arguments", 1),
    ("class A(metaclass=type):\n    pass\n", "class keyword arguments", 1),
    ("x = 1\ndel x\nimport json\n", "import of module 'json'", 3),
    ("print(f'{x:{w}}')\n", "f-string format spec with replacement fields", 1),
    ("class A:\n    pass\nclass B(A):\n    def f(self):\n        return super(B).f\n", "super() with one argument", 5),
    ("class B:\n    def f(self):\n        return super(B, self, 1)\n", "super() with more than two arguments", 3),
    ("class B:\n    def f(self):\n        return super(type=B)\n", "super() with keyword arguments", 3),
    ("class B:\n    def f(self, *a):\n        return super(*a)\n", "super() with unpacked arguments", 3),
]


def random_snippets(seed, n, withs=False):
    """Random programs over the subset (expressions, folding, jumps, loops, closures; with statements when `withs`) for the bytecode comparison."""
    import random
    R = random.Random(seed)
    NAMES = ['a', 'b', 'c', 'x', 'y']
    def const():
        return R.choice(['0', '1', '2', '-1', '3.5', "'s'", 'None', 'True', 'False', '(1, 2)', "b'x'", '10**3', '2**70', '7 // -2', "'ab' * 3", '1e300 * 10', '0.1 + 0.2', '-0.0', '5 % -3', '~5', 'not 0', '(1, (2, 3))'])
    def expr(d=0):
        if d > 3: return R.choice(NAMES + [const()])
        k = R.randrange(16)
        if k == 0: return const()
        if k == 1: return R.choice(NAMES)
        if k == 2: return f"({expr(d+1)} {R.choice(['+','-','*','/','//','%','**','<<','>>','&','|','^'])} {expr(d+1)})"
        if k == 3: return f"({R.choice(['-','+','~','not '])}{expr(d+1)})"
        if k == 4: return f"({expr(d+1)} {R.choice(['and','or'])} {expr(d+1)})"
        if k == 5: return f"({expr(d+1)} {R.choice(['<','<=','==','!=','>','>=','is','is not','in','not in'])} {expr(d+1)})"
        if k == 6: return f"({expr(d+1)} < {expr(d+1)} <= {expr(d+1)})"
        if k == 7: return f"({expr(d+1)} if {expr(d+1)} else {expr(d+1)})"
        if k == 8: return f"[{', '.join(expr(d+1) for _ in range(R.randrange(4)))}]"
        if k == 9: return f"{R.choice(NAMES)}[{expr(d+1)}]"
        if k == 10: return f"{R.choice(NAMES)}[{R.choice(['', expr(d+1)])}:{R.choice(['', expr(d+1)])}]"
        if k == 11: return f"f({', '.join(expr(d+1) for _ in range(R.randrange(3)))})"
        if k == 12: return f"{R.choice(NAMES)}.m({expr(d+1)}, k={expr(d+1)})"
        if k == 13: return f"[{R.choice(NAMES)} for {R.choice(NAMES)} in {expr(d+1)} if {expr(d+1)}]"
        if k == 14: return f"{{{expr(d+1)}: {expr(d+1)}, 'k': {expr(d+1)}}}"
        return f"(lambda {R.choice(NAMES)}: {expr(d+1)})"
    def block(ind, d, inloop, infunc):
        out = []
        for _ in range(R.randrange(1, 4)):
            k = R.randrange(16)
            if withs and R.random() < 0.25:
                k = 12
            p = ' ' * ind
            if k <= 2: out.append(f"{p}{R.choice(NAMES)} = {expr()}")
            elif k == 3: out.append(f"{p}{R.choice(NAMES)} {R.choice(['+=','-=','*=','//='])} {expr()}")
            elif k == 4 and d < 3:
                out.append(f"{p}if {expr()}:"); out += block(ind+4, d+1, inloop, infunc)
                if R.random() < 0.5:
                    out.append(f"{p}elif {expr()}:"); out += block(ind+4, d+1, inloop, infunc)
                if R.random() < 0.5:
                    out.append(f"{p}else:"); out += block(ind+4, d+1, inloop, infunc)
            elif k == 5 and d < 3:
                out.append(f"{p}while {expr()}:"); out += block(ind+4, d+1, True, infunc)
            elif k == 6 and d < 3:
                out.append(f"{p}for {R.choice(NAMES)} in {expr()}:"); out += block(ind+4, d+1, True, infunc)
            elif k == 7 and inloop: out.append(f"{p}{R.choice(['break','continue'])}")
            elif k == 8 and infunc: out.append(f"{p}return {R.choice(['', expr()])}")
            elif k == 9: out.append(f"{p}print({expr()})")
            elif k == 10: out.append(f"{p}{R.choice(NAMES)}[{expr()}] = {expr()}")
            elif k == 11: out.append(f"{p}{R.choice(NAMES)}, {R.choice(NAMES)} = {R.choice(NAMES)}, {R.choice(NAMES)}")
            elif k == 13 and d < 3:
                out.append(f"{p}try:"); out += block(ind+4, d+1, inloop, infunc)
                handlers = R.randrange(3)
                for _ in range(handlers):
                    out.append(f"{p}except {R.choice(['E', '(E, F)', 'E as e', '(E, F) as ' + R.choice(NAMES)])}:"); out += block(ind+4, d+1, inloop, infunc)
                if R.random() < 0.3:
                    out.append(f"{p}except:"); out += block(ind+4, d+1, inloop, infunc)
                    handlers += 1
                if handlers and R.random() < 0.3:
                    out.append(f"{p}else:"); out += block(ind+4, d+1, inloop, infunc)
                if not handlers or R.random() < 0.4:
                    out.append(f"{p}finally:"); out += block(ind+4, d+1, inloop, infunc)
            elif k == 12 and withs and d < 3:
                items = []
                for _ in range(R.randrange(1, 4)):
                    items.append(R.choice(['a', 'f(x)', 'b.m()', expr()]) + R.choice(['', ' as ' + R.choice(NAMES), ' as (x, y)', ' as c[0]']))
                out.append(f"{p}with {', '.join(items)}:"); out += block(ind+4, d+1, inloop, infunc)
            elif k == 14: out.append(f"{p}raise{R.choice(['', ' E', ' E(' + expr() + ')', ' E from ' + expr()])}")
            elif k == 15: out.append(f"{p}assert {expr()}{R.choice(['', ', ' + expr()])}")
            else: out.append(f"{p}pass")
        return out

    out = []
    while len(out) < n:
        if R.random() < 0.5:
            lines = ["def g(a, b=1):", "    x = y = c = 0"] + block(4, 1, False, True)
        else:
            lines = ["a = b = c = x = y = 1"] + block(0, 0, False, False)
        src = "\n".join(lines) + "\n"
        try:
            compile(src, "x.py", "exec")
        except SyntaxError:
            continue
        out.append(src)
    return out


def const_repr(c):
    if isinstance(c, types.CodeType):
        return "<code %s>" % c.co_name
    if isinstance(c, tuple):
        if len(c) == 1:
            return "(%s,)" % const_repr(c[0])
        return "(%s)" % ", ".join(const_repr(x) for x in c)
    if isinstance(c, frozenset):
        return "frozenset({%s})" % ", ".join(sorted(const_repr(x) for x in c))
    return repr(c)


SKIP = {"RESUME", "PRECALL", "CACHE", "EXTENDED_ARG"}
NAME_ARG = {"LOAD_NAME", "STORE_NAME", "DELETE_NAME", "STORE_GLOBAL", "DELETE_GLOBAL", "LOAD_FAST", "STORE_FAST",
            "DELETE_FAST", "LOAD_ATTR", "STORE_ATTR", "DELETE_ATTR", "LOAD_METHOD", "IMPORT_NAME", "MAKE_CELL",
            "LOAD_CLOSURE", "LOAD_DEREF", "STORE_DEREF", "DELETE_DEREF", "LOAD_CLASSDEREF", "IMPORT_FROM"}


def code_record(co, out):
    instrs = [i for i in dis.get_instructions(co) if i.opname not in SKIP]
    offsets = [i.offset for i in instrs]

    def target_index(off):
        for k, o in enumerate(offsets):
            if o >= off:
                return k
        return len(offsets)

    rec = {
        "name": co.co_name, "qualname": co.co_qualname, "argcount": co.co_argcount,
        "firstlineno": co.co_firstlineno, "flags": co.co_flags, "stacksize": co.co_stacksize,
        "consts": [const_repr(c) for c in co.co_consts], "names": list(co.co_names),
        "varnames": list(co.co_varnames), "cellvars": list(co.co_cellvars), "freevars": list(co.co_freevars),
        "instrs": [], "positions": [], "exceptionTable": [],
    }
    for i in instrs:
        if i.opcode in dis.hasjrel or i.opcode in dis.hasjabs:
            arg = target_index(i.argval)
        elif i.opname == "LOAD_CONST":
            arg = const_repr(i.argval)
        elif i.opname == "KW_NAMES":
            arg = const_repr(co.co_consts[i.arg])
        elif i.opname == "LOAD_GLOBAL":
            arg = i.argval + ("+NULL" if i.arg & 1 else "")
        elif i.opname in NAME_ARG:
            arg = i.argval
        else:
            arg = i.arg
        rec["instrs"].append([i.opname, arg, i.positions.lineno])
        # the rest of co_positions(): end line, start and end column (-1 for None)
        pos = i.positions
        rec["positions"].append([-1 if v is None else v for v in (pos.end_lineno, pos.col_offset, pos.end_col_offset)])
    for e in dis._parse_exception_table(co):
        rec["exceptionTable"].append({"start": target_index(e.start), "end": target_index(e.end),
                                      "target": target_index(e.target), "depth": e.depth, "lasti": e.lasti})
    out.append(rec)
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            code_record(c, out)
    return out


def extra_snippets():
    """.py files other engineers add under tests/python/ and examples/python/ (optional)."""
    out = []
    for pat in ("tests/python/*.py", "examples/python/*.py"):
        for path in sorted(glob.glob(os.path.join(ROOT, pat))):
            with open(path, encoding="utf-8") as f:
                src = f.read()
            try:
                compile(src, "x.py", "exec")
            except SyntaxError:
                continue
            out.append((os.path.relpath(path, ROOT), src))
    return out


def main():
    valid = []
    for k, src in enumerate(VALID):
        valid.append({"name": "valid-%d" % k, "src": src, "ast": ast.dump(ast.parse(src)),
                      "code": code_record(compile(src, "x.py", "exec"), [])})
    import warnings
    warnings.simplefilter("ignore", SyntaxWarning)
    for k, src in enumerate(random_snippets(20240501, 60)):
        valid.append({"name": "random-%d" % k, "src": src, "ast": ast.dump(ast.parse(src)),
                      "code": code_record(compile(src, "x.py", "exec"), [])})
    # (a second seed with with statements: the first one's snippets stay as they were)
    for k, src in enumerate(random_snippets(20250601, 40, withs=True)):
        valid.append({"name": "random-with-%d" % k, "src": src, "ast": ast.dump(ast.parse(src)),
                      "code": code_record(compile(src, "x.py", "exec"), [])})
    if "--with-corpus" in sys.argv:
        for name, src in extra_snippets():
            # (no AST dump for these, to keep the fixture small; the parser is checked on the rest)
            valid.append({"name": name, "src": src, "code": code_record(compile(src, "x.py", "exec"), []), "extra": True})
    invalid = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, src in enumerate(INVALID):
            try:
                compile(src, "x.py", "exec")
                raise SystemExit("snippet is valid: %r" % src)
            except SyntaxError as e:
                err = {"msg": e.msg, "lineno": e.lineno, "offset": e.offset, "end_lineno": e.end_lineno,
                       "end_offset": e.end_offset, "type": type(e).__name__}
            with open(os.path.join(tmp, "x.py"), "w") as f:
                f.write(src)
            r = subprocess.run([sys.executable, "x.py"], cwd=tmp, capture_output=True, text=True)
            stderr = r.stderr.replace(os.path.join(os.path.realpath(tmp), "x.py"), "x.py").replace(os.path.join(tmp, "x.py"), "x.py")
            invalid.append({"name": "invalid-%d" % k, "src": src, "error": err, "stderr": stderr, "exit": r.returncode})
    unsupported = []
    for k, (src, construct, line) in enumerate(UNSUPPORTED):
        tree = ast.parse(src)
        compile(src, "x.py", "exec")
        unsupported.append({"name": "unsupported-%d" % k, "src": src, "construct": construct, "lineno": line,
                            "ast": ast.dump(tree)})
    os.makedirs(OUT, exist_ok=True)
    for name, data in (("valid", valid), ("invalid", invalid), ("unsupported", unsupported)):
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            # one case per line, compact
            f.write("[\n" + ",\n".join(json.dumps(d, separators=(",", ":"), ensure_ascii=False) for d in data) + "\n]\n")
    print("valid %d, invalid %d, unsupported %d" % (len(valid), len(invalid), len(unsupported)))


if __name__ == "__main__":
    main()
