# unsupported: star-args
def show(**opts):
    return sorted(opts)

print(show(a=1, b=2))
