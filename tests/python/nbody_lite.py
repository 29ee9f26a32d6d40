# A small n-body simulation on floats (lists of lists, tuples of bodies),
# energy printed with fixed formats.
bodies = [
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 39.47841760435743],
    [4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     0.606326392995832, 2.81198684491626, -0.02521836165988763, 0.03769367487038949],
    [8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -1.0107743461787924, 1.8256623712304119, 0.008415761376584154, 0.011286326131968767],
    [1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     1.0827910064415354, 0.8687130181696082, -0.010832637401363636, 0.0017237240570597112],
    [1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     0.979090732243898, 0.5946989986476762, -0.034755955504078104, 0.0020336868699246304],
]

def energy(bs):
    e = 0.0
    n = len(bs)
    for i in range(n):
        b = bs[i]
        e += 0.5 * b[6] * (b[3] * b[3] + b[4] * b[4] + b[5] * b[5])
        for j in range(i + 1, n):
            c = bs[j]
            dx = b[0] - c[0]
            dy = b[1] - c[1]
            dz = b[2] - c[2]
            e -= b[6] * c[6] / (dx * dx + dy * dy + dz * dz) ** 0.5
    return e

def advance(bs, dt):
    n = len(bs)
    for i in range(n):
        b = bs[i]
        for j in range(i + 1, n):
            c = bs[j]
            dx = b[0] - c[0]
            dy = b[1] - c[1]
            dz = b[2] - c[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * d2 ** 0.5)
            bm = b[6] * mag
            cm = c[6] * mag
            b[3] -= dx * cm
            b[4] -= dy * cm
            b[5] -= dz * cm
            c[3] += dx * bm
            c[4] += dy * bm
            c[5] += dz * bm
    for b in bs:
        b[0] += dt * b[3]
        b[1] += dt * b[4]
        b[2] += dt * b[5]

print(f"{energy(bodies):.9f}")
for step in range(10):
    for k in range(50):
        advance(bodies, 0.01)
    print(step, f"{energy(bodies):.9f}", repr(bodies[1][0]))
print([f"{v:.6f}" for v in bodies[4][:3]])
