# A KeyError raised three delegations down (yield from) goes up through every
# delegating generator, which stops there: the traceback names each frame at
# its yield from (SEND), under the for loop that drove the outermost one.
def lookup(table, keys):
    for k in keys:
        yield table[k]


def middle(table, keys):
    found = yield from lookup(table, keys)
    yield found


def outer(table, keys):
    yield "start"
    yield from middle(table, keys)
    yield "never"


table = {"a": 1, "b": 2}
for v in outer(table, ["a", "b", "missing", "a"]):
    print(v)
