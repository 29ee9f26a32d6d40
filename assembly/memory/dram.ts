// The DRAM timing model: what a line read or write costs below the last cache
// level when memory is a DRAM (docs/dram.md). Per-bank row-buffer state and
// per-rank/per-channel timing windows live in static linear memory; nothing is
// allocated per access and every time is an integer number of core cycles.
//
// Geometry. A request's address is split, after dropping the byte offset
// inside one burst (busBits/8 x burstLength bytes), into six bit fields:
// channel, rank, bank group, bank, row and column (in bursts: columns /
// burstLength of them per row). Every count is a power of two and each field
// sits at the shift the host computed from the mapping string (for example
// "RoBaRaCoCh", host/config/dram.ts); the core never parses strings. Address
// bits above the highest field are ignored (the DRAM wraps).
//
// Time. Timing parameters arrive in DRAM clock cycles (tCK in picoseconds) and
// are converted once, at configuration, to core cycles with
// ceil(n x tCK_ps x coreMHz / 10^6) in 64-bit integers: the same cycles in
// every runtime. A read costs, from the cycle it is issued:
//   row hit            CL + burst
//   empty bank         tRCD + CL + burst
//   row conflict       tRP + tRCD + CL + burst
// plus any wait: for the bank (tRAS, tRC, tRTP, tWR before a precharge; tRC
// between activates; refresh), the rank (tRRD_S/L and tFAW between activates,
// tCCD_S/L between column commands, tWTR_S/L from write data to a read) and
// the channel's data bus. Writes are posted: they cost the core nothing, but
// they occupy the bank and the bus and delay the reads behind them.

import {
  bump, G_DRAM_READS, G_DRAM_WRITES, G_ROW_HITS, G_ROW_EMPTY, G_ROW_CONFLICTS,
  G_REFRESHES, G_DRAM_BUS_CYCLES, G_DRAM_WAIT_CYCLES,
} from "../stats";
import * as E from "../errors";

// Limits of the static state below (docs/dram.md).
export const MAX_CHANNELS: i32 = 32;
export const MAX_RANKS: i32 = 128; // channels x ranks
export const MAX_BANKS: i32 = 2048; // channels x ranks x bank groups x banks
export const MAX_FIELD_COUNT: i32 = 1 << 24; // rows; other counts are smaller
const MAX_TIMING: i32 = (1 << 24) - 1; // any parameter, in DRAM clock cycles: below 2^24

export const PAGE_OPEN: i32 = 0;
export const PAGE_CLOSED: i32 = 1;

const NO_ROW: u64 = 0xFFFF_FFFF_FFFF_FFFF;

// Per-bank state: 8 u64 (64 bytes) per bank.
const B_ROW = 0; // open row, or NO_ROW
const B_NEXT_ACT = 8; // earliest activate (tRC since the last one, tRP after a precharge, refresh)
const B_NEXT_PRE = 16; // earliest precharge (tRAS, tRTP after a read, tWR after write data)
const B_NEXT_COL = 24; // earliest column command (tRCD after the activate)
const B_ACT_AT = 32; // when the open row was activated
const BANK_BYTES: i32 = 64;

// Per-rank state: 16 u64 (128 bytes) per rank.
const R_LAST_ACT = 0; // time of the last activate (tRRD)
const R_LAST_ACT_BG = 8; // its bank group + 1 (0: none yet)
const R_FAW = 16; // the last four activates, a ring of 4 u64 (tFAW)
const R_FAW_NEXT = 48; // ring index
const R_LAST_COL = 56; // time of the last column command (tCCD)
const R_LAST_COL_BG = 64; // its bank group + 1 (0: none yet)
const R_LAST_WR_END = 72; // end of the last write's data (tWTR)
const R_LAST_WR_BG = 80; // its bank group + 1 (0: none yet)
const RANK_BYTES: i32 = 128;

const BANKS_PTR: usize = memory.data(MAX_BANKS * BANK_BYTES, 64);
const RANKS_PTR: usize = memory.data(MAX_RANKS * RANK_BYTES, 64);
const BUS_PTR: usize = memory.data(MAX_CHANNELS * 8, 64); // per channel: data bus free at

// Geometry (valid once geometryOk)
let geometryOk = false;
let channels: i32 = 1;
let ranks: i32 = 1;
let bankGroups: i32 = 1;
let banks: i32 = 1; // per bank group
let burstBits: i32 = 6; // log2 of bytes per burst
let burstLength: i32 = 8; // beats per burst
let pagePolicy: i32 = PAGE_OPEN;
let shCh: u64 = 0, mCh: u64 = 0;
let shRa: u64 = 0, mRa: u64 = 0;
let shBg: u64 = 0, mBg: u64 = 0;
let shBa: u64 = 0, mBa: u64 = 0;
let shRo: u64 = 0, mRo: u64 = 0;

