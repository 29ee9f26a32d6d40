// file-read: read a file of `size` bytes from the storage device through the
// page cache, `block` bytes per read() call, sequentially or at random block
// offsets, `passes` times. The file is mapped at FILE_BASE and backed by the
// device right after the swap area (memory/vm.ts mapFile): its first touch of
// each page is a major fault that reads the page from the device; later passes
// hit the page cache while the file fits in RAM. Each read() copies the block
// into a user buffer at DATA_BASE, word by word (copy_to_user): per 8 bytes,
// two instruction fetches, a load from the page cache and a store.

import { DATA_BASE, fetch2, load8, store8, nextBelow, stopped } from "./emit";

/** Where the file's pages are mapped in the emulated address space. */
export const FILE_BASE: u64 = 0x6000_0000_0000;

export function runFileRead(size: u64, block: u64, passes: u64, random: bool, pc: u64): void {
  const blocks = (size + block - 1) / block;
  for (let pass: u64 = 0; pass < passes; pass++) {
    for (let b: u64 = 0; b < blocks; b++) {
      if (stopped()) return; // swap is full: the run has failed
      const start = (random ? <u64>nextBelow(<u32>blocks) : b) * block;
      const end = min(start + block, size);
      for (let off = start; off < end; off += 8) {
        fetch2(pc);
        load8(FILE_BASE + off);
        store8(DATA_BASE + (off - start));
      }
    }
  }
}

/** Records one run emits: 4 per 8 bytes of each block read. */
export function fileReadRecords(size: f64, block: f64, passes: f64): f64 {
  return Math.ceil(size / block) * Math.ceil(block / 8) * passes * 4;
}
