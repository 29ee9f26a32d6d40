# for over range (all forms), list, tuple, dict, set, str; nested loops,
# continue, break, loop variables after the loop, else-free patterns.
for i in range(5):
    print(i, end=" ")
print()
for i in range(2, 20, 3):
    print(i, end=" ")
print()
for i in range(10, 0, -2):
    print(i, end=" ")
print()
for i in range(0):
    print("never")
print("i after loops:", i)
print(list(range(-3, 3)), list(range(5, 5)), list(range(0, -10, -3)), len(range(0, 100, 7)))
print(range(10), range(1, 10, 2), range(10)[3], range(0, 20, 5)[-1], 7 in range(0, 20, 7))
for x in [1, "a", None, 2.5]:
    print(repr(x), end=" ")
print()
for x in (3, 2, 1):
    print(x, end=" ")
print()
d = {"one": 1, "two": 2, "three": 3}
for k in d:
    print(k, d[k], end=", ")
print()
for v in {5, 3, 1}:
    print(v, end=" ")
print()
for ch in "loop":
    print(ch.upper(), end="")
print()
table = []
for i in range(1, 6):
    row = []
    for j in range(1, 6):
        row.append(i * j)
    table.append(row)
for row in table:
    print(" ".join([str(v).rjust(3) for v in row]))
found = None
for n in range(2, 100):
    if n % 7 == 0 and n % 5 == 0:
        found = n
        break
print("found", found)
odd_sum = 0
for n in range(100):
    if n % 2 == 0:
        continue
    odd_sum += n
print("odd sum", odd_sum)
primes = []
for n in range(2, 200):
    is_p = True
    for p in primes:
        if p * p > n:
            break
        if n % p == 0:
            is_p = False
            break
    if is_p:
        primes.append(n)
print(len(primes), primes[:10], primes[-5:])
items = [1, 2, 3]
for v in items:
    if v < 3:
        items.append(v + 10)
print(items)
count = 0
for a in range(20):
    for b in range(20):
        if (a + b) % 3:
            continue
        count += 1
print(count)
