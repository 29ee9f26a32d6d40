# unsupported: class bases
class Animal:
    def __init__(self, name):
        self.name = name

class Dog(Animal):
    def speak(self):
        return self.name + " says woof"

print(Dog("rex").speak())
