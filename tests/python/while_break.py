# while loops: conditions, break, continue, nested whiles, counters.
n = 0
while n < 10:
    n += 1
    if n == 3:
        continue
    if n == 8:
        break
    print(n, end=" ")
print("| n =", n)
a, b = 0, 1
fibs = []
while b < 1000:
    fibs.append(b)
    a, b = b, a + b
print(fibs)
x = 1071
y = 462
while y:
    x, y = y, x % y
print("gcd", x)
i = 0
pairs = []
while True:
    j = 0
    while j < i:
        if (i * j) % 4 == 1:
            pairs.append((i, j))
        j += 1
    i += 1
    if i > 8:
        break
print(pairs)
digits = []
v = 9876543210
while v > 0:
    digits.append(v % 10)
    v //= 10
print(digits, v)
s = "memory hierarchy"
k = len(s) - 1
out = ""
while k >= 0:
    out += s[k]
    k -= 1
print(out)
lst = list(range(10))
while lst:
    lst.pop()
    if len(lst) == 4:
        break
print(lst)
guess = 50
lo, hi = 0, 100
steps = 0
while lo <= hi:
    mid = (lo + hi) // 2
    steps += 1
    if mid == 37:
        break
    elif mid < 37:
        lo = mid + 1
    else:
        hi = mid - 1
print("found 37 in", steps, "steps")
