// The cache view's recording (docs/web.md "The cache view"): the first N data references of a
// kernel, a trace or a Python script's lines (cacheview-python.ts), or its first N references of
// any kind with the instruction fetches as steps too (the L1i shown), simulated one at a time
// through the core's `access` export, with a `cacheSnapshot` of every level shown after each one. The caches are the core's own: nothing here models a
// cache; the page only replays what the core reported. No DOM: the worker and the tests use it.

import type { Core } from "../../host/core.js";
import { LEVEL_NAMES } from "../../host/core.js";
import { POLICIES } from "../../host/config/level.js";
import { runWorkload, WORKLOADS } from "../../host/workloads/workloads.js";
import type { ByteSource } from "../../host/trace/byte-source.js";
import { BINARY_HEADER_BYTES, type TraceFormat } from "../../host/trace/format.js";
import { captureRecords } from "../../host/trace/capture.js";
import { checkBinaryHeader, readHead } from "../../host/trace/replay.js";

export const CACHEVIEW_DEFAULT_STEPS = 64;
export const CACHEVIEW_MAX_STEPS = 1024;
/** Levels with more lines than this are not shown (a snapshot per step would be too big). */
export const CACHEVIEW_MAX_LINES = 65536;
/** The kernels capture mode takes: all but the heap's (their accesses are not records) and file-read (it maps a file into virtual memory). */
export const CAPTURE_KERNELS = ["sequential", "strided", "random", "zipf", "pointer-chase", "matmul", "matmul-blocked", "stencil"];
/** The heap's kernels (heap-churn, py-objects): their references are taken by the reference tap instead. */
export const HEAP_KERNELS = WORKLOADS.filter((w) => w.heap).map((w) => w.name);
/** The kernels whose references the view can replay. */
export const CACHEVIEW_KERNELS = [...CAPTURE_KERNELS, ...HEAP_KERNELS];

const KIND_I = 0;
export const KIND_NAMES = ["fetch", "read", "write", "modify"];

/** One reference: address, size, kind (0 fetch, 1 read, 2 write, 3 modify). */
export type Ref = [number, number, number];

/**
 * The first records (at most 65,535) of kernel `name`, instruction fetches
 * included, as the core's own runWorkload emits them: run in capture mode
 * (docs/abi.md "Capture mode"), so they land in the batch buffer instead of the
 * machine. The core is left out of capture mode, its counters untouched.
 */
export function kernelRefs(core: Core, name: string, params: Record<string, string>): Ref[] {
  if (!CAPTURE_KERNELS.includes(name)) throw new Error(`capture mode takes ${CAPTURE_KERNELS.join(", ")}; not ${name}`);
  const e = core.exports;
  e.setCapture(1);
  try {
    runWorkload(core, name, params);
    return decodeRecords(new Uint8Array(e.memory.buffer, e.batchPtr(), e.capturedRecords() * 8));
  } finally {
    e.setCapture(0);
  }
}

const KIND_FLUSH = 4;
/** At most as many records of a trace as of a kernel (the batch buffer's 65,535). */
const TRACE_MAX_RECORDS = 65535;

/** A packed record (docs/abi.md "Records") as a reference. */
export const decodeRecord = (w: bigint): Ref => [Number(w & 0xffff_ffff_ffffn), Number((w >> 48n) & 0xfffn) + 1, Number(w >> 60n)];

const KIND_MARKER = 15n;
const LINE_MARKER = 1n << 32n;

/** What the core's reference tap kept (docs/abi.md "The reference tap"), decoded. */
export interface Tapped {
  /** The references tapped, in order (a script's: the start-up's, then at most `keep` of its lines'). */
  refs: Ref[];
  /** Per reference: its heap category (the stats block's index: 0 mutator, 1 alloc, ...; -1 none). */
  categories: number[];
  /** Per reference: the source line that made it (0: before any line marker: a script's start-up, or a kernel). */
  lines: number[];
  /** The first reference made by a source line (of the line asked for, if one was; refs.length when none was). */
  start: number;
  /** False when the tap filled: the run made references after the last one here. */
  complete: boolean;
}

/**
 * `run` on the configured (generic) core with the reference tap on for `capacity` records (markers
 * included), and what the tap kept, decoded: every reference up to the first line marker (of line
 * `fromLine`, when given), then at most `keep`.
 * The run's counters are the ones it has with the tap off (the tap only copies the batch).
 */
