// Bounded fuzzing: random and mutated bytes through every parser, and random
// arguments through the configuration exports, must give a result or a
// documented error code, never a trap (a JS exception from the module) or a
// hang. The oracle is the contract itself: a parse call returns an error code
// or a byte count within the input.
import { describe, it, expect } from "vitest";
import { loadCore } from "./helpers/run.js";
import { applyMachine, defaultMachine, cachegrindMachine } from "../host/config/machine.js";

function prng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s % n;
  };
}

const SAMPLES = [
  "I  0401ab70,3\n L 1ffefff778,8\n S 1ffefff770,8\n M 0060a010,4\n==123== hi\n",
  "0 1000\n1 2000\n2 400000\n3 0\n4 0\n",
  "r 0x1000 8\nw 2000 4\ni 400000 3\n",
];
/** MEMSIM_FUZZ_SCALE=N runs N times as many rounds (a longer fuzz, by hand). */
const SCALE = Number(process.env.MEMSIM_FUZZ_SCALE ?? 1);
const ALPHABET = "IiLSMrwm0123456789abcdefABCDEFxX ,\n\r\t=-g";

describe("fuzzing", { timeout: 30_000 * SCALE }, () => {
  it("parsers: random and mutated input never traps", () => {
    const rnd = prng(2024);
    const generic = loadCore();
    applyMachine(generic, defaultMachine());
    const cg = loadCore();
    applyMachine(cg, cachegrindMachine());
    for (let round = 0; round < 3000 * SCALE; round++) {
      let text: string;
      if (round % 3 === 0) {
        text = Array.from({ length: rnd(300) }, () => ALPHABET[rnd(ALPHABET.length)]).join("");
      } else {
        const chars = SAMPLES[rnd(SAMPLES.length)].repeat(1 + rnd(4)).split("");
        for (let m = rnd(6); m > 0; m--) chars[rnd(chars.length)] = ALPHABET[rnd(ALPHABET.length)];
        text = chars.join("");
      }
      const bytes = new TextEncoder().encode(text);
      for (const core of [generic, cg]) {
        const e = core.exports;
        for (const parse of [e.parseLackey, e.parseDin, e.parseDineroIV]) {
          core.input().set(bytes);
          const r = parse(bytes.length, rnd(2));
          expect(r <= bytes.length + 1 && r >= -4).toBe(true);
        }
      }
    }
  });

  it("binary records: random words never trap; the run stops at the first invalid kind", () => {
    const rnd = prng(7);
    const core = loadCore();
    applyMachine(core, defaultMachine());
    const e = core.exports;
    for (let round = 0; round < 200 * SCALE; round++) {
      const n = 1 + rnd(2000);
      const words = new Uint32Array(n * 2);
      for (let i = 0; i < words.length; i++) words[i] = rnd(2 ** 32);
      const before = core.global(core.counters(), "records");
      core.input().set(new Uint8Array(words.buffer));
      const r = e.simulate(n);
      const bad = Array.from({ length: n }, (_, i) => words[2 * i + 1] >>> 28).findIndex((k) => k > 4);
      if (bad >= 0) {
        expect(r).toBe(-1);
        expect(e.errorRecord()).toBe(bad);
        expect(core.global(core.counters(), "records")).toBe(before + BigInt(bad)); // the records before it ran
      } else {
        expect(r).toBe(0);
      }
    }
  });

  it("configuration exports: random arguments give codes, never traps, and memory stays bounded", () => {
    const rnd = prng(99);
    const core = loadCore();
    const e = core.exports;
    const values = [-1, 0, 1, 3, 4, 16, 64, 65, 1000, 2 ** 20, 2 ** 31 - 1, -(2 ** 31)];
    const pick = () => values[rnd(values.length)];
    for (let round = 0; round < 2000 * SCALE; round++) {
      e.resetMachine();
      for (let l = rnd(5); l > 0; l--) {
        const code = e.configureLevel(rnd(6) - 1, [0, 1024, 32768, 1.5e9, -5, NaN, 2 ** 40][rnd(7)], pick(), pick(), pick(), rnd(7) - 1, rnd(2), rnd(2), rnd(4) - 1, pick());
        expect(code <= 0).toBe(true);
      }
      e.setClassify(rnd(2));
      const init = e.initMachine(rnd(3) - 1 + (rnd(2) ? 0 : 1));
      expect(init <= 0).toBe(true);
      const r = e.access(rnd(2) ? rnd(2 ** 30) : [-1, NaN, 2 ** 60, 2 ** 47][rnd(4)], rnd(5000) - 2, rnd(6) - 1);
      expect(Number.isFinite(r)).toBe(true);
      expect(e.memory.buffer.byteLength).toBeLessThanOrEqual(256 << 20);
    }
  });

  it("every export: random call sequences with random arguments never trap, and memory stays bounded", () => {
    const rnd = prng(2026);
    const core = loadCore();
    const e = core.exports as unknown as Record<string, unknown>;
    const fns = Object.entries(e).filter(([, v]) => typeof v === "function") as [string, (...a: number[]) => number][];
    // Values that probe every check: signs, zero, NaN, infinities, powers of two and their neighbours, fractions.
    const wild = [0, -0, 1, -1, 2, 3, 4, 7, 8, 64, 100, 4095, 4096, 4097, 65536, 1e6, 2 ** 24, 2 ** 31 - 1, -(2 ** 31), 2 ** 31,
      2 ** 40, 2 ** 53, 0.5, 1.5, NaN, Infinity, -Infinity];
    // Exports whose work grows with their arguments (records generated, steps chased) get small ones, so the
    // fuzz is bounded in time; their range checks are covered by the workload and mountain tests.
    const small = [0, -1, 1, 2, 3, 8, 64, 4096, 65536, NaN, 0.5];
    const bounded = new Set(["runWorkload", "hostChase", "hostChaseSetup", "simulate", "parseLackey", "parseDin", "parseDineroIV", "heapInit"]);
    let calls = 0;
    for (let round = 0; round < 300 * SCALE; round++) {
      // A sensible machine half of the time, so the simulation exports get past "not configured".
      if (rnd(2)) applyMachine(core, rnd(2) ? defaultMachine() : cachegrindMachine());
      for (let i = 0; i < 20; i++) {
        const [name, fn] = fns[rnd(fns.length)];
        const pool = bounded.has(name) ? small : wild;
        const args = Array.from({ length: fn.length }, () => pool[rnd(pool.length)]);
        let result: unknown;
        expect(() => { result = fn(...args); }, `${name}(${args.join(", ")})`).not.toThrow();
        if (typeof result === "number") expect(Number.isNaN(result), `${name}(${args.join(", ")}) returned NaN`).toBe(false);
        calls++;
      }
      expect(e.memory instanceof WebAssembly.Memory && (e.memory as WebAssembly.Memory).buffer.byteLength).toBeLessThanOrEqual(1 << 30);
    }
    expect(calls).toBe(6000 * SCALE);
  });
});
