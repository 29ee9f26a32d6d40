// heapGraph: a read-only snapshot of the running script's object graph, for
// the playground's heap view (docs/abi.md "heapGraph", docs/web.md). From the
// module's globals dict, breadth first, then (room permitting) the GC-tracked
// containers no global name reaches (cycles waiting for the collector). It
// costs nothing, moves no counter and changes no state: every read is a peek,
// and only live objects (the liveness map) are read.
//
// Layout (little-endian) at `out`:
//   header, 32 bytes: u32 nodes, u32 edges, u32 truncated (1: more objects than maxNodes),
//     u32 GRAPH_NODE (64), u32 GRAPH_EDGE (40), u32 edges' offset (32 + maxNodes x 64),
//     u32 first node not reached from the globals, u32 0
//   nodes (64 bytes each; node 0 is the globals dict):
//     u64 address, i32 type number (-1: not an object memsim can read), u32 flags
//     (bit 0 GC-tracked, bits 1-3 generation 0..3 (3 permanent; 7 none), bit 4 static,
//      bit 5 a type object, bit 6 not reached from the globals),
//     u64 refcount, u64 sys.getsizeof, u32 first edge, u32 edges,
//     f64 value (int: its value, float: its value, str/list/tuple/dict/set: its length,
//                a type object: its type number), 16 bytes text (a str's first bytes,
//                an instance's or a class's class name; NUL-padded)
//   edges (40 bytes each, at the edges' offset): u64 referent, u64 key (0: an item, in
//     order), u32 kind (0 item, 1 value under a key, 2 a dict's key), u32 key text bytes,
//     16 bytes key text (a str key's first bytes)

import { peek64, peek32, arenaCapacity } from "../heap/memory";
import { heapActive } from "../heap/heap";
import { hostBuffer } from "../layout";
import { isLiveAddress } from "../heap/objects/interp";
import {
  OB_REFCNT, OB_TYPE, OB_SIZE, GC_HEAD, GC_NEXT, FLOAT_VALUE, TUPLE_ITEMS, LIST_ITEMS, DICT_KEYS, DICT_VALUES, DICT_USED,
  DK_LOG2_SIZE, DK_NENTRIES, DK_INDICES, DICT_KEYS_GENERAL, SET_TABLE, SET_USED, SET_DUMMY, isStatic, STR_STATE, TYPES, STATICS,
} from "../heap/objects/layout";
import { typeNumber, T_INT, T_BOOL, T_FLOAT, T_STR, T_TUPLE, T_LIST, T_DICT, T_SET, T_FROZENSET, T_FIRST_CLASS } from "../heap/objects/types";
import { peekInt } from "../heap/objects/int";
import { strData, strLength, strKind } from "../heap/objects/str";
import { instanceAttrCount, instanceAttrName, instanceAttrValue, instanceOwnDict, hasManagedDict } from "../heap/objects/instance";
import { genHead, objectHasGcHead } from "../heap/objects/gc";
import { mainGlobals, builtinsDict } from "./eval";
import { classRecord } from "./state";
import { getsizeof } from "./builtins";
import * as E from "../errors";

export const GRAPH_HEADER: i32 = 32;
export const GRAPH_NODE: i32 = 64;
export const GRAPH_EDGE: i32 = 40;
const MAX_NODES: i32 = 4096;

// An open-addressing set of the nodes' addresses (address, node index + 1).
const SLOTS: u32 = 16384;
const table = memory.data(<i32>SLOTS * 16);

let base: usize = 0;
let nodes: i32 = 0;
let edges: i32 = 0;
let maxNodes: i32 = 0;
let edgeBase: usize = 0;
let edgeCap: i32 = 0;
let truncated = false;

function slotOf(o: u64): usize {
  let h = <u32>((o >> 3) * 0x9E3779B1) & (SLOTS - 1);
  let s = table + (<usize>h << 4);
  while (load<u64>(s) != 0 && load<u64>(s) != o) {
    h = (h + 1) & (SLOTS - 1);
    s = table + (<usize>h << 4);
  }
  return s;
}

function indexOf(o: u64): i32 {
  const s = slotOf(o);
  return load<u64>(s) == o ? load<i32>(s + 8) : -1;
}

function nodeAt(i: i32): usize {
  return base + <usize>GRAPH_HEADER + <usize>i * <usize>GRAPH_NODE;
}

/** Copy up to 16 bytes of a 1-byte-kind str's text to `dst`; its byte count. */
function strText(s: u64, dst: usize): u32 {
  memory.fill(dst, 0, 16);
  if (!isLiveAddress(s) || typeNumber(peek64(s + OB_TYPE)) != T_STR || strKind(s) != 1) return 0;
  const n = <u32>min<u64>(strLength(s), 16);
  const data = strData(s);
  for (let i: u32 = 0; i < n; i += 8) store<u64>(dst + i, peek64(data + i));
  if (n < 16) memory.fill(dst + n, 0, 16 - n);
  return n;
}

