// What a trace replay reports: Cachegrind's nine events (cachegrind mode) or
// per-level statistics with cycles (generic mode), as text or JSON.

import { type Core, LEVEL_NAMES, type LevelName } from "../core.js";
import { type MachineConfig, CACHEGRIND_NAMES, firstLevelName } from "../config/machine.js";
import { describeVm } from "../config/vm.js";
import { describeStorage, type StorageConfig } from "../config/storage.js";
import { describeLevel } from "../config/level.js";
import { describeDram, DEFAULT_CORE_MHZ } from "../config/dram.js";
import { commas, percent, table } from "./format.js";

export const CACHEGRIND_EVENTS = ["Ir", "I1mr", "ILmr", "Dr", "D1mr", "DLmr", "Dw", "D1mw", "DLmw"] as const;
export type CachegrindEvents = Record<(typeof CACHEGRIND_EVENTS)[number], number>;

export interface LevelReport {
  name: LevelName;
  geometry: string;
  size: number;
  assoc: number;
  line: number;
  policy: string;
  options: string; // policy and any non-default write or inclusion behaviour, e.g. "lru wt inclusive"
  accesses: { instruction: number; read: number; write: number; total: number };
  misses: { instruction: number; read: number; write: number; total: number };
  missRate: number;
  evictions: number;
  writebacks: number;
  writeThroughs: number;
  backInvalidations: number;
  classification?: { compulsory: number; capacity: number; conflict: number };
  // Timing (generic mode; docs/timing.md)
  hits?: number;
  /** Cycles of this level's hit latency: latency x accesses. */
  cycles?: number;
  /** Of those, what stalled the core (the first level's hit per reference is hidden). */
  stallCycles?: number;
  /** Share of the run's core cycles stalled here. */
  share?: number;
  /** Hit latency + miss rate x the average latency below (textbook AMAT, per level). */
  avgLatency?: number;
  /** Bytes fetched from the level below (line fills) and sent to it (write-backs, write-throughs). */
  bytesIn?: number;
  bytesOut?: number;
  /** Those bytes over the run's core time, MB/s at the core clock. */
  bandwidthMBps?: number;
}

/** Where the core's cycles went: base CPI, stalls at each level, memory, page faults. */
export interface Breakdown {
  base: number;
  levels: Partial<Record<LevelName, number>>;
  memory: number;
  pageFaults: number;
  total: number;
}

export interface StorageReport {
  device: string;
  reads: number;
  writes: number;
  readBytes: number;
  writeBytes: number;
  cycles: number;
  /** Request latencies in cycles from the log2 histogram: each percentile is its bucket's upper bound. */
  latency: { mean: number; p50: number; p90: number; p99: number; histogram: { from: number; to: number; count: number }[] };
  ssd?: { programs: number; gcCopies: number; erases: number };
  hdd?: { seeks: number; seekCycles: number; rotationCycles: number; transferCycles: number };
}

export interface TraceReport {
  trace: string;
  format: string;
  mode: "generic" | "cachegrind";
  records: number;
  instructions: number;
  events?: CachegrindEvents;
  /** The core clock that converts cycles to time. */
  coreMHz?: number;
  /** Core cycles of the whole run (the in-order core: instructions x CPI + stalls). */
  cycles?: number;
  /** References simulated (records without din flushes). */
  accesses?: number;
  /** Sum of every reference's latency through the hierarchy (page faults included). */
  memoryCycles?: number;
  amat?: number;
  core?: { cpi: number; instructions: number; baseCycles: number; stallCycles: number; cycles: number; ipc: number };
  memory?: { reads: number; writes: number; readBytes: number; writeBytes: number };
  dram?: {
    device: string; reads: number; writes: number; rowHits: number; rowEmpty: number; rowConflicts: number; refreshes: number;
    busCycles: number; waitCycles: number;
    /** Bytes moved over the run's core time, MB/s, and the share of that time the data buses were busy. */
    bandwidthMBps: number; busUtilisation: number;
  };
  breakdown?: Breakdown;
  vm?: string;
  pageFaults?: { major: number; minor: number; evictions: number; writebacks: number; cycles: number };
  storage?: StorageReport;
  /** The emulated Python heap's accesses by category (docs/heap.md): present once the heap was used. */
  heap?: Record<string, { references: number; cycles: number; memReads: number; share: number }>;
  levels: LevelReport[];
}

