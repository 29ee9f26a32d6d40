// Dinero traces.
//   din (Dinero III): "label address" per line; label 0 read, 1 write,
//     2 instruction fetch, 3 escape (ignored), 4 flush. No size: a reference
//     touches the one byte at its address.
//   Dinero IV extended: "label address size" with label r, w or i and a hex
//     size.
// Addresses are hex, with or without "0x". Fields are separated by spaces or
// tabs; trailing blanks and blank lines are allowed.

import { INPUT_PTR } from "../layout";
import { HEX, NEWLINE, linesLimit, status, emit, finishChunk, failChunk, isBlank } from "./text";
import { packRecord, isCanonical, MAX_SIZE } from "./records";
import { KIND_I, KIND_R, KIND_W, KIND_FLUSH } from "../hierarchy/kinds";
import * as E from "../errors";

const KIND_SKIP: i32 = -2;

/** Parse and simulate whole lines of din (`extended` false) or Dinero IV (`extended` true) text. */
export function parseDinero(len: i32, final: bool, extended: bool): i32 {
  const limit = linesLimit(len, final);
  if (status != E.OK) return status;
  let p = INPUT_PTR;
  let lines: u64 = 0;
  while (p < limit) {
    const lineStart = p;
    while (isBlank(load<u8>(p))) p++;
    let c = <u32>load<u8>(p);
    if (c == 0x0D) c = <u32>load<u8>(++p);
    if (c == NEWLINE) {
      p++;
      lines++;
      continue;
    }
    const kind = extended ? extendedKind(c) : dinKind(c);
    p++;
    if (kind == -1 || !isBlank(load<u8>(p))) return failChunk(lineStart, lines, E.ERR_SYNTAX);
    while (isBlank(load<u8>(p))) p++;
    const addr = hexField(p);
    p = fieldEnd;
    if (fieldDigits == 0 || fieldDigits > 16) return failChunk(lineStart, lines, E.ERR_SYNTAX);
    let size = 1;
    if (extended) {
      if (!isBlank(load<u8>(p))) return failChunk(lineStart, lines, E.ERR_SYNTAX);
      while (isBlank(load<u8>(p))) p++;
      const s = hexField(p);
      p = fieldEnd;
      if (fieldDigits == 0) return failChunk(lineStart, lines, E.ERR_SYNTAX);
      if (fieldDigits > 4 || s < 1 || s > <u64>MAX_SIZE) return failChunk(lineStart, lines, E.ERR_SIZE);
      size = <i32>s;
    }
    while (isBlank(load<u8>(p)) || load<u8>(p) == 0x0D) p++;
    if (load<u8>(p) != NEWLINE) return failChunk(lineStart, lines, E.ERR_SYNTAX);
    p++;
    if (!isCanonical(addr)) return failChunk(lineStart, lines, E.ERR_ADDRESS);
    lines++;
    if (kind != KIND_SKIP) emit(packRecord(addr, size, kind));
  }
  return finishChunk(limit, lines);
}

function dinKind(c: u32): i32 {
  if (c == 0x30) return KIND_R;
  if (c == 0x31) return KIND_W;
  if (c == 0x32) return KIND_I;
  if (c == 0x33) return KIND_SKIP;
  if (c == 0x34) return KIND_FLUSH;
  return -1;
}

function extendedKind(c: u32): i32 {
  c |= 0x20; // either case
  if (c == 0x72 /* r */) return KIND_R;
  if (c == 0x77 /* w */) return KIND_W;
  if (c == 0x69 /* i */) return KIND_I;
  return -1;
}

let fieldEnd: usize = 0;
let fieldDigits: i32 = 0;

/** Read a hex number (optional 0x) at p; sets fieldEnd and fieldDigits (0 when none, 17 when too long). */
function hexField(p: usize): u64 {
  if (load<u8>(p) == 0x30 && (load<u8>(p, 1) | 0x20) == 0x78) p += 2;
  let value: u64 = 0;
  let digits = 0;
  let d = <u32>load<u8>(HEX + <usize>load<u8>(p));
  while (d < 16) {
    value = (value << 4) | <u64>d;
    if (digits < 17) digits++;
    p++;
    d = <u32>load<u8>(HEX + <usize>load<u8>(p));
  }
  fieldEnd = p;
  fieldDigits = digits;
  return value;
}