function readable(o: u64): bool {
  return o != 0 && isLiveAddress(o) && typeNumber(peek64(o + OB_TYPE)) >= 0;
}

/** The node of `o`, added (queued) when new; -1 when there is no room. */
function add(o: u64, fromGlobals: bool): i32 {
  const s = slotOf(o);
  if (load<u64>(s) == o) return load<i32>(s + 8);
  if (nodes >= maxNodes) { truncated = true; return -1; }
  const i = nodes++;
  store<u64>(s, o);
  store<i32>(s + 8, i);
  const p = nodeAt(i);
  memory.fill(p, 0, <usize>GRAPH_NODE);
  store<u64>(p, o);
  let flags: u32 = 7 << 1;
  if (!fromGlobals) flags |= 64;
  // a type object: static (below the statics), or a class's heap object (live; typeNumber reads its header)
  const tn = (o >= TYPES && o < STATICS) || isLiveAddress(o) ? typeNumber(o) : -1;
  if (tn >= 0) {
    // a type object (a class, or a built-in type)
    store<i32>(p + 8, -1);
    flags |= 32 | 16;
    store<f64>(p + 40, <f64>tn);
    if (tn >= T_FIRST_CLASS) strText(load<u64>(classRecord(tn)), p + 48);
    store<u32>(p + 12, flags);
    return i;
  }
  if (!readable(o)) {
    store<i32>(p + 8, -1);
    store<u32>(p + 12, flags);
    return i;
  }
  const t = typeNumber(peek64(o + OB_TYPE));
  store<i32>(p + 8, t);
  if (isStatic(o)) flags |= 16;
  if (objectHasGcHead(o) && !isStatic(o) && peek64(o - GC_HEAD + GC_NEXT) != 0) flags |= 1;
  store<u32>(p + 12, flags);
  store<u64>(p + 16, peek64(o + OB_REFCNT));
  store<u64>(p + 24, getsizeof(o));
  let value: f64 = 0;
  switch (t) {
    case T_INT: case T_BOOL: value = peekInt(o); break;
    case T_FLOAT: value = reinterpret<f64>(peek64(o + FLOAT_VALUE)); break;
    case T_STR: value = <f64>strLength(o); strText(o, p + 48); break;
    case T_TUPLE: value = <f64>peek64(o + OB_SIZE); break;
    case T_LIST: value = <f64>peek64(o + OB_SIZE); break;
    case T_DICT: value = <f64>peek64(o + DICT_USED); break;
    case T_SET: case T_FROZENSET: value = <f64>peek64(o + SET_USED); break;
  }
  if (t >= T_FIRST_CLASS) strText(load<u64>(classRecord(t)), p + 48);
  store<f64>(p + 40, value);
  return i;
}

function edge(target: u64, key: u64, kind: u32, fromGlobals: bool): void {
  if (target == 0) return;
  if (edges >= edgeCap) { truncated = true; return; }
  if (target != builtinsDict) add(target, fromGlobals);
  const e = edgeBase + <usize>edges * <usize>GRAPH_EDGE;
  store<u64>(e, target);
  store<u64>(e + 8, key);
  store<u32>(e + 16, kind);
  store<u32>(e + 20, key != 0 ? strText(key, e + 24) : 0);
  if (key == 0) memory.fill(e + 24, 0, 16);
  edges++;
}

function dictEdges(d: u64, fromGlobals: bool): void {
  const k = peek64(d + DICT_KEYS);
  if (k == 0) return;
  const w = peek64(k + DK_LOG2_SIZE);
  const lb = (w >> 8) & 0xff, kind = <u32>((w >> 16) & 0xff);
  const n = min<u64>(peek64(k + DK_NENTRIES), 1 << 20);
  const entries = k + DK_INDICES + (<u64>1 << lb);
  const values = peek64(d + DICT_VALUES);
  for (let i: u64 = 0; i < n; i++) {
    if (kind != DICT_KEYS_GENERAL) {
      const key = peek64(entries + (i << 4));
      const v = values != 0 ? peek64(values + (i << 3)) : peek64(entries + (i << 4) + 8);
      if (key != 0 && v != 0) edge(v, key, 1, fromGlobals);
    } else {
      const e = entries + i * 24;
      const key = peek64(e + 8);
      const v = peek64(e + 16);
      if (key == 0 || v == 0) continue;
      if (readable(key) && typeNumber(peek64(key + OB_TYPE)) == T_STR) edge(v, key, 1, fromGlobals);
      else { edge(key, 0, 2, fromGlobals); edge(v, key, 1, fromGlobals); }
    }
  }
}

