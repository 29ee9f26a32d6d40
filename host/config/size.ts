// Sizes as users write them: 32768, 32K, 32KiB, 32KB, 2M, 1G (binary units).

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Parse a size in bytes; null when the text is not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return null;
  const bytes = Number(m[1]) * UNITS[m[2].toLowerCase()];
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** 32768 -> "32K", 1536 -> "1.5K", 100 -> "100 B". */
export function formatSize(bytes: number): string {
  for (const [unit, scale] of [["G", 1024 ** 3], ["M", 1024 ** 2], ["K", 1024]] as const) {
    if (bytes >= scale) {
      const v = bytes / scale;
      return `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`;
    }
  }
  return `${bytes} B`;
}
