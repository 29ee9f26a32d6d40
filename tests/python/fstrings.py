# f-strings: {expr}, {expr!r}, {expr:spec} with constant specs.
name = "memsim"
n = 42
x = 3.14159
items = [1, 2, 3]
print(f"{name} has {n} items")
print(f"{name!r} {items!r} {items} {n + 1} {n * 2:d}")
print(f"[{n:5}] [{n:<5}] [{n:^5}] [{n:>5}] [{n:05}] [{n:+}] [{-n:+}] [{n:x}] [{n:X}] [{n:o}] [{n:b}]")
print(f"[{name:10}] [{name:>10}] [{name:^10}] [{name:*^10}] [{name:.3}]")
print(f"[{x:.2f}] [{x:8.3f}] [{x:<8.1f}] [{x:e}] [{1234567:,}] [{1234567.891:,.1f}]")
print(f"{'nested quotes'} {len(items)} {items[0]}{items[-1]} {n if n > 10 else -n}")
print(f"{{braces}} {n}{{}}")
for i in range(1, 6):
    print(f"row {i:2}: {i * i:4} {i ** 3:6} {1 / i:.4f} {'#' * i}")
d = {"a": 1, "b": 2}
print(f"{d['a']} {d!r} {sorted(d)}")
print(f"{True} {None} {None!r} {'x'!r} {3.0} {1e20} {-0.0}")
print(f"{n:#x} {n:#o} {n:#b} {255:08b} {3:%} {0.25:.1%}")
big = 2 ** 100
print(f"{big} {big:,} {-big:_}")
s = ""
for i in range(10):
    s = s + f"{i}:{i * i};"
print(s)
ete = "\u00e9t\u00e9"
zh = "\u4e2d"
print(f"{ete:>6}|{zh:^5}|{ete!r}")
