// The page script of memsim's HTML reports, bundled with ECharts into
// dist/charts.js (scripts/build-host.js) and inlined into every page by
// host/report/html.ts. It reads the chart specs (spec.ts) from the page's JSON
// script element, draws each into its element (draw.ts, which says why
// ECharts), and exposes what it drew as `window.__memsimCharts`;
// `<body data-state>` becomes "ready" (or "error").

import type { EChartsType } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { drawChart, seriesNames, useRenderer } from "./draw.js";
import { CHARTS_ELEMENT_ID, type ChartSpec, type DrawnChart } from "./spec.js";

useRenderer(CanvasRenderer);

declare global {
  interface Window {
    __memsimCharts?: DrawnChart[];
  }
}

function draw(): void {
  const drawn: DrawnChart[] = [];
  const instances: EChartsType[] = [];
  window.__memsimCharts = drawn;
  const specs = JSON.parse(document.getElementById(CHARTS_ELEMENT_ID)?.textContent ?? "[]") as (ChartSpec & { id: string })[];
  for (const spec of specs) {
    const entry: DrawnChart = { id: spec.id, type: spec.type, title: spec.title, series: seriesNames(spec) };
    drawn.push(entry);
    const el = document.getElementById(spec.id);
    try {
      if (!el) throw new Error(`no element #${spec.id}`);
      instances.push(drawChart(el, spec, "canvas"));
    } catch (err) {
      entry.error = (err as Error).message;
      console.error(`memsim: chart ${spec.id}: ${entry.error}`);
      if (el) el.textContent = `This chart could not be drawn: ${entry.error}`;
    }
  }
  window.addEventListener("resize", () => instances.forEach((c) => c.resize()));
  document.body.dataset.state = drawn.some((c) => c.error) ? "error" : "ready";
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
else draw();
