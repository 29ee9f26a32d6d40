// The runtime conformance scenario: plain JavaScript (ESM), no TypeScript, no memsim host code.
//
// Give runScenario the exports of a memsim.wasm instance made with nothing but
// `WebAssembly.instantiate(bytes, {})` and it drives the module through docs/abi.md only:
//
//   1. a generic machine (L1i LRU, L1d tree-PLRU, inclusive L2 with the random policy,
//      3C classification on) over the DDR4-3200AA DRAM timing model, fed a deterministic
//      trace of packed records through simulate(), a few access() calls, then synthetic
//      workloads (matmul-blocked, pointer-chase, zipf) with runWorkload();
//   2. a cachegrind machine (mode 1) fed the same trace, then one workload.
//
// It returns the bytes to compare across runtimes: after every phase, a copy of the whole
// stats block (statsCount() little-endian u64s) followed by memoryClock() as a little-endian
// f64. The same module and scenario must give the same bytes in every runtime: Node, Deno,
// Bun, a browser, or a non-JavaScript engine (tests/runtimes.test.ts checks all of them).
//
// The scenario is a list of steps (scenarioSteps) run by a tiny interpreter (runSteps), so
// that another driver (examples/runtimes/wabt.mjs turns it into a .wast script) replays
// exactly the same calls.

/** The ABI this scenario was written for (docs/abi.md, "Versioning"). */
export const ABI_VERSION = 3;

/** The full scenario: a 1M-record trace and workloads of a few million records. */
export const FULL = {
  name: "full",
  traceRecords: 1 << 20,
  chunkRecords: 1 << 16,
  traceSeed: 0x2545f491,
  workloads: [
    // [kind, p0, p1, p2, p3, seed]  (docs/workloads.md)
    [6, 64, 16, 0, 0, 0], // matmul-blocked: n 64, block 16
    [4, 4 << 20, 1, 0, 0, 7], // pointer-chase: 4 MiB, 1 lap, seed 7
    [3, 16 << 20, 200000, 0.99, 0, 11], // zipf: 16 MiB, 200k accesses, alpha 0.99, seed 11
  ],
  cachegrindWorkload: [6, 48, 8, 0, 0, 0], // matmul-blocked: n 48, block 8
  // Virtual memory over host/config/ssd.ts's "ssd-nvme" (1 MiB of RAM, 16 MiB of swap), then over "hdd-7200".
  ssd: [8, 4, 2, 64, 256, 16384, 60000, 700000, 3500000, 1200, 0.07, 0.05, 0.5, 3000],
  vm: [4096, 1 << 20, 16 << 20, 0, 1000, 3000],
  pagingWorkloads: [
    [7, 512, 2, 0, 0, 0], // stencil: n 512 (2 x 2 MiB), 2 sweeps: dirty pages go to swap and come back
    [8, 2 << 20, 4096, 1, 1, 5], // file-read: 2 MiB, 4 KiB chunks, 1 pass, random, seed 5
  ],
  heapChurn: [9, 20000, 200000, 300, 16 << 20, 3], // heap-churn: 20k live blocks of 1..300 bytes, 200k pairs, seed 3
  pyObjects: [10, 5000, 50000, 4, 16 << 20, 5], // py-objects: 5k slots, 50k rebinds to objects of 4 items, seed 5
};

/** A small scenario with the same steps, for slow engines (wabt's interpreter). */
export const SMALL = {
  name: "small",
  traceRecords: 40000,
  chunkRecords: 8192,
  traceSeed: 0x2545f491,
  workloads: [
    [6, 24, 8, 0, 0, 0],
    [4, 256 << 10, 1, 0, 0, 7],
    [3, 4 << 20, 5000, 0.99, 0, 11],
  ],
  cachegrindWorkload: [6, 16, 4, 0, 0, 0],
  // A tiny SSD: 2 channels x 1 die x 1 plane, 16 blocks of 8 pages of 8 KiB, 20 % over-provisioning.
  ssd: [2, 1, 1, 16, 8, 8192, 50000, 500000, 3000000, 800, 0.2, 0.05, 0.5, 3000],
  vm: [4096, 64 << 10, 512 << 10, 1, 1000, 3000], // 64 KiB of RAM, CLOCK
  pagingWorkloads: [
    [7, 96, 2, 0, 0, 0],
    [8, 64 << 10, 4096, 1, 1, 5],
  ],
  heapChurn: [9, 500, 2000, 300, 16 << 20, 3],
  pyObjects: [10, 200, 1000, 4, 16 << 20, 5],
};