// Timing, in core cycles (valid once timingOk)
let timingOk = false;
let tCL: u64 = 0, tCWL: u64 = 0, tRCD: u64 = 0, tRP: u64 = 0, tRAS: u64 = 0, tRC: u64 = 0;
let tRTP: u64 = 0, tWR: u64 = 0, tCCDS: u64 = 0, tCCDL: u64 = 0, tRRDS: u64 = 0, tRRDL: u64 = 0;
let tFAW: u64 = 0, tWTRS: u64 = 0, tWTRL: u64 = 0, tREFI: u64 = 0, tRFC: u64 = 0;
let tBurst: u64 = 0; // one burst on the data bus: burstLength / 2 DRAM clocks (double data rate)
let tBurstGap: u64 = 0; // between the bursts of one request to one bank: max(burst, tCCD_L)

let tckPsSet: i32 = 0; // as given, for the burst time
let coreMHzSet: i32 = 0;

let nextRefresh: u64 = 0; // core cycle of the next refresh of every rank (0: refresh off)

export function dramConfigured(): bool {
  return geometryOk && timingOk;
}

function isPow2(n: i32): bool {
  return n >= 1 && (n & (n - 1)) == 0;
}

function bitsOf(n: i32): i32 {
  return ctz<i32>(n);
}

/**
 * Geometry, page policy and address mapping. Counts are powers of two; columns
 * are device columns per row (a burst covers burstLength of them); the shifts
 * place each field above the burst offset (field 0 at shift 0 is the least
 * significant). Returns OK or an error code; any error leaves the DRAM unconfigured.
 */
export function configureGeometry(
  nChannels: i32, nRanks: i32, nBankGroups: i32, nBanks: i32, nRows: i32, nColumns: i32,
  busBits: i32, bl: i32, policy: i32,
  sCh: i32, sRa: i32, sBg: i32, sBa: i32, sRo: i32, sCo: i32,
): i32 {
  geometryOk = false;
  if (!isPow2(nChannels) || !isPow2(nRanks) || !isPow2(nBankGroups) || !isPow2(nBanks) ||
      !isPow2(nRows) || !isPow2(nColumns)) return E.ERR_DRAM_COUNT;
  if (nChannels > MAX_CHANNELS || nRows > MAX_FIELD_COUNT || nColumns > MAX_FIELD_COUNT ||
      nChannels * nRanks > MAX_RANKS || nRanks > MAX_RANKS || nBankGroups > MAX_BANKS || nBanks > MAX_BANKS ||
      <i64>nChannels * nRanks * nBankGroups * nBanks > <i64>MAX_BANKS) return E.ERR_DRAM_SIZE;
  if (busBits < 8 || busBits > 1024 || !isPow2(busBits) || bl < 2 || bl > 64 || !isPow2(bl) || nColumns < bl) return E.ERR_DRAM_BURST;
  if (policy != PAGE_OPEN && policy != PAGE_CLOSED) return E.ERR_DRAM_POLICY;
  // The six fields must tile [0, total) exactly: disjoint, no gaps.
  const wCh = bitsOf(nChannels), wRa = bitsOf(nRanks), wBg = bitsOf(nBankGroups);
  const wBa = bitsOf(nBanks), wRo = bitsOf(nRows), wCo = bitsOf(nColumns / bl);
  const total = wCh + wRa + wBg + wBa + wRo + wCo;
  fieldsUsed = 0;
  if (!placeField(sCh, wCh, total) || !placeField(sRa, wRa, total) || !placeField(sBg, wBg, total) ||
      !placeField(sBa, wBa, total) || !placeField(sRo, wRo, total) || !placeField(sCo, wCo, total)) return E.ERR_DRAM_MAPPING;
  const bBits = bitsOf(busBits >> 3) + bitsOf(bl);
  if (total + bBits > 48) return E.ERR_DRAM_SIZE;
  channels = nChannels;
  ranks = nRanks;
  bankGroups = nBankGroups;
  banks = nBanks;
  burstLength = bl;
  burstBits = bBits;
  pagePolicy = policy;
  shCh = <u64>(sCh + bBits); mCh = <u64>(nChannels - 1);
  shRa = <u64>(sRa + bBits); mRa = <u64>(nRanks - 1);
  shBg = <u64>(sBg + bBits); mBg = <u64>(nBankGroups - 1);
  shBa = <u64>(sBa + bBits); mBa = <u64>(nBanks - 1);
  shRo = <u64>(sRo + bBits); mRo = <u64>(nRows - 1);
  geometryOk = true;
  resetDram();
  return E.OK;
}

