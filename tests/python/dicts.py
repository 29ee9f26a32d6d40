# Dicts: literals, insertion order, overwrite, delete, membership, growth
# (sizes at each resize), keys of several types, nested dicts, iteration.
import sys

d = {}
print(d, len(d), sys.getsizeof(d))
last = sys.getsizeof(d)
for i in range(200):
    d["k" + str(i)] = i
    s = sys.getsizeof(d)
    if s != last:
        print("len", len(d), "size", s)
        last = s
print(d["k0"], d["k199"], "k5" in d, "x" in d, len(d))
for i in range(0, 200, 2):
    del d["k" + str(i)]
print(len(d), sys.getsizeof(d), list(d)[:5])
for i in range(0, 200, 2):
    d["k" + str(i)] = -i
print(len(d), sys.getsizeof(d), list(d)[:5], list(d)[-3:])
e = {1: "int", 1.5: "float", "s": "str", (1, 2): "tuple", None: "none", True: "bool?"}
print(e, e[1], e[True], len(e))
e[2] = "two"
e[1] = "one"
print(e)
del e[None]
print(e, None in e, (1, 2) in e)
nested = {"a": {"b": {"c": [1, 2, {"d": "deep"}]}}}
print(nested["a"]["b"]["c"][2]["d"], nested)
nested["a"]["b"]["e"] = 5
print(nested)
counts = {}
for ch in "mississippi":
    if ch in counts:
        counts[ch] += 1
    else:
        counts[ch] = 1
print(counts)
for k in counts:
    print(k, counts[k], end="; ")
print()
print(sorted(counts), sorted(counts, key=lambda k: counts[k]), len(counts))
inv = {}
for k in counts:
    inv[counts[k]] = k
print(inv)
print(dict(), dict([("a", 1), ("b", 2)]), dict(x=1, y=2), dict({"z": 0}), dict(zip("abc", range(3))))
print({1: 1} == {1: 1.0}, {"a": 1, "b": 2} == {"b": 2, "a": 1}, {} == {}, {1: 2} != {1: 3})
print(sys.getsizeof({}), sys.getsizeof({"a": 1}), sys.getsizeof({1: 1}), sys.getsizeof({i: i for i in range(6)}), sys.getsizeof({i: i for i in range(10)}))
ints = {}
for i in range(1000):
    ints[i * 7 % 1000] = i
print(len(ints), ints[0], ints[7], ints[999], sys.getsizeof(ints))
m = {"x": 1}
m["x"] += 10
m["y"] = m.get("y", 0) + 1
print(m)
