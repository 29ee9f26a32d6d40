// Module images by hand (docs/python.md, "The module image") and a typed
// wrapper over the interpreter's exports (assembly/python/abi.ts), until
// host/core.ts declares them. The assembler writes exactly the documented
// format, so the core can be tested without the front end (host/python/).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Core, type CoreExports } from "../../host/core.js";
import { applyMachine, defaultMachine } from "../../host/config/machine.js";

/** CPython 3.11 opcode numbers (opcode.opmap) of the subset. */
export const OP = {
  POP_TOP: 1, PUSH_NULL: 2, NOP: 9, UNARY_POSITIVE: 10, UNARY_NEGATIVE: 11, UNARY_NOT: 12, UNARY_INVERT: 15,
  BINARY_SUBSCR: 25, STORE_SUBSCR: 60, DELETE_SUBSCR: 61, GET_ITER: 68, GET_YIELD_FROM_ITER: 69, LOAD_BUILD_CLASS: 71, LIST_TO_TUPLE: 82,
  RETURN_VALUE: 83, STORE_NAME: 90, DELETE_NAME: 91, UNPACK_SEQUENCE: 92, FOR_ITER: 93, STORE_ATTR: 95, DELETE_ATTR: 96,
  STORE_GLOBAL: 97, DELETE_GLOBAL: 98, SWAP: 99, LOAD_CONST: 100, LOAD_NAME: 101, BUILD_TUPLE: 102, BUILD_LIST: 103,
  BUILD_SET: 104, BUILD_MAP: 105, LOAD_ATTR: 106, COMPARE_OP: 107, IMPORT_NAME: 108, JUMP_FORWARD: 110,
  JUMP_IF_FALSE_OR_POP: 111, JUMP_IF_TRUE_OR_POP: 112, POP_JUMP_FORWARD_IF_FALSE: 114, POP_JUMP_FORWARD_IF_TRUE: 115,
  LOAD_GLOBAL: 116, IS_OP: 117, CONTAINS_OP: 118, COPY: 120, BINARY_OP: 122, SEND: 123, LOAD_FAST: 124, STORE_FAST: 125,
  DELETE_FAST: 126, POP_JUMP_FORWARD_IF_NOT_NONE: 128, POP_JUMP_FORWARD_IF_NONE: 129, MAKE_FUNCTION: 132, BUILD_SLICE: 133,
  JUMP_BACKWARD_NO_INTERRUPT: 134,
  JUMP_BACKWARD: 140, LIST_APPEND: 145, SET_ADD: 146, MAP_ADD: 147, FORMAT_VALUE: 155, BUILD_CONST_KEY_MAP: 156,
  BUILD_STRING: 157, LOAD_METHOD: 160, LIST_EXTEND: 162, CALL: 171, KW_NAMES: 172, POP_JUMP_BACKWARD_IF_FALSE: 175,
  POP_JUMP_BACKWARD_IF_TRUE: 176,
} as const;

export type Const =
  | null | boolean | bigint | string
  | { float: number } | { bytes: Uint8Array } | { code: number } | { ellipsis: true } | Const[];

export interface CodeSpec {
  name: string;
  qualname?: string;
  argcount?: number;
  flags?: number;
  firstlineno?: number;
  stacksize: number;
  consts?: Const[];
  names?: string[];
  varnames?: string[];
  /** [opcode, oparg, line] */
  code: [number, number, number][];
}

class Writer {
  private bytes: number[] = [];
  u8(v: number) { this.bytes.push(v & 0xff); }
  u32(v: number) { for (let i = 0; i < 4; i++) this.bytes.push((v >>> (8 * i)) & 0xff); }
  f64(v: number) { const b = new Uint8Array(new Float64Array([v]).buffer); this.bytes.push(...b); }
  str(s: string) { const b = new TextEncoder().encode(s); this.u32(b.length); this.bytes.push(...b); }
  raw(b: Uint8Array) { this.bytes.push(...b); }
  done(): Uint8Array { return Uint8Array.from(this.bytes); }
}

function writeConst(w: Writer, c: Const): void {
  if (c === null) w.u8(0);
  else if (c === false) w.u8(1);
  else if (c === true) w.u8(2);
  else if (typeof c === "bigint") {
    w.u8(4);
    let m = c < 0n ? -c : c;
    const digits: number[] = [];
    for (; m > 0n; m >>= 30n) digits.push(Number(m & 0x3fffffffn));
    w.u8(c < 0n ? 1 : 0);
    w.u32(digits.length);
    digits.forEach((d) => w.u32(d));
  } else if (typeof c === "string") { w.u8(6); w.str(c); }
  else if (Array.isArray(c)) { w.u8(8); w.u32(c.length); c.forEach((x) => writeConst(w, x)); }
  else if ("float" in c) { w.u8(5); w.f64(c.float); }
  else if ("bytes" in c) { w.u8(7); w.u32(c.bytes.length); w.raw(c.bytes); }
  else if ("code" in c) { w.u8(9); w.u32(c.code); }
  else { w.u8(3); }
}

