# Floats: arithmetic, mixed int/float, comparisons, int() truncation, float(),
# the float free list (many temporaries), sizes.
import sys

a = 1.5
b = -0.25
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** 2, b ** 3)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2, 2 ** 0.5, 4 ** 0.5)
print(1 + 2.0, 3 * 0.5, 10 / 4, 2 ** -2, 1.0 == 1, 0.1 + 0.2 == 0.3, abs(-2.5))
print(float("1.25"), float("-3"), float(7), float("  2.5e3 "), float("inf"), float("-inf"))
print(int(2.9), int(-2.9), int(1e15), bool(0.0), bool(-0.0), -0.0, 0.0 == -0.0)
print(min(1.5, 2, -3.25), max(0.1, 0.01), sum([0.1] * 10), sum([0.5, 0.25, 0.125]))
print(sys.getsizeof(1.0), sys.getsizeof(0.0), sys.getsizeof(1e300))
x = 0.0
for i in range(1000):
    x = x + 0.001
print(x)
acc = 1.0
for i in range(1, 30):
    acc = acc * 1.5 - i / 7
print(acc)
vals = [i / 8 for i in range(-16, 17)]
print(vals)
print([v * v for v in vals if v > 1])
print(sorted([3.5, -1.25, 2.0, 0.0, 100.0, -50.5]))
print(1e16, 1e15, 123456789.0 * 1000, 1.0 / 3, 2.0 / 3, 10.0 / 3)
print(float(10 ** 20), 1e22, 1e23, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308)
print(1e308 * 10, -1e308 * 10, isinstance(1e308 * 10, float))
h = 1.0
n = 0
while h + 1.0 != 1.0:
    h = h / 2
    n += 1
print("epsilon halvings", n, h)
print(3.0 < 3, 3.0 <= 3, 2.5 > 2, -1.5 < -1, 1.5 != 1.5)
