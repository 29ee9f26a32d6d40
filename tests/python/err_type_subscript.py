# TypeError: subscripting None (a function that forgot to return).
def build():
    out = [1, 2, 3]

r = build()
print(r)
print(r[0])