/** Read the stats block into a report. Counters above 2^53 would lose precision: none can in practice. */
export function buildReport(core: Core, machine: MachineConfig, trace: string, format: string): TraceReport {
  const c = core.counters();
  const g = (name: string) => Number(core.global(c, name));
  const levels: LevelReport[] = [];
  LEVEL_NAMES.forEach((name, index) => {
    const cfg = machine.levels[name];
    if (!cfg) return;
    const v = (field: string) => core.level(c, index, field);
    const accesses = { instruction: Number(v("accessI")), read: Number(v("accessR")), write: Number(v("accessW")), total: 0 };
    accesses.total = accesses.instruction + accesses.read + accesses.write;
    const misses = { instruction: Number(v("missI")), read: Number(v("missR")), write: Number(v("missW")), total: 0 };
    misses.total = misses.instruction + misses.read + misses.write;
    const level: LevelReport = {
      name, geometry: describeLevel(cfg), size: cfg.size, assoc: cfg.assoc, line: cfg.line, policy: cfg.policy,
      options: [cfg.policy, cfg.writeBack ? "" : "wt", cfg.writeAllocate ? "" : "nwa", cfg.inclusion === "nine" ? "" : cfg.inclusion].filter(Boolean).join(" "),
      accesses, misses, missRate: accesses.total ? misses.total / accesses.total : 0,
      evictions: Number(v("evictions")), writebacks: Number(v("writebacks")),
      writeThroughs: Number(v("writeThroughs")), backInvalidations: Number(v("backInvalidations")),
    };
    if (machine.classify) {
      level.classification = {
        compulsory: Number(v("compulsory")),
        capacity: Number(v("capacity")),
        conflict: Number(BigInt.asIntN(64, v("conflict"))),
      };
    }
    levels.push(level);
  });
  const report: TraceReport = { trace, format, mode: machine.mode, records: g("records"), instructions: g("instructions"), levels };
  if (machine.mode === "cachegrind") {
    const [i1, d1, ll] = levels;
    report.events = {
      Ir: i1.accesses.instruction, I1mr: i1.misses.instruction, ILmr: ll.misses.instruction,
      Dr: d1.accesses.read, D1mr: d1.misses.read, DLmr: ll.misses.read,
      Dw: d1.accesses.write, D1mw: d1.misses.write, DLmw: ll.misses.write,
    };
  } else {
    const memoryCycles = g("cycles");
    const references = g("records") - g("flushes");
    // The in-order core (docs/timing.md): every reference pays at least the hit
    // latency of the first level it reaches, which the pipeline hides; the rest stalls.
    const cpi = machine.cpi ?? 1;
    const instructions = g("instructions");
    const dataReferences = references - instructions;
    const hiddenAt: Partial<Record<LevelName, number>> = {};
    const first = { instruction: firstLevelName(machine, "instruction"), data: firstLevelName(machine, "data") };
    if (first.instruction) hiddenAt[first.instruction] = instructions * machine.levels[first.instruction]!.latency;
    if (first.data) hiddenAt[first.data] = (hiddenAt[first.data] ?? 0) + dataReferences * machine.levels[first.data]!.latency;
    const hidden = Object.values(hiddenAt).reduce((a, b) => a + b, 0);
    const baseCycles = Math.ceil(instructions * cpi);
    const stallCycles = memoryCycles - hidden;
    const cycles = baseCycles + stallCycles;
    const mhz = machine.coreMHz ?? DEFAULT_CORE_MHZ;
    const mbPerSecond = (bytes: number) => (cycles ? (bytes * mhz) / cycles : 0); // bytes per microsecond = MB/s
    Object.assign(report, {
      coreMHz: machine.coreMHz ?? DEFAULT_CORE_MHZ, cycles, accesses: references, memoryCycles, amat: references ? memoryCycles / references : 0,
    });
    report.core = { cpi, instructions, baseCycles, stallCycles, cycles, ipc: cycles > 0 ? instructions / cycles : 0 };
    report.memory = { reads: g("memReads"), writes: g("memWrites"), readBytes: g("memReadBytes"), writeBytes: g("memWriteBytes") };

    // Per level: the cycles of its hit latency (every access pays it once), the stalled part, bytes moved below.
    const breakdown: Breakdown = { base: baseCycles, levels: {}, memory: 0, pageFaults: g("faultCycles"), total: cycles };
    let levelCycles = 0;
    for (const level of levels) {
      const index = LEVEL_NAMES.indexOf(level.name);
      level.hits = level.accesses.total - level.misses.total;
      level.cycles = machine.levels[level.name]!.latency * level.accesses.total;
      level.stallCycles = level.cycles - (hiddenAt[level.name] ?? 0);
      level.share = cycles ? level.stallCycles / cycles : 0;
      level.bytesIn = Number(core.level(c, index, "bytesIn"));
      level.bytesOut = Number(core.level(c, index, "bytesOut"));
      breakdown.levels[level.name] = level.stallCycles;
      levelCycles += level.cycles;
    }
    breakdown.memory = memoryCycles - levelCycles - breakdown.pageFaults;
    for (const level of levels) level.bandwidthMBps = mbPerSecond(level.bytesIn! + level.bytesOut!);
    report.breakdown = breakdown;
    // Textbook AMAT per level, from the bottom up: memory costs its cycles per line read.
    let below = g("memReads") ? breakdown.memory / g("memReads") : 0;
    for (const level of [...levels].reverse()) {
      level.avgLatency = machine.levels[level.name]!.latency + (level.accesses.total ? level.misses.total / level.accesses.total : 0) * below;
      if (level.name === "l2" || level.name === "l3") below = level.avgLatency; // both L1s sit above the same level
    }
    if (machine.dram?.kind === "dram") {
      report.dram = {
        device: describeDram(machine.dram), reads: g("dramReads"), writes: g("dramWrites"), rowHits: g("rowHits"),
        rowEmpty: g("rowEmpty"), rowConflicts: g("rowConflicts"), refreshes: g("refreshes"),
        busCycles: g("dramBusCycles"), waitCycles: g("dramWaitCycles"),
        bandwidthMBps: mbPerSecond(g("memReadBytes") + g("memWriteBytes")),
        busUtilisation: cycles ? g("dramBusCycles") / (cycles * (machine.dram.channels ?? 1)) : 0,
      };
    }
    if (machine.vm) {
      report.vm = describeVm(machine.vm);
      report.pageFaults = {
        major: g("pageFaults"), minor: g("minorFaults"), evictions: g("pageEvictions"), writebacks: g("pageWritebacks"), cycles: g("faultCycles"),
      };
    }
    if (machine.storage && machine.vm) report.storage = storageReport(core, c, machine.storage);
    const categories = core.schema.categories.names;
    if (categories.some((k) => core.category(c, k, "references") > 0n)) {
      report.heap = Object.fromEntries(categories.map((k) => {
        const cyclesHere = Number(core.category(c, k, "cycles"));
        return [k, { references: Number(core.category(c, k, "references")), cycles: cyclesHere, memReads: Number(core.category(c, k, "memReads")),
          share: memoryCycles ? cyclesHere / memoryCycles : 0 }];
      }));
    }
  }
  return report;
}

