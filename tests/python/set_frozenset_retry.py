# A set as the key of a set lookup: `x in s`, s.discard(x) and s.remove(x)
# retry with a temporary frozenset of x's items (set_contains, set_discard,
# set_remove in Objects/setobject.c); a dict lookup and the other set
# operations do not. And the frozenset type that retry needs.
import gc
import sys

f = frozenset([3, 1, 2])
e = frozenset()
print(f, e, repr(frozenset("ab")), type(f).__name__, len(f), 2 in f, 5 in f, bool(e), bool(f))
print(sys.getsizeof(e), sys.getsizeof(f), sys.getsizeof(frozenset(range(10))), sys.getsizeof(frozenset(range(100))))
print(frozenset(f) is f, f.copy() is f, frozenset(e) is e, frozenset() is e, frozenset({1, 2, 3}) is f)
print(hash(e), hash(f), hash(frozenset([1, 2, 3])) == hash(f), hash(frozenset(range(100))))
print(hash(frozenset(["a", "b", "c"])), hash(frozenset([(1, 2), 3.5, "x"])), hash((f, e)))
print(gc.is_tracked(e), gc.is_tracked(f), sys.getrefcount(f))
print(f == {1, 2, 3}, {1, 2, 3} == f, f != {1, 2}, f <= {1, 2, 3, 4}, f < f, f >= {1}, f > frozenset([1]))
for a, b in [(f, {3, 4}), ({3, 4}, f), (f, frozenset([1, 9]))]:
    for r in [a | b, a & b, a - b, a ^ b]:
        print(type(r).__name__, sorted(r), end="; ")
    print()
print(type(f.union([7])).__name__, type(f.intersection([1])).__name__, type(f.difference()).__name__,
      type(f.symmetric_difference([1, 8])).__name__, type(f.intersection()).__name__)
print(f.issubset([1, 2, 3]), f.issuperset({1}), f.isdisjoint([4, 5]), sorted(f.union([7], (8,))), sorted(f.difference([1], {2})))
g = f
g |= {9}
g -= {1}
print(sorted(g), sorted(f), g is f, type(g).__name__)
t = {1, 2}
t |= frozenset([5])
print(type(t).__name__, sorted(t))

# frozensets as set members and dict keys: their hashes order the tables
nested = {frozenset([1]), frozenset([1, 2]), frozenset(), frozenset(["a"]), frozenset([frozenset([1])]), frozenset(range(12))}
print(nested)
d = {frozenset("ab"): 1, frozenset([1, 2]): 2}
print(d[frozenset("ba")], d[frozenset([2, 1])], frozenset([1, 2]) in d, frozenset([1]) in d)
print(frozenset([frozenset([1, 2])]) == frozenset([frozenset([2, 1])]), frozenset([1]) in nested)
print(sorted(frozenset("hello")), list(frozenset([5])), set(frozenset([6])), list(iter(frozenset([7]))))
for bad in ["an int", "a list in it", "two arguments", "add"]:
    try:
        if bad == "an int":
            frozenset(1)
        elif bad == "a list in it":
            frozenset([[1]])
        elif bad == "two arguments":
            frozenset([1], [2])
        else:
            f.add(4)
    except (TypeError, AttributeError) as ex:
        print(type(ex).__name__, ex)

# the retry
s = {frozenset([1]), frozenset([1, 2]), 3}
k = {1}
print(k in s, {1, 2} in s, {2, 1, 0} in s, {1} not in s, set() in s, set() in {frozenset()}, set() in e)
print({1} in {frozenset({1})}, {1} in f, k in frozenset([frozenset([1])]), set(range(20)) in {frozenset(range(20))})
print(sys.getrefcount(k), k)
s.discard({1, 2})
s.discard({7})
print(frozenset([1, 2]) in s, len(s))
s.remove(k)
print(frozenset([1]) in s, len(s), sys.getrefcount(k))
try:
    s.remove({5, 6})
except KeyError as ex:
    print(repr(ex), ex.args[0] == {5, 6}, type(ex.args[0]).__name__)


class Probe:
    def __init__(self, h):
        self.h = h

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        print("  eq with a", type(other).__name__, sorted(other) if isinstance(other, frozenset) else other)
        return isinstance(other, frozenset)


p = Probe(hash(frozenset([4, 5])))
s2 = {p, 1}
print({4, 5} in s2, {4} in s2)
s2.discard({5, 4})
print(len(s2), p in s2)

# no retry: dict lookups, set.add, the operations that hash the items of an iterable themselves
for what in ["in dict", "in keys", "dict.get", "set.add", "intersection", "isdisjoint", "difference", "difference_update", "issubset"]:
    try:
        if what == "in dict":
            print({1} in {1: 2})
        elif what == "in keys":
            print({1} in {1: 2}.keys())
        elif what == "dict.get":
            print({}.get({1}))
        elif what == "set.add":
            s.add({1})
        elif what == "intersection":
            print(s.intersection([{1}]))
        elif what == "isdisjoint":
            print(s.isdisjoint([{1}]))
        elif what == "difference":
            print(s.difference([{3}]))
        elif what == "difference_update":
            s.difference_update([[1]])
        else:
            print(s.issubset([{1}]))
    except TypeError as ex:
        print(what, "TypeError:", ex)
print(s, sys.getrefcount(k))
