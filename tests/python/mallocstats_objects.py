# sys._debugmallocstats() deltas for lists of small objects: tuples, small
# dicts, instances with two attributes, ints above the small-int cache, strs.
# Each stage is a function, run once on 20 items as a warm-up (first-call
# effects: the class's shared keys, the instance values size estimate);
# every module-level name exists before the first snapshot; gc.collect()
# empties the free lists, then gc.disable().
# mallocstats-compare: 0 1 500 2-tuples (and the list holding them)
# mallocstats-compare: 1 2 500 dicts {"a": i, "b": i}
# mallocstats-compare: 2 3 500 instances of Pair
# mallocstats-compare: 3 4 500 ints 1000..1499
# mallocstats-compare: 4 5 500 strs of 20 characters
# mallocstats-compare: 5 6 everything dropped
import sys
import gc


class Pair:
    def __init__(self, a, b):
        self.a = a
        self.b = b


def tuples(n):
    return [(i, i) for i in range(n)]


def dicts(n):
    return [{"a": i, "b": i} for i in range(n)]


def pairs(n):
    return [Pair(i, i) for i in range(n)]


def ints(n):
    return [i + 1000 for i in range(n)]


def strs(n):
    return [str(i).zfill(20) for i in range(n)]


t = tuples(20)
d = dicts(20)
p = pairs(20)
k = ints(20)
s = strs(20)
t = None
d = None
p = None
k = None
s = None
gc.collect()
gc.disable()
sys._debugmallocstats()
t = tuples(500)
sys._debugmallocstats()
d = dicts(500)
sys._debugmallocstats()
p = pairs(500)
sys._debugmallocstats()
k = ints(500)
sys._debugmallocstats()
s = strs(500)
sys._debugmallocstats()
t = None
d = None
p = None
k = None
s = None
sys._debugmallocstats()
print("done")
