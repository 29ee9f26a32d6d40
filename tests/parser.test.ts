// The Lackey parser's records against an independent decoding (BigInt) of the
// same text: every address length from 1 to 16 digits, both letter cases,
// sizes of 1 to 4 digits, CRLF, and lines the fast path leaves to the
// byte-wise path.
import { describe, it, expect } from "vitest";
import { loadCore } from "./helpers/run.js";

const KINDS: Record<string, bigint> = { "I  ": 0n, " L ": 1n, " S ": 2n, " M ": 3n };

function expectedRecord(prefix: string, hex: string, size: number): bigint {
  let addr = BigInt(`0x${hex}`);
  addr &= (1n << 48n) - 1n;
  return addr | (BigInt(size - 1) << 48n) | (KINDS[prefix] << 60n);
}

/** Decode `text` with the core in capture mode and return the records. */
function capture(text: string): bigint[] {
  const core = loadCore();
  const e = core.exports;
  e.setCapture(1);
  const bytes = new TextEncoder().encode(text);
  expect(bytes.length).toBeLessThan(200000);
  core.input().set(bytes);
  const used = core.check(e.parseLackey(bytes.length, 1));
  expect(used).toBeGreaterThanOrEqual(bytes.length);
  const n = e.capturedRecords();
  return Array.from(new BigUint64Array(e.memory.buffer, e.batchPtr(), n));
}

describe("Lackey parser", () => {
  it("decodes addresses of every length, both cases, and every size width", () => {
    let x = 987654321;
    const rnd = (n: number) => ((x = (x * 48271) % 2147483647), x % n);
    const lines: string[] = [];
    const expected: bigint[] = [];
    const prefixes = Object.keys(KINDS);
    for (let i = 0; i < 4000; i++) {
      const digits = 1 + (i % 16);
      let hex = "";
      for (let d = 0; d < digits; d++) hex += "0123456789abcdefABCDEF"[rnd(22)];
      // Canonical 48-bit addresses: below 2^47, or (16 digits) the sign-extended upper half.
      if (digits >= 12) hex = "0".repeat(digits - 12) + "01234567"[rnd(8)] + hex.slice(digits - 11);
      if (digits === 16 && rnd(2)) hex = "ffff" + "89abcdef"[rnd(8)] + hex.slice(5);
      const size = [1, 8, 16, 64, 512, 4096, 100][rnd(7)];
      const prefix = prefixes[rnd(4)];
      lines.push(`${prefix}${hex},${size}${rnd(5) === 0 ? "\r" : ""}`);
      expected.push(expectedRecord(prefix, hex, size));
    }
    expect(capture(lines.join("\n") + "\n")).toEqual(expected);
  });

  it("reports the whole final chunk consumed, even without a final newline", () => {
    const core = loadCore();
    const e = core.exports;
    e.setCapture(1);
    const text = new TextEncoder().encode(" L 10,8\n S 20,4");
    core.input().set(text);
    expect(e.parseLackey(text.length, 1)).toBe(text.length);
    expect(e.capturedRecords()).toBe(2);
  });

  it("access() has no latency to give in cachegrind mode, and wants a whole address", async () => {
    const { applyMachine, cachegrindMachine, defaultMachine } = await import("../host/config/machine.js");
    const core = loadCore();
    applyMachine(core, cachegrindMachine());
    expect(core.exports.access(4096, 8, 1)).toBe(-19);
    applyMachine(core, defaultMachine());
    expect(core.exports.access(4096.5, 8, 1)).toBe(-2);
    expect(core.exports.access(4096, 8, 1)).toBe(4 + 12 + 100);
  });

  it("skips Valgrind's lines and blank lines between records", () => {
    const text = "==12== Lackey\n--12-- note\n\nI  0040,4\n\r\n L 10,8\n==12== end";
    expect(capture(text)).toEqual([expectedRecord("I  ", "0040", 4), expectedRecord(" L ", "10", 8)]);
  });

  it("rejects what is not a Lackey line, with the offending line's offset", () => {
    const core = loadCore();
    const e = core.exports;
    e.setCapture(1);
    for (const [bad, code] of [
      [" L 1g,8", -1], [" L ,8", -1], [" L 12345678901234567,8", -1], [" X 10,8", -1], ["I 10,4", -1],
      [" L 10,", -1], [" L 10,8 extra", -1], [" L 10,0", -3], [" L 10,4097", -3], [" L 10,99999", -3],
      [" L 800000000000,8", -2],
    ] as const) {
      const text = new TextEncoder().encode(` S 20,4\n${bad}\n`);
      core.input().set(text);
      expect([bad, e.parseLackey(text.length, 1)]).toEqual([bad, code]);
      expect(e.errorLineOffset()).toBe(8);
      e.capturedRecords();
    }
  });
});
