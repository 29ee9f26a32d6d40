// The cyclic GC's reports and profiles (docs/gc.md): --gc-log against the
// collection sequence CPython recorded (tests/fixtures/python/gc_auto_default.json),
// the per-line attribution of collection cycles, the threshold hint, and the
// 3.12 / 3.13 profiles against what PEP 683, the 3.13 release and 3.12's
// struct layouts specify (3.11's sizes against python3 itself).
// (What a collection finds is checked by the gc_*.py scripts of the corpus.)

import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadCore } from "../host/core-node.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { runPython, type PyRunOptions } from "../host/python/runner.js";
import { buildLineReport } from "../host/python/report.js";
import { formatGcCollection, type GcCollection } from "../host/python/gclog.js";
import { readMallocStats } from "../host/heap/mallocstats.js";
import { PYTHON_PROFILES, profileRunOptions } from "../host/python/profiles.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = new URL("../", import.meta.url);
const CLI = fileURLToPath(new URL("bin/memsim.js", ROOT));

function run(source: string, o: Partial<PyRunOptions> = {}) {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  let stdout = "";
  const collections: GcCollection[] = [];
  const outcome = runPython(core, source, "t.py", { write: (t) => { stdout += t; }, onCollection: (c) => collections.push(c), ...o });
  return { core, stdout, collections, ...outcome };
}

describe("--gc-log", () => {
  it("logs the automatic collections CPython ran for the same script, at the same loop line", () => {
    const fixture = JSON.parse(readFileSync(new URL("tests/fixtures/python/gc_auto_default.json", ROOT), "utf8"));
    const source = readFileSync(new URL(fixture.script, ROOT), "utf8");
    const r = run(source);
    expect(r.stdout).toBe(fixture.stdout);
    // CPython: "collections 142 by generation [130, 11, 1]" (the callback saw them; the log must list the same)
    const m = /collections (\d+) by generation \[(\d+), (\d+), (\d+)\]/.exec(fixture.stdout)!;
    const auto = r.collections.filter((c) => c.automatic);
    expect(auto.length).toBe(Number(m[1]));
    expect([0, 1, 2].map((g) => auto.filter((c) => c.generation === g).length)).toEqual([Number(m[2]), Number(m[3]), Number(m[4])]);
    const loopLine = source.split("\n").findIndex((l) => l.includes("keep.append([])")) + 1;
    expect(new Set(auto.map((c) => c.line))).toEqual(new Set([loopLine]));
    // a generation-0 collection examines the generation's objects: the threshold's worth of new lists and a few more
    expect(auto.filter((c) => c.generation === 0).every((c) => c.examined >= 700 && c.examined <= 702)).toBe(true);
  }, 60_000);

  it("a collection's cycles are charged to the line that started it (the gc column) and the log's lines are in the CLI's output", () => {
    const source = "import gc\ngc.collect()\nfor i in range(3000):\n    x = [i]\n    x.append(x)\nprint(gc.collect())\n";
    const r = run(source);
    const report = buildLineReport(r.core, defaultMachine(), source, "t.py");
    const line4 = report.lines.find((l) => l.line === 4 && l.code === "<module>")!;
    const line6 = report.lines.find((l) => l.line === 6 && l.code === "<module>")!;
    expect(r.collections.filter((c) => c.automatic).every((c) => c.line === 4)).toBe(true);
    // the automatic collections ran inside line 4's allocations, the last gc.collect() in line 6
    expect(line4.categories.gc).toBeGreaterThan(0);
    expect(line6.categories.gc).toBeGreaterThan(0);
    const last = r.collections.filter((c) => !c.atExit).at(-1)!;
    expect(last.automatic).toBe(false);
    expect(last.collected).toBe(Number(r.stdout.trim()));
  }, 60_000);

  it("the CLI prints one line per collection and the report's GC sentence with the threshold hint", () => {
    const file = fileURLToPath(new URL("examples/python/cycles.py", ROOT));
    // (as a pipe gets it: no COLUMNS, so the report's sentences are not wrapped)
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "COLUMNS"));
    const p = spawnSync(process.execPath, [CLI, "py", file, "--gc-log", "--report", "--top", "3"], { encoding: "utf8", env });
    expect(p.status).toBe(0);
    const logLines = p.stderr.split("\n").filter((l) => l.startsWith("gc: #"));
    const r = run(readFileSync(file, "utf8"));
    expect(logLines.length).toBe(r.collections.length);
    expect(logLines[0]).toMatch(/^gc: #1 generation 2 gc\.collect\(\) at line \d+: [\d,]+ examined, 0 collected, 0 uncollectable, [\d,]+ cycles, misses L1d [\d,]+ L2 [\d,]+, DRAM line reads [\d,]+$/);
    expect(p.stderr).toMatch(/\nthe cyclic GC took [\d.]+% of the cycles: \d+ collections .*; with gc\.set_threshold\(7000\) \(or --gc-threshold 7000\) the same run spends [\d.]+% in the GC/);
  }, 60_000);
});

