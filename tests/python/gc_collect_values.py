# The return value of gc.collect(): the number of unreachable objects the
# collector found (collected + uncollectable), i.e. only objects the GC
# tracks. The first collect clears start-up garbage and gc.disable() stops
# automatic collections, so each number below is exactly the garbage of its
# stage:
#   - a list holding itself: 1 object;
#   - instances of a class: in 3.11 an instance keeps its attributes inline
#     (no dict object) until something asks for its __dict__; vars(obj)
#     materialises a real dict, which is one more tracked object. Two
#     instances in a cycle are 2, 3 with one dict, 4 with both dicts; one
#     instance referring to itself is 1, 2 with its dict; a ring of 5 with two
#     dicts is 7;
#   - a dict holding itself: 1; a cycle through a tuple and a list: 2;
#   - what hangs off a cycle is garbage too, if the GC tracks it: a list of
#     ints counts, a dict of atomic values ({"k": 1}) does not (dicts are
#     untracked until they hold a container), {"k": []} counts with its list
#     (2 more), a tuple built at run time counts (tuples are tracked when
#     created);
#   - nothing to collect, or a cycle still referenced by a name: 0; once the
#     name is rebound the same cycle is 2.
import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None


gc.collect()
gc.disable()
print("nothing:", gc.collect())

a = []
a.append(a)
del a
print("self-referencing list:", gc.collect())

x = Node("x")
y = Node("y")
x.other = y
y.other = x
del x, y
print("two instances, no __dict__:", gc.collect())

x = Node("x")
y = Node("y")
x.other = y
y.other = x
vars(x)
del x, y
print("two instances, one __dict__:", gc.collect())

x = Node("x")
y = Node("y")
x.other = y
y.other = x
vars(x)
vars(y)
del x, y
print("two instances, two __dict__s:", gc.collect())

x = Node("x")
x.other = x
del x
print("instance referring to itself:", gc.collect())

x = Node("x")
x.other = x
vars(x)
del x
print("same, with its __dict__:", gc.collect())

ring = [Node(str(i)) for i in range(5)]
for i in range(5):
    ring[i].other = ring[(i + 1) % 5]
vars(ring[0])
vars(ring[2])
del ring
print("ring of 5, two __dict__s:", gc.collect())

d = {}
d["self"] = d
del d
print("self-referencing dict:", gc.collect())

t = ([],)
t[0].append(t)
del t
print("tuple and list:", gc.collect())

x = Node("x")
x.other = [x]
del x
print("instance and list:", gc.collect())

a = []
a.append(a)
a.append([1, 2])
a.append({"k": 1})
del a
print("list holding a list and an atomic dict:", gc.collect())

a = []
a.append(a)
a.append({"k": [1]})
del a
print("list holding a dict holding a list:", gc.collect())

n = 5
a = []
a.append(a)
a.append((n, n + 1))
del a
print("list holding a new tuple of ints:", gc.collect())

nocycle = [[1], [2], {"k": [3]}]
del nocycle
print("no cycle (freed by refcount):", gc.collect())

x = Node("x")
y = Node("y")
x.other = y
y.other = x
keep = x
del x, y
print("cycle still referenced:", gc.collect())
keep = None
print("after the last reference goes:", gc.collect())
print("nothing again:", gc.collect())
gc.enable()
