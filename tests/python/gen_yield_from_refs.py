# yield from and the heap: the subiterator lives on the delegating
# generator's value stack while it delegates (sys.getrefcount of a
# subgenerator, of a list behind its iterator, of a return value), and is
# released when it ends; the sizes of delegating generators (one more stack
# slot); the cycle collector over generators suspended in a yield from
# (cycles through their frames, collected; the subgenerator closed first);
# gc.collect() called from deep inside a delegation, and from a function a
# running generator calls.
import gc
import sys


def inner():
    yield 1
    yield 2
    return [1, 2, 3]


def outer(sub):
    r = yield from sub
    print("  return value refs", sys.getrefcount(r))
    yield len(r)


sub = inner()
print("sub", sys.getrefcount(sub))
g = outer(sub)
print("sub, outer made", sys.getrefcount(sub))
print(next(g), "sub while delegating", sys.getrefcount(sub))
print(next(g), "sub while delegating", sys.getrefcount(sub))
print(next(g), "sub after", sys.getrefcount(sub))
print(list(g), "sub, outer done", sys.getrefcount(sub))
del g
print("sub, outer gone", sys.getrefcount(sub))

items = [10, 20, 30]


def over(xs):
    yield from xs


print("list", sys.getrefcount(items))
g = over(items)
print("list, generator made", sys.getrefcount(items))
print(next(g), "list while delegating", sys.getrefcount(items))
print(list(g), "list after", sys.getrefcount(items))
g = over(items)
next(g)
del g
print("list, generator closed midway", sys.getrefcount(items))

payload = ["payload"]


def returns_payload():
    yield 0
    return payload


def keeps():
    got = yield from returns_payload()
    yield sys.getrefcount(got)


print("payload", sys.getrefcount(payload), list(keeps()), sys.getrefcount(payload))


def plain():
    yield 1


def delegating():
    yield from plain()


def delegating_twice():
    x = yield from plain()
    y = yield from plain()
    yield x, y


print(sys.getsizeof(plain()), sys.getsizeof(delegating()), sys.getsizeof(delegating_twice()), sys.getsizeof(outer(None)))
print(gc.is_tracked(delegating()), gc.is_tracked(over([])))


class Node:
    pass


def holder(node):
    yield from node.children


def pending(node):
    keep = [node]
    yield from inner()


gc.collect()
n = Node()
n.children = [1, 2]
n.g = holder(n)
print(next(n.g))
del n
print("holder cycle", gc.collect())
n = Node()
n.g = pending(n)
print(next(n.g))
del n
print("pending cycle", gc.collect())


def closing(tag):
    try:
        yield tag
    finally:
        print("  closed", tag)


def delegates_to(tag, node):
    node.keep = node
    yield from closing(tag)


gc.collect()
for i in range(3):
    n = Node()
    n.g = delegates_to("t" + str(i), n)
    next(n.g)
    del n
print("three rings", gc.collect())


def collects_inside(depth):
    if depth:
        r = yield from collects_inside(depth - 1)
        return r
    garbage = []
    garbage.append(garbage)
    del garbage
    yield gc.collect()
    return "bottom"


def top():
    r = yield from collects_inside(40)
    yield r


gc.collect()
print(list(top()))


def collect():
    cycle = {}
    cycle["self"] = cycle
    del cycle
    return gc.collect()


def calls_collect():
    local = [1, 2]
    yield collect()
    yield [local, collect()]


def delegates_collect():
    yield from calls_collect()


gc.collect()
print(list(calls_collect()), list(delegates_collect()))
before = gc.get_count()[0]
g = delegating_twice()
after = gc.get_count()[0]
print("one more object for the collector", after - before)
print(list(g))
