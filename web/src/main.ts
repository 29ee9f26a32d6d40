// The playground page: the machine and workload panels, the URL that encodes them, the worker
// that runs them (worker.ts) and the results (render.ts). docs/web.md describes it.

import examples from "virtual:python-examples";
import { PRESETS } from "../../host/config/presets.js";
import { POLICIES, type LevelConfig } from "../../host/config/level.js";
import { formatSize, parseSize } from "../../host/config/size.js";
import { specLatency } from "../../host/config/options.js";
import { findWorkload, WORKLOADS, type WorkloadParam } from "../../host/workloads/workloads.js";
import { PYTHON_PROFILES } from "../../host/python/profiles.js";
import { commas } from "../../host/report/format.js";
import {
  EDITABLE_LEVELS, PYTHON, TRACE, WEB_PRESETS, DEFAULT_WORKLOAD, MAX_URL_SCRIPT, MAX_MACHINES, SWEEP_AXES, baseMachineOf, describeBase, encodeState, gridOf,
  isKernel, levelSpec, machineOf, otherKey, parseState, pySettingsOf,
  type EditableLevel, type MachineChoice, type PlaygroundState,
} from "./state.js";
import { h, renderGcTimeline, renderLineTable, renderPythonTotals, renderReport } from "./render.js";
import type { Job, PythonResult, Result, WorkerMessage } from "./protocol.js";
import { renderCacheView } from "./cacheview.js";
import { renderHeapView } from "./heapview.js";
import { renderComparison } from "./compareview.js";
import { renderHtmlReport } from "./reportview.js";
import { sweepHtml } from "../../host/sweep/html.js";
import { CACHEVIEW_DEFAULT_STEPS, CACHEVIEW_KERNELS, CACHEVIEW_MAX_STEPS, stepsOf } from "./cacheview-run.js";
import { initTracePanel, traceFile } from "./trace-panel.js";
import { FORMAT_NAMES, TRACE_FORMATS, type TraceFormat } from "../../host/trace/format.js";
import { MACHINE_FIELDS, PY_FIELDS, fillOptionFields, optionFields, readOptionFields } from "./options-panel.js";
import type { MachineConfig } from "../../host/config/machine.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const LINES = [16, 32, 64, 128, 256];
const LEVEL_TITLE: Record<EditableLevel, string> = { l1i: "L1 instruction cache (L1i)", l1d: "L1 data cache (L1d)", l2: "L2 cache", l3: "L3 cache" };
/** The level spec's options (host/config/level.ts) beyond the policy: select field, label, choices (the default first). */
const SPEC_CHOICES: [string, string, string[]][] = [["write", "Write hits", ["wb", "wt"]], ["allocate", "Write misses", ["wa", "nwa"]], ["inclusion", "Inclusion", ["nine", "inclusive", "exclusive"]]];

const exampleNames = Object.keys(examples);
let state: PlaygroundState = parseState(location.search, exampleNames);
let sourceEdited = false;

// ---------------------------------------------------------------- machine panel

// The first machine's fields have ids like "l1d-size"; the other machines' of a comparison start
// with their URL key: "vs-l1d-size" the second's, "vs3-l1d-size" the third's, "vs4-…" the fourth's.

/** Other machine `i`'s id prefix (0: the second machine's, "vs-"); its option fields' is this and "opt" (the first's: "opt"). */
const otherPrefix = (i: number) => `${otherKey(i)}-`;
const ORDINALS = ["second", "third", "fourth"];

/** The machine whose fields have ids starting with `prefix`: "" the first, otherPrefix(i) other machine i. */
function machineAt(prefix: string): MachineChoice {
  return prefix === "" ? state : state.others[state.others.findIndex((_, i) => otherPrefix(i) === prefix)];
}

/**
 * The machine `m` starts from, for its fields' values and placeholders: its machine file's, else
 * (no file, or one with a fault, which sync names) its preset's.
 */
function baseFor(m: MachineChoice): MachineConfig {
  try {
    return baseMachineOf(m);
  } catch {
    return PRESETS[m.preset].machine();
  }
}

function baseLevel(name: EditableLevel, m: MachineChoice = state): LevelConfig | undefined {
  return baseFor(m).levels[name];
}

/** The hit latency a spec without lat= gives this level (the CLI's rule). */
function baseLatency(name: EditableLevel, m: MachineChoice = state): number {
  return specLatency(baseFor(m), name);
}

