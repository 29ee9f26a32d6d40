// A reference SSD written from docs/ssd.md, for tests/ssd.test.ts: objects,
// Maps and arrays, clarity over speed. It shares no code with
// assembly/memory/ssd.ts and walks the FTL the way the document tells it
// (preconditioning goes through the same append path as host writes).

export interface SsdParams {
  channels: number;
  diesPerChannel: number;
  planesPerDie: number;
  blocksPerPlane: number;
  pagesPerBlock: number;
  pageBytes: number;
  readNs: number;
  programNs: number;
  eraseNs: number;
  channelMBps: number;
  overProvision: number;
  gcThreshold: number;
  fill: number;
}

const UNIT = 4096;

type BlockState = "free" | "open" | "full";

interface Block {
  state: BlockState;
  /** The logical unit held at each position (page x unitsPerPage + slot), or null (empty or stale). */
  content: (number | null)[];
  valid: number;
}

interface Plane {
  blocks: Block[];
  freeStack: number[]; // pop() takes the next free block
  open: number;
  written: number; // positions used in the open block
  busyUntil: number;
}

interface Location {
  plane: number;
  block: number;
  position: number;
}

export class SsdOracle {
  readonly planes: Plane[] = [];
  readonly channelBusy: number[];
  readonly where = new Map<number, Location>();
  readonly unitsPerPage: number;
  readonly unitsPerBlock: number;
  readonly planeCount: number;
  readonly logicalUnits: number;
  readonly gcTarget: number;
  readonly tRead: number;
  readonly tProg: number;
  readonly tErase: number;
  readonly tXfer: number;
  programs = 0;
  gcCopies = 0;
  erases = 0;

  constructor(readonly p: SsdParams, coreMHz: number) {
    const cycles = (ns: number) => Math.ceil((ns * coreMHz) / 1000);
    this.tRead = cycles(p.readNs);
    this.tProg = cycles(p.programNs);
    this.tErase = cycles(p.eraseNs);
    this.tXfer = cycles((UNIT * 1000) / p.channelMBps);
    this.unitsPerPage = p.pageBytes / UNIT;
    this.unitsPerBlock = this.unitsPerPage * p.pagesPerBlock;
    this.planeCount = p.channels * p.diesPerChannel * p.planesPerDie;
    const physical = this.planeCount * p.blocksPerPlane * this.unitsPerBlock;
    this.logicalUnits = Math.floor(physical * (1 - p.overProvision));
    this.gcTarget = Math.max(2, Math.ceil(p.gcThreshold * p.blocksPerPlane));
    this.channelBusy = new Array(p.channels).fill(0);
    for (let i = 0; i < this.planeCount; i++) {
      const blocks: Block[] = [];
      for (let b = 0; b < p.blocksPerPlane; b++) {
        blocks.push({ state: "free", content: new Array(this.unitsPerBlock).fill(null), valid: 0 });
      }
      const freeStack: number[] = [];
      for (let b = p.blocksPerPlane - 1; b >= 0; b--) freeStack.push(b);
      const plane: Plane = { blocks, freeStack, open: -1, written: 0, busyUntil: 0 };
      this.planes.push(plane);
      this.openNext(plane);
    }
    // Preconditioning: the first fill x logical units, in order, no time, no counters.
    const filled = Math.floor(p.fill * this.logicalUnits);
    for (let l = 0; l < filled; l++) this.place(l, { time: false, gc: false, dataReady: 0 });
  }

  get capacity(): number {
    return this.logicalUnits * UNIT;
  }

  private planeOf(l: number): number {
    return l % this.planeCount;
  }

  private channelOf(plane: number): number {
    return plane % this.p.channels;
  }

  private openNext(plane: Plane): void {
    const b = plane.freeStack.pop();
    if (b === undefined) throw new Error("oracle: a plane ran out of free blocks");
    plane.blocks[b].state = "open";
    plane.open = b;
    plane.written = 0;
  }

