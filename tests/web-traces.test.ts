// Trace files and the whole machine in the playground (docs/web.md "Trace files", "Machine").
// Trace files: a Lackey, Dinero or memsim binary
// trace, gzip included, opened from disk (file picker or drag and drop), streamed in the worker
// and reported exactly as `memsim trace FILE --json` reports it; a malformed line shows the CLI's
// message; Cancel stops a long replay; the cache view steps through the trace's first references.
// The machine: a URL with memsim run's and memsim py's option names gives the CLI's numbers.
// In Node: the Blob source (Blob.stream() + DecompressionStream) gives the CLI's report, and the
// cache view's first references are those an independent Lackey reader in this file finds.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync, rmSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./helpers/chromium.js";
import { ROOT, memsim } from "./helpers/run.js";
import { SHOTS, hasChromium, webPageForTests, waitForRun, shown, expectSame, number, fieldValues } from "./helpers/web-page.js";
import { loadCore } from "../host/core-node.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { openBlob } from "../host/trace/blob-source.js";
import { replay } from "../host/trace/replay.js";
import { buildReport, type TraceReport } from "../host/report/trace-report.js";
import { traceRefs, KIND_NAMES, type Ref } from "../web/src/cacheview-run.js";

if (!hasChromium) console.warn(`tests/web-traces.test.ts: skipped: ${CHROMIUM} is missing (npm run setup:test-tools installs it)`);

const GZ = `${ROOT}examples/traces/matmul.lackey.gz`;
const dir = mkdtempSync(join(tmpdir(), "memsim-web-traces-"));
const LACKEY = join(dir, "matmul.lackey");
const BINARY = join(dir, "matmul.bin");
const BAD = join(dir, "bad.lackey");
const BIG = join(dir, "big.lackey");
const text = gunzipSync(readFileSync(GZ));
writeFileSync(LACKEY, text);
const lines = text.toString("latin1").split("\n");
// Line 40 of a valid trace made invalid (a load without its size).
writeFileSync(BAD, [...lines.slice(0, 39), " L 0401000", ...lines.slice(40, 60)].join("\n"));

/** `memsim trace FILE --json ARGS`, run where the file is, so it names the file as the page does (by its name). */
/** `memsim trace FILE ARGS`'s error (exit 2), as the page shows it: without "memsim: ", the file by its `name`. */
function cliError(file: string, name: string, args: string[] = []): string {
  const r = memsim(["trace", file, ...args]);
  expect(r.status).toBe(2);
  return r.stderr.trim().replace(/^memsim: /, "").replace(file, name);
}

