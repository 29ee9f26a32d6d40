# An int loop: a million iterations of arithmetic on ints beyond the small-int
# cache, so every result is a new int object (allocated, then freed when
# rebound).
total = 0
i = 0
while i < 1000000:
    total += i * 3 % 7
    i += 1
print(total)
