// The workload suite: a fixed, named set of workloads that together exercise
// the whole hierarchy (docs/suite.md). The synthetic kernels of `memsim run`,
// sized so the whole suite is a few seconds, and small Lackey traces of C
// programs bundled in examples/suite/ (recorded by scripts/record-suite-traces.sh).
// `npm run bench:workloads` and `npm run bench:compare` run it.
//
// Extension point: an entry is a tagged union on `kind`. A new kind of
// workload (the Python examples, once `memsim py` exists) adds a variant to
// `SuiteEntry`, its entries to `SUITE`, and one case to `compareWorkload`
// (with memsim compare learning to run it); the runners, tables and JSON take
// any kind unchanged.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { MachineConfig } from "../config/machine.js";
import { ConfigError } from "../config/level.js";
import { parseSize } from "../config/size.js";
import { defaultVm } from "../config/vm.js";
import type { TraceReport } from "../report/trace-report.js";
import { loadCore } from "../core-node.js";
import { compare, type CompareWorkload } from "../compare/compare.js";
import type { NamedMachine } from "../compare/machine-spec.js";

type Params = Record<string, string | number>;

interface EntryBase {
  /** The suite's name for the workload (unique in the suite). */
  name: string;
  /** One line: what it does and what memory behaviour it shows. */
  description: string;
}

/** A kernel of `memsim run` (host/workloads/workloads.ts) with fixed parameters. */
export interface SyntheticEntry extends EntryBase {
  kind: "synthetic";
  workload: string;
  params: Params;
  /** The same kernel scaled down, for tests (`small: true`). */
  small: Params;
  /** RAM the workload needs (file-read reads through the page cache): added to a machine without virtual memory. */
  ram?: string;
}

/** A bundled trace of a real program, replayed whole. */
export interface TraceEntry extends EntryBase {
  kind: "trace";
  /** File name in examples/suite/. */
  file: string;
}

export type SuiteEntry = SyntheticEntry | TraceEntry;

const synthetic = (name: string, params: Params, small: Params, description: string, ram?: string): SyntheticEntry =>
  ({ kind: "synthetic", name, workload: name, params, small, description, ...(ram ? { ram } : {}) });
const trace = (name: string, description: string): TraceEntry => ({ kind: "trace", name, file: `${name}.lackey.gz`, description });

/**
 * The suite, in the order the tables list it. Working sets are chosen to land
 * on different levels of the preset machines: L1 (32K), L2 (256K to 2M), L3
 * (16M, 64M), memory. Each entry is at most about 4 million records.
 */
export const SUITE: readonly SuiteEntry[] = [
  synthetic("sequential", { size: "4M", iterations: 2 }, { size: "64K" },
    "two passes of 8-byte loads over 4 MiB: one miss per line, streaming"),
  synthetic("strided", { size: "8M", iterations: 4 }, { size: "64K" },
    "four passes over 8 MiB, one load per 64-byte line: every load misses L1"),
  synthetic("random", { size: "4M", accesses: 1 << 20 }, { size: "64K", accesses: 4096 },
    "uniformly random 8-byte loads over 4 MiB"),
  synthetic("zipf", { size: "16M", accesses: 1 << 20 }, { size: "256K", accesses: 4096 },
    "Zipf(0.99) line popularity over 16 MiB: a small hot set, a long cold tail"),
  synthetic("pointer-chase", { size: "1M", iterations: 8 }, { size: "64K" },
    "eight laps of a random cycle through 1 MiB of lines: dependent loads, no locality"),
  synthetic("matmul", { n: 96 }, { n: 16 }, "naive 96 x 96 double matrix multiply (i-j-k): B walked by columns"),
  synthetic("matmul-blocked", { n: 96, block: 16 }, { n: 16, block: 8 }, "the same product in 16 x 16 tiles: B reused from L1"),
  synthetic("stencil", { n: 512, iterations: 2 }, { n: 32 }, "two 5-point Jacobi sweeps over 512 x 512 doubles (2 x 2 MiB)"),
  synthetic("file-read", { size: "4M", passes: 2 }, { size: "64K" },
    "read() a 4 MiB file twice through the page cache (16 MiB RAM): faults, then hits", "16M"),
  synthetic("heap-churn", { pairs: 150_000 }, { live: 1000, pairs: 5000 },
    "the emulated CPython heap: 10000 live blocks, 150000 free + malloc pairs (the allocator's own loads and stores, no fetches)"),
  synthetic("py-objects", { ops: 36_000 }, { live: 500, ops: 1000 },
    "CPython objects: 10000 list slots rebound 36000 times to new floats, ints, tuples, lists, dicts, strs (refcounts, free lists, deallocation)"),
  trace("linked-list", "C: merge-sort a malloc'd list of 2500 nodes, walk it 4 times (pointer chasing over ~350 KiB)"),
  trace("hash-probe", "C: open-addressing hash table, 512 KiB, 6000 inserts and 12000 lookups (random lines)"),
  trace("quicksort", "C: quicksort of 7000 longs (55 KiB): sequential scans from both ends"),
  trace("bst", "C: unbalanced binary search tree, 2500 inserts and 5000 searches (hot root, cold leaves)"),
];

