// Valgrind Lackey (`--tool=lackey --trace-mem=yes`) text:
//   "I  0401ab70,3"   instruction fetch ("I" and two spaces)
//   " L 1fff000778,8" load,  " S addr,size" store,  " M addr,size" modify
// Addresses are hex (up to 16 digits), sizes decimal. Valgrind's own lines
// ("==pid== ...", "--pid-- ...") and blank lines are skipped.
//
// Every record line takes a fast path: the kind from a table and one 3-byte
// prefix compare, the address decoded with Wasm SIMD (trace/hex16.ts). A line
// it cannot decode falls through to the byte-wise path, which names errors.

import { INPUT_PTR } from "../layout";
import { HEX, NEWLINE, linesLimit, status, emit, finishChunk, failChunk, lineEnd } from "./text";
import { packRecord, isCanonical, MAX_SIZE } from "./records";
import { hexNumber, hexLength } from "./hex16";
import { KIND_I, KIND_R, KIND_W, KIND_M } from "../hierarchy/kinds";
import * as E from "../errors";

/** Record kind by the second byte of a line: ' ' I, 'L', 'S', 'M'; 255 otherwise. */
const KIND_OF: usize = kindTable();
/** The first three bytes of a line of each kind ("I  ", " L ", " S ", " M "), as little-endian u32s. */
const PREFIX: usize = memory.data<u32>([0x202049, 0x204C20, 0x205320, 0x204D20]);

function kindTable(): usize {
  const t = memory.data(256);
  memory.fill(t, 255, 256);
  store<u8>(t + 0x20, <u8>KIND_I);
  store<u8>(t + 0x4C, <u8>KIND_R);
  store<u8>(t + 0x53, <u8>KIND_W);
  store<u8>(t + 0x4D, <u8>KIND_M);
  return t;
}

/** Skip a line without a record (Valgrind's "==pid==" and "--pid--" lines, blank lines); 0 if it is not one. */
function skipLine(p: usize): usize {
  const c0 = <u32>load<u8>(p);
  const c1 = <u32>load<u8>(p, 1);
  if ((c0 == 0x3D /* = */ && c1 == 0x3D) || (c0 == 0x2D /* - */ && c1 == 0x2D)) return lineEnd(p) + 1;
  if (c0 == NEWLINE) return p + 1;
  if (c0 == 0x0D && c1 == NEWLINE) return p + 2;
  return 0;
}

/** Parse and simulate the whole lines of the first `len` input bytes; returns bytes consumed or an error. */
export function parseLackey(len: i32, final: bool): i32 {
  const limit = linesLimit(len, final);
  if (status != E.OK) return status;
  let p = INPUT_PTR;
  let lines: u64 = 0;
  while (p < limit) {
    const lineStart = p;
    // The kind from the second byte, checked against the whole 3-byte prefix.
    const kind = <i32>load<u8>(KIND_OF + <usize>load<u8>(p, 1));
    if (kind > KIND_M || (load<u32>(p) & 0xFFFFFF) != load<u32>(PREFIX + (<usize>kind << 2))) {
      const next = skipLine(p);
      if (next == 0) return failChunk(lineStart, lines, E.ERR_SYNTAX);
      p = next;
      lines++;
      continue;
    }
    p += 3;
    // Fast path: a whole address of 1..16 hex digits (decoded with SIMD), a
    // comma and a size. Anything else takes the byte-wise path below, which
    // also names the error.
    const fast = hexNumber(p, 0x2C);
    const n = hexLength;
    if (n != 0) {
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
