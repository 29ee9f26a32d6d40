// memsim's exported ABI: flat functions over numbers and buffer offsets, and
// nothing else. docs/abi.md documents every export, the buffers, the stats
// block and the error codes (assembly/errors.ts). The module imports nothing.

import { INPUT_PTR, INPUT_CAPACITY, BATCH_PTR, arenaBytes } from "./layout";
import { STATS_PTR, STATS_COUNT, STATS_SCHEMA } from "./stats";
import * as machine from "./hierarchy/machine";
import { setMemoryLatency as setBackingLatency, setMemoryModel as setBackingModel, MODEL_FIXED, clockNow, setBaseCpi as setCoreCpi } from "./memory/backing";
import { configureVm as vmConfigure, VM_FAILED } from "./memory/vm";
import { configureGeometry, configureTiming } from "./memory/dram";
import { configureSsd as ssdConfigure } from "./memory/ssd";
import { configureHdd as hddConfigure } from "./memory/hdd";
import { setStorageModel as setDeviceModel, storageCapacity as deviceCapacity, storageRead, storageWrite } from "./memory/storage";
import { simulateRecords, simulateOne, badRecord, packRecord, isCanonical, MAX_SIZE } from "./trace/records";
import { parseLackey as lackey } from "./trace/lackey";
import { parseDinero } from "./trace/dinero";
import { errorOffset, setCapture as setTextCapture, takeCaptured, isCapturing } from "./trace/text";
import { KIND_M } from "./hierarchy/kinds";
import { startTap, stopTap, tapCount, tapBuffer } from "./trace/tap";
import { runWorkload as runKernel } from "./workloads/index";
import { buildCycle } from "./workloads/chase";
import { seedRandom } from "./workloads/emit";
import { makeStaticsImmortal, useObjectLayouts } from "./heap/objects/interp";
import { initHeap, heapActive, objectMalloc, objectFree, objectRealloc, isHeapBlock, MAX_HEAP_ARENAS } from "./heap/heap";
import { heapFailed, heapSync, heapQueued } from "./heap/memory";
import { mallocStats } from "./heap/obmalloc";
import * as E from "./errors";

/** Bumped whenever an export, a buffer layout or the stats block changes incompatibly. */
export function abiVersion(): i32 {
  return 3;
}

// Buffers

export function inputPtr(): usize {
  return INPUT_PTR;
}

export function inputCapacity(): i32 {
  return INPUT_CAPACITY;
}

export function statsPtr(): usize {
  return STATS_PTR;
}

export function statsCount(): i32 {
  return STATS_COUNT;
}

/** The stats schema is a UTF-16LE string in linear memory (see docs/abi.md). */
export function statsSchemaPtr(): usize {
  return changetype<usize>(STATS_SCHEMA);
}

export function statsSchemaLength(): i32 {
  return STATS_SCHEMA.length;
}

/** Bytes the current machine's state takes in linear memory. */
export function stateBytes(): f64 {
  return <f64>arenaBytes();
}

// Machine configuration

export function resetMachine(): void {
  stopTap(); // (its buffer was the arena's)
  machine.resetMachine();
}

export function configureLevel(
  index: i32, size: f64, assoc: i32, line: i32, latency: i32,
  policy: i32, writeBack: i32, writeAllocate: i32, inclusion: i32, seed: i32,
): i32 {
  return machine.configureLevel(index, size, assoc, line, latency, policy, writeBack != 0, writeAllocate != 0, inclusion, <u32>seed);
}

export function setMemoryLatency(read: i32, write: i32): i32 {
  if (read < 0 || write < 0) return E.ERR_LATENCY;
  setBackingLatency(read, write);
  return E.OK;
}

export function setClassify(on: i32): void {
  machine.setClassify(on != 0);
}

/**
 * The in-order core's base CPI, by which the memory clock advances for each
 * instruction record (docs/timing.md); 0 (the default) counts memory time only.
 */
export function setBaseCpi(cpi: f64): i32 {
  if (!(cpi >= 0 && cpi <= 1e6)) return E.ERR_LATENCY; // "latencies and the CPI": the same kind of mistake
  setCoreCpi(cpi);
  return E.OK;
}

/** Validate and build the machine (mode 0 generic, 1 cachegrind); clears all state and counters. */
export function initMachine(mode: i32): i32 {
  stopTap(); // (its buffer was the arena's)
  return machine.initMachine(mode);
}

