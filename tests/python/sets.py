# Sets: ints (order by hash = value), strs (order fixed by PYTHONHASHSEED=0),
# tuples and floats; add/remove/discard, the operators, growth sizes.
import sys

s = set()
print(s, len(s), sys.getsizeof(s))
last = sys.getsizeof(s)
for i in range(100):
    s.add(i * 3)
    sz = sys.getsizeof(s)
    if sz != last:
        print("len", len(s), "size", sz)
        last = sz
print(len(s), 3 in s, 4 in s, min(s), max(s), sum(s))
a = {1, 2, 3, 4, 5}
b = {4, 5, 6, 7}
print(a | b, a & b, a - b, b - a, a ^ b, a <= b, {4, 5} <= b, {4, 5} < b, a == {5, 4, 3, 2, 1})
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print(a.issubset({1, 2, 3, 4, 5, 6}), a.issuperset({1, 2}), a.isdisjoint({8, 9}))
a.add(10)
a.remove(1)
a.discard(99)
a.discard(2)
print(a, len(a))
a.update([100, 200], (300,))
print(a)
a |= {7}
a -= {3}
print(a, a.pop() in {4, 5, 7, 10, 100, 200, 300})
words = {"memory", "cache", "heap", "stack", "arena", "pool", "block", "page"}
print(words)
print(sorted(words), len(words), "heap" in words, "disk" in words)
words.add("disk")
words.discard("stack")
print(words)
letters = set("mississippi")
print(letters, sorted(letters))
print(set("hello world"), set(["b", "a", "b", "c"]))
pairs = {(1, 2), (2, 1), (0, 0), (3, -1), (-1, 3)}
print(pairs)
fl = {1.5, 2.25, -0.5, 3.0, 1e10, 0.1}
print(fl, {1, 1.0, True}, {0, 0.0, False, -0.0})
mixed = {1, "1", 2.5, (1,), None}
print(len(mixed), 1 in mixed, "1" in mixed, None in mixed)
print(sys.getsizeof(set()), sys.getsizeof({1}), sys.getsizeof(set(range(5))), sys.getsizeof(set(range(50))), sys.getsizeof(set(range(500))))
big = set()
for i in range(5000):
    big.add(str(i))
print(len(big), sys.getsizeof(big), "4999" in big, "5000" in big)
keys = ["k" + str(i) for i in range(30)]
ks = set(keys)
print(ks)
c = ks.copy()
c.clear()
print(c, len(ks))
dup = [3, 1, 3, 2, 1, 3]
print(sorted(set(dup)), len(set(dup)), set(), {()}, {""})
