// The typed wrapper over memsim.wasm: the only file that knows export names.
// It instantiates the module with no imports, exposes the input buffer and the
// stats block as views (re-created after calls that may grow memory) and turns
// the core's error codes into sentences.

export interface CoreExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  inputPtr(): number;
  inputCapacity(): number;
  statsPtr(): number;
  statsCount(): number;
  statsSchemaPtr(): number;
  statsSchemaLength(): number;
  stateBytes(): number;
  resetMachine(): void;
  configureLevel(index: number, size: number, assoc: number, line: number, latency: number,
    policy: number, writeBack: number, writeAllocate: number, inclusion: number, seed: number): number;
  setMemoryLatency(read: number, write: number): number;
  setClassify(on: number): void;
  initMachine(mode: number): number;
  simulate(records: number): number;
  parseLackey(len: number, final: number): number;
  parseDin(len: number, final: number): number;
  parseDineroIV(len: number, final: number): number;
  setCapture(on: number): void;
  batchPtr(): number;
  capturedRecords(): number;
  errorLineOffset(): number;
  errorRecord(): number;
  access(addr: number, size: number, kind: number): number;
  /** A read-only copy of one level's lines and replacement state (docs/abi.md "cacheSnapshot"). */
  cacheSnapshot(level: number, out: number, capacity: number): number;
  /** pymalloc's arenas and pools, read-only (docs/abi.md "heapOccupancy"). */
  heapOccupancy(out: number, capacity: number): number;
  /** The running script's object graph from its globals, read-only (docs/abi.md "heapGraph"). */
  heapGraph(out: number, capacity: number, maxNodes: number): number;
  /** Keep a copy of the next `capacity` batch records (a Python run's heap references, with markers); 0 off (docs/abi.md "The reference tap"). */
  setHeapTap(capacity: number): number;
  heapTapCount(): number;
  heapTapPtr(): number;
  /** The source line the script executes next (0: none). */
  pyNextLine(): number;
  /** Record which objects each collection finds unreachable (1 on, emptied; 0 off) (docs/abi.md "gcCaptureUnreachable"). */
  gcCaptureUnreachable(on: number): number;
  /** The record, 16 bytes an object, copied to `out`; returns how many were found. */
  gcUnreachable(out: number, capacity: number): number;
  // DRAM (host/config/dram.ts, docs/dram.md)
  configureDram(channels: number, ranks: number, bankGroups: number, banksPerGroup: number, rows: number, columns: number,
    busBits: number, burstLength: number, pagePolicy: number,
    shiftChannel: number, shiftRank: number, shiftBankGroup: number, shiftBank: number, shiftRow: number, shiftColumn: number): number;
  configureDramTiming(tCKps: number, coreMHz: number,
    tCL: number, tCWL: number, tRCD: number, tRP: number, tRAS: number, tRC: number, tRTP: number, tWR: number,
    tCCD_S: number, tCCD_L: number, tRRD_S: number, tRRD_L: number, tFAW: number, tWTR_S: number, tWTR_L: number,
    tREFI: number, tRFC: number): number;
  setMemoryModel(model: number): number;
  memoryClock(): number;
  // Synthetic workloads (host/workloads/workloads.ts, docs/workloads.md)
  hostChaseSetup(bytes: number, seed: number): number;
  hostChase(steps: number): number;
  runWorkload(kind: number, p0: number, p1: number, p2: number, p3: number, seed: number): number;
  // Storage (host/config/storage.ts, docs/storage.md)
  configureSsd(channels: number, diesPerChannel: number, planesPerDie: number, blocksPerPlane: number, pagesPerBlock: number,
    pageBytes: number, readNs: number, programNs: number, eraseNs: number, channelMBps: number,
    overProvision: number, gcThreshold: number, fill: number, coreMHz: number): number;
  configureHdd(rpm: number, cylinders: number, heads: number, zones: number, outerSectorsPerTrack: number,
    innerSectorsPerTrack: number, seekANs: number, seekBNs: number, seekCNs: number, headSwitchNs: number, coreMHz: number): number;
  setStorageModel(model: number): number;
  storageCapacity(): number;
  storageIo(offset: number, bytes: number, write: number, at: number): number;
  // Virtual memory and the core clock (host/config/vm.ts, docs/storage.md, docs/timing.md)
  configureVm(pageBytes: number, ramBytes: number, swapBytes: number, replacement: number, handlerNs: number, coreMHz: number): number;
  setBaseCpi(cpi: number): number;
  // The emulated Python heap (host/heap/, docs/heap.md)
  heapInit(limitBytes: number, alignedArenas: number): number;
  heapMalloc(nbytes: number): number;
  heapFree(address: number): number;
  heapRealloc(address: number, nbytes: number): number;
  heapMallocStats(): number;
  // The emulated interpreter's objects (host/heap/objects.ts, docs/abi.md "Objects")
  objConstant(which: number): number;
  objInt(value: number): number;
  objIntDigits(n: number, negative: number): number;
  objIntAdd(a: number, b: number, subtract: number): number;
  objFloat(value: number): number;
  objStr(n: number): number;
  objBytes(n: number): number;
  objTuple(n: number): number;
  objList(n: number): number;
  objDict(): number;
  objSet(): number;
  objClass(slots: number): number;
  objConcat(a: number, b: number): number;
  listClearItems(list: number): number;
  slotSetItem(o: number, slot: number, value: number): number;
  slotGetItem(o: number, slot: number): number;
  objInstance(type: number): number;
  objCode(units: number, consts: number, names: number): number;
  objFunction(code: number, globals: number, name: number, defaults: number): number;
  objIncref(o: number): number;
  objDecref(o: number): number;
  rootBind(slot: number, o: number): number;
  rootObject(slot: number): number;
  objFramePush(words: number): number;
  objFramePop(frame: number): number;
  objFrameSet(frame: number, slot: number, o: number): number;
  listAppendItem(list: number, item: number): number;
  listSet(list: number, index: number, item: number): number;
  listPopItem(list: number, index: number): number;
  dictSet(dict: number, key: number, value: number): number;
  dictGet(dict: number, key: number): number;
  dictDel(dict: number, key: number): number;
  setAddItem(set: number, key: number): number;
  setDiscardItem(set: number, key: number): number;
  setHas(set: number, key: number): number;
  attrSet(o: number, name: number, value: number): number;
  attrGet(o: number, name: number): number;
  attrDel(o: number, name: number): number;
  objHash(o: number): number;
  objSizeof(o: number): number;
  objRefcount(o: number): number;
  objType(o: number): number;
  objValue(o: number): number;
  objLength(o: number): number;
  objItem(o: number, index: number): number;
  objCapacity(o: number): number;
  objTracked(o: number): number;
  objValuesArray(o: number): number;
  freeListLength(which: number): number;
  setFreeListMask(mask: number): number;
  trashDepth(): number;
  // The Python interpreter (assembly/python/, docs/python.md)
  pyLoad(length: number): number;
  pyRefusals(length: number): number;
  pyErrorOffset(): number;
  pyStart(code: number): number;
  pyRun(maxSteps: number): number;
  pyFinalize(): number;
  pyOutputPtr(): number;
  pyOutputLength(): number;
  pyOutputClear(): void;
  pyStderrPtr(): number;
  pyStderrLength(): number;
  pyStderrClear(): number;
  pyExceptionInfo(): number;
  pySetBytecodeCycles(n: number): number;
  pyBytecodes(): number;
  pySetStepLimit(n: number): number;
  pySetLineAccounting(on: number): number;
  // The per-line cost table (assembly/python/lines-abi.ts, docs/python.md "The report")
  pyLineStats(): number;
  pyLineTable(): number;
  pyLineFields(): number;
  pyLineCapacity(): number;
  pyHeapCalls(which: number): number;
  pyFloatRepr(v: number): number;
  // The cyclic collector's log and thresholds (assembly/python/gcmodule.ts, docs/gc.md)
  pyGcLog(): number;
  pyGcLogPtr(): number;
  pyGcLogFields(): number;
  pyGcLogDropped(): number;
  pyGcSetThreshold(t0: number, t1: number, t2: number): number;
  heapSetImmortal(on: number): number;
  heapSetObjectLayouts(minor: number): number;
}