/** The fields of one editable level: size, associativity, line, policy, hit latency, write policies, inclusion (L2, L3). */
function levelFields(name: EditableLevel, prefix = ""): HTMLElement {
  const id = (f: string) => `${prefix}${name}-${f}`;
  const sel = (field: string, label: string, options: string[]) => h("div", { class: "field" },
    h("label", { for: id(field) }, label),
    h("select", { id: id(field), "data-level": name }, options.map((o) => h("option", { value: o }, o))));
  return h("fieldset", { class: "level", id: `${prefix}level-${name}` },
    h("legend", {}, LEVEL_TITLE[name]),
    h("div", { class: "row" },
      h("div", { class: "field" },
        h("label", { for: id("size") }, "Size"),
        h("input", { id: id("size"), type: "text", inputmode: "text", autocomplete: "off", "data-level": name, "aria-describedby": "size-hint" })),
      h("div", { class: "field" },
        h("label", { for: id("assoc") }, "Ways"),
        h("input", { id: id("assoc"), type: "number", min: 1, max: 1024, step: 1, "data-level": name })),
      sel("line", "Line (bytes)", LINES.map(String)),
      sel("policy", "Policy", [...POLICIES]),
    ),
    h("div", { class: "row" },
      h("div", { class: "field" },
        h("label", { for: id("lat") }, "Hit latency (cycles)"),
        h("input", { id: id("lat"), type: "number", min: 0, step: 1, "data-level": name })),
      ...SPEC_CHOICES.filter(([field]) => field !== "inclusion" || !name.startsWith("l1")).map(([field, label, choices]) => sel(field, label, choices)),
    ),
  );
}

function fillLevelFields(prefix = ""): void {
  const m = machineAt(prefix);
  for (const name of EDITABLE_LEVELS) {
    const spec = m.levels[name];
    const base = baseLevel(name, m);
    const latency = baseLatency(name, m);
    const parts = (spec ?? (base ? levelSpec(base, latency) : "none")).split(",").map((p) => p.trim());
    $<HTMLInputElement>(`${prefix}${name}-size`).value = parts[0];
    $<HTMLInputElement>(`${prefix}${name}-assoc`).value = parts[1] ?? (name === "l3" ? "16" : "8");
    const line = $<HTMLSelectElement>(`${prefix}${name}-line`);
    if (parts[2] && ![...line.options].some((o) => o.value === parts[2])) line.append(h("option", { value: parts[2] }, parts[2]));
    line.value = parts[2] ?? "64";
    const options = parts.slice(3).map((o) => o.toLowerCase());
    $<HTMLSelectElement>(`${prefix}${name}-policy`).value = options.find((o) => (POLICIES as readonly string[]).includes(o)) ?? "lru";
    $<HTMLInputElement>(`${prefix}${name}-lat`).value = options.find((o) => o.startsWith("lat="))?.slice(4) ?? String(latency);
    for (const [field, , choices] of SPEC_CHOICES) {
      const select = document.getElementById(`${prefix}${name}-${field}`) as HTMLSelectElement | null;
      if (select) select.value = options.find((o) => choices.includes(o)) ?? choices[0];
    }
  }
}

function readLevelFields(name: EditableLevel, prefix = ""): void {
  const m = machineAt(prefix);
  const size = $<HTMLInputElement>(`${prefix}${name}-size`).value.trim();
  const bytes = parseSize(size);
  const base = baseLevel(name, m);
  if (size.toLowerCase() === "none" || (size === "" && !base)) {
    if (base) m.levels[name] = "none";
    else delete m.levels[name];
    return;
  }
  const lat = $<HTMLInputElement>(`${prefix}${name}-lat`).value.trim();
  // The options the selects hold, those at the spec's default (the first choice) left out.
  const chosen = SPEC_CHOICES.flatMap(([field, , choices]) => {
    const value = (document.getElementById(`${prefix}${name}-${field}`) as HTMLSelectElement | null)?.value ?? choices[0];
    return value === choices[0] ? [] : [value];
  });
  const latency = baseLatency(name, m);
  const spec = [bytes === null ? size : formatSize(bytes), $<HTMLInputElement>(`${prefix}${name}-assoc`).value.trim(),
    $<HTMLSelectElement>(`${prefix}${name}-line`).value, $<HTMLSelectElement>(`${prefix}${name}-policy`).value, ...chosen,
    ...(lat === String(latency) ? [] : [`lat=${lat}`])].join(",");
  if (base && spec === levelSpec(base, latency)) delete m.levels[name];
  else m.levels[name] = spec;
}

/**
 * A machine's options beyond its levels (memory, DRAM, clock, virtual memory, storage), folded
 * unless `edits` has some: ids "machine-more" and "opt-…" for the first machine, "vs-machine-more"
 * and "vs-opt-…" for the second (`prefix` "vs-"), and so on.
 */
function machineOptionsPanel(prefix: string, legend: string, edits: Record<string, string> = {}): HTMLElement {
  return h("details", { id: `${prefix}machine-more`, open: Object.keys(edits).length > 0 },
    h("summary", {}, "Memory, clock, virtual memory and storage"),
    h("fieldset", { class: "level", id: `${prefix}level-memory` },
      h("legend", { class: "visually-hidden" }, legend), optionFields(MACHINE_FIELDS, `${prefix}opt`),
      h("p", { class: "hint" }, "Empty fields keep the preset's value (in brackets). Each field is the memsim run option of the same name (hover for it).")));
}

/**
 * A machine file for the machine whose ids start with `prefix` (as --config), typed or opened: it
 * replaces the preset as the machine's base, and the other fields change parts of it.
 */
