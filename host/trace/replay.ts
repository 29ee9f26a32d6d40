// Replaying a trace through the core: fill the input buffer from the source,
// let the core parse and simulate every whole line (or record), carry the
// partial tail over to the next chunk. Errors name the file, the line (or
// record) and the offending text; nothing is reported for a failed replay.

import type { Core } from "../core.js";
import { ERROR_TEXT } from "../core.js";
import { type ByteSource, TraceFileError } from "./byte-source.js";
import { type TraceFormat, FORMAT_NAMES, BINARY_MAGIC, BINARY_HEADER_BYTES, BINARY_VERSION, detectFormat, TRACE_FORMATS } from "./format.js";

export class TraceError extends Error {}

const ERR_STORAGE_FULL = -67;

export interface ReplayResult {
  format: TraceFormat;
  bytes: number; // bytes of trace text or records (after decompression)
}

export type Progress = (bytesRead: number) => void;

/** Replay the whole of `source` in `format` ("auto" detects it). The core must be configured. */
export async function replay(core: Core, source: ByteSource, format: TraceFormat | "auto", progress?: Progress): Promise<ReplayResult> {
  const e = core.exports;
  const head = await readHead(core, source, format);
  const resolved = head.format;
  let total = head.have;
  if (resolved === "binary") {
    total = await replayBinary(core, source, head.have, progress);
  } else {
    for await (const got of parseChunks(core, source, resolved, head.have, e.inputCapacity())) {
      total += got;
      progress?.(source.bytesRead());
    }
  }
  checkNotEmpty(core, source.name, resolved);
  return { format: resolved, bytes: total };
}

/**
 * Fill the input buffer with the start of `source` and resolve its format ("auto": detected as
 * detectFormat does); `have` bytes are then at the start of the input buffer.
 */
export async function readHead(core: Core, source: ByteSource, format: TraceFormat | "auto"): Promise<{ format: TraceFormat; have: number }> {
  const have = await source.read(core.input());
  if (format !== "auto") return { format, have };
  const detected = detectFormat(core.input().subarray(0, have));
  if (!detected) {
    throw new TraceError(have === 0
      ? `${source.name}: the trace is empty`
      : `${source.name}: cannot tell the trace format from its first lines; name it with --format (${TRACE_FORMATS.join(", ")})`);
  }
  return { format: detected, have };
}

function checkNotEmpty(core: Core, name: string, format: TraceFormat): void {
  if (core.global(core.counters(), "records") === 0n) {
    throw new TraceError(`${name}: the trace has no ${FORMAT_NAMES[format]} records`);
  }
}

/**
 * Feed a text trace through the core's parser for its format, whole lines at
 * a time: fill up to `window` bytes of the input buffer after the tail the last
 * call left (`have` bytes are there already), parse, move the new tail down.
 * Yields after every parse call the bytes it read; throws on a bad line.
 */
export async function* parseChunks(core: Core, source: ByteSource, format: Exclude<TraceFormat, "binary">, have: number, window: number): AsyncGenerator<number> {
  const e = core.exports;
  const parse = format === "lackey" ? e.parseLackey : format === "din" ? e.parseDin : e.parseDineroIV;
  let leftover = have;
  let final = false;
  while (!final) {
    const input = core.input().subarray(0, Math.max(window, leftover));
    const room = leftover < input.length;
    const got = room ? await source.read(input.subarray(leftover)) : 0;
    const len = leftover + got;
    final = room && got === 0;
    const consumed = parse(len, final ? 1 : 0);
    if (consumed < 0) throw lineError(core, source.name, format, consumed);
    if (consumed === 0 && len === input.length) {
      throw new TraceError(`${source.name}: line ${lineNumber(core)}: a line longer than ${input.length} bytes`);
    }
    core.input().copyWithin(0, consumed, len);
    leftover = len - consumed;
    yield got;
  }
}

async function replayBinary(core: Core, source: ByteSource, have: number, progress?: Progress): Promise<number> {
  const e = core.exports;
  checkBinaryHeader(source.name, core.input().subarray(0, have));
  core.input().copyWithin(0, BINARY_HEADER_BYTES, have);
  let leftover = have - BINARY_HEADER_BYTES;
  let records = 0;
  let total = have;
  for (;;) {
    const input = core.input();
    const got = await source.read(input.subarray(leftover));
    total += got;
    const len = leftover + got;
    const whole = len - (len % 8);
    const code = e.simulate(whole / 8);
    if (code < 0) {
      const index = records + e.errorRecord();
      throw new TraceError(`${source.name}: record ${index + 1} (byte ${BINARY_HEADER_BYTES + index * 8}): ${code === -1 ? "unknown record kind" : ERROR_TEXT[code]}`);
    }
    records += whole / 8;
    core.input().copyWithin(0, whole, len);
    leftover = len - whole;
    progress?.(source.bytesRead());
    if (got === 0) break;
  }
  if (leftover !== 0) throw new TraceError(`${source.name}: the file ends inside a record (${leftover} stray bytes)`);
  return total;
}

/** The binary format's header at the start of `head`, or a TraceError saying what is wrong with it. */
export function checkBinaryHeader(name: string, head: Uint8Array): void {
  if (head.length < BINARY_HEADER_BYTES || new TextDecoder("latin1").decode(head.subarray(0, 8)) !== BINARY_MAGIC) {
    throw new TraceError(`${name}: not a memsim binary trace (it must start with ${BINARY_MAGIC})`);
  }
  const version = new DataView(head.buffer, head.byteOffset, BINARY_HEADER_BYTES).getUint32(8, true);
  if (version !== BINARY_VERSION) throw new TraceError(`${name}: binary trace version ${version} is not supported (expected ${BINARY_VERSION})`);
}

export function lineNumber(core: Core): number {
  return Number(core.global(core.counters(), "lines")) + 1;
}

export function lineError(core: Core, name: string, format: TraceFormat, code: number): TraceError {
  if (code === ERR_STORAGE_FULL) {
    // Not a bad line: the run outgrew RAM plus swap at some reference of the current chunk.
    const done = core.global(core.counters(), "records");
    return new TraceError(`${name}: ${ERROR_TEXT[code]} (after ${done.toLocaleString("en-US")} references; a larger --swap or --ram)`);
  }
  const input = core.input();
  const start = core.exports.errorLineOffset();
  let end = input.indexOf(10, start);
  if (end < 0) end = input.length;
  let text = new TextDecoder("latin1").decode(input.subarray(start, Math.min(end, start + 120))).replace(/\r$/, "");
  if (end - start > 120) text += "...";
  const why = code === -1 ? `not a valid ${FORMAT_NAMES[format]} line` : ERROR_TEXT[code] ?? `error ${code}`;
  return new TraceError(`${name}:${lineNumber(core)}: ${why}: '${text}'`);
}

export { TraceFileError };
