// The memsim command.

import { Command, Option, CommanderError } from "commander";
import { resolve } from "node:path";
import { loadCore } from "./core-node.js";
import { CoreError, type LevelName } from "./core.js";
import { ConfigError, SPEC_HELP } from "./config/level.js";
import { applyMachine, type MachineConfig } from "./config/machine.js";
import { machineFromOptions, UsageError, wholeOption, type MachineOptions } from "./config/options.js";
import { openSource, TraceFileError, type ByteSource } from "./trace/source.js";
import { replay, TraceError } from "./trace/replay.js";
import { convertToBinary } from "./trace/convert.js";
import { TRACE_FORMATS, type TraceFormat } from "./trace/format.js";
import { DRAM_PRESET_NAMES, describeDram } from "./config/dram.js";
import { PRESETS, PRESET_NAMES } from "./config/presets.js";
import { describeLevel } from "./config/level.js";
import { table, wrap } from "./report/format.js";
import { WORKLOADS, workloadHelp, findWorkload, runWorkload } from "./workloads/workloads.js";
import { mountain, hostMountain, parseRange, type HostPoint } from "./mountain/mountain.js";
import { formatSize } from "./config/size.js";
import { STORAGE_PRESET_NAMES } from "./config/storage.js";
import { DEFAULT_FAULT_NS } from "./config/vm.js";
import { buildReport, formatReport } from "./report/trace-report.js";
import { addGridOptions, runSweep, SweepInterrupted, SWEEP_HELP, type SweepOptions } from "./sweep/command.js";
import { addCompareOptions, runCompare, COMPARE_HELP, type CompareOptions } from "./compare/command.js";
import { runPython } from "./python/runner.js";
import { buildLineReport, formatLineReport } from "./python/report.js";
import { scriptStatus, type ScriptStatus } from "./python/status.js";
import { formatGcCollection, gcSummary, type GcCollection, type GcHint } from "./python/gclog.js";
import { PYTHON_PROFILES, DEFAULT_PROFILE } from "./python/profiles.js";
import { pyRunOptions, pyRunSettings } from "./python/options.js";
import { readFileSync } from "node:fs";

const MACHINE_HELP = `Level specs: ${SPEC_HELP}. Sizes accept 32768, 32K, 32KiB, 2M.\n` +
  "Defaults: L1i and L1d 32K,8,64,lat=4; L2 256K,8,64,lat=12; no L3; memory 100 cycles. " +
  "--preset or --config sets a whole machine; the level, memory and DRAM options then change parts of it. " +
  "RAM is unlimited unless --ram is given; then pages fault to the storage device (default ssd-nvme).";

/**
 * The options that describe the machine, shared by every command that simulates.
 * `levels: false` leaves out the level, --cachegrind and DRAM options (memsim sweep's grid has its own).
 */
