// FORMAT_VALUE and format specs (f-strings; str.format and str % args build
// on them in strformat.ts): conversions !s !r !a, and the format
// mini-language for int ([[fill]align][sign][#][0][width][,_][type] with
// d b o x X c n), float (e E f F g G n %, or none: repr) and str (s,
// precision truncates).

import { NONE } from "../heap/objects/layout";
import { T_STR, T_INT, T_BOOL, T_FLOAT } from "../heap/objects/types";
import { incref, decref } from "../heap/objects/object";
import { strLength, peekChar } from "../heap/objects/str";
import { raise, raiseBegin, msg, msgTypeName, msgChar, EX_VALUE, EX_TYPE, EX_UNSUPPORTED, textLen, textPtr, textByte, textChar, cpPtr } from "./state";
import { ty, reprObject, asciiObject, appendRepr, textToStr, cutText, floatOf, isIntLike, touchStr } from "./ops";
import * as N from "./num";

export function formatValue(v: u64, conv: u32, spec: u64): u64 {
  let x = v;
  if (conv == 1 || conv == 2 || conv == 3) {
    x = conv == 3 ? asciiObject(v) : reprObject(v, conv == 1);
    if (x == 0) return 0;
  } else incref(x);
  if (spec == 0 || strLength(spec) == 0) {
    if (ty(x) == T_STR) return x;
    const s = reprObject(x, true);
    decref(x);
    return s;
  }
  const r = formatSpec(x, spec);
  decref(x);
  return r;
}

let fill: u32 = 32;
let align: u32 = 0;
let sign: u32 = 45;
let alt = false;
let width: i32 = -1;
let grouping: u32 = 0;
let precision: i32 = -1;
let type: u32 = 0;

/** Parse the format spec str `spec` into the globals above; false with ValueError. */
export function parseSpec(spec: u64): bool {
  return parseSpecAt(spec, 0, strLength(spec));
}

/** parseSpec of characters [from, to) of str `s` (str.format's fields pass a slice of the template, as CPython's formatters do). */
export function parseSpecAt(s: u64, from: u64, to: u64): bool {
  fill = 32; align = 0; sign = 45; alt = false; width = -1; grouping = 0; precision = -1; type = 0;
  specObj = s;
  specOff = from;
  specLen = to - from;
  const n = specLen;
  let i: u64 = 0;
  if (n >= 2 && isAlign(c(1))) { fill = c(0); align = c(1); i = 2; }
  else if (n >= 1 && isAlign(c(0))) { align = c(0); i = 1; }
  if (c(i) == 43 || c(i) == 45 || c(i) == 32) { sign = c(i); i++; }
  if (c(i) == 35) { alt = true; i++; }
  if (c(i) == 48) { if (align == 0) { fill = 48; align = 61; } i++; }
  while (c(i) >= 48 && c(i) <= 57) { width = (width < 0 ? 0 : width) * 10 + <i32>(c(i) - 48); i++; }
  if (c(i) == 44 || c(i) == 95) { grouping = c(i); i++; }
  if (c(i) == 46) {
    i++;
    precision = 0;
    if (!(c(i) >= 48 && c(i) <= 57)) { raise(EX_VALUE, "Format specifier missing precision"); return false; }
    while (c(i) >= 48 && c(i) <= 57) { precision = precision * 10 + <i32>(c(i) - 48); i++; }
  }
  if (i < n) { type = c(i); i++; }
  if (i < n) { raise(EX_VALUE, "Invalid format specifier"); return false; }
  return true;
}

let specObj: u64 = 0;
let specOff: u64 = 0;
let specLen: u64 = 0;

function c(k: u64): u32 {
  return k < specLen ? peekChar(specObj, specOff + k) : 0;
}

/** hex(), oct(), bin() of an int: format(x, '#x'), '#o' or '#b' (`code`), a new str or 0. */
export function intWithPrefix(x: u64, code: u32): u64 {
  setSpec(32, 0, 45, true, -1, -1, code);
  const start = textLen;
  if (!formatParsed(x)) { cutText(start); return 0; }
  return textToStr(start);
}

