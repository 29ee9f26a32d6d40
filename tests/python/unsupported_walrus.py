# unsupported: assignment expression
data = [3, 8, 1, 9]
if (n := len(data)) > 3:
    print("long list", n)
