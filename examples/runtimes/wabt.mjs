// memsim.wasm in a non-JavaScript engine: wabt's spectest-interp (Debian package wabt).
//
//   node examples/runtimes/wabt.mjs [--keep DIR]
//
// 1. Runs the SMALL conformance scenario (scenario.mjs) in Node with plain WebAssembly and
//    records every export call's result, every stats counter and memoryClock() after each phase.
// 2. Writes a .wast script that loads build/memsim.wasm (`(module binary ...)`), registers it as
//    "memsim", defines a helper module that imports memsim's memory (it generates the same trace
//    records with i32 stores into the input buffer, and reads u64 counters), replays the same
//    calls and asserts every result with assert_return: each counter as an i64, memoryClock()
//    as an f64.
// 3. Converts it with wast2json and runs it with spectest-interp, wabt's C++ interpreter.
//
// wabt is an interpreter (hundreds of times slower than a JIT), so this replays SMALL (a
// 6,000-record trace and small workloads), not the 1M-record FULL scenario. wabt 1.0.32's
// wasm-interp cannot pass arguments to exports, so spectest-interp is the tool.
// Exit code 0 when every assertion passed.

import { readFile, writeFile, mkdtemp, mkdir, rm } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SMALL, scenarioSteps, runSteps, snapshotBytes, counterNames } from "./scenario.mjs";

const WASM = fileURLToPath(new URL("../../build/memsim.wasm", import.meta.url));

// ---------------------------------------------------------------- export signatures

