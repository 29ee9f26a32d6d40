// The emulated CPython 3.11 allocator (assembly/heap/, docs/heap.md): the
// sys._debugmallocstats() text against a verbatim CPython sample, pymalloc's
// rules against CPython's recorded behaviour (tests/fixtures/cpython/), and
// allocator properties under random use. Every heap access is simulated, so
// the category counters are checked too.

import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { formatMallocStats, readMallocStats, type MallocStats } from "../host/heap/mallocstats.js";
import { mulberry32 as rng } from "./helpers/random.js";

const FIXTURES = new URL("./fixtures/cpython/", import.meta.url);
const POOL = 16384;
const USABLE = POOL - 48;

function heap(limitMiB = 64): Core {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  core.check(core.exports.heapInit(limitMiB << 20, 0));
  return core;
}

const malloc = (core: Core, n: number) => core.check(core.exports.heapMalloc(n));
const free = (core: Core, p: number) => core.check(core.exports.heapFree(p));


describe("sys._debugmallocstats()", () => {
  it("the pymalloc section matches CPython 3.11's text byte for byte (from CPython's own numbers)", () => {
    const sample = JSON.parse(readFileSync(new URL("mallocstats-sample.json", FIXTURES), "utf8")).parsed;
    const text = readFileSync(new URL("mallocstats-sample.txt", FIXTURES), "utf8");
    const classes = Array.from({ length: 32 }, (_, i) => {
      const c = sample.classes[String(i)];
      return { index: i, size: (i + 1) * 16, pools: c?.pools ?? 0, inUse: c?.blocks ?? 0, avail: c?.avail ?? 0 };
    });
    const stats: MallocStats = {
      classes, arenasAllocatedTotal: sample.arenas_allocated_total, arenasHighwater: sample.arenas_highwater,
      arenasCurrent: sample.arenas_current, unusedPools: sample.unused_pools,
      unalignedArenas: sample.bytes_lost_to_arena_alignment / POOL,
    };
    const pymallocSection = text.slice(0, text.indexOf("Total") + text.slice(text.indexOf("Total")).indexOf("\n") + 1);
    expect(formatMallocStats(stats)).toBe(pymallocSection);
  });

  it("the core's lines always sum to arenas x 1 MiB", () => {
    const core = heap();
    const next = rng(7);
    const live: number[] = [];
    for (let i = 0; i < 20000; i++) {
      if (live.length && next() < 0.4) free(core, live.splice(Math.floor(next() * live.length), 1)[0]);
      else live.push(malloc(core, 1 + Math.floor(next() * 512)));
    }
    const text = formatMallocStats(readMallocStats(core));
    const current = Number(/# arenas allocated current\s+=\s+([\d,]+)/.exec(text)![1].replace(/,/g, ""));
    const total = Number(/Total\s+=\s+([\d,]+)/.exec(text)![1].replace(/,/g, ""));
    expect(current).toBeGreaterThan(0);
    expect(total).toBe(current * 1048576);
  });
});

describe("pymalloc as CPython 3.11", () => {
  it("size classes: (n - 1) >> 4, blocks per pool (16384 - 48) / size", () => {
    const core = heap();
    for (const n of [1, 16, 17, 24, 512]) {
      const before = readMallocStats(core).classes[(n - 1) >> 4];
      malloc(core, n);
      const after = readMallocStats(core).classes[(n - 1) >> 4];
      expect(after.inUse - before.inUse).toBe(1);
      if (before.pools === 0) expect(after.avail).toBe(Math.floor(USABLE / ((((n - 1) >> 4) + 1) * 16)) - 1);
    }
  });

  it("N floats' blocks (24 bytes -> 32-byte class) take pools and arenas as CPython's recorded runs do", () => {
    // patterns.json: every recorded alloc stage obeys new pools = ceil((blocks added - avail before) / blocks per pool).
    const patterns = JSON.parse(readFileSync(new URL("patterns.json", FIXTURES), "utf8"));
    expect(JSON.stringify(patterns)).toMatch(/float/);
    const core = heap();
    const per = Math.floor(USABLE / 32);
    for (const n of [1, 509, 510, 511, 10000, 100000]) {
      const fresh = heap();
      for (let i = 0; i < n; i++) malloc(fresh, 24);
      const c = readMallocStats(fresh).classes[1];
      expect([c.inUse, c.pools, c.avail]).toEqual([n, Math.ceil(n / per), Math.ceil(n / per) * per - n]);
      const s = readMallocStats(fresh);
      expect(s.arenasCurrent).toBe(Math.ceil(Math.ceil(n / per) / 63)); // arenas off pool alignment: 63 pools each
    }
    expect(core.exports.heapMallocStats()).toBe(101);
  });

  it("each pool's free list is LIFO, and no live block is handed out twice", () => {
    const core = heap(16);
    const next = rng(42);
    const live = new Set<number>();
    const freedIn = new Map<number, number[]>(); // pool -> its freed blocks, most recent last
    const liveIn = new Map<number, number>(); // pool -> live blocks
    const pool = (p: number) => Math.floor(p / POOL) * POOL;
    let checked = 0;
    for (let i = 0; i < 30000; i++) {
      if (live.size && next() < 0.45) {
        const addrs = [...live];
        const p = addrs[Math.floor(next() * addrs.length)];
        free(core, p);
        live.delete(p);
        const left = liveIn.get(pool(p))! - 1;
        liveIn.set(pool(p), left);
        // An emptied pool may be re-initialised for another class: forget its history.
        if (left === 0) freedIn.delete(pool(p));
        else freedIn.set(pool(p), [...(freedIn.get(pool(p)) ?? []), p]);
      } else {
        const p = malloc(core, 1 + Math.floor(next() * 512));
        expect(live.has(p), `block ${p.toString(16)} handed out twice`).toBe(false);
        const stack = freedIn.get(pool(p));
        if (stack?.length) {
          expect(p).toBe(stack.pop()); // the head of the pool's free list: the last block freed there
          checked++;
        }
        live.add(p);
        liveIn.set(pool(p), (liveIn.get(pool(p)) ?? 0) + 1);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    const s = readMallocStats(core);
    expect(s.classes.reduce((a, c) => a + c.inUse, 0)).toBe(live.size);
  });

  it("freeing everything returns every arena but the last", () => {
    const core = heap();
    const blocks = Array.from({ length: 100000 }, () => malloc(core, 24));
    expect(readMallocStats(core).arenasCurrent).toBe(Math.ceil(Math.ceil(100000 / 510) / 63));
    for (const p of blocks) free(core, p);
    const s = readMallocStats(core);
    expect(s.arenasCurrent).toBe(1);
    expect(s.arenasAllocatedTotal).toBe(s.arenasHighwater);
    expect(s.classes.every((c) => c.inUse === 0 && c.pools === 0)).toBe(true);
  });

  it("requests of 0 or more than 512 bytes go to the system allocator; realloc keeps a block that stays 3/4 used", () => {
    const core = heap();
    const big = malloc(core, 513);
    const zero = malloc(core, 0);
    expect(readMallocStats(core).classes.every((c) => c.inUse === 0)).toBe(true);
    free(core, big);
    expect(malloc(core, 513)).toBe(big); // the exact-size bin hands it back
    free(core, zero);
    const p = malloc(core, 64);
    expect(core.exports.heapRealloc(p, 49)).toBe(p); // 49 * 4 > 3 * 64
    const q = core.exports.heapRealloc(p, 48); // 48 * 4 = 3 * 64: moves to the 48-byte class
    expect(q).not.toBe(p);
  });

  it("the heap limit raises MemoryError, never a trap", () => {
    const core = heap(1);
    let n = 0;
    for (;;) {
      const p = core.exports.heapMalloc(512);
      if (p < 0) {
        expect(p).toBe(-71);
        break;
      }
      n++;
      if (n > 100000) throw new Error("no limit");
    }
    expect(n).toBeGreaterThan(0);
    expect(core.exports.heapFree(12345)).toBe(-73);
  });
});

describe("every access costs", () => {
  it("allocation and free are simulated through the caches and charged to their categories", () => {
    const core = heap();
    const e = core.exports;
    const ps = Array.from({ length: 1000 }, () => malloc(core, 32));
    const c1 = core.counters();
    const alloc = { refs: core.category(c1, "alloc", "references"), cycles: core.category(c1, "alloc", "cycles") };
    expect(alloc.refs).toBeGreaterThan(1000n * 4n); // pool header loads/stores and the free list per block
    expect(alloc.cycles).toBeGreaterThanOrEqual(alloc.refs * 4n); // at least an L1 hit each
    expect(core.category(c1, "free", "references")).toBe(0n);
    for (const p of ps) free(core, p);
    const c2 = core.counters();
    expect(core.category(c2, "free", "references")).toBeGreaterThan(1000n * 4n);
    expect(core.global(c2, "records")).toBe(core.category(c2, "alloc", "references") + core.category(c2, "free", "references"));
    expect(e.heapMalloc(16)).toBeGreaterThan(0);
  });

  it("needs heapInit after every initMachine", () => {
    const core = heap();
    applyMachine(core, defaultMachine());
    expect(core.exports.heapMalloc(16)).toBe(-72);
  });
});

describe("heap-churn", () => {
  it("keeps `live` blocks live, charges alloc and free, and reports the split", async () => {
    const { runWorkload } = await import("../host/workloads/workloads.js");
    const { buildReport } = await import("../host/report/trace-report.js");
    const core = loadCore();
    const m = defaultMachine();
    applyMachine(core, m);
    runWorkload(core, "heap-churn", { live: 2000, pairs: 20000, size: 200 });
    const s = readMallocStats(core);
    expect(s.classes.reduce((a, c) => a + c.inUse, 0)).toBe(2000);
    const r = buildReport(core, m, "heap-churn", "synthetic");
    expect(r.heap!.alloc.references).toBeGreaterThan(22000 * 4);
    expect(r.heap!.free.references).toBeGreaterThan(20000 * 4);
    expect(r.heap!.alloc.cycles + r.heap!.free.cycles).toBe(r.memoryCycles);
    expect(r.records).toBe(r.heap!.alloc.references + r.heap!.free.references);
  });

  it("the CLI names the limit when the heap runs out", async () => {
    const { memsim } = await import("./helpers/run.js");
    const r = memsim(["run", "heap-churn", "--live", "100000", "--pairs", "10", "--limit", "1M"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/heap-churn: MemoryError: the emulated heap's limit is reached/);
    expect(memsim(["run", "heap-churn", "--limit", "1500K"]).stderr).toMatch(/--limit: the heap limit must be whole MiB/);
  });
});
