// Running a Python script on the emulated heap: compile it in the host
// (host/python/index.ts), load the module image into the core, run the eval
// loop in steps, pass the script's stdout through unchanged, and turn an
// escaped exception into CPython's traceback (docs/python.md).

import type { Core } from "../core.js";
import { compileModule } from "./index.js";
import { codeRecordOrder } from "./image.js";
import { caretLine } from "./carets.js";
import type { CodeObject } from "./compiler.js";
import { drainGcLog, formatDebugStats, type GcCollection } from "./gclog.js";
import { unsupportedAtRunTime, REFUSAL_LINES } from "./unsupported.js";
import { PyUnsupported } from "./errors.js";

/** Bytecodes per pyRun call: the host drains output and checks the step limit between calls. */
const STEPS_PER_CALL = 1_000_000;

export interface PyRunOptions {
  /** The script's name in its code objects, tracebacks and syntax errors (co_filename; CPython's is the absolute path); default `filename`. */
  codeFilename?: string;
  /** Stop a runaway script after this many bytecodes. */
  maxSteps?: number;
  /** The emulated heap's limit in bytes (whole MiB): MemoryError beyond. */
  heapLimit?: number;
  /** The interpreter's own cycles per bytecode, added to the core clock. */
  bytecodeCycles?: number;
  /** Where the script's stdout goes, as it is produced. */
  write: (text: string) => void;
  /** Each collection of the cyclic GC, as it is logged (--gc-log). */
  onCollection?: (c: GcCollection) => void;
  /** Where the script's stderr goes (gc.set_debug(gc.DEBUG_STATS)'s lines, "Exception ignored in" reports), as it is produced. */
  writeErr?: (text: string) => void;
  /** The core clock for DEBUG_STATS's elapsed time (MHz; default 3000). */
  coreMHz?: number;
  /** The collector's thresholds before the script runs (the --python profile, --gc-threshold). */
  gcThresholds?: [number, number, number];
  /** Immortal objects (the 3.12 and 3.13 profiles). */
  immortal?: boolean;
  /** Whose object sizes: 11 (CPython 3.11's, the default) or 12 (3.12's; the 3.12 and 3.13 profiles). */
  objectLayouts?: number;
  /**
   * Keep the per-line table (default true): false spares the eval loop its bookkeeping (about a tenth of a
   * plain run's time) when nothing per line is wanted; the cycles are the same, but readLineTable then has
   * no rows and onCollection's collections no line (0).
   */
  lineAccounting?: boolean;
  /**
   * Run the interpreter's exit after the script (default true, as CPython: what the script left is freed
   * and its __del__ run, docs/python.md "Interpreter exit"); false leaves the heap as the script left it,
   * to inspect it.
   */
  exit?: boolean;
  /** Called when the script has ended (finished, or an exception escaped), before the interpreter's exit: the heap as the script left it. */
  beforeExit?: () => void;
  /** Bytecodes per pyRun call (default a million): the heap view steps one at a time. */
  stepsPerCall?: number;
  /**
   * After each pyRun call (its output and GC log drained): the next call's bytecodes, or undefined
   * to keep them; 0 ends an unfinished run there (exit code 4).
   */
  onCall?: () => number | undefined;
}

export interface PyRunOutcome {
  /** 0 success, 1 a Python exception or syntax error, 2 outside memsim's subset, 3 stopped by maxSteps, 4 stopped by onCall. */
  exitCode: number;
  /** What goes to stderr: a traceback, a SyntaxError, or memsim's message. */
  stderr: string;
  bytecodes: number;
}

/**
 * The most the core's machine state may hold before a run reserves its heap: pointers into linear memory must
 * stay below 2 GiB, where the ABI's i32 results turn negative in JavaScript.
 */
const STATE_LIMIT = 1.75 * 2 ** 30;

/**
 * Compile and run `source` on `core`, a machine configured for this run (applyMachine): each run reserves
 * its heap anew in the machine's memory, so a core reused run after run without being configured again
 * grows until this refuses it. Counters accumulate in the core's stats block.
 */
