# The math module: import and from-import (module and function scope, as),
# the constants, each function memsim has on ints, bools and floats, the
# special values, errors caught, and the references results and constants hold.
import sys
import math
from math import sqrt, floor, ceil, trunc, pi as PI, inf
from sys import getrefcount as rc

print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan, PI == math.pi, inf is math.inf)
print(sqrt, math.floor, math.log)

# each function on ints, bools and floats
for x in [0, 1, 2, 10, 144, 2.25, 1e-300, 1e300, True, False, 0.5, 10 ** 20]:
    print(x, sqrt(x), math.fabs(-x), math.exp(x / 1e300), math.isfinite(x), math.isinf(x), math.isnan(x))
for x in [2.5, -2.5, 3.0, -0.5, 0.0, -0.0, 1e20, -1e20, 7, -7, True, 12345678901234567890]:
    print(x, floor(x), ceil(x), trunc(x), type(floor(x)) is int)
for x in [1, 2, 8, 10, 1000, 0.001, 2.718281828459045, 1e308, 5e-324, 10 ** 400, True]:
    print(x, math.log(x), math.log2(x), math.log10(x))
print(math.log(8, 2), math.log(100, 10), math.log(1000, 10), math.log(2 ** 100, 2), math.log(81, 3.0))
print(math.copysign(3, -0.0), math.copysign(-2.5, 1), math.copysign(0.0, -1), math.copysign(math.inf, -1))
print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-12, -18), math.gcd(), math.gcd(7), math.gcd(-7), math.gcd(24, 36, 60, 1))
print(math.gcd(2 ** 40 * 3, 2 ** 35 * 9), math.gcd(True, 10))
print([math.isqrt(n) for n in [0, 1, 2, 3, 4, 15, 16, 17, 99, 100, 10 ** 12, 10 ** 12 - 1, True]])
print(math.exp(0), math.exp(1) == math.e, math.exp(-math.inf), math.exp(math.inf), math.sqrt(math.inf))
print(math.isnan(math.exp(math.nan)), math.isnan(sqrt(math.nan)), math.log(math.inf), math.fabs(-math.inf))

# errors, caught
def attempt(f, *args):
    try:
        return f(*args)
    except (ValueError, OverflowError, TypeError, ZeroDivisionError) as e:
        return type(e).__name__ + ": " + str(e)

for f, args in [(sqrt, (-1,)), (math.log, (0,)), (math.log, (-2.5,)), (math.exp, (1000,)), (math.log10, (0.0,)),
                (floor, (math.inf,)), (ceil, (math.nan,)), (trunc, (-math.inf,)), (math.log, (8, 1)),
                (math.isqrt, (-4,)), (math.gcd, (2.0, 4)), (sqrt, ("4",)), (trunc, ("4",)), (sqrt, (10 ** 400,)),
                (math.log, (2,)), (math.copysign, (1,)), (floor, (1, 2)), (math.log, (1, 2, 3))]:
    print(attempt(f, *args))

# from-import inside a function, and its names are locals
def hyp(a, b):
    from math import sqrt as root, fabs
    return root(fabs(a) * fabs(a) + b * b)

print(hyp(3, 4), hyp(-5, 12.0), hyp(1e200, 1e200))

# references: an int's floor is the int itself; results are fresh objects
big = 10 ** 30
n = 123456
print(floor(big) is big, ceil(n) is n, trunc(n) is n, rc(n), rc(floor(n)))
r = sqrt(2.0)
s = math.exp(2)
print(rc(r), rc(s))  # (not the constants: site may have imported math before the script, random binding pi and e)
roots = [sqrt(i) for i in range(50)]
print(sum(roots), rc(roots[7]), len(set(roots)))
g = math.gcd(10 ** 15, 10 ** 12)
print(g, rc(g))
del math
import math
print(math.pi, math.floor(-0.5))
