// float(str) and round(x, n) at run time (assembly/python/strtod.ts) against
// CPython 3.11 (_Py_dg_strtod: correctly rounded, ties to even): a seeded
// batch of decimal strings run through one memsim script and one python3
// run, every repr compared:
// - random digit strings (1 to 40 digits) with the decimal point anywhere
//   from below the least subnormal to beyond the largest double;
// - decimals near doubles (toPrecision 15 to 25 of random bit patterns);
// - exact midpoints between neighbouring doubles (BigInt arithmetic: (2m+1)
//   x 2^(k-1) in full, up to 767 digits), and each nudged up and down by one
//   unit far past its last digit (past the 800th digit too: the sticky
//   digits), and cut to 17 to 25 digits; subnormals, the normal boundary and
//   the overflow boundary included;
// - long strings (800 to 1500 digits, one over 1000 characters: float()
//   reads every character), the known hard cases, huge exponents;
// - the notations float() accepts: signs, whitespace, underscores between
//   digits, leading and trailing points, E, exponent signs and zeros.
// round(x, n): a seeded sample of magnitudes and ndigits (ties, subnormals,
// negative ndigits, the clipping at 323 and -308, OverflowError).
// FLOAT_PARSE_SCALE=k runs k times as many seeded strings (FLOAT_PARSE_SEED another seed).
import { describe, it, expect } from "vitest";
import { memsimScript, cpythonScript } from "./helpers/python.js";
import { mulberry32 } from "./helpers/random.js";

const SCALE = Number(process.env.FLOAT_PARSE_SCALE ?? 1);
const SEED = Number(process.env.FLOAT_PARSE_SEED ?? 0xf10a7);

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
const bitsOf = (x: number) => { F64[0] = x; return U64[0]; };
const fromBits = (b: bigint) => { U64[0] = b; return F64[0]; };

/** (2m+1) x 2^(k-1), the midpoint between finite x >= 0 and the next double up, as N x 10^E (N a digit string). */
function midpoint(x: number): [string, number] {
  const b = bitsOf(x);
  const be = Number(b >> 52n);
  let m = b & ((1n << 52n) - 1n);
  let k = -1074;
  if (be !== 0) { m |= 1n << 52n; k = be - 1075; }
  const h = 2n * m + 1n;
  const e = k - 1;
  return e >= 0 ? [(h << BigInt(e)).toString(), 0] : [(h * 5n ** BigInt(-e)).toString(), e];
}