// DRAM
//
// The memory below the last cache level: the fixed latency of setMemoryLatency
// (model 0, the default) or the DRAM timing model (model 1, docs/dram.md).
// Configure the geometry and the timing, select the model, then initMachine
// (which resets the DRAM state and the memory clock). A failed DRAM
// configuration selects the fixed model again.

/**
 * Geometry, page policy (0 open, 1 closed) and address mapping: the bit shift
 * of each field (channel, rank, bank group, bank, row, column) above the byte
 * offset within one burst, as host/config/dram.ts computes them from a mapping
 * string. Counts are powers of two; columns are device columns per row.
 */
export function configureDram(
  channels: i32, ranks: i32, bankGroups: i32, banksPerGroup: i32, rows: i32, columns: i32,
  busBits: i32, burstLength: i32, pagePolicy: i32,
  shiftChannel: i32, shiftRank: i32, shiftBankGroup: i32, shiftBank: i32, shiftRow: i32, shiftColumn: i32,
): i32 {
  const code = configureGeometry(channels, ranks, bankGroups, banksPerGroup, rows, columns, busBits, burstLength,
    pagePolicy, shiftChannel, shiftRank, shiftBankGroup, shiftBank, shiftRow, shiftColumn);
  if (code < 0) setBackingModel(MODEL_FIXED);
  return code;
}

/** Timing in DRAM clock cycles, tCK in picoseconds, the core clock in MHz; tREFI 0: no refresh. */
export function configureDramTiming(
  tCKps: i32, coreMHz: i32,
  tCL: i32, tCWL: i32, tRCD: i32, tRP: i32, tRAS: i32, tRC: i32, tRTP: i32, tWR: i32,
  tCCD_S: i32, tCCD_L: i32, tRRD_S: i32, tRRD_L: i32, tFAW: i32, tWTR_S: i32, tWTR_L: i32,
  tREFI: i32, tRFC: i32,
): i32 {
  const code = configureTiming(tCKps, coreMHz, tCL, tCWL, tRCD, tRP, tRAS, tRC, tRTP, tWR,
    tCCD_S, tCCD_L, tRRD_S, tRRD_L, tFAW, tWTR_S, tWTR_L, tREFI, tRFC);
  if (code < 0) setBackingModel(MODEL_FIXED);
  return code;
}

/** 0: fixed latency (setMemoryLatency), 1: DRAM (configured first). */
export function setMemoryModel(model: i32): i32 {
  return setBackingModel(model);
}

/** The memory clock: core cycles simulated since initMachine (exact below 2^53). */
export function memoryClock(): f64 {
  return <f64>clockNow();
}

// Storage
//
// The device behind virtual memory (docs/storage.md): configure it, select it
// with setStorageModel, then initMachine (which allocates and resets its
// state). Nanoseconds convert to core cycles at the given core clock.

/** An SSD: geometry, flash timing (ns), channel rate (MB/s), over-provisioning, GC threshold and fill (fractions). */
export function configureSsd(
  channels: i32, diesPerChannel: i32, planesPerDie: i32, blocksPerPlane: i32, pagesPerBlock: i32, pageBytes: i32,
  readNs: f64, programNs: f64, eraseNs: f64, channelMBps: f64,
  overProvision: f64, gcThreshold: f64, fill: f64, coreMHz: f64,
): i32 {
  machine.unconfigure();
  const code = ssdConfigure(channels, diesPerChannel, planesPerDie, blocksPerPlane, pagesPerBlock, pageBytes,
    readNs, programNs, eraseNs, channelMBps, overProvision, gcThreshold, fill, coreMHz);
  if (code < 0) setDeviceModel(0);
  return code;
}

/** An HDD: rpm, geometry, zones, Lee's seek coefficients and the head switch time (ns). */
export function configureHdd(
  rpm: f64, cylinders: i32, heads: i32, zones: i32, outerSectorsPerTrack: i32, innerSectorsPerTrack: i32,
  seekANs: f64, seekBNs: f64, seekCNs: f64, headSwitchNs: f64, coreMHz: f64,
): i32 {
  machine.unconfigure();
  const code = hddConfigure(rpm, cylinders, heads, zones, outerSectorsPerTrack, innerSectorsPerTrack,
    seekANs, seekBNs, seekCNs, headSwitchNs, coreMHz);
  if (code < 0) setDeviceModel(0);
  return code;
}

