# Several bases: the MRO is C3's linearization (mro_implementation), and
# attribute lookup, isinstance and issubclass, super() and the special
# methods (the first class of the MRO defining one decides) all follow it.
# CPython's TypeErrors for bases it cannot order or lay out, caught.
import sys


class Base:
    def __init__(self):
        self.trail = ["Base"]

    def who(self):
        return "Base"

    def greet(self):
        return "hello from Base"


class Left(Base):
    def __init__(self):
        super().__init__()
        self.trail.append("Left")

    def who(self):
        return "Left>" + super().who()


class Right(Base):
    def __init__(self):
        super().__init__()
        self.trail.append("Right")

    def who(self):
        return "Right>" + super().who()

    def greet(self):
        return "hello from Right"


class Diamond(Left, Right):
    def __init__(self):
        super().__init__()
        self.trail.append("Diamond")

    def who(self):
        return "Diamond>" + super().who()


d = Diamond()
print(Diamond.__mro__)
print(Diamond.__bases__, Diamond.__base__)
print(d.trail, d.who(), d.greet())
print(super(Left, d).who(), super(Right, d).greet())
print(isinstance(d, Right), isinstance(d, Left), issubclass(Diamond, Base), issubclass(Right, Left))
print(isinstance(d, (int, Right)), issubclass(Diamond, (Left, str)))


class X:
    pass


class Y:
    pass


class Z(X, Y, Left):
    pass


print(Z.__mro__)


class WithObject(Left, object):
    pass


print(WithObject.__mro__)


# mixins with special methods: the first class of the MRO that defines a
# special method decides
class ReprMixin:
    def __repr__(self):
        return type(self).__name__ + "(" + str(self.value) + ")"


class EqMixin:
    def __eq__(self, other):
        return isinstance(other, EqMixin) and self.value == other.value


class HashMixin:
    def __hash__(self):
        return hash(self.value)

    def __len__(self):
        return self.value


class Point(ReprMixin, HashMixin, EqMixin):
    def __init__(self, value):
        self.value = value


class Cell(ReprMixin, EqMixin, HashMixin):
    def __init__(self, value):
        self.value = value


p, q = Point(3), Point(3)
print(repr(p), p == q, len(p), hash(p), {p, q}, [p] == [q])
print("Cell.__hash__", Cell.__hash__, "EqMixin.__hash__", EqMixin.__hash__)
try:
    hash(Cell(1))
except TypeError as e:
    print("TypeError:", e)


class Ordered(EqMixin):
    def __lt__(self, other):
        return self.value < other.value


class Value(ReprMixin, Ordered):
    def __init__(self, value):
        self.value = value


print(sorted([Value(3), Value(1), Value(2)]), Value(1) == Value(1), Value(1) != Value(2))


# an exception class among the bases: the instances have BaseException's layout
class Tagged:
    def tag(self):
        return "tagged:" + str(self.args)


class TaggedError(Tagged, ValueError):
    pass


class Both(ValueError, KeyError):
    pass


try:
    raise TaggedError("bad", 2)
except ValueError as e:
    print(type(e).__name__, e.args, e.tag(), str(e), isinstance(e, Tagged))
try:
    raise Both("k")
except KeyError as e:
    print("caught as KeyError:", repr(e), Both.__mro__)
print(sys.getsizeof(TaggedError("x")), sys.getsizeof(TaggedError), sys.getsizeof(Diamond()))


# what CPython refuses, caught
class A:
    pass


class B(A):
    pass


try:
    class Bad(A, B):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Twice(A, A):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class First(object, A):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Layout(ImportError, AttributeError):
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    class Heads(X, Y, A, B):
        pass
except TypeError as e:
    print("TypeError:", e)


# reference counts: each class in a MRO holds its classes
class M(X, Y):
    pass


print(sys.getrefcount(X), sys.getrefcount(Y), sys.getrefcount(M))
