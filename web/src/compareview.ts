// The comparison of two to four machines on one kernel, trace file or script, as `memsim compare
// --html` shows it: the page takes host/compare/html.ts's sections (the same tables and chart specs
// as the HTML report) and lays them out here; the charts are drawn by the reports' own ECharts code (charts.ts, loaded on
// demand), and each has its numbers as a table underneath for screen readers and for reading.

import { compareHtml } from "../../host/compare/html.js";
import type { Comparison } from "../../host/compare/compare.js";
import type { ChartSpec, HtmlTable } from "../../host/report/html.js";
import { format } from "../../host/report/html/spec.js";
import { dataTable, h } from "./render.js";

function table(caption: string, t: HtmlTable): HTMLElement {
  return dataTable(caption, t.header.map((head, i) => ({ head, cell: (row: (string | number)[]) => String(row[i]), text: t.align?.[i] === "left" || i === 0 })), t.rows);
}

/** A bar chart's numbers as a table: a row per category, a column per series. */
function chartNumbers(spec: ChartSpec): HtmlTable {
  if (spec.type !== "bar") throw new Error(`the comparison has only bar charts, not ${spec.type}`);
  return {
    header: [spec.categoryLabel ?? "", ...spec.series.map((s) => s.name)],
    rows: spec.categories.map((c, i) => [c, ...spec.series.map((s) => format(spec.valueFormat, s.values[i]))]),
  };
}

function chartFigure(spec: ChartSpec): HTMLElement {
  const box = h("div", { class: "chart", id: `cmp-chart-${spec.id}`, role: "img", "aria-label": `${spec.title} (chart; its numbers are in the table below it)` });
  box.style.height = `${spec.height ?? 360}px`;
  import("./charts.js").then(({ drawSvgChart }) => {
    drawSvgChart(box, spec);
    box.dataset.drawn = "true";
  }, (err: Error) => {
    box.textContent = `This chart could not be drawn: ${err.message}`;
  });
  return h("figure", { class: "chart-figure", "data-chart": spec.id },
    h("figcaption", {}, spec.title + (spec.subtitle ? `: ${spec.subtitle}` : "")),
    box,
    table(`${spec.title}: the numbers`, chartNumbers(spec)));
}

export function renderComparison(c: Comparison): HTMLElement {
  const report = compareHtml(c);
  const view = h("section", { class: "comparison", id: "comparison", "aria-label": report.title });
  view.append(h("p", { class: "sentence", id: "cmp-heading" }, report.subtitle ?? ""));
  for (const s of report.sections) {
    const paragraphs = s.text === undefined ? [] : Array.isArray(s.text) ? s.text : [s.text];
    view.append(h("h4", {}, s.title), ...paragraphs.map((p) => h("p", { class: "hint" }, p)));
    if (s.table) view.append(table(s.title, s.table));
    for (const spec of s.charts ?? []) view.append(chartFigure(spec));
  }
  return view;
}
