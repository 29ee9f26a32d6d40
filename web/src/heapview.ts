// The heap view (docs/web.md "The heap view"): a Python script's heap after each source line,
// replayed from the worker's recording (heapview-run.ts: the core's own heapOccupancy and heapGraph
// after every line change). The occupancy map (arenas → pools, coloured by size class, filled by
// blocks in use), the objects with their addresses, sizes, refcounts and references, the objects
// each step freed (by refcount, or by a collection), and what each collection found unreachable (its
// boxes marked the step before, while they still exist), with reference arrows between the boxes
// (heaparrows.ts). Step, step back, rewind, play at a speed.

import { h } from "./render.js";
import { stepper } from "./stepper.js";
import { arrowsFollowResize, drawArrows } from "./heaparrows.js";
import { preview, type HeapRecording, type HeapNode, type HeapStep } from "./heapview-run.js";
import { sourceListing } from "./source-listing.js";

const SPEEDS = [1, 2, 5, 10, 20];
const hex = (n: number) => `0x${n.toString(16)}`;
/** CSS custom properties through the CSSOM (the page's Content-Security-Policy refuses style attributes). */
function vars(el: HTMLElement, v: Record<string, string>): HTMLElement {
  for (const [k, x] of Object.entries(v)) el.style.setProperty(k, x);
  return el;
}
const POOL_BLOCKS = (cls: number) => Math.floor((16384 - 48) / ((cls + 1) * 16));
/** A size class's colour (text alternatives: the class and size are written in each cell's label). */
export const classColour = (cls: number) => `hsl(${(cls * 47) % 360} 70% 42%)`;

/** Per size class: pools and blocks in use, from an occupancy map. */
export function classTotals(st: HeapStep): Map<number, { pools: number; inUse: number }> {
  const t = new Map<number, { pools: number; inUse: number }>();
  for (const a of st.occupancy.arenas) a.cls.forEach((c, k) => {
    if (c < 0) return;
    const e = t.get(c) ?? { pools: 0, inUse: 0 };
    e.pools++;
    e.inUse += a.used[k];
    t.set(c, e);
  });
  return t;
}

function describe(n: HeapNode): string {
  const p = preview(n);
  return `${n.typeName}${p ? ` ${p}` : ""}`;
}

