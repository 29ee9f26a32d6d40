# RecursionError through yield from: a generator delegating to itself
# recursively, without end, reaches the limit of 1000 frames (each
# subgenerator's frame counts, as in CPython 3.11, where SEND runs it in a
# nested call of the eval loop), after the delegations 990 deep that work.
def countdown(n):
    if n:
        yield from countdown(n - 1)
    yield n


def forever(n):
    yield from forever(n + 1)
    yield n


print(sum(countdown(990)))
print(list(forever(0)))
