# Exception classes of the script: attributes, __str__, hierarchies, and
# exceptions as objects on the heap (sizes, reference counts, collection).
import gc
import sys


class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, name, where):
        self.name = name
        self.where = where


class Invalid(AppError, ):
    def __init__(self, field, value):
        self.field = field
        self.value = value

    def __str__(self):
        return "invalid " + self.field + ": " + repr(self.value)


class Quiet(ValueError):
    def __repr__(self):
        return "Quiet!"


def lookup(table, name):
    if name not in table:
        raise NotFound(name, "table")
    value = table[name]
    if value < 0:
        raise Invalid(name, value)
    return value


table = {"a": 1, "b": -2}
for name in ("a", "b", "c"):
    try:
        print(name, lookup(table, name))
    except NotFound as e:
        print("not found:", e.name, e.where, e.args, str(e) == "", repr(e))
    except AppError as e:
        print("app error:", e, "|", repr(e), e.args, e.field, e.value)

q = Quiet("shh", 1)
print(repr(q), str(q), q.args, isinstance(q, ValueError), isinstance(q, AppError))
print(issubclass(NotFound, AppError), issubclass(NotFound, Exception), issubclass(AppError, NotFound))
print(issubclass(KeyError, LookupError), issubclass(ZeroDivisionError, ArithmeticError), issubclass(RecursionError, RuntimeError))
print(AppError, NotFound.__name__, type(q).__name__)

# args: what the class was called with, kept whatever __init__ does
e = NotFound("x", "y")
print(e.args, e.name)
e.args = ("replaced",)
print(e.args, str(e))
plain = AppError()
print(repr(plain), str(plain), plain.args)
many = AppError(1, "two", [3])
print(repr(many), str(many))

# sizes and references
print(sys.getsizeof(AppError("x")), sys.getsizeof(e))
err = ValueError("counted")
print(sys.getrefcount(err))
holder = [err, err]
print(sys.getrefcount(err))
del holder
print(sys.getrefcount(err))

# exceptions are tracked by the collector; one caught and kept in a cycle is collected
print(gc.is_tracked(err))
class Node:
    pass
n = Node()
try:
    raise AppError(n)
except AppError as caught:
    n.error = caught
del n
print(gc.collect() > 0)

# raising a class calls it with no arguments; raising an instance keeps it
def thrower(kind):
    if kind == 1:
        raise AppError
    if kind == 2:
        raise Invalid("f", 3)
    raise NotFound("n", "w")


for kind in (1, 2, 3):
    try:
        thrower(kind)
    except Exception as e:
        print(kind, type(e).__name__, e.args, str(e))

# an exception class as a value
kinds = [KeyError, IndexError, AppError]
for k in kinds:
    try:
        raise k("made")
    except LookupError as e:
        print("lookup", repr(e))
    except Exception as e:
        print("other", repr(e))
