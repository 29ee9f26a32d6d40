// Messages between the page (main.ts) and the worker (worker.ts) that runs the simulations.

import type { TraceReport } from "../../host/report/trace-report.js";
import type { PyLineReport } from "../../host/python/report.js";
import type { GcCollection, GcSummary } from "../../host/python/gclog.js";
import type { PlaygroundState } from "./state.js";
import type { Recording } from "./cacheview-run.js";
import type { HeapRecording } from "./heapview-run.js";
import type { Comparison } from "../../host/compare/compare.js";
import type { CompareInput } from "./compare-run.js";
import type { SweepSummary } from "../../host/sweep/summary.js";
import type { MountainPoint } from "../../host/mountain/mountain.js";

export type Job =
  | { id: number; kind: "workload"; state: PlaygroundState }
  | { id: number; kind: "python"; state: PlaygroundState; source: string; filename: string }
  | { id: number; kind: "cacheview"; state: PlaygroundState; steps: number; file?: File; /** A Python script's lines (the state's run is Python). */ script?: { source: string; filename: string } }
  | { id: number; kind: "trace"; state: PlaygroundState; file: File }
  | { id: number; kind: "heapview"; state: PlaygroundState; source: string; filename: string }
  | { id: number; kind: "compare"; state: PlaygroundState; /** A trace file or a script to compare on (else the state's kernel). */ input?: CompareInput }
  | { id: number; kind: "sweep"; state: PlaygroundState; /** A trace file to sweep on (else the state's kernel). */ file?: File };

export interface WorkloadResult {
  kind: "workload";
  report: TraceReport;
  ms: number;
}

export interface PythonResult {
  kind: "python";
  exitCode: number;
  stdout: string;
  stderr: string;
  bytecodes: number;
  /** The per-line report (absent when the script is outside memsim's subset: nothing ran). */
  lines?: PyLineReport;
  collections: GcCollection[];
  gc?: GcSummary;
  /** The whole run's levels, misses, AMAT and heap categories (as `memsim py --json`'s "run"). */
  run: TraceReport;
  ms: number;
}

/** The cache view: the first steps of a kernel, a trace or a script, with each level's sets after every step. */
export interface CacheViewResult {
  kind: "cacheview";
  recording: Recording;
  ms: number;
}

/** The heap view: a script's heap after each source line. */
export interface HeapViewResult {
  kind: "heapview";
  recording: HeapRecording;
  source: string;
  ms: number;
}

/** The kernel, trace file or script on the machines (the state's first and its others), as `memsim compare`. */
export interface CompareResult {
  kind: "compare";
  comparison: Comparison;
  ms: number;
}

/** The sweep of a grid around the first machine, as `memsim sweep --json` summarizes it, and the base machine's memory mountain (--html's). */
export interface SweepResult {
  kind: "sweep";
  summary: SweepSummary;
  mountain: MountainPoint[];
  ms: number;
}

export type Result = WorkloadResult | PythonResult | CacheViewResult | HeapViewResult | CompareResult | SweepResult;

export type WorkerMessage =
  | { type: "ready" }
  | { type: "progress"; id: number; stage: string; bytecodes?: number; collections?: number; /** Share done, 0..1, when known (a trace: of the file; a comparison: machines done, with the share of the current one). */ fraction?: number }
  | { type: "stdout"; id: number; text: string }
  | { type: "done"; id: number; result: Result }
  | { type: "error"; id: number; message: string };
