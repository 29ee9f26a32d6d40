# Interpreter exit: the objects still alive when the script ends are freed and
# their __del__ run (Py_FinalizeEx: PyGC_Collect, then the __main__ dict
# released, then finalize_modules' collections), in CPython's order. The
# collection first moves what start-up made (the module's globals dict among
# it) to the oldest generation, as CPython's start-up (with or without site)
# would leave it in one or another: the exit's order depends on it.
import gc

gc.collect()


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


class Holder:
    def __init__(self, name, *items):
        self.name = name
        self.items = list(items)

    def __del__(self):
        print("del holder", self.name, len(self.items))


def gen(tag):
    try:
        yield 1
        yield 2
    finally:
        print("generator closed", tag)


a = Noisy("a")
b = Noisy("b")
pair = (Noisy("t0"), Noisy("t1"))
items = [Noisy("l0"), Noisy("l1"), Noisy("l2")]
table = {"x": Noisy("dx"), "y": Noisy("dy")}
h = Holder("h")
loop = Noisy("self-cycle")
loop.me = loop
ring = [Noisy("r0"), Noisy("r1")]
ring[0].next = ring[1]
ring[1].next = ring[0]
g = gen("g")
next(g)
del b
print("end of script")
