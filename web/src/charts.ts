// The comparison's charts, loaded on demand (ECharts is most of this chunk): each chart spec of
// host/compare/html.ts drawn by the HTML reports' own drawing code (host/report/html/draw.ts),
// with the SVG renderer so that the chart is part of the page's DOM, and redrawn to its box's
// width when the box is resized (a phone turned, a window narrowed).

import { SVGRenderer } from "echarts/renderers";
import { drawChart, useRenderer } from "../../host/report/html/draw.js";
import type { ChartSpec } from "../../host/report/html.js";

useRenderer(SVGRenderer);

export function drawSvgChart(el: HTMLElement, spec: ChartSpec): void {
  const chart = drawChart(el, spec, "svg");
  new ResizeObserver(() => chart.resize()).observe(el);
}
