// memsim py's per-line report (issue 5; docs/python.md "The report"): the
// core's line table (assembly/python/lines.ts) adds up exactly to the run's
// counters, names real source lines, counts a loop line's executions as
// CPython's line events do, and `memsim py --report` leaves stdout alone (and
// fits a narrow terminal with the same cells in several tables).

import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadCore } from "../host/core-node.js";
import { LEVEL_NAMES, type Core } from "../host/core.js";
import { applyMachine, defaultMachine, type MachineConfig } from "../host/config/machine.js";
import { runPython } from "../host/python/runner.js";
import { machineFromOptions } from "../host/config/options.js";
import { DRAM_PRESET_NAMES } from "../host/config/dram.js";
import { buildLineReport, readLineTable, formatLineReport, type LineCounters } from "../host/python/report.js";
import { scriptStatus } from "../host/python/status.js";
import { existsSync } from "node:fs";

const ROOT = new URL("../", import.meta.url);

interface HeapCallExports { pyHeapCalls(which: number): number }

function runScript(source: string, name: string, machine: MachineConfig = defaultMachine(), bytecodeCycles?: number) {
  const core = loadCore();
  applyMachine(core, machine);
  let stdout = "";
  const outcome = runPython(core, source, name, { maxSteps: 50_000_000, bytecodeCycles, write: (t) => { stdout += t; } });
  return { core, stdout, ...outcome };
}

/** Every counter of the line table summed over the rows. */
function sums(core: Core): LineCounters {
  const total = {} as LineCounters;
  for (const r of readLineTable(core)) {
    for (const [k, v] of Object.entries(r.counters)) total[k as keyof LineCounters] = (total[k as keyof LineCounters] ?? 0) + v;
  }
  return total;
}

/** The run's own totals, counter by counter, from the stats block and the core's call counters. */
function totals(core: Core, bytecodes: number): Omit<LineCounters, "executions"> {
  const c = core.counters();
  const g = (n: string) => Number(core.global(c, n));
  const e = core.exports as unknown as HeapCallExports;
  const level = (name: string, kind: "access" | "miss") => {
    const i = LEVEL_NAMES.indexOf(name as (typeof LEVEL_NAMES)[number]);
    return ["I", "R", "W"].reduce((s, k) => s + Number(core.level(c, i, `${kind}${k}`)), 0);
  };
  const cat = (name: string, field: string) => Number(core.category(c, name, field));
  return {
    bytecodes, allocations: e.pyHeapCalls(0), frees: e.pyHeapCalls(1), increfs: e.pyHeapCalls(2), decrefs: e.pyHeapCalls(3),
    records: g("records"), cycles: g("cycles"), memReads: g("memReads"), memWrites: g("memWrites"), pageFaults: g("pageFaults"),
    minorFaults: g("minorFaults"), faultCycles: g("faultCycles"), storageReads: g("storageReads"), storageWrites: g("storageWrites"),
    storageCycles: g("storageCycles"),
    l1iAccesses: level("l1i", "access"), l1iMisses: level("l1i", "miss"), l1dAccesses: level("l1d", "access"), l1dMisses: level("l1d", "miss"),
    l2Accesses: level("l2", "access"), l2Misses: level("l2", "miss"), l3Accesses: level("l3", "access"), l3Misses: level("l3", "miss"),
    mutatorReferences: cat("mutator", "references"), mutatorCycles: cat("mutator", "cycles"), mutatorMemReads: cat("mutator", "memReads"),
    allocReferences: cat("alloc", "references"), allocCycles: cat("alloc", "cycles"), allocMemReads: cat("alloc", "memReads"),
    freeReferences: cat("free", "references"), freeCycles: cat("free", "cycles"), freeMemReads: cat("free", "memReads"),
    refcountReferences: cat("refcount", "references"), refcountCycles: cat("refcount", "cycles"), refcountMemReads: cat("refcount", "memReads"),
    gcReferences: cat("gc", "references"), gcCycles: cat("gc", "cycles"), gcMemReads: cat("gc", "memReads"),
  };
}