describe("the interpreter's exit", () => {
  it("three full collections after the script (the first calls gc.callbacks, then the globals go), logged and charged to the <exit> row", () => {
    const source = "import gc\nclass N:\n    def __del__(self):\n        print('del', self.x)\na = N()\na.x = 1\nb = N()\nb.x = 2\nb.me = b\n" +
      "print('end')\n";
    const r = run(source);
    expect(r.stdout).toBe(spawnSync("python3", ["-c", source], { encoding: "utf8" }).stdout);
    expect(r.stdout).toBe("end\ndel 1\ndel 2\n");
    const exit = r.collections.filter((c) => c.atExit);
    expect(exit.map((c) => [c.generation, c.automatic, c.line])).toEqual([[2, false, 0], [2, false, 0], [2, false, 0]]);
    // the first runs while the globals are alive (nothing to collect but what the script dropped), the second frees them
    expect(exit[0].collected).toBe(0);
    expect(exit[1].collected).toBeGreaterThan(3); // the class, its dict and MRO, the functions, the globals, b ...
    expect(formatGcCollection(exit[1])).toMatch(/^gc: #\d+ generation 2 interpreter exit at exit: /);
    const report = buildLineReport(r.core, defaultMachine(), source, "t.py");
    const row = report.lines.find((l) => l.code === "<exit>")!;
    expect(row.categories.gc).toBeGreaterThan(0);
    expect(row.bytecodes).toBe(0);
    // __del__'s line runs twice, at exit
    expect(report.lines.find((l) => l.line === 4)!.executions).toBe(2);
  }, 60_000);

  it("--max-steps stops a __del__ that loops at exit: exit 3, the output before it kept", () => {
    const source = "class N:\n    def __del__(self):\n        print('del starts')\n        while True:\n            pass\nn = N()\nprint('end')\n";
    const core = loadCore();
    applyMachine(core, defaultMachine());
    let stdout = "";
    const outcome = runPython(core, source, "loop.py", { write: (t) => { stdout += t; }, maxSteps: 100_000 });
    expect(outcome.exitCode).toBe(3);
    expect(outcome.stderr).toMatch(/stopped after \d+ bytecodes \(--max-steps 100000\)/);
    expect(stdout).toBe("end\ndel starts\n");
  }, 60_000);
});

describe("classes and the collector", () => {
  // a class is freed only by the collector (its MRO tuple holds it); its type number is reused after type_dealloc
  const cpython = (source: string) => spawnSync("python3", ["-c", source], { encoding: "utf8" }).stdout;
  it("thousands of classes made and collected: python3's counts, their numbers reused", () => {
    const source = "import gc\ngc.disable()\nfound = []\nfor r in range(3):\n    for i in range(3000):\n        class T:\n            def m(self):\n                return i\n" +
      "        T().m()\n    found.append(gc.collect())\nclass K:\n    pass\nprint(found, gc.is_tracked(K), K.__mro__)\n";
    const r = run(source);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(cpython(source));
  }, 60_000);
  it("a class made in a loop with the collector on: its automatic collections free the classes (python3's sequence of generations)", () => {
    const source = "import gc\ngc.collect()\nlog = []\ndef cb(phase, info):\n    if phase == 'stop':\n        log.append(info['generation'])\n" +
      "gc.callbacks.append(cb)\nclass Base:\n    pass\nfor i in range(2000):\n    class T(Base):\n        pass\n    T()\ngc.callbacks.remove(cb)\nprint(log)\n";
    const r = run(source);
    expect(r.stdout).toBe(cpython(source));
  }, 60_000);
});

describe("gc.set_debug(gc.DEBUG_STATS)", () => {
  it("writes CPython 3.11's four stats lines per collection to stderr (elapsed: the emulated time), nothing without the flag", () => {
    const source = "import gc\ngc.collect()\nx = []\nx.append(x)\ndel x\ngc.set_debug(gc.DEBUG_STATS)\nprint(gc.collect())\ngc.set_debug(0)\nprint(gc.collect())\n";
    let stderr = "";
    const r = run(source, { writeErr: (t) => { stderr += t; }, coreMHz: 3000 });
    expect(r.stdout).toBe("1\n0\n");
    // gc_collect_main's format strings (Modules/gcmodule.c, 3.11), once: the flag is off for the last collect
    expect(stderr).toMatch(/^gc: collecting generation 2\.\.\.\ngc: objects in each generation: \d+ \d+ \d+\ngc: objects in permanent generation: 0\ngc: done, 1 unreachable, 0 uncollectable, \d+\.\d{4}s elapsed\n$/);
    const c = r.collections[r.collections.length - 2];
    expect(stderr).toContain(`${(c.cycles / 3e9).toFixed(4)}s elapsed`);
  });
});

describe("profiles", () => {
  const probe = "import gc, sys\nprint(gc.get_threshold())\nx = None\nprint(sys.getrefcount(None), sys.getrefcount(5), sys.getrefcount('name'))\ny = [1000]\nprint(sys.getrefcount(y))\n";

  it("3.11: mortal statics, thresholds (700, 10, 10)", () => {
    const r = run(probe);
    expect(r.stdout.split("\n")[0]).toBe("(700, 10, 10)");
    expect(Number(r.stdout.split("\n")[1].split(" ")[0])).toBeLessThan(2 ** 31);
  });

  it("3.12 (PEP 683): statics and interned strs report 2**32 - 1, ordinary objects their count; increfs of immortals write nothing", () => {
    const r = run(probe, { immortal: true });
    const lines = r.stdout.split("\n");
    expect(lines[1]).toBe(`${2 ** 32 - 1} ${2 ** 32 - 1} ${2 ** 32 - 1}`);
    expect(lines[2]).toBe("2");
    // the same loop over None and small ints: fewer refcount accesses (reads stay, writes go)
    const loop = "x = None\nfor i in range(2000):\n    x = None\n    y = 7\n";
    const refs = (immortal: boolean) => {
      const s = run(loop, { immortal });
      return Number(s.core.category(s.core.counters(), "refcount", "references"));
    };
    const mortal = refs(false), immortal = refs(true);
    expect(immortal).toBeLessThan(mortal);
  });

  it("3.13: thresholds (2000, 10, 10) through the CLI; --gc-threshold sets generation 0's; a bad profile is named", () => {
    const file = fileURLToPath(new URL("tests/python/gc_module_api.py", ROOT));
    const p13 = spawnSync(process.execPath, [CLI, "py", file, "--python", "3.13"], { encoding: "utf8" });
    expect(p13.stdout.split("\n")[0]).toBe("threshold (2000, 10, 10)");
    const pt = spawnSync(process.execPath, [CLI, "py", file, "--gc-threshold", "123"], { encoding: "utf8" });
    expect(pt.stdout.split("\n")[0]).toBe("threshold (123, 10, 10)");
    const bad = spawnSync(process.execPath, [CLI, "py", file, "--python", "2.7"], { encoding: "utf8" });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--python must be one of 3\.11, 3\.12, 3\.13, not '2\.7'/);
  });
});

