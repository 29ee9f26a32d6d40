// A tiny static file server for the browser example (and tests/runtimes.test.ts): serves a
// memsim checkout on 127.0.0.1, nothing else.
//
//   node examples/runtimes/browser/serve.mjs [port]     (default 8080; 0 picks a free port)
//   then open http://127.0.0.1:PORT/examples/runtimes/browser/
//
// Any static server works (the page needs .mjs served as JavaScript and the repository root as
// the document root); this one needs nothing but Node.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".md": "text/plain; charset=utf-8",
};

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** Serve `root` on 127.0.0.1:`port` (0: any free port). Resolves to { server, url }. */
export function startServer(root = ROOT, port = 0) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const requested = new URL(req.url ?? "/", "http://localhost");
      const path = decodeURIComponent(requested.pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      if ((await stat(file)).isDirectory()) {
        if (!path.endsWith("/")) {
          res.writeHead(301, { location: requested.pathname + "/" + requested.search }).end();
          return;
        }
        file = join(file, "index.html");
      }
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${address.port}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer(ROOT, Number(process.argv[2] ?? 8080));
  console.log(`serving ${ROOT} at ${url}`);
  console.log(`open ${url}examples/runtimes/browser/ (add ?small for the small scenario); Ctrl-C stops`);
}
