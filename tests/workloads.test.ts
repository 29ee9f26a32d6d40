// Synthetic workloads generated in the core (assembly/workloads/, docs/workloads.md),
// checked against closed-form counts.

import { describe, it, expect } from "vitest";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import { applyMachine, cachegrindMachine, type MachineConfig } from "../host/config/machine.js";
import { LEVEL_DEFAULTS, ConfigError, type LevelConfig } from "../host/config/level.js";
import { runWorkload, WORKLOADS, workloadHelp } from "../host/workloads/workloads.js";

const K = 1024;
const L1I = 0, L1D = 1;

function lv(size: number, assoc: number, line = 64): LevelConfig {
  return { ...LEVEL_DEFAULTS, size, assoc, line };
}

function machine(l1d = lv(32 * K, 8)): MachineConfig {
  return {
    mode: "generic",
    levels: { l1i: lv(32 * K, 8), l1d, l2: lv(256 * K, 8) },
    memory: { readLatency: 100, writeLatency: 0 },
    classify: false,
  };
}

function fresh(m: MachineConfig = machine()): Core {
  const core = loadCore();
  applyMachine(core, m);
  return core;
}

interface Counts { records: bigint; instructions: bigint; reads: bigint; writes: bigint; missR: bigint; missW: bigint; missI: bigint }

function run(name: string, params: Record<string, number | string> = {}, m?: MachineConfig): Counts {
  const core = fresh(m);
  runWorkload(core, name, params);
  const c = core.counters();
  return {
    records: core.global(c, "records"),
    instructions: core.global(c, "instructions"),
    reads: core.level(c, L1D, "accessR"),
    writes: core.level(c, L1D, "accessW"),
    missR: core.level(c, L1D, "missR"),
    missW: core.level(c, L1D, "missW"),
    missI: core.level(c, L1I, "missI"),
  };
}

describe("sequential and strided", () => {
  it("sequential over S bytes, stride 8, cold 64-B L1d: S/8 reads, S/64 misses, 2 fetches per load", () => {
    const S = 16 * K;
    const r = run("sequential", { size: S });
    expect(r.reads).toBe(BigInt(S / 8));
    expect(r.missR).toBe(BigInt(S / 64));
    expect(r.instructions).toBe(BigInt(2 * S / 8));
    expect(r.records).toBe(BigInt(3 * S / 8));
    expect(r.missI).toBe(1n); // the loop's code is 8 bytes in one line
    expect(r.writes).toBe(0n);
  });

  it("a second pass over a region that fits the cache hits", () => {
    const r = run("sequential", { size: 16 * K, iterations: 3 });
    expect(r.reads).toBe(BigInt(3 * 2 * K));
    expect(r.missR).toBe(BigInt(256));
  });

  it("strided with stride = line size over a region larger than L1d: one miss per access", () => {
    const S = 1 << 20;
    const r = run("strided", { size: S, stride: 64, iterations: 2 });
    expect(r.reads).toBe(BigInt(2 * S / 64));
    expect(r.missR).toBe(r.reads);
  });

  it("a stride that does not divide the size: ceil(size / stride) loads per pass", () => {
    const r = run("strided", { size: 1000, stride: 96 });
    expect(r.reads).toBe(11n);
  });
});

describe("pointer-chase", () => {
  it("over a region smaller than L1d: one miss per line, then none", () => {
    const lines = 256;
    const r = run("pointer-chase", { size: lines * 64, iterations: 4, seed: 7 });
    expect(r.reads).toBe(BigInt(lines * 4));
    expect(r.missR).toBe(BigInt(lines));
  });

  it("the permutation is one cycle: one lap visits every line", () => {
    for (const seed of [1, 2, 3, 12345]) {
      const lines = 1000;
      const r = run("pointer-chase", { size: lines * 64, iterations: 1, seed });
      expect(r.reads).toBe(BigInt(lines));
      expect(r.missR).toBe(BigInt(lines)); // lines distinct lines in `lines` steps
    }
  });

  it("on a cache far too small every load misses", () => {
    const lines = 1024;
    const r = run("pointer-chase", { size: lines * 64, iterations: 3 }, machine(lv(4 * K, 8)));
    expect(r.reads).toBe(BigInt(lines * 3));
    expect(r.missR).toBe(r.reads);
  });

  it("does not grow the machine's state", () => {
    const core = fresh();
    const before = core.exports.stateBytes();
    runWorkload(core, "pointer-chase", { size: 1 << 24 });
    expect(core.exports.stateBytes()).toBe(before);
  });
});

