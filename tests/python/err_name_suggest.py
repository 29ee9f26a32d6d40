# NameError with CPython 3.11's suggestion (printed by the traceback display).
counter = 10
print(counter)
print(countr)
