// npm run bench: memsim's throughput figures, each beside its native C
// reference measured in the same run (bench/native). Ratios, not absolute
// times, are the figures to quote: these machines are noisy.
//
//   bulk        the cache simulation loop over pre-parsed records (cachegrind
//               semantics, I1/D1 32K 8-way, LL 256K 8-way), Wasm vs gcc -O2
//   end to end  a 45M-record Lackey text file to the nine counts: memsim's
//               replay (the code the CLI runs: open, stream, parse, simulate,
//               report) timed from opening the file to the counts, as the C
//               parser+simulator times itself; and, beside it, the wall time
//               of the whole `memsim trace` process, Node's start-up included
//   memory      peak RSS of that CLI run (target: under 256 MiB)
//   timing      the bulk records through the generic path with the full timing
//               model (latencies, DDR4-3200AA, then also virtual memory paging
//               to the NVMe SSD) beside the counts-only path (target: >= 0.5x)
//   access()    single references through the exported function (benchmark.js)
//   gc          a full collection of a heap of 1M tracked objects (a list of
//               1M empty lists) under memsim py: its emulated cycles (the
//               collector's log) and host time per object, beside CPython's
//               own gc.collect() of the same heap, timed in the same run
//   python      bench/python/*.py under `memsim py` (every access simulated on
//               the default machine) beside python3 running them natively:
//               both timed in-process from the source text to the last
//               output line (compile included), best of 3 (target: <= 10x);
//               beside them, a yardstick: the same timer run once by python3
//               under Cachegrind (I1/D1/LL as in bulk), the slowdown of the
//               reference cache simulator on the same script; and memsim py
//               again keeping its per-line table (what --report and --json
//               add: the plain run skips the bookkeeping, same cycles)

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Benchmark from "benchmark";
import { loadCore } from "../host/core-node.js";
import { applyMachine, cachegrindMachine, defaultMachine, type MachineConfig } from "../host/config/machine.js";
import type { Core } from "../host/core.js";
import { dramPreset } from "../host/config/dram.js";
import { defaultVm } from "../host/config/vm.js";
import { runWorkload } from "../host/workloads/workloads.js";
import { parseLevelSpec } from "../host/config/level.js";
import { buildReport } from "../host/report/trace-report.js";
import { openSource } from "../host/trace/source.js";
import { replay } from "../host/trace/replay.js";
import { table } from "../host/report/format.js";
import { gridFrom } from "../host/sweep/grid.js";
import { executeSweep, defaultJobs } from "../host/sweep/sweep.js";
import { planSweep, workloadSpecs } from "../host/sweep/plan.js";
import { runSuite, SUITE } from "../host/suite/suite.js";
import { runPython } from "../host/python/runner.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = `${ROOT}bench/.cache`;
const NATIVE = `${ROOT}bench/native/bin`;
const RECORDS = Number(process.env.MEMSIM_BENCH_RECORDS ?? 45_000_000);
const REPEATS = 3;
const GEOMETRY = ["32768,8,64", "32768,8,64", "262144,8,64"];

function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

function prepare(): { lackey: string; binary: string } {
  mkdirSync(CACHE, { recursive: true });
  execFileSync("bash", [`${ROOT}bench/native/build.sh`], { stdio: "inherit" });
  const lackey = `${CACHE}/trace-${RECORDS}.lackey`;
  const binary = `${CACHE}/trace-${RECORDS}.bin`;
  if (!existsSync(lackey)) {
    log(`generating a ${RECORDS.toLocaleString("en-US")}-record Lackey trace`);
    execFileSync(`${NATIVE}/gen-trace`, [String(RECORDS), lackey]);
  }
  if (!existsSync(binary)) {
    log("converting it to memsim's binary format");
    execFileSync(process.execPath, [`${ROOT}bin/memsim.js`, "convert", lackey, binary], { stdio: "inherit" });
  }
  return { lackey, binary };
}

interface NativeResult { seconds: number; recordsPerSecond: number; events: Record<string, number> }

function native(mode: "bulk" | "lackey", file: string): NativeResult {
  const out = execFileSync(`${NATIVE}/refsim`, [mode, file, ...GEOMETRY, ...(mode === "bulk" ? [String(REPEATS)] : [])], { encoding: "utf8" });
  return JSON.parse(out);
}

