// host/python/pow.ts, the TypeScript port of the core's pow (AssemblyScript's
// NativeMath.pow: musl's / ARM optimized-routines' pow) that constant folding
// (host/python/fold.ts) uses for float `**`:
// - against the core's own pow at run time, bit for bit, on a few thousand
//   seeded pairs (varied magnitudes, negative bases with integer exponents,
//   huge and tiny results, subnormals, overflow, exponents near integers,
//   bases near 1, random bit patterns, special values), passed to one memsim
//   script as a tuple of constants and raised there at run time;
// - against CPython 3.11 (glibc's pow): the same pairs' agreement rate is
//   logged, not asserted (measured: see AGREEMENT below), and a fixed set of
//   cases where pow.ts and CPython agree (and JavaScript's `**` does not) are
//   asserted, CPython's values computed by python3 at test time;
// - folded constants print what python3 prints, and equal the same pow at run time.
import { describe, it, expect } from "vitest";
import { memsimScript, cpythonScript, cpythonEval } from "./helpers/python.js";
import { mulberry32 } from "./helpers/random.js";
import { pow } from "../host/python/pow.js";

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** The double with these high and low 32 bits (little-endian host). */
function fromBits(hi: number, lo: number): number {
  U32[1] = hi >>> 0;
  U32[0] = lo >>> 0;
  return F64[0];
}

/** A Python float literal (or constant expression) for v: shortest round-trip digits, as Python's repr. */
function lit(v: number): string {
  if (Number.isNaN(v)) return "(1e400 - 1e400)";
  if (v === Infinity) return "1e400";
  if (v === -Infinity) return "-1e400";
  if (Object.is(v, -0)) return "-0.0";
  const s = String(v);
  return /[.e]/.test(s) ? s : s + ".0";
}

/** Python's repr of a float, parsed back (repr round-trips doubles: equal values mean equal bits, but for NaN's payload). */
function parseRepr(s: string): number {
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  if (s === "nan") return NaN;
  if (!/^-?\d+(\.\d+)?(e[+-]\d+)?$/.test(s)) throw new Error(`not a float repr: ${s}`);
  return Number(s);
}

/**
 * The seeded pairs (x, y): floats, never a negative base with a finite
 * non-integer exponent (complex in Python: the core refuses it) nor 0 to a
 * negative power (ZeroDivisionError).
 */
