# Tuples: packing/unpacking, nesting, comparison, sizes, the empty tuple,
# tuple(), counting and indexing, as dict keys.
import sys

t = (1, "two", 3.0, None, [5])
print(t, len(t), t[1], t[-1], t[1:3], t + (6,), t[:2] * 2)
e = ()
one = (1,)
print(e, one, len(e), sys.getsizeof(e), sys.getsizeof(one), sys.getsizeof((1, 2)), sys.getsizeof(tuple(range(10))))
a, b, c = 1, 2, 3
print(a, b, c)
a, b = b, a
print(a, b)
(x, y), z = (10, 20), 30
print(x, y, z)
t[4].append(6)
print(t)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), (1, "a") == (1, "a"), () < (0,))
print(t.count(None), t.index(3.0), (1, 1, 2, 1).count(1), 2 in (1, 2), "x" in t)
print(tuple([1, 2]), tuple("abc"), tuple(range(4)), tuple(), tuple((1,)))
pts = [(i, i * i) for i in range(6)]
print(pts)
for i, sq in pts:
    print(i, sq, end=" / ")
print()
d = {(0, 0): "origin", (1, 0): "east", (0, 1): "north"}
print(d[(1, 0)], d[0, 1], (0, 0) in d, (2, 2) in d)
grid = {}
for i in range(3):
    for j in range(3):
        grid[i, j] = i * j
print(grid)
print(sorted([(2, "b"), (1, "z"), (2, "a")]), max([(1, 2), (1, 3), (0, 9)]), min((5, 2, 8)))
nested = ((1, (2, (3, (4,)))),)
print(nested, nested[0][1][1][1][0])
s = 0
for v in (1, 2, 3, 4):
    s += v
print(s, sum((1.5, 2.5)), tuple(reversed((1, 2, 3))))
print(repr((1,)), repr(("a", 'b"c')), str(((),)), (1, 2) + (), (0,) * 0)
