// memsim compare: one workload (a synthetic kernel, a trace file or a Python
// script) on several machines, each on a fresh core, side by side
// (docs/compare.md). Every figure is against the first machine: the speedup,
// and a delta per row (relative for counts and times, percentage points for rates).
//
// Speedup compares emulated time, cycles at each machine's own clock (the
// presets run at 600 to 3600 MHz); with the same clock it is the ratio of
// cycles. A script's cycles are those memsim py reports for it (its memory
// accesses plus its bytecode cycles), not the report's core cycles: the
// script runs no instructions through the core model.

import type { Core, LevelName } from "../core.js";
import { applyMachine } from "../config/machine.js";
import { DEFAULT_CORE_MHZ } from "../config/dram.js";
import { runAndReport, type OpenTrace } from "../workloads/run.js";
import type { TraceFormat } from "../trace/format.js";
import type { Breakdown, TraceReport } from "../report/trace-report.js";
import { commas, table } from "../report/format.js";
import { figures, levelsOf, type SuiteFigures } from "../suite/report.js";
import type { NamedMachine } from "./machine-spec.js";
import { PY_OPTION_KEYS, pyRunSettings, type PyOptionTexts } from "../python/options.js";
import { checkScript, runScript, type ScriptRun } from "../python/script-run.js";
import type { LineRow } from "../python/report.js";

/** A Python script with memsim py's profile options (--python, --gc-threshold, ...), as their text. */
export interface ScriptWorkload { kind: "python"; file: string; source: string; options: PyOptionTexts }

/** What runs: a kernel of memsim run with its parameters, a trace file, or a Python script. */
export type CompareWorkload =
  | { kind: "synthetic"; name: string; params: Record<string, string> }
  | { kind: "trace"; file: string; format: TraceFormat | "auto" }
  | ScriptWorkload;

/** An option key as its flag: maxSteps as "--max-steps". */
export const optionName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function describeWorkload(w: CompareWorkload): string {
  if (w.kind === "trace") return w.file;
  if (w.kind === "python") {
    return w.file + PY_OPTION_KEYS.filter((k) => w.options[k] !== undefined).map((k) => ` ${optionName(k)} ${w.options[k]}`).join("");
  }
  const params = Object.entries(w.params).map(([k, v]) => ` --${k} ${v}`).join("");
  return `${w.name}${params}`;
}

/** One machine's results: the suite's figures of its report, and the report. */
export interface MachineResult extends SuiteFigures {
  name: string;
  spec: string;
  description: string;
  coreMHz: number;
  /** Emulated time on the first machine over the time on this one. */
  speedup: number;
  breakdown: Breakdown;
  /** A script's run on this machine: its cycles by heap category (memsim py --json's totals), bytecodes and exit code. */
  script?: { cycles: number; categories: LineRow["categories"]; bytecodes: number; exitCode: number };
  report: TraceReport;
}

export interface Comparison {
  /** The workload (a script without its source), labelled as the headings name it. */
  workload: (Exclude<CompareWorkload, ScriptWorkload> | Omit<ScriptWorkload, "source">) & { label: string; /** A trace's format, as detected. */ detectedFormat?: string };
  /** The machine every delta and speedup is against (the first). */
  baseline: string;
  machines: MachineResult[];
  /**
   * A script's output on the first machine, and the machines where it differs (stdout, stderr or
   * exit code): none, as the program is the same; one would be a bug in memsim.
   */
  script?: { stdout: string; stderr: string; exitCode: number; differsOn: string[] };
}

/** Progress through the runs: machines done, with a fraction of the current one (traces only). */
export type CompareProgress = (done: number, machine: string) => void;

/**
 * Run the workload on each machine, in order, each on a fresh core from
 * `newCore` (loadCore in Node; the playground's worker instantiates its own).
 * A trace is read afresh for each machine by `openTrace` (default: the file at its path; the
 * playground's worker streams the File the page opened).
 */
