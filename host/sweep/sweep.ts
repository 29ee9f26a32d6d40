// A sweep's run in Node: the plan's points (plan.ts) not already in the results file, on the
// worker pool, each row appended as it completes.

import { availableParallelism } from "node:os";
import { pointMachine } from "./grid.js";
import type { PlannedPoint, ResultRow, Task, TaskOutcome } from "./point.js";
import { pointError, type SweepPlan, type SweepRun } from "./plan.js";
import { openResults } from "./results.js";
import { runPool } from "./pool.js";

export interface RunOptions {
  /** Worker threads (default: one per core). */
  jobs?: number;
  /** The results file: rows appended as points complete; rows already there are not run again. */
  out?: string;
  /** Called after each point with the points done and the points to run this time. */
  progress?: (done: number, total: number) => void;
  /** Abort: cancel the pending points; `interrupted` is then true. */
  signal?: AbortSignal;
}

export function defaultJobs(): number {
  return availableParallelism();
}

/** Run the plan's points not yet in `out`. */
export async function executeSweep(plan: SweepPlan, opts: RunOptions = {}): Promise<SweepRun> {
  const t0 = performance.now();
  const jobs = opts.jobs ?? defaultJobs();
  const file = opts.out !== undefined ? openResults(opts.out) : undefined;
  const done = new Map<string, ResultRow>();
  try {
    for (const t of plan.tasks) {
      const row = file?.rows.get(t.key);
      if (row) done.set(t.key, row);
    }
    const resumed = done.size;
    const todo = plan.tasks.filter((t) => !done.has(t.key));
    let ran = 0;
    const onDone = (task: PlannedPoint, outcome: TaskOutcome) => {
      if (!outcome.ok) throw pointError(task.workload.name, outcome.error);
      if (!("row" in outcome)) return;
      file?.append(outcome.row);
      done.set(outcome.row.key, outcome.row);
      ran++;
      opts.progress?.(ran, todo.length);
    };
    if (todo.length) opts.progress?.(0, todo.length);
    const withMachine = (t: PlannedPoint): Task => ({ ...t, machine: pointMachine(plan.base, plan.grid.target, t.point) });
    const complete = todo.length === 0 || await runPool(todo, jobs, onDone, opts.signal, withMachine);
    return {
      results: plan.tasks.flatMap((t) => done.get(t.key) ?? []),
      ran, resumed, ignoredLines: file?.ignored ?? 0, interrupted: !complete, jobs,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    file?.close();
  }
}
