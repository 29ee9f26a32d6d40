// Converting a text trace to the binary format: records are captured by the
// core and appended to a temporary file that is renamed into place only when
// the whole trace converted.

import { openSync, writeSync, closeSync, renameSync, rmSync } from "node:fs";
import type { Core } from "../core.js";
import type { ByteSource } from "./byte-source.js";
import { type TraceFormat, binaryHeader, detectFormat, TRACE_FORMATS } from "./format.js";
import { TraceError } from "./replay.js";
import { captureRecords } from "./capture.js";

export async function convertToBinary(core: Core, source: ByteSource, format: TraceFormat | "auto", outPath: string): Promise<number> {
  const have = await source.read(core.input());
  const resolved = format === "auto" ? detectFormat(core.input().subarray(0, have)) : format;
  if (!resolved) throw new TraceError(`${source.name}: cannot tell the trace format from its first lines; name it with --format (${TRACE_FORMATS.join(", ")})`);
  if (resolved === "binary") throw new TraceError(`${source.name}: the trace is already in the binary format`);
  const temp = `${outPath}.partial`;
  let fd: number;
  try {
    fd = openSync(temp, "w");
  } catch (err) {
    throw new TraceError(`${outPath}: cannot write the output: ${(err as NodeJS.ErrnoException).code}`);
  }
  let records = 0;
  try {
    writeSync(fd, binaryHeader());
    for await (const batch of captureRecords(core, source, resolved, have)) {
      writeSync(fd, batch.records);
      records += batch.count;
    }
    closeSync(fd);
    if (records === 0) throw new TraceError(`${source.name}: the trace has no records`);
    renameSync(temp, outPath);
    return records;
  } catch (err) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(temp, { force: true });
    throw err;
  }
}
