# TypeError: a __hash__ that returns something else than an int (slot_tp_hash).
class Key:
    def __init__(self, name):
        self.name = name

    def __hash__(self):
        return self.name


print(hash(Key(7)))
table = {}
table[Key('seven')] = 7
print(table)
