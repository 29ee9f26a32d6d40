// The cache view of a Python script (docs/web.md "The cache view"): the script run as memsim py
// runs it with the core's reference tap on (docs/abi.md "The reference tap"), which keeps its heap
// references with their categories and lines; its start-up then replayed silently through `access`
// and its lines' first references recorded as a kernel's are (cacheview-run.ts recordRefs). Apart
// from cacheview-run.ts so that the page, which needs that file's types and constants, does not
// bundle the Python compiler. No DOM: the worker and the tests use it.

import type { Core } from "../../host/core.js";
import { runPython, type PyRunOptions } from "../../host/python/runner.js";
import { recordRefs, tapped, categoryNotes, type Recording, type Tapped } from "./cacheview-run.js";

/** Records the tap keeps by default: a script's start-up (about 10,000) and its first lines' references with their markers. */
export const PYTHON_TAP_RECORDS = 1 << 20;

/** A Python run's heap references (the core's reference tap, docs/abi.md "The reference tap"): the start-up's, then the lines'. */
export interface PyRefs extends Tapped {
  exitCode: number;
  stderr: string;
  bytecodes: number;
}

/** Bytecodes between two looks at the tap when a run stops once it is full (pythonRefs' `untilFull`). */
const TAP_CHECK_STEPS = 1 << 16;

/**
 * Run `source` on the configured (generic) core with the reference tap on, as memsim py runs it
 * (`options`: its step limit, heap and profile settings), and return what the tap kept, decoded:
 * the start-up's references and at most `keep` of the script's lines' (from line `fromLine`'s first
 * reference, when given: the lines' before it are kept as the start-up's are). With `untilFull`, the run
 * stops (exit code 4) within TAP_CHECK_STEPS bytecodes of the tap filling: the tap is the same,
 * and a long script is not run to its end for references nobody keeps.
 */
export function pythonRefs(core: Core, source: string, filename: string, options: Omit<PyRunOptions, "write"> & { write?: (text: string) => void },
  capacity = PYTHON_TAP_RECORDS, keep = Infinity, untilFull = false, fromLine?: number): PyRefs {
  const e = core.exports;
  const stop = untilFull ? { stepsPerCall: TAP_CHECK_STEPS, onCall: () => (e.heapTapCount() >= capacity ? 0 : undefined) } : {};
  const { result, tap } = tapped(core, capacity, () => runPython(core, source, filename, { ...options, ...stop, write: options.write ?? (() => {}) }), keep, fromLine);
  return { ...tap, exitCode: result.exitCode, stderr: result.stderr, bytecodes: result.bytecodes };
}

/**
 * The cache view of a Python script: its start-up's references replayed silently through
 * `access` (so the caches are as warm as the run left them), then the first `n` references of its
 * lines recorded, each with its category and line; with `fromLine`, the first `n` from that line's
 * first reference on, everything before it replayed silently as the start-up is. The script runs
 * until the tap is full (or to its end). Throws memsim py's message for a script outside memsim's
 * subset, and says so when line `fromLine` made no reference the tap kept. (`fetches`: asked for
 * the instruction fetches too; a script's references have none, and the recording says so.)
 */
export function recordPython(core: Core, source: string, filename: string, n: number, options: Omit<PyRunOptions, "write"> & { write?: (text: string) => void },
  fetches = false, fromLine?: number): Recording {
  const py = pythonRefs(core, source, filename, options, PYTHON_TAP_RECORDS, n, true, fromLine);
  if (py.exitCode === 2) throw new Error(py.stderr.trim());
  if (fromLine !== undefined && py.start === py.refs.length) {
    throw new Error(py.complete ? `line ${fromLine} of ${filename} made no heap reference (it never ran, or touches nothing on the heap)`
      : `line ${fromLine} of ${filename} made no heap reference among the first ${PYTHON_TAP_RECORDS} records the cache view keeps`);
  }
  if (py.start === py.refs.length && !py.complete) throw new Error(`${filename}'s start-up made more than the ${PYTHON_TAP_RECORDS} records the cache view keeps`);
  // A fresh core state for the replay: the same machine, nothing simulated (initMachine clears the caches and the counters).
  core.check(core.exports.initMachine(0));
  return { ...recordRefs(core, filename, py.refs, n, { warm: py.start, notes: categoryNotes(core, py, true) }, fetches), source, ...(fromLine !== undefined ? { fromLine } : {}) };
}
