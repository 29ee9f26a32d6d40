# ValueError raised by a decorator while the function is decorated: the
# traceback's first line is the decorator's line.
def checked(limit):
    def deco(f):
        if f.__name__.startswith('_'):
            raise ValueError('private function ' + f.__name__ + ' cannot be checked')
        return f
    return deco


@checked(3)
def visible():
    return 1


print(visible())


@checked(
    4)
def _hidden():
    return 2


print(_hidden())
