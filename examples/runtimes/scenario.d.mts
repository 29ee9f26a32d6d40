// Types for scenario.mjs (plain JavaScript), for TypeScript callers such as tests/runtimes.test.ts.

/** The exports scenario.mjs uses; a memsim.wasm instance's exports satisfy it. */
export interface ScenarioExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  inputPtr(): number;
  inputCapacity(): number;
  statsPtr(): number;
  statsCount(): number;
  statsSchemaPtr(): number;
  statsSchemaLength(): number;
  memoryClock(): number;
  simulate(n: number): number;
  errorRecord(): number;
  [name: string]: unknown;
}

export interface ScenarioOptions {
  name: string;
  traceRecords: number;
  chunkRecords: number;
  traceSeed: number;
  /** [kind, p0, p1, p2, p3, seed] for runWorkload, in order. */
  workloads: number[][];
  cachegrindWorkload: number[];
}

export type Step =
  | { op: "call"; fn: string; args: number[]; expect?: number }
  | { op: "trace"; records: number; chunk: number; seed: number }
  | { op: "snapshot"; label: string };

export interface Snapshot {
  label: string;
  memoryClock: number;
  /** Non-zero counters by name (levels as "l1d.missR"). */
  counters: Record<string, bigint>;
}

export interface TraceGenerator { s: number; pc: number; stream: number }

export const ABI_VERSION: number;
export const FULL: ScenarioOptions;
export const SMALL: ScenarioOptions;
export function scenarioSteps(options?: ScenarioOptions): Step[];
export function traceGenerator(seed: number): TraceGenerator;
export function writeRecords(view: DataView, offset: number, n: number, g: TraceGenerator): void;
export function snapshotBytes(exports: ScenarioExports): number;
export function runSteps(exports: ScenarioExports, steps: Step[], onCall?: (step: Step, result: unknown) => void): Uint8Array;
export function runScenario(exports: ScenarioExports, options?: ScenarioOptions): Uint8Array;
export function counterNames(exports: ScenarioExports): string[];
export function describeResult(exports: ScenarioExports, bytes: Uint8Array, steps?: Step[]): Snapshot[];
export function toHex(bytes: Uint8Array): string;
export function sha256Hex(bytes: Uint8Array): Promise<string>;
export function formatReport(runtime: string, exports: ScenarioExports, bytes: Uint8Array, options?: ScenarioOptions,
  ms?: number, flags?: { hex?: boolean }): Promise<string>;
