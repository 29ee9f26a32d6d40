# ValueError: list.remove of a missing value.
L = [1, 2, 3]
L.remove(2)
print(L)
L.remove(2)
