# A list of a million floats: a million float objects and a growing 8 MB item
# array (mmap'd and mremap'd), then all freed.
floats = [i * 0.5 for i in range(1000000)]
print(len(floats), floats[-1], sum(floats))
del floats
