# sys.getsizeof of ints by digit count, floats, bools, None, strs of each
# kind (ASCII 1-byte, Latin-1, UCS-2, UCS-4) by length, and bytes.
import sys

print("ints")
for e in [0, 1, 29, 30, 31, 59, 60, 61, 89, 90, 119, 120, 300, 1000]:
    v = 2 ** e
    print(e, sys.getsizeof(v), sys.getsizeof(-v), sys.getsizeof(v - 1))
print(sys.getsizeof(0), sys.getsizeof(-1), sys.getsizeof(True), sys.getsizeof(False), sys.getsizeof(None))
print("floats", sys.getsizeof(0.0), sys.getsizeof(-1.5), sys.getsizeof(float("inf")))
print("ascii")
for n in [0, 1, 2, 7, 8, 9, 15, 16, 17, 100, 1000]:
    print(n, sys.getsizeof("a" * n), sys.getsizeof("ab" * n), sys.getsizeof("".join(["x"] * n)))
print("latin-1")
for n in [1, 2, 10, 100]:
    print(n, sys.getsizeof("\u00e9" * n), sys.getsizeof("a" + "\u00e9" * n), sys.getsizeof("\u00ff" * n))
print("ucs-2")
for n in [1, 2, 10, 100]:
    print(n, sys.getsizeof("\u4e2d" * n), sys.getsizeof("a" + "\u4e2d" * n), sys.getsizeof("\u0100" * n))
print("ucs-4")
for n in [1, 2, 10, 100]:
    print(n, sys.getsizeof("\U0001F600" * n), sys.getsizeof("a" + "\U0001F600" * n))
word = "memory"
print("slices", sys.getsizeof(word[1:]), sys.getsizeof(word[:1]), sys.getsizeof(word[1:3]), sys.getsizeof(str(12345)))
print("bytes")
for n in [0, 1, 2, 10, 100]:
    print(n, sys.getsizeof(b"x" * n))
print(sys.getsizeof(b""), sys.getsizeof(b"abc"), sys.getsizeof("abc".upper()), sys.getsizeof(repr(1.5)))
