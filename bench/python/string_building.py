# Building strs: 200,000 str(i) joined (one allocation of the final size),
# then += in a loop at module level, where CPython 3.11 copies the whole str
# into a new object each time (in a function it would resize it in place).
parts = []
for i in range(200000):
    parts.append(str(i))
s = ",".join(parts)
t = ""
for i in range(20000):
    t += "x"
print(len(s), len(t))
