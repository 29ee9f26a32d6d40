// str.format (Objects/stringlib/unicode_format.h) and printf-style `str % args`
// (PyUnicode_Format), on format.ts's format engine, with CPython 3.11's
// results and error messages.
//
// The result is built in the text buffer and made one str of its final size,
// as memsim makes repr's (CPython's _PyUnicodeWriter grows a buffer and
// shrinks it at the end: its scratch blocks are not modelled). The objects
// CPython creates on the way are: str.format's call packs an args tuple and a
// kwargs dict (METH_VARARGS | METH_KEYWORDS: builtins.ts); a keyword field's
// name is a str; a field that is not an exact str, int or float once
// converted goes through a str (PyObject_Format; those three are written
// directly, and a spec with nested fields is built as a str); printf's %s of
// a non-str, %r and %a make a str, and the integer and float conversions make
// one unless their fast path applies (an exact int, or a float, with no
// width, precision or sign flag; %d of a float makes an int first).

import { T_STR, T_INT, T_FLOAT, T_TUPLE, T_DICT, T_LIST, T_BYTES } from "../heap/objects/types";
import { incref, decref } from "../heap/objects/object";
import { strLength, peekChar } from "../heap/objects/str";
import { tupleGetItem, tupleLength } from "../heap/objects/tuple";
import { dictGetItem } from "../heap/objects/dict";
import {
  raise, raiseBegin, msg, msgChar, msgInt, msgTypeName, excType, EX_VALUE, EX_TYPE, EX_INDEX, EX_OVERFLOW,
  textLen, textPtr, textByte, textChar, cpPtr,
} from "./state";
import { ty, reprObject, asciiObject, appendRepr, textToStr, cutText, floatOf, isIntLike, touchStr, intValue, fitsI64, getItem, keyError, chk } from "./ops";
import { T_RANGE } from "./objs";
import { formatValue, formatParsed, parseSpecAt, setSpec, pad } from "./format";
import { floatToInt, substr } from "./builtins";
import { getAttr } from "./eval";
import { intFromI64 } from "../heap/objects/int";

const LBRACE: u32 = 123, RBRACE: u32 = 125, LBRACKET: u32 = 91, RBRACKET: u32 = 93, PERCENT: u32 = 37;

// ---- str.format ----------------------------------------------------------------------------

/** Auto-numbered fields so far, and the numbering the template chose (0 none yet, 1 automatic, 2 manual). */
let autoIndex: i64 = 0;
let numbering: i32 = 0;

/** template.format(*args, **kwargs): `args` a tuple, `kwargs` a dict or 0. A new str, or 0 with an exception. */
export function strFormat(template: u64, args: u64, kwargs: u64): u64 {
  autoIndex = 0;
  numbering = 0;
  touchStr(template);
  const start = textLen;
  if (!expand(template, 0, strLength(template), args, kwargs, 2)) { cutText(start); return 0; }
  return textToStr(start);
}

/** Append characters [from, to) of `t` with their fields replaced (build_string); `depth` levels of fields inside specs are left (CPython's 2). */
function expand(t: u64, from: u64, to: u64, args: u64, kwargs: u64, depth: i32): bool {
  if (depth <= 0) { raise(EX_VALUE, "Max string recursion exceeded"); return false; }
  let i = from;
  while (i < to) {
    // literal text up to a brace (MarkupIterator_next)
    let c: u32 = 0;
    let brace = false;
    while (i < to) {
      c = peekChar(t, i++);
      if (c == LBRACE || c == RBRACE) { brace = true; break; }
      textChar(c);
    }
    if (!brace) break;
    const atEnd = i >= to;
    if (c == RBRACE && (atEnd || peekChar(t, i) != RBRACE)) { raise(EX_VALUE, "Single '}' encountered in format string"); return false; }
    if (atEnd) { raise(EX_VALUE, "Single '{' encountered in format string"); return false; }
    if (peekChar(t, i) == c) { textChar(c); i++; continue; } // {{ or }}
    const next = field(t, i, to, args, kwargs, depth);
    if (next < 0) return false;
    i = <u64>next;
  }
  return true;
}

/**
 * The replacement field from character `i` (after its '{') of `t`:
 * name[!conversion][:spec]} parsed as parse_field does, then output as
 * output_markup does (the object, its conversion, the spec's own fields,
 * the formatting). Where the text goes on after its '}', or -1 with an exception.
 */