export const ABI_VERSION = 3;

/** Error codes of assembly/errors.ts, as sentences. */
export const ERROR_TEXT: Record<number, string> = {
  [-1]: "not a valid trace line",
  [-2]: "the address is not a canonical 48-bit address",
  [-3]: "the access size must be between 1 and 4096 bytes",
  [-4]: "a length outside the input buffer",
  [-10]: "no such cache level",
  [-11]: "the line size must be a power of two of at least 4 bytes",
  [-12]: "the associativity must be at least 1",
  [-13]: "the number of sets must be a power of two",
  [-14]: "unknown replacement policy",
  [-15]: "tree-PLRU needs a power-of-two associativity of at most 64",
  [-16]: "inclusive and exclusive levels need compatible levels above them",
  [-17]: "the configuration does not fit in memory (at most 2^26 lines per level)",
  [-18]: "the machine is not configured",
  [-19]: "cachegrind mode needs I1, D1 and LL, all LRU, and no L3, and has no per-access latency",
  [-20]: "latencies cannot be negative, and the CPI must be from 0 to 10^6",
  [-30]: "DRAM channel, rank, bank group, bank, row and column counts must be powers of two of at least 1",
  [-31]: "the DRAM is beyond the model's limits (32 channels, 128 ranks, 2048 banks, 2^24 rows or columns, 48 address bits)",
  [-32]: "the DRAM bus width must be a power of two of 8 to 1024 bits, the burst length a power of two of 2 to 64, and a row at least one burst",
  [-33]: "the DRAM address mapping must give every field its own bits, without gaps",
  [-34]: "unknown DRAM page policy or memory model",
  [-35]: "tCK (ps) and the core frequency (MHz) must be between 1 and 10^6",
  [-36]: "a DRAM timing parameter is out of range (CL, tRCD, tRP, tRAS, tRC at least 1, the others at least 0, all below 2^24)",
  [-37]: "inconsistent DRAM timing: CL > tRC, tRCD > tRAS, tRAS > tRC or tRFC >= tREFI",
  [-38]: "the DRAM model needs its geometry and timing configured first",
  [-50]: "unknown workload",
  [-51]: "a workload parameter must be a whole number of at least 1 (alpha: above 0, at most 16)",
  [-52]: "the workload's region is too small (random needs 8 bytes, zipf and pointer-chase one 64-byte line, stencil n >= 3)",
  [-53]: "the workload's data exceeds the emulated data range (2^40 bytes; pointer-chase at most 2^26 lines; n at most 2^20)",
  [-54]: "the workload would emit more than 2^40 records",
  [-55]: "the pointer-chase permutation does not fit in memory",
  [-56]: "workloads cannot run in capture mode",
  [-57]: "file-read needs virtual memory (--ram) and a storage device (--storage), and the file must fit on the device after the swap area",
  [-70]: "the heap limit must be whole MiB from 1 MiB to 2 GiB, and the heap needs a generic-mode machine (heapSetObjectLayouts: 11 or 12)",
  [-71]: "MemoryError: the emulated heap's limit is reached",
  [-72]: "no emulated heap: call heapInit after initMachine",
  [-73]: "not a block of the emulated heap",
  [-74]: "not a live object of the emulated heap, or not of the type the operation needs",
  [-75]: "IndexError: index out of range",
  [-76]: "KeyError: the key (or attribute) is not there",
  [-77]: "TypeError: unhashable type (list, dict and set cannot be keys)",
  [-78]: "too many classes (224 at most), or an argument outside what the operation takes",
  [-80]: "the Python module image is malformed (docs/python.md)",
  [-81]: "the Python interpreter is not ready: load and start a module after heapInit",
  [-60]: "SSD counts must be at least 1, the page a multiple of 4 KiB up to 64 KiB, at most 2^25 4 KiB units and at least 8 blocks per plane",
  [-61]: "SSD latencies and the channel rate must be finite numbers above 0, and the core clock 1 to 10^6 MHz",
  [-62]: "SSD over-provisioning must be 0.02 to 0.5, the GC threshold above 0 and at most 0.25, and the fill 0 to 1; and the over-provisioning must leave every plane more spare blocks than GC keeps free (max(2, ceil(GC threshold x blocks per plane)))",
  [-63]: "HDD rpm must be 1000 to 30000, cylinders 1 to 2^24, heads 1 to 256, zones 1 to 1024 (at most one per cylinder), sectors per track 1 to 65536 (inner at most outer), and the drive at most 2^40 sectors",
  [-64]: "HDD seek coefficients and the head switch time must be finite, not negative and below 10^12 ns, and the core clock 1 to 10^6 MHz",
  [-65]: "unknown storage model, or a storage model selected before it was configured",
  [-66]: "a storage request outside the device",
  [-67]: "swap is full: the run touches more pages than RAM plus swap hold",
  [-68]: "the page size must be a power of two of 4 KiB to 1 GiB, RAM at least one page and at most 2^24 pages, the page replacement lru or clock, the fault time 0 to 10^12 ns and the core clock 1 to 10^6 MHz",
  [-69]: "the swap area must fit on the storage device (at most 2^24 pages), and virtual memory needs a storage device",
};

