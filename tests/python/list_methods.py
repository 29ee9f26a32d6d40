# The common list methods.
import sys

L = [5, 3, 8, 1]
L.append(7)
L.extend([2, 9])
L.extend((0,))
L.extend("ab")
L.insert(0, 100)
L.insert(3, 200)
L.insert(-1, 300)
L.insert(1000, 400)
print(L, len(L))
print(L.pop(), L.pop(0), L.pop(2), L.pop(-2), L)
L.remove(8)
L.remove("a")
print(L, L.index(7), L.index(1), L.count(3), L.count(42))
nums = [4, 1, 3, 1, 5, 9, 2, 6, 5, 3, 5]
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
nums.reverse()
print(nums)
words = ["kiwi", "Apple", "fig", "banana", "cherry", "date"]
words.sort(key=len)
print(words)
words.sort(key=lambda w: w.lower())
print(words)
words.sort(key=lambda w: (len(w), w), reverse=True)
print(words)
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "y")]
pairs.sort()
print(pairs)
pairs.sort(key=lambda p: p[1])
print(pairs)
c = nums.copy()
c.append(-1)
print(c is nums, len(c), len(nums), c[-1])
c.clear()
print(c, sys.getsizeof(c))
r = []
for i in range(10):
    r.insert(0, i)
print(r)
for i in range(5):
    r.pop(0)
print(r, sys.getsizeof(r))
s = []
for i in range(50):
    s.extend([i, i])
print(len(s), sys.getsizeof(s), s.count(7), s.index(49))
stack = []
for ch in "((a)(b(c)))":
    if ch == "(":
        stack.append(len(stack))
    elif ch == ")":
        stack.pop()
print("balanced", len(stack) == 0)
m = [3, 1, 2]
m += [9]
m *= 2
print(m)
