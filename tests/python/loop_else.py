# while/else and for/else: the else block runs when the loop ends by its
# condition or by running out, not by break; nested loops, continue, and a
# search written with for/else.
def first_negative(xs):
    for i, x in enumerate(xs):
        if x < 0:
            break
    else:
        return None
    return i


print(first_negative([3, 1, -2, 5]), first_negative([1, 2]), first_negative([]))
n = 0
while n < 3:
    n += 1
else:
    print("while ended normally", n)
n = 0
while n < 10:
    n += 3
    if n == 6:
        continue
    if n > 8:
        break
else:
    n = -1
print("after break", n)
primes = []
for k in range(2, 30):
    for d in range(2, k):
        if k % d == 0:
            break
    else:
        primes.append(k)
print(primes)
for v in [1, 3, 5]:
    if v % 2 == 0:
        break
else:
    print("no even number")
hits = []
for a in range(4):
    for b in range(4):
        if a * b == 6:
            hits.append((a, b))
            break
    else:
        continue
    break
print(hits)
