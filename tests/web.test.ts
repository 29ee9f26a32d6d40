// The playground (web/, docs/web.md) in headless Chromium (set up by tests/helpers/web-page.ts):
// check that the numbers it shows are the CLI's, that Python runs print CPython's output and draw
// every GC collection, that Cancel works, that the URL carries the configuration, and that the
// page logs no errors and asks no other origin.
// Screenshots go to test-results/web/.

import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./helpers/chromium.js";
import { webPageForTests, hasChromium, waitForRun, number, shown, expectSame, SHOTS } from "./helpers/web-page.js";
import { ROOT, memsim } from "./helpers/run.js";
import { loadCore } from "../host/core-node.js";
import { preset } from "../host/config/presets.js";
import { applyMachine } from "../host/config/machine.js";
import { runWorkload } from "../host/workloads/workloads.js";
import { buildReport } from "../host/report/trace-report.js";
import { applyMachine as configure, defaultMachine, cachegrindMachine } from "../host/config/machine.js";
import { kernelRefs, recordCacheView, heapKernelRefs, CAPTURE_KERNELS } from "../web/src/cacheview-run.js";
import { recordHeapView, readOccupancy, readGraph, type HeapRecording } from "../web/src/heapview-run.js";
import { readMallocStats } from "../host/heap/mallocstats.js";
import { runPython } from "../host/python/runner.js";
import { pythonRefs, recordPython } from "../web/src/cacheview-python.js";
import { pyRunOptions, pyRunSettings } from "../host/python/options.js";
import { MAX_URL_SCRIPT } from "../web/src/state.js";
import type { TraceReport } from "../host/report/trace-report.js";

if (!hasChromium) console.warn(`tests/web.test.ts: skipped: ${CHROMIUM} is missing (npm run setup:test-tools installs it)`);

let page: Page;

/** The oracle: a set-associative LRU cache in a few lines (each set a list, most recent first). */
function lruModel(sets: number, ways: number, lineBits: number) {
  const state: number[][] = Array.from({ length: sets }, () => []);
  return {
    state,
    access(addr: number): "hit" | "miss" | "miss, evicts 1" {
      const block = Math.floor(addr / 2 ** lineBits);
      const set = state[block % sets];
      const at = set.indexOf(block);
      if (at >= 0) {
        set.splice(at, 1);
        set.unshift(block);
        return "hit";
      }
      set.unshift(block);
      if (set.length > ways) {
        set.pop();
        return "miss, evicts 1";
      }
      return "miss";
    },
  };
}

