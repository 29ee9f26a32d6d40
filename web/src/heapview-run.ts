// The heap view's recording (docs/web.md "The heap view"): a Python script run one bytecode at a
// time, with the core's heapOccupancy (pymalloc's arenas and pools) and heapGraph (the objects from
// the globals, with refcounts and references) taken each time the next source line changes, with
// what the collections since the last snapshot found unreachable (gcUnreachable). The
// heap is the core's own: nothing here models it; the page only replays what the core reported.
// No DOM: the worker and the tests use it.

import type { Core } from "../../host/core.js";
import { runPython } from "../../host/python/runner.js";
import type { GcCollection } from "../../host/python/gclog.js";

export const HEAPVIEW_MAX_STEPS = 500;
export const HEAPVIEW_MAX_NODES = 300;
const POOLS_PER_ARENA = 64;

export interface HeapArena {
  address: number;
  totalPools: number;
  freePools: number;
  /** Per pool (64): blocks in use, size class (-1: never carved, or empty), 0 never carved / 1 empty / 2 in use. */
  used: number[];
  cls: number[];
  state: number[];
}

export interface Occupancy {
  arenas: HeapArena[];
  blocksInUse: number;
  poolsInUse: number;
  unusedPools: number;
}

export interface HeapEdge {
  to: number;
  /** The key's text (a str key) for a dict value or an attribute; absent for an item. */
  key?: string;
  kind: number;
}

export interface HeapNode {
  address: number;
  /** Type number (-1: a type object or an object memsim cannot read). */
  type: number;
  typeName: string;
  refcount: number;
  size: number;
  value: number;
  text: string;
  tracked: boolean;
  /** 0..2, 3 the permanent generation; -1 untracked. */
  generation: number;
  isStatic: boolean;
  isType: boolean;
  /** Not reached from a global name (found on the collector's lists). */
  unreached: boolean;
  edges: HeapEdge[];
}

export interface FreedObject {
  address: number;
  typeName: string;
  preview: string;
  /** The generation of the collection that freed it, when one ran in this step. */
  gc?: number;
}

/** An object a collection found unreachable (the core's gcUnreachable record). */
export interface UnreachableObject {
  address: number;
  typeName: string;
  /** From the previous step's snapshot; empty when the object was born in this step. */
  preview: string;
  /** The generation collected. */
  generation: number;
}

export interface HeapStep {
  /** The line run next (the editor highlights it) and the line just run. */
  line: number;
  prevLine: number;
  bytecodes: number;
  occupancy: Occupancy;
  nodes: HeapNode[];
  truncated: boolean;
  collections: GcCollection[];
  freed: FreedObject[];
  /** What this step's collections found unreachable (the cycles), before clearing it: at most 4,096 of `unreachableFound`. */
  unreachable: UnreachableObject[];
  unreachableFound: number;
  stdoutLength: number;
}

export interface HeapRecording {
  steps: HeapStep[];
  /** More line changes than HEAPVIEW_MAX_STEPS: the rest ran without snapshots. */
  capped: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
  bytecodes: number;
}

const TYPE_NAMES = [
  "NoneType", "bool", "int", "float", "str", "bytes", "tuple", "list", "dict", "set", "function", "code", "object", "type",
  "range", "range_iterator", "list_iterator", "tuple_iterator", "str_iterator", "dict_keyiterator", "dict_valueiterator",
  "dict_itemiterator", "set_iterator", "slice", "builtin_function_or_method", "method", "module", "enumerate", "zip",
  "list_reverseiterator", "dict_view",
];
const T_FIRST_CLASS = 40;

export function typeName(type: number, text: string, isType: boolean): string {
  if (isType) return "type";
  if (type >= T_FIRST_CLASS) return text || `class#${type}`;
  if (type === 38) return "cell";
  if (type === 39) return "generator";
  return TYPE_NAMES[type] ?? (type < 0 ? "?" : `type#${type}`);
}

/** A short text for an object: its value for numbers and strs, its length for containers. */
export function preview(n: Pick<HeapNode, "type" | "value" | "text" | "isType"> & { typeName: string }): string {
  if (n.isType) return n.text ? `class ${n.text}` : TYPE_NAMES[n.value] ?? "type";
  switch (n.type) {
    case 0: return "None";
    case 1: return n.value ? "True" : "False";
    case 2: return String(n.value);
    case 3: return Number.isInteger(n.value) ? n.value.toFixed(1) : String(n.value);
    case 4: return JSON.stringify(n.text) + (n.value > 16 ? `… (${n.value} chars)` : "");
    case 6: case 7: case 8: case 9: return `len ${n.value}`;
  }
  return "";
}

