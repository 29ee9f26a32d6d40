// The unreachable record: which objects each collection found unreachable
// (move_unreachable's result: the cycles, before finalizers, resurrection and
// tp_clear), for the playground's heap view (docs/abi.md "gcCaptureUnreachable",
// docs/web.md). Off by default; while on, gc.ts hands each collection's
// unreachable list here, read with no-cost peeks: it moves no counter and no
// cycle, and off it costs one branch per collection.
//
// Record (16 bytes): u64 the object's address, i32 its type number, i32 the
// generation collected.

import { peek64 } from "../memory";
import { GC_HEAD, GC_NEXT, OB_TYPE } from "./layout";
import { typeNumber } from "./types";
import { hostBuffer } from "../../layout";
import * as E from "../../errors";

export const UNREACHABLE_RECORD: i32 = 16;
const CAPACITY: i32 = 4096;
const NEXT_MASK_UNREACHABLE: u64 = 1;

const records = memory.data(CAPACITY * UNREACHABLE_RECORD);
let capturing = false;
/** Objects found unreachable since the capture started (may exceed CAPACITY: only the first are kept). */
let found: i32 = 0;

export function gcRecording(): bool {
  return capturing;
}

/** Append the objects on `list` (an unreachable list, its links still flagged) found by a collection of `generation`. */
export function recordUnreachable(list: u64, generation: i32): void {
  for (let gc = peek64(list + GC_NEXT) & ~NEXT_MASK_UNREACHABLE; gc != list; gc = peek64(gc + GC_NEXT) & ~NEXT_MASK_UNREACHABLE) {
    if (found < CAPACITY) {
      const r = records + <usize>found * <usize>UNREACHABLE_RECORD;
      store<u64>(r, gc + GC_HEAD);
      store<i32>(r + 8, typeNumber(peek64(gc + GC_HEAD + OB_TYPE)));
      store<i32>(r + 12, generation);
    }
    found++;
  }
}

/** 1: start recording (or start again: the record is emptied); 0: stop. */
export function gcCaptureUnreachable(on: i32): i32 {
  capturing = on != 0;
  found = 0;
  return 0;
}

/**
 * Copy the record to `out` (the input or batch buffer): the first 4,096
 * objects found unreachable since the capture started. Returns how many were
 * found (more than were copied when above 4,096).
 */
export function gcUnreachable(out: i32, capacity: i32): i32 {
  if (!hostBuffer(out, capacity)) return E.ERR_ADDRESS;
  const kept = min(found, CAPACITY);
  if (capacity < kept * UNREACHABLE_RECORD) return E.ERR_LENGTH;
  memory.copy(<usize>out, records, <usize>kept * <usize>UNREACHABLE_RECORD);
  return found;
}