function pairs(): [number, number][] {
  const rnd = mulberry32(0x5eed_0f64);
  const u = (lo = 0, hi = 1) => lo + (hi - lo) * rnd();
  const int = (lo: number, hi: number) => Math.floor(u(lo, hi + 1));
  const sign = () => (rnd() < 0.5 ? -1 : 1);
  /** (1..10) * 10^[lo, hi] */
  const mag = (lo: number, hi: number) => u(1, 10) * Number(`1e${int(lo, hi)}`);
  const out: [number, number][] = [];
  // varied magnitudes
  for (let i = 0; i < 1000; i++) out.push([mag(-20, 20), sign() * mag(-4, 1)]);
  // short decimals, as in source code (1.43 ** 3.474)
  for (let i = 0; i < 400; i++) out.push([Number(u(0, 10).toFixed(int(1, 3))) || 0.5, sign() * Number(u(0, 5).toFixed(int(1, 3))) || 1.5]);
  // negative bases, integer exponents
  for (let i = 0; i < 400; i++) out.push([-mag(-3, 3), int(-60, 60)]);
  for (let i = 0; i < 100; i++) out.push([-u(0.5, 2), sign() * int(1, 2 ** 30) * 2 + int(0, 1)]);
  // huge and tiny results
  for (let i = 0; i < 300; i++) out.push([sign() < 0 ? mag(100, 307) : mag(-307, -100), sign() * u(0.5, 3.2)]);
  // subnormal bases
  for (let i = 0; i < 150; i++) out.push([fromBits(int(0, 0xfffff), int(0, 0xffffffff)), sign() * u(0.01, 3)]);
  // subnormal and underflowing results: x ** y near 10^t, t in [-330, -300]
  for (let i = 0; i < 250; i++) {
    const x = u(0.01, 0.99);
    out.push([x, (int(-330, -300) * Math.LN10) / Math.log(x) * u(0.999, 1.001)]);
  }
  // around overflow, positive bases and negative bases with odd exponents
  for (let i = 0; i < 200; i++) {
    const x = mag(0, 10) * 1.5;
    out.push([x, (Math.log(Number.MAX_VALUE) / Math.log(x)) * u(0.995, 1.005)]);
  }
  for (let i = 0; i < 50; i++) {
    const n = int(300, 1100) * 2 + 1;
    out.push([-Math.exp(Math.log(Number.MAX_VALUE) / n) * u(0.999, 1.001), n]);
  }
  // exponents near integers
  for (let i = 0; i < 400; i++) {
    const n = int(-40, 40);
    const d = [Number.EPSILON * Math.max(1, Math.abs(n)) * int(-4, 4), u(-1e-12, 1e-12), u(-1e-6, 1e-6)][int(0, 2)];
    out.push([mag(-2, 2), n + d]);
  }
  // bases near 1
  for (let i = 0; i < 400; i++) out.push([1 + sign() * u(0, 1) * 2 ** -int(5, 53), sign() * mag(0, 17)]);
  // random bit patterns: any positive finite base, exponents of any size
  for (let i = 0; i < 600; i++) {
    const x = fromBits(int(0, 0x7fefffff), int(0, 0xffffffff));
    const top = rnd() < 0.8 ? int(0x3c0, 0x408) : int(0x3b0, 0x440); // mostly |y| < 512, some down to 2^-79 and up to 2^65
    const y = fromBits((top << 20) | int(0, 0xfffff) | (rnd() < 0.5 ? 0x80000000 : 0), int(0, 0xffffffff));
    out.push([x, y]);
  }
  // special values
  const xs = [0, -0, 1, -1, 2, -2, 0.5, -0.5, 10, Infinity, -Infinity, NaN, 5e-324, -5e-324, Number.MAX_VALUE, 2.2250738585072014e-308];
  const ys = [0, -0, 0.5, -0.5, 1, -1, 2, -2, 3, -3, 1.5, 1e300, -1e300, 2 ** 63, 2 ** 53 + 2, 2 ** -70, -(2 ** -70), Infinity, -Infinity, NaN, 1075, -1075];
  for (const x of xs) for (const y of ys) out.push([x, y]);
  return out.filter(([x, y]) => !(x < 0 && Number.isFinite(y) && !Number.isInteger(y)) && !(x === 0 && y < 0));
}

const PAIRS = pairs();

/** One script raising each pair at run time (a tuple of constants: nothing folds the `**`), printing each result's repr or the exception raised. */
function script(): string {
  return `P = (${PAIRS.map(([x, y]) => `${lit(x)}, ${lit(y)}`).join(",\n")})
for i in range(0, len(P), 2):
    try:
        r = repr(P[i] ** P[i + 1])
    except Exception as e:
        r = type(e).__name__
    print(r)
`;
}

