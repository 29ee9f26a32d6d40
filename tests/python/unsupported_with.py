# unsupported: with statement
def track(t):
    with t as inside:
        inside.events.append("body")

class Tracker:
    def __init__(self):
        self.events = []
    def __enter__(self):
        self.events.append("enter")
        return self
    def __exit__(self, a, b, c):
        self.events.append("exit")
        return False

t = Tracker()
track(t)
print(t.events)
