# unsupported: for/else
for v in [1, 3, 5]:
    if v % 2 == 0:
        break
else:
    print("no even number")