function machineFilePanel(prefix: string, config: string | undefined): HTMLElement {
  return h("details", { id: `${prefix}config-panel`, open: config !== undefined },
    h("summary", {}, "Machine file (JSON)"),
    h("label", { for: `${prefix}config`, class: "visually-hidden" }, "The machine file's JSON"),
    h("textarea", { id: `${prefix}config`, rows: 5, spellcheck: "false", autocomplete: "off", "aria-describedby": `${prefix}config-hint`,
      placeholder: '{ "preset": "desktop-2020", "storage": { "preset": "hdd-7200", "averageSeekMs": 6.5 } }' }),
    h("div", { class: "field" },
      h("label", { for: `${prefix}config-file` }, "Open a machine file"),
      h("input", { id: `${prefix}config-file`, type: "file", accept: ".json,application/json" })),
    h("p", { class: "hint", id: `${prefix}config-hint` }, "As memsim run --config FILE (docs/machines.md): a preset to start from and the fields to change, " +
      "the storage device's and the DRAM's own among them. It replaces the preset; the fields here change parts of it. Empty: the preset."));
}

/** Show machine `m`'s base: its machine file (the preset then unused) or its preset, and what it is. */
function showBase(prefix: string, m: MachineChoice): void {
  const preset = $<HTMLSelectElement>(`${prefix}preset`);
  preset.value = m.preset;
  preset.disabled = m.config !== undefined;
  const area = $<HTMLTextAreaElement>(`${prefix}config`);
  if (area.value !== (m.config ?? "")) area.value = m.config ?? ""; // (as it is: the caret stays where it was)
  $(`${prefix}preset-description`).textContent = describeBase(m);
}

/** Read the machine file picked in `input` into the text area `areaId`, as if typed there (its change event follows). */
function openMachineFile(input: HTMLInputElement, areaId: string): void {
  const file = input.files?.[0];
  if (!file) return;
  file.text().then((text) => {
    const area = $<HTMLTextAreaElement>(areaId);
    area.value = text;
    area.dispatchEvent(new Event("change", { bubbles: true }));
  }, (err: Error) => setStatus("error", `${file.name}: ${err.message}`));
}

/** A machine file's text as typed: none when only blanks. */
const configText = (text: string) => (text.trim() === "" ? undefined : text);

/**
 * Other machine `i`'s panel (ids from otherPrefix(i)): its preset, levels and options, and a
 * button to remove it when there is another one to compare with.
 */
function otherMachinePanel(i: number): HTMLElement {
  const p = otherPrefix(i), m = state.others[i], ordinal = ORDINALS[i];
  return h("fieldset", { class: "level other-machine", id: `${p}machine`, "data-other": i },
    h("legend", {}, `${ordinal[0].toUpperCase()}${ordinal.slice(1)} machine`),
    h("div", { class: "field" },
      h("label", { for: `${p}preset` }, "Preset"),
      h("select", { id: `${p}preset`, "aria-describedby": `${p}preset-description` }, WEB_PRESETS.map((name) => h("option", { value: name }, name))),
      h("p", { id: `${p}preset-description`, class: "hint" })),
    machineFilePanel(p, m.config),
    h("div", { id: `${p}levels` }, EDITABLE_LEVELS.map((name) => levelFields(name, p))),
    h("div", { id: `${p}options` }, machineOptionsPanel(p, `The ${ordinal} machine's memory, clock, virtual memory and storage`, m.machine)),
    state.others.length > 1 ? h("button", { type: "button", class: "remove-machine", id: `${p}remove` }, `Remove the ${ordinal} machine`) : [],
    h("p", { id: `${p}error`, class: "error", role: "alert" }));
}

/** Fill other machine `i`'s fields from the state. */
function fillOther(i: number): void {
  const p = otherPrefix(i), m = state.others[i];
  showBase(p, m);
  fillLevelFields(p);
  fillOptionFields(MACHINE_FIELDS, `${p}opt`, m.machine ?? {}, baseFor(m));
}

/** The other machines' panels as the state has them (none: no comparison), and the button that adds one. */
function showOthers(): void {
  $<HTMLInputElement>("vs-on").checked = state.others.length > 0;
  $("vs-machines").replaceChildren(...state.others.map((_, i) => otherMachinePanel(i)));
  state.others.forEach((_, i) => fillOther(i));
  $("vs-add").hidden = state.others.length === 0 || state.others.length >= MAX_MACHINES - 1;
}

/** Read every other machine's fields into the state. */
function readOthers(): void {
  state.others.forEach((m, i) => {
    for (const name of EDITABLE_LEVELS) readLevelFields(name, otherPrefix(i));
    m.machine = readOptionFields(MACHINE_FIELDS, `${otherPrefix(i)}opt`);
  });
}

/** The sweep's grid fields: memsim sweep's option, its label and an example. */
const SWEEP_FIELDS: Record<(typeof SWEEP_AXES)[number], [string, string]> = {
  l1i: ["L1i sizes", "16K..64K"], l1d: ["L1d sizes", "8K..64K"], l2: ["L2 sizes", "256K..2M"], l3: ["L3 sizes", "2M,8M"],
  assoc: ["Ways (of the target levels)", "1,2,4,8"], line: ["Lines (bytes)", "32,64,128"], policy: ["Policies", "lru,fifo"],
  dram: ["Memory models", "fixed,ddr4-3200aa"], target: ["Target levels", "the swept ones, else l1d"],
};

