// The cyclic collector's log (`memsim py --gc-log`, docs/gc.md): one record
// per collection, read from the core after each slice of the run
// (assembly/python/gcmodule.ts), and its one-line text.

import type { Core } from "../core.js";
import { commas } from "../report/format.js";

export interface GcCollection {
  /** 1, 2, 3 ... in the order they ran. */
  index: number;
  generation: number;
  /** The objects in the generations collected (after the younger ones merged in). */
  examined: number;
  collected: number;
  uncollectable: number;
  /** All the cycles of the collection's accesses (the collector's, and the deallocations its tp_clear calls started). */
  cycles: number;
  l1dMisses: number;
  l2Misses: number;
  /** Lines read from memory (DRAM). */
  memReads: number;
  /** The source line running when it started (0: before the script's first line), and its code object's name. */
  line: number;
  code: string;
  /** True when an allocation started it (generation 0's count past its threshold), false for gc.collect() and at exit. */
  automatic: boolean;
  /** One of the interpreter's exit (Py_FinalizeEx's collections). */
  atExit: boolean;
  /** Bytecodes run before it. */
  bytecodes: number;
  /** gc.get_debug() when it started. */
  debug: number;
  /** With DEBUG_STATS: the objects in generations 0, 1, 2 and the permanent one when it started. */
  sizes: [number, number, number, number];
}

/** The collections the core logged since the last call (the log is emptied). `codeName` names a code record. */
export function drainGcLog(core: Core, codeName: (record: number) => string, first: number): GcCollection[] {
  const e = core.exports;
  const n = e.pyGcLog();
  if (n <= 0) return [];
  const fields = e.pyGcLogFields();
  const v = new BigUint64Array(e.memory.buffer, e.pyGcLogPtr(), n * fields);
  const out: GcCollection[] = [];
  for (let i = 0; i < n; i++) {
    const f = (k: number) => Number(v[i * fields + k]);
    out.push({
      index: first + i, generation: f(0), examined: f(1), collected: f(2), uncollectable: f(3), cycles: f(4),
      l1dMisses: f(5), l2Misses: f(6), memReads: f(7), line: f(8), code: codeName(f(9)), automatic: f(10) === 1, atExit: f(10) === 2, bytecodes: f(11),
      debug: f(12), sizes: [f(13), f(14), f(15), f(16)],
    });
  }
  return out;
}

/**
 * What CPython 3.11 writes to stderr for a collection under
 * gc.set_debug(gc.DEBUG_STATS) (gc_collect_main), or "" without it. The
 * elapsed time is the collection's emulated time: its cycles at the core's
 * clock (`coreMHz`).
 */
export function formatDebugStats(c: GcCollection, coreMHz: number): string {
  if ((c.debug & 1) === 0) return "";
  const seconds = c.cycles / (coreMHz * 1e6);
  return `gc: collecting generation ${c.generation}...\n` +
    `gc: objects in each generation: ${c.sizes[0]} ${c.sizes[1]} ${c.sizes[2]}\n` +
    `gc: objects in permanent generation: ${c.sizes[3]}\n` +
    `gc: done, ${c.collected + c.uncollectable} unreachable, ${c.uncollectable} uncollectable, ${seconds.toFixed(4)}s elapsed\n`;
}

/** One line of --gc-log. */
export function formatGcCollection(c: GcCollection): string {
  const where = c.line ? `line ${c.line}${c.code && c.code !== "<module>" ? ` (${c.code})` : ""}` : c.atExit ? "exit" : "startup";
  const kind = c.automatic ? "automatic" : c.atExit ? "interpreter exit" : "gc.collect()";
  return `gc: #${c.index} generation ${c.generation} ${kind} at ${where}: ` +
    `${commas(c.examined)} examined, ${commas(c.collected)} collected, ${commas(c.uncollectable)} uncollectable, ` +
    `${commas(c.cycles)} cycles, misses L1d ${commas(c.l1dMisses)} L2 ${commas(c.l2Misses)}, DRAM line reads ${commas(c.memReads)}\n`;
}

/** The same script run again with another generation-0 threshold: the GC's share then. */
export interface GcHint {
  threshold0: number;
  gcShare: number;
  totalCycles: number;
}

export interface GcSummary {
  /** The collections while the script ran (the rest of these fields count them only). */
  collections: number;
  /** The collections of the interpreter's exit, and the objects they collected. */
  atExit: number;
  collectedAtExit: number;
  automatic: number;
  byGeneration: [number, number, number];
  collected: number;
  /** The collector's cycles (category gc: the collections and the GC list links of tracking) and their share of all cycles. */
  gcCycles: number;
  gcShare: number;
  threshold0: number;
  hint?: GcHint;
  sentence: string;
}

/** The summary line of --report: the GC's share of the cycles, and what a threshold ten times higher would make it. */
export function gcSummary(lines: { totals: { cycles: number; categories: { gc: number } } }, all: GcCollection[], threshold0: number, hint?: GcHint): GcSummary {
  const collections = all.filter((c) => !c.atExit), exit = all.filter((c) => c.atExit);
  const collectedAtExit = exit.reduce((a, c) => a + c.collected, 0);
  const total = lines.totals.cycles;
  const gcCycles = lines.totals.categories.gc;
  const gcShare = total ? gcCycles / total : 0;
  const byGeneration: [number, number, number] = [0, 0, 0];
  for (const c of collections) byGeneration[c.generation]++;
  const automatic = collections.filter((c) => c.automatic).length;
  const collected = collections.reduce((a, c) => a + c.collected, 0);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  let sentence = `the cyclic GC took ${pct(gcShare)} of the cycles: ${commas(collections.length)} collection${collections.length === 1 ? "" : "s"} ` +
    `(generations 0/1/2: ${byGeneration.join("/")}; ${commas(automatic)} started by allocations past the threshold ${threshold0}), ` +
    `${commas(collected)} objects collected`;
  if (exit.length) sentence += `, then ${commas(exit.length)} at the interpreter's exit (${commas(collectedAtExit)} objects collected)`;
  if (hint) {
    sentence += `; with gc.set_threshold(${hint.threshold0}) (or --gc-threshold ${hint.threshold0}) the same run spends ${pct(hint.gcShare)} in the GC` +
      ` and ${commas(hint.totalCycles)} cycles in all (${hint.totalCycles <= total ? "-" : "+"}${pct(Math.abs(hint.totalCycles - total) / (total || 1))})`;
  }
  return { collections: collections.length, atExit: exit.length, collectedAtExit, automatic, byGeneration, collected, gcCycles, gcShare, threshold0, hint, sentence };
}