export const LEVEL_NAMES = ["l1i", "l1d", "l2", "l3"] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

/** Counter name -> index in the stats block, read from the core's own schema. */
export interface StatsSchema {
  global: string[];
  level: string[];
  levels: string[];
  /** The storage latency histogram: its name and bucket count (bucket b: [2^b, 2^(b+1)) cycles). */
  histogram: { name: string; buckets: number; start: number };
  /** The emulated Python heap's accesses by category: names, per-category fields, first index. */
  categories: { names: string[]; fields: string[]; start: number };
}

export class CoreError extends Error {
  constructor(readonly code: number, message?: string) {
    super(message ?? ERROR_TEXT[code] ?? `core error ${code}`);
  }
}

export class Core {
  readonly schema: StatsSchema;
  private readonly globalIndex = new Map<string, number>();
  private readonly levelIndex = new Map<string, number>();

  constructor(readonly exports: CoreExports) {
    if (exports.abiVersion() !== ABI_VERSION) {
      throw new Error(`memsim.wasm speaks ABI ${exports.abiVersion()}, this host expects ${ABI_VERSION}: rebuild with npm run build`);
    }
    this.schema = readSchema(exports);
    this.schema.global.forEach((n, i) => this.globalIndex.set(n, i));
    this.schema.level.forEach((n, i) => this.levelIndex.set(n, i));
  }

