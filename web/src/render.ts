// The results as DOM: tables with CSS bars, and the GC timeline as inline SVG. Every number shown
// comes from the host's reports (host/report/trace-report.ts, host/python/report.ts, gclog.ts).

import type { TraceReport } from "../../host/report/trace-report.js";
import type { LineRow, PyLineReport } from "../../host/python/report.js";
import { formatGcCollection, type GcCollection } from "../../host/python/gclog.js";
import { commas, percent } from "../../host/report/format.js";

type Child = Node | string | null | undefined | false;

/** An element with attributes and children. */
export function h(tag: string, attrs: Record<string, string | number | boolean | undefined> = {}, ...children: (Child | Child[])[]): HTMLElement {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

function setAttrs(el: Element, attrs: Record<string, string | number | boolean | undefined>): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : String(v));
  }
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag: string, attrs: Record<string, string | number | undefined> = {}, ...children: (Node | string)[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  el.append(...children);
  return el;
}

/** A horizontal bar of `share` (0..1), for a table cell; screen readers get the cell's percentage instead. */
export function bar(share: number, variant = ""): HTMLElement {
  const fill = h("span", { class: `bar-fill ${variant}`.trim() });
  fill.style.width = `${(100 * Math.max(0, Math.min(1, share))).toFixed(2)}%`;
  return h("span", { class: "bar", "aria-hidden": "true" }, fill);
}

interface Column<T> {
  head: string;
  cell: (row: T) => Child | Child[];
  /** Left-aligned text rather than a right-aligned number. */
  text?: boolean;
  /** A class on the cells (the tests find numbers by it). */
  key?: string;
}

/** A table in a scrolling wrapper, with a caption. */
export function dataTable<T>(caption: string, columns: Column<T>[], rows: T[], rowAttrs: (row: T) => Record<string, string | undefined> = () => ({})): HTMLElement {
  const table = h("table", {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.text ? "text" : undefined }, c.head)))),
    h("tbody", {}, rows.map((r) => h("tr", rowAttrs(r), columns.map((c, i) =>
      h(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : undefined, class: [c.text ? "text" : "", c.key ?? ""].join(" ").trim() || undefined }, c.cell(r)))))),
  );
  return h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": caption }, table);
}

function summaryList(items: [string, string, string][]): HTMLElement {
  return h("dl", { class: "summary" }, items.map(([label, value, id]) => h("div", {}, h("dt", {}, label), h("dd", { id }, value))));
}

const LEVEL_LABEL: Record<string, string> = { l1i: "L1i", l1d: "L1d", l2: "L2", l3: "L3" };

