// memsim compare (docs/compare.md): closed-form checks of the comparison, each
// output format, the --machine syntax, Python scripts (each machine's figures
// against its own memsim py --json run, the output against CPython's), and bad
// input (one sentence naming the option, exit 2, before any work, no file left behind).

import { describe, it, expect, beforeAll } from "vitest";
import { spawn } from "node:child_process";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { BIN, ROOT, type CliResult } from "./helpers/run.js";
import { parseMachineSpec } from "../host/compare/machine-spec.js";

const TRACE = `${ROOT}examples/traces/matmul.lackey.gz`;

interface Machine {
  name: string; spec: string; coreMHz: number; cycles: number; microseconds: number; speedup: number; ipc: number; amat: number;
  misses: Record<string, number>; missRates: Record<string, number>; memoryReads: number; rowHitRate?: number; pageFaults?: number;
  breakdown: { base: number; levels: Record<string, number>; memory: number; pageFaults: number; total: number };
  change: Record<string, number | null>;
  report: { levels: { name: string; size: number; assoc: number }[]; memory: { reads: number; writes: number } };
}
interface Json { workload: { kind: string; label: string; detectedFormat?: string }; baseline: string; machines: Machine[] }

/** Run the CLI without blocking, so the tests of a block run side by side; killed after 20 s. */
function memsim(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

async function compareJson(args: string[]): Promise<Json> {
  const r = await memsim(["compare", ...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "memsim-compare-"));
});

describe.concurrent("closed-form results", () => {
  it("two machines differing only in memory latency: the cycles differ by memory reads x the latency difference", async () => {
    // strided over 1 MiB, one load per 64-byte line: every load misses L1d and the 256K L2.
    const j = await compareJson(["strided", "--size", "1M", "--machine", "default", "--machine", "default+mem-latency=250"]);
    const [a, b] = j.machines;
    expect(a.misses.l1d).toBe((1 << 20) / 64);
    expect(a.memoryReads).toBe(a.misses.l2); // nothing but demand reads reach memory
    expect(b.memoryReads).toBe(a.memoryReads);
    expect(a.breakdown.memory).toBe(a.memoryReads * 100);
    expect(b.cycles - a.cycles).toBe(a.memoryReads * (250 - 100));
    expect(b.breakdown.memory - a.breakdown.memory).toBe(a.memoryReads * 150);
    expect(b.breakdown.base).toBe(a.breakdown.base);
    expect(b.breakdown.levels).toEqual(a.breakdown.levels);
    expect(b.speedup).toBeCloseTo(a.cycles / b.cycles, 12); // same clock: the ratio of cycles
    expect(a.speedup).toBe(1);
    expect(b.change.cycles).toBeCloseTo((b.cycles - a.cycles) / a.cycles, 12);
    expect(b.change.l1d_miss_rate).toBe(0);
    expect(j.baseline).toBe("default");
  });

  it("speedup is in emulated time: the same cycles at twice the clock is 2x", async () => {
    const j = await compareJson(["pointer-chase", "--size", "256K", "-m", "default", "-m", "default+core-mhz=6000"]);
    const [a, b] = j.machines;
    expect(b.cycles).toBe(a.cycles); // a fixed latency is in cycles: the clock changes only the time
    expect(b.speedup).toBeCloseTo(2, 12);
    expect(b.change.time_us).toBeCloseTo(-0.5, 12);
    expect(b.change.core_mhz).toBe(1);
  });

  it("replays a trace on each machine: the README's counts, DRAM row hits on the DRAM machine", async () => {
    const j = await compareJson([TRACE, "-m", "default", "-m", "default+dram=ddr4-3200aa"]);
    expect(j.workload.kind).toBe("trace");
    expect(j.workload.detectedFormat).toBe("lackey");
    const [a, b] = j.machines;
    expect(a.cycles).toBe(266_502);
    expect([a.misses.l1i, a.misses.l1d, a.misses.l2]).toEqual([623, 513, 1132]);
    expect(b.misses).toEqual(a.misses); // same caches
    expect(a.rowHitRate).toBeUndefined();
    expect(b.rowHitRate).toBeCloseTo(943 / (943 + 70 + 119), 12); // README: 943 row hits, 70 empty banks, 119 conflicts
    expect(b.change.dram_row_hit_rate).toBeNull();
  });

  it("machines from presets, files, overrides and labels", async () => {
    const file = join(dir, "small.json");
    writeFileSync(file, JSON.stringify({ preset: "default", levels: { l2: "128K,4,64,lat=10" } }));
    const j = await compareJson(["random", "--size", "64K", "--accesses", "4096",
      "-m", "desktop-2020", "-m", file, "-m", "l1d=8K,2,64", "-m", "big L2:default+l2=1M,16,64+mem-latency=150"]);
    expect(j.machines.map((m) => m.name)).toEqual(["desktop-2020", file, "l1d=8K,2,64", "big L2"]);
    const l2 = (m: Machine) => m.report.levels.find((l) => l.name === "l2")!;
    expect(l2(j.machines[1])).toMatchObject({ size: 128 << 10, assoc: 4 });
    expect(j.machines[2].report.levels.find((l) => l.name === "l1d")).toMatchObject({ size: 8 << 10, assoc: 2 });
    expect(l2(j.machines[3])).toMatchObject({ size: 1 << 20, assoc: 16 });
    expect(j.machines[0].coreMHz).toBe(3600);
    expect(j.machines[0].misses.l3).toBeGreaterThan(0);
  });
});

