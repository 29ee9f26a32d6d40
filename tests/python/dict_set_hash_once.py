# dict.get, dict.pop, dict.setdefault, set.discard and set.remove hash the key once (a
# class's __hash__ runs once), and dict.pop of an empty dict never hashes it.
d = {"a": 1, 2: "b", (1, 2): 3}
print(d.get("a"), d.get(2), d.get((1, 2)), d.get("z"), d.get("z", 9))
print({}.pop([1], None))
try:
    {}.pop([1])
except KeyError as e:
    print("KeyError", e)
try:
    d.pop([1])
except TypeError as e:
    print("TypeError", e)
try:
    d.get([1])
except TypeError as e:
    print("TypeError", e)
try:
    d.setdefault([1])
except TypeError as e:
    print("TypeError", e)
print(d.pop("a"), d.pop("q", 5), d.setdefault("n", 7), d.setdefault("n", 8), d)
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): print("hash", self.v); return hash(self.v)
    def __eq__(self, o): print("eq", self.v); return isinstance(o, K) and o.v == self.v
k = K(1)
e = {k: 1}
print(e.get(K(1)), e.setdefault(K(2), 5), e.pop(K(1)), len(e))
print({}.pop(K(3), "empty"))
s = {1, "a", K(4)}
s.discard(K(4))
s.discard(K(5))
try:
    s.remove(K(6))
except KeyError:
    print("KeyError K(6)")
s.discard("a")
try:
    s.remove([1])
except TypeError as e:
    print("TypeError", e)
print(sorted(x for x in s if not isinstance(x, K)), len(s))
class Bad:
    def __hash__(self): raise ValueError("no hash")
for call in (lambda: d.get(Bad()), lambda: d.pop(Bad()), lambda: d.setdefault(Bad()), lambda: s.discard(Bad())):
    try:
        call()
    except ValueError as e:
        print("ValueError", e)
print({}.pop(Bad(), "empty dict: not hashed"))
