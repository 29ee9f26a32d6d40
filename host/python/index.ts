// The front end of `memsim py`: Python source → module image (docs/python.md).
//
//   compileModule(source, filename) → { image } | { error }
//
// Syntax errors carry CPython 3.11's message, line and offset, and the text
// CPython prints; valid Python outside memsim's subset is refused with
// `memsim: line N: <construct> is not supported yet` before anything runs.

import { PySyntaxError, PyUnsupported, formatSyntaxError, type PythonFrontEndError } from "./errors.js";
import { parse, UnsupportedEscape } from "./parser.js";
import { checkSubset } from "./check.js";
import { compile, type CodeObject, type CompileOptions } from "./compiler.js";
import { encodeImage } from "./image.js";
import type { Node } from "./ast.js";

export type { PythonFrontEndError } from "./errors.js";
export { PySyntaxError, PyUnsupported, formatSyntaxError } from "./errors.js";
export { parse } from "./parser.js";
export { dump } from "./ast.js";
export { compile, type CodeObject, type CompileOptions } from "./compiler.js";
export { encodeImage, decodeImage, disassemble } from "./image.js";

export function compileModule(
  source: string,
  filename: string,
  options: CompileOptions = {},
): { image: Uint8Array; code: CodeObject } | { error: PythonFrontEndError } {
  const toError = (e: unknown): { error: PythonFrontEndError } => {
    if (e instanceof PySyntaxError) {
      return {
        error: {
          kind: "syntax",
          type: e.errorType,
          msg: e.msg,
          lineno: e.lineno,
          offset: e.offset,
          endLineno: e.endLineno,
          endOffset: e.endOffset,
          text: formatSyntaxError(filename, source, e),
        },
      };
    }
    if (e instanceof PyUnsupported) return { error: { kind: "unsupported", construct: e.construct, lineno: e.lineno, text: e.message + "\n" } };
    if (e instanceof UnsupportedEscape) {
      const u = new PyUnsupported("\\N{...} escape", e.lineno);
      return { error: { kind: "unsupported", construct: u.construct, lineno: u.lineno, text: u.message + "\n" } };
    }
    throw e;
  };
  let tree: Node;
  try {
    tree = parse(source);
    if (!options.skipSubsetCheck) checkSubset(tree);
  } catch (e) {
    return toError(e);
  }
  let code: CodeObject;
  try {
    code = compile(tree, options, source);
  } catch (e) {
    return toError(e);
  }
  return { image: encodeImage(code, filename), code };
}