function field(t: u64, i: u64, to: u64, args: u64, kwargs: u64, depth: i32): i64 {
  const nameFrom = i;
  let c: u32 = 0;
  while (i < to) {
    c = peekChar(t, i++);
    if (c == LBRACE) { raise(EX_VALUE, "unexpected '{' in field name"); return -1; }
    if (c == LBRACKET) { while (i < to && peekChar(t, i) != RBRACKET) i++; continue; }
    if (c == RBRACE || c == 58 || c == 33) break;
  }
  const nameEnd = i - 1;
  let conv: u32 = 0;
  let specFrom = i, specTo = i;
  let nested = false;
  if (c == 33 || c == 58) { // '!' or ':'
    let spec = true;
    if (c == 33) {
      if (i >= to) { raise(EX_VALUE, "end of string while looking for conversion specifier"); return -1; }
      conv = peekChar(t, i++);
      if (i < to) {
        const d = peekChar(t, i++);
        if (d == RBRACE) spec = false;
        else if (d != 58) { raise(EX_VALUE, "expected ':' after conversion specifier"); return -1; }
      }
    }
    if (spec) {
      specFrom = i;
      let count = 1;
      while (count > 0 && i < to) {
        const d = peekChar(t, i++);
        if (d == LBRACE) { nested = true; count++; }
        else if (d == RBRACE) count--;
      }
      if (count > 0) { raise(EX_VALUE, "unmatched '{' in format spec"); return -1; }
      specTo = i - 1;
    }
  } else if (c != RBRACE) {
    raise(EX_VALUE, "expected '}' before end of string");
    return -1;
  }
  const obj = fieldObject(t, nameFrom, nameEnd, args, kwargs);
  if (obj == 0) return -1;
  const code: u32 = conv == 0 ? 0 : conv == 115 ? 1 : conv == 114 ? 2 : conv == 97 ? 3 : 4;
  if (code == 4) {
    decref(obj);
    raiseBegin(EX_VALUE); msg("Unknown conversion specifier ");
    if (conv > 32 && conv < 127) msgChar(conv); else { msg("\\x"); msgHex(conv); }
    return -1;
  }
  // a spec with fields of its own is expanded into a str first (build_string)
  let spec: u64 = 0;
  if (nested) {
    const start = textLen;
    if (!expand(t, specFrom, specTo, args, kwargs, depth - 1)) { cutText(start); decref(obj); return -1; }
    spec = textToStr(start);
    if (spec == 0) { decref(obj); return -1; }
  }
  const ok = nested ? renderField(obj, code, spec, 0, strLength(spec)) : renderField(obj, code, t, specFrom, specTo);
  if (spec != 0) decref(spec);
  decref(obj);
  return ok ? <i64>i : -1;
}

/** The object a field name [from, to) stands for (a new reference, or 0): an argument, then .attribute and [key] lookups. */
function fieldObject(t: u64, from: u64, to: u64, args: u64, kwargs: u64): u64 {
  let end = from;
  while (end < to && peekChar(t, end) != 46 && peekChar(t, end) != LBRACKET) end++;
  let obj: u64 = 0;
  if (end == from || allDigits(t, from, end)) {
    let index: i64;
    if (end == from) {
      if (numbering == 2) { raise(EX_VALUE, "cannot switch from manual field specification to automatic field numbering"); return 0; }
      numbering = 1;
      index = autoIndex++;
    } else {
      if (numbering == 1) { raise(EX_VALUE, "cannot switch from automatic field numbering to manual field specification"); return 0; }
      numbering = 2;
      index = digitsValue(t, from, end);
    }
    if (index >= <i64>tupleLength(args)) {
      raiseBegin(EX_INDEX); msg("Replacement index "); msgInt(index); msg(" out of range for positional args tuple");
      return 0;
    }
    obj = tupleGetItem(args, <u64>index);
    incref(obj);
  } else {
    const key = substr(t, from, end);
    if (key == 0) return 0;
    const v = kwargs != 0 ? dictGetItem(kwargs, key) : 0;
    if (v == 0) { keyError(key); decref(key); return 0; }
    decref(key);
    obj = v;
    incref(obj);
  }
  // .name and [key], left to right (FieldNameIterator)
  let i = end;
  while (i < to) {
    const c = peekChar(t, i);
    let j = i + 1;
    let next: u64 = 0;
    if (c == 46) {
      while (j < to && peekChar(t, j) != 46 && peekChar(t, j) != LBRACKET) j++;
      if (j == i + 1) { decref(obj); raise(EX_VALUE, "Empty attribute in format string"); return 0; }
      const name = substr(t, i + 1, j);
      if (name == 0) { decref(obj); return 0; }
      next = getAttr(obj, name);
      decref(name);
    } else if (c == LBRACKET) {
      while (j < to && peekChar(t, j) != RBRACKET) j++;
      if (j >= to) { decref(obj); raise(EX_VALUE, "Missing ']' in format string"); return 0; }
      if (j == i + 1) { decref(obj); raise(EX_VALUE, "Empty attribute in format string"); return 0; }
      const key = allDigits(t, i + 1, j) ? chk(intFromI64(digitsValue(t, i + 1, j))) : substr(t, i + 1, j);
      if (key == 0) { decref(obj); return 0; }
      next = getItem(obj, key);
      decref(key);
      j++;
      if (j < to && peekChar(t, j) != 46 && peekChar(t, j) != LBRACKET) {
        decref(obj);
        if (next != 0) decref(next);
        raise(EX_VALUE, "Only '.' or '[' may follow ']' in format field specifier");
        return 0;
      }
    } else {
      decref(obj);
      raise(EX_VALUE, "Only '.' or '[' may follow ']' in format field specifier");
      return 0;
    }
    decref(obj);
    if (next == 0) return 0;
    obj = next;
    i = j;
  }
  return obj;
}

