# int / int beyond 2**53: CPython's long_true_divide rounds the exact quotient
# once (half-even); converting both to doubles first would round three times
# (-(3 ** 69) / 6 came out as -1.3906419472184674e+32 instead of ...76e+32).
print(-(3 ** 69) / 6, (3 ** 69) / 3, 3 ** 69 / 12, 3 ** 69 / 17)
print(10 ** 30 / 3, (2 ** 100 + 1) / 6, 10 ** 22 / 7, 150 / -12345678901234567890123)
print(2 ** 53 / 3, (2 ** 53 + 1) / 1, (2 ** 54 + 3) / 2, (2 ** 54 + 2) / 2)

# a pseudo-random sweep: numerators and denominators of 1 to 300 bits, both signs
state = 12345
def rand(bits):
    global state
    v = 0
    for _ in range(bits // 30 + 1):
        state = (state * 1103515245 + 12345) % 2147483648
        v = (v << 30) | (state >> 1)
    return v % (1 << bits)

quotients = []
for k in range(400):
    a = rand(1 + k % 300) * (1 if k % 3 else -1)
    b = rand(1 + (k * 7) % 300) * (1 if k % 5 else -1) or 7
    quotients.append(a / b)
print(len(quotients))
for i in range(0, 400, 8):
    print(*quotients[i:i + 8])

# the edges: overflow, the largest finite quotient, subnormal and zero results, signed zeros
for a, b in [(2 ** 1024 - 2 ** 971, 1), (2 ** 1025 - 2 ** 972, 2), (1, 3 ** 700), (1, 10 ** 320), (-1, 10 ** 330),
             (0, -10 ** 30), (3 ** 700, 3 ** 699), (10 ** 400, 10 ** 399)]:
    print(a / b)
for a, b in [(2 ** 1024 - 1, 1), (2 ** 1024, 1), (10 ** 400, 3)]:
    try:
        print(a / b)
    except OverflowError as e:
        print("OverflowError:", e)
