// The HTML reports (host/report/html.ts) in a real browser: headless Debian
// Chromium driven by playwright-core, as tests/runtimes.test.ts does. Two
// pages, opened from file:// with every other request refused: memsim
// compare --html (bars: speedup, stacked breakdown, grouped miss rates), and
// a page written through the API with the other chart kinds (miss-rate lines
// over size, one per associativity, on a log2 axis; a memory-mountain heat
// map). Each loads with no console error and no network request, draws the
// expected charts and series, and leaves a screenshot in tests/.output/.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { memsim, ROOT, loadCore } from "./helpers/run.js";
import { recordProblems } from "./helpers/chromium.js";
import { renderHtmlReport, writeHtmlReport, type DrawnChart, type LineSeries } from "../host/report/html.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { parseLevelSpec } from "../host/config/level.js";
import { runWorkload } from "../host/workloads/workloads.js";
import { buildReport } from "../host/report/trace-report.js";
import { mountain } from "../host/mountain/mountain.js";

const CHROMIUM = "/usr/bin/chromium";
const OUT = `${ROOT}tests/.output`;
const COMPARE_HTML = `${OUT}/compare.html`;
const GALLERY_HTML = `${OUT}/charts.html`;

interface Loaded {
  state: string;
  charts: DrawnChart[];
  /** Canvas size per chart id: drawn, not empty. */
  canvases: Record<string, number>;
  problems: string[];
  requests: string[];
  data: unknown;
}

let browser: Browser;

async function open(file: string, screenshot: string): Promise<Loaded> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = recordProblems(page);
  const requests: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => document.body.dataset.state !== "loading", null, { timeout: 10_000 });
  const loaded = await page.evaluate(() => {
    const canvases: Record<string, number> = {};
    for (const el of document.querySelectorAll<HTMLElement>(".chart")) {
      const c = el.querySelector("canvas");
      canvases[el.id] = c ? c.width * c.height : 0;
    }
    const data = document.getElementById("memsim-data")?.textContent;
    return { state: document.body.dataset.state ?? "", charts: window.__memsimCharts ?? [], canvases, data: data ? JSON.parse(data) : null };
  });
  await page.screenshot({ path: `${OUT}/${screenshot}`, fullPage: true });
  await page.close();
  return { ...loaded, problems, requests };
}

/** Miss rate of L1d against its size, one line per associativity: a sweep's curves, computed here. */
function missRateCurves(): LineSeries[] {
  const core = loadCore();
  return [1, 2, 8].map((assoc) => ({
    name: `${assoc}-way`,
    points: [4096, 8192, 16384, 32768, 65536].map((size): [number, number | null] => {
      const machine = defaultMachine();
      machine.levels.l1d = parseLevelSpec("--l1d", `${size},${assoc},64`)!;
      applyMachine(core, machine);
      runWorkload(core, "zipf", { size: "64K", accesses: 20000 });
      return [size, buildReport(core, machine, "zipf", "synthetic").levels.find((l) => l.name === "l1d")!.missRate];
    }),
  }));
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const r = memsim(["compare", "strided", "--size", "512K", "-m", "default", "-m", "desktop-2020", "-m", "slow:default+mem-latency=300",
    "--html", COMPARE_HTML]);
  expect(r.status, r.stderr).toBe(0);

  const sizes = [4096, 16384, 65536, 262144, 1 << 20];
  const strides = [8, 64, 512];
  const machine = defaultMachine();
  const points = mountain(loadCore(), machine, sizes, strides);
  writeHtmlReport(GALLERY_HTML, {
    title: "Line and heat-map charts",
    subtitle: "what memsim sweep draws",
    sections: [
      {
        title: "Miss-rate curves",
        text: ["Zipf loads over 64 KiB.", "A second paragraph, with <markup> & \"quotes\" shown as text."],
        charts: [{
          id: "curves", type: "line", title: "L1d miss rate against size", series: missRateCurves(),
          xLabel: "L1d size", xFormat: "size", xScale: "log2", yLabel: "miss rate", yFormat: "percent",
        }],
      },
      {
        title: "Memory mountain",
        table: { header: ["size", "stride", "cycles per load"], rows: points.map((p) => [p.size, p.stride, p.cyclesPerLoad.toFixed(1)]) },
        charts: [{
          id: "mountain", type: "heatmap", title: "Cycles per load", logColor: true,
          x: { label: "stride", values: strides, format: "size" },
          y: { label: "working set", values: sizes, format: "size" },
          cells: sizes.map((s) => strides.map((t) => points.find((p) => p.size === s && p.stride === t)!.cyclesPerLoad)),
          valueLabel: "cycles per load", valueFormat: "decimal",
        }, {
          id: "cycles-grid", type: "heatmap", title: "A grid with holes", height: 300,
          x: { label: "associativity", values: [1, 2, 4] }, y: { label: "size", values: [16384, 32768], format: "size" },
          cells: [[10, null, 8], [7, 6, null]], valueLabel: "cycles", valueFormat: "number",
        }],
      },
    ],
    data: { points },
  });
  // playwright-core is a library only: the browser is Debian's (npm run setup:test-tools installs it).
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run npm run setup:test-tools (apt-get install -y chromium)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright adds --headless and a fresh, empty --user-data-dir of its own.
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    timeout: 30_000,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Open `file` before the block's tests, and check it loads cleanly; returns the loaded page for the other tests. */
function openPage(file: string, screenshot: string): () => Loaded {
  let page: Loaded;
  beforeAll(async () => {
    page = await open(file, screenshot);
  }, 30_000);
  it("loads from file:// with no console error and no network request", () => {
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.state).toBe("ready");
  });
  return () => page;
}

