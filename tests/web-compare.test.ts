// The playground's comparison (web/src/compareview.ts, compare-run.ts; docs/web.md) in headless
// Chromium: two to four machines on one kernel, one opened trace file or one example script, as `memsim compare`
// runs them. The oracle is the CLI: `memsim compare KERNEL|FILE|SCRIPT.py --machine A --machine B ... --json`,
// whose comparison gives, through
// host/compare's own table code, the cells the page must show; the charts must be drawn as SVG
// with their numbers as tables. Also the heap view's unreachable sets (the core's gcUnreachable
// record, checked against CPython and gc.garbage in tests/gc-record.test.ts): CPython's
// gc.collect() counts, and the same objects as the Node recording. Screenshots go to test-results/web/.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./helpers/chromium.js";
import { webPageForTests, waitForRun, SHOTS } from "./helpers/web-page.js";
import { memsim, loadCore, ROOT } from "./helpers/run.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { recordHeapView } from "../web/src/heapview-run.js";
import { comparisonTables, levelsIn, type Comparison } from "../host/compare/compare.js";
import type { TraceReport } from "../host/report/trace-report.js";
import { commas } from "../host/report/format.js";
import { parseMachineSpec } from "../host/compare/machine-spec.js";
import { machineFromOptions } from "../host/config/options.js";
import { comparedMachines } from "../web/src/compare-run.js";
import { encodeState, gridOf, machineOf, parseState } from "../web/src/state.js";
import { sweepHtml } from "../host/sweep/html.js";
import type { SweepSummary } from "../host/sweep/summary.js";
import type { MountainPoint } from "../host/mountain/mountain.js";
import { chartNumbers } from "../web/src/reportview.js";

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`tests/web-compare.test.ts: skipped: ${CHROMIUM} is missing (npm run setup:test-tools installs it)`);

let page: Page;

const GZ = `${ROOT}examples/traces/matmul.lackey.gz`;
const dir = mkdtempSync(join(tmpdir(), "memsim-web-compare-"));
/** matmul's Lackey trace 12 times over: long enough to watch each machine's share of the file. */
const LONG = join(dir, "long.lackey");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rows (header first) of the table whose caption is `caption`, as the page shows them. */
function tableRows(p: Page, caption: string): Promise<string[][]> {
  return p.evaluate((caption) => {
    const table = [...document.querySelectorAll("#comparison table")].find((t) => t.querySelector("caption")?.textContent === caption);
    if (!table) return [];
    return [...table.querySelectorAll("tr")].map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? ""));
  }, caption);
}

/** Wait for the comparison's three charts (so that no chart chunk is still loading when the test moves on). */
async function chartsDrawn(p: Page): Promise<void> {
  await p.waitForFunction(() => document.querySelectorAll(".chart[data-drawn]").length === 3, null, { timeout: 10_000 });
}

/** `memsim compare` run as a user would, with the page's machines. */
function cliComparison(args: string[]): Comparison {
  const cli = memsim(["compare", ...args, "--json"]);
  expect(cli.status, cli.stderr).toBe(0);
  return JSON.parse(cli.stdout) as Comparison;
}

/** The page's two tables equal, cell for cell, what host/compare's table code makes of the CLI's comparison `c`; returns them. */
async function expectCliTables(p: Page, c: Comparison): Promise<{ summary: string[][]; breakdown: string[][] }> {
  const want = comparisonTables(c);
  const summary = await tableRows(p, "Side by side");
  expect(summary[0]).toEqual(want.summary.header);
  expect(summary.slice(1)).toEqual(want.summary.rows);
  const breakdown = await tableRows(p, "Where the cycles go");
  expect(breakdown.slice(1)).toEqual(want.breakdown.rows);
  return { summary, breakdown };
}

/** A first machine with every kind of edit: levels, DRAM, clock, CPI, virtual memory and storage. */
const EDITED = "preset=desktop-2020&l1i=16K,4,64,lru,lat=2&l2=512K,8,64,lru,wt,nwa&l3=4M,16,64,lru,inclusive,lat=30"
  + "&dram=ddr4-2400&core-mhz=2000&cpi=0.5&ram=64M&storage=hdd-7200";

/** A second machine edited in every part. */
const VS_EDITED = "vs-l1i=16K,4,64,fifo&vs-l1d=16K,4,64,lru&vs-l3=none&vs-dram=ddr5-4800&vs-cpi=0.75&vs-ram=32M&vs-storage=ssd-sata";

