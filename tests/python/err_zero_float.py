# ZeroDivisionError from float floor division.
x = 7.5
print(x // 2.0)
print(x // 0.0)
