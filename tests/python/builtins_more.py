# map and filter (lazy, over several iterables, with Python functions and
# builtins, nested), pow with a modulus (and an inverse), hex/bin/oct, ascii,
# callable, format, getattr/setattr/hasattr and issubclass; the sizes of map
# and filter objects.
import sys

print(list(map(str, [1, 2, 3])), list(map(lambda a, b: a * b, [1, 2, 3], (4, 5))), list(map(len, ["ab", "c"])))
print(list(filter(None, [0, 1, "", "a", None, [1]])), list(filter(lambda v: v % 2, range(10))), list(filter(bool, [0, 2])))
m = map(abs, [-1, -2])
print(next(m), next(m), next(m, "end"), sys.getsizeof(m), sys.getsizeof(filter(None, [])))
print(sum(map(int, "12345")), sorted(map(lambda s: s.upper(), ["b", "a"])), dict(map(lambda k: (k, k * k), range(3))))
print(pow(2, 10), pow(2, -1), pow(3, 4, 7), pow(2, -1, 5), pow(5, 3, -7), pow(-3, 3, 7), pow(2.0, 3), pow(7, 0, 1))
print(hex(255), hex(-255), bin(5), bin(0), oct(8), oct(-8), hex(True), hex(2 ** 70))
print(ascii("é€😀"), ascii([1, "x\u00ff"]), callable(len), callable(print), callable(1), callable(lambda: 0), callable(int))
print(format(3.14159, ".2f"), format(42, "08b"), format("a", ">3"), format(12), format([1]), repr(format(None)))


class P:
    def __init__(self):
        self.x = 1


p = P()
setattr(p, "y", 2)
print(getattr(p, "x"), getattr(p, "zz", "dflt"), hasattr(p, "y"), hasattr(p, "zz"), getattr(p, "y"), vars(p))
print(issubclass(bool, int), issubclass(P, object), issubclass(int, (str, int)), issubclass(P, P), isinstance(m, map))
print(getattr([], "append") is not None, hasattr("s", "upper"), hasattr(1, "zz"), getattr(P, "zz", None))


def sq(v):
    return v * v


print(list(map(sq, map(sq, [1, 2]))), [list(map(sq, range(i))) for i in range(3)])
print(list(zip(map(str, [1, 2]), filter(None, [0, 5, 6]))))
words = ["kiwi", "fig", "banana", "apple"]
print(list(filter(lambda w: len(w) > 3, words)), max(map(len, words)), list(map(str.upper, words)))
