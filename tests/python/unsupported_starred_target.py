# unsupported: star-args
first, *rest = [1, 2, 3, 4]
print(first, rest)