function text16(bytes: Uint8Array, at: number, n = 16): string {
  let end = at;
  while (end < at + n && bytes[end] !== 0) end++;
  return new TextDecoder("latin1").decode(bytes.subarray(at, end));
}

/** The core's heapOccupancy, decoded (in the batch buffer). */
export function readOccupancy(core: Core): Occupancy {
  const e = core.exports;
  const out = e.batchPtr();
  const n = core.check(e.heapOccupancy(out, 512 << 10));
  const v = new DataView(e.memory.buffer, out, n);
  const count = v.getUint32(0, true), rec = v.getUint32(4, true);
  const arenas: HeapArena[] = [];
  for (let a = 0; a < count; a++) {
    const p = 32 + a * rec;
    const used: number[] = [], cls: number[] = [], state: number[] = [];
    for (let k = 0; k < POOLS_PER_ARENA; k++) {
      const q = p + 16 + 4 * k;
      const flags = v.getUint8(q + 3);
      used.push(v.getUint16(q, true));
      cls.push(flags & 2 ? v.getUint8(q + 2) : -1);
      state.push(flags & 2 ? 2 : flags & 1 ? 1 : 0);
    }
    arenas.push({ address: Number(v.getBigUint64(p, true)), totalPools: v.getUint32(p + 8, true), freePools: v.getUint32(p + 12, true), used, cls, state });
  }
  return { arenas, blocksInUse: Number(v.getBigUint64(8, true)), poolsInUse: Number(v.getBigUint64(16, true)), unusedPools: Number(v.getBigUint64(24, true)) };
}

/** The core's heapGraph, decoded (in the batch buffer): the nodes and whether there were more. */
export function readGraph(core: Core, maxNodes = HEAPVIEW_MAX_NODES): { nodes: HeapNode[]; truncated: boolean } {
  const e = core.exports;
  const out = e.batchPtr();
  const n = core.check(e.heapGraph(out, 512 << 10, maxNodes));
  const v = new DataView(e.memory.buffer, out, n);
  const bytes = new Uint8Array(e.memory.buffer, out, n);
  const count = v.getUint32(0, true), nodeBytes = v.getUint32(12, true), edgeBytes = v.getUint32(16, true), edgeOffset = v.getUint32(20, true);
  const nodes: HeapNode[] = [];
  for (let i = 0; i < count; i++) {
    const p = 32 + i * nodeBytes;
    const flags = v.getUint32(p + 12, true);
    const type = v.getInt32(p + 8, true);
    const first = v.getUint32(p + 32, true), ne = v.getUint32(p + 36, true);
    const edges: HeapEdge[] = [];
    for (let j = first; j < first + ne; j++) {
      const q = edgeOffset + j * edgeBytes;
      const kind = v.getUint32(q + 16, true);
      const keyLen = v.getUint32(q + 20, true);
      const edge: HeapEdge = { to: Number(v.getBigUint64(q, true)), kind };
      if (kind === 1) edge.key = keyLen > 0 ? text16(bytes, q + 24, keyLen) : `0x${Number(v.getBigUint64(q + 8, true)).toString(16)}`;
      edges.push(edge);
    }
    const isType = (flags & 32) !== 0;
    const text = text16(bytes, p + 48);
    const generation = (flags >> 1) & 7;
    nodes.push({
      address: Number(v.getBigUint64(p, true)), type, typeName: typeName(type, text, isType),
      refcount: Number(v.getBigUint64(p + 16, true)), size: Number(v.getBigUint64(p + 24, true)), value: v.getFloat64(p + 40, true), text,
      tracked: (flags & 1) !== 0, generation: generation === 7 ? -1 : generation, isStatic: (flags & 16) !== 0, isType, unreached: (flags & 64) !== 0, edges,
    });
  }
  return { nodes, truncated: v.getUint32(8, true) !== 0 };
}

