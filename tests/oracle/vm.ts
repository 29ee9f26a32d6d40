// A reference virtual memory written from docs/storage.md, for tests/vm.test.ts:
// a Map for the page table, a Map's insertion order for LRU, an array and a hand
// for CLOCK. It shares no code with assembly/memory/vm.ts. The device is any
// function with the storage models' signature (the SSD and HDD oracles fit).

export type Device = (offset: number, bytes: number, write: boolean, now: number) => number;

interface Page {
  frame: number | null;
  slot: number | null;
}

export interface VmCounters {
  pageFaults: number;
  minorFaults: number;
  pageEvictions: number;
  pageWritebacks: number;
  faultCycles: number;
  storageReads: number;
  storageWrites: number;
}

export class VmOracle {
  private readonly pages = new Map<number, Page>();
  private readonly lru = new Map<number, true>(); // resident pages, least recent first
  private readonly frameOf: (number | null)[]; // frame -> page
  private readonly dirty: boolean[];
  private readonly referenced: boolean[];
  private hand = 0;
  private used = 0;
  private slots = 0;
  readonly counters: VmCounters = {
    pageFaults: 0, minorFaults: 0, pageEvictions: 0, pageWritebacks: 0, faultCycles: 0, storageReads: 0, storageWrites: 0,
  };

  constructor(
    readonly pageBytes: number, readonly frames: number, readonly swapPages: number,
    readonly policy: "lru" | "clock", readonly handlerCycles: number, readonly device: Device,
  ) {
    this.frameOf = new Array(frames).fill(null);
    this.dirty = new Array(frames).fill(false);
    this.referenced = new Array(frames).fill(false);
  }

  /** A reference at core cycle `now`: the cycles its faults cost, or "full" when swap is exhausted. */
  touch(addr: number, size: number, write: boolean, now: number): number | "full" {
    let cycles = 0;
    const first = Math.floor(addr / this.pageBytes);
    const last = Math.floor((addr + size - 1) / this.pageBytes);
    for (let p = first; p <= last; p++) {
      const c = this.touchPage(p, write, now + cycles);
      if (c === "full") return c;
      cycles += c;
    }
    return cycles;
  }

  private touchPage(p: number, write: boolean, now: number): number | "full" {
    const page = this.pages.get(p);
    if (page && page.frame !== null) {
      this.referenced[page.frame] = true;
      if (write) this.dirty[page.frame] = true;
      this.lru.delete(p);
      this.lru.set(p, true);
      return 0;
    }
    let t = now + this.handlerCycles;
    let frame: number;
    if (this.used < this.frames) {
      frame = this.used++;
    } else {
      frame = this.victim();
      const victimPage = this.frameOf[frame]!;
      const v = this.pages.get(victimPage)!;
      this.counters.pageEvictions++;
      if (this.dirty[frame]) {
        if (v.slot === null) {
          if (this.slots >= this.swapPages) return "full";
          v.slot = this.slots++;
        }
        this.counters.pageWritebacks++;
        this.counters.storageWrites++;
        t += this.device(v.slot * this.pageBytes, this.pageBytes, true, t);
      }
      this.lru.delete(victimPage);
      if (v.slot === null) this.pages.delete(victimPage);
      else v.frame = null;
    }
    if (page) {
      this.counters.pageFaults++;
      this.counters.storageReads++;
      t += this.device(page.slot! * this.pageBytes, this.pageBytes, false, t);
      page.frame = frame;
    } else {
      this.counters.minorFaults++;
      this.pages.set(p, { frame, slot: null });
    }
    this.frameOf[frame] = p;
    this.dirty[frame] = write;
    this.referenced[frame] = true;
    this.lru.set(p, true);
    this.counters.faultCycles += t - now;
    return t - now;
  }

  private victim(): number {
    if (this.policy === "lru") return this.pages.get(this.lru.keys().next().value!)!.frame!;
    for (;;) {
      const f = this.hand;
      this.hand = (this.hand + 1) % this.frames;
      if (!this.referenced[f]) return f;
      this.referenced[f] = false;
    }
  }
}
