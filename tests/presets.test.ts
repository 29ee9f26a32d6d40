// Named machines and machine files.
import { describe, it, expect } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCore, memsim } from "./helpers/run.js";
import { applyMachine } from "../host/config/machine.js";
import { PRESETS, PRESET_NAMES, hostMachine } from "../host/config/presets.js";
import { loadMachineFile } from "../host/config/file.js";

const dir = mkdtempSync(join(tmpdir(), "memsim-presets-"));

describe("presets", () => {
  it("every preset but host builds a valid machine in the core", () => {
    for (const name of PRESET_NAMES.filter((n) => n !== "host")) {
      expect(() => applyMachine(loadCore(), PRESETS[name].machine()), name).not.toThrow();
    }
  });

  it("host reads sysfs as the kernel lays it out, rounding sets down to a power of two", () => {
    const root = join(dir, "sysfs");
    const entries = [
      ["1", "Data", "48K", "12", "64", "64"],
      ["1", "Instruction", "32K", "8", "64", "64"],
      ["2", "Unified", "1280K", "10", "64", "2048"],
      ["3", "Unified", "18432K", "12", "64", "24576"], // 24576 sets: not a power of two
    ];
    entries.forEach(([level, type, size, ways, line, sets], i) => {
      const d = join(root, `index${i}`);
      mkdirSync(d, { recursive: true });
      const files: Record<string, string> = { level, type, size, ways_of_associativity: ways, coherency_line_size: line, number_of_sets: sets };
      for (const [f, v] of Object.entries(files)) writeFileSync(join(d, f), `${v}\n`);
    });
    const m = hostMachine(root);
    expect([m.levels.l1d!.size, m.levels.l1d!.assoc, m.levels.l1d!.line]).toEqual([48 * 1024, 12, 64]);
    expect(m.levels.l1i!.size).toBe(32 * 1024);
    expect([m.levels.l2!.size, m.levels.l2!.assoc]).toEqual([1280 * 1024, 10]);
    expect(m.levels.l3!.size).toBe(16384 * 12 * 64); // 24576 sets rounded down to 16384
    expect(() => applyMachine(loadCore(), m)).not.toThrow();
  });

  it("host says so where sysfs has no cache information", () => {
    expect(() => hostMachine(join(dir, "nowhere"))).toThrow(/--preset host: .*nowhere is not readable here/);
  });

  it("the CLI lists presets and names a wrong one", () => {
    const list = JSON.parse(memsim(["presets", "--json"]).stdout);
    expect(list.map((p: { name: string }) => p.name)).toEqual(PRESET_NAMES);
    const bad = memsim(["trace", "examples/traces/matmul.lackey.gz", "--preset", "laptop"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--preset: unknown preset 'laptop'/);
  });

  it("a preset with overrides: --l3 none removes the preset's L3", () => {
    const r = memsim(["trace", "examples/traces/matmul.lackey.gz", "--preset", "desktop-2020", "--l3", "none", "--json"]);
    const j = JSON.parse(r.stdout);
    expect(j.levels.map((l: { name: string }) => l.name)).toEqual(["l1i", "l1d", "l2"]);
    expect(j.levels[2].size).toBe(512 * 1024);
    expect(j.dram.device).toMatch(/^ddr4-3200aa/);
  });
});

describe("machine files", () => {
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it("start from a preset and change fields", () => {
    const m = loadMachineFile(file("m.json", JSON.stringify({
      preset: "desktop-2020", coreMHz: 4000,
      levels: { l1d: "48K,12,64,lat=5", l3: "none" },
      dram: { preset: "ddr5-4800", pagePolicy: "closed" },
    })));
    expect(m.coreMHz).toBe(4000);
    expect([m.levels.l1d!.size, m.levels.l1d!.latency]).toEqual([48 * 1024, 5]);
    expect(m.levels.l3).toBeUndefined();
    expect(m.dram).toMatchObject({ kind: "dram", name: "ddr5-4800", pagePolicy: "closed" });
    const r = memsim(["trace", "examples/traces/matmul.lackey.gz", "--config", join(dir, "m.json"), "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).dram.device).toMatch(/ddr5-4800.*closed page/);
  });

  it("a machine file sets virtual memory and the storage device", () => {
    const m = loadMachineFile(file("vm.json", JSON.stringify({
      preset: "desktop-2020", cpi: 0.5,
      storage: { preset: "hdd-5400" },
      vm: { ram: "1M", pageSize: "8K", swap: "4M", replacement: "clock", faultNs: 500 },
    })));
    expect(m.cpi).toBe(0.5);
    expect(m.storage).toMatchObject({ kind: "hdd", name: "hdd-5400" });
    expect(m.vm).toEqual({ ramBytes: 1 << 20, pageBytes: 8192, swapBytes: 4 << 20, replacement: "clock", faultNs: 500 });
    const r = memsim(["run", "stencil", "--n", "512", "--iterations", "2", "--config", join(dir, "vm.json"), "--json"]);
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout);
    expect(j.vm).toMatch(/1M RAM in 8K pages \(clock\), 4M swap/);
    expect(j.storage.device).toMatch(/hdd-5400/);
    expect(j.pageFaults.major).toBeGreaterThan(0);
    expect(j.storage.reads).toBe(j.pageFaults.major);
    expect(j.storage.writes).toBe(j.pageFaults.writebacks);
  });

  it("presets name their storage device; RAM stays unlimited until --ram", () => {
    const r = memsim(["presets"]);
    expect(r.stdout).toMatch(/desktop-2020 .* ssd-nvme/);
    expect(r.stdout).toMatch(/small-embedded .* ssd-sata/);
    const j = JSON.parse(memsim(["run", "sequential", "--preset", "desktop-2020", "--json"]).stdout);
    expect(j.pageFaults).toBeUndefined();
  });

  it("errors name the file and the field", () => {
    const cases: [string, RegExp][] = [
      ["{ not json", /bad1.json: not valid JSON/],
      [`{"levels": {"l4": "1M,8,64"}}`, /bad2.json: levels.l4: unknown level/],
      [`{"levels": {"l2": "48K,8,64"}}`, /bad3.json: levels.l2: 48K with 8 ways of 64 B gives 96 sets/],
      [`{"cores": 4}`, /bad4.json: cores: unknown field/],
      [`{"dram": {"preset": "ddr4-2400", "pagePolicy": "ajar"}}`, /bad5.json: dram.pagePolicy: must be open or closed/],
      [`{"coreMHz": -3}`, /bad6.json: coreMHz: must be a whole number of MHz/],
      [`{"vm": {"ram": "1K"}}`, /bad7.json: vm.ram: RAM must hold at least one 4K page/],
      [`{"vm": {"ram": "1M", "pageSize": "3K"}}`, /bad8.json: vm.pageSize: the page size must be a power of two/],
      [`{"vm": {"swap": "1M"}}`, /bad9.json: vm.ram: is required/],
      [`{"vm": {"ram": "1M", "policy": "lru"}}`, /bad10.json: vm.policy: unknown field/],
      [`{"storage": "tape"}`, /bad11.json: storage: unknown device 'tape'/],
      [`{"storage": {"preset": "ssd-nvme", "overProvision": 0.9}}`, /bad12.json: storage.overProvision/],
    ];
    cases.forEach(([text, message], i) => {
      expect(() => loadMachineFile(file(`bad${i + 1}.json`, text))).toThrow(message);
    });
    const r = memsim(["trace", "examples/traces/matmul.lackey.gz", "--config", join(dir, "bad4.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad4.json: cores: unknown field/);
    expect(memsim(["trace", "x", "--config", join(dir, "missing.json")]).stderr).toMatch(/--config: cannot read .*missing.json: ENOENT/);
  });
});
