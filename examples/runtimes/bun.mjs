// memsim.wasm in Bun (JavaScriptCore), with plain WebAssembly.
//
//   bun examples/runtimes/bun.mjs [--small] [--hex]
//
// (From a memsim checkout: node_modules/.bin/bun is the binary of the `bun` npm package,
// a devDependency.)
import { runScenario, formatReport, FULL, SMALL } from "./scenario.mjs";

const args = Bun.argv.slice(2);
const options = args.includes("--small") ? SMALL : FULL;

const bytes = await Bun.file(new URL("../../build/memsim.wasm", import.meta.url)).arrayBuffer();
const { instance } = await WebAssembly.instantiate(bytes, {}); // no imports
const t0 = performance.now();
const result = runScenario(instance.exports, options);
const ms = performance.now() - t0;
console.log(await formatReport(`Bun ${Bun.version} (JavaScriptCore)`, instance.exports, result, options, ms,
  { hex: args.includes("--hex") }));
