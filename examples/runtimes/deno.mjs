// memsim.wasm in Deno, with plain WebAssembly.
//
//   deno run --allow-read examples/runtimes/deno.mjs [--small] [--hex]
//
// (From a memsim checkout: node_modules/.bin/deno is the binary of the `deno` npm package,
// a devDependency. Reading build/memsim.wasm needs --allow-read; nothing else is needed, and
// --allow-read=build/memsim.wasm narrows it to that file when run from the checkout.)
import { runScenario, formatReport, FULL, SMALL } from "./scenario.mjs";

const options = Deno.args.includes("--small") ? SMALL : FULL;

const bytes = await Deno.readFile(new URL("../../build/memsim.wasm", import.meta.url));
const { instance } = await WebAssembly.instantiate(bytes, {}); // no imports
const t0 = performance.now();
const result = runScenario(instance.exports, options);
const ms = performance.now() - t0;
console.log(await formatReport(`Deno ${Deno.version.deno} (V8 ${Deno.version.v8})`, instance.exports, result, options, ms,
  { hex: Deno.args.includes("--hex") }));
