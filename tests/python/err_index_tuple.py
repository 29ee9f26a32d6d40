# IndexError on a tuple with a negative index.
t = (1, 2)
print(t[-2])
print(t[-3])
