# Arbitrary-precision ints: 30-bit digits, carries, multiplication, division,
# negative values, sizes by digit count, str/int round trips.
import sys

f = 1
for i in range(1, 41):
    f = f * i
    if i % 5 == 0:
        print(i, f, sys.getsizeof(f))
print(f // 123456789, f % 123456789, -f // 1000003, -f % 1000003)
p = 1
for i in range(0, 200, 7):
    p = 2 ** i
    print(i, p, sys.getsizeof(p), sys.getsizeof(-p), sys.getsizeof(p - 1))
big = 10 ** 50 + 12345
print(big, big * big, big - 10 ** 50, -big, abs(-big))
print(big // 7, big % 7, big // -7, big % -7, (big * 3) // big)
print(big > 10 ** 50, big < 10 ** 51, big == 10 ** 50 + 12345, -big < big)
print(2 ** 64, 2 ** 64 - 1, 2 ** 63, -(2 ** 63), 2 ** 62 + 2 ** 62)
print((2 ** 100) >> 37, 1 << 127, (1 << 127) | 1, (2 ** 90) & (2 ** 90 - 1))
print((2 ** 90 - 1) ^ (2 ** 89), ~(2 ** 70), -(2 ** 70) >> 3, -(2 ** 70) & 255)
s = str(3 ** 200)
print(len(s), s[:20], s[-20:])
print(int(s) == 3 ** 200, int("-" + s) + 3 ** 200, int("123456789012345678901234567890"))
fib = [0, 1]
for i in range(150):
    fib.append(fib[-1] + fib[-2])
print(fib[100], fib[150], fib[150] // fib[149], fib[151] % 1000000007)
print(float(2 ** 80), int(1e20), int(-1.5e19), 2 ** 53 + 1 == float(2 ** 53 + 1))
print(max(fib), min(fib[1:]), sum(fib) % 10 ** 9)
print(sorted([2 ** 70, -(2 ** 70), 5, 2 ** 65, -3]))
print(sys.getsizeof(0), sys.getsizeof(1), sys.getsizeof(2 ** 30 - 1), sys.getsizeof(2 ** 30), sys.getsizeof(2 ** 60), sys.getsizeof(2 ** 90))
print(12345678901234567890 * 98765432109876543210, 10 ** 40 // 3 ** 30)
print(7 ** 77 % 1000, (-7) ** 77 % 1000, (10 ** 30 + 1) * (10 ** 30 - 1))