  /**
   * Append logical unit l to its plane's open page; program the page when it
   * is full (returns true). With time off (preconditioning) nothing is timed
   * or counted; gc on means a host write, which may trigger garbage collection.
   */
  private place(l: number, how: { time: boolean; gc: boolean; dataReady: number }): boolean {
    const pi = this.planeOf(l);
    const plane = this.planes[pi];
    const block = plane.blocks[plane.open];
    const position = plane.written;
    block.content[position] = l;
    block.valid++;
    this.where.set(l, { plane: pi, block: plane.open, position });
    plane.written++;
    if (plane.written % this.unitsPerPage !== 0) return false;
    if (how.time) {
      plane.busyUntil = Math.max(how.dataReady, plane.busyUntil) + this.tProg;
      this.programs++;
    }
    if (plane.written === this.unitsPerBlock) {
      block.state = "full";
      this.openNext(plane);
      if (how.gc) {
        while (plane.freeStack.length < this.gcTarget) this.collect(pi);
      }
    }
    return true;
  }

  private collect(pi: number): void {
    const plane = this.planes[pi];
    let victim = -1;
    plane.blocks.forEach((b, i) => {
      if (b.state === "full" && (victim < 0 || b.valid < plane.blocks[victim].valid)) victim = i;
    });
    if (victim < 0) throw new Error("oracle: GC found no full block");
    const v = plane.blocks[victim];
    if (v.valid >= this.unitsPerBlock) throw new Error("oracle: GC victim has no invalid unit (no progress)");
    const survivors = v.content.filter((x): x is number => x !== null);
    let pagesRead = 0;
    for (let page = 0; page < this.p.pagesPerBlock; page++) {
      const units = v.content.slice(page * this.unitsPerPage, (page + 1) * this.unitsPerPage);
      if (units.some((x) => x !== null)) pagesRead++;
    }
    plane.busyUntil += pagesRead * this.tRead;
    for (const l of survivors) {
      this.place(l, { time: true, gc: false, dataReady: plane.busyUntil });
      this.gcCopies++;
    }
    plane.busyUntil += this.tErase;
    this.erases++;
    v.content.fill(null);
    v.valid = 0;
    v.state = "free";
    plane.freeStack.push(victim);
  }

  private transfer(pi: number, ready: number): number {
    const ch = this.channelOf(pi);
    const start = Math.max(ready, this.channelBusy[ch]);
    this.channelBusy[ch] = start + this.tXfer;
    return this.channelBusy[ch];
  }

  private inOpenPage(loc: Location): boolean {
    const plane = this.planes[loc.plane];
    return loc.block === plane.open &&
      Math.floor(loc.position / this.unitsPerPage) === Math.floor(plane.written / this.unitsPerPage);
  }

  readUnit(l: number, now: number): number {
    const pi = this.planeOf(l);
    const loc = this.where.get(l);
    if (loc === undefined || this.inOpenPage(loc)) return this.transfer(pi, now);
    const plane = this.planes[pi];
    plane.busyUntil = Math.max(now, plane.busyUntil) + this.tRead;
    return this.transfer(pi, plane.busyUntil);
  }

  writeUnit(l: number, now: number): number {
    const pi = this.planeOf(l);
    const arrived = this.transfer(pi, now);
    const old = this.where.get(l);
    if (old !== undefined) {
      const b = this.planes[old.plane].blocks[old.block];
      b.content[old.position] = null;
      b.valid--;
    }
    const programmed = this.place(l, { time: true, gc: true, dataReady: arrived });
    return programmed ? this.planes[pi].busyUntil : arrived;
  }

  /** A request of `bytes` at byte `offset` issued at `now`: cycles until its last unit completes. */
  request(offset: number, bytes: number, write: boolean, now: number): number {
    if (offset < 0 || bytes < 1 || offset + bytes > this.capacity) throw new Error("oracle: request outside the drive");
    const first = Math.floor(offset / UNIT);
    const last = Math.floor((offset + bytes - 1) / UNIT);
    let done = now;
    for (let l = first; l <= last; l++) {
      done = Math.max(done, write ? this.writeUnit(l, now) : this.readUnit(l, now));
    }
    return done - now;
  }

  /** Free blocks of each plane (for the GC-progress assertions). */
  freeBlocks(): number[] {
    return this.planes.map((p) => p.freeStack.length);
  }
}
