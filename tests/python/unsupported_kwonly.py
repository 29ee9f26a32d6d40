# unsupported: keyword-only arguments
def f(a, *, b=2):
    return a + b

print(f(1, b=5))
