# yield from (PEP 380): delegation to generators, lists, tuples, strs, dicts,
# ranges, generator expressions and the builtins' iterators; the value of
# `yield from` (the subgenerator's return value, None for other iterators
# and for a finished generator); nested and recursive delegation deeper
# than the builtins' nesting (a tree 300 levels deep); a class whose
# __iter__ delegates; exceptions raised inside the subgenerator caught by
# the delegating one; closing a delegating generator (its finally blocks
# and the subgenerator's, GeneratorExit, a subgenerator ignoring it);
# `yield from` in a with statement and a lambda.


def count(n, tag):
    for i in range(n):
        yield tag + str(i)
    return tag * n


def twice(n):
    a = yield from count(n, "a")
    b = yield from count(n, "b")
    return a + "|" + b


def three_levels():
    r = yield from twice(2)
    print("  twice returned", r)
    return len(r)


def consume(g):
    out = []
    for v in g:
        out.append(v)
    return out


print(consume(three_levels()))
print(list(twice(1)), sorted(twice(2), reverse=True), "-".join(twice(3)))


def results():
    print("  list:", (yield from [1, 2]))
    print("  tuple:", (yield from (3,)))
    print("  str:", (yield from "ab"))
    print("  dict:", (yield from {"k": 1, "j": 2}))
    print("  range:", (yield from range(4, 6)))
    print("  genexp:", (yield from (x * x for x in range(3))))
    print("  map:", (yield from map(str.upper, "cd")))
    print("  zip:", (yield from zip("xy", [7, 8])))
    print("  enumerate:", (yield from enumerate("e", 10)))
    print("  items:", (yield from {"a": 1}.items()))
    print("  reversed:", (yield from reversed([9, 8])))
    print("  set:", (yield from {42}))
    print("  empty:", (yield from []))
    print("  iter:", (yield from iter([5])))


print(list(results()))


def finished():
    yield 1
    return "once"


f = finished()
print(list(f))


def again(g):
    first = yield from g
    second = yield from g
    return first, second


def show(g):
    r = yield from g
    print("  again returned", r)


print(list(show(again(f))))
print(list(show(again(finished()))))


def walk(depth):
    if depth:
        yield from walk(depth - 1)
    yield depth


print(sum(walk(300)), max(walk(300)), len(list(walk(300))))


class Tree:
    def __init__(self, value, *children):
        self.value = value
        self.children = children

    def __iter__(self):
        yield self.value
        for child in self.children:
            yield from child


t = Tree(1, Tree(2, Tree(3), Tree(4)), Tree(5, Tree(6, Tree(7))))
print(list(t), sum(t), 4 in t, [x * 10 for x in t if x % 2])


def chain(*iterables):
    for it in iterables:
        yield from it


print(list(chain([1, 2], "ab", range(2), chain((3, 4), chain("z")))))


def risky(n):
    yield n
    if n > 1:
        raise ValueError("too big: " + str(n))
    return n


def guarded(n):
    try:
        r = yield from risky(n)
        print("  guarded got", r)
    except ValueError as e:
        print("  guarded caught", e)
        yield -1
    yield 0


print(list(guarded(1)), list(guarded(2)))


def divider(xs):
    for x in xs:
        yield 10 // x


def safe(xs):
    try:
        yield from divider(xs)
    except ZeroDivisionError as e:
        yield str(e)
    finally:
        print("  safe done")


print(list(safe([1, 2, 0, 5])))


def inner_finally(tag):
    try:
        yield tag + "1"
        yield tag + "2"
    finally:
        print("  inner finally", tag)


def outer_finally(tag):
    try:
        yield from inner_finally(tag)
    finally:
        print("  outer finally", tag)


g = outer_finally("a")
print(next(g))
del g
print("after del")
for v in outer_finally("b"):
    print(v)
    break
print("after break")


def catches_exit():
    try:
        yield from inner_finally("c")
    except GeneratorExit:
        print("  outer saw GeneratorExit")
        raise


g = catches_exit()
print(next(g))
g = None


def stubborn():
    try:
        yield 1
    finally:
        yield 2


def handles_runtime():
    try:
        yield from stubborn()
    except RuntimeError as e:
        print("  outer got", type(e).__name__, e)


g = handles_runtime()
print(next(g))
g = None
print("after stubborn")


class Manager:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("  enter", self.name)
        return self

    def __exit__(self, t, v, tb):
        print("  exit", self.name, t is None)
        return False


def managed():
    with Manager("m") as m:
        yield from [m.name, m.name.upper()]
        total = yield from (len(m.name) for _ in range(2))
        print("  total", total)


print(list(managed()))

flatten = lambda xs: (yield from xs)
print(list(flatten("lam")), list(map(lambda g: g * 2, flatten([1, 2]))))


def gen_of_gens():
    yield from (x for x in count(2, "q"))
    yield from (y for y in (yield from count(1, "r")))


print(list(gen_of_gens()))


def self_delegate():
    yield "start"
    yield from me


me = self_delegate()
try:
    for v in me:
        print(v)
except ValueError as e:
    print("ValueError:", e)


def not_iterable():
    yield from 42


try:
    list(not_iterable())
except TypeError as e:
    print("TypeError:", e)


def stops_in_map():
    def f(x):
        if x == 3:
            raise StopIteration(x * 100)
        return x
    r = yield from map(f, range(10))
    print("  map stopped with", r)


print(list(stops_in_map()))
print(sum(x for x in chain(range(1000), walk(50))), any(chain([0], [0, 3])), min(chain("b", "a")))
a, *rest = chain("xyz", [1])
print(a, rest, dict(chain([("k", 1)], {"j": 2}.items())))