/** A generic- or cachegrind-mode report: summary, where the cycles go, the levels, the heap categories. */
export function renderReport(r: TraceReport, title: string, { python = false } = {}): HTMLElement {
  const section = h("section", { class: "report", "aria-label": title });
  if (r.mode === "cachegrind") {
    section.append(h("p", {}, "Cachegrind mode counts references and misses; it has no timing, so no cycles."));
    section.append(dataTable("Cachegrind's events", [
      { head: "event", cell: (e: [string, number]) => e[0], text: true },
      { head: "count", cell: (e) => commas(e[1]), key: "count" },
    ], Object.entries(r.events!), (e) => ({ "data-event": e[0] })));
  } else {
    const core = r.core!;
    // A Python run's references are the heap's loads and stores, with no instruction records: its
    // cycles are the per-line report's (above), not an in-order core's, so only the memory side is shown.
    section.append(summaryList(python ? [
      ["memory-access cycles", commas(r.memoryCycles!), "r-memory-cycles"],
      ["AMAT (cycles per reference)", r.amat!.toFixed(2), "r-amat"],
      ["references", commas(r.accesses!), "r-references"],
    ] : [
      ["core cycles", commas(r.cycles!), "r-cycles"],
      ["memory-access cycles", commas(r.memoryCycles!), "r-memory-cycles"],
      ["AMAT (cycles per reference)", r.amat!.toFixed(2), "r-amat"],
      ["IPC", core.ipc.toFixed(3), "r-ipc"],
      ["references", commas(r.accesses!), "r-references"],
      ["instructions", commas(r.instructions), "r-instructions"],
    ]));
  }
  if (r.mode !== "cachegrind" && !python) {
    const b = r.breakdown!;
    type Part = { name: string; cycles: number; latency?: number };
    const parts: Part[] = [
      { name: "core (CPI)", cycles: b.base },
      ...r.levels.map((l) => ({ name: LEVEL_LABEL[l.name], cycles: l.stallCycles!, latency: l.avgLatency })),
      { name: "memory", cycles: b.memory },
      ...(r.pageFaults ? [{ name: "page faults", cycles: b.pageFaults }] : []),
    ];
    section.append(dataTable("Where the core's cycles go (stalls beyond each reference's first-level hit)", [
      { head: "", cell: (p: Part) => p.name, text: true },
      { head: "cycles", cell: (p) => commas(p.cycles), key: "cycles" },
      { head: "share", cell: (p) => percent(p.cycles, b.total, 1) },
      { head: "avg latency", cell: (p) => (p.latency === undefined ? "" : p.latency.toFixed(2)) },
      { head: "", cell: (p) => bar(b.total ? p.cycles / b.total : 0), text: true },
    ], parts, (p) => ({ "data-part": p.name })));
  }
  section.append(dataTable("Cache levels: accesses and misses", [
    { head: "level", cell: (l) => LEVEL_LABEL[l.name], text: true },
    { head: "geometry", cell: (l) => `${l.geometry} ${l.options}`, text: true },
    { head: "accesses", cell: (l) => commas(l.accesses.total), key: "accesses" },
    { head: "misses", cell: (l) => commas(l.misses.total), key: "misses" },
    { head: "miss rate", cell: (l) => percent(l.misses.total, l.accesses.total) },
    { head: "", cell: (l) => bar(l.missRate, "miss"), text: true },
    { head: "misses I/R/W", cell: (l) => `${commas(l.misses.instruction)}/${commas(l.misses.read)}/${commas(l.misses.write)}` },
    { head: "evictions", cell: (l) => commas(l.evictions) },
    { head: "write-backs", cell: (l) => commas(l.writebacks) },
  ], r.levels, (l) => ({ "data-level": l.name })));
  if (r.memory) {
    section.append(h("p", {}, `Memory: ${commas(r.memory.reads)} line reads, ${commas(r.memory.writes)} writes` +
      (r.dram ? `; ${r.dram.device}: ${commas(r.dram.rowHits)} row hits, ${commas(r.dram.rowEmpty)} empty banks, ${commas(r.dram.rowConflicts)} conflicts` : "") + "."));
  }
  if (r.heap) {
    const rows = Object.entries(r.heap).filter(([, v]) => v.references);
    const total = rows.reduce((a, [, v]) => a + v.cycles, 0);
    section.append(dataTable("The Python heap's cycles by category (memory-access cycles of its loads and stores)", [
      { head: "category", cell: ([k]: [string, { references: number; cycles: number; memReads: number }]) => (k === "mutator" ? "program (mutator)" : k), text: true },
      { head: "accesses", cell: ([, v]) => commas(v.references) },
      { head: "cycles", cell: ([, v]) => commas(v.cycles), key: "cycles" },
      { head: "share", cell: ([, v]) => percent(v.cycles, total, 1) },
      { head: "lines from memory", cell: ([, v]) => commas(v.memReads) },
      { head: "", cell: ([k, v]) => bar(total ? v.cycles / total : 0, k === "mutator" ? "program" : "managed"), text: true },
    ], rows, ([k]) => ({ "data-category": k })));
  }
  return section;
}

