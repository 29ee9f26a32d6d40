// A trace already in memory (the library API, a browser's File contents) as a
// ByteSource, so it replays through the same path as a file.

import type { ByteSource } from "./byte-source.js";

export class MemorySource implements ByteSource {
  private position = 0;
  readonly totalBytes: number;
  constructor(readonly name: string, private readonly bytes: Uint8Array) {
    this.totalBytes = bytes.length;
  }
  bytesRead(): number {
    return this.position;
  }
  async read(target: Uint8Array): Promise<number> {
    const n = Math.min(target.length, this.bytes.length - this.position);
    target.set(this.bytes.subarray(this.position, this.position + n));
    this.position += n;
    return n;
  }
  close(): void {}
}