/** The core's record of the objects collections found unreachable since it was (re)started, then restarted. */
export function takeUnreachable(core: Core): { found: number; objects: { address: number; type: number; generation: number }[] } {
  const e = core.exports;
  const out = e.batchPtr();
  const found = core.check(e.gcUnreachable(out, 512 << 10));
  const v = new DataView(e.memory.buffer, out, Math.min(found, 4096) * 16);
  const objects = [];
  for (let p = 0; p < v.byteLength; p += 16) {
    objects.push({ address: Number(v.getBigUint64(p, true)), type: v.getInt32(p + 8, true), generation: v.getInt32(p + 12, true) });
  }
  e.gcCaptureUnreachable(1);
  return { found, objects };
}

/**
 * Run `source` on `core` (a configured machine) one bytecode at a time and take a snapshot each time
 * the next source line changes (at most maxSteps; the rest of the script then runs at full speed),
 * stopping after `stepLimit` bytecodes as memsim py --max-steps does, on a heap of `heapLimit` bytes (--heap-limit).
 */
export function recordHeapView(core: Core, source: string, filename: string, o: {
  gcThresholds?: [number, number, number]; immortal?: boolean; objectLayouts?: number; maxSteps?: number; stepLimit?: number; heapLimit?: number; maxNodes?: number; write?: (text: string) => void;
} = {}): HeapRecording {
  const e = core.exports;
  const maxSteps = o.maxSteps ?? HEAPVIEW_MAX_STEPS;
  const steps: HeapStep[] = [];
  let stdout = "";
  let pending: GcCollection[] = [];
  let lastLine = 0;
  let capped = false;
  let ended = false;
  let prev = new Map<number, HeapNode>();
  const snapshot = (line: number) => {
    const { nodes, truncated } = readGraph(core, o.maxNodes ?? HEAPVIEW_MAX_NODES);
    const here = new Map(nodes.map((n) => [n.address, n]));
    // what the collections found unreachable: freed by them (tp_clear), whatever now sits at the address
    const taken = takeUnreachable(core);
    const collected = new Map(taken.objects.map((u) => [u.address, u.generation]));
    const unreachable = taken.objects.map((u): UnreachableObject => {
      const old = prev.get(u.address);
      return { address: u.address, typeName: old?.typeName ?? typeName(u.type, "", false), preview: old ? preview(old) : "", generation: u.generation };
    });
    const freed: FreedObject[] = [];
    for (const [address, old] of prev) {
      if (old.isStatic || old.isType || old.type < 0) continue;
      const gc = collected.get(address);
      if (gc === undefined) {
        const now = here.get(address);
        // the same address and type now: the same object
        if (now && now.type === old.type) continue;
        // no longer reached: freed only if the core no longer holds a live object of that type there
        if (!now && e.objRefcount(address) > 0 && e.objType(address) === old.type) continue;
      }
      freed.push({ address, typeName: old.typeName, preview: preview(old), ...(gc !== undefined ? { gc } : {}) });
    }
    steps.push({
      line, prevLine: lastLine, bytecodes: e.pyBytecodes(), occupancy: readOccupancy(core), nodes, truncated,
      collections: pending, freed, unreachable, unreachableFound: taken.found, stdoutLength: stdout.length,
    });
    pending = [];
    prev = here;
    lastLine = line;
  };
  e.gcCaptureUnreachable(1);
  const outcome = runPython(core, source, filename, {
    write: (t) => { stdout += t; o.write?.(t); },
    onCollection: (c) => pending.push(c),
    gcThresholds: o.gcThresholds,
    immortal: o.immortal,
    objectLayouts: o.objectLayouts,
    maxSteps: o.stepLimit,
    heapLimit: o.heapLimit,
    stepsPerCall: 1,
    // the last step: the heap as the script left it (the interpreter's exit then frees it)
    beforeExit: () => {
      ended = true;
      if (!capped) snapshot(0);
    },
    onCall: () => {
      if (capped) return undefined;
      const line = e.pyNextLine();
      if (line !== 0 && line !== lastLine) {
        if (steps.length >= maxSteps) {
          capped = true;
          return 1_000_000;
        }
        snapshot(line);
      }
      return undefined;
    },
  });
  if (!capped && !ended && outcome.exitCode !== 2) snapshot(0);
  e.gcCaptureUnreachable(0);
  return { steps, capped, exitCode: outcome.exitCode, stdout, stderr: outcome.stderr, bytecodes: outcome.bytecodes };
}