export async function compare(workload: CompareWorkload, machines: NamedMachine[], newCore: () => Core | Promise<Core>,
  progress?: CompareProgress, openTrace?: OpenTrace): Promise<Comparison> {
  // A script's options and its source are checked before any machine runs it.
  const settings = workload.kind === "python" ? pyRunSettings(workload.options) : undefined;
  if (workload.kind === "python") checkScript(workload.source, workload.file);
  const reports: TraceReport[] = [];
  const scripts: ScriptRun[] = [];
  let detectedFormat: string | undefined;
  for (const [i, m] of machines.entries()) {
    progress?.(i, m.name);
    const core = await newCore();
    applyMachine(core, m.machine, m.optionOf);
    if (workload.kind === "python") {
      const run = runScript(core, m.machine, workload.source, workload.file, settings!);
      scripts.push(run);
      reports.push(run.report);
      continue;
    }
    const report = await runAndReport(core, m.machine, workload, undefined, (f) => progress?.(i + f, m.name), openTrace);
    if (workload.kind === "trace") detectedFormat = report.format;
    reports.push(report);
  }
  progress?.(machines.length, "");
  const results = reports.map((report, i): Omit<MachineResult, "speedup"> => {
    const coreMHz = report.coreMHz ?? DEFAULT_CORE_MHZ;
    const run = scripts[i];
    const script = run && { cycles: run.totals.cycles, categories: run.totals.categories, bytecodes: run.bytecodes, exitCode: run.exitCode };
    return {
      name: machines[i].name, spec: machines[i].spec, description: machines[i].description, coreMHz,
      ...figures(report), breakdown: report.breakdown!,
      // A script's time is its own cycles (memsim py's), at this machine's clock.
      ...(script ? { cycles: script.cycles, microseconds: script.cycles / coreMHz, script } : {}),
      report,
    };
  });
  const described = workload.kind === "python" ? { kind: workload.kind, file: workload.file, options: workload.options } : workload;
  return {
    workload: { ...described, label: describeWorkload(workload), ...(detectedFormat ? { detectedFormat } : {}) },
    baseline: machines[0].name,
    machines: results.map((r) => ({ ...r, speedup: results[0].microseconds / r.microseconds })),
    ...(scripts.length ? { script: scriptOutput(scripts, machines) } : {}),
  };
}

/** The first machine's output, and the machines whose output or exit code differs from it. */
function scriptOutput(runs: ScriptRun[], machines: NamedMachine[]): NonNullable<Comparison["script"]> {
  const [first] = runs;
  const differsOn = runs.flatMap((r, i) => (r.stdout !== first.stdout || r.stderr !== first.stderr || r.exitCode !== first.exitCode ? [machines[i].name] : []));
  return { stdout: first.stdout, stderr: first.stderr, exitCode: first.exitCode, differsOn };
}

// ---------------------------------------------------------------- the rows every format shows

/**
 * A row of the side-by-side table (a column of the CSV): its value on one
 * machine, how it is printed, and how it compares with the first machine.
 */
interface Metric {
  /** The CSV column and the JSON delta key. */
  key: string;
  label: string;
  value: (r: MachineResult) => number | undefined;
  show: (v: number) => string;
  /** relative: (v - first) / first; points: v - first, for rates; none: no delta. */
  delta: "relative" | "points" | "none";
}

const integer = (v: number) => commas(Math.round(v));
const fixed = (digits: number) => (v: number) => v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const rate = (v: number) => `${(100 * v).toFixed(2)}%`;

/** The levels any machine has, in hierarchy order. */
export function levelsIn(c: Comparison): LevelName[] {
  return levelsOf(c.machines);
}

/** A part of each machine's cycles: the second table's rows, the stacked chart's series. */
export interface CyclePart { key: string; label: string; value: (r: MachineResult) => number | undefined }

const BREAKDOWN_PARTS = (levels: LevelName[]): { key: string; label: string; value: (b: Breakdown) => number | undefined }[] => [
  { key: "base", label: "core (CPI)", value: (b) => b.base },
  ...levels.map((l) => ({ key: l, label: `${l.toUpperCase()} stalls`, value: (b: Breakdown) => b.levels[l] })),
  { key: "memory", label: "memory", value: (b) => b.memory },
  { key: "page_faults", label: "page faults", value: (b) => b.pageFaults },
];

/** memsim py's heap categories; "other" (accesses outside any category) only where a machine has some. */
const SCRIPT_PARTS = ["interpreter", "alloc", "free", "refcount", "gc", "other"] as const;

