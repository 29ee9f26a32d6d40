// Trace formats and their detection from the first bytes of a trace.

export const TRACE_FORMATS = ["lackey", "din", "dinero", "binary"] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export const FORMAT_NAMES: Record<TraceFormat, string> = {
  lackey: "Valgrind Lackey",
  din: "Dinero din",
  dinero: "Dinero IV extended",
  binary: "memsim binary",
};

/** The binary format: a 16-byte header ("MEMSIMTR", u32 version 1, u32 0), then 8-byte records. */
export const BINARY_MAGIC = "MEMSIMTR";
export const BINARY_HEADER_BYTES = 16;
export const BINARY_VERSION = 1;

export function binaryHeader(): Uint8Array {
  const header = new Uint8Array(BINARY_HEADER_BYTES);
  header.set(new TextEncoder().encode(BINARY_MAGIC));
  new DataView(header.buffer).setUint32(8, BINARY_VERSION, true);
  return header;
}

const LINE_PATTERNS: [TraceFormat, RegExp][] = [
  ["lackey", /^(I {2}| [LSM] )[0-9a-fA-F]{1,16},\d+\r?$/],
  ["din", /^\s*[0-4]\s+(0x)?[0-9a-f]{1,16}\s*\r?$/i],
  ["dinero", /^\s*[rwi]\s+(0x)?[0-9a-f]{1,16}\s+(0x)?[0-9a-f]{1,4}\s*\r?$/i],
];

/** The format of a trace from its first bytes, or null when none fits. */
export function detectFormat(head: Uint8Array): TraceFormat | null {
  if (head.length >= 8 && new TextDecoder("latin1").decode(head.subarray(0, 8)) === BINARY_MAGIC) return "binary";
  const text = new TextDecoder("latin1").decode(head.subarray(0, 65536));
  const lines = text.split("\n");
  if (head.length >= 65536) lines.pop(); // possibly cut short
  let valgrind = false; // Valgrind's own lines come only in Lackey traces
  for (const line of lines) {
    if (line === "" || line === "\r") continue;
    if (line.startsWith("==") || line.startsWith("--")) {
      valgrind = true;
      continue;
    }
    const match = LINE_PATTERNS.find(([, re]) => re.test(line));
    return match && (!valgrind || match[0] === "lackey") ? match[0] : null;
  }
  return null;
}
