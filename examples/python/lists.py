# Lists: a header object plus a separately allocated array of pointers that
# grows by over-allocation.
#
# Look for, in `memsim py lists.py --report`:
#   - the append loop (line 17): the pointer array is reallocated only when
#     the capacity is exhausted (0, 4, 8, 16, 24, 32, 40, 52, 64, 76, ...),
#     small arrays in pymalloc, larger ones (over 512 bytes) from malloc;
#   - the ints above 256 appended are one allocation each; ints up to 256 are
#     the shared small-int objects (no allocation);
#   - del L (line 30) frees the array and every item whose refcount drops to 0.
import sys

L = []
print(len(L), sys.getsizeof(L))
last = sys.getsizeof(L)
for i in range(300):
    L.append(i)
    if sys.getsizeof(L) != last:
        last = sys.getsizeof(L)
        print("len", len(L), "capacity bytes", last - 56)
print(sum(L), L[-1])
M = L[:100]
print(len(M), sys.getsizeof(M), M is L, M[99] is L[99])
N = [0] * 1000
print(sys.getsizeof(N))
grid = [[0] * 10 for i in range(10)]
for i in range(10):
    grid[i][i] = 1
print(grid[3], sum([sum(r) for r in grid]))
del L
del M
N = None
print("freed")
