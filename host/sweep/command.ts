// `memsim sweep`: its grid options and the command's run: check every input,
// run the points on the worker pool with a progress bar, stop cleanly on
// Ctrl-C, and print the summary (table or JSON; optionally an HTML report).

import type { Command } from "commander";
import { LEVEL_NAMES } from "../core.js";
import { ConfigError, POLICIES } from "../config/level.js";
import { DRAM_PRESET_NAMES } from "../config/dram.js";
import type { MachineConfig } from "../config/machine.js";
import { WORKLOADS } from "../workloads/workloads.js";
import type { MountainPoint } from "../mountain/mountain.js";
import { gridFrom, readSweepFile, MAX_POINTS_WITHOUT_YES, type GridText } from "./grid.js";
import { checkWritable } from "./results.js";
import { executeSweep, defaultJobs } from "./sweep.js";
import { mountainTasks, planSweep, workloadSpecs } from "./plan.js";
import { loadCore } from "../core-node.js";
import { summarize, formatSummary } from "./summary.js";
import { runPool } from "./pool.js";
import { writeSweepHtml } from "./html.js";
import { chartBundle } from "../report/html.js";

/** Ctrl-C stopped the sweep: the message says what is saved and how to resume; exit code 130. */
export class SweepInterrupted extends Error {}

export const SWEEP_HELP =
  "Run workloads on every machine of a parameter grid, in parallel on worker threads (one per core unless --jobs), " +
  "and report the best configuration per workload, the Pareto front of cycles against total cache size, and miss-rate " +
  "curves over size for each associativity (docs/sweep.md).\n\n" +
  "The grid: --l1i, --l1d, --l2 and --l3 sweep a level's size; --assoc, --line and --policy apply to the --target levels " +
  "(default: the levels whose size is swept, else l1d) together; --dram sweeps the memory model. Each takes MIN..MAX " +
  "(doubling from MIN) or a comma-separated list. The rest of the machine comes from --preset or --config and the " +
  "options below. A point that breaks a geometry rule (sets not a power of two, plru with ways not a power of two, ...) " +
  "is skipped and counted by reason.\n\n" +
  "With --out FILE each point's figures are appended as one JSON line as it completes, and points already in FILE are not " +
  "run again: rerun the same command to resume an interrupted sweep.";

/** The grid and run options (the machine and workload options are the caller's). */
export function addGridOptions(c: Command): Command {
  return c
    .option("--l1i <sizes>", "L1i sizes to sweep, e.g. 16K..64K or 16K,32K")
    .option("--l1d <sizes>", "L1d sizes to sweep: MIN..MAX, doubling (16K..128K), or a list (16K,32K,64K)")
    .option("--l2 <sizes>", "L2 sizes to sweep, e.g. 256K..2M")
    .option("--l3 <sizes>", "L3 sizes to sweep (a level the base machine lacks gets 16 ways, 64 B lines, 40 cycles)")
    .option("--assoc <ways>", "associativities of the --target levels, e.g. 1,2,4,8,16 or 1..16")
    .option("--line <bytes>", "line sizes of the --target levels, e.g. 32,64,128")
    .option("--policy <names>", `replacement policies of the --target levels: ${POLICIES.join(", ")}`)
    .option("--dram <models>", `memory models below the caches: ${DRAM_PRESET_NAMES.join(", ")} (fixed: the --mem-latency memory)`)
    .option("--target <levels>", `the levels --assoc, --line and --policy apply to: ${LEVEL_NAMES.join(", ")} (default: the levels whose size is swept, else l1d)`)
    .option("--grid <file>", "a sweep file (JSON; docs/sweep.md) with the grid, and optionally the workloads, params and preset; options on the command line replace its fields")
    .option("--out <file>", "append each point's results to this JSONL file as it completes; points already there are not run again (resume)")
    .option("--json", "print the summary as one JSON object")
    .option("--html <file>", "also write a self-contained HTML report: miss-rate curves, a cycles heat map, the base machine's memory mountain")
    .option("--yes", `run a grid of more than ${MAX_POINTS_WITHOUT_YES.toLocaleString("en-US")} points`)
    .option("--jobs <n>", `worker threads (default: one per core, here ${defaultJobs()})`)
    .option("--no-progress", "no progress bar, even on a terminal");
}

