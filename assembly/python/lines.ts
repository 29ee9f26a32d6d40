// Per-line accounting for `memsim py --report` (docs/python.md, "The report").
//
// On unless the host turns it off for a run (pySetLineAccounting: `memsim
// py` without --report, --json or --gc-log), and exact: the eval loop calls
// noteInstruction before it fetches each instruction. While execution stays
// on one source line of one frame
// that is a few compares (inlined); when the (code, line) the costs belong to
// changes, the counters are made current (the direct hits folded in, queued
// heap accesses simulated: what heapSync does, so the results do not change)
// and the change of every counter since the last change is added to the row
// of the line that was running: a category stretch, by line. So every count
// lands in exactly one row, and the rows add up to the run's totals.
//
// A row per (code record, line), in first-run order, in a table reserved per run:
//   u32 code record index (the image's record order; 0xFFFFFFFF the startup
//       row, 0xFFFFFFFE the overflow row, 0xFFFFFFFD the exit row), u32
//       line, then FIELDS u64:
//   0 executions (times the line was entered: its first instruction in a frame,
//     a different line than the frame's previous instruction, or a backward
//     jump, as CPython's line events; an instruction without a line (0: an
//     artificial jump) belongs to the line running in its frame)
//   1 bytecodes  2 allocations (PyObject_Malloc calls)  3 frees (PyObject_Free
//   calls)  4 increfs  5 decrefs (Py_INCREF / Py_DECREF calls)
//   6.. the stats block's globals: records, cycles, memReads, memWrites,
//     pageFaults, minorFaults, faultCycles, storageReads, storageWrites,
//     storageCycles
//   16.. per level (l1i, l1d, l2, l3): accesses (I+R+W), misses (I+R+W)
//   24.. per heap category (mutator, alloc, free, refcount, gc): references,
//     cycles, memReads
// Row 0 (startup) holds what was counted before the script's first
// instruction: the stats since they were last cleared, the calls since the
// heap was laid out (initHeap) — the heap's setup, the image's constants and
// code objects, the builtins. At most MAX_ROWS rows: a line first run when
// the table is full is charged to the overflow row (the last one). The exit
// row holds the interpreter's exit (pyFinalize) but for the lines of the
// finalizers it runs. A call from C code (a nested eval loop: a key function,
// __del__, a gc callback) charges the C code's work after it returns to the
// line that made the C call, as before it (lineSave / lineRestore).

import { CR_LINES, CR_FIRSTLINE, codesPtr, CODE_RECORD } from "./state";
import { HEAP_CALLS } from "../heap/heap";
import { foldDirectHits } from "../trace/records";
import { flushBatch, queuedRecords } from "../trace/text";
import {
  statPtr, levelStatPtr, categoryStatPtr, LEVELS, CATEGORY_COUNT, S_ACCESS, S_MISS, C_REFERENCES, C_CYCLES, C_MEM_READS,
  G_RECORDS, G_CYCLES, G_MEM_READS, G_MEM_WRITES, G_PAGE_FAULTS, G_MINOR_FAULTS, G_FAULT_CYCLES, G_STORAGE_READS,
  G_STORAGE_WRITES, G_STORAGE_CYCLES,
} from "../stats";
import { reserve } from "../layout";
import { tapping, tapLine } from "../trace/tap";

export const MAX_ROWS: u32 = 4096;
export const FIELDS: u32 = 39;
export const ROW_BYTES: usize = 8 + <usize>FIELDS * 8;
export const STARTUP_CODE: u32 = 0xFFFFFFFF;
export const OVERFLOW_CODE: u32 = 0xFFFFFFFE;
export const EXIT_CODE: u32 = 0xFFFFFFFD;

const F_EXECUTIONS: usize = 0;
const F_BYTECODES: usize = 1;
const SLOTS: u32 = MAX_ROWS * 2; // hash slots (u32 row + 1; 0 empty)

/** The rows: reserved in the machine's arena when a run starts (1.3 MB: too big for static data, which must leave the input buffer inside the initial memory). */
let TABLE: usize = 0;
const INDEX: usize = memory.data(<i32>(SLOTS * 4), 64);
/** The counters at the last change (fields 1..FIELDS-1). */
const PREV: usize = memory.data(<i32>(FIELDS * 8), 64);

let rows: u32 = 0;
/** The row being charged (its address) and where the counters were taken last. */
let row: usize = 0;
let lastRec: usize = 0;
let lastIp: u32 = 0;
let lastFrame: u64 = 0;
let lastLines: usize = 0;
let curLine: u32 = 0;
let steps: u64 = 0;
/** codesPtr of the run the table holds (0: none yet). */
let tableCodes: usize = 0;
/** What runs outside the script's lines: the startup, then (pyFinalize) the exit. */
let phaseCode: u32 = STARTUP_CODE;