/**
 * Append `x` after conversion `conv` (0 none, 1 !s, 2 !r, 3 !a) formatted by
 * the spec in characters [from, to) of str `spec` (render_field): an exact
 * str, int or float straight into the text, anything else through the str
 * PyObject_Format makes (its spec then a str of its own).
 */
function renderField(x: u64, conv: u32, spec: u64, from: u64, to: u64): bool {
  let obj = x;
  if (conv != 0) {
    obj = conv == 3 ? asciiObject(x) : reprObject(x, conv == 1);
    if (obj == 0) return false;
  } else incref(obj);
  const t = ty(obj);
  let ok: bool;
  if (t == T_STR || t == T_INT || t == T_FLOAT) {
    ok = from == to ? appendRepr(obj, true) : parseSpecAt(spec, from, to) && formatParsed(obj);
  } else {
    const specObj = from == to ? 0 : substr(spec, from, to);
    const s = from != to && specObj == 0 ? 0 : formatValue(obj, 0, specObj);
    if (specObj != 0) decref(specObj);
    ok = s != 0 && appendRepr(s, true);
    if (s != 0) decref(s);
  }
  decref(obj);
  return ok;
}

function allDigits(t: u64, from: u64, to: u64): bool {
  if (from == to) return false;
  for (let i = from; i < to; i++) { const c = peekChar(t, i); if (c < 48 || c > 57) return false; }
  return true;
}

function digitsValue(t: u64, from: u64, to: u64): i64 {
  let v: i64 = 0;
  for (let i = from; i < to && v < (<i64>1 << 56); i++) v = v * 10 + <i64>(peekChar(t, i) - 48);
  return v;
}

function msgHex(v: u32): void {
  let shift = 28;
  while (shift > 0 && (v >> shift) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) { const d = (v >> shift) & 15; msgChar(d < 10 ? 48 + d : 87 + d); }
}

// ---- printf-style: str % args ---------------------------------------------------------------

const F_LJUST: u32 = 1, F_SIGN: u32 = 2, F_BLANK: u32 = 4, F_ALT: u32 = 8, F_ZERO: u32 = 16;

/** The arguments: `args` itself when not a tuple (argCount -1), and the mapping %(key)s reads (0: none). */
let args: u64 = 0;
let argCount: i64 = 0;
let argIndex: i64 = 0;
let mapping: u64 = 0;
/** The value of the last %(key) (a reference held until the next key or the end, as CPython's args_owned). */
let owned: u64 = 0;

/** format % values: a new str, or 0 with an exception. */
export function strPrintf(format: u64, values: u64): u64 {
  touchStr(format);
  const tv = ty(values);
  args = values;
  if (tv == T_TUPLE) { argCount = <i64>tupleLength(values); argIndex = 0; }
  else { argCount = -1; argIndex = -2; }
  // PyMapping_Check: a type with mp_subscript, not a tuple or a str (so a list is one too)
  mapping = tv == T_DICT || tv == T_LIST || tv == T_BYTES || tv == T_RANGE ? values : 0;
  owned = 0;
  const start = textLen;
  const n = strLength(format);
  let i: u64 = 0;
  let ok = true;
  while (ok && i < n) {
    const c = peekChar(format, i);
    if (c != PERCENT) { textChar(c); i++; continue; }
    i = conversion(format, i + 1, n);
    ok = i != 0;
  }
  if (ok && argIndex < argCount && mapping == 0) {
    raise(EX_TYPE, "not all arguments converted during string formatting");
    ok = false;
  }
  if (owned != 0) decref(owned);
  if (!ok) { cutText(start); return 0; }
  return textToStr(start);
}

