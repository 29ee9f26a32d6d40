# Assignment expressions (:=) in if and while tests, in an argument, in a
# list display and at module and function level.
data = [3, 8, 1, 9]
if (n := len(data)) > 3:
    print("long list", n)


def chunks(xs, size):
    out = []
    i = 0
    while (part := xs[i:i + size]):
        out.append(part)
        i += size
    return out, part


print(chunks(list(range(7)), 3))
print([(y := 5), y * 2], y)
total = 0
while (total := total + 4) < 10:
    pass
print(total, (z := "x") * 3, z)
