// The comparison of two to four machines on one kernel, trace file or script, as `memsim compare
// --html` shows it: host/compare/html.ts's sections (the same tables and chart specs as the HTML
// report), laid out by reportview.ts.

import { compareHtml } from "../../host/compare/html.js";
import type { Comparison } from "../../host/compare/compare.js";
import { renderHtmlReport } from "./reportview.js";

export function renderComparison(c: Comparison): HTMLElement {
  return renderHtmlReport(compareHtml(c), "comparison", "cmp");
}
