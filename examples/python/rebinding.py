# Rebinding a name: what happens in memory.
#
# Look for, in `memsim py rebinding.py --report`:
#   - lines 18-19 (a = 3; a = 6): no allocation and no free: 3 and 6 are
#     preallocated small ints (the cache holds -5..256), only refcounts move;
#   - lines 24-25 (b = 1000; b = 2000): each literal is a constant built once
#     when the code is loaded, so rebinding allocates nothing either;
#   - line 41 (c = c + 1 on a computed 1000): a new int object is allocated
#     (a 32-byte pymalloc block) and the old one is freed when its refcount
#     drops to 0: the block goes back to its pool and is reused at once;
#   - the loop at lines 47-48: one allocation and one free per iteration, the
#     heap does not grow.
import sys

# Small ints are shared: the name just points at a different cached object.
# Their refcounts are large and vary (the interpreter uses them everywhere),
# so they are not printed.
a = 3
a = 6
print(a, a == 6)
# A literal outside the cache: the int object 2000 is a constant of this
# code. Its references: the name `b`, the code's constants, the parser's tree
# (CPython keeps it until the script ends) and getrefcount's argument.
b = 1000
b = 2000
r = sys.getrefcount(b)
print(b, r)
# Computed at run time: int("1000") creates a fresh object held only by `c`
# (refcount 2: the name and getrefcount's argument).
c = int("1000")
r = sys.getrefcount(c)
print(c, r)
d = c
r = sys.getrefcount(c)
print("two names:", r)
del d
r = sys.getrefcount(c)
print("one name again:", r)
# c + 1 allocates a new int; storing it in c drops the last reference to the
# old 1000, which is freed right away (deallocated, block back to the pool).
c = c + 1
r = sys.getrefcount(c)
print(c, r)
# A loop that keeps rebinding: each iteration allocates one int and frees the
# previous one.
total = int("0")
for i in range(1000):
    total = total + 1000
r = sys.getrefcount(total)
print(total, r)
# Careful: print(c, sys.getrefcount(c)) would show one more, because c is
# already on the value stack as print's first argument.
print(c, sys.getrefcount(c))
