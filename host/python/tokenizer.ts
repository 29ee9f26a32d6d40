// A Python 3.11 tokenizer (Parser/tokenizer.c's behaviour for what memsim
// needs): INDENT/DEDENT with CPython's tab rules, implicit joining inside
// brackets, backslash continuation, comments, numeric and string literals,
// and CPython's tokenizer error messages and positions.
//
// Columns are 0-based character offsets (CPython's AST uses UTF-8 byte
// offsets; the two agree on ASCII source).

import { PySyntaxError } from "./errors.js";

export type TokType = "NAME" | "NUMBER" | "STRING" | "OP" | "NEWLINE" | "INDENT" | "DEDENT" | "ENDMARKER" | "ERRORTOKEN";

export interface Token {
  type: TokType;
  str: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** Bracket nesting level at the token. */
  level: number;
}

export interface TokenizeResult {
  tokens: Token[];
  /** A tokenizer error found while tokenizing the whole source (CPython reports it over parser errors). */
  error: PySyntaxError | null;
  /** An unclosed bracket at end of file (reported only if the parser reaches the end). */
  unclosed: PySyntaxError | null;
  lines: string[];
}

const OPS3 = ["**=", "//=", ">>=", "<<=", "...", "!="];
const OPS2 = ["**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":="];
const OPS1 = "()[]{}:,;+-*/|&<>=.%~^@";

const ID_START = /[\p{L}\p{Nl}_\u1885\u1886\u2118\u212E\u309B\u309C]/u;
const ID_CONT = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_\u00B7\u0387\u1369-\u1371\u19DA]/u;
const STRING_PREFIXES = new Set(["r", "u", "b", "br", "rb", "f", "fr", "rf"]);

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

