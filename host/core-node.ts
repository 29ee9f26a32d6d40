// Loading the module in Node: read build/memsim.wasm next to the package.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Core } from "./core.js";

export const WASM_PATH = fileURLToPath(new URL("../build/memsim.wasm", import.meta.url));

let compiled: WebAssembly.Module | undefined;

/** A fresh core instance (the compiled module is shared). */
export function loadCore(): Core {
  if (!compiled) {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(readFileSync(WASM_PATH));
    } catch {
      throw new Error(`${WASM_PATH} is missing: run npm run build`);
    }
    compiled = new WebAssembly.Module(bytes);
  }
  return Core.fromModule(compiled);
}
