import { defineConfig } from "vitest/config";

// Tests that spawn the CLI take seconds; on a loaded 2-core machine the
// default 5 s per test is too tight to mean anything but load.
export default defineConfig({ test: { testTimeout: 30_000 } });
