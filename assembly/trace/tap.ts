// The reference tap (docs/abi.md "The reference tap"): a copy, in order, of
// every record the batch simulates, with the category markers and the source
// line changes of a Python run, for the playground's cache view of a script.
//
// Off, it costs nothing: heap operations are simulated directly as always.
// On, they are not (heap/memory.ts beginOperation), so their records pass
// through the batch, which flushBatch copies here before simulating it: the
// simulation, and so every counter, is the one the direct path gives.
//
// The tap is records (trace/records.ts), up to its capacity (then the rest are
// not kept): references, category markers (packMarker: the references after
// one are charged to that category) and line markers (packLineMarker: the
// references after one are made by that source line). A marker has kind
// KIND_MARKER, which no reference has; a line marker also has bit 32 set,
// which a category marker never has (bits 0..7 only).

import { reserve } from "../layout";
import { packMarker, KIND_MARKER, CAT_NONE } from "./records";

export const LINE_MARKER: u64 = 1 << 32;

// @ts-ignore: decorator
@inline export function packLineMarker(line: u32): u64 {
  return (<u64>KIND_MARKER << 60) | LINE_MARKER | <u64>line;
}

/** Whether the tap is on: heap operations then queue their records instead of simulating them directly. */
export let tapping = false;
let buffer: usize = 0;
let capacity: u32 = 0;
let count: u32 = 0;
/** The category of the last marker in the tap (CAT_NONE before the first). */
let tappedCategory: i32 = CAT_NONE;

/** Turn the tap on with room for `records` (reserved in the machine's arena), emptied; false when memory is exhausted. */
export function startTap(records: u32): bool {
  buffer = reserve(<usize>records << 3);
  tapping = buffer != 0;
  capacity = tapping ? records : 0;
  count = 0;
  tappedCategory = CAT_NONE;
  return tapping;
}

/** Turn the tap off (its buffer is the arena's again after the next initMachine). */
export function stopTap(): void {
  tapping = false;
}

export function tapCount(): u32 {
  return count;
}

export function tapBuffer(): usize {
  return buffer;
}

// @ts-ignore: decorator
@inline function put(record: u64): void {
  if (count < capacity) {
    store<u64>(buffer + (<usize>count << 3), record);
    // Full: the operations after this one go back to the direct path (the same results, faster).
    if (++count == capacity) tapping = false;
  }
}

/**
 * The batch's `n` records at `ptr`, about to be simulated: its first ones are
 * charged to `category`, and `after` is in effect at its end (the category of
 * its last marker, text.ts's markedCategory).
 */
export function tapBatch(ptr: usize, n: i32, category: i32, after: i32): void {
  if (category != tappedCategory) put(packMarker(category));
  const end = ptr + (<usize>n << 3);
  for (let p = ptr; p < end && count < capacity; p += 8) put(load<u64>(p));
  tappedCategory = after;
}

/** The references from here on are made by source line `line` (nothing may be queued in the batch). */
export function tapLine(line: u32): void {
  put(packLineMarker(line));
}
