# sys.getsizeof of lists (literal, repeated, built by append, list(),
# comprehension, after pops and clear), tuples, dicts (after inserts and
# deletes, str vs non-str keys), sets (growth and after removals).
import sys

print("list literal", [sys.getsizeof([0] * n) for n in range(0, 12)])
print("list()", [sys.getsizeof(list(range(n))) for n in range(0, 12)])
print("listcomp", [sys.getsizeof([i for i in range(n)]) for n in range(0, 12)])
print("literal", sys.getsizeof([]), sys.getsizeof([1]), sys.getsizeof([1, 2]), sys.getsizeof([1, 2, 3]))
L = []
sizes = []
for i in range(70):
    L.append(i)
    sizes.append(sys.getsizeof(L))
print("append", sizes)
sizes = []
while L:
    L.pop()
    sizes.append(sys.getsizeof(L))
print("pop", sizes)
L = list(range(50))
L.clear()
print("cleared", sys.getsizeof(L))
L.extend(range(10))
print("extended", sys.getsizeof(L))
L.extend(range(100))
print("extended more", sys.getsizeof(L))
L = L + L
print("concatenated", len(L), sys.getsizeof(L))
L = L[:3]
print("sliced", sys.getsizeof(L))
print("tuples", [sys.getsizeof(tuple(range(n))) for n in range(0, 12)])
d = {}
sizes = []
for i in range(30):
    d["key" + str(i)] = i
    sizes.append(sys.getsizeof(d))
print("dict str keys", sizes)
d2 = {}
sizes = []
for i in range(30):
    d2[i] = i
    sizes.append(sys.getsizeof(d2))
print("dict int keys", sizes)
for k in list(d):
    del d[k]
print("all deleted", len(d), sys.getsizeof(d))
d["again"] = 1
print("reinserted", sys.getsizeof(d))
d.clear()
print("cleared", sys.getsizeof(d))
print("dict literal", sys.getsizeof({}), sys.getsizeof({"a": 1}), sys.getsizeof({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}))
print("dict()", sys.getsizeof(dict()), sys.getsizeof(dict(a=1)), sys.getsizeof(dict([(1, 2)])))
print("dict comp", [sys.getsizeof({i: 0 for i in range(n)}) for n in range(0, 12)])
s = set()
sizes = []
for i in range(40):
    s.add(i)
    sizes.append(sys.getsizeof(s))
print("set add", sizes)
for i in range(40):
    s.discard(i)
print("set emptied", len(s), sys.getsizeof(s))
print("set literal", sys.getsizeof({1}), sys.getsizeof({1, 2, 3, 4, 5}), sys.getsizeof(set("abcdefgh")))
print("set comp", [sys.getsizeof({i for i in range(n)}) for n in range(0, 12)])
print("nested is shallow", sys.getsizeof([[1] * 1000]), sys.getsizeof({"k": "v" * 1000}))
