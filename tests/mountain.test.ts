// The memory mountain's plateaus sit at the configured latencies: with a
// stride of a line or more, a working set that fits a level costs the sum of
// the hit latencies down to that level, and one larger than the last level
// costs the memory latency on top (LRU sweeps of a set larger than the cache
// miss every time).
import { describe, it, expect } from "vitest";
import { loadCore, memsim } from "./helpers/run.js";
import { defaultMachine } from "../host/config/machine.js";
import { preset } from "../host/config/presets.js";
import { dramPreset } from "../host/config/dram.js";
import { mountainPoint, parseRange } from "../host/mountain/mountain.js";

describe("memory mountain", () => {
  it("plateaus at L1, L2 and memory on the default machine", () => {
    const m = defaultMachine();
    const [l1, l2] = [m.levels.l1d!.latency, m.levels.l2!.latency];
    const mem = m.memory.readLatency;
    const core = loadCore();
    expect(mountainPoint(core, m, 16 << 10, 64).cyclesPerLoad).toBe(l1);
    expect(mountainPoint(core, m, 128 << 10, 64).cyclesPerLoad).toBe(l1 + l2);
    expect(mountainPoint(core, m, 4 << 20, 128).cyclesPerLoad).toBe(l1 + l2 + mem);
    // below a line, the miss is shared by line / stride loads
    expect(mountainPoint(core, m, 4 << 20, 16).cyclesPerLoad).toBe(l1 + (l2 + mem) / 4);
  });

  it("adds the L3 plateau with an L3", () => {
    const m = preset("desktop-2020");
    m.dram = dramPreset("fixed");
    const [l1, l2, l3] = [m.levels.l1d!.latency, m.levels.l2!.latency, m.levels.l3!.latency];
    const core = loadCore();
    expect(mountainPoint(core, m, 4 << 20, 64).cyclesPerLoad).toBe(l1 + l2 + l3);
    expect(mountainPoint(core, m, 64 << 20, 64).cyclesPerLoad).toBe(l1 + l2 + l3 + m.memory.readLatency);
  });

  it("--host: a timed chase of this machine beside the emulated chase, whose cycles follow the latencies", () => {
    const j = JSON.parse(memsim(["mountain", "--sizes", "16K,64K", "--strides", "64", "--host", "--json"]).stdout);
    expect(j.host.map((h: { size: number }) => h.size)).toEqual([16384, 65536]);
    // the emulated chase: in L1, then in L2 (default machine: 4 and 4 + 12 cycles)
    expect(j.host.map((h: { emulatedCycles: number }) => h.emulatedCycles)).toEqual([4, 16]);
    expect(j.host[0].emulatedNs).toBeCloseTo(4 * 1000 / 3000, 9);
    // measured times are real: only their sign and finiteness are certain
    for (const h of j.host) expect(Number.isFinite(h.hostNs) && h.hostNs > 0).toBe(true);
  });

  it("parses ranges and the CLI prints the grid", () => {
    expect(parseRange("--sizes", "4K..32K")).toEqual([4096, 8192, 16384, 32768]);
    expect(parseRange("--strides", "8,64")).toEqual([8, 64]);
    const j = JSON.parse(memsim(["mountain", "--sizes", "16K,1M", "--strides", "64", "--json"]).stdout);
    expect(j.points.map((p: { cyclesPerLoad: number }) => p.cyclesPerLoad)).toEqual([4, 116]);
    expect(memsim(["mountain", "--sizes", "1M..4K"]).stderr).toMatch(/--sizes: 1M is larger than 4K/);
  });
});
