// The workload suite (host/suite/, docs/suite.md): every entry runs, the
// bundled traces hold what their recording says (record counts, and Valgrind
// Cachegrind's own counts for the same program runs: an oracle independent of
// memsim, recorded by scripts/record-suite-traces.sh), and the two npm
// scripts write the JSON they promise.
import { describe, it, expect, beforeAll } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { ROOT, BIN, feedLackey, gunzipFile, loadCore } from "./helpers/run.js";
import { SUITE, SUITE_NAMES, runEntry, runSuite, selectEntries, suiteDir, type SuiteResult } from "../host/suite/suite.js";
import { figures, formatWorkloads, workloadsJson, type WorkloadsJson } from "../host/suite/report.js";
import { COMPARE_MACHINES, compareSuite, formatCompareSuite, suiteMachines, type CompareJson } from "../host/suite/compare.js";
import { compare as compareRun } from "../host/compare/compare.js";
import { applyMachine, defaultMachine, cachegrindMachine } from "../host/config/machine.js";
import { parseLevelSpec } from "../host/config/level.js";
import { preset } from "../host/config/presets.js";
import { WORKLOADS } from "../host/workloads/workloads.js";
import { buildReport, CACHEGRIND_EVENTS } from "../host/report/trace-report.js";

interface Fixture {
  geometries: Record<string, { I1: string; D1: string; LL: string }>;
  programs: { name: string; trace: string; records: number; kinds: Record<"I" | "L" | "S" | "M", number>; counts: Record<string, Record<string, number>> }[];
}
const fixture: Fixture = JSON.parse(readFileSync(`${ROOT}tests/fixtures/suite/cachegrind.json`, "utf8"));
const OUT = `${ROOT}tests/.output/`;

// The whole suite with small sizes on the default machine, once (the traces run whole).
let smallSuite: Promise<SuiteResult[]> | undefined;
const runSmallSuite = () => (smallSuite ??= runSuite(defaultMachine(), { small: true }));

/** Count the records of a Lackey text by kind (lines "I  ...", " L ...", " S ...", " M ..."), independently of memsim's parser. */
function countKinds(text: Uint8Array): Record<"I" | "L" | "S" | "M", number> {
  const n = { I: 0, L: 0, S: 0, M: 0 };
  const [I, space, L, S, M] = [..."I LSM"].map((c) => c.charCodeAt(0));
  for (let at = 0; at < text.length; at = text.indexOf(10, at) + 1 || text.length) {
    const [a, b, c] = [text[at], text[at + 1], text[at + 2]];
    if (a === I && b === space && c === space) n.I++;
    else if (a === space && c === space) {
      if (b === L) n.L++;
      else if (b === S) n.S++;
      else if (b === M) n.M++;
    }
  }
  return n;
}

interface Child { status: number | null; stdout: string; stderr: string }

