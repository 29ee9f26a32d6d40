# Automatic collections while an exception unwinds. CPython 3.11 pops each
# frame as the exception leaves it, and allocates the frame objects and
# tracebacks with the exception fetched (PyTraceBack_Here,
# _PyFrame_MakeAndSetFrameObject), so generation 0 can pass its threshold
# there and collect, running finalizers on the frames still alive. (Nothing is
# printed until the end: print's own allocations in CPython's io module, which
# memsim does not model, would shift the counts.)
import gc

log = []


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        log.append(("del", self.name, probe(3)))


def probe(n):
    # a finalizer calling further: below the recursion limit only if the unwound frames are gone
    return n if n == 0 else probe(n - 1) + 1


def down(n):
    return down(n + 1)


gc.collect()  # (after the first class statement, whose GC allocations differ by one: docs/gc.md)
a = Node("a")
b = Node("b")
a.other = b
b.other = a
del a, b
log.append(("before", gc.get_count()))
try:
    down(0)
except RecursionError as e:
    log.append(("caught", type(e).__name__, gc.get_count()))
log.append(("after", gc.get_count()))
log.append(("collect", gc.collect()))


def shallow(n):
    if n == 0:
        raise ValueError("bottom")
    return shallow(n - 1)


for depth in (5, 300, 400):
    c = Node("c" + str(depth))
    c.other = c
    del c
    try:
        shallow(depth)
    except ValueError:
        log.append(("depth", depth, gc.get_count()))
log.append(("collect", gc.collect()))

gc.set_threshold(50)
d = Node("d")
d.other = d
del d
try:
    down(0)
except RecursionError:
    log.append(("threshold 50", gc.get_count()))
gc.set_threshold(700)
for entry in log:
    print(*entry)