/** A module image of code records (the last is the module's code). */
export function assemble(codes: CodeSpec[], filename = "test.py"): Uint8Array {
  const w = new Writer();
  w.u32(0x5950534d);
  w.u32(1);
  w.str(filename);
  w.u32(codes.length);
  for (const c of codes) {
    w.u32(c.argcount ?? 0); w.u32(0); w.u32(c.flags ?? 0); w.u32(c.firstlineno ?? 1); w.u32(c.stacksize);
    w.str(c.name); w.str(c.qualname ?? c.name);
    const consts = c.consts ?? [];
    w.u32(consts.length); consts.forEach((x) => writeConst(w, x));
    for (const names of [c.names ?? [], c.varnames ?? [], [], []]) { w.u32(names.length); names.forEach((n) => w.str(n)); }
    w.u32(c.code.length);
    c.code.forEach(([op, arg]) => w.u32(op | (arg << 8)));
    c.code.forEach(([, , line]) => w.u32(line));
  }
  return w.done();
}

/** The interpreter's exports (assembly/python/abi.ts): host/core.ts declares them with the rest of the ABI. */
export type PyExports = CoreExports;

const DEFAULT_WASM = fileURLToPath(new URL("../../build/memsim.wasm", import.meta.url));
let compiled: WebAssembly.Module | undefined;

/** The core (MEMSIM_PY_WASM overrides build/memsim.wasm), or undefined when it has no interpreter yet. */
export function loadPyCore(): { core: Core; py: PyExports } | undefined {
  if (!compiled) compiled = new WebAssembly.Module(readFileSync(process.env.MEMSIM_PY_WASM ?? DEFAULT_WASM));
  const core = Core.fromModule(compiled);
  const py = core.exports as unknown as PyExports;
  if (typeof py.pyLoad !== "function") return undefined;
  return { core, py };
}

export interface RunResult {
  stdout: string;
  status: number;
  /** "Type: message" of an escaped exception, else null. */
  error: string | null;
  /** The traceback's frames: [code name, line]. */
  frames: [string, number][];
  runs: number;
}

/** A fresh machine and heap, the image loaded and run to the end (draining the output as it fills). */
export function runImage(image: Uint8Array, opts: { heapMiB?: number; steps?: number; bytecodeCycles?: number } = {}): RunResult & { py: PyExports; core: Core } {
  const loaded = loadPyCore();
  if (!loaded) throw new Error("the core has no interpreter exports");
  const { core, py } = loaded;
  applyMachine(core, defaultMachine());
  core.check(py.heapInit((opts.heapMiB ?? 64) * 1048576, 0));
  new Uint8Array(py.memory.buffer, py.inputPtr(), image.length).set(image);
  const code = py.pyLoad(image.length);
  if (code < 0) throw new Error(`pyLoad: ${code} at ${py.pyErrorOffset()}`);
  core.check(py.pyStart(code));
  if (opts.bytecodeCycles) core.check(py.pySetBytecodeCycles(opts.bytecodeCycles));
  const chunks: Uint8Array[] = [];
  let status = 0, runs = 0;
  for (;;) {
    status = py.pyRun(opts.steps ?? 1e12);
    runs++;
    const n = py.pyOutputLength();
    chunks.push(new Uint8Array(py.memory.buffer, py.pyOutputPtr(), n).slice());
    py.pyOutputClear();
    if (status === 1 || status === 2) continue;
    break;
  }
  if (status < 0) throw new Error(`pyRun: ${status}`);
  const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) { all.set(c, o); o += c.length; }
  let error: string | null = null;
  const frames: [string, number][] = [];
  if (status === 3) {
    const n = py.pyExceptionInfo();
    const lines = new TextDecoder().decode(new Uint8Array(py.memory.buffer, py.batchPtr(), n)).split("\n").filter((l) => l !== "");
    error = lines[0];
    // "name line lasti record" per frame: the name and the line
    for (const l of lines.slice(1)) { const [, name, line] = /^(.*) (\d+) \d+ \d+$/.exec(l)!; frames.push([name, Number(line)]); }
  }
  return { stdout: new TextDecoder().decode(all), status, error, frames, runs, py, core };
}
