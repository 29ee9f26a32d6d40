// The cache view (docs/web.md "The cache view"): each data-side level (and the L1i, when the
// fetches are steps too) as a sets × ways grid, after each of the first N references, replayed
// from the worker's recording (cacheview-run.ts: the
// core's own cacheSnapshot after every access). Step, step back, rewind, play at a speed. A heap
// kernel's steps also say their heap category; a script's their category and source line (marked
// in a listing of the script), and start from the warm caches its start-up left (the recording's `initial`).

import { h } from "./render.js";
import { stepper } from "./stepper.js";
import { sourceListing } from "./source-listing.js";
import { KIND_NAMES, emptySet, type Outcome, type Recording, type SetState } from "./cacheview-run.js";

const LABEL: Record<string, string> = { l1i: "L1i", l1d: "L1d", l2: "L2", l3: "L3" };
const SPEEDS = [1, 2, 5, 10, 20, 50];
const hex = (n: number) => `0x${n.toString(16)}`;

/** What a reference did at one level, as a word (never colour alone). */
export function outcomeText(o: Outcome): { word: string; cls: string } {
  if (o.accesses === 0) return { word: "not reached", cls: "none" };
  if (o.misses === 0) return { word: "hit", cls: "hit" };
  if (o.evictions > 0) return { word: `miss, evicts ${o.evictions}`, cls: "evict" };
  return { word: "miss", cls: "miss" };
}

