// The stats block: an array of u64 counters at a fixed place in linear memory.
// The host reads it through a BigUint64Array view; names come from STATS_SCHEMA,
// so adding a counter means adding it here and in the schema, nowhere else.
//
// Layout: GLOBAL_COUNT global counters, then LEVEL_COUNT blocks of LEVEL_STRIDE
// per-level counters (levels in the order l1i, l1d, l2, l3).

export const LEVELS = 4;

// Global counters
export const G_RECORDS = 0; // trace records simulated
export const G_INSTRUCTIONS = 1; // instruction fetch records (Ir)
export const G_LINES = 2; // text lines consumed by the parsers (for error line numbers)
export const G_CYCLES = 3; // sum of access latencies (generic mode)
export const G_MEM_READS = 4; // lines read from memory
export const G_MEM_WRITES = 5; // lines (or write-through words) written to memory
export const G_MEM_READ_BYTES = 6;
export const G_MEM_WRITE_BYTES = 7;
export const G_FLUSHES = 8; // din flush records (label 4)
// DRAM model (memory/dram.ts); all zero in the fixed-latency model
export const G_DRAM_READS = 9; // read requests served by the DRAM
export const G_DRAM_WRITES = 10; // write requests (posted)
export const G_ROW_HITS = 11; // requests (reads and writes) that found their row open
export const G_ROW_EMPTY = 12; // requests to a bank with no open row
export const G_ROW_CONFLICTS = 13; // requests that had to close another row first
export const G_REFRESHES = 14; // refresh commands (one per rank per tREFI)
export const G_DRAM_BUS_CYCLES = 15; // core cycles the data buses carried bursts
export const G_DRAM_WAIT_CYCLES = 16; // cycles reads waited for a bank, rank window, bus or refresh
// Virtual memory (memory/vm.ts); all zero without one
export const G_PAGE_FAULTS = 17; // major faults: the page was read from storage (swap or file)
export const G_MINOR_FAULTS = 18; // first touches of anonymous pages (zero-filled, no I/O)
export const G_PAGE_EVICTIONS = 19; // resident pages replaced to make room
export const G_PAGE_WRITEBACKS = 20; // dirty victims written to storage
export const G_FAULT_CYCLES = 21; // cycles of all faults (handler, write-back, read)
// Storage (memory/storage.ts, ssd.ts, hdd.ts)
export const G_STORAGE_READS = 22; // device read requests
export const G_STORAGE_WRITES = 23; // device write requests
export const G_STORAGE_READ_BYTES = 24;
export const G_STORAGE_WRITE_BYTES = 25;
export const G_STORAGE_CYCLES = 26; // sum of request latencies (issue to completion)
export const G_SSD_PROGRAMS = 27; // flash pages programmed (host data and GC copies)
export const G_SSD_GC_COPIES = 28; // valid 4 KiB units moved by garbage collection
export const G_SSD_ERASES = 29; // blocks erased
export const G_HDD_SEEKS = 30; // requests that moved the arm to another cylinder
export const G_HDD_SEEK_CYCLES = 31; // arm movement (seeks and head switches)
export const G_HDD_ROTATION_CYCLES = 32; // waiting for the first sector to come under the head
export const G_HDD_TRANSFER_CYCLES = 33; // sectors passing under the head
export const GLOBAL_COUNT = 34;

// Per-level counters (index within a level's block)
export const S_ACCESS = 0; // + kind: 0 instruction, 1 read, 2 write
export const S_MISS = 3; // + kind
export const S_EVICTIONS = 6; // valid lines replaced
export const S_WRITEBACKS = 7; // dirty lines written to the level below
export const S_BACK_INVALIDATIONS = 8; // upper-level lines invalidated to keep inclusion
export const S_COMPULSORY = 9; // 3C classification (when enabled)
export const S_CAPACITY = 10;
export const S_CONFLICT = 11; // two's complement: DineroIV's conflict count can be negative
export const S_WRITE_THROUGHS = 12; // writes forwarded below by a write-through or no-allocate miss
export const S_BYTES_IN = 13; // bytes fetched from the level below (line fills)
export const S_BYTES_OUT = 14; // bytes sent to the level below (write-backs, write-throughs, victims)
export const LEVEL_STRIDE = 15;

