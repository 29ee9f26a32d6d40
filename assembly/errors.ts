// Return codes of the exported ABI. Negative values are errors; the host turns
// each into a sentence that names the file, line, option or value at fault
// (host/core.ts). Never renumber: they are part of the documented ABI.

export const OK: i32 = 0;

// Trace input
export const ERR_SYNTAX: i32 = -1; // a line that is not in the expected format
export const ERR_ADDRESS: i32 = -2; // an address that is not a canonical 48-bit address
export const ERR_SIZE: i32 = -3; // an access size of 0 or more than 4096 bytes
export const ERR_LENGTH: i32 = -4; // a length argument outside the input buffer

// Machine configuration
export const ERR_LEVEL: i32 = -10; // no such level index
export const ERR_LINE: i32 = -11; // line size not a power of two, or under 4 bytes
export const ERR_ASSOC: i32 = -12; // associativity below 1
export const ERR_SETS: i32 = -13; // size / (assoc x line) is not a power of two between 1 and 2^30
export const ERR_POLICY: i32 = -14; // unknown replacement policy
export const ERR_PLRU_WAYS: i32 = -15; // tree-PLRU needs a power-of-two associativity of at most 64
export const ERR_INCLUSION: i32 = -16; // unknown inclusion, or inclusion across levels whose lines differ
export const ERR_MEMORY: i32 = -17; // the configuration does not fit in linear memory
export const ERR_NOT_CONFIGURED: i32 = -18; // simulate called before a successful configure
export const ERR_MODE: i32 = -19; // unknown mode; cachegrind mode needs L1i, L1d and L2 (LL), all LRU, no L3; access() in cachegrind mode
export const ERR_LATENCY: i32 = -20; // negative latency; setBaseCpi: a CPI outside 0..10^6

// DRAM configuration (memory/dram.ts, docs/dram.md)
export const ERR_DRAM_COUNT: i32 = -30; // a channel, rank, bank group, bank, row or column count that is not a power of two >= 1
export const ERR_DRAM_SIZE: i32 = -31; // beyond the model's limits: 32 channels, 128 ranks, 2048 banks, 2^24 rows or columns, 48 address bits
export const ERR_DRAM_BURST: i32 = -32; // bus width not a power of two of 8..1024 bits, burst length not a power of two of 2..64, or fewer columns than a burst
export const ERR_DRAM_MAPPING: i32 = -33; // the address mapping does not place every field in its own bits, without gaps
export const ERR_DRAM_POLICY: i32 = -34; // unknown page policy or memory model
export const ERR_DRAM_CLOCK: i32 = -35; // tCK (ps) or the core frequency (MHz) outside 1..10^6
export const ERR_DRAM_TIMING: i32 = -36; // a timing parameter out of range (CL, tRCD, tRP, tRAS, tRC at least 1; others at least 0; all below 2^24)
export const ERR_DRAM_ORDER: i32 = -37; // inconsistent timing: CL > tRC, tRCD > tRAS, tRAS > tRC, or tRFC >= tREFI
export const ERR_DRAM_NOT_CONFIGURED: i32 = -38; // the DRAM model was selected before its geometry and timing were configured

// Synthetic workloads (workloads/, docs/workloads.md)
export const ERR_WORKLOAD_KIND: i32 = -50; // unknown workload number
export const ERR_WORKLOAD_PARAM: i32 = -51; // a count, stride, size or n that is not a whole number >= 1 (size: >= 0), or alpha outside (0, 16]
export const ERR_WORKLOAD_SIZE: i32 = -52; // a region too small: size 0 (under 8 bytes for random, one 64-byte line for zipf and pointer-chase), or stencil n < 3; hostChaseSetup outside 2..2^24 whole lines
export const ERR_WORKLOAD_RANGE: i32 = -53; // the data beyond the emulated data range (2^40 bytes), pointer-chase over more than 2^26 lines, or n > 2^20
export const ERR_WORKLOAD_RECORDS: i32 = -54; // the run would emit more than 2^40 records
export const ERR_WORKLOAD_MEMORY: i32 = -55; // the pointer-chase permutation does not fit in linear memory
export const ERR_WORKLOAD_CAPTURE: i32 = -56; // capture mode is on (setCapture(0) first)
export const ERR_WORKLOAD_FILE: i32 = -57; // file-read needs virtual memory and a storage device, and the file must fit on the device after the swap area

// The emulated Python heap (heap/, docs/heap.md)
export const ERR_HEAP_CONFIG: i32 = -70; // a heap limit outside 1 MiB..2 GiB (whole arenas), or heapInit outside generic mode; heapSetObjectLayouts: a version other than 11 or 12
export const ERR_HEAP_MEMORY: i32 = -71; // MemoryError: the heap limit is reached
export const ERR_HEAP_NOT_READY: i32 = -72; // no heap: heapInit after every initMachine
export const ERR_HEAP_ADDRESS: i32 = -73; // an address that is not a block of the emulated heap
export const ERR_OBJECT: i32 = -74; // not a live object of the emulated heap, or not of the type the operation needs
export const ERR_INDEX: i32 = -75; // IndexError: an index out of range (or a root slot, a frame slot, an int's digit count)
export const ERR_KEY: i32 = -76; // KeyError (or AttributeError): the key or attribute is not there
export const ERR_UNHASHABLE: i32 = -77; // TypeError: unhashable type (list, dict, set) used as a key
export const ERR_CLASSES: i32 = -78; // too many classes (224), or an argument that is not a number the operation takes

// Storage (memory/ssd.ts, memory/hdd.ts, memory/storage.ts, docs/storage.md)
export const ERR_SSD_GEOMETRY: i32 = -60; // an SSD count below 1, a page not a multiple of 4 KiB up to 64 KiB, or more than 2^25 4 KiB units or fewer than 8 blocks per plane
export const ERR_SSD_TIMING: i32 = -61; // an SSD latency or channel rate not a finite number above 0 (below 10^12), or a core clock outside 1..10^6 MHz
export const ERR_SSD_SPACE: i32 = -62; // over-provisioning outside [0.02, 0.5], the GC threshold outside (0, 0.25], fill outside [0, 1], or too little over-provisioning for the GC threshold: the fullest plane's units must fit in fewer than blocksPerPlane - max(2, ceil(gcThreshold x blocksPerPlane)) blocks
export const ERR_HDD_GEOMETRY: i32 = -63; // rpm outside 1000..30000, cylinders outside 1..2^24, heads outside 1..256, zones outside 1..1024 or above the cylinders, sectors per track outside 1..65536 or inner above outer, or more than 2^40 sectors
export const ERR_HDD_TIMING: i32 = -64; // a seek coefficient or the head switch time negative, not finite or not below 10^12 ns, or a core clock outside 1..10^6 MHz
export const ERR_STORAGE_MODEL: i32 = -65; // unknown storage model, or a model selected before it was configured
export const ERR_STORAGE_RANGE: i32 = -66; // a request outside the device's capacity
export const ERR_STORAGE_FULL: i32 = -67; // swap is full: the run touches more pages than RAM plus swap hold
export const ERR_VM_CONFIG: i32 = -68; // page size not a power of two of 4 KiB..1 GiB, RAM smaller than one page or above 2^24 pages, an unknown replacement policy, a fault time outside 0..10^12 ns or a core clock outside 1..10^6 MHz
export const ERR_VM_SWAP: i32 = -69; // the swap area is larger than the device, or above 2^24 pages, or virtual memory needs a storage device