let fieldsUsed: u64 = 0;

/** Claim bits [shift, shift+width) of a `total`-bit DRAM address; false if outside or taken. */
function placeField(shift: i32, width: i32, total: i32): bool {
  if (width == 0) return true; // a field of one value has no bits; its shift does not matter
  if (shift < 0 || shift > 64 || shift + width > total) return false;
  const mask = ((<u64>1 << <u64>width) - 1) << <u64>shift;
  if ((fieldsUsed & mask) != 0) return false;
  fieldsUsed |= mask;
  return true;
}

/** ceil(n tCK in core cycles): n x tCK_ps x MHz / 10^6, rounded up. */
function cyclesOf(n: i32, tckPs: i32, mhz: i32): u64 {
  const num = <u64>n * <u64>tckPs * <u64>mhz;
  return (num + 999_999) / 1_000_000;
}

/**
 * Timing parameters in DRAM clock cycles, tCK in picoseconds, the core clock
 * in MHz. tREFI 0 turns refresh off. Needs the burst length of configureGeometry.
 */
export function configureTiming(
  tckPs: i32, coreMHz: i32,
  cl: i32, cwl: i32, rcd: i32, rp: i32, ras: i32, rc: i32, rtp: i32, wr: i32,
  ccdS: i32, ccdL: i32, rrdS: i32, rrdL: i32, faw: i32, wtrS: i32, wtrL: i32,
  refi: i32, rfc: i32,
): i32 {
  timingOk = false;
  if (tckPs < 1 || tckPs > 1_000_000 || coreMHz < 1 || coreMHz > 1_000_000) return E.ERR_DRAM_CLOCK;
  if (cl < 1 || rcd < 1 || rp < 1 || ras < 1 || rc < 1) return E.ERR_DRAM_TIMING;
  if (cwl < 0 || rtp < 0 || wr < 0 || ccdS < 0 || ccdL < 0 || rrdS < 0 || rrdL < 0 || faw < 0 ||
      wtrS < 0 || wtrL < 0 || refi < 0 || rfc < 0) return E.ERR_DRAM_TIMING;
  if (cl > MAX_TIMING || cwl > MAX_TIMING || rcd > MAX_TIMING || rp > MAX_TIMING || ras > MAX_TIMING ||
      rc > MAX_TIMING || rtp > MAX_TIMING || wr > MAX_TIMING || ccdS > MAX_TIMING || ccdL > MAX_TIMING ||
      rrdS > MAX_TIMING || rrdL > MAX_TIMING || faw > MAX_TIMING || wtrS > MAX_TIMING || wtrL > MAX_TIMING ||
      refi > MAX_TIMING || rfc > MAX_TIMING) return E.ERR_DRAM_TIMING;
  // Relations every real part satisfies: a row stays open at least until its
  // first read has been sent, and the row cycle covers the read latency.
  if (cl > rc || rcd > ras || ras > rc) return E.ERR_DRAM_ORDER;
  if (refi > 0 && rfc >= refi) return E.ERR_DRAM_ORDER;
  tCL = cyclesOf(cl, tckPs, coreMHz);
  tCWL = cyclesOf(cwl, tckPs, coreMHz);
  tRCD = cyclesOf(rcd, tckPs, coreMHz);
  tRP = cyclesOf(rp, tckPs, coreMHz);
  tRAS = cyclesOf(ras, tckPs, coreMHz);
  tRC = cyclesOf(rc, tckPs, coreMHz);
  tRTP = cyclesOf(rtp, tckPs, coreMHz);
  tWR = cyclesOf(wr, tckPs, coreMHz);
  tCCDS = cyclesOf(ccdS, tckPs, coreMHz);
  tCCDL = cyclesOf(ccdL, tckPs, coreMHz);
  tRRDS = cyclesOf(rrdS, tckPs, coreMHz);
  tRRDL = cyclesOf(rrdL, tckPs, coreMHz);
  tFAW = cyclesOf(faw, tckPs, coreMHz);
  tWTRS = cyclesOf(wtrS, tckPs, coreMHz);
  tWTRL = cyclesOf(wtrL, tckPs, coreMHz);
  tREFI = cyclesOf(refi, tckPs, coreMHz);
  tRFC = cyclesOf(rfc, tckPs, coreMHz);
  tckPsSet = tckPs;
  coreMHzSet = coreMHz;
  timingOk = true;
  resetDram();
  return E.OK;
}

