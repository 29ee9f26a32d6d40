// npm run bench:workloads / npm run bench:compare: the workload suite
// (host/suite/, docs/suite.md) on the default machine, or on several preset
// machines side by side. Prints tables and writes JSON.
//
//   tsx bench/suite.ts workloads [--preset NAME] [--small] [--only a,b] [--out FILE]
//   tsx bench/suite.ts compare [--machine SPEC]... [--small] [--only a,b] [--out FILE]
//
// A --machine SPEC is as memsim compare takes it: a preset, a machine file, or
// overrides (default+l2=512K,8,64); without any, the four presets of COMPARE_MACHINES.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { preset } from "../host/config/presets.js";
import { runSuite } from "../host/suite/suite.js";
import { workloadsJson, formatWorkloads } from "../host/suite/report.js";
import { compareSuite, formatCompareSuite, suiteMachines, COMPARE_MACHINES } from "../host/suite/compare.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A bar on stderr when it is a terminal; nothing otherwise (CI logs, pipes). */
async function progressBar(): Promise<{ update: (done: number, total: number, label: string) => void; stop: () => void }> {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const { SingleBar } = await import("cli-progress");
  const bar = new SingleBar({ stream: process.stderr, format: "suite |{bar}| {value}/{total} | {label}", clearOnComplete: true, hideCursor: true });
  let started = false;
  return {
    update: (done, total, label) => {
      if (!started) bar.start(total, done, { label });
      else bar.update(done, { label });
      started = true;
    },
    stop: () => bar.stop(),
  };
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      preset: { type: "string", default: "default" },
      machine: { type: "string", multiple: true, default: [...COMPARE_MACHINES] },
      small: { type: "boolean", default: false },
      only: { type: "string" },
      out: { type: "string" },
    },
  });
  const mode = positionals[0];
  if (mode !== "workloads" && mode !== "compare") throw new Error("usage: tsx bench/suite.ts workloads|compare [options]");
  const options = { small: values.small, only: values.only?.split(",") };
  const out = values.out ?? `${ROOT}bench/${mode}.json`;
  const bar = await progressBar();
  let text: string;
  let json: object;
  try {
    if (mode === "workloads") {
      const t0 = performance.now();
      const results = await runSuite(preset(values.preset), options, (done, total, next) => bar.update(done, total, next ?? "done"));
      const j = workloadsJson(values.preset, results, values.small, (performance.now() - t0) / 1000);
      [text, json] = [formatWorkloads(j), j];
    } else {
      const j = await compareSuite(suiteMachines(values.machine), options,
        (done, total, next) => bar.update(done, total, next ? `${next.workload} on ${next.machine}` : "done"));
      [text, json] = [formatCompareSuite(j), j];
    }
  } finally {
    bar.stop();
  }
  process.stdout.write(text);
  writeFileSync(out, JSON.stringify(json, null, 2) + "\n");
  process.stderr.write(`bench: wrote ${out}\n`);
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
