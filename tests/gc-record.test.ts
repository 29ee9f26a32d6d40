// The core's unreachable record (gcCaptureUnreachable / gcUnreachable; docs/abi.md): which objects
// each collection found unreachable, for the playground's heap view. Oracles: CPython 3.11's
// gc.collect() return value for the same script (the count), memsim's own gc.garbage under
// gc.DEBUG_SAVEALL (the objects, by id(), which is the address), the GC log's collected counts over a
// whole run, and the same run with the capture off (nothing else may change: counters and output).

import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { runPython } from "../host/python/runner.js";
import type { GcCollection } from "../host/python/gclog.js";
import { recordHeapView, takeUnreachable } from "../web/src/heapview-run.js";
import { ROOT } from "./helpers/run.js";

// Four cycles of different kinds, unreachable once their names are deleted: 2 + 1 + 2 + 2 objects.
const CYCLES = `import gc
class Pair:
    def __init__(self, name):
        self.name = name
        self.partner = None
gc.collect()
gc.disable()
a = Pair("a")
b = Pair("b")
a.partner = b
b.partner = a
lst = []
lst.append(lst)
d = {"k": []}
d["k"].append(d)
t = ([], 1)
t[0].append(t)
keep = [Pair("kept")]
del a
del b
del lst
del d
del t
gc.set_debug(gc.DEBUG_SAVEALL)
n = gc.collect()
print("unreachable", n, len(gc.garbage))
for o in gc.garbage:
    print("id", id(o))
`;

function run(source: string, capture: boolean): { core: Core; stdout: string; collections: GcCollection[] } {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  if (capture) core.exports.gcCaptureUnreachable(1);
  let stdout = "";
  const collections: GcCollection[] = [];
  const outcome = runPython(core, source, "t.py", { write: (t) => { stdout += t; }, onCollection: (c) => collections.push(c) });
  expect(outcome.exitCode, outcome.stderr).toBe(0);
  return { core, stdout, collections };
}

describe("the unreachable record", () => {
  it("holds exactly the objects gc.garbage saves, as many as CPython's gc.collect() finds", () => {
    const cpython = spawnSync("python3", ["-c", CYCLES], { encoding: "utf8" });
    expect(cpython.status, cpython.stderr).toBe(0);
    const count = /^unreachable (\d+) (\d+)$/m.exec(cpython.stdout)!;
    expect(count[1]).toBe("7");
    const r = run(CYCLES, true);
    expect(r.stdout.split("\n")[0]).toBe(`unreachable ${count[1]} ${count[2]}`);
    const { found, objects } = takeUnreachable(r.core);
    expect(found).toBe(7);
    const garbage = [...r.stdout.matchAll(/^id (\d+)$/gm)].map((m) => Number(m[1]));
    expect(objects.map((o) => o.address).sort()).toEqual(garbage.sort());
    expect(objects.every((o) => o.generation === 2)).toBe(true); // gc.collect(): a full collection
    // types: 2 Pair instances (one class), a list, a dict and its list, a tuple and its list
    const types = objects.map((o) => o.type);
    expect(types.filter((t) => t === 7).length).toBe(3); // lists
    expect(types.filter((t) => t === 8).length).toBe(1); // the dict
    expect(types.filter((t) => t === 6).length).toBe(1); // the tuple
    expect(types.filter((t) => t >= 40).length).toBe(2); // the instances
    // taking it empties it
    expect(takeUnreachable(r.core).found).toBe(0);
  }, 60_000);

  it("changes nothing: the same run with the capture off has the same counters and output, and no record", () => {
    const source = readFileSync(`${ROOT}examples/python/cycles.py`, "utf8");
    const on = run(source, true);
    const off = run(source, false);
    expect(on.stdout).toBe(off.stdout);
    expect([...on.core.counters()]).toEqual([...off.core.counters()]);
    // over the whole run (automatic collections too), what it found is what the collections freed (no __del__ here)
    const collected = on.collections.reduce((s, c) => s + c.collected, 0);
    expect(takeUnreachable(on.core).found).toBe(collected);
    expect(takeUnreachable(off.core).found).toBe(0);
    // and the script's own gc.collect() counts are CPython's
    const cpython = spawnSync("python3", [`${ROOT}examples/python/cycles.py`], { encoding: "utf8" });
    expect(on.stdout).toBe(cpython.stdout);
  }, 60_000);

  it("checks its buffer: misaligned or outside the buffers is -2, too small is -4", () => {
    const r = run(CYCLES, true);
    const e = r.core.exports;
    expect(e.gcUnreachable(e.batchPtr() + 4, 1024)).toBe(-2);
    expect(e.gcUnreachable(8, 1024)).toBe(-2);
    expect(e.gcUnreachable(e.batchPtr(), 7 * 16 - 1)).toBe(-4);
    expect(e.gcUnreachable(e.batchPtr(), 7 * 16)).toBe(7);
  }, 60_000);

  it("the heap view lists each collection's unreachable set at its step and marks its boxes the step before", () => {
    const rec = recordHeapView(loadCoreFor(), readFileSync(`${ROOT}examples/python/cycles.py`, "utf8"), "cycles.py");
    const withGc = rec.steps.filter((s) => s.collections.length);
    expect(withGc.length).toBeGreaterThanOrEqual(3); // the three gc.collect() before the 500-step cap
    for (const s of withGc) expect(s.unreachableFound).toBe(s.collections.reduce((n, c) => n + c.collected, 0));
    expect(rec.steps.filter((s) => !s.collections.length).every((s) => s.unreachableFound === 0)).toBe(true);
    // the collection after `del b`: the two Pairs, which the step before shows with no name reaching them
    const k = rec.steps.findIndex((s) => s.prevLine === 39);
    const source = readFileSync(`${ROOT}examples/python/cycles.py`, "utf8").split("\n");
    expect(source[38]).toBe("found.append(gc.collect())");
    expect(rec.steps[k].unreachable.map((u) => u.typeName)).toEqual(["Pair", "Pair"]);
    const before = rec.steps[k - 1].nodes.filter((n) => n.typeName === "Pair" && n.unreached).map((n) => n.address).sort();
    expect(rec.steps[k].unreachable.map((u) => u.address).sort()).toEqual(before);
    // both freed, and said to be collected
    expect(rec.steps[k].freed.filter((f) => f.gc === 2).map((f) => f.address).sort()).toEqual(before);
  }, 60_000);
});

function loadCoreFor(): Core {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  return core;
}
