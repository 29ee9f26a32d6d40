# sorted() and reversed(): stability, keys, reverse=, over lists, tuples,
# strs, dicts, sets, ranges; list.sort vs sorted copies.
data = [5, 2, 9, 1, 5, 6, -3, 0, 2]
s = sorted(data)
print(s, data, s is data)
print(sorted(data, reverse=True), sorted((3, 1, 2)), sorted("memsim"), sorted({"b": 1, "a": 2}))
print(sorted({9, -1, 4}), sorted(range(5, 0, -1)), sorted([]), sorted([1.5, 1, 0.5, True]))
recs = [("ann", 31), ("bob", 27), ("cid", 31), ("dee", 27), ("eve", 40)]
print(sorted(recs, key=lambda r: r[1]))
print(sorted(recs, key=lambda r: r[1], reverse=True))
print(sorted(recs, key=lambda r: (-r[1], r[0])))
print(list(reversed(data)), list(reversed((1, 2, 3))), list(reversed("abc")), list(reversed(range(4))))
print("".join(reversed("stressed")), [x for x in reversed([[1], [2]])])
for i in reversed(range(3)):
    print(i, end=" ")
print()
words = "Sphinx of black quartz judge my vow".split()
print(sorted(words), sorted(words, key=lambda w: w.lower()))
print(sorted(words, key=len), sorted(words, key=lambda w: w[-1]))
big = [(i * 7919) % 1000 for i in range(1000)]
sb = sorted(big)
print(sb[:10], sb[-10:], sb == list(range(1000)))
strs = [str(i) for i in range(20)]
print(sorted(strs), sorted(strs, key=int, reverse=True)[:5])
print(sorted([[2, 1], [1, 2], [1, 1, 1], []]), sorted([(1, "b"), (1, "a")]))
d = {"x": 3, "y": 1, "z": 2}
print(sorted(d.items()), sorted(d.values()), sorted(d, key=lambda k: d[k]), list(reversed(sorted(d))))
