# The with statement: __enter__ and __exit__ looked up on the class, __exit__
# called with (None, None, None) or the exception's (type, value, traceback),
# a true result suppressing the exception; several items, nesting, return,
# break and continue through the body; reference counts around it.
import sys


class Counter:
    def __init__(self, name, suppress=False, log=None):
        self.name = name
        self.suppress = suppress
        self.enters = 0
        self.exits = 0
        self.log = log if log is not None else []

    def __enter__(self):
        self.enters += 1
        self.log.append("enter " + self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        self.exits += 1
        if exc_type is None:
            self.log.append("exit " + self.name + " clean")
        else:
            self.log.append("exit " + self.name + " " + exc_type.__name__ + " " + str(exc) + " tb " + str(tb is None))
        return self.suppress


# plain use, the target bound to what __enter__ returns
c = Counter("a")
with c as x:
    print("body", x is c, c.enters, c.exits)
print("after", c.enters, c.exits, c.log)

# no target: __enter__'s result is dropped
c = Counter("b")
with c:
    print("in b", c.enters)
print(c.log)


# __enter__ returning something else, tuple unpacking, subscript and attribute targets
class Pair:
    def __enter__(self):
        return (1, [2, 3])

    def __exit__(self, *args):
        print("Pair exit", args)


with Pair() as (first, second):
    print(first, second)
with Pair() as [p, [q, r]]:
    print(p, q, r)
box = [0, 0]
with Pair() as box[1]:
    pass
print(box)


class Holder:
    pass


h = Holder()
with Pair() as h.value:
    pass
print(h.value)
with Pair() as (head, *rest):
    print(head, rest)

# several items, entered left to right, exited right to left
log = []
with Counter("x", log=log) as a, Counter("y", log=log) as b, Counter("z", log=log):
    log.append("body " + a.name + b.name)
print(log)

# the parenthesized form (3.10+)
log = []
with (
    Counter("p", log=log) as a,
    Counter("q", log=log),
):
    log.append("paren body")
print(log)

# nested withs
log = []
with Counter("outer", log=log):
    with Counter("inner", log=log):
        log.append("deep")
    log.append("between")
print(log)

# an exception in the body: __exit__ sees it, a false result lets it through
log = []
try:
    with Counter("e1", log=log):
        log.append("raising")
        raise ValueError("boom")
        log.append("not reached")
except ValueError as e:
    log.append("caught " + str(e))
print(log)

# a true result suppresses it; execution goes on after the with
log = []
with Counter("s1", suppress=True, log=log):
    raise KeyError("gone")
log.append("after suppressed")
print(log)

# errors of the interpreter's own (a ZeroDivisionError, a KeyError) reach __exit__ as objects
log = []
with Counter("zero", suppress=True, log=log):
    n = 1 // 0
with Counter("key", suppress=True, log=log):
    {}["missing"]
print(log)


# truthiness of __exit__'s result: any object
class Result:
    def __init__(self, value):
        self.value = value

    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        return self.value


for value in [1, 0, "", "x", [], [0], None, 2.5, (), Result(True)]:
    try:
        with Result(value):
            raise RuntimeError("r")
        print(repr(value) if not isinstance(value, Result) else "instance", "suppressed")
    except RuntimeError:
        print(repr(value), "propagated")

# the inner manager suppresses, the outer sees nothing
log = []
with Counter("o2", log=log):
    with Counter("i2", suppress=True, log=log):
        raise IndexError("inner only")
print(log)

# the inner lets it through, the outer suppresses
log = []
with Counter("o3", suppress=True, log=log):
    with Counter("i3", log=log):
        raise IndexError("both")
print(log)


# return, break and continue leave through __exit__
def early(flag, log):
    with Counter("r", log=log) as m:
        if flag:
            return "returned " + m.name
        log.append("no return")
    return "fell through"


log = []
print(early(True, log), early(False, log), log)


def returns_call(log):
    with Counter("rc", log=log) as m, Counter("rc2", log=log):
        return len(m.log)


log = []
print(returns_call(log), log)

log = []
for i in range(5):
    with Counter(str(i), log=log):
        if i == 1:
            continue
        if i == 3:
            break
        log.append("body " + str(i))
print(log)

log = []
i = 0
while True:
    i += 1
    with Counter("w" + str(i), log=log):
        if i < 3:
            continue
        break
print(log)


# a return inside try/finally inside with
def layered(log):
    with Counter("L", log=log):
        try:
            return "value"
        finally:
            log.append("finally")


log = []
print(layered(log), log)


# with inside a generator: yield in the body
def gen(log):
    with Counter("g", log=log):
        yield 1
        yield 2
    log.append("gen done")


log = []
for v in gen(log):
    log.append("got " + str(v))
print(log)


# with in an except block, and an except block in with
log = []
try:
    raise TypeError("first")
except TypeError as err:
    with Counter("h", log=log):
        log.append("handling " + str(err))
print(log)

log = []
with Counter("t", log=log):
    try:
        raise ValueError("inside")
    except ValueError:
        log.append("handled inside")
print(log)


# a class body with a with statement
class Configured:
    with Counter("class") as cm:
        size = cm.enters


print(Configured.size, Configured.cm.log)

# a special method set on the class later is honoured
class Late:
    pass


def late_enter(self):
    print("late enter")
    return 42


def late_exit(self, t, v, tb):
    print("late exit", t)


Late.__enter__ = late_enter
Late.__exit__ = late_exit
with Late() as value:
    print("value", value)


# inherited __enter__ and __exit__
class Base:
    def __enter__(self):
        print("Base enter", type(self).__name__)
        return self

    def __exit__(self, t, v, tb):
        print("Base exit", type(self).__name__, t is None)


class Derived(Base):
    def __exit__(self, t, v, tb):
        print("Derived exit")
        return super().__exit__(t, v, tb)


with Derived():
    pass


# __exit__ sees the exception's type, value and traceback
class Inspect:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        print(t is type(v), t.__name__, v.args, tb is not None)
        self.kept = v
        return True


ins = Inspect()
with ins:
    raise ValueError("details", 7)
print(type(ins.kept).__name__, ins.kept.args)

# reference counts: while the body runs, the bound __exit__ on the stack holds the manager
m = Counter("refs")
print("before", sys.getrefcount(m))
with m:
    print("inside", sys.getrefcount(m))
print("after", sys.getrefcount(m))
with m as alias:
    print("inside as", sys.getrefcount(m))
print("after as", sys.getrefcount(m))
del alias
print("after del", sys.getrefcount(m))


def in_function():
    mgr = Counter("f")
    r1 = sys.getrefcount(mgr)
    with mgr as inner:
        r2 = sys.getrefcount(mgr)
    r3 = sys.getrefcount(mgr)
    return r1, r2, r3


print(in_function())


class Token:
    pass


class Gives:
    def __enter__(self):
        self.token = Token()
        return self.token

    def __exit__(self, *a):
        return False


g = Gives()
with g as tok:
    print("token", sys.getrefcount(tok))
print("token after", sys.getrefcount(tok))
print(sys.getrefcount(g))


# the manager lives as long as the with (the bound methods hold it), then goes
class Noisy:
    def __enter__(self):
        print("noisy enter")
        return 5

    def __exit__(self, *a):
        print("noisy exit")

    def __del__(self):
        print("noisy freed")


with Noisy() as five:
    print("body", five)
print("after noisy")
