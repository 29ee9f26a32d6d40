// The suite on several machines side by side (`npm run bench:compare`): each
// workload goes through memsim compare's runner (host/compare/compare.ts), so
// the figures, the speedup and the JSON of each workload are exactly those of
// `memsim compare WORKLOAD --machine A --machine B ... --json`. What this adds
// is the view across workloads: one table per figure, a row per workload and
// a column per machine, and the geometric mean of the speedups.
//
// Speedup is memsim compare's: emulated time (cycles at each machine's own
// clock), not cycles, since the presets run at 600 to 3600 MHz.

import { commas, table } from "../report/format.js";
import { loadCore } from "../core-node.js";
import { comparisonJson, compare, type Comparison, type MachineResult } from "../compare/compare.js";
import { parseMachineSpec, type NamedMachine } from "../compare/machine-spec.js";
import { UsageError } from "../config/options.js";
import { compareWorkload, machineFor, selectEntries, type SuiteOptions } from "./suite.js";

/** The machines bench:compare runs on unless told otherwise; the first is the baseline. */
export const COMPARE_MACHINES = ["default", "small-embedded", "desktop-2020", "server-2024"] as const;

export interface CompareJson {
  machines: { name: string; spec: string; description: string; coreMHz: number }[];
  small: boolean;
  /** Wall time of all the runs, seconds. */
  seconds: number;
  workloads: {
    name: string;
    kind: string;
    /** Emulated time on the first machine over the time on each, by machine name. */
    speedup: Record<string, number>;
    /** As `memsim compare --json` prints it: each machine's figures, changes against the first, and whole report. */
    comparison: ReturnType<typeof comparisonJson>;
  }[];
  /** Geometric mean of each machine's speedups over the workloads. */
  geomeanSpeedup: Record<string, number>;
}

/** Progress: `done` of `total` runs (workloads x machines) finished; the next run, null at the end. */
export type SuiteCompareProgress = (done: number, total: number, next: { machine: string; workload: string } | null) => void;

/** Machines as memsim compare --machine names them (a preset, a machine file, overrides); a bad one fails before any run. */
export function suiteMachines(specs: readonly string[]): NamedMachine[] {
  const machines = specs.map(parseMachineSpec);
  for (const m of machines) {
    if (machines.filter((x) => x.name === m.name).length > 1) throw new UsageError(`--machine: '${m.name}' is given twice`);
  }
  return machines;
}

/** Run every selected workload on each machine, a workload at a time. */
export async function compareSuite(machines: NamedMachine[], options: SuiteOptions = {}, progress?: SuiteCompareProgress): Promise<CompareJson> {
  const entries = selectEntries(options);
  const total = entries.length * machines.length;
  const t0 = performance.now();
  const comparisons: Comparison[] = [];
  for (const [e, entry] of entries.entries()) {
    const on = machines.map((m) => ({ ...m, machine: machineFor(entry, m.machine) }));
    comparisons.push(await compare(compareWorkload(entry, options), on, loadCore, (done, machine) => {
      if (done < machines.length) progress?.(e * machines.length + Math.floor(done), total, { machine, workload: entry.name });
    }));
  }
  progress?.(total, total, null);
  const names = machines.map((m) => m.name);
  const speedupOf = (c: Comparison) => Object.fromEntries(c.machines.map((r) => [r.name, r.speedup]));
  return {
    machines: comparisons[0].machines.map((r) => ({ name: r.name, spec: r.spec, description: r.description, coreMHz: r.coreMHz })),
    small: !!options.small,
    seconds: (performance.now() - t0) / 1000,
    workloads: comparisons.map((c, i) => ({ name: entries[i].name, kind: entries[i].kind, speedup: speedupOf(c), comparison: comparisonJson(c) })),
    geomeanSpeedup: Object.fromEntries(names.map((m, i) => [m, Math.exp(
      comparisons.reduce((a, c) => a + Math.log(c.machines[i].speedup), 0) / comparisons.length)])),
  };
}

/** One table per figure: rows are workloads, columns machines. */
export function formatCompareSuite(j: CompareJson): string {
  const names = j.machines.map((m) => m.name);
  const figure = (title: string, cell: (r: MachineResult) => string, footer?: string[]) =>
    `${title}\n\n` + table(["workload", ...names], [
      ...j.workloads.map((w) => [w.name, ...w.comparison.machines.map(cell)]),
      ...(footer ? [footer] : []),
    ]);
  const parts = [
    `the workload suite on ${names.length} machines${j.small ? " (small sizes)" : ""}: ` +
      j.machines.map((m) => `${m.name} at ${m.coreMHz} MHz`).join(", "),
    figure("cycles", (r) => commas(r.cycles)),
    figure(`speedup against ${names[0]} (emulated time: cycles at each machine's clock)`,
      (r) => `${r.speedup.toFixed(2)}x`, ["geometric mean", ...names.map((m) => `${j.geomeanSpeedup[m].toFixed(2)}x`)]),
    figure("IPC", (r) => (r.instructions ? r.ipc.toFixed(3) : "-")),
    figure("AMAT, cycles per reference", (r) => r.amat.toFixed(2)),
    figure("memory line reads (what the last cache level missed)", (r) => commas(r.memoryReads)),
  ];
  return parts.join("\n\n") + `\n\n${j.workloads.length} workloads x ${names.length} machines in ${j.seconds.toFixed(1)} s\n`;
}
