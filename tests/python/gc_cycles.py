# Reference cycles and the cycle collector: gc.collect() returns the number
# of unreachable objects it found. The first collect clears anything left
# from start-up; then each stage creates known garbage.
import gc

class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

gc.collect()
gc.disable()
a = []
a.append(a)
del a
print("self-referencing list", gc.collect())
x = Node("x")
y = Node("y")
x.other = y
y.other = x
del x, y
print("two instances", gc.collect())
ring = [Node(str(i)) for i in range(10)]
for i in range(10):
    ring[i].other = ring[(i + 1) % 10]
del ring
print("ring of 10", gc.collect())
d = {}
d["self"] = d
del d
print("self-referencing dict", gc.collect())
keep = []
keep.append(keep)
print("still referenced", gc.collect())
t = ([],)
t[0].append(t)
del t
print("tuple and list", gc.collect())
nocycle = [[1], [2], {"k": [3]}]
del nocycle
print("no cycles", gc.collect())
gc.enable()
print(len(keep), keep[0] is keep)
