# if / elif / else chains, nested ifs, conditions of every type, pass.
def classify(v):
    if v is None:
        return "none"
    elif isinstance(v, bool):
        return "bool"
    elif isinstance(v, int):
        if v < 0:
            return "negative int"
        elif v == 0:
            return "zero"
        elif v < 10:
            return "small int"
        else:
            return "big int"
    elif isinstance(v, float):
        return "float"
    elif isinstance(v, str):
        if not v:
            return "empty str"
        return "str"
    elif isinstance(v, (list, tuple)):
        return "sequence of " + str(len(v))
    else:
        return "other"

for v in [None, True, -3, 0, 7, 10 ** 12, 2.5, "", "x", [1, 2], (), {}, set()]:
    print(repr(v), "->", classify(v))
grades = []
for score in range(0, 101, 7):
    if score >= 90:
        g = "A"
    elif score >= 80:
        g = "B"
    elif score >= 70:
        g = "C"
    elif score >= 60:
        g = "D"
    else:
        g = "F"
    grades.append(g)
print("".join(grades))
x = 5
if x:
    pass
if x > 3 and x < 10 or x == 100:
    print("in range")
if not (x % 2):
    print("even")
else:
    print("odd")
if [] or {} or "":
    print("never")
elif [0]:
    print("non-empty list is true")