function addMachineOptions(c: Command, { levels = true } = {}): Command {
  c.option("--preset <name>", `start from a named machine: ${PRESET_NAMES.join(", ")} (memsim presets)`)
    .option("--config <file>", "start from a machine file (JSON; docs/machines.md)");
  if (levels) {
    c.option("--cachegrind", "Cachegrind's exact semantics (I1, D1, LL; LRU; no timing); default LL 8M,16,64")
      .option("--I1 <spec>", "L1 instruction cache, Cachegrind style: size,assoc,line")
      .option("--D1 <spec>", "L1 data cache, Cachegrind style: size,assoc,line")
      .option("--LL <spec>", "last-level cache (the L2), Cachegrind style: size,assoc,line")
      .option("--l1i <spec>", "L1 instruction cache (or 'none')")
      .option("--l1d <spec>", "L1 data cache (or 'none')")
      .option("--l2 <spec>", "L2 cache (or 'none')")
      .option("--l3 <spec>", "L3 cache (default: none)");
  }
  c.option("--mem-latency <cycles>", "fixed memory read latency in cycles (default 100)");
  if (levels) {
    c.option("--dram <preset>", `a DRAM timing model below the caches instead of the fixed latency: ${DRAM_PRESET_NAMES.join(", ")} (docs/dram.md)`)
      .option("--dram-page <policy>", "DRAM page policy: open (default) or closed");
  }
  return c
    .option("--core-mhz <mhz>", "core clock, to turn DRAM nanoseconds into cycles (default 3000)")
    .option("--cpi <cycles>", "the in-order core's cycles per instruction when nothing stalls (default 1; docs/timing.md)")
    .option("--ram <size>", "RAM capacity: turns on virtual memory, with page faults to the storage device (default: unlimited RAM; docs/storage.md)")
    .option("--storage <device>", `the device that holds swap and files: ${STORAGE_PRESET_NAMES.join(", ")} (default ssd-nvme)`)
    .option("--ssd-fill <fraction>", "share of the SSD already written before the run, 0 to 1 (default 0.5): a fuller drive collects garbage sooner")
    .option("--page-size <size>", "virtual-memory page size, a power of two from 4K to 1G (default 4K)")
    .option("--swap <size>", "swap area on the storage device (default: as large as RAM)")
    .option("--page-policy <policy>", "page replacement: lru (default) or clock")
    .option("--fault-ns <ns>", `the kernel's time per page fault besides I/O (default ${DEFAULT_FAULT_NS})`)
    .option("--classify", "classify misses as compulsory, capacity or conflict (3C, as DineroIV)");
}

/** Every parameter name any workload takes. */
const WORKLOAD_PARAMS = [...new Set(WORKLOADS.flatMap((w) => w.params.map((p) => p.name)))];

type RunOptions = Omit<TraceOptions, "format" | "progress"> & Record<string, string | boolean | undefined>;

async function runSynthetic(workload: string, o: RunOptions): Promise<void> {
  findWorkload(workload);
  const { machine, optionOf } = machineFromOptions(o);
  const core = loadCore();
  applyMachine(core, machine, optionOf);
  const params: Record<string, string | undefined> = {};
  for (const name of WORKLOAD_PARAMS) params[name] = o[name] as string | undefined;
  runWorkload(core, workload, params);
  const report = buildReport(core, machine, `workload ${workload}`, "synthetic");
  process.stdout.write(o.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report));
}

type PyOptions = Omit<TraceOptions, "format"> & {
  report?: boolean; json?: boolean; maxSteps?: string; heapLimit?: string; bytecodeCycles?: string; top?: string;
  gcLog?: boolean; gcThreshold?: string; python?: string;
};

/**
 * The width --report's table is fitted to: the terminal's when stderr is one, else COLUMNS when
 * set (undefined: one table however wide, as a file or a pipe gets it).
 */
