// Debian's Chromium (/usr/bin/chromium, installed by scripts/install-test-tools.sh),
// launched headless through playwright-core the same way by every browser test.

import { chromium } from "playwright-core";

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
