// Same cycles everywhere: the conformance scenario (examples/runtimes/scenario.mjs) in every
// runtime memsim.wasm is meant for, byte for byte against Node (docs/runtimes.md).
//
//   Node           examples/runtimes/node.mjs, plain WebAssembly.instantiate
//   Node + loader  examples/runtimes/loader.mjs, @assemblyscript/loader (deprecated upstream)
//   Deno           examples/runtimes/deno.mjs, node_modules/.bin/deno (npm package `deno`)
//   Bun            examples/runtimes/bun.mjs, node_modules/.bin/bun (npm package `bun`)
//   Chromium       examples/runtimes/browser/, served on 127.0.0.1, /usr/bin/chromium via playwright-core
//   wabt           examples/runtimes/wabt.mjs: a generated .wast run by spectest-interp
//
// Every runtime here is required: one that is missing fails its test and says how to install it
// (npm install; npm run setup:test-tools). All of them start at once, in beforeAll, and each test
// awaits its own; a run never rejects, it resolves to what happened.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { CHROMIUM, launchChromium } from "./helpers/chromium.js";
import {
  FULL, runScenario, scenarioSteps, describeResult, counterNames, snapshotBytes, toHex,
  type ScenarioExports,
} from "../examples/runtimes/scenario.mjs";
import { startServer } from "../examples/runtimes/browser/serve.mjs";
import { ROOT } from "./helpers/run.js";

const WASM = `${ROOT}build/memsim.wasm`;
const SPECTEST = "/usr/bin/spectest-interp";
const DENO = `${ROOT}node_modules/.bin/deno`;
const BUN = `${ROOT}node_modules/.bin/bun`;
const SETUP_HINT = "run `npm install` (deno, bun, playwright-core) and `npm run setup:test-tools` (chromium, wabt)";
const TIMEOUT = 180_000;

interface Run {
  ok: boolean;
  /** The result bytes as hex (the `stats-hex` line, or the page's #stats-hex). */
  hex?: string;
  /** Everything worth showing when it fails. */
  log: string;
  ms: number;
}

/** Run a command; resolves (never rejects) with its exit, output and the stats-hex line. */
function runCommand(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const t0 = performance.now();
  if (cmd.startsWith("/") && !existsSync(cmd)) {
    return Promise.resolve({ ok: false, log: `${cmd} is missing: ${SETUP_HINT}`, ms: 0 });
  }
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: TIMEOUT - 10_000,
    });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const done = (code: number | null, error?: Error) => {
      const hex = /^stats-hex ([0-9a-f]+)$/m.exec(stdout)?.[1];
      const shown = stdout.replace(/^stats-hex .*$/m, "stats-hex …");
      const log = `$ ${cmd} ${args.join(" ")}\nexit ${code}${error ? ` (${error.message})` : ""}\n${shown}${stderr}`;
      resolve({ ok: code === 0 && !error, hex, log, ms: performance.now() - t0 });
    };
    child.on("error", (e) => done(null, e));
    child.on("close", (code) => done(code));
  });
}

