# A dict starts untracked and becomes tracked (MAINTAIN_TRACKING) when a key
# or value that may be tracked (_PyObject_GC_MAY_BE_TRACKED: an object of a
# GC type, a tuple only if it is tracked itself) is stored in it. Besides
# lists, dicts and instances that covers the interpreter's own GC types:
# bound methods, builtin methods, dict views, generators (generator
# expressions here), enumerate and zip objects. Atoms (ints, strs, None) and
# untracked tuples leave the dict untracked: a tuple of atoms is tracked when
# made (here a constant of the module's code) until a collection untracks it.
import gc


class C:
    def m(self):
        return 1


def check(name, value):
    d = {}
    d["k"] = value
    return name + " " + str(gc.is_tracked(d))


c = C()
xs = [1, 2, 3]
out = []
out.append(check("int", 1))
out.append(check("str", "s"))
out.append(check("None", None))
out.append(check("tuple of atoms", (1, 2)))
out.append(check("list", []))
out.append(check("instance", c))
out.append(check("bound method", c.m))
out.append(check("builtin method", xs.append))
out.append(check("dict view", {1: 2}.keys()))
out.append(check("generator", (x for x in xs)))
out.append(check("enumerate", enumerate(xs)))
out.append(check("zip", zip(xs, xs)))
out.append(check("function", check))

# a key of a GC type tracks it too (a tuple holding an instance is tracked)
t = (1, c)
d = {}
d[t] = 1
out.append("tracked tuple key " + str(gc.is_tracked(d)))

# a dict built by a display tracks as its items go in
d = {"a": c.m}
out.append("display " + str(gc.is_tracked(d)))
# after a collection the tuple of atoms is untracked, and so is a dict holding it
gc.collect()
out.append(check("collected tuple of atoms", (1, 2)))
for line in out:
    print(line)
