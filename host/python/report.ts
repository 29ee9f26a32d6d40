// The per-line report of `memsim py --report` / `--json` (docs/python.md, "The
// report"): the core's line table (assembly/python/lines.ts) read into rows
// per (code object, source line), sorted by cost, with cycles by heap category
// and by level, and one sentence on memory management's share.

import type { Core } from "../core.js";
import type { MachineConfig } from "../config/machine.js";
import { compileModule } from "./index.js";
import { codeRecordOrder } from "./image.js";
import { commas, percent, table, wrap } from "../report/format.js";

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
const EXIT_CODE = 0xfffffffd;

/** The raw counters of one row of the core's table. */
export type LineCounters = Record<LineCounter, number>;

export interface LineRow {
  /** The code object's qualified name ("<module>", "fib", "Point.__init__"; "<startup>", "<exit>" and "<overflow>" for the special rows). */
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
    const name = r.code === STARTUP_CODE ? "<startup>" : r.code === OVERFLOW_CODE ? "<overflow>" : r.code === EXIT_CODE ? "<exit>" :
      (codes[r.code]?.qualname ?? `<code ${r.code}>`);
    const text = r.code === STARTUP_CODE ? "(heap setup, loading the image, the builtins)" :
      r.code === OVERFLOW_CODE ? "(lines beyond the core's table)" :
      r.code === EXIT_CODE ? "(interpreter exit: the module's globals released, the collections at exit)" : (sourceLines[r.line - 1] ?? "").trim();
    return toRow(name, r.code >= EXIT_CODE ? 0 : r.line, text, r.counters, machine, bytecodeCycles);
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

/** A column of the text report: its heading and its cell in a row. */
interface Column { head: string; cell: (l: LineRow) => string; left?: boolean }

/** The narrowest the source column gets when the report is fitted to a width, and its widest. */
const SOURCE_MIN = 24;
const SOURCE_MAX = 36;

/**
 * The report as text for stderr: the top `top` lines (0: all), then the total and the summary
 * sentence. One table; or, when `width` (the terminal's columns) is too narrow for it, the same
 * columns in several tables of the same rows, each at most `width` wide where it can be: the
 * line and its source in each, then the runs and counts, the cycles and their share, the cycles by
 * category, by level, and the misses, as many of those groups to a table as fit; the prose is
 * wrapped at `width` too.
 */
export function formatLineReport(r: PyLineReport, top = 20, width?: number): string {
  const shown = top > 0 ? r.lines.slice(0, top) : r.lines;
  const hasL3 = r.totals.levels.l3 > 0 || r.totals.misses.l3 > 0;
  const hasStorage = r.totals.levels.storage > 0 || r.totals.misses.pageFaults > 0;
  const hasOther = r.lines.some((l) => l.categories.other !== 0);
  const col = (head: string, cell: (l: LineRow) => number): Column => ({ head, cell: (l) => commas(cell(l)) });
  const groups: Column[][] = [
    [col("runs", (l) => l.executions), col("bytecodes", (l) => l.bytecodes), col("allocs", (l) => l.allocations), col("frees", (l) => l.frees),
      col("increfs", (l) => l.increfs), col("decrefs", (l) => l.decrefs)],
    [col("cycles", (l) => l.cycles), { head: "share", cell: (l) => percent(l.cycles, r.totals.cycles, 1) },
      { head: "", cell: (l) => bar(r.totals.cycles ? l.cycles / r.totals.cycles : 0), left: true }],
    [col("interp", (l) => l.categories.interpreter), col("alloc", (l) => l.categories.alloc), col("free", (l) => l.categories.free),
      col("refcnt", (l) => l.categories.refcount), col("gc", (l) => l.categories.gc), ...(hasOther ? [col("other", (l) => l.categories.other)] : [])],
    [...(r.bytecodeCycles ? [col("core", (l) => l.levels.core)] : []), col("L1", (l) => l.levels.l1), col("L2", (l) => l.levels.l2),
      ...(hasL3 ? [col("L3", (l) => l.levels.l3)] : []), col("DRAM", (l) => l.levels.dram), ...(hasStorage ? [col("storage", (l) => l.levels.storage)] : [])],
    [col("L1d miss", (l) => l.misses.l1d), col("L2 miss", (l) => l.misses.l2), ...(hasL3 ? [col("L3 miss", (l) => l.misses.l3)] : []),
      col("mem reads", (l) => l.misses.memReads), ...(hasStorage ? [col("faults", (l) => l.misses.pageFaults)] : [])],
  ];
  const rows: [LineRow, string, string][] = shown.map((l) => [l, l.line ? (l.code === "<module>" ? `${l.line}` : `${l.line} ${l.code}`) : l.code, l.source]);
  rows.push([r.totals, "total", `${r.lines.length} rows`]);
  /** The table of the line, its source clipped to `sourceWidth`, and `columns`. */
  const tableOf = (columns: Column[], sourceWidth: number) => table(["line", "source", ...columns.map((c) => c.head)],
    rows.map(([l, label, text]) => [label, text.length > sourceWidth ? text.slice(0, sourceWidth - 1) + "…" : text, ...columns.map((c) => c.cell(l))]),
    [1, ...columns.flatMap((c, i) => (c.left ? [i + 2] : []))]);
  const widthOf = (text: string) => Math.max(...text.split("\n").map((line) => line.length));
  let tables = [tableOf(groups.flat(), SOURCE_MAX)];
  if (width !== undefined && widthOf(tables[0]) > width) {
    // The groups packed in order into tables of at most `width` where they fit, with the source
    // column's width (24 to 36) that makes the fewest tables (the widest of those).
    const pack = (sourceWidth: number) => {
      const fits = (columns: Column[]) => widthOf(tableOf(columns, sourceWidth)) <= width;
      /** `items` in order, each joining the table before it while that still fits. */
      const greedy = (items: Column[][]) => {
        const packed: Column[][] = [];
        for (const g of items) {
          const last = packed[packed.length - 1];
          if (last && fits([...last, ...g])) last.push(...g);
          else packed.push([...g]);
        }
        return packed;
      };
      // A group too wide alone is cut into pieces that fit (a column at least to each).
      return greedy(groups.flatMap((g) => (fits(g) ? [g] : greedy(g.map((c) => [c])))));
    };
    let best = { sourceWidth: SOURCE_MAX, packed: pack(SOURCE_MAX) };
    for (let sourceWidth = SOURCE_MAX - 1; sourceWidth >= SOURCE_MIN; sourceWidth--) {
      const packed = pack(sourceWidth);
      if (packed.length < best.packed.length) best = { sourceWidth, packed };
    }
    tables = best.packed.map((columns) => tableOf(columns, best.sourceWidth));
  }
  const more = r.lines.length - shown.length;
  return wrap(`${r.script}: cost by source line, the costliest first` +
    (more > 0 ? ` (top ${shown.length} of ${r.lines.length}; --json has all)` : "") + "\n" +
    "cycles by category (interp = the interpreter's own accesses" + (r.bytecodeCycles ? " + base cycles per bytecode" : "") +
    ") and by level (each access's hit latency at the levels it reached; DRAM the rest" + (hasStorage ? "; storage the page faults" : "") + ")", width) +
    "\n\n" + tables.join("\n\n") + "\n\n" + wrap(r.summary.sentence, width) + "\n";
}