function cachegrindCore() {
  const core = loadCore();
  const machine = cachegrindMachine();
  machine.levels.l1i = parseLevelSpec("--I1", GEOMETRY[0])!;
  machine.levels.l1d = parseLevelSpec("--D1", GEOMETRY[1])!;
  machine.levels.l2 = parseLevelSpec("--LL", GEOMETRY[2])!;
  return { core, machine };
}

/** The Wasm bulk loop: records copied into the input buffer untimed, simulate() timed. Best of REPEATS. */
function wasmBulk(binary: string): NativeResult {
  const { core, machine } = cachegrindCore();
  return timeBulk(binary, core, machine);
}

/**
 * The same records through the generic path with the full timing model: the
 * same L1i/L1d/L2 geometry with latencies, DDR4-3200AA below, and (with
 * `ram`) virtual memory paging to the NVMe SSD.
 */
function wasmTiming(binary: string, ram?: number): NativeResult {
  const core = loadCore();
  const machine = defaultMachine();
  machine.levels.l1i = parseLevelSpec("--l1i", GEOMETRY[0], { latency: 4 })!;
  machine.levels.l1d = parseLevelSpec("--l1d", GEOMETRY[1], { latency: 4 })!;
  machine.levels.l2 = parseLevelSpec("--l2", GEOMETRY[2], { latency: 12 })!;
  machine.dram = dramPreset("ddr4-3200aa");
  if (ram) machine.vm = defaultVm(ram);
  return timeBulk(binary, core, machine);
}

function timeBulk(binary: string, core: Core, machine: MachineConfig): NativeResult {
  const records = readFileSync(binary).subarray(16);
  const cap = core.exports.inputCapacity();
  let best = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    applyMachine(core, machine);
    let seconds = 0;
    for (let off = 0; off < records.length; off += cap) {
      const chunk = records.subarray(off, Math.min(off + cap, records.length));
      core.input().set(chunk);
      const t0 = performance.now();
      core.check(core.exports.simulate(chunk.length / 8));
      seconds += (performance.now() - t0) / 1000;
    }
    best = Math.min(best, seconds);
  }
  const n = records.length / 8;
  const report = buildReport(core, machine, binary, "binary");
  return { seconds: best, recordsPerSecond: n / best, events: report.events ?? {} };
}

/** The replay in-process, timed from opening the file to the report, best of REPEATS. */
async function wasmEndToEnd(lackey: string): Promise<NativeResult> {
  let best = Infinity;
  let events: Record<string, number> = {};
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    const { core, machine } = cachegrindCore();
    applyMachine(core, machine);
    const source = openSource(lackey);
    try {
      await replay(core, source, "lackey");
    } finally {
      source.close();
    }
    events = buildReport(core, machine, lackey, "lackey").events!;
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return { seconds: best, recordsPerSecond: RECORDS / best, events };
}

/** The CLI end to end, as a user runs it; wall time of the whole process and its peak RSS. */
function cliEndToEnd(lackey: string): NativeResult & { maxRssMiB: number } {
  let best = Infinity;
  let rss = 0;
  let events: Record<string, number> = {};
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    const child = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, `${ROOT}bin/memsim.js`, "trace", lackey, "--cachegrind",
      `--I1=${GEOMETRY[0]}`, `--D1=${GEOMETRY[1]}`, `--LL=${GEOMETRY[2]}`, "--json", "--no-progress"], { encoding: "utf8", maxBuffer: 1 << 24 });
    const seconds = (performance.now() - t0) / 1000;
    if (child.status !== 0) throw new Error(`memsim trace failed: ${child.stderr}`);
    events = JSON.parse(child.stdout).events;
    rss = Math.max(rss, Number(child.stderr.trim().split("\n").pop()) / 1024);
    best = Math.min(best, seconds);
  }
  return { seconds: best, recordsPerSecond: RECORDS / best, events, maxRssMiB: rss };
}

/** Single references through access(), generic mode (benchmark.js). */
function accessCalls(): number {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  let addr = 0;
  const bench = new Benchmark("access", () => {
    core.exports.access(0x10000000 + (addr = (addr + 72) & 0xFFFFF), 8, 1);
  }, { minTime: 1 });
  bench.run();
  return bench.hz;
}

