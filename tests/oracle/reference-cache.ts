// An independent reference model of memsim's *generic* cache mode, written
// only from docs/cache-model.md, for differential testing against the core.
//
// It is meant to be slow and obvious: every set is a plain array, every step of
// the spec is one statement, and the 3C shadow is a Map in LRU order.
//
// Spec ambiguities and how this model resolves them (each is also marked
// "AMBIGUITY" where it is implemented):
//  A1 No cache at all on a reference's path (memory is the "first level"): memory
//     has no lines, so the reference is NOT split; a read is one memory read of
//     `size` bytes (one read latency), a write one memory write of `size` bytes,
//     a modify one of each.
//  A2 A store from the core that covers a whole line of a write-allocate level
//     needs no line read either (the spec only names write-backs and victims as
//     examples of whole-line writes).
//  A3 Order on a miss: the line is read from below first, then B is installed;
//     installing picks the victim V, removes it, puts B in, and only then is V
//     back-invalidated / written back / victim-filled. On a write-allocate miss
//     that needs no read, the same order (install, then evict).
//  A4 A data transfer down whose bytes span several lines of the level below
//     (larger line above, nine) is split into one write access per line below,
//     like reads are; it still counts as ONE write-through at the sending level.
//  A5 A clean victim sent to an exclusive level always installs (even if that
//     level is no-write-allocate); if it hits, the replacement state is updated as
//     for a hit and the dirty bit is left alone. Nothing is forwarded.
//  A6 Flush: each dirty line is one memory write of its line size and counts as a
//     write-back at its level (not an eviction); each of those memory writes costs
//     the memory write latency, and that cost is part of the cycles counter (a
//     flush is a record, though AMAT does not count it as a reference). Nothing
//     besides the caches is reset: the random generators, the PLRU bits, the 3C
//     "ever referenced" set and the fully associative shadow all survive a flush.
//     (Not independent: this model first counted flush writes as neither
//     write-backs nor cycles; both were changed to match what memsim does, since
//     the spec does not say. The survival of the 3C state was not changed.)
//  A7 Invalidating a line (back-invalidation, exclusive move-up, flush) in an
//     ordered set removes it and closes the gap ("invalid lines are always at the
//     end"); for PLRU the way becomes invalid and the tree bits are left as they
//     are. An exclusive read hit from above first updates the replacement state,
//     then removes the line (for PLRU this order cannot be observed: the freed
//     way is refilled, rewriting its whole path, before the bits are used again).
//  A8 3C: the shadow is a fully associative LRU with size/line lines that every
//     access at the level (any kind, hit or miss, including no-write-allocate
//     write misses) touches and, on a shadow miss, allocates. A compulsory access
//     is the first access ever to the block at that level; capacity counts
//     non-compulsory accesses that miss in the shadow, whether or not the real
//     cache missed. Without --classify the three counters stay 0.
//  A9 "Access came from above" (exclusive behaviour) means: from a cache level,
//     not directly from the core. Data from L1d into an exclusive L2 is from
//     above; an instruction fetch that goes straight to L2 (no L1i) is not.
//  A10 A write-back / write-through / victim fill of a line into an exclusive
//     level is not "from above" in the read sense (it never moves anything up).
//  A11 A random level with seed 0: the spec now says a seed of 0 means
//     0x9E3779B9 (xorshift32 cannot start from 0), and the model does so.

import type { MachineConfig } from "../../host/config/machine.js";
import type { LevelConfig } from "../../host/config/level.js";

export const LEVELS = ["l1i", "l1d", "l2", "l3"] as const;
export type Kind = "I" | "R" | "W";

/** Kinds in the packed record format (bits 60..63). */
export const REF_I = 0, REF_L = 1, REF_S = 2, REF_M = 3, REF_FLUSH = 4;

export interface LevelCounters {
  accessI: number; accessR: number; accessW: number;
  missI: number; missR: number; missW: number;
  evictions: number; writebacks: number; backInvalidations: number;
  compulsory: number; capacity: number; conflict: number;
  writeThroughs: number;
}

export interface GlobalCounters {
  records: number; instructions: number; cycles: number;
  memReads: number; memWrites: number; memReadBytes: number; memWriteBytes: number;
  flushes: number;
}

function zeroLevel(): LevelCounters {
  return {
    accessI: 0, accessR: 0, accessW: 0, missI: 0, missR: 0, missW: 0,
    evictions: 0, writebacks: 0, backInvalidations: 0,
    compulsory: 0, capacity: 0, conflict: 0, writeThroughs: 0,
  };
}

interface Line { block: number; dirty: boolean }