export function tapped<T>(core: Core, capacity: number, run: () => T, keep = Infinity, fromLine?: number): { result: T; tap: Tapped } {
  const e = core.exports;
  core.check(e.setHeapTap(capacity));
  let result: T;
  try {
    result = run();
  } finally {
    e.setHeapTap(0);
  }
  const count = e.heapTapCount();
  const tap: Tapped = { refs: [], categories: [], lines: [], start: -1, complete: count < capacity };
  let category = -1, line = 0;
  for (const w of new BigUint64Array(e.memory.buffer, e.heapTapPtr(), count)) {
    if (w >> 60n !== KIND_MARKER) {
      if (tap.start >= 0 && tap.refs.length - tap.start >= keep) break;
      tap.refs.push(decodeRecord(w));
      tap.categories.push(category);
      tap.lines.push(line);
      if (line !== 0 && tap.start < 0 && (fromLine === undefined || line === fromLine)) tap.start = tap.refs.length - 1;
    } else if (w & LINE_MARKER) {
      line = Number(w & 0xffff_ffffn);
    } else {
      category = Number(w & 0xffn) - 1;
    }
  }
  if (tap.start < 0) tap.start = tap.refs.length;
  return { result, tap };
}

/**
 * The first references of heap kernel `name` (heap-churn, py-objects), with their categories: the
 * kernel run on the configured machine with the tap on for `capacity` records. Its counters are the run's.
 */
export function heapKernelRefs(core: Core, name: string, params: Record<string, string>, capacity: number): Tapped {
  if (!HEAP_KERNELS.includes(name)) throw new Error(`the reference tap takes the heap kernels ${HEAP_KERNELS.join(", ")}; not ${name}`);
  return tapped(core, capacity, () => runWorkload(core, name, params)).tap;
}

/** Packed records as references. */
function decodeRecords(bytes: Uint8Array): Ref[] {
  return Array.from(new BigUint64Array(bytes.buffer, bytes.byteOffset, bytes.length >> 3), decodeRecord);
}

/**
 * The first records of a trace (any format memsim trace reads, detected as it does), enough for
 * `n` data references (`fetches`: `n` references of any kind; at most 65,535 records): text decoded by the core's parsers in capture mode, binary records read as
 * they are. Only the start of the file is read. Stops before a flush record (din label 4: `access`
 * has no flush). Capture mode forgets the machine: apply it again before recording.
 */
export async function traceRefs(core: Core, source: ByteSource, n: number, format: TraceFormat | "auto" = "auto", fetches = false): Promise<{ format: string; refs: Ref[] }> {
  const head = await readHead(core, source, format);
  const refs: Ref[] = [];
  let data = 0;
  /** Take records until n data references; false once there are enough (or a flush). */
  const take = (records: Ref[]): boolean => {
    for (const r of records) {
      if (r[2] === KIND_FLUSH) return false;
      refs.push(r);
      if (((fetches || r[2] !== KIND_I) && ++data >= n) || refs.length >= TRACE_MAX_RECORDS) return false;
    }
    return true;
  };
  if (head.format === "binary") {
    const input = core.input();
    checkBinaryHeader(source.name, input.subarray(0, head.have));
    let at = BINARY_HEADER_BYTES, len = head.have;
    for (;;) {
      const whole = at + (len - at) - ((len - at) % 8);
      if (!take(decodeRecords(input.slice(at, Math.min(whole, at + (TRACE_MAX_RECORDS - refs.length) * 8))))) break;
      input.copyWithin(0, whole, len);
      const got = await source.read(input.subarray(len - whole));
      if (got === 0) break;
      [at, len] = [0, len - whole + got];
    }
  } else {
    for await (const batch of captureRecords(core, source, head.format, head.have)) {
      if (!take(decodeRecords(batch.records))) break;
    }
  }
  return { format: head.format, refs };
}

/** A way: [block number, flags (1 valid, 2 dirty), rank]. */
export type Way = [number, number, number];
/** A set: the way the next fill evicts (-1 none, -2 random), and its ways. */
export interface SetState { victim: number; ways: Way[] }

