// Virtual memory: pages of the emulated address space live in a limited number
// of RAM frames; the rest live on the storage device (memory/storage.ts). Every
// reference touches the pages it spans before it reaches the caches; a page
// that is not resident faults (docs/storage.md):
//
//   minor fault  the first touch of an anonymous page: a zero-filled frame, no I/O
//   major fault  the page is on the device (in the swap area, or a file's page):
//                it is read back
//
// Either fault costs the kernel's handler time, and, when RAM is full, the
// eviction of a victim chosen by LRU or CLOCK: a dirty victim is written to its
// swap slot (or its file) first, synchronously (direct reclaim). A page keeps
// its swap slot for life; a clean victim with a valid copy on the device, a file
// page or a never-written anonymous page is simply dropped. Cache lines of an
// evicted page stay in the caches (the caches are virtually tagged here).
//
// State: an open-addressing hash from virtual page to page-table entry, the
// entries (page, frame, swap slot), and per-frame owner, dirty and reference
// bits and LRU links. All of it is allocated by initVm from the arena.

import { reserve } from "../layout";
import {
  bump, G_PAGE_FAULTS, G_MINOR_FAULTS, G_PAGE_EVICTIONS, G_PAGE_WRITEBACKS, G_FAULT_CYCLES,
} from "../stats";
import { storageCapacity, storageRead, storageWrite } from "./storage";
import { recordTime, spendInRecord } from "./backing";
import * as E from "../errors";

export const PAGE_LRU: i32 = 0;
export const PAGE_CLOCK: i32 = 1;
const MAX_PAGES: u64 = 1 << 24; // frames, and swap slots
const NONE: i32 = -1;

/** What touchPages returns when swap is full (ERR_STORAGE_FULL). */
export const VM_FAILED: u64 = 0xFFFF_FFFF_FFFF_FFFF;

// Configuration
let enabled = false; // configured with RAM
let pageShift: i32 = 12;
let frames: i32 = 0;
let swapPages: i32 = 0;
let policy: i32 = PAGE_LRU;
let handlerCycles: u64 = 0;

// File mapping (the file-read workload): pages [fileFirst, fileEnd) are backed
// by the device from byte fileDevice on.
let fileFirst: u64 = 0;
let fileEnd: u64 = 0;
let fileDevice: u64 = 0;

// State (initVm)
let active = false; // enabled and allocated
let hashPtr: usize = 0; // u32 per bucket: entry + 1, 0 empty
let hashMask: u32 = 0;
let hashShift: u64 = 0;
let entryPage: usize = 0; // u64 per entry: virtual page number
let entryFrame: usize = 0; // i32 per entry: frame, or NONE
let entrySlot: usize = 0; // i32 per entry: swap slot, or NONE
let freeEntries: usize = 0; // i32 stack of recycled entries
let freeEntryCount: i32 = 0;
let entriesUsed: i32 = 0;
let frameOwner: usize = 0; // i32 per frame: entry
let frameFlags: usize = 0; // u8 per frame: DIRTY | REFERENCED
let framePrev: usize = 0; // i32 per frame: LRU links (toward the most recent)
let frameNext: usize = 0; // i32 per frame: (toward the least recent)
let framesUsed: i32 = 0;
let lruHead: i32 = NONE; // most recently used
let lruTail: i32 = NONE; // least recently used
let clockHand: i32 = 0;
let slotsUsed: i32 = 0;
// The last page touched, with its frame's flags: most references touch the page
// the previous one did, and then nothing changes (it is already the most recent
// and referenced; dirty already if `lastDirty`).
let lastPage: u64 = 0xFFFF_FFFF_FFFF_FFFF;
let lastDirty = false;

const DIRTY: u8 = 1;
const REFERENCED: u8 = 2;

/**
 * Configure virtual memory: page size, RAM and swap in bytes, replacement
 * policy, and the fault handler's time. RAM 0 turns it off (RAM is unlimited).
 */