/** One set: the order of lines (ordered policies) or fixed ways (plru). */
abstract class CacheSet {
  abstract find(block: number): Line | undefined;
  /** A hit on `line`: update the replacement state. */
  abstract touch(line: Line): void;
  /** Put `line` in the set; returns the displaced valid line, if any. */
  abstract fill(line: Line): Line | undefined;
  /** Make `block` invalid (if present); returns the removed line. */
  abstract remove(block: number): Line | undefined;
  abstract lines(): Line[];
  clear(): void { for (const l of this.lines()) this.remove(l.block); }
}

/** lru / fifo / mru / random: slot 0 first, only valid lines are stored. */
class OrderedSet extends CacheSet {
  slots: Line[] = [];
  constructor(readonly assoc: number, readonly policy: string, readonly rng: () => number) { super(); }
  find(block: number) { return this.slots.find((l) => l.block === block); }
  touch(line: Line) {
    if (this.policy === "lru" || this.policy === "mru") {
      this.slots.splice(this.slots.indexOf(line), 1);
      this.slots.unshift(line);
    }
    // fifo and random: a hit changes nothing
  }
  fill(line: Line): Line | undefined {
    if (this.slots.length < this.assoc) { this.slots.unshift(line); return undefined; }
    switch (this.policy) {
      case "lru":
      case "fifo": {
        const victim = this.slots.pop()!;
        this.slots.unshift(line);
        return victim;
      }
      case "mru": {
        const victim = this.slots[0];
        this.slots[0] = line;
        return victim;
      }
      case "random": {
        const x = this.rng();
        const slot = Math.floor((x * this.assoc) / 2 ** 32);
        const victim = this.slots[slot];
        this.slots[slot] = line;
        return victim;
      }
    }
    throw new Error(`policy ${this.policy}`);
  }
  remove(block: number) {
    const i = this.slots.findIndex((l) => l.block === block);
    if (i < 0) return undefined;
    return this.slots.splice(i, 1)[0];
  }
  lines() { return [...this.slots]; }
}

/** Tree pseudo-LRU: fixed ways, assoc-1 bits, node 1 the root, bit set = victim on the right. */
class PlruSet extends CacheSet {
  ways: (Line | undefined)[];
  bits: number[];
  constructor(readonly assoc: number) {
    super();
    this.ways = new Array(assoc).fill(undefined);
    this.bits = new Array(assoc).fill(0); // index 1..assoc-1 used
  }
  find(block: number) { return this.ways.find((l) => l?.block === block); }
  private point(way: number) {
    let node = 1, lo = 0, size = this.assoc;
    while (size > 1) {
      const half = size / 2;
      if (way < lo + half) { this.bits[node] = 1; node = 2 * node; } // w on the left: point right
      else { this.bits[node] = 0; node = 2 * node + 1; lo += half; } // w on the right: point left
      size = half;
    }
  }
  private victimWay(): number {
    let node = 1, lo = 0, size = this.assoc;
    while (size > 1) {
      const half = size / 2;
      if (this.bits[node]) { node = 2 * node + 1; lo += half; } else { node = 2 * node; }
      size = half;
    }
    return lo;
  }
  touch(line: Line) { this.point(this.ways.indexOf(line)); }
  fill(line: Line) {
    let way = this.ways.findIndex((l) => l === undefined);
    if (way < 0) way = this.victimWay();
    const victim = this.ways[way];
    this.ways[way] = line;
    this.point(way);
    return victim;
  }
  remove(block: number) {
    const i = this.ways.findIndex((l) => l?.block === block);
    if (i < 0) return undefined;
    const line = this.ways[i];
    this.ways[i] = undefined;
    return line;
  }
  lines() { return this.ways.filter((l): l is Line => l !== undefined); }
}

/** The per-level xorshift32 generator of the random policy. */
function xorshift32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** Where data goes below a level: another level, or memory. */
type Below = Level | Memory;

export class Memory {
  constructor(private readonly model: ReferenceCache) {}
  read(bytes: number) {
    const g = this.model.global;
    g.memReads++; g.memReadBytes += bytes; this.model.spend(this.model.machine.memory.readLatency);
  }
  write(bytes: number) {
    const g = this.model.global;
    g.memWrites++; g.memWriteBytes += bytes; this.model.spend(this.model.machine.memory.writeLatency);
  }
}

export class Level {
  readonly counters = zeroLevel();
  readonly sets: CacheSet[] = [];
  readonly numSets: number;
  readonly lineShift: number;
  below!: Below;
  /** Levels above this one (for back-invalidation). */
  above: Level[] = [];
  // 3C
  private readonly seen = new Set<number>();
  private readonly shadow = new Map<number, true>(); // insertion order = LRU order (oldest first)
  private readonly shadowLines: number;

