// The emulated heap's costed accesses (assembly/heap/memory.ts): the narrow
// loads and stores, heapCopy and heapFill, and category charging without a
// flush per operation. These functions are internal to the core, so the test
// compiles a probe module: the whole ABI plus a few exports that call them.

import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Core } from "../host/core.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { defaultVm } from "../host/config/vm.js";
import { loadCore } from "../host/core-node.js";
import { runWorkload } from "../host/workloads/workloads.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PROBE = "assembly/heap/__probe.ts";
const PROBE_SOURCE = `
export * from "../index";
import {
  beginCategory, endCategory, heapSync, heapLoad64, heapStore64, heapLoad32, heapStore32,
  heapLoad16, heapStore16, heapLoad8, heapStore8, heapCopy, heapFill, linear, RUNTIME_BASE,
} from "./memory";
export function probeBegin(c: i32): i32 { return beginCategory(c); }
export function probeEnd(previous: i32): void { endCategory(previous); }
export function probeSync(): i32 { return heapSync() ? 0 : -67; }
export function probeRuntimeBase(): f64 { return <f64>RUNTIME_BASE; }
export function probeLoad(width: i32, addr: f64): f64 {
  const a = <u64>addr;
  if (width == 1) return <f64>heapLoad8(a);
  if (width == 2) return <f64>heapLoad16(a);
  if (width == 4) return <f64>heapLoad32(a);
  return <f64>heapLoad64(a);
}
export function probeStore(width: i32, addr: f64, value: f64): void {
  const a = <u64>addr;
  if (width == 1) heapStore8(a, <u32>value);
  else if (width == 2) heapStore16(a, <u32>value);
  else if (width == 4) heapStore32(a, <u32>value);
  else heapStore64(a, <u64>value);
}
export function probeCopy(dst: f64, src: f64, bytes: f64): void { heapCopy(<u64>dst, <u64>src, <u64>bytes); }
export function probeFill(dst: f64, byte: i32, bytes: f64): void { heapFill(<u64>dst, <u32>byte, <u64>bytes); }
export function probePeek8(addr: f64): i32 { return <i32>load<u8>(linear(<u64>addr)); }
`;

interface Probe {
  probeBegin(c: number): number;
  probeEnd(previous: number): void;
  probeSync(): number;
  probeRuntimeBase(): number;
  probeLoad(width: number, addr: number): number;
  probeStore(width: number, addr: number, value: number): void;
  probeCopy(dst: number, src: number, bytes: number): void;
  probeFill(dst: number, byte: number, bytes: number): void;
  probePeek8(addr: number): number;
}

let probeModule: WebAssembly.Module;

beforeAll(async () => {
  const asc = (await import("assemblyscript/asc")).default;
  let binary: Uint8Array | undefined;
  const stderr: string[] = [];
  const { error } = await asc.main([PROBE, "--runtime", "stub", "--use", "abort=", "--initialMemory", "160",
    "--enable", "simd,bulk-memory", "-O1", "--noAssert", "--outFile", "probe.wasm"], {
    readFile: (name: string, baseDir: string) => {
      if (name === PROBE) return PROBE_SOURCE;
      try {
        return readFileSync(`${baseDir}/${name}`, "utf8");
      } catch {
        return null;
      }
    },
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith(".wasm")) binary = contents as Uint8Array;
    },
    listFiles: () => [],
    stdout: { write: () => true } as never,
    stderr: { write: (s: string) => { stderr.push(String(s)); return true; } } as never,
  } as never);
  if (error || !binary) throw new Error(`probe build failed: ${error}\n${stderr.join("")}`);
  probeModule = new WebAssembly.Module(new Uint8Array(binary));
}, 120_000);

const MUTATOR = 0;

function probe(machine = defaultMachine()): { core: Core; p: Probe; base: number } {
  const core = Core.fromModule(probeModule);
  applyMachine(core, machine);
  core.check(core.exports.heapInit(8 << 20, 0));
  const p = core.exports as unknown as Probe;
  // Data in the runtime region, past everything the allocators use.
  return { core, p, base: p.probeRuntimeBase() + (32 << 20) };
}