describe("the comparison's machines (Node)", () => {
  it("are the machines the page shows, every edit of the first included, and the CLI's for their names", () => {
    const s = parseState(`?${EDITED}&vs=server-2024&vs-l2=1M,16,64,fifo&run=strided`, []);
    const [a, b] = comparedMachines(s);
    expect(a.name).toBe("desktop-2020+l1i=16K,4,64,lru,lat=2+l2=512K,8,64,lru,wt,nwa+l3=4M,16,64,lru,inclusive,lat=30"
      + "+dram=ddr4-2400+core-mhz=2000+cpi=0.5+ram=64M+storage=hdd-7200");
    expect(b.name).toBe("server-2024+l2=1M,16,64,fifo");
    expect(a.machine).toEqual(machineOf(s));
    expect(b.machine).toEqual(machineOf(s.others[0]));
    // The oracle: memsim compare's own parser, given the names.
    for (const m of [a, b]) {
      const cli = parseMachineSpec(m.spec);
      expect(m.machine).toEqual(cli.machine);
      expect(m.description).toBe(cli.description);
    }
    // Each edit is there (not the preset's value).
    expect([a.machine.levels.l1i?.size, a.machine.levels.l2?.writeBack, a.machine.levels.l3?.latency, a.machine.coreMHz, a.machine.cpi])
      .toEqual([16 << 10, false, 30, 2000, 0.5]);
    expect([a.machine.dram?.kind === "dram" && a.machine.dram.name, a.machine.vm?.ramBytes, a.machine.storage?.name]).toEqual(["ddr4-2400", 64 << 20, "hdd-7200"]);
  });

  it("edits the second machine in every part too (vs- keys), as the CLI's parser reads its name", () => {
    const s = parseState(`?preset=default&vs=server-2024&${VS_EDITED}&run=strided`, []);
    const [, b] = comparedMachines(s);
    expect(b.name).toBe("server-2024+l1i=16K,4,64,fifo+l1d=16K,4,64,lru+l3=none+dram=ddr5-4800+cpi=0.75+ram=32M+storage=ssd-sata");
    const cli = parseMachineSpec(b.spec);
    expect(b.machine).toEqual(cli.machine);
    expect([b.machine.levels.l1i?.policy, b.machine.levels.l1d?.size, b.machine.levels.l3, b.machine.cpi])
      .toEqual(["fifo", 16 << 10, undefined, 0.75]);
    expect([b.machine.dram?.kind === "dram" && b.machine.dram.name, b.machine.vm?.ramBytes, b.machine.storage?.name]).toEqual(["ddr5-4800", 32 << 20, "ssd-sata"]);
    // And back: the URL holds every edit.
    expect(new URLSearchParams(encodeState(s)).toString()).toContain(new URLSearchParams(VS_EDITED).toString());
  });

  it("holds up to four machines in the URL (vs, vs3, vs4), in order, as the CLI's parser reads their names", () => {
    const search = "?preset=small-embedded&vs=desktop-2020&vs-l2=1M,16,64,lru&vs3=server-2024&vs3-cpi=0.5&vs4=default&vs4-l1d=8K,2,32&run=matmul";
    const s = parseState(search, []);
    expect(s.others.map((m) => m.preset)).toEqual(["desktop-2020", "server-2024", "default"]);
    const machines = comparedMachines(s);
    expect(machines.map((m) => m.name)).toEqual(["small-embedded", "desktop-2020+l2=1M,16,64,lru", "server-2024+cpi=0.5", "default+l1d=8K,2,32"]);
    for (const m of machines) expect(m.machine).toEqual(parseMachineSpec(m.spec).machine);
    // Back to the same URL, key for key.
    expect(Object.fromEntries(new URLSearchParams(encodeState(s)))).toEqual(Object.fromEntries(new URLSearchParams(search)));
    // A machine's place is its key: a missing vs3 ends the list (vs4 alone is not a third machine); a fifth is not read.
    expect(parseState("?preset=default&vs=server-2024&vs4=desktop-2020&run=matmul", []).others.map((m) => m.preset)).toEqual(["server-2024"]);
    expect(parseState("?vs=default&vs3=default&vs4=default&vs5=default", []).others).toHaveLength(3);
    // Two machines alike: every one is named by letter, as memsim compare --machine 'A:…' would be.
    expect(comparedMachines(parseState("?preset=default&vs=server-2024&vs3=default&run=matmul", [])).map((m) => m.spec))
      .toEqual(["A:default", "B:server-2024", "C:default"]);
  });

  it("holds a sweep's grid in the URL (sweep- keys), parsed as memsim sweep parses its options", () => {
    const search = "?preset=default&sweep-l1d=8K..64K&sweep-assoc=1,2&sweep-policy=lru,fifo&sweep-target=l1d,l2&run=matmul";
    const s = parseState(search, []);
    expect(s.sweep).toEqual({ l1d: "8K..64K", assoc: "1,2", policy: "lru,fifo", target: "l1d,l2" });
    expect(gridOf(s)).toEqual({ axes: { l1d: [8192, 16384, 32768, 65536], assoc: [1, 2], policy: ["lru", "fifo"] }, target: ["l1d", "l2"] });
    expect(Object.fromEntries(new URLSearchParams(encodeState(s)))).toEqual(Object.fromEntries(new URLSearchParams(search)));
    expect(() => gridOf(parseState("?sweep-line=abc", []))).toThrow(/^--line: /);
  });

  it("takes a machine file for any machine (config, vs-config keys), built as --config FILE builds it", () => {
    const text = JSON.stringify({ preset: "desktop-2020", storage: { preset: "hdd-5400", rpm: 6000 }, dram: { preset: "ddr5-4800", pagePolicy: "closed" } });
    const file = join(dir, "machine.json");
    writeFileSync(file, text);
    const s = parseState(`?config=${encodeURIComponent(text)}&l1d=16K,4,64&vs=server-2024&vs-config=${encodeURIComponent(text)}&run=matmul`, []);
    expect([s.config, s.others[0].config]).toEqual([text, text]);
    const [a, b] = comparedMachines(s);
    expect(a.machine).toEqual(machineFromOptions({ config: file, l1d: "16K,4,64" }).machine);
    expect(b.machine).toEqual(machineFromOptions({ config: file }).machine);
    expect([a.name, b.name]).toEqual(["machine-file+l1d=16K,4,64", "machine-file"]);
    expect(b.description).toBe("a machine file, starting from the preset desktop-2020");
    expect(new URLSearchParams(encodeState(s)).get("vs-config")).toBe(text);
  });

  it("refuses a machine without timing, naming it", () => {
    expect(() => comparedMachines(parseState("?preset=cachegrind&vs=default&run=strided", []))).toThrow(/^cachegrind: cachegrind mode has no timing/);
  });
});

