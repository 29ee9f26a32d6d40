# * and ** in calls and displays: a list, a str, a range, a generator and a
# dict spread into Python functions, methods and builtins (CALL_FUNCTION_EX),
# mixed with plain arguments; starred list, tuple and set displays and dict
# displays with **; the argument tuple's and dict's reference counts.
import sys

args = [3, 4]


def mul(a, b):
    return a * b


def f(a, b=2, *rest, **kw):
    return a, b, rest, kw


print(mul(*args), mul(*"ab" if False else [2, 5]), mul(**{"a": 6, "b": 7}))
xs = [1, 2, 3]
d = {"x": 1, "y": 2}
print(f(*xs), f(*xs, z=3), f(0, *xs), f(*xs, **d), f(**{"a": 5}), f(1, *(), **{}), f(*"ab"))
print(f(*range(2), k=1, **d), f(*(n * n for n in range(3))), f(a=1, **d, b=2, q=3))
print(max(*xs), min(*xs, 0), list(zip(*[[1, 2], [3, 4]])), "{} {}".format(*xs), dict(**d, w=0))
print(*xs, sep="-")


class P:
    def m(self, *a, **k):
        return a, k


p = P()
print(p.m(*xs), p.m(**d), p.m(1, *xs, q=2))


def forward(*args, **kw):
    return f(*args, **kw)


print(forward(1, 2, 3, w=4))


def rec(n, *acc):
    return acc if n == 0 else rec(n - 1, *acc, n)


print(rec(5), len(rec(200)))
print([*xs, *"ab", 9], (*xs,), sorted({*xs, 4}), {**d, "z": 0, **{"x": 9}}, {"a": 1, **d})
t = (1, 2)
before = sys.getrefcount(t)
f(*t)
print(sys.getrefcount(t) - before, sys.getrefcount(d))
