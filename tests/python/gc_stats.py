# gc.get_stats() and gc.get_count() after scripted workloads. get_stats()
# is a list of 3 dicts (one per generation) with the keys collections,
# collected, uncollectable (in that order): how many collections of that
# generation ran, and the unreachable objects they found. The absolute
# numbers include CPython's start-up collections, so the script prints the
# change since a baseline taken after gc.collect() (as
# collections/collected/uncollectable per generation). gc.disable() stops
# automatic collections except in the last stage. get_count() is read right
# after each collection, so count0 is 0 there; count1/count2 count the
# collections of generations 0/1 since the last collection of 1/2.
#   - garbage made in generation 0 is found by collect(0) (3 lists);
#   - a pair of instances kept across collect(0) moves to generation 1;
#     once dropped, collect(0) does not see it, collect(1) does (2: no
#     __dict__s);
#   - a dict-list cycle kept across collect(1) moves to generation 2; only
#     collect(2) finds it (2);
#   - collect() is collect(2): a ring of 6 instances, 3 with a materialised
#     __dict__, is 9 objects;
#   - uncollectable stays 0: only objects with a legacy tp_del finalizer
#     (none in Python code since 3.4: __del__ is collectable) are;
#   - automatic: after gc.collect() (count0 0, free lists empty) 2000 lists
#     each referring to itself, the previous one dropped each time. The
#     701st list (i = 700) starts a collection of generation 0 (count0 701 >
#     700), which finds lists 0..698 (699 is still bound to `a`). The
#     collection frees them: the first 80 go to the list free list, the rest
#     back to the allocator; neither lowers count0 (0 during a collection, it
#     never goes below 0). The next 80 lists come from the free list and do
#     not count, so the next collection is at i = 700 + 80 + 701 = 1481 and
#     finds 700..1479 (780); then 80 more from the free list and 438 new
#     lists: count (438, 2, 0). The final collect() finds list 699 and 1480
#     (now in generation 1) and 1481..1999: 521.
import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None


base = [0] * 9
cur = [0] * 9
FIELDS = ["collections", "collected", "uncollectable"]


def take(into):
    st = gc.get_stats()
    for g in range(3):
        for f in range(3):
            into[3 * g + f] = st[g][FIELDS[f]]


def report(stage, r, c):
    take(cur)
    parts = []
    for g in range(3):
        d = [cur[3 * g + f] - base[3 * g + f] for f in range(3)]
        parts.append(f"gen{g} {d[0]}/{d[1]}/{d[2]}")
    if r >= 0:
        stage = f"{stage}: returned {r}"
    print(f"{stage}, count {c!r}; since start", ", ".join(parts))


gc.collect()
gc.disable()
st = gc.get_stats()
print(len(st), "generations, keys", list(st[0]))
st = None
take(base)

a = []
a.append(a)
b = []
b.append(b)
c = []
c.append(c)
a = b = c = None
r = gc.collect(0)
report("three self-referencing lists, collect(0)", r, gc.get_count())

x = Node("x")
y = Node("y")
x.other = y
y.other = x
r = gc.collect(0)
report("a pair of instances kept, collect(0)", r, gc.get_count())
x = y = None
r = gc.collect(0)
report("the pair dropped, in generation 1: collect(0)", r, gc.get_count())
r = gc.collect(1)
report("collect(1)", r, gc.get_count())

d = {"list": []}
d["list"].append(d)
r = gc.collect(1)
report("a dict-list cycle kept, collect(1)", r, gc.get_count())
d = None
r = gc.collect(0)
report("dropped, in generation 2: collect(0)", r, gc.get_count())
r = gc.collect(1)
report("collect(1)", r, gc.get_count())
r = gc.collect(2)
report("collect(2)", r, gc.get_count())

ring = [Node(str(i)) for i in range(6)]
for i in range(6):
    ring[i].other = ring[(i + 1) % 6]
    if i % 2 == 0:
        vars(ring[i])
ring = None
r = gc.collect()
report("a ring of 6 instances, 3 with __dict__, collect()", r, gc.get_count())

for i in range(5):
    a = []
    a.append(a)
a = None
r = gc.collect(0)
report("five lists, collect(0)", r, gc.get_count())
r = gc.collect(0)
report("nothing, collect(0)", r, gc.get_count())
r = gc.collect(1)
report("nothing, collect(1)", r, gc.get_count())
r = gc.collect(2)
report("nothing, collect(2)", r, gc.get_count())

r = gc.collect()
gc.enable()
for i in range(2000):
    a = []
    a.append(a)
gc.disable()
c = gc.get_count()
report("2000 self-referencing lists, automatic collections", -1, c)
a = None
r = gc.collect()
report("the rest, collect()", r, gc.get_count())
gc.enable()
