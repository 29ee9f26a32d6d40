# A dict of 100,000 int keys: inserts through every resize, then lookups.
d = {}
for i in range(100000):
    d[i] = i * 2
s = 0
for k in d:
    s += d[k]
print(len(d), s)
