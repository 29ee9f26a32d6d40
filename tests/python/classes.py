# Classes without bases: __init__, methods, instance and class attributes,
# attribute update and deletion, vars(), isinstance, type().
import sys

class Point:
    dims = 2
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def moved(self, dx, dy=0):
        return Point(self.x + dx, self.y + dy)
    def as_tuple(self):
        return (self.x, self.y)

p = Point(3, 4)
print(p.x, p.y, p.norm2(), p.dims, Point.dims, p.as_tuple())
q = p.moved(1)
r = p.moved(dy=-4, dx=-3)
print(q.as_tuple(), r.as_tuple(), r.norm2(), p.as_tuple())
print(vars(p), vars(q), type(p) is Point, isinstance(p, Point), isinstance(3, Point))
print(type(p), Point)
p.x = 10
p.label = "moved"
print(vars(p), p.norm2())
del p.label
print(vars(p))
p.dims = 3
print(p.dims, Point.dims, vars(p))
Point.dims = 4
print(q.dims, p.dims)

class Counter:
    created = 0
    def __init__(self, start=0):
        self.value = start
        self.history = []
        Counter.created += 1
    def step(self, by=1):
        self.history.append(self.value)
        self.value += by
        return self
    def total(self):
        return sum(self.history) + self.value

c = Counter()
c.step().step(5).step(by=-2)
print(c.value, c.history, c.total(), Counter.created)
cs = [Counter(i) for i in range(10)]
for k in cs:
    k.step(k.value)
print([k.value for k in cs], Counter.created)

class Account:
    def __init__(self, owner):
        self.owner = owner
        self.balance = 0
        self.log = []
    def deposit(self, amount):
        self.balance += amount
        self.log.append(("in", amount))
    def withdraw(self, amount):
        if amount > self.balance:
            self.log.append(("refused", amount))
            return False
        self.balance -= amount
        self.log.append(("out", amount))
        return True

acc = Account("ann")
acc.deposit(100)
print(acc.withdraw(30), acc.withdraw(500), acc.balance, acc.log)
m = acc.deposit
m(5)
print(acc.balance, len(acc.log))

class Empty:
    pass

e = Empty()
e.a = 1
e.b = [e.a]
print(vars(e), isinstance(e, Empty), type(e))
sizes = [sys.getsizeof(Point(1, 2)), sys.getsizeof(e), sys.getsizeof(Empty())]
print(sizes)
objs = []
for i in range(1000):
    objs.append(Point(i, -i))
print(len(objs), objs[999].norm2(), sum([o.x for o in objs]))
objs = None
