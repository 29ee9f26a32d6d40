# unsupported: special method __hash__
# A special method memsim does not honour must be refused: run anyway, the set
# would hold both points (hashed by identity), where CPython's holds one.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __eq__(self, other):
        return self.x == other.x and self.y == other.y

    def __hash__(self):
        return hash((self.x, self.y))

print(len({Point(1, 2), Point(1, 2)}))