/** Scripts that run to the end or to a Python exception (tests/python-corpus.test.ts), errors included. */
const SCRIPTS = [
  "tests/python/fib.py", "tests/python/sieve.py", "tests/python/nbody_lite.py", "tests/python/string_build.py",
  "tests/python/while_break.py", "tests/python/functions.py", "tests/python/err_zero.py", "tests/python/err_recursion.py",
  "examples/python/lists.py", "examples/python/string_building.py", "examples/python/rebinding.py",
  // builtins calling back into Python (key=), closures, generators, classes
  "tests/python/sorted_reversed.py", "tests/python/lambda.py", "tests/python/closures.py", "tests/python/genexpr.py",
  "tests/python/classes.py",
  // generators delegating (yield from): their subgenerators' frames run in the delegating frame's loop
  "tests/python/err_yield_from_raise.py", "tests/python/err_yield_from_recursion.py",
];

describe("the per-line table adds up to the run's totals", () => {
  for (const script of SCRIPTS) {
    it(script, () => {
      const source = readFileSync(new URL(script, ROOT), "utf8");
      const r = runScript(source, script.split("/").pop()!);
      expect(r.exitCode === 0 || r.exitCode === 1).toBe(true);
      const sum = sums(r.core);
      const want = totals(r.core, r.bytecodes);
      for (const [k, v] of Object.entries(want)) expect([k, sum[k as keyof LineCounters]]).toEqual([k, v]);
      expect(want.cycles).toBeGreaterThan(0);
      expect(want.allocations).toBeGreaterThan(0);

      // every row but the startup and exit rows is a real source line of the script
      const sourceLines = source.split("\n");
      const report = buildLineReport(r.core, defaultMachine(), source, script);
      // the interpreter's exit frees what the script left: the module's globals, the objects they hold
      const exit = report.lines.filter((l) => l.code === "<exit>");
      expect(exit.length).toBe(1);
      expect(exit[0].frees).toBeGreaterThan(0);
      for (const l of report.lines) {
        if (l.code === "<startup>" || l.code === "<exit>") {
          expect(l.bytecodes).toBe(0); // (what finalizers run at exit is on their own lines)
          continue;
        }
        expect(l.code).not.toBe("<overflow>");
        expect(l.line).toBeGreaterThanOrEqual(1);
        expect(l.line).toBeLessThanOrEqual(sourceLines.length);
        const text = sourceLines[l.line - 1].trim();
        expect(text).not.toBe("");
        expect(text.startsWith("#")).toBe(false);
        expect(l.source).toBe(text);
        expect(l.bytecodes).toBeGreaterThan(0);
        expect(l.executions).toBeGreaterThan(0);
      }
      // sorted by cost; the derived views add up to the line's cycles
      for (let i = 1; i < report.lines.length; i++) expect(report.lines[i - 1].cycles).toBeGreaterThanOrEqual(report.lines[i].cycles);
      for (const l of [...report.lines, report.totals]) {
        const c = l.categories;
        expect(c.interpreter + c.alloc + c.free + c.refcount + c.gc + c.other).toBe(l.cycles);
        const v = l.levels;
        expect(v.core + v.l1 + v.l2 + v.l3 + v.dram + v.storage).toBe(l.cycles);
        expect(v.dram).toBeGreaterThanOrEqual(0);
      }
      expect(report.totals.cycles).toBe(want.cycles);
      expect(report.summary.memoryManagement + report.summary.program).toBe(report.summary.total);
    }, 60_000);
  }

  it("with virtual memory (page faults), an L3, DRAM timing and base cycles per bytecode", () => {
    const { machine } = machineFromOptions({ l3: "2M,16,64,lat=40", ram: "1M", dram: DRAM_PRESET_NAMES[0] });
    const source = readFileSync(new URL("examples/python/lists.py", ROOT), "utf8");
    const r = runScript(source, "lists.py", machine, 7);
    expect(r.exitCode).toBe(0);
    const sum = sums(r.core);
    const want = totals(r.core, r.bytecodes);
    for (const [k, v] of Object.entries(want)) expect([k, sum[k as keyof LineCounters]]).toEqual([k, v]);
    expect(want.minorFaults + want.pageFaults).toBeGreaterThan(0);
    expect(want.l3Accesses).toBeGreaterThan(0);
    const report = buildLineReport(r.core, machine, source, "lists.py", 7);
    expect(report.totals.cycles).toBe(want.cycles + 7 * r.bytecodes);
    expect(report.totals.levels.core).toBe(7 * r.bytecodes);
    expect(report.summary.sentence).toContain("7 base cycles per bytecode");
  }, 60_000);
});

