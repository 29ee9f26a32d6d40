// Packed trace records, the core's one input currency: every parser decodes
// into them and the binary trace format stores them as they are.
//
// A record is one little-endian u64:
//   bits  0..47  address (a canonical 48-bit virtual address: bit 47 is
//                sign-extended, so kernel-half addresses survive)
//   bits 48..59  size - 1 (sizes 1..4096 bytes)
//   bits 60..63  kind (hierarchy/kinds.ts: 0 I, 1 L, 2 S, 3 M, 4 flush)

import { KIND_I, KIND_COUNT, KIND_FLUSH } from "../hierarchy/kinds";
import { accessGeneric, flushAll } from "../hierarchy/access";
import { simulateCachegrind } from "../hierarchy/cachegrind";
import { currentMode, MODE_CACHEGRIND } from "../hierarchy/machine";
import { bump, G_RECORDS, G_INSTRUCTIONS, G_CYCLES, G_FLUSHES } from "../stats";
import { advanceClock } from "../memory/backing";
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

/** Simulate `n` records from outside the core (binary traces). Returns OK, or an error code with badRecord set. */
export function simulateRecords(ptr: usize, n: i32): i32 {
  if (currentMode() < 0) return E.ERR_NOT_CONFIGURED;
  // Validate first so that a bad record leaves the machine untouched.
  for (let i = 0; i < n; i++) {
    if (<i32>(load<u64>(ptr + (<usize>i << 3)) >>> 60) >= KIND_COUNT) {
      badRecord = i;
      return E.ERR_SYNTAX;
    }
  }
  return simulateValid(ptr, n);
}

/** Simulate `n` records known to be valid (decoded by the core's own parsers). */
export function simulateValid(ptr: usize, n: i32): i32 {
  const mode = currentMode();
  if (mode < 0) return E.ERR_NOT_CONFIGURED;
  if (mode == MODE_CACHEGRIND) {
    bump(G_RECORDS, <u64>n);
    bump(G_INSTRUCTIONS, simulateCachegrind(ptr, n));
    return E.OK;
  }
  const end = ptr + (<usize>n << 3);
  for (let p = ptr; p < end; p += 8) simulateOne(load<u64>(p));
  return E.OK;
}

/** Simulate one valid record on the generic path; returns its cycles. */
export function simulateOne(record: u64): u64 {
  const kind = <i32>(record >>> 60);
  let cycles: u64;
  if (kind == KIND_FLUSH) {
    bump(G_FLUSHES);
    cycles = flushAll();
  } else {
    if (kind == KIND_I) bump(G_INSTRUCTIONS);
    const size = <i32>((record >>> 48) & 0xFFF) + 1;
    cycles = accessGeneric(<u64>((<i64>(record << 16)) >> 16), size, kind);
  }
  bump(G_RECORDS);
  bump(G_CYCLES, cycles);
  advanceClock(cycles);
  return cycles;
}