/** A command in a child process, so that several run at once. */
function run(command: string, args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("the suite's entries", () => {
  it("has unique names, and one trace entry per bundled C program", () => {
    expect(new Set(SUITE_NAMES).size).toBe(SUITE.length);
    const sources = readdirSync(`${ROOT}examples/suite/src`).filter((f) => f.endsWith(".c")).map((f) => f.slice(0, -2)).sort();
    const traces = SUITE.filter((e) => e.kind === "trace").map((e) => e.name).sort();
    expect(traces).toEqual(sources);
    expect(fixture.programs.map((p) => p.name).sort()).toEqual(sources);
    expect(suiteDir()).toBe(`${ROOT}examples/suite`);
  });

  it("holds every synthetic kernel of memsim run", () => {
    const kernels = SUITE.flatMap((e) => (e.kind === "synthetic" ? [e.workload] : []));
    expect(kernels).toEqual(WORKLOADS.map((w) => w.name));
  });

  it("every entry runs on the default machine with small sizes", async () => {
    const results = await runSmallSuite();
    expect(results.map((r) => r.name)).toEqual(SUITE_NAMES);
    for (const r of results) {
      const f = figures(r.report);
      expect(f.records, r.name).toBeGreaterThan(0);
      // heap-churn and py-objects are the heap's data references alone (docs/workloads.md): no instruction fetches.
      expect(f.instructions > 0, r.name).toBe(r.name !== "heap-churn" && r.name !== "py-objects");
      expect(f.cycles, r.name).toBeGreaterThanOrEqual(f.instructions); // CPI 1 plus stalls
      expect(f.ipc, r.name).toBeCloseTo(f.instructions / f.cycles, 12);
      expect(f.ipc, r.name).toBeLessThanOrEqual(1);
      expect(f.amat, r.name).toBeGreaterThanOrEqual(4); // the L1 hit latency
      expect(Object.keys(f.misses), r.name).toEqual(["l1i", "l1d", "l2"]);
      expect(f.memoryReads, r.name).toBeLessThanOrEqual(f.misses.l2!); // memory reads only what the last level missed
    }
    // Closed forms for the small synthetic sizes (docs/workloads.md): 3 records per load.
    const by = Object.fromEntries(results.map((r) => [r.name, r.report]));
    expect(by.sequential.records).toBe(3 * (64 * 1024) / 8);
    expect(by.strided.records).toBe(3 * (64 * 1024) / 64);
    expect(by["pointer-chase"].records).toBe(3 * (64 * 1024) / 64);
    expect(by.random.records).toBe(3 * 4096);
    expect(by.matmul.records).toBe(2 * 16 ** 3 + 16 ** 2 + (2 * 16 ** 3 + 16 ** 2)); // 2n^3 loads, n^2 stores, 2n^3 + n^2 fetches
    expect(by["file-read"].pageFaults!.major).toBe((64 * 1024) / 4096); // the file's pages, once each (16 MiB RAM)
  });

  it("every synthetic entry runs at full size, a few million records at most", async () => {
    const synthetic = SUITE.filter((e) => e.kind === "synthetic").map((e) => e.name);
    const results = await runSuite(defaultMachine(), { only: synthetic });
    for (const r of results) {
      expect(r.report.records, r.name).toBeGreaterThan(300_000);
      expect(r.report.records, r.name).toBeLessThanOrEqual(4_200_000);
    }
    expect(fixture.programs.reduce((a, p) => a + p.records, 0)).toBeLessThan(6e6); // the traces
  });

  it("the same entry on two machines gives the same records and different cycles", async () => {
    const [entry] = selectEntries({ only: ["pointer-chase"] });
    const a = await runEntry(entry, defaultMachine(), { small: true });
    const b = await runEntry(entry, preset("small-embedded"), { small: true });
    expect(a.report.records).toBe(b.report.records);
    expect(a.report.cycles).not.toBe(b.report.cycles);
  });

  it("rejects an unknown name and cachegrind mode with a message", async () => {
    expect(() => selectEntries({ only: ["nope"] })).toThrow(/unknown suite workload 'nope' \(one of sequential, /);
    await expect(runSuite(cachegrindMachine(), { only: ["matmul"] })).rejects.toThrow(/generic machines/);
  });
});

describe("the bundled traces", () => {
  // Every trace under every geometry through the CLI, started together.
  // The first geometry through the CLI, as a user runs it (all traces at once); the others in-process.
  const [cliGeometry] = Object.keys(fixture.geometries);
  const { I1, D1, LL } = fixture.geometries[cliGeometry];
  let cli: Map<string, Promise<Child>>;
  beforeAll(() => {
    cli = new Map(fixture.programs.map((p) => [p.name,
      run(process.execPath, [BIN, "trace", `examples/suite/${p.trace}`, "--cachegrind", `--I1=${I1}`, `--D1=${D1}`, `--LL=${LL}`, "--json"])]));
  });
  const events = async (program: Fixture["programs"][number], g: string): Promise<Record<string, number>> => {
    if (g === cliGeometry) {
      const r = await cli.get(program.name)!;
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout).events;
    }
    const core = loadCore();
    const machine = cachegrindMachine();
    const geometry = fixture.geometries[g];
    [machine.levels.l1i, machine.levels.l1d, machine.levels.l2] = [parseLevelSpec("--I1", geometry.I1)!, parseLevelSpec("--D1", geometry.D1)!, parseLevelSpec("--LL", geometry.LL)!];
    applyMachine(core, machine);
    feedLackey(core, gunzipFile(`${ROOT}examples/suite/${program.trace}`));
    return buildReport(core, machine, program.trace, "lackey").events!;
  };

  for (const program of fixture.programs) {
    describe(program.name, () => {
      const text = () => gunzipFile(`${ROOT}examples/suite/${program.trace}`);

      it("holds the records its recording counted, and memsim reads all of them", async () => {
        const kinds = countKinds(text());
        expect(kinds).toEqual(program.kinds);
        expect(kinds.I + kinds.L + kinds.S + kinds.M).toBe(program.records);
        const { report } = (await runSmallSuite()).find((r) => r.name === program.name)!;
        expect(report.records).toBe(program.records);
        expect(report.instructions).toBe(kinds.I);
        expect(report.instructions).toBeGreaterThan(0);
        const l1d = report.levels.find((l) => l.name === "l1d")!;
        expect(l1d.accesses.read + l1d.accesses.write).toBeGreaterThanOrEqual(kinds.L + kinds.S + kinds.M);
      });

      for (const [g, geometry] of Object.entries(fixture.geometries)) {
        const how = g === cliGeometry ? "memsim trace --cachegrind" : "cachegrind mode";
        it(`${how} gives Cachegrind's nine counts, geometry ${g} (${geometry.I1} ${geometry.D1} ${geometry.LL})`, { timeout: 60_000 }, async () => {
          const e = await events(program, g);
          expect(Object.keys(e)).toEqual([...CACHEGRIND_EVENTS]);
          expect(e).toEqual(Object.fromEntries(CACHEGRIND_EVENTS.map((name) => [name, program.counts[g][name]])));
          // Cachegrind's own closed forms: Ir = #I, Dr = #L + #M, Dw = #S.
          expect(e.Ir).toBe(program.kinds.I);
          expect(e.Dr).toBe(program.kinds.L + program.kinds.M);
          expect(e.Dw).toBe(program.kinds.S);
        });
      }
    });
  }
});

describe("npm run bench:workloads and bench:compare", () => {
  // The scripts as a user runs them, started together.
  const npm = (script: string, args: string[]) => run("npm", ["run", "--silent", script, "--", ...args]);
  let workloads: Promise<Child>, compare: Promise<Child>, badMachine: Promise<Child>;
  beforeAll(() => {
    mkdirSync(OUT, { recursive: true });
    workloads = npm("bench:workloads", ["--small", "--out", `${OUT}suite-workloads.json`]);
    compare = npm("bench:compare", ["--small", "--only", "pointer-chase,quicksort", "--out", `${OUT}suite-compare.json`]);
    badMachine = run(`${ROOT}node_modules/.bin/tsx`, ["bench/suite.ts", "compare", "--machine", "default", "--machine", "nope", "--out", `${OUT}unused.json`]);
  });

  it("bench:workloads prints one table and writes JSON with every workload", { timeout: 60_000 }, async () => {
    const r = await workloads;
    expect(r.status, r.stderr).toBe(0);
    const j: WorkloadsJson = JSON.parse(readFileSync(`${OUT}suite-workloads.json`, "utf8"));
    expect(j.machine).toBe("default");
    expect(j.small).toBe(true);
    expect(j.workloads.map((w) => w.name)).toEqual(SUITE_NAMES);
    for (const w of j.workloads) {
      for (const field of ["kind", "description", "records", "instructions", "cycles", "microseconds", "ipc", "amat", "misses", "missRates", "memoryReads", "seconds", "report"]) {
        expect(w, `${w.name}.${field}`).toHaveProperty(field);
      }
      expect(Object.keys(w.misses)).toEqual(["l1i", "l1d", "l2"]);
      expect(w.cycles).toBe(w.report.cycles);
    }
    // The table: a header with the figures, a row per workload, a total line.
    const lines = r.stdout.split("\n");
    expect(lines.find((l) => /^workload +kind/.test(l))).toMatch(/records +cycles +IPC +AMAT +L1I misses +L1D misses +L2 misses/);
    for (const name of SUITE_NAMES) expect(lines.some((l) => l.startsWith(`${name} `)), name).toBe(true);
    expect(r.stdout).toMatch(new RegExp(`^${SUITE.length} workloads, [\\d,]+ records in [\\d.]+ s$`, "m"));
    // The text is the JSON's, formatted.
    expect(r.stdout).toBe(formatWorkloads(j));
  });

  it("bench:compare runs the presets side by side, speedups against the first", { timeout: 60_000 }, async () => {
    const r = await compare;
    expect(r.status, r.stderr).toBe(0);
    const j: CompareJson = JSON.parse(readFileSync(`${OUT}suite-compare.json`, "utf8"));
    expect(j.machines.map((m) => m.name)).toEqual([...COMPARE_MACHINES]);
    expect(j.workloads.map((w) => w.name)).toEqual(["pointer-chase", "quicksort"]);
    for (const w of j.workloads) {
      const [first, ...rest] = w.comparison.machines;
      expect(w.comparison.machines.map((m) => m.name)).toEqual([...COMPARE_MACHINES]);
      expect(w.comparison.baseline).toBe("default");
      expect(w.speedup.default).toBe(1);
      for (const m of rest) {
        expect(w.speedup[m.name]).toBeCloseTo(first.microseconds / m.microseconds, 12);
        expect(m.records).toBe(first.records);
        expect(m.change.cycles).toBeCloseTo(m.cycles / first.cycles - 1, 12);
      }
    }
    for (const title of ["cycles", "speedup against default", "IPC", "AMAT, cycles per reference", "memory line reads"]) {
      expect(r.stdout).toContain(`\n${title}`);
    }
    expect(r.stdout).toMatch(/^geometric mean +1\.00x/m);
    expect(r.stdout).toBe(formatCompareSuite(j));
  });

  it("a bad machine name is one message and exit code 2, before any run", { timeout: 60_000 }, async () => {
    const r = await badMachine;
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^bench: --machine 'nope': 'nope' is neither a preset \(default, .*\) nor a machine file\n$/);
  });

  it("bench:compare takes memsim compare's machine specs, and agrees with memsim compare's runner", async () => {
    const machines = suiteMachines(["default", "big L2:default+l2=2M,16,64,lat=12"]);
    const j = await compareSuite(machines, { only: ["pointer-chase"] });
    const [w] = j.workloads;
    expect(j.machines.map((m) => m.name)).toEqual(["default", "big L2"]);
    // 1 MiB of lines: every lap misses a 256K L2, only the first misses a 2M one.
    expect(w.comparison.machines[1].memoryReads).toBe((1 << 20) / 64 + 1);
    expect(w.speedup["big L2"]).toBeGreaterThan(3);
    const direct = await compareRun({ kind: "synthetic", name: "pointer-chase", params: { size: "1M", iterations: "8" } }, machines, loadCore);
    expect(direct.machines.map((m) => m.cycles)).toEqual(w.comparison.machines.map((m) => m.cycles));
    expect(() => suiteMachines(["default", "default"])).toThrow(/'default' is given twice/);
  });

  it("the JSON of a run in-process matches the figures of its reports", async () => {
    const results = await runSuite(defaultMachine(), { small: true, only: ["matmul", "bst"] });
    const j = workloadsJson("default", results, true, 0);
    expect(j.workloads.map((w) => w.ipc)).toEqual(results.map((r) => r.report.core!.ipc));
    expect(j.workloads.map((w) => w.misses.l1d)).toEqual(results.map((r) => r.report.levels[1].misses.total));
  });
});