// host/config/hdd.ts's "hdd-7200" as configureHdd takes it (hddCoreParameters at 3000 MHz): Lee's
// coefficients a, b, c in ns fitted to 1.0 ms track-to-track, 7.4 ms average, 16 ms full stroke.
//           rpm  cylinders heads zones outer inner  seekA (ns)          seekB (ns)          seekC   headSwitch MHz
const HDD = [7200, 200000,  4,    16,  3250, 1625,  15653.07249974511,  39.999240833354044, 1000000, 800000,  3000];

// DDR4-3200AA as host/config/dram.ts's preset "ddr4-3200aa" describes it, with a 3000 MHz core.
// Geometry: 1 channel, 1 rank, 4 bank groups x 4 banks, 65536 rows, 1024 columns, 64-bit bus, BL8.
// Mapping "RoBaRaCoCh", shifts as parseMapping computes them: a burst is 64 bytes (b = 6 bits);
// widths Ch 0, Co log2(1024/8) = 7, Ra 0, Bg 2, Ba 2, Ro 16; walking from the right,
// Ch 0, Co 0, Ra 7, then Ba without Bg: Bg 7 and Ba 9, then Ro 11.
// configureDram(channels, ranks, bankGroups, banksPerGroup, rows, columns, busBits, burstLength,
//               pagePolicy (0 open), shiftChannel, shiftRank, shiftBankGroup, shiftBank, shiftRow, shiftColumn)
//                     ch  ra  bg  ba   rows  cols  bus  BL  page  Ch  Ra  Bg  Ba  Ro  Co
const DDR4_GEOMETRY = [1,  1,  4,  4, 65536, 1024,  64,  8,    0,  0,  7,  7,  9, 11,  0];
// configureDramTiming(tCKps, coreMHz, then tCL .. tRFC in DRAM clocks)
//                   tCK   MHz  CL CWL RCD  RP RAS  RC RTP  WR CCDs CCDl RRDs RRDl FAW WTRs WTRl   REFI  RFC
const DDR4_TIMING = [625, 3000, 22, 16, 22, 22, 52, 74, 12, 24,   4,   8,   4,   8, 34,   4,  12, 12480, 560];

// runWorkload's kernel numbers (docs/workloads.md).
const WORKLOAD_NAMES = ["sequential", "strided", "random", "zipf", "pointer-chase", "matmul", "matmul-blocked", "stencil", "file-read", "heap-churn", "py-objects"];

// Policies: 0 lru, 1 fifo, 2 random, 3 plru, 4 mru. Inclusion: 0 nine, 1 inclusive, 2 exclusive.
const LRU = 0, RANDOM = 2, PLRU = 3, INCLUSIVE = 1;

/**
 * The scenario as data. Each step is one of
 *   { op: "call", fn, args, expect }  call an export; when `expect` is a number, the result must equal it
 *   { op: "trace", records, chunk, seed }  write `records` generated records into the input
 *                                     buffer, `chunk` at a time, and simulate() each chunk (must return 0)
 *   { op: "snapshot", label }         append the stats block and memoryClock() to the result
 */
