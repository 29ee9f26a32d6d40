# del of attributes: a class's own attribute (then found on a base again), a
# special method (len() stops working), a property deleter, an instance's
# attribute; the errors of a missing one (no "Did you mean" on a delete) and
# of a built-in type's.
import sys
class Base:
    x = "base x"
class C(Base):
    x = "C x"
    def __len__(self):
        return 3
    def method(self):
        return "method"
c = C()
print(C.x, c.x, len(c))
del C.x
print(C.x, c.x)
del C.__len__
try:
    len(c)
except TypeError as e:
    print("TypeError", e)
del C.method
try:
    c.method()
except AttributeError as e:
    print("AttributeError", e)
for target in (C, c, Base):
    try:
        del target.nothing
    except AttributeError as e:
        print("AttributeError", e)
c.yy = 1
try:
    del c.y
except AttributeError as e:
    print("AttributeError", e)
del c.yy
print(hasattr(c, "yy"))
try:
    del int.real
except TypeError as e:
    print("TypeError", e)
class P:
    def __init__(self):
        self._v = [1, 2]
    @property
    def v(self):
        return self._v
    @v.deleter
    def v(self):
        print("deleting", sys.getrefcount(self._v))
        del self._v
p = P()
del p.v
print(hasattr(p, "_v"))
del P.v
try:
    p.v
except AttributeError as e:
    print("AttributeError", e)