export function configureVm(pageBytes: f64, ramBytes: f64, swapBytes: f64, replacement: i32, handlerNs: f64, coreMHz: f64): i32 {
  enabled = false;
  active = false;
  if (ramBytes == 0) return E.OK;
  if (!(pageBytes >= 4096 && pageBytes <= 1073741824) || floor(pageBytes) != pageBytes) return E.ERR_VM_CONFIG;
  const shift = <i32>ctz<u64>(<u64>pageBytes);
  if (<f64>(<u64>1 << shift) != pageBytes) return E.ERR_VM_CONFIG;
  const pages = floor(ramBytes / pageBytes);
  if (!(pages >= 1) || pages > <f64>MAX_PAGES) return E.ERR_VM_CONFIG;
  if (replacement != PAGE_LRU && replacement != PAGE_CLOCK) return E.ERR_VM_CONFIG;
  if (!(coreMHz >= 1 && coreMHz <= 1e6) || !(handlerNs >= 0 && handlerNs <= 1e12)) return E.ERR_VM_CONFIG;
  const slots = floor(swapBytes / pageBytes);
  if (!(slots >= 0) || slots > <f64>MAX_PAGES) return E.ERR_VM_SWAP;
  pageShift = shift;
  frames = <i32>pages;
  swapPages = <i32>slots;
  policy = replacement;
  handlerCycles = <u64>ceil(handlerNs * coreMHz / 1000);
  enabled = true;
  return E.OK;
}

export function vmEnabled(): bool {
  return active;
}

/** Bytes of the device that the swap area takes (from byte 0); files lie after it. */
export function swapAreaBytes(): u64 {
  return enabled ? <u64>swapPages << pageShift : 0;
}

export function pageBytes(): u64 {
  return <u64>1 << pageShift;
}

/** No page tables until initVm succeeds (a machine is being built). */
export function disableVm(): void {
  active = false;
}

/** Allocate and clear the page tables (after the arena reset and initStorage); OK or an error code. */
export function initVm(): i32 {
  active = false;
  fileFirst = fileEnd = fileDevice = 0;
  lastPage = 0xFFFF_FFFF_FFFF_FFFF;
  if (!enabled) return E.OK;
  const capacity = storageCapacity();
  if (capacity == 0) return E.ERR_VM_SWAP;
  if (swapAreaBytes() > capacity) return E.ERR_VM_SWAP;
  const entryCapacity = frames + swapPages;
  let buckets: u32 = 16;
  while (buckets < <u32>entryCapacity * 2) buckets <<= 1;
  hashMask = buckets - 1;
  hashShift = 64 - <u64>ctz<u32>(buckets);
  const n = <usize>entryCapacity;
  const f = <usize>frames;
  hashPtr = reserve(<usize>buckets << 2);
  entryPage = reserve(n << 3);
  entryFrame = reserve(n << 2);
  entrySlot = reserve(n << 2);
  freeEntries = reserve(n << 2);
  frameOwner = reserve(f << 2);
  frameFlags = reserve(f);
  framePrev = reserve(f << 2);
  frameNext = reserve(f << 2);
  if (hashPtr == 0 || entryPage == 0 || entryFrame == 0 || entrySlot == 0 || freeEntries == 0 ||
    frameOwner == 0 || frameFlags == 0 || framePrev == 0 || frameNext == 0) return E.ERR_MEMORY;
  memory.fill(hashPtr, 0, <usize>buckets << 2);
  freeEntryCount = 0;
  entriesUsed = 0;
  framesUsed = 0;
  lruHead = lruTail = NONE;
  clockHand = 0;
  slotsUsed = 0;
  active = true;
  return E.OK;
}

/** Back the virtual range [vaddr, vaddr + bytes) by the device from byte `deviceOffset` (page-aligned). */
export function mapFile(vaddr: u64, bytes: u64, deviceOffset: u64): void {
  fileFirst = vaddr >>> pageShift;
  fileEnd = (vaddr + bytes + pageBytes() - 1) >>> pageShift;
  fileDevice = deviceOffset;
}

/** Touching `page` changes nothing: it was the last page touched, and is dirty already if this is a write. */
// @ts-ignore: decorator
@inline function pageSettled(page: u64, write: bool): bool {
  return page == lastPage && (lastDirty || !write);
}

/**
 * For a reference within one page: touchPages(addr, size, write) when the
 * page is resident (no fault, no cycles, no clock), returning true; false,
 * having changed nothing, when it is not (or the reference spans pages).
 */