function storageReport(core: Core, c: BigUint64Array, s: StorageConfig): StorageReport {
  const g = (name: string) => Number(core.global(c, name));
  const buckets = core.histogram(c).map(Number);
  const requests = buckets.reduce((a, b) => a + b, 0);
  const percentile = (p: number) => {
    let seen = 0;
    for (let b = 0; b < buckets.length; b++) {
      seen += buckets[b];
      if (requests && seen >= p * requests) return 2 ** (b + 1);
    }
    return 0;
  };
  const report: StorageReport = {
    device: describeStorage(s), reads: g("storageReads"), writes: g("storageWrites"),
    readBytes: g("storageReadBytes"), writeBytes: g("storageWriteBytes"), cycles: g("storageCycles"),
    latency: {
      mean: requests ? g("storageCycles") / requests : 0, p50: percentile(0.5), p90: percentile(0.9), p99: percentile(0.99),
      histogram: buckets.flatMap((count, b) => (count ? [{ from: b === 0 ? 0 : 2 ** b, to: 2 ** (b + 1), count }] : [])),
    },
  };
  if (s.kind === "ssd") report.ssd = { programs: g("ssdPrograms"), gcCopies: g("ssdGcCopies"), erases: g("ssdErases") };
  else report.hdd = { seeks: g("hddSeeks"), seekCycles: g("hddSeekCycles"), rotationCycles: g("hddRotationCycles"), transferCycles: g("hddTransferCycles") };
  return report;
}

/** Row-buffer hits over all row accesses (0 when the DRAM saw none). */
export function rowHitRate(d: NonNullable<TraceReport["dram"]>): number {
  const rows = d.rowHits + d.rowEmpty + d.rowConflicts;
  return rows ? d.rowHits / rows : 0;
}