export function renderHeapView(rec: HeapRecording, source: string): HTMLElement {
  const n = rec.steps.length;
  const player = stepper("hv", "Heap view controls", SPEEDS, 2, 0, Math.max(0, n - 1), (k) => show(k));
  const { controls, counter, current } = player;

  const listing = sourceListing(source, "hv-source", "The script, the line run next marked");
  const objects = h("div", { id: "hv-objects", class: "hv-objects" });
  const freed = h("div", { id: "hv-freed", class: "hv-freed" });
  const occupancy = h("div", { id: "hv-occupancy" });
  const stdout = h("pre", { class: "stdout", id: "hv-stdout", tabindex: 0, "aria-label": "The script's output up to this step" });

  const root = h("section", { id: "heapview", class: "cacheview heapview", tabindex: -1, "aria-label": "Heap view" },
    h("p", { class: "hint" }, `${n} steps: the heap each time the next source line changes (${rec.bytecodes.toLocaleString("en-US")} bytecodes in all).`),
    rec.capped ? h("p", { class: "hint", id: "hv-capped" }, `Stopped recording after ${n} steps: the rest of the script ran without snapshots.`) : null,
    controls, current,
    h("div", { class: "hv-top" }, listing.element, h("div", { class: "hv-graph" }, h("h4", {}, "Objects"), freed, objects)),
    h("h4", {}, "Output so far"), stdout,
    h("h4", {}, "pymalloc: arenas → pools → blocks"), occupancy,
    h("p", { class: "hint cv-legend" }, "Each pool cell: its size class (colour, and the number in the cell) and its blocks in use (the filled part; the tooltip and label give the numbers). ← and → step, Home rewinds, Space plays or pauses."));

  player.attach(root);
  arrowsFollowResize(objects);

  /** What the collection found unreachable: listed at its step, and its boxes marked one step before, while they still exist. */
  function renderUnreachable(st: HeapStep): Node[] {
    if (!st.unreachableFound) return [];
    const more = st.unreachableFound - st.unreachable.length;
    return [h("p", { class: "hv-found-title", id: "hv-found-title" },
      `The collection found ${st.unreachableFound} object(s) unreachable (cycles no name reaches) and cleared them:`),
    h("ul", { class: "hv-found", id: "hv-found", "aria-labelledby": "hv-found-title" },
      st.unreachable.map((u) => h("li", { "data-address": hex(u.address), "data-type": u.typeName },
        `${u.typeName}${u.preview ? ` ${u.preview}` : ""} at `, h("code", {}, hex(u.address)), ` (generation ${u.generation})`)),
      more > 0 ? h("li", {}, `… ${more} more`) : null)];
  }

  function renderObjects(st: HeapStep, doomed: Map<number, number>) {
    const byAddr = new Map(st.nodes.map((o, i) => [o.address, { o, i }]));
    const ref = (to: number) => {
      const t = byAddr.get(to);
      return t ? h("a", { href: `#hv-o${t.i}`, class: "hv-ref" }, `→ #${t.i} ${describe(t.o)}`) : h("span", { class: "hv-ref" }, `→ ${hex(to)}`);
    };
    const globals = st.nodes[0];
    const names = h("table", { id: "hv-globals", class: "hv-globals" },
      h("caption", {}, "Global names"),
      h("tbody", {}, globals.edges.filter((e) => e.key && !e.key.startsWith("__")).map((e) => h("tr", { "data-name": e.key },
        h("th", { scope: "row" }, h("code", {}, e.key!)), h("td", {}, ref(e.to))))));
    // objects worth a box: not the globals, not types/modules/functions/code, not interned small statics
    const shown = st.nodes.map((o, i) => ({ o, i })).filter(({ o, i }) => i > 0 && !o.isType && !o.isStatic && o.type >= 0 && ![10, 11, 24, 26].includes(o.type));
    const boxes = shown.map(({ o, i }) => h("div", {
      id: `hv-o${i}`, class: `hv-obj${o.unreached ? " unreached" : ""}${doomed.has(o.address) ? " doomed" : ""}`, "data-address": hex(o.address), "data-type": o.typeName, "data-refcount": o.refcount,
      role: "group", "aria-label": `object #${i}: ${describe(o)}, refcount ${o.refcount}`,
    },
      h("div", { class: "hv-obj-head" }, h("strong", {}, `#${i} ${o.typeName}`), " ", h("span", { class: "hv-preview" }, preview(o))),
      h("div", { class: "hv-obj-meta" }, h("code", {}, hex(o.address)), ` · ${o.size} B · `, h("span", { class: "hv-refcount" }, `refcount ${o.refcount}`),
        o.tracked ? ` · gc gen ${o.generation}` : "", o.unreached ? " · no name reaches it" : ""),
      doomed.has(o.address) ? h("div", { class: "hv-doomed" }, `unreachable: the next step's collection (generation ${doomed.get(o.address)}) finds and frees it`) : null,
      o.edges.length ? h("ul", { class: "hv-edges" }, o.edges.slice(0, 12).map((e, j) => h("li", {}, e.key !== undefined ? h("code", {}, `${e.key}: `) : h("code", {}, `[${j}] `), ref(e.to))),
        o.edges.length > 12 ? h("li", {}, `… ${o.edges.length - 12} more`) : null) : null));
    objects.replaceChildren(names, h("div", { class: "hv-boxes" }, boxes), ...(st.truncated ? [h("p", { class: "hint" }, "More objects than the view holds: the rest are not shown.")] : []));
    freed.replaceChildren(...renderUnreachable(st), ...(st.freed.length ? [h("ul", { class: "hv-freed-list", "aria-label": "Freed at this step" }, st.freed.map((f) => h("li", {
      class: `hv-gone${f.gc !== undefined ? " collected" : ""}`, "data-address": hex(f.address), "data-type": f.typeName,
    }, h("s", {}, `${f.typeName} ${f.preview} at ${hex(f.address)}`), " ", f.gc !== undefined ? `collected by gc (generation ${f.gc})` : "freed: refcount 0, block back to its pool")))] : []));
  }

  function renderOccupancy(st: HeapStep) {
    const totals = classTotals(st);
    const rows = st.occupancy.arenas.map((a, ai) => h("tr", { "data-arena": ai },
      h("th", { scope: "row" }, h("code", {}, hex(a.address))),
      h("td", { class: "hv-pools" }, a.cls.map((c, k) => {
        if (a.state[k] !== 2) return h("span", { class: `hv-pool ${a.state[k] ? "empty" : "never"}`, title: a.state[k] ? "empty pool" : "not carved yet", "aria-hidden": "true" });
        const frac = a.used[k] / POOL_BLOCKS(c);
        const label = `pool ${k}: class ${c} (${(c + 1) * 16} B), ${a.used[k]} of ${POOL_BLOCKS(c)} blocks in use`;
        return vars(h("span", { class: "hv-pool used", "data-class": c, "data-used": a.used[k], title: label, role: "img", "aria-label": label }, String(c)),
          { "--c": classColour(c), "--f": `${Math.max(4, Math.round(frac * 100))}%` });
      }))));
    const table = h("table", { id: "hv-classes" }, h("caption", {}, "Blocks in use by size class"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "class"), h("th", { scope: "col" }, "size"), h("th", { scope: "col" }, "pools"), h("th", { scope: "col" }, "blocks in use"))),
      h("tbody", {}, [...totals].sort((a, b) => a[0] - b[0]).map(([c, t]) => h("tr", { "data-class": c },
        h("th", { scope: "row" }, vars(h("span", { class: "hv-swatch", "aria-hidden": "true" }), { "--c": classColour(c) }), ` ${c}`),
        h("td", {}, `${(c + 1) * 16} B`), h("td", {}, String(t.pools)), h("td", { class: "inuse" }, String(t.inUse))))));
    occupancy.replaceChildren(
      h("p", { class: "hint", id: "hv-occ-summary" }, `${st.occupancy.arenas.length} arena(s), ${st.occupancy.poolsInUse} pools in use, ${st.occupancy.blocksInUse} blocks in use, ${st.occupancy.unusedPools} unused pools.`),
      h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": "Arenas and pools" },
        h("table", { id: "hv-arenas", class: "hv-arenas" }, h("caption", {}, "Arenas (rows) and their 16 KiB pools"), h("tbody", {}, rows))),
      h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": "Blocks in use by size class" }, table));
  }

  function show(step: number): void {
    if (n === 0) { current.textContent = "Nothing ran."; return; }
    const st = rec.steps[step];
    counter.textContent = `Step ${step + 1} of ${n}`;
    root.dataset.step = String(step + 1);
    root.dataset.line = String(st.line);
    listing.mark(st.line, st.prevLine);
    const after = rec.steps[step + 1];
    renderObjects(st, new Map(after ? after.unreachable.map((u) => [u.address, u.generation]) : []));
    drawArrows(objects);
    stdout.textContent = rec.stdout.slice(0, st.stdoutLength);
    renderOccupancy(st);
    const parts: string[] = [];
    parts.push(st.line ? `Next: line ${st.line}` : "The script has finished");
    if (st.prevLine) parts.push(`after line ${st.prevLine}`);
    if (st.collections.length) parts.push(`${st.collections.length} collection(s) ran (generation ${st.collections.map((c) => c.generation).join(", ")}; ${st.collections.reduce((s, c) => s + c.collected, 0)} objects collected)`);
    if (st.unreachableFound) parts.push(`the collector found ${st.unreachableFound} object(s) unreachable`);
    const doomedNext = after?.unreachable.filter((u) => st.nodes.some((o) => o.address === u.address)).length ?? 0;
    if (doomedNext) parts.push(`${doomedNext} object(s) here are unreachable: the next step's collection frees them`);
    if (st.freed.length) parts.push(`${st.freed.length} object(s) freed: ${st.freed.map((f) => `${f.typeName} ${f.preview}`.trim()).join(", ")}`);
    parts.push(`${st.occupancy.blocksInUse} blocks in use`);
    current.textContent = `Step ${step + 1}: ${parts.join("; ")}.`;
  }
  player.go(0);
  return root;
}
