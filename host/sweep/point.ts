// One sweep task, as a worker runs it: configure the core for the point's
// machine, run the workload (or replay the trace) exactly as `memsim run` and
// `memsim trace` do, and keep the report's key figures as one results row.

import type { Core, LevelName } from "../core.js";
import { applyMachine, type MachineConfig } from "../config/machine.js";
import { rowHitRate, type TraceReport } from "../report/trace-report.js";
import { runAndReport, type OpenTrace } from "../workloads/run.js";
import { mountainPoint, type MountainPoint } from "../mountain/mountain.js";
import { cacheBytes, describeMachine, digest, type Point } from "./grid.js";

/** What a point runs: a synthetic workload with its parameters, or a trace file. */
export interface WorkloadSpec {
  /** The workload's name, or the trace's path as given. */
  name: string;
  kind: "synthetic" | "trace";
  /** Synthetic: every parameter, defaults filled in. */
  params: Record<string, number | string>;
  /** Trace: the absolute path, and what identifies its content for resuming. */
  path?: string;
  bytes?: number;
  mtimeMs?: number;
}

/** A point of the plan; its machine is built when it is sent to a worker. */
export interface PlannedPoint {
  type: "point";
  key: string;
  index: number;
  workload: WorkloadSpec;
  point: Point;
}

export interface PointTask extends PlannedPoint {
  machine: MachineConfig;
}

export interface MountainTask {
  type: "mountain";
  machine: MachineConfig;
  size: number;
  stride: number;
}

export type Task = PointTask | MountainTask;

export interface LevelFigures { accesses: number; misses: number; missRate: number }

/** One line of the results file. */
export interface ResultRow {
  key: string;
  workload: string;
  params: Record<string, number | string>;
  /** The swept axes' values. */
  point: Point;
  /** Every level's geometry and policy, and the memory model. */
  machine: Record<string, string>;
  /** Bytes of cache over all levels. */
  cacheBytes: number;
  cycles: number;
  instructions: number;
  ipc: number;
  accesses: number;
  amat: number;
  levels: Partial<Record<LevelName, LevelFigures>>;
  /** With a DRAM: row-buffer hits over all row accesses. */
  rowHitRate?: number;
  /** With --ram: major page faults. */
  pageFaults?: number;
}

export type TaskOutcome =
  | { ok: true; row: ResultRow }
  | { ok: true; mountain: MountainPoint }
  | { ok: false; error: string };

/** A point's identity in the results file: the workload (or the trace's path, size and time) and the whole machine's digest. */
export function pointKey(workload: WorkloadSpec, machineDigest: string): string {
  const what = workload.kind === "trace" ? { trace: workload.path, bytes: workload.bytes, mtimeMs: workload.mtimeMs } : { workload: workload.name, params: workload.params };
  return digest({ ...what, machine: machineDigest });
}

/** The key figures of a report. */
export function resultRow(task: PointTask, r: TraceReport): ResultRow {
  const levels: ResultRow["levels"] = {};
  for (const l of r.levels) levels[l.name] = { accesses: l.accesses.total, misses: l.misses.total, missRate: l.missRate };
  const row: ResultRow = {
    key: task.key, workload: task.workload.name, params: task.workload.params, point: task.point,
    machine: describeMachine(task.machine), cacheBytes: cacheBytes(task.machine),
    cycles: r.cycles!, instructions: r.instructions, ipc: r.core!.ipc, accesses: r.accesses!, amat: r.amat!, levels,
  };
  if (r.dram) row.rowHitRate = rowHitRate(r.dram);
  if (r.pageFaults) row.pageFaults = r.pageFaults.major;
  return row;
}

/** Run one task on `core`; a trace is read by `open` (default: its path, as runAndReport opens it). */
export async function runTask(core: Core, task: Task, open?: OpenTrace): Promise<TaskOutcome> {
  if (task.type === "mountain") return { ok: true, mountain: mountainPoint(core, task.machine, task.size, task.stride) };
  applyMachine(core, task.machine);
  const w = task.workload;
  const run = w.kind === "trace" ? { kind: "trace" as const, file: w.path!, format: "auto" as const } : { kind: "synthetic" as const, name: w.name, params: w.params };
  return { ok: true, row: resultRow(task, await runAndReport(core, task.machine, run, w.kind === "trace" ? w.name : undefined, undefined, open)) };
}
