// The playground (web/, docs/web.md) in headless Chromium, for the browser test files
// (tests/web*.test.ts): build the page into a directory of the file's own (files run in parallel),
// serve it on 127.0.0.1, open one page that records console errors and warnings, failed requests
// and every URL requested; and what the tests read back from the page.

import { beforeAll, afterAll, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium, recordProblems } from "./chromium.js";
import { startServer } from "../../examples/runtimes/browser/serve.mjs";
import { ROOT } from "./run.js";
import type { TraceReport } from "../../host/report/trace-report.js";

export const SHOTS = `${ROOT}test-results/web/`;
export const hasChromium = existsSync(CHROMIUM);

export interface WebPage {
  page: Page;
  url: string;
  /** Console errors and warnings, page errors, failed requests. */
  problems: string[];
  /** Every URL the page asked for. */
  requests: string[];
  /** Open the page with `search` and wait for the worker to be ready. */
  open(search?: string): Promise<void>;
  close(): Promise<void>;
}

export async function openWebPage(): Promise<WebPage> {
  const dist = mkdtempSync(join(tmpdir(), "memsim-web-"));
  execFileSync(process.execPath, ["scripts/web.js", "--build-only", "--out", dist], { cwd: ROOT, stdio: "pipe" });
  mkdirSync(SHOTS, { recursive: true });
  const { server, url } = (await startServer(dist, 0)) as { server: Server; url: string };
  let browser: Browser;
  try {
    browser = await launchChromium(30_000);
  } catch (err) {
    server.close();
    throw err;
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = recordProblems(page);
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return {
    page, url, problems, requests,
    async open(search = "") {
      await page.goto(`${url}${search}`);
      await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "ready", null, { timeout: 20_000 });
    },
    async close() {
      await browser.close().catch(() => {});
      await new Promise((r) => server.close(r));
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/**
 * The page for a test file's tests: opened before them, closed after (registers beforeAll and
 * afterAll). Its fields are there once the first test runs.
 */
export function webPageForTests(): WebPage {
  const web = {} as WebPage;
  beforeAll(async () => {
    Object.assign(web, await openWebPage());
  }, 60_000);
  afterAll(async () => {
    await web.close?.();
  });
  return web;
}

/** Wait for the run to end; "done: ...", "error: ..." or "cancelled: ...". */
export async function waitForRun(p: Page, timeout = 30_000): Promise<string> {
  await p.waitForFunction(() => {
    const s = document.getElementById("status")?.dataset.state;
    return s === "done" || s === "error" || s === "cancelled";
  }, null, { timeout, polling: 50 });
  return p.$eval("#status", (el) => `${(el as HTMLElement).dataset.state}: ${el.textContent}`);
}

/** "1,234" as 1234. */
export const number = (text: string | null) => Number((text ?? "").replace(/,/g, "").trim());

/** The values of the page's fields, by id. */
export async function fieldValues(page: Page, ids: string[]): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await page.inputValue(`#${id}`)])));
}

/** What the page shows for a generic-mode run: cycles, AMAT, accesses and misses per level. */
export async function shown(p: Page) {
  return p.evaluate(() => {
    const text = (sel: string) => document.querySelector(sel)?.textContent ?? "";
    const levels: Record<string, { accesses: string; misses: string }> = {};
    for (const row of document.querySelectorAll<HTMLElement>(".report tr[data-level]")) {
      levels[row.dataset.level!] = { accesses: row.querySelector(".accesses")!.textContent!, misses: row.querySelector(".misses")!.textContent! };
    }
    return { cycles: text("#r-cycles"), memoryCycles: text("#r-memory-cycles"), amat: text("#r-amat"), levels };
  });
}

/** The page's numbers are the report's. */
export function expectSame(got: Awaited<ReturnType<typeof shown>>, r: TraceReport): void {
  expect(number(got.cycles)).toBe(r.cycles);
  expect(number(got.memoryCycles)).toBe(r.memoryCycles);
  expect(got.amat).toBe(r.amat!.toFixed(2));
  expect(Object.keys(got.levels)).toEqual(r.levels.map((l) => l.name));
  for (const l of r.levels) {
    expect(number(got.levels[l.name].accesses), `${l.name} accesses`).toBe(l.accesses.total);
    expect(number(got.levels[l.name].misses), `${l.name} misses`).toBe(l.misses.total);
  }
}