// @ts-ignore: decorator
@inline export function touchResidentPage(addr: u64, size: i32, write: bool): bool {
  const page = addr >>> pageShift;
  if ((addr + <u64>(size - 1)) >>> pageShift != page) return false;
  return pageSettled(page, write) || touchResident(page, write);
}

/**
 * Touch every page of [addr, addr + size) for a reference; returns the cycles
 * its faults cost (0 when every page is resident), or VM_FAILED when swap is full.
 */
export function touchPages(addr: u64, size: i32, write: bool): u64 {
  const first = addr >>> pageShift;
  let last = (addr + <u64>(size - 1)) >>> pageShift;
  if (last < first) last = first;
  let cycles: u64 = 0;
  for (let page = first; page <= last; page++) {
    if (pageSettled(page, write)) continue;
    const c = touch(page, write);
    if (c == VM_FAILED) return VM_FAILED;
    cycles += c;
  }
  return cycles;
}

// @ts-ignore: decorator
@inline function bucketOf(page: u64): u32 {
  return <u32>((page * 0x9E37_79B9_7F4A_7C15) >>> hashShift);
}

/** The entry of `page`, or NONE. */
function findEntry(page: u64): i32 {
  let b = bucketOf(page);
  while (true) {
    const e = load<u32>(hashPtr + (<usize>b << 2));
    if (e == 0) return NONE;
    if (load<u64>(entryPage + (<usize>(e - 1) << 3)) == page) return <i32>(e - 1);
    b = (b + 1) & hashMask;
  }
}

function newEntry(page: u64): i32 {
  let e: i32;
  if (freeEntryCount > 0) {
    freeEntryCount--;
    e = load<i32>(freeEntries + (<usize>freeEntryCount << 2));
  } else {
    e = entriesUsed++;
  }
  store<u64>(entryPage + (<usize>e << 3), page);
  store<i32>(entryFrame + (<usize>e << 2), NONE);
  store<i32>(entrySlot + (<usize>e << 2), NONE);
  let b = bucketOf(page);
  while (load<u32>(hashPtr + (<usize>b << 2)) != 0) b = (b + 1) & hashMask;
  store<u32>(hashPtr + (<usize>b << 2), <u32>e + 1);
  return e;
}

/** Remove entry `e` (linear probing: shift later members of its cluster back). */
function deleteEntry(e: i32): void {
  let b = bucketOf(load<u64>(entryPage + (<usize>e << 3)));
  while (load<u32>(hashPtr + (<usize>b << 2)) != <u32>e + 1) b = (b + 1) & hashMask;
  let hole = b;
  let next = (b + 1) & hashMask;
  while (true) {
    const x = load<u32>(hashPtr + (<usize>next << 2));
    if (x == 0) break;
    const home = bucketOf(load<u64>(entryPage + (<usize>(x - 1) << 3)));
    // x may move into the hole if its home is not in (hole, next] (cyclically)
    if (((next - home) & hashMask) >= ((next - hole) & hashMask)) {
      store<u32>(hashPtr + (<usize>hole << 2), x);
      hole = next;
    }
    next = (next + 1) & hashMask;
  }
  store<u32>(hashPtr + (<usize>hole << 2), 0);
  store<i32>(freeEntries + (<usize>freeEntryCount << 2), e);
  freeEntryCount++;
}

// @ts-ignore: decorator
@inline function isFilePage(page: u64): bool {
  return page >= fileFirst && page < fileEnd;
}

// @ts-ignore: decorator
@inline function filePageOffset(page: u64): u64 {
  return fileDevice + ((page - fileFirst) << pageShift);
}

/** Touch `page` if it is resident: update the replacement state and return true; else false (nothing changed). */
function touchResident(page: u64, write: bool): bool {
  const e = findEntry(page);
  if (e == NONE) return false;
  const frame = load<i32>(entryFrame + (<usize>e << 2));
  if (frame == NONE) return false;
  const flags = load<u8>(frameFlags + <usize>frame) | REFERENCED | (write ? DIRTY : 0);
  store<u8>(frameFlags + <usize>frame, flags);
  if (policy == PAGE_LRU) makeMostRecent(frame);
  lastPage = page;
  lastDirty = (flags & DIRTY) != 0;
  return true;
}

