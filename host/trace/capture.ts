// Decoding a text trace into packed records without simulating them (the
// core's capture mode), in batches. Shared by `memsim convert` and the parse
// worker of the parallel replay.

import type { Core } from "../core.js";
import type { ByteSource } from "./byte-source.js";
import type { TraceFormat } from "./format.js";
import { parseChunks } from "./replay.js";

export type TextFormat = Exclude<TraceFormat, "binary">;

/** Bytes the core parses per call in capture mode (docs/abi.md). */
export const CAPTURE_BYTES = 256 << 10;

export interface RecordBatch {
  records: Uint8Array; // a view into the core's memory, valid until the next batch
  count: number;
}

/**
 * Yield the records of `source` batch by batch. `have` bytes of it are
 * already at the start of the input buffer (read for format detection).
 */
export async function* captureRecords(core: Core, source: ByteSource, format: TextFormat, have: number): AsyncGenerator<RecordBatch> {
  const e = core.exports;
  e.resetMachine();
  e.setCapture(1);
  try {
    // Read no more than one call parses, so the tail moved down stays a partial line.
    for await (const _ of parseChunks(core, source, format, have, CAPTURE_BYTES)) {
      const count = e.capturedRecords();
      if (count > 0) yield { records: new Uint8Array(e.memory.buffer, e.batchPtr(), count * 8), count };
    }
  } finally {
    e.setCapture(0);
  }
}