function sweepFields(): HTMLElement[] {
  return SWEEP_AXES.map((axis) => {
    const id = `sweep-${axis}`;
    return h("div", { class: "field", title: `--${axis}` },
      h("label", { for: id }, SWEEP_FIELDS[axis][0]),
      h("input", { id, type: "text", autocomplete: "off", "data-axis": axis, placeholder: SWEEP_FIELDS[axis][1] }));
  });
}

/** The grid's fields, as typed, into the state (empty ones left out). */
function readSweep(): void {
  state.sweep = {};
  for (const axis of SWEEP_AXES) {
    const v = $<HTMLInputElement>(`sweep-${axis}`).value.trim();
    if (v !== "") state.sweep[axis] = v;
  }
}

/** Whether the grid parses (an empty one does not: nothing to sweep); the message under the fields says why not. */
function checkSweep(): boolean {
  try {
    if (Object.keys(gridOf(state).axes).length === 0) throw new Error("the grid is empty: fill in at least one of the sizes, ways, lines, policies or memory models");
    $("sweep-error").textContent = "";
    return true;
  } catch (e) {
    $("sweep-error").textContent = (e as Error).message;
    return false;
  }
}

// ---------------------------------------------------------------- workload panel

function paramText(p: WorkloadParam, value: number): string {
  return p.unit === "bytes" ? (value < 1024 ? String(value) : formatSize(value)) : p.unit === "choice" ? p.choices![value] : String(value);
}

