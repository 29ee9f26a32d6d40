// Virtual memory (assembly/memory/vm.ts, docs/storage.md) through the real
// record path, on a machine with no caches and fixed-latency memory, so that
// each record's cycles are its faults plus 100 (a read) or 0 (a posted write).
// Fault counts and costs are checked against an independent reference
// (tests/oracle/vm.ts) driving the reference SSD (tests/oracle/ssd.ts), and
// against closed forms from the storage model's own formulas.

import { describe, it, expect } from "vitest";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import { applyMachine, type MachineConfig } from "../host/config/machine.js";
import { ssdPreset, type SsdConfig } from "../host/config/ssd.js";
import { hddPreset } from "../host/config/hdd.js";
import { defaultVm, type VmConfig } from "../host/config/vm.js";
import { runWorkload } from "../host/workloads/workloads.js";
import { buildReport } from "../host/report/trace-report.js";
import { ConfigError } from "../host/config/level.js";
import { SsdOracle } from "./oracle/ssd.js";
import { VmOracle } from "./oracle/vm.js";
import { memsim } from "./helpers/run.js";
import { mulberry32 as rng } from "./helpers/random.js";

const PAGE = 4096;
const MHZ = 1000; // one cycle per ns
const READ = 1;
const WRITE = 2;
const MEMORY_READ = 100;

/** A small SSD: 2 channels x 1 die x 1 plane, 16 blocks of 8 pages of 8 KiB. */
const SSD: SsdConfig = {
  kind: "ssd", name: "small",
  channels: 2, diesPerChannel: 1, planesPerDie: 1, blocksPerPlane: 16, pagesPerBlock: 8, pageBytes: 8192,
  readNs: 50_000, programNs: 500_000, eraseNs: 3_000_000, channelMBps: 800,
  overProvision: 0.2, gcThreshold: 0.05, fill: 0.5,
};

function machine(vm: Partial<VmConfig> & { ramBytes: number }, storage = SSD as MachineConfig["storage"]): MachineConfig {
  return {
    mode: "generic", levels: {}, memory: { readLatency: MEMORY_READ, writeLatency: 0 }, classify: false,
    coreMHz: MHZ, cpi: 1, storage, vm: { ...defaultVm(vm.ramBytes), ...vm },
  };
}

function coreFor(m: MachineConfig): Core {
  const core = loadCore();
  applyMachine(core, m);
  return core;
}

function pack(addr: number, size: number, kind: number): bigint {
  return BigInt(addr) | (BigInt(size - 1) << 48n) | (BigInt(kind) << 60n);
}

/** Simulate records; the core's return code. */
function simulate(core: Core, records: bigint[]): number {
  new BigUint64Array(core.input().buffer, core.exports.inputPtr(), records.length).set(records);
  return core.exports.simulate(records.length);
}

function counters(core: Core): Record<string, number> {
  const c = core.counters();
  return Object.fromEntries(core.schema.global.map((n) => [n, Number(core.global(c, n))]));
}


describe("page faults against the reference", () => {
  for (const policy of ["lru", "clock"] as const) {
    for (const [frames, pages] of [[4, 12], [16, 40], [32, 33]] as const) {
      it(`${policy}: ${frames} frames, ${pages} pages, reads and writes with locality`, () => {
        const m = machine({ ramBytes: frames * PAGE, swapBytes: 64 * PAGE, replacement: policy, faultNs: 1500 });
        const core = coreFor(m);
        const ssd = new SsdOracle(SSD, MHZ);
        const vm = new VmOracle(PAGE, frames, 64, policy, 1500, (o, b, w, t) => ssd.request(o, b, w, t));
        const next = rng(frames * 1000 + pages);
        const records: bigint[] = [];
        let now = 0;
        let hot = 0;
        for (let i = 0; i < 4000; i++) {
          if (next() < 0.1) hot = Math.floor(next() * pages);
          const page = next() < 0.7 ? hot : Math.floor(next() * pages);
          const addr = 0x10000000 + page * PAGE + Math.floor(next() * PAGE) - (next() < 0.02 ? 4 : 0); // a few straddle two pages
          const write = next() < 0.3;
          records.push(pack(addr, 8, write ? WRITE : READ));
          const c = vm.touch(addr, 8, write, now);
          if (c === "full") throw new Error("the reference ran out of swap");
          now += c + (write ? 0 : MEMORY_READ);
        }
        expect(simulate(core, records)).toBe(0);
        const k = counters(core);
        expect({
          pageFaults: k.pageFaults, minorFaults: k.minorFaults, pageEvictions: k.pageEvictions, pageWritebacks: k.pageWritebacks,
          faultCycles: k.faultCycles, storageReads: k.storageReads, storageWrites: k.storageWrites,
        }).toEqual(vm.counters);
        expect(k.pageEvictions).toBeGreaterThan(0);
        expect(k.cycles).toBe(now);
        expect(core.exports.memoryClock()).toBe(now);
      });
    }
  }
});