function strings(): string[] {
  const rnd = mulberry32(SEED);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: T[]): T => xs[int(0, xs.length - 1)];
  const digits = (n: number, lead = true) => {
    let s = lead ? String(int(1, 9)) : "";
    while (s.length < n) s += String(int(0, 9));
    return s;
  };
  /** A random double >= 0 of any kind: the exponent field biased to the edges. */
  const randomDouble = () => {
    const r = rnd();
    const be = r < 0.15 ? 0 : r < 0.22 ? 1 : r < 0.27 ? 2046 : r < 0.3 ? 2045 : int(0, 2046);
    const frac = (BigInt(int(0, 0xfffff)) << 32n) | BigInt(int(0, 0xffffffff));
    return fromBits((BigInt(be) << 52n) | (rnd() < 0.05 ? BigInt(int(0, 3)) : rnd() < 0.05 ? (1n << 52n) - 1n - BigInt(int(0, 3)) : frac));
  };
  /** D x 10^E (D a digit string) in one of float()'s notations, a sign sometimes. */
  const text = (d: string, e: number): string => {
    // the fraction digits f: the digits shown are d with a point f from the end (zeros padded), the exponent e + f
    const r = rnd();
    const f = r < 0.3 ? 0 : r < 0.7 ? int(0, d.length) : r < 0.85 ? d.length + int(1, 5) : -int(1, 3);
    let mant: string;
    if (f <= 0) mant = d + "0".repeat(-f) + (rnd() < 0.2 ? "." : "");
    else if (f < d.length) mant = d.slice(0, d.length - f) + "." + d.slice(d.length - f);
    else mant = (rnd() < 0.5 ? "0" : "") + "." + "0".repeat(f - d.length) + d;
    const ex = e + Math.max(f, 0) - Math.max(-f, 0);
    if (rnd() < 0.05 && mant.length > 2) { // an underscore between two digits
      const i = int(1, mant.length - 1);
      if (/\d/.test(mant[i - 1]) && /\d/.test(mant[i])) mant = mant.slice(0, i) + "_" + mant.slice(i);
    }
    if (rnd() < 0.05) mant = "00" + mant;
    let s = mant;
    if (ex !== 0 || rnd() < 0.2) {
      const sign = ex < 0 ? "-" : rnd() < 0.3 ? "+" : "";
      s += (rnd() < 0.2 ? "E" : "e") + sign + (rnd() < 0.05 ? "000" : "") + String(Math.abs(ex));
    }
    const sg = rnd();
    s = (sg < 0.3 ? "-" : sg < 0.35 ? "+" : "") + s;
    if (rnd() < 0.03) s = " \t" + s + "\n ";
    return s;
  };
  const out: string[] = [];
  const n = (k: number) => Math.round(k * SCALE);
  // random digits, the point anywhere over the whole range and beyond
  for (let i = 0; i < n(1500); i++) {
    const len = int(1, 40);
    const dp = int(-345, 330); // the value is in [10^(dp-1), 10^dp)
    out.push(text(digits(len), dp - len));
  }
  // near doubles: 15 to 25 significant digits of random doubles
  for (let i = 0; i < n(600); i++) {
    const x = randomDouble();
    if (x === 0) continue;
    const [m, e] = x.toPrecision(int(15, 25)).split("e");
    const [a, b = ""] = m.split(".");
    out.push(text(a + b, Number(e ?? 0) - b.length));
  }
  // midpoints between neighbours: exact, nudged up and down past the last digit, cut short
  for (let i = 0; i < n(400); i++) {
    const x = i === 0 ? Number.MAX_VALUE : i === 1 ? 0 : randomDouble();
    const [d, e] = midpoint(x);
    out.push(text(d, e));
    const pad = rnd() < 0.7 ? int(1, 30) : int(800 - d.length, 1000 - d.length); // sometimes past the 800th digit
    const big = BigInt(d) * 10n ** BigInt(pad);
    out.push(text((big + 1n).toString(), e - pad));
    out.push(text((big - 1n).toString(), e - pad));
    const cut = int(17, 25);
    if (d.length > cut) {
      out.push(text(d.slice(0, cut), e + d.length - cut));
      out.push(text((BigInt(d.slice(0, cut)) + 1n).toString(), e + d.length - cut));
    }
  }
  // long strings
  for (let i = 0; i < n(40); i++) {
    const len = int(800, 1500);
    out.push(text(digits(len), int(-345, 330) - len));
  }
  out.push("0." + "0".repeat(1200) + "1e1210", "1".repeat(1500), "9".repeat(1200) + "e-1500", "0".repeat(2000) + "1e-20");
  // known hard cases
  out.push(
    "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072012e-308", "2.225073858507201e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "-2.4703282292062328e-324",
    "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1.797693134862315807937e308",
    "9007199254740993", "9007199254740993.0000000001", "9007199254740995", "0.1", "1e23", "8.98846567431158e307",
    "1e22", "1e-22", "123456789012345678e-330", "7.2057594037927933e16", "1e-99999999999", "1e99999999999",
    "-0", "-0.0e-5", "0e99999999999", "-.0", "1_0.5_5e1_0", ".5", "5.", "  1e5\n", "1e308", "1e309", "1e-323", "1e-324",
    "2.5e-324", "4.35240173e-310", "3.14159", "+1E+0", "0.000001e6", "1e0000000000000000000000000010", "inf", "-Infinity", "nan",
    "1" + "0".repeat(308) + "e-308",
    // 2^-1075 (half the least subnormal) in full: a tie, to 0.0; a digit more, up to 5e-324
    (5n ** 1075n).toString() + "e-1075", (5n ** 1075n).toString() + "1e-1076",
  );
  return out;
}

