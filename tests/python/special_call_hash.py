# __call__ and __hash__ of the script's classes: calling an instance
# (positional, keyword, *args and **kwargs arguments, from builtins), the
# TypeError without __call__; hash(), dict keys and set members through
# __hash__ and __eq__ (equal keys found, colliding keys told apart), the
# int a __hash__ returns made a hash as CPython does, __hash__ = None, and
# the reference counts these leave.
import sys


class Adder:
    def __init__(self, base):
        self.base = base
        self.calls = 0

    def __call__(self, x, y=0, *rest, scale=1, **extra):
        self.calls += 1
        return (self.base + x + y + sum(rest)) * scale + len(extra)


add = Adder(100)
print(add(1), add(1, 2), add(1, 2, 3, 4), add(1, scale=2), add(1, 2, 3, scale=3, a=1, b=2))
args = (5, 6)
opts = {'scale': 10}
print(add(*args), add(*args, **opts), add(*[1, 2, 3], **{'z': 0}), add.calls)
print(callable(add), callable(Adder), callable(3), callable(print))
print(list(map(Adder(1), [1, 2, 3])), sorted([30, 10, 20], key=Adder(-5)))
big = 123456789
print(sys.getrefcount(big), sys.getrefcount(add))


class Probe:
    def __call__(self, a, b=None):
        # inside: the caller's stack, the argument tuple and the frame hold a and self
        return sys.getrefcount(a), sys.getrefcount(self)


probe = Probe()
x = [1]
print(probe(x), probe(x, b=2), probe(*[x]), probe(*[x], **{'b': 3}))
print(sys.getrefcount(x), sys.getrefcount(probe))


class Many:
    def __call__(self, a, b, c, d, e, f=0):
        return sys.getrefcount(a), a[0] + b + c + d + e + f


m = Many()
print(m(x, 1, 2, 3, 4), m(x, 1, 2, 3, 4, f=5), m(*[x, 1, 2, 3, 4, 5]))


class Counter:
    """A class as a decorator: its instance replaces the function."""

    def __init__(self, f):
        self.f = f
        self.n = 0

    def __call__(self, *a, **k):
        self.n += 1
        return self.f(*a, **k)


@Counter
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(15), fib.n)


class Countdown:
    def __call__(self, n):
        while n > 0:
            yield n
            n -= 1


print(list(Countdown()(5)), [v * 2 for v in Countdown()(3)])


class Base:
    def __call__(self):
        return 'base ' + type(self).__name__


class Derived(Base):
    pass


print(Derived()(), Base()())


def late_call(self, v):
    return 'late ' + str(v)


class Late:
    pass


try:
    Late()(1)
except TypeError as e:
    print('TypeError:', e)
Late.__call__ = late_call
print(Late()(2))


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return isinstance(other, Point) and self.x == other.x and self.y == other.y

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return 'Point(%d, %d)' % (self.x, self.y)


p, q, r = Point(1, 2), Point(1, 2), Point(3, 4)
print(hash(p) == hash((1, 2)), p == q, p is q)
d = {p: 'first'}
d[q] = 'second'
d[r] = 'third'
print(d, d[Point(1, 2)], Point(3, 4) in d, Point(5, 6) in d)
print(d.get(Point(3, 4)), d.pop(Point(1, 2)), d.setdefault(Point(7, 8), 'new'), len(d))
s = {p, q, r, Point(3, 4)}
print(len(s), sorted(s, key=lambda pt: pt.x), q in s)
s.discard(Point(3, 4))
print(s, {Point(0, 0), Point(0, 0)} == {Point(0, 0)})
print(len({p, r} | {Point(9, 9)}), {p, r} & {Point(3, 4)}, {p, r} - {q}, {p} <= {q, r})
print(sys.getrefcount(p), sys.getrefcount(q), sys.getrefcount(r))

calls = []


class Loud:
    def __init__(self, k):
        self.k = k

    def __hash__(self):
        calls.append('hash %d' % self.k)
        return self.k % 2

    def __eq__(self, other):
        calls.append('eq %d %d' % (self.k, other.k))
        return self.k == other.k


keys = [Loud(i) for i in range(4)]
t = {}
for k in keys:
    t[k] = k.k
print(t[keys[2]], Loud(3) in t, len(t))
print(calls)
calls.clear()
v = set(keys) | set(keys[:2])
print(len(v), v == set(keys), calls)


class Hashes:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return self.v


for v in (5, -1, -2, 2 ** 61 - 1, 2 ** 61, 2 ** 62, 2 ** 63 - 1, 2 ** 63, -2 ** 63, -2 ** 63 - 1, 2 ** 64, 10 ** 30, True, False):
    print(v, hash(Hashes(v)))


class Unhashable:
    __hash__ = None


class EqOnly:
    def __eq__(self, other):
        return True


class EqOnlyChild(Point):
    def __eq__(self, other):
        return False


for obj in (Unhashable(), EqOnly(), EqOnlyChild(0, 0)):
    print(type(obj).__name__, type(obj).__hash__ is None, end=' ')
    try:
        hash(obj)
    except TypeError as e:
        print(e)


class Rehashed(EqOnly):
    def __hash__(self):
        return 7


print(hash(Rehashed()), len({Rehashed(), Rehashed()}))
