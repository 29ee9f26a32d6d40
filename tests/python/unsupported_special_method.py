# unsupported: special method __repr__
# A special method memsim does not honour must be refused: run anyway, print()
# would show the default repr, not the method's.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return "Point(%d, %d)" % (self.x, self.y)

print([Point(1, 2), Point(3, 4)])
