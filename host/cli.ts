// The memsim command.

import { Command, Option, CommanderError } from "commander";
import { loadCore } from "./core-node.js";
import { CoreError, type LevelName } from "./core.js";
import { ConfigError, parseLevelSpec, SPEC_HELP } from "./config/level.js";
import { defaultMachine, cachegrindMachine, applyMachine, type MachineConfig } from "./config/machine.js";
import { openSource, TraceFileError, type ByteSource } from "./trace/source.js";
import { replay, TraceError } from "./trace/replay.js";
import { convertToBinary } from "./trace/convert.js";
import { TRACE_FORMATS, type TraceFormat } from "./trace/format.js";
import { dramPreset, DRAM_PRESET_NAMES, PAGE_POLICIES, describeDram, type PagePolicy } from "./config/dram.js";
import { preset, PRESETS, PRESET_NAMES } from "./config/presets.js";
import { loadMachineFile } from "./config/file.js";
import { describeLevel } from "./config/level.js";
import { table } from "./report/format.js";
import { WORKLOADS, workloadHelp, findWorkload, runWorkload } from "./workloads/workloads.js";
import { mountain, hostMountain, parseRange, type HostPoint } from "./mountain/mountain.js";
import { formatSize, parseSize } from "./config/size.js";
import { storagePreset, STORAGE_PRESET_NAMES } from "./config/storage.js";
import { defaultVm, DEFAULT_FAULT_NS, PAGE_REPLACEMENTS, type PageReplacement } from "./config/vm.js";
import { buildReport, formatReport } from "./report/trace-report.js";

const MACHINE_HELP = `Level specs: ${SPEC_HELP}. Sizes accept 32768, 32K, 32KiB, 2M.\n` +
  "Defaults: L1i and L1d 32K,8,64,lat=4; L2 256K,8,64,lat=12; no L3; memory 100 cycles. " +
  "--preset or --config sets a whole machine; the level, memory and DRAM options then change parts of it. " +
  "RAM is unlimited unless --ram is given; then pages fault to the storage device (default ssd-nvme).";

/** The options that describe the machine, shared by every command that simulates. */
function addMachineOptions(c: Command): Command {
  return c
    .option("--preset <name>", `start from a named machine: ${PRESET_NAMES.join(", ")} (memsim presets)`)
    .option("--config <file>", "start from a machine file (JSON; docs/machines.md)")
    .option("--cachegrind", "Cachegrind's exact semantics (I1, D1, LL; LRU; no timing); default LL 8M,16,64")
    .option("--I1 <spec>", "L1 instruction cache, Cachegrind style: size,assoc,line")
    .option("--D1 <spec>", "L1 data cache, Cachegrind style: size,assoc,line")
    .option("--LL <spec>", "last-level cache (the L2), Cachegrind style: size,assoc,line")
    .option("--l1i <spec>", "L1 instruction cache (or 'none')")
    .option("--l1d <spec>", "L1 data cache (or 'none')")
    .option("--l2 <spec>", "L2 cache (or 'none')")
    .option("--l3 <spec>", "L3 cache (default: none)")
    .option("--mem-latency <cycles>", "fixed memory read latency in cycles (default 100)")
    .option("--dram <preset>", `a DRAM timing model below the caches instead of the fixed latency: ${DRAM_PRESET_NAMES.join(", ")} (docs/dram.md)`)
    .option("--dram-page <policy>", "DRAM page policy: open (default) or closed")
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
  const { machine, optionOf } = machineFromOptions({ ...o, format: "auto", progress: false });
  const core = loadCore();
  applyMachine(core, machine, optionOf);
  const params: Record<string, string | undefined> = {};
  for (const name of WORKLOAD_PARAMS) params[name] = o[name] as string | undefined;
  runWorkload(core, workload, params);
  const report = buildReport(core, machine, `workload ${workload}`, "synthetic");
  process.stdout.write(o.json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report));
}

