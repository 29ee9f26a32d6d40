# unsupported: special method __get__
# property, staticmethod and classmethod are CPython's own descriptors, which
# memsim has; a class of the script that defines the descriptor protocol
# (__get__, __set__, __set_name__) is refused before the run, as any special
# method memsim gives no slot.
class Celsius:
    def __get__(self, obj, owner=None):
        return obj._celsius

    def __set__(self, obj, value):
        obj._celsius = value


class Temperature:
    celsius = Celsius()

    def __init__(self, celsius):
        self.celsius = celsius


print(Temperature(100).celsius)
