// The playground's comparison, run in the worker: the page's two machines as `memsim compare
// --machine` specs (parsed by the CLI's parseMachineSpec, so the machines are the CLI's), the
// kernel as its workload, and host/compare's compare() on fresh cores the worker instantiates.

import type { Core } from "../../host/core.js";
import { compare, type Comparison } from "../../host/compare/compare.js";
import { parseMachineSpec, type NamedMachine } from "../../host/compare/machine-spec.js";
import { machineSpec, PYTHON, type PlaygroundState } from "./state.js";

/**
 * The two machines, named by their specs ("desktop-2020+l2=1M,16,64,lru"); the same machine
 * twice is named A and B (compare names must differ), as `--machine 'A:default'` would name it.
 */
export function comparedMachines(s: PlaygroundState): NamedMachine[] {
  if (!s.vs) throw new Error("no second machine to compare with");
  const specs = [machineSpec(s), machineSpec(s.vs)];
  const machines = specs.map(parseMachineSpec);
  if (specs[0] !== specs[1]) return machines;
  return machines.map((m, i) => ({ ...m, name: "AB"[i], spec: `${"AB"[i]}:${m.spec}` }));
}

/** Run the kernel of `s` on its two machines, as `memsim compare KERNEL --machine A --machine B`. */
export function runComparison(s: PlaygroundState, newCore: () => Promise<Core>,
  progress: (done: number, machine: string) => void): Promise<Comparison> {
  if (s.run === PYTHON) throw new Error("the comparison runs a synthetic kernel (as memsim compare does); pick a kernel");
  return compare({ kind: "synthetic", name: s.run, params: s.params }, comparedMachines(s), newCore, progress);
}