describe("fault costs from the storage formulas", () => {
  const cycles = (ns: number) => Math.ceil((ns * MHZ) / 1000);
  const xfer = cycles((UNIT_BYTES() * 1000) / SSD.channelMBps);
  function UNIT_BYTES() {
    return 4096;
  }

  it("a first touch is a minor fault: the handler's time only, no I/O", () => {
    const core = coreFor(machine({ ramBytes: 4 * PAGE, faultNs: 2000 }));
    expect(simulate(core, [pack(0x10000000, 8, READ)])).toBe(0);
    const k = counters(core);
    expect([k.minorFaults, k.pageFaults, k.storageReads]).toEqual([1, 0, 0]);
    expect(k.cycles).toBe(cycles(2000) + MEMORY_READ);
  });

  it("a dirty page evicted and touched again: write-back, then a read that waits for the flash array", () => {
    // One frame: page A is written (dirty), page B evicts it (A goes to swap slot 0), A comes back (B is clean: dropped).
    const handler = 1000;
    const core = coreFor(machine({ ramBytes: PAGE, faultNs: handler }));
    const a = 0x10000000, b = a + PAGE;
    expect(simulate(core, [pack(a, 8, WRITE), pack(b, 8, READ)])).toBe(0);
    const before = counters(core);
    // B's fault wrote A to slot 0 (swap starts at device byte 0): a write of one unit that does not fill a
    // flash page costs only its channel transfer.
    expect(before.faultCycles).toBe(2 * cycles(handler) + xfer);
    expect(before.pageWritebacks).toBe(1);
    expect(simulate(core, [pack(a, 8, READ)])).toBe(0);
    const k = counters(core);
    expect([k.pageFaults, k.minorFaults, k.pageEvictions, k.pageWritebacks]).toEqual([1, 2, 2, 1]);
    // A sits in the open (unprogrammed) flash page: served from the page buffer, one channel transfer.
    expect(k.faultCycles - before.faultCycles).toBe(cycles(handler) + xfer);
  });

  it("a page read from programmed flash costs tRead + transfer on an idle drive", () => {
    // file-read maps a file after the swap area; with fill 0.5 the file's first units are preconditioned data.
    const core = coreFor(machine({ ramBytes: 64 * PAGE, swapBytes: 4 * PAGE, faultNs: 0 }));
    runWorkload(core, "file-read", { size: PAGE, chunk: 8, passes: 1 });
    const k = counters(core);
    expect([k.pageFaults, k.storageReads, k.storageReadBytes]).toEqual([1, 1, PAGE]);
    expect(k.storageCycles).toBe(cycles(SSD.readNs) + xfer);
  });

  it("on an HDD the same fault pays seek, rotation and transfer, as the drive's counters add up", () => {
    const core = coreFor(machine({ ramBytes: 64 * PAGE, swapBytes: 4 * PAGE, faultNs: 0 }, hddPreset("hdd-7200")));
    runWorkload(core, "file-read", { size: 16 * PAGE, chunk: 4096, passes: 1 });
    const k = counters(core);
    expect(k.pageFaults).toBe(16);
    expect(k.storageCycles).toBe(k.hddSeekCycles + k.hddRotationCycles + k.hddTransferCycles);
    expect(k.faultCycles).toBe(k.storageCycles);
    // Sequential pages after the first cost only their transfer (the drive's read-ahead).
    expect(k.hddSeeks).toBeLessThanOrEqual(1);
  });
});

