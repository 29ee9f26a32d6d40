// What a sweep found (docs/sweep.md): the best configuration per workload,
// the Pareto front of cycles against total cache size, and the miss-rate
// curves (and cycles) over size x associativity of the curve level, in the
// slice of the grid through the best point. As data, then as text tables.

import { LEVEL_NAMES, type LevelName } from "../core.js";
import { formatSize } from "../config/size.js";
import { commas, table } from "../report/format.js";
import { AXES, SIZE_AXES, describePoint, levelAt, type Grid, type Point, type Skipped } from "./grid.js";
import type { ResultRow } from "./point.js";
import type { SweepPlan, SweepRun } from "./plan.js";

export interface Curves {
  workload: string;
  /** The level whose size is the x axis and whose associativity makes the series. */
  level: LevelName;
  /** The other swept axes, fixed at the best point's values. */
  slice: Point;
  sizes: number[];
  assocs: number[];
  /** [assoc index][size index]; null where the point was skipped or not run. */
  missRate: (number | null)[][];
  cycles: (number | null)[][];
}

export interface SweepSummary {
  workloads: string[];
  axes: Grid["axes"];
  target: LevelName[];
  points: { grid: number; valid: number; skipped: number; done: number; ran: number; resumed: number };
  skipped: Skipped[];
  jobs: number;
  seconds: number;
  best: ResultRow[];
  pareto: { workload: string; front: ResultRow[] }[];
  curves: Curves[];
  results: ResultRow[];
}

/** The curve level: the first level whose size is swept, else the first target level. */
export function curveLevel(grid: Grid): LevelName {
  return SIZE_AXES.find((l) => grid.axes[l]) ?? grid.target[0];
}

/** Fewest cycles; ties go to less cache, then to the earlier point. */
function better(a: ResultRow, b: ResultRow): boolean {
  return a.cycles < b.cycles || (a.cycles === b.cycles && a.cacheBytes < b.cacheBytes);
}

/** The points no other point beats on both cycles and total cache size, by size. */
export function paretoFront(rows: ResultRow[]): ResultRow[] {
  const sorted = [...rows].sort((a, b) => a.cacheBytes - b.cacheBytes || a.cycles - b.cycles);
  const front: ResultRow[] = [];
  for (const r of sorted) if (front.length === 0 || r.cycles < front[front.length - 1].cycles) front.push(r);
  return front;
}

export function summarize(plan: SweepPlan, run: SweepRun): SweepSummary {
  const level = curveLevel(plan.grid);
  const geometry = (r: ResultRow) => levelAt(plan.base, plan.grid.target, r.point, level);
  const byWorkload = plan.workloads.map((w) => ({ workload: w.name, rows: run.results.filter((r) => r.workload === w.name) }))
    .filter((g) => g.rows.length > 0);
  const best = byWorkload.map((g) => g.rows.reduce((a, b) => (better(b, a) ? b : a)));
  const fixed = AXES.filter((a) => a !== level && a !== "assoc");
  const curves = byWorkload.map((g, i): Curves => {
    const top = best[i];
    const slice: Point = {};
    for (const a of fixed) if (top.point[a] !== undefined) (slice as Record<string, unknown>)[a] = top.point[a];
    const rows = g.rows.filter((r) => fixed.every((a) => r.point[a] === top.point[a]) && geometry(r));
    const sizes = [...new Set(rows.map((r) => geometry(r)!.size))].sort((a, b) => a - b);
    const assocs = [...new Set(rows.map((r) => geometry(r)!.assoc))].sort((a, b) => a - b);
    const cell = (f: (r: ResultRow) => number) => assocs.map((w) => sizes.map((s) => {
      const r = rows.find((x) => geometry(x)!.size === s && geometry(x)!.assoc === w);
      return r ? f(r) : null;
    }));
    return { workload: g.workload, level, slice, sizes, assocs, missRate: cell((r) => r.levels[level]?.missRate ?? 0), cycles: cell((r) => r.cycles) };
  });
  const skippedConfigs = plan.skipped.reduce((n, s) => n + s.count, 0);
  return {
    workloads: plan.workloads.map((w) => w.name),
    axes: plan.grid.axes,
    target: plan.grid.target,
    points: {
      grid: plan.total, valid: plan.tasks.length, skipped: skippedConfigs * plan.workloads.length,
      done: run.results.length, ran: run.ran, resumed: run.resumed,
    },
    skipped: plan.skipped,
    jobs: run.jobs,
    seconds: run.seconds,
    best,
    pareto: byWorkload.map((g) => ({ workload: g.workload, front: paretoFront(g.rows) })),
    curves,
    results: run.results,
  };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "-" : `${(100 * x).toFixed(2)}%`);

/** The summary as text tables. */
export function formatSummary(s: SweepSummary, out?: string): string {
  const p = s.points;
  const levels = LEVEL_NAMES.filter((l) => s.results.some((r) => r.levels[l]));
  const configs = p.grid / s.workloads.length;
  const skipped = p.skipped / s.workloads.length;
  const parts = [
    `sweep: ${commas(configs)} configuration${configs === 1 ? "" : "s"} x ${s.workloads.length} workload${s.workloads.length === 1 ? "" : "s"}` +
    (skipped ? `; ${commas(skipped)} configuration${skipped === 1 ? "" : "s"} skipped as invalid` : "") + `: ${commas(p.valid)} points`,
    `ran ${commas(p.ran)} on ${s.jobs} worker thread${s.jobs === 1 ? "" : "s"} in ${s.seconds.toFixed(1)} s` +
    (out ? `; ${commas(p.resumed)} already in ${out}` : ""),
  ];
  if (s.skipped.length) {
    parts.push("", "skipped configurations (invalid, not run)", "",
      table(["count", "reason", "e.g."], s.skipped.map((k) => [commas(k.count), k.reason, describePoint(k.example)]), [1, 2]));
  }
  const config = (r: ResultRow) => describePoint(r.point);
  parts.push("", "best configuration per workload (fewest cycles)", "",
    table(["workload", "configuration", "cycles", "IPC", "AMAT", ...levels.map((l) => `${l.toUpperCase()} miss`), "total cache"],
      s.best.map((r) => [r.workload, config(r), commas(r.cycles), r.ipc.toFixed(3), r.amat.toFixed(2),
        ...levels.map((l) => pct(r.levels[l]?.missRate)), formatSize(r.cacheBytes)]), [1]));
  parts.push("", "Pareto front: cycles against total cache size (every level), each point beating all smaller ones", "",
    table(["workload", "total cache", "configuration", "cycles"],
      s.pareto.flatMap((f) => f.front.map((r) => [f.workload, formatSize(r.cacheBytes), config(r), commas(r.cycles)])), [2]));
  for (const c of s.curves) {
    const slice = describePoint(c.slice);
    parts.push("", `${c.level.toUpperCase()} miss rate by size (rows) and associativity (columns): ${c.workload}${slice ? `, at ${slice}` : ""}`, "",
      table(["size", ...c.assocs.map((w) => `${w}-way`)], c.sizes.map((size, i) => [formatSize(size), ...c.assocs.map((_, j) => pct(c.missRate[j][i]))])));
  }
  return parts.join("\n") + "\n";
}
