// A reference HDD written from docs/hdd.md, in plain TypeScript, to check
// assembly/memory/hdd.ts against. It plans each request as a list of steps
// (arm moves, rotation waits, transfers), then runs the steps through the
// documented f64 arithmetic. Geometry is a linear list of zones; speed does
// not matter here.

export interface HddParameters {
  rpm: number;
  cylinders: number;
  heads: number;
  zones: number;
  outerSectorsPerTrack: number;
  innerSectorsPerTrack: number;
  seekANs: number;
  seekBNs: number;
  seekCNs: number;
  headSwitchNs: number;
  coreMHz: number;
}

export interface HddOutcome {
  latency: number; // completion - issue
  completion: number;
  seeks: number; // 0 or 1: the request paid for moving the arm to another cylinder
  seekCycles: number;
  rotationCycles: number;
  transferCycles: number;
}

interface Zone {
  firstCylinder: number;
  cylinders: number;
  spt: number;
  firstLba: number;
  sectors: number;
}

interface Place {
  cylinder: number;
  head: number;
  sector: number;
  spt: number;
}

type Step =
  | { kind: "move"; cylinders: number } // 0 cylinders: a head switch
  | { kind: "wait"; sector: number; spt: number }
  | { kind: "transfer"; sectors: number; spt: number };

export class HddOracle {
  readonly zones: Zone[] = [];
  readonly sectors: number;
  /** Cycles per revolution. */
  readonly R: number;
  private readonly a: number;
  private readonly b: number;
  private readonly c: number;
  private readonly headSwitch: number;

  private cylinder = 0;
  private head = 0;
  private busyUntil = 0;
  private last: { read: boolean; end: number } | null = null;

  constructor(readonly p: HddParameters) {
    const per = Math.floor(p.cylinders / p.zones);
    let lba = 0;
    for (let z = 0; z < p.zones; z++) {
      const cylinders = z < p.zones - 1 ? per : p.cylinders - per * z;
      const exact = p.zones === 1 ? p.outerSectorsPerTrack
        : p.outerSectorsPerTrack - ((p.outerSectorsPerTrack - p.innerSectorsPerTrack) * z) / (p.zones - 1);
      const spt = Math.floor(exact + 0.5);
      const sectors = cylinders * p.heads * spt;
      this.zones.push({ firstCylinder: z * per, cylinders, spt, firstLba: lba, sectors });
      lba += sectors;
    }
    this.sectors = lba;
    const cyc = (ns: number) => (ns * p.coreMHz) / 1000;
    this.R = ((60e9 / p.rpm) * p.coreMHz) / 1000;
    this.a = cyc(p.seekANs);
    this.b = cyc(p.seekBNs);
    this.c = cyc(p.seekCNs);
    this.headSwitch = cyc(p.headSwitchNs);
  }

  get capacity(): number {
    return this.sectors * 512;
  }

  /** Cylinder, head, sector of an LBA. */
  place(lba: number): Place {
    const zone = this.zones.find((z) => lba < z.firstLba + z.sectors);
    if (!zone) throw new Error(`LBA ${lba} beyond the drive`);
    const inZone = lba - zone.firstLba;
    const perCylinder = zone.spt * this.p.heads;
    return {
      cylinder: zone.firstCylinder + Math.floor(inZone / perCylinder),
      head: Math.floor((inZone % perCylinder) / zone.spt),
      sector: inZone % zone.spt,
      spt: zone.spt,
    };
  }

  /** The LBA of sector `sector` of track (cylinder, head). */
  lbaOf(cylinder: number, head: number, sector = 0): number {
    const zone = this.zones.find((z) => cylinder < z.firstCylinder + z.cylinders)!;
    return zone.firstLba + ((cylinder - zone.firstCylinder) * this.p.heads + head) * zone.spt + sector;
  }

  /** Lee's seek time in cycles. */
  seek(d: number): number {
    return d === 0 ? 0 : this.a * Math.sqrt(d - 1) + this.b * (d - 1) + this.c;
  }

  request(offset: number, bytes: number, write: boolean, now: number): HddOutcome {
    const first = Math.floor(offset / 512);
    const end = Math.floor((offset + bytes - 1) / 512) + 1;
    const streamed = !write && this.last !== null && this.last.read && this.last.end === first;

    // Plan: the track runs of [first, end), with what it takes to reach each.
    const steps: Step[] = [];
    let moved = false;
    let cylinder = this.cylinder, head = this.head;
    for (let lba = first; lba < end;) {
      const at = this.place(lba);
      const n = Math.min(end - lba, at.spt - at.sector);
      if (!streamed) {
        if (at.cylinder !== cylinder) {
          steps.push({ kind: "move", cylinders: Math.abs(at.cylinder - cylinder) });
          moved = true;
        } else if (at.head !== head || lba !== first) {
          steps.push({ kind: "move", cylinders: 0 });
        }
        steps.push({ kind: "wait", sector: at.sector, spt: at.spt });
      }
      steps.push({ kind: "transfer", sectors: n, spt: at.spt });
      cylinder = at.cylinder;
      head = at.head;
      lba += n;
    }

    // Run the plan through the documented arithmetic.
    const start = Math.max(now, this.busyUntil);
    let t = start;
    let S = 0, W = 0, X = 0;
    for (const s of steps) {
      if (s.kind === "move") {
        const d = s.cylinders === 0 ? this.headSwitch : this.seek(s.cylinders);
        t += d;
        S += d;
      } else if (s.kind === "wait") {
        const turns = t / this.R;
        let delta = s.sector / s.spt - (turns - Math.floor(turns));
        if (delta < 0) delta += 1;
        let d = delta * this.R;
        if (d > this.R - 1) d = 0; // the sector started less than a cycle ago
        t += d;
        W += d;
      } else {
        const d = (s.sectors * this.R) / s.spt;
        t += d;
        X += d;
      }
    }
    const completion = Math.ceil(t);
    const service = completion - start;
    const seekCycles = Math.min(Math.ceil(S), service);
    const beforeTransfer = Math.min(Math.ceil(S + W), service);

    this.cylinder = cylinder;
    this.head = head;
    this.busyUntil = completion;
    this.last = { read: !write, end };
    return {
      latency: completion - now, completion, seeks: moved ? 1 : 0,
      seekCycles, rotationCycles: beforeTransfer - seekCycles, transferCycles: service - beforeTransfer,
    };
  }
}