describe("file-read through the page cache", () => {
  it("a file that fits in RAM faults once per page; the second pass hits the page cache", () => {
    const file = 256 * PAGE;
    const core = coreFor(machine({ ramBytes: 512 * PAGE, swapBytes: 16 * PAGE }));
    runWorkload(core, "file-read", { size: file, passes: 3 });
    const k = counters(core);
    expect(k.pageFaults).toBe(file / PAGE);
    expect(k.storageReadBytes).toBe(file);
    expect(k.storageWrites).toBe(0);
  });

  it("a file larger than RAM read sequentially under LRU faults on every page of every pass", () => {
    const file = 256 * PAGE;
    const core = coreFor(machine({ ramBytes: 128 * PAGE, swapBytes: 16 * PAGE }));
    runWorkload(core, "file-read", { size: file, passes: 3 });
    const k = counters(core);
    expect(k.pageFaults).toBe(3 * (file / PAGE));
    expect(k.pageWritebacks).toBe(0); // file pages are clean: dropped, never written
  });

  it("needs virtual memory, and a file that fits on the device", () => {
    const noVm = loadCore();
    applyMachine(noVm, { ...machine({ ramBytes: PAGE }), vm: undefined });
    expect(() => runWorkload(noVm, "file-read", {})).toThrow(/needs virtual memory/);
    const core = coreFor(machine({ ramBytes: 64 * PAGE }));
    expect(() => runWorkload(core, "file-read", { size: 1 << 30 })).toThrow(/fit on the device/);
  });
});

describe("bad input", () => {
  it("swap is full: simulate stops at the record that cannot be paged in", () => {
    const core = coreFor(machine({ ramBytes: 2 * PAGE, swapBytes: 2 * PAGE }));
    const records = Array.from({ length: 8 }, (_, i) => pack(0x10000000 + i * PAGE, 8, WRITE));
    expect(simulate(core, records)).toBe(-67);
    expect(core.exports.errorRecord()).toBe(4); // 2 in RAM + 2 in swap; the fifth dirty page has nowhere to go
    expect(counters(core).records).toBe(4);
  });

  it("the CLI names the option and exits 2", () => {
    const full = memsim(["run", "stencil", "--n", "512", "--ram", "256K", "--swap", "256K"]);
    expect(full.status).toBe(2);
    expect(full.stderr).toMatch(/swap is full: the run touches more pages than RAM plus swap hold/);
    // A trace: 16 pages of RAM and 16 of swap hold 32 dirty pages; the 33rd store has nowhere to go.
    const stores = Array.from({ length: 100 }, (_, i) => ` S ${(0x10000000 + i * PAGE).toString(16)},8`).join("\n") + "\n";
    const trace = memsim(["trace", "-", "--ram", "64K", "--swap", "64K"], stores);
    expect(trace.status).toBe(2);
    expect(trace.stderr).toMatch(/<stdin>: swap is full: .* \(after 32 references; a larger --swap or --ram\)/);
    expect(memsim(["run", "sequential", "--ram", "1K"]).stderr).toMatch(/--ram: RAM must hold at least one 4K page/);
    expect(memsim(["run", "sequential", "--ram", "1M", "--page-size", "3000"]).stderr).toMatch(/--page-size: the page size must be a power of two/);
    expect(memsim(["run", "sequential", "--ram", "1M", "--page-policy", "fifo"]).stderr).toMatch(/--page-policy: 'fifo' must be lru or clock/);
    expect(memsim(["run", "sequential", "--swap", "1M"]).stderr).toMatch(/--swap needs --ram SIZE/);
    expect(memsim(["run", "sequential", "--ram", "1M", "--storage", "floppy"]).stderr).toMatch(/unknown device 'floppy'/);
    expect(memsim(["run", "sequential", "--ram", "1M", "--storage", "hdd-7200", "--ssd-fill", "0.9"]).stderr).toMatch(/--ssd-fill: the storage device is not an SSD/);
    expect(memsim(["run", "sequential", "--ram", "1M", "--swap", "2T"]).stderr).toMatch(/--swap/);
    expect(memsim(["trace", "-", "--cachegrind", "--ram", "1M"], "").stderr).toMatch(/--ram: cachegrind mode has no timing/);
  });

  it("the core rejects impossible virtual memory", () => {
    const e = loadCore().exports;
    expect(e.configureVm(3000, 1 << 20, 0, 0, 0, MHZ)).toBe(-68); // page not a power of two
    expect(e.configureVm(4096, 1000, 0, 0, 0, MHZ)).toBe(-68); // RAM below one page
    expect(e.configureVm(4096, 1 << 20, 0, 2, 0, MHZ)).toBe(-68); // unknown policy
    expect(e.configureVm(4096, 1 << 20, 2 ** 50, 0, 0, MHZ)).toBe(-69); // swap beyond 2^24 pages
    expect(e.configureVm(4096, 1 << 20, 0, 0, 0, MHZ)).toBe(0);
    expect(e.initMachine(0)).toBe(-69); // virtual memory without a device
  });
});