export function scenarioSteps(o = FULL) {
  const call = (fn, args = [], expect) => ({ op: "call", fn, args, expect });
  const ok = (fn, ...args) => call(fn, args, 0);
  const trace = { op: "trace", records: o.traceRecords, chunk: o.chunkRecords, seed: o.traceSeed };
  const steps = [
    // 1. Generic machine over the DRAM.
    call("resetMachine"),
    //                index    size assoc line lat  policy  wb wa  inclusion  seed
    ok("configureLevel", 0,  32768,  8,  64,  4,  LRU,    1, 1, 0,         1),
    ok("configureLevel", 1,  32768,  8,  64,  4,  PLRU,   1, 1, 0,         2),
    ok("configureLevel", 2, 262144,  8,  64, 12,  RANDOM, 1, 1, INCLUSIVE, 12345),
    ok("setMemoryLatency", 100, 0), // ignored by the DRAM model, set for completeness
    ok("configureDram", ...DDR4_GEOMETRY),
    ok("configureDramTiming", ...DDR4_TIMING),
    ok("setMemoryModel", 1),
    call("setClassify", [1]),
    ok("initMachine", 0),
    trace,
    { op: "snapshot", label: "generic: trace" },
    // Single references: an f64 address and an f64 latency cross the boundary.
    call("access", [0x10000040, 8, 1]),
    call("access", [0x10000040, 8, 2]),
    call("access", [0x7ffff0001000, 64, 3]),
    call("access", [0x123456789a0, 4, 0]),
    { op: "snapshot", label: "generic: access" },
  ];
  for (const w of o.workloads) {
    steps.push(ok("runWorkload", ...w), { op: "snapshot", label: `generic: ${WORKLOAD_NAMES[w[0]]}` });
  }
  steps.push(
    // 2. Cachegrind machine: I1 and D1 32 KiB 8-way, LL 2 MiB 16-way, 64-byte lines.
    call("resetMachine"),
    ok("configureLevel", 0,   32768,  8, 64, 0, LRU, 1, 1, 0, 0),
    ok("configureLevel", 1,   32768,  8, 64, 0, LRU, 1, 1, 0, 0),
    ok("configureLevel", 2, 2097152, 16, 64, 0, LRU, 1, 1, 0, 0),
    ok("setMemoryModel", 0),
    call("setClassify", [0]),
    ok("initMachine", 1),
    trace,
    { op: "snapshot", label: "cachegrind: trace" },
    ok("runWorkload", ...o.cachegrindWorkload),
    { op: "snapshot", label: `cachegrind: ${WORKLOAD_NAMES[o.cachegrindWorkload[0]]}` },
  );
  // 3. and 4. The generic machine over the fixed-latency memory, with virtual memory paging to an SSD,
  // then to an HDD (FTL and garbage collection; seek square roots and rotation in f64).
  // The default machine's caches (L1i/L1d 32 KiB 8-way, L2 256 KiB 8-way, LRU) over fixed-latency memory.
  const plainMachine = () => [
    call("resetMachine"),
    ok("configureLevel", 0, 32768, 8, 64, 4, LRU, 1, 1, 0, 1),
    ok("configureLevel", 1, 32768, 8, 64, 4, LRU, 1, 1, 0, 1),
    ok("configureLevel", 2, 262144, 8, 64, 12, LRU, 1, 1, 0, 1),
    ok("setMemoryModel", 0),
    call("setClassify", [0]),
  ];
  for (const [device, configure, model] of [["ssd", ["configureSsd", ...o.ssd], 1], ["hdd", ["configureHdd", ...HDD], 2]]) {
    steps.push(
      ...plainMachine(),
      ok(...configure),
      ok("setStorageModel", model),
      ok("configureVm", ...o.vm),
      ok("setBaseCpi", 1.5),
      ok("initMachine", 0),
    );
    for (const w of o.pagingWorkloads) {
      steps.push(ok("runWorkload", ...w), { op: "snapshot", label: `${device}: ${WORKLOAD_NAMES[w[0]]}` });
    }
  }
  // 5. The emulated CPython heap (pymalloc, arenas, the system allocator) churning over the caches.
  steps.push(
    ...plainMachine(),
    ok("setStorageModel", 0),
    ok("configureVm", 4096, 0, 0, 0, 0, 3000),
    ok("initMachine", 0),
    ok("heapInit", 16 << 20, 0),
    ok("runWorkload", ...o.heapChurn),
    call("heapMalloc", [600]),
    call("heapMallocStats"),
    { op: "snapshot", label: "heap: heap-churn" },
    // 6. CPython objects on a fresh heap: refcounts, free lists, dealloc cascades, str hashing.
    ok("heapInit", 16 << 20, 0),
    ok("runWorkload", ...o.pyObjects),
    { op: "snapshot", label: "heap: py-objects" },
  );
  return steps;
}

// ---------------------------------------------------------------- the trace

/** The trace generator's state: an xorshift32 state, a program counter and a streaming pointer. */
export function traceGenerator(seed) {
  return { s: seed | 0, pc: 0x400000, stream: 0 };
}

function next(g) {
  let s = g.s;
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  g.s = s | 0;
  return s >>> 0;
}

/**
 * Write `n` packed records (docs/abi.md, "Packed records") at byte `offset` of `view` (a DataView
 * of the module's memory), little-endian, as two u32 halves. Integer arithmetic only, in 32 bits,
 * so that examples/runtimes/wabt.mjs's Wasm copy of this function gives the same records:
 *   6/16 instruction fetches (4 bytes, mostly sequential, 1/32 of them a jump),
 *   8/16 data references (load, load, store or modify of 1..8 bytes; 1/128 of them a 64-byte
 *        access straddling two lines) to a 16 KiB stack near the top of the user half, a 1 MiB
 *        heap, a 256 MiB region (DRAM row misses) or a 256 KiB region above 4 GiB,
 *   1/16 8-byte loads from the kernel half (0xffff8000_001xxxxx, stored as 48 bits),
 *   1/16 a streaming load or store through 64 MiB, or (1 in 1024 of those) a flush.
 */
