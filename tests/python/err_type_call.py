# TypeError: calling an int.
x = 3
print(x)
y = x(4)
