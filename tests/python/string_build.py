# Building strs: += in a loop (CPython resizes in place when the str has one
# reference), join, repetition, f-strings; sizes as they grow.
import sys

s = ""
sizes = []
for i in range(200):
    s += "x"
    if i % 40 == 0:
        sizes.append(sys.getsizeof(s))
print(len(s), sizes)
parts = []
for i in range(500):
    parts.append(str(i))
joined = ",".join(parts)
print(len(joined), joined[:40], joined[-20:], sys.getsizeof(joined))
acc = ""
for p in parts[:50]:
    acc = acc + p + ";"
print(acc)
lines = []
for r in range(8):
    lines.append(" " * (7 - r) + "*" * (2 * r + 1))
print("\n".join(lines))
table = ""
for i in range(1, 6):
    table += f"{i:>3}|" + "".join([f"{i * j:4}" for j in range(1, 6)]) + "\n"
print(table, end="")
u = ""
for i in range(20):
    u += "\u00e9" if i % 2 else "a"
print(u, len(u), sys.getsizeof(u))
w = ""
for i in range(10):
    w += "\u4e2d"
w += "\U0001F600"
print(w, len(w), sys.getsizeof(w))
big = "ab" * 5000
print(len(big), big.count("ba"), sys.getsizeof(big), sys.getsizeof(big + big))
rev = ""
for ch in "memsim":
    rev = ch + rev
print(rev)
print("".join([chunk.upper() for chunk in "a.b.c".split(".")]), "-" * 30)