export function runPython(core: Core, source: string, filename: string, o: PyRunOptions): PyRunOutcome {
  const codeFilename = o.codeFilename ?? filename;
  const compiled = compileModule(source, codeFilename);
  if ("error" in compiled) {
    const e = compiled.error;
    return { exitCode: e.kind === "unsupported" ? 2 : 1, stderr: e.text, bytecodes: 0 };
  }
  const e = core.exports;
  const heapLimit = o.heapLimit ?? 256 << 20;
  if (e.stateBytes() + 3 * heapLimit > STATE_LIMIT) { // (a run reserves about 2.5 times its heap limit: arenas, mmap room, the runtime region)
    throw new Error(`runPython: the core already holds ${Math.round(e.stateBytes() / 2 ** 20)} MiB of earlier runs' heaps: ` +
      "configure its machine again (applyMachine) before each run");
  }
  core.check(e.heapInit(heapLimit, 0));
  if (o.immortal) core.check(e.heapSetImmortal(1));
  if (o.objectLayouts !== undefined) core.check(e.heapSetObjectLayouts(o.objectLayouts));
  if (compiled.image.length > e.inputCapacity()) {
    return { exitCode: 2, stderr: `memsim: ${filename} compiles to ${compiled.image.length} bytes, more than the core's input buffer holds\n`, bytecodes: 0 };
  }
  new Uint8Array(e.memory.buffer, e.inputPtr(), compiled.image.length).set(compiled.image);
  const code = core.check(e.pyLoad(compiled.image.length));
  // CPython's attribute names, so that an AttributeError memsim raises for one of them is never caught by the script
  new Uint8Array(e.memory.buffer, e.inputPtr(), REFUSAL_TABLE.length).set(REFUSAL_TABLE);
  core.check(e.pyRefusals(REFUSAL_TABLE.length));
  if (o.lineAccounting === false) core.check(e.pySetLineAccounting(0));
  core.check(e.pyStart(code));
  if (o.gcThresholds) core.check(e.pyGcSetThreshold(...o.gcThresholds));
  const codes = codeRecordOrder(compiled.code);
  const codeName = (r: number) => codes[r]?.qualname ?? "";
  let collections = 0;
  const drainLog = () => {
    for (const c of drainGcLog(core, codeName, collections + 1)) {
      collections++;
      o.onCollection?.(c);
      const stats = formatDebugStats(c, o.coreMHz ?? 3000);
      if (stats) o.writeErr?.(stats);
    }
  };
  if (o.bytecodeCycles !== undefined) core.check(e.pySetBytecodeCycles(o.bytecodeCycles));
  if (o.maxSteps !== undefined) core.check(e.pySetStepLimit(o.maxSteps));
  const decoder = new TextDecoder("utf-8");
  // (atExit: CPython's tracebacks then show no source lines: linecache is gone with the modules)
  const drain = (atExit = false) => {
    const n = e.pyOutputLength();
    if (n > 0) o.write(decoder.decode(new Uint8Array(e.memory.buffer, e.pyOutputPtr(), n), { stream: true }));
    e.pyOutputClear();
    const m = e.pyStderrLength();
    const text = m > 0 ? new TextDecoder("utf-8").decode(new Uint8Array(e.memory.buffer, e.pyStderrPtr(), m)) : "";
    const dropped = e.pyStderrClear();
    if (text !== "" && o.writeErr) o.writeErr(unraisableReports(text, atExit ? "" : source, codeFilename, codes));
    if (dropped > 0) o.writeErr?.(`memsim: ${dropped} more "Exception ignored in" report${dropped > 1 ? "s" : ""} dropped (the core's stderr buffer was full)\n`);
  };
  /** The run stopped at --max-steps (exit 3), after `stderr`. */
  const stopped = (stderr: string): PyRunOutcome => {
    const bytecodes = e.pyBytecodes();
    return { exitCode: 3, stderr: `${stderr}memsim: ${filename}: stopped after ${bytecodes} bytecodes (--max-steps ${o.maxSteps})\n`, bytecodes };
  };
  const limit = o.maxSteps ?? Infinity;
  let perCall = o.stepsPerCall ?? STEPS_PER_CALL;
  let status: number;
  for (;;) {
    const left = limit - e.pyBytecodes();
    if (left <= 0) {
      drain();
      drainLog();
      o.write(decoder.decode());
      return stopped("");
    }
    status = core.check(e.pyRun(Math.min(perCall, left)));
    drain();
    drainLog();
    const next = o.onCall?.();
    if (status !== 1 && status !== 2) break;
    if (next === 0) {
      o.write(decoder.decode());
      return { exitCode: 4, stderr: "", bytecodes: e.pyBytecodes() };
    }
    perCall = next ?? perCall;
  }
  let stderr = "";
  if (status === 3) {
    const exception = uncaught(core);
    // Python outside the subset, met at run time (host/python/unsupported.ts): refused as the check refuses, not a traceback.
    const construct = unsupportedAtRunTime(exception.last);
    const line = exception.frames.at(-1)?.line ?? 0;
    if (construct !== undefined) {
      o.write(decoder.decode());
      return { exitCode: 2, stderr: `${new PyUnsupported(construct, line).message}\n`, bytecodes: e.pyBytecodes() };
    }
    stderr = traceback(exception, source, codeFilename, codes);
  }
  // The interpreter's exit: the script's objects freed, their __del__ run (what they print comes after the script's output)
  o.beforeExit?.();
  const exit = o.exit === false ? 0 : core.check(e.pyFinalize());
  drain(true);
  drainLog();
  o.write(decoder.decode());
  const bytecodes = e.pyBytecodes();
  if (exit === 2) return stopped(stderr);
  return { exitCode: status === 3 ? 1 : 0, stderr, bytecodes };
}

