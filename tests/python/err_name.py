# NameError for a name that was never bound (no close match to suggest).
values = [1, 2, 3]
print(sum(values))

def show():
    print("inside show")
    return undefined_thing + 1

show()
print("not reached")