/** Serve the checkout, open the browser example in Chromium, read the result bytes off the page. */
async function runChromium(): Promise<Run> {
  const t0 = performance.now();
  if (!existsSync(CHROMIUM)) return { ok: false, log: `${CHROMIUM} is missing: ${SETUP_HINT}`, ms: 0 };
  const log: string[] = [];
  const { server, url } = await startServer(ROOT, 0);
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    browser = await launchChromium(60_000);
    log.push(`chromium ${browser.version()}`);
    const page = await browser.newPage();
    page.on("console", (m) => log.push(`console.${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => log.push(`page error: ${e.message}`));
    await page.goto(`${url}examples/runtimes/browser/`);
    await page.waitForFunction(() => {
      const state = document.getElementById("status")?.dataset.state;
      return state === "done" || state === "error";
    }, null, { timeout: TIMEOUT - 30_000, polling: 100 });
    const status = await page.$eval("#status", (el) => `${(el as HTMLElement).dataset.state}: ${el.textContent}`);
    const hex = (await page.$eval("#stats-hex", (el) => el.textContent ?? "")).trim();
    const sha = await page.$eval("#sha256", (el) => el.textContent ?? "");
    const rows = await page.$$eval("#tables td", (cells) => cells.length);
    log.push(status, `sha256 ${sha}`, `${rows} table cells`);
    return { ok: status.startsWith("done") && rows > 0, hex, log: log.join("\n"), ms: performance.now() - t0 };
  } catch (e) {
    log.push(`failed: ${(e as Error).message}`);
    return { ok: false, log: log.join("\n"), ms: performance.now() - t0 };
  } finally {
    await browser?.close().catch(() => {});
    await new Promise((r) => server.close(r));
  }
}

// ---------------------------------------------------------------- the reference: Node, in-process

let reference: Uint8Array;
let names: string[];
let snapshotSize: number;
const labels = scenarioSteps(FULL).filter((s) => s.op === "snapshot").map((s) => (s as { label: string }).label);

async function freshExports(): Promise<ScenarioExports> {
  const { instance } = await WebAssembly.instantiate(readFileSync(WASM), {});
  return instance.exports as unknown as ScenarioExports;
}

/** Where two results first differ, by phase and counter name. */
function firstDifference(hex: string): string {
  const got = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  if (got.length !== reference.length) return `${got.length} bytes, Node has ${reference.length}`;
  const i = got.findIndex((b, k) => b !== reference[k]);
  if (i < 0) return "identical";
  const snap = Math.floor(i / snapshotSize), within = i % snapshotSize, counter = Math.floor(within / 8);
  const what = counter < names.length ? names[counter] : "memoryClock";
  const read = (b: Uint8Array) => {
    const v = new DataView(b.buffer, b.byteOffset + snap * snapshotSize + counter * 8, 8);
    return counter < names.length ? v.getBigUint64(0, true).toString() : String(v.getFloat64(0, true));
  };
  return `first difference in "${labels[snap]}", ${what}: ${read(got)}, Node ${read(reference)}`;
}

const runs: Record<string, Promise<Run>> = {};

beforeAll(async () => {
  // Start every runtime first (they run while Node computes the reference) ...
  const quiet = { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", DO_NOT_TRACK: "1" };
  runs.node = runCommand(process.execPath, ["examples/runtimes/node.mjs", "--hex"]);
  runs.loader = runCommand(process.execPath, ["examples/runtimes/loader.mjs", "--hex"]);
  // --cached-only and --no-install: neither may download anything.
  runs.deno = runCommand(DENO, ["run", "--cached-only", "--allow-read", "examples/runtimes/deno.mjs", "--hex"], quiet);
  runs.bun = runCommand(BUN, ["--no-install", "examples/runtimes/bun.mjs", "--hex"], quiet);
  runs.chromium = runChromium();
  runs.wabt = existsSync(SPECTEST)
    ? runCommand(process.execPath, ["examples/runtimes/wabt.mjs"])
    : Promise.resolve({ ok: false, log: `${SPECTEST} is missing: ${SETUP_HINT}`, ms: 0 });
  // ... then the reference, in this process.
  const m = await freshExports();
  reference = runScenario(m, FULL);
  names = counterNames(m);
  snapshotSize = snapshotBytes(m);
}, TIMEOUT);

afterAll(async () => {
  await Promise.all(Object.values(runs)); // leave no child or browser behind
}, TIMEOUT);

describe("the conformance scenario in Node (the reference)", () => {
  it("exercises the trace, the DRAM timing model, the workloads and cachegrind mode", async () => {
    const m = await freshExports();
    const snaps = describeResult(m, reference, scenarioSteps(FULL));
    expect(snaps.map((s) => s.label)).toEqual(labels);
    const [trace, , , , last, cg] = snaps;
    expect(trace.counters.records).toBe(1048576n);
    expect(trace.counters.flushes).toBeGreaterThan(0n);
    for (const c of ["rowHits", "rowEmpty", "rowConflicts", "refreshes", "dramWaitCycles"]) {
      expect(trace.counters[c], c).toBeGreaterThan(0n);
    }
    expect(trace.memoryClock).toBeGreaterThan(0);
    expect(last.counters.records).toBeGreaterThan(2n * 1048576n); // the workloads ran
    expect(last.memoryClock).toBeGreaterThan(trace.memoryClock);
    expect(cg.counters["l1i.accessI"]).toBe(trace.counters.instructions); // same trace, Ir = instructions
    expect(cg.counters["l2.missR"]).toBeGreaterThan(0n);
    expect(cg.memoryClock).toBe(0); // cachegrind mode has no clock
  });

  it("is deterministic: a second instance, and one simulate() call for the whole trace, give the same bytes", async () => {
    expect(toHex(runScenario(await freshExports(), FULL))).toBe(toHex(reference));
    const oneChunk = runScenario(await freshExports(), { ...FULL, chunkRecords: FULL.traceRecords });
    expect(firstDifference(toHex(oneChunk))).toBe("identical");
  }, 60_000);
});

describe("same bytes in every runtime", () => {
  const cases: [string, string][] = [
    ["node", "Node, plain WebAssembly (examples/runtimes/node.mjs)"],
    ["loader", "Node, @assemblyscript/loader (examples/runtimes/loader.mjs)"],
    ["deno", "Deno, from the npm package (examples/runtimes/deno.mjs)"],
    ["bun", "Bun, from the npm package (examples/runtimes/bun.mjs)"],
    ["chromium", "Chromium via playwright-core (examples/runtimes/browser/)"],
  ];
  for (const [key, title] of cases) {
    it(title, async () => {
      const r = await runs[key];
      expect(r.ok, r.log).toBe(true);
      expect(r.hex, r.log).toBeDefined();
      const diff = firstDifference(r.hex!);
      expect(diff, r.log).toBe("identical");
    }, TIMEOUT);
  }

  it("wabt's spectest-interp passes every assertion of the generated .wast (examples/runtimes/wabt.mjs)", async () => {
    const r = await runs.wabt;
    expect(r.ok, r.log).toBe(true);
    const m = /^(\d+)\/(\d+) tests passed\.$/m.exec(r.log);
    expect(m, r.log).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    const asserted = Number(/(\d+) assertions/.exec(r.log)?.[1]);
    expect(asserted).toBeGreaterThan(1000); // every counter of every snapshot, and every call's result
    expect(Number(m![2])).toBeGreaterThanOrEqual(asserted);
  }, TIMEOUT);
});
