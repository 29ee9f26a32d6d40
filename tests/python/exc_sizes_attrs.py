# Exception objects laid out as CPython 3.11's structs: BaseException's 72
# bytes and a GC head, StopIteration's value, NameError's name,
# AttributeError's obj and name, ImportError's msg, name and path; their
# members, keywords and messages; the name and obj the interpreter gives the
# NameErrors and AttributeErrors it raises (format_exc_check_arg,
# set_attribute_error_context).
import gc
import sys

classes = [BaseException, Exception, ArithmeticError, OverflowError, ZeroDivisionError, AssertionError,
           AttributeError, ImportError, ModuleNotFoundError, LookupError, IndexError, KeyError, MemoryError,
           NameError, UnboundLocalError, RuntimeError, NotImplementedError, RecursionError, StopIteration,
           TypeError, ValueError, GeneratorExit]
for c in classes:
    class Sub(c):
        pass

    e = c()
    print(c.__name__, sys.getsizeof(e), sys.getsizeof(Sub()), sys.getsizeof(c("a", "b")), gc.is_tracked(e))

print("-- members")
e = NameError("x", name="y")
print(e.name, e.args, repr(e), str(e), NameError("x").name, NameError().args)
e = AttributeError("a", name="n", obj=3)
print(e.name, e.obj, e.args, AttributeError().name, AttributeError().obj, AttributeError(obj=[1]).obj)
e = ImportError("m", name="n", path="p")
print(e.msg, e.name, e.path, e.args, str(e), repr(e))
e = ImportError("m", "x")
print(e.msg, e.name, e.path, str(e), repr(e), ImportError().msg, str(ImportError()))
e.msg = "changed"
print(str(e), e.args)
e = ModuleNotFoundError("no", name="mod")
print(e.msg, e.name, e.path, str(e))
print(StopIteration().value, StopIteration(7).value, StopIteration(1, 2).value, StopIteration(None).args)
e = UnboundLocalError("u", name="v")
print(e.name, e.args)
e = NameError("x")
e.name = 5
print(e.name)
del e.name
print(e.name)
e.other = 1
print(e.other, hasattr(e, "other"))
del e.other
print(hasattr(e, "other"))
v = ValueError()
for attr in ["name", "obj", "value", "msg"]:
    print(attr, hasattr(v, attr), hasattr(NameError(), attr), hasattr(AttributeError(), attr),
          hasattr(StopIteration(), attr), hasattr(ImportError(), attr))

print("-- keywords")
for i in range(8):
    try:
        if i == 0:
            NameError("x", foo=1)
        elif i == 1:
            NameError("x", name=1, path=3)
        elif i == 2:
            AttributeError("x", name=1, obj=2, foo=3)
        elif i == 3:
            AttributeError(nam=1)
        elif i == 4:
            ImportError("x", foo=1)
        elif i == 5:
            StopIteration("x", value=1)
        elif i == 6:
            KeyError("x", name=1)
        else:
            ImportError(name=1, path=2, x=3)
    except TypeError as ex:
        print(i, ex)
try:
    del NameError().args
except TypeError as ex:
    print(ex)


class MyNameError(NameError):
    def __init__(self, msg, who):
        super().__init__(msg, name=who)
        self.who = who


class MyImportError(ImportError):
    pass


e = MyNameError("m", "w")
print(e.name, e.args, e.who, sys.getsizeof(e))
e = MyImportError("q", name="nm")
print(e.msg, e.name, e.path, str(e), sys.getsizeof(e))

print("-- raised by the interpreter")
undefined_name = undefined_global = never_bound = 0
del undefined_name, undefined_global, never_bound
try:
    undefined_name
except NameError as ex:
    print(repr(ex.name), ex.args, sys.getsizeof(ex))


def f():
    return undefined_global


try:
    f()
except NameError as ex:
    print(repr(ex.name))


def g():
    print(later)
    later = 1


try:
    g()
except UnboundLocalError as ex:
    print(repr(ex.name), type(ex).__name__)


def outer():
    def inner():
        return free
    try:
        inner()
    except NameError as ex:
        print(repr(ex.name), type(ex).__name__)
    free = 1


outer()
try:
    del never_bound
except NameError as ex:
    print(repr(ex.name))


class Elsewhere:
    # (the names the lookups below miss on C and on a list: an instance of C never has them)
    def missing(self):
        pass

    def method(self):
        pass

    def apend(self):
        pass

    def y(self):
        pass


class C:
    x = 1

    @property
    def p(self):
        return self.missing

    @property
    def q(self):
        raise AttributeError("raised by q")


c = C()
try:
    c.zz
except AttributeError as ex:
    print(repr(ex.name), ex.obj is c, sys.getrefcount(c))
try:
    c.method()
except AttributeError as ex:
    print(repr(ex.name), ex.obj is c)
try:
    (1).zz
except AttributeError as ex:
    print(repr(ex.name), ex.obj)
try:
    C.zz
except AttributeError as ex:
    print(repr(ex.name), ex.obj is C, ex.obj)
try:
    getattr(c, "q" + "q")
except AttributeError as ex:
    print(repr(ex.name), ex.obj is c)
try:
    getattr(sys, "no" + "pe")
except AttributeError as ex:
    print(repr(ex.name), ex.obj is sys)
try:
    [].apend(1)
except AttributeError as ex:
    print(repr(ex.name), ex.obj, ex.args)
try:
    getattr(c, "p")
except AttributeError as ex:
    print(repr(ex.name), ex.obj is c, ex.args)
try:
    c.q
except AttributeError as ex:
    print(repr(ex.name), ex.obj is c, ex.args)
try:
    c.q()
except AttributeError as ex:
    print(repr(ex.name), ex.obj is c, ex.args)
try:
    getattr(c, "q")
except AttributeError as ex:
    print(repr(ex.name), ex.obj is c, ex.args)
try:
    c.p
except AttributeError as ex:
    print(repr(ex.name), ex.obj is c, ex.args)
try:
    del c.zz
except AttributeError as ex:
    print(ex.name, ex.obj, ex.args)
try:
    c.x.y
except AttributeError as ex:
    print(repr(ex.name), ex.obj)
print(getattr(c, "zz", "default"), hasattr(c, "zz"), sys.getrefcount(c))
try:
    next(iter([]))
except StopIteration as ex:
    print(ex.value, ex.args)

print("-- cycles")
gc.collect()
e = AttributeError("cycle")
e.obj = e
del e
print(gc.collect())
e = StopIteration()
e.value = [e]
del e
print(gc.collect())
c2 = C()
try:
    c2.zz
except AttributeError as ex:
    held = ex
print(held.obj is c2, sys.getrefcount(c2))
del held
print(sys.getrefcount(c2))
