# TypeError: a list as a dict key.
d = {}
d["ok"] = 1
print(d)
d[[1, 2]] = 2
