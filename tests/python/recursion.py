# Recursion: factorial, Ackermann (small), Hanoi moves, permutations,
# flatten, power set, depth up to several hundred frames.
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

def ack(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ack(m - 1, 1)
    return ack(m - 1, ack(m, n - 1))

def hanoi(n, src, dst, tmp, moves):
    if n == 0:
        return
    hanoi(n - 1, src, tmp, dst, moves)
    moves.append((src, dst))
    hanoi(n - 1, tmp, dst, src, moves)

def perms(items):
    if len(items) <= 1:
        return [items[:]]
    out = []
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for p in perms(rest):
            out.append([items[i]] + p)
    return out

def flatten(v, out):
    if isinstance(v, list):
        for x in v:
            flatten(x, out)
    else:
        out.append(v)
    return out

def powerset(s):
    if not s:
        return [[]]
    rest = powerset(s[1:])
    return rest + [[s[0]] + r for r in rest]

def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)

print(fact(10), fact(30), [fact(i) for i in range(8)])
print(ack(2, 3), ack(2, 10), ack(3, 3))
moves = []
hanoi(6, "A", "C", "B", moves)
print(len(moves), moves[:5], moves[-1])
ps = perms([1, 2, 3, 4])
print(len(ps), ps[:4], ps[-1])
print(flatten([1, [2, [3, [4, [5, [6]]]], 7], [[[[8]]]]], []))
print(powerset(["a", "b", "c"]))
print(depth(900), fact(200) % 10 ** 20)
