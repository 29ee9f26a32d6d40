# Sets and dicts: open-addressing hash tables that resize as they fill.
#
# Look for, in `memsim py sets_dicts.py --report`:
#   - the dict insert loop (line 14): a new keys table when inserting the 6th,
#     11th, 22nd, 43rd and 86th key (rebuilt, the old table freed);
#   - the set insert loop (line 21): the table grows 8 -> 32 -> 128 -> 512
#     slots (x4 while small);
#   - str keys are hashed once (SipHash-1-3) and the hash is cached in the str.
import sys

d = {}
last = sys.getsizeof(d)
for i in range(100):
    d["key" + str(i)] = i
    if sys.getsizeof(d) != last:
        last = sys.getsizeof(d)
        print("dict len", len(d), "size", last)
s = set()
last = sys.getsizeof(s)
for i in range(200):
    s.add(i * 7)
    if sys.getsizeof(s) != last:
        last = sys.getsizeof(s)
        print("set len", len(s), "size", last)
colors = {"red", "green", "blue", "cyan", "magenta", "yellow"}
print(colors)
print(sorted(colors), "red" in colors, "black" in colors)
inventory = {"apples": 3, "pears": 0}
inventory["plums"] = 7
del inventory["pears"]
print(inventory, sys.getsizeof(inventory))
for k in list(d):
    if d[k] % 2:
        del d[k]
print(len(d), sys.getsizeof(d))
