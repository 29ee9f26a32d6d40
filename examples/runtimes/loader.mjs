// memsim.wasm in Node through @assemblyscript/loader.
//
//   node examples/runtimes/loader.mjs [--small] [--hex]
//
// The loader is what AssemblyScript's design card shows, but it is deprecated upstream since
// AssemblyScript 0.20 and memsim does not need it: the module imports nothing (the loader's
// env.abort/trace/seed imports go unused), exports no AssemblyScript runtime (__new, __pin...)
// and passes only numbers, so the loader's string and array helpers have nothing to do.
// Prefer plain WebAssembly (node.mjs). This example shows that the loader's instance behaves
// exactly the same: same calls, same bytes.
import { readFile } from "node:fs/promises";
import loader from "@assemblyscript/loader";
import { runScenario, formatReport, FULL, SMALL } from "./scenario.mjs";

const args = process.argv.slice(2);
const options = args.includes("--small") ? SMALL : FULL;

const bytes = await readFile(new URL("../../build/memsim.wasm", import.meta.url));
const { exports } = await loader.instantiate(bytes, {});
const t0 = performance.now();
const result = runScenario(exports, options);
const ms = performance.now() - t0;
console.log(await formatReport(`Node ${process.version} (@assemblyscript/loader)`, exports, result, options, ms,
  { hex: args.includes("--hex") }));