/** 0: no storage, 1: SSD, 2: HDD (configured first). */
export function setStorageModel(model: i32): i32 {
  machine.unconfigure();
  return setDeviceModel(model);
}

/** Bytes the host can address on the selected device (0: none). */
export function storageCapacity(): f64 {
  return <f64>deviceCapacity();
}

/**
 * One device request outside any workload (tests, the storage benchmark):
 * `bytes` at byte `offset`, issued at core cycle `at`; the cycles until it
 * completes, or an error code. Counted like any storage request.
 */
export function storageIo(offset: f64, bytes: i32, write: i32, at: f64): f64 {
  if (machine.currentMode() < 0) return E.ERR_NOT_CONFIGURED;
  if (machine.currentMode() != machine.MODE_GENERIC) return E.ERR_MODE; // no device state in cachegrind mode
  const capacity = <f64>deviceCapacity();
  if (capacity == 0) return E.ERR_STORAGE_MODEL;
  if (!(offset >= 0) || floor(offset) != offset || bytes < 1 || offset + <f64>bytes > capacity) return E.ERR_STORAGE_RANGE;
  if (!(at >= 0) || at >= 9007199254740992 || floor(at) != at) return E.ERR_STORAGE_RANGE;
  return <f64>(write != 0 ? storageWrite(<u64>offset, <u32>bytes, <u64>at) : storageRead(<u64>offset, <u32>bytes, <u64>at));
}

// Virtual memory
//
// Pages of `pageBytes` in `ramBytes` of RAM, with `swapBytes` of swap at the
// start of the storage device (docs/storage.md). RAM 0 turns virtual memory off
// (the default). Needs a storage device; takes effect at initMachine (generic mode).

/** Page replacement: 0 LRU, 1 CLOCK; the fault handler's time in ns at `coreMHz`. */
export function configureVm(pageBytes: f64, ramBytes: f64, swapBytes: f64, replacement: i32, handlerNs: f64, coreMHz: f64): i32 {
  machine.unconfigure();
  return vmConfigure(pageBytes, ramBytes, swapBytes, replacement, handlerNs, coreMHz);
}

// The emulated Python heap (docs/heap.md)
//
// CPython 3.11's allocator over an emulated address space: pymalloc for 1..512
// bytes, a glibc-like system allocator otherwise. Every access it makes is
// simulated through the machine (generic mode) and charged to a category of
// the stats block ("categories:"). heapInit after every initMachine.

/** A fresh heap of at most `limitBytes` of pymalloc arenas (whole MiB); arenas pool-aligned or not. */
export function heapInit(limitBytes: f64, alignedArenas: i32): i32 {
  if (machine.currentMode() < 0) return E.ERR_NOT_CONFIGURED;
  if (machine.currentMode() != machine.MODE_GENERIC) return E.ERR_HEAP_CONFIG;
  const arenas = limitBytes / 1048576;
  if (!(arenas >= 1) || arenas > <f64>MAX_HEAP_ARENAS || floor(arenas) != arenas) return E.ERR_HEAP_CONFIG;
  return initHeap(<u32>arenas, alignedArenas != 0) ? E.OK : E.ERR_MEMORY;
}

/**
 * Immortal objects (CPython 3.12's PEP 683, the --python 3.12 and 3.13
 * profiles): the statics and interned strs keep a fixed count that
 * Py_INCREF and Py_DECREF read but do not write. Call after heapInit, before
 * any object is made (pyLoad). on: 1 or 0.
 */
export function heapSetImmortal(on: i32): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  makeStaticsImmortal(on != 0);
  return E.OK;
}

/**
 * The object sizes of CPython 3.`minor` (the --python profiles: 11 for 3.11,
 * 12 for 3.12 and 3.13): str headers without wstr, instances without their
 * __weakref__ slot, functions with func_typeparams (docs/gc.md, "Profiles").
 * Call after heapInit, before any object is made (pyLoad); heapInit takes
 * 3.11's. -70 for another version.
 */
export function heapSetObjectLayouts(minor: i32): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  return useObjectLayouts(minor) ? E.OK : E.ERR_HEAP_CONFIG;
}