/** Set the spec directly (printf-style conversions: str % args), as parseSpec would leave it. */
export function setSpec(fillChar: u32, alignChar: u32, signChar: u32, alternate: bool, minWidth: i32, prec: i32, code: u32): void {
  fill = fillChar; align = alignChar; sign = signChar; alt = alternate; width = minWidth; grouping = 0; precision = prec; type = code;
}


function isAlign(c: u32): bool {
  return c == 60 || c == 62 || c == 94 || c == 61;
}

function unknownCode(x: u64): bool {
  raiseBegin(EX_VALUE); msg("Unknown format code '"); msgChar(type); msg("' for object of type '"); msgTypeName(x); msg("'");
  return false;
}

/** Pad the text from `start` (body from `bodyStart`, after the sign) to the width. */
export function pad(start: u32, bodyStart: u32, defaultAlign: u32): void {
  // count code points of the text
  let chars: i32 = 0;
  for (let i = start; i < textLen; i++) if ((load<u8>(textPtr + i) & 0xc0) != 0x80) chars++;
  if (width <= chars) return;
  const a = align != 0 ? align : defaultAlign;
  const padn = width - chars;
  // rebuild: copy the text to scratch, write back with padding
  const len = textLen - start;
  memory.copy(cpPtr, textPtr + start, len);
  const bodyOff = bodyStart - start;
  cutText(start);
  let left = 0, right = 0;
  if (a == 60) right = padn;
  else if (a == 94) { left = padn >> 1; right = padn - left; }
  else left = padn;
  if (a == 61) {
    for (let i: u32 = 0; i < bodyOff; i++) textByte(load<u8>(cpPtr + i));
    for (let i = 0; i < left; i++) textChar(fill);
    for (let i = bodyOff; i < len; i++) textByte(load<u8>(cpPtr + i));
    return;
  }
  for (let i = 0; i < left; i++) textChar(fill);
  for (let i: u32 = 0; i < len; i++) textByte(load<u8>(cpPtr + i));
  for (let i = 0; i < right; i++) textChar(fill);
}

/** Digits (ASCII) with grouping every 3 from the right, into the text. */
function groupedDigits(p: usize, n: u32, sep: u32, every: u32): void {
  for (let i: u32 = 0; i < n; i++) {
    if (sep != 0 && i > 0 && (n - i) % every == 0) textByte(sep);
    textByte(load<u8>(p + i));
  }
}

function formatSpec(x: u64, spec: u64): u64 {
  if (!parseSpec(spec)) return 0;
  const start = textLen;
  if (!formatParsed(x)) { cutText(start); return 0; }
  return textToStr(start);
}

