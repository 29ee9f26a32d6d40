// The memsim playground (docs/web.md): build web/ into web/dist/ with esbuild and serve it.
//
//   node scripts/web.js                 build, then serve web/dist on http://127.0.0.1:8000/
//   node scripts/web.js --port 0        any free port
//   node scripts/web.js --build-only    build and exit
//   node scripts/web.js --build-only --out DIR   build into DIR instead (each browser test file its own)
//
// web/dist/ is a static folder: index.html, style.css, main.js (the page), worker.js (the runs, in a
// Web Worker) and memsim.wasm (build/memsim.wasm, copied). It makes no request beyond its own origin
// and works from any static server that serves .wasm as application/wasm (or as anything: the worker
// compiles the bytes itself). Opening index.html as a file:// URL does not work (module workers need HTTP).
import { build } from "esbuild";
import { nodeStubs } from "./esbuild-node-stubs.js";
import { createServer } from "node:http";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEB = join(ROOT, "web");
const OUT = join(WEB, "dist");
const WASM = join(ROOT, "build", "memsim.wasm");
const EXAMPLES = join(ROOT, "examples", "python");


// The talk's examples (examples/python/*.py), bundled as text: import examples from "virtual:python-examples".
const pythonExamples = {
  name: "python-examples",
  setup(b) {
    b.onResolve({ filter: /^virtual:python-examples$/ }, () => ({ path: "python-examples", namespace: "python-examples" }));
    b.onLoad({ filter: /.*/, namespace: "python-examples" }, () => {
      const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".py")).sort();
      const entries = files.map((f) => [f.slice(0, -3), readFileSync(join(EXAMPLES, f), "utf8")]);
      return { contents: `export default ${JSON.stringify(Object.fromEntries(entries))};`, loader: "js", watchFiles: files.map((f) => join(EXAMPLES, f)) };
    });
  },
};

/** Build the page into `out` (default web/dist). */
export async function buildWeb(out = OUT) {
  if (!existsSync(WASM)) throw new Error(`${WASM} is missing: run npm run build:wasm (or npm install) first`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: { main: join(WEB, "src", "main.ts"), worker: join(WEB, "src", "worker.ts") },
    outdir: out,
    bundle: true,
    format: "esm",
    splitting: true, // the comparison's charts (web/src/charts.ts, mostly ECharts) load only when drawn
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
    plugins: [nodeStubs, pythonExamples],
  });
  copyFileSync(join(WEB, "index.html"), join(out, "index.html"));
  copyFileSync(join(WEB, "style.css"), join(out, "style.css"));
  copyFileSync(WASM, join(out, "memsim.wasm"));
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".wasm": "application/wasm",
};

/** Serve `dir` on 127.0.0.1:`port` (0: any free port); resolves to { server, url }. */
export function serve(dir = OUT, port = 8000) {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) return void res.writeHead(403).end("forbidden");
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--port");
  const port = at >= 0 ? Number(args[at + 1]) : 8000;
  if (at >= 0 && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    console.error(`--port must be a port number, not '${args[at + 1]}'`);
    process.exit(2);
  }
  const outAt = args.indexOf("--out");
  if (outAt >= 0 && !args[outAt + 1]) {
    console.error("--out needs a directory");
    process.exit(2);
  }
  const out = await buildWeb(outAt >= 0 ? resolve(args[outAt + 1]) : OUT);
  console.log(`built ${out}`);
  if (!args.includes("--build-only")) {
    const { url } = await serve(out, port);
    console.log(`the memsim playground: ${url} (Ctrl-C stops)`);
  }
}