/** The Python run's cycles by category and by level (the per-line report's totals). */
export function renderPythonTotals(r: PyLineReport): HTMLElement {
  const t = r.totals;
  const cats: [string, number, string][] = [
    ["program (interpreter)", t.categories.interpreter, "program"], ["alloc", t.categories.alloc, "managed"], ["free", t.categories.free, "managed"],
    ["refcount", t.categories.refcount, "managed"], ["gc", t.categories.gc, "managed"],
    ...(t.categories.other ? [["other", t.categories.other, ""] as [string, number, string]] : []),
  ];
  const levels: [string, number, number | undefined][] = [
    ...(t.levels.core ? [["core (base CPI)", t.levels.core, undefined] as [string, number, number | undefined]] : []),
    ["L1", t.levels.l1, t.misses.l1d], ["L2", t.levels.l2, t.misses.l2],
    ...(t.levels.l3 || t.misses.l3 ? [["L3", t.levels.l3, t.misses.l3] as [string, number, number | undefined]] : []),
    ["DRAM", t.levels.dram, t.misses.memReads],
    ...(t.levels.storage ? [["storage", t.levels.storage, t.misses.pageFaults] as [string, number, number | undefined]] : []),
  ];
  return h("div", { class: "two-col" },
    dataTable("Cycles by heap category", [
      { head: "category", cell: (c: [string, number, string]) => c[0], text: true },
      { head: "cycles", cell: (c) => commas(c[1]), key: "cycles" },
      { head: "share", cell: (c) => percent(c[1], t.cycles, 1) },
      { head: "", cell: (c) => bar(t.cycles ? c[1] / t.cycles : 0, c[2]), text: true },
    ], cats, (c) => ({ "data-category": c[0].split(" ")[0] })),
    dataTable("Cycles by level (misses: L1d, L2, L3; DRAM: lines read)", [
      { head: "level", cell: (c: [string, number, number | undefined]) => c[0], text: true },
      { head: "cycles", cell: (c) => commas(c[1]), key: "cycles" },
      { head: "share", cell: (c) => percent(c[1], t.cycles, 1) },
      { head: "misses", cell: (c) => (c[2] === undefined ? "" : commas(c[2])), key: "misses" },
      { head: "", cell: (c) => bar(t.cycles ? c[1] / t.cycles : 0), text: true },
    ], levels, (c) => ({ "data-level": c[0] })),
  );
}

/** The per-line table, the costliest first; the costliest `hot` source lines are highlighted. */
export function renderLineTable(r: PyLineReport, top = 30, hot = 3): HTMLElement {
  const hotRows = new Set(r.lines.filter((l) => l.line > 0).slice(0, hot));
  const shown = r.lines.slice(0, top);
  const total = r.totals.cycles;
  const label = (l: LineRow) => (l.line ? (l.code === "<module>" ? `${l.line}` : `${l.line} ${l.code}`) : l.code);
  const table = dataTable(`Cost by source line, the costliest first${shown.length < r.lines.length ? ` (top ${shown.length} of ${r.lines.length})` : ""}`, [
    { head: "line", cell: (l: LineRow) => [label(l), hotRows.has(l) ? h("span", { class: "visually-hidden" }, " (one of the costliest)") : null], text: true },
    { head: "cycles", cell: (l) => commas(l.cycles), key: "cycles" },
    { head: "share", cell: (l) => percent(l.cycles, total, 1) },
    { head: "", cell: (l) => bar(total ? l.cycles / total : 0), text: true },
    { head: "source", cell: (l) => h("code", { title: l.source.length > 40 ? l.source : undefined }, l.source.length > 40 ? l.source.slice(0, 39) + "…" : l.source), text: true },
    { head: "runs", cell: (l) => commas(l.executions) },
    { head: "allocs", cell: (l) => commas(l.allocations) },
    { head: "frees", cell: (l) => commas(l.frees) },
    { head: "increfs", cell: (l) => commas(l.increfs) },
    { head: "decrefs", cell: (l) => commas(l.decrefs) },
    { head: "interp", cell: (l) => commas(l.categories.interpreter) },
    { head: "alloc", cell: (l) => commas(l.categories.alloc) },
    { head: "free", cell: (l) => commas(l.categories.free) },
    { head: "refcnt", cell: (l) => commas(l.categories.refcount) },
    { head: "gc", cell: (l) => commas(l.categories.gc) },
    { head: "L1d miss", cell: (l) => commas(l.misses.l1d) },
    { head: "L2 miss", cell: (l) => commas(l.misses.l2) },
    { head: "mem reads", cell: (l) => commas(l.misses.memReads) },
  ], shown, (l) => ({ class: hotRows.has(l) ? "hot" : undefined, "data-line": String(l.line) }));
  return table;
}