describe("the report", () => {
  it("breaks the core's cycles down into CPI, levels, memory and page faults that add up", () => {
    const m: MachineConfig = { ...machine({ ramBytes: 64 * PAGE, swapBytes: 256 * PAGE }), levels: {
      l1i: { size: 32768, assoc: 8, line: 64, latency: 4, policy: "lru", writeBack: true, writeAllocate: true, inclusion: "nine", seed: 1 },
      l1d: { size: 32768, assoc: 8, line: 64, latency: 4, policy: "lru", writeBack: true, writeAllocate: true, inclusion: "nine", seed: 1 },
      l2: { size: 262144, assoc: 8, line: 64, latency: 12, policy: "lru", writeBack: true, writeAllocate: true, inclusion: "nine", seed: 1 },
    } };
    const core = coreFor(m);
    runWorkload(core, "stencil", { n: 200, iterations: 2 });
    const r = buildReport(core, m, "stencil", "synthetic");
    const b = r.breakdown!;
    expect(b.base + Object.values(b.levels).reduce((a, x) => a + x!, 0) + b.memory + b.pageFaults).toBe(r.cycles);
    expect(r.pageFaults!.major).toBeGreaterThan(0);
    expect(b.pageFaults).toBe(r.pageFaults!.cycles);
    // Per level: bytes in are whole lines fetched; L2's writes are L1d's write-backs plus the fetches of its
    // store misses (counted by the kind of reference that caused them).
    const [, l1d, l2] = r.levels;
    expect(l1d.bytesIn).toBe(64 * l1d.misses.total);
    expect(l2.accesses.write).toBe(l1d.writebacks + l1d.misses.write);
    expect(l1d.bytesOut).toBe(64 * l1d.writebacks);
    // The memory clock follows the core: floor(instructions x CPI) + stalls (the report rounds the base up).
    expect(core.exports.memoryClock()).toBe(r.cycles);
  });
});

describe("the ABI around virtual memory", () => {
  it("access() returns swap full as its error code", () => {
    const e = coreFor(machine({ ramBytes: PAGE, swapBytes: PAGE })).exports;
    expect(e.access(0x10000000, 8, WRITE)).toBeGreaterThanOrEqual(0); // minor fault
    expect(e.access(0x10000000 + PAGE, 8, WRITE)).toBeGreaterThanOrEqual(0); // the first page goes to the one swap slot
    expect(e.access(0x10000000 + 2 * PAGE, 8, WRITE)).toBe(-67); // the second has nowhere to go
  });

  it("changing the device or paging of a built machine stops it until initMachine", () => {
    const core = coreFor(machine({ ramBytes: 4 * PAGE }));
    const e = core.exports;
    expect(e.configureVm(PAGE, 8 * PAGE, 0, 0, 0, MHZ)).toBe(0);
    expect(simulate(core, [pack(0x10000000, 8, READ)])).toBe(-18);
    expect(e.initMachine(0)).toBe(0);
    expect(simulate(core, [pack(0x10000000, 8, READ)])).toBe(0);
  });

  it("a new base CPI applies from then on: the clock never runs backwards", () => {
    const core = coreFor({ ...machine({ ramBytes: PAGE }), vm: undefined, levels: {} });
    const e = core.exports;
    const fetches = (n: number) => Array.from({ length: n }, (_, i) => pack(0x400000 + 4 * i, 4, 0));
    expect(e.setBaseCpi(2.5)).toBe(0);
    simulate(core, fetches(10));
    const before = e.memoryClock();
    expect(e.setBaseCpi(1)).toBe(0);
    simulate(core, fetches(3));
    // 10 fetches at 2.5, then 3 at 1, each also paying the 100-cycle memory read (no caches).
    expect(before).toBe(25 + 10 * MEMORY_READ);
    expect(e.memoryClock()).toBe(before + 3 + 3 * MEMORY_READ);
  });

  it("storageIo has no device in cachegrind mode", () => {
    const core = coreFor(machine({ ramBytes: 4 * PAGE }));
    const e = core.exports;
    e.resetMachine();
    for (let l = 0; l < 3; l++) e.configureLevel(l, 32768, 8, 64, 0, 0, 1, 1, 0, 0);
    expect(e.initMachine(1)).toBe(0);
    expect(e.storageIo(0, 4096, 0, 0)).toBe(-19);
  });
});
