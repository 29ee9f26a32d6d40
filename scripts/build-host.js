// Bundle the TypeScript host into dist/ with esbuild (Node ESM, dependencies kept external).
import { build } from "esbuild";

await build({
  entryPoints: { cli: "host/cli.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
