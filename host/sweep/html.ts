// The sweep's HTML report (host/report/html.ts): the summary's tables, the
// miss-rate curves and a heat map of cycles over size x associativity per
// workload, the Pareto fronts, and the base machine's memory mountain.

import { formatSize } from "../config/size.js";
import { commas } from "../report/format.js";
import { writeHtmlReport, type ChartSpec, type HtmlReport, type HtmlSection } from "../report/html.js";
import type { MountainPoint } from "../mountain/mountain.js";
import { describePoint } from "./grid.js";
import type { SweepSummary } from "./summary.js";

function sections(s: SweepSummary, mountain: MountainPoint[]): HtmlSection[] {
  const p = s.points;
  const out: HtmlSection[] = [{
    title: "Best configuration per workload",
    text: `${commas(p.valid)} points run${p.resumed ? ` (${commas(p.ran)} this time, ${commas(p.resumed)} from the results file)` : ""}, ` +
      `${commas(p.skipped)} skipped as invalid; the best has the fewest cycles.`,
    table: {
      header: ["workload", "configuration", "cycles", "IPC", "AMAT", "total cache"],
      rows: s.best.map((r) => [r.workload, describePoint(r.point), commas(r.cycles), r.ipc.toFixed(3), r.amat.toFixed(2), formatSize(r.cacheBytes)]),
      align: ["left", "left"],
    },
  }];
  if (s.skipped.length) {
    out.push({
      title: "Skipped configurations",
      table: { header: ["count", "reason", "e.g."], rows: s.skipped.map((k) => [k.count, k.reason, describePoint(k.example)]), align: ["right", "left", "left"] },
    });
  }
  for (const c of s.curves) {
    const level = c.level.toUpperCase();
    const slice = describePoint(c.slice);
    const charts: ChartSpec[] = [{
      type: "line", title: `${level} miss rate against size: ${c.workload}`, subtitle: slice ? `at ${slice}` : undefined,
      series: c.assocs.map((w, j) => ({ name: `${w}-way`, points: c.sizes.map((size, i): [number, number | null] => [size, c.missRate[j][i]]) })),
      xLabel: `${level} size`, yLabel: "miss rate", xFormat: "size", yFormat: "percent", xScale: "log2",
    }, {
      type: "heatmap", title: `Cycles over ${level} size x associativity: ${c.workload}`, subtitle: slice ? `at ${slice}` : undefined,
      x: { label: `${level} size`, values: c.sizes, format: "size" }, y: { label: "ways", values: c.assocs.map((w) => `${w}-way`) },
      cells: c.cycles, valueLabel: "cycles", valueFormat: "number",
    }];
    out.push({ title: `${c.workload}: ${level} size and associativity`, charts });
  }
  out.push({
    title: "Pareto front: cycles against total cache size",
    text: "Per workload, the configurations no other beats on both cycles and total cache (every level).",
    table: {
      header: ["workload", "total cache", "configuration", "cycles"],
      rows: s.pareto.flatMap((f) => f.front.map((r) => [f.workload, formatSize(r.cacheBytes), describePoint(r.point), commas(r.cycles)])),
      align: ["left", "right", "left", "right"],
    },
    charts: [{
      type: "line", title: "Pareto front", series: s.pareto.map((f) => ({ name: f.workload, points: f.front.map((r): [number, number] => [r.cacheBytes, r.cycles]) })),
      xLabel: "total cache", yLabel: "cycles", xFormat: "size", yFormat: "number", xScale: "log2", yScale: s.pareto.length > 1 ? "log10" : "linear",
    }],
  });
  if (mountain.length) {
    const sizes = [...new Set(mountain.map((m) => m.size))].sort((a, b) => a - b);
    const strides = [...new Set(mountain.map((m) => m.stride))].sort((a, b) => a - b);
    out.push({
      title: "Memory mountain of the base machine",
      text: "Steady-state cycles per 8-byte load by working-set size and stride (memsim mountain).",
      charts: [{
        type: "heatmap", title: "Cycles per load", x: { label: "stride (bytes)", values: strides }, y: { label: "working set", values: sizes, format: "size" },
        cells: sizes.map((size) => strides.map((stride) => mountain.find((m) => m.size === size && m.stride === stride)?.cyclesPerLoad ?? null)),
        valueLabel: "cycles per load", valueFormat: "decimal",
      }],
    });
  }
  return out;
}

/** The report: its heading and sections (the playground lays them out in its own page). */
export function sweepHtml(s: SweepSummary, mountain: MountainPoint[]): HtmlReport {
  return {
    title: `memsim sweep: ${s.workloads.join(", ")}`,
    subtitle: `${commas(s.points.valid)} points over ${Object.keys(s.axes).join(", ")}`,
    sections: sections(s, mountain),
  };
}

/** Write the report to `path`; the summary and the mountain go in as the page's data. */
export function writeSweepHtml(path: string, s: SweepSummary, mountain: MountainPoint[]): void {
  writeHtmlReport(path, { ...sweepHtml(s, mountain), data: { summary: s, mountain } });
}
