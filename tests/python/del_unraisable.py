# Exceptions that escape where CPython calls PyErr_WriteUnraisable: a
# __del__ (run by a refcount reaching zero, by a frame cleared while another
# exception propagates, by the collector) and a gc callback. CPython 3.11
# writes "Exception ignored in: <function C.__del__ at 0x...>", the traceback
# and "Type: str" to stderr and goes on; the exception pending or being
# handled meanwhile is kept. (The corpus test compares that stderr, its
# addresses masked.)
import gc


class Loud:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)
        raise ValueError("from " + self.name)


class Quiet:
    def __del__(self):
        raise ValueError


class BadStr(Exception):
    def __str__(self):
        raise TypeError("no str")


class RaisesBadStr:
    def __del__(self):
        raise BadStr()


def make():
    class Inner(Exception):
        pass

    class Holder:
        def __del__(self):
            raise Inner("inner\nsecond line")
    return Holder


def deep(n):
    if n == 0:
        return {}["missing"]
    return deep(n - 1)


class Deep:
    def __del__(self):
        deep(6)


a = Loud("a")
del a
print("after a")
Quiet()
print("after a Quiet")
RaisesBadStr()
make()()
Deep()
print("after Deep")

try:
    raise KeyError("handled")
except KeyError as e:
    b = Loud("b")
    del b
    print("still handling", repr(e))
    try:
        raise
    except KeyError as again:
        print("bare raise gives", repr(again))


def fails():
    c = Loud("c")
    raise IndexError("propagating")


try:
    fails()
except IndexError as e:
    print("caught", repr(e), e.__class__.__name__)

gc.collect()  # (the classes make() made, with their cycles: a count that differs under python3 -S)
x = Loud("x")
y = Loud("y")
x.other = y
y.other = x
del x, y
print("collected", gc.collect())


def callback(phase, info):
    if phase == "stop":
        raise RuntimeError("callback " + phase + " " + str(info["generation"]))


gc.callbacks.append(callback)
print("collect with a callback", gc.collect())
gc.callbacks.remove(callback)
print("end")
