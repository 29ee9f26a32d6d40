# Reference cycles: objects that keep each other alive after the last name
# is gone, until the cycle collector (gc.collect()) finds them.
#
# Look for, in `memsim py cycles.py --report`:
#   - after each `del` below nothing is freed (refcounts stay above 0): the
#     heap keeps the objects;
#   - each gc.collect() (category GC): it walks the tracked containers, finds
#     the unreachable cycles and frees them; its return value is the number of
#     unreachable objects;
#   - gc.get_count(): the allocations minus deallocations of tracked objects
#     since the last collection (generation 0), and the younger generations'
#     collection counts.
import gc


class Pair:
    def __init__(self, name):
        self.name = name
        self.partner = None


gc.collect()
gc.disable()
print(gc.get_count())
lst = []
lst.append(lst)
del lst
print("self-referencing list:", gc.collect())
a = Pair("a")
b = Pair("b")
a.partner = b
b.partner = a
del a
del b
print("two instances referencing each other:", gc.collect())
chains = []
for i in range(100):
    p = Pair(str(i))
    q = Pair(str(-i))
    p.partner = q
    q.partner = p
    chains.append(p)
print(gc.get_count())
chains = None
p = None
q = None
print("100 pairs:", gc.collect())
print(gc.get_count())
gc.enable()
