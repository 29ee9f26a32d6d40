// Converting a text trace to the binary format. The core decodes lines into
// records in capture mode; the host appends them to a temporary file that is
// renamed into place only when the whole trace converted.

import { openSync, writeSync, closeSync, renameSync, rmSync } from "node:fs";
import type { Core } from "../core.js";
import type { ByteSource } from "./source.js";
import { type TraceFormat, binaryHeader, detectFormat, TRACE_FORMATS } from "./format.js";
import { TraceError, lineError, lineNumber } from "./replay.js";

export async function convertToBinary(core: Core, source: ByteSource, format: TraceFormat | "auto", outPath: string): Promise<number> {
  const e = core.exports;
  let leftover = await source.read(core.input());
  const resolved = format === "auto" ? detectFormat(core.input().subarray(0, leftover)) : format;
  if (!resolved) throw new TraceError(`${source.name}: cannot tell the trace format from its first lines; name it with --format (${TRACE_FORMATS.join(", ")})`);
  if (resolved === "binary") throw new TraceError(`${source.name}: the trace is already in the binary format`);
  const parse = resolved === "lackey" ? e.parseLackey : resolved === "din" ? e.parseDin : e.parseDineroIV;
  const temp = `${outPath}.partial`;
  let fd: number;
  try {
    fd = openSync(temp, "w");
  } catch (err) {
    throw new TraceError(`${outPath}: cannot write the output: ${(err as NodeJS.ErrnoException).code}`);
  }
  let records = 0;
  e.resetMachine();
  e.setCapture(1);
  try {
    writeSync(fd, binaryHeader());
    let final = false;
    while (!final || leftover > 0) {
      const input = core.input();
      const room = !final && leftover < input.length;
      const got = room ? await source.read(input.subarray(leftover)) : 0;
      if (room && got === 0) final = true;
      const len = leftover + got;
      const consumed = parse(len, final ? 1 : 0);
      if (consumed < 0) throw lineError(core, source.name, resolved, consumed);
      if (consumed === 0 && len > 0) throw new TraceError(`${source.name}: line ${lineNumber(core)}: a line longer than 256 KiB`);
      const n = e.capturedRecords();
      writeSync(fd, new Uint8Array(e.memory.buffer, e.batchPtr(), n * 8));
      records += n;
      core.input().copyWithin(0, consumed, len);
      leftover = len - consumed;
    }
    closeSync(fd);
    if (records === 0) throw new TraceError(`${source.name}: the trace has no records`);
    renameSync(temp, outPath);
    return records;
  } catch (err) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(temp, { force: true });
    throw err;
  } finally {
    e.setCapture(0);
  }
}
