// Byte sources for trace files (Node): a plain file read straight into the core's input
// buffer, or a stream (stdin, gzip) copied into it. Every source reads in
// bounded chunks, so a multi-gigabyte trace runs in bounded memory.

import { openSync, readSync, closeSync, fstatSync } from "node:fs";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { type ByteSource, ChunkSource, TraceFileError, isGzip } from "./byte-source.js";

export { type ByteSource, TraceFileError };

/** Open a trace: a path, '-' for stdin; gzip (by its magic bytes) is decompressed on the fly. */
export function openSource(path: string): ByteSource {
  if (path === "-") return streamSource("<stdin>", process.stdin, null, () => 0);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : String(code);
    throw new TraceFileError(`${path}: cannot open the trace: ${why}`);
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new TraceFileError(`${path}: cannot open the trace: it is a directory`);
  }
  const magic = new Uint8Array(2);
  const got = readSync(fd, magic, 0, 2, 0);
  if (got === 2 && isGzip(magic)) {
    const raw = createReadStream(path, { fd, highWaterMark: 1 << 20 });
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    raw.on("error", (e) => gunzip.destroy(e));
    raw.pipe(gunzip);
    return streamSource(path, gunzip, stat.size, () => raw.bytesRead);
  }
  return new FileSource(path, fd, stat.size);
}

class FileSource implements ByteSource {
  private position = 0;
  constructor(readonly name: string, private fd: number, readonly totalBytes: number) {}
  bytesRead(): number {
    return this.position;
  }
  async read(target: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < target.length) {
      const n = readSync(this.fd, target, filled, target.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    this.position += filled;
    return filled;
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** A Node stream (stdin, gunzip) as a source. */
function streamSource(name: string, stream: Readable, totalBytes: number | null, bytesRead: () => number): ByteSource {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ChunkSource(name, totalBytes, bytesRead, () => chunks.next(),
    (err) => (err as NodeJS.ErrnoException).code === "Z_BUF_ERROR" ? "the gzip data is truncated" : (err as Error).message,
    () => { if (stream !== process.stdin) stream.destroy(); });
}