/** round(x, n) cases: [x as a Python expression, n]. */
function roundCases(): [string, string][] {
  const rnd = mulberry32(SEED ^ 0x60d);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const lit = (v: number) => (Object.is(v, -0) ? "-0.0" : /[.en]/.test(String(v)) ? String(v) : String(v) + ".0");
  const out: [string, string][] = [];
  for (let i = 0; i < 300; i++) out.push([lit((rnd() - 0.5) * 10 ** int(-20, 20)), String(int(-22, 22))]);
  for (let i = 0; i < 200; i++) out.push([lit(Number((rnd() * 100).toFixed(int(1, 4)))), String(int(0, 3))]); // 2.675 style
  for (let i = 0; i < 100; i++) out.push([lit(int(-999, 999) / 8 * 10 ** int(-3, 3)), String(int(-3, 3))]); // ties
  for (let i = 0; i < 100; i++) out.push([lit(fromBits(BigInt(int(1, 2 ** 30)) * BigInt(int(1, 2 ** 21)))), String(int(300, 330))]); // subnormals
  for (let i = 0; i < 100; i++) out.push([lit((rnd() < 0.5 ? -1 : 1) * rnd() * 10 ** int(250, 308)), String(int(-310, -250))]);
  for (const [x, n] of [["1.7976931348623157e308", "-308"], ["1.7976931348623157e308", "-307"], ["9.5e307", "-307"], ["5e-324", "323"], ["5e-324", "324"],
    ["-5e-324", "323"], ["2.5", "0"], ["-0.0", "3"], ["1e400", "2"], ["-1e400", "-400"], ["1e400 - 1e400", "5"], ["1.5", "10 ** 30"],
    ["1.5", "-(10 ** 30)"], ["123.456", "-309"], ["-123.456", "-400"], ["0.5", "0"], ["1.5", "0"], ["1e22", "-22"], ["5e22", "-23"]] as [string, string][]) out.push([x, n]);
  return out;
}

const STRINGS = strings();
const ROUNDS = roundCases();

const SCRIPT = `S = [
${STRINGS.map((s) => JSON.stringify(s)).join(",\n")}
]
R = [
${ROUNDS.map(([x, n]) => `(${x}, ${n})`).join(",\n")}
]
for s in S:
    print(repr(float(s)))
for x, n in R:
    try:
        print(repr(round(x, n)))
    except Exception as e:
        print(type(e).__name__, e)
`;

describe("float(str) and round(x, n) at run time, against python3", () => {
  it(`${STRINGS.length} strings and ${ROUNDS.length} rounds, every repr`, () => {
    const want = cpythonScript(SCRIPT);
    expect(want.stderr).toBe("");
    const got = memsimScript(SCRIPT, 100_000_000);
    expect(got.stderr).toBe("");
    const w = want.stdout.trimEnd().split("\n");
    const g = got.stdout.trimEnd().split("\n");
    expect(w.length).toBe(STRINGS.length + ROUNDS.length);
    const bad: string[] = [];
    w.forEach((line, i) => {
      if (g[i] === line) return;
      const input = i < STRINGS.length ? `float(${JSON.stringify(STRINGS[i]).slice(0, 120)})` : `round(${ROUNDS[i - STRINGS.length].join(", ")})`;
      bad.push(`${input}: memsim ${g[i]}, python3 ${line}`);
    });
    expect(bad.slice(0, 20)).toEqual([]);
    expect(g.length).toBe(w.length);
  }, 120_000);

  it("errors are CPython's", () => {
    const src = `for s in ["", "1e", "1e+", ".", "e5", "1.5.2", "0x10", "1e5.5", "- 1", "infinit", "nan1", "1" * 1100 + "x"]:
    try:
        float(s)
    except ValueError as e:
        print(str(e)[:60])
`;
    const want = cpythonScript(src);
    expect(want.stderr).toBe("");
    expect(memsimScript(src).stdout).toBe(want.stdout);
  });

  it("underscores only between digits, and round()'s ndigits an integer", () => {
    const src = `for s in ["1_0", "1__0", "_1", "1_", "1_.5", "1._5", "1e_5", "1_e5", "1e+_5", "1.5_5", "1e1_0", "1_000.000_1"]:
    try:
        print(repr(s), float(s))
    except ValueError as e:
        print(repr(s), e)
for x, n in [(1.5, 1.0), (25, 1.5), (2.5, "1"), (25, -1), (35, -1), (-25, -1), (123456789, -3), (7, -30), (7, 10**30),
             (4000000000000000000, -19), (-4500000000000000000, -19), (True, -1), (15, -1), (2.5, 10**30)]:
    try:
        print(x, n, round(x, n))
    except TypeError as e:
        print("TypeError", e)
`;
    const want = cpythonScript(src);
    expect(want.stderr).toBe("");
    expect(memsimScript(src).stdout).toBe(want.stdout);
  });
});
