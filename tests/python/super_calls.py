# super(): the parent's __init__ and methods through the class chain, the
# explicit two-argument form, exception classes calling BaseException's
# __init__, object's __init__ at the chain's end, and what super objects cost.
import sys


class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def describe(self):
        return self.name + " with area " + str(self.area())


class Rect(Shape):
    def __init__(self, w, h):
        super().__init__("rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, side):
        super().__init__(side, side)
        self.name = "square"

    def describe(self):
        return "[" + super().describe() + "]"


class Cube(Square):
    def describe(self):
        return super(Cube, self).describe() + " x " + str(self.w)


for s in (Shape("blob"), Rect(2, 3), Square(4), Cube(5)):
    print(type(s).__name__, s.describe(), vars(s))


class Counted:
    count = 0

    def __init__(self):
        super().__init__()
        Counted.count += 1


class Sub(Counted):
    def __init__(self, tag):
        super().__init__()
        self.tag = tag

    def helper(self):
        inner = lambda: super(Sub, self).__init__()
        inner()
        return __class__.__name__


subs = [Sub(i) for i in range(3)]
print(Counted.count, [s.tag for s in subs], subs[0].helper(), Counted.count)


class ValidationError(ValueError):
    def __init__(self, field, problem):
        super().__init__(field + ": " + problem)
        self.field = field

    def __str__(self):
        return "invalid " + super().__str__()


try:
    raise ValidationError("age", "must be positive")
except ValueError as e:
    print(e, "|", repr(e), "|", e.args, e.field)

try:
    super(Sub, 42)
except TypeError as e:
    print(e)


class NoArgs(Shape):
    def __init__(self):
        super().__init__(1, 2)


try:
    NoArgs()
except TypeError as e:
    print(e)


class TooMany(Shape):
    def __init__(self, name):
        super().__init__(name)
        super(Shape, self).__init__(name)


try:
    TooMany("x")
except TypeError as e:
    print(e)

sq = Square(2)
print(sys.getsizeof(super(Square, sq)))
method = super(Square, sq).area
print(method(), type(method))
