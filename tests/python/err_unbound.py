# UnboundLocalError: a local read before its assignment.
total = 5

def add(v):
    total = total + v
    return total

print(total)
print(add(1))