describe("profiles: object sizes", () => {
  // sys.getsizeof of one object of each kind memsim models, one per line
  const SIZES = [
    "''", "'abc'", "'\u00e9'", "'\u20ac'", "'\u{1F600}'", "'x' * 30", "0", "1", "2 ** 30", "False", "C()",
    "{}", "{'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6}", "[]", "()", "(1, 2, 3)", "1.5", "f",
  ];
  const probe = "import sys\nclass C:\n    pass\ndef f():\n    return 1\n" + SIZES.map((e) => `print(sys.getsizeof(${e}))\n`).join("");

  // CPython 3.12's layouts on 64-bit, a reference model written from the headers (not from memsim):
  // PyObject 16, PyGC_Head 16; PyASCIIObject = PyObject + length + hash + state (4, padded to 8) = 40
  // (Include/cpython/unicodeobject.h, PEP 623 removed wstr); PyCompactUnicodeObject = + utf8_length + utf8 = 56;
  // PyLongObject = PyObject + lv_tag + digits, __sizeof__ 24 + 4 x max(1, ndigits) (Objects/longobject.c);
  // an instance of a plain class: tp_basicsize 16 (Py_TPFLAGS_MANAGED_WEAKREF: no __weakref__ slot), plus
  // _PyType_PreHeaderSize = GC head + dict-or-values + weakref = 32 (Python/sysmodule.c, pycore_object.h);
  // PyDictObject 48 (+ keys: 32 + indices + entries), PyListObject 40, PyTupleObject 24 + 8 n, PyFloatObject 24;
  // PyFunctionObject 144: 3.11's 136 + func_typeparams (Include/cpython/funcobject.h).
  const size312 = (expr: string): number => {
    const GC = 16;
    const str = (s: string) => {
      const cps = [...s].map((c) => c.codePointAt(0)!);
      const max = Math.max(0, ...cps);
      const kind = max < 256 ? 1 : max < 65536 ? 2 : 4;
      return (max < 128 ? 40 : 56) + (cps.length + 1) * kind;
    };
    const int = (v: number) => { let n = 0; for (let m = Math.abs(v); m > 0; m = Math.floor(m / 2 ** 30)) n++; return 24 + 4 * Math.max(1, n); };
    const dictOfStrKeys = (n: number) => {
      if (n === 0) return 48 + GC;
      let log2 = 3;
      while (((2 << log2) / 3 | 0) < n) log2++; // USABLE_FRACTION(2**log2) >= n
      const size = 1 << log2;
      return 48 + GC + 32 + size + ((2 * size / 3) | 0) * 16; // 1-byte indices, 16-byte unicode entries
    };
    const table: Record<string, number> = {
      "''": str(""), "'abc'": str("abc"), "'\u00e9'": str("\u00e9"), "'\u20ac'": str("\u20ac"), "'\u{1F600}'": str("\u{1F600}"),
      "'x' * 30": str("x".repeat(30)), "0": int(0), "1": int(1), "2 ** 30": int(2 ** 30), "False": int(0), "C()": 16 + 32,
      "{}": dictOfStrKeys(0), "{'a': 1, 'b': 2, 'c': 3, 'd': 4, 'e': 5, 'f': 6}": dictOfStrKeys(6),
      "[]": 40 + GC, "()": 24 + GC, "(1, 2, 3)": 24 + 3 * 8 + GC, "1.5": 24, "f": 144 + GC,
    };
    return table[expr];
  };

  const cli = (version: string) => {
    const dir = mkdtempSync(join(tmpdir(), "memsim-sizes-"));
    const file = join(dir, "sizes.py");
    writeFileSync(file, probe);
    return spawnSync(process.execPath, [CLI, "py", file, "--python", version], { encoding: "utf8" });
  };

  it("3.11: sys.getsizeof is python3's (CPython 3.11) for every kind", () => {
    const cpython = spawnSync("python3", ["-c", probe], { encoding: "utf8" });
    expect(cpython.status).toBe(0);
    expect(run(probe).stdout).toBe(cpython.stdout);
    expect(cli("3.11").stdout).toBe(cpython.stdout);
  });

  it("3.12 and 3.13: sys.getsizeof follows 3.12's struct layouts ('' 41, 'é' 58, an instance 48, a function 160)", () => {
    const expected = SIZES.map((e) => `${size312(e)}\n`).join("");
    expect(expected.split("\n").slice(0, 3)).toEqual(["41", "44", "58"]);
    for (const v of ["3.12", "3.13"]) {
      const p = cli(v);
      expect(p.status).toBe(0);
      expect(p.stdout).toBe(expected);
    }
  });

  it("allocations follow: 3.12's instances and strs take smaller pymalloc blocks, the rest the same", () => {
    // in-use blocks per size class after keeping 1000 objects, less those after keeping 1000 zeros (the same
    // names and constants, so the same interned strs and code objects)
    const inUse = (item: string, version: string) => {
      const r = run(`class C:\n    pass\nkeep = []\nfor i in range(1000, 2000):\n    keep.append(${item})\n`, { ...profileRunOptions(PYTHON_PROFILES[version]), exit: false });
      expect(r.exitCode).toBe(0);
      return readMallocStats(r.core).classes.map((c) => c.inUse);
    };
    const delta = (item: string, version: string) => {
      const base = inUse(`0 and ${item}`, version);
      return inUse(item, version).map((v, i) => v - base[i]);
    };
    const blockOf = (bytes: number) => Math.ceil(bytes / 16) * 16;
    const cls = (bytes: number) => blockOf(bytes) / 16 - 1;
    const cases = [
      // an instance: the 32-byte pre-header + tp_basicsize (24 in 3.11, 16 in 3.12); its values arrays are the same
      { item: "C()", v311: 32 + 24, v312: 32 + 16 },
      // a 22-character ASCII str: PyASCIIObject (48, 40 in 3.12) + 23 bytes
      { item: "str(i) + 'abcdefghijklmnopqr'", v311: 48 + 23, v312: 40 + 23 },
    ];
    for (const c of cases) {
      const a = delta(c.item, "3.11"), b = delta(c.item, "3.12");
      const diff = a.map((v, i) => v - b[i]);
      const want = a.map(() => 0);
      want[cls(c.v311)] += 1000;
      want[cls(c.v312)] -= 1000;
      expect(diff).toEqual(want);
    }
  }, 60_000);

  it("heapSetObjectLayouts takes 11 or 12 and names anything else as ERR_HEAP_CONFIG", () => {
    const core = loadCore();
    applyMachine(core, defaultMachine());
    const e = core.exports;
    expect(e.heapSetObjectLayouts(12)).toBe(-72); // no heap yet
    core.check(e.heapInit(16 << 20, 0));
    expect(e.heapSetObjectLayouts(13)).toBe(-70);
    expect(e.heapSetObjectLayouts(12)).toBe(0);
    expect(e.heapSetObjectLayouts(11)).toBe(0);
  });
});