/**
 * Whether the eval loop notes instructions for the table (the image's runs;
 * pyLoad turns it on). Off, a run keeps no rows (lineStats says 0) and knows
 * no running line (the GC log's lines are 0): a run that reports nothing per
 * line is spared the bookkeeping, and its cycles are the same.
 */
export let lineAccounting = true;

export function setLineAccounting(on: bool): void {
  lineAccounting = on;
  if (!on) tableCodes = 0; // no rows: nothing from an earlier run either
}

/** The source line running now, and its code record's index (for the log of collections). */
export function runningLine(): u32 { return tableCodes == 0 || lastRec == 0 ? 0 : curLine; }
export function runningCode(): u32 { return tableCodes == 0 ? STARTUP_CODE : lastRec == 0 ? phaseCode : <u32>((lastRec - codesPtr) / CODE_RECORD); }

/** The interpreter's exit starts: what is counted from now on goes to the exit row (but for the lines of the code it runs). */
export function enterExitRow(): void {
  phaseCode = EXIT_CODE;
  if (tableCodes == 0) return;
  charge();
  row = rowOf(EXIT_CODE, 0);
  lastRec = 0;
  lastFrame = 0;
  lastIp = 0;
  curLine = 0xFFFFFFFF;
}

// The line state around nested eval loops, by nesting level: row, lastRec, lastLines, lastIp, curLine (u32), lastFrame (u64).
const SAVED_LEVELS: u32 = 128;
const SAVED: usize = memory.data(<i32>(SAVED_LEVELS * 32), 8);

/** A nested eval loop of nesting level `level` starts (a call from C code): the calling line's state kept. */
export function lineSave(level: u32): void {
  if (tableCodes == 0 || level >= SAVED_LEVELS) return;
  const p = SAVED + <usize>level * 32;
  store<u32>(p, <u32>row);
  store<u32>(p, <u32>lastRec, 4);
  store<u32>(p, <u32>lastLines, 8);
  store<u32>(p, lastIp, 12);
  store<u32>(p, curLine, 16);
  store<u64>(p, lastFrame, 24);
}

/** It returned: its costs charged to its lines, the C code's work from here on is the calling line's again. */
export function lineRestore(level: u32): void {
  if (tableCodes == 0 || level >= SAVED_LEVELS) return;
  charge();
  const p = SAVED + <usize>level * 32;
  row = <usize>load<u32>(p);
  lastRec = <usize>load<u32>(p, 4);
  lastLines = <usize>load<u32>(p, 8);
  lastIp = load<u32>(p, 12);
  curLine = load<u32>(p, 16);
  lastFrame = load<u64>(p, 24);
}

/** Where the rows are; rows(): how many (after lineStats). */
export function lineTable(): usize { return TABLE; }

/**
 * Before the eval loop fetches instruction `i` of code record `r` in frame
 * `f`; `n` the bytecodes run since pyStart (0: a run starts).
 */
// @ts-ignore: decorator
@inline export function noteInstruction(r: usize, i: u32, f: u64, n: u64): void {
  if (i == lastIp + 1 && r == lastRec && f == lastFrame && n != 0 && load<u32>(lastLines + (<usize>i << 2)) == curLine) {
    lastIp = i;
    steps++;
  } else {
    lineChange(r, i, f, n);
  }
}

function lineChange(r: usize, i: u32, f: u64, n: u64): void {
  if (n == 0) startTable();
  if (TABLE == 0) return;
  const lines = <usize>load<u32>(r + CR_LINES);
  let line = load<u32>(lines + (<usize>i << 2));
  if (line == 0) {
    // An artificial instruction (no line in CPython's table, no line event):
    // part of the line running in its frame.
    if (f == lastFrame && r == lastRec) {
      lastIp = i;
      steps++;
      return;
    }
    line = lineBefore(r, lines, i);
  }
  let entered: bool;
  if (i == 0) entered = true; // a frame starts (or a jump to its start)
  else if (f == lastFrame && r == lastRec) entered = i <= lastIp || line != curLine; // a jump back, or a new line
  else entered = line != load<u32>(lines + (<usize>(i - 1) << 2)); // back from a call: the frame's previous instruction was the CALL
  if (r != lastRec || line != curLine) {
    charge();
    if (tapping) tapLine(line); // (charge simulated what was queued: the marker follows the previous line's references)
    row = rowOf(<u32>((r - codesPtr) / CODE_RECORD), line);
  }
  if (entered) store<u64>(row + 8 + (F_EXECUTIONS << 3), load<u64>(row + 8 + (F_EXECUTIONS << 3)) + 1);
  lastRec = r;
  lastIp = i;
  lastFrame = f;
  lastLines = lines;
  curLine = line;
  steps++;
}

/** The line of the nearest instruction before `i` that has one (else the code's first line). */
function lineBefore(r: usize, lines: usize, i: u32): u32 {
  while (i > 0) {
    i--;
    const l = load<u32>(lines + (<usize>i << 2));
    if (l != 0) return l;
  }
  return load<u32>(r + CR_FIRSTLINE);
}

