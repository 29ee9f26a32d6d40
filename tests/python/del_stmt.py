# del of names, list items and slices, dict keys, attributes; rebinding
# after del; sys.getrefcount shows what each del releases.
import sys

data = [1, 2, 3, 4, 5, 6, 7, 8]
alias = data
print(sys.getrefcount(data))
del alias
print(sys.getrefcount(data))
del data[0]
del data[-1]
del data[1:3]
print(data)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d, "b" in d)

class Holder:
    def __init__(self):
        self.payload = [0] * 10
        self.tag = "t"

h = Holder()
p = h.payload
print(sys.getrefcount(p))
del h.payload
print(sys.getrefcount(p), vars(h))
h.payload = "back"
print(vars(h))
x = 1
del x
x = "rebound"
print(x)
a = b = [9]
del a, b
items = [[i] for i in range(5)]
keep = items[2]
print(sys.getrefcount(keep))
del items
print(sys.getrefcount(keep), keep)
