# BEFORE_WITH's TypeError: __enter__ and __exit__ are looked up on the type
# (an instance attribute does not count), __exit__ before __enter__ runs.
class Opened:
    def __enter__(self):
        print("never: __exit__ is missing, so __enter__ is not called")
        return self


class Closer:
    def __exit__(self, *args):
        print("never")


for obj in [3, "text", [1], None, Closer()]:
    try:
        with obj:
            print("never")
    except TypeError as e:
        print(e)

inst = Closer()
inst.__enter__ = lambda: 1
try:
    with inst:
        pass
except TypeError as e:
    print("instance attribute:", e)

print("last")
with Opened() as o:
    print("body")
