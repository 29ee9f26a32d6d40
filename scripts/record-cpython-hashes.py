#!/usr/bin/env python3
"""Record CPython 3.11's hash() of representative objects with PYTHONHASHSEED=0.

Writes tests/fixtures/cpython/hashes.json, the oracle for memsim's objHash
(tests/objects.test.ts): str of every kind (ASCII, latin-1, UCS-2, UCS-4; the
hash runs SipHash-1-3 over the kind's code units), bytes, bool, int (small,
negative, multi-digit, around the 2**61 - 1 modulus), float (incl. subnormal,
infinities, -0.0) and tuples (xxHash-based tuplehash, nested).

    python3 scripts/record-cpython-hashes.py      # re-runs itself with PYTHONHASHSEED=0

Every value is described so that a test can build it without Python:
  {"type": "str", "value": <text>}       {"type": "bytes", "hex": <hex>}
  {"type": "int", "value": <decimal>}    {"type": "float", "value": <repr>}
  {"type": "bool", "value": true}        {"type": "tuple", "items": [<value>, ...]}
and the hash as a decimal string (it is a signed 64-bit number).
NaN and None hash by address, so they are not recorded.
"""

import json
import os
import subprocess
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "cpython", "hashes.json")


def describe(v):
    if isinstance(v, bool):
        return {"type": "bool", "value": v}
    if isinstance(v, int):
        return {"type": "int", "value": str(v)}
    if isinstance(v, float):
        return {"type": "float", "value": repr(v)}
    if isinstance(v, str):
        return {"type": "str", "value": v}
    if isinstance(v, bytes):
        return {"type": "bytes", "hex": v.hex()}
    if isinstance(v, tuple):
        return {"type": "tuple", "items": [describe(x) for x in v]}
    raise TypeError(type(v))


def values():
    strs = ["", "a", "\x7f", "\xe9", "ab", "hello", "abcdefg", "abcdefgh", "abcdefghi",
            "abcdefghijklmnopq", "k0", "k199", "__init__", "a" * 100,
            "caf\xe9", "\xe9" * 9, "\xff\xfe", "\u20ac", "\u20acuro\u20ac", "\u0100\u0101\u0102",
            "\U0001f600", "a\U0001f600b", "\U0001f600" * 5]
    bytes_ = [b"", b"a", b"ab", b"abc", b"abcdefgh", b"\x00\xff" * 5, bytes(range(20)), b"b" * 40]
    ints = [0, 1, -1, -2, 5, -5, 255, 256, 257, -6, 1000, -1000, 2**30 - 1, 2**30, 2**31 - 1,
            2**60, 2**61 - 2, 2**61 - 1, 2**61, 2**62, -(2**61), 2**64 + 7, 2**100,
            -(2**100) + 3, 10**30, 123456789012]
    floats = [0.0, -0.0, 0.5, 1.0, 1.5, -1.5, 3.141592653589793, 1e22, 1e300, -1e-300,
              2.0**61, 2.0**-1074, 1.5e-310, 2.2250738585072014e-308, float("inf"), float("-inf"),
              1000.5, 12345.678]
    tuples = [(), (1,), (1, 2), (1, "a"), ("a", "b", "c"), (1.5, (2, 3)), ((),), tuple(range(20)),
              (True, False, 2**70), (b"xy", "\u20ac", -1)]
    return strs + bytes_ + [True, False] + ints + floats + tuples


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        sys.exit(subprocess.call([sys.executable, "-S", os.path.abspath(__file__)], env=env))
    if sys.version_info[:2] != (3, 11) or sys.maxsize != 2**63 - 1 or sys.hash_info.algorithm != "siphash13":
        sys.exit("needs 64-bit CPython 3.11 with siphash13, not %s (%s)" % (sys.version, sys.hash_info.algorithm))
    cases = [{"value": describe(v), "hash": str(hash(v))} for v in values()]
    out = {
        "python": sys.version,
        "implementation": "%s %s" % (sys.implementation.name, ".".join(map(str, sys.version_info[:3]))),
        "env": {"PYTHONHASHSEED": "0"},
        "hash_info": {"algorithm": sys.hash_info.algorithm, "modulus": str(sys.hash_info.modulus),
                      "inf": sys.hash_info.inf},
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("{\n")
        keys = list(out)
        for k in keys:
            if k == "cases":
                f.write(' "cases": [\n')
                f.write(",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in cases))
                f.write("\n ]")
            else:
                f.write(" %s: %s" % (json.dumps(k), json.dumps(out[k], ensure_ascii=False)))
            f.write(",\n" if k != keys[-1] else "\n")
        f.write("}\n")
    print("wrote %s (%d cases)" % (os.path.normpath(OUT), len(cases)))


if __name__ == "__main__":
    main()
