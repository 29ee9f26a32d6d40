# Single inheritance from a class of the script: methods and class attributes
# found through the base, overrides, isinstance with the base, instance
# attributes set by the base's __init__, and the sizes of the instances.
import sys


class Animal:
    legs = 4

    def __init__(self, name):
        self.name = name

    def speak(self):
        return self.name + " makes a sound"

    def describe(self):
        return self.name + " has " + str(self.legs) + " legs: " + self.speak()


class Dog(Animal):
    def speak(self):
        return self.name + " says woof"


class Bird(Animal):
    legs = 2

    def __init__(self, name, flies):
        Animal.__init__(self, name)
        self.flies = flies


class Puppy(Dog):
    pass


for a in [Animal("generic"), Dog("rex"), Bird("tweety", True), Puppy("bit")]:
    print(a.describe(), isinstance(a, Animal), isinstance(a, Dog), type(a) is Puppy)
print(Bird("kiwi", False).flies, Puppy.legs, Bird.legs)
d = Dog("rex")
print(sorted(vars(d)), sys.getsizeof(d) == sys.getsizeof(Animal("x")))
