# repr and str of floats: shortest round-trip digits, exponent switch at
# 1e16 and 1e-4, negative zero, inf/nan, f-string specs.
vals = [0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3, 1e-4, 1e-5, 0.0001234,
        1e15, 1e16, 1e17, 123456789012345678.0, 1.5e300, 1e-300, 5e-324,
        -0.0, 0.0, 100.0, 1e100, 9007199254740993.0, 2.5, 0.5, 3.14159,
        1.1, 2.675, 1e22, 1e21, 12345.678, 0.000001, 1.0e-7]
for v in vals:
    print(repr(v), str(v), v)
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, repr(inf), [inf, nan], nan == nan, inf > 1e308)
for v in [3.14159, 2.5, -1234.5678, 0.000123, 1e10]:
    print(f"{v:.2f}|{v:10.3f}|{v:e}|{v:.3e}|{v:g}|{v:.3g}|{v:+.1f}|{v:%}")
print(f"{1.0}", f"{-2.50!r}", f"{1e20:.0f}", f"{0.5:.0f}", f"{1.5:.0f}", f"{2.5:.0f}")
print(f"{12345.6789:,.2f}", f"{0.1:.20f}", f"{7.0:08.3f}", f"{-7.0:<9.2f}|")
