// Synthetic workloads: the typed table of the kernels the core generates
// (assembly/workloads/, docs/workloads.md), parameter validation with messages
// that name the parameter, and the call into the core. The caller configures
// the machine first and reads the counters afterwards.

import { Core, CoreError } from "../core.js";
import { ConfigError } from "../config/level.js";
import { parseSize, formatSize } from "../config/size.js";

export type ParamUnit = "bytes" | "count" | "alpha" | "seed" | "choice";

export interface WorkloadParam {
  name: string;
  unit: ParamUnit;
  default: number;
  description: string;
  /** For a "choice": the names, whose index is the value. */
  choices?: readonly string[];
}

export interface Workload {
  name: string;
  /** The core's kernel number (assembly/workloads/index.ts). */
  kind: number;
  description: string;
  /** In the order of the core's p0, p1, ...; a "seed" parameter goes to the seed argument. */
  params: WorkloadParam[];
  /** Runs on the emulated Python heap: a fresh heap of `limit` bytes (its last parameter) is laid out first. */
  heap?: boolean;
}

const size = (def: number, description = "bytes of data the kernel reads"): WorkloadParam =>
  ({ name: "size", unit: "bytes", default: def, description });
const count = (name: string, def: number, description: string): WorkloadParam =>
  ({ name, unit: "count", default: def, description });
const seed: WorkloadParam = { name: "seed", unit: "seed", default: 1, description: "seed of the xorshift generator" };

export const WORKLOADS: readonly Workload[] = [
  {
    name: "sequential", kind: 0, description: "8-byte loads through a region, every `stride` bytes, `iterations` times",
    params: [size(1 << 20), { ...count("stride", 8, "bytes between loads"), unit: "bytes" }, count("iterations", 1, "passes over the region")],
  },
  {
    name: "strided", kind: 1, description: "8-byte loads every `stride` bytes (one per line by default), `iterations` times",
    params: [size(1 << 20), { ...count("stride", 64, "bytes between loads"), unit: "bytes" }, count("iterations", 1, "passes over the region")],
  },
  {
    name: "random", kind: 2, description: "uniformly random 8-byte loads over a region",
    params: [size(1 << 20), count("accesses", 1 << 20, "loads"), seed],
  },
  {
    name: "zipf", kind: 3, description: "8-byte loads in lines drawn from a Zipf(alpha) law (hot lines at the region's start)",
    params: [size(1 << 20), count("accesses", 1 << 20, "loads"),
      { name: "alpha", unit: "alpha", default: 0.99, description: "Zipf exponent, above 0 and at most 16" }, seed],
  },
  {
    name: "pointer-chase", kind: 4, description: "dependent loads around a random single cycle through the region's 64-byte lines",
    params: [size(1 << 20), count("iterations", 1, "laps of the cycle"), seed],
  },
  {
    name: "matmul", kind: 5, description: "naive C = A x B over n x n doubles, i-j-k order",
    params: [count("n", 64, "matrix dimension")],
  },
  {
    name: "matmul-blocked", kind: 6, description: "C += A x B over n x n doubles in block x block tiles",
    params: [count("n", 64, "matrix dimension"), count("block", 16, "tile dimension")],
  },
  {
    name: "stencil", kind: 7, description: "2-D 5-point Jacobi sweeps over n x n doubles between two arrays",
    params: [count("n", 256, "grid dimension (at least 3)"), count("iterations", 1, "sweeps")],
  },
  {
    name: "file-read", kind: 8,
    description: "read() a file from the storage device through the page cache, `chunk` bytes a call, copying into a buffer (needs --ram)",
    params: [size(64 << 20, "bytes of the file"), { ...count("chunk", 4096, "bytes per read() call, a multiple of 8"), unit: "bytes" },
      count("passes", 1, "times the file is read"),
      { name: "pattern", unit: "choice", default: 0, choices: ["sequential", "random"], description: "sequential or random chunks" }, seed],
  },
  {
    name: "heap-churn", kind: 9, heap: true,
    description: "the emulated CPython heap: `live` blocks of 1..`size` bytes, then `pairs` frees and allocations at random slots",
    params: [count("live", 10000, "blocks kept live"), count("pairs", 1_000_000, "free + malloc pairs"),
      size(64, "largest request in bytes (pymalloc serves up to 512)"), { ...size(64 << 20, "the heap limit (MemoryError beyond)"), name: "limit" }, seed],
  },
  {
    name: "py-objects", kind: 10, heap: true,
    description: "Python objects on the emulated CPython heap: `ops` times a random slot of a `live`-slot list is rebound to a new float, int, tuple, list, dict or str (refcounts, free lists, dealloc cascades)",
    params: [count("live", 10000, "list slots"), count("ops", 200_000, "rebinds"),
      count("items", 3, "items per tuple, list or dict (at most 20)"), { ...size(64 << 20, "the heap limit (MemoryError beyond)"), name: "limit" }, seed],
  },
];

