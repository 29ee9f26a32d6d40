# Generator expressions as arguments of sum, min, max, sorted, list, tuple,
# set, dict, str.join.
print(sum(i * i for i in range(100)))
print(max(len(w) for w in ["a", "abc", "ab"]), min(x % 7 for x in range(10, 20)))
print(sorted(x * -1 for x in range(5)), list(c.upper() for c in "abc"))
print(tuple(i for i in range(5) if i % 2), set(i % 3 for i in range(10)))
print(dict((k, k * 2) for k in "xyz"))
print("-".join(str(i) for i in range(10)))
print(",".join(w for w in "a bb ccc dddd".split() if len(w) % 2 == 0))
g = (n * 2 for n in range(4))
print(list(g), list(g))
total = sum(sum(j for j in range(i)) for i in range(10))
print(total)
words = ["memory", "cache", "heap"]
print(sum(len(w) for w in words), max((len(w), w) for w in words))
print(sum(1 for c in "mississippi" if c == "s"), list(x for x in [] if x))
