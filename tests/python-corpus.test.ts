// memsim py against CPython 3.11 on the differential corpus (tests/python/,
// examples/python/; fixtures recorded by scripts/record-python.py): the
// script's stdout byte for byte, the exit code, for errors the last line
// of stderr (tracebacks differ above it: CPython 3.11 draws ^^^ markers), and
// the whole stderr of unraisable exceptions' reports, addresses masked.
// Scripts the interpreter cannot run yet are listed in NOT_YET with the
// reason; their tests are expected to fail, so one that starts passing flips
// the test and the list must shrink.

import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { loadCore } from "../host/core-node.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { runPython } from "../host/python/runner.js";

const FIXTURES = new URL("./fixtures/python/", import.meta.url);
const ROOT = new URL("../", import.meta.url);

interface Fixture {
  script: string;
  kind: string;
  memsim: { exit_code: number; stdout?: string; stderr_last_line?: string; stderr_regex?: string; stderr_masked?: string };
}

/** What the interpreter's first milestone lacks, per fixture (assembly/python/ and docs/python.md). */
const NOT_YET: Record<string, string> = {};

function run(f: Fixture) {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  let stdout = "", written = "";
  const source = readFileSync(new URL(f.script, ROOT), "utf8");
  const name = f.script.split("/").pop()!;
  const outcome = runPython(core, source, name, { maxSteps: 50_000_000, write: (t) => { stdout += t; }, writeErr: (t) => { written += t; } });
  return { stdout, ...outcome, written };
}

const fixtures = readdirSync(FIXTURES).filter((n) => n.endsWith(".json")).sort()
  .map((n) => ({ name: n.replace(/\.json$/, ""), ...(JSON.parse(readFileSync(new URL(n, FIXTURES), "utf8")) as Fixture) }));

describe("memsim py on the differential corpus (CPython 3.11's output)", () => {
  for (const f of fixtures) {
    const name = f.name; // the fixture's name: examples' are example_*
    const test = NOT_YET[name] ? it.fails : it;
    test(`${f.script}${NOT_YET[name] ? ` (not yet: ${NOT_YET[name]})` : ""}`, () => {
      const r = run(f);
      const m = f.memsim;
      if (m.stdout !== undefined) expect(r.stdout).toBe(m.stdout);
      if (m.stderr_last_line !== undefined) expect(r.stderr.trimEnd().split("\n").pop()).toBe(m.stderr_last_line);
      if (m.stderr_regex !== undefined) expect(r.stderr).toMatch(new RegExp(m.stderr_regex));
      // "Exception ignored in" reports, their addresses (memsim's emulated ones) masked
      if (m.stderr_masked !== undefined) expect((r.written + r.stderr).replace(/ at 0x[0-9a-f]+/g, " at 0x...")).toBe(m.stderr_masked);
      expect(r.exitCode).toBe(m.exit_code);
    }, 60_000);
  }
});