export function writeRecords(view, offset, n, g) {
  for (let i = 0; i < n; i++) {
    const r = next(g);
    const sel = r & 15;
    let hi = 0, lo = 0, kind = 0, size = 4;
    if (sel < 6) {
      if (((r >>> 4) & 31) === 0) g.pc = (0x400000 + ((r >>> 9) & 0xffff) * 4) | 0;
      else g.pc = (g.pc + 4) | 0;
      lo = g.pc;
    } else if (sel < 14) {
      const r2 = next(g);
      const k = (r >>> 6) & 3;
      kind = k === 0 ? 1 : k;
      size = 1 << ((r >>> 8) & 3);
      const region = (r >>> 4) & 3;
      if (region === 0) { hi = 0x7fff; lo = (0xf0000000 + (r2 & 0x3ff8)) | 0; }
      else if (region === 1) { lo = (0x10000000 + (r2 & 0xffff8)) | 0; }
      else if (region === 2) { lo = (0x20000000 + (r2 & 0x0ffffff8)) | 0; }
      else { hi = 1; lo = r2 & 0x3fff8; }
      if (((r >>> 10) & 127) === 0) { size = 64; lo = (lo & ~63) | 60; }
    } else if (sel === 14) {
      const r2 = next(g);
      hi = 0x8000; lo = (0x00100000 + (r2 & 0xfff8)) | 0; kind = 1; size = 8;
    } else if (((r >>> 4) & 1023) === 0) {
      kind = 4; size = 1; // flush; address 0
    } else {
      g.stream = (g.stream + 64) & 0x3ffffff;
      lo = (0x30000000 + g.stream) | 0; kind = (r >>> 14) & 1 ? 2 : 1; size = 8;
    }
    const at = offset + i * 8;
    view.setUint32(at, lo >>> 0, true);
    view.setUint32(at + 4, (hi | ((size - 1) << 16) | (kind << 28)) >>> 0, true);
  }
}

// ---------------------------------------------------------------- running it

/** Bytes one snapshot takes: the stats block and memoryClock(). */
export function snapshotBytes(exports) {
  return exports.statsCount() * 8 + 8;
}

/**
 * Run the steps on `exports`; returns the concatenated snapshots. `onCall(step, result)`, if
 * given, sees every "call" step's result (examples/runtimes/wabt.mjs records them).
 */
export function runSteps(exports, steps, onCall) {
  const m = exports;
  if (m.abiVersion() !== ABI_VERSION) {
    throw new Error(`memsim.wasm speaks ABI ${m.abiVersion()}, this scenario was written for ${ABI_VERSION}`);
  }
  const size = snapshotBytes(m);
  const out = new Uint8Array(size * steps.filter((s) => s.op === "snapshot").length);
  let filled = 0;
  for (const step of steps) {
    if (step.op === "call") {
      const result = m[step.fn](...step.args);
      if (onCall) onCall(step, result);
      if (typeof step.expect === "number" && result !== step.expect) {
        throw new Error(`${step.fn}(${step.args.join(", ")}) returned ${result}, expected ${step.expect}`);
      }
    } else if (step.op === "trace") {
      const g = traceGenerator(step.seed);
      const inPtr = m.inputPtr();
      if (step.chunk * 8 > m.inputCapacity()) throw new Error("chunk larger than the input buffer");
      for (let done = 0; done < step.records; done += step.chunk) {
        const n = Math.min(step.chunk, step.records - done);
        // A fresh view for every chunk: simulate() may grow memory (the 3C tables).
        writeRecords(new DataView(m.memory.buffer), inPtr, n, g);
        const r = m.simulate(n);
        if (r !== 0) throw new Error(`simulate(${n}) returned ${r} at record ${done + m.errorRecord()}`);
      }
    } else if (step.op === "snapshot") {
      const stats = new Uint8Array(m.memory.buffer, m.statsPtr(), m.statsCount() * 8);
      out.set(stats, filled);
      new DataView(out.buffer).setFloat64(filled + stats.length, m.memoryClock(), true);
      filled += size;
    } else {
      throw new Error(`unknown step ${step.op}`);
    }
  }
  return out;
}