export function tokenize(source: string): TokenizeResult {
  const src = source.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  const lines = src.split("\n");
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const indents = [0];
  const altindents = [0];
  const parens: { ch: string; line: number; col: number }[] = [];
  let atBol = true;
  let lastWasNewline = true; // no tokens on the current logical line yet
  const n = src.length;

  const col = (p: number) => p - lineStart;
  const err = (msg: string, l: number, c: number, el = l, ec = c, type: "SyntaxError" | "IndentationError" | "TabError" = "SyntaxError") =>
    new PySyntaxError(msg, l, c, el, ec, type);
  const push = (type: TokType, str: string, l: number, c: number, el: number, ec: number) => {
    tokens.push({ type, str, line: l, col: c, endLine: el, endCol: ec, level: parens.length });
    if (type !== "NEWLINE" && type !== "INDENT" && type !== "DEDENT") lastWasNewline = false;
  };

  try {
    for (;;) {
      if (atBol) {
        atBol = false;
        // Measure indentation.
        let c = 0;
        let alt = 0;
        let p = pos;
        while (p < n) {
          const ch = src[p];
          if (ch === " ") {
            c++;
            alt++;
          } else if (ch === "\t") {
            c = (Math.floor(c / 8) + 1) * 8;
            alt++;
          } else if (ch === "\f") {
            c = alt = 0;
          } else break;
          p++;
        }
        pos = p;
        const ch = p < n ? src[p] : "";
        const blank = ch === "#" || ch === "\n" || ch === "" || (ch === "\\" && false);
        if (!blank && parens.length === 0) {
          const top = indents[indents.length - 1];
          if (c === top) {
            if (alt !== altindents[altindents.length - 1]) throw err("inconsistent use of tabs and spaces in indentation", line, 1, line, 0, "TabError");
          } else if (c > top) {
            if (alt <= altindents[altindents.length - 1]) throw err("inconsistent use of tabs and spaces in indentation", line, 1, line, 0, "TabError");
            indents.push(c);
            altindents.push(alt);
            push("INDENT", src.slice(lineStart, p), line, 0, line, col(p));
          } else {
            while (indents.length > 1 && c < indents[indents.length - 1]) {
              indents.pop();
              altindents.pop();
              push("DEDENT", "", line, col(p), line, col(p));
            }
            if (c !== indents[indents.length - 1]) {
              const len = lines[line - 1].length;
              throw err("unindent does not match any outer indentation level", line, len + 1, line, -1, "IndentationError");
            }
            if (alt !== altindents[altindents.length - 1]) throw err("inconsistent use of tabs and spaces in indentation", line, 1, line, 0, "TabError");
          }
        }
      }
      if (pos >= n) break;
      const ch = src[pos];
      if (ch === " " || ch === "\t" || ch === "\f") {
        pos++;
        continue;
      }
      if (ch === "#") {
        while (pos < n && src[pos] !== "\n") pos++;
        continue;
      }
      if (ch === "\n") {
        if (parens.length === 0 && !lastWasNewline) {
          push("NEWLINE", "\n", line, col(pos), line, col(pos) + 1);
          lastWasNewline = true;
        }
        pos++;
        line++;
        lineStart = pos;
        if (parens.length === 0) atBol = true;
        continue;
      }
      if (ch === "\\") {
        if (src[pos + 1] === "\n") {
          pos += 2;
          line++;
          lineStart = pos;
          if (pos >= n) throw err("unexpected EOF while parsing", line - 1, col(pos - 2) + 1);
          continue;
        }
        if (pos + 1 >= n) throw err("unexpected EOF while parsing", line, col(pos) + 1);
        throw err("unexpected character after line continuation character", line, col(pos) + 2, line, 0);
      }
      const startCol = col(pos);
      // Identifiers and string prefixes.
      if (ID_START.test(ch) || ch.charCodeAt(0) >= 0xd800) {
        let p = pos;
        while (p < n) {
          const cp = src.codePointAt(p)!;
          const s = String.fromCodePoint(cp);
          if (p === pos ? ID_START.test(s) : ID_CONT.test(s)) p += s.length;
          else break;
        }
        if (p === pos) {
          const cp = src.codePointAt(pos)!;
          throw err(`invalid character '${String.fromCodePoint(cp)}' (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`, line, startCol + 1);
        }
        const word = src.slice(pos, p);
        if ((src[p] === "'" || src[p] === '"') && STRING_PREFIXES.has(word.toLowerCase())) {
          pos = readString(pos, p);
          continue;
        }
        push("NAME", word, line, startCol, line, col(p));
        pos = p;
        continue;
      }
      if (isDigit(ch) || (ch === "." && isDigit(src[pos + 1] ?? ""))) {
        const p = readNumber(pos);
        push("NUMBER", src.slice(pos, p), line, startCol, line, col(p));
        pos = p;
        continue;
      }
      if (ch === "'" || ch === '"') {
        pos = readString(pos, pos);
        continue;
      }
      // Operators.
      let op = "";
      for (const o of OPS3) if (src.startsWith(o, pos)) { op = o; break; }
      if (!op) for (const o of OPS2) if (src.startsWith(o, pos)) { op = o; break; }
      if (!op && OPS1.includes(ch)) op = ch;
      if (!op) {
        if (ch === "!" || ch === "$" || ch === "?" || ch === "`") {
          push("ERRORTOKEN", ch, line, startCol, line, startCol + 1);
          pos++;
          continue;
        }
        const cp = src.codePointAt(pos)!;
        if (cp < 128 && !(cp >= 32)) {
          push("ERRORTOKEN", ch, line, startCol, line, startCol + 1);
          pos++;
          continue;
        }
        throw err(`invalid character '${String.fromCodePoint(cp)}' (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`, line, startCol + 1);
      }
      if (op === "(" || op === "[" || op === "{") {
        parens.push({ ch: op, line, col: startCol });
      } else if (op === ")" || op === "]" || op === "}") {
        if (parens.length === 0) throw err(`unmatched '${op}'`, line, startCol + 1);
        const open = parens.pop()!;
        const want = open.ch === "(" ? ")" : open.ch === "[" ? "]" : "}";
        if (want !== op) {
          if (open.line !== line)
            throw err(`closing parenthesis '${op}' does not match opening parenthesis '${open.ch}' on line ${open.line}`, line, startCol + 1);
          throw err(`closing parenthesis '${op}' does not match opening parenthesis '${open.ch}'`, line, startCol + 1);
        }
      }
      tokens.push({ type: "OP", str: op, line, col: startCol, endLine: line, endCol: startCol + op.length, level: op === ")" || op === "]" || op === "}" ? parens.length + 1 : parens.length - (op === "(" || op === "[" || op === "{" ? 1 : 0) });
      lastWasNewline = false;
      pos += op.length;
    }
  } catch (e) {
    if (e instanceof PySyntaxError) {
      tokens.push({ type: "ERRORTOKEN", str: "", line: e.lineno, col: e.offset - 1, endLine: e.lineno, endCol: e.offset - 1, level: parens.length });
      return { tokens, error: e, unclosed: null, lines };
    }
    throw e;
  }
  // End of file.
  if (parens.length > 0) {
    const open = parens[parens.length - 1];
    tokens.push({ type: "ERRORTOKEN", str: "", line, col: col(pos), endLine: line, endCol: col(pos), level: parens.length });
    return { tokens, error: null, unclosed: new PySyntaxError(`'${open.ch}' was never closed`, open.line, open.col + 1, open.line, 0), lines };
  }
  if (!lastWasNewline) push("NEWLINE", "", line, col(pos), line, col(pos) + 1);
  const eofLine = pos > lineStart || tokens.length === 0 ? line : line;
  while (indents.length > 1) {
    indents.pop();
    push("DEDENT", "", eofLine, 0, eofLine, 0);
  }
  push("ENDMARKER", "", eofLine, 0, eofLine, 0);
  return { tokens, error: null, unclosed: null, lines };

  function readNumber(start: number): number {
    let p = start;
    const l = line;
    const bad = (msg: string, at: number) => err(msg, l, col(at));
    const digits = (ok: (c: string) => boolean, kind: string): void => {
      // digits with single underscores between them
      if (!ok(src[p] ?? "")) throw bad(`invalid ${kind} literal`, p);
      while (p < n) {
        if (ok(src[p])) p++;
        else if (src[p] === "_") {
          if (!ok(src[p + 1] ?? "")) throw bad(`invalid ${kind} literal`, p + 1);
          p++;
        } else break;
      }
    };
    const verifyEnd = (kind: string) => {
      const c = src[p] ?? "";
      if (c && (ID_CONT.test(c) || c.charCodeAt(0) >= 128)) {
        for (const kw of ["and", "else", "for", "if", "in", "is", "not", "or"]) {
          if (src.startsWith(kw, p)) return;
        }
        throw bad(`invalid ${kind} literal`, p);
      }
    };
    if (src[p] === "0" && /[xXoObB]/.test(src[p + 1] ?? "")) {
      const k = src[p + 1].toLowerCase();
      p += 2;
      const kind = k === "x" ? "hexadecimal" : k === "o" ? "octal" : "binary";
      const ok = k === "x" ? (c: string) => /[0-9a-fA-F]/.test(c) : k === "o" ? (c: string) => /[0-7]/.test(c) : (c: string) => c === "0" || c === "1";
      if (src[p] === "_") p++;
      if (!ok(src[p] ?? "")) {
        if (k !== "x" && isDigit(src[p] ?? "")) throw bad(`invalid digit '${src[p]}' in ${kind} literal`, p + 1);
        throw bad(`invalid ${kind} literal`, p);
      }
      digits(ok, kind);
      if (k !== "x" && isDigit(src[p] ?? "")) throw bad(`invalid digit '${src[p]}' in ${kind} literal`, p + 1);
      verifyEnd(kind);
      return p;
    }
    let isFloat = false;
    if (src[p] !== ".") {
      const intStart = p;
      digits(isDigit, "decimal");
      const intText = src.slice(intStart, p).replace(/_/g, "");
      if (intText.length > 1 && intText[0] === "0" && src[p] !== "." && src[p] !== "e" && src[p] !== "E" && src[p] !== "j" && src[p] !== "J") {
        if (/[1-9]/.test(intText)) {
          throw new PySyntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", l, col(intStart) + 1, l, col(intStart) + 2);
        }
      }
    }
    if (src[p] === ".") {
      isFloat = true;
      p++;
      if (isDigit(src[p] ?? "")) digits(isDigit, "decimal");
    }
    if (src[p] === "e" || src[p] === "E") {
      const save = p;
      p++;
      if (src[p] === "+" || src[p] === "-") p++;
      if (!isDigit(src[p] ?? "")) {
        p = save;
        throw bad("invalid decimal literal", save + 1 > n ? save : save);
      }
      digits(isDigit, "decimal");
      isFloat = true;
    }
    if (src[p] === "j" || src[p] === "J") {
      p++;
      verifyEnd("imaginary");
      return p;
    }
    verifyEnd("decimal");
    void isFloat;
    return p;
  }

  function readString(start: number, quoteAt: number): number {
    const q = src[quoteAt];
    const triple = src.startsWith(q + q + q, quoteAt);
    const sl = line;
    const sc = col(start);
    const prefix = src.slice(start, quoteAt).toLowerCase();
    const raw = prefix.includes("r");
    let p = quoteAt + (triple ? 3 : 1);
    let l = line;
    let ls = lineStart;
    for (;;) {
      if (p >= n) {
        if (src[n - 1] === "\n" && l > sl) l--;
        if (triple) throw err(`unterminated triple-quoted string literal (detected at line ${l})`, sl, sc + 1, sl, sc + 1);
        throw err(`unterminated string literal (detected at line ${l})`, sl, sc + 1, sl, sc + 1);
      }
      const c = src[p];
      if (c === "\\") {
        if (src[p + 1] === "\n") {
          p += 2;
          l++;
          ls = p;
          continue;
        }
        if (p + 1 >= n) {
          p++;
          continue;
        }
        p += 2;
        continue;
      }
      if (c === "\n") {
        if (!triple) throw err(`unterminated string literal (detected at line ${l})`, sl, sc + 1, sl, sc + 1);
        p++;
        l++;
        ls = p;
        continue;
      }
      if (triple ? src.startsWith(q + q + q, p) : c === q) {
        p += triple ? 3 : 1;
        break;
      }
      p++;
    }
    void raw;
    line = l;
    lineStart = ls;
    push("STRING", src.slice(start, p), sl, sc, l, p - ls);
    return p;
  }
}