describe("memsim compare --html in Chromium", () => {
  const loaded = openPage(COMPARE_HTML, "compare.png");

  it("draws the speedup, the stacked cycle breakdown and the miss rates, with the expected series", () => {
    const page = loaded();
    expect(page.charts.map((c) => [c.id, c.type])).toEqual([["speedup", "bar"], ["breakdown", "bar"], ["miss-rates", "bar"]]);
    expect(page.charts.every((c) => c.error === undefined)).toBe(true);
    const series = Object.fromEntries(page.charts.map((c) => [c.id, c.series]));
    expect(series.speedup).toEqual(["speedup"]);
    expect(series.breakdown).toEqual(["core (CPI)", "L2 stalls", "L3 stalls", "memory"]); // the parts above zero
    expect(series["miss-rates"]).toEqual(["default", "desktop-2020", "slow"]);
    for (const id of ["speedup", "breakdown", "miss-rates"]) expect(page.canvases[id], id).toBeGreaterThan(0);
  });

  it("embeds the comparison as JSON and holds everything it needs", () => {
    const page = loaded();
    const data = page.data as { machines: { name: string; speedup: number }[] };
    expect(data.machines.map((m) => m.name)).toEqual(["default", "desktop-2020", "slow"]);
    const html = readFileSync(COMPARE_HTML, "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)[^\s"')]*\.(js|css)/);
  });
});

describe("line and heat-map charts through the API, in Chromium", () => {
  const loaded = openPage(GALLERY_HTML, "charts.png");

  it("draws the miss-rate curves and the heat maps", () => {
    const page = loaded();
    expect(page.charts).toEqual([
      { id: "curves", type: "line", title: "L1d miss rate against size", series: ["1-way", "2-way", "8-way"] },
      { id: "mountain", type: "heatmap", title: "Cycles per load", series: ["cycles per load"] },
      { id: "cycles-grid", type: "heatmap", title: "A grid with holes", series: ["cycles"] },
    ]);
    for (const id of ["curves", "mountain", "cycles-grid"]) expect(page.canvases[id], id).toBeGreaterThan(0);
  });
});

describe("renderHtmlReport refuses what the page could not draw", () => {
  const report = (chart: object) => ({ title: "t", sections: [{ title: "s", charts: [chart as never] }] });
  it.each([
    [{ type: "bar", title: "b", categories: ["a", "b"], series: [{ name: "x", values: [1] }] }, "series x has 1 values for 2 categories"],
    [{ type: "bar", title: "b", categories: ["a"], series: [{ name: "x", values: [NaN] }] }, "series x[0] is NaN"],
    [{ type: "heatmap", title: "h", x: { values: [1] }, y: { values: [1, 2] }, cells: [[1]] }, "1 rows of cells for 2 y values"],
    [{ type: "heatmap", title: "h", logColor: true, x: { values: [1] }, y: { values: [1] }, cells: [[0]] }, "a logarithmic colour scale needs values above 0"],
    [{ type: "pie", title: "p" }, "unknown chart type pie"],
  ])("%#", (chart, message) => {
    expect(() => renderHtmlReport(report(chart))).toThrow(message);
  });

  it("repeated chart ids", () => {
    const bar = { type: "bar", id: "x", title: "b", categories: ["a"], series: [{ name: "s", values: [1] }] };
    expect(() => renderHtmlReport({ title: "t", sections: [{ title: "s", charts: [bar as never, bar as never] }] })).toThrow("two charts have the id x");
  });

  it("escapes text and keeps inlined JSON inside its script element", () => {
    const html = renderHtmlReport({ title: "<b>", sections: [{ title: "s", text: "a </script> b" }], data: { s: "</script><script>alert(1)</script>" } });
    expect(html).toContain("<title>&lt;b&gt;</title>");
    expect(html).toContain("<p>a &lt;/script&gt; b</p>");
    expect(html).toContain('"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"');
  });
});