export interface LevelInfo {
  name: string;
  sets: number;
  assoc: number;
  lineBits: number;
  policy: string;
}

export interface Outcome {
  accesses: number;
  misses: number;
  evictions: number;
  writebacks: number;
}

export interface Step {
  addr: number;
  size: number;
  kind: number;
  cycles: number;
  /** Per shown level (same order as `levels`): what the reference did there (counter deltas). */
  outcomes: Outcome[];
  /** Per shown level: the sets this reference changed, with their new contents. */
  changes: [number, SetState][][];
  /** A tapped reference's heap category (mutator, alloc, free, refcount, gc); a script's also its source line. */
  category?: string;
  line?: number;
}

export interface Recording {
  kernel: string;
  levels: LevelInfo[];
  /** The instruction fetches are steps, and the L1i is shown. */
  fetches?: boolean;
  /** Levels left out, with the reason. */
  skipped: string[];
  /** Per shown level, the sets that were not empty before the first step (a script's start-up warmed them); absent: all empty. */
  initial?: [number, SetState][][];
  /** References replayed before the first step (a script's start-up). */
  warm?: number;
  /** A script's steps start at this line's first reference (the references before it replayed first, as the start-up's). */
  fromLine?: number;
  /** A script's source (the view lists it, the step's line marked). */
  source?: string;
  steps: Step[];
}

/** A tapped reference's heap category, and the script line that made it (none for a kernel). */
export interface RefNote { category: string; line?: number }

/** What recordRefs is told of tapped references: how many come before the first step (a script's start-up), and each one's notes. */
export interface RefNotes {
  warm?: number;
  notes: RefNote[];
}

/** A set as the empty caches have it (what the view draws before any step). */
export const emptySet = (assoc: number): SetState => ({ victim: -1, ways: Array.from({ length: assoc }, (_, w): Way => [0, 0, w]) });

function readSet(dv: DataView, at: number, assoc: number): SetState {
  const ways: Way[] = [];
  for (let w = 0; w < assoc; w++) {
    const p = at + 16 + 16 * w;
    ways.push([dv.getUint32(p, true) + dv.getUint32(p + 4, true) * 2 ** 32, dv.getUint32(p + 8, true), dv.getUint32(p + 12, true)]);
  }
  return { victim: dv.getInt32(at + 8, true), ways };
}

/** The steps a recording of `n` has (1..1,024; the default for none). */
export const stepsOf = (n: number) => Math.max(1, Math.min(CACHEVIEW_MAX_STEPS, Math.floor(n) || CACHEVIEW_DEFAULT_STEPS));

/**
 * Simulate the first `n` data references of kernel `name` on the configured (generic) core, one
 * `access` each, snapshotting every data-side level after each. Instruction fetches are simulated
 * too (so L2 sees what it would in the run) but are not steps; with `fetches` they are, and the L1i
 * is shown too. A heap kernel runs whole with the tap
 * on (room for its first `n` references, each after at most one category marker), then the machine
 * afresh replays them, each step with its category.
 */
export function recordCacheView(core: Core, name: string, params: Record<string, string>, n: number, fetches = false): Recording {
  if (!HEAP_KERNELS.includes(name)) return recordRefs(core, name, kernelRefs(core, name, params), n, undefined, fetches);
  const tap = heapKernelRefs(core, name, params, 2 * stepsOf(n));
  // A fresh core state for the replay: the same machine, nothing simulated (initMachine clears the caches and the counters).
  core.check(core.exports.initMachine(0));
  return recordRefs(core, name, tap.refs, n, { notes: categoryNotes(core, tap) }, fetches);
}

/** Each tapped reference's category by name, and its line when a script made it. */
export function categoryNotes(core: Core, tap: Tapped, withLines = false): RefNote[] {
  const names = core.schema.categories.names;
  return tap.refs.map((_, i) => ({ category: names[tap.categories[i]] ?? "none", ...(withLines ? { line: tap.lines[i] } : {}) }));
}

/**
 * The same for any references (a trace's first records): `label` names them in the view. With
 * `script`, each step carries its reference's notes (category, and a script's line); with
 * `script.warm` (a script's start-up), the first `warm` references are only simulated (the caches
 * then hold what they left, the recording's `initial`). With `fetches`, the instruction fetches are
 * steps too and the L1i is shown (not for tapped references: the heap's are all data accesses).
 */
