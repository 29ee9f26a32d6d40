// Differential tests: memsim's generic mode against the independent reference
// model in tests/oracle/reference-cache.ts (written from docs/cache-model.md only).
// Each configuration replays a seeded pseudo-random trace through both and
// compares every counter; a second test compares per-reference latencies.

import { describe, it, expect } from "vitest";
import { loadCore } from "../host/core-node.js";
import { applyMachine, type MachineConfig } from "../host/config/machine.js";
import { LEVEL_DEFAULTS, type LevelConfig } from "../host/config/level.js";
import { ReferenceCache, LEVELS } from "./oracle/reference-cache.js";
import { makeTrace, simulate, coreSnapshot, modelSnapshot } from "./oracle/harness.js";

// ---------------------------------------------------------------- configurations

const K = 1024;
function lv(size: number, assoc: number, line: number, opts: Partial<LevelConfig> = {}): LevelConfig {
  return { ...LEVEL_DEFAULTS, size, assoc, line, ...opts };
}
function machine(levels: MachineConfig["levels"], extra: Partial<MachineConfig> = {}): MachineConfig {
  return { mode: "generic", levels, memory: { readLatency: 100, writeLatency: 0 }, classify: false, ...extra };
}

type LevelName = (typeof LEVELS)[number];
interface Case {
  name: string;
  machine: MachineConfig;
  refs?: number;
  seed?: number;
  /** Counters that must be non-zero for the trace to have exercised this configuration. */
  busy: Partial<Record<LevelName | "global", string[]>>;
}

const MISS_EVICT_WB = ["missR", "missW", "evictions", "writebacks"];
const L2_BUSY = ["accessR", "accessW", "missR", "missW", "evictions", "writebacks"];

