// The system allocator behind PyMem_RawMalloc (assembly/heap/rawmalloc.ts,
// mmap.ts; docs/heap.md) against glibc's own malloc: the same scripts of
// malloc/free/realloc run on both (tests/helpers/glibc-malloc.c, built with
// gcc), and each result is compared as an offset from the script's first
// block, or as "mmap" for a page-aligned chunk of its own. The scripts stay
// inside what memsim models the way glibc does: tcache-sized chunks reused
// LIFO (at most 7 a size, tcache's limit), larger ones coalesced, best fit
// with splitting, the top chunk, realloc in place, mmap at 128 KiB.

import { describe, it, expect, beforeAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCore } from "../host/core-node.js";
import type { Core } from "../host/core.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";

const MMAP_BASE = 0x7f50_0000_0000;
let glibc = "";

beforeAll(() => {
  glibc = join(mkdtempSync(join(tmpdir(), "memsim-malloc-")), "glibc-malloc");
  execFileSync("gcc", ["-O1", "-o", glibc, fileURLToPath(new URL("./helpers/glibc-malloc.c", import.meta.url))]);
});

function heap(limitMiB = 64): Core {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  core.check(core.exports.heapInit(limitMiB * 1048576, 0));
  return core;
}

/** The script on memsim's heap, its results as glibc-malloc.c prints them. */
function memsim(script: string): string[] {
  const core = heap();
  const e = core.exports;
  const blocks: number[] = [];
  for (const op of script.split(" ")) {
    if (op[0] === "f") core.check(e.heapFree(blocks[Number(op.slice(1))]));
    else if (op[0] === "m") blocks.push(core.check(e.heapMalloc(Number(op.slice(1)))));
    else {
      const [i, n] = op.slice(1).split(":").map(Number);
      blocks.push(core.check(e.heapRealloc(blocks[i], n)));
    }
  }
  return blocks.map((p) => p >= MMAP_BASE ? (p % 4096 === 16 ? "mmap" : "mmap-misaligned") : String(p - blocks[0]));
}

const SCRIPTS: Record<string, string> = {
  "tcache-sized chunks come back LIFO": "m600 m600 m600 f0 f1 m600 m600 m600",
  "a freed chunk merges with the free one before it": "m2000 m2000 m2000 m2000 f0 f1 m4000",
  "a freed chunk merges with the free one after it": "m2000 m2000 m2000 m2000 f1 f0 m4000",
  "a chunk between two free ones merges both": "m2000 m2000 m2000 m2000 f0 f2 f1 m6000",
  "a freed chunk beside the top merges into it": "m3000 m3000 f1 m5000",
  "the best fit is split and its rest serves the next request": "m8000 m2000 f0 m3000 m3000 m1500",
  "the smallest free chunk that fits is taken": "m6000 m700 m3000 m700 m4000 m700 f0 f2 f4 m2900 m3900",
  "equal free chunks are reused oldest first": "m1500 m1500 m1500 m1500 m1500 m1500 m1500 m1500 f0 f2 f4 f6 m1500 m1500 m1500 m1500",
  "the break moves up by what a request needs plus the top pad": "m100000 m100000 m100000 m700",
  "a large free trims the top, and the top still serves a request it holds": "m100000 f0 m131072 m700",
  "merged chunks serve a request, the rest of the top after them": "m60000 m60000 m60000 f2 f1 m131000 m700",
  "a split chunk's rest serves an exact request": "m50000 m50000 f0 m3000 m47000 m700",
  "realloc grows into the top": "m2000 r0:4000 m700",
  "realloc past the threshold with no room in the top moves to mmap": "m2000 m120000 r1:125000 r1:140000 m700",
  "realloc grows into a free next chunk and splits off the rest": "m2000 m3000 m2000 f1 r0:4000 m5000 m900",
  "realloc moves when the next chunk is in use": "m2000 m2000 r0:6000 m1500",
  "128 KiB and more are mmap'd, and brk allocation goes on below them": "m2000 m200000 m131072 m100000 f1 m1000",
  "realloc of an mmap'd chunk stays mmap'd": "m2000 m200000 r1:400000 r2:150000 m1000",
  "a realloc that crosses the threshold moves to mmap": "m2000 m100000 r1:300000 m700",
};

describe("the system allocator against glibc's malloc (same scripts, offsets from the first block)", () => {
  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(`${name}: ${script}`, () => {
      const expected = execFileSync(glibc, [script], { encoding: "utf8" }).trim().split("\n");
      expect(memsim(script)).toEqual(expected);
    });
  }
});

describe("mmap'd chunks", () => {
  it("are returned to the system on free: the heap limit is never reached by reuse", () => {
    const core = heap(4);
    for (let i = 0; i < 200; i++) {
      const p = core.check(core.exports.heapMalloc(3 << 20)); // 3 MiB under a 4 MiB limit, 200 times
      core.check(core.exports.heapFree(p));
    }
    expect(core.exports.heapMalloc(5 << 20)).toBe(-71); // beyond the limit: MemoryError
  });

  it("mremap moves a chunk when the pages after it are taken, grows it in place when they are free", () => {
    const core = heap();
    const e = core.exports;
    const p = core.check(e.heapMalloc(200000));
    const blocker = core.check(e.heapMalloc(200000)); // the pages after p
    expect(core.check(e.heapRealloc(blocker, 1 << 20))).toBe(blocker); // nothing after it: in place
    const q = core.check(e.heapRealloc(p, 600000));
    expect(q).not.toBe(p);
    expect(q % 4096).toBe(16);
    // (That the bytes move with the chunk: the million-float corpus script sums its list after the growth.)
  });

  it("a million floats in a list: the growing item array is mremap'd, not left behind", () => {
    const core = heap(256);
    const e = core.exports;
    let items = core.check(e.heapMalloc(8 * 4));
    let allocated = 4;
    for (let n = 5; n <= 1_000_000; n++) {
      if (n > allocated) { // list_resize's rule
        allocated = (n + (n >> 3) + 6) & ~3;
        items = core.check(e.heapRealloc(items, allocated * 8));
      }
    }
    expect(items).toBeGreaterThanOrEqual(MMAP_BASE);
  });
});