function expand(i: i32): void {
  const p = nodeAt(i);
  const o = load<u64>(p);
  const t = load<i32>(p + 8);
  const fromGlobals = (load<u32>(p + 12) & 64) == 0;
  store<u32>(p + 32, <u32>edges);
  if (t >= 0 && (load<u32>(p + 12) & 32) == 0) {
    switch (t) {
      case T_TUPLE: {
        const n = min<u64>(peek64(o + OB_SIZE), 1 << 20);
        for (let j: u64 = 0; j < n; j++) edge(peek64(o + TUPLE_ITEMS + (j << 3)), 0, 0, fromGlobals);
        break;
      }
      case T_LIST: {
        const n = min<u64>(peek64(o + OB_SIZE), 1 << 20);
        const items = n != 0 ? peek64(o + LIST_ITEMS) : 0;
        for (let j: u64 = 0; j < n; j++) edge(peek64(items + (j << 3)), 0, 0, fromGlobals);
        break;
      }
      case T_DICT: if (o != builtinsDict) dictEdges(o, fromGlobals); break;
      case T_SET: case T_FROZENSET: {
        let used = peek64(o + SET_USED);
        const table = peek64(o + SET_TABLE);
        const mask = peek64(o + 32);
        for (let j: u64 = 0; j <= mask && used > 0; j++) {
          const k = peek64(table + (j << 4));
          if (k != 0 && k != SET_DUMMY) { used--; edge(k, 0, 0, fromGlobals); }
        }
        break;
      }
      default:
        if (t >= T_FIRST_CLASS && hasManagedDict(o)) {
          const n = instanceAttrCount(o);
          if (n >= 0) {
            for (let j = 0; j < n; j++) edge(instanceAttrValue(o, j), instanceAttrName(o, j), 1, fromGlobals);
          } else {
            const d = instanceOwnDict(o);
            if (d != 0 && readable(d)) dictEdges(d, fromGlobals);
          }
        }
    }
  }
  store<u32>(p + 36, <u32>edges - load<u32>(p + 32));
}

/**
 * The object graph into [out, out + capacity), at most `max` nodes (1..4096):
 * the bytes written, or ERR_HEAP_NOT_READY, ERR_PY_STATE (-81: no script
 * started), ERR_ADDRESS, ERR_LENGTH.
 */
export function heapGraph(out: i32, capacity: i32, max: i32): i32 {
  if (!heapActive()) return E.ERR_HEAP_NOT_READY;
  if (max < 1 || max > MAX_NODES) return E.ERR_LENGTH;
  if (!hostBuffer(out, capacity)) return E.ERR_ADDRESS;
  const edgeOffset = GRAPH_HEADER + max * GRAPH_NODE;
  if (capacity < edgeOffset + GRAPH_EDGE) return E.ERR_LENGTH;
  // no module: none started, or the interpreter's exit released its globals
  if (mainGlobals == 0 || !readable(mainGlobals)) return -81;
  memory.fill(table, 0, <usize>SLOTS * 16);
  base = <usize>out;
  nodes = 0;
  edges = 0;
  maxNodes = max;
  edgeBase = base + <usize>edgeOffset;
  edgeCap = (capacity - edgeOffset) / GRAPH_EDGE;
  truncated = false;
  add(mainGlobals, true);
  let i = 0;
  for (; i < nodes; i++) expand(i);
  const firstUnreached = nodes;
  // GC-tracked containers no global reaches: cycles waiting for the collector, the interpreter's temporaries
  for (let g = 0; g < 4 && !truncated; g++) {
    const head = genHead(g);
    let count: u32 = 0;
    for (let gc = peek64(head + GC_NEXT); gc != head && gc != 0 && count < 1000000 && !truncated; gc = peek64(gc + GC_NEXT), count++) {
      const o = gc + GC_HEAD;
      if (o == builtinsDict || indexOf(o) >= 0 || !readable(o)) continue;
      const t = typeNumber(peek64(o + OB_TYPE));
      if (t != T_LIST && t != T_DICT && t != T_SET && t != T_FROZENSET && t != T_TUPLE && t < T_FIRST_CLASS) continue;
      if (add(o, false) < 0) break;
      for (; i < nodes; i++) expand(i);
    }
  }
  for (; i < nodes; i++) store<u32>(nodeAt(i) + 36, 0);
  // each tracked node's generation
  for (let g = 0; g < 4; g++) {
    const head = genHead(g);
    let count: u32 = 0;
    for (let gc = peek64(head + GC_NEXT); gc != head && gc != 0 && count < 1000000; gc = peek64(gc + GC_NEXT), count++) {
      const j = indexOf(gc + GC_HEAD);
      if (j < 0) continue;
      const p = nodeAt(j);
      store<u32>(p + 12, (load<u32>(p + 12) & ~(<u32>14)) | (<u32>g << 1));
    }
  }
  store<u32>(base, <u32>nodes);
  store<u32>(base + 4, <u32>edges);
  store<u32>(base + 8, truncated ? 1 : 0);
  store<u32>(base + 12, <u32>GRAPH_NODE);
  store<u32>(base + 16, <u32>GRAPH_EDGE);
  store<u32>(base + 20, <u32>edgeOffset);
  store<u32>(base + 24, <u32>firstUnreached);
  store<u32>(base + 28, 0);
  return edgeOffset + edges * GRAPH_EDGE;
}
