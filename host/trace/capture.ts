// Decoding a text trace into packed records without simulating them (the
// core's capture mode), in batches. Shared by `memsim convert` and the parse
// worker of the parallel replay.

import type { Core } from "../core.js";
import type { ByteSource } from "./source.js";
import type { TraceFormat } from "./format.js";
import { TraceError, lineError, lineNumber } from "./replay.js";

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
  const parse = format === "lackey" ? e.parseLackey : format === "din" ? e.parseDin : e.parseDineroIV;
  e.resetMachine();
  e.setCapture(1);
  try {
    let leftover = have;
    let final = false;
    while (!final || leftover > 0) {
      // Read no more than one call parses, so the tail moved down stays a partial line.
      const input = core.input().subarray(0, Math.max(CAPTURE_BYTES, leftover));
      const room = !final && leftover < input.length;
      const got = room ? await source.read(input.subarray(leftover)) : 0;
      if (room && got === 0) final = true;
      const len = leftover + got;
      const consumed = parse(len, final ? 1 : 0);
      if (consumed < 0) throw lineError(core, source.name, format, consumed);
      if (consumed === 0 && len > 0) throw new TraceError(`${source.name}: line ${lineNumber(core)}: a line longer than 256 KiB`);
      const count = e.capturedRecords();
      if (count > 0) yield { records: new Uint8Array(e.memory.buffer, e.batchPtr(), count * 8), count };
      core.input().copyWithin(0, consumed, len);
      leftover = len - consumed;
    }
  } finally {
    e.setCapture(0);
  }
}
