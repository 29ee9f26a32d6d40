// The playground's comparison, run in the worker: the page's machines (two to four), built as the page builds
// them (state.ts buildMachine: the CLI's machineFromOptions, so every edit of either machine is in),
// the kernel, the opened trace file or the script as the workload, and host/compare's compare() on
// fresh cores the worker instantiates (the file streamed afresh for each machine, as trace-run.ts
// streams it; the script with memsim py's options of the page, as memsim compare SCRIPT.py runs it).

import type { Core } from "../../host/core.js";
import { compare, type Comparison } from "../../host/compare/compare.js";
import type { NamedMachine } from "../../host/compare/machine-spec.js";
import { openFile } from "./trace-run.js";
import { buildMachine, describeBase, isKernel, machineSpec, pyOptionTextsOf, PYTHON, type MachineChoice, type PlaygroundState } from "./state.js";

/**
 * Machine `m` for compare(), named and described as `memsim compare --machine SPEC` (or 'NAME:SPEC')
 * would; built from the state, not by parsing SPEC back, so that it is exactly the machine the page shows.
 */
function namedMachine(m: MachineChoice, name?: string): NamedMachine {
  const spec = machineSpec(m);
  const { machine, optionOf } = buildMachine(m);
  if (machine.mode === "cachegrind") throw new Error(`${spec}: cachegrind mode has no timing, so nothing to compare (pick another preset)`);
  const edits = spec.split("+").slice(1);
  const description = describeBase(m) + (edits.length ? ` with ${edits.join(", ")}` : "");
  return { name: name ?? spec, spec: name ? `${name}:${spec}` : spec, description, machine, optionOf };
}

/**
 * The machines, named by their specs ("desktop-2020+l2=1M,16,64,lru"); when two of them are the
 * same machine, all are named by letter, A, B, C... (compare names must differ), as
 * `--machine 'A:default'` would name them.
 */
export function comparedMachines(s: PlaygroundState): NamedMachine[] {
  if (s.others.length === 0) throw new Error("no second machine to compare with");
  const all = [s, ...s.others];
  const specs = all.map(machineSpec);
  const lettered = new Set(specs).size < specs.length;
  return all.map((m, i) => namedMachine(m, lettered ? String.fromCharCode(65 + i) : undefined));
}

/** What the comparison runs besides the state's kernel: an opened trace file, or the script's text. */
export type CompareInput = { file: File } | { source: string; filename: string };

/**
 * Run the kernel of `s`, the trace file or the script on its machines, as
 * `memsim compare KERNEL|FILE|SCRIPT.py --machine A --machine B [--machine C ...]`.
 */
export function runComparison(s: PlaygroundState, newCore: () => Promise<Core>,
  progress: (done: number, machine: string) => void, input?: CompareInput): Promise<Comparison> {
  const machines = comparedMachines(s);
  if (input && "file" in input) return compare({ kind: "trace", file: input.file.name, format: s.format ?? "auto" }, machines, newCore, progress, openFile(input.file));
  if (input && s.run === PYTHON) {
    return compare({ kind: "python", file: input.filename, source: input.source, options: pyOptionTextsOf(s) }, machines, newCore, progress);
  }
  if (!isKernel(s.run)) throw new Error("the comparison runs a synthetic kernel, a trace file or a Python script (as memsim compare does); pick one");
  return compare({ kind: "synthetic", name: s.run, params: s.params }, machines, newCore, progress);
}
