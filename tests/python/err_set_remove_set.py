# set.remove of a set key that is not there: set_remove retries with a
# frozenset of its items (found: removed), then raises KeyError with the set
# itself as the key (not "unhashable type: 'set'").
s = {frozenset([1, 2]), frozenset([3]), 4}
s.remove({2, 1})
print(len(s), frozenset([3]) in s)
s.discard({3})
print(len(s), {3} in s, {4} in s)
s.remove({5, 6})
print("not reached")
