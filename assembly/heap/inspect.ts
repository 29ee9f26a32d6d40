// heapOccupancy: a read-only map of pymalloc's arenas and pools, for the
// playground's heap view (docs/abi.md "heapOccupancy", docs/web.md). It costs
// nothing, moves no counter and changes no state (every read is a peek).
//
// Layout (little-endian) at `out`:
//   header, 32 bytes: u32 arenas in use, u32 arena record bytes (OCC_ARENA = 272),
//                     u64 blocks in use (all pools), u64 pools in use, u64 unused pools
//   then per arena in use, in arena-object order (OCC_ARENA bytes each):
//     u64 the arena's address, u32 pools in the arena (ntotalpools), u32 free pools (nfreepools),
//     then 64 pool entries of 4 bytes, pool i at the arena's first pool-aligned address + i x 16 KiB:
//       u16 blocks in use, u8 size class index (0..31; 255: never carved, or empty),
//       u8 flags (bit 0: carved from the arena, bit 1: in use)

import { arenaCapacity, peek64, peek32, ARENA_SIZE } from "./memory";
import { arenaObject, A_ADDRESS, A_POOL_ADDRESS, A_NFREEPOOLS, A_NTOTALPOOLS, P_COUNT, P_SZIDX, POOL_SIZE, MAX_POOLS_IN_ARENA } from "./obmalloc";
import { heapActive } from "./heap";
import { hostBuffer } from "../layout";
import * as E from "../errors";

export const OCC_HEADER: i32 = 32;
export const OCC_ARENA: i32 = 16 + 4 * <i32>MAX_POOLS_IN_ARENA;


/** The occupancy map into [out, out + capacity): the bytes written, or ERR_HEAP_NOT_READY, ERR_ADDRESS, ERR_LENGTH. */
export function heapOccupancy(out: i32, capacity: i32): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (!hostBuffer(out, capacity)) return E.ERR_ADDRESS;
  const n = arenaCapacity();
  let arenas: u32 = 0;
  for (let i: u32 = 0; i < n; i++) if (peek64(arenaObject(i) + A_ADDRESS) != 0) arenas++;
  const needed = <u64>OCC_HEADER + <u64>arenas * <u64>OCC_ARENA;
  if (needed > <u64>capacity) return E.ERR_LENGTH;
  let blocks: u64 = 0, pools: u64 = 0, unused: u64 = 0;
  let p = <usize>out + <usize>OCC_HEADER;
  for (let i: u32 = 0; i < n; i++) {
    const ao = arenaObject(i);
    const base = peek64(ao + A_ADDRESS);
    if (base == 0) continue;
    const nfree = peek32(ao + A_NFREEPOOLS);
    unused += nfree;
    store<u64>(p, base);
    store<u32>(p + 8, peek32(ao + A_NTOTALPOOLS));
    store<u32>(p + 12, nfree);
    const end = peek64(ao + A_POOL_ADDRESS);
    let pool = (base + POOL_SIZE - 1) & ~(POOL_SIZE - 1);
    for (let k: u32 = 0; k < MAX_POOLS_IN_ARENA; k++, pool += POOL_SIZE) {
      const e = p + 16 + (<usize>k << 2);
      if (pool >= end || pool + POOL_SIZE > base + ARENA_SIZE) {
        store<u32>(e, 0x00ff0000); // never carved
        continue;
      }
      const count = peek32(pool + P_COUNT);
      if (count == 0) {
        store<u32>(e, 0x01ff0000);
        continue;
      }
      blocks += count;
      pools++;
      store<u16>(e, <u16>count);
      store<u8>(e + 2, <u8>(peek32(pool + P_SZIDX) & 0xff));
      store<u8>(e + 3, 3);
    }
    p += <usize>OCC_ARENA;
  }
  store<u32>(<usize>out, arenas);
  store<u32>(<usize>out + 4, <u32>OCC_ARENA);
  store<u64>(<usize>out + 8, blocks);
  store<u64>(<usize>out + 16, pools);
  store<u64>(<usize>out + 24, unused);
  return <i32>needed;
}
