// Synthetic workloads generated in the core: parameter checks, the record
// bound, and dispatch to the kernels. Every kernel emits packed records into
// the trace parsers' batch (trace/text.ts emit/flushBatch), so they take the
// same path as a trace and every machine option applies. docs/workloads.md.

import { currentMode } from "../hierarchy/machine";
import { flushBatch, isCapturing, clearBatchStatus, setWorkloadCapture } from "../trace/text";
import { CODE_BASE, MAX_DATA, MAX_RECORDS, seedRandom, lineUp } from "./emit";
import { runStrided, stridedRecords } from "./sequential";
import { runRandom, runZipf } from "./random";
import { runChase, MAX_CHASE_LINES } from "./chase";
import { runMatmul, runMatmulBlocked, matmulRecords, matmulBlockedRecords } from "./matmul";
import { runStencil, stencilRecords } from "./stencil";
import { runFileRead, fileReadRecords, FILE_BASE } from "./file";
import { vmEnabled, mapFile, swapAreaBytes, pageBytes } from "../memory/vm";
import { storageCapacity } from "../memory/storage";
import { runHeapChurn } from "./heapchurn";
import { runPyObjects } from "./pyobjects";
import { heapActive } from "../heap/heap";
import { heapFailed } from "../heap/memory";
import * as E from "../errors";

// Kernel numbers (the host's table in host/workloads/workloads.ts uses them).
export const W_SEQUENTIAL = 0; // p0 size, p1 stride, p2 iterations
export const W_STRIDED = 1; // p0 size, p1 stride, p2 iterations
export const W_RANDOM = 2; // p0 size, p1 accesses; seed
export const W_ZIPF = 3; // p0 size, p1 accesses, p2 alpha; seed
export const W_CHASE = 4; // p0 size, p1 iterations; seed
export const W_MATMUL = 5; // p0 n
export const W_MATMUL_BLOCKED = 6; // p0 n, p1 block
export const W_STENCIL = 7; // p0 n, p1 iterations
export const W_FILE_READ = 8; // p0 size, p1 block, p2 passes, p3 pattern (0 sequential, 1 random); seed
export const W_HEAP_CHURN = 9; // p0 live blocks, p1 pairs, p2 max size (bytes); seed. Needs heapInit
export const W_PY_OBJECTS = 10; // p0 live slots, p1 operations, p2 items per container; seed. Needs heapInit
export const W_COUNT = 11;

const MAX_ALPHA: f64 = 16;

/** A whole number from 1 up to 2^53. */
// @ts-ignore: decorator
@inline function positive(x: f64): bool {
  return x >= 1 && x <= 9007199254740992 && floor(x) == x;
}

/** Check a region size: 0 OK, else the error code. */
function checkSize(size: f64, minimum: f64): i32 {
  if (!(size >= 0) || floor(size) != size) return E.ERR_WORKLOAD_PARAM;
  if (size < minimum) return E.ERR_WORKLOAD_SIZE;
  if (size > MAX_DATA) return E.ERR_WORKLOAD_RANGE;
  return E.OK;
}

/** Bytes of n × n doubles, rounded to lines, times `arrays`. */
function squareBytes(n: f64, arrays: f64): f64 {
  return <f64>lineUp(<u64>(n * n * 8)) * arrays;
}

