// The per-line report of `memsim py --report` / `--json` (docs/python.md, "The
// report"): the core's line table (assembly/python/lines.ts) read into rows
// per (code object, source line), sorted by cost, with cycles by heap category
// and by level, and one sentence on memory management's share.

import type { Core } from "../core.js";
import type { MachineConfig } from "../config/machine.js";
import { compileModule } from "./index.js";
import { codeRecordOrder } from "./image.js";
import { commas, percent, table } from "../report/format.js";

/** The table's fields (lines.ts), in order. */
const FIELD_NAMES = [
  "executions", "bytecodes", "allocations", "frees", "increfs", "decrefs",
  "records", "cycles", "memReads", "memWrites", "pageFaults", "minorFaults", "faultCycles", "storageReads", "storageWrites", "storageCycles",
  "l1iAccesses", "l1iMisses", "l1dAccesses", "l1dMisses", "l2Accesses", "l2Misses", "l3Accesses", "l3Misses",
  "mutatorReferences", "mutatorCycles", "mutatorMemReads", "allocReferences", "allocCycles", "allocMemReads",
  "freeReferences", "freeCycles", "freeMemReads", "refcountReferences", "refcountCycles", "refcountMemReads",
  "gcReferences", "gcCycles", "gcMemReads",
] as const;
export type LineCounter = (typeof FIELD_NAMES)[number];
const STARTUP_CODE = 0xffffffff;
const OVERFLOW_CODE = 0xfffffffe;

/** The raw counters of one row of the core's table. */
export type LineCounters = Record<LineCounter, number>;

export interface LineRow {
  /** The code object's qualified name ("<module>", "fib", "Point.__init__"; "<startup>" and "<overflow>" for the special rows). */
  code: string;
  /** Source line (0 for the special rows). */
  line: number;
  source: string;
  executions: number;
  bytecodes: number;
  allocations: number;
  frees: number;
  increfs: number;
  decrefs: number;
  /** All the line's cycles: its heap accesses' (memory) plus the interpreter's base cycles per bytecode (--bytecode-cycles). */
  cycles: number;
  /** Cycles by heap category: interpreter = the mutator's accesses plus the base cycles; other = accesses outside any category. */
  categories: { interpreter: number; alloc: number; free: number; refcount: number; gc: number; other: number };
  /** Memory cycles by level (each access's hit latency at every level it reached; DRAM the rest; storage the page faults), plus the base cycles. */
  levels: { core: number; l1: number; l2: number; l3: number; dram: number; storage: number };
  /** Misses by level, lines read from memory, page faults. */
  misses: { l1d: number; l2: number; l3: number; memReads: number; pageFaults: number; minorFaults: number };
  /** Every counter of the core's row, unchanged. */
  counters: LineCounters;
}

export interface PyLineReport {
  script: string;
  bytecodeCycles: number;
  /** Rows sorted by cycles, the costliest first (startup included). */
  lines: LineRow[];
  /** The sum of every row (equal to the run's counters). */
  totals: LineRow;
  summary: { memoryManagement: number; program: number; total: number; memoryShare: number; programShare: number; sentence: string };
}

/** The core's rows, raw (after a run: pyLineStats charges the line running). */
export function readLineTable(core: Core): { code: number; line: number; counters: LineCounters }[] {
  const e = core.exports;
  const n = e.pyLineStats();
  const fields = e.pyLineFields();
  if (fields !== FIELD_NAMES.length) throw new Error(`the core's line table has ${fields} fields, the host knows ${FIELD_NAMES.length}`);
  const view = new DataView(core.exports.memory.buffer, e.pyLineTable(), n * (8 + fields * 8));
  const rows = [];
  for (let r = 0; r < n; r++) {
    const p = r * (8 + fields * 8);
    const counters = {} as LineCounters;
    FIELD_NAMES.forEach((name, k) => (counters[name] = Number(view.getBigUint64(p + 8 + 8 * k, true))));
    rows.push({ code: view.getUint32(p, true), line: view.getUint32(p + 4, true), counters });
  }
  return rows;
}

function emptyCounters(): LineCounters {
  return Object.fromEntries(FIELD_NAMES.map((n) => [n, 0])) as LineCounters;
}

function toRow(code: string, line: number, source: string, c: LineCounters, machine: MachineConfig, bytecodeCycles: number): LineRow {
  const base = c.bytecodes * bytecodeCycles;
  const latency = (name: string) => machine.levels[name as keyof MachineConfig["levels"]]?.latency ?? 0;
  const l1 = latency("l1i") * c.l1iAccesses + latency("l1d") * c.l1dAccesses;
  const l2 = latency("l2") * c.l2Accesses;
  const l3 = latency("l3") * c.l3Accesses;
  const categorised = c.mutatorCycles + c.allocCycles + c.freeCycles + c.refcountCycles + c.gcCycles;
  return {
    code, line, source,
    executions: c.executions, bytecodes: c.bytecodes, allocations: c.allocations, frees: c.frees, increfs: c.increfs, decrefs: c.decrefs,
    cycles: c.cycles + base,
    categories: {
      interpreter: c.mutatorCycles + base, alloc: c.allocCycles, free: c.freeCycles, refcount: c.refcountCycles, gc: c.gcCycles,
      other: c.cycles - categorised,
    },
    levels: { core: base, l1, l2, l3, dram: c.cycles - l1 - l2 - l3 - c.faultCycles, storage: c.faultCycles },
    misses: { l1d: c.l1dMisses, l2: c.l2Misses, l3: c.l3Misses, memReads: c.memReads, pageFaults: c.pageFaults, minorFaults: c.minorFaults },
    counters: c,
  };
}

