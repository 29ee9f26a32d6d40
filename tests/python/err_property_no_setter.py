# A property without a setter assigned to: CPython 3.11's AttributeError names
# the property and the class (property_descr_set), raised from STORE_ATTR.
class Circle:
    def __init__(self, r):
        self.r = r

    @property
    def area(self):
        return 3 * self.r * self.r


c = Circle(2)
print(c.area)
c.area = 10
print("not reached")
