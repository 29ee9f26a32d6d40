# An exception ends the script: the traceback, then the exit frees the
# objects, the frames the traceback held first.
class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def fail(x):
    local = Noisy("local of fail")
    raise KeyError(x)


top = Noisy("global")
box = [Noisy("in list")]
fail("boom")