function fillKernelParams(): void {
  const box = $("kernel-params");
  box.replaceChildren();
  if (!isKernel(state.run)) return;
  const w = findWorkload(state.run);
  $("kernel-description").textContent = w.description.replace(/`/g, "");
  for (const p of w.params) {
    const id = `param-${p.name}`;
    const value = state.params[p.name] ?? paramText(p, p.default);
    const control = p.unit === "choice"
      ? h("select", { id, "data-param": p.name }, p.choices!.map((c) => h("option", { value: c, selected: c === value }, c)))
      : h("input", { id, type: "text", value, "data-param": p.name, autocomplete: "off", "aria-describedby": `${id}-hint`,
        inputmode: p.unit === "count" || p.unit === "seed" ? "numeric" : "text" });
    box.append(h("div", { class: "field" },
      h("label", { for: id }, p.name),
      control,
      h("p", { class: "hint", id: `${id}-hint` }, p.description + (p.unit === "bytes" ? " (e.g. 64K, 4M)" : ""))));
  }
}

function readKernelParams(): void {
  if (!isKernel(state.run)) return;
  const w = findWorkload(state.run);
  state.params = {};
  for (const p of w.params) {
    const v = ($(`param-${p.name}`) as HTMLInputElement | HTMLSelectElement).value.trim();
    if (v !== "" && v !== paramText(p, p.default)) state.params[p.name] = v;
  }
}

function showKind(): void {
  const python = state.run === PYTHON, trace = state.run === TRACE;
  $<HTMLInputElement>("kind-python").checked = python;
  $<HTMLInputElement>("kind-trace").checked = trace;
  $<HTMLInputElement>("kind-kernel").checked = !python && !trace;
  $("python-panel").hidden = !python;
  $("trace-panel").hidden = !trace;
  $("kernel-panel").hidden = python || trace;
  for (const el of document.querySelectorAll<HTMLElement>(".cv-from-line")) el.hidden = !python; // (a script's cache view only)
  if (!python && !trace) $<HTMLSelectElement>("kernel").value = state.run;
}

/** Say where the script in the editor comes from, and when an edit is too long for the URL to carry. */
function showScriptNote(): void {
  const n = state.source?.length ?? 0;
  $("py-source-note").textContent = state.source === undefined ? `The example ${state.example}.py, as shipped.`
    : n > MAX_URL_SCRIPT ? `Edited: ${commas(n)} characters, more than a link carries (${commas(MAX_URL_SCRIPT)}): the URL gives the example.`
    : "Edited: the URL holds this script, so a link opens it.";
}

/** Put the state in the address bar and check the machine; false (with a message) when it is invalid. */
function sync(): boolean {
  history.replaceState(null, "", encodeState(state) + location.hash);
  showBase("", state);
  try {
    machineOf(state);
    if (state.run === PYTHON) pySettingsOf(state);
    $("machine-error").textContent = "";
  } catch (e) {
    $("machine-error").textContent = (e as Error).message;
    return false;
  }
  let valid = true;
  state.others.forEach((m, i) => {
    const error = $(`${otherPrefix(i)}error`);
    try {
      machineOf(m);
      error.textContent = "";
    } catch (e) {
      error.textContent = `The ${ORDINALS[i]} machine: ${(e as Error).message}`;
      valid = false;
    }
  });
  return valid;
}

// ---------------------------------------------------------------- the worker

let worker: Worker;
let running: { id: number; kind: Job["kind"]; t0: number; timer: number; stdout: HTMLElement | null } | null = null;
let nextId = 1;
let ready = false;

function setStatus(stateName: string, text: string): void {
  const el = $("status");
  el.dataset.state = stateName;
  el.textContent = text;
}

function startWorker(): void {
  ready = false;
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "memsim" });
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => onWorkerMessage(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    finish();
    setStatus("error", `The worker failed: ${e.message || "unknown error"}`);
  };
}

function onWorkerMessage(m: WorkerMessage): void {
  if (m.type === "ready") {
    ready = true;
    if (!running && $("status").dataset.state === "loading") setStatus("ready", "Ready.");
    return;
  }
  if (!running || m.id !== running.id) {
    if (m.type === "error" && m.id === 0) setStatus("error", m.message);
    return;
  }
  if (m.type === "progress") {
    const parts = [m.stage];
    if (m.bytecodes !== undefined) parts.push(`${commas(m.bytecodes)} bytecodes`);
    if (m.collections) parts.push(`${commas(m.collections)} collections`);
    if (m.fraction !== undefined) {
      const bar = $<HTMLProgressElement>("progress");
      bar.max = 1;
      bar.value = m.fraction;
      // A comparison's bar is the share of all its machines' runs, a sweep's of its points; a trace's, of the file.
      parts.push(`${(100 * m.fraction).toFixed(0)}% ${running.kind === "compare" || running.kind === "sweep" ? "done" : "of the file"}`);
    }
    $("progress-detail").dataset.stage = m.stage;
    $("progress").setAttribute("aria-valuetext", parts.join(", "));
    if (m.fraction !== undefined) $<HTMLProgressElement>("progress").value = m.fraction;
    updateElapsed(parts.join(", "));
  } else if (m.type === "stdout") {
    running.stdout?.append(m.text);
  } else if (m.type === "done") {
    const ms = performance.now() - running.t0;
    finish();
    showResult(m.result);
    setStatus("done", `Done in ${(ms / 1000).toFixed(2)} s.`);
  } else if (m.type === "error") {
    finish();
    $("results-body").replaceChildren(h("p", { class: "error", id: "run-error" }, m.message));
    setStatus("error", `The run failed: ${m.message}`);
  }
}

function updateElapsed(detail?: string): void {
  if (!running) return;
  const el = $("progress-detail");
  if (detail !== undefined) el.dataset.detail = detail;
  el.textContent = `${((performance.now() - running.t0) / 1000).toFixed(1)} s${el.dataset.detail ? ` · ${el.dataset.detail}` : ""}`;
}

function finish(): void {
  if (running) clearInterval(running.timer);
  const hadFocus = document.activeElement === $("cancel");
  running = null;
  $("progress").hidden = true;
  $("progress-detail").textContent = "";
  $("progress-detail").dataset.detail = "";
  $<HTMLButtonElement>("cancel").disabled = true;
  $<HTMLButtonElement>("run").disabled = false;
  $<HTMLButtonElement>("cacheview-run").disabled = false;
  $<HTMLButtonElement>("heapview-run").disabled = false;
  $<HTMLButtonElement>("sweep-run").disabled = false;
  $("controls").removeAttribute("aria-busy");
  if (hadFocus) $<HTMLButtonElement>("run").focus();
}

function run(mode: "run" | "cacheview" | "heapview" | "sweep" = "run"): void {
  if (running) return;
  for (const name of EDITABLE_LEVELS) readLevelFields(name);
  readOthers();
  readKernelParams();
  state.machine = readOptionFields(MACHINE_FIELDS, "opt");
  state.py = readOptionFields(PY_FIELDS, "py");
  if (!sync()) {
    const otherError = [...document.querySelectorAll("#vs-machines .error")].map((el) => el.textContent).find((text) => text);
    setStatus("error", "Fix the machine first: " + ($("machine-error").textContent || otherError));
    return;
  }
  const id = nextId++;
  const file = state.run === TRACE ? traceFile() : null;
  if (state.run === TRACE && !file) {
    setStatus("error", "Open a trace file first: pick one, or drop it on the page.");
    return;
  }
  if (mode === "cacheview" && !CACHEVIEW_KERNELS.includes(state.run) && !file && state.run !== PYTHON) {
    setStatus("error", `The cache view replays the kernels ${CACHEVIEW_KERNELS.join(", ")}, trace files and Python scripts; pick one of them.`);
    return;
  }
  if (mode === "heapview" && state.run !== PYTHON) {
    setStatus("error", "The heap view steps through a Python script: pick Python as the workload.");
    return;
  }
  if (mode === "sweep") {
    readSweep();
    sync();
    if (state.run === PYTHON) {
      setStatus("error", "A sweep runs a synthetic kernel or a trace file, as memsim sweep does: pick one of them.");
      return;
    }
    if (!checkSweep()) {
      $<HTMLDetailsElement>("sweep-panel").open = true;
      setStatus("error", `Fix the sweep's grid first: ${$("sweep-error").textContent}`);
      return;
    }
  }
  const script = { source: $<HTMLTextAreaElement>("py-source").value, filename: `${state.example}.py` };
  const steps = stepsOf(Number($<HTMLInputElement>("cv-steps").value));
  $<HTMLInputElement>("cv-steps").value = String(steps);
  if (mode === "cacheview") {
    state.steps = steps;
    sync(); // N in the URL
  }
  const job: Job = mode === "sweep"
    ? { id, kind: "sweep", state: structuredClone(state), ...(file ? { file } : {}) }
    : mode === "cacheview"
    ? { id, kind: "cacheview", state: structuredClone(state), steps, ...(file ? { file } : state.run === PYTHON ? { script } : {}) }
    : mode === "run" && state.others.length > 0
    ? { id, kind: "compare", state: structuredClone(state), ...(file ? { input: { file } } : state.run === PYTHON ? { input: script } : {}) }
    : file
    ? { id, kind: "trace", state: structuredClone(state), file }
    : mode === "heapview"
    ? { id, kind: "heapview", state: structuredClone(state), ...script }
    : state.run === PYTHON
    ? { id, kind: "python", state: structuredClone(state), ...script }
    : { id, kind: "workload", state: structuredClone(state) };
  let stdout: HTMLElement | null = null;
  if (job.kind === "python") {
    stdout = h("pre", { class: "stdout", id: "py-stdout-live", "aria-label": "The script's output so far" });
    $("results-body").replaceChildren(h("h3", {}, "Output (running…)"), stdout);
  }
  running = { id, kind: job.kind, t0: performance.now(), timer: 0, stdout };
  running.timer = window.setInterval(() => updateElapsed(), 100);
  $("progress").hidden = false;
  $("progress").removeAttribute("value");
  $<HTMLButtonElement>("cancel").disabled = false;
  $<HTMLButtonElement>("run").disabled = true;
  $<HTMLButtonElement>("cacheview-run").disabled = true;
  $<HTMLButtonElement>("heapview-run").disabled = true;
  $<HTMLButtonElement>("sweep-run").disabled = true;
  $("controls").setAttribute("aria-busy", "true");
  setStatus("running", job.kind === "python" ? `Running ${job.filename}…` : job.kind === "cacheview" ? `Recording ${steps} references of ${file?.name ?? (state.run === PYTHON ? script.filename : state.run)}…` : job.kind === "heapview" ? `Stepping through ${job.filename}…` : job.kind === "compare" ? `Comparing the ${state.others.length + 1} machines on ${file?.name ?? (state.run === PYTHON ? script.filename : state.run)}…` : job.kind === "sweep" ? `Sweeping ${file?.name ?? state.run} over ${Object.keys(state.sweep).filter((k) => k !== "target").join(", ")}…` : `Running ${file?.name ?? state.run}…`);
  updateElapsed(ready ? "starting" : "loading memsim.wasm");
  worker.postMessage(job);
  $<HTMLButtonElement>("cancel").focus();
}