  static fromModule(module: WebAssembly.Module): Core {
    const instance = new WebAssembly.Instance(module, {});
    return new Core(instance.exports as unknown as CoreExports);
  }

  /** The input buffer, as a fresh view (memory may have grown). */
  input(): Uint8Array {
    const e = this.exports;
    return new Uint8Array(e.memory.buffer, e.inputPtr(), e.inputCapacity());
  }

  /** A copy of every counter of the stats block. */
  counters(): BigUint64Array {
    const e = this.exports;
    return new BigUint64Array(e.memory.buffer, e.statsPtr(), e.statsCount()).slice();
  }

  global(counters: BigUint64Array, name: string): bigint {
    const i = this.globalIndex.get(name);
    if (i === undefined) throw new Error(`no global counter ${name}`);
    return counters[i];
  }

  level(counters: BigUint64Array, level: number, name: string): bigint {
    const i = this.levelIndex.get(name);
    if (i === undefined) throw new Error(`no level counter ${name}`);
    return counters[this.schema.global.length + level * this.schema.level.length + i];
  }

  /** The storage latency histogram's buckets. */
  histogram(counters: BigUint64Array): bigint[] {
    const h = this.schema.histogram;
    return Array.from(counters.subarray(h.start, h.start + h.buckets));
  }

  /** One heap category's counter (e.g. "alloc", "cycles"). */
  category(counters: BigUint64Array, name: string, field: string): bigint {
    const c = this.schema.categories;
    const i = c.names.indexOf(name), f = c.fields.indexOf(field);
    if (i < 0 || f < 0) throw new Error(`no heap category counter ${name}.${field}`);
    return counters[c.start + i * c.fields.length + f];
  }

  /** Throw a CoreError for a negative return code. */
  check(code: number): number {
    if (code < 0) throw new CoreError(code);
    return code;
  }
}

function readSchema(e: CoreExports): StatsSchema {
  const units = new Uint16Array(e.memory.buffer, e.statsSchemaPtr(), e.statsSchemaLength());
  const text = String.fromCharCode(...units);
  const parts = Object.fromEntries(text.split(";").map((part) => {
    const [key, names] = part.split(":");
    return [key, names.split(",")];
  }));
  const start = parts.global.length + parts.levels.length * parts.level.length;
  const histogram = { name: parts.histogram[0], buckets: Number(parts.histogram[1]), start };
  const categories = { names: parts.categories, fields: parts.category, start: start + histogram.buckets };
  const count = categories.start + categories.names.length * categories.fields.length;
  if (count !== e.statsCount()) throw new Error(`stats schema names ${count} counters, the core has ${e.statsCount()}`);
  return { global: parts.global, level: parts.level, levels: parts.levels, histogram, categories };
}
