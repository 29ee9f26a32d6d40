# Decorators: compiled as CPython 3.11 compiles them (the decorator expressions
# first, then the function or class, then one call per decorator, innermost
# first); wrappers with *args/**kwargs, factories, stacking, class decorators,
# memoization with a dict, and the reference counts they leave.
import sys

calls = []


def trace(f):
    def wrapper(*args, **kwargs):
        calls.append((f.__name__, args, sorted(kwargs.items())))
        return f(*args, **kwargs)
    return wrapper


@trace
def add(a, b=0, *, scale=1):
    return (a + b) * scale


print(add(1, 2), add(3), add(4, b=5, scale=2))
print(calls)
print(add.__name__)


def repeat(n):
    def deco(f):
        def run(x):
            for _ in range(n):
                x = f(x)
            return x
        return run
    return deco


@repeat(3)
def double(x):
    return x * 2


@repeat(2)
@repeat(2)
def inc(x):
    return x + 1


print(double(5), inc(10))

order = []


def tag(name):
    order.append('make ' + name)

    def deco(f):
        order.append('apply ' + name)
        return f
    return deco


@tag('outer')
@tag('middle')
@tag('inner')
def tagged():
    return 'tagged'


print(tagged(), order)


caches = {}


def memo(f):
    cache = caches[f.__name__] = {}

    def g(n):
        if n not in cache:
            cache[n] = f(n)
        return cache[n]
    return g


@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), len(caches['fib']), caches['fib'][10])

registry = {}


def register(cls):
    registry[cls.__name__] = cls
    cls.registered = True
    return cls


@register
class Circle:
    def __init__(self, r):
        self.r = r

    def area(self):
        return 3 * self.r * self.r


@register
class Square(Circle):
    def area(self):
        return self.r * self.r


print(sorted(registry), Circle.registered, Square(3).area(), registry['Circle'](2).area())


def add_method(cls):
    def describe(self):
        return cls.__name__ + ' with ' + str(vars(self))
    cls.describe = describe
    return cls


@add_method
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


print(Point(1, 2).describe())

# any expression 3.9 allows: attributes, subscripts, calls, lambdas
class Registry:
    def __init__(self):
        self.funcs = []

    def add(self, f):
        self.funcs.append(f)
        return f


reg = Registry()
decos = [trace, lambda f: f]


@reg.add
def one():
    return 1


@decos[1]
@(lambda f: reg.add(f))
def two():
    return 2


print([f() for f in reg.funcs], one is reg.funcs[0])


# a decorator that replaces the function with something else
def to_value(f):
    return f()


@to_value
def answer():
    return 42


print(answer, type(answer) is int)


# methods decorated inside a class body (the decorator is a class-body name)
class Shop:
    def logged(f):
        def w(self, *a):
            self.log.append(f.__name__)
            return f(self, *a)
        return w

    def __init__(self):
        self.log = []

    @logged
    def buy(self, item, n=1):
        return item * n

    @logged
    def sell(self, item):
        return '-' + item


s = Shop()
print(s.buy('x', 3), s.sell('y'), s.log)


# a decorated generator function and a decorated closure
def listify(f):
    def w(*a):
        return list(f(*a))
    return w


@listify
def countdown(n):
    while n > 0:
        yield n
        n -= 1


def make(k):
    @trace
    def scaled(x):
        return x * k
    return scaled


print(countdown(4), make(3)(7), calls[-1])

# reference counts: the wrapper holds the function in its closure cell
def plain(x):
    return x


wrapped = trace(plain)
print(sys.getrefcount(plain), sys.getrefcount(wrapped), sys.getrefcount(trace))
print(sys.getrefcount(Point), sys.getrefcount(fib), sys.getrefcount(caches['fib']))
