// The results file: one JSON object per line, appended as each point
// completes. Every line is written with one write() of the whole line, so an
// interrupted sweep leaves whole lines; a line cut short by a harder kill
// (power loss, SIGKILL mid-write) is dropped when the file is next opened.

import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, statSync, writeSync, accessSync, constants } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../config/level.js";
import type { ResultRow } from "./point.js";

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" ? "its directory does not exist" : code === "EISDIR" ? "it is a directory"
    : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "read-only file system" : (err as Error).message;
}

/** Fail now, before any work, if `path` cannot be written: `option` names it. */
export function checkWritable(option: string, path: string): void {
  try {
    if (existsSync(path)) {
      if (statSync(path).isDirectory()) throw Object.assign(new Error(), { code: "EISDIR" });
      accessSync(path, constants.W_OK);
    } else {
      const dir = dirname(resolve(path));
      if (!existsSync(dir)) throw Object.assign(new Error(), { code: "ENOENT" });
      accessSync(dir, constants.W_OK);
    }
  } catch (err) {
    throw new ConfigError(`${option}: cannot write ${path}: ${reason(err)}`);
  }
}

export interface ResultsFile {
  /** Rows already in the file, by key (the last of any repeated key). */
  rows: Map<string, ResultRow>;
  /** Lines that were not results rows (not JSON, or no key), left as they are. */
  ignored: number;
  append(row: ResultRow): void;
  close(): void;
}

/** Open (or create) the results file for appending, reading the rows it holds; a trailing partial line is cut off. */
export function openResults(path: string): ResultsFile {
  let fd: number;
  try {
    fd = openSync(path, "a+");
  } catch (err) {
    throw new ConfigError(`--out: cannot write ${path}: ${reason(err)}`);
  }
  const text = readFileSync(path, "utf8");
  const whole = text.lastIndexOf("\n") + 1;
  if (whole < text.length) ftruncateSync(fd, Buffer.byteLength(text.slice(0, whole)));
  const rows = new Map<string, ResultRow>();
  let ignored = 0;
  for (const line of text.slice(0, whole).split("\n")) {
    if (line.trim() === "") continue;
    try {
      const row = JSON.parse(line) as ResultRow;
      if (typeof row?.key === "string" && typeof row.cycles === "number") rows.set(row.key, row);
      else ignored++;
    } catch {
      ignored++;
    }
  }
  return {
    rows,
    ignored,
    append: (row) => {
      writeSync(fd, JSON.stringify(row) + "\n");
    },
    close: () => closeSync(fd),
  };
}
