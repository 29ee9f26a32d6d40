// Configuring a machine: levels are described one by one, then `initMachine`
// checks how they fit together, wires the access path and allocates state.

import { Level, level, clearLevels, allocateTags, INVALID, NON_INCLUSIVE, EXCLUSIVE } from "../cache/level";
import { PLRU, POLICY_COUNT, LRU } from "../cache/replacement";
import { createShadow } from "../cache/classify";
import { resetArena } from "../layout";
import { LEVELS, clearStats } from "../stats";
import { setTopLevels } from "./access";
import { resetMemoryState } from "../memory/backing";
import { initStorage } from "../memory/storage";
import { initVm, disableVm } from "../memory/vm";
import { disableHeap } from "../heap/heap";
import * as E from "../errors";

export const MODE_GENERIC = 0;
export const MODE_CACHEGRIND = 1;

let mode: i32 = -1; // -1: not configured
let classify: bool = false;

export function currentMode(): i32 {
  return mode;
}

/** Forget the machine: every level absent, no state. */
export function resetMachine(): void {
  clearLevels();
  resetArena();
  disableHeap();
  clearStats();
  mode = -1;
  classify = false;
}

/** A configuration below the caches changed: simulate nothing until initMachine lays it out again. */
export function unconfigure(): void {
  mode = -1;
}

export function setClassify(on: bool): void {
  classify = on;
  mode = -1;
}

/** Describe one level (0 l1i, 1 l1d, 2 l2, 3 l3). Sizes in bytes. */
export function configureLevel(
  index: i32, size: f64, assoc: i32, line: i32, latency: i32,
  policy: i32, writeBack: bool, writeAllocate: bool, inclusion: i32, seed: u32,
): i32 {
  if (index < 0 || index >= LEVELS) return E.ERR_LEVEL;
  mode = -1;
  if (line < 4 || (line & (line - 1)) != 0) return E.ERR_LINE;
  if (assoc < 1) return E.ERR_ASSOC;
  if (latency < 0) return E.ERR_LATENCY;
  if (policy < 0 || policy >= POLICY_COUNT) return E.ERR_POLICY;
  if (inclusion < NON_INCLUSIVE || inclusion > EXCLUSIVE) return E.ERR_INCLUSION;
  const setsF = size / (<f64>assoc * <f64>line);
  const sets = <i32>setsF;
  if (!(setsF >= 1) || setsF > 1073741824 || <f64>sets != setsF || (sets & (sets - 1)) != 0) return E.ERR_SETS;
  if (policy == PLRU && (assoc > 64 || (assoc & (assoc - 1)) != 0)) return E.ERR_PLRU_WAYS;
  const lv = level(index);
  lv.present = 1;
  lv.sets = sets;
  lv.assoc = assoc;
  lv.lineBits = ctz<i32>(line);
  lv.setMask = sets - 1;
  lv.latency = latency;
  lv.policy = policy;
  lv.writeBack = writeBack ? 1 : 0;
  lv.writeAllocate = writeAllocate ? 1 : 0;
  lv.inclusion = inclusion;
  lv.seed = seed == 0 ? 0x9E3779B9 : seed; // xorshift32 must not start at 0
  return E.OK;
}

/** The first present level at or after `from`, or -1 (memory). */
function firstPresent(from: i32): i32 {
  for (let l = from; l < LEVELS; l++) if (level(l).present != 0) return l;
  return -1;
}

/** Check the levels fit together, wire them and allocate their state. Clears the stats. */
export function initMachine(newMode: i32): i32 {
  if (newMode != MODE_GENERIC && newMode != MODE_CACHEGRIND) return E.ERR_MODE;
  mode = -1;
  resetArena();
  clearStats();
  resetMemoryState();
  if (newMode == MODE_CACHEGRIND) {
    // I1, D1 and LL, all LRU, nothing else.
    for (let l = 0; l < 3; l++) if (level(l).present == 0 || level(l).policy != LRU) return E.ERR_MODE;
    if (level(3).present != 0) return E.ERR_MODE;
  }
  for (let l = 0; l < LEVELS; l++) {
    const lv = level(l);
    if (lv.present == 0) continue;
    lv.next = firstPresent(l < 2 ? 2 : l + 1);
    if (lv.inclusion != NON_INCLUSIVE) {
      // Inclusion describes a level's relation to the levels above it.
      if (l < 2) return E.ERR_INCLUSION;
      for (let u = 0; u < l; u++) {
        const up = level(u);
        if (up.present == 0) continue;
        if (lv.inclusion == EXCLUSIVE) {
          // Victim-style fills move whole lines: same line size, write-back, write-allocate above.
          if (up.lineBits != lv.lineBits || up.writeBack == 0 || up.writeAllocate == 0) return E.ERR_INCLUSION;
        } else if (up.lineBits > lv.lineBits) {
          return E.ERR_INCLUSION;
        }
      }
    }
    if (!allocateTags(lv, newMode == MODE_CACHEGRIND ? 0 : INVALID, lv.policy == PLRU)) return E.ERR_MEMORY;
    lv.rng = lv.seed;
    lv.classify = 0;
    if (classify && newMode == MODE_GENERIC) {
      // allocateTags has bounded sets x assoc by MAX_LINES, so it fits an i32
      lv.classify = createShadow(lv.sets * lv.assoc);
      if (lv.classify == 0) return E.ERR_MEMORY;
    }
  }
  disableVm();
  disableHeap(); // its memory was in the arena
  if (newMode == MODE_GENERIC) {
    if (!initStorage()) return E.ERR_MEMORY;
    const code = initVm();
    if (code < 0) return code;
  }
  setTopLevels(firstPresent(0) == 0 ? 0 : firstPresent(2), firstPresent(1));
  mode = newMode;
  return E.OK;
}