function cancel(): void {
  if (!running) return;
  worker.terminate();
  finish();
  startWorker();
  setStatus("cancelled", "Cancelled.");
  $<HTMLButtonElement>("run").focus();
}

// ---------------------------------------------------------------- results

function showResult(r: Result): void {
  const body = $("results-body");
  const machineName = state.preset + (Object.keys(state.levels).length || Object.keys(state.machine).length ? " (edited)" : "");
  if (r.kind === "workload") {
    body.replaceChildren(
      h("h3", {}, `${r.report.trace.replace(/^workload /, "")} on ${machineName}`),
      h("p", { class: "hint" }, `${commas(r.report.records)} references simulated in ${(r.ms / 1000).toFixed(2)} s.`),
      renderReport(r.report, "The run"),
    );
  } else if (r.kind === "compare") {
    const s = r.comparison.script;
    body.replaceChildren(h("h3", {}, `Comparison: ${r.comparison.workload.label} on ${r.comparison.machines.length} machines`),
      // A script's output, once: the comparison says whether it is the same on both machines.
      ...(s ? [h("h4", {}, "Output"), h("pre", { class: "stdout", id: "cmp-stdout", tabindex: 0, "aria-label": "The script's output" }, s.stdout),
        ...(s.stderr ? [h("pre", { class: "stderr", id: "cmp-stderr", tabindex: 0 }, s.stderr)] : [])] : []),
      renderComparison(r.comparison));
  } else if (r.kind === "sweep") {
    body.replaceChildren(h("h3", {}, `Sweep: ${r.summary.workloads.join(", ")} around ${machineName}`), renderHtmlReport(sweepHtml(r.summary, r.mountain), "sweep", "sweep"));
  } else if (r.kind === "cacheview") {
    const view = renderCacheView(r.recording);
    body.replaceChildren(h("h3", {}, `Cache view: ${r.recording.kernel} on ${machineName}`), view);
    view.focus();
  } else if (r.kind === "heapview") {
    const view = renderHeapView(r.recording, r.source);
    body.replaceChildren(h("h3", {}, `Heap view on ${machineName}`),
      ...(r.recording.stderr ? [h("pre", { class: "stderr", id: "hv-stderr", tabindex: 0 }, r.recording.stderr)] : []), view);
    view.focus();
  } else {
    body.replaceChildren(...pythonResult(r, machineName));
  }
}

