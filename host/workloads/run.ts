// Run one workload on a configured core and report it: a synthetic kernel
// (memsim run) or a trace file (memsim trace). memsim compare, memsim sweep's
// workers and the workload suite all run their workloads through this.

import type { Core } from "../core.js";
import type { MachineConfig } from "../config/machine.js";
import { runWorkload } from "./workloads.js";
import { openSource } from "../trace/source.js";
import type { ByteSource } from "../trace/byte-source.js";
import { replay } from "../trace/replay.js";
import type { TraceFormat } from "../trace/format.js";
import { buildReport, type TraceReport } from "../report/trace-report.js";

export type WorkloadRun =
  | { kind: "synthetic"; name: string; params: Record<string, number | string> }
  | { kind: "trace"; file: string; format: TraceFormat | "auto" };

/** Opens a trace file's bytes afresh (each machine replays the whole file): a path in Node, a File in the playground. */
export type OpenTrace = (file: string) => ByteSource | Promise<ByteSource>;

/**
 * Run `w` on `core` (configured as `machine` by the caller) and build its
 * report, labelled `label` (default: as memsim run and trace label it).
 * `progress` gets the fraction of a trace read; `open` reads the trace (default: the path, openSource).
 */
export async function runAndReport(core: Core, machine: MachineConfig, w: WorkloadRun, label?: string,
  progress?: (fraction: number) => void, open: OpenTrace = openSource): Promise<TraceReport> {
  if (w.kind === "synthetic") {
    runWorkload(core, w.name, w.params);
    return buildReport(core, machine, label ?? `workload ${w.name}`, "synthetic");
  }
  const source = await open(w.file);
  try {
    const total = source.totalBytes;
    const result = await replay(core, source, w.format, total && progress ? (n) => progress(n / total) : undefined);
    return buildReport(core, machine, label ?? w.file, result.format);
  } finally {
    source.close();
  }
}
