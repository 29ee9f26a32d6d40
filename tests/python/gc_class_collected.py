# Classes are freed by the collector: a class's MRO tuple holds the class (a
# cycle refcounting cannot free), so `del C` leaves it to gc.collect(),
# which counts the unreachable objects: the class, its MRO tuple, its bases
# tuple (while tracked: a collection it survives untracks (object,), whose
# item is a static type), its dict when tracked (a function or a descriptor
# in it), the __dict__ and __weakref__ descriptors of a class without
# bases, its functions. A subclass keeps its bases alive, an instance its
# class. Counts are printed at the end (print allocates objects of
# CPython's own the first times it runs).
import gc

found = []
gc.collect()


class Plain:
    pass


del Plain
found.append(gc.collect())


class WithMethods:
    def first(self):
        return 1

    def second(self):
        return 2


del WithMethods
found.append(gc.collect())


class Base:
    pass


class Derived(Base):
    pass


del Derived
found.append(gc.collect())


class Error(Exception):
    pass


del Error
found.append(gc.collect())


class Kept(Base):
    x = 1


obj = Kept()
del Kept
found.append(gc.collect())
del obj
found.append(gc.collect())


class Left:
    pass


class Right:
    pass


class Both(Left, Right):
    pass


del Both
found.append(gc.collect())
del Left, Right
found.append(gc.collect())


class Parent:
    pass


class Child(Parent):
    def method(self):
        return self


del Parent
found.append(gc.collect())
del Child
found.append(gc.collect())
gc.disable()
for i in range(50):
    class Temp(Base):
        def get(self):
            return i
    Temp().get()
found.append(gc.collect())
gc.enable()
print(found)
print(gc.is_tracked(Base), gc.is_tracked(Base.__mro__), gc.is_tracked(Base.__bases__))