type MountainOptions = Omit<TraceOptions, "format" | "progress"> & { sizes: string; strides: string; host?: boolean; json?: boolean };

async function runMountain(o: MountainOptions): Promise<void> {
  const { machine } = machineFromOptions({ ...o, format: "auto", progress: false });
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

/** A user mistake: printed as one sentence, exit code 2. */
class UsageError extends Error {}

const VERSION = "0.1.0";

interface TraceOptions {
  format: string;
  preset?: string;
  config?: string;
  cachegrind?: boolean;
  I1?: string; D1?: string; LL?: string;
  l1i?: string; l1d?: string; l2?: string; l3?: string;
  memLatency?: string;
  dram?: string;
  dramPage?: string;
  coreMhz?: string;
  cpi?: string;
  ram?: string;
  storage?: string;
  ssdFill?: string;
  pageSize?: string;
  swap?: string;
  pagePolicy?: string;
  faultNs?: string;
  classify?: boolean;
  json?: boolean;
  progress: boolean;
}

/** Cachegrind-style and memsim-style names for the same levels. */
const LEVEL_OPTIONS: [LevelName, keyof TraceOptions, keyof TraceOptions][] = [
  ["l1i", "I1", "l1i"],
  ["l1d", "D1", "l1d"],
  ["l2", "LL", "l2"],
  ["l3", "l3", "l3"],
];

/** Build the machine from the options; remembers which option set each level, for messages. */
export function machineFromOptions(o: TraceOptions): { machine: MachineConfig; optionOf: (l: LevelName) => string } {
  if (o.preset !== undefined && o.config !== undefined) throw new UsageError("give --preset or --config, not both (a machine file can name its preset)");
  const machine = o.config !== undefined ? loadMachineFile(o.config) : o.preset !== undefined ? preset(o.preset) : o.cachegrind ? cachegrindMachine() : defaultMachine();
  if (o.cachegrind && machine.mode !== "cachegrind") {
    if (o.preset !== undefined || o.config !== undefined) throw new UsageError("--cachegrind has its own machine; it does not combine with --preset or --config");
  }
  const optionName = new Map<LevelName, string>();
  for (const [level, cgName, name] of LEVEL_OPTIONS) {
    const cg = cgName !== name ? (o[cgName] as string | undefined) : undefined;
    const own = o[name] as string | undefined;
    if (cg !== undefined && own !== undefined) throw new UsageError(`give --${cgName} or --${name}, not both`);
    const text = cg ?? own;
    if (text === undefined) continue;
    const option = cg !== undefined ? `--${cgName}` : `--${name}`;
    optionName.set(level, option);
    const spec = parseLevelSpec(option, text, { latency: machine.levels[level]?.latency ?? (level === "l3" ? 40 : 4) });
    if (spec) machine.levels[level] = spec;
    else delete machine.levels[level];
  }
  if (o.memLatency !== undefined) {
    const n = Number(o.memLatency);
    if (!/^\d+$/.test(o.memLatency)) throw new UsageError(`--mem-latency: '${o.memLatency}' must be a whole number of cycles`);
    machine.memory.readLatency = n;
  }
  if (o.dramPage !== undefined && !(PAGE_POLICIES as readonly string[]).includes(o.dramPage)) {
    throw new UsageError(`--dram-page: '${o.dramPage}' must be ${PAGE_POLICIES.join(" or ")}`);
  }
  if (o.dram !== undefined) {
    if (o.memLatency !== undefined && o.dram !== "fixed") throw new UsageError("give --mem-latency (fixed memory) or --dram, not both");
    machine.dram = dramPreset(o.dram, o.dramPage ? { pagePolicy: o.dramPage as PagePolicy } : {});
  } else if (o.dramPage !== undefined) {
    throw new UsageError("--dram-page needs --dram PRESET");
  }
  if (o.coreMhz !== undefined) {
    if (!/^\d+$/.test(o.coreMhz) || Number(o.coreMhz) < 1 || Number(o.coreMhz) > 1_000_000) {
      throw new UsageError(`--core-mhz: '${o.coreMhz}' must be a whole number of MHz from 1 to 1000000`);
    }
    machine.coreMHz = Number(o.coreMhz);
  }
  if (o.cpi !== undefined) {
    const cpi = Number(o.cpi);
    if (!/^\d+(\.\d+)?$/.test(o.cpi) || !(cpi > 0) || cpi > 1000) throw new UsageError(`--cpi: '${o.cpi}' must be a number of cycles per instruction above 0`);
    machine.cpi = cpi;
  }
  applyMemoryOptions(machine, o);
  machine.classify = !!o.classify;
  return { machine, optionOf: (l) => optionName.get(l) ?? `--${l}` };
}

/** --storage, --ssd-fill, --ram and the page options. */
function applyMemoryOptions(machine: MachineConfig, o: TraceOptions): void {
  const size = (option: string, text: string) => {
    const n = parseSize(text);
    if (n === null) throw new UsageError(`${option}: '${text}' is not a size (e.g. 512M, 4G)`);
    return n;
  };
  if (o.storage !== undefined) machine.storage = storagePreset(o.storage);
  if (o.ssdFill !== undefined) {
    const fill = Number(o.ssdFill);
    if (!/^\d*\.?\d+$/.test(o.ssdFill) || !(fill >= 0 && fill <= 1)) throw new UsageError(`--ssd-fill: '${o.ssdFill}' must be a fraction from 0 to 1`);
    if (machine.storage?.kind !== "ssd") throw new UsageError(`--ssd-fill: the storage device is not an SSD`);
    machine.storage = { ...machine.storage, fill };
  }
  const pageOptions = { pageSize: "--page-size", swap: "--swap", pagePolicy: "--page-policy", faultNs: "--fault-ns" } as const;
  if (o.ram !== undefined) machine.vm = { ...(machine.vm ?? defaultVm(0)), ramBytes: size("--ram", o.ram) };
  for (const [key, option] of Object.entries(pageOptions)) {
    if (o[key as keyof typeof pageOptions] !== undefined && !machine.vm) throw new UsageError(`${option} needs --ram SIZE (virtual memory is off without it)`);
  }
  if (!machine.vm) return;
  if (o.pageSize !== undefined) machine.vm.pageBytes = size("--page-size", o.pageSize);
  if (o.swap !== undefined) machine.vm.swapBytes = size("--swap", o.swap);
  if (o.pagePolicy !== undefined) {
    if (!(PAGE_REPLACEMENTS as readonly string[]).includes(o.pagePolicy)) throw new UsageError(`--page-policy: '${o.pagePolicy}' must be ${PAGE_REPLACEMENTS.join(" or ")}`);
    machine.vm.replacement = o.pagePolicy as PageReplacement;
  }
  if (o.faultNs !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(o.faultNs)) throw new UsageError(`--fault-ns: '${o.faultNs}' must be a number of nanoseconds`);
    machine.vm.faultNs = Number(o.faultNs);
  }
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

  addMachineOptions(cmd.command("mountain")
    .summary("the memory mountain: cycles per load over working-set size and stride")
    .description("Measure, on the emulated machine, the steady-state cycles per 8-byte load for each working-set size and stride, " +
      "and the read throughput at the core clock. The plateaus sit at the configured L1, L2, L3 and memory latencies.\n\n" + MACHINE_HELP))
    .option("--sizes <range>", "working-set sizes: MIN..MAX (powers of two) or a list", "4K..16M")
    .option("--strides <range>", "strides in bytes: MIN..MAX (powers of two) or a list", "8..512")
    .option("--host", "also measure this machine: a timed pointer chase in Wasm memory, ns per load, beside the emulated chase (use with --preset host)")
    .option("--json", "print JSON")
    .action((o: MountainOptions) => runMountain(o));

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

/** Run the CLI; returns the exit code. User mistakes print one line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
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
