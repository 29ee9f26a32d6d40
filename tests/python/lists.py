# Lists: literals, growth by append (sizes show the over-allocation pattern),
# indexing, negative indices, nested lists, concatenation, repetition,
# comparison, membership, del.
import sys

L = []
print(L, len(L), sys.getsizeof(L))
last = sys.getsizeof(L)
for i in range(100):
    L.append(i * i)
    s = sys.getsizeof(L)
    if s != last:
        print("len", len(L), "size", s)
        last = s
print(L[0], L[1], L[-1], L[-2], L[50], len(L))
while len(L) > 3:
    L.pop()
    s = sys.getsizeof(L)
    if s != last:
        print("shrunk at len", len(L), "size", s)
        last = s
print(L)
M = [[0] * 3 for i in range(3)]
for i in range(3):
    for j in range(3):
        M[i][j] = i * 3 + j
print(M, M[1], M[2][0], M[-1][-1])
shared = [[0] * 2] * 3
shared[0][0] = 9
print(shared)
a = [1, 2, 3]
b = a
b.append(4)
print(a, a is b, a == [1, 2, 3, 4], a + [5], a * 2, [None] * 4, [] * 3)
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 99], [] == [], [[1]] == [[1]])
print(3 in a, 9 in a, 9 not in a, [4] in [[4], 5])
del a[0]
print(a, b)
del a[-1]
print(a)
a[0] = "x"
a[1] += 10
print(a, len(a))
c = list(range(10))
c[2] = c[3] = -1
print(c)
x, y = [10, 20]
[p, q] = "pq"
print(x, y, p, q)
nested = [1, [2, [3, [4, [5]]]]]
print(nested, nested[1][1][1][1][0], len(nested))
print(list((1, 2)), list("ab"), list(range(3, 0, -1)), list({"k": 1}), list())
print(sys.getsizeof([]), sys.getsizeof([1]), sys.getsizeof([1, 2, 3, 4, 5]), sys.getsizeof([0] * 10), sys.getsizeof(list(range(10))))
big = []
for i in range(20000):
    big.append(i)
print(len(big), sys.getsizeof(big), big[-1], sum(big))
big = None
print(big)
