import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
import { readFileSync } from "node:fs";
import { loadCore } from "/work/main/host/core-node.js";
import { applyMachine, defaultMachine } from "/work/main/host/config/machine.js";
import { runPython } from "/work/main/host/python/runner.js";
const names = process.argv.slice(2);
for (const name of names) {
  const source = readFileSync(`/work/main/bench/python/${name}.py`, "utf8");
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const core = loadCore(); applyMachine(core, defaultMachine());
    const t0 = performance.now();
    runPython(core, source, name, { write: () => {} });
    best = Math.min(best, performance.now() - t0);
  }
  let py = Infinity; for (let k = 0; k < 3; k++) py = Math.min(py, Number(require("node:child_process").execFileSync("python3", ["-c", `import time,io,contextlib\nsrc=open('/work/main/bench/python/${name}.py').read()\nb=9\nfor r in range(1):\n  out=io.StringIO(); t=time.perf_counter()\n  with contextlib.redirect_stdout(out): exec(compile(src,'x','exec'),{'__name__':'__main__'})\n  b=min(b,time.perf_counter()-t)\nprint(b)`], {encoding:"utf8"})));
  console.log(name, (best/1000).toFixed(3), "s; python", py.toFixed(3), "ratio", (best/1000/py).toFixed(1));
}