/** Parameter and result types of every exported function, read from the binary. */
export function exportSignatures(bytes) {
  let p = 8; // magic and version
  const u = () => {
    let result = 0, shift = 0, b;
    do {
      b = bytes[p++];
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  const name = () => {
    const n = u();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const VAL = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128" };
  const types = [];
  const funcs = []; // type index of every function, imports first
  const sigs = new Map();
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u();
    const end = p + size;
    if (id === 1) {
      for (let n = u(); n > 0; n--) {
        if (bytes[p++] !== 0x60) throw new Error("unexpected type form");
        const params = [], results = [];
        for (let k = u(); k > 0; k--) params.push(VAL[bytes[p++]]);
        for (let k = u(); k > 0; k--) results.push(VAL[bytes[p++]]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u(); n > 0; n--) {
        name(); name();
        const kind = bytes[p++];
        if (kind === 0) funcs.push(u());
        else throw new Error("memsim.wasm should have no imports");
      }
    } else if (id === 3) {
      for (let n = u(); n > 0; n--) funcs.push(u());
    } else if (id === 7) {
      for (let n = u(); n > 0; n--) {
        const field = name();
        const kind = bytes[p++];
        const index = u();
        if (kind === 0) sigs.set(field, types[funcs[index]]);
      }
    }
    p = end;
  }
  return sigs;
}

// ---------------------------------------------------------------- literals

function f64Literal(v) {
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 53 && !Object.is(v, -0)) return String(v);
  if (!Number.isFinite(v)) throw new Error(`no literal for ${v}`);
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  const bits = dv.getBigUint64(0);
  const sign = bits >> 63n ? "-" : "";
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, "0");
  return exp === 0 ? `${sign}0x0.${mant}p-1022` : `${sign}0x1.${mant}p${exp - 1023}`;
}

const literal = (type, v) => {
  if (type === "i32") return `(i32.const ${v | 0})`;
  if (type === "f64") return `(f64.const ${f64Literal(v)})`;
  if (type === "i64") return `(i64.const ${BigInt.asIntN(64, BigInt(v))})`;
  throw new Error(`no literal for type ${type}`);
};

// ---------------------------------------------------------------- the helper module

// The same record generator as scenario.mjs's writeRecords, in Wasm (i32 arithmetic throughout),
// so the trace is generated inside the interpreter rather than shipped as millions of assertions.
const HELPER = String.raw`
(module $gen
  (import "memsim" "memory" (memory 0))
  (global $s (mut i32) (i32.const 0))
  (global $pc (mut i32) (i32.const 0))
  (global $stream (mut i32) (i32.const 0))
  (func $next (result i32) (local $s i32)
    (local.set $s (global.get $s))
    (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 13))))
    (local.set $s (i32.xor (local.get $s) (i32.shr_u (local.get $s) (i32.const 17))))
    (local.set $s (i32.xor (local.get $s) (i32.shl (local.get $s) (i32.const 5))))
    (global.set $s (local.get $s))
    (local.get $s))
  ;; traceGenerator(seed)
  (func (export "seed") (param $seed i32)
    (global.set $s (local.get $seed))
    (global.set $pc (i32.const 0x400000))
    (global.set $stream (i32.const 0)))
  ;; writeRecords(view, ptr, n, g)
  (func (export "fill") (param $ptr i32) (param $n i32)
    (local $i i32) (local $r i32) (local $r2 i32) (local $sel i32) (local $k i32) (local $region i32)
    (local $hi i32) (local $lo i32) (local $kind i32) (local $size i32) (local $at i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $r (call $next))
        (local.set $sel (i32.and (local.get $r) (i32.const 15)))
        (local.set $hi (i32.const 0))
        (local.set $lo (i32.const 0))
        (local.set $kind (i32.const 0))
        (local.set $size (i32.const 4))
        (if (i32.lt_u (local.get $sel) (i32.const 6))
          (then
            ;; instruction fetch: sequential, 1/32 a jump
            (if (i32.eqz (i32.and (i32.shr_u (local.get $r) (i32.const 4)) (i32.const 31)))
              (then (global.set $pc (i32.add (i32.const 0x400000)
                (i32.mul (i32.and (i32.shr_u (local.get $r) (i32.const 9)) (i32.const 0xffff)) (i32.const 4)))))
              (else (global.set $pc (i32.add (global.get $pc) (i32.const 4)))))
            (local.set $lo (global.get $pc)))
          (else (if (i32.lt_u (local.get $sel) (i32.const 14))
            (then
              ;; data reference
              (local.set $r2 (call $next))
              (local.set $k (i32.and (i32.shr_u (local.get $r) (i32.const 6)) (i32.const 3)))
              (local.set $kind (select (i32.const 1) (local.get $k) (i32.eqz (local.get $k))))
              (local.set $size (i32.shl (i32.const 1) (i32.and (i32.shr_u (local.get $r) (i32.const 8)) (i32.const 3))))
              (local.set $region (i32.and (i32.shr_u (local.get $r) (i32.const 4)) (i32.const 3)))
              (if (i32.eqz (local.get $region))
                (then
                  (local.set $hi (i32.const 0x7fff))
                  (local.set $lo (i32.add (i32.const 0xf0000000) (i32.and (local.get $r2) (i32.const 0x3ff8)))))
                (else (if (i32.eq (local.get $region) (i32.const 1))
                  (then (local.set $lo (i32.add (i32.const 0x10000000) (i32.and (local.get $r2) (i32.const 0xffff8)))))
                  (else (if (i32.eq (local.get $region) (i32.const 2))
                    (then (local.set $lo (i32.add (i32.const 0x20000000) (i32.and (local.get $r2) (i32.const 0x0ffffff8)))))
                    (else
                      (local.set $hi (i32.const 1))
                      (local.set $lo (i32.and (local.get $r2) (i32.const 0x3fff8)))))))))
              (if (i32.eqz (i32.and (i32.shr_u (local.get $r) (i32.const 10)) (i32.const 127)))
                (then
                  (local.set $size (i32.const 64))
                  (local.set $lo (i32.or (i32.and (local.get $lo) (i32.const -64)) (i32.const 60))))))
            (else (if (i32.eq (local.get $sel) (i32.const 14))
              (then
                ;; a load from the kernel half
                (local.set $r2 (call $next))
                (local.set $hi (i32.const 0x8000))
                (local.set $lo (i32.add (i32.const 0x00100000) (i32.and (local.get $r2) (i32.const 0xfff8))))
                (local.set $kind (i32.const 1))
                (local.set $size (i32.const 8)))
              (else (if (i32.eqz (i32.and (i32.shr_u (local.get $r) (i32.const 4)) (i32.const 1023)))
                (then
                  ;; flush
                  (local.set $kind (i32.const 4))
                  (local.set $size (i32.const 1)))
                (else
                  ;; streaming load or store
                  (global.set $stream (i32.and (i32.add (global.get $stream) (i32.const 64)) (i32.const 0x3ffffff)))
                  (local.set $lo (i32.add (i32.const 0x30000000) (global.get $stream)))
                  (local.set $kind (i32.add (i32.const 1) (i32.and (i32.shr_u (local.get $r) (i32.const 14)) (i32.const 1))))
                  (local.set $size (i32.const 8))))))))))
        (local.set $at (i32.add (local.get $ptr) (i32.shl (local.get $i) (i32.const 3))))
        (i32.store (local.get $at) (local.get $lo))
        (i32.store offset=4 (local.get $at)
          (i32.or (i32.or (local.get $hi) (i32.shl (i32.sub (local.get $size) (i32.const 1)) (i32.const 16)))
                  (i32.shl (local.get $kind) (i32.const 28))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each))))
  ;; a u64 of memsim's memory (a stats counter)
  (func (export "u64") (param $at i32) (result i64) (i64.load (local.get $at))))
`;

// ---------------------------------------------------------------- the script

/**
 * The .wast script for `options` (SMALL by default): Node runs the scenario first and its
 * results become the script's assertions. Returns { wast, assertions, snapshots }.
 */
export async function makeWast(wasmBytes, options = SMALL) {
  const sigs = exportSignatures(wasmBytes);
  const { instance } = await WebAssembly.instantiate(wasmBytes, {});
  const m = instance.exports;
  const steps = scenarioSteps(options);
  const results = [];
  const bytes = runSteps(m, steps, (step, result) => results.push(result));
  const names = counterNames(m);
  const size = snapshotBytes(m);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const lines = [];
  let assertions = 0;
  const invoke = (mod, fn, args) => {
    const sig = sigs.get(fn);
    if (!sig) throw new Error(`memsim.wasm exports no function ${fn}`);
    const a = args.map((v, i) => literal(sig.params[i], v)).join(" ");
    return `(invoke ${mod} "${fn}"${a ? " " + a : ""})`;
  };
  const assertCall = (fn, args, result) => {
    const sig = sigs.get(fn);
    if (sig.results.length === 0) {
      lines.push(invoke("$memsim", fn, args));
    } else {
      lines.push(`(assert_return ${invoke("$memsim", fn, args)} ${literal(sig.results[0], result)})`);
      assertions++;
    }
  };

  let hex = "";
  for (const b of wasmBytes) hex += "\\" + b.toString(16).padStart(2, "0");
  lines.push(
    ";; Generated by examples/runtimes/wabt.mjs from build/memsim.wasm and examples/runtimes/scenario.mjs",
    `;; (scenario ${options.name}). Every expected value was computed by Node.`,
    `(module $memsim binary "${hex}")`,
    `(register "memsim" $memsim)`,
    HELPER.trim(),
  );
  // Where things are: the helper writes records at inputPtr() and reads counters at statsPtr().
  const inPtr = m.inputPtr(), stPtr = m.statsPtr();
  for (const [fn, v] of [["abiVersion", m.abiVersion()], ["inputPtr", inPtr], ["inputCapacity", m.inputCapacity()],
    ["statsPtr", stPtr], ["statsCount", m.statsCount()]]) assertCall(fn, [], v);

  let call = 0, snapshot = 0;
  for (const step of steps) {
    if (step.op === "call") {
      assertCall(step.fn, step.args, results[call++]);
    } else if (step.op === "trace") {
      lines.push(`;; trace: ${step.records} records, ${step.chunk} per simulate()`);
      lines.push(`(invoke $gen "seed" (i32.const ${step.seed | 0}))`);
      for (let done = 0; done < step.records; done += step.chunk) {
        const n = Math.min(step.chunk, step.records - done);
        lines.push(`(invoke $gen "fill" (i32.const ${inPtr}) (i32.const ${n}))`);
        lines.push(`(assert_return (invoke $memsim "simulate" (i32.const ${n})) (i32.const 0))`);
        assertions++;
      }
    } else if (step.op === "snapshot") {
      lines.push(`;; snapshot: ${step.label}`);
      const base = snapshot * size;
      names.forEach((name, i) => {
        const v = view.getBigInt64(base + i * 8, true);
        lines.push(`(assert_return (invoke $gen "u64" (i32.const ${stPtr + i * 8})) (i64.const ${v})) ;; ${name}`);
        assertions++;
      });
      const clock = view.getFloat64(base + names.length * 8, true);
      lines.push(`(assert_return (invoke $memsim "memoryClock") (f64.const ${f64Literal(clock)}))`);
      assertions++;
      snapshot++;
    }
  }
  return { wast: lines.join("\n") + "\n", assertions, snapshots: snapshot };
}

/** wast2json, then spectest-interp, in `dir`; returns { ok, passed, total, output, ms }. */
export function runWabt(dir, wastFile = "memsim.wast") {
  const t0 = performance.now();
  const conv = spawnSync("wast2json", [wastFile, "-o", "memsim.json"], { cwd: dir, encoding: "utf8" });
  if (conv.error || conv.status !== 0) {
    return { ok: false, passed: 0, total: 0, output: `wast2json: ${conv.error ?? ""}${conv.stderr}${conv.stdout}`, ms: 0 };
  }
  const run = spawnSync("spectest-interp", ["memsim.json"], { cwd: dir, encoding: "utf8", maxBuffer: 64 << 20 });
  const output = `${run.error ?? ""}${run.stdout}${run.stderr}`;
  const m = /(\d+)\/(\d+) tests passed/.exec(output);
  const passed = m ? Number(m[1]) : 0, total = m ? Number(m[2]) : 0;
  return { ok: !run.error && run.status === 0 && m !== null && passed === total, passed, total, output, ms: performance.now() - t0 };
}

async function main(argv) {
  const keep = argv.indexOf("--keep");
  const dir = keep >= 0 ? argv[keep + 1] : await mkdtemp(join(tmpdir(), "memsim-wabt-"));
  if (!dir) throw new Error("usage: node examples/runtimes/wabt.mjs [--keep DIR]");
  await mkdir(dir, { recursive: true });
  try {
    const { wast, assertions, snapshots } = await makeWast(new Uint8Array(await readFile(WASM)));
    await writeFile(join(dir, "memsim.wast"), wast);
    console.log(`wrote ${join(dir, "memsim.wast")}: ${assertions} assertions, ${snapshots} snapshots of the stats block`);
    const r = runWabt(dir);
    const summary = r.output.trim().split("\n").slice(-20).join("\n");
    console.log(summary);
    console.log(r.ok ? `wabt: all ${r.total} assertions passed in ${(r.ms / 1000).toFixed(1)} s` : "wabt: FAILED");
    return r.ok ? 0 : 1;
  } finally {
    if (keep < 0) await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
