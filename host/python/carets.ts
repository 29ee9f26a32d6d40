// The line of markers under a traceback entry's source line (CPython 3.11's
// traceback.c tb_displayline): `^` under the instruction's columns, or, for a
// binary operation or a subscript on one line, `~` with `^` under the operator
// or the subscript.
//
//     return a / b
//            ~~^~~
import { parse } from "./parser.js";
import type { Node } from "./ast.js";
import type { Instruction } from "./compiler.js";
import { WIDE_RANGES } from "./wide-chars.js";

/** traceback.c's IS_WHITESPACE. */
const isWhitespace = (c: string | undefined) => c === " " || c === "\t" || c === "\f";

/** The bytes a character (one code point) takes in UTF-8. */
function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** _PyPegen_byte_offset_to_character_offset: a UTF-8 byte offset into `chars` as a character offset. */
function characterOffset(chars: string[], byteOffset: number): number {
  let bytes = 0;
  for (let k = 0; k < chars.length; k++) {
    if (bytes >= byteOffset) return k;
    bytes += utf8Length(chars[k]);
  }
  return bytes >= byteOffset ? chars.length : chars.length + 1; // (CPython reads the terminating NUL as a character)
}

/** Whether a character takes two columns on a terminal (East Asian Width W or F). */
function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x378) return false;
  let lo = 0, hi = WIDE_RANGES.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < WIDE_RANGES[2 * mid]) hi = mid - 1;
    else if (cp > WIDE_RANGES[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** _PyPegen_calculate_display_width: the columns the first `offset` characters take. */
function displayWidth(chars: string[], offset: number): number {
  let width = 0;
  for (let k = 0; k < offset; k++) width += k < chars.length && isWide(chars[k]) ? 2 : 1;
  return width;
}

/**
 * The markers for an entry whose displayed line is `line` (the source line as
 * in the file, indentation included) and whose instruction is `instr`; none
 * when the instruction has no columns or its columns span the whole line.
 */
export function caretLine(line: string, instr: Instruction | undefined): string | undefined {
  if (!instr || !instr.pos || instr.line < 0) return undefined;
  const [endLine, startByte, endByte] = instr.pos;
  if (endLine < 0 || startByte < 0 || endByte < 0) return undefined;
  const chars = Array.from(line);
  const start = characterOffset(chars, startByte);
  let end = characterOffset(chars, endByte);
  let anchors: { left: number; right: number } | undefined;
  if (instr.line === endLine) {
    anchors = extractAnchors(chars.slice(start, end).join(""));
    if (anchors) anchors = { left: anchors.left + start, right: anchors.right + start };
  } else {
    // an expression over several lines: up to the line's last non-whitespace character
    let i = chars.length;
    while (--i >= 0 && isWhitespace(chars[i]));
    end = i + 1;
  }
  let indent = 0;
  while (indent < chars.length && isWhitespace(chars[indent])) indent++;
  if (end - start === chars.length - indent && !anchors) return undefined; // (the markers would underline the whole line)
  // print_error_location_carets over display columns (a wide character takes two): (truncation, end], the line shown 4 spaces in
  const dpStart = displayWidth(chars, start), dpEnd = displayWidth(chars, end);
  const dpLeft = anchors ? displayWidth(chars, anchors.left) : -1, dpRight = anchors ? displayWidth(chars, anchors.right) : -1;
  let out = "";
  for (let offset = indent - 4 + 1; offset <= dpEnd; offset++) {
    if (offset <= dpStart) out += " ";
    else if (anchors && dpLeft < offset && offset <= dpRight) out += "^";
    else out += anchors ? "~" : "^";
  }
  return out;
}

/**
 * extract_anchors_from_line: the segment parsed on its own; a binary
 * operation's operator (one or two characters) or a subscript's brackets,
 * as character offsets into the segment.
 */
function extractAnchors(segment: string): { left: number; right: number } | undefined {
  let body: Node[];
  try {
    body = parse(segment).body;
  } catch {
    return undefined;
  }
  if (body.length !== 1 || body[0]._t !== "Expr") return undefined;
  const e: Node = body[0].value;
  // the parser's columns count UTF-16 units of the segment's one line; the anchors count characters
  const chars = (units: number) => Array.from(segment.slice(0, units)).length;
  const text = Array.from(segment);
  if (e._t === "BinOp") {
    const rightStart = chars(e.right.col_offset);
    let anchors: { left: number; right: number } | undefined;
    for (let i = chars(e.left.end_col_offset); i < rightStart; i++) {
      if (isWhitespace(text[i])) continue;
      // a two-character operator (//, **, <<...)
      anchors = { left: i, right: i + 1 < rightStart && !isWhitespace(text[i + 1]) ? i + 2 : i + 1 };
      if (i + 1 < rightStart && text[i] === ")") continue; // the left operand's closing parentheses: on to the operator
      return anchors;
    }
    return anchors;
  }
  if (e._t === "Subscript") {
    // from the value's end to the '[', and past the ']' after the index
    let left = chars(e.value.end_col_offset), right = chars(e.slice.end_col_offset) + 1;
    while (left < text.length && text[left] !== "[") left++;
    while (right < text.length && text[right] !== "]") right++;
    if (right < text.length) right++;
    return { left, right };
  }
  return undefined;
}
