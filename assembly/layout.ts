// The fixed map of linear memory (wasmboy-style): every region the core owns,
// in one place. Static tables live in the data segment; the input buffer, the
// record batch and the cache arrays live above __heap_base and are laid out by
// `reserve` when a machine is configured. Nothing here is a managed object.

/** Bytes the host may write into the input buffer per call (raw trace bytes or records). */
export const INPUT_CAPACITY: i32 = 8 << 20;
/** Records decoded per batch by the text parsers before they are simulated. */
export const BATCH_RECORDS: i32 = 1 << 16;

const PAGE: usize = 65536;

/** Start of the input buffer: fixed for the module's lifetime so host views stay valid. */
export const INPUT_PTR: usize = (__heap_base + PAGE - 1) & ~(PAGE - 1);
/** The record batch the text parsers fill (8 bytes per record). */
export const BATCH_PTR: usize = INPUT_PTR + <usize>INPUT_CAPACITY + 64;
/** Where configuration-time allocations (tag arrays, 3C tables) begin. */
export const ARENA_START: usize = BATCH_PTR + (<usize>BATCH_RECORDS << 3);

let arenaTop: usize = ARENA_START;
/**
 * Linear memory at and above this address has never been reserved, so it is
 * still zero as memory.grow made it. Zeroing fresh memory is not free: the
 * first write to each of its pages is a page fault of the host process (about
 * 10 µs on a virtual machine), which made up most of a Python run's set-up.
 */
let neverReserved: usize = ARENA_START;

/** Forget every configuration-time allocation (a new machine is being configured). */
export function resetArena(): void {
  arenaTop = ARENA_START;
}

/** Reserve `bytes` (64-byte aligned) above the arena top, growing memory; 0 when memory is exhausted. */
export function reserve(bytes: usize): usize {
  const start = (arenaTop + 63) & ~(<usize>63);
  const end = start + bytes;
  if (end < start || end > <usize>0xF000_0000) return 0; // stay well inside the 4 GiB wasm32 limit
  if (!ensureMemory(end)) return 0;
  arenaTop = end;
  if (end > neverReserved) neverReserved = end;
  return start;
}

/** reserve, the bytes zeroed (only the part reserved before: the rest is zero already). */
export function reserveZeroed(bytes: usize): usize {
  const fresh = freshMark();
  const start = reserve(bytes);
  if (start != 0) zeroReserved(start, bytes, fresh);
  return start;
}

/** Where never-reserved memory starts now: take it before a reserve, for zeroReserved. */
export function freshMark(): usize {
  return neverReserved;
}

/** Zero [start, start + bytes), reserved after freshMark() returned `fresh`: only the part below `fresh` can hold old data. */
export function zeroReserved(start: usize, bytes: usize, fresh: usize): void {
  if (start < fresh) memory.fill(start, 0, min(bytes, fresh - start));
}

/** Grow linear memory so that addresses below `end` are valid. */
export function ensureMemory(end: usize): bool {
  const have = <usize>memory.size() * PAGE;
  if (end <= have) return true;
  const pages = <i32>((end - have + PAGE - 1) / PAGE);
  return memory.grow(pages) >= 0;
}

/** Bytes of linear memory in use by the arena (for reports and fuzzing bounds). */
export function arenaBytes(): usize {
  return arenaTop - ARENA_START;
}

/**
 * True when [out, out + bytes) lies inside the input buffer or the batch
 * buffer, 8-byte aligned: where the read-only inspection exports
 * (cacheSnapshot, heapOccupancy, heapGraph) may write for the host.
 */
export function hostBuffer(out: i32, bytes: i32): bool {
  if (out < 0 || bytes < 0 || (out & 7) != 0) return false;
  const start = <u64>out;
  const end = start + <u64>bytes;
  const inStart = <u64>INPUT_PTR, inEnd = inStart + <u64>INPUT_CAPACITY;
  const bStart = <u64>BATCH_PTR, bEnd = bStart + (<u64>BATCH_RECORDS << 3);
  return (start >= inStart && end <= inEnd) || (start >= bStart && end <= bEnd);
}
