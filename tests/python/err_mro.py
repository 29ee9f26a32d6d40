# TypeError: bases C3 cannot order (set_mro_error names the heads left, and
# its message has a line break: the traceback's last line is its second
# line). The class body runs first: its print shows.
class Animal:
    pass


class Dog(Animal):
    pass


class Confused(Animal, Dog):
    print("the body runs before type() is called")