/** Every bank closed and idle, every window empty, time 0. Called by initMachine. */
export function resetDram(): void {
  memory.fill(BANKS_PTR, 0, <usize>(MAX_BANKS * BANK_BYTES));
  memory.fill(RANKS_PTR, 0, <usize>(MAX_RANKS * RANK_BYTES));
  memory.fill(BUS_PTR, 0, <usize>(MAX_CHANNELS * 8));
  const nb = channels * ranks * bankGroups * banks;
  for (let i = 0; i < nb; i++) store<u64>(BANKS_PTR + <usize>(i * BANK_BYTES) + B_ROW, NO_ROW);
  // burstLength beats at double data rate take burstLength / 2 DRAM clocks;
  // computed here because geometry and timing may arrive in either order.
  tBurst = cyclesOf(burstLength >> 1, tckPsSet, coreMHzSet);
  tBurstGap = tBurst > tCCDL ? tBurst : tCCDL;
  nextRefresh = tREFI;
}

// @ts-ignore: decorator
@inline function max64(a: u64, b: u64): u64 {
  return a > b ? a : b;
}

/**
 * Refresh every rank at every tREFI boundary up to `t`: each rank waits for
 * its open rows' precharge windows, closes them (tRP), then is busy for tRFC.
 * All ranks refresh together (all-bank refresh, not staggered).
 */
export function refreshUntil(t: u64): void {
  if (tREFI == 0) return;
  const nr = channels * ranks;
  const perRank = bankGroups * banks;
  while (nextRefresh <= t) {
    const at = nextRefresh;
    for (let r = 0; r < nr; r++) {
      const first = BANKS_PTR + <usize>(r * perRank * BANK_BYTES);
      let start = at;
      let anyOpen = false;
      for (let b = 0; b < perRank; b++) {
        const p = first + <usize>(b * BANK_BYTES);
        start = max64(start, load<u64>(p, B_NEXT_ACT));
        if (load<u64>(p, B_ROW) != NO_ROW) {
          anyOpen = true;
          start = max64(start, load<u64>(p, B_NEXT_PRE));
        }
      }
      const done = start + (anyOpen ? tRP : 0) + tRFC;
      for (let b = 0; b < perRank; b++) {
        const p = first + <usize>(b * BANK_BYTES);
        store<u64>(p, NO_ROW, B_ROW);
        store<u64>(p, done, B_NEXT_ACT);
      }
      bump(G_REFRESHES);
    }
    nextRefresh += tREFI;
  }
}

/**
 * Schedule one request at core cycle `t`; returns the cycle its data ends on
 * the bus. Opens the row if needed (precharging another), issues the column
 * commands, and updates the bank, rank and channel windows.
 */
