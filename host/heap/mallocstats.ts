// sys._debugmallocstats()'s pymalloc section, byte for byte as CPython 3.11
// prints it (Objects/obmalloc.c, _PyObject_DebugMallocStats; the format is
// spelled out in docs/cpython-oracle.md), from the core's numbers.

import type { Core } from "../core.js";

const CLASSES = 32;
const POOL_SIZE = 16384;
const POOL_OVERHEAD = 48;
const ARENA_SIZE = 1 << 20;

export interface MallocStats {
  classes: { index: number; size: number; pools: number; inUse: number; avail: number }[];
  arenasAllocatedTotal: number;
  arenasHighwater: number;
  arenasCurrent: number;
  unusedPools: number;
  unalignedArenas: number;
}

/** The numbers, read from the core (heapMallocStats). */
export function readMallocStats(core: Core): MallocStats {
  const e = core.exports;
  const n = core.check(e.heapMallocStats());
  const v = Array.from(new BigUint64Array(e.memory.buffer, e.batchPtr(), n), Number);
  const classes = Array.from({ length: CLASSES }, (_, i) => ({
    index: i, size: (i + 1) * 16, pools: v[3 * i], inUse: v[3 * i + 1], avail: v[3 * i + 2],
  }));
  const t = 3 * CLASSES;
  return { classes, arenasAllocatedTotal: v[t], arenasHighwater: v[t + 1], arenasCurrent: v[t + 2], unusedPools: v[t + 3], unalignedArenas: v[t + 4] };
}

/** printone: the message padded to column 35, '=', the value with thousands separators in 21 columns. */
function printone(message: string, value: number): string {
  return `${message.padEnd(35)}=${value.toLocaleString("en-US").padStart(21)}\n`;
}

/** The text CPython 3.11 prints for the pymalloc part of sys._debugmallocstats(). */
export function formatMallocStats(s: MallocStats): string {
  let out = `Small block threshold = 512, in ${CLASSES} size classes.\n\n` +
    "class   size   num pools   blocks in use  avail blocks\n" +
    "-----   ----   ---------   -------------  ------------\n";
  let allocated = 0, available = 0, pools = 0, quantization = 0;
  for (const c of s.classes) {
    if (c.pools === 0) continue;
    out += `${String(c.index).padStart(5)} ${String(c.size).padStart(6)} ${String(c.pools).padStart(11)} ` +
      `${String(c.inUse).padStart(15)} ${String(c.avail).padStart(13)}\n`;
    allocated += c.inUse * c.size;
    available += c.avail * c.size;
    pools += c.pools;
    quantization += c.pools * ((POOL_SIZE - POOL_OVERHEAD) % c.size);
  }
  const unused = s.unusedPools * POOL_SIZE;
  const headers = pools * POOL_OVERHEAD;
  const alignment = s.unalignedArenas * POOL_SIZE;
  out += "\n" +
    printone("# arenas allocated total", s.arenasAllocatedTotal) +
    printone("# arenas reclaimed", s.arenasAllocatedTotal - s.arenasCurrent) +
    printone("# arenas highwater mark", s.arenasHighwater) +
    printone("# arenas allocated current", s.arenasCurrent) +
    printone(`${s.arenasCurrent} arenas * ${ARENA_SIZE} bytes/arena`, s.arenasCurrent * ARENA_SIZE) +
    "\n" +
    printone("# bytes in allocated blocks", allocated) +
    printone("# bytes in available blocks", available) +
    printone(`${s.unusedPools} unused pools * ${POOL_SIZE} bytes`, unused) +
    printone("# bytes lost to pool headers", headers) +
    printone("# bytes lost to quantization", quantization) +
    printone("# bytes lost to arena alignment", alignment) +
    printone("Total", allocated + available + unused + headers + quantization + alignment);
  return out;
}
