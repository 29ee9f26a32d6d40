# Reference cycles: objects that keep each other alive after the last name
# is gone, until the cycle collector (gc.collect()) finds them.
#
# Look for, in `memsim py cycles.py --gc-log --report`:
#   - after each `del` below nothing is freed (refcounts stay above 0): the
#     heap keeps the objects;
#   - each gc.collect() (category gc): it walks the tracked containers, finds
#     the unreachable cycles and frees them; its return value is the number of
#     unreachable objects;
#   - the loop at the end: its allocations start collections of their own
#     (generation 0 every 701 containers allocated, then older ones);
#   - gc.get_count(): the allocations minus deallocations of tracked objects
#     since the last collection (generation 0), and the younger generations'
#     collection counts. The counts are printed at the end: CPython's print
#     allocates a few tracked objects of its own the first times it runs (its
#     io buffers), which would show in them.
import gc


class Pair:
    def __init__(self, name):
        self.name = name
        self.partner = None


gc.collect()
gc.disable()
counts = [gc.get_count()]
lst = []
lst.append(lst)
del lst
found = [gc.collect()]
a = Pair("a")
b = Pair("b")
a.partner = b
b.partner = a
del a
del b
found.append(gc.collect())
chains = []
for i in range(100):
    p = Pair(str(i))
    q = Pair(str(-i))
    p.partner = q
    q.partner = p
    chains.append(p)
counts.append(gc.get_count())
chains = None
p = None
q = None
found.append(gc.collect())
counts.append(gc.get_count())
gc.enable()
rings = []
for i in range(3000):
    x = Pair(i)
    x.partner = x
    if i % 2 == 0:
        rings.append(x)
found.append(gc.collect())
print("self-referencing list:", found[0])
print("two instances referencing each other:", found[1])
print("100 pairs:", found[2])
print("3000 self-referencing instances, half kept:", found[3], "(the rest went in the automatic collections)")
print("counts:", counts)