function pythonResult(r: PythonResult, machineName: string): Node[] {
  const out: Node[] = [
    h("h3", {}, `${r.run.trace.replace(/^script /, "")} on ${machineName}`),
    h("p", { class: "hint", id: "py-exit" }, `exit code ${r.exitCode}; ${commas(r.bytecodes)} bytecodes in ${(r.ms / 1000).toFixed(2)} s`),
    h("h4", {}, "Output"),
    h("pre", { class: "stdout", id: "py-stdout", tabindex: 0, "aria-label": "The script's output" }, r.stdout),
  ];
  if (r.stderr) out.push(h("h4", {}, "Errors"), h("pre", { class: "stderr", id: "py-stderr", tabindex: 0 }, r.stderr));
  if (r.lines) {
    out.push(h("p", { class: "sentence", id: "py-summary" }, r.lines.summary.sentence));
    if (r.gc) out.push(h("p", { class: "sentence", id: "gc-summary" }, r.gc.sentence));
    out.push(h("h4", {}, "Where the cycles go"), renderPythonTotals(r.lines));
    out.push(h("h4", {}, "GC timeline"));
    out.push(r.collections.length
      ? renderGcTimeline(r.collections, r.bytecodes)
      : h("p", { class: "hint", id: "gc-none" }, "The cyclic GC did not run: no collection."));
    out.push(h("h4", {}, "Per source line"), renderLineTable(r.lines));
  }
  out.push(h("h4", {}, "The whole run: the heap's memory accesses by level, misses, AMAT"), renderReport(r.run, "The whole run", { python: true }));
  return out;
}

// ---------------------------------------------------------------- set-up