describe("the cache view's recording (Node)", () => {
  it("captures each kernel's records from the core (capture mode) and replays them exactly as runWorkload simulates them", () => {
    const cases: [string, Record<string, string>][] = [
      ["sequential", { size: "4K", iterations: "2" }], ["strided", { size: "8K", stride: "96" }], ["random", { size: "64K", accesses: "3000" }],
      ["zipf", { size: "64K", accesses: "3000" }], ["pointer-chase", { size: "16K", iterations: "2" }],
      ["matmul", { n: "9" }], ["matmul-blocked", { n: "10", block: "4" }], ["stencil", { n: "7", iterations: "3" }],
    ];
    expect(cases.map((c) => c[0])).toEqual(CAPTURE_KERNELS);
    for (const [name, params] of cases) {
      const byAccess = loadCore();
      configure(byAccess, defaultMachine());
      const refs = kernelRefs(byAccess, name, params);
      expect(byAccess.global(byAccess.counters(), "records"), name).toBe(0n); // capturing simulated nothing
      for (const [addr, size, kind] of refs) byAccess.check(byAccess.exports.access(addr, size, kind));
      const byRun = loadCore();
      configure(byRun, defaultMachine());
      runWorkload(byRun, name, params);
      expect(refs.length, name).toBe(Number(byRun.global(byRun.counters(), "records")));
      expect([...byAccess.counters()], name).toEqual([...byRun.counters()]);
    }
  });

  it("captures at most 65,535 records of a long kernel, and the heap kernels not at all", () => {
    const core = loadCore();
    configure(core, defaultMachine());
    expect(kernelRefs(core, "sequential", { size: "4M" }).length).toBe(65535);
    expect(() => kernelRefs(core, "heap-churn", {})).toThrow(/capture mode takes/);
    core.exports.setCapture(1);
    expect(core.exports.runWorkload(9, 100, 1000, 16, 1 << 20, 1)).toBe(-56); // heap-churn in capture mode: ERR_WORKLOAD_CAPTURE
    core.exports.setCapture(0);
  });

  it("records the heap kernels from their tapped references: a category per step, no line, empty caches before", () => {
    for (const [name, params] of [["heap-churn", { live: "50", pairs: "300" }], ["py-objects", { live: "50", ops: "200" }]] as const) {
      const core = loadCore();
      configure(core, defaultMachine());
      const rec = recordCacheView(core, name, params, 100);
      const tapCore = loadCore();
      configure(tapCore, defaultMachine());
      const tap = heapKernelRefs(tapCore, name, params, 1 << 16);
      const names = tapCore.schema.categories.names;
      expect(rec.steps.length, name).toBe(100);
      expect(rec.steps.map((st) => [st.addr, st.size, st.kind]), name).toEqual(tap.refs.slice(0, 100));
      expect(rec.steps.map((st) => st.category), name).toEqual(tap.categories.slice(0, 100).map((c) => names[c]));
      expect(rec.steps.every((st) => st.line === undefined), name).toBe(true);
      expect(rec.initial, name).toBeUndefined();
    }
  });

  it("with fetches, steps through the instruction fetches too, the L1i beside the data levels, as an LRU model has it", () => {
    const core = loadCore();
    const m = defaultMachine();
    m.levels.l1i = { ...m.levels.l1i!, size: 256, assoc: 2, line: 32 };
    configure(core, m);
    const refs = kernelRefs(core, "matmul", { n: "4" });
    configure(core, m); // (capture mode forgot the machine)
    const rec = recordCacheView(core, "matmul", { n: "4" }, 60, true);
    expect(rec.fetches).toBe(true);
    expect(rec.levels.map((l) => l.name)).toEqual(["l1i", "l1d", "l2"]);
    // The steps are the first 60 records, fetches and data alike, in order.
    expect(rec.steps.map((st) => [st.addr, st.size, st.kind])).toEqual(refs.slice(0, 60));
    expect(rec.steps.some((st) => st.kind === 0) && rec.steps.some((st) => st.kind !== 0)).toBe(true);
    const model = lruModel(4, 2, 5);
    const sets = Array.from({ length: 4 }, () => [] as number[]);
    for (const step of rec.steps) {
      const o = step.outcomes[0];
      if (step.kind !== 0) {
        expect(o.accesses).toBe(0); // a data reference does not reach the L1i
        continue;
      }
      expect(o.misses ? (o.evictions ? "miss, evicts 1" : "miss") : "hit").toBe(model.access(step.addr));
      for (const [s, set] of step.changes[0]) sets[s] = set.ways.filter((w) => w[1] & 1).map((w) => w[0]);
      expect(sets).toEqual(model.state);
    }
    // A heap kernel's tapped references have no fetches: the L1i is left out, and said so.
    configure(core, m);
    const heap = recordCacheView(core, "heap-churn", { live: "10", pairs: "50" }, 20, true);
    expect(heap.levels.map((l) => l.name)).toEqual(["l1d", "l2"]);
    expect(heap.skipped[0]).toMatch(/^the L1i \(the heap's references are all data accesses/);
  });

  it("a script's cache view from a line: its steps start at that line's first heap reference, all before replayed first", () => {
    const source = readFileSync(`${ROOT}examples/python/cycles.py`, "utf8");
    const core = loadCore();
    const options = pyRunOptions(pyRunSettings({}), 3000);
    configure(core, defaultMachine());
    const all = pythonRefs(core, source, "cycles.py", options); // the whole run's references, with their lines
    const first56 = all.lines.indexOf(56);
    expect(first56).toBeGreaterThan(all.start);
    configure(core, defaultMachine());
    const rec = recordPython(core, source, "cycles.py", 40, options, false, 56);
    expect([rec.fromLine, rec.warm]).toEqual([56, first56]);
    expect(rec.steps.map((st) => [st.addr, st.size, st.kind])).toEqual(all.refs.slice(first56, first56 + 40));
    expect(rec.steps.map((st) => st.line)).toEqual(all.lines.slice(first56, first56 + 40));
    expect(rec.steps[0].line).toBe(56);
    // A line that makes no heap reference (a comment) is named: within the records kept (the run stopped when the tap
    // filled), or at all (a run that ended first).
    configure(core, defaultMachine());
    expect(() => recordPython(core, source, "cycles.py", 40, options, false, 1)).toThrow(/^line 1 of cycles\.py made no heap reference among the first 1048576 records/);
    configure(core, defaultMachine());
    const rebinding = readFileSync(`${ROOT}examples/python/rebinding.py`, "utf8");
    expect(() => recordPython(core, rebinding, "rebinding.py", 40, options, false, 1)).toThrow(/^line 1 of rebinding\.py made no heap reference \(it never ran/);
  });

  it("cacheSnapshot validates its arguments and matches an LRU model", () => {
    const core = loadCore();
    const e = core.exports;
    expect(e.cacheSnapshot(1, e.batchPtr(), 4096)).toBe(-18); // not configured
    configure(core, cachegrindMachine());
    expect(e.cacheSnapshot(1, e.batchPtr(), 4096)).toBe(-19); // cachegrind mode
    const m = defaultMachine();
    m.levels.l1d = { ...m.levels.l1d!, size: 256, assoc: 2, line: 32 };
    delete m.levels.l3;
    configure(core, m);
    expect(e.cacheSnapshot(3, e.batchPtr(), 4096)).toBe(-10); // absent
    expect(e.cacheSnapshot(7, e.batchPtr(), 4096)).toBe(-10);
    expect(e.cacheSnapshot(1, e.batchPtr(), 100)).toBe(-4); // 32 + 4 × (16 + 2 × 16) = 224 bytes needed
    expect(e.cacheSnapshot(1, 0, 4096)).toBe(-2); // not a host buffer
    expect(e.cacheSnapshot(1, e.batchPtr() + 4, 4096)).toBe(-2); // not 8-byte aligned
    expect(e.cacheSnapshot(1, e.batchPtr(), 1 << 30)).toBe(-2);
    const rec = recordCacheView(core, "strided", { size: "512", stride: "24", iterations: "2" }, 40);
    const model = lruModel(4, 2, 5);
    const l1d = rec.levels.findIndex((l) => l.name === "l1d");
    const sets = Array.from({ length: 4 }, () => [] as number[]);
    for (const step of rec.steps) {
      expect(step.outcomes[l1d].misses ? (step.outcomes[l1d].evictions ? "miss, evicts 1" : "miss") : "hit").toBe(model.access(step.addr));
      for (const [s, set] of step.changes[l1d]) sets[s] = set.ways.filter((w) => w[1] & 1).map((w) => w[0]);
      expect(sets).toEqual(model.state);
    }
  });
});

/** Blocks in use per size class of a recorded step (as the page sums them). */
function stepClasses(rec: HeapRecording, i: number): Record<number, number> {
  const t: Record<number, number> = {};
  for (const a of rec.steps[i].occupancy.arenas) a.cls.forEach((c, k) => { if (c >= 0) t[c] = (t[c] ?? 0) + a.used[k]; });
  return t;
}

function heapRecording(example: string): HeapRecording {
  const core = loadCore();
  configure(core, defaultMachine());
  return recordHeapView(core, readFileSync(`${ROOT}examples/python/${example}.py`, "utf8"), `${example}.py`);
}

describe("the heap view's recording (Node)", () => {
  it("heapOccupancy's totals are sys._debugmallocstats()'s, and it validates its arguments", () => {
    const core = loadCore();
    configure(core, defaultMachine());
    const e = core.exports;
    expect(e.heapOccupancy(e.batchPtr(), 4096)).toBe(-72); // no heap yet
    // the heap as the script left it (the interpreter's exit would free it)
    const rec = runPython(core, readFileSync(`${ROOT}examples/python/cycles.py`, "utf8"), "cycles.py", { write: () => {}, exit: false });
    expect(rec.exitCode).toBe(0);
    const occ = readOccupancy(core);
    const stats = readMallocStats(core);
    expect(occ.arenas.length).toBe(stats.arenasCurrent);
    expect(occ.unusedPools).toBe(stats.unusedPools);
    const perClass = new Map<number, { pools: number; inUse: number }>();
    for (const a of occ.arenas) a.cls.forEach((c, k) => {
      if (c < 0) return;
      const t = perClass.get(c) ?? { pools: 0, inUse: 0 };
      t.pools++; t.inUse += a.used[k]; perClass.set(c, t);
    });
    for (const c of stats.classes) expect(perClass.get(c.index) ?? { pools: 0, inUse: 0 }, `class ${c.index}`).toEqual({ pools: c.pools, inUse: c.inUse });
    expect(occ.blocksInUse).toBe(stats.classes.reduce((s, c) => s + c.inUse, 0));
    // argument checks: outside the buffers, unaligned, too small
    expect(e.heapOccupancy(0, 4096)).toBe(-2);
    expect(e.heapOccupancy(e.batchPtr() + 4, 4096)).toBe(-2);
    expect(e.heapOccupancy(e.batchPtr(), 8)).toBe(-4);
    expect(e.heapGraph(e.batchPtr(), 4096, 0)).toBe(-4);
    expect(e.heapGraph(e.batchPtr(), 4096, 100)).toBe(-4);
    expect(e.heapGraph(-8, 4096, 10)).toBe(-2);
    // the exports change nothing: the counters are the same before and after
    const counters = () => Array.from(new Uint8Array(e.memory.buffer, e.statsPtr(), e.statsCount() * 8));
    const before = counters();
    readOccupancy(core); readGraph(core);
    expect(counters()).toEqual(before);
  });

  it("heapGraph's refcounts are sys.getrefcount's minus 1, and steps follow the source lines", () => {
    const core = loadCore();
    configure(core, defaultMachine());
    const src = 'import sys\nx = int("1000")\ny = [x, x]\nz = {"k": y, "j": y}\nprint(sys.getrefcount(x), sys.getrefcount(y), sys.getrefcount(z))\n';
    const rec = recordHeapView(core, src, "refs.py");
    expect(rec.exitCode, rec.stderr).toBe(0);
    const printed = rec.stdout.trim().split(" ").map(Number);
    expect(rec.steps.map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 0]);
    const st = rec.steps.find((s) => s.line === 5)!;
    const globals = st.nodes[0];
    const bound = (name: string) => st.nodes.find((n) => n.address === globals.edges.find((e) => e.key === name)!.to)!;
    expect([bound("x").refcount, bound("y").refcount, bound("z").refcount]).toEqual(printed.map((r) => r - 1));
    expect(bound("y").edges.map((e) => e.to)).toEqual([bound("x").address, bound("x").address]);
    expect(bound("z").edges.map((e) => e.key)).toEqual(["k", "j"]);
    expect(bound("x").value).toBe(1000);
  });

  it("rebinding.py: c = c + 1 frees the old int; cycles.py: gc.collect() frees the Pair cycle", () => {
    const rb = heapRecording("rebinding");
    const i = rb.steps.findIndex((s) => s.line === 41);
    const old = rb.steps[i].nodes.find((n) => n.address === rb.steps[i].nodes[0].edges.find((e) => e.key === "c")!.to)!;
    expect(old.refcount).toBe(1);
    expect(rb.steps[i + 1].freed.map((f) => f.address)).toContain(old.address);
    const cy = heapRecording("cycles");
    const k = cy.steps.findIndex((s) => s.freed.some((f) => f.typeName === "Pair"));
    expect(k).toBeGreaterThan(0);
    expect(cy.steps[k].collections.length).toBeGreaterThan(0);
    expect(cy.steps[k].freed.filter((f) => f.typeName === "Pair" && f.gc === 2).length).toBe(2);
    expect(cy.steps[k - 1].nodes.filter((n) => n.typeName === "Pair" && n.unreached).length).toBe(2);
  });
});

describe.skipIf(!hasChromium)("the playground in Chromium (skipped when /usr/bin/chromium is missing: npm run setup:test-tools)", () => {
  const web = webPageForTests();
  const open = (search = "") => web.open(search);
  beforeAll(() => {
    page = web.page;
  });

  it("runs the default kernel and shows the CLI's numbers (run by keyboard)", async () => {
    await open();
    // Every control has a label.
    const unlabelled = await page.$$eval("input, select, textarea, progress", (els) =>
      els.filter((e) => !((e as HTMLInputElement).labels?.length || e.getAttribute("aria-label"))).map((e) => e.id || e.outerHTML));
    expect(unlabelled).toEqual([]);
    await page.focus("#run");
    await page.keyboard.press("Enter");
    expect(await waitForRun(page)).toMatch(/^done/);
    // The same run in Node, through the CLI's code.
    const machine = preset("default");
    const core = loadCore();
    applyMachine(core, machine);
    runWorkload(core, "sequential", {});
    expectSame(await shown(page), buildReport(core, machine, "workload sequential", "synthetic"));
    expect(new URL(page.url()).searchParams.get("preset")).toBe("default");
    await page.screenshot({ path: `${SHOTS}kernel.png`, fullPage: true });
  }, 40_000);

  it("restores an edited machine and kernel from the URL, and matches memsim run --json", async () => {
    await open("?preset=small-embedded&l1d=8K,2,32,fifo&run=strided&size=256K");
    expect(await page.inputValue("#preset")).toBe("small-embedded");
    expect(await page.inputValue("#l1d-size")).toBe("8K");
    expect(await page.inputValue("#l1d-assoc")).toBe("2");
    expect(await page.inputValue("#l1d-line")).toBe("32");
    expect(await page.inputValue("#l1d-policy")).toBe("fifo");
    expect(await page.inputValue("#kernel")).toBe("strided");
    expect(await page.inputValue("#param-size")).toBe("256K");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const cli = memsim(["run", "strided", "--size", "256K", "--preset", "small-embedded", "--l1d", "8K,2,32,fifo", "--json"]);
    expect(cli.status, cli.stderr).toBe(0);
    expectSame(await shown(page), JSON.parse(cli.stdout));
    // Editing a control rewrites the URL.
    await page.fill("#l2-assoc", "4");
    await page.press("#l2-assoc", "Tab");
    expect(new URL(page.url()).searchParams.get("l2")).toBe("256K,4,64,lru");
    await page.selectOption("#preset", "desktop-2020");
    expect(new URL(page.url()).searchParams.has("l1d")).toBe(false);
    expect(await page.inputValue("#l1d-size")).toBe("32K");
    // An impossible geometry is refused with a message, before anything runs.
    await page.fill("#l1d-assoc", "3");
    await page.press("#l1d-assoc", "Tab");
    expect(await page.textContent("#machine-error")).toMatch(/--l1d: .*sets/);
  }, 40_000);

  it("starts a machine from a machine file (opened or typed), as memsim run --config FILE does, its storage and DRAM fields included", async () => {
    const dir = mkdtempSync(join(tmpdir(), "memsim-web-config-"));
    const file = join(dir, "slow-disk.json");
    const text = JSON.stringify({ preset: "desktop-2020", levels: { l2: "512K,8,64,lat=10" }, dram: { preset: "ddr4-2400", pagePolicy: "closed" },
      storage: { preset: "hdd-7200", averageSeekMs: 6.5, rpm: 10000 }, vm: { ram: "4M" } });
    writeFileSync(file, text);
    try {
      await open("?preset=small-embedded&run=file-read&size=8M");
      await page.click("#config-panel summary");
      await page.setInputFiles("#config-file", file);
      await page.waitForFunction(() => (document.getElementById("config") as HTMLTextAreaElement).value !== "");
      // The file is the base: its L2 in the fields, the preset unused, the URL holding the file.
      expect(await page.inputValue("#config")).toBe(text);
      expect(await page.isDisabled("#preset")).toBe(true);
      expect(await page.textContent("#preset-description")).toBe("a machine file, starting from the preset desktop-2020");
      expect([await page.inputValue("#l2-size"), await page.inputValue("#l2-lat"), await page.inputValue("#l1d-size")]).toEqual(["512K", "10", "32K"]);
      expect(new URL(page.url()).searchParams.get("config")).toBe(text);
      await page.click("#run");
      expect(await waitForRun(page)).toMatch(/^done/);
      const cli = memsim(["run", "file-read", "--size", "8M", "--config", file, "--json"]);
      expect(cli.status, cli.stderr).toBe(0);
      const r = JSON.parse(cli.stdout) as TraceReport;
      expect(r.pageFaults!.major).toBeGreaterThan(0); // the disk's own fields are in the cycles
      expectSame(await shown(page), r);
      // A second machine starts as a copy of the first, its machine file too.
      await page.check("#vs-on");
      expect(new URL(page.url()).searchParams.get("vs-config")).toBe(text);
      expect([await page.isDisabled("#vs-preset"), await page.inputValue("#vs-config"), await page.inputValue("#vs-l2-size")]).toEqual([true, text, "512K"]);
      await page.fill("#vs-config", "");
      await page.press("#vs-config", "Tab");
      expect([await page.isDisabled("#vs-preset"), await page.inputValue("#vs-l2-size")]).toEqual([false, "256K"]); // small-embedded's again
      await page.uncheck("#vs-on");
      // A field on top of the file, as --config FILE --l1d SPEC.
      await page.fill("#l1d-assoc", "4");
      await page.press("#l1d-assoc", "Tab");
      await page.click("#run");
      expect(await waitForRun(page)).toMatch(/^done/);
      const edited = memsim(["run", "file-read", "--size", "8M", "--config", file, "--l1d", new URL(page.url()).searchParams.get("l1d")!, "--json"]);
      expectSame(await shown(page), JSON.parse(edited.stdout));
      // A bad field: the CLI's message for the same file, naming the field.
      const bad = JSON.stringify({ storage: { preset: "hdd-7200", averageSeekMs: -1 } });
      writeFileSync(file, bad);
      const refused = memsim(["run", "sequential", "--config", file]);
      expect(refused.status).toBe(2);
      await page.fill("#config", bad);
      await page.press("#config", "Tab");
      expect(await page.textContent("#machine-error")).toBe(refused.stderr.trim().replace(`memsim: ${file}`, "the machine file"));
      await page.fill("#config", "{ not json");
      await page.press("#config", "Tab");
      expect(await page.textContent("#machine-error")).toMatch(/^the machine file: not valid JSON: /);
      // Emptied: the preset again.
      await page.fill("#config", "");
      await page.press("#config", "Tab");
      expect(await page.isDisabled("#preset")).toBe(false);
      expect(new URL(page.url()).searchParams.has("config")).toBe(false);
      expect(await page.textContent("#machine-error")).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("runs examples/python/rebinding.py and prints CPython's output", async () => {
    await open("?run=python&example=rebinding");
    expect(await page.inputValue("#py-source")).toBe(readFileSync(`${ROOT}examples/python/rebinding.py`, "utf8"));
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const fixture = JSON.parse(readFileSync(`${ROOT}tests/fixtures/python/example_rebinding.json`, "utf8"));
    expect(await page.textContent("#py-stdout")).toBe(fixture.stdout);
    expect(await page.$$eval("tr.hot", (rows) => rows.length)).toBe(3);
    expect(await page.textContent("#py-summary")).toMatch(/^memory management \(alloc, free, refcount, gc\) took/);
  }, 40_000);

  it("keeps an edited script in the URL, so a link opens and runs it; an example or an over-long script leaves it out", async () => {
    await open("?run=python&example=rebinding");
    expect(await page.textContent("#py-source-note")).toMatch(/as shipped/);
    const script = "xs = [i * i for i in range(5)]\nprint(sum(xs), 'a, b & c # 100% + é = ?')\n";
    await page.fill("#py-source", script);
    await page.waitForFunction(() => new URLSearchParams(location.search).has("script"));
    const search = await page.evaluate(() => location.search);
    expect(new URLSearchParams(search).get("script")).toBe(script);
    expect(await page.textContent("#py-source-note")).toMatch(/the URL holds this script/);
    await open(search);
    expect(await page.inputValue("#py-source")).toBe(script);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expect(await page.textContent("#py-stdout")).toBe(execFileSync("python3", ["-c", script], { encoding: "utf8" }));
    // Another example: its own text, and no script in the URL.
    await page.selectOption("#py-example", "cycles");
    expect(new URLSearchParams(await page.evaluate(() => location.search)).has("script")).toBe(false);
    // Longer than a link carries: said, and the URL gives the example.
    // (pasted: set at once, then one input event; Playwright's fill of 16 KB of lines takes half a minute)
    await page.$eval("#py-source", (t, text) => {
      (t as HTMLTextAreaElement).value = text;
      t.dispatchEvent(new Event("input", { bubbles: true }));
    }, "x = 1\n".repeat(Math.ceil(MAX_URL_SCRIPT / 6) + 1));
    await page.waitForFunction(() => document.getElementById("py-source-note")?.textContent?.includes("more than a link carries"));
    expect(new URLSearchParams(await page.evaluate(() => location.search)).has("script")).toBe(false);
  }, 40_000);

  it("stops a runaway script at the page's step limit with memsim py --max-steps's message, in a run and in the heap view", async () => {
    await open("?run=python&example=rebinding&max-steps=100");
    expect(await page.inputValue("#py-max-steps")).toBe("100");
    const cli = memsim(["py", "examples/python/rebinding.py", "--max-steps", "100"]);
    expect(cli.status).toBe(3);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expect(await page.textContent("#py-exit")).toMatch(/^exit code 3; 100 bytecodes/);
    expect(await page.textContent("#py-stdout")).toBe(cli.stdout);
    expect(await page.textContent("#py-stderr")).toBe(cli.stderr.replace("examples/python/", ""));
    await page.click("#heapview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expect(await page.textContent("#hv-stderr")).toBe(cli.stderr.replace("examples/python/", ""));
  }, 40_000);

  it("runs out of a small heap (heap-limit) with memsim py's MemoryError, in a run and in the heap view", async () => {
    const script = "xs = []\nwhile True:\n    xs.append([0] * 1000)\n";
    const dir = mkdtempSync(join(tmpdir(), "memsim-web-"));
    writeFileSync(join(dir, "rebinding.py"), script);
    const cli = memsim(["py", join(dir, "rebinding.py"), "--heap-limit", "1M"]);
    rmSync(dir, { recursive: true });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/\nMemoryError\n$/);
    const stderr = cli.stderr.replace(join(dir, "rebinding.py"), "rebinding.py");
    await open(`?run=python&example=rebinding&heap-limit=1M&script=${encodeURIComponent(script)}`);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expect(await page.textContent("#py-stderr")).toBe(stderr);
    await page.click("#heapview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expect(await page.textContent("#hv-stderr")).toBe(stderr);
  }, 40_000);

  it("runs examples/python/cycles.py and draws every collection of memsim py --gc-log", async () => {
    await open("?run=python&example=cycles");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const cli = memsim(["py", "examples/python/cycles.py", "--gc-log"]);
    expect(cli.status, cli.stderr).toBe(0);
    const logged = cli.stderr.split("\n").filter((l) => l.startsWith("gc: #"));
    expect(logged.length).toBeGreaterThan(0);
    expect(await page.$$eval("#gc-timeline [data-collection]", (bars) => bars.length)).toBe(logged.length);
    expect(await page.textContent("#py-stdout")).toBe(cli.stdout);
    // The same collections: their tooltips are --gc-log's lines.
    const titles = await page.$$eval("#gc-timeline [data-collection] title", (ts) => ts.map((t) => t.textContent));
    expect(titles).toEqual(logged);
    await page.screenshot({ path: `${SHOTS}python-cycles.png`, fullPage: true });
  }, 40_000);

  it("cancels a long run (Escape) and runs again afterwards", async () => {
    await open("?run=heap-churn&pairs=200000000");
    await page.click("#run");
    await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "running");
    expect(await page.isVisible("#progress")).toBe(true);
    await page.waitForTimeout(300);
    await page.keyboard.press("Escape");
    expect(await waitForRun(page, 5_000)).toMatch(/^cancelled/);
    expect(await page.isEnabled("#run")).toBe(true);
    await page.fill("#param-pairs", "1000");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    // heap-churn's accesses are all the allocator's.
    expect(await page.$$eval(".report tr[data-category]", (rows) => rows.map((r) => (r as HTMLElement).dataset.category))).toEqual(["alloc", "free"]);
  }, 40_000);

  it("shows Cachegrind's events on the cachegrind preset, and refuses Python there", async () => {
    await open("?preset=cachegrind&run=matmul&n=32");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const events = await page.$$eval("tr[data-event]", (rows) =>
      Object.fromEntries(rows.map((r) => [(r as HTMLElement).dataset.event, Number(r.querySelector(".count")!.textContent!.replace(/,/g, ""))])));
    const cli = memsim(["run", "matmul", "--n", "32", "--preset", "cachegrind", "--json"]);
    expect(events).toEqual(JSON.parse(cli.stdout).events);
    await page.check("#kind-python");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^error: .*generic machine/);
  }, 40_000);

  it("steps through the caches: the grid and the outcomes are an LRU model's, forward and back", async () => {
    await open("?preset=default&l1d=256,2,32,lru&run=strided&size=512&stride=24&iterations=2");
    await page.fill("#cv-steps", "40");
    await page.click("#cacheview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    // The same references, through a closed-form LRU model of the 4-set, 2-way, 32-byte-line L1d.
    const addrs = Array.from({ length: 2 }, () => Array.from({ length: Math.ceil(512 / 24) }, (_, i) => 0x1000_0000 + 24 * i)).flat().slice(0, 40);
    const model = lruModel(4, 2, 5);
    const states: string[][][] = [model.state.map((s) => s.map((b) => `0x${b.toString(16)}`))];
    const outcomes = addrs.map((a) => {
      const o = model.access(a);
      states.push(model.state.map((s) => s.map((b) => `0x${b.toString(16)}`)));
      return o;
    });
    const grid = () => page.$$eval('table.cv-grid[data-level="l1d"] tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll<HTMLElement>("td.valid")].map((td) => td.dataset.block!)));
    const step = () => page.$eval("#cacheview", (el) => Number((el as HTMLElement).dataset.step));
    expect(await page.$$eval('#cv-accesses td.cv-outcome[data-level="l1d"]', (tds) => tds.map((t) => t.textContent))).toEqual(outcomes);
    expect(outcomes).toContain("hit");
    expect(outcomes).toContain("miss, evicts 1");
    expect(await grid()).toEqual(states[0]);
    for (let k = 1; k <= 17; k++) await page.keyboard.press("ArrowRight"); // the view has the focus
    expect(await step()).toBe(17);
    expect(await grid()).toEqual(states[17]);
    const now = await page.$eval('table.cv-grid[data-level="l1d"] td[aria-current]', (td) => td.className);
    expect(now).toContain(outcomes[16] === "hit" ? "hit" : outcomes[16] === "miss" ? "miss" : "evict");
    expect(await page.textContent("#cv-current")).toContain(`L1d: ${outcomes[16]}`);
    for (let k = 0; k < 5; k++) await page.keyboard.press("ArrowLeft");
    expect(await step()).toBe(12);
    expect(await grid()).toEqual(states[12]);
    await page.click("#cv-forward");
    await page.click("#cv-forward");
    expect(await grid()).toEqual(states[14]);
    await page.click("#cv-rewind");
    expect(await step()).toBe(0);
    expect(await grid()).toEqual(states[0]);
    // Play runs to the end (50 steps a second).
    await page.selectOption("#cv-speed", "50");
    await page.click("#cv-play");
    await page.waitForFunction(() => document.getElementById("cacheview")?.dataset.step === "40", null, { timeout: 10_000 });
    expect(await grid()).toEqual(states[40]);
    // Every control is labelled; the grid scrolls inside its box at a phone's width.
    const unlabelled = await page.$$eval("#cacheview button, #cacheview select, #cv-steps", (els) =>
      els.filter((e) => !((e as HTMLInputElement).labels?.length || e.getAttribute("aria-label"))).map((e) => e.id));
    expect(unlabelled).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}cacheview-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SHOTS}cacheview.png`, fullPage: true });
  }, 40_000);

  it("steps through rebinding.py's caches: the warm grid is an LRU model's, each step with its category and line", async () => {
    await open("?preset=default&l1d=256,2,32,lru&run=python&example=rebinding");
    await page.fill("#cv-steps", "30");
    await page.click("#cacheview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    // The script's heap references, tapped in Node (tests/heap-tap.test.ts checks the tap against the run), all of them
    // through the LRU model of the 4-set, 2-way, 32-byte-line L1d: the start-up's silently, then one state per step.
    const source = readFileSync(`${ROOT}examples/python/rebinding.py`, "utf8");
    const core = loadCore();
    configure(core, defaultMachine());
    const py = pythonRefs(core, source, "rebinding.py", pyRunOptions(pyRunSettings({})));
    const model = lruModel(4, 2, 5);
    const touch = ([addr, size]: [number, number, number]) => {
      for (let b = Math.floor(addr / 32); b <= Math.floor((addr + size - 1) / 32); b++) model.access(b * 32);
    };
    const blocks = () => model.state.map((set) => set.map((b) => `0x${b.toString(16)}`));
    py.refs.slice(0, py.start).forEach(touch);
    const states = [blocks()];
    for (const r of py.refs.slice(py.start, py.start + 30)) {
      touch(r);
      states.push(blocks());
    }
    const hex = (n: number) => `0x${n.toString(16)}`;
    expect(await page.$$eval("#cv-accesses tbody td code", (cs) => cs.map((c) => c.textContent))).toEqual(py.refs.slice(py.start, py.start + 30).map(([a]) => hex(a)));
    const grid = () => page.$$eval('table.cv-grid[data-level="l1d"] tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll<HTMLElement>("td.valid")].map((td) => td.dataset.block!)));
    expect(await grid()).toEqual(states[0]);
    expect(states[0].flat().length).toBe(8); // warm: the start-up filled every way
    const scriptLines = source.split("\n");
    const names = core.schema.categories.names;
    for (let k = 1; k <= 12; k++) {
      await page.keyboard.press("ArrowRight");
      expect(await grid()).toEqual(states[k]);
      const { line, category } = await page.$eval("#cacheview", (el) => ({ ...(el as HTMLElement).dataset }));
      expect(Number(line)).toBe(py.lines[py.start + k - 1]);
      expect(category).toBe(names[py.categories[py.start + k - 1]]);
      // A line of the script with code on it.
      const text = scriptLines[Number(line) - 1]?.trim() ?? "";
      expect(text === "" || text.startsWith("#")).toBe(false);
      expect(await page.textContent("#cv-current")).toContain(`(${category}, line ${line})`);
      // The script's listing marks the step's line.
      expect(await page.$$eval("#cv-source li[aria-current=step]", (lis) => lis.map((li) => [(li as HTMLElement).dataset.line, li.textContent]))).toEqual([[line, scriptLines[Number(line) - 1]]]);
    }
    const row = await page.$$eval("#cv-accesses tbody tr", (rs) => rs.map((r) => [r.querySelector(".cv-category")?.textContent, r.querySelector(".cv-line")?.textContent]));
    expect(row.slice(0, 30)).toEqual(py.refs.slice(py.start, py.start + 30).map((_, i) => [names[py.categories[py.start + i]], String(py.lines[py.start + i])]));
    await page.screenshot({ path: `${SHOTS}cacheview-python.png`, fullPage: true });
  }, 60_000);

  it("steps through a script's caches from a line (from-line in the URL): its first heap reference on; the field is a script's only", async () => {
    const source = readFileSync(`${ROOT}examples/python/cycles.py`, "utf8");
    const core = loadCore();
    configure(core, defaultMachine());
    const py = pythonRefs(core, source, "cycles.py", pyRunOptions(pyRunSettings({})));
    const first56 = py.lines.indexOf(56);
    await open("?preset=default&run=python&example=cycles&from-line=56&steps=12");
    expect(await page.inputValue("#cv-from-line")).toBe("56");
    await page.click("#cacheview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const hex = (n: number) => `0x${n.toString(16)}`;
    expect(await page.$$eval("#cv-accesses tbody td code", (cs) => cs.map((c) => c.textContent))).toEqual(py.refs.slice(first56, first56 + 12).map(([a]) => hex(a)));
    expect(await page.textContent("#cacheview")).toContain(`from line 56's first one on, one at a time, each with its category and line; the ${first56} references before them`);
    await page.keyboard.press("ArrowRight");
    expect(await page.$eval("#cacheview", (el) => (el as HTMLElement).dataset.line)).toBe("56");
    // Cleared, the URL drops it; a kernel has no such field.
    await page.fill("#cv-from-line", "");
    await page.dispatchEvent("#cv-from-line", "change");
    expect(new URL(page.url()).searchParams.has("from-line")).toBe(false);
    await page.check("#kind-kernel");
    expect(await page.isVisible("#cv-from-line")).toBe(false);
  }, 60_000);

  it("steps through heap-churn's caches: the grid is an LRU model's fed with the tapped references, each step with its category", async () => {
    const params = { live: "40", pairs: "200", size: "48", limit: "1M" };
    await open(`?preset=default&l1d=256,2,32,lru&run=heap-churn&${new URLSearchParams(params)}`);
    await page.fill("#cv-steps", "30");
    await page.click("#cacheview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    // The kernel's heap references, tapped in Node (tests/heap-tap.test.ts checks the tap against the run), through the LRU
    // model of the 4-set, 2-way, 32-byte-line L1d: one state per step, from empty caches.
    const m = defaultMachine();
    m.levels.l1d = { ...m.levels.l1d!, size: 256, assoc: 2, line: 32 };
    const core = loadCore();
    configure(core, m);
    const tap = heapKernelRefs(core, "heap-churn", params, 1 << 16);
    const model = lruModel(4, 2, 5);
    const blocks = () => model.state.map((set) => set.map((b) => `0x${b.toString(16)}`));
    const states = [blocks()];
    for (const [addr, size] of tap.refs.slice(0, 30)) {
      for (let b = Math.floor(addr / 32); b <= Math.floor((addr + size - 1) / 32); b++) model.access(b * 32);
      states.push(blocks());
    }
    const hex = (n: number) => `0x${n.toString(16)}`;
    expect(await page.$$eval("#cv-accesses tbody td code", (cs) => cs.map((c) => c.textContent))).toEqual(tap.refs.slice(0, 30).map(([a]) => hex(a)));
    const grid = () => page.$$eval('table.cv-grid[data-level="l1d"] tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll<HTMLElement>("td.valid")].map((td) => td.dataset.block!)));
    expect(await grid()).toEqual(states[0]);
    const names = core.schema.categories.names;
    for (let k = 1; k <= 10; k++) {
      await page.keyboard.press("ArrowRight");
      expect(await grid()).toEqual(states[k]);
      const { line, category } = await page.$eval("#cacheview", (el) => ({ ...(el as HTMLElement).dataset }));
      expect(category).toBe(names[tap.categories[k - 1]]);
      expect(line).toBeUndefined();
      expect(await page.textContent("#cv-current")).toContain(`(${category}), `);
    }
    // A category column and no line column (the kernel has no source), no script listing.
    expect(await page.$$eval("#cv-accesses thead th", (ths) => ths.map((t) => t.textContent))).toContain("category");
    expect(await page.$$eval("#cv-accesses thead th", (ths) => ths.map((t) => t.textContent))).not.toContain("line");
    expect(await page.$$eval("#cv-accesses tbody .cv-category", (tds) => tds.map((t) => t.textContent))).toEqual(tap.categories.slice(0, 30).map((c) => names[c]));
    expect(await page.$("#cv-source")).toBeNull();
    await page.screenshot({ path: `${SHOTS}cacheview-heap-churn.png`, fullPage: true });
  }, 60_000);

  it("steps through rebinding.py's heap: c = c + 1 frees the old int", async () => {
    await open("?run=python&example=rebinding");
    await page.click("#heapview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const rec = heapRecording("rebinding");
    const target = rec.steps.findIndex((s) => s.line === 41);
    await page.focus("#heapview");
    for (let k = 0; k < target; k++) await page.keyboard.press("ArrowRight");
    expect(await page.getAttribute("#heapview", "data-line")).toBe("41");
    expect(await page.textContent("#hv-source li[aria-current=step]")).toBe("c = c + 1");
    const before = await page.evaluate(() => {
      const link = document.querySelector("#hv-globals tr[data-name=c] a") as HTMLAnchorElement;
      const box = document.querySelector(link.getAttribute("href")!) as HTMLElement;
      return { address: box.dataset.address!, refcount: box.dataset.refcount!, type: box.dataset.type! };
    });
    expect(before).toMatchObject({ refcount: "1", type: "int" });
    const shownClasses = () => page.$$eval("#hv-classes tbody tr", (rows) => Object.fromEntries(rows.map((r) => [Number((r as HTMLElement).dataset.class), Number(r.querySelector(".inuse")!.textContent)])));
    expect(await shownClasses()).toEqual(stepClasses(rec, target));
    await page.click("#hv-forward");
    expect(await page.getAttribute("#heapview", "data-line")).toBe("42");
    expect(await page.$$eval(`#hv-freed li[data-address="${before.address}"]`, (els) => els.map((e) => e.textContent))).toEqual([expect.stringMatching(/int 1000 .*freed: refcount 0/)]);
    expect(await shownClasses()).toEqual(stepClasses(rec, target + 1));
    expect(await page.textContent("#hv-current")).toMatch(/object\(s\) freed: int 1000/);
    await page.screenshot({ path: `${SHOTS}heapview-rebinding.png`, fullPage: true });
  }, 40_000);

  it("steps over cycles.py's gc.collect(): the Pair cycle is marked collected", async () => {
    await open("?run=python&example=cycles");
    await page.click("#heapview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const rec = heapRecording("cycles");
    const k = rec.steps.findIndex((s) => s.freed.some((f) => f.typeName === "Pair"));
    await page.focus("#heapview");
    for (let i = 0; i < k - 1; i++) await page.keyboard.press("ArrowRight");
    expect(await page.$$eval(".hv-obj.unreached[data-type=Pair]", (els) => els.length)).toBe(2);
    await page.keyboard.press("ArrowRight");
    const collected = await page.$$eval("#hv-freed li.collected", (els) => els.map((e) => `${(e as HTMLElement).dataset.type}: ${e.textContent}`));
    expect(collected.filter((t) => /^Pair: .*collected by gc \(generation 2\)/.test(t)).length).toBe(2);
    expect(await page.$$eval(".hv-obj[data-type=Pair]", (els) => els.length)).toBe(0);
    await page.screenshot({ path: `${SHOTS}heapview-cycles.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}heapview-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 40_000);

  it("fits a phone's width", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open("?run=python&example=cycles");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}phone.png`, fullPage: true });
  }, 40_000);

  it("logged no errors and asked no other origin", () => {
    const origin = new URL(web.url).origin;
    const foreign = web.requests.filter((r) => !r.startsWith("data:") && new URL(r).origin !== origin);
    expect(foreign).toEqual([]);
    expect(web.requests.some((r) => r.endsWith("/memsim.wasm"))).toBe(true);
    expect(web.problems).toEqual([]);
  });
});