/** PyObject_Malloc(nbytes): the block's emulated address, or an error code (-71 MemoryError). */
export function heapMalloc(nbytes: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (isCapturing()) return E.ERR_WORKLOAD_CAPTURE; // heap accesses share the batch the capture fills
  if (!(nbytes >= 0) || nbytes > 4294967296.0 || floor(nbytes) != nbytes) return E.ERR_HEAP_MEMORY;
  const p = objectMalloc(<u64>nbytes);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return p == 0 ? E.ERR_HEAP_MEMORY : <f64>p;
}

/** PyObject_Free(p). */
export function heapFree(p: f64): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (isCapturing()) return E.ERR_WORKLOAD_CAPTURE; // heap accesses share the batch the capture fills
  if (!(p > 0) || p >= 9007199254740992 || !isHeapBlock(<u64>p)) return E.ERR_HEAP_ADDRESS;
  objectFree(<u64>p);
  return heapSync() ? E.OK : E.ERR_STORAGE_FULL;
}

/** PyObject_Realloc(p, nbytes): the block's (possibly new) address, or an error code. */
export function heapRealloc(p: f64, nbytes: f64): f64 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (isCapturing()) return E.ERR_WORKLOAD_CAPTURE; // heap accesses share the batch the capture fills
  if (p != 0 && (!(p > 0) || p >= 9007199254740992 || !isHeapBlock(<u64>p))) return E.ERR_HEAP_ADDRESS;
  if (!(nbytes >= 0) || nbytes > 4294967296.0 || floor(nbytes) != nbytes) return E.ERR_HEAP_MEMORY;
  const q = objectRealloc(<u64>p, <u64>nbytes);
  if (!heapSync()) return E.ERR_STORAGE_FULL;
  return q == 0 ? E.ERR_HEAP_MEMORY : <f64>q;
}

/**
 * sys._debugmallocstats()'s numbers (no cost) into the batch buffer as u64s:
 * per size class [pools, blocks in use, avail blocks] x 32, then arenas
 * allocated total, highwater, current, unused pools, arenas not pool-aligned.
 * Returns the count (101), or ERR_HEAP_NOT_READY.
 */
export function heapMallocStats(): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  mallocStats(BATCH_PTR);
  return 101;
}

// Simulation

/** Simulate `n` packed records from the input buffer. */
export function simulate(n: i32): i32 {
  if (n < 0 || n > (INPUT_CAPACITY >> 3)) return E.ERR_LENGTH;
  if (heapQueued()) heapSync(); // (every heap call syncs before it returns: never, unless one forgot)
  return simulateRecords(INPUT_PTR, n);
}

/** Parse and simulate Lackey text in the input buffer; returns bytes consumed or an error. */
export function parseLackey(len: i32, final: i32): i32 {
  return lackey(len, final != 0);
}

/** Parse and simulate din text; returns bytes consumed or an error. */
export function parseDin(len: i32, final: i32): i32 {
  return parseDinero(len, final != 0, false);
}

/** Parse and simulate Dinero IV extended text; returns bytes consumed or an error. */
export function parseDineroIV(len: i32, final: i32): i32 {
  return parseDinero(len, final != 0, true);
}

/**
 * Capture mode: the parse functions decode records into the batch buffer
 * instead of simulating them (they consume at most 256 KiB per call).
 */
export function setCapture(on: i32): void {
  setTextCapture(on != 0);
}

export function batchPtr(): usize {
  return BATCH_PTR;
}

/** Records the last parse call left in the batch buffer (capture mode); empties the batch. */
export function capturedRecords(): i32 {
  return takeCaptured();
}

/** Where the last parse error was: byte offset of the bad line in the input buffer. */
export function errorLineOffset(): i32 {
  return errorOffset;
}

/** Index of the bad record after `simulate` failed. */
export function errorRecord(): i32 {
  return badRecord;
}

/**
 * One reference (generic mode): its latency in cycles, or an error code.
 * The address is an f64 so that no BigInt crosses the boundary (exact below 2^53).
 */
export function access(addr: f64, size: i32, kind: i32): f64 {
  if (machine.currentMode() < 0) return E.ERR_NOT_CONFIGURED;
  if (machine.currentMode() != machine.MODE_GENERIC) return E.ERR_MODE; // Cachegrind mode has no latencies
  if (kind < 0 || kind > KIND_M) return E.ERR_SYNTAX;
  if (size < 1 || size > MAX_SIZE) return E.ERR_SIZE;
  if (!(addr >= 0) || addr >= 9007199254740992 || floor(addr) != addr) return E.ERR_ADDRESS;
  const a = <u64>addr;
  if (!isCanonical(a)) return E.ERR_ADDRESS;
  if (heapQueued()) heapSync(); // (every heap call syncs before it returns: never, unless one forgot)
  const cycles = simulateOne(packRecord(a, size, kind));
  return cycles == VM_FAILED ? E.ERR_STORAGE_FULL : <f64>cycles;
}