/** Append `x` formatted by the spec parsed last (the globals above) to the text buffer; false with an exception set. */
export function formatParsed(x: u64): bool {
  const t = ty(x);
  const start = textLen;
  if (t == T_STR) {
    if (type != 0 && type != 115) return unknownCode(x);
    if (sign != 45 || align == 61) { raise(EX_VALUE, "Sign not allowed in string format specifier"); return false; }
    touchStr(x);
    const n = strLength(x);
    const m = precision >= 0 && <u64>precision < n ? <u64>precision : n;
    for (let i: u64 = 0; i < m; i++) textChar(peekChar(x, i));
    pad(start, start, 60);
    return true;
  }
  if (isIntLike(t) && (type == 0 || type == 100 || type == 110 || type == 98 || type == 111 || type == 120 || type == 88 || type == 99)) {
    if (precision >= 0) { raise(EX_VALUE, "Precision not allowed in integer format specifier"); return false; }
    N.bigReset();
    const p = N.loadInt(x);
    const neg = N.bneg(p);
    if (neg) textByte(45); else if (sign == 43) textByte(43); else if (sign == 32) textByte(32);
    const base: u32 = type == 98 ? 2 : type == 111 ? 8 : type == 120 || type == 88 ? 16 : 10;
    if (alt && base != 10) { textByte(48); textByte(base == 2 ? 98 : base == 8 ? 111 : type == 88 ? 88 : 120); }
    const bodyStart = textLen;
    if (type == 99) { textChar(<u32>N.bigValue(p)); pad(start, bodyStart, 60); return true; }
    const digits = cpPtr + (<usize>2 << 20);
    let nd: u32;
    if (base == 10) nd = N.bigToDecimal(p, digits);
    else {
      // binary bases from the magnitude's bits
      nd = 0;
      let cur = N.bigCopy(p, 0);
      N.setneg(cur, false);
      const tmp = digits + 4096;
      if (N.bn(cur) == 0) { store<u8>(tmp, 48); nd = 1; }
      while (N.bn(cur) != 0) {
        cur = N.magDivSmall(cur, base);
        const d = N.divRemainder;
        store<u8>(tmp + nd++, <u8>(d < 10 ? 48 + d : (type == 88 ? 55 : 87) + d));
      }
      for (let i: u32 = 0; i < nd; i++) store<u8>(digits + i, load<u8>(tmp + nd - 1 - i));
    }
    if (fill == 48 && align == 61 && width > 0 && grouping != 0) {
      // zero padding with grouping: pad the digits first
    }
    groupedDigits(digits, nd, grouping, base == 10 ? 3 : 4);
    pad(start, bodyStart, 62);
    return true;
  }
  if (t == T_FLOAT || isIntLike(t)) {
    let v = t == T_FLOAT ? floatOf(x) : N.bigToF64(loadBig(x));
    if (type == 0 && precision < 0) {
      appendRepr(x, true);
      pad(start, start + (v < 0 || (1 / v) < 0 ? 1 : 0), 62);
      return true;
    }
    if (type == 101 || type == 69 || type == 103 || type == 71 || type == 110 || type == 0) return formatFloatEG(v, start);
    if (type != 102 && type != 70 && type != 37) return unknownCode(x);
    const prec = precision < 0 ? 6 : precision;
    if (type == 37) v *= 100;
    const neg = (reinterpret<u64>(v) >> 63) != 0 && !isNaN(v);
    if (neg) { textByte(45); v = -v; } else if (sign == 43) textByte(43); else if (sign == 32) textByte(32);
    const bodyStart = textLen;
    const buf = cpPtr + (<usize>2 << 20);
    const n = N.floatFixed(v, <u32>prec, buf);
    // integer part grouping
    let intLen: u32 = 0;
    while (intLen < n && load<u8>(buf + intLen) != 46) intLen++;
    if (isFinite(v)) groupedDigits(buf, intLen, grouping, 3);
    else for (let i: u32 = 0; i < intLen; i++) textByte(type == 70 ? load<u8>(buf + i) - 32 : load<u8>(buf + i));
    if (alt && prec == 0) textByte(46);
    for (let i = intLen; i < n; i++) textByte(load<u8>(buf + i));
    if (type == 37) textByte(37);
    pad(start, bodyStart, 62);
    return true;
  }
  // other objects: object.__format__, which takes only an empty spec (format() with none never gets here)
  raiseBegin(EX_TYPE); msg("unsupported format string passed to "); msgTypeName(x); msg(".__format__");
  return false;
}

function loadBig(x: u64): usize {
  N.bigReset();
  return N.loadInt(x);
}

// ---- 'e', 'g' and precision-only float formats -------------------------------------------------

const DIG_MAX: u32 = 1200;
const dig = memory.data(DIG_MAX + 8);
let nDig: u32 = 0;
let decPt: i32 = 0;

/** The exact decimal digits of v > 0 (no leading zeros) into dig, nDig, decPt (value = 0.d1d2... x 10^decPt). */
function exactDigits(v: f64): void {
  const bits = reinterpret<u64>(v);
  const bexp = <i32>((bits >> 52) & 0x7ff);
  const e = bexp == 0 ? -1074 : bexp - 1075;
  const prec: u32 = e < 0 ? <u32>(-e) : 0;
  const buf = cpPtr + (<usize>2 << 20);
  const n = N.floatFixed(v, prec, buf);
  nDig = 0;
  decPt = 0;
  let seenDot = false, leading = true;
  for (let i: u32 = 0; i < n; i++) {
    const ch = load<u8>(buf + i);
    if (ch == 46) { seenDot = true; continue; }
    if (leading && ch == 48) { if (seenDot) decPt--; continue; }
    leading = false;
    if (nDig < DIG_MAX) store<u8>(dig + nDig++, ch);
    if (!seenDot) decPt++;
  }
  while (nDig > 0 && load<u8>(dig + nDig - 1) == 48) nDig--;
}