function reportWidth(): number | undefined {
  if (process.stderr.isTTY) return process.stderr.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/** memsim py: the script's stdout unchanged; errors, and with --report or --json the costs, on stderr. */
async function runPy(file: string, o: PyOptions): Promise<number> {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
  const top = wholeOption("--top", o.top, 0) ?? 20;
  const settings = pyRunSettings(o);
  const { bytecodeCycles, gcThresholds } = settings;
  const { machine, optionOf } = machineFromOptions(o);
  if (o.cachegrind) throw new UsageError("--cachegrind: memsim py needs a generic machine (the Python heap is timed)");
  const perLine = Boolean(o.report || o.json || o.gcLog);
  /** On a terminal, a status line while a long run goes on (host/python/status.ts); cleared before anything else is written. */
  const statusOf = (label: string) => (o.progress && process.stderr.isTTY ? scriptStatus(process.stderr, label) : undefined);
  const run = (thresholds: [number, number, number], status: ScriptStatus | undefined, write: (t: string) => void,
    onCollection?: (c: GcCollection) => void, writeErr?: (t: string) => void) => {
    const core = loadCore();
    applyMachine(core, machine, optionOf);
    let collected = 0;
    const outcome = runPython(core, source, file, {
      ...pyRunOptions(settings, machine.coreMHz), gcThresholds: thresholds, write, writeErr,
      codeFilename: resolve(file), // in tracebacks the script's absolute path, as CPython 3.9+ names the main script
      lineAccounting: perLine, // the per-line table and the collections' lines only when something shows them
      onCollection: (c) => {
        collected++;
        onCollection?.(c);
      },
      onCall: () => {
        status?.update(core.exports.pyBytecodes(), collected);
        return undefined;
      },
    });
    status?.clear();
    return { core, outcome };
  };
  const collections: GcCollection[] = [];
  const status = statusOf(`memsim py: ${file}`);
  const { core, outcome } = run(gcThresholds, status, (t) => {
    status?.clear();
    process.stdout.write(t);
    status?.wrote(t);
  }, (c) => {
    collections.push(c);
    status?.clear();
    if (o.gcLog) process.stderr.write(formatGcCollection(c));
  }, (t) => {
    status?.clear();
    process.stderr.write(t);
    status?.wrote(t);
  });
  process.stderr.write(outcome.stderr);
  if (outcome.exitCode !== 2 && (o.report || o.json)) {
    // The per-line table (host/python/report.ts), then with --report the whole run's levels and heap categories.
    const lines = buildLineReport(core, machine, source, file, bytecodeCycles ?? 0);
    // What another threshold would change: the same run with generation 0's threshold ten times higher.
    let hint: GcHint | undefined;
    if (collections.some((c) => c.automatic) && outcome.exitCode === 0) {
      const other: [number, number, number] = [gcThresholds[0] * 10, gcThresholds[1], gcThresholds[2]];
      const again = run(other, statusOf(`memsim py: the same run at gc threshold ${other[0]}, for the report`), () => {});
      const alt = buildLineReport(again.core, machine, source, file, bytecodeCycles ?? 0);
      hint = { threshold0: other[0], gcShare: alt.totals.cycles ? alt.totals.categories.gc / alt.totals.cycles : 0, totalCycles: alt.totals.cycles };
    }
    const gc = gcSummary(lines, collections, gcThresholds[0], hint);
    if (o.json) {
      const whole = { ...buildReport(core, machine, `script ${file}`, "python"), bytecodes: outcome.bytecodes };
      process.stderr.write(JSON.stringify({ ...lines, gc, collections, run: whole }, null, 2) + "\n");
    } else {
      const width = reportWidth();
      process.stderr.write(`\n${formatLineReport(lines, top, width)}${wrap(gc.sentence, width)}\n`);
    }
  }
  return outcome.exitCode;
}

type MountainOptions = Omit<TraceOptions, "format" | "progress"> & { sizes: string; strides: string; host?: boolean; json?: boolean };

async function runMountain(o: MountainOptions): Promise<void> {
  const { machine } = machineFromOptions(o);
  const sizes = parseRange("--sizes", o.sizes);
  const strides = parseRange("--strides", o.strides);
  const core = loadCore();
  let bar: { update: (n: number) => void; stop: () => void } = { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const { SingleBar } = await import("cli-progress");
    const b = new SingleBar({ stream: process.stderr, format: "mountain |{bar}| {value}/{total} points | ETA {eta_formatted}", clearOnComplete: true });
    b.start(sizes.length * strides.length, 0);
    bar = { update: (n) => b.update(n), stop: () => b.stop() };
  }
  let points;
  let host: HostPoint[] | undefined;
  try {
    points = mountain(core, machine, sizes, strides, (done) => bar.update(done));
    if (o.host) host = hostMountain(loadCore(), machine, sizes);
  } finally {
    bar.stop();
  }
  if (o.json) {
    process.stdout.write(JSON.stringify({ coreMHz: machine.coreMHz ?? 3000, points, ...(host ? { host } : {}) }, null, 2) + "\n");
    return;
  }
  const at = (size: number, stride: number) => points.find((p) => p.size === size && p.stride === stride)!;
  process.stdout.write("cycles per 8-byte load (steady state); rows: working-set size, columns: stride in bytes\n\n" +
    table(["size", ...strides.map(String)], sizes.map((size) => [formatSize(size), ...strides.map((s) => at(size, s).cyclesPerLoad.toFixed(1))])) +
    `\n\nread throughput at ${machine.coreMHz ?? 3000} MHz, MB/s\n\n` +
    table(["size", ...strides.map(String)], sizes.map((size) => [formatSize(size), ...strides.map((s) => at(size, s).mbPerSecond.toFixed(0))])) + "\n");
  if (host) {
    process.stdout.write(`\npointer chase through 64-byte lines: this machine (measured, varies) beside the emulated one at ${machine.coreMHz ?? 3000} MHz\n\n` +
      table(["size", "host ns/load", "emulated ns/load", "emulated cycles"], host.map((h) => [
        formatSize(h.size), h.hostNs.toFixed(2), h.emulatedNs.toFixed(2), h.emulatedCycles.toFixed(1)])) + "\n");
  }
}

const VERSION = "0.1.0";

interface TraceOptions extends MachineOptions {
  format: string;
  json?: boolean;
  progress: boolean;
}

function checkFormat(format: string): TraceFormat | "auto" {
  if (format === "auto" || (TRACE_FORMATS as readonly string[]).includes(format)) return format as TraceFormat | "auto";
  throw new UsageError(`--format: unknown format '${format}'; expected auto, ${TRACE_FORMATS.join(", ")}`);
}

/** A progress bar on stderr for long replays, only when stderr is a terminal. */
async function progressFor(source: ByteSource, enabled: boolean): Promise<{ update: (n: number) => void; stop: () => void }> {
  const total = source.totalBytes;
  if (!enabled || !process.stderr.isTTY || total === null || total < 16 << 20) return { update: () => {}, stop: () => {} };
  const { SingleBar } = await import("cli-progress"); // loaded only when a bar is shown
  const mb = (n: number) => (n / 1e6).toFixed(0);
  const bar = new SingleBar({
    stream: process.stderr,
    format: "replaying |{bar}| {percentage}% | {done}/{all} MB | ETA {eta_formatted}",
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0, { done: "0", all: mb(total) });
  return { update: (n) => bar.update(n, { done: mb(n) }), stop: () => bar.stop() };
}

async function runTrace(file: string, o: TraceOptions): Promise<void> {
  const format = checkFormat(o.format);
  const { machine, optionOf } = machineFromOptions(o);
  const core = loadCore();
  applyMachine(core, machine, optionOf);
  const source = openSource(file);
  const bar = await progressFor(source, o.progress);
  try {
    const result = await replay(core, source, format, bar.update);
    bar.stop();
    const report = buildReport(core, machine, file === "-" ? "<stdin>" : file, result.format);
    process.stdout.write(o.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report));
  } finally {
    bar.stop();
    source.close();
  }
}

function listPresets(json: boolean): void {
  const rows = PRESET_NAMES.map((name) => {
    let machine;
    try {
      machine = PRESETS[name].machine();
    } catch (err) {
      return { name, description: PRESETS[name].description, unavailable: (err as Error).message };
    }
    return { name, description: PRESETS[name].description, machine };
  });
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
    return;
  }
  const cell = (m: MachineConfig | undefined, l: LevelName) => (m?.levels[l] ? describeLevel(m.levels[l]!) : "-");
  process.stdout.write(table(["preset", "L1i", "L1d", "L2", "L3", "memory", "storage", "MHz"], rows.map((r) => {
    const m = "machine" in r ? r.machine : undefined;
    const memory = !m ? "(not available here)" : m.mode === "cachegrind" ? "no timing" : m.dram ? describeDram(m.dram).split(",")[0] : `fixed ${m.memory.readLatency} cycles`;
    const storage = m?.mode === "generic" && m.storage ? m.storage.name : "-";
    return [r.name, cell(m, "l1i"), cell(m, "l1d"), cell(m, "l2"), cell(m, "l3"), memory, storage, m?.coreMHz ? String(m.coreMHz) : "-"];
  })) + "\n\n" + rows.map((r) => `${r.name}: ${r.description}`).join("\n") +
    "\n\nRAM is unlimited in every preset: --ram SIZE turns on virtual memory, paging to the storage device (docs/storage.md).\n");
}

