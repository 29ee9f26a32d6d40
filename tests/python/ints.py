# Small ints: arithmetic, floor division and modulo with signs, powers, shifts,
# the small-int cache boundaries (-5..256), int(), str() and repr().
import sys

a = 7
b = -3
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** 2)
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7 // -2, -7 % -2)
print(0 // 5, 0 % 5, 5 // 1, 5 % 1)
print(2 ** 10, 2 ** 0, 0 ** 0, (-2) ** 3, (-2) ** 4, 2 ** -1, 10 ** -2)
print(1 << 10, 1024 >> 3, -1 >> 5, -16 >> 2, 5 << 0)
print(abs(-5), abs(5), abs(0), -(-5), +5)
print(int("42"), int("-17"), int("  8  "), int("0"), int(3.99), int(-3.99), int(True))
print(str(123), repr(-45), str(0), len(str(10 ** 18)))
print(min(3, 1, 2), max(3, 1, 2), sum([1, 2, 3, 4]), sum(range(101)))
total = 0
for i in range(-10, 11):
    total += i * i
print("sum of squares", total)
# every value around the small-int cache
for v in [-6, -5, -1, 0, 1, 255, 256, 257, 258]:
    print(v, sys.getsizeof(v), v == v + 0, v + 1 - 1)
x = 250
while x < 262:
    print(x, x * 3, x // 7, x % 7, end="; ")
    x += 1
print()
n = 1
steps = 0
k = 27
while k != 1:
    if k % 2 == 0:
        k = k // 2
    else:
        k = 3 * k + 1
    steps += 1
    if k > n:
        n = k
print("collatz 27:", steps, "steps, peak", n)
print(isinstance(5, int), isinstance(True, int), type(5), type(5) is int)
print(bool(0), bool(-1), bool(1), 1 == 1.0, True is not False)
print(10 / 4, 10 / 5, -10 / 4, 1 / 3)
print(7 & 3, 7 | 8, 7 ^ 2, ~7, ~-1, -8 & 0xFF, 0o17, 0b1011, 0x1F, 1_000_000)
