# Constants of a script run from a file (python3 script.py): every code
# object whose co_consts lists the constant holds it, and so does the
# parser's AST, which CPython frees only after the script has run (pyrun_file
# keeps the arena): +2 over a computed object for a module-level literal.
# Equal literals are merged into one object for the whole module (the
# compiler's constant cache), so a literal used at module level and in f() is
# in two co_consts; the AST still holds one reference to the merged object
# (the other occurrences' objects stay alive in the AST, unreferenced by
# code). The compiler folds constant expressions (1.5 * 4, "ab" * 3,
# (1, 2, 3), -5000), and the folded result is such a constant too.
import sys

a = 123456789012
print("int literal (name, 2 co_consts, AST, argument)", sys.getrefcount(a))
b = 123456789012
print("same literal twice: both names, one co_consts entry", sys.getrefcount(a))
c = int("123456789012")
print("same value computed", sys.getrefcount(c))
d = 1.5 * 4
print("folded float", sys.getrefcount(d))
e = 2.75
print("float literal", sys.getrefcount(e))
t = (1, 2, 3)
print("folded tuple", sys.getrefcount(t))
t2 = (1, 2, [3])
print("tuple built at run time", sys.getrefcount(t2))
n = -5000
print("folded negative int", sys.getrefcount(n))
s = "not an identifier!"
print("str literal", sys.getrefcount(s))
r = "ab" * 3
print("folded str", sys.getrefcount(r))
bb = b"bytes literal"
print("bytes literal", sys.getrefcount(bb))

def f():
    v = 123456789012
    return sys.getrefcount(v)

def g():
    v = 555555555555
    return sys.getrefcount(v)

print("module literal reused in a function", f())
print("literal only in a function", g())
del a, b
print("after del a, b", sys.getrefcount(c))
