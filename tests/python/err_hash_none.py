# TypeError: instances of a class whose __hash__ is None are unhashable.
class Frozen:
    __hash__ = None

    def __init__(self, v):
        self.v = v


seen = set()
for v in range(3):
    print('adding', v)
    seen.add(Frozen(v))
