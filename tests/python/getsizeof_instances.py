# sys.getsizeof of instances and their __dict__ (via vars()), of functions
# and classes' instances with many attributes; range and other objects.
import sys

class Empty:
    pass

class Two:
    def __init__(self, a, b):
        self.a = a
        self.b = b

class Many:
    def __init__(self, n):
        self.a0 = n
        self.a1 = n
        self.a2 = n
        self.a3 = n
        self.a4 = n
        self.a5 = n
        self.a6 = n
        self.a7 = n

print(sys.getsizeof(Empty()), sys.getsizeof(Two(1, 2)), sys.getsizeof(Many(0)))
e = Empty()
print("empty instance", sys.getsizeof(e), sys.getsizeof(vars(e)))
e.x = 1
print("one attribute", sys.getsizeof(e), sys.getsizeof(vars(e)))
t = Two(1, 2)
print("two", sys.getsizeof(vars(t)), vars(t))
m = Many(5)
print("many", sys.getsizeof(vars(m)), len(vars(m)))
for i in range(10):
    obj = Two(i, -i)
print(sys.getsizeof(obj), vars(obj))
print("range", sys.getsizeof(range(10)), sys.getsizeof(range(10 ** 20)))
print("functions", sys.getsizeof(lambda: 0) == sys.getsizeof(lambda x, y: x))
objs = [Two(i, i) for i in range(100)]
print(len(objs), sum([sys.getsizeof(o) for o in objs]))