/** Touch one page: a hit updates the replacement state; a miss faults. */
function touch(page: u64, write: bool): u64 {
  if (touchResident(page, write)) return 0;
  let e = findEntry(page);
  // A fault: the handler runs, a frame is found (evicting if RAM is full), the page is read in.
  let cycles = handlerCycles;
  spendInRecord(handlerCycles);
  let frame: i32;
  if (framesUsed < frames) {
    frame = framesUsed++;
  } else {
    frame = chooseVictim();
    const c = evict(frame);
    if (c == VM_FAILED) return VM_FAILED;
    cycles += c;
  }
  if (e == NONE) {
    e = newEntry(page);
    if (isFilePage(page)) cycles += readPage(filePageOffset(page));
    else bump(G_MINOR_FAULTS);
  } else {
    cycles += readPage(<u64>load<i32>(entrySlot + (<usize>e << 2)) << pageShift);
  }
  store<i32>(entryFrame + (<usize>e << 2), frame);
  store<i32>(frameOwner + (<usize>frame << 2), e);
  store<u8>(frameFlags + <usize>frame, REFERENCED | (write ? DIRTY : 0));
  if (policy == PAGE_LRU) insertMostRecent(frame);
  lastPage = page;
  lastDirty = write;
  bump(G_FAULT_CYCLES, cycles);
  return cycles;
}

/** A major fault's read of one page from the device. */
function readPage(offset: u64): u64 {
  bump(G_PAGE_FAULTS);
  const c = storageRead(offset, <u32>pageBytes(), recordTime());
  spendInRecord(c);
  return c;
}

/** Free `frame`: write its page back if dirty, then drop or keep its entry. */
function evict(frame: i32): u64 {
  const e = load<i32>(frameOwner + (<usize>frame << 2));
  const page = load<u64>(entryPage + (<usize>e << 3));
  let slot = load<i32>(entrySlot + (<usize>e << 2));
  const file = isFilePage(page);
  let cycles: u64 = 0;
  if ((load<u8>(frameFlags + <usize>frame) & DIRTY) != 0) {
    let offset: u64;
    if (file) {
      offset = filePageOffset(page);
    } else {
      if (slot == NONE) {
        if (slotsUsed >= swapPages) return VM_FAILED;
        slot = slotsUsed++;
        store<i32>(entrySlot + (<usize>e << 2), slot);
      }
      offset = <u64>slot << pageShift;
    }
    bump(G_PAGE_WRITEBACKS);
    cycles = storageWrite(offset, <u32>pageBytes(), recordTime());
    spendInRecord(cycles);
  }
  bump(G_PAGE_EVICTIONS);
  if (policy == PAGE_LRU) unlink(frame);
  if (lastPage == page) lastPage = 0xFFFF_FFFF_FFFF_FFFF;
  if (file || slot == NONE) deleteEntry(e); // nothing to keep: the file or a zero page has it
  else store<i32>(entryFrame + (<usize>e << 2), NONE);
  return cycles;
}

function chooseVictim(): i32 {
  if (policy == PAGE_LRU) return lruTail;
  // CLOCK: sweep, clearing reference bits, to the first frame not referenced since the last sweep.
  while (true) {
    const p = frameFlags + <usize>clockHand;
    const flags = load<u8>(p);
    const frame = clockHand;
    clockHand = clockHand + 1 == frames ? 0 : clockHand + 1;
    if ((flags & REFERENCED) == 0) return frame;
    store<u8>(p, flags & ~REFERENCED);
  }
}

// The LRU list: a doubly linked list over frames, most recent at the head.

function unlink(frame: i32): void {
  const prev = load<i32>(framePrev + (<usize>frame << 2));
  const next = load<i32>(frameNext + (<usize>frame << 2));
  if (prev != NONE) store<i32>(frameNext + (<usize>prev << 2), next);
  else lruHead = next;
  if (next != NONE) store<i32>(framePrev + (<usize>next << 2), prev);
  else lruTail = prev;
}

function insertMostRecent(frame: i32): void {
  store<i32>(framePrev + (<usize>frame << 2), NONE);
  store<i32>(frameNext + (<usize>frame << 2), lruHead);
  if (lruHead != NONE) store<i32>(framePrev + (<usize>lruHead << 2), frame);
  else lruTail = frame;
  lruHead = frame;
}

function makeMostRecent(frame: i32): void {
  if (lruHead == frame) return;
  unlink(frame);
  insertMostRecent(frame);
}
