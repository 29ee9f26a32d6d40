// Shared test helpers: run the memsim CLI as a user would, and replay traces in-process.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { loadCore } from "../../host/core-node.js";
import type { Core } from "../../host/core.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = `${ROOT}bin/memsim.js`;

export interface CliResult { status: number; stdout: string; stderr: string }

export function memsim(args: string[], input?: string | Uint8Array): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: "utf8", maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Feed a whole Lackey text to a configured core. */
export function feedLackey(core: Core, text: Uint8Array): void {
  const cap = core.exports.inputCapacity();
  let off = 0;
  let leftover = 0;
  for (;;) {
    const take = Math.min(cap - leftover, text.length - off);
    core.input().set(text.subarray(off, off + take), leftover);
    off += take;
    const len = leftover + take;
    const final = off === text.length;
    const used = core.check(core.exports.parseLackey(len, final ? 1 : 0));
    core.input().copyWithin(0, used, len);
    leftover = len - used;
    if (final) return;
  }
}

const texts = new Map<string, Uint8Array>();
export function gunzipFile(path: string): Uint8Array {
  let t = texts.get(path);
  if (!t) texts.set(path, (t = gunzipSync(readFileSync(path))));
  return t;
}

export { loadCore };
