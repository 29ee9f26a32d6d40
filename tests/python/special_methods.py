# Special methods of classes: repr/str, comparisons (with the reflected
# operand's priority and results that are not bools), len and truth, item
# access, iteration and membership, arithmetic with reflected and in-place
# forms, and unary operators.
import sys


class Vec:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __rmul__(self, k):
        return self * k

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __eq__(self, other):
        return self.x == other.x and self.y == other.y

    def __lt__(self, other):
        return abs(self) < abs(other)

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def __iter__(self):
        return iter((self.x, self.y))

    def __bool__(self):
        return self.x != 0 or self.y != 0

    def __contains__(self, v):
        return v == self.x or v == self.y

    def __iadd__(self, other):
        self.x += other.x
        self.y += other.y
        return self


class Named(Vec):
    def __str__(self):
        return "named " + repr(self)


v = Vec(1, 2) + Vec(3, 4)
print(v, repr(v), str(v), len(v), v == Vec(4, 6), v != Vec(4, 6), v != Vec(0, 0))
print([Vec(i) for i in range(3)], {"k": Vec(1)}, (Vec(2),))
print(2 * v, v * 3, -v, abs(Vec(3, 4)), v[0], v[-1], list(v), 4 in v, 5 in v, sum(v))
print(sorted([Vec(3, 4), Vec(1, 0), Vec(0, 2)]), min(Vec(5), Vec(2)), max([Vec(1), Vec(-7)]))
print(Vec(1) < Vec(2), Vec(2) > Vec(1), bool(Vec(0)), bool(Vec(1)), not Vec(0))
if Vec(0, 0):
    print("truthy")
else:
    print("falsy")
w = Vec(1, 1)
w += Vec(2, 2)
print(w, f"{w}", f"{w!r:>12}", "{} and {!s}".format(w, w), "%s %r" % (w, w))
n = Named(1, 2)
print(n, [n], str(n), n + n, n == Vec(1, 2), Vec(1, 2) == n)
a, b = Vec(7, 8)
print(a, b, Vec(1, 2) in [Vec(0), Vec(1, 2)], [Vec(1, 2)].index(Vec(1, 2)), [Vec(1)].count(Vec(1)))
for c in Vec(5, 6):
    print(c, end=" ")
print()


class Table:
    def __init__(self):
        self.d = {}

    def __setitem__(self, k, v):
        self.d[k] = v

    def __delitem__(self, k):
        del self.d[k]

    def __getitem__(self, k):
        return self.d[k]


t = Table()
t["x"] = 1
t["y"] = [2]
del t["x"]
print(t.d, t["y"])


class B:
    def __radd__(self, o):
        return "B.radd"

    def __add__(self, o):
        return "B.add"


class C(B):
    def __radd__(self, o):
        return "C.radd"


print(B() + C(), C() + B(), 1 + B(), [1] + C())


class P:
    def __lt__(self, o):
        return "P.lt"

    def __gt__(self, o):
        return "P.gt"


class Q(P):
    def __gt__(self, o):
        return "Q.gt"


print(P() < Q(), Q() < P(), P() < 1, 1 < P())


class E:
    def __eq__(self, o):
        return "eq!"


print(E() == 1, E() != 1, 1 == E())


class R:
    def __repr__(self):
        return "R()"


x = [R()]
x.append(x)
print(x, repr(R()), f"{R()}", str([R()]))


class Same:
    def __repr__(self):
        return "Same"

    def __eq__(self, o):
        return self is o


s = Same()
text = repr(s)
again = str(s)
equal = s == s
print(sys.getrefcount(s), text, again, equal)