function cli(file: string, args: string[] = []): TraceReport {
  const r = memsim(["trace", file, "--json", ...args]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

/** The oracle for the first references: Lackey's lines read here, independently of the core's parser. */
function lackeyRefs(n: number): Ref[] {
  const kinds: Record<string, number> = { I: 0, L: 1, S: 2, M: 3 };
  const refs: Ref[] = [];
  let data = 0;
  for (const line of lines) {
    const m = /^(I| L| S| M) +([0-9a-f]+),(\d+)$/.exec(line);
    if (!m) continue;
    const kind = kinds[m[1].trim()];
    refs.push([parseInt(m[2], 16), Number(m[3]), kind]);
    if (kind !== 0 && ++data === n) break;
  }
  return refs;
}

/** CLI options as the page's query string: the same names, the same values. */
function urlOf(args: string[]): string {
  const q = new URLSearchParams();
  for (let i = 0; i < args.length; i += 2) q.set(args[i].slice(2), args[i + 1]);
  return q.toString().replace(/%2C/gi, ",");
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trace files from a Blob (Node)", () => {
  it("replays a gzip, a plain Lackey and a binary trace as memsim trace does", async () => {
    expect(memsim(["convert", LACKEY, BINARY]).status).toBe(0);
    for (const file of [GZ, LACKEY, BINARY]) {
      const core = loadCore();
      const machine = defaultMachine();
      applyMachine(core, machine);
      const source = await openBlob(new Blob([readFileSync(file)]), file);
      const seen: number[] = [];
      const result = await replay(core, source, "auto", (n) => seen.push(n));
      expect(buildReport(core, machine, file, result.format)).toEqual(cli(file));
      expect(seen.at(-1), file).toBe(readFileSync(file).length); // progress reaches the whole file
    }
  });

  it("reads a trace's first references as an independent Lackey reader does, from text, gzip and binary", async () => {
    const want = lackeyRefs(300);
    for (const file of [GZ, LACKEY, BINARY]) {
      const core = loadCore();
      const got = await traceRefs(core, await openBlob(new Blob([readFileSync(file)]), file), 300);
      expect(got.format, file).toBe(file === BINARY ? "binary" : "lackey");
      expect(got.refs, file).toEqual(want);
    }
  });

  it("names a truncated gzip file", async () => {
    const core = loadCore();
    applyMachine(core, defaultMachine());
    const gz = readFileSync(GZ);
    const source = await openBlob(new Blob([gz.subarray(0, gz.length >> 1)]), "cut.lackey.gz");
    await expect(replay(core, source, "auto")).rejects.toThrow(/^cut\.lackey\.gz: cannot read the trace: the gzip data is truncated or corrupt/);
  });
});

describe.skipIf(!hasChromium)("trace files in the playground (Chromium)", () => {
  const web = webPageForTests();
  const open = (search: string) => web.open(search);
  let page: Page;
  beforeAll(() => {
    page = web.page;
  });

  /** Drop `file` on the page as a user would (a drop event carrying it). */
  async function drop(file: string, name: string): Promise<void> {
    const base64 = readFileSync(file).toString("base64");
    await page.evaluate(([data, fileName]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], fileName));
      document.body.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [base64, name] as const);
  }

  it("opens examples/traces/matmul.lackey.gz with the file picker and shows memsim trace --json's numbers", async () => {
    await open("?preset=desktop-2020&run=trace");
    expect(await page.isChecked("#kind-trace")).toBe(true);
    await page.setInputFiles("#trace-file", GZ);
    expect(await page.textContent("#trace-chosen")).toMatch(/^matmul\.lackey\.gz, /);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expectSame(await shown(page), cli(GZ, ["--preset", "desktop-2020"]));
    expect(await page.textContent("#results-body h3")).toMatch(/^matmul\.lackey\.gz on desktop-2020/);
    await page.screenshot({ path: `${SHOTS}trace.png`, fullPage: true });
  }, 60_000);

  it("opens a dropped plain Lackey trace and a binary one, on an edited machine", async () => {
    await open("?preset=default&l1d=8K,2,64,fifo&run=sequential");
    await drop(LACKEY, "matmul.lackey");
    expect(await page.isChecked("#kind-trace")).toBe(true); // a drop switches to trace files
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expectSame(await shown(page), cli(LACKEY, ["--l1d", "8K,2,64,fifo"]));
    expect(page.url()).toContain("run=trace");
    await page.setInputFiles("#trace-file", BINARY);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expectSame(await shown(page), cli(BINARY, ["--l1d", "8K,2,64,fifo"]));
  }, 60_000);

  it("shows the CLI's message for a malformed line", async () => {
    await open("?run=trace");
    await page.setInputFiles("#trace-file", BAD);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^error/);
    const message = cliError(BAD, "bad.lackey");
    expect(message).toMatch(/^bad\.lackey:40: /);
    expect(await page.textContent("#run-error")).toBe(message);
  }, 30_000);

  it("reads the trace in the format the URL names (format=), as memsim trace --format does", async () => {
    await open("?run=trace&format=din");
    expect(await page.inputValue("#trace-format")).toBe("din");
    await page.setInputFiles("#trace-file", GZ);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^error/);
    const message = cliError(GZ, "matmul.lackey.gz", ["--format", "din"]);
    expect(message).toMatch(/^matmul\.lackey\.gz:1: not a valid Dinero din line/);
    expect(await page.textContent("#run-error")).toBe(message);
    // Named right, the numbers are memsim trace --format lackey's; detected again, the URL drops the key.
    await page.selectOption("#trace-format", "lackey");
    expect(page.url()).toContain("format=lackey");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expectSame(await shown(page), cli(GZ, ["--format", "lackey"]));
    await page.selectOption("#trace-format", "");
    expect(page.url()).not.toContain("format=");
  }, 60_000);

  it("shows the share of a long trace read, and Cancel stops it", async () => {
    writeFileSync(BIG, "");
    for (let i = 0; i < 60; i++) appendFileSync(BIG, text);
    await open("?run=trace");
    await page.setInputFiles("#trace-file", BIG);
    await page.click("#run");
    await page.waitForFunction(() => {
      const bar = document.getElementById("progress") as HTMLProgressElement;
      return bar.position > 0 && bar.position < 1;
    }, null, { timeout: 30_000, polling: 20 });
    expect(await page.textContent("#progress-detail")).toMatch(/\d+% of the file/);
    await page.click("#cancel");
    expect(await waitForRun(page)).toMatch(/^cancelled/);
    await page.setInputFiles("#trace-file", LACKEY); // the fresh worker runs the next one
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expectSame(await shown(page), cli(LACKEY));
  }, 90_000);

  it("steps through the first N references of a trace, N from the URL", async () => {
    await open("?preset=default&run=trace&steps=25");
    expect(await page.inputValue("#cv-steps")).toBe("25");
    await page.setInputFiles("#trace-file", GZ);
    await page.click("#cacheview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const rows = await page.$$eval("#cv-accesses tbody tr", (trs) => trs.map((tr) => [tr.querySelector("code")!.textContent, tr.children[2].textContent]));
    const want = lackeyRefs(25).filter((r) => r[2] !== 0).map((r) => [`0x${r[0].toString(16)}`, KIND_NAMES[r[2]]]);
    expect(rows).toEqual(want);
    await page.fill("#cv-steps", "30");
    await page.dispatchEvent("#cv-steps", "change");
    expect(page.url()).toContain("steps=30");
    await page.screenshot({ path: `${SHOTS}trace-cacheview.png`, fullPage: true });
  }, 30_000);

  it("with fetches too, steps through every reference of a trace, the fetches' L1i shown; the URL holds the choice", async () => {
    await open("?preset=default&run=trace&steps=25");
    await page.check("#cv-fetches");
    expect(new URL(page.url()).searchParams.get("fetches")).toBe("1");
    await page.setInputFiles("#trace-file", GZ);
    await page.click("#cacheview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const rows = await page.$$eval("#cv-accesses tbody tr", (trs) => trs.map((tr) => [tr.querySelector("code")!.textContent, tr.children[2].textContent]));
    expect(rows).toEqual(lackeyRefs(25).slice(0, 25).map((r) => [`0x${r[0].toString(16)}`, KIND_NAMES[r[2]]])); // the file's first 25 records, read apart
    expect(await page.$$eval("table.cv-grid", (tables) => tables.map((t) => t.getAttribute("data-level")))).toEqual(["l1i", "l1d", "l2"]);
    expect(await page.textContent("#cacheview")).toContain("The first 25 references of matmul.lackey.gz, instruction fetches and data alike");
    await open("?preset=default&run=python&example=rebinding&fetches=1&steps=10");
    expect(await page.isChecked("#cv-fetches")).toBe(true);
    await page.click("#cacheview-run");
    expect(await waitForRun(page)).toMatch(/^done/);
    expect(await page.textContent("#cv-skipped")).toMatch(/^Not shown: the L1i \(the heap's references are all data accesses/);
  }, 40_000);

  it("takes the rest of the machine from the URL (L1i, L3, latencies, write policies, DRAM, clock) and gives memsim run's numbers", async () => {
    const machine = ["--preset", "desktop-2020", "--l1i", "16K,4,64,lru,lat=2", "--l2", "512K,8,64,plru,wt,nwa", "--l3", "4M,16,64,inclusive,lat=30",
      "--dram", "ddr4-2400", "--dram-page", "closed", "--core-mhz", "2000", "--cpi", "0.5"];
    await open(`?${urlOf(machine)}&run=matmul&n=24`);
    const want = { "l1i-size": "16K", "l1i-lat": "2", "l2-write": "wt", "l2-allocate": "nwa", "l3-size": "4M", "l3-inclusion": "inclusive", "opt-dram": "ddr4-2400", "opt-cpi": "0.5" };
    expect(await fieldValues(page, Object.keys(want))).toEqual(want);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const r = memsim(["run", "matmul", "--n", "24", ...machine, "--json"]);
    expect(r.stderr).toBe("");
    expectSame(await shown(page), JSON.parse(r.stdout));
    // Editing a field rewrites the URL with the CLI's spec; an option the CLI refuses is refused with its message.
    await page.fill("#l3-lat", "44");
    await page.press("#l3-lat", "Tab");
    expect(new URL(page.url()).searchParams.get("l3")).toBe("4M,16,64,lru,inclusive,lat=44");
    await page.fill("#opt-mem-latency", "80");
    await page.press("#opt-mem-latency", "Tab");
    const refused = memsim(["run", "matmul", ...machine, "--mem-latency", "80"]);
    expect(refused.status).toBe(2);
    expect(await page.textContent("#machine-error")).toBe(refused.stderr.trim().replace(/^memsim: /, ""));
  }, 40_000);

  it("takes virtual memory and the storage device from the URL and gives memsim run's page faults", async () => {
    const machine = ["--preset", "default", "--l3", "none", "--ram", "1M", "--storage", "hdd-7200", "--page-size", "8K", "--page-policy", "clock", "--fault-ns", "500"];
    await open(`?${urlOf(machine)}&run=random&size=4M&accesses=20000`);
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const report = JSON.parse(memsim(["run", "random", "--size", "4M", "--accesses", "20000", ...machine, "--json"]).stdout);
    expect(report.pageFaults.minor).toBeGreaterThan(0);
    expectSame(await shown(page), report);
  }, 40_000);

  it("runs a script with memsim py's --bytecode-cycles, --heap-limit and --gc-threshold from the URL", async () => {
    const options = ["--bytecode-cycles", "3", "--heap-limit", "64M", "--gc-threshold", "100"];
    await open(`?preset=default&run=python&example=cycles&${urlOf(options)}`);
    expect(await page.inputValue("#py-gc-threshold")).toBe("100");
    await page.click("#run");
    expect(await waitForRun(page)).toMatch(/^done/);
    const r = memsim(["py", `${ROOT}examples/python/cycles.py`, ...options, "--json"]);
    const json = JSON.parse(r.stderr);
    // A script's run shows its memory side (its cycles are the per-line report's, in the summary sentence).
    const got = await shown(page);
    expect(number(got.memoryCycles)).toBe(json.run.memoryCycles);
    expect(got.amat).toBe(json.run.amat.toFixed(2));
    for (const l of json.run.levels as TraceReport["levels"]) expect(number(got.levels[l.name].misses), l.name).toBe(l.misses.total);
    expect(await page.$$eval("#gc-timeline [data-collection]", (bars) => bars.length)).toBe(json.collections.length);
    expect(await page.textContent("#py-summary")).toBe(json.summary.sentence);
  }, 60_000);

  it("fits a phone's width with the trace panel and every machine field shown", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await open("?preset=server-2024&run=trace&ram=64M");
      expect(await page.isVisible("#opt-fault-ns")).toBe(true); // the options are unfolded when the URL sets one
      await page.setInputFiles("#trace-file", GZ);
      await page.click("#run");
      expect(await waitForRun(page)).toMatch(/^done/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${SHOTS}trace-phone.png`, fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 30_000);

  it("logged no errors and asked no other origin", () => {
    const origin = new URL(web.url).origin;
    expect(web.requests.filter((r) => !r.startsWith("data:") && new URL(r).origin !== origin)).toEqual([]);
    expect(web.problems).toEqual([]);
  });
});
