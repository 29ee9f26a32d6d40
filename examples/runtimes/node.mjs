// memsim.wasm in Node with nothing but WebAssembly.instantiate (the recommended way).
//
//   node examples/runtimes/node.mjs [--small] [--hex]
//
// Runs the conformance scenario (scenario.mjs) and prints a few counters per phase and the
// SHA-256 of the result bytes; --hex also prints every byte (the stats block after each phase
// and memoryClock()), --small runs the small scenario. Needs build/memsim.wasm (npm run build).
import { readFile } from "node:fs/promises";
import { runScenario, formatReport, FULL, SMALL } from "./scenario.mjs";

const args = process.argv.slice(2);
const options = args.includes("--small") ? SMALL : FULL;

const bytes = await readFile(new URL("../../build/memsim.wasm", import.meta.url));
const { instance } = await WebAssembly.instantiate(bytes, {}); // no imports
const t0 = performance.now();
const result = runScenario(instance.exports, options);
const ms = performance.now() - t0;
console.log(await formatReport(`Node ${process.version} (plain WebAssembly)`, instance.exports, result, options, ms,
  { hex: args.includes("--hex") }));