describe("pow.ts against the core's run-time pow", () => {
  it(`${PAIRS.length} pairs, bit for bit`, () => {
    const run = memsimScript(script(), 10_000_000);
    expect(run.stderr).toBe("");
    const got = run.stdout.trimEnd().split("\n");
    expect(got.length).toBe(PAIRS.length);
    const bad: string[] = [];
    PAIRS.forEach(([x, y], i) => {
      // float_pow answers 1 ** nan and (+-1) ** inf itself, before the platform pow: 1.0
      const want = (x === 1 && Number.isNaN(y)) || (Math.abs(x) === 1 && Math.abs(y) === Infinity) ? 1 : pow(x, y);
      // (an infinite result of finite operands is float_pow's OverflowError at run time)
      if (got[i] === "OverflowError" ? Math.abs(want) !== Infinity : !Object.is(parseRepr(got[i]), want)) bad.push(`${lit(x)} ** ${lit(y)}: core ${got[i]}, pow.ts ${want}`);
    });
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

/**
 * Pairs where pow.ts gives what CPython 3.11 gives (and V8's `**` does not),
 * from a python3 run over the pairs above: python3 recomputes them at test time.
 */
const KNOWN: [number, number][] = [
  [1.43, 3.474], [2.766, 0.48], [5.097, -0.151],
  // short decimals, as in source code
  [2.207, 3.83], [8.15, 0.4], [1.383, -2.796], [2.7, 0.351], [3.86, 0.2], [2.491, -4.1], [8.26, 1.5], [3.789, 0.7],
  [6.2, 4.53], [4.29, 4.66], [0.326, -4.708], [7.7, -0.19], [3.1, -1.6], [1.999, -4.078], [4.0, 4.28], [1.4, -2.6], [6.0, -1.01],
  [2.0, -0.5], [0.5, 1.5],
  // varied magnitudes
  [513968689576722.7, 0.684284796845168], [5.703357910504565e-18, 0.2850108100101352], [0.5908685367088765, 90.22626160643995],
  [0.000026857068804092707, -42.028628138359636], [4.6191843210253865, 59.311696358490735],
  // negative bases, integer exponents
  [-0.8056313135195524, 52.0], [-4.3672940952237695, 20.0], [-0.006305265048984438, 53.0], [-0.7797756461193786, -31.0],
  [-8744.402209995314, 59.0], [-230.803616438061, 9.0], [-2.790858576599778, 691.0],
  // huge and tiny results
  [9.443460660520941e+100, -1.6641743420157582], [2.0650261270347983e+301, -0.9615811685333029],
  [5.746765433810651e-167, 1.8369091272819789], [8.405115252360702e-285, 0.8847420610720291],
  // subnormal bases
  [7.520489772750472e-309, -0.2916518707782962], [1.654556233016256e-309, -0.8894292723201216], [1.599669802759674e-308, 0.3444731347216294],
  // subnormal results
  [0.32116002197843047, 623.9442649588149], [0.9270786154130474, 9123.789237869496], [0.033307793107815085, 205.87479210136024],
  // near overflow
  [121291942452.08054, 27.77438042155481], [7.20431522349827, 359.33287005004905], [36.80031897732988, 196.53476716399132],
  // exponents near integers
  [62.33661901438609, -22.000000078865884], [522.4320116220042, -5.999999999999995], [0.7033911605132744, -9.000000000000002],
  [7.147470553405583, 3.0],
  // bases near 1
  [1.0000000000000508, 228415271500125.53], [0.999999999996626, 33919174685.142933], [1.006270978556131, -1789.0933842863888],
  [1.000007187082666, 63775.25310497731],
];

describe("pow.ts against CPython 3.11 (glibc's pow)", () => {
  it(`${KNOWN.length} known cases exactly`, () => {
    const want = cpythonEval(KNOWN.map(([x, y]) => `(${lit(x)}) ** (${lit(y)})`));
    expect(KNOWN.map(([x, y]) => lit(pow(x, y)))).toEqual(want.map((r) => lit(parseRepr(r))));
  });

  // AGREEMENT, measured (python3 3.11.7, glibc's pow, x86-64): on these pairs
  // (the cases where x and y are finite, non-zero and |x| != 1) pow.ts 4370
  // of 4372 (99.95%), V8's `**` 4143 (94.8%); on 100,000 pairs each of
  // 3-decimal operands (1.43 ** 3.474 style) pow.ts 99.94%, V8 90.3%; of
  // varied magnitudes pow.ts 99.95%, V8 93.2%; of random bit patterns pow.ts
  // 99.98%, V8 98.1%. (glibc uses the same algorithm, in its FMA variant on
  // x86-64 with FMA, hence the last-bit differences left.)
  it("agreement over the same pairs (logged, not asserted)", () => {
    const run = cpythonScript(script());
    const got = run.stdout.trimEnd().split("\n");
    expect(got.length).toBe(PAIRS.length);
    let n = 0, ours = 0, v8 = 0;
    PAIRS.forEach(([x, y], i) => {
      if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0 || y === 0 || Math.abs(x) === 1) return; // float_pow's own special cases
      const want = got[i] === "OverflowError" ? (x < 0 && Math.abs(y % 2) === 1 ? -Infinity : Infinity) : parseRepr(got[i]);
      n++;
      if (Object.is(pow(x, y), want)) ours++;
      if (Object.is(x ** y, want)) v8++;
    });
    console.log(`pow.ts vs CPython: ${ours}/${n} = ${((100 * ours) / n).toFixed(2)}%; V8's ** vs CPython: ${v8}/${n} = ${((100 * v8) / n).toFixed(2)}%`);
  });
});

describe("constant folding of float **", () => {
  it("x = 1.43 ** 3.474 prints what python3 prints", () => {
    const src = "x = 1.43 ** 3.474\nprint(x)\n";
    expect(memsimScript(src).stdout).toBe(cpythonScript(src).stdout);
    expect(memsimScript(src).stdout).toBe("3.4644746999401606\n");
  });

  it("constant expressions, with float_pow's special cases, print what python3 prints", () => {
    const src = [
      "print(1.43 ** 3.474, 2.766 ** 0.48, 5.097 ** -0.151, 10 ** -3, 2 ** 0.5, 2.0 ** -0.5, 0.5 ** 1.5)",
      "print((-2.5) ** 3, (-3) ** -5, 7 ** -300, -2 ** -0.5, 0.5 ** 1074, 2.0 ** -1075, 1.0000001 ** 1e6)",
      "print((-1.0) ** 1e400, 1.0 ** (1e400 - 1e400), (-1e400) ** 3, (-1e400) ** -3, 0.5 ** -1e400, (-0.0) ** 3, 0.0 ** 0, (1e400 - 1e400) ** 0)",
      "def f():\n    return 1.1 ** 20.5, 3 ** -2.5, 2.5 ** 2, 9.0 ** -1, (-1) ** -(2 ** 70)\nprint(f())",
      "",
    ].join("\n");
    const want = cpythonScript(src);
    expect(want.exitCode).toBe(0);
    expect(memsimScript(src).stdout).toBe(want.stdout);
  });

  it("a folded pow equals the same pow at run time, and CPython's", () => {
    // F's entries are folded by the front end; P's are raised by the core
    const src = `F = (${KNOWN.map(([x, y]) => `(${lit(x)}) ** (${lit(y)})`).join(",\n")})
P = (${KNOWN.map(([x, y]) => `(${lit(x)}, ${lit(y)})`).join(",\n")})
for i in range(len(P)):
    print(repr(F[i]), repr(P[i][0] ** P[i][1]))
`;
    const got = memsimScript(src).stdout.trimEnd().split("\n");
    expect(got.length).toBe(KNOWN.length);
    for (const line of got) {
      const [folded, runtime] = line.split(" ");
      expect(folded).toBe(runtime);
    }
    expect(got).toEqual(cpythonScript(src).stdout.trimEnd().split("\n"));
  });
});

describe("float ** at run time (float_pow's special cases, OverflowError)", () => {
  it("prints what python3 prints over zeros, ones, infinities, nan and overflows", () => {
    const source = `xs = [1.0, -1.0, 0.0, -0.0, 2.0, -2.0, 0.5, -0.5, float("inf"), float("-inf"), float("nan"), 1e300, 3.0]
ys = [0.0, 1.0, -1.0, 2.0, 3.0, -3.0, float("inf"), float("-inf"), float("nan"), 1e20, 0.5, 2.5]
for x in xs:
    for y in ys:
        if x < 0 and y != int(y) if y == y and y not in (float("inf"), float("-inf")) else False:
            continue
        try:
            print(repr(x), repr(y), repr(x ** y))
        except (ZeroDivisionError, OverflowError) as e:
            print(repr(x), repr(y), type(e).__name__, e)
for a, b in [(2, -1), (10, -3), (-2, -3), (0, -1), (10, -400)]:
    try:
        print(a ** b)
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
`;
    const want = cpythonScript(source);
    expect(want.exitCode).toBe(0);
    expect(memsimScript(source)).toMatchObject({ stdout: want.stdout, exitCode: 0 });
  });
});
