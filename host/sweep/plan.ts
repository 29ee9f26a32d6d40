// A sweep's plan (docs/sweep.md): the workloads and their parameters resolved, the grid
// expanded into valid machines, every input checked before any work; and what a run of it
// gives. The playground plans its sweeps with it too: only a trace named by its path (the CLI's)
// touches the file system here, and the core comes from the caller (sweep.ts runs the plan in Node).

import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { CoreError, LEVEL_NAMES, type Core } from "../core.js";
import { ConfigError } from "../config/level.js";
import type { MachineConfig } from "../config/machine.js";
import { parseSize } from "../config/size.js";
import { WORKLOADS, runWorkload } from "../workloads/workloads.js";
import { expandGrid, gridSize, MAX_POINTS_WITHOUT_YES, type Grid, type Skipped } from "./grid.js";
import { pointKey, type MountainTask, type PlannedPoint, type ResultRow, type WorkloadSpec } from "./point.js";

export interface SweepPlan {
  workloads: WorkloadSpec[];
  base: MachineConfig;
  grid: Grid;
  /** Points before validity checks: configurations x workloads. */
  total: number;
  /** Valid configurations. */
  configs: number;
  /** Invalid configurations, counted by reason (each would have run once per workload). */
  skipped: Skipped[];
  /** The valid points, configuration-major. */
  tasks: PlannedPoint[];
}

/**
 * Resolve the workload names (or trace files) and their parameters; `params` apply to every
 * workload that takes them. `newCore` gives a core to check the parameters on (Node's loadCore;
 * the playground's own).
 */
export function workloadSpecs(names: string[], params: Record<string, string | undefined>, newCore: () => Core): WorkloadSpec[] {
  if (names.length === 0) throw new ConfigError("no workload: name at least one (memsim run --help lists them), or give \"workloads\" in the sweep file");
  if (new Set(names).size !== names.length) throw new ConfigError(`a workload is named twice`);
  const given = Object.entries(params).filter(([, v]) => v !== undefined);
  const specs = names.map((name): WorkloadSpec => {
    const w = WORKLOADS.find((x) => x.name === name);
    if (!w) {
      if (existsSync(name) && statSync(name).isFile()) {
        const st = statSync(name);
        return { name, kind: "trace", params: {}, path: resolve(name), bytes: st.size, mtimeMs: st.mtimeMs };
      }
      if (name === "-") throw new ConfigError("a sweep replays a trace once per point, so it cannot read standard input: give the trace's file");
      throw new ConfigError(`'${name}' is neither a workload (${WORKLOADS.map((x) => x.name).join(", ")}) nor a trace file`);
    }
    const mine: Record<string, string> = {};
    for (const [k, v] of given) if (w.params.some((p) => p.name === k)) mine[k] = v!;
    // The parameters' own checks, on a core with no machine: a bad value throws a ConfigError
    // naming it; a good set stops at "not configured".
    try {
      runWorkload(newCore(), name, mine);
    } catch (err) {
      if (!(err instanceof CoreError)) throw err;
    }
    const full: Record<string, number | string> = {};
    for (const p of w.params) {
      const v = mine[p.name];
      full[p.name] = v === undefined ? (p.unit === "choice" ? p.choices![p.default] : p.default)
        : p.unit === "bytes" ? parseSize(v)! : p.unit === "choice" ? v.trim() : Number(v);
    }
    return { name, kind: "synthetic", params: full };
  });
  for (const [k] of given) {
    if (!specs.some((s) => s.kind === "synthetic" && k in s.params)) {
      throw new ConfigError(`--${k}: none of the workloads takes it (${names.join(", ")})`);
    }
  }
  return specs;
}

/** Check everything and list the points; throws a ConfigError naming the option at fault. */
export function planSweep(workloads: WorkloadSpec[], base: MachineConfig, grid: Grid, opts: { yes?: boolean } = {}): SweepPlan {
  if (base.mode === "cachegrind") throw new ConfigError("--preset: a sweep compares cycles, and the cachegrind machine has none; start from a generic machine");
  if (Object.keys(grid.axes).length === 0) {
    throw new ConfigError("the grid is empty: give at least one of --l1i, --l1d, --l2, --l3, --assoc, --line, --policy, --dram, or a sweep file (--grid)");
  }
  const total = gridSize(grid) * workloads.length;
  if (total > MAX_POINTS_WITHOUT_YES && !opts.yes) {
    throw new ConfigError(`--yes: the grid has ${total.toLocaleString("en-US")} points, over ${MAX_POINTS_WITHOUT_YES.toLocaleString("en-US")}; pass --yes to run them all`);
  }
  const { configs, skipped } = expandGrid(grid, base);
  if (configs.length === 0) {
    throw new ConfigError(`every point of the grid is invalid (${skipped.map((s) => `${s.count} with ${s.reason}`).join("; ")}): nothing to run`);
  }
  const tasks = configs.flatMap((c) => workloads.map((w): PlannedPoint => ({
    type: "point", key: pointKey(w, c.digest), index: c.index, workload: w, point: c.point,
  })));
  return { workloads, base, grid, total, configs: configs.length, skipped, tasks };
}

export interface SweepRun {
  /** The plan's points that have results, in plan order. */
  results: ResultRow[];
  /** Points computed this time, and found in the results file. */
  ran: number;
  resumed: number;
  /** Lines of the results file that were not rows. */
  ignoredLines: number;
  interrupted: boolean;
  jobs: number;
  seconds: number;
}

/** A point that failed (a trace line that does not parse, a workload the machine cannot run): its message, naming the workload. */
export function pointError(workload: string, error: string): ConfigError {
  return new ConfigError(error.startsWith(`${workload}:`) ? error : `${workload}: ${error}`);
}

/** The base machine's memory mountain for the HTML report: sizes from 4K up to 4x its largest cache (1M at least, 64M at most), strides 8 to 512. */
export function mountainTasks(machine: MachineConfig): MountainTask[] {
  const largest = Math.max(...LEVEL_NAMES.map((l) => machine.levels[l]?.size ?? 0));
  const tasks: MountainTask[] = [];
  for (let size = 4096; size <= Math.min(64 << 20, Math.max(4 * largest, 1 << 20)); size *= 2) {
    for (let stride = 8; stride <= 512; stride *= 2) tasks.push({ type: "mountain", machine, size, stride });
  }
  return tasks;
}
