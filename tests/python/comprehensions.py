# List, dict and set comprehensions: filters, nesting, several fors,
# comprehensions over strs, dicts and ranges; each has its own scope.
squares = [i * i for i in range(15)]
print(squares)
evens = [x for x in squares if x % 2 == 0]
print(evens)
pairs = [(i, j) for i in range(4) for j in range(i) if (i + j) % 2]
print(pairs)
matrix = [[r * 4 + c for c in range(4)] for r in range(3)]
print(matrix)
flat = [v for row in matrix for v in row]
print(flat)
transposed = [[row[c] for row in matrix] for c in range(4)]
print(transposed)
words = "the quick brown fox jumps over the lazy dog".split()
lengths = {w: len(w) for w in words}
print(lengths)
first = {w[0] for w in words}
print(sorted(first), len(first))
upper = [w.upper() for w in words if "o" in w]
print(upper)
inv = {v: k for k, v in lengths.items()}
print(inv)
grid = {(x, y): x * y for x in range(3) for y in range(3) if x != y}
print(grid)
mods = {n % 7 for n in range(100)}
print(mods)
nested = [[c for c in w] for w in ["ab", "cde", ""]]
print(nested)
i = "outer"
inner = [i for i in range(3)]
print(i, inner)
cond = ["even" if n % 2 == 0 else "odd" for n in range(5)]
print(cond)
chars = [ch for ch in "h\u00e9llo w\u00f6rld" if ch != " "]
print(chars, len(chars))
d = {k: [v * j for j in range(3)] for k, v in [("a", 1), ("b", 10)]}
print(d)
big = [float(i) / 4 for i in range(2000)]
print(len(big), big[1999], sum(big))
strs = [str(i) * 3 for i in range(0, 300, 25)]
print(strs)
print([[x, y] for x, y in zip("abc", [1, 2, 3])], [n for n in [] if n])