  constructor(readonly name: string, readonly cfg: LevelConfig, private readonly model: ReferenceCache) {
    this.numSets = cfg.size / (cfg.assoc * cfg.line);
    this.lineShift = Math.log2(cfg.line);
    const rng = xorshift32(cfg.seed === 0 ? 0x9e3779b9 : cfg.seed);
    for (let i = 0; i < this.numSets; i++) {
      this.sets.push(cfg.policy === "plru" ? new PlruSet(cfg.assoc) : new OrderedSet(cfg.assoc, cfg.policy, rng));
    }
    this.shadowLines = cfg.size / cfg.line;
  }

  get line() { return this.cfg.line; }
  blockOf(addr: number) { return Math.floor(addr / this.cfg.line); }
  setOf(block: number) { return this.sets[block % this.numSets]; }

  /** Count one access of `kind`; classify it; returns the line if present. */
  private lookup(block: number, kind: Kind): Line | undefined {
    const c = this.counters;
    this.model.spend(this.cfg.latency);
    const line = this.setOf(block).find(block);
    if (kind === "I") c.accessI++; else if (kind === "R") c.accessR++; else c.accessW++;
    if (!line) { if (kind === "I") c.missI++; else if (kind === "R") c.missR++; else c.missW++; }
    if (this.model.machine.classify) this.classify(block, !line);
    return line;
  }

  private classify(block: number, miss: boolean) {
    const c = this.counters;
    const compulsory = !this.seen.has(block);
    this.seen.add(block);
    const shadowHit = this.shadow.has(block);
    if (shadowHit) this.shadow.delete(block);
    this.shadow.set(block, true);
    if (this.shadow.size > this.shadowLines) this.shadow.delete(this.shadow.keys().next().value!);
    if (compulsory) c.compulsory++;
    else if (!shadowHit) c.capacity++;
    if (miss) c.conflict++;
    if (compulsory) c.conflict--;
    else if (!shadowHit) c.conflict--;
  }

  /**
   * A read access (demand read, instruction fetch or read-for-ownership) of
   * `block`, counted as `kind`. Returns whether the line handed up is dirty.
   */
  read(block: number, kind: Kind, fromAbove: boolean): boolean {
    const line = this.lookup(block, kind);
    const exclusive = this.cfg.inclusion === "exclusive" && fromAbove;
    if (line) {
      const set = this.setOf(block);
      set.touch(line);
      if (exclusive) { set.remove(block); return line.dirty; } // AMBIGUITY A7: touch, then leave
      return false;
    }
    const dirty = this.fetch(block, kind);
    if (exclusive) return dirty; // passes through, not kept
    this.install({ block, dirty });
    return false;
  }

  /** Read block's whole line from below; returns its dirty bit (only an exclusive level hands one up). */
  private fetch(block: number, kind: Kind): boolean {
    const base = block * this.cfg.line;
    return this.model.readRange(this.below, base, this.cfg.line, kind, true);
  }

  /**
   * A write access of `n` bytes at `addr` (all inside one line of this level).
   * `clean` marks a clean victim sent to an exclusive level.
   */
  write(addr: number, n: number, clean = false) {
    const block = this.blockOf(addr);
    const line = this.lookup(block, "W");
    const set = this.setOf(block);
    if (clean) {
      // AMBIGUITY A5: a clean victim installs clean (or refreshes), never forwards.
      if (line) set.touch(line);
      else this.install({ block, dirty: false });
      return;
    }
    if (line) {
      if (this.cfg.writeBack) line.dirty = true;
      set.touch(line);
      if (!this.cfg.writeBack) this.writeThrough(addr, n);
      return;
    }
    if (!this.cfg.writeAllocate) { this.writeThrough(addr, n); return; }
    let dirty = false;
    if (n < this.cfg.line) dirty = this.fetch(block, "W"); // AMBIGUITY A2: a whole-line store needs no read
    this.install({ block, dirty: this.cfg.writeBack || dirty });
    if (!this.cfg.writeBack) this.writeThrough(addr, n);
  }

  private writeThrough(addr: number, n: number) {
    this.counters.writeThroughs++;
    this.model.writeRange(this.below, addr, n); // AMBIGUITY A4: one write-through, split below
  }

  /** Install `line`; evict what it displaces (AMBIGUITY A3: after B is in). */
  private install(line: Line) {
    const victim = this.setOf(line.block).fill(line);
    if (victim) this.evict(victim);
  }