describe("a run without the per-line table (memsim py without --report, --json or --gc-log)", () => {
  it("prints the same, counts every counter the same, and keeps no rows", () => {
    const source = readFileSync(new URL("examples/python/cycles.py", ROOT), "utf8");
    const run = (lineAccounting: boolean) => {
      const core = loadCore();
      applyMachine(core, defaultMachine());
      let stdout = "";
      const lines: number[] = [];
      const outcome = runPython(core, source, "cycles.py", {
        write: (t) => { stdout += t; }, lineAccounting, onCollection: (c) => { if (!c.atExit) lines.push(c.line); },
      });
      return { core, stdout, outcome, lines, rows: core.exports.pyLineStats(), counters: [...core.counters()] };
    };
    const withTable = run(true), without = run(false);
    expect(without.outcome).toEqual(withTable.outcome);
    expect(without.stdout).toBe(withTable.stdout);
    expect(without.counters).toEqual(withTable.counters); // the whole stats block: cycles, levels, categories
    expect(withTable.rows).toBeGreaterThan(10);
    expect(without.rows).toBe(0);
    // the collections happen alike; only with the table do they know their line
    expect(without.lines.length).toBe(withTable.lines.length);
    expect(withTable.lines.every((l) => l > 0)).toBe(true);
    expect(without.lines.every((l) => l === 0)).toBe(true);
  }, 60_000);

  it("a core run again and again without configuring its machine: a clear error before its pointers pass 2 GiB", () => {
    const core = loadCore();
    applyMachine(core, defaultMachine());
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      try {
        outcomes.push(String(runPython(core, "print(1)\n", "one.py", { write: () => {} }).exitCode));
      } catch (err) {
        outcomes.push((err as Error).message);
        break;
      }
    }
    expect(outcomes.slice(0, -1).every((o) => o === "0")).toBe(true);
    expect(outcomes.at(-1)).toMatch(/configure its machine again \(applyMachine\) before each run/);
    // configured again, it runs
    applyMachine(core, defaultMachine());
    expect(runPython(core, "print(1)\n", "one.py", { write: () => {} }).exitCode).toBe(0);
  });

  it("cannot be switched once the run has started (its rows would be incomplete)", () => {
    const core = loadCore();
    applyMachine(core, defaultMachine());
    const outcome = runPython(core, "x = 1\n", "one.py", { write: () => {} });
    expect(outcome.exitCode).toBe(0);
    expect(core.exports.pySetLineAccounting(0)).toBe(-81); // ERR_PY_STATE
    expect(core.exports.pyLineStats()).toBeGreaterThan(0);
  });
});

describe("executions per line", () => {
  const source = [
    "n = 0",                       // 1
    "for i in range(37):",         // 2: entered 37 + 1 times
    "    n += i",                  // 3: 37
    "def f(k):",                   // 4
    "    t = 0",                   // 5: once per call
    "    while k > 0:",            // 6: k + 1 per call
    "        k -= 1",              // 7: k per call
    "        t += k",              // 8: k per call
    "    return t",                // 9
    "def fib(m):",                 // 10
    "    if m < 2: return m",      // 11: once per call
    "    return fib(m - 1) + fib(m - 2)", // 12: once per call with m >= 2
    "total = 0",                   // 13
    "for j in range(5): total += f(j)", // 14: one line, its backward jumps enter it again: 5 + 1
    "print(n, total, f(11), fib(15))", // 15
  ].join("\n") + "\n";

  it("a loop line runs once per iteration and once more; a function's lines once per call", () => {
    const r = runScript(source, "loops.py");
    expect(r.exitCode).toBe(0);
    const report = buildLineReport(r.core, defaultMachine(), source, "loops.py");
    const runs = (code: string, line: number) => report.lines.find((l) => l.code === code && l.line === line)?.executions;
    const calls = (n: number) => n + 1; // f(0..4) and f(11): 6 calls
    const fibCalls = (m: number): number => (m < 2 ? 1 : 1 + fibCalls(m - 1) + fibCalls(m - 2));
    expect(r.stdout).toBe(`${(36 * 37) / 2} ${[0, 1, 2, 3, 4].reduce((s, k) => s + (k * (k - 1)) / 2, 0)} 55 610\n`);
    expect(runs("<module>", 2)).toBe(37 + 1);
    expect(runs("<module>", 3)).toBe(37);
    expect(runs("<module>", 14)).toBe(5 + 1);
    expect(runs("<module>", 15)).toBe(1);
    const ks = [0, 1, 2, 3, 4, 11];
    expect(runs("f", 5)).toBe(calls(5));
    expect(runs("f", 6)).toBe(ks.reduce((s, k) => s + k + 1, 0));
    expect(runs("f", 7)).toBe(ks.reduce((s, k) => s + k, 0));
    expect(runs("f", 8)).toBe(ks.reduce((s, k) => s + k, 0));
    expect(runs("f", 9)).toBe(ks.length);
    expect(runs("fib", 11)).toBe(fibCalls(15));
    expect(runs("fib", 12)).toBe((fibCalls(15) - 1) / 2);
    // bytecodes per line: the body of the module loop, 4 per iteration (LOAD n, LOAD i, BINARY_OP, STORE n) + the jump
    expect(report.lines.find((l) => l.code === "<module>" && l.line === 3)?.bytecodes).toBe(37 * 5);
    const text = formatLineReport(report);
    expect(text).toContain("memory management (alloc, free, refcount, gc) took");
    expect(text).toMatch(/^loops\.py: cost by source line, the costliest first\n/);
  }, 60_000);
});

