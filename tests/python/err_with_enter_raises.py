# __enter__ raising: the body and __exit__ never run; the bound __exit__
# BEFORE_WITH left on the stack is released with the frame.
import sys


class Resource:
    opened = 0

    def __init__(self, limit):
        self.limit = limit

    def __enter__(self):
        if Resource.opened >= self.limit:
            raise OverflowError("too many open: " + str(Resource.opened))
        Resource.opened += 1
        return self

    def __exit__(self, *args):
        Resource.opened -= 1
        print("closed, open now", Resource.opened)


r = Resource(1)
print(sys.getrefcount(r))
with r:
    try:
        with r:
            print("never")
    except OverflowError as e:
        print("caught", e)
    print(sys.getrefcount(r))
print(sys.getrefcount(r))


def nested(depth):
    with Resource(3) as res:
        print("depth", depth, "open", Resource.opened)
        nested(depth + 1)


nested(1)
