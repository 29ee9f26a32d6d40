// Debian's Chromium (/usr/bin/chromium, installed by scripts/install-test-tools.sh),
// launched headless through playwright-core the same way by every browser test.

import { chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** A headless Chromium with no network of its own (Playwright adds --headless and a fresh, empty --user-data-dir). */
export function launchChromium(timeout: number) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    timeout,
  });
}

/** The console errors and warnings and the uncaught errors of `page`, as they come. */
export function recordProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return problems;
}
