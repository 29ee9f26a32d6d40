// The memory mountain (Bryant and O'Hallaron): average cycles per load over a
// grid of working-set sizes and strides, each point measured in steady state
// on the emulated machine. The core's `strided` workload walks the region; a
// first pass warms the caches, the following passes are measured.
//
// Each load comes with two instruction fetches of a tiny loop that stays in
// the first level instructions reach; their cost is that level's hit latency
// and is taken out, so a point is the cost of the loads alone.

import type { Core } from "../core.js";
import { applyMachine, firstLevel, type MachineConfig } from "../config/machine.js";
import { runWorkload } from "../workloads/workloads.js";
import { ConfigError } from "../config/level.js";
import { parseSize } from "../config/size.js";

export interface MountainPoint {
  size: number; // bytes
  stride: number; // bytes
  loads: number; // measured loads
  cyclesPerLoad: number;
  mbPerSecond: number; // 8-byte loads at the core clock
}

/** "4K..64M" (powers of two) or "16K,1M,8M" into a list of sizes. */
export function parseRange(option: string, text: string): number[] {
  const range = /^\s*([^.,]+)\s*\.\.\s*([^.,]+)\s*$/.exec(text);
  const asSize = (t: string) => {
    const v = parseSize(t);
    if (v === null || v < 1) throw new ConfigError(`${option}: '${t}' is not a size`);
    return v;
  };
  if (!range) return text.split(",").map(asSize);
  const [lo, hi] = [asSize(range[1]), asSize(range[2])];
  if (lo > hi) throw new ConfigError(`${option}: ${range[1]} is larger than ${range[2]}`);
  const out: number[] = [];
  for (let v = lo; v <= hi; v *= 2) out.push(v);
  return out;
}

/**
 * Measure one point: a warm-up pass, then `passes` measured passes of the
 * strided sweep, or (stride 0) of a pointer chase through the region's lines.
 */
export function mountainPoint(core: Core, machine: MachineConfig, size: number, stride: number, passes = 2): MountainPoint {
  applyMachine(core, machine);
  const run = (iterations: number) => stride === 0
    ? runWorkload(core, "pointer-chase", { size, iterations })
    : runWorkload(core, "strided", { size, stride, iterations });
  run(1);
  const before = core.counters();
  run(passes);
  const after = core.counters();
  const delta = (name: string) => Number(core.global(after, name) - core.global(before, name));
  const fetches = delta("instructions");
  const loads = delta("records") - fetches;
  // a fetch with no cache on its path goes to the (fixed) memory
  const fetchLatency = firstLevel(machine, "instruction")?.latency ?? machine.memory.readLatency;
  const cycles = delta("cycles") - fetches * fetchLatency;
  const cyclesPerLoad = cycles / loads;
  const mhz = machine.coreMHz ?? 3000;
  return { size, stride, loads, cyclesPerLoad, mbPerSecond: (8 * mhz) / cyclesPerLoad };
}

export function mountain(core: Core, machine: MachineConfig, sizes: number[], strides: number[], progress?: (done: number, total: number) => void): MountainPoint[] {
  if (machine.mode === "cachegrind") throw new ConfigError("--cachegrind: the mountain measures cycles, and cachegrind mode has none");
  const points: MountainPoint[] = [];
  const total = sizes.length * strides.length;
  for (const size of sizes) {
    for (const stride of strides) {
      if (stride > size) throw new ConfigError(`--strides: stride ${stride} is larger than the size ${size}`);
      points.push(mountainPoint(core, machine, size, stride));
      progress?.(points.length, total);
    }
  }
  return points;
}

export interface HostPoint {
  size: number;
  hostNs: number; // measured: ns per dependent load on this machine
  emulatedCycles: number; // the emulated machine's pointer chase, cycles per load
  emulatedNs: number; // the same at the machine's core clock
}

/**
 * The real machine's latency by working-set size: a pointer chase through a
 * random cycle of 64-byte lines in the module's own linear memory, timed with
 * the runtime's clock, beside the emulated machine's chase of the same size.
 * Host times are measurements, not model output: they vary from run to run.
 */
export function hostMountain(core: Core, machine: MachineConfig, sizes: number[], progress?: (done: number) => void): HostPoint[] {
  const e = core.exports;
  const out: HostPoint[] = [];
  for (const size of sizes) {
    const emulated = mountainPoint(core, machine, size, 0);
    if (e.hostChaseSetup(size, 1) < 0) throw new ConfigError(`--sizes: cannot chase through ${size} bytes (2 to 16M lines of 64 bytes)`);
    const lines = size / 64;
    e.hostChase(lines); // warm up
    const steps = Math.max(lines * 4, 1 << 21);
    const t0 = performance.now();
    e.hostChase(steps);
    const hostNs = ((performance.now() - t0) * 1e6) / steps;
    const mhz = machine.coreMHz ?? 3000;
    out.push({ size, hostNs, emulatedCycles: emulated.cyclesPerLoad, emulatedNs: (emulated.cyclesPerLoad * 1000) / mhz });
    progress?.(out.length);
  }
  return out;
}
