// memsim py's status line on a terminal: a long script says how far it has got (bytecodes run,
// collections, seconds) on one line of stderr, redrawn after each slice of the run, so a minute
// of silence is not mistaken for a hang. The script's total is unknown beforehand, so it is a
// count, not a bar. Nothing is shown for a run shorter than `delayMs`, and the line is cleared
// before anything else is written (the script's output, the GC log, the report) and at the end;
// while the script's output has left a line open (`print(..., end="")`), it waits for the newline,
// so as not to draw over that line.

import { commas } from "../report/format.js";

export interface StatusStream {
  write(text: string): unknown;
  /** The terminal's width (the line is cut to it). */
  columns?: number;
}

export interface ScriptStatus {
  /** After a slice of the run: redraw the line (not before delayMs into the run, then at most every 100 ms). */
  update(bytecodes: number, collections: number): void;
  /** Clear the line (it comes back at the next update): before other output, and at the end. */
  clear(): void;
  /** After other output `text`: one that leaves its line open holds the status line back until a newline ends it. */
  wrote(text: string): void;
}

/** A status line for `label` ("memsim py: script.py") on `stream`; `now` gives milliseconds. */
export function scriptStatus(stream: StatusStream, label: string, now: () => number = () => performance.now(), delayMs = 1000): ScriptStatus {
  const start = now();
  let shown = false;
  let open = false;
  let last = -Infinity;
  return {
    update(bytecodes, collections) {
      const t = now();
      if (open || t - start < delayMs || t - last < 100) return;
      last = t;
      const text = `${label}: ${commas(bytecodes)} bytecodes, ${commas(collections)} collection${collections === 1 ? "" : "s"}, ${((t - start) / 1000).toFixed(1)} s`;
      stream.write(`\r\x1b[K${stream.columns ? text.slice(0, stream.columns - 1) : text}`);
      shown = true;
    },
    clear() {
      if (!shown) return;
      stream.write("\r\x1b[K");
      shown = false;
    },
    wrote(text) {
      if (text !== "") open = !text.endsWith("\n");
    },
  };
}
