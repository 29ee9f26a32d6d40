# A class is a GC object (a heap type, tracked from its creation, in the
# generations like any container): gc.is_tracked(C) is True, and
# gc.get_objects() lists it (docs/python.md, "Classes").
import gc


class C:
    pass


print("class", gc.is_tracked(C), "instance", gc.is_tracked(C()))
print("class among the objects", len([x for x in gc.get_objects() if x is C]))
