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
