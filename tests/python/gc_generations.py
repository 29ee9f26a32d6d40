# Generations and tracking.
#
# Part 1: a fresh list starts in generation 0; each collection of its
# generation moves the survivors one generation up (gc.collect(0): 0 -> 1,
# gc.collect(1): 1 -> 2), and generation 2 keeps them. gc.get_count() is
# (count0, count1, count2): count0 = GC-type allocations minus deallocations
# since the last collection (never below 0), count1 = collections of
# generation 0 since the last collection of generation 1, count2 = the same
# for generations 1 and 2. Collecting generation g zeroes counts 0..g and
# adds 1 to count g+1.
# Nothing is printed until the end (print's own objects would count); the
# counts are stored in preallocated lists. Every GC-type allocation between
# the snapshots counts, including CPython's own:
#   - each gc.get_count() result is a new 3-tuple, kept in `counts`, so each
#     snapshot adds 1 to count0 after it;
#   - `o = []` adds 1;
#   - gen_of(o): gc.get_objects(g) builds a list (+1 when the list free list
#     is empty, 0 when it reuses a freed list); dropping it puts it on the
#     list free list, which does not decrement count0; the for loop's list
#     iterator is allocated and freed (+1 -1);
#   - a collection of generation 2 (gc.collect(), gc.collect(2)) empties the
#     free lists, so the next gen_of() allocates a fresh list again.
# So: (0,0,0), +tuple +o = (2,0,0), +tuple +get_objects list = (4,0,0);
# collect(0) -> (0,1,0); collect(1) -> (0,0,1); collect(0) -> (0,1,1);
# collect(1) -> (0,0,2); collect(2) -> (0,0,0); +tuple +fresh list = (2,0,0).
# Each collect returns 0 (no garbage).
#
# Part 2: gc.is_tracked (a class object's tracking: gc_class_tracked.py). Atoms (int, float, str, bytes, None) are never
# tracked, nor is the empty tuple. Dicts start untracked and become tracked
# when a key or value that may be tracked is stored; only a full collection
# untracks them again. An instance's __dict__ materialised by vars() is
# tracked only if one of its values may be tracked. Tuples are tracked when
# created; a collection untracks those whose items are all untracked. For a
# tuple of a tuple the outer one survives the first collection tracked:
# move_unreachable moves the inner tuple (not yet known reachable when the
# scan reaches it) behind the outer one, so untrack_tuples sees the outer one
# first, while its item is still tracked; a second collection untracks it.
import gc


class Box:
    def __init__(self, v):
        self.v = v


def gen_of(o):
    r = -1
    for g in range(3):
        for x in gc.get_objects(g):
            if x is o:
                r = g
    return r


counts = [None] * 10
where = [-1] * 10
ret = [-1] * 10
gc.collect()
gc.disable()
counts[0] = gc.get_count()
o = []
counts[1] = gc.get_count()
where[1] = gen_of(o)
counts[2] = gc.get_count()
ret[3] = gc.collect(0)
counts[3] = gc.get_count()
where[3] = gen_of(o)
ret[4] = gc.collect(1)
counts[4] = gc.get_count()
where[4] = gen_of(o)
ret[5] = gc.collect(0)
counts[5] = gc.get_count()
where[5] = gen_of(o)
ret[6] = gc.collect(1)
counts[6] = gc.get_count()
where[6] = gen_of(o)
ret[7] = gc.collect(2)
counts[7] = gc.get_count()
where[7] = gen_of(o)
counts[8] = gc.get_count()

steps = ["start", "o = []", "gen_of(o)", "gc.collect(0)", "gc.collect(1)",
         "gc.collect(0)", "gc.collect(1)", "gc.collect(2)", "gen_of(o)"]
for k in range(9):
    line = f"{k}: {steps[k]:14} count {counts[k]!r}"
    if ret[k] >= 0:
        line = line + f" returned {ret[k]}"
    if where[k] >= 0:
        line = line + f", o in generation {where[k]}"
    print(line)

print("int", gc.is_tracked(12345), "float", gc.is_tracked(1.5),
      "str", gc.is_tracked("abc"), "bytes", gc.is_tracked(b"abc"),
      "None", gc.is_tracked(None), "()", gc.is_tracked(()))
print("list", gc.is_tracked([]), "set", gc.is_tracked(set()),
      "instance", gc.is_tracked(Box(1)), "function", gc.is_tracked(gen_of))
print("{}", gc.is_tracked({}), "{'a': 1}", gc.is_tracked({"a": 1}),
      "{'a': []}", gc.is_tracked({"a": []}))
n = 7
print("{n: n}", gc.is_tracked({n: n}), "{(n, n): 1}", gc.is_tracked({(n, n): 1}))
d = {"a": 1, "b": "two"}
r1 = gc.is_tracked(d)
d["c"] = [3]
r2 = gc.is_tracked(d)
del d["c"]
r3 = gc.is_tracked(d)
gc.collect()
r4 = gc.is_tracked(d)
print("dict: atomic", r1, "+ a list", r2, "list removed", r3, "after gc.collect()", r4)
b1 = Box(1)
b2 = Box([])
b3 = Box(3)
d3 = vars(b3)
r1 = gc.is_tracked(d3)
b3.w = []
print("vars(): atomic values", gc.is_tracked(vars(b1)), "a list value", gc.is_tracked(vars(b2)),
      "atomic then a list", r1, gc.is_tracked(d3))
t = (n, n + 1)
r1 = gc.is_tracked(t)
gc.collect()
print("tuple of ints: new", r1, "after gc.collect()", gc.is_tracked(t))
t = (n, [n])
gc.collect()
print("tuple holding a list after gc.collect()", gc.is_tracked(t))
t = (n, n + 1)
r1 = gc.is_tracked(t)
gc.collect(0)
print("tuple of ints: new", r1, "after gc.collect(0)", gc.is_tracked(t))
t = (n, (n, n))
gc.collect()
r1 = gc.is_tracked(t)
r2 = gc.is_tracked(t[1])
gc.collect()
print("tuple of a tuple: after one collection outer", r1, "inner", r2,
      "after two outer", gc.is_tracked(t))
gc.enable()