describe.concurrent("formats", () => {
  const args = ["strided", "--size", "512K", "-m", "default", "-m", "desktop-2020", "-m", "mem-latency=200"];
  let json: Json;
  beforeAll(async () => {
    json = await compareJson(args);
  });

  it("table: the figures side by side, with changes and the breakdown", async () => {
    const r = await memsim(["compare", ...args]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toContain("strided --size 512K on 3 machines");
    expect(lines[2].split(/\s{2,}/).filter(Boolean)).toEqual(["default", "desktop-2020", "change", "mem-latency=200", "change"]);
    const row = (label: string) => lines.find((l) => l.startsWith(label))!.slice(label.length).trim().split(/\s+/);
    expect(row("cycles")[0]).toBe(json.machines[0].cycles.toLocaleString("en-US"));
    expect(row("speedup")).toEqual(json.machines.map((m) => `${m.speedup.toFixed(2)}x`));
    expect(row("L2 misses")).toEqual(["8,193", "8,193", "=", "8,193", "="]);
    expect(row("DRAM row-buffer hits")[0]).toBe("-");
    expect(r.stdout).toContain("where the cycles go");
  });

  it("CSV: a header and one row per machine, numbers as in the JSON", async () => {
    const r = await memsim(["compare", ...args, "--csv"]);
    expect(r.status).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split("\n").map((l) => l.split(","));
    expect(header.slice(0, 6)).toEqual(["machine", "spec", "core_mhz", "core_mhz_change", "cycles", "cycles_change"]);
    for (const c of ["speedup", "ipc", "amat", "l1d_misses", "l1d_miss_rate", "l3_misses", "dram_row_hit_rate", "page_faults", "cycles_memory"]) {
      expect(header).toContain(c);
    }
    expect(header).not.toContain("speedup_change");
    expect(rows).toHaveLength(3);
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    json.machines.forEach((m, i) => {
      expect(rows[i]).toHaveLength(header.length);
      expect(col(rows[i], "machine")).toBe(m.name);
      expect(Number(col(rows[i], "cycles"))).toBe(m.cycles);
      expect(Number(col(rows[i], "speedup"))).toBe(m.speedup);
      expect(col(rows[i], "cycles_change")).toBe(i === 0 ? "0" : String(m.change.cycles));
    });
    expect(col(rows[0], "l3_misses")).toBe(""); // the default machine has no L3
    expect(col(rows[1], "dram_row_hit_rate")).toBe(String(json.machines[1].rowHitRate));
  });

  it("Markdown: two well-formed tables", async () => {
    const r = await memsim(["compare", ...args, "--markdown"]);
    expect(r.status).toBe(0);
    const tables = r.stdout.split("\n\n").filter((b) => b.startsWith("|"));
    expect(tables).toHaveLength(2);
    for (const t of tables) {
      const rows = t.trim().split("\n").map((l) => l.split(" | ").length);
      expect(new Set(rows).size).toBe(1); // every row has the same number of cells
      expect(t.split("\n")[1]).toMatch(/^\| --- \|( ---: \|)+$/);
    }
    expect(tables[0]).toContain("| cycles | ");
    expect(tables[0].split("\n")[0]).toBe("| metric | default | desktop-2020 | change | mem-latency=200 | change |");
  });

  it("--out writes the output to a file instead of standard output", async () => {
    const out = join(dir, "out.csv");
    const r = await memsim(["compare", ...args, "--csv", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(true);
  });
});

describe.concurrent("Python scripts", () => {
  const CYCLES = `${ROOT}examples/python/cycles.py`;
  interface ScriptJson extends Json {
    workload: Json["workload"] & { options: Record<string, string> };
    machines: (Machine & { script: { cycles: number; categories: Record<string, number>; bytecodes: number; exitCode: number } })[];
    script: { stdout: string; stderr: string; exitCode: number; differsOn: string[] };
  }
  /** memsim py --json's report (on stderr) and the script's output (stdout), run apart: the oracle for one machine. */
  const py = async (file: string, args: string[]) => {
    const r = await memsim(["py", file, "--json", ...args]);
    return { status: r.status, stdout: r.stdout, json: JSON.parse(r.stderr.slice(r.stderr.search(/^\{/m))) as { // after any traceback
      totals: { cycles: number; bytecodes: number; categories: Record<string, number> };
      run: { amat: number; levels: { name: string; misses: { total: number }; missRate: number }[]; memory: { reads: number } };
    } };
  };

  it("each machine's figures are those of its own memsim py --json run, with the profile options; the output is CPython's", async () => {
    const options = ["--python", "3.12", "--gc-threshold", "300", "--bytecode-cycles", "2", "--heap-limit", "64M"];
    const machines: [string, string[]][] = [["default", []], ["desktop-2020", ["--preset", "desktop-2020"]], ["default+l2=1M,16,64", ["--l2", "1M,16,64"]]];
    const c = (await compareJson([CYCLES, ...machines.flatMap(([m]) => ["-m", m]), ...options])) as ScriptJson;
    expect(c.workload).toMatchObject({ kind: "python", options: { python: "3.12", gcThreshold: "300", bytecodeCycles: "2", heapLimit: "64M" } });
    const alone = await Promise.all(machines.map(([, args]) => py(CYCLES, [...args, ...options])));
    for (const [i, m] of c.machines.entries()) {
      const { json, stdout, status } = alone[i];
      expect(status).toBe(0);
      expect(m.cycles, m.name).toBe(json.totals.cycles);
      expect(m.script.categories).toEqual(json.totals.categories);
      expect(m.script.bytecodes).toBe(json.totals.bytecodes);
      expect(m.amat).toBe(json.run.amat);
      for (const l of json.run.levels) expect([m.misses[l.name], m.missRates[l.name]], `${m.name} ${l.name}`).toEqual([l.misses.total, l.missRate]);
      expect(m.memoryReads).toBe(json.run.memory.reads);
      expect(stdout).toBe(c.script.stdout);
      // The time is the script's cycles at the machine's clock; the speedup against the first machine follows.
      expect(m.microseconds).toBeCloseTo(json.totals.cycles / m.coreMHz, 6);
      expect(m.speedup).toBeCloseTo(c.machines[0].microseconds / m.microseconds, 12);
      // The parts of the second table add up to the cycles.
      expect(Object.values(m.script.categories).reduce((a, b) => a + b, 0)).toBe(m.cycles);
    }
    // Not the report's core cycles: the script runs no instructions through the core model.
    expect(c.machines[0].cycles).not.toBe(c.machines[0].breakdown.total);
    expect(new Set(c.machines.map((m) => m.cycles)).size).toBe(3);
    expect(c.script).toMatchObject({ exitCode: 0, stderr: "", differsOn: [] });
    // CPython 3.11 with the same collector threshold prints the same.
    const cpython = spawnSync("python3", ["-c", "import gc, runpy, sys; gc.set_threshold(300); runpy.run_path(sys.argv[1], run_name='__main__')", CYCLES],
      { encoding: "utf8" });
    expect(c.script.stdout).toBe(cpython.stdout);
  });

  it("the table: the script's cycles by heap category, no IPC, and the output's check", async () => {
    const r = await memsim(["compare", CYCLES, "-m", "default", "-m", "server-2024", "--bytecode-cycles", "3"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/cycles\.py --bytecode-cycles 3 on 2 machines; .*a script's cycles are memsim py's/);
    expect(lines[1]).toBe("the script's output (5 lines) is the same on every machine");
    const rows = lines.map((l) => l.split(/\s{2,}/)[0]);
    expect(rows).not.toContain("IPC");
    expect(rows).toContain("where the script's cycles go: by heap category (docs/python.md)");
    for (const k of ["interpreter", "alloc", "free", "refcount", "gc"]) expect(rows, k).toContain(k);
  });

  it("a script that raises: compared up to its traceback, the exit code said", async () => {
    const file = `${ROOT}tests/python/err_zero.py`;
    const c = (await compareJson([file, "-m", "default", "-m", "desktop-2020"])) as ScriptJson;
    const alone = await py(file, []);
    expect(alone.status).toBe(1);
    expect(c.script).toMatchObject({ exitCode: 1, stdout: "2.5\n", differsOn: [] });
    expect(c.script.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
    expect(c.machines[0].cycles).toBe(alone.json.totals.cycles);
    const t = await memsim(["compare", file, "-m", "default", "-m", "desktop-2020"]);
    expect(t.stdout.split("\n")[1]).toBe("the script's output (1 line) is the same on every machine; it ended with exit code 1 (an exception)");
  });

  it("refuses, naming the file or option, a script that does not compile, and the script options elsewhere", async () => {
    const bad = join(dir, "bad.py"), unsupported = join(dir, "unsupported.py");
    writeFileSync(bad, "x = (1,\n");
    writeFileSync(unsupported, "import socket\n");
    const run = (args: string[]) => memsim(["compare", ...args, "-m", "default", "-m", "desktop-2020"]);
    const cases: [string[], string][] = [
      [[bad], `memsim: ${bad} is not valid Python:\n  File "${bad}", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n`],
      [[unsupported], `memsim: ${unsupported}: line 1: import of module 'socket' is not supported yet\n`],
      [[join(dir, "missing.py")], `memsim: ${join(dir, "missing.py")}: cannot read the script: no such file\n`],
      [[CYCLES, "--python", "2.7"], "memsim: --python must be one of 3.11, 3.12, 3.13, not '2.7'\n"],
      [[CYCLES, "--size", "1M"], `memsim: --size: workload parameters apply to synthetic workloads, and ${CYCLES} is a Python script\n`],
      [["strided", "--gc-threshold", "5"], "memsim: --gc-threshold: applies to a Python script (a workload ending in .py), and strided is not one\n"],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect([r.status, r.stdout, r.stderr], args.join(" ")).toEqual([2, "", message]);
    }
  });
});

describe("machine specs", () => {
  it("parse base, overrides and label", () => {
    expect(parseMachineSpec("desktop-2020").machine.levels.l3?.size).toBe(16 << 20);
    const m = parseMachineSpec("fast:server-2024+l3=none+dram=ddr4-3200aa+ram=64M");
    expect(m.name).toBe("fast");
    expect(m.machine.levels.l3).toBeUndefined();
    expect(m.machine.vm?.ramBytes).toBe(64 << 20);
    expect(m.description).toContain("with l3=none, dram=ddr4-3200aa, ram=64M");
    expect(parseMachineSpec("cpi=2").machine.cpi).toBe(2);
  });

  it.each([
    ["nosuch", "--machine 'nosuch': 'nosuch' is neither a preset (default, "],
    ["default+l7=32K,8,64", "--machine 'default+l7=32K,8,64': unknown key 'l7' (keys: l1i, "],
    ["default+l2", "--machine 'default+l2': l2 needs a value: l2=VALUE"],
    ["default+l2=48K,8,64", "--machine 'default+l2=48K,8,64': --l2: "],
    ["default+mem-latency=1+mem-latency=2", "mem-latency is given twice"],
    ["missing.json", "--machine 'missing.json': no such machine file missing.json"],
    ["cachegrind", "--machine 'cachegrind': cachegrind mode has no timing"],
    ["default+dram-page=closed", "--machine 'default+dram-page=closed': --dram-page needs --dram PRESET"],
  ])("%s is refused", (spec, message) => {
    expect(() => parseMachineSpec(spec)).toThrow(message);
  });
});

describe.concurrent("bad input: one sentence naming the option, exit 2, before any work", () => {
  // A workload that would take many seconds: every refusal must come before it runs.
  const slow = ["random", "--size", "64M", "--accesses", "1000000000"];
  const refuse = async (args: string[], message: string | RegExp) => {
    const t0 = performance.now();
    const r = await memsim(["compare", ...args]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(performance.now() - t0).toBeLessThan(8000);
  };

  it("fewer than two machines", () => refuse([...slow, "-m", "default"], /^memsim: --machine: give at least two machines to compare/));
  it("an unknown machine", () => refuse([...slow, "-m", "default", "-m", "desktop-2021"], "--machine 'desktop-2021': 'desktop-2021' is neither a preset"));
  it("a machine the core refuses", () => refuse([...slow, "-m", "default", "-m", "default+l1d=32K,8,64,plru+l2=256K,8,32,inclusive"],
    /^memsim: --machine 'default\+l1d=32K,8,64,plru\+l2=256K,8,32,inclusive': --l2: an inclusive level needs lines at least as long/));
  it("the same machine twice", () => refuse([...slow, "-m", "default", "-m", "default"], "--machine: 'default' is given twice"));
  it("an unknown workload or missing trace", () => refuse(["no-such.lackey", "-m", "default", "-m", "desktop-2020"],
    "'no-such.lackey' is neither a workload (sequential, "));
  it("standard input", () => refuse(["-", "-m", "default", "-m", "desktop-2020"], "needs a file, not standard input"));
  it("workload parameters with a trace", () => refuse([TRACE, "--size", "1M", "-m", "default", "-m", "desktop-2020"],
    "--size: workload parameters apply to synthetic workloads"));
  it("an unwritable --html path", () => refuse([...slow, "-m", "default", "-m", "desktop-2020", "--html", "/no/such/dir/r.html"],
    "--html: cannot write /no/such/dir/r.html: its directory does not exist"));
  it("an unwritable --out path", () => refuse([...slow, "-m", "default", "-m", "desktop-2020", "--out", "/no/such/dir/r.csv"],
    "--out: cannot write /no/such/dir/r.csv"));
  it("two output formats", () => refuse([...slow, "-m", "default", "-m", "desktop-2020", "--json", "--csv"],
    "give one of --json, --csv and --markdown, not --json and --csv"));

  it("a trace that turns out bad leaves no --out or --html file behind", async () => {
    const bad = join(dir, "bad.lackey.gz");
    writeFileSync(bad, gzipSync("I  04000000,4\n L 10000000,8\nthis is not a reference\n"));
    const out = join(dir, "bad.json"), html = join(dir, "bad.html");
    const r = await memsim(["compare", bad, "-m", "default", "-m", "desktop-2020", "--json", "--out", out, "--html", html]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("bad.lackey.gz:3: not a valid Valgrind Lackey line");
    expect(existsSync(out)).toBe(false);
    expect(existsSync(html)).toBe(false);
  });
});
