# Numeric builtins: abs, min, max, sum over ints/floats/mixed, len, range
# arithmetic, with and without key/default/start.
data = [4, -9, 16, 0, 2.5, -3.75, 8]
print(abs(-3), abs(-3.5), abs(2 ** 65 * -1), abs(True), abs(-0.0))
print(min(data), max(data), min(data, key=abs), max(data, key=abs), min("bca"), max([[1, 2], [1, 3]]))
print(min(3, 4), max(3, 4, 5, -1), min([], default=None), max([], default="empty"), min([7], default=0))
print(sum(data), sum([]), sum([], 5), sum(range(1000)), sum([0.1] * 3), sum([[1], [2]], []))
print(sum([1, 2.5]), sum([True, True, False]), sum([x * x for x in range(10)]))
print(len(range(3, 50, 4)), len("\u00e9t\u00e9"), len([[]] * 7), len({1: 2, 3: 4}), len({1, 1, 1}), len(b"abc"))
acc = []
for n in [10, 100, 1000, 10000]:
    r = range(n)
    acc.append((sum(r), min(r), max(r), len(r)))
print(acc)
print(max(range(5), key=lambda v: (v % 3, v)), min(["Bb", "a", "C"], key=lambda s: s.lower()))
print(sum([2 ** 62, 2 ** 62, 2 ** 62]), max(2 ** 100, 2.0 ** 99), min(-(2 ** 80), -1e30))
