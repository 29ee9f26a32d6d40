// Trace generation and the two ways of running a trace (core, model), shared by
// tests/generic-model.test.ts and by ad-hoc debugging scripts.

import type { Core } from "../../host/core.js";
import { ReferenceCache, LEVELS, REF_I, REF_L, REF_S, REF_M, REF_FLUSH } from "./reference-cache.js";
import { mulberry32 as prng } from "../helpers/random.js";

// ---------------------------------------------------------------- traces

export interface Ref { addr: number; size: number; kind: number }


const TOP = 2 ** 47; // addresses stay below 2^47

/**
 * A trace mixing I/L/S/M references of 1..64 bytes over a few regions: a code
 * loop, a stack near 2^47, a heap, a set-conflict stride, block 0 and a long
 * stream, plus a few flushes.
 */
export function makeTrace(seed: number, count: number, flushes = true): Ref[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const dataSize = () => {
    const r = rnd();
    if (r < 0.2) return 1;
    if (r < 0.35) return 2;
    if (r < 0.55) return 4;
    if (r < 0.75) return 8;
    if (r < 0.85) return 16;
    if (r < 0.9) return 32;
    if (r < 0.93) return 64;
    return 1 + int(64);
  };
  const refs: Ref[] = [];
  let pc = 0x400000;
  let stream = 0x3000_0000;
  const hot = [0x1000_0000, 0x1000_4000, 0x1001_0000];
  while (refs.length < count) {
    if (flushes && rnd() < 1 / 9000) { refs.push({ addr: 0, size: 1, kind: REF_FLUSH }); continue; }
    const r = rnd();
    if (r < 0.38) {
      // instruction fetch: sequential with jumps inside 24 KB of code
      if (rnd() < 0.08) pc = 0x400000 + int(24 * 1024);
      const size = rnd() < 0.9 ? 1 + int(15) : 1 + int(64);
      refs.push({ addr: pc, size, kind: REF_I });
      pc += size;
      if (pc >= 0x400000 + 24 * 1024) pc = 0x400000;
      continue;
    }
    const kr = rnd();
    const kind = kr < 0.5 ? REF_L : kr < 0.85 ? REF_S : REF_M;
    const size = dataSize();
    const region = rnd();
    let addr: number;
    if (region < 0.25) addr = TOP - 0x8000 + int(0x8000 - 64); // stack, near the top of the address space
    else if (region < 0.5) addr = hot[int(3)] + int(0x3000); // heap, hot
    else if (region < 0.65) addr = 0x1800_0000 + int(256 * 1024); // heap, colder
    else if (region < 0.8) addr = 0x2000_0000 + int(24) * 0x10000 + int(256); // same sets everywhere
    else if (region < 0.85) addr = int(4096); // around block 0
    else { addr = stream; stream += 8 + int(24); if (stream > 0x3010_0000) stream = 0x3000_0000; } // a 1 MB stream
    refs.push({ addr, size, kind });
  }
  return refs;
}

/** Pack references into the core's input buffer and simulate them, chunk by chunk. */
export function simulate(core: Core, refs: Ref[]) {
  const capacity = Math.floor(core.exports.inputCapacity() / 8);
  for (let start = 0; start < refs.length; start += capacity) {
    const chunk = refs.slice(start, start + capacity);
    const buf = core.input();
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    chunk.forEach((r, i) => {
      const word = BigInt(r.addr) | (BigInt(r.size - 1) << 48n) | (BigInt(r.kind) << 60n);
      view.setBigUint64(i * 8, word, true);
    });
    core.check(core.exports.simulate(chunk.length));
  }
}

export const GLOBALS = ["records", "instructions", "cycles", "memReads", "memWrites", "memReadBytes", "memWriteBytes", "flushes"] as const;
export const LEVEL_FIELDS = [
  "accessI", "accessR", "accessW", "missI", "missR", "missW", "evictions", "writebacks",
  "backInvalidations", "compulsory", "capacity", "conflict", "writeThroughs",
] as const;

export type Snapshot = Record<string, Record<string, number>>;

export function coreSnapshot(core: Core): Snapshot {
  const c = core.counters();
  const snap: Snapshot = { global: {} };
  for (const g of GLOBALS) snap.global[g] = Number(core.global(c, g));
  LEVELS.forEach((name, i) => {
    snap[name] = {};
    for (const f of LEVEL_FIELDS) {
      const v = core.level(c, i, f);
      snap[name][f] = Number(f === "conflict" ? BigInt.asIntN(64, v) : v);
    }
  });
  return snap;
}

export function modelSnapshot(model: ReferenceCache): Snapshot {
  const snap: Snapshot = { global: { ...model.global } };
  LEVELS.forEach((name, i) => {
    const c = model.levelCounters(i);
    snap[name] = {};
    for (const f of LEVEL_FIELDS) snap[name][f] = c[f];
  });
  return snap;
}