/** Run `body` as one mutator operation, simulate, and return what it added to the counters. */
function measured(core: Core, p: Probe, body: () => void) {
  const before = core.counters();
  const previous = p.probeBegin(MUTATOR);
  body();
  p.probeEnd(previous);
  expect(p.probeSync()).toBe(0);
  const after = core.counters();
  const d = (f: (c: BigUint64Array) => bigint) => Number(f(after) - f(before));
  return {
    records: d((c) => core.global(c, "records")),
    reads: d((c) => core.level(c, 1, "accessR")),
    writes: d((c) => core.level(c, 1, "accessW")),
    mutator: d((c) => core.category(c, "mutator", "references")),
    mutatorCycles: d((c) => core.category(c, "mutator", "cycles")),
    cycles: d((c) => core.global(c, "cycles")),
  };
}

describe("costed accesses of every width", () => {
  it("8- and 16-bit loads and stores: the bytes, one record each of that size, charged to the category", () => {
    const { core, p, base } = probe();
    const m = measured(core, p, () => {
      p.probeStore(1, base + 1, 0x1ab); // truncated to a byte
      p.probeStore(2, base + 2, 0xbeef);
      expect(p.probeLoad(1, base + 1)).toBe(0xab);
      expect(p.probeLoad(2, base + 2)).toBe(0xbeef);
      expect(p.probeLoad(1, base + 3)).toBe(0xbe);
      expect(p.probeLoad(4, base)).toBe(0xbeefab00);
    });
    expect(m).toMatchObject({ records: 6, reads: 4, writes: 2, mutator: 6 });
    expect(m.mutatorCycles).toBe(m.cycles);
    // A 16-bit access at a line's last byte spans two lines: two accesses (the size is in the record).
    const s = measured(core, p, () => p.probeLoad(2, base + 63));
    expect(s).toMatchObject({ records: 1, reads: 2 });
    expect(measured(core, p, () => p.probeLoad(1, base + 63))).toMatchObject({ records: 1, reads: 1 });
  });
});

describe("heapCopy and heapFill", () => {
  it("an aligned copy of n bytes is ceil(n/32) vector loads and ceil(n/32) stores (glibc's AVX2 memmove), and copies the bytes", () => {
    const { core, p, base } = probe();
    for (let i = 0; i < 100; i++) p.probeStore(1, base + i, (i * 7 + 3) & 0xff);
    expect(p.probeSync()).toBe(0);
    const m = measured(core, p, () => p.probeCopy(base + 4096, base, 100));
    expect(m).toMatchObject({ records: 8, reads: 4, writes: 4, mutator: 8 }); // 32 + 32 + 32 + 4 bytes
    for (let i = 0; i < 100; i++) expect(p.probePeek8(base + 4096 + i)).toBe((i * 7 + 3) & 0xff);
    expect(p.probePeek8(base + 4096 + 100)).toBe(0);
    expect(measured(core, p, () => p.probeCopy(base, base + 8192, 0))).toMatchObject({ records: 0 });
  });

  it("pieces follow the destination's 32-byte vectors; overlapping ranges copy as memmove does", () => {
    const { core, p, base } = probe();
    // dst = base + 20, 50 bytes: pieces of 12, 32 and 6 bytes; 20 bytes inside one vector: one piece.
    const m = measured(core, p, () => p.probeCopy(base + 20, base + 1024, 50));
    expect(m).toMatchObject({ records: 6, reads: 3, writes: 3 });
    expect(measured(core, p, () => p.probeCopy(base + 3, base + 1024, 20))).toMatchObject({ records: 2, reads: 1, writes: 1 });
    for (let i = 0; i < 32; i++) p.probeStore(1, base + 2048 + i, i + 1);
    p.probeCopy(base + 2048 + 8, base + 2048, 32); // forwards overlap
    for (let i = 0; i < 32; i++) expect(p.probePeek8(base + 2048 + 8 + i)).toBe(i + 1);
    expect(p.probeSync()).toBe(0);
  });

  it("a fill of n aligned bytes is ceil(n/32) stores", () => {
    const { core, p, base } = probe();
    const m = measured(core, p, () => p.probeFill(base + 64, 0xab, 100));
    expect(m).toMatchObject({ records: 4, reads: 0, writes: 4, mutator: 4 });
    for (let i = 0; i < 100; i++) expect(p.probePeek8(base + 64 + i)).toBe(0xab);
    expect(p.probePeek8(base + 164)).toBe(0);
    expect(measured(core, p, () => p.probeFill(base + 28, 0, 9))).toMatchObject({ records: 2, writes: 2 }); // 4 + 5 bytes
  });
});

