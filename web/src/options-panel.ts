// The machine's options beyond its cache levels (memory, DRAM, clock, virtual memory, storage) and
// memsim py's run options, as form fields named after the CLI options they stand for. Each field
// holds the option's text as a user would type it after `--name`; an empty field leaves the option
// out (the preset's value, shown as the placeholder). state.ts hands them to the CLI's parsers.

import { h } from "./render.js";
import type { MachineConfig } from "../../host/config/machine.js";
import { DRAM_PRESET_NAMES, PAGE_POLICIES, DEFAULT_CORE_MHZ } from "../../host/config/dram.js";
import { STORAGE_PRESET_NAMES } from "../../host/config/storage.js";
import { PAGE_REPLACEMENTS, DEFAULT_FAULT_NS, DEFAULT_PAGE_BYTES } from "../../host/config/vm.js";
import { formatSize } from "../../host/config/size.js";
import type { PythonProfile } from "../../host/python/profiles.js";

interface OptionField<T> {
  name: string;
  label: string;
  /** A select's choices (else a text field). */
  choices?: readonly string[];
  /** What leaving the field empty means. */
  unset: (base: T) => string;
  hint?: string;
}

export const MACHINE_FIELDS: OptionField<MachineConfig>[] = [
  { name: "mem-latency", label: "Memory latency (cycles)", unset: (m) => String(m.memory.readLatency), hint: "the fixed memory model's read latency" },
  { name: "dram", label: "DRAM", choices: DRAM_PRESET_NAMES, unset: (m) => (m.dram?.kind === "dram" ? m.dram.name : "fixed"), hint: "a DRAM timing model below the caches (fixed: the latency above)" },
  { name: "dram-page", label: "DRAM page policy", choices: PAGE_POLICIES, unset: (m) => (m.dram?.kind === "dram" ? m.dram.pagePolicy : "-"), hint: "needs a DRAM" },
  { name: "core-mhz", label: "Core clock (MHz)", unset: (m) => String(m.coreMHz ?? DEFAULT_CORE_MHZ) },
  { name: "cpi", label: "Base CPI", unset: (m) => String(m.cpi ?? 1), hint: "cycles per instruction when nothing stalls" },
  { name: "ram", label: "RAM", unset: () => "unlimited", hint: "e.g. 64M: turns on virtual memory, paging to the storage device" },
  { name: "storage", label: "Storage", choices: STORAGE_PRESET_NAMES, unset: (m) => (m.mode === "generic" ? m.storage?.name ?? "none" : "none") },
  { name: "ssd-fill", label: "SSD fill (0 to 1)", unset: (m) => (m.storage?.kind === "ssd" ? String(m.storage.fill) : "-") },
  { name: "page-size", label: "Page size", unset: () => formatSize(DEFAULT_PAGE_BYTES), hint: "needs RAM" },
  { name: "swap", label: "Swap", unset: () => "as large as RAM", hint: "needs RAM" },
  { name: "page-policy", label: "Page replacement", choices: PAGE_REPLACEMENTS, unset: () => "lru", hint: "needs RAM" },
  { name: "fault-ns", label: "Fault time (ns)", unset: () => String(DEFAULT_FAULT_NS), hint: "the kernel's time per page fault besides I/O; needs RAM" },
];

export const PY_FIELDS: OptionField<PythonProfile>[] = [
  { name: "bytecode-cycles", label: "Cycles per bytecode", unset: () => "0", hint: "the interpreter's own cycles per bytecode, added to the core clock" },
  { name: "heap-limit", label: "Heap limit", unset: () => "256M", hint: "whole MiB: MemoryError beyond" },
  { name: "gc-threshold", label: "GC threshold (generation 0)", unset: (p) => String(p.gcThresholds[0]) },
  { name: "max-steps", label: "Step limit (bytecodes)", unset: () => "none", hint: "stops a runaway script after this many bytecodes, with a message (exit code 3)" },
];

/** The fields, each with a label and, as its hint, the CLI option it is. */
export function optionFields<T>(fields: OptionField<T>[], prefix: string): HTMLElement {
  return h("div", { class: "row options" }, fields.map((f) => {
    const id = `${prefix}-${f.name}`;
    const hint = `--${f.name}${f.hint ? `: ${f.hint}` : ""}`;
    return h("div", { class: "field", title: hint },
      h("label", { for: id }, f.label),
      f.choices
        ? h("select", { id, "data-option": f.name, "aria-describedby": `${id}-hint` }, h("option", { value: "" }, ""), f.choices.map((c) => h("option", { value: c }, c)))
        : h("input", { id, type: "text", autocomplete: "off", "data-option": f.name, "aria-describedby": `${id}-hint` }),
      h("p", { class: "hint visually-hidden", id: `${id}-hint` }, hint));
  }));
}

/** Show `values` in the fields, and what an empty field means for `base`. */
export function fillOptionFields<T>(fields: OptionField<T>[], prefix: string, values: Record<string, string>, base: T): void {
  for (const f of fields) {
    const el = document.getElementById(`${prefix}-${f.name}`) as HTMLInputElement | HTMLSelectElement;
    const unset = f.unset(base);
    if (el instanceof HTMLSelectElement) el.options[0].textContent = `(${unset})`;
    else el.placeholder = unset;
    el.value = values[f.name] ?? "";
  }
}

/** The options the fields hold (empty fields left out). */
export function readOptionFields<T>(fields: OptionField<T>[], prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = (document.getElementById(`${prefix}-${f.name}`) as HTMLInputElement | HTMLSelectElement).value.trim();
    if (v !== "") out[f.name] = v;
  }
  return out;
}