/** Round dig to `keep` significant digits, half-even (exact ties only): pads with zeros to `keep`. */
function roundDigits(keep: i32): void {
  if (keep < 0) keep = 0;
  if (<u32>keep < nDig) {
    const d = load<u8>(dig + keep);
    let up = d > 53;
    if (d == 53) {
      let rest = false;
      for (let i = <u32>keep + 1; i < nDig; i++) if (load<u8>(dig + i) != 48) { rest = true; break; }
      up = rest || (keep > 0 && ((load<u8>(dig + keep - 1) - 48) & 1) == 1);
    }
    nDig = <u32>keep;
    if (up) {
      let i = keep - 1;
      while (i >= 0 && load<u8>(dig + i) == 57) { store<u8>(dig + i, 48); i--; }
      if (i >= 0) store<u8>(dig + i, load<u8>(dig + i) + 1);
      else { // 999 -> 1000
        for (let j = keep; j > 0; j--) store<u8>(dig + j, load<u8>(dig + j - 1));
        store<u8>(dig, 49);
        decPt++;
      }
      if (keep == 0) { store<u8>(dig, 49); nDig = 1; decPt++; }
    }
  }
  while (nDig < <u32>keep) store<u8>(dig + nDig++, 48);
}

function digitAt(i: i32): u32 {
  return i >= 0 && <u32>i < nDig ? load<u8>(dig + i) : 48;
}

function formatFloatEG(v: f64, start: u32): bool {
  const upper = type == 69 || type == 71;
  const isG = type == 103 || type == 71 || type == 110 || type == 0;
  const neg = (reinterpret<u64>(v) >> 63) != 0 && !isNaN(v);
  if (neg) { textByte(45); v = -v; } else if (sign == 43) textByte(43); else if (sign == 32) textByte(32);
  const bodyStart = textLen;
  if (!isFinite(v)) {
    const w = isNaN(v) ? "nan" : "inf";
    for (let i = 0; i < 3; i++) textByte(upper ? w.charCodeAt(i) - 32 : w.charCodeAt(i));
    pad(start, bodyStart, 62);
    return true;
  }
  let prec = precision < 0 ? 6 : precision;
  if (v == 0) { nDig = 0; decPt = 1; } else exactDigits(v);
  let sci = true;
  let fracDigits = 0;
  let strip = false;
  if (!isG) {
    roundDigits(prec + 1);
  } else {
    if (prec == 0) prec = 1;
    roundDigits(prec);
    const exp = v == 0 ? 0 : decPt - 1;
    if (exp >= -4 && exp < (type == 0 ? prec - 1 : prec)) { sci = false; fracDigits = prec - 1 - exp; }
    else fracDigits = prec - 1;
    strip = !alt;
  }
  if (!isG) fracDigits = prec;
  if (v == 0) decPt = 1;
  const addDot0 = type == 0; // the precision-only form keeps one digit after the point
  if (sci) {
    // d.ddd e+XX
    let nf = fracDigits;
    if (strip) while (nf > 0 && digitAt(nf) == 48) nf--;
    textByte(digitAt(0));
    if (nf > 0 || alt) textByte(46);
    for (let i = 1; i <= nf; i++) textByte(digitAt(i));
    textByte(upper ? 69 : 101);
    let x = v == 0 ? 0 : decPt - 1;
    textByte(x < 0 ? 45 : 43);
    if (x < 0) x = -x;
    if (x >= 100) textByte(48 + x / 100);
    textByte(48 + (x / 10) % 10);
    textByte(48 + x % 10);
  } else {
    let nf = fracDigits;
    if (strip) while (nf > 0 && digitAt(decPt + nf - 1) == 48) nf--;
    // integer part
    const intStart = cpPtr + (<usize>3 << 20);
    let ni: u32 = 0;
    if (decPt <= 0) store<u8>(intStart + ni++, 48);
    else for (let i = 0; i < decPt; i++) store<u8>(intStart + ni++, <u8>digitAt(i));
    groupedDigits(intStart, ni, grouping, 3);
    if (nf > 0 || alt || addDot0) textByte(46);
    for (let i = 0; i < nf; i++) textByte(digitAt(decPt + i));
    if (nf == 0 && addDot0) textByte(48);
  }
  pad(start, bodyStart, 62);
  return true;
}