export function renderCacheView(rec: Recording, onStep?: (k: number) => void): HTMLElement {
  const n = rec.steps.length;
  // state[level][set]: the sets after `applied` steps.
  let applied = 0;
  let state: SetState[][] = [];
  const reset = () => {
    state = rec.levels.map((lv) => Array.from({ length: lv.sets }, () => emptySet(lv.assoc)));
    rec.initial?.forEach((sets, l) => {
      for (const [s, set] of sets) state[l][s] = set;
    });
    applied = 0;
  };
  reset();
  const advanceTo = (k: number) => {
    if (k < applied) reset();
    for (; applied < k; applied++) {
      rec.steps[applied].changes.forEach((changes, l) => {
        for (const [s, set] of changes) state[l][s] = set;
      });
    }
  };

  // Which sets each grid shows: all of a small level, else those the references touched.
  const script = rec.initial !== undefined;
  // Tapped references (a script's, a heap kernel's) have a category; only a script's have a line.
  const categories = rec.steps.some((st) => st.category !== undefined);
  const lines = rec.steps.some((st) => st.line !== undefined);
  const listing = rec.source !== undefined ? sourceListing(rec.source, "cv-source", "The script, the step's line marked") : null;
  const shownSets = rec.levels.map((lv, l) => {
    if (lv.sets <= 64) return Array.from({ length: lv.sets }, (_, s) => s);
    const touched = new Set<number>();
    for (const st of rec.steps) for (const [s] of st.changes[l]) touched.add(s);
    return [...touched].sort((a, b) => a - b);
  });

  const player = stepper("cv", "Cache view controls", SPEEDS, 5, 0, n, (k) => show(k));
  const { controls, counter, current } = player;

  const grids = rec.levels.map((lv, l) => {
    const rows = shownSets[l].map((s) => h("tr", { "data-set": s },
      h("th", { scope: "row" }, `set ${s}`),
      Array.from({ length: lv.assoc }, (_, w) => h("td", { class: "cv-way", "data-set": s, "data-way": w }))));
    const caption = `${LABEL[lv.name] ?? lv.name}: ${lv.sets} sets × ${lv.assoc} ways, ${2 ** lv.lineBits}-byte lines, ${lv.policy}`;
    const note = shownSets[l].length < lv.sets ? h("p", { class: "hint" }, `${shownSets[l].length} of ${lv.sets} sets shown: the others ${script ? "do not change" : "stay empty"} during these references.`) : null;
    const table = h("table", { class: "cv-grid", "data-level": lv.name },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "set"),
        Array.from({ length: lv.assoc }, (_, w) => h("th", { scope: "col" }, lv.policy === "plru" ? `way ${w}` : `way ${w}${w === 0 ? " (newest)" : ""}`)))),
      h("tbody", {}, rows));
    return h("div", { class: "cv-level" }, note,
      h("div", { class: "table-wrap cv-wrap", tabindex: 0, role: "region", "aria-label": `${caption}: the grid` }, table));
  });

  const list = h("table", { id: "cv-accesses" },
    h("caption", {}, "The references"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "#"), h("th", { scope: "col", class: "text" }, "address"), h("th", { scope: "col", class: "text" }, "kind"),
      categories ? h("th", { scope: "col", class: "text" }, "category") : null,
      lines ? h("th", { scope: "col" }, "line") : null,
      rec.levels.map((lv) => h("th", { scope: "col", class: "text" }, LABEL[lv.name] ?? lv.name)))),
    h("tbody", {}, rec.steps.map((st, i) => h("tr", { "data-step": i + 1 },
      h("th", { scope: "row" }, String(i + 1)),
      h("td", { class: "text" }, h("code", {}, hex(st.addr))),
      h("td", { class: "text" }, KIND_NAMES[st.kind]),
      categories ? h("td", { class: "text cv-category" }, st.category ?? "") : null,
      lines ? h("td", { class: "cv-line" }, String(st.line ?? "")) : null,
      st.outcomes.map((o, l) => {
        const t = outcomeText(o);
        return h("td", { class: `text cv-outcome ${t.cls}`, "data-level": rec.levels[l].name }, t.word);
      })))));
  list.addEventListener("click", (e) => {
    const row = (e.target as HTMLElement).closest("tr[data-step]") as HTMLElement | null;
    if (row) { player.pause(); player.go(Number(row.dataset.step)); }
  });

  const legend = h("p", { class: "hint cv-legend" },
    "Each cell: the line's tag in hex, V (valid) and D (dirty), and its replacement rank r (0: most recent for lru/fifo/mru/random; for plru, 0 is the next victim). ",
    h("span", { class: "cv-key hit" }, "hit"), " ", h("span", { class: "cv-key miss" }, "miss"), " ", h("span", { class: "cv-key evict" }, "miss with an eviction"),
    ". ← and → step, Home rewinds, Space plays or pauses.");

  const root = h("section", { id: "cacheview", class: "cacheview", tabindex: -1, "aria-label": "Cache view" },
    h("p", { class: "hint" }, script
      ? rec.fromLine !== undefined
        ? `The first ${n} heap references of ${rec.kernel} from line ${rec.fromLine}'s first one on, one at a time, each with its category and line; the ${rec.warm ?? 0} references before them (the start-up's and the lines run earlier) ran first, so the caches start as they left them.`
        : `The first ${n} heap references made by the lines of ${rec.kernel}, one at a time, each with its category and line; the ${rec.warm ?? 0} references of its start-up (the heap's setup, the builtins, the constants) ran first, so the caches start as they left them.`
      : categories
      ? `The first ${n} heap references of ${rec.kernel}, one at a time, each with its category (taken by the core's reference tap while the kernel ran).`
      : rec.fetches
      ? `The first ${n} references of ${rec.kernel}, instruction fetches and data alike, one at a time.`
      : `The first ${n} data references of ${rec.kernel}, one at a time (instruction fetches run too, but are not steps).`),
    rec.skipped.length ? h("p", { class: "hint", id: "cv-skipped" }, `Not shown: ${rec.skipped.join("; ")}.`) : null,
    controls, current, legend, listing ? h("div", { class: "cv-source" }, h("h4", {}, "The script"), listing.element) : null, grids, h("div", { class: "table-wrap", tabindex: 0, role: "region", "aria-label": "The references" }, list));

  player.attach(root);

  function show(step: number): void {
    const before = step > 0 ? (advanceTo(step - 1), state.map((sets) => sets.slice())) : null;
    advanceTo(step);
    const st = step > 0 ? rec.steps[step - 1] : null;
    counter.textContent = `Step ${step} of ${n}`;
    root.dataset.step = String(step);
    const parts: string[] = [];
    rec.levels.forEach((lv, l) => {
      const grid = grids[l].querySelector("table")!;
      for (const row of grid.querySelectorAll<HTMLElement>("tbody tr")) {
        const s = Number(row.dataset.set);
        const set = state[l][s];
        row.classList.toggle("cv-current-set", false);
        row.querySelectorAll<HTMLElement>("td").forEach((td, w) => {
          const [block, flags, rank] = set.ways[w];
          const valid = (flags & 1) !== 0;
          td.className = `cv-way${valid ? " valid" : ""}${set.victim === w ? " victim" : ""}`;
          td.dataset.block = valid ? hex(block) : "";
          td.dataset.rank = String(rank);
          td.removeAttribute("aria-current");
          td.textContent = valid
            ? `${hex(Math.floor(block / lv.sets))} V${flags & 2 ? " D" : ""} r${rank}`
            : `— r${rank}`;
          td.title = valid ? `line ${hex(block * 2 ** lv.lineBits)}, block ${hex(block)}${flags & 2 ? ", dirty" : ", clean"}, rank ${rank}${set.victim === w ? ", next victim" : ""}` : "empty";
        });
      }
      if (!st) return;
      const o = outcomeText(st.outcomes[l]);
      const block = Math.floor(st.addr / 2 ** lv.lineBits);
      const s = block % lv.sets;
      let text = `${LABEL[lv.name] ?? lv.name}: ${o.word}`;
      if (o.cls !== "none") {
        const row = grid.querySelector<HTMLElement>(`tbody tr[data-set="${s}"]`);
        row?.classList.add("cv-current-set");
        const way = state[l][s].ways.findIndex(([b, f]) => (f & 1) !== 0 && b === block);
        const td = way >= 0 ? row?.querySelectorAll<HTMLElement>("td")[way] : undefined;
        if (td) {
          td.classList.add("cv-now", o.cls);
          td.setAttribute("aria-current", "true");
          td.textContent += ` (${o.word})`;
        }
        const gone = before![l][s].ways.filter(([b, f]) => (f & 1) !== 0 && !state[l][s].ways.some(([b2, f2]) => (f2 & 1) !== 0 && b2 === b));
        text += ` in set ${s}`;
        if (gone.length) text += `; evicted tag ${gone.map(([b]) => hex(Math.floor(b / lv.sets))).join(", ")}`;
      }
      parts.push(text);
    });
    for (const row of list.querySelectorAll<HTMLElement>("tbody tr")) {
      const on = Number(row.dataset.step) === step;
      row.classList.toggle("current", on);
      if (on) row.setAttribute("aria-current", "step");
      else row.removeAttribute("aria-current");
    }
    current.textContent = st
      ? `Step ${step}: ${KIND_NAMES[st.kind]} of ${st.size} bytes at ${hex(st.addr)}${st.category !== undefined ? ` (${st.category}${st.line !== undefined ? `, line ${st.line}` : ""})` : ""}, ${st.cycles} cycles. ${parts.join(". ")}.`
      : `Step 0: the caches are ${script ? "as the script's start-up left them" : "empty"}. Press ▶ (or →) to simulate the first reference.`;
    if (st?.category !== undefined) root.dataset.category = st.category;
    else delete root.dataset.category;
    if (st?.line !== undefined) root.dataset.line = String(st.line);
    else delete root.dataset.line;
    listing?.mark(st?.line ?? 0);
    onStep?.(step);
  }
  player.go(0);
  return root;
}
