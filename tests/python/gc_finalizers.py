# Finalizers (__del__) and the cycle collector, PEP 442 (3.4+):
#   - an object whose refcount drops to 0 is finalized at once, at the `del`
#     or the rebinding, before the next statement; a list frees its items
#     from the last to the first (list_dealloc), so "second" goes first;
#   - objects in an unreachable cycle are finalized by the collection: every
#     __del__ runs (in the order of the collector's unreachable list) before
#     anything is cleared. That list keeps the generation's order, and a new
#     object is appended to generation 0, so a cycle made in one go is
#     finalized in creation order, whatever the links' direction or the
#     order of the `del`s (2- and 3-object cycles, instances hanging off a
#     list). A collection can reorder survivors: move_unreachable first
#     moves an object with no outside reference (q, only referenced by p) to
#     the tentatively-unreachable list, then moves it back behind p when the
#     scan reaches p (held by the old globals dict), so after that collect(0)
#     p comes before q, and when both become garbage p.__del__ runs first;
#   - __del__ runs once per object: one that resurrects the object (stores
#     self in a global list) is not called again, neither by a later
#     collection nor when the last reference goes away;
#   - gc.collect() returns the objects it actually freed: 2 for a finalized
#     2-cycle; 0 when a finalizer resurrected the cycle (the whole cycle
#     survives, everything reachable from the resurrected object included,
#     and moves to the older generation); once the global list lets go, the
#     same objects are collected without any __del__ call (1, 2).
import gc

saved = []


class F:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        print("  __del__", self.name)


class R:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        print("  __del__", self.name, "(resurrects itself)")
        saved.append(self)


gc.collect()
gc.disable()

print("del of an object without a cycle:")
x = F("solo")
del x
print("rebinding the last name:")
x = F("rebound")
x = None
print("a list of two, dropped:")
lst = [F("first"), F("second")]
lst = None

print("2-cycle a <-> b:")
a = F("a")
b = F("b")
a.other = b
b.other = a
del a, b
print("collect", gc.collect())

print("2-cycle, b created first, deleted last:")
b = F("b")
a = F("a")
a.other = b
b.other = a
del b, a
print("collect", gc.collect())

print("3-cycle a -> b -> c -> a:")
a = F("a")
b = F("b")
c = F("c")
a.other = b
b.other = c
c.other = a
del a, b, c
print("collect", gc.collect())

print("3-cycle a -> c -> b -> a, deleted c, a, b:")
a = F("a")
b = F("b")
c = F("c")
a.other = c
c.other = b
b.other = a
del c, a, b
print("collect", gc.collect())

print("list cycle holding three instances:")
lst = [F("x"), F("y"), F("z")]
lst.append(lst)
del lst
print("collect", gc.collect())

print("q created before p, q only reachable through p:")
q = F("q")
p = F("p")
p.other = q
q.other = p
keep = p
del p, q
print("collect(0)", gc.collect(0))
keep = None
print("collect", gc.collect())

print("a self-cycle that resurrects itself:")
r = R("r")
r.other = r
del r
print("collect", gc.collect())
print("saved", len(saved), saved[0].name, saved[0].other is saved[0])
print("collect again", gc.collect())
saved.clear()
print("after saved.clear(): collect", gc.collect())

print("a pair, one resurrects itself (and so the other):")
r = R("r")
f = F("f")
r.other = f
f.other = r
del r, f
print("collect", gc.collect())
print("saved", len(saved), saved[0].name, saved[0].other.name)
print("collect again", gc.collect())
saved.clear()
print("after saved.clear(): collect", gc.collect())

print("no cycle, resurrected by refcount 0:")
x = R("x")
del x
print("saved", len(saved))
saved.clear()
print("after saved.clear() (no second __del__)")
print("collect", gc.collect())
gc.enable()
