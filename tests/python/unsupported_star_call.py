# unsupported: star-args
args = [3, 4]

def mul(a, b):
    return a * b

print(mul(*args))
