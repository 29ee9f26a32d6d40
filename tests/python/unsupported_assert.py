# unsupported: assert
x = 4
assert x == 4
print("ok", x)