/** Cachegrind's own summary layout, so the numbers read as cg_annotate users expect. */
export function formatCachegrind(r: TraceReport): string {
  const e = r.events!;
  const ll = r.levels[2];
  const w = Math.max(...Object.values(e).map((n) => commas(n).length), commas(e.Dr + e.Dw).length);
  const n = (x: number) => commas(x).padStart(w);
  const pct = (a: number, b: number) => percent(a, b, 1).padStart(w);
  const split = (a: number, b: number) => `(${commas(a).padStart(w)} rd + ${commas(b).padStart(w)} wr)`;
  const llRefs = ll.accesses.read + ll.accesses.write;
  return [
    `I   refs:      ${n(e.Ir)}`,
    `I1  misses:    ${n(e.I1mr)}`,
    `LLi misses:    ${n(e.ILmr)}`,
    `I1  miss rate: ${pct(e.I1mr, e.Ir)}`,
    `LLi miss rate: ${pct(e.ILmr, e.Ir)}`,
    "",
    `D   refs:      ${n(e.Dr + e.Dw)}  ${split(e.Dr, e.Dw)}`,
    `D1  misses:    ${n(e.D1mr + e.D1mw)}  ${split(e.D1mr, e.D1mw)}`,
    `LLd misses:    ${n(e.DLmr + e.DLmw)}  ${split(e.DLmr, e.DLmw)}`,
    `D1  miss rate: ${pct(e.D1mr + e.D1mw, e.Dr + e.Dw)}  (${pct(e.D1mr, e.Dr)}    + ${pct(e.D1mw, e.Dw)}   )`,
    `LLd miss rate: ${pct(e.DLmr + e.DLmw, e.Dr + e.Dw)}  (${pct(e.DLmr, e.Dr)}    + ${pct(e.DLmw, e.Dw)}   )`,
    "",
    `LL refs:       ${n(llRefs + ll.accesses.instruction)}  ${split(ll.accesses.read + ll.accesses.instruction, ll.accesses.write)}`,
    `LL misses:     ${n(e.ILmr + e.DLmr + e.DLmw)}  ${split(e.ILmr + e.DLmr, e.DLmw)}`,
    `LL miss rate:  ${pct(e.ILmr + e.DLmr + e.DLmw, e.Ir + e.Dr + e.Dw)}  (${pct(e.ILmr + e.DLmr, e.Ir + e.Dr)}    + ${pct(e.DLmw, e.Dw)}   )`,
  ].join("\n");
}

/** Per-level table for the generic mode. */
export function formatGeneric(r: TraceReport): string {
  const rows = r.levels.map((l) => [
    l.name.toUpperCase(), `${l.geometry} ${l.options}`, commas(l.accesses.total), commas(l.misses.total),
    percent(l.misses.total, l.accesses.total), `${commas(l.misses.instruction)}/${commas(l.misses.read)}/${commas(l.misses.write)}`,
    commas(l.evictions), commas(l.writebacks),
  ]);
  const parts = [
    table(["level", "geometry", "accesses", "misses", "miss rate", "misses I/R/W", "evictions", "write-backs"], rows),
  ];
  if (r.levels.some((l) => l.classification)) {
    parts.push("", table(["level", "compulsory", "capacity", "conflict"], r.levels.map((l) => [
      l.name.toUpperCase(), commas(l.classification!.compulsory), commas(l.classification!.capacity), commas(l.classification!.conflict),
    ])));
  }
  const m = r.memory!;
  parts.push(
    "",
    `references ${commas(r.records)} (${commas(r.instructions)} instruction fetches)`,
    `memory     ${commas(m.reads)} line reads, ${commas(m.writes)} writes (${commas(m.readBytes + m.writeBytes)} bytes)`,
    ...(r.dram ? [`dram       ${r.dram.device}: ${commas(r.dram.rowHits)} row hits, ${commas(r.dram.rowEmpty)} empty banks, ` +
      `${commas(r.dram.rowConflicts)} conflicts (${percent(r.dram.rowHits, r.dram.rowHits + r.dram.rowEmpty + r.dram.rowConflicts, 1)} hit rate), ${commas(r.dram.refreshes)} refreshes`,
      `           ${commas(Math.round(r.dram.bandwidthMBps))} MB/s achieved, data buses busy ${percent(r.dram.busUtilisation, 1, 1)} of the time`] : []),
    ...(r.pageFaults ? [`vm         ${r.vm}`, `           ${commas(r.pageFaults.major)} major faults, ${commas(r.pageFaults.minor)} minor, ` +
      `${commas(r.pageFaults.evictions)} pages evicted (${commas(r.pageFaults.writebacks)} written back)`] : []),
    ...(r.storage ? formatStorage(r.storage, r.coreMHz!) : []),
    `cycles     ${commas(r.memoryCycles!)} in memory accesses, AMAT ${r.amat!.toFixed(2)} cycles per reference`,
    `core       ${commas(r.core!.cycles)} cycles = ${commas(r.core!.instructions)} instructions x CPI ${r.core!.cpi} + ${commas(r.core!.stallCycles)} stall cycles ` +
      `(IPC ${r.core!.ipc.toFixed(2)}; ${percent(r.core!.stallCycles, r.core!.cycles, 1)} of the time waiting on memory)`,
    "",
    formatBreakdown(r),
  );
  if (r.heap) parts.push("", formatHeap(r.heap));
  return parts.join("\n");
}