/** The next argument (a borrowed reference), or 0 with TypeError. */
function nextArg(): u64 {
  if (argIndex < argCount) {
    const i = argIndex++;
    return argCount < 0 ? args : tupleGetItem(args, <u64>i);
  }
  raise(EX_TYPE, "not enough arguments for format string");
  return 0;
}

/** One conversion from character `i` (after the '%') of `f`: where the text goes on, or 0 with an exception. */
function conversion(f: u64, i: u64, n: u64): u64 {
  if (i < n && peekChar(f, i) == PERCENT) { textByte(PERCENT); return i + 1; }
  if (i < n && peekChar(f, i) == 40) { // '(' key ')'
    let nest = 1;
    let j = i + 1;
    while (j < n) {
      const c = peekChar(f, j);
      if (c == 40) nest++;
      else if (c == 41 && --nest == 0) break;
      j++;
    }
    if (j >= n) { raise(EX_VALUE, "incomplete format key"); return 0; }
    if (mapping == 0) { raise(EX_TYPE, "format requires a mapping"); return 0; }
    const key = substr(f, i + 1, j);
    if (key == 0) return 0;
    const v = getItem(mapping, key);
    decref(key);
    if (v == 0) return 0;
    if (owned != 0) decref(owned);
    owned = v;
    args = v;
    argCount = -1;
    argIndex = -2;
    i = j + 1;
  }
  let flags: u32 = 0;
  while (i < n) {
    const c = peekChar(f, i);
    if (c == 45) flags |= F_LJUST; else if (c == 43) flags |= F_SIGN; else if (c == 32) flags |= F_BLANK;
    else if (c == 35) flags |= F_ALT; else if (c == 48) flags |= F_ZERO; else break;
    i++;
  }
  let width: i32 = -1;
  if (i < n && peekChar(f, i) == 42) { // '*'
    const w = starArg();
    if (excType != 0) return 0;
    width = w < 0 ? -w : w;
    if (w < 0) flags |= F_LJUST;
    i++;
  } else {
    while (i < n && isDigit(peekChar(f, i))) { width = (width < 0 ? 0 : width) * 10 + <i32>(peekChar(f, i) - 48); i++; }
  }
  let prec: i32 = -1;
  if (i < n && peekChar(f, i) == 46) { // '.'
    i++;
    prec = 0;
    if (i < n && peekChar(f, i) == 42) {
      const p = starArg();
      if (excType != 0) return 0;
      prec = p < 0 ? 0 : p;
      i++;
    } else {
      while (i < n && isDigit(peekChar(f, i))) { prec = prec * 10 + <i32>(peekChar(f, i) - 48); i++; }
    }
  }
  while (i < n && (peekChar(f, i) == 104 || peekChar(f, i) == 108 || peekChar(f, i) == 76)) i++; // h l L: ignored
  if (i >= n) { raise(EX_VALUE, "incomplete format"); return 0; }
  const code = peekChar(f, i);
  const v = nextArg();
  if (v == 0) return 0;
  const ok = convert(v, code, flags, width, prec, i);
  return ok ? i + 1 : 0;
}

/** A '*' width or precision: the next argument, an int. */
function starArg(): i32 {
  const v = nextArg();
  if (v == 0) return 0;
  if (!isIntLike(ty(v))) { raise(EX_TYPE, "* wants int"); return 0; }
  const w = intValue(v);
  if (!fitsI64 || w > i32.MAX_VALUE || w < -i32.MAX_VALUE) { raise(EX_VALUE, "width too big"); return 0; }
  return <i32>w;
}

function isDigit(c: u32): bool {
  return c >= 48 && c <= 57;
}

/** The sign flag as format.ts's spec has it. */
function signChar(flags: u32): u32 {
  return (flags & F_SIGN) != 0 ? 43 : (flags & F_BLANK) != 0 ? 32 : 45;
}

/** Set the padding of a number: left ('-'), zeros after the sign ('0'), or right. */
function numberSpec(flags: u32, width: i32, prec: i32, code: u32): void {
  if ((flags & F_LJUST) != 0) setSpec(32, 60, signChar(flags), (flags & F_ALT) != 0, width, prec, code);
  else if ((flags & F_ZERO) != 0) setSpec(48, 61, signChar(flags), (flags & F_ALT) != 0, width, prec, code);
  else setSpec(32, 62, signChar(flags), (flags & F_ALT) != 0, width, prec, code);
}

