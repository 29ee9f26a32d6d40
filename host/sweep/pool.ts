// The worker pool: piscina threads running dist/sweep-worker.js, each with its
// own Wasm instance. Tasks are fed a few at a time (so a grid of 100 000
// points does not sit in the queue at once) and cancelled on abort: queued
// ones never start, running ones lose their thread.

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { Task, TaskOutcome } from "./point.js";

/**
 * The worker script: next to the bundle (dist/cli.js, dist/sweep-worker.js),
 * or, when this module runs from source (tests, the benchmark), the built one
 * in dist/.
 */
export function workerFile(): string {
  const candidates = ["./sweep-worker.js", "../../dist/sweep-worker.js"].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`the sweep worker (${candidates[0]}) is missing: run npm run build`);
  return found;
}

/**
 * Run `tasks` (each made ready by `prepare` as it is sent) on `jobs` threads; `onDone` sees each outcome as it arrives (in
 * completion order). Resolves when every task is done, or when `signal`
 * aborts and the pool has stopped (returns false then). An error thrown by
 * `onDone`, or a thread that dies, stops the pool and is rethrown.
 */
export async function runPool<T>(tasks: readonly T[], jobs: number, onDone: (task: T, outcome: TaskOutcome) => void, signal?: AbortSignal,
  prepare: (task: T) => Task = (t) => t as Task): Promise<boolean> {
  const threads = Math.max(1, Math.min(jobs, tasks.length));
  const pool = new Piscina<Task, TaskOutcome>({ filename: workerFile(), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  const cancel = new AbortController();
  const stop = () => cancel.abort();
  signal?.addEventListener("abort", stop, { once: true });
  let failure: unknown;
  try {
    await new Promise<void>((resolve) => {
      let next = 0;
      let inFlight = 0;
      const pump = () => {
        while (!cancel.signal.aborted && inFlight < threads * 2 && next < tasks.length) {
          const task = tasks[next++];
          inFlight++;
          pool.run(prepare(task), { signal: cancel.signal })
            .then((outcome) => onDone(task, outcome))
            .catch((err) => {
              if (cancel.signal.aborted && (err as Error).name === "AbortError") return; // cancelled: not a failure
              failure ??= err;
              cancel.abort();
            })
            .finally(() => {
              inFlight--;
              pump();
            });
        }
        if (inFlight === 0 && (next === tasks.length || cancel.signal.aborted)) resolve();
      };
      pump();
    });
  } finally {
    signal?.removeEventListener("abort", stop);
    await pool.destroy();
  }
  if (failure !== undefined) throw failure;
  return !cancel.signal.aborted;
}
