# sys._debugmallocstats() around allocation stages (stderr). The absolute
# numbers include CPython's own heap; the fixture marks the comparable parts:
# blocks-in-use deltas between the snapshots named below. All the work runs in
# functions (fast locals) with every module name bound before the first
# snapshot, after gc.collect() (which empties the free lists) and
# gc.disable().
# mallocstats-compare: 0 1 nothing happens between two snapshots
# mallocstats-compare: 1 2 build(1000): 1000 floats and the list object
# mallocstats-compare: 2 3 clear(): 900 floats freed, 100 kept by the float free list
# mallocstats-compare: 3 4 build(1000) again: 100 floats reused from the free list
# mallocstats-compare: 4 5 both lists dropped
import sys
import gc


def build(n):
    out = []
    for i in range(n):
        out.append(i * 0.5)
    return out


def clear(lst):
    lst.clear()


first = None
second = None
gc.collect()
gc.disable()
sys._debugmallocstats()
sys._debugmallocstats()
first = build(1000)
sys._debugmallocstats()
clear(first)
sys._debugmallocstats()
second = build(1000)
sys._debugmallocstats()
first = None
second = None
sys._debugmallocstats()
print("done", first, second)