/** Convert argument `v` by `code` (at index `at` of the format) into the text. */
function convert(v: u64, code: u32, flags: u32, width: i32, prec: i32, at: u64): bool {
  const t = ty(v);
  const start = textLen;
  switch (code) {
    case 115: case 114: case 97: { // s r a
      const s = code == 115 && t == T_STR ? v : code == 97 ? asciiObject(v) : reprObject(v, code == 115);
      if (s == 0) return false;
      if (s == v) incref(s);
      setSpec(32, (flags & F_LJUST) != 0 ? 60 : 62, 45, false, width, prec, 115);
      const ok = formatParsed(s);
      decref(s);
      return ok;
    }
    case 100: case 105: case 117: case 120: case 88: case 111: { // d i u x X o
      let x = v;
      if (!isIntLike(t)) {
        if (t != T_FLOAT || code == 120 || code == 88 || code == 111) {
          raiseBegin(EX_TYPE); msg("%"); msgChar(code);
          msg(code == 120 || code == 88 || code == 111 ? " format: an integer is required, not " : " format: a real number is required, not ");
          msgTypeName(v);
          return false;
        }
        const f = floatOf(v);
        if (isNaN(f)) { raise(EX_VALUE, "cannot convert float NaN to integer"); return false; }
        if (!isFinite(f)) { raise(EX_OVERFLOW, "cannot convert float infinity to integer"); return false; }
        x = floatToInt(f); // PyNumber_Long
        if (x == 0) return false;
      } else incref(x);
      const base = code == 120 || code == 88 ? code : code == 111 ? 111 : 100;
      const fast = t == T_INT && width < 0 && prec < 0 && (flags & (F_SIGN | F_BLANK)) == 0 && code != 88;
      setSpec(32, 0, signChar(flags), (flags & F_ALT) != 0, -1, -1, base);
      let ok = formatParsed(x);
      decref(x);
      if (!ok) return false;
      if (!fast) {
        // the digits start after the sign and the 0x/0o prefix: zeros up to the precision, then the width
        let body = start;
        const first = load<u8>(textPtr + body);
        if (first == 45 || first == 43 || first == 32) body++;
        if ((flags & F_ALT) != 0 && base != 100) body += 2;
        const digits = textLen - body;
        if (prec > <i32>digits) insertZeros(body, <u32>prec - digits);
        numberSpec(flags, width, -1, base);
        pad(start, body, 62);
        ok = madeStr(start);
      }
      return ok;
    }
    case 101: case 69: case 102: case 70: case 103: case 71: { // e E f F g G
      if (t != T_FLOAT && !isIntLike(t)) { raiseBegin(EX_TYPE); msg("must be real number, not "); msgTypeName(v); return false; }
      numberSpec(flags, width, prec, code);
      if (!formatParsed(v)) return false;
      return width < 0 && prec < 0 && (flags & (F_SIGN | F_BLANK)) == 0 ? true : madeStr(start);
    }
    case 99: { // c
      let cp: i64 = -1;
      if (isIntLike(t)) {
        cp = intValue(v);
        if (!fitsI64 || cp < 0 || cp > 0x10ffff) { raise(EX_OVERFLOW, "%c arg not in range(0x110000)"); return false; }
      } else if (t == T_STR && strLength(v) == 1) {
        touchStr(v);
        cp = <i64>peekChar(v, 0);
      }
      if (cp < 0) { raise(EX_TYPE, "%c requires int or char"); return false; }
      textChar(<u32>cp);
      setSpec(32, (flags & F_LJUST) != 0 ? 60 : 62, 45, false, width, -1, 115);
      pad(start, start, 62);
      return true;
    }
  }
  raiseBegin(EX_VALUE); msg("unsupported format character '");
  if (code >= 32 && code < 127) msgChar(code); else { msg("\\x"); msgHex(code); }
  msg("' (0x"); msgHex(code); msg(") at index "); msgInt(<i64>at);
  return false;
}

/** Insert `count` '0' digits at byte `at` of the text. */
function insertZeros(at: u32, count: u32): void {
  const tail = textLen - at;
  memory.copy(cpPtr, textPtr + at, tail);
  cutText(at);
  for (let k: u32 = 0; k < count; k++) textByte(48);
  for (let k: u32 = 0; k < tail; k++) textByte(load<u8>(cpPtr + k));
}

/** A conversion off its fast path makes a str of its text (then copied into the result): that str is made and freed. */
function madeStr(start: u32): bool {
  const s = textToStr(start);
  if (s == 0) return false;
  const ok = appendRepr(s, true);
  decref(s);
  return ok;
}
