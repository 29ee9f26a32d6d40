// memsim as a library for Node: `import { Machine } from "memsim"`.
// The module is read from build/memsim.wasm next to the package.

import { setCoreLoader } from "./api.js";
import { loadCore } from "./core-node.js";

setCoreLoader(loadCore);

export { Machine, type AccessKind, type MachineConfig, type TraceReport } from "./api.js";
export { PRESETS, PRESET_NAMES } from "./config/presets.js";
export { WORKLOADS } from "./workloads/workloads.js";
export { Core, CoreError, ABI_VERSION } from "./core.js";