/**
 * The tables of a --report: each a header row then its rows (the dashes left out), the cells cut at
 * the header's column starts (the line and source columns are left-aligned, the rest right-aligned).
 */
function tablesOf(stderr: string): string[][][] {
  const blocks = stderr.split("\n\n").filter((b) => b.startsWith("line "));
  return blocks.map((block) => {
    const [header, dashes, ...rows] = block.split("\n");
    // Where each column starts: its run of dashes.
    const spans = [...dashes.matchAll(/-+/g)].map((m) => [m.index!]);
    const cut = (line: string) => spans.map(([a], i) => line.slice(a, i === spans.length - 1 ? undefined : spans[i + 1][0]).trim());
    return [cut(header), ...rows.map(cut)];
  });
}

describe("memsim py --report and --json", () => {
  const bin = fileURLToPath(new URL("bin/memsim.js", ROOT));
  const script = "examples/python/rebinding.py";
  const expected = runScript(readFileSync(new URL(script, ROOT), "utf8"), "rebinding.py").stdout;
  /** A pipe's environment: no COLUMNS, so --report is one table. */
  const withoutColumns = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "COLUMNS"));

  it("--report: the script's stdout unchanged, the per-line table and the summary on stderr", () => {
    const p = spawnSync(process.execPath, [bin, "py", script, "--report"], { cwd: fileURLToPath(ROOT), encoding: "utf8", env: withoutColumns });
    expect(p.status).toBe(0);
    expect(p.stdout).toBe(expected);
    expect(p.stderr).toContain(`${script}: cost by source line, the costliest first`);
    expect(p.stderr).toMatch(/\n48 +total = total \+ 1000 +1,000 +5,000 /);
    expect(p.stderr).toMatch(/memory management \(alloc, free, refcount, gc\) took [\d.]+% of the [\d,]+ cycles, the program's own work \(the interpreter\) [\d.]+%\n/);
    // the collector's line: rebinding.py runs no collection (no cycles, fewer than 700 container allocations)
    expect(p.stderr).toMatch(/\nthe cyclic GC took [\d.]+% of the cycles: 0 collections \(generations 0\/1\/2: 0\/0\/0; 0 started by allocations past the threshold 700\), 0 objects collected, then 3 at the interpreter's exit \(0 objects collected\)\n$/);
  }, 60_000);

  it("--report fits COLUMNS: the same rows and cells in tables of at most that width, the prose wrapped", () => {
    const wide = spawnSync(process.execPath, [bin, "py", script, "--report", "--top", "6"], { cwd: fileURLToPath(ROOT), encoding: "utf8", env: withoutColumns });
    const narrow = spawnSync(process.execPath, [bin, "py", script, "--report", "--top", "6"], { cwd: fileURLToPath(ROOT), encoding: "utf8", env: { ...withoutColumns, COLUMNS: "90" } });
    expect(narrow.status).toBe(0);
    expect(narrow.stdout).toBe(expected);
    expect(Math.max(...narrow.stderr.split("\n").map((l) => l.length))).toBeLessThanOrEqual(90);
    const one = tablesOf(wide.stderr), split = tablesOf(narrow.stderr);
    expect(one).toHaveLength(1);
    expect(split.length).toBeGreaterThan(2);
    // Every split table has the wide one's rows, in its order; together they have its columns and cells.
    const cells = (t: string[][]) => t.slice(1).map((row) => Object.fromEntries(row.slice(2).map((c, i) => [t[0][i + 2], c])));
    for (const t of split) expect(t.map((row) => row[0])).toEqual(one[0].map((row) => row[0]));
    const merged = one[0].slice(1).map((_, r) => Object.assign({}, ...split.map((t) => cells(t)[r])));
    expect(merged).toEqual(cells(one[0]));
    // The prose is the same words.
    const words = (text: string) => text.slice(text.indexOf("memory management (")).split(/\s+/);
    expect(words(narrow.stderr)).toEqual(words(wide.stderr));
  }, 60_000);

  it("--json: every line and the whole run's report", () => {
    const p = spawnSync(process.execPath, [bin, "py", script, "--json", "--bytecode-cycles", "3"], { cwd: fileURLToPath(ROOT), encoding: "utf8" });
    expect(p.status).toBe(0);
    expect(p.stdout).toBe(expected);
    const j = JSON.parse(p.stderr);
    expect(j.bytecodeCycles).toBe(3);
    expect(j.lines.length).toBeGreaterThan(20);
    expect(j.lines.reduce((s: number, l: { cycles: number }) => s + l.cycles, 0)).toBe(j.totals.cycles);
    expect(j.totals.cycles).toBe(j.run.memoryCycles + 3 * j.run.bytecodes);
    expect(j.lines[0]).toMatchObject({ code: "<module>", line: 48, source: "total = total + 1000", executions: 1000, bytecodes: 5000 });
  }, 60_000);
});

