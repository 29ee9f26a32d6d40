# sys.getrefcount at module level: names are entries of the module's dict,
# the argument adds one. Only fresh objects (no constants, small ints, None).
import sys

x = []
print("fresh list", sys.getrefcount(x))
y = x
print("two names", sys.getrefcount(x))
z = y
print("three names", sys.getrefcount(x))
del y
print("after del y", sys.getrefcount(x))
z = None
print("after z = None", sys.getrefcount(x))
print("temporary", sys.getrefcount([]), sys.getrefcount({}), sys.getrefcount(set()))
d = {"a": 1}
e = d
print("dict", sys.getrefcount(d))
s = "abc" * 100
print("str folded at compile time (a constant)", sys.getrefcount(s))
t = s + "!"
print("str built at run time", sys.getrefcount(t))
u = t
print("built str, 2 names", sys.getrefcount(t))
n = int("123456789012345")
print("computed big int", sys.getrefcount(n))
m = n
print("computed big int, 2 names", sys.getrefcount(n))
lit = 98765432109876
print("big int literal (co_consts and the AST also hold it)", sys.getrefcount(lit))
f = 1.5 * 3.0
print("float folded at compile time", sys.getrefcount(f))
f = lit * 0.5
print("float from arithmetic", sys.getrefcount(f))
g = f
print("float, 2 names", sys.getrefcount(g))
a, b = [1], [2]
print("unpacked", sys.getrefcount(a), sys.getrefcount(b))
p = q = r = ["shared"]
print("chained assignment", sys.getrefcount(p))
del p, q
print("after del p, q", sys.getrefcount(r))
for item in [r]:
    print("loop variable over [r] (list, name, loop var)", sys.getrefcount(r))
print("loop variable stays bound", sys.getrefcount(r))
del item
print("after del item", sys.getrefcount(r))
