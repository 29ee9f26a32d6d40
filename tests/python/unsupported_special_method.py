# unsupported: special method __next__
# A special method memsim does not honour must be refused: run anyway, the
# instance would not be an iterator, where CPython's is.
class Count:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        if self.i > self.n:
            raise StopIteration
        return self.i


print(list(Count(3)))