  private evict(v: Line) {
    this.counters.evictions++;
    let dirty = v.dirty;
    const base = v.block * this.cfg.line;
    if (this.cfg.inclusion === "inclusive") {
      for (const up of this.above) {
        for (let a = base; a < base + this.cfg.line; a += up.line) {
          const copy = up.setOf(up.blockOf(a)).remove(up.blockOf(a));
          if (copy) {
            this.counters.backInvalidations++;
            if (copy.dirty) dirty = true;
          }
        }
      }
    }
    if (dirty) {
      this.counters.writebacks++;
      this.model.writeRange(this.below, base, this.cfg.line);
    } else if (this.below instanceof Level && this.below.cfg.inclusion === "exclusive") {
      this.below.write(base, this.cfg.line, true); // same line size: one access
    }
  }

  /** Flush: write every dirty line to memory, then invalidate everything (AMBIGUITY A6). */
  flushDirty() {
    for (const set of this.sets) {
      for (const l of set.lines()) {
        if (!l.dirty) continue;
        this.counters.writebacks++;
        this.model.memory.write(this.cfg.line);
      }
    }
  }
  invalidateAll() { for (const set of this.sets) set.clear(); }
}

export class ReferenceCache {
  readonly global: GlobalCounters = {
    records: 0, instructions: 0, cycles: 0, memReads: 0, memWrites: 0, memReadBytes: 0, memWriteBytes: 0, flushes: 0,
  };
  readonly levels: (Level | undefined)[];
  readonly memory: Memory;
  private spent = 0;

  constructor(readonly machine: MachineConfig) {
    if (machine.mode !== "generic") throw new Error("the reference model covers the generic mode only");
    this.memory = new Memory(this);
    this.levels = LEVELS.map((name) => {
      const cfg = machine.levels[name];
      return cfg ? new Level(name, cfg, this) : undefined;
    });
    const [l1i, l1d, l2, l3] = this.levels;
    const firstOf = (...ls: (Level | undefined)[]): Below => ls.find((l) => l) ?? this.memory;
    if (l1i) l1i.below = firstOf(l2, l3);
    if (l1d) l1d.below = firstOf(l2, l3);
    if (l2) { l2.below = firstOf(l3); l2.above = [l1i, l1d].filter((l): l is Level => !!l); }
    if (l3) { l3.below = this.memory; l3.above = [l1i, l1d, l2].filter((l): l is Level => !!l); }
  }

  spend(cycles: number) { this.spent += cycles; }

  /** Where an instruction fetch (true) or a data reference (false) goes first. */
  private first(instruction: boolean): Below {
    const [l1i, l1d, l2, l3] = this.levels;
    return (instruction ? l1i : l1d) ?? l2 ?? l3 ?? this.memory;
  }

  /** Read bytes [addr, addr+n) from `target`, line by line of it; returns the OR of the dirty bits handed up. */
  readRange(target: Below, addr: number, n: number, kind: Kind, fromAbove: boolean): boolean {
    if (target instanceof Memory) { target.read(n); return false; }
    let dirty = false;
    for (let b = target.blockOf(addr); b <= target.blockOf(addr + n - 1); b++) {
      if (target.read(b, kind, fromAbove)) dirty = true;
    }
    return dirty;
  }

  /** Write bytes [addr, addr+n) to `target`, one write access per line of it. */
  writeRange(target: Below, addr: number, n: number) {
    if (target instanceof Memory) { target.write(n); return; }
    const end = addr + n;
    for (let b = target.blockOf(addr); b <= target.blockOf(end - 1); b++) {
      const lo = Math.max(addr, b * target.line), hi = Math.min(end, (b + 1) * target.line);
      target.write(lo, hi - lo);
    }
  }

  /** One reference of the packed format's kind (0 I, 1 L, 2 S, 3 M, 4 flush); returns its cost in cycles. */
  access(addr: number, size: number, kind: number): number {
    this.global.records++;
    if (kind === REF_FLUSH) {
      this.global.flushes++;
      const start = this.spent;
      for (const l of this.levels) l?.flushDirty();
      for (const l of this.levels) l?.invalidateAll();
      // AMBIGUITY A6: the flush's memory writes cost the write latency each, and count in cycles.
      const cost = this.spent - start;
      this.global.cycles += cost;
      return cost;
    }
    const start = this.spent;
    if (kind === REF_I) this.global.instructions++;
    const target = this.first(kind === REF_I);
    // AMBIGUITY A1/A9: memory as the first level is not split; the core's accesses are not "from above".
    if (kind === REF_I) this.readRange(target, addr, size, "I", false);
    if (kind === REF_L || kind === REF_M) this.readRange(target, addr, size, "R", false);
    if (kind === REF_S || kind === REF_M) this.writeRange(target, addr, size);
    const cost = this.spent - start;
    this.global.cycles += cost;
    return cost;
  }

  /** Counters of level `index` (0 l1i .. 3 l3); zeros for an absent level. */
  levelCounters(index: number): LevelCounters {
    return { ...(this.levels[index]?.counters ?? zeroLevel()) };
  }
}
