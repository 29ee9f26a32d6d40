# Keyword-only parameters: after *, after *args, with and without defaults,
# beside **kwargs, in methods, lambdas and closures (a default from the
# enclosing scope); sorted's and print's own.
def f(a, *, key=None, reverse=False):
    return a, key, reverse


def g(*items, sep=", ", end="!"):
    return sep.join(items) + end


def h(a, b=1, *args, c, d=4, **kw):
    return a, b, args, c, d, kw


print(f(1), f(1, key=2), f(1, reverse=True, key="k"), g("x", "y"), g("x", sep="-", end="."))
print(h(1, c=3), h(1, 2, 3, 4, c=5, d=6, e=7), (lambda *, k=3: k)(), (lambda a, *, k: a + k)(1, k=2))


class P:
    def __init__(self, *, size=2):
        self.size = size


print(P().size, P(size=5).size)


def outer(n):
    def inner(*, step=n):
        return step
    return inner


print(outer(3)(), outer(4)(step=1))
print(sorted([3, 1, 2], reverse=True), sorted(["b", "A"], key=str.lower), end=" <\n")
