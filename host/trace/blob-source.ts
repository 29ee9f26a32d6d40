// A trace held in a Blob (a browser's File, dropped or picked) as a ByteSource: read through
// Blob.stream() chunk by chunk, gzip (by its magic bytes) decompressed on the fly by
// DecompressionStream, so a multi-gigabyte file replays in bounded memory. No Node modules.

import { type ByteSource, ChunkSource, isGzip } from "./byte-source.js";

export async function openBlob(blob: Blob, name: string): Promise<ByteSource> {
  let consumed = 0; // bytes of the file itself (compressed ones for gzip), for progress
  const counted = blob.stream().pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, out) {
      consumed += chunk.length;
      out.enqueue(chunk);
    },
  }));
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  const bytes = isGzip(head) ? counted.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>) : counted;
  const reader = bytes.getReader();
  return new ChunkSource(name, blob.size, () => consumed, () => reader.read(),
    (err) => (isGzip(head) ? `the gzip data is truncated or corrupt (${(err as Error).message})` : (err as Error).message),
    () => void reader.cancel().catch(() => {}));
}
