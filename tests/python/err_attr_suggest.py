# AttributeError with CPython 3.11's suggestion for a misspelled method.
items = []
items.append(1)
print(items)
items.apend(2)
