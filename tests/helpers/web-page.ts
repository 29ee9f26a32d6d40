// The playground in headless Chromium, for the browser test files (tests/web*.test.ts): build the
// page into a directory of the file's own (files run in parallel), serve it on 127.0.0.1, open one
// page that records console errors and warnings, failed requests and every URL requested.

import { beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { launchChromium, recordProblems } from "./chromium.js";
import { startServer } from "../../examples/runtimes/browser/serve.mjs";
import { ROOT } from "./run.js";

export const SHOTS = `${ROOT}test-results/web/`;

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
