# An error three calls deep: the traceback lists every frame.
def parse(s):
    return int(s)

def total(items):
    t = 0
    for s in items:
        t += parse(s)
    return t

def main():
    print(total(["1", "2"]))
    print(total(["3", "four"]))

main()
