// Valgrind Lackey (`--tool=lackey --trace-mem=yes`) text:
//   "I  0401ab70,3"   instruction fetch ("I" and two spaces)
//   " L 1fff000778,8" load,  " S addr,size" store,  " M addr,size" modify
// Addresses are hex (up to 16 digits), sizes decimal. Valgrind's own lines
// ("==pid== ...", "--pid-- ...") and blank lines are skipped.

import { INPUT_PTR } from "../layout";
import { HEX, NEWLINE, linesLimit, status, emit, finishChunk, failChunk, lineEnd } from "./text";
import { packRecord, isCanonical, MAX_SIZE } from "./records";
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
    // hex address
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
