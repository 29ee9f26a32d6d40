# lambda: as values, as sort keys, immediately called, capturing names,
# conditional expressions inside, default arguments.
sq = lambda x: x * x
print(sq(7), (lambda: "no args")(), (lambda a, b=3: a * b)(2), (lambda a, b: a - b)(b=1, a=5))
pts = [(3, -1), (-2, 4), (0, 0), (1, 1), (-5, -5)]
print(sorted(pts, key=lambda p: p[0] * p[0] + p[1] * p[1]))
print(sorted(pts, key=lambda p: (p[1], -p[0])))
print(max(pts, key=lambda p: p[0] + p[1]), min(pts, key=lambda p: abs(p[0] - p[1])))
clamp = lambda v, lo=0, hi=10: lo if v < lo else hi if v > hi else v
print([clamp(v) for v in [-5, 0, 5, 10, 15]], clamp(50, hi=100))
ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "//": lambda a, b: a // b}
for op in ["+", "-", "*", "//"]:
    print(op, ops[op](17, 5), end="  ")
print()
k = 3
times_k = lambda v: v * k
print(times_k(2))
k = 4
print(times_k(2))
curry = lambda a: lambda b: lambda c: a + b + c
print(curry(1)(2)(3), curry("x")("y")("z"))
words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words, key=lambda w: (w.lower(), w)))
print(sorted(words, key=lambda w: w[::-1]))
print([sq(i) for i in range(6)])
