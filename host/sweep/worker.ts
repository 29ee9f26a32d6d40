// The sweep's worker thread (bundled to dist/sweep-worker.js for piscina):
// one Wasm instance per thread, reused for every task it runs. Errors come
// back as values, so the main thread can tell a bad point from a broken pool.

import { loadCore } from "../core-node.js";
import type { Core } from "../core.js";
import { runTask, type Task, type TaskOutcome } from "./point.js";

let core: Core | undefined;

export default async function run(task: Task): Promise<TaskOutcome> {
  core ??= loadCore();
  try {
    return await runTask(core, task);
  } catch (err) {
    core = undefined; // a core left mid-run is not reused
    return { ok: false, error: (err as Error).message };
  }
}