describe("matmul and stencil", () => {
  it("matmul(n): 2n³ reads, n² writes, 2n³ + n² fetches", () => {
    const n = 8;
    const r = run("matmul", { n });
    expect(r.reads).toBe(BigInt(2 * n ** 3));
    expect(r.writes).toBe(BigInt(n ** 2));
    expect(r.instructions).toBe(BigInt(2 * n ** 3 + n ** 2));
    expect(r.records).toBe(r.reads + r.writes + r.instructions);
  });

  it("matmul-blocked(n, b): 2n³ + n²m reads, n²m writes, 2n³ + 2n²m fetches (m = ceil(n / b))", () => {
    const n = 10, b = 4, m = 3;
    const r = run("matmul-blocked", { n, block: b });
    expect(r.reads).toBe(BigInt(2 * n ** 3 + n * n * m));
    expect(r.writes).toBe(BigInt(n * n * m));
    expect(r.instructions).toBe(BigInt(2 * n ** 3 + 2 * n * n * m));
  });

  it("blocking cuts L1d misses on a matrix larger than the cache", () => {
    const small = machine(lv(8 * K, 8));
    const naive = run("matmul", { n: 96 }, small);
    const blocked = run("matmul-blocked", { n: 96, block: 16 }, small);
    expect(blocked.missR).toBeLessThan(naive.missR);
  });

  it("stencil(n, t): 5(n-2)² reads, (n-2)² writes, 2(n-2)² fetches per sweep", () => {
    const n = 10, t = 2, inner = (n - 2) ** 2;
    const r = run("stencil", { n, iterations: t });
    expect(r.reads).toBe(BigInt(5 * inner * t));
    expect(r.writes).toBe(BigInt(inner * t));
    expect(r.instructions).toBe(BigInt(2 * inner * t));
  });

  it("runs in cachegrind mode too", () => {
    const core = loadCore();
    applyMachine(core, cachegrindMachine());
    runWorkload(core, "matmul", { n: 8 });
    const c = core.counters();
    expect(core.level(c, L1D, "accessR")).toBe(1024n);
    expect(core.global(c, "instructions")).toBe(1088n);
  });
});

describe("random and zipf", () => {
  const small = machine(lv(8 * K, 4));
  for (const name of ["random", "zipf"]) {
    it(`${name} is deterministic for a seed and differs across seeds`, () => {
      const a = run(name, { size: 1 << 20, accesses: 50000, seed: 1 }, small);
      const b = run(name, { size: 1 << 20, accesses: 50000, seed: 1 }, small);
      const c = run(name, { size: 1 << 20, accesses: 50000, seed: 2 }, small);
      expect(b).toEqual(a);
      expect(a.reads).toBe(50000n);
      expect(c.missR).not.toBe(a.missR);
    });
  }

  it("uniform random over a region far larger than L1d misses almost always", () => {
    const r = run("random", { size: 64 << 20, accesses: 100000 }, small);
    expect(Number(r.missR) / Number(r.reads)).toBeGreaterThan(0.99);
  });

  it("zipf misses less than uniform random on the same region and cache", () => {
    const u = run("random", { size: 4 << 20, accesses: 200000 }, small);
    const z = run("zipf", { size: 4 << 20, accesses: 200000 }, small);
    expect(Number(z.missR)).toBeLessThan(0.8 * Number(u.missR));
  });

  it("a larger alpha concentrates the references further", () => {
    const lo = run("zipf", { size: 4 << 20, accesses: 100000, alpha: 0.6 }, small);
    const hi = run("zipf", { size: 4 << 20, accesses: 100000, alpha: 1.4 }, small);
    const one = run("zipf", { size: 4 << 20, accesses: 100000, alpha: 1 }, small);
    expect(hi.missR).toBeLessThan(one.missR);
    expect(one.missR).toBeLessThan(lo.missR);
  });
});

