# __del__ at exit that stores the object elsewhere (resurrection), and gc
# disabled by the script: PyGC_Collect is skipped, finalize_modules'
# collections run anyway. A gc callback kept in gc.callbacks keeps the
# module's globals alive: what they hold is never finalized.
import gc

saved = []


class Phoenix:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("phoenix", self.n)
        saved.append(self)


class Cycle:
    def __init__(self, n):
        self.n = n
        self.me = self

    def __del__(self):
        print("cycle", self.n)


p = Phoenix(1)
c1 = Cycle(1)
c2 = Cycle(2)
gc.collect()
gc.disable()
print("end", gc.isenabled())
