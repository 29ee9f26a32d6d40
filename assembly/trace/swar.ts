// SWAR (SIMD within a register) helpers for the text parsers: eight ASCII
// bytes at a time in a u64, first character in the lowest byte.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/** 0x80 in every byte that equals `byte`, reliably in the lowest such byte (enough to find the first). */
// @ts-ignore: decorator
@inline export function bytesEqual(x: u64, byte: u64): u64 {
  const t = x ^ (byte * ONES);
  return (t - ONES) & ~t & HIGHS;
}

/** 0x80 in every byte within [lo, hi], for bytes below 0x80 (others are reported as outside). */
// @ts-ignore: decorator
@inline function inRange(x: u64, lo: u64, hi: u64): u64 {
  const ascii = ~x & HIGHS;
  const x7 = x & ~HIGHS;
  return (x7 + (0x80 - lo) * ONES) & ~(x7 + (0x7F - hi) * ONES) & ascii;
}

/** 0x80 in every byte that is a hex digit (0-9, a-f, A-F). */
// @ts-ignore: decorator
@inline export function hexDigits(x: u64): u64 {
  return inRange(x, 0x30, 0x39) | inRange(x | 0x2020_2020_2020_2020, 0x61, 0x66);
}

/** The mask of the low `n` bytes (none for n <= 0, all for n >= 8). */
// @ts-ignore: decorator
@inline export function lowBytes(n: i32): u64 {
  const clamped = <u64>min(max(n, 0), 8);
  return select<u64>(<u64>-1, (<u64>1 << (clamped << 3)) - 1, clamped == 8);
}

/**
 * The value of eight hex digits (the first, most significant, in the lowest
 * byte). Zero bytes count as the digit 0, so shifting a shorter number up
 * right-aligns it.
 */
// @ts-ignore: decorator
@inline export function hexValue8(x: u64): u64 {
  const nibbles = (x & 0x0F0F_0F0F_0F0F_0F0F) + ((x >> 6) & ONES) * 9;
  const pairs = ((nibbles & 0x000F_000F_000F_000F) << 4) | ((nibbles >> 8) & 0x000F_000F_000F_000F);
  const quads = ((pairs & 0x0000_00FF_0000_00FF) << 8) | ((pairs >> 16) & 0x0000_00FF_0000_00FF);
  return ((quads & 0xFFFF) << 16) | ((quads >> 32) & 0xFFFF);
}
