// Number formatting and plain-text tables for reports.

export function commas(n: number | bigint): string {
  return n.toLocaleString("en-US");
}

export function percent(part: number, whole: number, digits = 2): string {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(digits)}%`;
}

/** Right-aligned columns (the first column, and any in `left`, left-aligned), two spaces apart. */
export function table(header: string[], rows: string[][], left: number[] = []): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 || left.includes(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Each line of `text` word-wrapped at `width` columns (none: unchanged); a word longer than the width stays whole. */
export function wrap(text: string, width?: number): string {
  if (width === undefined) return text;
  return text.split("\n").map((line) => {
    const out: string[] = [];
    let current = "";
    for (const word of line.split(" ")) {
      if (current !== "" && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else {
        current = current === "" ? word : `${current} ${word}`;
      }
    }
    return [...out, current].join("\n");
  }).join("\n");
}
