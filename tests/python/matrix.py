# Matrices as lists of lists: multiplication, transpose, identity, powers,
# determinant by elimination (floats), integer matrix power for Fibonacci.
def zeros(n, m):
    return [[0] * m for i in range(n)]

def identity(n):
    out = zeros(n, n)
    for i in range(n):
        out[i][i] = 1
    return out

def mul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    out = zeros(n, p)
    for i in range(n):
        row = a[i]
        for k in range(m):
            v = row[k]
            bk = b[k]
            for j in range(p):
                out[i][j] += v * bk[j]
    return out

def transpose(a):
    return [[a[i][j] for i in range(len(a))] for j in range(len(a[0]))]

def mpow(a, e):
    result = identity(len(a))
    while e:
        if e % 2:
            result = mul(result, a)
        a = mul(a, a)
        e //= 2
    return result

def det(a):
    m = [[float(v) for v in row] for row in a]
    n = len(m)
    d = 1.0
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        if m[p][c] == 0:
            return 0.0
        if p != c:
            m[p], m[c] = m[c], m[p]
            d = -d
        d *= m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n):
                m[r][k] -= f * m[c][k]
    return d

A = [[1, 2, 3], [4, 5, 6], [7, 8, 10]]
B = [[2, 0, 1], [1, 3, 2], [0, 1, 4]]
print(mul(A, B))
print(transpose(A), transpose([[1, 2, 3]]))
print(mpow([[1, 1], [1, 0]], 90)[0][1])
print(mpow(A, 5))
print(f"{det(A):.6f}", f"{det(B):.6f}", f"{det(mul(A, B)):.6f}", det(identity(4)))
n = 12
H = [[1 / (i + j + 1) for j in range(n)] for i in range(n)]
P = mul(H, identity(n))
print(P == H, f"{det([row[:4] for row in H[:4]]):.6e}")
M = [[(i * 7 + j * 3) % 11 for j in range(20)] for i in range(20)]
S = mul(M, transpose(M))
print(S[0][:6], S[19][-3:], sum([sum(r) for r in S]))