/**
 * Heap operations: malloc + free pairs of small blocks on the emulated CPython
 * heap, every allocator access simulated through L1/L2/memory on the default
 * machine (heap-churn, best of REPEATS), each beside CPython's own rate for
 * the same pattern (timeit, best of REPEATS), measured in this run:
 *
 *   rebind  CPython's `b = s * 40` allocates a 73-byte bytes object and frees
 *           the previous one: two blocks of one size class alternate, the
 *           pool never fills nor empties, every access hits L1. memsim:
 *           heap-churn with live 2 and size 16, each pair freeing one of two
 *           blocks of one class and allocating another in its slot: the same
 *           accesses (7 for the malloc, 8 for the free, all L1 hits) in the
 *           other order (free, then malloc) and in the 16-byte class.
 *   random  10,000 live blocks, a random one replaced each pair: heap-churn
 *           (sizes 1..64, about 2.4 L1d misses a pair) beside CPython's
 *           `for i, n in P: L[i] = s * n` over precomputed random slots and
 *           sizes (bytes objects of 35..66 bytes; the loop's own cost included).
 */
function heapPairs(): { rebind: { memsim: number; cpython: number }; random: { memsim: number; cpython: number } } {
  const pairs = 2_000_000;
  const memsim = (live: number, size: number) => {
    // One untimed run first: V8 compiles the heap's hot functions with its
    // optimizing tier in the background once they run; the timed runs then
    // measure that code, not the baseline tier's (best of 5: a noisy machine).
    runWorkload(loadCoreWith(defaultMachine()), "heap-churn", { live, pairs: pairs / 4, size });
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const core = loadCore();
      applyMachine(core, defaultMachine());
      const t0 = performance.now();
      runWorkload(core, "heap-churn", { live, pairs, size });
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    return (pairs + live) / best;
  };
  const python = (stmt: string, setup: string, number: number, perRun: number) => Number(execFileSync("python3", ["-c",
    `import timeit; print(${perRun * number} / min(timeit.repeat(${JSON.stringify(stmt)}, setup=${JSON.stringify(setup)}, number=${number}, repeat=${REPEATS})))`],
  { encoding: "utf8" }));
  return {
    rebind: { memsim: memsim(2, 16), cpython: python("b = s * 40", "s = b'x'; b = s * 40", pairs, 1) },
    random: {
      memsim: memsim(10000, 64),
      cpython: python("for i, n in P: L[i] = s * n",
        "import random; random.seed(1); s = b'x'; L = [s * 40 for _ in range(10000)]; P = [(random.randrange(10000), random.randrange(2, 34)) for _ in range(100000)]",
        pairs / 100000, 100000),
    },
  };
}

function loadCoreWith(machine: MachineConfig): Core {
  const core = loadCore();
  applyMachine(core, machine);
  return core;
}

/**
 * python3's executable itself (python3 on PATH may be a launcher script, such
 * as pyenv's shim, which valgrind would trace instead), or "" without valgrind.
 */
function pythonUnderValgrind(): string {
  if (spawnSync("valgrind", ["--version"]).status !== 0) return "";
  return execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
}

/**
 * The Python scripts: memsim py and python3 on each, best of REPEATS, the
 * outputs compared; and, once, python3 under Cachegrind (NaN without valgrind).
 */