export const SUITE_NAMES = SUITE.map((e) => e.name);

/** examples/suite/, found from this module whether it runs from host/suite/ (tsx) or a bundle in dist/. */
export function suiteDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++, dir = dirname(dir)) {
    if (existsSync(join(dir, "examples", "suite"))) return join(dir, "examples", "suite");
  }
  throw new ConfigError("examples/suite/ (the suite's bundled traces) is not in this installation");
}

export interface SuiteOptions {
  /** Scaled-down synthetic kernels (the traces are small already and run whole). */
  small?: boolean;
  /** Run only these entries (suite names), in suite order. */
  only?: readonly string[];
}

/** What one entry gave on one machine. */
export interface SuiteResult {
  name: string;
  kind: SuiteEntry["kind"];
  description: string;
  report: TraceReport;
  /** Wall time of the run (configuration included), seconds. */
  seconds: number;
}

/** The entries `options.only` selects; an unknown name is a ConfigError naming the choices. */
export function selectEntries(options: SuiteOptions = {}): SuiteEntry[] {
  if (!options.only) return [...SUITE];
  for (const name of options.only) {
    if (!SUITE_NAMES.includes(name)) throw new ConfigError(`unknown suite workload '${name}' (one of ${SUITE_NAMES.join(", ")})`);
  }
  return SUITE.filter((e) => options.only!.includes(e.name));
}

/** The machine an entry runs on: `machine`, plus the RAM the entry needs when it has no virtual memory. */
export function machineFor(entry: SuiteEntry, machine: MachineConfig): MachineConfig {
  if (machine.mode !== "generic") throw new ConfigError("the suite reports cycles: it runs on generic machines, not in cachegrind mode");
  if (entry.kind !== "synthetic" || !entry.ram || machine.vm) return machine;
  return { ...machine, vm: defaultVm(parseSize(entry.ram)!) };
}

/**
 * What memsim compare (host/compare/compare.ts) runs for an entry. The one
 * place that knows how each kind of entry runs: the Python kind adds its case here.
 */
export function compareWorkload(entry: SuiteEntry, options: SuiteOptions = {}): CompareWorkload {
  switch (entry.kind) {
    case "synthetic":
      return { kind: "synthetic", name: entry.workload,
        params: Object.fromEntries(Object.entries(options.small ? entry.small : entry.params).map(([k, v]) => [k, String(v)])) };
    case "trace":
      return { kind: "trace", file: join(suiteDir(), entry.file), format: "lackey" };
  }
}

/** Run one entry on a fresh core configured as `machine` (memsim compare's runner, with one machine). */
export async function runEntry(entry: SuiteEntry, machine: MachineConfig, options: SuiteOptions = {}): Promise<SuiteResult> {
  const t0 = performance.now();
  const named: NamedMachine = { name: "machine", spec: "machine", description: "", machine: machineFor(entry, machine), optionOf: (l) => `--${l}` };
  const { machines: [{ report }] } = await compare(compareWorkload(entry, options), [named], loadCore);
  return { name: entry.name, kind: entry.kind, description: entry.description, report, seconds: (performance.now() - t0) / 1000 };
}

/** Called before each entry starts (`done` entries finished so far) and once at the end (`done === total`). */
export type SuiteProgress = (done: number, total: number, next: string | null) => void;

/** Run the selected entries, one after another, on `machine`. */
export async function runSuite(machine: MachineConfig, options: SuiteOptions = {}, progress?: SuiteProgress): Promise<SuiteResult[]> {
  const entries = selectEntries(options);
  const results: SuiteResult[] = [];
  for (const entry of entries) {
    progress?.(results.length, entries.length, entry.name);
    results.push(await runEntry(entry, machine, options));
  }
  progress?.(results.length, entries.length, null);
  return results;
}