/**
 * What each machine's cycles split into: the core's cycles by part (docs/timing.md) or, for a
 * script, its cycles by heap category (docs/python.md); the parts add up to the cycles.
 */
export function cycleParts(c: Comparison): CyclePart[] {
  if (c.script) {
    return SCRIPT_PARTS.filter((k) => k !== "other" || c.machines.some((m) => m.script!.categories.other !== 0))
      .map((k) => ({ key: k, label: k, value: (r) => r.script?.categories[k] }));
  }
  return BREAKDOWN_PARTS(levelsIn(c)).map((p) => ({ key: p.key, label: p.label, value: (r) => p.value(r.breakdown) }));
}

/** The second table's title. */
export function partsTitle(c: Comparison): string {
  return c.script ? "where the script's cycles go: by heap category (docs/python.md)" : "where the cycles go: core cycles by part (docs/timing.md)";
}

function summaryMetrics(c: Comparison): Metric[] {
  return [
    { key: "core_mhz", label: "clock, MHz", value: (r) => r.coreMHz, show: integer, delta: "relative" },
    { key: "cycles", label: "cycles", value: (r) => r.cycles, show: integer, delta: "relative" },
    { key: "time_us", label: "time, us", value: (r) => r.microseconds, show: fixed(1), delta: "relative" },
    { key: "speedup", label: "speedup", value: (r) => r.speedup, show: (v) => `${v.toFixed(2)}x`, delta: "none" },
    // A script runs no instructions through the core model: no IPC.
    ...(c.script ? [] : [{ key: "ipc", label: "IPC", value: (r: MachineResult) => r.ipc, show: fixed(3), delta: "relative" } satisfies Metric]),
    { key: "amat", label: "AMAT, cycles", value: (r) => r.amat, show: fixed(2), delta: "relative" },
    ...levelsIn(c).flatMap((l): Metric[] => [
      { key: `${l}_misses`, label: `${l.toUpperCase()} misses`, value: (r) => r.misses[l], show: integer, delta: "relative" },
      { key: `${l}_miss_rate`, label: `${l.toUpperCase()} miss rate`, value: (r) => r.missRates[l], show: rate, delta: "points" },
    ]),
    { key: "memory_reads", label: "memory line reads", value: (r) => r.memoryReads, show: integer, delta: "relative" },
    { key: "dram_row_hit_rate", label: "DRAM row-buffer hits", value: (r) => r.rowHitRate, show: rate, delta: "points" },
    { key: "page_faults", label: "page faults (major)", value: (r) => r.pageFaults, show: integer, delta: "relative" },
  ];
}

function breakdownMetrics(c: Comparison): Metric[] {
  return cycleParts(c).map((p) => ({ key: `cycles_${p.key}`, label: p.label, value: p.value, show: integer, delta: "relative" }));
}

/** The change from the first machine's value, as a number (CSV, JSON) or undefined where there is none. */
function deltaOf(m: Metric, first: MachineResult, r: MachineResult): number | undefined {
  const v0 = m.value(first), v = m.value(r);
  if (m.delta === "none" || v0 === undefined || v === undefined) return undefined;
  if (m.delta === "points") return v - v0;
  return v0 === 0 ? (v === 0 ? 0 : undefined) : (v - v0) / v0;
}

function showDelta(m: Metric, first: MachineResult, r: MachineResult): string {
  const v0 = m.value(first), v = m.value(r);
  if (m.delta === "none" || v0 === undefined || v === undefined) return "";
  const sign = (x: number) => (x > 0 ? "+" : x < 0 ? "-" : "");
  if (m.delta === "points") return v === v0 ? "=" : `${sign(v - v0)}${Math.abs(100 * (v - v0)).toFixed(2)} pp`;
  if (v === v0) return "=";
  if (v0 === 0) return `+${m.show(v)}`;
  return `${sign(v - v0)}${Math.abs((100 * (v - v0)) / v0).toFixed(1)}%`;
}

/** Header and rows: metric, then per machine its value and (after the first) its change. */
function sideBySide(c: Comparison, metrics: Metric[]): { header: string[]; rows: string[][] } {
  const [first, ...rest] = c.machines;
  return {
    header: ["", first.name, ...rest.flatMap((r) => [r.name, "change"])],
    rows: metrics.map((m) => {
      const cell = (r: MachineResult) => {
        const v = m.value(r);
        return v === undefined ? "-" : m.show(v);
      };
      return [m.label, cell(first), ...rest.flatMap((r) => [cell(r), showDelta(m, first, r)])];
    }),
  };
}

