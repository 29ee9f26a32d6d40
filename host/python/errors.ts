// Errors of the Python front end (`memsim py`): CPython 3.11's SyntaxError
// (and its IndentationError/TabError subclasses) with CPython's fields, and
// the "not supported yet" refusal of valid Python outside memsim's subset.

export type SyntaxErrorType = "SyntaxError" | "IndentationError" | "TabError";

/** A SyntaxError as CPython 3.11 reports it: 1-based line, 1-based column offset. */
export class PySyntaxError extends Error {
  constructor(
    public msg: string,
    public lineno: number,
    public offset: number,
    public endLineno: number = lineno,
    public endOffset: number = offset,
    public errorType: SyntaxErrorType = "SyntaxError",
    /** CPython prints no caret for some errors at end of file. */
    public noCaret = false,
  ) {
    super(`${errorType}: ${msg} (line ${lineno}, offset ${offset})`);
  }
}

/** Valid Python that memsim's subset does not cover. */
export class PyUnsupported extends Error {
  constructor(
    public construct: string,
    public lineno: number,
  ) {
    super(`memsim: line ${lineno}: ${construct} is not supported yet`);
  }
}

export type PythonFrontEndError =
  | {
      kind: "syntax";
      type: SyntaxErrorType;
      msg: string;
      lineno: number;
      offset: number;
      endLineno: number;
      endOffset: number;
      /** The text CPython prints on stderr for a script with this error. */
      text: string;
    }
  | { kind: "unsupported"; construct: string; lineno: number; text: string };

/**
 * CPython 3.11's report of a SyntaxError in a script (pythonrun.c's
 * print_error_text): `  File "name", line N`, the offending source line
 * stripped of leading blanks and indented 4, a caret line (omitted when the
 * caret would fall left of the text; to the end of the line for an error
 * spanning lines), then `Type: msg`.
 */
export function formatSyntaxError(filename: string, source: string, e: PySyntaxError): string {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let out = `  File "${filename}", line ${e.lineno}\n`;
  const raw = e.lineno >= 1 && e.lineno <= lines.length ? lines[e.lineno - 1] : undefined;
  if (raw !== undefined) {
    let text = raw;
    let offset = e.offset - 1;
    let stripped = 0;
    while (stripped < text.length && (text[stripped] === " " || text[stripped] === "\t" || text[stripped] === "\f")) stripped++;
    text = text.slice(stripped);
    offset -= stripped;
    // an error spanning lines underlines the rest of its first line (the line's size, with its newline, as end)
    let endOffset = (e.endLineno > e.lineno ? raw.length + 1 : e.endOffset) - 1 - stripped;
    if (offset > text.length) offset = text.length;
    out += `    ${text}\n`;
    if (offset >= 0 && !e.noCaret) {
      let carets = 1;
      if (e.errorType === "SyntaxError" && (e.endLineno > e.lineno || (e.endLineno === e.lineno && e.endOffset > e.offset))) {
        if (endOffset > text.length) endOffset = text.length;
        carets = Math.max(1, endOffset - offset);
      }
      out += `    ${" ".repeat(offset)}${"^".repeat(carets)}\n`;
    }
  }
  out += `${e.errorType}: ${e.msg}\n`;
  return out;
}
