// Drawing one chart spec (spec.ts) with ECharts: the HTML reports' page script
// (page.ts, canvas) and the playground's comparison (web/src/charts.ts, SVG)
// both draw through here, so a spec looks the same in both.
//
// Why ECharts: one well-kept package (Apache ECharts) covers every chart the
// reports need (stacked and grouped bars, line series on log axes, heat maps
// with a colour scale) with tooltips and legends built in; it draws to canvas
// (or SVG) with no network access, no eval and no CSS or font files to fetch,
// so the page works offline and from file://. Only the parts used are bundled
// (echarts/core plus three chart types and six components), about 600 KB
// minified. uPlot has no bars or heat maps; Vega-Lite compiles specs at run
// time and is several times larger.

import { init, use, type EChartsType } from "echarts/core";
import type { CanvasRenderer, SVGRenderer } from "echarts/renderers";
import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import {
  GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, VisualMapComponent,
} from "echarts/components";
import { format, type BarChartSpec, type ChartSpec, type HeatmapChartSpec, type LineChartSpec, type ValueFormat } from "./spec.js";

use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent,
  VisualMapComponent]);

/** Register the renderer the caller draws with (each bundle includes only its own). */
export function useRenderer(renderer: typeof CanvasRenderer | typeof SVGRenderer): void {
  use([renderer]);
}

type Option = Record<string, unknown>;

const LOG_BASE = { linear: undefined, log2: 2, log10: 10 } as const;

function titleOf(spec: ChartSpec): Option {
  return { text: spec.title, subtext: spec.subtitle, left: 8, top: 4 };
}

/** Room at the top for the title and the legend. */
function gridOf(spec: ChartSpec, extra: Option = {}): Option {
  return { left: 16, right: 24, top: spec.subtitle ? 92 : 72, bottom: 16, outerBoundsMode: "same", outerBoundsContain: "axisLabel", ...extra };
}

const legend: Option = { type: "scroll", top: 0, right: 8, left: "45%" };

function barOption(spec: BarChartSpec): Option {
  const labels = spec.labels ?? spec.series.length === 1;
  const categoryAxis = { type: "category", data: spec.categories, name: spec.categoryLabel, nameLocation: "middle", nameGap: 28,
    axisLabel: { interval: 0, hideOverlap: true } };
  const valueAxis = { type: "value", name: spec.valueLabel, axisLabel: { formatter: (v: number) => format(spec.valueFormat, v) } };
  return {
    title: titleOf(spec),
    legend: spec.series.length > 1 ? legend : undefined,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => format(spec.valueFormat, v) },
    grid: gridOf(spec, spec.categoryLabel ? { bottom: 36 } : {}),
    xAxis: spec.horizontal ? valueAxis : categoryAxis,
    yAxis: spec.horizontal ? { ...categoryAxis, inverse: true, nameGap: 0 } : valueAxis,
    series: spec.series.map((s, i) => ({
      type: "bar",
      name: s.name,
      data: s.values,
      stack: spec.stacked ? "total" : undefined,
      emphasis: { focus: "series" },
      label: labels ? { show: true, position: spec.stacked ? "inside" : spec.horizontal ? "right" : "top",
        formatter: (p: { value: unknown }) => format(spec.valueFormat, p.value) } : undefined,
      markLine: spec.reference && i === 0 ? {
        silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#555" },
        label: { formatter: spec.reference.label ?? format(spec.valueFormat, spec.reference.value) },
        data: [spec.horizontal ? { xAxis: spec.reference.value } : { yAxis: spec.reference.value }],
      } : undefined,
    })),
  };
}

