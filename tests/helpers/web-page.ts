// The playground (web/, docs/web.md) in headless Chromium, as every browser test of the page sets it
// up: build web/dist with `node scripts/web.js --build-only`, serve it on 127.0.0.1, open a page
// that records console errors and warnings, failed requests and every URL it asks for; and what the
// tests read back from the page.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { expect } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "./chromium.js";
import { ROOT } from "./run.js";
import { startServer } from "../../examples/runtimes/browser/serve.mjs";
import type { TraceReport } from "../../host/report/trace-report.js";

export const SHOTS = `${ROOT}test-results/web/`;
export const hasChromium = existsSync(CHROMIUM);

export interface Playground {
  server: Server;
  url: string;
  browser: Browser;
  page: Page;
  /** Console errors and warnings, page errors, failed requests. */
  problems: string[];
  /** Every URL the page asked for. */
  requests: string[];
}

/** Build and serve the page, launch Chromium and open a tab that logs into `problems` and `requests`. */
export async function startPlayground(problems: string[] = [], requests: string[] = []): Promise<Playground> {
  execFileSync(process.execPath, ["scripts/web.js", "--build-only"], { cwd: ROOT, stdio: "pipe" });
  mkdirSync(SHOTS, { recursive: true });
  const { server, url } = await startServer(`${ROOT}web/dist`, 0);
  const browser = await launchChromium(30_000);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return { server, url, browser, page, problems, requests };
}

export async function stopPlayground(p: Partial<Playground>): Promise<void> {
  await p.browser?.close().catch(() => {});
  if (p.server) await new Promise((r) => p.server!.close(r));
}

/** Load the page at `search` and wait until the worker has compiled memsim.wasm. */
export async function openAt(page: Page, url: string, search = ""): Promise<void> {
  await page.goto(`${url}${search}`);
  await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "ready", null, { timeout: 20_000 });
}

/** Wait for the run to end; its status as "state: text". */
export async function waitForRun(p: Page, timeout = 30_000): Promise<string> {
  await p.waitForFunction(() => {
    const s = document.getElementById("status")?.dataset.state;
    return s === "done" || s === "error" || s === "cancelled";
  }, null, { timeout, polling: 50 });
  return p.$eval("#status", (el) => `${(el as HTMLElement).dataset.state}: ${el.textContent}`);
}

/** The values of the page's fields, by id. */
export async function fieldValues(page: Page, ids: string[]): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await page.inputValue(`#${id}`)])));
}

export const number = (text: string | null) => Number((text ?? "").replace(/,/g, "").trim());

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
