// The playground's sweep, run in the worker: the page's first machine as the base (every edit of
// it in, as a machine file would give it), the grid as `memsim sweep` parses its options
// (state.ts gridOf), and the kernel or the opened trace file as the workload; planned by
// host/sweep's planSweep, each point run by its runTask on one core of the worker's, one point
// after another (the CLI spreads them over worker threads; the figures are the same), and
// summarized by its summarize; then the base machine's memory mountain, as --html has it.

import type { Core } from "../../host/core.js";
import { mountainTasks, planSweep, pointError, workloadSpecs, type SweepRun } from "../../host/sweep/plan.js";
import type { MountainPoint } from "../../host/mountain/mountain.js";
import { formatSize } from "../../host/config/size.js";
import { describePoint, gridSize, pointMachine } from "../../host/sweep/grid.js";
import { runTask, type ResultRow, type WorkloadSpec } from "../../host/sweep/point.js";
import { summarize, type SweepSummary } from "../../host/sweep/summary.js";
import { openFile } from "./trace-run.js";
import { gridOf, isKernel, machineOf, PYTHON, type PlaygroundState } from "./state.js";

/** The most points a sweep in the page runs: one after another in one worker (the CLI asks for --yes past 100,000). */
export const PAGE_MAX_POINTS = 10_000;

/**
 * Sweep the grid of `s` around its machine on its kernel, or on `file` (a trace file, replayed
 * afresh at each point, its format detected as memsim sweep FILE detects it), then take the base
 * machine's memory mountain as memsim sweep --html does (plan.ts mountainTasks). `progress` gets
 * the tasks done, of how many, and what runs next (absent when all are done).
 */
export async function runPageSweep(s: PlaygroundState, newCore: () => Promise<Core>,
  progress: (done: number, total: number, next?: string) => void, file?: File): Promise<{ summary: SweepSummary; mountain: MountainPoint[] }> {
  if (s.run === PYTHON) throw new Error("a sweep runs a synthetic kernel or a trace file, as memsim sweep does; not a Python script (pick a kernel)");
  if (!file && !isKernel(s.run)) throw new Error("Open a trace file first: pick one, or drop it on the page.");
  const base = machineOf(s);
  const grid = gridOf(s);
  const check = await newCore(); // the kernel's parameters are checked on a core of their own, as the CLI checks them
  const workloads: WorkloadSpec[] = file
    ? [{ name: file.name, kind: "trace", params: {}, path: file.name, bytes: file.size, mtimeMs: file.lastModified }]
    : workloadSpecs([s.run], s.params, () => check);
  const points = gridSize(grid) * workloads.length;
  if (points > PAGE_MAX_POINTS) {
    throw new Error(`the grid has ${points.toLocaleString("en-US")} points, more than the page runs (${PAGE_MAX_POINTS.toLocaleString("en-US")}): narrow it, or run memsim sweep, which takes --yes`);
  }
  const plan = planSweep(workloads, base, grid);
  const mountainPlan = mountainTasks(plan.base);
  const total = plan.tasks.length + mountainPlan.length;
  const what = file?.name ?? s.run;
  const core = await newCore();
  const t0 = performance.now();
  const results: ResultRow[] = [];
  for (const [i, t] of plan.tasks.entries()) {
    progress(i, total, `running ${what} at point ${i + 1} of ${plan.tasks.length}: ${describePoint(t.point)}`);
    const outcome = await runTask(core, { ...t, machine: pointMachine(plan.base, plan.grid.target, t.point) }, file && openFile(file));
    if (!outcome.ok) throw pointError(t.workload.name, outcome.error);
    if ("row" in outcome) results.push(outcome.row);
  }
  const run: SweepRun = { results, ran: results.length, resumed: 0, ignoredLines: 0, interrupted: false, jobs: 1, seconds: (performance.now() - t0) / 1000 };
  const mountain: MountainPoint[] = [];
  for (const [k, t] of mountainPlan.entries()) {
    progress(plan.tasks.length + k, total, `the base machine's memory mountain: ${formatSize(t.size)}, stride ${t.stride} (${k + 1} of ${mountainPlan.length})`);
    const outcome = await runTask(core, t);
    if (!outcome.ok) throw new Error(outcome.error);
    if ("mountain" in outcome) mountain.push(outcome.mountain);
  }
  progress(total, total);
  return { summary: summarize(plan, run), mountain };
}
