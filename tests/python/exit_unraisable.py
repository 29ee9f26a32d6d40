# A __del__ that raises at the interpreter's exit: reported on stderr as
# PyErr_WriteUnraisable does (at exit without source lines: CPython's
# linecache is gone with the modules), and the exit goes on.
class Bad:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("bad __del__", self.n)
        raise ValueError("ignored " + str(self.n))


first = Bad(1)
second = Bad(2)
print("end")
