// The reference tap (docs/abi.md "The reference tap"): it changes nothing of a Python run's or a
// heap kernel's results, and what it keeps is the run: replayed through `access` on a fresh core it
// gives the run's own cache counters, and its category markers split it as the run's heap categories.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { runPython } from "../host/python/runner.js";
import { pythonRefs } from "../web/src/cacheview-python.js";
import { heapKernelRefs, HEAP_KERNELS, type Tapped } from "../web/src/cacheview-run.js";
import { runWorkload } from "../host/workloads/workloads.js";
import { ROOT } from "./helpers/run.js";

const LOOP = `xs = []
for i in range(300):
    xs.append(str(i) * 2)
d = {}
for s in xs:
    d[s] = len(s)
del xs
print(len(d))
`;
const SCRIPTS: [string, string][] = [
  ["rebinding.py", readFileSync(`${ROOT}examples/python/rebinding.py`, "utf8")],
  ["loop.py", LOOP],
  ["cycles.py", readFileSync(`${ROOT}examples/python/cycles.py`, "utf8")],
];
const CAPACITY = 1 << 23;

function fresh(): Core {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  return core;
}

/** A level's data-side accesses and misses (reads and writes: the heap makes no fetches). */
function dataSide(core: Core, c: BigUint64Array, level: number) {
  const f = (name: string) => core.level(c, level, name);
  return { accesses: f("accessI") + f("accessR") + f("accessW"), misses: f("missI") + f("missR") + f("missW") };
}

/** The tap kept all of the run `on` (the same run as `off`, the tap off): the same counters, and its references, replayed, give them. */
function keepsTheRun(off: Core, on: Core, tap: Tapped): void {
  it("kept the whole run, whose counters are the ones it has with the tap off", () => {
    expect(tap.complete).toBe(true);
    expect(on.counters()).toEqual(off.counters());
  });

  it("keeps the run's references: replayed through access on a fresh core, the same L1d and L2 counters", () => {
    const replay = fresh();
    for (const [addr, size, kind] of tap.refs) replay.check(replay.exports.access(addr, size, kind));
    const run = on.counters(), again = replay.counters();
    for (const level of [1, 2]) expect(dataSide(replay, again, level)).toEqual(dataSide(on, run, level));
    expect(replay.global(again, "records")).toBe(on.global(run, "records"));
  });

  it("charges each reference to the run's category: each category's count is the run's", () => {
    const run = on.counters();
    on.schema.categories.names.forEach((cat, i) => {
      expect(BigInt(tap.categories.filter((c) => c === i).length), cat).toBe(on.category(run, cat, "references"));
    });
    expect(tap.categories.includes(-1)).toBe(false);
  });
}

/** The heap kernels at parameters small enough to tap whole (heap-churn up to 700 bytes: pymalloc and the system allocator). */
const KERNELS: [string, Record<string, string>][] = [
  ["heap-churn", { live: "300", pairs: "2000", size: "700", limit: "4M" }],
  ["py-objects", { live: "200", ops: "1500", items: "4", limit: "4M" }],
];

describe("the reference tap on the heap kernels", () => {
  it("covers every heap kernel", () => expect(KERNELS.map(([name]) => name)).toEqual(HEAP_KERNELS));
  for (const [name, params] of KERNELS) {
    describe(name, () => {
      const off = fresh();
      runWorkload(off, name, params);
      const on = fresh();
      const tap = heapKernelRefs(on, name, params, CAPACITY);
      keepsTheRun(off, on, tap);

      it("has no line (a kernel has no source)", () => {
        expect(tap.start).toBe(tap.refs.length);
        expect(tap.lines.every((l) => l === 0)).toBe(true);
      });
    });
  }
});

describe("the reference tap", () => {
  for (const [name, source] of SCRIPTS) {
    describe(name, () => {
      const off = fresh();
      const plain = runPython(off, source, name, { write: () => {}, maxSteps: 2_000_000 });
      const on = fresh();
      const py = pythonRefs(on, source, name, { maxSteps: 2_000_000 }, CAPACITY);

      it("changes none of the run's counters", () => {
        expect(plain.exitCode).toBe(0);
        expect(py.exitCode).toBe(0);
      });
      keepsTheRun(off, on, py);

      it("says which line made each reference: start-up first, then lines of the script", () => {
        const lines = source.split("\n").length;
        expect(py.start).toBeGreaterThan(0);
        expect(py.start).toBeLessThan(py.refs.length);
        expect(py.lines.slice(0, py.start).every((l) => l === 0)).toBe(true);
        expect(py.lines.slice(py.start).every((l) => l >= 1 && l <= lines)).toBe(true);
      });
    });
  }

  it("keeps at most its capacity, and says so; once full the run goes on direct, its counters unchanged", () => {
    const core = fresh();
    const py = pythonRefs(core, LOOP, "loop.py", {}, 5000);
    expect(py.complete).toBe(false);
    expect(py.refs.length).toBeLessThanOrEqual(5000);
    expect(core.exports.heapTapCount()).toBe(5000);
    const off = fresh();
    runPython(off, LOOP, "loop.py", { write: () => {} });
    expect(core.counters()).toEqual(off.counters());
  });

  it("stops the run at the first look after it fills when asked (the cache view's run): the same references, fewer bytecodes", () => {
    const LONG = "total = 0\nfor i in range(100000):\n    total += i * 3 % 7\nprint(total)\n";
    const capacity = 200_000, look = 1 << 16; // (cacheview-python.ts TAP_CHECK_STEPS)
    const whole = pythonRefs(fresh(), LONG, "long.py", {}, capacity);
    const stopped = pythonRefs(fresh(), LONG, "long.py", {}, capacity, Infinity, true);
    expect(whole.exitCode).toBe(0);
    expect(whole.complete).toBe(false);
    expect(stopped.exitCode).toBe(4);
    expect(stopped.complete).toBe(false);
    expect([stopped.refs, stopped.categories, stopped.lines, stopped.start]).toEqual([whole.refs, whole.categories, whole.lines, whole.start]);
    // It looks every `look` bytecodes, and stopped at the first look that found the tap full.
    expect(stopped.bytecodes % look).toBe(0);
    expect(stopped.bytecodes).toBeLessThan(whole.bytecodes);
    const oneLookEarlier = pythonRefs(fresh(), LONG, "long.py", { maxSteps: stopped.bytecodes - look }, capacity);
    expect(oneLookEarlier.exitCode).toBe(3);
    expect(oneLookEarlier.complete).toBe(true);
  });

  it("needs a configured generic machine, and initMachine turns it off", () => {
    const core = loadCore();
    expect(core.exports.setHeapTap(16)).toBe(-18);
    applyMachine(core, defaultMachine());
    expect(core.exports.setHeapTap(-1)).toBe(-4);
    expect(core.exports.setHeapTap(16)).toBe(0);
    core.check(core.exports.initMachine(0));
    runPython(core, LOOP, "loop.py", { write: () => {} });
    expect(core.exports.heapTapCount()).toBe(0);
  });
});
