# Slicing of lists, tuples and strs: bounds, negative steps, slice
# assignment (growing and shrinking), del of slices, copies.
import sys

L = list(range(10))
print(L[2:5], L[:3], L[7:], L[-3:], L[:-7], L[::3], L[1::2], L[::-1], L[8:2:-2])
print(L[100:], L[-100:2], L[5:5], L[5:2], L[::-3], L[-1:-4:-1], L[3:-3])
t = tuple(L)
print(t[2:5], t[::-2], t[:0], t[-2:])
s = "abcdefghij"
print(s[2:5], s[::-1], s[::3], s[-4:-1], s[100:], s[:100])
c = L[:]
c[0] = 99
print(L[0], c[0], c is L, c == L)
M = list(range(10))
M[2:5] = ["a", "b"]
print(M, len(M))
M[1:1] = [7, 7, 7]
print(M)
M[:3] = []
print(M)
M[::2] = [0] * len(M[::2])
print(M)
M[-2:] = range(5)
print(M)
del M[::3]
print(M)
del M[1:4]
print(M)
del M[:]
print(M, sys.getsizeof(M))
N = list(range(100))
del N[10:]
print(N, sys.getsizeof(N))
N[len(N):] = [10, 11, 12]
print(N)
parts = [s[i:i + 3] for i in range(0, len(s), 3)]
print(parts)
w = "memsim"
print(w[1:-1], w[-1::-2], w[10:20] == "", w[:2] + w[2:] == w)
x = [1, 2, 3, 4, 5, 6]
x[1:5:2] = ["b", "d"]
print(x)