/** Workload names with their one-line descriptions and parameters, for --help. */
export function workloadHelp(): string[] {
  return WORKLOADS.map((w) => {
    const value = (p: WorkloadParam) => (p.unit === "bytes" ? formatSize(p.default) : p.unit === "choice" ? p.choices!.join("|") : p.default);
    const ps = w.params.map((p) => `--${p.name} ${value(p)}`).join(" ");
    return `${w.name.padEnd(15)} ${w.description} (${ps})`;
  });
}

export function findWorkload(name: string): Workload {
  const w = WORKLOADS.find((x) => x.name === name);
  if (!w) throw new ConfigError(`unknown workload '${name}' (one of ${WORKLOADS.map((x) => x.name).join(", ")})`);
  return w;
}

const MAX_BYTES = 2 ** 40;

/** Check and convert one parameter value; throws a ConfigError naming it. */
function parseParam(p: WorkloadParam, value: number | string | undefined): number {
  if (value === undefined) return p.default;
  const opt = `--${p.name}`;
  switch (p.unit) {
    case "bytes": {
      const v = typeof value === "number" ? value : parseSize(value);
      if (v === null || !Number.isSafeInteger(v) || v < 0) throw new ConfigError(`${opt}: ${value} is not a size`);
      if (v === 0) throw new ConfigError(`${opt}: 0 is not a size`);
      if (v > MAX_BYTES) throw new ConfigError(`${opt}: ${value} is more than the 1T of emulated data a workload may use`);
      return v;
    }
    case "count": {
      const v = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError(`${opt}: ${value} is not a whole number of at least 1`);
      return v;
    }
    case "alpha": {
      const v = typeof value === "number" ? value : Number(value);
      if (!(v > 0 && v <= 16)) throw new ConfigError(`${opt}: ${value} is not an exponent above 0 and at most 16`);
      return v;
    }
    case "choice": {
      const v = typeof value === "number" ? value : p.choices!.indexOf(value.trim());
      if (!(v >= 0 && v < p.choices!.length)) throw new ConfigError(`${opt}: '${value}' must be ${p.choices!.join(" or ")}`);
      return v;
    }
    case "seed": {
      const v = typeof value === "number" ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(v) || v < -(2 ** 31) || v >= 2 ** 32) throw new ConfigError(`${opt}: ${value} is not a 32-bit seed`);
      return v | 0;
    }
  }
}

/**
 * Run workload `name` on the configured core with `params` (missing ones take
 * their defaults); unknown parameters and bad values throw a ConfigError, core
 * errors a CoreError. Counters accumulate in the core's stats block.
 */
export function runWorkload(core: Core, name: string, params: Record<string, number | string | undefined> = {}): void {
  const w = findWorkload(name);
  for (const key of Object.keys(params)) {
    if (params[key] !== undefined && !w.params.some((p) => p.name === key)) {
      throw new ConfigError(`--${key}: ${w.name} has no such parameter (it takes ${w.params.map((p) => `--${p.name}`).join(", ")})`);
    }
  }
  const p = [0, 0, 0, 0];
  let s = 0;
  let i = 0;
  for (const spec of w.params) {
    const v = parseParam(spec, params[spec.name]);
    if (spec.unit === "seed") s = v;
    else p[i++] = v;
  }
  if (w.heap) {
    const init = core.exports.heapInit(p[3], 0);
    if (init < 0) throw new CoreError(init, `--limit: ${new CoreError(init).message}`);
  }
  const code = core.exports.runWorkload(w.kind, p[0], p[1], p[2], p[3], s);
  if (code < 0) throw new CoreError(code, `${w.name}: ${new CoreError(code).message}`);
}
