// What every trace reader consumes: a source of bytes read in bounded chunks. No Node
// modules here, so browsers (the playground's worker) share it with the CLI.

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

/** The trace cannot be opened or read (as opposed to a bad line: TraceError). */
export class TraceFileError extends Error {}

/** gzip's magic bytes, which make a source decompress on the fly. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * A source over a sequence of chunks (a Node stream, a web ReadableStream): each chunk is copied
 * into the caller's buffer, the rest of it kept for the next read. `why` words a read error.
 */
export class ChunkSource implements ByteSource {
  private pending: Uint8Array | null = null;
  private done = false;
  constructor(
    readonly name: string,
    readonly totalBytes: number | null,
    readonly bytesRead: () => number,
    private readonly next: () => Promise<{ done?: boolean; value?: Uint8Array }>,
    private readonly why: (err: unknown) => string,
    private readonly release: () => void,
  ) {}

  async read(target: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < target.length && !this.done) {
      if (!this.pending) {
        let chunk: { done?: boolean; value?: Uint8Array };
        try {
          chunk = await this.next();
        } catch (err) {
          throw new TraceFileError(`${this.name}: cannot read the trace: ${this.why(err)}`);
        }
        if (chunk.done || !chunk.value) {
          this.done = !!chunk.done;
          if (this.done) break;
          continue;
        }
        this.pending = chunk.value;
      }
      const take = Math.min(this.pending.length, target.length - filled);
      target.set(this.pending.subarray(0, take), filled);
      filled += take;
      this.pending = take < this.pending.length ? this.pending.subarray(take) : null;
    }
    return filled;
  }

  close(): void {
    this.release();
  }
}