describe("memsim py's status line on a terminal", () => {
  it("shows the bytecodes, collections and seconds after a second, at most every 100 ms, cut to the width, and clears", () => {
    let out = "", t = 0;
    const status = scriptStatus({ write: (text) => { out += text; }, columns: 62 }, "memsim py: long.py", () => t);
    t = 999;
    status.update(1_000_000, 0);
    expect(out).toBe(""); // a short run shows nothing
    status.clear();
    expect(out).toBe("");
    t = 1000;
    status.update(2_000_000, 1);
    expect(out).toBe("\r\x1b[Kmemsim py: long.py: 2,000,000 bytecodes, 1 collection, 1.0 s");
    t = 1099;
    status.update(3_000_000, 1);
    expect(out).toHaveLength("\r\x1b[Kmemsim py: long.py: 2,000,000 bytecodes, 1 collection, 1.0 s".length); // not yet again
    t = 12_345;
    status.update(123_000_000, 17);
    expect(out.slice(out.lastIndexOf("\x1b[K") + 3)).toBe("memsim py: long.py: 123,000,000 bytecodes, 17 collections, 12.3 s".slice(0, 61));
    status.clear();
    status.clear();
    expect(out.endsWith("\r\x1b[K") && !out.endsWith("\r\x1b[K\r\x1b[K")).toBe(true);
    // The script left a line open (print(..., end="")): the status waits for its newline rather than draw over it.
    const before = out.length;
    status.wrote("Working...");
    t = 20_000;
    status.update(200_000_000, 17);
    expect(out).toHaveLength(before);
    status.wrote(" done\n");
    status.update(201_000_000, 17);
    expect(out.slice(before)).toMatch(/^\r\x1b\[Kmemsim py: long\.py: 201,000,000 bytecodes/);
  });

  const hasScript = existsSync("/usr/bin/script");
  it.skipIf(!hasScript)("a long script on a terminal: the line comes and goes, the output is intact; --no-progress has none (script(1) as the terminal)", () => {
    const cli = `${fileURLToPath(new URL("bin/memsim.js", ROOT))}`;
    const onTty = (args: string) => spawnSync("script", ["-qec", `${process.execPath} ${cli} py bench/python/int_loop.py ${args}`, "/dev/null"],
      { cwd: fileURLToPath(ROOT), encoding: "utf8" }).stdout;
    const shown = onTty("");
    expect(shown).toMatch(/\r\x1b\[Kmemsim py: bench\/python\/int_loop\.py: [\d,]+ bytecodes, 0 collections, \d+\.\d s/);
    // The script's output follows a cleared line, and nothing is left on it.
    expect(shown.endsWith("\r\x1b[K2999997\r\n")).toBe(true);
    expect(onTty("--no-progress")).toBe("2999997\r\n");
  }, 60_000);
});
