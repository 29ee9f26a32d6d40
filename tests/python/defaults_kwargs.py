# Default argument values (evaluated once), keyword arguments in calls,
# keyword arguments of builtins (print sep/end, sorted key/reverse).
def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct

print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cid", punct="?"))
print(greet(greeting="Yo", name="Dee"))
print(greet("Eve", "Hey", "."))

def append_to(v, target=[]):
    target.append(v)
    return target

print(append_to(1), append_to(2), append_to(3, []), append_to(4))

def box(w, h=None, fill="#"):
    if h is None:
        h = w
    rows = []
    for i in range(h):
        rows.append(fill * w)
    return rows

print(box(3), box(2, 4), box(w=1, fill="*"), box(h=1, w=5, fill="="))

def scale(x, factor=2, offset=0.5):
    return x * factor + offset

print([scale(i) for i in range(4)], scale(1, offset=0), scale(factor=10, x=3))
print("a", "b", "c", sep="-")
print("no newline", end="")
print(" continued", end="!\n")
print(1, 2, 3, sep="", end="\n")
print(sep="x")
print("x", "y", sep=", ", end=" <end>\n")
print(sorted([3, 1, 2], reverse=True), sorted(["bb", "a", "ccc"], key=len, reverse=True))
print(max([1, -5, 3], key=abs), min(["xx", "y", "zzz"], key=len), sum([1, 2], 10))
print(int("ff", 16), int("777", 8), int("1010", 2), int("-0x1f", 16))
print(dict(a=1, b=[2], c="3"))
