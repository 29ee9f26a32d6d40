// What every synthetic kernel shares: where data and code live in the emulated
// address space, the record emitters (the trace parsers' batch, trace/text.ts),
// and a seeded xorshift64* generator. Nothing here allocates.

import { packRecord } from "../trace/records";
import { emit } from "../trace/text";
export { stopped } from "../trace/text";
import { KIND_I, KIND_R, KIND_W } from "../hierarchy/kinds";

/** Emulated address of the first data byte of every kernel. */
export const DATA_BASE: u64 = 0x1000_0000;
/** Emulated address of the kernels' code; kernel k's loop lives at CODE_BASE + k * 256. */
export const CODE_BASE: u64 = 0x40_0000;
/** Largest data region a kernel may touch (1 TiB, far inside the 48-bit space). */
export const MAX_DATA: f64 = 1099511627776; // 2^40
/** Largest number of records one run may emit. */
export const MAX_RECORDS: f64 = 1099511627776; // 2^40
/** Bytes per data reference (one double or one pointer). */
export const WORD: i32 = 8;
/** Instruction size of the emulated code. */
export const INSN: i32 = 4;

/** Round a byte count up to whole 64-byte lines (arrays start on line boundaries). */
// @ts-ignore: decorator
@inline export function lineUp(bytes: u64): u64 {
  return (bytes + 63) & ~(<u64>63);
}

/** One instruction fetch of 4 bytes. */
// @ts-ignore: decorator
@inline export function fetch(pc: u64): void {
  emit(packRecord(pc, INSN, KIND_I));
}

/** Two instruction fetches (pc, pc + 4): the body of one loop iteration. */
// @ts-ignore: decorator
@inline export function fetch2(pc: u64): void {
  emit(packRecord(pc, INSN, KIND_I));
  emit(packRecord(pc + INSN, INSN, KIND_I));
}

/** An 8-byte load. */
// @ts-ignore: decorator
@inline export function load8(addr: u64): void {
  emit(packRecord(addr, WORD, KIND_R));
}

/** An 8-byte store. */
// @ts-ignore: decorator
@inline export function store8(addr: u64): void {
  emit(packRecord(addr, WORD, KIND_W));
}

// xorshift64* (Vigna), seeded through splitmix64 so that nearby seeds diverge.
let state: u64 = 1;

export function seedRandom(seed: i32): void {
  let z = <u64><u32>seed + 0x9E37_79B9_7F4A_7C15;
  z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9;
  z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EB;
  z = z ^ (z >>> 31);
  state = z != 0 ? z : 0x2545_F491_4F6C_DD1D;
}

// @ts-ignore: decorator
@inline export function nextRandom(): u64 {
  let x = state;
  x ^= x >>> 12;
  x ^= x << 25;
  x ^= x >>> 27;
  state = x;
  return x * 0x2545_F491_4F6C_DD1D;
}

/** Uniform in [0, 1) with 53 random bits. */
// @ts-ignore: decorator
@inline export function nextUnit(): f64 {
  return <f64>(nextRandom() >>> 11) * 1.1102230246251565e-16; // 2^-53
}

/** Uniform integer in [0, n) for n < 2^32 (multiply-high, no division). */
// @ts-ignore: decorator
@inline export function nextBelow(n: u32): u32 {
  return <u32>(((nextRandom() >>> 32) * <u64>n) >>> 32);
}
