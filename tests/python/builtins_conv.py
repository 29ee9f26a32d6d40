# Conversion builtins: int, float, str, bool, list, tuple, dict, set, repr,
# type, isinstance (with tuples of types).
vals = [0, 1, -7, 2 ** 40, 0.0, 2.5, -1e-3, "", "x", "42", [], [0], (), (None,), {}, {"k": 1}, set(), {0}, None, True, False, b"", b"ab"]
for v in vals:
    print(repr(v), bool(v), type(v), str(v) == repr(v))
print(int("  -12 "), int(7.9), int(-0.5), int(False), int("1_000"), float("nan") != float("nan"))
print(float(" 3.5 "), float(2 ** 60), float(True), float("-0"), float("1e-3"), float("  -inf"))
print(str(b"abc"), str(3 + 0.5), str(-0), str([None, True]), str(()), str("\u00e9"))
print(list({"a": 1, "b": 2}), tuple({3: 0}), set((1, 1, 2)), dict([(1, 2), [3, 4]]), list(range(0)))
print(isinstance(1, (str, int)), isinstance("s", (list, tuple)), isinstance(True, bool), isinstance([], list))
print(isinstance({}, dict), isinstance(set(), set), isinstance(1.0, float), isinstance(None, int))
print(type(1) is int, type(True) is bool, type("s") is str, type([]) is list, type(type(1)))
print(bool([0]), bool({0: 0}), bool(0.0001), bool(None), bool("False"))
print(repr(None), repr(True), repr(...), repr("\n"), repr(b"\x00\xff"), repr(1.0))
print(int(str(2 ** 70)) == 2 ** 70, str(int("0042")), float(str(0.1)) == 0.1)