/** REFUSAL_LINES as the core reads them (pyRefusals). */
const REFUSAL_TABLE = new TextEncoder().encode(REFUSAL_LINES.join("\n") + "\n");

/** A traceback entry: the code's name, the line, and the instruction running (its index in the code record `rec`). */
interface TracebackEntry {
  name: string;
  line: number;
  lasti: number;
  rec: number;
}

/** A traceback entry from the core's text: "name line lasti record" (exceptions.ts frameLines). */
function frameEntry(l: string): TracebackEntry {
  const [, name, line, lasti, rec] = /^(.*) (\d+) (\d+) (\d+)$/.exec(l) ?? [, l, "0", "0", "0"];
  return { name: name!, line: Number(line), lasti: Number(lasti), rec: Number(rec) };
}

interface Uncaught {
  /** "Type: message" of the exception that ended the run. */
  last: string;
  /** Its frames, outermost first. */
  frames: TracebackEntry[];
  /** The exceptions chained before it (its __cause__ or __context__, and theirs), oldest first. */
  chain: { last: string; frames: TracebackEntry[]; link: "cause" | "context" }[];
}

/**
 * The exception that ended the run, from the core's text: sections oldest
 * first, each a "Type: message" line (newlines in it sent as \u0001) then
 * "name line lasti record" per frame, and between sections "~cause" or "~context".
 */
function uncaught(core: Core): Uncaught {
  const e = core.exports;
  const n = e.pyExceptionInfo();
  const lines = new TextDecoder().decode(new Uint8Array(e.memory.buffer, e.batchPtr(), n)).split("\n");
  const sections: { last: string; frames: TracebackEntry[] }[] = [];
  // each link joins the section before it to the one after: "the above exception" was the latter's cause or context
  const links: ("cause" | "context")[] = [];
  let current: (typeof sections)[number] | undefined;
  for (const l of lines) {
    if (l === "") continue;
    if (l === "~cause" || l === "~context") {
      links.push(l === "~cause" ? "cause" : "context");
      current = undefined;
    } else if (current === undefined) {
      current = { last: l.replaceAll("\u0001", "\n"), frames: [] };
      sections.push(current);
    } else {
      current.frames.push(frameEntry(l));
    }
  }
  const final = sections.pop() ?? { last: "SystemError", frames: [] };
  const chain = sections.map((sec, i) => ({ last: sec.last, frames: sec.frames, link: links[i] ?? "context" }));
  return { last: final.last, frames: final.frames, chain };
}

