# unsupported: subclassing a built-in type
# Several bases are in the subset (C3's MRO); a built-in type other than
# object and the exception classes among them is not: memsim's instances
# cannot have int's layout.
class A:
    pass


class C(A, int):
    pass


print(C.__mro__)
