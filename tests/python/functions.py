# def, return, positional arguments, locals, calls of calls, functions as
# values, recursion-free helpers, implicit None return.
def add(a, b):
    return a + b

def nothing():
    pass

def sign(x):
    if x > 0:
        return 1
    elif x < 0:
        return -1
    return 0

def apply(f, v):
    return f(v)

def compose(f, g, v):
    return f(g(v))

def swap(a, b):
    return b, a

def stats(values):
    n = len(values)
    mean = sum(values) / n
    var = 0
    for v in values:
        var += (v - mean) ** 2
    return n, mean, var / n, min(values), max(values)

print(add(2, 3), add("a", "b"), add([1], [2]), add(1.5, 2))
print(nothing(), nothing() is None, sign(-4), sign(0), sign(9))
print(apply(sign, -2), apply(abs, -7), apply(len, "four"), compose(abs, sign, -5))
x, y = swap(1, 2)
print(x, y, swap("p", "q"))
print(stats([2, 4, 4, 4, 5, 5, 7, 9]))
fns = [add, sign, nothing]
print(len(fns), fns[0](10, 20), fns[1](-1))
table = {"double": lambda v: v * 2, "square": lambda v: v * v}
for name in ["double", "square"]:
    print(name, [table[name](i) for i in range(5)])

def make_list(n):
    out = []
    for i in range(n):
        out.append(i * i)
    return out

r = make_list(10)
print(r, len(make_list(1000)))

def count_calls(n):
    c = 0
    for i in range(n):
        c = add(c, 1)
    return c

print(count_calls(5000))

def early(values, target):
    for i, v in enumerate(values):
        if v == target:
            return i
    return -1

print(early([5, 6, 7], 7), early([5, 6, 7], 8), early([], 1))

def outer_fn(v):
    def helper(w):
        return w * 10
    return helper(v) + 1

print(outer_fn(4), outer_fn(-1))
print(type(add) is type(sign), isinstance(len, type(len)))
