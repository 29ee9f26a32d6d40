// Valgrind Lackey (`--tool=lackey --trace-mem=yes`) text:
//   "I  0401ab70,3"   instruction fetch ("I" and two spaces)
//   " L 1fff000778,8" load,  " S addr,size" store,  " M addr,size" modify
// Addresses are hex (up to 16 digits), sizes decimal. Valgrind's own lines
// ("==pid== ...", "--pid-- ...") and blank lines are skipped.

import { INPUT_PTR } from "../layout";
import { HEX, NEWLINE, linesLimit, status, emit, finishChunk, failChunk, lineEnd } from "./text";
import { packRecord, isCanonical, MAX_SIZE } from "./records";
import { bytesEqual, hexDigits, lowBytes, hexValue8 } from "./swar";
import { KIND_I, KIND_R, KIND_W, KIND_M } from "../hierarchy/kinds";
import * as E from "../errors";

/** Parse and simulate the whole lines of the first `len` input bytes; returns bytes consumed or an error. */
export function parseLackey(len: i32, final: bool): i32 {
  const limit = linesLimit(len, final);
  if (status != E.OK) return status;
  let p = INPUT_PTR;
  let lines: u64 = 0;
  while (p < limit) {
    const lineStart = p;
    const c0 = <u32>load<u8>(p);
    const c1 = <u32>load<u8>(p, 1);
    let kind: i32;
    if (c0 == 0x49 /* I */ && c1 == 0x20) {
      kind = KIND_I;
    } else if (c0 == 0x20) {
      kind = c1 == 0x4C /* L */ ? KIND_R : c1 == 0x53 /* S */ ? KIND_W : c1 == 0x4D /* M */ ? KIND_M : -1;
    } else if ((c0 == 0x3D /* = */ && c1 == 0x3D) || (c0 == 0x2D /* - */ && c1 == 0x2D)) {
      p = lineEnd(p) + 1; // a Valgrind message
      lines++;
      continue;
    } else if (c0 == NEWLINE || (c0 == 0x0D && c1 == NEWLINE)) {
      p += c0 == NEWLINE ? 1 : 2; // a blank line
      lines++;
      continue;
    } else {
      kind = -1;
    }
    if (kind < 0 || load<u8>(p, 2) != 0x20) return failChunk(lineStart, lines, E.ERR_SYNTAX);
    p += 3;
    // Fast path: a whole address of 1..16 hex digits, a comma and a size,
    // the address decoded eight bytes at a time. Anything else takes the
    // byte-wise path below, which also names the error.
    const w0 = load<u64>(p);
    const comma0 = bytesEqual(w0, 0x2C);
    const w1 = load<u64>(p, 8);
    const n = comma0 != 0 ? <i32>(ctz(comma0) >> 3) : 8 + <i32>(ctz(bytesEqual(w1, 0x2C)) >> 3);
    if (n >= 1 && n <= 16) {
      const bad0 = (hexDigits(w0) ^ 0x8080_8080_8080_8080) & lowBytes(n);
      const bad1 = n > 8 ? (hexDigits(w1) ^ 0x8080_8080_8080_8080) & lowBytes(n - 8) : 0;
      if ((bad0 | bad1) == 0) {
        const fast = n <= 8
          ? hexValue8(w0 << (<u64>(8 - n) << 3))
          : (hexValue8(w0 << (<u64>(16 - n) << 3)) << 32) | hexValue8(load<u64>(p + <usize>n - 8));
        const q = p + <usize>n + 1;
        let size = <i32>load<u8>(q) - 0x30;
        let r = q + 1;
        if (<u32>size < 10) {
          let c = <u32>load<u8>(r) - 0x30;
          while (c < 10 && r < q + 4) {
            size = size * 10 + <i32>c;
            r++;
            c = <u32>load<u8>(r) - 0x30;
          }
          if (load<u8>(r) == NEWLINE && size >= 1 && size <= MAX_SIZE && isCanonical(fast)) {
            p = r + 1;
            lines++;
            emit(packRecord(fast, size, kind));
            continue;
          }
        }
      }
    }
    // Byte-wise path: the hex address
    let addr: u64 = 0;
    let digits = 0;
    let d = <u32>load<u8>(HEX + <usize>load<u8>(p));
    while (d < 16) {
      addr = (addr << 4) | <u64>d;
      digits++;
      p++;
      d = <u32>load<u8>(HEX + <usize>load<u8>(p));
    }
    if (digits == 0 || digits > 16 || load<u8>(p) != 0x2C /* , */) return failChunk(lineStart, lines, E.ERR_SYNTAX);
    p++;
    // decimal size
    let size = 0;
    let sizeDigits = 0;
    let c = <u32>load<u8>(p) - 0x30;
    while (c < 10) {
      size = size * 10 + <i32>c;
      sizeDigits++;
      p++;
      c = <u32>load<u8>(p) - 0x30;
    }
    if (load<u8>(p) == 0x0D) p++;
    if (sizeDigits == 0 || load<u8>(p) != NEWLINE) return failChunk(lineStart, lines, E.ERR_SYNTAX);
    p++;
    if (sizeDigits > 4 || size < 1 || size > MAX_SIZE) return failChunk(lineStart, lines, E.ERR_SIZE);
    if (!isCanonical(addr)) return failChunk(lineStart, lines, E.ERR_ADDRESS);
    lines++;
    emit(packRecord(addr, size, kind));
  }
  return finishChunk(limit, lines);
}
