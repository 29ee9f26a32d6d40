// What an HTML report contains (host/report/html.ts): sections of text, a
// table and charts. The chart specs are plain JSON, inlined into the page and
// drawn there by the page script (page.ts); they say what to show, not how
// ECharts shows it, so a command builds them without knowing the library.

import { formatSize } from "../../config/size.js";

/** How a number is shown on axes, labels and tooltips. */
export type ValueFormat =
  | "number"   // 1,234,567 (at most 2 decimals)
  | "decimal"  // 2 decimals: 4.75
  | "percent"  // a fraction: 0.1234 -> 12.34%
  | "size"     // bytes: 32768 -> 32K
  | "speedup"; // a ratio: 1.5 -> 1.50x

/** A value as the axes, labels and tooltips show it. */
export function format(kind: ValueFormat | undefined, v: unknown): string {
  if (typeof v !== "number" || !Number.isFinite(v)) return v === null || v === undefined ? "-" : String(v);
  switch (kind) {
    case "decimal": return v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case "percent": return `${(100 * v).toLocaleString("en-US", { maximumFractionDigits: Math.abs(v) < 0.1 ? 2 : 1 })}%`;
    case "size": return formatSize(v);
    case "speedup": return `${v.toFixed(2)}x`;
    default: return v.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
}

interface ChartBase {
  /** Unique in the page (the chart's element id); default `chart-<section>-<index>`. */
  id?: string;
  title: string;
  /** One line under the title. */
  subtitle?: string;
  /** Height in CSS pixels (default 360). */
  height?: number;
}

/** One colour of a bar chart: a value per category (null: no bar). */
export interface BarSeries {
  name: string;
  values: (number | null)[];
}

/**
 * Bars over categories. One series: plain bars (speedup per machine). Several:
 * grouped side by side (miss rate per level, a series per machine), or stacked
 * with `stacked` (the cycle breakdown: a series per part, a bar per machine).
 */
export interface BarChartSpec extends ChartBase {
  type: "bar";
  categories: string[];
  series: BarSeries[];
  stacked?: boolean;
  /** Bars run left to right, categories down the side. */
  horizontal?: boolean;
  categoryLabel?: string;
  valueLabel?: string;
  valueFormat?: ValueFormat;
  /** A dashed line across the bars at this value (1 for a speedup). */
  reference?: { value: number; label?: string };
  /** Print each bar's value on it (default: only with a single series). */
  labels?: boolean;
}

/** One line: [x, y] points in x order; a null y breaks the line. */
export interface LineSeries {
  name: string;
  points: [number, number | null][];
}

/** Line series over a numeric x axis: miss rate against cache size, one line per associativity. */
export interface LineChartSpec extends ChartBase {
  type: "line";
  series: LineSeries[];
  xLabel?: string;
  yLabel?: string;
  xFormat?: ValueFormat;
  yFormat?: ValueFormat;
  /** "log2" for sizes that double; default "linear". */
  xScale?: "linear" | "log2" | "log10";
  yScale?: "linear" | "log2" | "log10";
}

/**
 * A value per (x, y) cell, as colour: cycles over size x associativity, or
 * the memory mountain (cycles per load over working-set size x stride).
 */
export interface HeatmapChartSpec extends ChartBase {
  type: "heatmap";
  /** The columns, left to right. */
  x: { label?: string; values: (number | string)[]; format?: ValueFormat };
  /** The rows, bottom to top. */
  y: { label?: string; values: (number | string)[]; format?: ValueFormat };
  /** cells[row][column] is the value at (x.values[column], y.values[row]); null leaves the cell blank. */
  cells: (number | null)[][];
  /** What the colour means (the tooltip's and the scale's name). */
  valueLabel?: string;
  valueFormat?: ValueFormat;
  /** Colour on a logarithmic scale, for values over several orders of magnitude (every value must be above 0). */
  logColor?: boolean;
  /** Print each cell's value in it (default: when there are at most 300 cells). */
  labels?: boolean;
}

export type ChartSpec = BarChartSpec | LineChartSpec | HeatmapChartSpec;

/** What the page exposes as `window.__memsimCharts` once drawn: for tests and scripts. */
export interface DrawnChart {
  id: string;
  type: ChartSpec["type"];
  title: string;
  /** Series names (a heat map has one: its value label). */
  series: string[];
  /** Set when this chart failed to draw. */
  error?: string;
}

/** The id of the JSON script element holding the chart specs, and of the optional raw data. */
export const CHARTS_ELEMENT_ID = "memsim-charts";
export const DATA_ELEMENT_ID = "memsim-data";