export function recordRefs(core: Core, label: string, refs: Ref[], n: number, script?: RefNotes, withFetches = false): Recording {
  const e = core.exports;
  const steps = stepsOf(n);
  const buffer = e.inputPtr(), capacity = e.inputCapacity();
  const levels: (LevelInfo & { index: number })[] = [];
  const skipped: string[] = [];
  const fetches = withFetches && !script;
  if (withFetches && script) skipped.push("the L1i (the heap's references are all data accesses: there are no instruction fetches to step through)");
  for (const index of fetches ? [0, 1, 2, 3] : [1, 2, 3]) {
    const bytes = e.cacheSnapshot(index, buffer, capacity);
    if (bytes === -10) continue; // absent
    core.check(bytes);
    const dv = new DataView(e.memory.buffer, buffer, 32);
    const info = { index, name: LEVEL_NAMES[index], sets: dv.getUint32(0, true), assoc: dv.getUint32(4, true), lineBits: dv.getUint32(8, true), policy: POLICIES[dv.getUint32(12, true)] };
    if (info.sets * info.assoc > CACHEVIEW_MAX_LINES) skipped.push(`${info.name} (${info.sets * info.assoc} lines; the view shows levels of at most ${CACHEVIEW_MAX_LINES})`);
    else levels.push(info);
  }
  const previous: Uint8Array[] = levels.map(() => new Uint8Array(0));
  const counter = (c: BigUint64Array, level: number, f: string) => Number(core.level(c, level, f));
  const outcomeOf = (c: BigUint64Array, index: number): Outcome => ({
    accesses: counter(c, index, "accessI") + counter(c, index, "accessR") + counter(c, index, "accessW"),
    misses: counter(c, index, "missI") + counter(c, index, "missR") + counter(c, index, "missW"),
    evictions: counter(c, index, "evictions"),
    writebacks: counter(c, index, "writebacks"),
  });
  const snapshot = (k: number): [number, SetState][] => {
    const lv = levels[k];
    const bytes = core.check(e.cacheSnapshot(lv.index, buffer, capacity));
    const now = new Uint8Array(e.memory.buffer, buffer, bytes);
    const before = previous[k];
    const setBytes = 16 + 16 * lv.assoc;
    const changed: [number, SetState][] = [];
    const dv = new DataView(e.memory.buffer, buffer, bytes);
    for (let s = 0; s < lv.sets; s++) {
      const at = 32 + s * setBytes;
      let same = before.length === bytes;
      for (let i = 0; same && i < setBytes; i++) same = now[at + i] === before[at + i];
      if (!same) changed.push([s, readSet(dv, at, lv.assoc)]);
    }
    previous[k] = now.slice();
    return changed;
  };
  const warm = script?.warm ?? 0;
  for (const [addr, size, kind] of refs.slice(0, warm)) core.check(e.access(addr, size, kind));
  // The caches before the first step (every set "changes" once): empty, or what the warm-up left.
  const initial = levels.map((lv, k) => {
    const empty = JSON.stringify(emptySet(lv.assoc));
    return snapshot(k).filter(([, set]) => JSON.stringify(set) !== empty);
  });
  const out: Step[] = [];
  for (let i = warm; i < refs.length; i++) {
    const [addr, size, kind] = refs[i];
    const last = kind === KIND_I && !fetches ? null : core.counters();
    const cycles = e.access(addr, size, kind);
    if (cycles < 0) core.check(cycles);
    if (!last) continue;
    const now = core.counters();
    out.push({
      addr, size, kind, cycles,
      outcomes: levels.map((lv) => {
        const a = outcomeOf(now, lv.index), b = outcomeOf(last, lv.index);
        return { accesses: a.accesses - b.accesses, misses: a.misses - b.misses, evictions: a.evictions - b.evictions, writebacks: a.writebacks - b.writebacks };
      }),
      changes: levels.map((_, k) => snapshot(k)),
      ...script?.notes[i],
    });
    if (out.length >= steps) break;
  }
  const recording: Recording = { kernel: label, levels: levels.map(({ index: _, ...l }) => l), skipped, steps: out, ...(fetches ? { fetches } : {}) };
  return script?.warm !== undefined ? { ...recording, initial, warm } : recording;
}
