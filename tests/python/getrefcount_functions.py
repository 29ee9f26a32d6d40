# sys.getrefcount inside functions: locals are frame slots, arguments are
# held by the caller too, closures and defaults hold references.
import sys

def local_only():
    v = []
    return sys.getrefcount(v)

def argument(a):
    return sys.getrefcount(a)

def argument_rebound(a):
    a = None
    return 0

def two_locals(a):
    b = a
    c = [a, b]
    return sys.getrefcount(a)

def returns_fresh():
    return [1, 2, 3]

def keeps(store, v):
    store.append(v)

print("local", local_only())
x = []
print("argument", argument(x))
print("argument via temporary", argument([]))
print("two locals and a list", two_locals(x))
print("after the calls", sys.getrefcount(x))
r = returns_fresh()
print("returned object", sys.getrefcount(r))
store = []
keeps(store, x)
keeps(store, x)
print("stored twice by a callee", sys.getrefcount(x))

def make_closure():
    cap = ["captured"]
    def inner():
        return cap
    return inner, cap

fn, cap = make_closure()
print("held by a closure cell and a name", sys.getrefcount(cap))
fn = None
print("closure dropped", sys.getrefcount(cap))
dflt = ["default"]

def with_default(v=dflt):
    return sys.getrefcount(v)

print("default value (name, defaults tuple, arg, local)", with_default())
print("default value at module level", sys.getrefcount(dflt))

class C:
    def __init__(self, v):
        self.v = v
    def get(self):
        return sys.getrefcount(self)

o = C(x)
print("instance", sys.getrefcount(o), "self inside a method", o.get())
print("attribute value", sys.getrefcount(x))
del o
print("instance dropped", sys.getrefcount(x))
instances = [C(i) for i in range(3)]
print("class with 3 instances held", sys.getrefcount(C))
instances = None
print("class with no instances", sys.getrefcount(C))

def deep(n, obj):
    if n == 0:
        return sys.getrefcount(obj)
    return deep(n - 1, obj)

print("argument passed down 10 frames", deep(10, []), deep(10, x))
