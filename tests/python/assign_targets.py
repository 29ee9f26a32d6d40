# Assignment forms: chained, tuple/list targets, nested unpacking, swaps,
# subscript and attribute targets, augmented assignment on every target kind.
a = b = c = 5
print(a, b, c)
x, y = 1, 2
x, y = y, x
print(x, y)
(p, q), [r, s] = [1, 2], (3, 4)
print(p, q, r, s)
first, second, third = "abc"
print(first, second, third)
k, v = ("key", [1, 2])
v.append(3)
print(k, v)
L = [0] * 5
L[0], L[1] = 10, 20
L[2] = L[3] = 7
i = 4
L[i], i = 99, 0
print(L, i)
d = {}
d["a"], d["b"] = 1, 2
d["a"] += 5
d["c"] = d["d"] = []
d["c"].append("shared")
print(d)

class Box:
    def __init__(self):
        self.items = []
        self.count = 0

box = Box()
box.count += 3
box.items += [1, 2]
box.items.append(3)
box.label = box.name = "boxed"
print(vars(box))
n = 10
n += 5
n -= 3
n *= 4
n //= 5
n %= 7
n **= 3
n <<= 2
n >>= 1
n |= 16
n &= 0xFF
n ^= 5
print(n)
f = 2.5
f /= 2
f **= 2
print(f)
s = "ab"
s *= 3
s += "!"
print(s)
t = (1,)
t += (2, 3)
print(t)
M = [[0, 0], [0, 0]]
M[1][0] += 9
M[0][1] -= 1
print(M)
a, b = b, a + b
print(a, b)
for idx, (name, score) in [(0, ("x", 1)), (1, ("y", 2))]:
    print(idx, name, score)
