// Packed trace records, the core's one input currency: every parser decodes
// into them and the binary trace format stores them as they are.
//
// A record is one little-endian u64:
//   bits  0..47  address (a canonical 48-bit virtual address: bit 47 is
//                sign-extended, so kernel-half addresses survive)
//   bits 48..59  size - 1 (sizes 1..4096 bytes)
//   bits 60..63  kind (hierarchy/kinds.ts: 0 I, 1 L, 2 S, 3 M, 4 flush)

import { KIND_I, KIND_W, KIND_COUNT, KIND_FLUSH } from "../hierarchy/kinds";
import { accessGeneric, flushAll, hiddenLatency } from "../hierarchy/access";
import { simulateCachegrind } from "../hierarchy/cachegrind";
import { currentMode, MODE_CACHEGRIND } from "../hierarchy/machine";
import { bump, G_RECORDS, G_INSTRUCTIONS, G_CYCLES, G_FLUSHES } from "../stats";
import { advanceClock } from "../memory/backing";
import { vmEnabled, touchPages, VM_FAILED } from "../memory/vm";
import * as E from "../errors";

export const MAX_SIZE: i32 = 4096;

// @ts-ignore: decorator
@inline export function packRecord(addr: u64, size: i32, kind: i32): u64 {
  return (addr & 0xFFFF_FFFF_FFFF) | (<u64>(size - 1) << 48) | (<u64>kind << 60);
}

// @ts-ignore: decorator
@inline export function isCanonical(addr: u64): bool {
  return <u64>((<i64>(addr << 16)) >> 16) == addr;
}

/** Index of the first bad record after a failed simulateRecords. */
export let badRecord: i32 = 0;

/**
 * Simulate the `n` records at `ptr`, in order. A record with an unknown kind
 * stops the run there: the records before it have been simulated, badRecord
 * is its index and the result ERR_SYNTAX. Otherwise OK.
 */
export function simulateRecords(ptr: usize, n: i32): i32 {
  const mode = currentMode();
  if (mode < 0) return E.ERR_NOT_CONFIGURED;
  let done: i32;
  if (mode == MODE_CACHEGRIND) {
    done = simulateCachegrind(ptr, n);
  } else {
    done = 0;
    while (done < n) {
      const record = load<u64>(ptr + (<usize>done << 3));
      if (<i32>(record >>> 60) >= KIND_COUNT) break;
      if (simulateOne(record) == VM_FAILED) {
        badRecord = done;
        return E.ERR_STORAGE_FULL;
      }
      done++;
    }
  }
  if (done == n) return E.OK;
  badRecord = done;
  return E.ERR_SYNTAX;
}

/**
 * Simulate one valid record on the generic path; returns its cycles, or
 * VM_FAILED (nothing simulated) when its page cannot be brought in.
 */
export function simulateOne(record: u64): u64 {
  const kind = <i32>(record >>> 60);
  let cycles: u64 = 0;
  let hidden: u64 = 0;
  if (kind == KIND_FLUSH) {
    bump(G_FLUSHES);
    cycles = flushAll();
  } else {
    const size = <i32>((record >>> 48) & 0xFFF) + 1;
    const addr = <u64>((<i64>(record << 16)) >> 16);
    if (vmEnabled()) {
      cycles = touchPages(addr, size, kind >= KIND_W);
      if (cycles == VM_FAILED) return VM_FAILED;
    }
    if (kind == KIND_I) bump(G_INSTRUCTIONS);
    cycles += accessGeneric(addr, size, kind);
    hidden = hiddenLatency(kind);
  }
  bump(G_RECORDS);
  bump(G_CYCLES, cycles);
  advanceClock(cycles - hidden, kind == KIND_I);
  return cycles;
}