describe("errors", () => {
  it("core: unknown kind, bad parameters, ranges, record bound, configuration and capture", () => {
    const core = fresh();
    const w = core.exports.runWorkload.bind(core.exports);
    expect(w(11, 1, 1, 1, 0, 0)).toBe(-50);
    expect(w(9, 1, 1, 1, 0, 0)).toBe(-72); // heap-churn without heapInit
    expect(w(8, 4096, 4096, 1, 0, 0)).toBe(-57); // file-read without virtual memory
    expect(w(-1, 1, 1, 1, 0, 0)).toBe(-50);
    expect(w(0, 0, 8, 1, 0, 0)).toBe(-52); // zero size
    expect(w(0, 1.5, 8, 1, 0, 0)).toBe(-51);
    expect(w(0, 1024, 0, 1, 0, 0)).toBe(-51); // zero stride
    expect(w(0, 1024, 8, NaN, 0, 0)).toBe(-51);
    expect(w(3, 32, 10, 0.99, 0, 0)).toBe(-52); // zipf under one line
    expect(w(3, 4096, 10, 0, 0, 0)).toBe(-51); // alpha 0
    expect(w(7, 2, 1, 0, 0, 0)).toBe(-52); // stencil n < 3
    expect(w(0, 2 ** 41, 8, 1, 0, 0)).toBe(-53);
    expect(w(4, 2 ** 33, 1, 0, 0, 0)).toBe(-53); // 2^27 lines to chase
    expect(w(5, 2 ** 20, 0, 0, 0, 0)).toBe(-53);
    expect(w(0, 2 ** 40, 1, 1, 0, 0)).toBe(-54); // 3 * 2^40 records
    expect(w(5, 20000, 0, 0, 0, 0)).toBe(-54);
    // capture mode: a kernel's records go to the batch buffer, nothing is simulated; the heap kernels and file-read refuse
    core.exports.setCapture(1);
    expect(w(0, 1024, 8, 1, 0, 0)).toBe(0);
    expect(core.exports.capturedRecords()).toBe(3 * 128); // 128 loads, each after two instruction fetches
    expect(w(9, 100, 1000, 16, 1 << 20, 0)).toBe(-56);
    expect(w(8, 4096, 64, 1, 0, 0)).toBe(-56);
    core.exports.setCapture(0);
    expect(core.global(core.counters(), "records")).toBe(0n); // nothing ran
    const unconfigured = loadCore();
    expect(unconfigured.exports.runWorkload(0, 1024, 8, 1, 0, 0)).toBe(-18);
  });

  it("host: messages name the parameter", () => {
    const core = fresh();
    expect(() => runWorkload(core, "sequential", { size: 0 })).toThrow("--size: 0 is not a size");
    expect(() => runWorkload(core, "sequential", { size: "12Q" })).toThrow("--size: 12Q is not a size");
    expect(() => runWorkload(core, "strided", { iterations: 0 })).toThrow("--iterations: 0 is not a whole number");
    expect(() => runWorkload(core, "zipf", { alpha: -1 })).toThrow("--alpha: -1");
    expect(() => runWorkload(core, "matmul", { block: 4 })).toThrow("--block: matmul has no such parameter");
    expect(() => runWorkload(core, "nope")).toThrow(ConfigError);
    expect(() => runWorkload(core, "matmul", { n: 20000 })).toThrow("matmul: the workload would emit more than 2^40 records");
  });

  it("host: sizes take units, and the table lists every kernel", () => {
    const r = run("sequential", { size: "16K" });
    expect(r.reads).toBe(2048n);
    expect(WORKLOADS.map((w) => w.kind)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(workloadHelp().length).toBe(WORKLOADS.length);
  });
});

describe("large runs", () => {
  // Speed is measured by npm run bench, not here: this only checks a run of millions of records completes whole.
  it("a 64 MiB sweep emits three records per 8-byte load", () => {
    const core = fresh();
    runWorkload(core, "sequential", { size: 64 << 20 });
    expect(Number(core.global(core.counters(), "records"))).toBe(3 * (8 << 20));
  });
});
