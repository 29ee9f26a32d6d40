// memsim sweep: grid expansion against closed-form counts, invalid points
// skipped by reason, results equal to `memsim run` on the same machine, the
// JSONL file's resume and its state after Ctrl-C, bad input refused before any
// work, parallel runs identical to one thread, and the HTML report in Chromium.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { memsim, BIN, ROOT } from "./helpers/run.js";
import { defaultMachine } from "../host/config/machine.js";
import { expandGrid, gridFrom, gridSize, pointMachine, readSweepFile } from "../host/sweep/grid.js";
import { executeSweep } from "../host/sweep/sweep.js";
import { planSweep, workloadSpecs } from "../host/sweep/plan.js";
import { loadCore } from "../host/core-node.js";
import { summarize, paretoFront } from "../host/sweep/summary.js";
import type { ResultRow } from "../host/sweep/point.js";

const dir = mkdtempSync(join(tmpdir(), "memsim-sweep-"));
const K = 1024;

function lines(file: string): ResultRow[] {
  const text = readFileSync(file, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.trimEnd().split("\n").map((l) => JSON.parse(l) as ResultRow);
}

describe("grid expansion", () => {
  it("counts the product of the axes, in order, the last axis fastest", () => {
    const grid = gridFrom({ l1d: "16K..128K", assoc: "1,2,4,8,16", line: "32,64,128" });
    expect(grid.axes.l1d).toEqual([16 * K, 32 * K, 64 * K, 128 * K]);
    expect(grid.target).toEqual(["l1d"]);
    expect(gridSize(grid)).toBe(4 * 5 * 3);
    const { configs, skipped } = expandGrid(grid, defaultMachine());
    expect(skipped).toEqual([]); // 16K / (16 x 128) = 8 sets: every point divides into power-of-two sets
    expect(configs).toHaveLength(60);
    expect(configs[0].point).toEqual({ l1d: 16 * K, assoc: 1, line: 32 });
    expect(configs[1].point).toEqual({ l1d: 16 * K, assoc: 1, line: 64 });
    expect(configs[59].point).toEqual({ l1d: 128 * K, assoc: 16, line: 128 });
    expect(new Set(configs.map((c) => c.digest)).size).toBe(60);
  });

  it("skips invalid combinations, counted by reason", () => {
    // sets = size / (ways x 64): 16K: 3 -> 85.3, 4 -> 64, 12 -> 21.3; 48K: 3 -> 256, 4 -> 192, 12 -> 64.
    // plru also needs power-of-two ways: 48K 3-way and 12-way plru break that rule only.
    const grid = gridFrom({ l1d: "16K,48K", assoc: "3,4,12", policy: "lru,plru" });
    const { configs, skipped } = expandGrid(grid, defaultMachine());
    const counts = Object.fromEntries(skipped.map((s) => [s.reason, s.count]));
    expect(counts).toEqual({
      "--l1d: size / (ways x line) is not a whole number of sets": 4,
      "--l1d: sets not a power of two": 2,
      "--l1d: plru with ways not a power of two (or over 64)": 2,
    });
    expect(configs.map((c) => c.point)).toEqual([
      { l1d: 16 * K, assoc: 4, policy: "lru" }, { l1d: 16 * K, assoc: 4, policy: "plru" },
      { l1d: 48 * K, assoc: 3, policy: "lru" }, { l1d: 48 * K, assoc: 12, policy: "lru" },
    ]);
    expect(skipped[0].message).toMatch(/^--l1d: 16K with 3 ways of 64 B does not divide into whole sets/);
  });

  it("reports rules across levels: an inclusive L2 needs lines at least as long as the L1's", () => {
    const base = defaultMachine();
    base.levels.l2!.inclusion = "inclusive";
    const { configs, skipped } = expandGrid(gridFrom({ line: "32,64,128" }), base);
    expect(configs.map((c) => c.point.line)).toEqual([32, 64]);
    expect(skipped).toMatchObject([{ reason: "--l2: an inclusive level needs lines at least as long as l1d's", count: 1 }]);
  });

  it("applies --assoc, --line and --policy to the levels whose size is swept, or to --target", () => {
    const base = defaultMachine();
    const swept = gridFrom({ l2: "512K", assoc: "4", policy: "fifo" });
    expect(swept.target).toEqual(["l2"]);
    let m = pointMachine(base, swept.target, { l2: 512 * K, assoc: 4, policy: "fifo" });
    expect([m.levels.l2!.size, m.levels.l2!.assoc, m.levels.l2!.policy, m.levels.l1d!.assoc, m.levels.l1d!.policy]).toEqual([512 * K, 4, "fifo", 8, "lru"]);
    const both = gridFrom({ l2: "512K", assoc: "4", target: "l1d,l2" });
    m = pointMachine(base, both.target, { l2: 512 * K, assoc: 4 });
    expect([m.levels.l1d!.assoc, m.levels.l2!.assoc, m.levels.l1i!.assoc]).toEqual([4, 4, 8]);
    // a level the base lacks: 16 ways, 64-byte lines, 40 cycles
    m = pointMachine(base, ["l3"], { l3: 4 << 20 });
    expect(m.levels.l3).toMatchObject({ size: 4 << 20, assoc: 16, line: 64, latency: 40 });
    expect(() => expandGrid(gridFrom({ assoc: "4", target: "l3" }), base)).toThrow(/--target: the base machine has no l3/);
  });

  it("reads a sweep file; the command line replaces its axes", () => {
    const file = join(dir, "grid.json");
    writeFileSync(file, JSON.stringify({ workloads: ["matmul"], params: { n: 32 }, l1d: "16K..64K", assoc: [1, 2], policy: "lru" }));
    const f = readSweepFile(file);
    expect(f.workloads).toEqual(["matmul"]);
    expect(f.params).toEqual({ n: "32" });
    expect(gridSize(gridFrom({}, f))).toBe(3 * 2);
    expect(gridFrom({ assoc: "1,2,4,8" }, f).axes.assoc).toEqual([1, 2, 4, 8]);
    writeFileSync(file, JSON.stringify({ l1d: "16K", ways: [1, 2] }));
    expect(() => readSweepFile(file)).toThrow(`${file}: ways: unknown parameter`);
  });

  it("the Pareto front keeps the points no smaller cache beats", () => {
    const row = (cacheBytes: number, cycles: number) => ({ cacheBytes, cycles }) as ResultRow;
    expect(paretoFront([row(4, 50), row(1, 100), row(2, 100), row(2, 80), row(3, 90)]).map((r) => [r.cacheBytes, r.cycles]))
      .toEqual([[1, 100], [2, 80], [4, 50]]);
  });
});

describe("running a sweep", () => {
  const workloads = () => workloadSpecs(["matmul", "stencil"], { n: "32" }, loadCore);
  const grid = () => gridFrom({ l1d: "4K..16K", assoc: "1,4", line: "32,64", dram: "fixed,ddr4-3200aa" });

  it("on two threads gives the results of one", async () => {
    const plan = planSweep(workloads(), defaultMachine(), grid());
    expect(plan.tasks).toHaveLength(3 * 2 * 2 * 2 * 2);
    const parallel = await executeSweep(plan, { jobs: 2 });
    const sequential = await executeSweep(plan, { jobs: 1 });
    expect(parallel.ran).toBe(48);
    expect(parallel.results).toEqual(sequential.results);
    const s = summarize(plan, parallel);
    expect(s.best.map((r) => r.workload)).toEqual(["matmul", "stencil"]);
    for (const b of s.best) expect(b.cycles).toBe(Math.min(...parallel.results.filter((r) => r.workload === b.workload).map((r) => r.cycles)));
    expect(s.curves[0]).toMatchObject({ level: "l1d", sizes: [4 * K, 8 * K, 16 * K], assocs: [1, 4] });
  });

  it("a point's figures equal memsim run on the same machine", async () => {
    const plan = planSweep(workloadSpecs(["matmul"], { n: "32" }, loadCore), defaultMachine(),
      gridFrom({ l1d: "8K", assoc: "4", line: "32", policy: "plru", dram: "ddr4-3200aa" }));
    const [row] = (await executeSweep(plan, { jobs: 1 })).results;
    const r = memsim(["run", "matmul", "--n", "32", "--l1d", "8K,4,32,plru", "--dram", "ddr4-3200aa", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(row.cycles).toBe(report.cycles);
    expect(row.amat).toBe(report.amat);
    expect(row.ipc).toBe(report.core.ipc);
    expect(row.instructions).toBe(report.instructions);
    for (const level of report.levels) {
      expect(row.levels[level.name as "l1d"]).toEqual({ accesses: level.accesses.total, misses: level.misses.total, missRate: level.missRate });
    }
    expect(row.rowHitRate).toBe(report.dram.rowHits / (report.dram.rowHits + report.dram.rowEmpty + report.dram.rowConflicts));
    expect(row.machine.l1d).toBe("8K 4-way 32 B plru");
  });
});

describe("the results file", () => {
  const args = (out: string) => ["sweep", "matmul", "stencil", "--n", "32", "--l1d", "4K..32K", "--assoc", "1,2", "--out", out, "--json"];

  it("resumes: a rerun computes only the points missing from the file", () => {
    const out = join(dir, "resume.jsonl");
    let r = memsim(args(out));
    expect(r.status, r.stderr).toBe(0);
    const all = lines(out);
    expect(all).toHaveLength(16);
    expect(JSON.parse(r.stdout).points).toMatchObject({ valid: 16, ran: 16, resumed: 0 });
    // keep 5 whole lines and half of the sixth, as a kill in mid-write would
    const text = readFileSync(out, "utf8").split("\n");
    writeFileSync(out, text.slice(0, 5).join("\n") + "\n" + text[5].slice(0, 40));
    r = memsim(args(out));
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).points).toMatchObject({ ran: 11, resumed: 5 });
    const again = lines(out);
    expect(again).toHaveLength(16);
    const byKey = (rows: ResultRow[]) => Object.fromEntries(rows.map((x) => [x.key, x]));
    expect(byKey(again)).toEqual(byKey(all));
    // nothing left to do
    r = memsim(args(out));
    expect(JSON.parse(r.stdout).points).toMatchObject({ ran: 0, resumed: 16 });
  });

  it("Ctrl-C leaves whole lines, says how to resume, exits 130; the rerun completes", async () => {
    const out = join(dir, "sigint.jsonl");
    const sweep = ["sweep", "matmul", "--n", "96", "--l1d", "4K..128K", "--assoc", "1..16", "--jobs", "1", "--out", out];
    const child = spawn(process.execPath, [BIN, ...sweep], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    for (let t = 0; !(existsSync(out) && readFileSync(out, "utf8").includes("\n")); t++) {
      if (t > 1000) throw new Error("no line after 20 s");
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const m = /interrupted: (\d+) of 30 points done, saved in .*sigint\.jsonl; run the same command again to resume/.exec(stderr);
    expect(m, stderr).not.toBeNull();
    const saved = lines(out);
    expect(saved.length).toBe(Number(m![1]));
    expect(saved.length).toBeLessThan(30);
    const r = memsim([...sweep, "--json", "--jobs", "2"]); // the thread count is not part of a point
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).points).toMatchObject({ ran: 30 - saved.length, resumed: saved.length });
    expect(new Set(lines(out).map((x) => x.key)).size).toBe(30);
  }, 60_000);
});

describe("bad input is refused before any work, with one sentence naming the option", () => {
  const big = ["--l1d", "1K..1G", "--l2", "64K..1G", "--assoc", "1..64", "--line", "16..256", "--policy", "lru,plru,fifo,random", "--dram", "fixed,ddr4-3200aa,ddr5-4800"];
  const cases: [string, string[], RegExp][] = [
    ["an empty grid", ["matmul"], /the grid is empty: give at least one of --l1i, --l1d/],
    ["an empty list", ["matmul", "--assoc", ""], /--assoc: the list is empty/],
    ["an unknown option", ["matmul", "--l1d", "16K", "--ways", "4"], /unknown option '--ways'/],
    ["an unknown policy", ["matmul", "--policy", "lru,lfu"], /--policy: unknown policy 'lfu'/],
    ["an unknown workload parameter", ["matmul", "--l1d", "16K", "--size", "1M"], /--size: none of the workloads takes it/],
    ["a grid over 100 000 points", ["matmul", ...big], /--yes: the grid has 132,300 points, over 100,000; pass --yes/],
    ["an output in a missing directory", ["matmul", "--l1d", "16K", "--out", join(dir, "no/such/r.jsonl")], /--out: cannot write .*: its directory does not exist/],
    ["an output that is a directory", ["matmul", "--l1d", "16K", "--out", dir], /--out: cannot write .*: it is a directory/],
    ["an HTML report in a missing directory", ["matmul", "--l1d", "16K", "--html", join(dir, "no/r.html")], /--html: cannot write/],
    ["a grid with no valid point", ["matmul", "--l1d", "16K", "--assoc", "3"], /every point of the grid is invalid \(1 with --l1d: size \/ \(ways x line\)/],
    ["a bad --jobs", ["matmul", "--l1d", "16K", "--jobs", "0"], /--jobs: '0' must be a whole number/],
    ["the cachegrind machine", ["matmul", "--l1d", "16K", "--preset", "cachegrind"], /--preset: a sweep compares cycles/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = memsim(["sweep", ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    });
  }

  it("an unknown parameter in the sweep file", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ l1d: "16K", size: "1M" }));
    const r = memsim(["sweep", "matmul", "--grid", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: size: unknown parameter \(expected workloads, params, preset, config, l1i/);
  });

  it("--help documents every option", () => {
    const r = memsim(["sweep", "--help"]);
    for (const opt of ["--l1d", "--l2", "--assoc", "--line", "--policy", "--dram", "--target", "--grid", "--out", "--json", "--html", "--yes", "--jobs", "--preset", "--config", "--n"]) {
      expect(r.stdout).toContain(opt);
    }
  });
});

describe("the HTML report in Chromium", () => {
  const OUT = `${ROOT}tests/.output`;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium", headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
  }, 60_000);
  afterAll(async () => browser?.close());

  it("draws the miss-rate curves, the cycles heat map, the Pareto front and the mountain, with no console error", async () => {
    const html = `${OUT}/sweep.html`;
    const r = memsim(["sweep", "zipf", "--size", "64K", "--accesses", "20000", "--l1d", "4K..32K", "--assoc", "1,2,8", "--html", html]);
    expect(r.status, r.stderr).toBe(0);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(html).href);
    await page.waitForFunction(() => document.body.dataset.state !== "loading", null, { timeout: 10_000 });
    const charts = await page.evaluate(() => (window as unknown as { __memsimCharts: { type: string; title: string; series: string[]; error?: string }[] }).__memsimCharts);
    await page.screenshot({ path: `${OUT}/sweep.png`, fullPage: true });
    await page.close();
    expect(errors).toEqual([]);
    expect(charts.map((c) => [c.type, c.title, c.series, c.error])).toEqual([
      ["line", "L1D miss rate against size: zipf", ["1-way", "2-way", "8-way"], undefined],
      ["heatmap", "Cycles over L1D size x associativity: zipf", ["cycles"], undefined],
      ["line", "Pareto front", ["zipf"], undefined],
      ["heatmap", "Cycles per load", ["cycles per load"], undefined],
    ]);
  }, 60_000);
});
