# unsupported: try statement
values = [1, 2, 0, 4]
for v in values:
    try:
        print(12 // v)
    except ZeroDivisionError:
        print("skip")
