# Building a str: += in a loop versus ''.join.
#
# Look for, in `memsim py string_building.py --report`:
#   - line 15 (s += p): at module level CPython 3.11 copies the whole str
#     into a new object and frees the old one on every += (its in-place
#     resize is a specialisation for function locals only), and so does
#     lines 18-20's `keep = keep + p`: O(n^2) bytes copied;
#   - line 22 (''.join): the pieces are kept in a list, then one allocation of
#     the final size and one copy of each piece.
import sys

pieces = [str(i) for i in range(2000)]
s = ""
for p in pieces:
    s += p
print(len(s), sys.getsizeof(s))
keep = ""
for p in pieces[:200]:
    keep = keep + p
    alias = keep
print(len(keep), sys.getsizeof(keep))
j = "".join(pieces)
print(len(j), j == s, sys.getsizeof(j))
print(s[:30], s[-30:])
