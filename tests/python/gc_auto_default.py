# Automatic collections at the default thresholds (700, 10, 10) while
# 100,000 new empty lists are appended to a kept list: at which loop index
# each collection happens and which generation it collects.
#
# Expected: the first collection at loop index 700 (the 701st list: count0
# 701 > 700), then one every 701 lists; every 12th is of generation 1
# (count1 = 11 > 10); after 11 collections of generation 1 count2 is 11 and
# the 133rd collection (index 132) is of generation 2 (pending > 0 = total
# // 4); the next one comes 700 lists later (the fresh info dict).
#
# How it is recorded: a callback in gc.callbacks stores (loop index,
# info["generation"]) of every "stop" phase into two preallocated lists of
# ints; everything is printed after the loop. What counts towards generation
# 0 (count0), and so shapes the sequence (memsim must reproduce each item):
#   - every `[]` of the loop: BUILD_LIST 0 takes a list from the list free
#     list if it can, but gc.collect() emptied the free lists and the loop
#     frees no list, so each one is a new GC allocation: +1;
#   - the loop's ints, the range iterator, the growth of keep's item array,
#     the phase strs "start"/"stop": not GC types, they do not count;
#   - the collection starts inside the allocation of the list that takes
#     count0 past threshold0 (_PyObject_GC_Link, 3.11), before that list is
#     tracked; the collection zeroes count0, so that list is never counted
#     and the next collection comes threshold0 + 1 lists later. The loop
#     index printed is that list's (i is stored before `[]` is built);
#   - the callback is called for "start" and "stop" with (phase, info) by
#     vectorcall (no argument tuple); its frame lives on the data stack (no
#     frame object); it stores ints into the preallocated lists: it
#     allocates nothing itself;
#   - info is a new dict {generation, collected, uncollectable}
#     (Py_BuildValue, freed right after the callbacks), taken from the dict
#     free list. The "start" dict is allocated before count0 is zeroed, so
#     it never counts; freed, it goes to the dict free list, and the "stop"
#     dict reuses it (0). But a collection of generation 2 empties the free
#     lists (before the "stop" callbacks), so the "stop" dict after it is a
#     new allocation: count0 is 1 when the loop resumes, and the next
#     collection comes one list earlier (threshold0 lists instead of
#     threshold0 + 1);
#   - set_threshold (when used) is called before the last gc.collect():
#     it takes its arguments as a tuple (METH_VARARGS), which would count.
# Which generation: gc_collect_generations takes the oldest generation whose
# count exceeds its threshold (count1 > threshold1 after threshold1 + 1
# collections of generation 0, count2 likewise for generation 1), but
# generation 2 only if long_lived_pending >= long_lived_total // 4:
# pending = objects moved into generation 2 by collections of generation 1
# since the last full collection, total = objects in generation 2 after it.
# gc.freeze() moves CPython's start-up objects (about 4000, and the script's
# own) to the permanent generation and the gc.collect() after it leaves
# generation 2 empty (total 0), so only the loop's lists take part in this
# rule, never the interpreter's own heap; keep itself is frozen.
import gc

MAXEV = 2000
ev_i = [0] * MAXEV
ev_g = [0] * MAXEV
nev = 0
i = -1
keep = []


def record(phase, info):
    global nev
    if phase == "stop":
        ev_i[nev] = i
        ev_g[nev] = info["generation"]
        nev = nev + 1


gc.collect()
gc.freeze()
gc.collect()
gc.callbacks.append(record)
for i in range(100000):
    keep.append([])
gc.callbacks.remove(record)
final = gc.get_count()
gc.unfreeze()

per_gen = [0, 0, 0]
for k in range(nev):
    per_gen[ev_g[k]] += 1
print("thresholds", gc.get_threshold(), "lists", len(keep))
print("collections", nev, "by generation", per_gen)
print("first 30 (loop index, generation):")
for k in range(0, 30, 6):
    print(" ", [(ev_i[j], ev_g[j]) for j in range(k, k + 6)])
print("generation 1 at collections", [k for k in range(nev) if ev_g[k] == 1][:12])
print("generation 2 (collection, loop index):",
      [(k, ev_i[k]) for k in range(nev) if ev_g[k] == 2])
gaps = {}
for k in range(1, nev):
    key = (ev_i[k] - ev_i[k - 1], ev_g[k - 1])
    gaps[key] = gaps.get(key, 0) + 1
print("lists between collections, by the previous collection's generation:",
      sorted(gaps.items()))
print("last", (ev_i[nev - 1], ev_g[nev - 1]), "sum of loop indices", sum(ev_i[:nev]))
print("count after the loop", final)
