# A class is what CPython 3.11's type_new makes: a heap type object (904
# bytes and the instances' cached keys, 768: getsizeof 1688 with the GC
# head), its dict, its __mro__ and __bases__ tuples, and for a class without
# bases the __dict__ and __weakref__ descriptors, each holding a reference
# to it. Reference counts, sizes and tracking of classes and of those
# objects, and the attributes a type has of its own.
import gc
import sys


class A:
    pass


class B(A):
    def method(self):
        return 1


class C(B):
    x = 10


# A: its name, its MRO, its two descriptors, B's tp_base, tp_bases and MRO,
# C's MRO; B: its name, its MRO, C's tp_base, tp_bases and MRO
ra = sys.getrefcount(A)
rb = sys.getrefcount(B)
rc = sys.getrefcount(C)
print("refcounts", ra, rb, rc)
mro = C.__mro__
print("mro refcount", sys.getrefcount(mro), len(mro))
del mro
print("bases refcount", sys.getrefcount(C.__bases__), sys.getrefcount(A.__bases__))
print("sizes", sys.getsizeof(A), sys.getsizeof(B), sys.getsizeof(C))
print("tracked", gc.is_tracked(A), gc.is_tracked(C.__mro__), gc.is_tracked(C.__bases__))
print("names", A.__name__, B.__qualname__, C.__module__)
print("mro", C.__mro__)
print("bases", C.__bases__, A.__bases__)
print("base", C.__base__, A.__base__)
print("class of a class", C.__class__, type(C))
print("doc", A.__doc__, C.x, C().x, C().method())
c = C()
c.y = 2
# the __dict__ and __weakref__ descriptors of A's dict, read on an instance
print("instance dict", c.__dict__, c.__weakref__, c.__module__)


class Documented:
    "What it is for."


print("docstring", Documented.__doc__)


def factory():
    class Local:
        pass
    return Local


L = factory()
print("nested", L.__name__, L.__qualname__, L)
print("instance repr", repr(L()).split(" object at")[0])


class E(Exception):
    pass


class F(E):
    pass


# E: one descriptor (__weakref__: BaseException has a __dict__ already)
re_ = sys.getrefcount(E)
print("exception class", re_, sys.getsizeof(E), sys.getsizeof(E()), E.__mro__)
print("exception bases", F.__bases__, F.__base__, ValueError.__base__)

# built-in types
print("builtins", int.__name__, str.__name__, list.__qualname__, object.__name__, type.__name__)
print("builtin modules", int.__module__, dict.__module__, KeyError.__module__)
print("builtin mros", bool.__mro__, KeyError.__mro__, object.__mro__)
print("builtin bases", bool.__bases__, object.__bases__, object.__base__, int.__base__)
values = [1, 2.5, "s", b"b", (1,), [1], {1: 2}, {3}, None, True, len, factory, range(3), iter([]), {}.keys()]
print("type names", [type(v).__name__ for v in values])
print("instance class", C().__class__, C().__class__.__name__, (3).__class__)
print("sizes of static types", sys.getsizeof(int), sys.getsizeof(ValueError))