/** Memory management against the program's own work on its objects: the heap's categories, a bar each. */
function formatHeap(heap: NonNullable<TraceReport["heap"]>): string {
  const total = Object.values(heap).reduce((sum, v) => sum + v.cycles, 0);
  const rows = Object.entries(heap).filter(([, v]) => v.references).map(([k, v]) => [
    k, commas(v.references), commas(v.cycles), percent(v.cycles, total, 1), commas(v.memReads), bar(total ? v.cycles / total : 0),
  ]);
  const managed = total - (heap.mutator?.cycles ?? 0);
  return "the Python heap's cycles by category (memory-access cycles of its loads and stores)\n\n" +
    table(["", "accesses", "cycles", "share", "lines from memory", ""], rows, [5]) +
    `\n\nmemory management (alloc, free, refcount, gc) took ${percent(managed, total, 1)} of the heap's cycles, ` +
    `the program's own work on its objects (mutator) ${percent(total - managed, total, 1)}`;
}

/** A bar of `share` (0..1) of `width` characters, in eighths. */
function bar(share: number, width = 30): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + (eighths % 8 ? "▏▎▍▌▋▊▉"[(eighths % 8) - 1] : "");
}

/** Where the core's cycles went, level by level, with a bar per row. */
function formatBreakdown(r: TraceReport): string {
  const b = r.breakdown!;
  const mb = (n: number | undefined) => (n === undefined ? "" : (n / 1e6).toFixed(n < 1e7 ? 2 : 0));
  const rows: string[][] = [["core (CPI)", commas(b.base), percent(b.base, b.total, 1), "", "", "", bar(b.base / b.total)]];
  for (const l of r.levels) {
    rows.push([l.name.toUpperCase(), commas(l.stallCycles!), percent(l.stallCycles!, b.total, 1), l.avgLatency!.toFixed(2),
      mb(l.bytesIn), mb(l.bytesOut), bar(l.stallCycles! / b.total)]);
  }
  rows.push(["memory", commas(b.memory), percent(b.memory, b.total, 1), "", "", "", bar(b.memory / b.total)]);
  if (r.pageFaults) rows.push(["page faults", commas(b.pageFaults), percent(b.pageFaults, b.total, 1), "", "", "", bar(b.pageFaults / b.total)]);
  return "where the cycles go (stalls beyond each reference's first-level hit)\n\n" +
    table(["", "cycles", "share", "avg latency", "MB in", "MB out", ""], rows, [6]);
}

function formatStorage(s: StorageReport, coreMHz: number): string[] {
  const us = (cycles: number) => `${(cycles / coreMHz).toFixed(cycles / coreMHz < 100 ? 1 : 0)} us`;
  const lines = [
    `storage    ${s.device}`,
    `           ${commas(s.reads)} reads, ${commas(s.writes)} writes (${commas(s.readBytes + s.writeBytes)} bytes); ` +
      `${us(s.latency.mean)} per request on average, p50 < ${us(s.latency.p50)}, p99 < ${us(s.latency.p99)}`,
  ];
  if (s.ssd) lines.push(`           flash: ${commas(s.ssd.programs)} pages programmed, ${commas(s.ssd.gcCopies)} units moved by GC, ${commas(s.ssd.erases)} erases`);
  if (s.hdd) {
    lines.push(`           disk: ${commas(s.hdd.seeks)} seeks; ${commas(s.hdd.seekCycles)} cycles seeking, ${commas(s.hdd.rotationCycles)} waiting for rotation, ` +
      `${commas(s.hdd.transferCycles)} transferring`);
  }
  return lines;
}

export function formatReport(r: TraceReport): string {
  const head = `${r.trace} (${r.format}, ${r.mode === "cachegrind" ? "cachegrind mode: " + r.levels.map((l) => `${CACHEGRIND_NAMES[l.name]} ${l.size},${l.assoc},${l.line}`).join(" ") : "generic mode"})`;
  return `${head}\n\n${r.mode === "cachegrind" ? formatCachegrind(r) : formatGeneric(r)}\n`;
}