// The reference tap (trace/tap.ts, docs/abi.md "The reference tap")

/**
 * After initMachine (generic mode): keep a copy of the next `capacity` records
 * simulated through the batch (a Python run's heap references, with category
 * and line markers) at heapTapPtr(); 0 turns it off. Until the next initMachine.
 */
export function setHeapTap(capacity: i32): i32 {
  if (capacity == 0) {
    stopTap();
    return E.OK;
  }
  if (machine.currentMode() != machine.MODE_GENERIC) return machine.currentMode() < 0 ? E.ERR_NOT_CONFIGURED : E.ERR_MODE;
  if (capacity < 0 || capacity > (1 << 27)) return E.ERR_LENGTH;
  if (heapQueued()) heapSync(); // (never: a heap call syncs before it returns)
  return startTap(<u32>capacity) ? E.OK : E.ERR_MEMORY;
}

/** Records in the tap (at most its capacity: the ones after are not kept). */
export function heapTapCount(): i32 {
  return <i32>tapCount();
}

export function heapTapPtr(): usize {
  return tapBuffer();
}

// Workloads
//
// Synthetic kernels generated in the core (assembly/workloads/, docs/workloads.md):
// their records go through the same batch and simulation path as a trace's.

/**
 * Run kernel `kind` (0 sequential, 1 strided, 2 random, 3 zipf, 4 pointer-chase,
 * 5 matmul, 6 matmul-blocked, 7 stencil) with parameters p0..p3 (f64: sizes may
 * exceed 2^31) and a seed; OK or an error code. Counters accumulate as for a trace.
 */
export function runWorkload(kind: i32, p0: f64, p1: f64, p2: f64, p3: f64, seed: i32): i32 {
  return runKernel(kind, p0, p1, p2, p3, seed);
}

// Host measurement
//
// For `memsim mountain --host`: a real pointer chase through this module's own
// linear memory, which the host times with its clock (ns per load). It
// simulates nothing and touches no counters; it only measures the machine the
// module runs on.

let chaseTable: usize = 0;
let chaseLines: u32 = 0;

/**
 * Link the 64-byte lines of a `bytes` region (2 to 2^24 lines) into one random
 * cycle (seeded), in scratch memory above the arena; OK, ERR_WORKLOAD_SIZE or
 * ERR_WORKLOAD_MEMORY. Any later configuration call may reuse that memory:
 * call hostChase right after.
 */
export function hostChaseSetup(bytes: f64, seed: i32): i32 {
  const lines = bytes / 64;
  if (!(lines >= 2) || lines > 16777216 || floor(lines) != lines) return E.ERR_WORKLOAD_SIZE;
  seedRandom(seed);
  chaseTable = buildCycle(<u32>lines, 6);
  chaseLines = <u32>lines;
  return chaseTable == 0 ? E.ERR_WORKLOAD_MEMORY : E.OK;
}

/**
 * Follow the cycle for `steps` loads; returns the line reached (so the loads
 * cannot be optimised away), or -1 when the table was overwritten meanwhile
 * (a line number out of range: the loads stop there instead of trapping).
 */
export function hostChase(steps: f64): i32 {
  if (chaseTable == 0 || !(steps >= 0)) return -1;
  let cur: u32 = 0;
  const n = <u64>steps;
  for (let s: u64 = 0; s < n; s++) {
    cur = load<u32>(chaseTable + (<usize>cur << 6));
    if (cur >= chaseLines) return -1;
  }
  return <i32>cur;
}

// The emulated interpreter's objects (assembly/heap/objects/abi.ts, docs/abi.md "Objects")
export * from "./heap/objects/abi";
export * from "./python/abi";
export * from "./python/lines-abi";

// The playground's cache view (assembly/cache/snapshot.ts, docs/abi.md "cacheSnapshot")
export { cacheSnapshot } from "./cache/snapshot";
export { heapOccupancy } from "./heap/inspect";
export { heapGraph } from "./python/heapgraph";
export { gcCaptureUnreachable, gcUnreachable } from "./heap/objects/gcrecord";
