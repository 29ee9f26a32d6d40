# unsupported: yield from
def inner():
    return [1, 2]

def outer():
    yield from inner()

print(list(outer()))
