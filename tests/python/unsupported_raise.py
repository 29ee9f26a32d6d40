# unsupported: raise
def check(v):
    if v < 0:
        raise ValueError("negative")
    return v

print(check(5))
