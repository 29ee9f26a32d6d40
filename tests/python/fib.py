# Fibonacci four ways: naive recursion, iteration, memo dict, list table;
# big results as ints grow past 64 bits.
def fib_rec(n):
    if n < 2:
        return n
    return fib_rec(n - 1) + fib_rec(n - 2)

def fib_iter(n):
    a, b = 0, 1
    for i in range(n):
        a, b = b, a + b
    return a

memo = {}

def fib_memo(n):
    if n < 2:
        return n
    if n in memo:
        return memo[n]
    v = fib_memo(n - 1) + fib_memo(n - 2)
    memo[n] = v
    return v

def fib_table(n):
    t = [0, 1]
    for i in range(2, n + 1):
        t.append(t[i - 1] + t[i - 2])
    return t

print([fib_rec(i) for i in range(20)])
print(fib_rec(22))
print(fib_iter(90), fib_iter(100), fib_iter(300))
print(fib_memo(200), len(memo))
t = fib_table(500)
print(t[500], len(str(t[500])), t[93] > 2 ** 64, t[92] < 2 ** 63)
print(fib_iter(250) == fib_memo(250) == t[250])
