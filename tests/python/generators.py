# Generator functions: yield in loops and nested loops, arguments and
# defaults, an endless generator consumed by next(), `x = yield`, an early
# return, generators consumed by the builtins, unpacking and `in`, and the
# sizes of generator objects (3.11's frame inside: 8 bytes per local and stack slot).
import sys


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def pairs(xs, step=2):
    i = 0
    while i + 1 < len(xs):
        yield xs[i], xs[i + 1]
        i += step
    return "done"


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def echo():
    x = yield
    print("got", x)
    yield x


def nested(n):
    for i in range(n):
        for j in range(i):
            yield (i, j)


def early(xs):
    for x in xs:
        if x < 0:
            return
        yield x


print(list(countdown(5)), sum(countdown(100)), max(countdown(3)))
print(list(pairs([1, 2, 3, 4, 5, 6])), dict(pairs("abcd", 2)))
g = fib()
print([next(g) for _ in range(10)])
for v in countdown(3):
    print(v, end=" ")
print()
e = echo()
print(next(e), next(e))
print(sys.getsizeof(countdown(2)), sys.getsizeof(pairs([], 3)), sys.getsizeof(fib()), sys.getsizeof(nested(1)))
it = countdown(3)
print(next(it), list(it), list(it))
print(list(nested(4)), sorted(nested(3), reverse=True))
a, b, c = countdown(3)
print(a, b, c, 2 in countdown(3), [x * 2 for x in countdown(3)])
print(list(early([3, 2, -1, 5])), any(x > 2 for x in early([1, 3])))
squares = (x * x for x in countdown(4))
print(list(squares), list(squares))
