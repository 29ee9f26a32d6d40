// memsim as a library for browsers (and any other runtime without a file
// system): `import { Machine } from "memsim/browser"`. esbuild embeds
// build/memsim.wasm in the bundle (dist/memsim.browser.js), so nothing is fetched.

import wasm from "../build/memsim.wasm";
import { setCoreLoader } from "./api.js";
import { Core } from "./core.js";

let compiled: WebAssembly.Module | undefined;
setCoreLoader(() => Core.fromModule((compiled ??= new WebAssembly.Module(wasm))));

export { Machine, type AccessKind, type MachineConfig, type TraceReport } from "./api.js";
export { PRESETS, PRESET_NAMES } from "./config/presets.js";
export { WORKLOADS } from "./workloads/workloads.js";
export { Core, CoreError, ABI_VERSION } from "./core.js";