/** Run the scenario (FULL unless told otherwise) on a fresh instance's exports. */
export function runScenario(exports, options = FULL) {
  return runSteps(exports, scenarioSteps(options));
}

// ---------------------------------------------------------------- reading the result

/** Counter names in stats-block order, from the module's schema string (docs/abi.md). */
export function counterNames(exports) {
  const m = exports;
  const units = new Uint16Array(m.memory.buffer, m.statsSchemaPtr(), m.statsSchemaLength());
  let text = "";
  for (let i = 0; i < units.length; i++) text += String.fromCharCode(units[i]);
  const parts = Object.fromEntries(text.split(";").map((p) => {
    const [key, list] = p.split(":");
    return [key, list.split(",")];
  }));
  const names = [...parts.global];
  for (const level of parts.levels) for (const f of parts.level) names.push(`${level}.${f}`);
  if (parts.histogram) {
    const [name, buckets] = parts.histogram;
    for (let b = 0; b < Number(buckets); b++) names.push(`${name}[${b}]`);
  }
  if (parts.categories) for (const c of parts.categories) for (const f of parts.category) names.push(`${c}.${f}`);
  for (let i = names.length; i < m.statsCount(); i++) names.push(`counter${i}`);
  return names.slice(0, m.statsCount());
}

/** The snapshots as { label, memoryClock, counters: { name: bigint } }, non-zero counters only. */
export function describeResult(exports, bytes, steps = scenarioSteps(FULL)) {
  const names = counterNames(exports);
  const size = snapshotBytes(exports);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const labels = steps.filter((s) => s.op === "snapshot").map((s) => s.label);
  return labels.map((label, k) => {
    const counters = {};
    names.forEach((name, i) => {
      const v = view.getBigUint64(k * size + i * 8, true);
      if (v !== 0n) counters[name] = v;
    });
    return { label, memoryClock: view.getFloat64(k * size + names.length * 8, true), counters };
  });
}

/** Lower-case hex of some bytes. */
export function toHex(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, "0");
  return s;
}

/** SHA-256 of some bytes, as hex (Web Crypto: Node ≥ 20, Deno, Bun and browsers on localhost). */
export async function sha256Hex(bytes) {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes)));
}

/** A short text report of a run: a line per snapshot with a few counters, then the SHA-256. */
export async function formatReport(runtime, exports, bytes, options = FULL, ms = NaN, { hex = false } = {}) {
  const snaps = describeResult(exports, bytes, scenarioSteps(options));
  const c = (s, name) => s.counters[name] ?? 0n;
  const misses = (s, level) => c(s, `${level}.missI`) + c(s, `${level}.missR`) + c(s, `${level}.missW`);
  const lines = [`memsim conformance scenario "${options.name}" on ${runtime}: ${Number.isNaN(ms) ? "" : `${ms.toFixed(0)} ms, `}` +
    `${bytes.length} bytes of results (${snaps.length} snapshots of ${exports.statsCount()} counters + memoryClock)`];
  for (const s of snaps) {
    const parts = [`records ${c(s, "records")}`, `instructions ${c(s, "instructions")}`];
    if (s.label.startsWith("generic")) {
      parts.push(`cycles ${c(s, "cycles")}`, `memoryClock ${s.memoryClock}`, `dramReads ${c(s, "dramReads")}`, `rowHits ${c(s, "rowHits")}`);
    } else if (s.label.startsWith("heap")) {
      parts.push(`cycles ${c(s, "cycles")}`, `alloc.references ${c(s, "alloc.references")}`, `free.cycles ${c(s, "free.cycles")}`);
    } else if (!s.label.startsWith("cachegrind")) {
      parts.push(`cycles ${c(s, "cycles")}`, `memoryClock ${s.memoryClock}`, `pageFaults ${c(s, "pageFaults")}`,
        `storageCycles ${c(s, "storageCycles")}`, s.label.startsWith("ssd") ? `ssdPrograms ${c(s, "ssdPrograms")}` : `hddSeeks ${c(s, "hddSeeks")}`);
    }
    parts.push(`l1i misses ${misses(s, "l1i")}`, `l1d misses ${misses(s, "l1d")}`, `l2 misses ${misses(s, "l2")}`);
    lines.push(`  ${s.label.padEnd(26)} ${parts.join(", ")}`);
  }
  lines.push(`sha256 ${await sha256Hex(bytes)}`);
  if (hex) lines.push(`stats-hex ${toHex(bytes)}`);
  return lines.join("\n");
}
