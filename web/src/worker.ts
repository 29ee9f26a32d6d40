// The playground's worker: every run happens here, so the page never freezes, and Cancel is
// Worker.terminate(). It compiles memsim.wasm (next to this file) once and gives each run a fresh
// instance, configured and run by the same host code as the CLI: applyMachine, runWorkload +
// buildReport (memsim run), replay + buildReport of a File (memsim trace; trace-run.ts),
// runPython + buildLineReport + the GC log (memsim py), the cache view of a kernel, a File or a script, compare() on a kernel or a File (memsim compare;
// compare-run.ts), and a sweep's points one after another (memsim sweep; sweep-run.ts).

import { Core, type CoreExports } from "../../host/core.js";
import { applyMachine } from "../../host/config/machine.js";
import { runWorkload } from "../../host/workloads/workloads.js";
import { buildReport } from "../../host/report/trace-report.js";
import { runPython } from "../../host/python/runner.js";
import { buildLineReport } from "../../host/python/report.js";
import { gcSummary, type GcCollection } from "../../host/python/gclog.js";
import { machineOf, pySettingsOf } from "./state.js";
import { pyRunOptions, type PyRunSettings } from "../../host/python/options.js";
import { recordCacheView } from "./cacheview-run.js";
import { recordPython } from "./cacheview-python.js";
import { recordHeapView } from "./heapview-run.js";
import { runComparison } from "./compare-run.js";
import { runPageSweep } from "./sweep-run.js";
import { recordTraceCacheView, runTraceFile } from "./trace-run.js";
import type { Job, Result, WorkerMessage } from "./protocol.js";

const ctx = self as unknown as { postMessage(m: WorkerMessage): void; onmessage: ((e: MessageEvent<Job>) => void) | null };
const post = (m: WorkerMessage) => ctx.postMessage(m);

const compiled: Promise<WebAssembly.Module> = fetch(new URL("memsim.wasm", self.location.href))
  .then((r) => {
    if (!r.ok) throw new Error(`memsim.wasm: HTTP ${r.status}`);
    return r.arrayBuffer();
  })
  .then((bytes) => WebAssembly.compile(bytes));

/** Progress at most every 100 ms. */
let lastProgress = 0;
function progress(id: number, stage: string, extra: { bytecodes?: number; collections?: number; fraction?: number } = {}, force = false): void {
  const now = performance.now();
  if (!force && now - lastProgress < 100) return;
  lastProgress = now;
  post({ type: "progress", id, stage, ...extra });
}

/**
 * A fresh core. Its exports are the instance's, except that pyRun (runPython calls it once per
 * million bytecodes) also reports progress, under `stage()`: the run itself is runPython's, unchanged.
 */
async function newCore(id: number, collections: () => number, stage = () => "running the script"): Promise<Core> {
  const instance = await WebAssembly.instantiate(await compiled, {});
  const raw = instance.exports as unknown as CoreExports;
  const exports: CoreExports = {
    ...raw,
    pyRun: (steps: number) => {
      const status = raw.pyRun(steps);
      progress(id, stage(), { bytecodes: raw.pyBytecodes(), collections: collections() });
      return status;
    },
  };
  return new Core(exports);
}

