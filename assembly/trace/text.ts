// What the text trace parsers share: the digit table, the complete-lines
// rule for chunked input, the batch of decoded records and error positions.
//
// The host streams a file through the input buffer in chunks. A parser
// consumes only whole lines and returns how many bytes it used; the host moves
// the rest to the front and appends the next chunk. Every line ends in '\n'
// before the limit, so the digit loops need no bounds checks.

import { INPUT_PTR, INPUT_CAPACITY, BATCH_PTR, BATCH_RECORDS } from "../layout";
import { simulateBatch, packMarker, foldDirectHits, CAT_NONE } from "./records";
import { currentMode } from "../hierarchy/machine";
import { tapping, tapBatch } from "./tap";
import { bump, G_LINES } from "../stats";
import * as E from "../errors";

/** ASCII -> hex digit value, 255 for anything else. */
export const HEX: usize = memory.data<u8>([
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 255, 255, 255, 255, 255,
  255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
]);

export const NEWLINE: u32 = 10;

/** Byte offset, in the last chunk, of the line a parser rejected. */
export let errorOffset: i32 = 0;

/**
 * Check a parse call's arguments and find where its whole lines end: after
 * the last '\n', or, for the final chunk, at its end (a missing final newline
 * is supplied). Returns the limit, or 0 with `status` set to an error.
 */
export let status: i32 = E.OK;
/** The `len` of the current parse call: what "all consumed" means even when a newline was supplied. */
let chunkLength: i32 = 0;
export function linesLimit(len: i32, final: bool): usize {
  status = E.OK;
  batchStatus = E.OK;
  if (len < 0 || len > INPUT_CAPACITY) {
    status = E.ERR_LENGTH;
    return 0;
  }
  chunkLength = len;
  if (capturing) {
    // Records not taken by the last call are dropped, and every record line has
    // at least CAPTURE_LINE_BYTES bytes, so the batch cannot overflow.
    dropQueued();
    if (len > CAPTURE_BYTES) {
      len = CAPTURE_BYTES;
      final = false;
    }
  } else if (currentMode() < 0) {
    status = E.ERR_NOT_CONFIGURED;
    return 0;
  }
  let end = INPUT_PTR + <usize>len;
  if (final) {
    if (len > 0 && load<u8>(end - 1) != NEWLINE) {
      store<u8>(end, NEWLINE); // the buffer has slack for this byte
      end++;
    }
    return end;
  }
  while (end > INPUT_PTR && load<u8>(end - 1) != NEWLINE) end--;
  return end;
}

/** Decoded records waiting in the batch. */
let pending: i32 = 0;

// Capture mode (for converting a text trace to records): parsers decode into
// the batch and leave the records there for the host instead of simulating.
const CAPTURE_LINE_BYTES: i32 = 4; // "0 0\n", the shortest din line
const CAPTURE_BYTES: i32 = BATCH_RECORDS * CAPTURE_LINE_BYTES;
let capturing = false;
let capturingWorkload = false;

/** runWorkload captures (capture mode): its records stay in the batch, the first BATCH_RECORDS - 1 at most. */
export function setWorkloadCapture(on: bool): void {
  capturingWorkload = on;
}

export function setCapture(on: bool): void {
  capturing = on;
  dropQueued();
}

/** Whether capture mode is on (the synthetic workloads refuse to run in it). */
export function isCapturing(): bool {
  return capturing;
}

/** Records captured by the last parse call; the batch is then empty again. */
export function takeCaptured(): i32 {
  const n = pending;
  dropQueued();
  return n;
}

/** Queue one record, simulating the batch when it is full. */
// @ts-ignore: decorator
@inline export function emit(record: u64): void {
  store<u64>(BATCH_PTR + (<usize>pending << 3), record);
  if (++pending == BATCH_RECORDS) flushBatch();
}

/** OK, or the error that stopped simulation of the current call's records (ERR_STORAGE_FULL). */
let batchStatus: i32 = E.OK;

