# Slice assignment and slice deletion with step 1 (list_ass_slice of CPython
# 3.11): one list_resize to the new size, so the list keeps its allocation
# where CPython's does (sys.getsizeof), the replaced items released after the
# new ones are in (a __del__ sees the list whole), v taken as PySequence_Fast
# takes it (a list or tuple as it is, an iterator listed, `a[i:j] = a` a copy,
# "can only assign an iterable").
import sys
class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n, len(L))
L = [D(i) for i in range(12)]
print(sys.getrefcount(L[3]))
L[2:11] = [7, 8]
print(len(L), sys.getsizeof(L))
L[0:0] = L
print(len(L), sys.getsizeof(L))
del L[1:3]
print(len(L), sys.getsizeof(L))
L[1:2] = (x for x in range(30))
print(len(L), sys.getsizeof(L))
L[5:] = "abc"
print(L[1:3], L[-4:], len(L), sys.getsizeof(L))
del L[:]
print(L, sys.getsizeof(L))
M = list(range(40))
for i in range(10):
    M[i:i + 3] = [i] * (i % 4)
    print(len(M), sys.getsizeof(M))
    del M[2 * i:3 * i]
    print(len(M), sys.getsizeof(M))
try:
    M[1:2] = 5
except TypeError as e:
    print(e)
M[8:2] = [1, 2]
M[-100:100:1] = M[:5]
print(M, sys.getsizeof(M))
lst4 = [y for x in range(2) for y in range(x)] + sorted(list(range(8)), reverse=True)
print(sys.getsizeof(lst4))
lst4.extend(list(map(lambda v: v * 4, range(5))))
print(sys.getsizeof(lst4))
lst4[0:1] = []
print(lst4, len(lst4), sys.getsizeof(lst4))
