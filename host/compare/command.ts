// The `memsim compare` command: its options, the checks that run before any
// work, the runs (with a progress bar on a terminal) and the output.

import { existsSync, readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { loadCore } from "../core-node.js";
import { CoreError } from "../core.js";
import { ConfigError } from "../config/level.js";
import { applyMachine } from "../config/machine.js";
import { UsageError } from "../config/options.js";
import { PRESET_NAMES } from "../config/presets.js";
import { TRACE_FORMATS, type TraceFormat } from "../trace/format.js";
import { openSource } from "../trace/source.js";
import { WORKLOADS } from "../workloads/workloads.js";
import { chartBundle, writeFileAtomic, writeHtmlReport } from "../report/html.js";
import { checkWritable } from "../sweep/results.js";
import { MACHINE_KEYS, parseMachineSpec, type NamedMachine } from "./machine-spec.js";
import { compare, optionName, formatCsv, formatJson, formatMarkdown, formatTable, type CompareWorkload } from "./compare.js";
import { compareHtml } from "./html.js";
import { PYTHON_PROFILES, DEFAULT_PROFILE } from "../python/profiles.js";
import { PY_OPTION_KEYS } from "../python/options.js";

export const COMPARE_HELP =
  "Run one workload, a synthetic kernel of memsim run, a trace file (any format memsim trace reads) or a Python script, on two or more " +
  "machines, each on a fresh core, and print them side by side: cycles, time and speedup, IPC, AMAT, misses and miss rate " +
  "per level, memory reads, DRAM row-buffer hit rate, page faults, and where the cycles go. Every column after the first " +
  "machine's gives the change against it (relative; in percentage points for rates). Speedup is in emulated time: cycles " +
  "at each machine's own clock. The workloads and their parameters are those of memsim run (memsim run --help); " +
  "--html also writes a page with charts (docs/compare.md).\n\n" +
  "A workload ending in .py runs as memsim py runs it (with --python, --gc-threshold, --bytecode-cycles, --heap-limit, " +
  "--max-steps as there). A script's cycles are those memsim py reports for it: its memory accesses plus its bytecode " +
  "cycles (IPC does not apply), split by heap category (interpreter, alloc, free, refcount, gc) in the second table; its output " +
  "must be the same on every machine, and the table says whether it is (--json holds it).\n\n" +
  "A machine is [LABEL:]BASE[+KEY=VALUE]...: BASE a preset (" + PRESET_NAMES.join(", ") + ") or a JSON machine file " +
  "(as --config), or left out for the default machine; KEY a machine option of memsim run without its dashes (" +
  Object.keys(MACHINE_KEYS).join(", ") + ") with its value as after that option; LABEL what the reports call it. " +
  "Examples: --machine desktop-2020, --machine my.json, --machine default+l2=512K,8,64+dram=ddr5-4800, " +
  "--machine mem-latency=200, --machine 'big L2:desktop-2020+l2=2M,16,64'.";

export interface CompareOptions {
  machine?: string[];
  format: string;
  json?: boolean;
  csv?: boolean;
  markdown?: boolean;
  html?: string;
  out?: string;
  progress: boolean;
  python?: string;
  gcThreshold?: string;
  bytecodeCycles?: string;
  heapLimit?: string;
  maxSteps?: string;
  [param: string]: unknown;
}


/** The command's own options (the workload parameters are the caller's). */
export function addCompareOptions(c: Command): Command {
  return c
    .option("-m, --machine <spec>", "a machine to run on, at least two; the first is the baseline (the syntax is above)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .addOption(new Option("--format <format>", "trace format, for a trace file").choices(["auto", ...TRACE_FORMATS]).default("auto"))
    .option("--json", "print one JSON object: each machine's figures, changes and whole report")
    .option("--csv", "print CSV: one row per machine, a column per figure and its change")
    .option("--markdown", "print the tables as Markdown")
    .option("--html <file>", "also write a self-contained HTML page with charts: speedup, cycle breakdown (stacked bars), miss rates")
    .option("-o, --out <file>", "write the table, JSON, CSV or Markdown to this file instead of standard output (written once complete)")
    .option("--no-progress", "no progress bar, even on a terminal")
    .option("--python <version>", `for a script: the CPython profile, as memsim py (${Object.keys(PYTHON_PROFILES).join(", ")}; default ${DEFAULT_PROFILE})`)
    .option("--gc-threshold <n>", "for a script: the collector's generation-0 threshold, as memsim py")
    .option("--bytecode-cycles <n>", "for a script: the interpreter's own cycles per bytecode, as memsim py (default 0)")
    .option("--heap-limit <size>", "for a script: the emulated heap's limit, whole MiB, as memsim py (default 256M)")
    .option("--max-steps <n>", "for a script: stop it after this many bytecodes, as memsim py");
}

/** The workload argument: a kernel's name, a Python script (.py), else a trace file that exists. */
function workloadOf(arg: string, o: CompareOptions, workloadParams: readonly string[]): CompareWorkload {
  const given = workloadParams.filter((p) => o[p] !== undefined);
  const scriptOptions = PY_OPTION_KEYS.filter((k) => o[k] !== undefined);
  if (arg.endsWith(".py")) {
    if (given.length) throw new UsageError(`--${given[0]}: workload parameters apply to synthetic workloads, and ${arg} is a Python script`);
    if (o.format !== "auto") throw new UsageError(`--format: ${arg} is a Python script, not a trace file`);
    let source: string;
    try {
      source = readFileSync(arg, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`${arg}: cannot read the script: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (err as Error).message}`);
    }
    return { kind: "python", file: arg, source, options: Object.fromEntries(scriptOptions.map((k) => [k, String(o[k])])) };
  }
  if (scriptOptions.length) {
    throw new UsageError(`${optionName(scriptOptions[0])}: applies to a Python script (a workload ending in .py), and ${arg} is not one`);
  }
  if (WORKLOADS.some((w) => w.name === arg)) {
    if (o.format !== "auto") throw new UsageError(`--format: ${arg} is a synthetic workload, not a trace file`);
    return { kind: "synthetic", name: arg, params: Object.fromEntries(given.map((p) => [p, String(o[p])])) };
  }
  if (arg === "-") throw new UsageError("memsim compare replays the trace once per machine, so it needs a file, not standard input");
  if (!existsSync(arg)) {
    throw new UsageError(`'${arg}' is neither a workload (${WORKLOADS.map((w) => w.name).join(", ")}) nor a trace file that exists`);
  }
  if (given.length) throw new UsageError(`--${given[0]}: workload parameters apply to synthetic workloads, and ${arg} is a trace file`);
  openSource(arg).close(); // a directory or an unreadable file fails here, naming it
  return { kind: "trace", file: arg, format: o.format as TraceFormat | "auto" };
}

/** Parse and check every machine on a scratch core, so a bad one fails before any run. */
function machinesOf(specs: string[]): NamedMachine[] {
  if (specs.length < 2) {
    throw new UsageError(`--machine: give at least two machines to compare (e.g. --machine default --machine desktop-2020); got ${specs.length}`);
  }
  const machines = specs.map(parseMachineSpec);
  const scratch = loadCore();
  for (const m of machines) {
    if (machines.filter((x) => x.name === m.name).length > 1) throw new UsageError(`--machine: '${m.name}' is given twice`);
    try {
      applyMachine(scratch, m.machine, m.optionOf);
    } catch (err) {
      if (err instanceof ConfigError || err instanceof CoreError) throw new UsageError(`--machine '${m.spec}': ${err.message}`);
      throw err;
    }
  }
  return machines;
}

/** A progress bar on stderr (a terminal only): the share of the runs done, and the machine running. */
async function progressBar(enabled: boolean, machines: number): Promise<{ update: (done: number, machine: string) => void; stop: () => void }> {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const { SingleBar } = await import("cli-progress");
  const bar = new SingleBar({
    stream: process.stderr, hideCursor: true, clearOnComplete: true,
    format: "compare |{bar}| {percentage}% | {machine} | ETA {eta_formatted}",
  });
  bar.start(machines, 0, { machine: "" });
  return { update: (done, machine) => bar.update(done, { machine }), stop: () => bar.stop() };
}

export async function runCompare(arg: string, o: CompareOptions, workloadParams: readonly string[]): Promise<void> {
  const formats = (["json", "csv", "markdown"] as const).filter((f) => o[f]);
  if (formats.length > 1) throw new UsageError(`give one of --json, --csv and --markdown, not ${formats.map((f) => `--${f}`).join(" and ")}`);
  const machines = machinesOf(o.machine ?? []);
  const workload = workloadOf(arg, o, workloadParams);
  if (o.out !== undefined) checkWritable("--out", o.out);
  if (o.html !== undefined) {
    checkWritable("--html", o.html);
    try {
      chartBundle();
    } catch (err) {
      throw new UsageError(`--html: ${(err as Error).message}`);
    }
  }
  const bar = await progressBar(o.progress, machines.length);
  let comparison;
  try {
    comparison = await compare(workload, machines, loadCore, bar.update);
  } finally {
    bar.stop();
  }
  const text = o.json ? formatJson(comparison) : o.csv ? formatCsv(comparison) : o.markdown ? formatMarkdown(comparison) : formatTable(comparison);
  if (o.html !== undefined) writeHtmlReport(o.html, compareHtml(comparison));
  if (o.out !== undefined) writeFileAtomic(o.out, text);
  else process.stdout.write(text);
}
