// The memsim command: geometry validation, help, and the report's arithmetic
// against closed-form expectations.
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memsim } from "./helpers/run.js";

const dir = mkdtempSync(join(tmpdir(), "memsim-cli-"));

describe("configuration errors name the option and the reason", () => {
  const trace = join(dir, "t.lackey");
  writeFileSync(trace, " L 1000,8\n");
  const cases: [string[], RegExp][] = [
    [["--D1", "48K,8,64"], /--D1: 48K with 8 ways of 64 B gives 96 sets; sets must be a power of two/],
    [["--l2", "256K,8,48"], /--l2: line size 48 B must be a power of two/],
    [["--l1d", "32K,0,64"], /--l1d: associativity '0' must be a whole number of at least 1/],
    [["--l1d", "32K,8,64,lfu"], /--l1d: unknown option 'lfu'/],
    [["--l1d", "24K,6,64,plru"], /--l1d: plru needs a power-of-two associativity of at most 64, not 6/],
    [["--l2", "big,8,64"], /--l2: 'big' is not a size/],
    [["--l2", "256K,8,32,inclusive"], /--l2: an inclusive level needs lines at least as long as l1i's/],
    [["--l2", "256K,8,64,exclusive", "--l1d", "32K,8,64,wt"], /--l2: an exclusive level needs l1d to be write-back/],
    [["--l1d", "32K,8,64,inclusive"], /--l1d: inclusive describes a level's relation to the levels above it/],
    [["--I1", "32K,8,64", "--l1i", "32K,8,64"], /give --I1 or --l1i, not both/],
    [["--cachegrind", "--D1", "32K,8,64,fifo"], /--D1: Cachegrind simulates LRU only/],
    [["--cachegrind", "--LL", "none"], /--LL: cachegrind mode needs LL/],
    [["--cachegrind", "--LL", "8M,16,64,inclusive"], /--LL: Cachegrind simulates writes as reads in non-inclusive caches/],
    [["--l3", "8G,16,64"], /--l3: 8G with 16 ways of 64 B has 134217728 lines; memsim simulates at most 67108864/],
    [["--mem-latency", "fast"], /--mem-latency: 'fast' must be a whole number/],
  ];
  for (const [args, message] of cases) {
    it(args.join(" "), () => {
      const r = memsim(["trace", trace, ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split("\n").length).toBeLessThanOrEqual(3); // a sentence, not a stack trace
    });
  }
});

describe("help", () => {
  it("documents every option of memsim trace", () => {
    const r = memsim(["trace", "--help"]);
    expect(r.status).toBe(0);
    for (const opt of ["--format", "--cachegrind", "--I1", "--D1", "--LL", "--l1i", "--l1d", "--l2", "--l3", "--mem-latency", "--dram", "--dram-page", "--core-mhz", "--classify", "--json", "--no-progress"]) {
      expect(r.stdout).toContain(opt);
    }
    expect(memsim(["--help"]).stdout).toMatch(/trace.*\n.*convert/s);
  });

  it("an unknown command exits 2", () => {
    expect(memsim(["frobnicate"]).status).toBe(2);
  });
});

describe("generic report arithmetic", () => {
  it("a sequential read of N bytes misses once per line at each level; cycles follow the latencies", () => {
    // 4096 loads of 8 bytes over 32 KiB: 512 lines, each missing in L1d and L2.
    const lines = Array.from({ length: 4096 }, (_, i) => ` L ${(0x40000000 + i * 8).toString(16)},8`);
    const p = join(dir, "seq.lackey");
    writeFileSync(p, lines.join("\n") + "\n");
    const r = memsim(["trace", p, "--json", "--l1d", "8K,2,64,lat=3", "--l2", "64K,4,64,lat=10", "--mem-latency", "50"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const [, l1d, l2] = j.levels;
    expect(l1d.misses.read).toBe(512);
    expect(l2.accesses.read).toBe(512);
    expect(l2.misses.read).toBe(512);
    expect(j.memory.reads).toBe(512);
    // every access costs 3; each miss adds 10 + 50
    expect(j.memoryCycles).toBe(4096 * 3 + 512 * (10 + 50));
    expect(j.amat).toBeCloseTo(j.memoryCycles / 4096, 10);
  });

  it("classify: a cyclic walk over assoc+1 lines of one set is all conflict misses", () => {
    // 2-way, 4 sets of 64 B: blocks 0, 4, 8 map to set 0; fully associative 8 lines hold all three.
    const refs: string[] = [];
    for (let i = 0; i < 30; i++) refs.push(` L ${(0x10000 + (i % 3) * 256).toString(16)},4`);
    const p = join(dir, "conflict.lackey");
    writeFileSync(p, refs.join("\n") + "\n");
    const j = JSON.parse(memsim(["trace", p, "--json", "--classify", "--l1d", "512,2,64", "--l2", "none"]).stdout);
    const c = j.levels[1].classification;
    expect(j.levels[1].misses.read).toBe(30);
    expect(c).toEqual({ compulsory: 3, capacity: 0, conflict: 27 });
  });
});

describe("--dram", () => {
  it("an empty bank, a row hit and a row conflict cost what the DDR4-3200AA table says", async () => {
    const { DRAM_PRESETS } = await import("../host/config/dram.js");
    const d = DRAM_PRESETS["ddr4-3200aa"];
    if (d.kind !== "dram") throw new Error("preset");
    // At 1600 MHz one DDR4-3200 clock (625 ps) is one core cycle.
    const burst = d.burstLength / 2;
    const expected = (d.tRCD + d.tCL + burst) + (d.tCL + burst) + (d.tRP + d.tRCD + d.tCL + burst);
    const p = join(dir, "dram.lackey");
    writeFileSync(p, " L 10000000,8\n L 10000040,8\n L 10100000,8\n"); // row A, row A again, row B of the same bank
    const r = memsim(["trace", p, "--json", "--l1i", "none", "--l1d", "none", "--l2", "none", "--dram", "ddr4-3200aa", "--core-mhz", "1600"]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(j.memoryCycles).toBe(expected);
    expect(expected / 1600 * 1000).toBeCloseTo(30 + 16.25 + 43.75, 9); // ns, as JEDEC gives them
    expect([j.dram.rowEmpty, j.dram.rowHits, j.dram.rowConflicts]).toEqual([1, 1, 1]);
  });

  it("names the option for a bad preset, page policy or clock", () => {
    const p = join(dir, "dram.lackey");
    expect(memsim(["trace", p, "--dram", "ddr9"]).stderr).toMatch(/dram: unknown preset 'ddr9'/);
    expect(memsim(["trace", p, "--dram", "ddr4-2400", "--dram-page", "half"]).stderr).toMatch(/--dram-page: 'half' must be open or closed/);
    expect(memsim(["trace", p, "--dram", "ddr4-2400", "--core-mhz", "fast"]).stderr).toMatch(/--core-mhz: 'fast'/);
    expect(memsim(["trace", p, "--dram", "ddr4-2400", "--cachegrind"]).stderr).toMatch(/cachegrind mode has no latencies/);
  });
});

describe("memsim run", () => {
  it("a sequential sweep misses once per line: closed form", () => {
    const r = memsim(["run", "sequential", "--size", "64K", "--json", "--l2", "none"]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    const l1d = j.levels.find((l: { name: string }) => l.name === "l1d");
    expect(l1d.accesses.read).toBe(65536 / 8);
    expect(l1d.misses.read).toBe(65536 / 64);
    expect(j.memory.reads).toBe(65536 / 64 + j.levels[0].misses.instruction);
  });

  it("names a wrong workload or parameter", () => {
    expect(memsim(["run", "bogus"]).stderr).toMatch(/unknown workload 'bogus'/);
    expect(memsim(["run", "random", "--n", "4"]).stderr).toMatch(/--n: random has no such parameter/);
    expect(memsim(["run", "sequential", "--size", "0"]).stderr).toMatch(/--size: 0 is not a size/);
    expect(memsim(["run", "--help"]).stdout).toMatch(/pointer-chase/);
  });
});

describe("the in-order core", () => {
  it("cycles = instructions x CPI + what each reference costs beyond its first level's hit", () => {
    // 4 fetches in one line and 4 loads in one line: one miss each to memory, then hits.
    const p = join(dir, "core.lackey");
    writeFileSync(p, ["I  00400000,4", " L 10000000,8", "I  00400004,4", " L 10000008,8",
      "I  00400008,4", " L 10000010,8", "I  0040000c,4", " L 10000018,8"].join("\n") + "\n");
    for (const cpi of [1, 2.5]) {
      const j = JSON.parse(memsim(["trace", p, "--json", "--cpi", String(cpi), "--mem-latency", "100"]).stdout);
      const miss = 4 + 12 + 100; // L1 + L2 + memory
      expect(j.memoryCycles).toBe(2 * miss + 6 * 4);
      expect(j.cycles).toBe(j.core.cycles);
      expect(j.core.stallCycles).toBe(2 * (miss - 4));
      expect(j.core.baseCycles).toBe(Math.ceil(4 * cpi));
      expect(j.core.cycles).toBe(Math.ceil(4 * cpi) + 2 * (miss - 4));
      expect(j.core.ipc).toBeCloseTo(4 / j.core.cycles, 12);
    }
    expect(memsim(["trace", p, "--cpi", "0"]).stderr).toMatch(/--cpi: '0' must be a number of cycles per instruction above 0/);
  });
});
