# unsupported: while/else
n = 0
while n < 3:
    n += 1
else:
    print("loop ended normally", n)