export function comparisonTables(c: Comparison): { summary: { header: string[]; rows: string[][] }; breakdown: { header: string[]; rows: string[][] } } {
  return { summary: sideBySide(c, summaryMetrics(c)), breakdown: sideBySide(c, breakdownMetrics(c)) };
}

function heading(c: Comparison): string {
  return `${c.workload.label}${c.workload.detectedFormat ? ` (${c.workload.detectedFormat})` : ""} on ${c.machines.length} machines; ` +
    `changes and speedup (in emulated time: cycles at each machine's clock) against ${c.baseline}` +
    (c.script ? "; a script's cycles are memsim py's: its memory accesses plus its bytecode cycles" : "");
}

/** For a script: whether its output is the same on every machine (it must be: the program is the same), and how it ended. */
export function scriptNote(c: Comparison): string | undefined {
  const s = c.script;
  if (!s) return undefined;
  const lines = s.stdout.split("\n").length - (s.stdout.endsWith("\n") || s.stdout === "" ? 1 : 0);
  const ended = s.exitCode === 0 ? "" : `; it ended with exit code ${s.exitCode} (${s.exitCode === 3 ? "stopped by --max-steps" : "an exception"})`;
  return s.differsOn.length
    ? `the script's output differs on ${s.differsOn.join(", ")} from ${c.baseline}'s: it is the same program, so this is a bug in memsim${ended}`
    : `the script's output (${lines} line${lines === 1 ? "" : "s"}) is the same on every machine${ended}`;
}

export function formatTable(c: Comparison): string {
  const t = comparisonTables(c);
  const note = scriptNote(c);
  return `${heading(c)}\n${note ? `${note}\n` : ""}\n${table(t.summary.header, t.summary.rows)}\n\n${partsTitle(c)}\n\n${table(t.breakdown.header, t.breakdown.rows)}\n`;
}

function markdownTable(t: { header: string[]; rows: string[][] }): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const header = t.header.map((h, i) => (i === 0 && h === "" ? "metric" : esc(h)));
  return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...t.rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}

export function formatMarkdown(c: Comparison): string {
  const t = comparisonTables(c);
  const note = scriptNote(c);
  const title = partsTitle(c);
  return `${heading(c)}\n${note ? `\n${note[0].toUpperCase()}${note.slice(1)}.\n` : ""}\n${markdownTable(t.summary)}\n\n` +
    `${title[0].toUpperCase()}${title.slice(1)}\n\n${markdownTable(t.breakdown)}\n`;
}

/** One row per machine; each metric with a delta also has a `<metric>_change` column (relative, or a difference for rates). */
export function formatCsv(c: Comparison): string {
  const metrics = [...summaryMetrics(c), ...breakdownMetrics(c)];
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const num = (v: number | undefined) => (v === undefined ? "" : String(v));
  const header = ["machine", "spec", ...metrics.flatMap((m) => (m.delta === "none" ? [m.key] : [m.key, `${m.key}_change`]))];
  const first = c.machines[0];
  const rows = c.machines.map((r) => [quote(r.name), quote(r.spec),
    ...metrics.flatMap((m) => (m.delta === "none" ? [num(m.value(r))] : [num(m.value(r)), num(deltaOf(m, first, r))]))]);
  return [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + "\n";
}

/** The comparison with each machine's changes against the first, keyed as the CSV columns. */
export function comparisonJson(c: Comparison): Comparison & { machines: (MachineResult & { change: Record<string, number | null> })[] } {
  const metrics = [...summaryMetrics(c), ...breakdownMetrics(c)].filter((m) => m.delta !== "none");
  const first = c.machines[0];
  return {
    ...c,
    machines: c.machines.map((r) => ({ ...r, change: Object.fromEntries(metrics.map((m) => [m.key, deltaOf(m, first, r) ?? null])) })),
  };
}

export function formatJson(c: Comparison): string {
  return JSON.stringify(comparisonJson(c), null, 2) + "\n";
}

export { heading as comparisonHeading };
