// memsim compare: one workload (a synthetic kernel or a trace file) on
// several machines, each on a fresh core, side by side (docs/compare.md).
// Every figure is against the first machine: the speedup, and a delta per row
// (relative for counts and times, percentage points for rates).
//
// Speedup compares emulated time, cycles at each machine's own clock (the
// presets run at 600 to 3600 MHz); with the same clock it is the ratio of
// cycles.

import type { Core, LevelName } from "../core.js";
import { applyMachine } from "../config/machine.js";
import { DEFAULT_CORE_MHZ } from "../config/dram.js";
import { runAndReport, type OpenTrace } from "../workloads/run.js";
import type { TraceFormat } from "../trace/format.js";
import type { Breakdown, TraceReport } from "../report/trace-report.js";
import { commas, table } from "../report/format.js";
import { figures, levelsOf, type SuiteFigures } from "../suite/report.js";
import type { NamedMachine } from "./machine-spec.js";

/** What runs: a kernel of memsim run with its parameters, or a trace file. */
export type CompareWorkload =
  | { kind: "synthetic"; name: string; params: Record<string, string> }
  | { kind: "trace"; file: string; format: TraceFormat | "auto" };

export function describeWorkload(w: CompareWorkload): string {
  if (w.kind === "trace") return w.file;
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
  report: TraceReport;
}

export interface Comparison {
  workload: CompareWorkload & { label: string; /** A trace's format, as detected. */ detectedFormat?: string };
  /** The machine every delta and speedup is against (the first). */
  baseline: string;
  machines: MachineResult[];
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
  const reports: TraceReport[] = [];
  let detectedFormat: string | undefined;
  for (const [i, m] of machines.entries()) {
    progress?.(i, m.name);
    const core = await newCore();
    applyMachine(core, m.machine, m.optionOf);
    const report = await runAndReport(core, m.machine, workload, undefined, (f) => progress?.(i + f, m.name), openTrace);
    if (workload.kind === "trace") detectedFormat = report.format;
    reports.push(report);
  }
  progress?.(machines.length, "");
  const results = reports.map((report, i): Omit<MachineResult, "speedup"> => ({
    name: machines[i].name, spec: machines[i].spec, description: machines[i].description, coreMHz: report.coreMHz ?? DEFAULT_CORE_MHZ,
    ...figures(report), breakdown: report.breakdown!, report,
  }));
  return {
    workload: { ...workload, label: describeWorkload(workload), ...(detectedFormat ? { detectedFormat } : {}) },
    baseline: machines[0].name,
    machines: results.map((r) => ({ ...r, speedup: results[0].microseconds / r.microseconds })),
  };
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

const BREAKDOWN_PARTS = (levels: LevelName[]): { key: string; label: string; value: (b: Breakdown) => number | undefined }[] => [
  { key: "base", label: "core (CPI)", value: (b) => b.base },
  ...levels.map((l) => ({ key: l, label: `${l.toUpperCase()} stalls`, value: (b: Breakdown) => b.levels[l] })),
  { key: "memory", label: "memory", value: (b) => b.memory },
  { key: "page_faults", label: "page faults", value: (b) => b.pageFaults },
];

function summaryMetrics(c: Comparison): Metric[] {
  return [
    { key: "core_mhz", label: "clock, MHz", value: (r) => r.coreMHz, show: integer, delta: "relative" },
    { key: "cycles", label: "cycles", value: (r) => r.cycles, show: integer, delta: "relative" },
    { key: "time_us", label: "time, us", value: (r) => r.microseconds, show: fixed(1), delta: "relative" },
    { key: "speedup", label: "speedup", value: (r) => r.speedup, show: (v) => `${v.toFixed(2)}x`, delta: "none" },
    { key: "ipc", label: "IPC", value: (r) => r.ipc, show: fixed(3), delta: "relative" },
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
  return BREAKDOWN_PARTS(levelsIn(c)).map((p) => ({
    key: `cycles_${p.key}`, label: p.label, value: (r) => p.value(r.breakdown), show: integer, delta: "relative",
  }));
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
    `changes and speedup (in emulated time: cycles at each machine's clock) against ${c.baseline}`;
}

const BREAKDOWN_TITLE = "where the cycles go: core cycles by part (docs/timing.md)";

export function formatTable(c: Comparison): string {
  const t = comparisonTables(c);
  return `${heading(c)}\n\n${table(t.summary.header, t.summary.rows)}\n\n${BREAKDOWN_TITLE}\n\n${table(t.breakdown.header, t.breakdown.rows)}\n`;
}

function markdownTable(t: { header: string[]; rows: string[][] }): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const header = t.header.map((h, i) => (i === 0 && h === "" ? "metric" : esc(h)));
  return [`| ${header.join(" | ")} |`, `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`,
    ...t.rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}

export function formatMarkdown(c: Comparison): string {
  const t = comparisonTables(c);
  return `${heading(c)}\n\n${markdownTable(t.summary)}\n\n${BREAKDOWN_TITLE[0].toUpperCase()}${BREAKDOWN_TITLE.slice(1)}\n\n${markdownTable(t.breakdown)}\n`;
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

export { BREAKDOWN_PARTS, heading as comparisonHeading };
