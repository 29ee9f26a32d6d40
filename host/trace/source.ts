// Byte sources for traces: a plain file read straight into the core's input
// buffer, or a stream (stdin, gzip) copied into it. Every source reads in
// bounded chunks, so a multi-gigabyte trace runs in bounded memory.

import { openSync, readSync, closeSync, fstatSync } from "node:fs";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";

export interface ByteSource {
  /** What to call the trace in messages. */
  readonly name: string;
  /** Total bytes when known (for progress), else null. */
  readonly totalBytes: number | null;
  /** Bytes of the underlying file consumed so far (compressed bytes for gzip). */
  bytesRead(): number;
  /** Fill `target` as far as possible; 0 only at the end. */
  read(target: Uint8Array): Promise<number>;
  close(): void;
}

export class TraceFileError extends Error {}

/** Open a trace: a path, '-' for stdin; gzip (by its magic bytes) is decompressed on the fly. */
export function openSource(path: string): ByteSource {
  if (path === "-") return new StreamSource("<stdin>", process.stdin, null, () => 0);
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
  if (got === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
    const raw = createReadStream(path, { fd, highWaterMark: 1 << 20 });
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    raw.on("error", (e) => gunzip.destroy(e));
    raw.pipe(gunzip);
    return new StreamSource(path, gunzip, stat.size, () => raw.bytesRead);
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

class StreamSource implements ByteSource {
  private iterator: AsyncIterator<Buffer>;
  private pending: Buffer | null = null;
  private done = false;
  constructor(readonly name: string, private stream: Readable, readonly totalBytes: number | null, readonly bytesRead: () => number) {
    this.iterator = stream[Symbol.asyncIterator]();
  }
  async read(target: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < target.length && !this.done) {
      if (!this.pending) {
        let next: IteratorResult<Buffer>;
        try {
          next = await this.iterator.next();
        } catch (err) {
          const why = (err as NodeJS.ErrnoException).code === "Z_BUF_ERROR" ? "the gzip data is truncated" : (err as Error).message;
          throw new TraceFileError(`${this.name}: cannot read the trace: ${why}`);
        }
        if (next.done) {
          this.done = true;
          break;
        }
        this.pending = next.value;
      }
      const take = Math.min(this.pending.length, target.length - filled);
      target.set(this.pending.subarray(0, take), filled);
      filled += take;
      this.pending = take < this.pending.length ? this.pending.subarray(take) : null;
    }
    return filled;
  }
  close(): void {
    if (this.stream !== process.stdin) this.stream.destroy();
  }
}