/** A new parse call or workload starts with no error. */
export function clearBatchStatus(): void {
  batchStatus = E.OK;
}

/** Records after this one of the current call are not simulated: an access simulated directly (heap/memory.ts) failed with `code`. */
export function failBatch(code: i32): void {
  if (batchStatus == E.OK) batchStatus = code;
}

/** Whether the records of this call stopped being simulated (producers should stop). */
// @ts-ignore: decorator
@inline export function stopped(): bool {
  return batchStatus < 0;
}

/** Records queued and not yet simulated. */
// @ts-ignore: decorator
@inline export function queuedRecords(): i32 {
  return pending;
}

// Category markers (the emulated heap's, heap/memory.ts): a marker in the
// batch says which stats category the records after it are charged to
// (CAT_NONE: none), so that heap operations need not simulate their records
// before the next one starts. The batch's first records are charged to the
// category of the last marker queued before them.
let openCategory: i32 = CAT_NONE; // the category in effect where the batch starts
let markedCategory: i32 = CAT_NONE; // the category of the last marker queued
let markerSlot: i32 = -1; // the batch index of the last record queued when it is a marker, else -1

/** Whether the category marked last is none (CAT_NONE). */
// @ts-ignore: decorator
@inline export function categoryUnmarked(): bool {
  return markedCategory == CAT_NONE;
}

/** Charge the records queued from now on to category `c` (CAT_NONE: to none). */
export function markCategory(c: i32): void {
  if (c == markedCategory) return;
  markedCategory = c;
  if (pending == 0) {
    // Nothing queued: the batch will start in category c.
    openCategory = c;
    markerSlot = -1;
    return;
  }
  if (markerSlot >= 0 && markerSlot == pending - 1) {
    // Nothing was queued since the last marker: it becomes this one.
    store<u64>(BATCH_PTR + (<usize>markerSlot << 3), packMarker(c));
    return;
  }
  markerSlot = pending;
  emit(packMarker(c));
}

/** Empty the batch without simulating it; the next records start in the category last marked. */
function dropQueued(): void {
  pending = 0;
  markerSlot = -1;
  openCategory = markedCategory;
}

/** Simulate what is queued; OK or the error that stopped simulation. */
export function flushBatch(): i32 {
  foldDirectHits();
  if (capturing) {
    // A workload captured (runWorkload in capture mode): the batch is full, so
    // the producer stops (stopped()); what it still emits before its next check
    // overwrites the last slot only, which is then not reported.
    if (capturingWorkload && pending >= BATCH_RECORDS) {
      pending = BATCH_RECORDS - 1;
      batchStatus = E.ERR_WORKLOAD_CAPTURE;
    }
    return E.OK;
  }
  if (pending > 0 && batchStatus == E.OK) {
    if (tapping) tapBatch(BATCH_PTR, pending, openCategory, markedCategory);
    batchStatus = simulateBatch(BATCH_PTR, pending, openCategory);
  }
  dropQueued();
  return batchStatus;
}

/** End a parse call: simulate the queue, count lines, return bytes consumed. */
export function finishChunk(limit: usize, lines: u64): i32 {
  if (flushBatch() < 0) return batchStatus;
  bump(G_LINES, lines);
  return min(<i32>(limit - INPUT_PTR), chunkLength);
}

/** Fail a parse call at the line starting at `lineStart`, dropping the queued records (the host abandons the run). */
export function failChunk(lineStart: usize, lines: u64, code: i32): i32 {
  dropQueued();
  if (batchStatus < 0) return batchStatus; // the run had already stopped (swap full) before this line
  errorOffset = <i32>(lineStart - INPUT_PTR);
  bump(G_LINES, lines);
  return code;
}

// @ts-ignore: decorator
@inline export function isBlank(c: u32): bool {
  return c == 0x20 || c == 0x09;
}

/** The end of the line holding `p` (the position of its '\n'). */
export function lineEnd(p: usize): usize {
  while (load<u8>(p) != NEWLINE) p++;
  return p;
}