/** Storage request latencies: bucket b counts requests of [2^b, 2^(b+1)) cycles (bucket 0 also 0). */
export const HISTOGRAM_BUCKETS = 48;
export const HISTOGRAM_START = GLOBAL_COUNT + LEVELS * LEVEL_STRIDE;

/**
 * The emulated Python heap's accesses by category (assembly/heap/memory.ts):
 * CATEGORY_COUNT blocks of CATEGORY_STRIDE counters after the histogram.
 */
export const CATEGORY_COUNT = 5; // mutator, alloc, free, refcount, gc
export const C_REFERENCES = 0; // heap loads and stores simulated
export const C_CYCLES = 1; // their cycles
export const C_MEM_READS = 2; // lines they read from memory (misses of every level)
export const CATEGORY_STRIDE = 3;
export const CATEGORY_START = HISTOGRAM_START + HISTOGRAM_BUCKETS;

export const STATS_COUNT = CATEGORY_START + CATEGORY_COUNT * CATEGORY_STRIDE;

/** Names in index order: "global:" names, "level:" field names, "levels:" level names, "histogram:" name and bucket count. */
export const STATS_SCHEMA =
  "global:records,instructions,lines,cycles,memReads,memWrites,memReadBytes,memWriteBytes,flushes," +
  "dramReads,dramWrites,rowHits,rowEmpty,rowConflicts,refreshes,dramBusCycles,dramWaitCycles," +
  "pageFaults,minorFaults,pageEvictions,pageWritebacks,faultCycles," +
  "storageReads,storageWrites,storageReadBytes,storageWriteBytes,storageCycles," +
  "ssdPrograms,ssdGcCopies,ssdErases,hddSeeks,hddSeekCycles,hddRotationCycles,hddTransferCycles;" +
  "level:accessI,accessR,accessW,missI,missR,missW,evictions,writebacks,backInvalidations," +
  "compulsory,capacity,conflict,writeThroughs,bytesIn,bytesOut;" +
  "levels:l1i,l1d,l2,l3;" +
  "histogram:storageLatency,48;" +
  "categories:mutator,alloc,free,refcount,gc;" +
  "category:references,cycles,memReads";

export const STATS_PTR: usize = memory.data(STATS_COUNT * 8, 64);

// @ts-ignore: decorator
@inline export function statPtr(index: i32): usize {
  return STATS_PTR + (<usize>index << 3);
}

// @ts-ignore: decorator
@inline export function levelStatPtr(level: i32, field: i32): usize {
  return STATS_PTR + (<usize>(GLOBAL_COUNT + level * LEVEL_STRIDE + field) << 3);
}

// @ts-ignore: decorator
@inline export function bump(index: i32, by: u64 = 1): void {
  const p = statPtr(index);
  store<u64>(p, load<u64>(p) + by);
}

// @ts-ignore: decorator
@inline export function bumpLevel(level: i32, field: i32, by: u64 = 1): void {
  const p = levelStatPtr(level, field);
  store<u64>(p, load<u64>(p) + by);
}

// @ts-ignore: decorator
@inline export function categoryStatPtr(category: i32, field: i32): usize {
  return STATS_PTR + (<usize>(CATEGORY_START + category * CATEGORY_STRIDE + field) << 3);
}

/** Count one storage request of `cycles` in the latency histogram. */
export function countLatency(cycles: u64): void {
  const bucket = cycles == 0 ? 0 : 63 - <i32>clz(cycles);
  const p = statPtr(HISTOGRAM_START + min(bucket, HISTOGRAM_BUCKETS - 1));
  store<u64>(p, load<u64>(p) + 1);
}

export function clearStats(): void {
  memory.fill(STATS_PTR, 0, STATS_COUNT * 8);
}
