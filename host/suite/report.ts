// The suite's results on one machine: the key figures of each workload's
// report, as the table `npm run bench:workloads` prints and as JSON.

import { LEVEL_NAMES, type LevelName } from "../core.js";
import { DEFAULT_CORE_MHZ } from "../config/dram.js";
import { commas, table } from "../report/format.js";
import { rowHitRate, type TraceReport } from "../report/trace-report.js";
import type { SuiteResult } from "./suite.js";

/** The figures the suite tables show, from one report (generic mode). */
export interface SuiteFigures {
  records: number;
  instructions: number;
  /** Core cycles of the in-order core (docs/timing.md). */
  cycles: number;
  /** Emulated time at the machine's clock, microseconds. */
  microseconds: number;
  ipc: number;
  /** Average memory access time, cycles per reference. */
  amat: number;
  /** Misses and miss rates of each level the machine has. */
  misses: Partial<Record<LevelName, number>>;
  missRates: Partial<Record<LevelName, number>>;
  /** Lines read from memory: what the last cache level fetched below it. */
  memoryReads: number;
  /** With a DRAM: row-buffer hits over all row accesses. */
  rowHitRate?: number;
  /** With virtual memory: major page faults. */
  pageFaults?: number;
}

export function figures(r: TraceReport): SuiteFigures {
  const misses: SuiteFigures["misses"] = {};
  const missRates: SuiteFigures["missRates"] = {};
  for (const l of r.levels) {
    misses[l.name] = l.misses.total;
    missRates[l.name] = l.missRate;
  }
  const f: SuiteFigures = {
    records: r.records, instructions: r.instructions, cycles: r.cycles!, microseconds: r.cycles! / (r.coreMHz ?? DEFAULT_CORE_MHZ),
    ipc: r.core!.ipc, amat: r.amat!, misses, missRates, memoryReads: r.memory!.reads,
  };
  if (r.dram) f.rowHitRate = rowHitRate(r.dram);
  if (r.pageFaults) f.pageFaults = r.pageFaults.major;
  return f;
}

/** The levels any of `results` has, in hierarchy order. */
export function levelsOf(results: readonly SuiteFigures[]): LevelName[] {
  return LEVEL_NAMES.filter((l) => results.some((f) => f.misses[l] !== undefined));
}

/** One workload in bench/workloads.json. */
export interface WorkloadRow extends SuiteFigures {
  name: string;
  kind: string;
  description: string;
  /** Wall time of the simulation, seconds. */
  seconds: number;
  /** The whole report, as `memsim run --json` / `memsim trace --json` print it. */
  report: TraceReport;
}

export interface WorkloadsJson {
  machine: string;
  small: boolean;
  /** Wall time of the whole suite, seconds. */
  seconds: number;
  workloads: WorkloadRow[];
}

export function workloadsJson(machine: string, results: readonly SuiteResult[], small: boolean, seconds: number): WorkloadsJson {
  return {
    machine, small, seconds,
    workloads: results.map((r) => ({ name: r.name, kind: r.kind, description: r.description, ...figures(r.report), seconds: r.seconds, report: r.report })),
  };
}

/** The bench:workloads table: one row per workload. */
export function formatWorkloads(j: WorkloadsJson): string {
  const levels = levelsOf(j.workloads);
  const faults = j.workloads.some((w) => w.pageFaults !== undefined);
  const rows = j.workloads.map((w) => [
    w.name, w.kind, commas(w.records), commas(w.cycles), w.instructions ? w.ipc.toFixed(3) : "-", w.amat.toFixed(2),
    ...levels.map((l) => (w.misses[l] === undefined ? "-" : commas(w.misses[l]!))),
    ...(faults ? [w.pageFaults === undefined ? "-" : commas(w.pageFaults)] : []),
    (w.seconds * 1000).toFixed(0),
  ]);
  const records = j.workloads.reduce((a, w) => a + w.records, 0);
  return `workload suite on the ${j.machine} machine${j.small ? " (small sizes)" : ""}; misses per level, AMAT in cycles per reference\n\n` +
    table(["workload", "kind", "records", "cycles", "IPC", "AMAT", ...levels.map((l) => `${l.toUpperCase()} misses`),
      ...(faults ? ["page faults"] : []), "ms"], rows, [1]) +
    `\n\n${j.workloads.length} workloads, ${commas(records)} records in ${j.seconds.toFixed(1)} s\n`;
}
