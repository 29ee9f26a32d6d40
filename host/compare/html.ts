// memsim compare --html: the comparison as a self-contained page
// (host/report/html.ts): the side-by-side table with the speedup, the cycle
// breakdown as stacked bars, and the miss rate of each level.

import type { HtmlReport } from "../report/html.js";
import { comparisonHeading, comparisonJson, comparisonTables, cycleParts, levelsIn, scriptNote, type Comparison } from "./compare.js";

export function compareHtml(c: Comparison): HtmlReport {
  const names = c.machines.map((m) => m.name);
  const tables = comparisonTables(c);
  const levels = levelsIn(c);
  const parts = cycleParts(c).filter((p) => c.machines.some((m) => (p.value(m) ?? 0) > 0));
  const note = scriptNote(c);
  return {
    title: `memsim compare: ${c.workload.label}`,
    subtitle: comparisonHeading(c),
    sections: [
      {
        title: "Machines",
        ...(note ? { text: `${note[0].toUpperCase()}${note.slice(1)}.` } : {}),
        table: {
          header: ["machine", "spec", "description"],
          rows: c.machines.map((m) => [m.name, m.spec, m.description]),
          align: ["left", "left", "left"],
        },
      },
      {
        title: "Side by side",
        text: `Each column after the first machine's gives the change against ${c.baseline}: relative for counts and times, ` +
          "in percentage points for rates. Speedup is in emulated time (cycles at each machine's own clock).",
        table: tables.summary,
        charts: [{
          id: "speedup", type: "bar", title: `Speedup against ${c.baseline}`, subtitle: "emulated time on the first machine over the time on each",
          categories: names, series: [{ name: "speedup", values: c.machines.map((m) => m.speedup) }],
          valueFormat: "speedup", valueLabel: "speedup", reference: { value: 1, label: "1x" }, height: 320,
        }],
      },
      {
        title: "Where the cycles go",
        text: c.script
          ? "The script's cycles split by heap category, as memsim py --report splits them (docs/python.md): the interpreter's own " +
            "accesses and bytecode cycles, allocation, freeing, reference counting and the cyclic GC; they add up to each machine's cycles."
          : "The in-order core's cycles split into the base CPI, the stalls at each cache level, memory and page faults " +
            "(docs/timing.md); the parts add up to each machine's cycles.",
        table: tables.breakdown,
        charts: [{
          id: "breakdown", type: "bar", stacked: true, title: c.script ? "The script's cycles by heap category" : "Core cycles by part",
          categories: names, series: parts.map((p) => ({ name: p.label, values: c.machines.map((m) => p.value(m) ?? null) })),
          valueLabel: "cycles", valueFormat: "number", height: 420,
        }],
      },
      {
        title: "Miss rates",
        text: "Misses over accesses at each level; a level a machine lacks has no bar.",
        charts: [{
          id: "miss-rates", type: "bar", title: "Miss rate per level",
          categories: levels.map((l) => l.toUpperCase()),
          series: c.machines.map((m) => ({ name: m.name, values: levels.map((l) => m.missRates[l] ?? null) })),
          valueLabel: "miss rate", valueFormat: "percent", categoryLabel: "level", height: 380,
        }],
      },
    ],
    data: comparisonJson(c),
  };
}