export type SweepOptions = GridText & {
  grid?: string; out?: string; json?: boolean; html?: string; yes?: boolean; jobs?: string; progress: boolean;
  preset?: string; config?: string;
} & Record<string, unknown>;

/** The base machine from --preset/--config and the machine options (the caller's parser); the sweep file's preset or config fills in. */
export type BaseMachine = (source: { preset?: string; config?: string }) => MachineConfig;

function parseJobs(text: string | undefined): number {
  if (text === undefined) return defaultJobs();
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || Number(text) > 1024) throw new ConfigError(`--jobs: '${text}' must be a whole number of threads from 1 to 1024`);
  return Number(text);
}

/** A progress bar on stderr when it is a terminal: points done, rate and ETA. */
async function progressBar(enabled: boolean): Promise<{ update: (done: number, total: number) => void; stop: () => void }> {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const { SingleBar } = await import("cli-progress");
  const bar = new SingleBar({
    stream: process.stderr, hideCursor: true, clearOnComplete: true,
    format: "sweep |{bar}| {value}/{total} points | {duration_formatted} | ETA {eta_formatted}",
  });
  let started = false;
  return {
    update: (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}

/** The base machine's memory mountain (plan.ts mountainTasks), for the HTML report, on the pool. */
async function baseMountain(machine: MachineConfig, jobs: number): Promise<MountainPoint[]> {
  const points: MountainPoint[] = [];
  await runPool(mountainTasks(machine), jobs, (_, outcome) => {
    if (!outcome.ok) throw new Error(outcome.error);
    if ("mountain" in outcome) points.push(outcome.mountain);
  });
  return points.sort((a, b) => a.size - b.size || a.stride - b.stride);
}

export async function runSweep(names: string[], o: SweepOptions, baseMachine: BaseMachine, workloadParams: readonly string[]): Promise<void> {
  const file = o.grid !== undefined ? readSweepFile(o.grid) : undefined;
  for (const k of Object.keys(file?.params ?? {})) {
    if (!WORKLOADS.some((w) => w.params.some((p) => p.name === k))) throw new ConfigError(`${file!.path}: params.${k}: no workload takes such a parameter`);
  }
  const params: Record<string, string | undefined> = {};
  for (const name of workloadParams) params[name] = (o[name] as string | undefined) ?? file?.params?.[name];
  const workloads = workloadSpecs(names.length ? names : file?.workloads ?? [], params, loadCore);
  const fromCli = o.preset !== undefined || o.config !== undefined;
  const base = baseMachine(fromCli ? { preset: o.preset, config: o.config } : { preset: file?.preset, config: file?.config });
  const grid = gridFrom(o, file);
  const jobs = parseJobs(o.jobs);
  if (o.out !== undefined) checkWritable("--out", o.out);
  if (o.html !== undefined) {
    checkWritable("--html", o.html);
    chartBundle(); // a missing chart bundle fails now, not after the sweep
  }
  const plan = planSweep(workloads, base, grid, { yes: o.yes });

  const bar = await progressBar(o.progress);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once("SIGINT", onSigint);
  let run;
  try {
    run = await executeSweep(plan, { jobs, out: o.out, progress: bar.update, signal: abort.signal });
  } finally {
    process.removeListener("SIGINT", onSigint);
    bar.stop();
  }
  if (run.ignoredLines) process.stderr.write(`memsim: ${o.out}: ignored ${run.ignoredLines} line${run.ignoredLines === 1 ? "" : "s"} that are not results\n`);
  if (run.interrupted) {
    throw new SweepInterrupted(`interrupted: ${run.results.length} of ${plan.tasks.length} points done` +
      (o.out !== undefined ? `, saved in ${o.out}; run the same command again to resume` : " (nothing saved: --out FILE keeps the points done, so a rerun resumes)"));
  }
  const summary = summarize(plan, run);
  if (o.html !== undefined) writeSweepHtml(o.html, summary, await baseMountain(base, jobs));
  process.stdout.write(o.json ? JSON.stringify(summary, null, 2) + "\n" : formatSummary(summary, o.out));
}