describe.skipIf(!hasChromium)("the playground's comparison in Chromium (skipped when /usr/bin/chromium is missing)", () => {
  const web = webPageForTests();
  beforeAll(() => {
    page = web.page;
  });

  it("restores two machines from the URL and shows memsim compare's numbers, with the charts drawn as SVG", async () => {
    await web.open("?preset=default&l1d=8K,2,32,fifo&vs=desktop-2020&vs-l2=1M,16,64,lru&run=strided&size=256K");
    expect(await page.isChecked("#vs-on")).toBe(true);
    expect(await page.isVisible("#vs-machine")).toBe(true);
    expect(await page.inputValue("#vs-preset")).toBe("desktop-2020");
    expect(await page.inputValue("#vs-l2-size")).toBe("1M");
    expect(await page.inputValue("#vs-l2-assoc")).toBe("16");
    expect(await page.inputValue("#vs-l1d-size")).toBe("32K"); // desktop-2020's own L1d
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);

    const c = cliComparison(["strided", "--size", "256K", "-m", "default+l1d=8K,2,32,fifo", "-m", "desktop-2020+l2=1M,16,64,lru"]);
    expect(c.machines.map((m) => m.name)).toEqual(["default+l1d=8K,2,32,fifo", "desktop-2020+l2=1M,16,64,lru"]);
    const { summary } = await expectCliTables(page, c);
    // The raw figures, not only the shared formatting: each machine's cycles as the CLI counted them.
    const cycles = summary.find((r) => r[0] === "cycles")!;
    expect(cycles[1]).toBe(commas(c.machines[0].cycles));
    expect(cycles[2]).toBe(commas(c.machines[1].cycles));
    expect(c.machines[0].cycles).not.toBe(c.machines[1].cycles);
    expect(await page.textContent("#cmp-heading")).toContain("strided --size 256K on 2 machines");

    // The three charts of memsim compare --html, drawn as SVG, each with its numbers as a table.
    await chartsDrawn(page);
    const charts = await page.$$eval("#comparison figure[data-chart]", (figs) => figs.map((f) => ({
      id: f.getAttribute("data-chart"),
      bars: f.querySelectorAll(".chart svg path").length,
      svgText: [...f.querySelectorAll(".chart svg text")].map((t) => t.textContent).join("|"),
      label: f.querySelector(".chart")!.getAttribute("aria-label"),
      numbers: [...f.querySelectorAll("table tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent)),
    })));
    expect(charts.map((ch) => ch.id)).toEqual(["speedup", "breakdown", "miss-rates"]);
    for (const ch of charts) {
      expect(ch.bars, ch.id!).toBeGreaterThan(2);
      expect(ch.label).toMatch(/chart; its numbers are in the table below it/);
    }
    expect(charts[0].svgText).toContain(c.machines[0].name);
    const speedup = c.machines[1].speedup.toFixed(2) + "x";
    expect(charts[0].svgText).toContain(speedup);
    expect(charts[0].numbers).toEqual([[c.machines[0].name, "1.00x"], [c.machines[1].name, speedup]]);
    // Miss rates: a row per level, a column per machine.
    const levels = levelsIn(c); // the levels either machine has (desktop-2020 has an L3)
    expect(charts[2].numbers.map((r) => r[0])).toEqual(levels.map((l) => l.toUpperCase()));
    const l1d = charts[2].numbers.find((r) => r[0] === "L1D")!;
    expect(l1d.slice(1).map((v) => Number(v!.replace("%", "")) / 100))
      .toEqual(c.machines.map((m) => expect.closeTo(m.missRates.l1d!, 4)));
    await page.screenshot({ path: `${SHOTS}compare.png`, fullPage: true });
  }, 60_000);

  it("turns the comparison on and off from the machine panel, the URL following, and refuses a bad second machine", async () => {
    await web.open("?preset=small-embedded&run=matmul&n=24");
    expect(await page.isVisible("#vs-machine")).toBe(false);
    await page.check("#vs-on");
    // The second machine starts as the first's preset.
    expect(new URL(page.url()).searchParams.get("vs")).toBe("small-embedded");
    expect(await page.inputValue("#vs-preset")).toBe("small-embedded");
    await page.selectOption("#vs-preset", "server-2024");
    await page.fill("#vs-l1d-assoc", "6");
    await page.press("#vs-l1d-assoc", "Tab");
    const q = new URL(page.url()).searchParams;
    expect(q.get("vs")).toBe("server-2024");
    expect(q.get("vs-l1d")).toBe("48K,6,64,lru");
    expect(q.get("preset")).toBe("small-embedded"); // the first machine is untouched
    await page.press("#param-n", "Enter");
    expect(await waitForRun(page)).toMatch(/^done/);
    await chartsDrawn(page);
    const c = cliComparison(["matmul", "--n", "24", "-m", "small-embedded", "-m", `server-2024+l1d=${q.get("vs-l1d")}`]);
    const summary = await tableRows(page, "Side by side");
    expect(summary.slice(1)).toEqual(comparisonTables(c).summary.rows);

    // An impossible geometry on the second machine: named, and nothing runs.
    await page.fill("#vs-l1d-size", "40K");
    await page.press("#vs-l1d-size", "Tab");
    expect(await page.textContent("#vs-error")).toMatch(/^The second machine: --l1d: 40K with 6 ways .* sets/);
    await page.click("#run");
    expect(await page.textContent("#status")).toMatch(/Fix the machine first: The second machine/);

    // Off again: Run runs the one machine.
    await page.uncheck("#vs-on");
    expect(new URL(page.url()).searchParams.has("vs")).toBe(false);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expect(await page.$("#comparison")).toBeNull();
    expect(await page.$("#r-cycles")).not.toBeNull();
  }, 60_000);

  it("starts the second machine as a copy of the first, edits it in every part, and compares as memsim compare does", async () => {
    await web.open(`?${EDITED}&run=strided&size=256K`);
    await page.check("#vs-on");
    const q = new URL(page.url()).searchParams;
    for (const [k, v] of new URLSearchParams(EDITED)) expect(q.get(k === "preset" ? "vs" : `vs-${k}`)).toBe(v);
    expect([await page.inputValue("#vs-l3-size"), await page.inputValue("#vs-opt-dram"), await page.inputValue("#vs-opt-cpi")]).toEqual(["4M", "ddr4-2400", "0.5"]);
    await page.fill("#vs-opt-cpi", "2");
    await page.press("#vs-opt-cpi", "Tab");
    await page.fill("#vs-l3-size", "8M");
    await page.press("#vs-l3-size", "Tab");
    const edited = new URL(page.url()).searchParams;
    expect([edited.get("vs-cpi"), edited.get("vs-l3"), edited.get("cpi"), edited.get("l3")]).toEqual(["2", "8M,16,64,lru,inclusive,lat=30", "0.5", "4M,16,64,lru,inclusive,lat=30"]);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const summary = await tableRows(page, "Side by side");
    expect(summary[0][2]).toContain("+l3=8M,16,64,lru,inclusive,lat=30+dram=ddr4-2400+core-mhz=2000+cpi=2+ram=64M+storage=hdd-7200");
    await expectCliTables(page, cliComparison(["strided", "--size", "256K", "-m", summary[0][1], "-m", summary[0][2]]));
  }, 40_000);

  it("adds a third and a fourth machine, each a copy of the one before, removes one, and compares three as memsim compare does", async () => {
    await web.open("?preset=small-embedded&vs=desktop-2020&run=matmul&n=24");
    expect(await page.isVisible("#vs-add")).toBe(true);
    expect(await page.$("#vs-remove")).toBeNull(); // one machine to compare with: the checkbox turns it off
    await page.click("#vs-add");
    // The third starts as the second, and has the focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("vs3-preset");
    expect(new URL(page.url()).searchParams.get("vs3")).toBe("desktop-2020");
    await page.selectOption("#vs3-preset", "server-2024");
    await page.fill("#vs3-l2-size", "512K");
    await page.press("#vs3-l2-size", "Tab");
    await page.click("#vs3-machine-more summary"); // (folded while the machine's options are the preset's)
    await page.fill("#vs3-opt-cpi", "0.5");
    await page.press("#vs3-opt-cpi", "Tab");
    await page.click("#vs-add");
    expect(await page.isVisible("#vs-add")).toBe(false); // four machines: no more
    const four = new URL(page.url()).searchParams;
    expect([four.get("vs4"), four.get("vs4-l2"), four.get("vs4-cpi")]).toEqual(["server-2024", four.get("vs3-l2"), "0.5"]);
    expect(four.get("vs3-l2")).toMatch(/^512K,/);
    // An impossible fourth machine is named, and nothing runs.
    await page.fill("#vs4-l1d-assoc", "5");
    await page.press("#vs4-l1d-assoc", "Tab");
    expect(await page.textContent("#vs4-error")).toMatch(/^The fourth machine: --l1d: .* 5 ways/);
    await page.click("#run");
    expect(await page.textContent("#status")).toMatch(/Fix the machine first: The fourth machine/);
    // Removing the second moves the others up a place: the third's keys become vs-, the fourth's vs3-.
    await page.click("#vs-remove");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("vs-add");
    const three = new URL(page.url()).searchParams;
    expect([three.get("vs"), three.get("vs-l2"), three.get("vs-cpi"), three.get("vs3"), three.get("vs3-l1d")?.split(",")[1], three.has("vs4")])
      .toEqual(["server-2024", four.get("vs3-l2"), "0.5", "server-2024", "5", false]);
    expect(await page.inputValue("#vs3-l1d-assoc")).toBe("5");
    expect(await page.textContent("#vs3-error")).toMatch(/^The third machine: --l1d: .* 5 ways/);
    await page.fill("#vs3-l1d-assoc", "6");
    await page.press("#vs3-l1d-assoc", "Tab");
    expect(await page.textContent("#vs3-error")).toBe("");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    await chartsDrawn(page);
    const summary = await tableRows(page, "Side by side");
    const specs = [summary[0][1], summary[0][2], summary[0][4]]; // (each machine after the first has a change column)
    expect(specs[0]).toBe("small-embedded");
    expect(specs[1]).toMatch(/^server-2024\+l2=512K,.*\+cpi=0\.5$/);
    expect(specs[2]).toMatch(/^server-2024\+l1d=\w+,6,.*\+l2=512K,.*\+cpi=0\.5$/);
    const c = cliComparison(["matmul", "--n", "24", ...specs.flatMap((m) => ["-m", m])]);
    expect(c.machines).toHaveLength(3);
    await expectCliTables(page, c);
    expect(await page.textContent("#cmp-heading")).toContain("on 3 machines");
    expect(await page.textContent("#results-body h3")).toContain("on 3 machines");
    await page.screenshot({ path: `${SHOTS}compare-three.png`, fullPage: true });
  }, 60_000);

  it("compares a first machine edited in every part (levels, DRAM, clock, CPI, RAM, storage) as memsim compare does", async () => {
    await web.open(`?${EDITED}&vs=desktop-2020&run=strided&size=256K`);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const summary = await tableRows(page, "Side by side");
    const c = cliComparison(["strided", "--size", "256K", "-m", summary[0][1], "-m", "desktop-2020"]);
    expect(summary[0][1]).toContain("+dram=ddr4-2400+core-mhz=2000+cpi=0.5+ram=64M+storage=hdd-7200");
    expect(summary[0]).toEqual(comparisonTables(c).summary.header);
    expect(summary.slice(1)).toEqual(comparisonTables(c).summary.rows);
    expect(summary.find((r) => r[0] === "clock, MHz")!.slice(1, 3)).toEqual(["2,000", "3,600"]);
    await chartsDrawn(page);
  }, 40_000);

  it("compares two machines on a trace file opened with the picker, as memsim compare FILE does", async () => {
    await web.open("?preset=default&l1d=8K,2,32,fifo&vs=desktop-2020&run=trace");
    await page.setInputFiles("#trace-file", GZ);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const c = cliComparison([GZ, "--machine", "default+l1d=8K,2,32,fifo", "--machine", "desktop-2020"]);
    const { summary } = await expectCliTables(page, c);
    expect(await page.textContent("#cmp-heading")).toContain("matmul.lackey.gz (lackey) on 2 machines");
    // Each machine's figures are those of its own replay, memsim trace FILE --json, run apart.
    for (const [i, args] of [["--l1d", "8K,2,32,fifo"], ["--preset", "desktop-2020"]].entries()) {
      const alone = memsim(["trace", GZ, "--json", ...args]);
      expect(alone.status, alone.stderr).toBe(0);
      const r = JSON.parse(alone.stdout) as TraceReport;
      const row = (label: string) => summary.find((x) => x[0] === label)![1 + i]; // the columns: metric, the first, the second, its change
      expect(row("cycles")).toBe(commas(r.cycles!));
      expect(row("L1D misses")).toBe(commas(r.levels.find((l) => l.name === "l1d")!.misses.total));
    }
    expect(c.machines[0].cycles).not.toBe(c.machines[1].cycles);
    await chartsDrawn(page);
    await page.screenshot({ path: `${SHOTS}compare-trace.png`, fullPage: true });
  }, 60_000);

  it("shows a trace comparison's share of the file, machine by machine, and cancels it; the next one runs", async () => {
    // long enough that each machine's run spans several of the worker's progress reports (at most one per
    // 100 ms) on a fast machine too: 64 copies of the example trace (154 MB, about 0.5 s a machine here)
    const trace = gunzipSync(readFileSync(GZ));
    writeFileSync(LONG, trace);
    for (let k = 1; k < 64; k++) appendFileSync(LONG, trace);
    await web.open("?preset=default&vs=server-2024&run=trace");
    await page.setInputFiles("#trace-file", LONG);
    await page.click("#run");
    const seen = (re: string) => page.waitForFunction((re) => new RegExp(re).test(document.getElementById("progress-detail")?.textContent ?? ""),
      re, { timeout: 30_000, polling: 20 });
    await seen("long\\.lackey on machine 1 of 2: default, [1-9]\\d?% of the file");
    const first = await page.evaluate(() => (document.getElementById("progress") as HTMLProgressElement).value);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(0.5); // the bar is both machines' runs: the first fills its first half
    await seen("machine 2 of 2: server-2024, [1-9]\\d?% of the file");
    expect(await page.evaluate(() => (document.getElementById("progress") as HTMLProgressElement).value)).toBeGreaterThan(0.5);
    await page.keyboard.press("Escape");
    expect(await waitForRun(page)).toMatch(/^cancelled/);
    await page.setInputFiles("#trace-file", GZ);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const c = cliComparison([GZ, "--machine", "default", "--machine", "server-2024"]);
    expect((await tableRows(page, "Side by side")).slice(1)).toEqual(comparisonTables(c).summary.rows);
    await chartsDrawn(page);
  }, 90_000);

  it("compares two machines on an example script with memsim py's options, as memsim compare SCRIPT.py does", async () => {
    await web.open("?preset=default&vs=desktop-2020&run=python&example=cycles&profile=3.12&gc-threshold=300&bytecode-cycles=2");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const c = cliComparison([`${ROOT}examples/python/cycles.py`, "--python", "3.12", "--gc-threshold", "300", "--bytecode-cycles", "2",
      "-m", "default", "-m", "desktop-2020"]);
    const { summary, breakdown: parts } = await expectCliTables(page, c);
    expect(parts.slice(1).map((r) => r[0])).toEqual(["interpreter", "alloc", "free", "refcount", "gc"]);
    expect(summary.find((r) => r[0] === "cycles")!.slice(1, 3)).toEqual(c.machines.map((m) => commas(m.script!.cycles)));
    expect(await page.textContent("#cmp-stdout")).toBe(c.script!.stdout);
    expect(await page.textContent("#comparison")).toContain("The script's output (5 lines) is the same on every machine.");
    expect(await page.textContent("#cmp-heading")).toContain("cycles.py --python 3.12 --gc-threshold 300 --bytecode-cycles 2 on 2 machines");
    await chartsDrawn(page);
    const stacked = await page.$$eval("#comparison figure[data-chart=breakdown] table tbody tr", (rows) => rows.map((r) => r.firstElementChild!.textContent));
    expect(stacked).toEqual(["default", "desktop-2020"]);
    await page.screenshot({ path: `${SHOTS}compare-python.png`, fullPage: true });
  }, 60_000);

  it("compares the same machine with itself (labelled A and B)", async () => {
    await web.open("?preset=default&vs=default&run=random&accesses=5000");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const summary = await tableRows(page, "Side by side");
    expect(summary[0]).toEqual(["", "A", "B", "change"]);
    expect(summary.find((r) => r[0] === "cycles")!.slice(3)).toEqual(["="]);
    await chartsDrawn(page);
    await web.open("?preset=default&vs=desktop-2020&run=trace"); // no file opened yet
    await page.click("#run");
    expect(await page.textContent("#status")).toMatch(/Open a trace file first/);
  }, 40_000);

  it("shows progress per machine and cancels a long comparison with Escape; the next one runs", async () => {
    await web.open("?preset=default&vs=desktop-2020&vs3=server-2024&run=pointer-chase&size=64M&iterations=16");
    await page.click("#run");
    expect(await page.textContent("#status")).toMatch(/^Comparing the 3 machines on pointer-chase/);
    await page.waitForFunction(() => /machine 1 of 3: default/.test(document.getElementById("progress-detail")?.textContent ?? ""), null, { timeout: 10_000 });
    expect(await page.isVisible("#progress")).toBe(true);
    expect(await page.getAttribute("#progress", "value")).toBe("0"); // a determinate bar: machines done of 3
    await page.keyboard.press("Escape");
    expect(await waitForRun(page)).toMatch(/^cancelled/);
    await page.fill("#param-size", "1M");
    await page.fill("#param-iterations", "1");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expect(await page.$("#comparison")).not.toBeNull();
    await chartsDrawn(page);
  }, 60_000);

  it("sweeps a grid around the machine on a kernel, as memsim sweep --html does: its tables, curves, heat map and the memory mountain", async () => {
    await web.open("?preset=default&cpi=0.5&run=matmul&n=24&sweep-l1d=4K..16K&sweep-assoc=1,2,3");
    expect(await page.isVisible("#sweep-l1d")).toBe(true); // the panel opens when the URL has a grid
    expect(await page.inputValue("#sweep-assoc")).toBe("1,2,3");
    await page.click("#sweep-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    // The CLI's HTML report holds its summary and the base machine's memory mountain as data.
    const html = join(dir, "sweep.html");
    const cli = memsim(["sweep", "matmul", "--n", "24", "--cpi", "0.5", "--l1d", "4K..16K", "--assoc", "1,2,3", "--json", "--jobs", "1", "--html", html]);
    expect(cli.status, cli.stderr).toBe(0);
    const data = JSON.parse(/<script type="application\/json" id="memsim-data">(.*?)<\/script>/s.exec(readFileSync(html, "utf8"))![1]) as { summary: SweepSummary; mountain: MountainPoint[] };
    expect(data.summary.best).toEqual((JSON.parse(cli.stdout) as SweepSummary).best);
    expect(data.mountain.length).toBeGreaterThan(20);
    const want = sweepHtml(data.summary, data.mountain);
    expect(await page.textContent("#sweep-heading")).toBe(want.subtitle);
    // Every section's table, and every chart's numbers, cell for cell.
    const shown = await page.$$eval("#sweep table", (tables) => tables.map((t) => ({
      caption: t.querySelector("caption")?.textContent ?? "",
      rows: [...t.querySelectorAll("tr")].map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")),
    })));
    const expected = want.sections.flatMap((s) => [
      ...(s.table ? [{ caption: s.title, rows: [s.table.header, ...s.table.rows].map((r) => r.map(String)) }] : []),
      ...(s.charts ?? []).map((c) => {
        const t = chartNumbers(c);
        return { caption: `${c.title}${c.subtitle ? ` (${c.subtitle})` : ""}: the numbers`, rows: [t.header, ...t.rows].map((r) => r.map(String)) };
      }),
    ]);
    expect(shown).toEqual(expected);
    expect(expected.map((t) => t.caption)).toContain("Skipped configurations"); // 3 ways: 4K and 16K have no whole number of sets
    const best = shown.find((t) => t.caption === "Best configuration per workload")!.rows[1];
    expect(best[0]).toBe("matmul");
    expect(expected.map((t) => t.caption)).toContain("Cycles per load: the numbers"); // the memory mountain
    // The curves, the heat map, the Pareto front and the mountain, drawn as SVG.
    await page.waitForFunction(() => document.querySelectorAll("#sweep .chart[data-drawn]").length === 4, null, { timeout: 10_000 });
    expect(await page.$$eval("#sweep .chart svg", (svgs) => svgs.length)).toBe(4);
    await page.screenshot({ path: `${SHOTS}sweep.png`, fullPage: true });
  }, 60_000);

  it("sweeps a grid on a trace file opened with the picker, as memsim sweep FILE does", async () => {
    await web.open("?preset=desktop-2020&run=trace&sweep-l2=256K..1M");
    await page.setInputFiles("#trace-file", GZ);
    await page.click("#sweep-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const cli = spawnSync(process.execPath, [`${ROOT}bin/memsim.js`, "sweep", "matmul.lackey.gz", "--preset", "desktop-2020", "--l2", "256K..1M", "--json", "--jobs", "1"],
      { cwd: `${ROOT}examples/traces`, encoding: "utf8" });
    expect(cli.status, cli.stderr).toBe(0);
    const want = sweepHtml(JSON.parse(cli.stdout) as SweepSummary, []).sections[0].table!;
    const best = await page.$$eval("#sweep table", (tables) => [...tables[0].querySelectorAll("tr")].map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent)));
    expect(best).toEqual([want.header, ...want.rows].map((r) => r.map(String)));
    expect(best[1][0]).toBe("matmul.lackey.gz");
  }, 60_000);

  it("refuses a bad grid naming memsim sweep's option, and a sweep of a Python script; the URL holds the grid", async () => {
    await web.open("?preset=default&run=matmul&n=24");
    expect(await page.isVisible("#sweep-l1d")).toBe(false); // folded
    await page.click("#sweep-panel summary");
    await page.fill("#sweep-assoc", "1,two");
    await page.press("#sweep-assoc", "Tab");
    expect(await page.textContent("#sweep-error")).toBe("--assoc: 'two' is not an associativity (a whole number of ways, at least 1)");
    await page.click("#sweep-run");
    expect(await page.textContent("#status")).toMatch(/^Fix the sweep's grid first: --assoc: 'two'/);
    await page.fill("#sweep-assoc", "");
    await page.press("#sweep-assoc", "Tab");
    await page.click("#sweep-run");
    expect(await page.textContent("#status")).toMatch(/^Fix the sweep's grid first: the grid is empty/);
    // A grid past the page's limit is refused before anything runs, saying what to do.
    await page.fill("#sweep-l1d", "1K..1G");
    await page.fill("#sweep-assoc", "1..1024");
    await page.fill("#sweep-line", "4..4096");
    await page.fill("#sweep-policy", "lru,fifo,random,plru,mru");
    await page.press("#sweep-policy", "Tab");
    await page.click("#sweep-run");
    expect(await waitForRun(page)).toMatch(/^error: The run failed: the grid has 12,705 points, more than the page runs \(10,000\): narrow it, or run memsim sweep, which takes --yes$/);
    for (const axis of ["l1d", "assoc", "line", "policy"]) await page.fill(`#sweep-${axis}`, "");
    await page.fill("#sweep-l2", "128K..512K");
    await page.press("#sweep-l2", "Tab");
    expect(new URL(page.url()).searchParams.get("sweep-l2")).toBe("128K..512K");
    await page.check("#kind-python");
    await page.click("#sweep-run");
    expect(await page.textContent("#status")).toMatch(/^A sweep runs a synthetic kernel or a trace file/);
  }, 30_000);

  it("fits a phone's width (390 px), charts included", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await web.open("?preset=default&vs=server-2024&run=stencil");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    await chartsDrawn(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const widest = await page.$$eval(".chart svg", (svgs) => Math.max(...svgs.map((s) => s.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}compare-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 40_000);

  it("the heap view shows what each gc.collect() of cycles.py found unreachable: CPython's counts, marked the step before", async () => {
    const source = readFileSync(`${ROOT}examples/python/cycles.py`, "utf8");
    const cpython = spawnSync("python3", [`${ROOT}examples/python/cycles.py`], { encoding: "utf8" });
    const counts = [/self-referencing list: (\d+)/, /two instances referencing each other: (\d+)/].map((re) => Number(re.exec(cpython.stdout)![1]));
    expect(counts).toEqual([1, 2]);
    const core = loadCore();
    applyMachine(core, defaultMachine());
    const rec = recordHeapView(core, source, "cycles.py");
    const ks = rec.steps.flatMap((s, i) => (s.unreachableFound ? [i] : []));
    expect(ks.slice(0, 2).map((k) => rec.steps[k].unreachableFound)).toEqual(counts);

    await web.open("?run=python&example=cycles");
    await page.click("#heapview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    await page.focus("#heapview");
    const hex = (n: number) => `0x${n.toString(16)}`;
    let at = 0;
    for (const [j, k] of ks.slice(0, 2).entries()) {
      for (; at < k - 1; at++) await page.keyboard.press("ArrowRight");
      // the step before: the objects still there, marked as what the next collection finds
      const doomed = await page.$$eval(".hv-obj.doomed", (els) => els.map((e) => (e as HTMLElement).dataset.address));
      const there = new Set(rec.steps[k - 1].nodes.map((n) => n.address));
      expect(doomed.sort()).toEqual(rec.steps[k].unreachable.filter((u) => there.has(u.address)).map((u) => hex(u.address)).sort());
      expect(doomed.length).toBe(counts[j]);
      expect(await page.textContent("#hv-current")).toMatch(/unreachable: the next step's collection frees them/);
      if (j === 1) await page.screenshot({ path: `${SHOTS}heapview-unreachable-before.png`, fullPage: true });
      await page.keyboard.press("ArrowRight");
      at++;
      // its step: the set, listed with the count CPython's gc.collect() returns
      expect(await page.textContent("#hv-found-title")).toContain(`found ${counts[j]} object(s) unreachable`);
      const listed = await page.$$eval("#hv-found li", (els) => els.map((e) => (e as HTMLElement).dataset.address));
      expect(listed).toEqual(rec.steps[k].unreachable.map((u) => hex(u.address)));
      expect(await page.$$eval(".hv-obj.doomed", (els) => els.length)).toBe(0);
    }
    await page.screenshot({ path: `${SHOTS}heapview-unreachable.png`, fullPage: true });
  }, 60_000);

  it("the heap view draws an arrow from each reference link to its object's box, and again after a resize", async () => {
    await web.open("?run=python&example=cycles");
    await page.click("#heapview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    await page.focus("#heapview");
    for (let i = 0; i < 23; i++) await page.keyboard.press("ArrowRight"); // step 24: a and b, deleted, still hold each other
    expect(await page.$$eval(".hv-obj[data-type=Pair]", (els) => els.length)).toBe(2);
    /** Every link whose object has a box has one arrow, from the link's right end to a side of that box (within 1.5 px). */
    const layoutProblems = () => page.evaluate(() => {
      const view = document.getElementById("hv-objects")!;
      const svg = view.querySelector("svg.hv-arrows") as SVGSVGElement | null;
      if (!svg) return ["no arrow layer"];
      const links = [...view.querySelectorAll<HTMLAnchorElement>("a.hv-ref")].filter((a) => document.getElementById(a.getAttribute("href")!.slice(1)));
      const arrows = [...svg.querySelectorAll<SVGPathElement>("path.hv-arrow")];
      const problems: string[] = [];
      if (arrows.length !== links.length || links.length === 0) problems.push(`${arrows.length} arrows for ${links.length} links`);
      const o = svg.getBoundingClientRect();
      arrows.forEach((p, i) => {
        const link = links[i]?.getBoundingClientRect();
        const box = document.getElementById(p.dataset.to!)!.getBoundingClientRect();
        const a = p.getPointAtLength(0), b = p.getPointAtLength(p.getTotalLength());
        const near = (u: number, v: number) => Math.abs(u - v) <= 1.5;
        if (!link || !near(o.left + a.x, Math.min(link.right, o.right - 1)) || !near(o.top + a.y, link.top + link.height / 2)) problems.push(`arrow ${i} does not start at its link`);
        if (!(near(o.left + b.x, box.left) || near(o.left + b.x, box.right)) || o.top + b.y < box.top || o.top + b.y > box.bottom) problems.push(`arrow ${i} does not end on ${p.dataset.to}`);
      });
      return problems;
    });
    expect(await layoutProblems()).toEqual([]);
    // the two Pairs' partner references: an arrow each way between their boxes
    const between = await page.$$eval("#hv-objects path.hv-arrow", (ps) => ps.map((p) => `${(p as SVGPathElement).dataset.from}>${(p as SVGPathElement).dataset.to}`));
    const pairs = await page.$$eval(".hv-obj[data-type=Pair]", (els) => els.map((e) => e.id));
    expect(between).toContain(`${pairs[0]}>${pairs[1]}`);
    expect(between).toContain(`${pairs[1]}>${pairs[0]}`);
    // the links are still there for the keyboard, and the arrows hidden from screen readers
    expect(await page.$eval("svg.hv-arrows", (s) => s.getAttribute("aria-hidden"))).toBe("true");
    await page.screenshot({ path: `${SHOTS}heapview-arrows.png`, fullPage: true });
    // a phone's width wraps the boxes anew: the arrows follow
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.getElementById("hv-objects")!.getBoundingClientRect().width < 390);
    await expect.poll(layoutProblems, { timeout: 5_000 }).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}heapview-arrows-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    // and each step draws its own
    await page.keyboard.press("ArrowRight");
    await expect.poll(layoutProblems, { timeout: 5_000 }).toEqual([]);
  }, 60_000);

  it("logged no errors and asked no other origin", () => {
    const origin = new URL(web.url).origin;
    expect(web.requests.filter((r) => !r.startsWith("data:") && new URL(r).origin !== origin)).toEqual([]);
    expect(web.requests.some((r) => /\/charts-\w+\.js$/.test(r))).toBe(true); // the charts' chunk, loaded on demand
    expect(web.problems).toEqual([]);
  });
});
