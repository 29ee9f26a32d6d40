// AttributeErrors that are memsim's gaps, not the script's errors: an
// attribute CPython's type or module has and memsim lacks (`sys.argv`,
// `str.isascii`). The host decides that from CPython's own names
// (host/python/unsupported.ts) for an error that ends the run; one the script
// would catch (`except AttributeError`, `hasattr`, `getattr` with a default)
// must be told apart here, before it is caught: it becomes memsim's refusal,
// which nothing catches. The host gives the table (pyRefusals), lines of
//   #T     T is a built-in type (else a class of the script: "*")
//   iT.A   an instance of T has A      tT.A   the type object T has A
//   mM.A   module M has A
// The check reads the interpreter's own message (no cost: it is host-side text).

import { errPtr, errLen, excType, excValue, EX_ATTR, EX_UNSUPPORTED, raiseBegin, msgByte, msg, refusalPtr, refusalLen, setRefusalLength, REFUSAL_BYTES } from "./state";

const KEY_BYTES: u32 = 512;
const key = memory.data(<i32>KEY_BYTES);
let keyLen: u32 = 0;

/** Take the table of `length` bytes at `src` (the input buffer), for the image loaded; false when it does not fit. */
export function setRefusals(src: usize, length: u32): bool {
  if (length > REFUSAL_BYTES || refusalPtr == 0) return false;
  memory.copy(refusalPtr, src, length);
  setRefusalLength(length);
  return true;
}

/**
 * If the pending exception is the interpreter's AttributeError for an
 * attribute CPython has, make it memsim's refusal ("T.A is not supported
 * yet (memsim)", never caught) and say so.
 */
export function refuseMissingAttribute(): bool {
  if (excType != EX_ATTR || excValue != 0 || refusalLen == 0) return false;
  // "'T' object has no attribute 'A'", "type object 'T' has no attribute 'A'", "module 'M' has no attribute 'A'"
  let kind: u32 = 0, p: u32 = 0;
  if (startsWith(0, "'")) { kind = 105; p = 1; }
  else if (startsWith(0, "type object '")) { kind = 116; p = 13; }
  else if (startsWith(0, "module '")) { kind = 109; p = 8; }
  else return false;
  const t0 = p;
  while (p < errLen && load<u8>(errPtr + p) != 39) p++;
  const t1 = p;
  const marker = "has no attribute '";
  while (p < errLen && !startsWith(p, marker)) p++;
  if (p >= errLen) return false;
  const a0 = p + <u32>marker.length;
  let a1 = a0;
  while (a1 < errLen && load<u8>(errPtr + a1) != 39) a1++;
  if (a1 >= errLen) return false;
  // "#T": a built-in type's own names; any other type name is a class of the script
  let builtin = kind == 109;
  if (!builtin) {
    keyLen = 0;
    keyByte(35);
    keyRange(t0, t1);
    builtin = hasLine();
  }
  keyLen = 0;
  keyByte(kind);
  if (builtin) keyRange(t0, t1);
  else keyByte(42);
  keyByte(46);
  keyRange(a0, a1);
  if (!hasLine()) return false;
  // the refusal names the attribute as the host's check does: T.A
  const n = a1 - a0, m = t1 - t0;
  memory.copy(key, errPtr + t0, m);
  memory.copy(key + m + 1, errPtr + a0, n);
  store<u8>(key + m, 46);
  raiseBegin(EX_UNSUPPORTED);
  for (let i: u32 = 0; i < m + 1 + n; i++) msgByte(load<u8>(key + i));
  msg(" is not supported yet (memsim)");
  return true;
}

function startsWith(at: u32, s: string): bool {
  if (at + <u32>s.length > errLen) return false;
  for (let i = 0; i < s.length; i++) if (load<u8>(errPtr + at + <u32>i) != <u8>s.charCodeAt(i)) return false;
  return true;
}

function keyByte(b: u32): void {
  if (keyLen < KEY_BYTES) store<u8>(key + keyLen++, <u8>b);
}

function keyRange(from: u32, to: u32): void {
  for (let i = from; i < to; i++) keyByte(load<u8>(errPtr + i));
}

/** Whether the table has the key as a whole line. */
function hasLine(): bool {
  let i: u32 = 0;
  while (i < refusalLen) {
    let j = i;
    while (j < refusalLen && load<u8>(refusalPtr + j) != 10) j++;
    if (j - i == keyLen && memory.compare(refusalPtr + i, key, keyLen) == 0) return true;
    i = j + 1;
  }
  return false;
}
