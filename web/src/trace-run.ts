// Trace files in the playground's worker (docs/web.md "Trace files"): a File (picked or dropped)
// replayed as `memsim trace FILE` replays a path: the same detection, parsers and report, the
// bytes streamed from the file chunk by chunk (gzip decompressed on the fly), so a multi-gigabyte
// trace runs in bounded memory. The file is read locally; nothing is uploaded.

import type { Core } from "../../host/core.js";
import type { TraceFormat } from "../../host/trace/format.js";
import { applyMachine, type MachineConfig } from "../../host/config/machine.js";
import { openBlob } from "../../host/trace/blob-source.js";
import type { TraceReport } from "../../host/report/trace-report.js";
import { runAndReport } from "../../host/workloads/run.js";
import { recordRefs, traceRefs, type Recording } from "./cacheview-run.js";

/** Open `file` as a trace source (each call reads it afresh from its start). */
export const openFile = (file: File) => () => openBlob(file, file.name);

/** Replay the whole file on `machine` in `format` ("auto": detected); `progress` gets the share of the file read so far. */
export function runTraceFile(core: Core, machine: MachineConfig, file: File, format: TraceFormat | "auto", progress: (fraction: number) => void): Promise<TraceReport> {
  applyMachine(core, machine);
  return runAndReport(core, machine, { kind: "trace", file: file.name, format }, file.name, progress, openFile(file));
}

/** The cache view of the file's first `steps` data references (`fetches`: references of any kind, the L1i shown too; only the start of the file is read). */
export async function recordTraceCacheView(core: Core, machine: MachineConfig, file: File, format: TraceFormat | "auto", steps: number, fetches = false): Promise<Recording> {
  const source = await openBlob(file, file.name);
  try {
    const { refs } = await traceRefs(core, source, steps, format, fetches);
    applyMachine(core, machine); // capture mode forgot the machine
    return recordRefs(core, file.name, refs, steps, undefined, fetches);
  } finally {
    source.close();
  }
}
