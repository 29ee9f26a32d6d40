# property: the decorator forms (@property, @x.setter, @x.deleter, @x.getter),
# property(fget, fset, fdel, doc) by position and keyword, data descriptors
# before the instance's dict, a class attribute read on the class (the
# property itself), inheritance and overriding, super() reaching a getter,
# getters that raise and are caught, CPython 3.11's AttributeErrors, the
# docs, sizes, tracking and the references a property holds.
import sys
import gc


class Temperature:
    def __init__(self, celsius):
        self._celsius = celsius

    @property
    def celsius(self):
        "Degrees Celsius."
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._celsius = value

    @celsius.deleter
    def celsius(self):
        print("deleting celsius")
        del self._celsius

    @property
    def fahrenheit(self):
        return self._celsius * 9 / 5 + 32


t = Temperature(100)
print(t.celsius, t.fahrenheit)
t.celsius = 37
print(t.celsius, t.fahrenheit, vars(t))
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
print(t.celsius)
del t.celsius
print(vars(t), hasattr(t, "celsius"))
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
try:
    del t.fahrenheit
except AttributeError as e:
    print("AttributeError:", e)
print(getattr(t, "fahrenheit", "no value"))

# the property on the class, its parts and docs
p = Temperature.celsius
print(type(p).__name__, type(p) is property, isinstance(p, property))
print(p.fget.__name__, p.fset.__name__, p.fdel.__name__, p.__doc__)
print(Temperature.fahrenheit.fset, Temperature.fahrenheit.fdel, Temperature.fahrenheit.__doc__)
print(p.__isabstractmethod__)


# property() called: by position, by keyword, with a doc
class Account:
    def __init__(self):
        self._balance = 0

    def get_balance(self):
        "The balance."
        return self._balance

    def set_balance(self, v):
        self._balance = v

    def del_balance(self):
        self._balance = 0

    balance = property(get_balance, set_balance, del_balance, "Money held.")
    plain = property(get_balance)
    keyword = property(fget=get_balance, doc="by keyword")
    setter_only = property(fset=set_balance)
    nothing = property()


a = Account()
a.balance = 50
print(a.balance, a.plain, a.keyword, Account.balance.__doc__, Account.plain.__doc__, Account.keyword.__doc__)
del a.balance
print(a.balance)
a.setter_only = 7
print(a.balance, Account.setter_only.__doc__, Account.nothing.__doc__)
for name in ("setter_only", "nothing"):
    try:
        getattr(a, name)
    except AttributeError as e:
        print("AttributeError:", e)
try:
    a.plain = 1
except AttributeError as e:
    print("AttributeError:", e)
try:
    del a.nothing
except AttributeError as e:
    print("AttributeError:", e)

# CPython's argument errors
for args in ((1, 2, 3, 4, 5),):
    try:
        property(*args)
    except TypeError as e:
        print("TypeError:", e)
try:
    property(Account.get_balance, fget=Account.get_balance)
except TypeError as e:
    print("TypeError:", e)
try:
    property(fget=None, colour=1)
except TypeError as e:
    print("TypeError:", e)
try:
    Account.plain.setter()
except TypeError as e:
    print("TypeError:", e)
try:
    Account.plain()
except TypeError as e:
    print("TypeError:", e)

# a property made outside a class has no name: CPython's messages without it
def get_two(self):
    return 2


anonymous = property(get_two)
Account.two = anonymous
print(a.two)
try:
    a.two = 3
except AttributeError as e:
    print("AttributeError:", e)
try:
    Account.no_getter = property(None, Account.set_balance)
    a.no_getter
except AttributeError as e:
    print("AttributeError:", e)


# data descriptors win over the instance's dict; a plain class attribute does not
class Shadow:
    @property
    def value(self):
        return "from the property"

    kind = "class attribute"


s = Shadow()
vars(s)["value"] = "from the dict"
vars(s)["kind"] = "instance attribute"
print(s.value, s.kind, sorted(vars(s)))
Shadow.value = "replaced on the class"
print(s.value)
del vars(s)["value"]
print(s.value)


# getter/setter copies: each decorator makes a new property, the old one keeps its parts
class Point:
    def __init__(self, x):
        self._x = x

    def _get(self):
        return self._x

    x = property(_get)
    y = x.setter(lambda self, v: setattr(self, "_x", v))
    z = y.getter(lambda self: -self._x)


pt = Point(4)
print(pt.x, pt.y, pt.z)
pt.y = 9
print(pt.x, pt.y, pt.z)
pt.z = 1
print(pt.x)
try:
    pt.x = 2
except AttributeError as e:
    print("AttributeError:", e)
print(Point.x is Point.y, Point.x.fset, Point.y.fset is Point.z.fset, Point.y.fget is Point.x.fget)


# inheritance, overriding, super() reaching the base's getter
class Base:
    def __init__(self, n):
        self.n = n

    @property
    def label(self):
        return "base-" + str(self.n)

    @property
    def double(self):
        return self.n * 2


class Derived(Base):
    @property
    def label(self):
        return "derived(" + super().label + ")"

    @Base.double.setter
    def double(self, v):
        self.n = v // 2


d = Derived(5)
print(d.label, d.double, Base(1).label)
d.double = 40
print(d.n, d.double, type(Derived.double).__name__, Derived.double is Base.double)
try:
    Base(3).double = 8
except AttributeError as e:
    print("AttributeError:", e)


# a getter that raises: the exception comes out of the attribute access
class Lazy:
    @property
    def broken(self):
        return {}["missing"]

    @property
    def attr_error(self):
        return self.cache


z = Lazy()
z.cache = 0
del z.cache
try:
    z.broken
except KeyError as e:
    print("KeyError:", e)
print(hasattr(z, "attr_error"), getattr(z, "attr_error", "default"))


# a getter that reads another property, recursively (in CPython's own loop: a deep chain)
class Node:
    def __init__(self, nxt):
        self.nxt = nxt

    @property
    def depth(self):
        return 1 if self.nxt is None else 1 + self.nxt.depth


n = None
for i in range(300):
    n = Node(n)
print(n.depth)

# sizes, tracking, references
print(sys.getsizeof(property()), sys.getsizeof(Temperature.celsius))
print(gc.is_tracked(property()), gc.is_tracked(Temperature.celsius))


def getter(self):
    return 1


print(sys.getrefcount(getter))
held = property(getter)
print(sys.getrefcount(getter))
copied = held.setter(getter)
print(sys.getrefcount(getter))
del held
print(sys.getrefcount(getter))
del copied
print(sys.getrefcount(getter))


class Counted:
    def __init__(self):
        self.reads = 0

    @property
    def me(self):
        self.reads += 1
        return sys.getrefcount(self)


c = Counted()
print(c.me, c.reads)
r = c.me
print(r, c.reads)
