# enumerate() and zip(): start values, unpacking, unequal lengths, building
# dicts, zip of three sequences, enumerate over strs and dicts.
names = ["ann", "bob", "cid"]
ages = [31, 27, 45]
cities = ("oslo", "rome", "lima", "extra")
for i, n in enumerate(names):
    print(i, n, end="; ")
print()
for i, n in enumerate(names, 1):
    print(i, n, end="; ")
print()
for i, n in enumerate(names, start=100):
    print(i, n, end="; ")
print()
print(list(enumerate("abc")), list(enumerate([])), list(enumerate({"k": 1, "j": 2})))
for n, a in zip(names, ages):
    print(n, a, end="; ")
print()
print(list(zip(names, ages, cities)), list(zip()), list(zip([1, 2, 3], "ab")), list(zip(range(3))))
print(dict(zip(names, ages)), dict(enumerate(cities)))
for i, (n, a) in enumerate(zip(names, ages)):
    print(i, n.upper(), a * 2)
pairs = list(zip(range(5), range(10, 15)))
print(pairs, [a + b for a, b in pairs])
m = [[1, 2, 3], [4, 5, 6]]
print([list(col) for col in zip(m[0], m[1])])
totals = [0, 0, 0]
for row in [[1, 2, 3], [10, 20, 30], [100, 200, 300]]:
    for j, v in enumerate(row):
        totals[j] += v
print(totals)
idx = {}
for pos, word in enumerate("a rose is a rose is a rose".split()):
    if word not in idx:
        idx[word] = []
    idx[word].append(pos)
print(idx)
s1 = "kitten"
s2 = "sitting"
diff = sum([1 for a, b in zip(s1, s2) if a != b])
print(diff, list(zip(s1, s2)))