/** A run starts: an empty table, and the startup row charged with everything counted so far. */
function startTable(): void {
  TABLE = reserve(<usize>MAX_ROWS * ROW_BYTES); // a fresh arena after every initMachine: never reuse an old address
  if (TABLE == 0) { // no room: no per-line accounting for this run (lineStats reports no rows)
    tableCodes = 0;
    return;
  }
  memory.fill(INDEX, 0, <usize>SLOTS * 4);
  memory.fill(PREV, 0, <usize>FIELDS * 8);
  rows = 0;
  steps = 0;
  tableCodes = codesPtr;
  phaseCode = STARTUP_CODE;
  row = newRow(STARTUP_CODE, 0);
  lastRec = 0;
  lastFrame = 0;
  curLine = 0xFFFFFFFF;
}

function newRow(code: u32, line: u32): usize {
  const p = TABLE + <usize>rows * ROW_BYTES;
  store<u32>(p, code);
  store<u32>(p + 4, line);
  memory.fill(p + 8, 0, <usize>FIELDS * 8);
  rows++;
  return p;
}

/** The row of (code, line), added when new (the overflow row once the table is full). */
function rowOf(code: u32, line: u32): usize {
  let h = (code * 0x9E3779B1) ^ (line * 0x85EBCA77);
  h ^= h >> 15;
  let s = h & (SLOTS - 1);
  while (true) {
    const k = load<u32>(INDEX + (<usize>s << 2));
    if (k == 0) break;
    const p = TABLE + <usize>(k - 1) * ROW_BYTES;
    if (load<u32>(p) == code && load<u32>(p + 4) == line) return p;
    s = (s + 1) & (SLOTS - 1);
  }
  if (rows >= MAX_ROWS - 1) {
    // full: the last row is the overflow row
    if (rows == MAX_ROWS - 1) newRow(OVERFLOW_CODE, 0);
    return TABLE + <usize>(MAX_ROWS - 1) * ROW_BYTES;
  }
  store<u32>(INDEX + (<usize>s << 2), rows + 1);
  return newRow(code, line);
}

/** Add counter value `v` of field `k`, less its value at the last change, to the current row. */
// @ts-ignore: decorator
@inline function addField(k: usize, v: u64): void {
  const out = row + 8 + (k << 3);
  const prev = PREV + (k << 3);
  store<u64>(out, load<u64>(out) + (v - load<u64>(prev)));
  store<u64>(prev, v);
}

/**
 * Bring the counters up to date and add their change since the last call to
 * the current row. Every source is a constant address (the stats block and
 * the heap's call counts are static data), so the loops below compile to
 * straight loads: this runs at every line change, several times per loop
 * iteration of a script.
 */
function charge(): void {
  if (tableCodes == 0) return;
  if (queuedRecords() > 0) flushBatch(); // (which folds the direct hits too)
  else foldDirectHits();
  addField(F_BYTECODES, steps); // a local count
  for (let k: usize = 0; k < 4; k++) addField(2 + k, load<u64>(HEAP_CALLS + (k << 3))); // allocations, frees, increfs, decrefs
  addField(6, load<u64>(statPtr(G_RECORDS)));
  addField(7, load<u64>(statPtr(G_CYCLES)));
  addField(8, load<u64>(statPtr(G_MEM_READS)));
  addField(9, load<u64>(statPtr(G_MEM_WRITES)));
  addField(10, load<u64>(statPtr(G_PAGE_FAULTS)));
  addField(11, load<u64>(statPtr(G_MINOR_FAULTS)));
  addField(12, load<u64>(statPtr(G_FAULT_CYCLES)));
  addField(13, load<u64>(statPtr(G_STORAGE_READS)));
  addField(14, load<u64>(statPtr(G_STORAGE_WRITES)));
  addField(15, load<u64>(statPtr(G_STORAGE_CYCLES)));
  for (let l = 0; l < LEVELS; l++) { // accesses and misses, the three kinds (instruction, read, write) summed
    const a = levelStatPtr(l, S_ACCESS), m = levelStatPtr(l, S_MISS);
    addField(16 + 2 * <usize>l, load<u64>(a) + load<u64>(a, 8) + load<u64>(a, 16));
    addField(17 + 2 * <usize>l, load<u64>(m) + load<u64>(m, 8) + load<u64>(m, 16));
  }
  for (let c = 0; c < CATEGORY_COUNT; c++) {
    const p = categoryStatPtr(c, 0);
    addField(24 + 3 * <usize>c, load<u64>(p + (C_REFERENCES << 3)));
    addField(25 + 3 * <usize>c, load<u64>(p + (C_CYCLES << 3)));
    addField(26 + 3 * <usize>c, load<u64>(p + (C_MEM_READS << 3)));
  }
}

/** Charge what was counted since the last line change to the line running, then the row count (0: no run yet, or the image was reloaded). */
export function lineStats(): u32 {
  if (tableCodes == 0 || tableCodes != codesPtr) return 0;
  charge();
  return rows;
}