const CASES: Case[] = [
  {
    name: "lru, wb/wa, nine, split 32 B L1s over a 64 B L2",
    machine: machine({
      l1i: lv(2 * K, 2, 32), l1d: lv(4 * K, 4, 32), l2: lv(16 * K, 8, 64, { latency: 12 }),
    }, { classify: true }),
    busy: { l1i: ["missI", "evictions"], l1d: MISS_EVICT_WB, l2: [...L2_BUSY, "missI", "compulsory", "capacity"], global: ["memReads", "memWrites"] },
  },
  {
    name: "fifo everywhere",
    machine: machine({
      l1i: lv(2 * K, 2, 64, { policy: "fifo" }), l1d: lv(2 * K, 4, 64, { policy: "fifo" }),
      l2: lv(8 * K, 8, 64, { policy: "fifo", latency: 10 }),
    }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY },
  },
  {
    name: "mru everywhere",
    machine: machine({
      l1i: lv(2 * K, 4, 64, { policy: "mru" }), l1d: lv(4 * K, 4, 64, { policy: "mru" }),
      l2: lv(16 * K, 8, 64, { policy: "mru", latency: 12 }),
    }, { classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY },
  },
  {
    name: "random with different seeds, L3 present",
    machine: machine({
      l1i: lv(2 * K, 2, 64, { policy: "random", seed: 0 }), l1d: lv(4 * K, 4, 64, { policy: "random", seed: 7 }),
      l2: lv(16 * K, 8, 64, { policy: "random", seed: 12345, latency: 12 }),
      l3: lv(64 * K, 16, 64, { policy: "random", seed: 0xdeadbeef >>> 0, latency: 40 }),
    }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY, l3: ["missR", "evictions", "writebacks"] },
  },
  {
    name: "tree plru, 2/4/8/16 ways",
    machine: machine({
      l1i: lv(2 * K, 2, 64, { policy: "plru" }), l1d: lv(4 * K, 4, 64, { policy: "plru" }),
      l2: lv(16 * K, 8, 64, { policy: "plru", latency: 12 }), l3: lv(64 * K, 16, 64, { policy: "plru", latency: 40 }),
    }, { classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY, l3: ["missR", "evictions", "writebacks"] },
  },
  {
    name: "write-through, no-write-allocate L1d over a write-back L2",
    machine: machine({
      l1i: lv(2 * K, 2, 64), l1d: lv(4 * K, 4, 64, { writeBack: false, writeAllocate: false }),
      l2: lv(16 * K, 8, 64, { latency: 12 }),
    }, { memory: { readLatency: 100, writeLatency: 20 } }),
    busy: { l1d: ["missR", "missW", "evictions", "writeThroughs"], l2: L2_BUSY },
  },
  {
    name: "write-through + write-allocate L1d, write-back no-write-allocate L2, write-through L3",
    machine: machine({
      l1i: lv(2 * K, 2, 64), l1d: lv(4 * K, 4, 64, { writeBack: false }),
      l2: lv(16 * K, 8, 64, { writeAllocate: false, latency: 12 }),
      l3: lv(32 * K, 8, 64, { writeBack: false, latency: 30 }),
    }, { memory: { readLatency: 90, writeLatency: 15 } }),
    busy: { l1d: ["missR", "missW", "evictions", "writeThroughs"], l2: ["missR", "missW", "evictions", "writeThroughs"], l3: ["missR", "missW", "writeThroughs"] },
  },
  {
    name: "inclusive L2 (64 B) under 32 B L1s",
    machine: machine({
      l1i: lv(4 * K, 2, 32), l1d: lv(4 * K, 4, 32), l2: lv(8 * K, 4, 64, { inclusion: "inclusive", latency: 12 }),
    }, { classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: [...L2_BUSY, "backInvalidations"] },
  },
  {
    name: "exclusive L2 under 64 B L1s, inclusive 128 B L3",
    machine: machine({
      l1i: lv(2 * K, 2, 64), l1d: lv(4 * K, 4, 64), l2: lv(8 * K, 8, 64, { inclusion: "exclusive", latency: 12 }),
      l3: lv(32 * K, 8, 128, { inclusion: "inclusive", latency: 40 }),
    }, { classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: ["accessR", "accessW", "missR", "evictions", "writebacks"], l3: ["missR", "evictions", "backInvalidations"] },
  },
  {
    name: "nine L2 over an exclusive L3",
    machine: machine({
      l1i: lv(2 * K, 2, 64), l1d: lv(4 * K, 4, 64), l2: lv(8 * K, 4, 64, { latency: 12 }),
      l3: lv(16 * K, 8, 64, { inclusion: "exclusive", latency: 40 }),
    }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY, l3: ["accessR", "accessW", "missR", "evictions", "writebacks"] },
  },
  {
    name: "exclusive L2 over an exclusive L3",
    machine: machine({
      l1i: lv(2 * K, 2, 64), l1d: lv(2 * K, 2, 64), l2: lv(4 * K, 4, 64, { inclusion: "exclusive", latency: 12 }),
      l3: lv(16 * K, 8, 64, { inclusion: "exclusive", latency: 40 }),
    }),
    busy: { l1d: MISS_EVICT_WB, l2: ["accessW", "missR", "evictions", "writebacks"], l3: ["missR", "evictions", "writebacks"] },
  },
  {
    name: "three line sizes: L1 32 B, L2 64 B, L3 128 B, with write latency",
    machine: machine({
      l1i: lv(2 * K, 2, 32), l1d: lv(2 * K, 2, 32), l2: lv(8 * K, 4, 64, { latency: 12 }),
      l3: lv(32 * K, 8, 128, { latency: 40 }),
    }, { memory: { readLatency: 120, writeLatency: 25 }, classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY, l3: ["missR", "missW", "evictions", "writebacks"] },
  },
  {
    name: "L1 line (128 B) larger than L2 line (64 B) larger than L3 line (32 B), nine",
    machine: machine({
      l1i: lv(4 * K, 2, 128), l1d: lv(4 * K, 2, 128), l2: lv(16 * K, 4, 64, { latency: 12 }),
      l3: lv(32 * K, 4, 32, { latency: 40 }),
    }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY, l3: ["missR", "missW", "evictions", "writebacks"] },
  },
  {
    name: "no L1i: instruction fetches go to L2",
    machine: machine({ l1d: lv(4 * K, 4, 64), l2: lv(16 * K, 8, 64, { latency: 12 }), l3: lv(64 * K, 8, 64, { latency: 40 }) }),
    busy: { l1d: MISS_EVICT_WB, l2: [...L2_BUSY, "accessI", "missI"] },
  },
  {
    name: "no L1d: data goes to L2",
    machine: machine({ l1i: lv(2 * K, 2, 64), l2: lv(16 * K, 8, 64, { latency: 12 }) }, { classify: true }),
    busy: { l1i: ["missI", "evictions"], l2: [...L2_BUSY] },
  },
  {
    name: "no L1s and no L2: everything goes to L3",
    machine: machine({ l3: lv(16 * K, 4, 64, { latency: 40, policy: "fifo" }) }),
    busy: { l3: ["accessI", "missI", "missR", "missW", "evictions", "writebacks"] },
  },
  {
    name: "no caches at all",
    machine: machine({}, { memory: { readLatency: 100, writeLatency: 30 } }),
    busy: { global: ["memReads", "memWrites", "cycles"] },
  },
  {
    name: "non-power-of-two associativity: 3-way L1s, 12-way L2",
    machine: machine({
      l1i: lv(3 * K, 3, 64), l1d: lv(3 * K, 3, 64), l2: lv(12 * K, 12, 64, { latency: 12 }),
      l3: lv(48 * K, 3, 64, { latency: 40, policy: "random", seed: 99 }),
    }, { classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY, l3: ["missR", "evictions", "writebacks"] },
  },
  {
    name: "tiny 1K direct-mapped L1d, 2-way 1K L1i, 2K L2, 16 B lines",
    machine: machine({ l1i: lv(1 * K, 2, 16), l1d: lv(1 * K, 1, 16), l2: lv(2 * K, 2, 16, { latency: 12 }) }, { classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: L2_BUSY },
  },
  {
    name: "mixed: plru inclusive L2 (128 B) under fifo/mru L1s, lru L3",
    machine: machine({
      l1i: lv(2 * K, 4, 64, { policy: "mru" }), l1d: lv(4 * K, 8, 32, { policy: "fifo" }),
      l2: lv(16 * K, 4, 128, { policy: "plru", inclusion: "inclusive", latency: 14 }),
      l3: lv(64 * K, 16, 128, { inclusion: "inclusive", latency: 45 }),
    }, { memory: { readLatency: 200, writeLatency: 10 }, classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: [...L2_BUSY, "backInvalidations"], l3: ["missR", "evictions", "backInvalidations"] },
  },
  {
    name: "random L1s under a random exclusive L2 and an inclusive random L3",
    machine: machine({
      l1i: lv(2 * K, 4, 64, { policy: "random", seed: 3 }), l1d: lv(4 * K, 4, 64, { policy: "random", seed: 5 }),
      l2: lv(8 * K, 8, 64, { policy: "random", inclusion: "exclusive", seed: 11, latency: 12 }),
      l3: lv(32 * K, 8, 64, { policy: "random", inclusion: "inclusive", seed: 13, latency: 40 }),
    }, { classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: ["accessR", "accessW", "missR", "evictions", "writebacks"], l3: ["missR", "evictions", "backInvalidations"] },
  },
  {
    name: "plru L1s over a plru exclusive L2 and a plru L3",
    machine: machine({
      l1i: lv(2 * K, 2, 64, { policy: "plru" }), l1d: lv(2 * K, 4, 64, { policy: "plru" }),
      l2: lv(8 * K, 8, 64, { policy: "plru", inclusion: "exclusive", latency: 12 }),
      l3: lv(32 * K, 8, 64, { policy: "plru", latency: 40 }),
    }),
    busy: { l1d: MISS_EVICT_WB, l2: ["accessR", "accessW", "missR", "evictions", "writebacks"], l3: ["missR", "evictions", "writebacks"] },
  },
  {
    name: "plru L1s under an inclusive lru L2",
    machine: machine({
      l1i: lv(2 * K, 4, 32, { policy: "plru" }), l1d: lv(4 * K, 8, 32, { policy: "plru" }),
      l2: lv(8 * K, 4, 64, { inclusion: "inclusive", latency: 12 }),
    }),
    busy: { l1d: MISS_EVICT_WB, l2: [...L2_BUSY, "backInvalidations"] },
  },
  {
    name: "128 B write-through L1d over 64 B L2 over 32 B write-through no-allocate L3, classify",
    machine: machine({
      l1i: lv(4 * K, 2, 128), l1d: lv(4 * K, 2, 128, { writeBack: false, writeAllocate: false }),
      l2: lv(8 * K, 4, 64, { latency: 12 }), l3: lv(16 * K, 4, 32, { writeBack: false, writeAllocate: false, latency: 40 }),
    }, { memory: { readLatency: 100, writeLatency: 7 }, classify: true }),
    busy: { l1d: ["missR", "missW", "writeThroughs"], l2: L2_BUSY, l3: ["missR", "missW", "writeThroughs"] },
  },
  {
    name: "exclusive write-through no-allocate L2 under write-back L1s",
    machine: machine({
      l1i: lv(2 * K, 2, 64), l1d: lv(2 * K, 2, 64),
      l2: lv(8 * K, 4, 64, { inclusion: "exclusive", writeBack: false, writeAllocate: false, latency: 12 }),
    }, { memory: { readLatency: 100, writeLatency: 5 }, classify: true }),
    busy: { l1d: MISS_EVICT_WB, l2: ["accessR", "accessW", "missR", "missW", "evictions", "writeThroughs"] },
  },
  {
    name: "no L1d: data from the core straight into an exclusive L2 under L1i",
    machine: machine({
      l1i: lv(2 * K, 2, 64), l2: lv(8 * K, 4, 64, { inclusion: "exclusive", latency: 12 }),
      l3: lv(32 * K, 8, 64, { latency: 40 }),
    }, { classify: true }),
    busy: { l1i: ["missI", "evictions"], l2: ["accessR", "accessW", "missR", "missW", "evictions", "writebacks"] },
  },
];

// ---------------------------------------------------------------- tests

function check(c: Case) {
  const refs = makeTrace(c.seed ?? 0x5eed, c.refs ?? 30000);
  const model = new ReferenceCache(c.machine);
  for (const r of refs) model.access(r.addr, r.size, r.kind);
  const core = loadCore();
  applyMachine(core, c.machine);
  simulate(core, refs);
  const expected = modelSnapshot(model);
  const actual = coreSnapshot(core);

  // The trace must have exercised the configuration (so equality means something).
  for (const [where, fields] of Object.entries(c.busy)) {
    for (const f of fields!) expect(expected[where][f], `${where}.${f} stays 0: the trace does not exercise it`).toBeGreaterThan(0);
  }
  expect(expected.global.flushes).toBeGreaterThan(0);
  expect(actual).toEqual(expected);
}

describe("generic mode against the reference model", () => {
  it("has at least a dozen configurations", () => expect(CASES.length).toBeGreaterThanOrEqual(12));
  for (const c of CASES) it(c.name, () => check(c));
});

// MEMSIM_ORACLE_SEEDS=N runs every configuration on N more traces of 60k references (a slow soak).
const extraSeeds = Number(process.env.MEMSIM_ORACLE_SEEDS ?? 0);
if (extraSeeds > 0) {
  describe("soak: more seeds", () => {
    for (let seed = 1; seed <= extraSeeds; seed++) {
      for (const c of CASES) it(`${c.name} (seed ${seed})`, () => check({ ...c, seed, refs: 60000, busy: {} }));
    }
  });
}

describe("per-reference latency of access() against the reference model", () => {
  CASES.forEach((c, i) => {
    it(c.name, () => {
      const refs = makeTrace(0xacce55 + i, 3000, false);
      const model = new ReferenceCache(c.machine);
      const core = loadCore();
      applyMachine(core, c.machine);
      const distinct = new Set<number>();
      for (let n = 0; n < refs.length; n++) {
        const r = refs[n];
        const want = model.access(r.addr, r.size, r.kind);
        const got = core.exports.access(r.addr, r.size, r.kind);
        distinct.add(want);
        if (got !== want) {
          expect.fail(`reference ${n} (${"ILSM"[r.kind]} 0x${r.addr.toString(16)},${r.size}): access() returned ${got}, the model says ${want}`);
        }
      }
      expect(distinct.size, "the latencies should vary (hits and misses)").toBeGreaterThan(2);
    });
  });
});

// ---------------------------------------------------------------- directed scenarios
// Short hand-made traces whose outcome is worked out from docs/cache-model.md by
// hand; both the model and the core must give these numbers.

const I = 0, L = 1, S = 2, M = 3, FLUSH = 4;
function both(m: MachineConfig, refs: [number, number, number][]) {
  const model = new ReferenceCache(m);
  const core = loadCore();
  applyMachine(core, m);
  const latencies = refs.map(([addr, size, kind]) => {
    const want = model.access(addr, size, kind);
    const got = kind === FLUSH ? want : core.exports.access(addr, size, kind);
    return { want, got };
  });
  // access() cannot flush: replay the whole trace through simulate() on a second core for the counters.
  const replay = loadCore();
  applyMachine(replay, m);
  simulate(replay, refs.map(([addr, size, kind]) => ({ addr, size, kind })));
  const snap = modelSnapshot(model);
  expect(coreSnapshot(replay)).toEqual(snap);
  if (!refs.some((r) => r[2] === FLUSH)) expect(latencies.map((l) => l.got)).toEqual(latencies.map((l) => l.want));
  return { snap, latencies: latencies.map((l) => l.want) };
}

describe("directed scenarios", () => {
  const base = (l1d: LevelConfig, extra: Partial<MachineConfig> = {}) =>
    machine({ l1d, l2: lv(256 * K, 8, 64, { latency: 12 }) }, extra);

  it("a straddling read is two accesses, each costing L1 + L2 + memory", () => {
    const { snap, latencies } = both(base(lv(32 * K, 8, 64)), [[60, 8, L], [60, 8, L]]);
    expect(snap.l1d.accessR).toBe(4);
    expect(snap.l1d.missR).toBe(2);
    expect(latencies).toEqual([2 * (4 + 12 + 100), 2 * 4]);
  });

  it("modify reads every line, then writes every line", () => {
    const { snap, latencies } = both(base(lv(32 * K, 8, 64)), [[120, 16, M]]);
    expect([snap.l1d.accessR, snap.l1d.missR, snap.l1d.accessW, snap.l1d.missW]).toEqual([2, 2, 2, 0]);
    expect(latencies).toEqual([2 * (4 + 12 + 100) + 2 * 4]);
  });

  it("a store covering a whole line allocates without reading it", () => {
    const { snap, latencies } = both(base(lv(32 * K, 8, 32)), [[64, 32, S], [100, 4, S]]);
    expect(snap.l1d.missW).toBe(2);
    expect(snap.l2.accessW).toBe(1); // only the partial store reads for ownership
    expect(snap.global.memReads).toBe(1);
    expect(latencies).toEqual([4, 4 + 12 + 100]);
  });

  it("without caches, memory sees each reference once, unsplit", () => {
    const m = machine({}, { memory: { readLatency: 100, writeLatency: 30 } });
    const { snap, latencies } = both(m, [[60, 8, L], [60, 8, M], [0, 4, S]]);
    expect(snap.global).toMatchObject({ memReads: 2, memReadBytes: 16, memWrites: 2, memWriteBytes: 12 });
    expect(latencies).toEqual([100, 130, 30]);
  });

  it("a flush writes dirty lines back (counted as write-backs, at the write latency) and empties the caches", () => {
    const m = base(lv(32 * K, 8, 64), { memory: { readLatency: 100, writeLatency: 9 } });
    const { snap } = both(m, [[0, 4, S], [64, 4, L], [0, 1, FLUSH], [64, 4, L]]);
    expect(snap.l1d.writebacks).toBe(1); // the store's line; L2's copy (read for ownership) is clean
    expect(snap.l2.writebacks).toBe(0);
    expect(snap.global).toMatchObject({ memWrites: 1, memWriteBytes: 64, flushes: 1, records: 4 });
    expect(snap.l1d.missR).toBe(2); // 64 misses again after the flush
    expect(snap.global.cycles).toBe(116 + 116 + 9 + 116);
  });

  it("random replacement follows xorshift32 from seed 1 (first draw 270369 -> slot 0 of 2)", () => {
    const m = machine({ l1d: lv(128, 2, 64, { policy: "random" }) });
    // blocks 0, 1 fill the free ways ([1, 0]); block 2 replaces slot 0 (block 1); block 0 hits, block 1 misses
    const { snap } = both(m, [[0, 4, L], [64, 4, L], [128, 4, L], [0, 4, L], [64, 4, L]]);
    expect(snap.l1d.missR).toBe(4);
  });

  it("tree plru picks the victim from the bits, not the true LRU line", () => {
    const m = machine({ l1d: lv(256, 4, 64, { policy: "plru" }) });
    const blocks = [0, 1, 2, 3, 0, 4, 2, 0, 3, 4, 1];
    const { snap } = both(m, blocks.map((b) => [b * 64, 4, L] as [number, number, number]));
    expect(snap.l1d.missR).toBe(7); // true LRU would miss 6 times
  });

  it("an inclusive L2 reads first, evicts, back-invalidates a dirty L1 copy and writes it back", () => {
    const m = machine({ l1d: lv(128, 2, 64), l2: lv(128, 2, 64, { inclusion: "inclusive", latency: 12 }) });
    const { snap } = both(m, [[0, 4, S], [64, 4, L], [128, 4, L]]);
    expect(snap.l2).toMatchObject({ evictions: 1, backInvalidations: 1, writebacks: 1 });
    expect(snap.l1d).toMatchObject({ evictions: 0, writebacks: 0 });
    expect(snap.global.memWrites).toBe(1);
  });

  it("a clean victim that hits a dirty line in an exclusive level leaves it dirty", () => {
    // no L1d: the store goes straight to the exclusive L2 and installs dirty there, while L1i holds a clean copy
    const m = machine({ l1i: lv(256, 1, 64), l2: lv(1024, 2, 64, { inclusion: "exclusive", latency: 12 }) });
    const { snap } = both(m, [[0, 4, I], [0, 4, S], [256, 4, I], [0x200, 4, S], [0x400, 4, S]]);
    expect(snap.l2).toMatchObject({ accessW: 4, missW: 3, evictions: 1, writebacks: 1 });
  });
});
