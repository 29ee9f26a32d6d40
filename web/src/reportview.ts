// An HTML report's sections (host/report/html.ts: the comparison's, the sweep's) laid out in the
// playground: each section's title, text and table, and its charts drawn by the reports' own
// ECharts code (charts.ts, loaded on demand) as SVG, each with its numbers as a table underneath
// for screen readers and for reading.

import type { ChartSpec, HtmlReport, HtmlTable } from "../../host/report/html.js";
import { format } from "../../host/report/html/spec.js";
import { dataTable, h } from "./render.js";

function table(caption: string, t: HtmlTable): HTMLElement {
  return dataTable(caption, t.header.map((head, i) => ({ head, cell: (row: (string | number)[]) => String(row[i]), text: t.align?.[i] === "left" || i === 0 })), t.rows);
}

/**
 * A chart's numbers as a table: a bar chart's a row per category and a column per series; a line
 * chart's a row per x value and a column per line; a heat map's a row per y value and a column per x value.
 */
export function chartNumbers(spec: ChartSpec): HtmlTable {
  if (spec.type === "bar") {
    return {
      header: [spec.categoryLabel ?? "", ...spec.series.map((s) => s.name)],
      rows: spec.categories.map((c, i) => [c, ...spec.series.map((s) => format(spec.valueFormat, s.values[i]))]),
    };
  }
  if (spec.type === "line") {
    const xs = [...new Set(spec.series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
    return {
      header: [spec.xLabel ?? "", ...spec.series.map((s) => s.name)],
      rows: xs.map((x) => [format(spec.xFormat, x), ...spec.series.map((s) => format(spec.yFormat, s.points.find(([px]) => px === x)?.[1] ?? null))]),
    };
  }
  return {
    header: [`${spec.y.label ?? ""} \\ ${spec.x.label ?? ""}`, ...spec.x.values.map((x) => format(spec.x.format, x))],
    rows: spec.y.values.map((y, r) => [format(spec.y.format, y), ...spec.cells[r].map((v) => format(spec.valueFormat, v))]),
  };
}

function chartFigure(spec: ChartSpec, id: string): HTMLElement {
  const box = h("div", { class: "chart", id, role: "img", "aria-label": `${spec.title} (chart; its numbers are in the table below it)` });
  box.style.height = `${spec.height ?? 360}px`;
  import("./charts.js").then(({ drawSvgChart }) => {
    drawSvgChart(box, spec);
    box.dataset.drawn = "true";
  }, (err: Error) => {
    box.textContent = `This chart could not be drawn: ${err.message}`;
  });
  return h("figure", { class: "chart-figure", "data-chart": spec.id ?? id },
    h("figcaption", {}, spec.title + (spec.subtitle ? `: ${spec.subtitle}` : "")),
    box,
    table(`${spec.title}${spec.subtitle ? ` (${spec.subtitle})` : ""}: the numbers`, chartNumbers(spec)));
}

/**
 * `report`'s subtitle (a paragraph, id `${prefix}-heading`) and sections, in a section with id
 * `id`; a chart's box has the id `${prefix}-chart-` and the spec's id (else its place: 1, 2...).
 */
export function renderHtmlReport(report: HtmlReport, id: string, prefix: string): HTMLElement {
  const view = h("section", { class: id, id, "aria-label": report.title });
  view.append(h("p", { class: "sentence", id: `${prefix}-heading` }, report.subtitle ?? ""));
  let charts = 0;
  for (const s of report.sections) {
    const paragraphs = s.text === undefined ? [] : Array.isArray(s.text) ? s.text : [s.text];
    view.append(h("h4", {}, s.title), ...paragraphs.map((p) => h("p", { class: "hint" }, p)));
    if (s.table) view.append(table(s.title, s.table));
    for (const spec of s.charts ?? []) view.append(chartFigure(spec, `${prefix}-chart-${spec.id ?? ++charts}`));
  }
  return view;
}