async function run(job: Job): Promise<Result> {
  const t0 = performance.now();
  if (job.kind === "compare") {
    const input = job.input;
    const file = input && "file" in input ? input.file : undefined;
    const what = file?.name ?? (input && "filename" in input ? input.filename : job.state.run);
    // Each machine's start and the end are always shown; a trace's share of the file, machine by machine, at most every
    // 100 ms; a script's bytecodes after each million (newCore's pyRun), under the same stage.
    let running = "";
    const machines = 1 + job.state.others.length;
    const stage = (done: number, machine: string) => !machine ? "done"
      : `running ${what} on machine ${Math.floor(done) + 1} of ${machines}: ${machine}` + (file ? `, ${Math.floor(100 * (done % 1))}% of the file` : "");
    const comparison = await runComparison(job.state, () => newCore(job.id, () => 0, () => running),
      (done, machine) => progress(job.id, (running = stage(done, machine)), { fraction: done / machines }, Number.isInteger(done)), input);
    return { kind: "compare", comparison, ms: performance.now() - t0 };
  }
  if (job.kind === "sweep") {
    const { summary, mountain } = await runPageSweep(job.state, () => newCore(job.id, () => 0), (done, total, next) =>
      progress(job.id, next ?? "summarizing", { fraction: done / total }, true), job.file);
    return { kind: "sweep", summary, mountain, ms: performance.now() - t0 };
  }
  const machine = machineOf(job.state);
  if (job.kind === "cacheview") {
    if (machine.mode === "cachegrind") throw new Error("the cache view needs a generic machine: the cachegrind preset has no access-by-access mode (pick another preset)");
    progress(job.id, "configuring the machine", {}, true);
    const core = await newCore(job.id, () => 0);
    applyMachine(core, machine);
    progress(job.id, `recording ${job.steps} references of ${job.file?.name ?? job.script?.filename ?? job.state.run}`, {}, true);
    // A script runs as memsim py runs it (its settings: the step limit, the heap, the profile), the tap on.
    const fetches = job.state.fetches ?? false;
    const recording = job.file
      ? await recordTraceCacheView(core, machine, job.file, job.state.format ?? "auto", job.steps, fetches)
      : job.script
      ? recordPython(core, job.script.source, job.script.filename, job.steps, pyRunOptions(pySettingsOf(job.state), machine.coreMHz), fetches, job.state.fromLine)
      : recordCacheView(core, job.state.run, job.state.params, job.steps, fetches);
    return { kind: "cacheview", recording, ms: performance.now() - t0 };
  }
  if (job.kind === "heapview") {
    if (machine.mode === "cachegrind") throw new Error("the cachegrind preset has no timing: Python runs need a generic machine (pick another preset)");
    const core = await newCore(job.id, () => 0);
    applyMachine(core, machine);
    progress(job.id, "stepping through the script", {}, true);
    const recording = recordHeapView(core, job.source, job.filename, {
      ...heapViewSettings(pySettingsOf(job.state)),
      write: (text) => post({ type: "stdout", id: job.id, text }),
    });
    if (recording.exitCode === 2) throw new Error(recording.stderr.trim());
    return { kind: "heapview", recording, source: job.source, ms: performance.now() - t0 };
  }
  if (job.kind === "trace") {
    progress(job.id, "configuring the machine", {}, true);
    const core = await newCore(job.id, () => 0);
    const report = await runTraceFile(core, machine, job.file, job.state.format ?? "auto", (fraction) => progress(job.id, `replaying ${job.file.name}`, { fraction }));
    return { kind: "workload", report, ms: performance.now() - t0 };
  }
  if (job.kind === "workload") {
    progress(job.id, "configuring the machine", {}, true);
    const core = await newCore(job.id, () => 0);
    applyMachine(core, machine);
    progress(job.id, `running ${job.state.run}`, {}, true);
    runWorkload(core, job.state.run, job.state.params);
    const report = buildReport(core, machine, `workload ${job.state.run}`, "synthetic");
    return { kind: "workload", report, ms: performance.now() - t0 };
  }
  if (machine.mode === "cachegrind") throw new Error("the cachegrind preset has no timing: Python runs need a generic machine (pick another preset)");
  // memsim py's options, parsed and applied as the CLI does (host/python/options.ts).
  const settings = pySettingsOf(job.state);
  const { bytecodeCycles, gcThresholds } = settings;
  const collections: GcCollection[] = [];
  progress(job.id, "compiling the script", {}, true);
  const core = await newCore(job.id, () => collections.length);
  applyMachine(core, machine);
  let stdout = "";
  const outcome = runPython(core, job.source, job.filename, {
    write: (text) => {
      stdout += text;
      post({ type: "stdout", id: job.id, text });
    },
    onCollection: (c) => collections.push(c),
    ...pyRunOptions(settings, machine.coreMHz),
  });
  progress(job.id, "building the report", {}, true);
  const lines = outcome.exitCode !== 2 ? buildLineReport(core, machine, job.source, job.filename, bytecodeCycles ?? 0) : undefined;
  const gc = lines ? gcSummary(lines, collections, gcThresholds[0]) : undefined;
  const report = buildReport(core, machine, `script ${job.filename}`, "python");
  return {
    kind: "python", exitCode: outcome.exitCode, stdout, stderr: outcome.stderr, bytecodes: outcome.bytecodes,
    lines, collections, gc, run: report, ms: performance.now() - t0,
  };
}

ctx.onmessage = (e) => {
  const job = e.data;
  run(job).then(
    (result) => post({ type: "done", id: job.id, result }),
    (err: unknown) => post({ type: "error", id: job.id, message: err instanceof Error ? err.message : String(err) }),
  );
};

compiled.then(() => post({ type: "ready" }), (err: Error) => post({ type: "error", id: 0, message: `loading memsim.wasm: ${err.message}` }));

/**
 * What the heap view takes of memsim py's settings: the profile's collector thresholds, immortality
 * and layouts, --max-steps and --heap-limit (not --bytecode-cycles: the view shows no cycles).
 */
function heapViewSettings({ gcThresholds, immortal, objectLayouts, maxSteps, heapLimit }: PyRunSettings) {
  return { gcThresholds, immortal, objectLayouts, stepLimit: maxSteps, heapLimit };
}
