// Cachegrind parity: memsim's cachegrind mode, fed the Lackey trace of a
// program, must give exactly the nine events Valgrind 3.19 Cachegrind counted
// for the same run (tests/fixtures/cachegrind, recorded by
// scripts/record-cachegrind.sh). The holdout programs were kept out of
// development.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { ROOT, feedLackey, gunzipFile, loadCore, memsim } from "./helpers/run.js";
import { applyMachine, cachegrindMachine } from "../host/config/machine.js";
import { parseLevelSpec } from "../host/config/level.js";
import { buildReport, CACHEGRIND_EVENTS } from "../host/report/trace-report.js";

interface Fixture {
  geometries: Record<string, { I1: string; D1: string; LL: string }>;
  programs: { name: string; trace: string; records: number; counts: Record<string, Record<string, number>> }[];
}

for (const set of ["", "holdout/"]) {
  const dir = `${ROOT}tests/fixtures/cachegrind/${set}`;
  const fixture: Fixture = JSON.parse(readFileSync(`${dir}expected.json`, "utf8"));
  describe(`Cachegrind parity ${set || "development set"}`, () => {
    for (const program of fixture.programs) {
      for (const [g, geometry] of Object.entries(fixture.geometries)) {
        it(`${program.name}, geometry ${g} (${geometry.I1} ${geometry.D1} ${geometry.LL})`, () => {
          const core = loadCore();
          const machine = cachegrindMachine();
          machine.levels.l1i = parseLevelSpec("--I1", geometry.I1)!;
          machine.levels.l1d = parseLevelSpec("--D1", geometry.D1)!;
          machine.levels.l2 = parseLevelSpec("--LL", geometry.LL)!;
          applyMachine(core, machine);
          feedLackey(core, gunzipFile(`${dir}${program.trace}`));
          const report = buildReport(core, machine, program.trace, "lackey");
          expect(report.records).toBe(program.records);
          expect(report.events).toEqual(program.counts[g]);
        });
      }
    }
  });
}

describe("Cachegrind rules not covered by the program fixtures", () => {
  const run = (lines: string) => {
    const core = loadCore();
    const machine = cachegrindMachine();
    applyMachine(core, machine);
    feedLackey(core, new TextEncoder().encode(lines));
    return buildReport(core, machine, "t", "lackey").events!;
  };

  it("tags start zeroed, so block 0 is resident at the start", () => {
    const e = run(" L 00000000,8\n L 00000010,8\n L 00000040,8\n");
    expect(e.Dr).toBe(3);
    expect(e.D1mr).toBe(1); // only block 1 (0x40) misses
  });

  it("a straddling reference is one access and at most one miss per level", () => {
    const e = run(" L 1000003c,8\n");
    expect(e.Dr).toBe(1);
    expect(e.D1mr).toBe(1);
    expect(e.DLmr).toBe(1);
    // both lines were loaded: each half now hits
    const again = run(" L 1000003c,8\n L 10000000,4\n L 10000040,4\n");
    expect(again.D1mr).toBe(1);
  });

  it("a modify counts once, as a read; a store misses like a read", () => {
    const e = run(" M 20000000,4\n S 20000100,4\n");
    expect([e.Dr, e.D1mr, e.Dw, e.D1mw]).toEqual([1, 1, 1, 1]);
  });

  it("a data access larger than the smallest line is cut to it (as Cachegrind does for fxsave)", () => {
    // 512 bytes at a line boundary would touch 8 lines; Cachegrind looks at the first 64 bytes only.
    const e = run(" S 30000000,512\n L 30000040,8\n");
    expect(e.D1mw).toBe(1);
    expect(e.D1mr).toBe(1); // 0x30000040 was never loaded
  });

  it("--json carries exactly Cachegrind's nine event names", () => {
    const r = memsim(["trace", "tests/fixtures/cachegrind/matmul.lackey.gz", "--cachegrind", "--I1=32768,8,64", "--D1=32768,8,64", "--LL=262144,8,64", "--json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.events)).toEqual([...CACHEGRIND_EVENTS]);
    const fixture: Fixture = JSON.parse(readFileSync(`${ROOT}tests/fixtures/cachegrind/expected.json`, "utf8"));
    expect(json.events).toEqual(fixture.programs.find((p) => p.name === "matmul")!.counts.A);
  });
});
