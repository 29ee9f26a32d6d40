# nonlocal: a counter closure, a variable two functions up, two names in one
# statement, and the cells' reference counts.
import sys


def counter():
    n = 0

    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc


c = counter()
c()
print(c(), c(10))


def outer():
    x = "outer"

    def middle():
        def inner():
            nonlocal x
            x = "inner"
        inner()
        return x
    return middle(), x


print(outer())


def pair():
    a = b = 0

    def bump():
        nonlocal a, b
        a += 1
        b += 2
        return a, b
    return bump


p = pair()
p()
print(p(), sys.getrefcount(p))
