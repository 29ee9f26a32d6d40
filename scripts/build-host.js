// Bundle the TypeScript host with esbuild:
//   dist/cli.js             the memsim command (Node ESM, dependencies external)
//   dist/sweep-worker.js    memsim sweep's worker thread
//   dist/memsim.js          the library for Node: import { Machine } from "memsim"
//   dist/memsim.browser.js  the library for browsers, one file with the Wasm module embedded
//   dist/charts.js          ECharts and the page script of the HTML reports, inlined into each page (host/report/html.ts)
// and emit the library's type declarations into dist/types (tsc, tsconfig.lib.json).
import { build } from "esbuild";
import { nodeStubs } from "./esbuild-node-stubs.js";
import { execFileSync } from "node:child_process";

const common = { bundle: true, format: "esm", sourcemap: true, logLevel: "warning" };

await build({
  ...common,
  // sweep-worker: memsim sweep's worker thread (piscina loads it next to cli.js)
  entryPoints: { cli: "host/cli.ts", memsim: "host/index.ts", "sweep-worker": "host/sweep/worker.ts" },
  outdir: "dist",
  platform: "node",
  target: "node20",
  packages: "external",
});


await build({
  ...common,
  entryPoints: { "memsim.browser": "host/browser.ts" },
  outdir: "dist",
  platform: "browser",
  target: "es2022",
  loader: { ".wasm": "binary" },
  plugins: [nodeStubs],
});

// The HTML reports' charts: one minified script, read by host/report/html.ts at run time and
// inlined into every page (no source map: the page stands alone).
await build({
  entryPoints: { charts: "host/report/html/page.ts" },
  outdir: "dist",
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  logLevel: "warning",
});

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.lib.json"], { stdio: "inherit" });
