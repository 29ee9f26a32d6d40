// An esbuild plugin for browser bundles: in a browser there is no file
// system, so the Node modules the shared host code imports (files, sysfs for
// the `host` preset) become stubs that fail with a clear message if ever
// called. Used by scripts/build-host.js (the library's browser bundle) and
// scripts/web.js (the playground).
export const nodeStubs = {
  name: "node-stubs",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "node-stub" }));
    b.onLoad({ filter: /.*/, namespace: "node-stub" }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, name) => () => { throw new Error("memsim in a browser: ${args.path} " + String(name) + " is not available"); } });`,
      loader: "js",
    }));
  },
};
