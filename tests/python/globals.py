# global statement: functions reading and rebinding module names, module
# names created from functions, deleting globals, shadowing by locals.
counter = 0
log = []

def bump(by=1):
    global counter
    counter += by
    log.append(counter)

def read_only():
    return counter * 2

def shadow():
    counter = -1
    return counter

def create():
    global created
    created = [counter, "made inside"]

def remove():
    global created
    del created

for i in range(5):
    bump(i)
print(counter, log, read_only(), shadow(), counter)
create()
print(created)
remove()
print("created" in vars(), len(log))
total = 0

def add_all(values):
    global total
    for v in values:
        total += v
    return total

print(add_all(range(10)), add_all([100]), total)

def rebind_list():
    global log
    log = log + ["new"]

before = log
rebind_list()
print(before is log, before, log)
x = 10

def nested():
    def inner():
        global x
        x = x + 1
        return x
    return inner() + inner()

print(nested(), x)
