# and/or/not short-circuit and their values, truthiness, None comparisons,
# conditional expressions, chained comparisons, is / is not.
def t(label, value):
    print("eval", label)
    return value

print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "d", "" or [] or 0, [] and 1)
print(not 0, not 1, not "", not [0], not None, not not 5)
print(t("a", 0) and t("b", 1))
print(t("c", 1) or t("d", 0))
print(t("e", 1) and t("f", 2) and t("g", 0) and t("h", 3))
x = None
print(x is None, x is not None, x == None, None is None, type(None))
y = [] if x is None else x
print(y, 5 if 1 < 2 else 6, "a" if "" else "b", (1 if x else 2) + 10)
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 >= 2 > 1, 1 == 1.0 == True, 1 < t("mid", 5) < 4)
a = [1]
b = a
c = [1]
print(a is b, a is c, a == c, a is not c, True is True, (not a) is False)
print(True + True, True * 10, False - 1, True / 2, True == 1, False == 0, str(True))
vals = [0, 1, "", "x", [], [1], {}, {"a": 0}, None, 0.0, 0.5]
print([bool(v) for v in vals], [v for v in vals if v], len([v for v in vals if not v]))
n = 15
kind = "fizzbuzz" if n % 15 == 0 else "fizz" if n % 3 == 0 else "buzz" if n % 5 == 0 else str(n)
print(kind)
print([("fizzbuzz" if i % 15 == 0 else "fizz" if i % 3 == 0 else "buzz" if i % 5 == 0 else i) for i in range(1, 21)])
print(True and "yes" or "no", False and "yes" or "no", None is not False)
