# Starred assignment targets (UNPACK_EX): first/rest, rest/last, middle,
# an empty rest, any iterable (str, range, dict, iterator), in for targets
# and nested targets; the list the starred name gets, and its size.
import sys

a, *b = [1, 2, 3, 4]
print(a, b)
*c, d = "xyz"
print(c, d)
e, *f, g = range(6)
print(e, f, g)
h, *i = (1,)
print(h, i)
[j, *k] = {7: 0, 8: 0}
print(j, k)
for first, *rest in [(1, 2, 3), [4], "ab"]:
    print(first, rest)


def split(xs):
    head, *tail = xs
    return head, tail, sys.getsizeof(tail), sys.getrefcount(tail)


print(split(list(range(10))), split([5]))
(p, *q), r = [1, 2, 3], 4
print(p, q, r)
s, *t = iter([9, 8, 7])
print(s, t)
