// The cache view of a Python script (docs/web.md "The cache view"): the script run as memsim py
// runs it with the core's reference tap on (docs/abi.md "The reference tap"), which keeps its heap
// references with their categories and lines; its start-up then replayed silently through `access`
// and its lines' first references recorded as a kernel's are (cacheview-run.ts recordRefs). Apart
// from cacheview-run.ts so that the page, which needs that file's types and constants, does not
// bundle the Python compiler. No DOM: the worker and the tests use it.

import type { Core } from "../../host/core.js";
import { runPython, type PyRunOptions } from "../../host/python/runner.js";
import { recordRefs, decodeRecord, type Recording, type Ref } from "./cacheview-run.js";

/** Records the tap keeps by default: a script's start-up (about 10,000) and its first lines' references with their markers. */
export const PYTHON_TAP_RECORDS = 1 << 20;
const KIND_MARKER = 15n;
const LINE_MARKER = 1n << 32n;

/** A Python run's heap references (the core's reference tap, docs/abi.md "The reference tap"). */
export interface PyRefs {
  /** The references tapped: the start-up's, then the lines' (at most `keep` of them). */
  refs: Ref[];
  /** Per reference: its heap category (the stats block's index: 0 mutator, 1 alloc, ...; -1 none). */
  categories: number[];
  /** Per reference: the source line that made it (0: start-up, before the script's first line). */
  lines: number[];
  /** The first reference made by a script line (refs.length when none was). */
  start: number;
  /** False when the tap filled: the run made references after the last one here. */
  complete: boolean;
  exitCode: number;
  stderr: string;
}

/**
 * Run `source` on the configured (generic) core with the reference tap on, as memsim py runs it
 * (`options`: its step limit, heap and profile settings), and return what the tap kept, decoded:
 * the start-up's references and at most `keep` of the script's lines'.
 * The run's counters are the ones it has with the tap off (the tap only copies the batch).
 */
export function pythonRefs(core: Core, source: string, filename: string, options: Omit<PyRunOptions, "write"> & { write?: (text: string) => void },
  capacity = PYTHON_TAP_RECORDS, keep = Infinity): PyRefs {
  const e = core.exports;
  core.check(e.setHeapTap(capacity));
  let outcome;
  try {
    outcome = runPython(core, source, filename, { ...options, write: options.write ?? (() => {}) });
  } finally {
    e.setHeapTap(0);
  }
  const count = e.heapTapCount();
  const words = new BigUint64Array(e.memory.buffer, e.heapTapPtr(), count);
  const out: PyRefs = { refs: [], categories: [], lines: [], start: -1, complete: count < capacity, exitCode: outcome.exitCode, stderr: outcome.stderr };
  let category = -1, line = 0;
  for (const w of words) {
    if (w >> 60n !== KIND_MARKER) {
      if (out.start >= 0 && out.refs.length - out.start >= keep) break;
      out.refs.push(decodeRecord(w));
      out.categories.push(category);
      out.lines.push(line);
      if (line !== 0 && out.start < 0) out.start = out.refs.length - 1;
    } else if (w & LINE_MARKER) {
      line = Number(w & 0xffff_ffffn);
    } else {
      category = Number(w & 0xffn) - 1;
    }
  }
  if (out.start < 0) out.start = out.refs.length;
  return out;
}

/**
 * The cache view of a Python script: its start-up's references replayed silently through
 * `access` (so the caches are as warm as the run left them), then the first `n` references of its
 * lines recorded, each with its category and line. Throws memsim py's message for a script
 * outside memsim's subset.
 */
export function recordPython(core: Core, source: string, filename: string, n: number, options: Omit<PyRunOptions, "write"> & { write?: (text: string) => void }): Recording {
  const py = pythonRefs(core, source, filename, options, PYTHON_TAP_RECORDS, n);
  if (py.exitCode === 2) throw new Error(py.stderr.trim());
  if (py.start === py.refs.length && !py.complete) throw new Error(`${filename}'s start-up made more than the ${PYTHON_TAP_RECORDS} records the cache view keeps`);
  // A fresh core state for the replay: the same machine, nothing simulated (initMachine clears the caches and the counters).
  core.check(core.exports.initMachine(0));
  const names = core.schema.categories.names;
  return recordRefs(core, filename, py.refs, n, {
    warm: py.start,
    notes: py.refs.map((_, i) => ({ category: names[py.categories[i]] ?? "none", line: py.lines[i] })),
  });
}