function schedule(addr: u64, bytes: i32, t: u64, isWrite: bool): u64 {
  if (nextRefresh != 0 && t >= nextRefresh) refreshUntil(t);
  const ch = <i32>((addr >>> shCh) & mCh);
  const ra = <i32>((addr >>> shRa) & mRa);
  const bg = <i32>((addr >>> shBg) & mBg);
  const ba = <i32>((addr >>> shBa) & mBa);
  const row = (addr >>> shRo) & mRo;
  const rank = ch * ranks + ra;
  const bank = (rank * bankGroups + bg) * banks + ba;
  const bp = BANKS_PTR + <usize>(bank * BANK_BYTES);
  const rp = RANKS_PTR + <usize>(rank * RANK_BYTES);
  const busp = BUS_PTR + (<usize>ch << 3);
  const bgTag = <u64>(bg + 1);

  // How many bursts the request needs (at least one; bytes past the first burst's start).
  const off = <u64>(addr & ((<u64>1 << <u64>burstBits) - 1));
  const nBursts = <u64>((off + <u64>bytes + (<u64>1 << <u64>burstBits) - 1) >>> <u64>burstBits);

  let col: u64; // earliest column command, by this bank
  let nominal: u64 = 0; // the outcome's latency without any wait, before CL and the bursts
  const open = load<u64>(bp, B_ROW);
  if (open == row) {
    bump(G_ROW_HITS);
    col = max64(t, load<u64>(bp, B_NEXT_COL));
  } else {
    let act: u64;
    if (open != NO_ROW) {
        bump(G_ROW_CONFLICTS);
      const pre = max64(t, load<u64>(bp, B_NEXT_PRE));
      act = max64(pre + tRP, load<u64>(bp, B_NEXT_ACT));
      nominal = tRP + tRCD;
    } else {
        bump(G_ROW_EMPTY);
      act = max64(t, load<u64>(bp, B_NEXT_ACT));
      nominal = tRCD;
    }
    // Rank windows: tRRD since the last activate, four activates per tFAW.
    const lastBg = load<u64>(rp, R_LAST_ACT_BG);
    if (lastBg != 0) act = max64(act, load<u64>(rp, R_LAST_ACT) + (lastBg == bgTag ? tRRDL : tRRDS));
    const ring = <usize>load<u64>(rp, R_FAW_NEXT);
    const fp = rp + R_FAW + (ring << 3);
    const oldest = load<u64>(fp); // stored +1 so that 0 means "no activate yet"
    if (oldest != 0) act = max64(act, oldest - 1 + tFAW);
    store<u64>(fp, act + 1);
    store<u64>(rp, (ring + 1) & 3, R_FAW_NEXT);
    store<u64>(rp, act, R_LAST_ACT);
    store<u64>(rp, bgTag, R_LAST_ACT_BG);
    store<u64>(bp, row, B_ROW);
    store<u64>(bp, act, B_ACT_AT);
    store<u64>(bp, act + tRC, B_NEXT_ACT);
    store<u64>(bp, act + tRAS, B_NEXT_PRE);
    col = act + tRCD;
  }

  // Rank windows on the column command: tCCD since the last one, tWTR after write data.
  const lastColBg = load<u64>(rp, R_LAST_COL_BG);
  if (lastColBg != 0) col = max64(col, load<u64>(rp, R_LAST_COL) + (lastColBg == bgTag ? tCCDL : tCCDS));
  const lat = isWrite ? tCWL : tCL;
  if (!isWrite) {
    const lastWrBg = load<u64>(rp, R_LAST_WR_BG);
    if (lastWrBg != 0) col = max64(col, load<u64>(rp, R_LAST_WR_END) + (lastWrBg == bgTag ? tWTRL : tWTRS));
  }
  // The channel's data bus: this request's data starts after the previous data ends.
  const busFree = load<u64>(busp);
  if (col + lat < busFree) col = busFree - lat;

  const lastCol = col + (nBursts - 1) * tBurstGap;
  const dataEnd = lastCol + lat + tBurst;
  store<u64>(busp, dataEnd);
  store<u64>(rp, lastCol, R_LAST_COL);
  store<u64>(rp, bgTag, R_LAST_COL_BG);
  store<u64>(bp, lastCol + tCCDL, B_NEXT_COL);
  const busy = (nBursts - 1) * tBurstGap + tBurst;
  bump(G_DRAM_BUS_CYCLES, busy);
  if (!isWrite) bump(G_DRAM_WAIT_CYCLES, dataEnd - t - (nominal + lat + busy));
  let preOk: u64;
  if (isWrite) {
    store<u64>(rp, dataEnd, R_LAST_WR_END);
    store<u64>(rp, bgTag, R_LAST_WR_BG);
    preOk = dataEnd + tWR;
  } else {
    preOk = lastCol + tRTP;
  }
  const nextPre = max64(load<u64>(bp, B_NEXT_PRE), preOk);
  if (pagePolicy == PAGE_CLOSED) {
    // Auto-precharge: the row closes as soon as it may.
    store<u64>(bp, NO_ROW, B_ROW);
    store<u64>(bp, max64(load<u64>(bp, B_NEXT_ACT), nextPre + tRP), B_NEXT_ACT);
    store<u64>(bp, nextPre, B_NEXT_PRE);
  } else {
    store<u64>(bp, nextPre, B_NEXT_PRE);
  }
  return dataEnd;
}

/** Read `bytes` at `addr`, issued at core cycle `now`; returns its latency in core cycles. */
export function dramRead(addr: u64, bytes: i32, now: u64): u64 {
  bump(G_DRAM_READS);
  const end = schedule(addr, bytes, now, false);
  return end - now;
}

/**
 * Write `bytes` at `addr` at core cycle `now`. Writes are posted (a write
 * buffer takes them): they cost the core 0 cycles, but the bank, the bus and
 * the write-to-read turnaround see them.
 */
export function dramWrite(addr: u64, bytes: i32, now: u64): u64 {
  bump(G_DRAM_WRITES);
  schedule(addr, bytes, now, true);
  return 0;
}