async function runConvert(input: string, output: string, o: { format: string }): Promise<void> {
  const format = checkFormat(o.format);
  const core = loadCore();
  const source = openSource(input);
  try {
    const records = await convertToBinary(core, source, format, output);
    process.stderr.write(`memsim: wrote ${records.toLocaleString("en-US")} records to ${output}\n`);
  } finally {
    source.close();
  }
}

export function program(): Command {
  const cmd = new Command("memsim")
    .description("A cycle-accurate memory-hierarchy emulator: replay address traces, or run synthetic workloads, through L1/L2/L3 caches, " +
      "memory (a fixed latency or a DRAM model) and, with --ram, virtual memory paging to an SSD or HDD.")
    .version(VERSION)
    .showHelpAfterError("(run memsim --help for usage)")
    .exitOverride();

  addMachineOptions(cmd.command("trace")
    .summary("replay an address trace through the cache hierarchy")
    .description("Replay a trace (Valgrind Lackey, Dinero din, Dinero IV extended or memsim binary; gzip is read as is) " +
      "through split L1i/L1d caches, an L2 and an optional L3, and report accesses, misses and cycles per level. " +
      "With --cachegrind it reproduces Valgrind Cachegrind's nine events exactly.\n\n" + MACHINE_HELP)
    .argument("<file>", "trace file, or - for standard input")
    .addOption(new Option("--format <format>", "trace format").choices(["auto", ...TRACE_FORMATS]).default("auto")))
    .option("--json", "print one JSON object instead of tables")
    .option("--no-progress", "no progress bar, even on a terminal")
    .action((file: string, o: TraceOptions) => runTrace(file, o));

  const run = addMachineOptions(cmd.command("run")
    .summary("run a synthetic workload generated in the core")
    .description("Run a synthetic kernel (no trace file) through the machine and report as memsim trace does " +
      "(docs/workloads.md).\n\nWorkloads:\n  " + workloadHelp().join("\n  ") + "\n\n" + MACHINE_HELP)
    .argument("<workload>", `one of ${WORKLOADS.map((w) => w.name).join(", ")}`));
  for (const name of WORKLOAD_PARAMS) run.option(`--${name} <value>`, `workload parameter (see the list above)`);
  run.option("--json", "print one JSON object instead of tables")
    .action((workload: string, o: RunOptions) => runSynthetic(workload, o));

  addMachineOptions(cmd.command("py")
    .summary("run a Python script on the emulated CPython 3.11 heap")
    .description("Compile a Python script (the subset in docs/python.md) and run it in the core on an emulated CPython 3.11 heap, " +
      "every allocation, reference count and object access simulated through the machine. The script's output goes to stdout " +
      "unchanged; tracebacks and syntax errors go to stderr in CPython's format (exit 1); valid Python outside the subset is " +
      "refused before anything runs, or an attribute of a built-in type memsim lacks when the script reaches it (memsim: line N: " +
      "... is not supported yet, exit 2); --max-steps stops a runaway script (exit 3).\n\n" + MACHINE_HELP)
    .argument("<script>", "a Python file"))
    .option("--report", "after the run, print to stderr a table per source line, the costliest first: times run, bytecodes, allocations and frees, " +
      "increfs and decrefs, cycles by category (interpreter, alloc, free, refcount, gc) and by level, misses; then the share of memory management " +
      "(split into tables of the same rows that fit the terminal's width, or COLUMNS when set; one wide table into a file or a pipe)")
    .option("--json", "the same per-line data (every line) and the whole run's report as one JSON object on stderr")
    .option("--top <n>", "--report shows the n costliest lines (default 20; 0: all)")
    .option("--max-steps <n>", "stop after this many bytecodes")
    .option("--heap-limit <size>", "the emulated heap's limit, whole MiB (default 256M): MemoryError beyond")
    .option("--bytecode-cycles <n>", "the interpreter's own cycles per bytecode, added to the core clock (default 0)")
    .option("--gc-log", "print to stderr a line per collection of the cyclic GC: generation, objects examined, collected, " +
      "uncollectable, cycles, misses, and the source line that started it")
    .option("--gc-threshold <n>", "the collector's generation-0 threshold before the script runs (default: the profile's, 700 for 3.11)")
    .option("--python <version>", `the CPython profile: ${Object.keys(PYTHON_PROFILES).map((k) => `${k} (${PYTHON_PROFILES[k].note})`).join("; ")}; default ${DEFAULT_PROFILE}`)
    .option("--no-progress", "no status line (bytecodes run, collections, seconds) on a terminal while a run takes over a second")
    .action(async (file: string, o: PyOptions) => { pyExit = await runPy(file, o); });

  addMachineOptions(cmd.command("mountain")
    .summary("the memory mountain: cycles per load over working-set size and stride")
    .description("Measure, on the emulated machine, the steady-state cycles per 8-byte load for each working-set size and stride, " +
      "and the read throughput at the core clock. The plateaus sit at the configured L1, L2, L3 and memory latencies.\n\n" + MACHINE_HELP))
    .option("--sizes <range>", "working-set sizes: MIN..MAX (powers of two) or a list", "4K..16M")
    .option("--strides <range>", "strides in bytes: MIN..MAX (powers of two) or a list", "8..512")
    .option("--host", "also measure this machine: a timed pointer chase in Wasm memory, ns per load, beside the emulated chase (use with --preset host)")
    .option("--json", "print JSON")
    .action((o: MountainOptions) => runMountain(o));

  const sweep = addGridOptions(cmd.command("sweep")
    .summary("run workloads over a grid of cache configurations, in parallel")
    .description(SWEEP_HELP)
    .argument("[workload...]", `one or more of ${WORKLOADS.map((w) => w.name).join(", ")}, or trace files`));
  for (const name of WORKLOAD_PARAMS) sweep.option(`--${name} <value>`, "workload parameter, as in memsim run (to every workload that takes it)");
  addMachineOptions(sweep, { levels: false })
    .action((workloads: string[], o: SweepOptions) => runSweep(workloads, o, (source) => machineFromOptions({
      ...o, ...source, l1i: undefined, l1d: undefined, l2: undefined, l3: undefined, dram: undefined,
    }).machine, WORKLOAD_PARAMS));

  const compare = cmd.command("compare")
    .summary("run one workload, trace or Python script on several machines, side by side")
    .description(COMPARE_HELP)
    .argument("<workload>", `a synthetic workload (${WORKLOADS.map((w) => w.name).join(", ")}), a trace file or a Python script (.py)`);
  for (const name of WORKLOAD_PARAMS) compare.option(`--${name} <value>`, "workload parameter, as in memsim run");
  addCompareOptions(compare)
    .action((workload: string, o: CompareOptions) => runCompare(workload, o, WORKLOAD_PARAMS));

  cmd.command("presets")
    .summary("list the named machines")
    .description("List the machines --preset names, with their caches, memory and clock.")
    .option("--json", "print JSON")
    .action((o: { json?: boolean }) => listPresets(!!o.json));

  cmd.command("convert")
    .summary("convert a text trace to memsim's compact binary format")
    .description("Convert a Lackey, din or Dinero IV trace into memsim's binary format (8 bytes per reference; docs/trace-formats.md). " +
      "The output appears only when the whole trace converted.")
    .argument("<input>", "text trace, or - for standard input")
    .argument("<output>", "binary trace to write")
    .addOption(new Option("--format <format>", "input format").choices(["auto", "lackey", "din", "dinero"]).default("auto"))
    .action((input: string, output: string, o: { format: string }) => runConvert(input, output, o));

  return cmd;
}

/** memsim py's exit code: the script's (set by its action). */
let pyExit = 0;

/** Run the CLI; returns the exit code. User mistakes print one line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  pyExit = 0;
  try {
    await program().parseAsync(argv, { from: "user" });
    return pyExit;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof SweepInterrupted) {
      process.stderr.write(`memsim: ${err.message}\n`);
      return 130;
    }
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof TraceError ||
        err instanceof TraceFileError || err instanceof CoreError) {
      process.stderr.write(`memsim: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`memsim: internal error: ${(err as Error).message}\n`);
    if (process.env.MEMSIM_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return 70;
  }
}
