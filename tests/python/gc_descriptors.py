# gc.collect() when classes holding descriptors become unreachable: a
# property is one more tracked object (and a setter's old property is freed by
# refcount when the new one replaces it), a staticmethod or classmethod two
# (the object and its dict, which functools_wraps fills and the function's
# __annotations__ dict, a GC object, makes tracked; that dict itself stays
# untracked and uncounted); descriptors in cycles of their own; what
# gc.is_tracked says. Printed only at the end (print allocates GC objects of
# its own the first times).
import gc

gc.disable()
gc.collect()
results = []


def make(kind):
    if kind == 0:
        class A:
            pass
    elif kind == 1:
        class A:
            @property
            def x(self):
                return 1
    elif kind == 2:
        class A:
            @property
            def x(self):
                return 1

            @x.setter
            def x(self, v):
                pass

            @x.deleter
            def x(self):
                pass
    elif kind == 3:
        class A:
            @classmethod
            def make(cls):
                return cls()
    elif kind == 4:
        class A:
            @staticmethod
            def helper():
                return 0
    elif kind == 5:
        class A:
            @property
            def x(self):
                return 1

            @classmethod
            def make(cls):
                return cls()

            @staticmethod
            def helper():
                return 0

        class B(A):
            @property
            def x(self):
                return 2

            @classmethod
            def make(cls):
                return super().make()
    elif kind == 6:
        class A:
            def get(self):
                return 1

            x = property(get, lambda self, v: None)
            y = property(fget=get, doc="doc")
    elif kind == 7:
        class A:
            @classmethod
            def make(cls):
                return cls()

        a = A.make()
        a.bound = A.make
        a.me = a
    return kind


for kind in range(8):
    make(kind)
    results.append((kind, gc.collect()))


def f():
    return 0


# a staticmethod whose dict holds it; a classmethod holding a closure over a list that holds it
s = staticmethod(f)
s.me = s
del s
results.append(("staticmethod cycle", gc.collect()))


def cycle():
    holder = []
    c = classmethod(lambda cls: holder)
    holder.append(c)
    return 0


cycle()
results.append(("classmethod cycle", gc.collect()))


def prop_cycle():
    holder = []
    p = property(lambda self: holder)
    holder.append(p)


prop_cycle()
results.append(("property cycle", gc.collect()))

# fifty classes with descriptors, made and dropped in a loop
for i in range(50):
    make(5)
results.append(("fifty", gc.collect()))

# an instance reading them in a loop leaves nothing behind
class Reader:
    @property
    def p(self):
        return [1]

    @classmethod
    def c(cls):
        return (cls, [])

    @staticmethod
    def s():
        return {}


r = Reader()
for i in range(100):
    r.p
    r.c()
    Reader.c()
    r.s()
results.append(("reads", gc.collect()))

tracked = [gc.is_tracked(property()), gc.is_tracked(staticmethod(f)), gc.is_tracked(classmethod(f))]
plain = staticmethod(f)
tracked.append(gc.is_tracked(plain.__dict__))
tracked.append(gc.is_tracked(f.__annotations__))
tracked.append(gc.is_tracked(Reader.c))
gc.enable()
for row in results:
    print(*row)
print(tracked)
