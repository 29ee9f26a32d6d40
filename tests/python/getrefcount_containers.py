# sys.getrefcount of fresh objects as they enter and leave containers.
import sys

x = []
print("start", sys.getrefcount(x))
L = [x, x, x]
print("in a list 3 times", sys.getrefcount(x))
L.append(x)
print("appended", sys.getrefcount(x))
L.pop()
print("popped (result dropped)", sys.getrefcount(x))
L[0] = None
print("slot overwritten", sys.getrefcount(x))
del L[1]
print("del L[1]", sys.getrefcount(x))
L = None
print("list dropped", sys.getrefcount(x))
t = (x, x)
print("in a tuple twice", sys.getrefcount(x))
del t
d = {"k": x, "j": x}
print("dict values", sys.getrefcount(x))
d["k"] = 0
print("one value replaced", sys.getrefcount(x))
d.clear()
print("cleared", sys.getrefcount(x))
k = (1, 2, "key")
dd = {k: 1}
print("tuple as dict key", sys.getrefcount(k))
dd[k] = 2
print("same key, new value", sys.getrefcount(k))
del dd[k]
print("key deleted", sys.getrefcount(k))
s = {k}
print("set member", sys.getrefcount(k))
s.discard(k)
print("discarded", sys.getrefcount(k))
comp = [x for i in range(10)]
print("list comprehension x10", sys.getrefcount(x))
comp = comp[:5]
print("sliced to 5", sys.getrefcount(x))
comp = comp * 3
print("repeated x3", sys.getrefcount(x))
comp = None
print("released", sys.getrefcount(x))
nested = [[x], [[x]], {"a": [x]}]
print("nested", sys.getrefcount(x))
nested = None
print("nested dropped", sys.getrefcount(x))
m = x.append
print("bound method", sys.getrefcount(x))
del m
print("bound method dropped", sys.getrefcount(x))