function pythonScripts(): { script: string; memsim: number; cpython: number; ratio: number; cycles: number; cachegrind: number; cachegrindRatio: number; withReport: number; withReportRatio: number }[] {
  const dir = `${ROOT}bench/python`;
  const valgrindPython = pythonUnderValgrind();
  return readdirSync(dir).filter((f) => f.endsWith(".py")).sort().map((name) => {
    const file = `${dir}/${name}`;
    const source = readFileSync(file, "utf8");
    const timer = "import sys, time, io, contextlib\n" +
      "src = open(sys.argv[1]).read(); out = io.StringIO(); t = time.perf_counter()\n" +
      "with contextlib.redirect_stdout(out): exec(compile(src, sys.argv[1], 'exec'), {'__name__': '__main__'})\n" +
      "t = time.perf_counter() - t; print(t); print(out.getvalue(), end='')\n";
    /** The script's time (the timer's first line) and its output (the rest). */
    const timed = (command: string, args: string[]) => {
      const [seconds, ...rest] = execFileSync(command, [...args, "-c", timer, file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n");
      return { seconds: Number(seconds), output: rest.join("\n") };
    };
    let cpython = Infinity, expected = "";
    for (let r = 0; r < REPEATS; r++) {
      const run = timed("python3", []);
      cpython = Math.min(cpython, run.seconds);
      expected = run.output;
    }
    let cachegrind = NaN;
    if (valgrindPython !== "") {
      const run = timed("valgrind", ["--tool=cachegrind", "--cache-sim=yes", `--I1=${GEOMETRY[0]}`, `--D1=${GEOMETRY[1]}`, `--LL=${GEOMETRY[2]}`,
        "--cachegrind-out-file=/dev/null", valgrindPython]);
      if (run.output !== expected) throw new Error(`python3 under Cachegrind printed something else for ${name}: the benchmark is void`);
      cachegrind = run.seconds;
    }
    /** memsim py's best time: as `memsim py script.py` runs (no per-line table), or keeping the table as --report does. */
    const best = (lineAccounting: boolean) => {
      let seconds = Infinity, cycles = 0;
      for (let r = 0; r < REPEATS; r++) {
        const core = loadCore();
        applyMachine(core, defaultMachine());
        let out = "";
        const t0 = performance.now();
        const run = runPython(core, source, name, { write: (text) => { out += text; }, lineAccounting });
        seconds = Math.min(seconds, (performance.now() - t0) / 1000);
        if (run.exitCode !== 0 || out !== expected) throw new Error(`memsim py ${name} differs from python3 (exit ${run.exitCode}${run.stderr ? `: ${run.stderr.trim()}` : ""}): the benchmark is void`);
        cycles = Number(core.global(core.counters(), "cycles"));
      }
      return { seconds, cycles };
    };
    const plain = best(false), report = best(true);
    if (plain.cycles !== report.cycles) throw new Error(`memsim py ${name}: the per-line table changed the cycles (${plain.cycles} vs ${report.cycles}): the benchmark is void`);
    return {
      script: name, memsim: plain.seconds, cpython, ratio: plain.seconds / cpython, cycles: plain.cycles, cachegrind, cachegrindRatio: cachegrind / cpython,
      withReport: report.seconds, withReportRatio: report.seconds / cpython,
    };
  });
}

/** A full collection of 1M tracked objects: memsim's emulated cycles and host ns per object beside CPython's gc.collect(). */
function fullCollection(): { objects: number; cycles: number; memsimNsPerObject: number; cpythonNsPerObject: number; ratio: number } {
  const objects = 1_000_000;
  const build = `import gc\nheap = [[] for i in range(${objects})]\ngc.collect()\n`;
  const EXTRA = 5;
  const timeRun = (collects: number) => {
    const core = loadCore();
    applyMachine(core, defaultMachine());
    const logged: number[] = [];
    const t0 = performance.now();
    const run = runPython(core, build + "gc.collect()\n".repeat(collects), "gc-bench.py", {
      write: () => {}, onCollection: (c) => { if (!c.automatic && !c.atExit) logged.push(c.cycles); },
    });
    if (run.exitCode !== 0) throw new Error(`the gc benchmark script failed: ${run.stderr}`);
    return { seconds: (performance.now() - t0) / 1000, cycles: logged[logged.length - 1] };
  };
  // The collections' own host time is the difference between a run with EXTRA more gc.collect() calls and
  // one without (building the heap takes longer than a collection): the two runs are interleaved and the
  // median of the pairs' differences is taken, so that a slow moment of the machine falls on one pair only.
  const perCollection: number[] = [];
  let cycles = 0;
  for (let r = 0; r < REPEATS; r++) {
    const base = timeRun(0), more = timeRun(EXTRA);
    perCollection.push((more.seconds - base.seconds) / EXTRA);
    cycles = more.cycles;
  }
  perCollection.sort((x, y) => x - y);
  const seconds = perCollection[Math.floor(perCollection.length / 2)];
  // Not slower with more collections: the machine was too noisy to measure (NaN: printed as void).
  const memsimNsPerObject = seconds > 0 ? seconds * 1e9 / objects : NaN;
  const cpython = Number(execFileSync("python3", ["-c",
    `import gc, time\nheap = [[] for i in range(${objects})]\ngc.collect()\nbest = 1e9\n` +
    `for r in range(${REPEATS}):\n    t = time.perf_counter(); gc.collect(); best = min(best, time.perf_counter() - t)\nprint(best)`], { encoding: "utf8" }));
  const cpythonNsPerObject = cpython * 1e9 / objects;
  return { objects, cycles, memsimNsPerObject, cpythonNsPerObject, ratio: memsimNsPerObject / cpythonNsPerObject };
}

/**
 * memsim sweep's worker pool: 64 points (matmul, n = 96, on 64 L1d
 * configurations) with one thread, then with one per core, in this run; the
 * figure is the ratio of the wall times (about the core count when the pool
 * keeps every core busy). Beside it, what the machine itself gives at that
 * moment: as many one-thread sweeps at once as there are cores, against one
 * alone (a virtual machine's cores may be busy with its neighbours' work:
 * then neither ratio reaches the core count, and the pool is not the cause).
 */
async function sweepSpeedup(): Promise<{ points: number; jobs: number; sequentialSeconds: number; parallelSeconds: number; ratio: number; machineScaling: number }> {
  const plan = planSweep(workloadSpecs(["matmul"], { n: "96" }, loadCore), defaultMachine(),
    gridFrom({ l1d: "4K..32K", assoc: "1..8", line: "32,64", policy: "lru,plru" }));
  const sweep = async (jobs: number) => {
    const run = await executeSweep(plan, { jobs });
    if (run.ran !== plan.tasks.length) throw new Error(`the sweep ran ${run.ran} of ${plan.tasks.length} points`);
  };
  /** Wall seconds of `copies` sweeps at once, each on `jobs` threads. */
  const wall = async (jobs: number, copies = 1) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: copies }, () => sweep(jobs)));
    return (performance.now() - t0) / 1000;
  };
  const jobs = defaultJobs();
  const sequentialSeconds = await wall(1);
  const parallelSeconds = await wall(jobs);
  const machineScaling = jobs * sequentialSeconds / await wall(1, jobs);
  return { points: plan.tasks.length, jobs, sequentialSeconds, parallelSeconds, ratio: sequentialSeconds / parallelSeconds, machineScaling };
}

