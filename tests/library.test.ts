// The library API (host/api.ts): `import { Machine } from "memsim"` in Node
// (dist/memsim.js, resolved through package.json's exports as a user's code
// resolves it) and the single-file browser bundle (dist/memsim.browser.js,
// the Wasm module embedded), checked against closed forms.

import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Run an ES module in a fresh Node process from the package root; its stdout as JSON. */
function node(source: string): unknown {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", source], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const SCRIPT = (from: string) => `
  import { Machine, PRESET_NAMES, ABI_VERSION } from ${JSON.stringify(from)};
  const m = new Machine("default");
  const cold = m.access(0x10000000, 8, "L"), warm = m.access(0x10000008, 8, "L");
  m.reset();
  const seq = m.run("sequential", { size: "64K" });
  const l1d = seq.levels.find((l) => l.name === "l1d");
  const t = await new Machine().trace(" L 20000000,8\\n L 20000000,8\\n");
  let error = "";
  try { m.access(1, 0, "L"); } catch (e) { error = e.message; }
  console.log(JSON.stringify({ cold, warm, loads: l1d.accesses.read, misses: l1d.misses.read, records: t.records,
    traceCycles: t.memoryCycles, presets: PRESET_NAMES.length, abi: ABI_VERSION, error }));`;

describe("the library", () => {
  const expected = {
    cold: 4 + 12 + 100, // L1d miss, L2 miss, memory
    warm: 4,
    loads: 65536 / 8,
    misses: 65536 / 64,
    records: 2,
    traceCycles: 4 + 12 + 100 + 4,
    abi: 3,
    error: "the access size must be between 1 and 4096 bytes",
  };

  it("Node: import { Machine } from 'memsim'", () => {
    expect(node(SCRIPT("memsim"))).toMatchObject(expected);
  });

  it("the browser bundle is one file that needs no file system and gives the same results", () => {
    const bundle = `${ROOT}dist/memsim.browser.js`;
    const text = readFileSync(bundle, "utf8");
    expect(text).not.toMatch(/from\s+["']node:/); // every Node module is stubbed out
    expect(text).not.toMatch(/memsim\.wasm["']/); // the module is embedded, not fetched
    expect(node(SCRIPT("./dist/memsim.browser.js"))).toMatchObject(expected);
  });

  it("ships type declarations for both entry points", () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));
    for (const entry of [pkg.exports["."].types, pkg.exports["./browser"].types]) {
      expect(existsSync(`${ROOT}${entry}`), entry).toBe(true);
    }
    expect(readFileSync(`${ROOT}dist/types/api.d.ts`, "utf8")).toMatch(/access\(address: number, size: number, kind\?: AccessKind\): number/);
  });
});
