// The library API: `new Machine(config)` and everything a program needs to
// drive memsim without the CLI: single references, packed records, Lackey text,
// synthetic workloads, and the same report the CLI prints. The module loader is
// the platform's (host/index.ts for Node, host/browser.ts for browsers); the
// rest is shared.

import { Core, CoreError } from "./core.js";
import { applyMachine, defaultMachine, type MachineConfig } from "./config/machine.js";
import { preset } from "./config/presets.js";
import { runWorkload } from "./workloads/workloads.js";
import { buildReport, formatReport, type TraceReport } from "./report/trace-report.js";
import { replay } from "./trace/replay.js";
import { MemorySource } from "./trace/memory-source.js";
import type { TraceFormat } from "./trace/format.js";

export type AccessKind = "I" | "L" | "S" | "M";
const KINDS: Record<AccessKind, number> = { I: 0, L: 1, S: 2, M: 3 };

let coreLoader: (() => Core) | undefined;

/** The platform entry point says how to instantiate the module. */
export function setCoreLoader(load: () => Core): void {
  coreLoader = load;
}

/** A configured emulated machine: its caches, memory, storage and counters. */
export class Machine {
  readonly core: Core;
  private machine: MachineConfig;

  /** A machine from a preset name ("default", "desktop-2020", ...) or a whole MachineConfig. */
  constructor(config: MachineConfig | string = "default") {
    if (!coreLoader) throw new Error("memsim: import Machine from 'memsim' (Node) or 'memsim/browser'");
    this.core = coreLoader();
    this.machine = typeof config === "string" ? preset(config) : config;
    applyMachine(this.core, this.machine);
  }

  get config(): MachineConfig {
    return this.machine;
  }

  /** Change the machine; every counter and all state start again. */
  configure(config: MachineConfig | string): void {
    const next = typeof config === "string" ? preset(config) : config;
    applyMachine(this.core, next);
    this.machine = next;
  }

  /** Cold caches, zero counters, time 0: the same machine again. */
  reset(): void {
    applyMachine(this.core, this.machine);
  }

  /** One reference (generic mode); returns its cycles. */
  access(address: number, size: number, kind: AccessKind = "L"): number {
    return this.core.check(this.core.exports.access(address, size, KINDS[kind]));
  }

  /** Packed records (docs/abi.md), any number: simulated in chunks of the input buffer. */
  simulate(records: BigUint64Array): void {
    const e = this.core.exports;
    const per = e.inputCapacity() >> 3;
    for (let off = 0; off < records.length; off += per) {
      const chunk = records.subarray(off, Math.min(off + per, records.length));
      new BigUint64Array(e.memory.buffer, e.inputPtr(), chunk.length).set(chunk);
      const code = e.simulate(chunk.length);
      if (code < 0) throw new CoreError(code, `record ${off + e.errorRecord()}: ${new CoreError(code).message}`);
    }
  }

  /**
   * Replay a trace held in memory (Lackey, din, Dinero IV or memsim binary;
   * gzip is not decoded here) and return the report of everything simulated so far.
   */
  async trace(data: string | Uint8Array, format: TraceFormat | "auto" = "auto", name = "trace"): Promise<TraceReport> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const result = await replay(this.core, new MemorySource(name, bytes), format);
    return this.report(name, result.format);
  }

  /** Run a synthetic workload (docs/workloads.md) and return the report of everything simulated so far. */
  run(workload: string, params: Record<string, number | string> = {}): TraceReport {
    runWorkload(this.core, workload, params);
    return this.report(`workload ${workload}`, "synthetic");
  }

  /** The report of everything simulated since the machine was configured (as `memsim ... --json`). */
  report(label = "machine", format = "api"): TraceReport {
    return buildReport(this.core, this.machine, label, format);
  }

  /** The report as the CLI prints it. */
  text(label = "machine", format = "api"): string {
    return formatReport(this.report(label, format));
  }

  /** Every global counter by name (the stats block, docs/abi.md). */
  counters(): Record<string, bigint> {
    const c = this.core.counters();
    return Object.fromEntries(this.core.schema.global.map((name) => [name, this.core.global(c, name)]));
  }
}

export { defaultMachine };
export type { MachineConfig, TraceReport };