/**
 * The per-line report of the run just made on `core` (runPython) of `source`.
 * `bytecodeCycles`: the --bytecode-cycles the run used (0 when not set).
 */
export function buildLineReport(core: Core, machine: MachineConfig, source: string, filename: string, bytecodeCycles = 0): PyLineReport {
  const compiled = compileModule(source, filename);
  const codes = "code" in compiled ? codeRecordOrder(compiled.code) : [];
  const sourceLines = source.split(/\r?\n/);
  const totals = emptyCounters();
  const lines = readLineTable(core).map((r) => {
    for (const k of FIELD_NAMES) totals[k] += r.counters[k];
    const name = r.code === STARTUP_CODE ? "<startup>" : r.code === OVERFLOW_CODE ? "<overflow>" : (codes[r.code]?.qualname ?? `<code ${r.code}>`);
    const text = r.code === STARTUP_CODE ? "(heap setup, loading the image, the builtins)" :
      r.code === OVERFLOW_CODE ? "(lines beyond the core's table)" : (sourceLines[r.line - 1] ?? "").trim();
    return toRow(name, r.code >= OVERFLOW_CODE ? 0 : r.line, text, r.counters, machine, bytecodeCycles);
  });
  lines.sort((a, b) => b.cycles - a.cycles || a.line - b.line);
  const total = toRow("", 0, "total", totals, machine, bytecodeCycles);
  const managed = total.categories.alloc + total.categories.free + total.categories.refcount + total.categories.gc;
  const program = total.cycles - managed;
  const share = (x: number) => (total.cycles ? x / total.cycles : 0);
  const sentence = `memory management (alloc, free, refcount, gc) took ${percent(managed, total.cycles, 1)} of the ${commas(total.cycles)} cycles, ` +
    `the program's own work (the interpreter${bytecodeCycles ? `, with ${bytecodeCycles} base cycles per bytecode` : ""}) ${percent(program, total.cycles, 1)}`;
  return {
    script: filename, bytecodeCycles, lines, totals: total,
    summary: { memoryManagement: managed, program, total: total.cycles, memoryShare: share(managed), programShare: share(program), sentence },
  };
}

/** A bar of `share` (0..1) of `width` characters, in eighths. */
function bar(share: number, width = 12): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  return "█".repeat(Math.floor(eighths / 8)) + (eighths % 8 ? "▏▎▍▌▋▊▉"[(eighths % 8) - 1] : "");
}

/** The report as text for stderr: the top `top` lines (0: all), then the total and the summary sentence. */
export function formatLineReport(r: PyLineReport, top = 20): string {
  const shown = top > 0 ? r.lines.slice(0, top) : r.lines;
  const hasL3 = r.totals.levels.l3 > 0 || r.totals.misses.l3 > 0;
  const hasStorage = r.totals.levels.storage > 0 || r.totals.misses.pageFaults > 0;
  const hasOther = r.lines.some((l) => l.categories.other !== 0);
  const cells = (l: LineRow, label: string, text: string): string[] => {
    const c = l.categories;
    const v = l.levels;
    return [
      label, text, commas(l.executions), commas(l.bytecodes), commas(l.allocations), commas(l.frees), commas(l.increfs), commas(l.decrefs),
      commas(l.cycles), percent(l.cycles, r.totals.cycles, 1), bar(r.totals.cycles ? l.cycles / r.totals.cycles : 0),
      commas(c.interpreter), commas(c.alloc), commas(c.free), commas(c.refcount), commas(c.gc), ...(hasOther ? [commas(c.other)] : []),
      ...(r.bytecodeCycles ? [commas(v.core)] : []), commas(v.l1), commas(v.l2), ...(hasL3 ? [commas(v.l3)] : []), commas(v.dram),
      ...(hasStorage ? [commas(v.storage)] : []),
      commas(l.misses.l1d), commas(l.misses.l2), ...(hasL3 ? [commas(l.misses.l3)] : []), commas(l.misses.memReads),
      ...(hasStorage ? [commas(l.misses.pageFaults)] : []),
    ];
  };
  const clip = (s: string) => (s.length > 36 ? s.slice(0, 35) + "…" : s);
  const label = (l: LineRow) => (l.line ? (l.code === "<module>" ? `${l.line}` : `${l.line} ${l.code}`) : l.code);
  const header = [
    "line", "source", "runs", "bytecodes", "allocs", "frees", "increfs", "decrefs", "cycles", "share", "",
    "interp", "alloc", "free", "refcnt", "gc", ...(hasOther ? ["other"] : []),
    ...(r.bytecodeCycles ? ["core"] : []), "L1", "L2", ...(hasL3 ? ["L3"] : []), "DRAM", ...(hasStorage ? ["storage"] : []),
    "L1d miss", "L2 miss", ...(hasL3 ? ["L3 miss"] : []), "mem reads", ...(hasStorage ? ["faults"] : []),
  ];
  const rows = shown.map((l) => cells(l, label(l), clip(l.source)));
  rows.push(cells(r.totals, "total", `${r.lines.length} rows`));
  const more = r.lines.length - shown.length;
  return `${r.script}: cost by source line, the costliest first` +
    (more > 0 ? ` (top ${shown.length} of ${r.lines.length}; --json has all)` : "") + "\n" +
    "cycles by category (interp = the interpreter's own accesses" + (r.bytecodeCycles ? " + base cycles per bytecode" : "") +
    ") and by level (each access's hit latency at the levels it reached; DRAM the rest" + (hasStorage ? "; storage the page faults" : "") + ")\n\n" +
    table(header, rows, [1, 10]) + "\n\n" + r.summary.sentence + "\n";
}
