# The common dict methods and views.
import sys

d = {"apple": 3, "banana": 5, "cherry": 7}
print(d.get("apple"), d.get("zzz"), d.get("zzz", -1), d.keys(), d.values(), d.items())
print(list(d.keys()), list(d.values()), list(d.items()), len(d.keys()))
for k, v in d.items():
    print(k, v, end=" | ")
print()
print(d.pop("banana"), d.pop("nope", "default"), d)
print(d.setdefault("date", 9), d.setdefault("apple", 100), d)
d.update({"apple": 30, "elder": 11})
d.update([("fig", 13)])
d.update(grape=15)
print(d)
print(d.popitem(), d.popitem(), d)
c = d.copy()
c["new"] = 1
print(d, c, c is d)
c.clear()
print(c, len(c), sys.getsizeof(c))
groups = {}
for w in ["ant", "bee", "cat", "ape", "bat", "cow", "asp"]:
    groups.setdefault(w[0], []).append(w)
print(groups)
print("a" in groups.keys(), ["ant", "ape", "asp"] in groups.values(), ("b", ["bee", "bat"]) in groups.items())
total = 0
for v in d.values():
    total += v
print(total, sum(d.values()), max(d.values()), min(d), sorted(d.items()))
sq = {}
for i in range(20):
    sq[i] = i * i
for k in list(sq.keys()):
    if k % 3:
        sq.pop(k)
print(sq, sys.getsizeof(sq))
merged = {}
for part in [{"a": 1}, {"b": 2, "a": 3}, {"c": 4}]:
    merged.update(part)
print(merged, list(merged))
keys = list(merged.keys())
keys.reverse()
print(keys, [merged[k] for k in keys])
print(dict(sorted({"b": 1, "a": 2, "c": 0}.items(), key=lambda kv: kv[1])))
