# staticmethod and classmethod: the decorators and the builtins called,
# calls through instances, classes and subclasses, classmethods as
# alternative constructors (cls(...)), super() reaching them, type(self)
# calls, overriding, the bound method a classmethod makes per access, the
# attributes functools_wraps copies (__name__, __qualname__, __doc__,
# __module__, __annotations__, __dict__), __func__ and __wrapped__, sizes,
# tracking and references, CPython 3.11's errors.
import sys
import gc


class Date:
    created = 0

    def __init__(self, year, month, day):
        self.year = year
        self.month = month
        self.day = day
        type(self).count_one()

    @classmethod
    def from_string(cls, text):
        "Parse 'YYYY-MM-DD'."
        y, m, d = text.split("-")
        return cls(int(y), int(m), int(d))

    @classmethod
    def count_one(cls):
        cls.created += 1

    @staticmethod
    def is_leap(year):
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)

    def leap(self):
        return self.is_leap(self.year)

    def __repr__(self):
        return type(self).__name__ + "(" + str(self.year) + ", " + str(self.month) + ", " + str(self.day) + ")"


class EuroDate(Date):
    @classmethod
    def from_string(cls, text):
        d, m, y = text.split(".")
        return super().from_string(y + "-" + m + "-" + d)

    @staticmethod
    def is_leap(year):
        return "never"


d1 = Date.from_string("2024-02-29")
d2 = EuroDate.from_string("01.03.2023")
d3 = d1.from_string("1900-01-01")
print(d1, d2, d3, Date.created, EuroDate.created)
print(d1.leap(), d2.leap(), d3.leap(), Date.is_leap(2000), d1.is_leap(2100), EuroDate.is_leap(4))
print(type(d2.from_string("02.02.2002")).__name__, EuroDate.created, Date.created)

# what an access gives: a bound method (a new one each time) or the function
m1 = Date.from_string
m2 = d1.from_string
print(type(m1).__name__, m1.__self__ is Date, m2.__self__ is Date, m1 is m2, m1 == m2)
print(EuroDate.from_string.__self__ is EuroDate, d2.count_one.__self__ is EuroDate)
print(type(Date.is_leap).__name__, Date.is_leap is d1.is_leap, Date.is_leap.__name__)
print(m1.__func__ is Date.from_string.__func__, m1.__name__, m1.__qualname__, m1.__doc__)


# the builtins called: the objects and their attributes
def helper(x, y=10):
    "Add."
    return x + y


sm = staticmethod(helper)
cm = classmethod(helper)
print(type(sm).__name__, type(cm).__name__, isinstance(sm, staticmethod), isinstance(cm, classmethod))
print(sm.__func__ is helper, sm.__wrapped__ is helper, cm.__func__ is helper, cm.__wrapped__ is helper)
print(sm.__name__, sm.__qualname__, sm.__doc__, sm.__module__, sm.__annotations__, sm.__isabstractmethod__)
print(sm.__dict__)
print(cm.__dict__ == sm.__dict__, cm.__annotations__ is helper.__annotations__, helper.__annotations__)
print(sm(1), sm(1, 2))
sm.extra = "kept"
print(sm.extra, sorted(sm.__dict__))

# added to a class later
class Later:
    pass


Later.make = classmethod(lambda cls, v: (cls.__name__, v))
Later.plus = staticmethod(helper)
print(Later.make(1), Later().make(2), Later.plus(5), Later().plus(5, 5))


# a staticmethod called inside the class body
class Table:
    @staticmethod
    def square(x):
        return x * x

    first = square(7)


print(Table.first, Table().square(3))


# classmethods on a hierarchy: cls is the class called through
class Animal:
    registry = []

    @classmethod
    def create(cls, name):
        obj = cls()
        obj.name = name
        cls.registry.append(cls.__name__ + ":" + name)
        return obj

    @classmethod
    def kind(cls):
        return cls.__name__.lower()

    def describe(self):
        return self.kind() + " " + self.name


class Dog(Animal):
    @classmethod
    def kind(cls):
        return "dog (" + super().kind() + ")"


class Puppy(Dog):
    pass


for animal in (Animal.create("generic"), Dog.create("rex"), Puppy.create("bit")):
    print(animal.describe(), type(animal).__name__)
print(Animal.registry)

# CPython's errors
try:
    classmethod()
except TypeError as e:
    print("TypeError:", e)
try:
    staticmethod(helper, helper)
except TypeError as e:
    print("TypeError:", e)
try:
    classmethod(f=helper)
except TypeError as e:
    print("TypeError:", e)
try:
    cm()
except TypeError as e:
    print("TypeError:", e)
try:
    Date.from_string()
except TypeError as e:
    print("TypeError:", e)
try:
    d1.is_leap()
except TypeError as e:
    print("TypeError:", e)

# sizes, tracking, references
print(sys.getsizeof(sm), sys.getsizeof(cm), sys.getsizeof(Date.from_string), sys.getsizeof(sm.__dict__))
print(gc.is_tracked(sm), gc.is_tracked(cm), gc.is_tracked(sm.__dict__))


def fresh(a):
    return a


print(sys.getrefcount(fresh))
s1 = staticmethod(fresh)
print(sys.getrefcount(fresh))
c1 = classmethod(fresh)
print(sys.getrefcount(fresh))
del s1
print(sys.getrefcount(fresh))
del c1
print(sys.getrefcount(fresh))


class Holder:
    @classmethod
    def who(cls):
        return sys.getrefcount(cls)

    @staticmethod
    def plain():
        return 0


print(sys.getrefcount(Holder))
print(Holder.who(), Holder().who())
bound = Holder.who
print(sys.getrefcount(Holder), bound() - Holder.who())
del bound
print(sys.getrefcount(Holder))