function lineOption(spec: LineChartSpec): Option {
  const axis = (label: string | undefined, scale: LineChartSpec["xScale"], kind: ValueFormat | undefined, x: boolean) => ({
    type: LOG_BASE[scale ?? "linear"] ? "log" : "value",
    logBase: LOG_BASE[scale ?? "linear"],
    name: label,
    nameLocation: "middle",
    nameGap: x ? 28 : 48,
    scale: true,
    axisLabel: { formatter: (v: number) => format(kind, v) },
  });
  return {
    title: titleOf(spec),
    legend,
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "cross", label: { formatter: (p: { value: number; axisDimension: string }) =>
        format(p.axisDimension === "x" ? spec.xFormat : spec.yFormat, p.value) } },
      valueFormatter: (v: unknown) => format(spec.yFormat, Array.isArray(v) ? v[1] : v),
    },
    grid: gridOf(spec, { bottom: spec.xLabel ? 36 : 16, left: spec.yLabel ? 40 : 16 }),
    xAxis: axis(spec.xLabel, spec.xScale, spec.xFormat, true),
    yAxis: axis(spec.yLabel, spec.yScale, spec.yFormat, false),
    series: spec.series.map((s) => ({ type: "line", name: s.name, data: s.points, showSymbol: true, connectNulls: false, emphasis: { focus: "series" } })),
  };
}

function heatmapOption(spec: HeatmapChartSpec): Option {
  const values = spec.cells.flat().filter((v): v is number => v !== null);
  const log = !!spec.logColor;
  const scale = (v: number) => (log ? Math.log10(v) : v);
  const unscale = (v: number) => (log ? 10 ** v : v);
  const data: [number, number, number | null, number | null][] = [];
  spec.cells.forEach((row, y) => row.forEach((v, x) => data.push([x, y, v === null ? null : scale(v), v])));
  const lo = values.length ? scale(Math.min(...values)) : 0;
  const hi = values.length ? scale(Math.max(...values)) : 1;
  const labels = spec.labels ?? data.length <= 300;
  const axis = (a: HeatmapChartSpec["x"], x: boolean) => ({
    type: "category",
    data: a.values.map((v) => format(a.format, v)),
    name: a.label,
    nameLocation: "middle",
    nameGap: x ? 28 : 52,
    splitArea: { show: true },
  });
  const scaleNote = `colour: ${spec.valueLabel ?? "value"}${log ? " (log scale)" : ""}`;
  return {
    title: titleOf({ ...spec, subtitle: spec.subtitle ? `${spec.subtitle}; ${scaleNote}` : scaleNote }),
    tooltip: {
      position: "top",
      formatter: (p: { value: [number, number, number | null, number | null] }) => {
        const [x, y, , v] = p.value;
        return `${spec.x.label ?? "x"} ${format(spec.x.format, spec.x.values[x])}, ${spec.y.label ?? "y"} ${format(spec.y.format, spec.y.values[y])}` +
          `<br><b>${format(spec.valueFormat, v)}</b> ${spec.valueLabel ?? ""}`;
      },
    },
    grid: gridOf({ ...spec, subtitle: scaleNote }, { right: 72, bottom: spec.x.label ? 36 : 16, left: spec.y.label ? 44 : 16 }),
    xAxis: axis(spec.x, true),
    yAxis: axis(spec.y, false),
    visualMap: {
      type: "continuous", min: lo, max: hi === lo ? lo + 1 : hi, orient: "vertical", right: 8, top: "middle", itemHeight: 160,
      dimension: 2, text: [format(spec.valueFormat, unscale(hi)), format(spec.valueFormat, unscale(lo))],
      inRange: { color: ["#f7fbff", "#9ecae1", "#4292c6", "#08519c", "#08306b"] },
    },
    series: [{
      type: "heatmap",
      name: spec.valueLabel ?? spec.title,
      data,
      label: labels ? { show: true, fontSize: 10, formatter: (p: { value: unknown[] }) => format(spec.valueFormat, p.value[3]) } : undefined,
      emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } },
    }],
  };
}

function optionFor(spec: ChartSpec): Option {
  switch (spec.type) {
    case "bar": return barOption(spec);
    case "line": return lineOption(spec);
    case "heatmap": return heatmapOption(spec);
  }
}

export function seriesNames(spec: ChartSpec): string[] {
  return spec.type === "heatmap" ? [spec.valueLabel ?? spec.title] : spec.series.map((s) => s.name);
}

/** Draw `spec` into `el` (with a renderer registered by useRenderer). */
export function drawChart(el: HTMLElement, spec: ChartSpec, renderer: "canvas" | "svg"): EChartsType {
  const chart = init(el, undefined, { renderer });
  chart.setOption({ animation: false, ...optionFor(spec) });
  return chart;
}