export function runWorkload(kind: i32, p0: f64, p1: f64, p2: f64, p3: f64, seed: i32): i32 {
  if (kind < 0 || kind >= W_COUNT) return E.ERR_WORKLOAD_KIND;
  if (currentMode() < 0) return E.ERR_NOT_CONFIGURED;
  // Capture mode: the kernel's first records go to the batch buffer instead of
  // the machine (the playground's cache view replays them through access()).
  // The heap workloads simulate their accesses directly, and file-read maps a
  // file into the virtual memory: those cannot be captured.
  const capture = isCapturing();
  if (capture && (kind == W_HEAP_CHURN || kind == W_PY_OBJECTS || kind == W_FILE_READ)) return E.ERR_WORKLOAD_CAPTURE;
  const pc = CODE_BASE + (<u64>kind << 8);
  let code: i32;
  let records: f64 = 0;
  switch (kind) {
    case W_SEQUENTIAL:
    case W_STRIDED: {
      if ((code = checkSize(p0, 1)) < 0) return code;
      if (!positive(p1) || !positive(p2)) return E.ERR_WORKLOAD_PARAM;
      records = stridedRecords(p0, p1, p2);
      break;
    }
    case W_RANDOM: {
      if ((code = checkSize(p0, 8)) < 0) return code;
      if (!positive(p1)) return E.ERR_WORKLOAD_PARAM;
      records = p1 * 3;
      break;
    }
    case W_ZIPF: {
      if ((code = checkSize(p0, 64)) < 0) return code;
      if (!positive(p1) || !(p2 > 0 && p2 <= MAX_ALPHA)) return E.ERR_WORKLOAD_PARAM;
      records = p1 * 3;
      break;
    }
    case W_CHASE: {
      if ((code = checkSize(p0, 64)) < 0) return code;
      if (!positive(p1)) return E.ERR_WORKLOAD_PARAM;
      if (floor(p0 / 64) > <f64>MAX_CHASE_LINES) return E.ERR_WORKLOAD_RANGE;
      records = floor(p0 / 64) * p1 * 3;
      break;
    }
    case W_MATMUL:
    case W_MATMUL_BLOCKED: {
      if (!positive(p0)) return E.ERR_WORKLOAD_PARAM;
      if (kind == W_MATMUL_BLOCKED && !positive(p1)) return E.ERR_WORKLOAD_PARAM;
      if (p0 > 1048576.0 || squareBytes(p0, 3) > MAX_DATA) return E.ERR_WORKLOAD_RANGE;
      records = kind == W_MATMUL ? matmulRecords(p0) : matmulBlockedRecords(p0, min(p1, p0));
      break;
    }
    case W_FILE_READ: {
      if ((code = checkSize(p0, 8)) < 0) return code;
      if (!positive(p1) || !positive(p2) || (p3 != 0 && p3 != 1)) return E.ERR_WORKLOAD_PARAM;
      if (p1 % 8 != 0 || p1 > 4294967296.0 || p0 / p1 > 4294967295.0) return E.ERR_WORKLOAD_PARAM;
      if (!vmEnabled()) return E.ERR_WORKLOAD_FILE;
      const pages = <u64>ceil(p0 / <f64>pageBytes()) * pageBytes();
      if (swapAreaBytes() + pages > storageCapacity()) return E.ERR_WORKLOAD_FILE;
      records = fileReadRecords(p0, p1, p2);
      break;
    }
    case W_PY_OBJECTS: {
      if (!positive(p0) || !positive(p1) || !positive(p2)) return E.ERR_WORKLOAD_PARAM;
      if (p0 > 16777216.0 || p2 > 20) return E.ERR_WORKLOAD_RANGE;
      if (!heapActive()) return E.ERR_HEAP_NOT_READY;
      records = 0; // object operations make their own records
      break;
    }
    case W_HEAP_CHURN: {
      if (!positive(p0) || !positive(p1) || !positive(p2)) return E.ERR_WORKLOAD_PARAM;
      if (p0 > 16777216.0 || p2 > 1048576.0) return E.ERR_WORKLOAD_RANGE;
      if (!heapActive()) return E.ERR_HEAP_NOT_READY;
      records = 0; // heap operations make their own records, a few dozen per pair at most
      break;
    }
    default: { // W_STENCIL
      if (!positive(p0) || !positive(p1)) return E.ERR_WORKLOAD_PARAM;
      if (p0 < 3) return E.ERR_WORKLOAD_SIZE;
      if (p0 > 1048576.0 || squareBytes(p0, 2) > MAX_DATA) return E.ERR_WORKLOAD_RANGE;
      records = stencilRecords(p0, p1);
      break;
    }
  }
  if (records > MAX_RECORDS) return E.ERR_WORKLOAD_RECORDS;

  seedRandom(seed);
  clearBatchStatus();
  setWorkloadCapture(capture);
  switch (kind) {
    case W_SEQUENTIAL:
    case W_STRIDED: runStrided(<u64>p0, <u64>p1, <u64>p2, pc); break;
    case W_RANDOM: runRandom(<u64>p0, <u64>p1, pc); break;
    case W_ZIPF: runZipf(<u64>p0, <u64>p1, p2, pc); break;
    case W_CHASE: if (!runChase(<u64>p0, <u64>p1, pc)) return E.ERR_WORKLOAD_MEMORY; break;
    case W_MATMUL: runMatmul(<u64>p0, pc); break;
    case W_MATMUL_BLOCKED: runMatmulBlocked(<u64>p0, <u64>p1, pc); break;
    case W_HEAP_CHURN:
      if (!runHeapChurn(<u32>p0, <u64>p1, <u32>p2)) return heapFailed ? E.ERR_STORAGE_FULL : E.ERR_HEAP_MEMORY;
      break;
    case W_PY_OBJECTS:
      if (!runPyObjects(<u32>p0, <u64>p1, <u32>p2)) return heapFailed ? E.ERR_STORAGE_FULL : E.ERR_HEAP_MEMORY;
      break;
    case W_FILE_READ:
      mapFile(FILE_BASE, <u64>p0, swapAreaBytes());
      runFileRead(<u64>p0, <u64>p1, <u64>p2, p3 == 1, pc);
      break;
    default: runStencil(<u64>p0, <u64>p1, pc); break;
  }
  if (capture) {
    flushBatch();
    setWorkloadCapture(false);
    clearBatchStatus();
    return E.OK; // capturedRecords() says how many
  }
  return flushBatch();
}
