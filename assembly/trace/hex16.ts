// Decoding a hex number of up to 16 digits with Wasm SIMD: one 16-byte load,
// every character converted and validated at once, the digits reversed into
// little-endian nibble order by a shuffle, then nibble pairs packed to bytes.

/** Shuffles that reverse the first n bytes (n = 0..16) and zero the rest. */
const REVERSE: usize = memory.data<u8>([
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  1, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  2, 1, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  3, 2, 1, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  4, 3, 2, 1, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  5, 4, 3, 2, 1, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  6, 5, 4, 3, 2, 1, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  7, 6, 5, 4, 3, 2, 1, 0, 255, 255, 255, 255, 255, 255, 255, 255,
  8, 7, 6, 5, 4, 3, 2, 1, 0, 255, 255, 255, 255, 255, 255, 255,
  9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 255, 255, 255, 255, 255, 255,
  10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 255, 255, 255, 255, 255,
  11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 255, 255, 255, 255,
  12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 255, 255, 255,
  13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 255, 255,
  14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 255,
  15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
]);

/** Digits in the last hexNumber call: 0 when the text at p is not 1..16 hex digits then `terminator`. */
export let hexLength: i32 = 0;

/** The hex number at p, ending at the first `terminator` byte within 17 bytes (hexLength 0 on failure). */
// @ts-ignore: decorator
@inline export function hexNumber(p: usize, terminator: u8): u64 {
  const v = v128.load(p);
  const ends = i8x16.bitmask(i8x16.eq(v, i8x16.splat(terminator)));
  let n = ends != 0 ? ctz(ends) : (load<u8>(p, 16) == terminator ? 16 : 0);
  const digit = i8x16.sub(v, i8x16.splat(0x30));
  const letter = i8x16.sub(v128.or(v, i8x16.splat(0x20)), i8x16.splat(0x57)); // 'a' - 10
  const isDigitChar = i8x16.le_u(v, i8x16.splat(0x39));
  const valid = v128.bitselect(
    i8x16.lt_u(digit, i8x16.splat(10)),
    v128.and(i8x16.ge_u(letter, i8x16.splat(10)), i8x16.lt_u(letter, i8x16.splat(16))),
    isDigitChar,
  );
  const need = (1 << n) - 1;
  if ((i8x16.bitmask(valid) & need) != need) n = 0;
  hexLength = n;
  const nibbles = v128.bitselect(digit, letter, isDigitChar);
  const reversed = i8x16.swizzle(nibbles, v128.load(REVERSE + (<usize>n << 4)));
  // i16 lane j holds the nibbles of digits 2j (low byte) and 2j+1 (high byte), least significant first
  const pairs = v128.or(
    v128.and(reversed, i16x8.splat(0x000F)),
    v128.and(i16x8.shr_u(reversed, 4), i16x8.splat(0x00F0)),
  );
  return i64x2.extract_lane(i8x16.narrow_i16x8_u(pairs, pairs), 0);
}
