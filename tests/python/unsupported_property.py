# unsupported: builtin property
# memsim runs decorators, but not property (a descriptor, a builtin it lacks):
# refused before the run, as any builtin memsim does not have.
class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius

    @property
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32


print(Temperature(100).fahrenheit)