async function main(): Promise<void> {
  if (!existsSync(`${ROOT}bench/native/refsim.c`)) throw new Error("bench/native is missing");
  const { lackey, binary } = prepare();
  const traceMB = statSync(lackey).size / 1e6;
  log("bulk: native C");
  const cBulk = native("bulk", binary);
  log("bulk: wasm");
  const wBulk = wasmBulk(binary);
  log("end to end: native C");
  let cE2E = native("lackey", lackey);
  for (let r = 1; r < REPEATS; r++) {
    const again = native("lackey", lackey);
    if (again.seconds < cE2E.seconds) cE2E = again;
  }
  log("end to end: memsim replay");
  const wE2E = await wasmEndToEnd(lackey);
  log("end to end: the memsim trace command");
  const cli = cliEndToEnd(lackey);
  log("bulk: wasm with the timing model (L1/L2 latencies, DDR4-3200AA)");
  const wTiming = wasmTiming(binary);
  log("bulk: wasm with the timing model and virtual memory (256 MiB RAM, NVMe swap)");
  const wPaging = wasmTiming(binary, 256 << 20);
  log("access(): benchmark.js");
  const accessHz = accessCalls();
  log("heap: malloc/free pairs on the emulated heap, and CPython's own");
  const heap = heapPairs();
  log("gc: a full collection of 1M tracked objects, memsim py and CPython");
  const gc = fullCollection();
  log("python: bench/python/*.py under memsim py, python3, and python3 under Cachegrind");
  const python = pythonScripts();
  log("the workload suite on the default machine (npm run bench:workloads)");
  const suiteStart = performance.now();
  await runSuite(defaultMachine());
  const suiteSeconds = (performance.now() - suiteStart) / 1000;
  log("memsim sweep: 64 points on one thread, then on one per core, then one-thread sweeps at once, one per core");
  const sweep = await sweepSpeedup();

  const same = [wBulk, cE2E, wE2E, cli].every((r) => JSON.stringify(r.events) === JSON.stringify(cBulk.events));
  if (!same) throw new Error("memsim and the native reference disagree on the counts: the benchmark is void");

  const M = (x: number) => `${(x / 1e6).toFixed(1)} M/s`;
  const results = {
    records: RECORDS,
    traceMB: +traceMB.toFixed(1),
    bulk: { wasm: wBulk.recordsPerSecond, native: cBulk.recordsPerSecond, ratio: wBulk.recordsPerSecond / cBulk.recordsPerSecond, target: 0.9 },
    endToEnd: { wasm: wE2E.recordsPerSecond, native: cE2E.recordsPerSecond, ratio: wE2E.recordsPerSecond / cE2E.recordsPerSecond, target: 40e6 },
    cliProcess: { wasm: cli.recordsPerSecond, seconds: cli.seconds },
    timing: { wasm: wTiming.recordsPerSecond, countsOnly: wBulk.recordsPerSecond, ratio: wTiming.recordsPerSecond / wBulk.recordsPerSecond, target: 0.5 },
    timingWithPaging: { wasm: wPaging.recordsPerSecond, ratio: wPaging.recordsPerSecond / wBulk.recordsPerSecond },
    maxRssMiB: +cli.maxRssMiB.toFixed(1),
    accessCallsPerSecond: accessHz,
    heapPairs: {
      rebind: { ...heap.rebind, ratio: heap.rebind.memsim / heap.rebind.cpython },
      random: { ...heap.random, ratio: heap.random.memsim / heap.random.cpython },
      target: 20e6,
    },
    gc,
    python: { scripts: python, target: 10 },
    suiteSeconds,
    sweep: { ...sweep, target: 1.6 },
    countsAgree: same,
  };
  console.log(table(["figure", "memsim (wasm)", "native C", "ratio", "target"], [
    ["bulk simulation, pre-parsed records", M(results.bulk.wasm), M(results.bulk.native), results.bulk.ratio.toFixed(2), ">= 0.90 x native"],
    [`Lackey text to counts (${traceMB.toFixed(0)} MB)`, M(results.endToEnd.wasm), M(results.endToEnd.native), results.endToEnd.ratio.toFixed(2), ">= 40 M/s"],
    ["  the same as a whole memsim process", M(cli.recordsPerSecond), "", "", ""],
    ["  peak RSS of that process", `${results.maxRssMiB} MiB`, "", "", "< 256 MiB"],
    ["full timing model (L1/L2 + DDR4), same records", M(wTiming.recordsPerSecond), "", `${results.timing.ratio.toFixed(2)} x counts-only`, ">= 0.50 x counts-only"],
    ["  plus virtual memory (256 MiB RAM, NVMe)", M(wPaging.recordsPerSecond), "", `${results.timingWithPaging.ratio.toFixed(2)} x counts-only`, ""],
    ["access() calls, generic L1/L2", M(accessHz), "", "", ""],
    ["heap malloc+free pairs, every access simulated: rebind (2 blocks, L1 hits)", M(heap.rebind.memsim), `CPython ${M(heap.rebind.cpython)}`,
      `${(heap.rebind.memsim / heap.rebind.cpython).toFixed(2)} x CPython`, ">= 20 M/s"],
    ["  random slots of 10,000 blocks (2.4 L1d misses a pair)", M(heap.random.memsim), `CPython ${M(heap.random.cpython)}`,
      `${(heap.random.memsim / heap.random.cpython).toFixed(2)} x CPython`, ""],
    [`full gc.collect() of ${gc.objects / 1e6}M tracked objects: ${(gc.cycles / 1e6).toFixed(1)} M emulated cycles`, Number.isNaN(gc.memsimNsPerObject) ? "void (noisy machine)" : `${gc.memsimNsPerObject.toFixed(0)} ns/object`,
      `CPython ${gc.cpythonNsPerObject.toFixed(1)} ns/object`, Number.isNaN(gc.ratio) ? "" : `${gc.ratio.toFixed(1)} x slower`, ""],
    ...python.map((p, i) => [`${i === 0 ? "memsim py, every access simulated: " : "  "}${p.script}`, `${p.memsim.toFixed(2)} s`, `python3 ${p.cpython.toFixed(2)} s`,
      `${p.ratio.toFixed(1)} x slower (--report ${p.withReportRatio.toFixed(1)} x${Number.isNaN(p.cachegrindRatio) ? "" : `; Cachegrind ${p.cachegrindRatio.toFixed(0)} x`})`, "<= 10 x"]),
    [`workload suite, wall time (${SUITE.length} workloads)`, `${suiteSeconds.toFixed(1)} s`, "", "", ""],
    [`sweep of ${sweep.points} points: parallel vs sequential wall time`, `${sweep.parallelSeconds.toFixed(1)} s on ${sweep.jobs} threads`,
      `${sweep.sequentialSeconds.toFixed(1)} s on 1`, `${sweep.ratio.toFixed(2)} x faster`, ">= 1.6 x on 2 cores"],
    [`  the machine's own scaling: ${sweep.jobs} one-thread sweeps at once vs one`, "", "", `${sweep.machineScaling.toFixed(2)} x`, ""],
  ]));
  console.log(`counts identical to the native reference: ${same}`);
  writeFileSync(`${ROOT}bench/results.json`, JSON.stringify(results, null, 2) + "\n");
}

await main();
