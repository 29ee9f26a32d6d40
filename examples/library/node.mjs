// memsim as a library in Node: configure a machine, run references and a
// workload, read the report. Run with `node examples/library/node.mjs` after
// `npm install` (the package refers to itself by name).
import { Machine } from "memsim";

const m = new Machine("desktop-2020");
console.log("first load of a line:", m.access(0x10000000, 8, "L"), "cycles; again:", m.access(0x10000000, 8, "L"), "cycles");

m.reset();
const report = m.run("pointer-chase", { size: "4M" });
console.log(`pointer-chase over 4 MiB: ${report.cycles} core cycles, AMAT ${report.amat.toFixed(2)}, L3 misses ${report.levels.find((l) => l.name === "l3").misses.total}`);

const traced = await new Machine("default").trace(" L 10000000,8\n S 10000040,8\nI  00400000,4\n");
console.log(`a three-line Lackey trace: ${traced.records} records, ${traced.memoryCycles} memory cycles`);
