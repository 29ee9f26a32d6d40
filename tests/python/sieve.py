# Sieve of Eratosthenes on a list of bools, prime gaps in a dict,
# twin primes as tuples, a set of primes for membership tests.
N = 20000
is_prime = [True] * (N + 1)
is_prime[0] = is_prime[1] = False
p = 2
while p * p <= N:
    if is_prime[p]:
        for m in range(p * p, N + 1, p):
            is_prime[m] = False
    p += 1
primes = [i for i in range(N + 1) if is_prime[i]]
print(len(primes), primes[:15], primes[-5:])
gaps = {}
for i in range(1, len(primes)):
    g = primes[i] - primes[i - 1]
    gaps[g] = gaps.get(g, 0) + 1
print(sorted(gaps.items()))
twins = [(a, b) for a, b in zip(primes, primes[1:]) if b - a == 2]
print(len(twins), twins[:5], twins[-1])
pset = set(primes)
print(sum([1 for n in range(0, N, 3) if n in pset]), 19997 in pset, 19999 in pset)
goldbach = {}
for n in range(4, 200, 2):
    for a in primes:
        if n - a in pset:
            goldbach[n] = (a, n - a)
            break
print([goldbach[n] for n in range(100, 120, 2)])
