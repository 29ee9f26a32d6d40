# *args and **kwargs parameters: the extra positional arguments as a tuple,
# the extra keyword arguments as a dict (in call order), with defaults, in
# lambdas, methods, generators and __init__; their sizes and refcounts.
import sys


def total(*values):
    return sum(values)


def show(**opts):
    return sorted(opts)


def g(a, b=2, *rest, **opts):
    return a, b, rest, opts


print(total(1, 2, 3), total(), show(a=1, b=2), show())
print(g(1), g(1, 5, 6, 7, x=1, y=2), g(a=3, b=4, c=5), g(1, x=9))
print((lambda *a, **k: (a, k))(1, z=2))


def count(*items):
    return len(items), sys.getrefcount(items), sys.getsizeof(items)


def keywords(**opts):
    return sys.getsizeof(opts), len(opts), sys.getrefcount(opts), list(opts)


print(count(1, 2), count(3))
print(keywords(), keywords(a=1), keywords(z=1, y=2, x=3))


def doubled(*xs):
    for x in xs:
        yield x * 2


print(list(doubled(1, 2, 3)))


class P:
    def __init__(self, *parts, **named):
        self.parts = parts
        self.named = named

    def describe(self, *extra, **more):
        return self.parts + extra, more


p = P(1, 2, k=3)
print(p.parts, p.named, p.describe(3, 4, last=True))
print(list(map(lambda *a: sum(a), [1, 2], [3, 4])), sorted([3, 1], key=lambda x, *r: -x))
