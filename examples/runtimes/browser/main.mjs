// The browser example: fetch memsim.wasm, run the conformance scenario, show the counters.
// Served from the root of a memsim checkout (node examples/runtimes/browser/serve.mjs), this page
// is /examples/runtimes/browser/ and the module is /build/memsim.wasm.
import { runScenario, describeResult, scenarioSteps, sha256Hex, toHex, FULL, SMALL } from "../scenario.mjs";

const status = document.getElementById("status");
const options = new URLSearchParams(location.search).has("small") ? SMALL : FULL;

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

/** One table: a row per counter that moved in any phase, a column per phase (snapshot). */
function table(snapshots) {
  const el = document.createElement("table");
  const head = el.createTHead().insertRow();
  for (const h of ["counter", ...snapshots.map((s) => s.label)]) {
    const th = document.createElement("th");
    th.textContent = h;
    head.append(th);
  }
  const body = el.createTBody();
  const addRow = (name, values) => {
    const row = body.insertRow();
    row.insertCell().textContent = name;
    for (const v of values) row.insertCell().textContent = v;
  };
  addRow("memoryClock", snapshots.map((s) => String(s.memoryClock)));
  const names = [];
  for (const s of snapshots) for (const n of Object.keys(s.counters)) if (!names.includes(n)) names.push(n);
  for (const name of names) {
    addRow(name, snapshots.map((s) => {
      const v = s.counters[name] ?? 0n;
      return String(name.endsWith(".conflict") ? BigInt.asIntN(64, v) : v); // conflict is signed (docs/abi.md)
    }));
  }
  return el;
}

async function main() {
  const response = await fetch(new URL("../../../build/memsim.wasm", import.meta.url));
  if (!response.ok) throw new Error(`fetching memsim.wasm: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const { instance } = await WebAssembly.instantiate(bytes, {}); // no imports
  setStatus("running", `Running the "${options.name}" scenario…`);
  await new Promise((r) => setTimeout(r, 0)); // let the page paint first
  const t0 = performance.now();
  const result = runScenario(instance.exports, options);
  const ms = performance.now() - t0;
  const tables = document.getElementById("tables");
  tables.append(table(describeResult(instance.exports, result, scenarioSteps(options))));
  document.getElementById("sha256").textContent = await sha256Hex(result);
  document.getElementById("stats-hex").textContent = toHex(result);
  setStatus("done", `Done: the "${options.name}" scenario ran in ${ms.toFixed(0)} ms on ${navigator.userAgent}.`);
}

main().catch((e) => {
  console.error(e);
  setStatus("error", `Failed: ${e && e.message ? e.message : e}`);
});
