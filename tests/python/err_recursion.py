# RecursionError: unbounded recursion hits the limit of 1000 frames.
def down(n):
    return down(n + 1)

print("start")
down(0)
