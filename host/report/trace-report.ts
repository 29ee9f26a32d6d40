// What a trace replay reports: Cachegrind's nine events (cachegrind mode) or
// per-level statistics with cycles (generic mode), as text or JSON.

import { type Core, LEVEL_NAMES, type LevelName } from "../core.js";
import { type MachineConfig, CACHEGRIND_NAMES, firstLevel } from "../config/machine.js";
import { describeLevel } from "../config/level.js";
import { describeDram } from "../config/dram.js";
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
}

export interface TraceReport {
  trace: string;
  format: string;
  mode: "generic" | "cachegrind";
  records: number;
  instructions: number;
  events?: CachegrindEvents;
  cycles?: number;
  amat?: number;
  core?: { cpi: number; instructions: number; baseCycles: number; stallCycles: number; cycles: number; ipc: number };
  memory?: { reads: number; writes: number; readBytes: number; writeBytes: number };
  dram?: { device: string; reads: number; writes: number; rowHits: number; rowEmpty: number; rowConflicts: number; refreshes: number; busCycles: number; waitCycles: number };
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
    report.cycles = g("cycles");
    const references = g("records") - g("flushes");
    report.amat = references ? report.cycles / references : 0;
    // The in-order core (docs/timing.md): every reference pays at least the hit
    // latency of the first level it reaches, which the pipeline hides; the rest stalls.
    const cpi = machine.cpi ?? 1;
    const hitLatency = (kind: "instruction" | "data") => firstLevel(machine, kind)?.latency ?? 0; // memory: nothing hidden
    const dataReferences = references - g("instructions");
    const hidden = g("instructions") * hitLatency("instruction") + dataReferences * hitLatency("data");
    const baseCycles = Math.ceil(g("instructions") * cpi);
    const stallCycles = report.cycles - hidden;
    report.core = {
      cpi, instructions: g("instructions"), baseCycles, stallCycles, cycles: baseCycles + stallCycles,
      ipc: baseCycles + stallCycles > 0 ? g("instructions") / (baseCycles + stallCycles) : 0,
    };
    report.memory = { reads: g("memReads"), writes: g("memWrites"), readBytes: g("memReadBytes"), writeBytes: g("memWriteBytes") };
    if (machine.dram?.kind === "dram") {
      report.dram = {
        device: describeDram(machine.dram), reads: g("dramReads"), writes: g("dramWrites"), rowHits: g("rowHits"),
        rowEmpty: g("rowEmpty"), rowConflicts: g("rowConflicts"), refreshes: g("refreshes"),
        busCycles: g("dramBusCycles"), waitCycles: g("dramWaitCycles"),
      };
    }
  }
  return report;
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
      `${commas(r.dram.rowConflicts)} conflicts (${percent(r.dram.rowHits, r.dram.rowHits + r.dram.rowEmpty + r.dram.rowConflicts, 1)} hit rate), ${commas(r.dram.refreshes)} refreshes`] : []),
    `cycles     ${commas(r.cycles!)} in memory accesses, AMAT ${r.amat!.toFixed(2)} cycles per reference`,
    `core       ${commas(r.core!.cycles)} cycles = ${commas(r.core!.instructions)} instructions x CPI ${r.core!.cpi} + ${commas(r.core!.stallCycles)} stall cycles ` +
      `(IPC ${r.core!.ipc.toFixed(2)}; ${percent(r.core!.stallCycles, r.core!.cycles, 1)} of the time waiting on memory)`,
  );
  return parts.join("\n");
}

export function formatReport(r: TraceReport): string {
  const head = `${r.trace} (${r.format}, ${r.mode === "cachegrind" ? "cachegrind mode: " + r.levels.map((l) => `${CACHEGRIND_NAMES[l.name]} ${l.size},${l.assoc},${l.line}`).join(" ") : "generic mode"})`;
  return `${head}\n\n${r.mode === "cachegrind" ? formatCachegrind(r) : formatGeneric(r)}\n`;
}
