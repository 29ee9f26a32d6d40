# ValueError: int() of a non-numeric str.
for s in ["12", "-3", "4x"]:
    print(int(s))
