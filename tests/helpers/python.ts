// Run a Python script under memsim py (in-process) and under python3 (CPython
// 3.11, the oracle), and evaluate expressions under both, for tests that
// compare the two.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCore } from "../../host/core-node.js";
import { applyMachine, defaultMachine } from "../../host/config/machine.js";
import { runPython } from "../../host/python/runner.js";

export interface ScriptRun {
  stdout: string;
  stderr: string;
  /** stderr's last line (an exception's `Type: message`, memsim's refusal), or "". */
  last: string;
  exitCode: number | null;
}

const lastLine = (text: string) => text.trimEnd().split("\n").pop() ?? "";

/** `source` run by memsim py on the default machine, as s.py. */
export function memsimScript(source: string, maxSteps = 1_000_000): ScriptRun {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  let stdout = "", stderr = "";
  const r = runPython(core, source, "s.py", { maxSteps, write: (t) => { stdout += t; }, writeErr: (t) => { stderr += t; } });
  stderr += r.stderr;
  return { stdout, stderr, last: lastLine(r.stderr), exitCode: r.exitCode };
}

let dir = "";

/** `source` run by python3 from a file (as `python3 s.py`). */
export function cpythonScript(source: string): ScriptRun {
  if (!dir) dir = mkdtempSync(join(tmpdir(), "memsim-py-"));
  const file = join(dir, "s.py");
  writeFileSync(file, source);
  const r = spawnSync("python3", [file], { encoding: "utf8", timeout: 20_000 });
  return { stdout: r.stdout, stderr: r.stderr, last: lastLine(r.stderr), exitCode: r.status };
}

/** Each expression's repr, or the exception it raises as `Type: message`, as python3 gives them (one run for all). */
export function cpythonEval(expressions: string[]): string[] {
  return JSON.parse(execFileSync("python3", ["-c", `import json
out = []
for c in json.loads(${JSON.stringify(JSON.stringify(expressions))}):
    try: out.append(repr(eval(c)))
    except Exception as e: out.append(type(e).__name__ + ": " + str(e))
print(json.dumps(out))`], { encoding: "utf8" }));
}

/** An expression's repr under memsim, or the last line of what it printed on stderr. */
export function memsimEval(expression: string): string {
  const r = memsimScript(`print(repr(${expression}))\n`);
  return r.exitCode === 0 ? r.stdout.trimEnd() : r.last;
}

/** CPython's stderr as memsim writes it: the script's path as memsimScript gives it (s.py); the `~~~^^^` marker lines kept. */
export function asMemsimWrites(stderr: string): string {
  return stderr
    .split("\n")
    .map((l) => l.replace(/File ".*\/s\.py"/, 'File "s.py"'))
    .join("\n");
}

/** `source` under memsim and python3: stdout, the whole stderr (asMemsimWrites) and the exit code, for toEqual. */
export function bothRuns(source: string): { memsim: object; cpython: object } {
  const want = cpythonScript(source);
  const got = memsimScript(source);
  return {
    memsim: { stdout: got.stdout, stderr: got.stderr, exitCode: got.exitCode },
    cpython: { stdout: want.stdout, stderr: asMemsimWrites(want.stderr), exitCode: want.exitCode },
  };
}
