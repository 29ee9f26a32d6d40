# bytes literals: escapes, repr, len, indexing (ints), slicing, comparison,
# concatenation, membership, iteration, sizes.
import sys

b = b"hello\x00\xffworld\n"
print(b, len(b), b[0], b[5], b[6], b[-1], b[:5], b[::-1], b[1:3])
print(repr(b"it's"), repr(b'"q"'), repr(b"\t\r\\"), repr(b"\x7f\x80"), b"")
print(b"abc" == b"abc", b"abc" < b"abd", b"a" + b"b", b"ab" * 3, b"c" in b"abc", 98 in b"abc")
for v in b"AZaz09":
    print(v, end=" ")
print()
print(list(b"xyz"), sum(b"\x01\x02\x03"), max(b"hello"), sorted(b"dcba"))
print(sys.getsizeof(b""), sys.getsizeof(b"a"), sys.getsizeof(b"abcdefgh"), sys.getsizeof(b"x" * 100))
print(bool(b""), bool(b"\x00"), type(b"x"), type(b"x") is type(b"y"))
chunks = [b"alpha", b"beta", b"gamma"]
print(chunks, len(chunks[2]), chunks[1][1:], b"-" * 5)
d = {b"k": 1, b"j": 2}
print(d[b"k"], b"j" in d, sorted(d))