function init(): void {
  const preset = $<HTMLSelectElement>("preset");
  preset.append(...WEB_PRESETS.map((p) => h("option", { value: p }, p)));
  $("levels").append(...EDITABLE_LEVELS.map((name) => levelFields(name)),
    h("p", { class: "hint", id: "size-hint" }, "Sizes as 32768, 32K or 2M (none: no such level); sets (size / (ways × line)) must be a power of two. The fields are memsim's level spec (SIZE,ASSOC,LINE,POLICY,wt,nwa,inclusive,lat=N)."));
  $<HTMLSelectElement>("kernel").append(...WORKLOADS.map((w) => h("option", { value: w.name }, w.name)));
  $<HTMLSelectElement>("py-example").append(...exampleNames.map((n) => h("option", { value: n }, `${n}.py`)));
  $<HTMLSelectElement>("py-profile").append(...Object.values(PYTHON_PROFILES).map((p) => h("option", { value: p.version }, `${p.version}: ${p.note}`)));

  $("machine-options").append(machineOptionsPanel("", "Memory, clock, virtual memory and storage", state.machine));
  $("py-options").append(optionFields(PY_FIELDS, "py"));
  $("sweep-fields").append(...sweepFields());
  for (const axis of SWEEP_AXES) $<HTMLInputElement>(`sweep-${axis}`).value = state.sweep[axis] ?? "";
  if (Object.keys(state.sweep).length) {
    $<HTMLDetailsElement>("sweep-panel").open = true;
    checkSweep();
  }
  $("sweep-fields").addEventListener("change", () => {
    readSweep();
    checkSweep();
    sync();
  });
  const fillOptions = () => {
    fillOptionFields(MACHINE_FIELDS, "opt", state.machine, baseFor(state));
    fillOptionFields(PY_FIELDS, "py", state.py, PYTHON_PROFILES[state.profile]);
  };
  fillOptions();
  $("machine-file").append(machineFilePanel("", state.config));
  $("machine-file").addEventListener("change", (e) => {
    const target = e.target as HTMLElement;
    if (target.id === "config-file") {
      openMachineFile(target as HTMLInputElement, "config");
      return;
    }
    state.config = configText($<HTMLTextAreaElement>("config").value);
    fillLevelFields();
    fillOptions();
    sync();
  });
  $("machine-options").addEventListener("change", () => {
    state.machine = readOptionFields(MACHINE_FIELDS, "opt");
    sync();
  });
  $("py-options").addEventListener("change", () => {
    state.py = readOptionFields(PY_FIELDS, "py");
    sync();
  });

  preset.value = state.preset;
  fillLevelFields();
  showOthers();
  showKind();
  fillKernelParams();
  $<HTMLSelectElement>("py-example").value = state.example;
  $<HTMLSelectElement>("py-profile").value = state.profile;
  $<HTMLTextAreaElement>("py-source").value = state.source ?? examples[state.example];
  showScriptNote();
  sync();

  preset.addEventListener("change", () => {
    state.preset = preset.value;
    state.levels = {};
    fillLevelFields();
    fillOptions();
    sync();
  });
  $("vs-on").addEventListener("change", () => {
    // The second machine starts as a copy of the first, to be edited.
    state.others = $<HTMLInputElement>("vs-on").checked ? [{ preset: state.preset, config: state.config, levels: { ...state.levels }, machine: { ...state.machine } }] : [];
    showOthers();
    sync();
  });
  $("vs-add").addEventListener("click", () => {
    // Another machine starts as a copy of the last one.
    readOthers();
    state.others.push(structuredClone(state.others[state.others.length - 1]));
    showOthers();
    sync();
    $(`${otherPrefix(state.others.length - 1)}preset`).focus();
  });
  $("vs-machines").addEventListener("change", (e) => {
    const target = e.target as HTMLElement;
    const i = Number(target.closest<HTMLElement>("[data-other]")?.dataset.other ?? -1);
    if (i < 0) return;
    const p = otherPrefix(i);
    if (target.id === `${p}preset`) {
      state.others[i] = { preset: (target as HTMLSelectElement).value, levels: {}, machine: {} };
      fillOther(i);
    } else if (target.id === `${p}config`) {
      state.others[i].config = configText((target as HTMLTextAreaElement).value);
      fillOther(i);
    } else if (target.id === `${p}config-file`) {
      openMachineFile(target as HTMLInputElement, `${p}config`);
      return;
    } else if (target.dataset.level) {
      readLevelFields(target.dataset.level as EditableLevel, p);
    } else {
      state.others[i].machine = readOptionFields(MACHINE_FIELDS, `${p}opt`);
    }
    sync();
  });
  $("vs-machines").addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest<HTMLElement>(".remove-machine");
    if (!button) return;
    readOthers();
    state.others.splice(Number(button.closest<HTMLElement>("[data-other]")!.dataset.other), 1);
    showOthers();
    sync();
    $("vs-add").focus();
  });
  $("levels").addEventListener("change", (e) => {
    const name = (e.target as HTMLElement).dataset.level as EditableLevel | undefined;
    if (name) readLevelFields(name);
    sync();
  });
  for (const radio of ["kind-kernel", "kind-python", "kind-trace"]) {
    $(radio).addEventListener("change", () => {
      state.run = $<HTMLInputElement>("kind-python").checked ? PYTHON : $<HTMLInputElement>("kind-trace").checked ? TRACE
        : $<HTMLSelectElement>("kernel").value || DEFAULT_WORKLOAD;
      state.params = {};
      showKind();
      fillKernelParams();
      sync();
    });
  }
  $("kernel").addEventListener("change", () => {
    state.run = $<HTMLSelectElement>("kernel").value;
    state.params = {};
    fillKernelParams();
    sync();
  });
  $("kernel-params").addEventListener("change", () => {
    readKernelParams();
    sync();
  });
  $("py-example").addEventListener("change", () => {
    state.example = $<HTMLSelectElement>("py-example").value;
    state.source = undefined;
    $<HTMLTextAreaElement>("py-source").value = examples[state.example];
    sourceEdited = false;
    showScriptNote();
    sync();
  });
  $("py-profile").addEventListener("change", () => {
    state.profile = $<HTMLSelectElement>("py-profile").value;
    fillOptions();
    sync();
  });
  // The edited script goes into the URL once typing pauses (replaceState on every key would be throttled).
  let scriptTimer: ReturnType<typeof setTimeout> | undefined;
  $("py-source").addEventListener("input", () => {
    sourceEdited = true;
    clearTimeout(scriptTimer);
    scriptTimer = setTimeout(() => {
      const text = $<HTMLTextAreaElement>("py-source").value;
      state.source = text === examples[state.example] ? undefined : text;
      showScriptNote();
      sync();
    }, 300);
  });
  $("py-source").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
  $("controls").addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  $("cancel").addEventListener("click", cancel);
  $("cacheview-run").addEventListener("click", () => run("cacheview"));
  $("heapview-run").addEventListener("click", () => run("heapview"));
  $("sweep-run").addEventListener("click", () => run("sweep"));
  initTracePanel(() => {
    state.run = TRACE;
    showKind();
    sync();
  });
  const format = $<HTMLSelectElement>("trace-format");
  format.append(h("option", { value: "" }, "detected (auto)"), ...TRACE_FORMATS.map((f) => h("option", { value: f }, `${f}: ${FORMAT_NAMES[f]}`)));
  format.value = state.format ?? "";
  format.addEventListener("change", () => {
    state.format = (format.value || undefined) as TraceFormat | undefined;
    sync();
  });
  $<HTMLInputElement>("cv-from-line").value = state.fromLine === undefined ? "" : String(state.fromLine);
  $("cv-from-line").addEventListener("change", () => {
    const line = Number($<HTMLInputElement>("cv-from-line").value);
    state.fromLine = Number.isInteger(line) && line >= 1 ? line : undefined;
    $<HTMLInputElement>("cv-from-line").value = state.fromLine === undefined ? "" : String(state.fromLine);
    sync();
  });
  $<HTMLInputElement>("cv-fetches").checked = state.fetches ?? false;
  $("cv-fetches").addEventListener("change", () => {
    state.fetches = $<HTMLInputElement>("cv-fetches").checked || undefined;
    sync();
  });
  $<HTMLInputElement>("cv-steps").value = String(state.steps ?? CACHEVIEW_DEFAULT_STEPS);
  $("cv-steps").addEventListener("change", () => {
    const steps = Math.floor(Number($<HTMLInputElement>("cv-steps").value));
    state.steps = steps >= 1 && steps <= CACHEVIEW_MAX_STEPS ? steps : undefined;
    sync();
  });
  $("cv-steps").addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      run("cacheview");
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && running) cancel();
  });
  window.addEventListener("beforeunload", (e) => {
    if (sourceEdited) e.preventDefault();
  });
  startWorker();
}

init();