describe("categories without a flush per operation", () => {
  it("nested operations charge each access to the category current when it was made; nothing outside is charged", () => {
    const { core, p, base } = probe();
    const before = core.counters();
    const a = p.probeBegin(1); // alloc
    p.probeLoad(8, base);
    const b = p.probeBegin(3); // refcount, inside
    p.probeStore(8, base + 8, 1);
    p.probeStore(8, base + 16, 1);
    p.probeEnd(b);
    p.probeLoad(8, base + 24);
    p.probeEnd(a);
    p.probeLoad(8, base + 32); // outside any operation: no category
    expect(p.probeSync()).toBe(0);
    core.exports.access(0x1000_0000, 8, 1); // not the heap's
    const after = core.counters();
    const refs = (name: string) => Number(core.category(after, name, "references") - core.category(before, name, "references"));
    expect([refs("mutator"), refs("alloc"), refs("free"), refs("refcount"), refs("gc")]).toEqual([0, 2, 0, 2, 0]);
    expect(Number(core.global(after, "records") - core.global(before, "records"))).toBe(6);
  });

  it("heap-churn: every reference is charged once, and alloc + free cycles are all the cycles", () => {
    const core = loadCore();
    applyMachine(core, defaultMachine());
    runWorkload(core, "heap-churn", { live: 3000, pairs: 100_000, size: 300 }); // > one 65,536-record batch
    const c = core.counters();
    const cat = (n: string, f: string) => core.category(c, n, f);
    expect(cat("alloc", "references") + cat("free", "references")).toBe(core.global(c, "records"));
    expect(cat("alloc", "cycles") + cat("free", "cycles")).toBe(core.global(c, "cycles"));
    expect(cat("alloc", "memReads") + cat("free", "memReads")).toBe(core.global(c, "memReads"));
  });

  it("heap-churn's slots are reserved: with the 3C classification on (its tables grow as it runs) it completes, 3C summing to the misses", () => {
    const core = loadCore();
    applyMachine(core, { ...defaultMachine(), classify: true });
    core.check(core.exports.heapInit(64 << 20, 0));
    // (the slots used to lie above the arena's top, where the classifier's growing table then landed)
    expect(core.exports.runWorkload(9, 2000, 40_000, 200, 64 << 20, 7)).toBe(0);
    const c = core.counters();
    for (const l of [1, 2]) {
      const misses = core.level(c, l, "missR") + core.level(c, l, "missW");
      const threeC = core.level(c, l, "compulsory") + core.level(c, l, "capacity") + BigInt.asIntN(64, core.level(c, l, "conflict"));
      expect(threeC).toBe(misses);
      expect(misses).toBeGreaterThan(0n);
    }
  });

  it("swap full still stops heap-churn and fails the call with -67; later heap calls fail too", () => {
    const core = loadCore();
    const m = defaultMachine();
    m.vm = { ...defaultVm(128 << 10), swapBytes: 256 << 10 };
    applyMachine(core, m);
    core.check(core.exports.heapInit(64 << 20, 0));
    expect(core.exports.runWorkload(9, 20000, 1000, 64, 64 << 20, 1)).toBe(-67);
    const c = core.counters();
    expect(core.global(c, "records")).toBeGreaterThan(0n);
    expect(core.category(c, "alloc", "references") + core.category(c, "free", "references")).toBe(core.global(c, "records"));
    expect(core.exports.heapMalloc(16)).toBe(-67);
  });
});
