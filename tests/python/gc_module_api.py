# The gc module's API around the collector (values of a fresh 3.11
# interpreter):
#   - get_threshold() is (700, 10, 10); set_threshold(t0[, t1[, t2]]) sets
#     the ones given and keeps the others;
#   - isenabled()/disable()/enable();
#   - get_debug() is 0; the DEBUG_* flags are STATS 1, COLLECTABLE 2,
#     UNCOLLECTABLE 4, SAVEALL 32, LEAK 38 (COLLECTABLE | UNCOLLECTABLE |
#     SAVEALL). Only DEBUG_SAVEALL is turned on (the others print on
#     stderr): the garbage is then appended to gc.garbage instead of being
#     freed (the count returned is the same); once the list lets go, the
#     next collection frees it;
#   - gc.garbage is an empty list; gc.callbacks an empty list;
#   - freeze() moves every tracked object to the permanent generation and
#     zeroes count0; get_freeze_count() is its size, which includes
#     CPython's own start-up objects, so only the change is printed: between
#     two freeze() calls the script creates 4 lists (kept), a
#     self-referencing list and a self-referencing dict (garbage), and the
#     3-tuple returned by the get_count() in between (kept in c1: a new
#     tuple is tracked until a collection examines it): 7. Frozen garbage is
#     not collected (0); after unfreeze() the count is 0 and a collection
#     finds the 2 objects;
#   - callbacks: each registered callable gets (phase, info) before
#     ("start") and after ("stop") every collection, in the order of the
#     list; info is a dict with the keys generation, collected,
#     uncollectable in that order (collected and uncollectable are 0 at
#     "start").
import gc

print("threshold", gc.get_threshold())
gc.set_threshold(1000)
print("set_threshold(1000)", gc.get_threshold())
gc.set_threshold(500, 5)
print("set_threshold(500, 5)", gc.get_threshold())
gc.set_threshold(700, 10, 10)
print("back", gc.get_threshold())

print("enabled", gc.isenabled())
gc.disable()
print("after disable()", gc.isenabled())
gc.enable()
print("after enable()", gc.isenabled())
gc.disable()

print("debug", gc.get_debug())
print("flags", gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE,
      gc.DEBUG_SAVEALL, gc.DEBUG_LEAK)
print("LEAK is COLLECTABLE | UNCOLLECTABLE | SAVEALL",
      gc.DEBUG_LEAK == gc.DEBUG_COLLECTABLE | gc.DEBUG_UNCOLLECTABLE | gc.DEBUG_SAVEALL)
print("garbage", gc.garbage, type(gc.garbage) is list)
print("callbacks", gc.callbacks, type(gc.callbacks) is list)

gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
print("set_debug(DEBUG_SAVEALL)", gc.get_debug())
a = []
a.append(a)
del a
r = gc.collect()
print("collect", r, "garbage holds", len(gc.garbage), "object(s), a list holding itself:",
      gc.garbage[0][0] is gc.garbage[0])
gc.set_debug(0)
print("set_debug(0)", gc.get_debug())
gc.garbage.clear()
print("after garbage.clear(): collect", gc.collect(), "garbage", gc.garbage)

gc.collect()
gc.freeze()
f1 = gc.get_freeze_count()
c1 = gc.get_count()
kept = [[], [], []]
a = []
a.append(a)
del a
d = {}
d["self"] = d
del d
gc.freeze()
f2 = gc.get_freeze_count()
c2 = gc.get_count()
r1 = gc.collect()
gc.unfreeze()
f3 = gc.get_freeze_count()
r2 = gc.collect()
print("count after freeze()", c1, c2)
print("freeze count rose by", f2 - f1, "; collect while frozen", r1)
print("after unfreeze(): freeze count", f3, "; collect", r2)


def first(phase, info):
    print(" first", phase, [(k, info[k]) for k in info])


def second(phase, info):
    print(" second", phase, info["generation"], info["collected"], info["uncollectable"])


gc.callbacks.append(first)
gc.callbacks.append(second)
x = []
x.append(x)
y = {}
y["y"] = y
del x, y
print("collect(1) with two callbacks:")
r = gc.collect(1)
print("returned", r)
gc.callbacks.remove(first)
print("collect() with the second only:")
r = gc.collect()
print("returned", r)
gc.callbacks.remove(second)
print("callbacks", len(gc.callbacks))
gc.enable()
