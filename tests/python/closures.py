# Closures: inner functions capturing variables of the enclosing function
# (cells), several closures sharing a cell, closures in loops.
def make_adder(n):
    def add(x):
        return x + n
    return add

add5 = make_adder(5)
add10 = make_adder(10)
print(add5(1), add10(1), add5(add10(0)), make_adder(-1)(1))

def make_counter_pair():
    state = [0]
    def inc():
        state[0] += 1
        return state[0]
    def get():
        return state[0]
    return inc, get

inc, get = make_counter_pair()
for i in range(5):
    inc()
print(get(), inc(), get())

def multipliers():
    fns = []
    for i in range(4):
        fns.append(lambda x: x * i)
    return fns

print([f(10) for f in multipliers()])

def multipliers_bound():
    fns = []
    for i in range(4):
        fns.append(lambda x, i=i: x * i)
    return fns

print([f(10) for f in multipliers_bound()])

def outer():
    a = 1
    def middle():
        b = 2
        def inner():
            return a + b
        return inner
    return middle()

print(outer()())

def memo_fib():
    cache = {0: 0, 1: 1}
    def fib(n):
        if n in cache:
            return cache[n]
        v = fib(n - 1) + fib(n - 2)
        cache[n] = v
        return v
    return fib, cache

fib, cache = memo_fib()
print(fib(80), len(cache), fib(10), sorted(cache)[-3:])

def accumulate(values):
    total = 0
    out = []
    def push(v):
        out.append(v + total)
    for v in values:
        total += v
        push(v)
    return out

print(accumulate([1, 2, 3, 4]))
