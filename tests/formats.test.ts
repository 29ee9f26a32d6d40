// Trace formats: the same references written as Lackey, din, Dinero IV and
// binary give the same counters; detection; gzip and stdin; conversion.
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memsim } from "./helpers/run.js";
import { detectFormat, binaryHeader } from "../host/trace/format.js";

const dir = mkdtempSync(join(tmpdir(), "memsim-formats-"));
const file = (name: string, data: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

/** A deterministic list of (kind, addr) references, sizes 1 so that din (no size) can express them. */
function references(): [number, number][] {
  const refs: [number, number][] = [];
  let x = 12345;
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const kind = x % 3; // 0 I, 1 L, 2 S
    const addr = kind === 0 ? 0x400000 + (x % 8192) : 0x10000000 + ((x >> 4) % 200000);
    refs.push([kind, addr]);
  }
  return refs;
}

const LACKEY = ["I  ", " L ", " S "];
const DIN = ["2", "0", "1"];
const DINERO = ["i", "r", "w"];

function genericJson(path: string, extra: string[] = []) {
  const r = memsim(["trace", path, "--json", ...extra]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout);
  delete j.trace;
  delete j.format;
  return j;
}

describe("trace formats", () => {
  const refs = references();
  const lackey = "==1== Lackey header\n" + refs.map(([k, a]) => `${LACKEY[k]}${a.toString(16).padStart(8, "0")},1`).join("\n") + "\n==1== bye\n";
  const din = refs.map(([k, a]) => `${DIN[k]} ${a.toString(16)}`).join("\n") + "\n";
  const dinero = refs.map(([k, a]) => `${DINERO[k]} 0x${a.toString(16)} 1`).join("\n"); // no final newline
  const paths = { lackey: file("t.lackey", lackey), din: file("t.din", din), dinero: file("t.dinero", dinero) };

  it("detects each format from its first lines", () => {
    expect(detectFormat(new TextEncoder().encode(lackey))).toBe("lackey");
    expect(detectFormat(new TextEncoder().encode(din))).toBe("din");
    expect(detectFormat(new TextEncoder().encode(dinero))).toBe("dinero");
    expect(detectFormat(binaryHeader())).toBe("binary");
    expect(detectFormat(new TextEncoder().encode("hello world\n"))).toBeNull();
    // Valgrind's lines only come in Lackey traces; the Lackey parser wants an upper-case I
    expect(detectFormat(new TextEncoder().encode("==1== x\n0 1000\n"))).toBeNull();
    expect(detectFormat(new TextEncoder().encode("i  00400000,4\n"))).toBeNull();
  });

  it("gives the same counters in every format, including gzip, stdin and binary", () => {
    const expected = genericJson(paths.lackey);
    expect(expected.records).toBe(refs.length);
    expect(expected.levels[1].misses.total).toBeGreaterThan(100);
    expect(genericJson(paths.din)).toEqual(expected);
    expect(genericJson(paths.dinero)).toEqual(expected);
    expect(genericJson(file("t.lackey.gz", gzipSync(lackey)))).toEqual(expected);
    const viaStdin = memsim(["trace", "-", "--json"], lackey);
    expect(viaStdin.status).toBe(0);
    const j = JSON.parse(viaStdin.stdout);
    expect(j.trace).toBe("<stdin>");
    delete j.trace; delete j.format;
    expect(j).toEqual(expected);
    const bin = join(dir, "t.bin");
    const conv = memsim(["convert", paths.din, bin]);
    expect(conv.status).toBe(0);
    expect(readFileSync(bin).length).toBe(16 + 8 * refs.length);
    expect(genericJson(bin)).toEqual(expected);
  });

  it("din label 4 flushes: dirty lines are written back and the next access misses", () => {
    const p = file("flush.din", "1 1000\n4 0\n0 1000\n");
    const j = genericJson(p);
    expect(j.levels[1].writebacks).toBe(1);
    expect(j.levels[1].misses.read).toBe(1);
    expect(j.memory.writes).toBe(1);
  });

  it("handles lines that cross the 8 MiB input chunk boundary", () => {
    // ~9.4 MB of Lackey text: chunk boundaries fall inside lines.
    const line = (i: number) => ` L ${(0x20000000 + i * 8).toString(16)},8`;
    const lines = Array.from({ length: 600000 }, (_, i) => line(i));
    const j = genericJson(file("big.lackey", lines.join("\n") + "\n"));
    expect(j.records).toBe(600000);
    expect(j.levels[1].misses.read).toBe(600000 / 8); // one miss per 64-byte line, closed form
  });
});

describe("bad trace input", () => {
  it("names the file, the line and the offending text, exit 2, no report", () => {
    const p = file("bad.lackey", "I  00400000,4\n L 1000,8\n L 10zz,8\n");
    const r = memsim(["trace", p]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`memsim: ${p}:3: not a valid Valgrind Lackey line: ' L 10zz,8'\n`);
  });

  it("rejects sizes of 0 and beyond 4096, and non-canonical addresses", () => {
    expect(memsim(["trace", file("s0.lackey", " L 1000,0\n")]).stderr).toMatch(/s0.lackey:1: the access size must be between 1 and 4096 bytes/);
    expect(memsim(["trace", file("addr.lackey", " L 123456789abcdef0,8\n")]).stderr).toMatch(/addr.lackey:1: the address is not a canonical 48-bit address/);
  });

  it("says one sentence for a missing file, an empty trace, an unknown format", () => {
    const missing = memsim(["trace", join(dir, "nope.lackey")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope.lackey: cannot open the trace: no such file\n$/);
    const empty = memsim(["trace", file("empty.lackey", "")]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/empty.lackey: the trace is empty\n$/);
    const onlyValgrind = memsim(["trace", file("vg.lackey", "==1== hello\n"), "--format", "lackey"]);
    expect(onlyValgrind.stderr).toMatch(/vg.lackey: the trace has no Valgrind Lackey records\n$/);
    const unknown = memsim(["trace", file("prose.txt", "hello world\n")]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/cannot tell the trace format from its first lines; name it with --format/);
    const badFormat = memsim(["trace", "x", "--format", "pin"]);
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toMatch(/--format.*pin/);
  });

  it("binary traces: bad magic, a stray tail and unknown kinds are errors", () => {
    const header = binaryHeader();
    const rec = new Uint8Array(8);
    new DataView(rec.buffer).setBigUint64(0, 0x1000n | (7n << 48n) | (9n << 60n), true);
    const bad = memsim(["trace", file("kind.bin", Buffer.concat([header, rec])), "--format", "binary"]);
    expect(bad.stderr).toMatch(/kind.bin: record 1 \(byte 16\): unknown record kind/);
    const tail = memsim(["trace", file("tail.bin", Buffer.concat([header, new Uint8Array(3)])), "--format", "binary"]);
    expect(tail.stderr).toMatch(/ends inside a record/);
  });

  it("convert leaves no output when the input is bad", () => {
    const out = join(dir, "bad.bin");
    const r = memsim(["convert", file("bad2.lackey", " L 1000,8\nnonsense\n"), out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad2.lackey:2: not a valid Valgrind Lackey line: 'nonsense'/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(out + ".partial")).toBe(false);
  });

  it("a gzip file cut short is an error, not a partial report", () => {
    const gz = gzipSync(" L 1000,8\n".repeat(100000));
    const r = memsim(["trace", file("cut.lackey.gz", gz.subarray(0, gz.length >> 1))]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/cut.lackey.gz: cannot read the trace/);
  });
});
