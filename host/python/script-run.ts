// One run of a Python script as `memsim py --json` reports it, for memsim compare (each machine on
// a fresh core): the script's output, the per-line report's totals (the script's cycles: its memory
// accesses plus --bytecode-cycles per bytecode, by heap category) and the whole run's report.

import type { Core } from "../core.js";
import type { MachineConfig } from "../config/machine.js";
import { buildReport, type TraceReport } from "../report/trace-report.js";
import { UsageError } from "../config/options.js";
import { compileModule } from "./index.js";
import { runPython } from "./runner.js";
import { buildLineReport, type LineRow } from "./report.js";
import { pyRunOptions, type PyRunSettings } from "./options.js";

export interface ScriptRun {
  /** 0 success, 1 a Python exception, 3 stopped by --max-steps (a script that does not compile throws). */
  exitCode: number;
  stdout: string;
  /** A traceback or memsim's message. */
  stderr: string;
  bytecodes: number;
  /** The script's cycles and their split: `memsim py --json`'s "totals". */
  totals: LineRow;
  /** The whole run (levels, misses, AMAT, memory): `memsim py --json`'s "run". */
  report: TraceReport;
}

/** Run `source` on `core`, configured as `machine` by the caller. */
export function runScript(core: Core, machine: MachineConfig, source: string, file: string, settings: PyRunSettings): ScriptRun {
  let stdout = "";
  const outcome = runPython(core, source, file, { ...pyRunOptions(settings, machine.coreMHz), write: (t) => (stdout += t) });
  if (outcome.exitCode === 2) throw new ScriptError(outcome.stderr.trim());
  const lines = buildLineReport(core, machine, source, file, settings.bytecodeCycles ?? 0);
  return {
    exitCode: outcome.exitCode, stdout, stderr: outcome.stderr, bytecodes: outcome.bytecodes,
    totals: lines.totals, report: buildReport(core, machine, `script ${file}`, "python"),
  };
}

/** The script does not compile: a SyntaxError, or outside memsim's subset (memsim py's exits 1 and 2 before running). */
export class ScriptError extends UsageError {}

/** Refuse a script that does not compile, with CPython's (or memsim's) message, before any machine runs it. */
export function checkScript(source: string, file: string): void {
  const compiled = compileModule(source, file);
  if (!("error" in compiled)) return;
  const e = compiled.error;
  throw new ScriptError(e.kind === "unsupported"
    ? `${file}: ${e.text.trim().replace(/^memsim: /, "")}`
    : `${file} is not valid Python:\n${e.text.replace(/\n$/, "")}`);
}
