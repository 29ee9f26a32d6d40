// The playground's sweep, run in the worker: the page's first machine as the base (every edit of
// it in, as a machine file would give it), the grid as `memsim sweep` parses its options
// (state.ts gridOf), and the kernel or the opened trace file as the workload; planned by
// host/sweep's planSweep, each point run by its runTask on one core of the worker's, one point
// after another (the CLI spreads them over worker threads; the figures are the same), and
// summarized by its summarize.

import type { Core } from "../../host/core.js";
import { planSweep, pointError, workloadSpecs, type SweepRun } from "../../host/sweep/plan.js";
import { describePoint, pointMachine } from "../../host/sweep/grid.js";
import { runTask, type ResultRow, type WorkloadSpec } from "../../host/sweep/point.js";
import { summarize, type SweepSummary } from "../../host/sweep/summary.js";
import { openFile } from "./trace-run.js";
import { gridOf, isKernel, machineOf, PYTHON, type PlaygroundState } from "./state.js";

/**
 * Sweep the grid of `s` around its machine on its kernel, or on `file` (a trace file, replayed
 * afresh at each point, its format detected as memsim sweep FILE detects it). `progress` gets the
 * points done, of how many, and the point running next (absent when all are done).
 */
export async function runPageSweep(s: PlaygroundState, newCore: () => Promise<Core>,
  progress: (done: number, total: number, next?: string) => void, file?: File): Promise<SweepSummary> {
  if (s.run === PYTHON) throw new Error("a sweep runs a synthetic kernel or a trace file, as memsim sweep does; not a Python script (pick a kernel)");
  if (!file && !isKernel(s.run)) throw new Error("Open a trace file first: pick one, or drop it on the page.");
  const base = machineOf(s);
  const grid = gridOf(s);
  const check = await newCore(); // the kernel's parameters are checked on a core of their own, as the CLI checks them
  const workloads: WorkloadSpec[] = file
    ? [{ name: file.name, kind: "trace", params: {}, path: file.name, bytes: file.size, mtimeMs: file.lastModified }]
    : workloadSpecs([s.run], s.params, () => check);
  const plan = planSweep(workloads, base, grid);
  const core = await newCore();
  const t0 = performance.now();
  const results: ResultRow[] = [];
  for (const [i, t] of plan.tasks.entries()) {
    progress(i, plan.tasks.length, describePoint(t.point));
    const outcome = await runTask(core, { ...t, machine: pointMachine(plan.base, plan.grid.target, t.point) }, file && openFile(file));
    if (!outcome.ok) throw pointError(t.workload.name, outcome.error);
    if ("row" in outcome) results.push(outcome.row);
  }
  progress(plan.tasks.length, plan.tasks.length);
  const run: SweepRun = { results, ran: results.length, resumed: 0, ignoredLines: 0, interrupted: false, jobs: 1, seconds: (performance.now() - t0) / 1000 };
  return summarize(plan, run);
}
