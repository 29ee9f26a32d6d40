// The per-line accounting's exports (docs/python.md, "The core's exports";
// the table's layout in python/lines.ts).

import { lineStats, lineTable, FIELDS, MAX_ROWS } from "./lines";
import { HEAP_CALLS } from "../heap/heap";

/**
 * Charge what was counted since the last line change to the line running,
 * then the number of rows at pyLineTable() (0: no script has run on the image
 * loaded). Call after pyRun; calling it again adds nothing.
 */
export function pyLineStats(): i32 {
  return <i32>lineStats();
}

/** Where the rows are: u32 code record index, u32 line, then pyLineFields() u64 counters each. */
export function pyLineTable(): usize {
  return lineTable();
}

export function pyLineFields(): i32 {
  return <i32>FIELDS;
}

export function pyLineCapacity(): i32 {
  return <i32>MAX_ROWS;
}

/** Calls since heapInit: 0 PyObject_Malloc, 1 PyObject_Free, 2 Py_INCREF, 3 Py_DECREF (-1: no such counter). */
export function pyHeapCalls(which: i32): f64 {
  if (which < 0 || which > 3) return -1;
  return <f64>load<u64>(HEAP_CALLS + (<usize>which << 3));
}