/**
 * The GC timeline: one lane per generation, each collection a bar at the bytecode count it started
 * at, its height the collection's cycles (against the costliest one), its tooltip the --gc-log line.
 */
export function renderGcTimeline(collections: GcCollection[], totalBytecodes: number): HTMLElement {
  const W = 720, laneH = 56, left = 92, right = 12, top = 8, axisH = 34;
  const H = top + 3 * laneH + axisH;
  const span = Math.max(totalBytecodes, ...collections.map((c) => c.bytecodes), 1);
  const maxCycles = Math.max(1, ...collections.map((c) => c.cycles));
  const x = (b: number) => left + ((W - left - right) * b) / span;
  const svg = s("svg", {
    id: "gc-timeline", viewBox: `0 0 ${W} ${H}`, role: "img", class: "gc-timeline",
    "aria-labelledby": "gc-timeline-title gc-timeline-desc",
  },
  s("title", { id: "gc-timeline-title" }, "GC timeline"),
  s("desc", { id: "gc-timeline-desc" }, `${collections.length} collections over ${commas(span)} bytecodes, by generation; bar height: the collection's cycles (the table below lists them).`));
  for (let g = 0; g < 3; g++) {
    const y = top + g * laneH;
    svg.append(
      s("rect", { x: left, y, width: W - left - right, height: laneH - 4, class: "lane" }),
      s("text", { x: left - 8, y: y + laneH / 2, class: "lane-label", "text-anchor": "end", "dominant-baseline": "middle" }, `generation ${g}`),
    );
  }
  for (const c of collections) {
    const y0 = top + c.generation * laneH;
    const hgt = Math.max(3, ((laneH - 10) * c.cycles) / maxCycles);
    const rect = s("rect", {
      x: x(c.bytecodes) - 2, y: y0 + laneH - 6 - hgt, width: 4, height: hgt,
      class: `collection gen${c.generation}${c.automatic ? "" : " explicit"}`, "data-collection": c.index,
    }, s("title", {}, formatGcCollection(c).trim()));
    svg.append(rect);
  }
  const axisY = top + 3 * laneH;
  svg.append(s("line", { x1: left, x2: W - right, y1: axisY, y2: axisY, class: "axis" }));
  for (let i = 0; i <= 4; i++) {
    const b = Math.round((span * i) / 4);
    svg.append(
      s("line", { x1: x(b), x2: x(b), y1: axisY, y2: axisY + 4, class: "axis" }),
      s("text", { x: x(b), y: axisY + 16, class: "tick", "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" }, commas(b)),
    );
  }
  svg.append(s("text", { x: (left + W - right) / 2, y: axisY + 30, class: "tick", "text-anchor": "middle" }, "bytecodes run (time)"));
  const wrap = h("figure", { class: "gc" }, svg as unknown as Node,
    h("figcaption", {}, "Collections by generation over the run (solid: started by allocations past the threshold; outlined: gc.collect()). Hover a bar for its details."));
  const list = dataTable("The collections (as memsim py --gc-log prints them)", [
    { head: "#", cell: (c: GcCollection) => String(c.index), text: true },
    { head: "generation", cell: (c) => String(c.generation) },
    { head: "started by", cell: (c) => (c.automatic ? "allocations" : "gc.collect()"), text: true },
    { head: "line", cell: (c) => (c.line ? String(c.line) : "startup") },
    { head: "bytecodes before", cell: (c) => commas(c.bytecodes) },
    { head: "examined", cell: (c) => commas(c.examined) },
    { head: "collected", cell: (c) => commas(c.collected) },
    { head: "uncollectable", cell: (c) => commas(c.uncollectable) },
    { head: "cycles", cell: (c) => commas(c.cycles), key: "cycles" },
    { head: "L1d misses", cell: (c) => commas(c.l1dMisses) },
    { head: "L2 misses", cell: (c) => commas(c.l2Misses) },
    { head: "DRAM line reads", cell: (c) => commas(c.memReads) },
  ], collections);
  return h("div", {}, wrap, h("details", {}, h("summary", {}, `The ${collections.length} collections as a table`), list));
}