const LINKS = {
  cause: "The above exception was the direct cause of the following exception:",
  context: "During handling of the above exception, another exception occurred:",
};

/** traceback.c's PyTraceBack_LIMIT (entries printed at most) and TB_RECURSIVE_CUTOFF (a repeated entry printed so often). */
const TRACEBACK_LIMIT = 1000;
const TB_RECURSIVE_CUTOFF = 3;

/**
 * The core's reports of unraisable exceptions (exceptions.ts writeUnraisable) as the default
 * sys.unraisablehook writes them: "Exception ignored in: <repr>", the traceback (no chain), "Type: str".
 */
function unraisableReports(text: string, source: string, filename: string, codes: CodeObject[]): string {
  const sourceLines = source.split(/\r?\n/);
  let out = "";
  let frames: TracebackEntry[] = [];
  for (const l of text.split("\n")) {
    if (l.startsWith("!")) {
      out += `${l.slice(1).replaceAll("\u0001", "\n")}\n`;
      frames = [];
    } else if (l.startsWith("=")) {
      out += tracebackSection(l.slice(1).replaceAll("\u0001", "\n"), frames, sourceLines, codes, filename);
    } else if (l !== "") {
      frames.push(frameEntry(l));
    }
  }
  return out;
}

/** CPython's traceback of an uncaught exception, after those of the exceptions chained before it. */
function traceback(exception: Uncaught, source: string, filename: string, codes: CodeObject[]): string {
  const sourceLines = source.split(/\r?\n/);
  const one = (last: string, frames: TracebackEntry[]) => tracebackSection(last, frames, sourceLines, codes, filename);
  let out = "";
  for (const c of exception.chain) out += one(c.last, c.frames) + `\n${LINKS[c.link]}\n\n`;
  return out + one(exception.last, exception.frames);
}

/** One exception's traceback (tb_print_internal) and its last line. */
function tracebackSection(last: string, frames: TracebackEntry[], sourceLines: string[], codes: CodeObject[], filename: string): string {
  // (print_exception: the header comes with the traceback; a cause never raised, `raise E from KeyError('k')`'s, has none)
  let out = frames.length > 0 ? "Traceback (most recent call last):\n" : "";
  // tb_print_internal: the newest PyTraceBack_LIMIT entries (sys.tracebacklimit's default), and a run of one
  // (line, function) shown TB_RECURSIVE_CUTOFF times, then counted
  let repeats = 0;
  const repeated = () => {
    const more = repeats - TB_RECURSIVE_CUTOFF;
    if (more > 0) out += `  [Previous line repeated ${more} more time${more > 1 ? "s" : ""}]\n`;
  };
  let previous: TracebackEntry | undefined;
  for (const frame of frames.slice(-TRACEBACK_LIMIT)) {
    const { name, line } = frame;
    if (previous === undefined || line !== previous.line || name !== previous.name) {
      repeated();
      previous = frame;
      repeats = 0;
    }
    if (++repeats > TB_RECURSIVE_CUTOFF) continue;
    out += `  File "${filename}", line ${line}, in ${name}\n`;
    const text = sourceLines[line - 1] ?? "";
    if (text.trim() === "") continue;
    out += `    ${text.replace(/^[ \t\f]+/, "")}\n`; // (the indentation removed; the rest as in the file)
    const carets = caretLine(text, codes[frame.rec]?.instrs[frame.lasti]);
    if (carets !== undefined) out += `${carets}\n`;
  }
  repeated();
  return out + `${last}\n`;
}
