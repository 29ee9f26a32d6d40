// The emulated interpreter's objects from TypeScript: a thin typed layer over
// the core's object exports (assembly/heap/objects/abi.ts, docs/abi.md
// "Objects"). Objects are their emulated addresses (numbers). Every method that
// makes or returns an object hands the caller a new reference, as the C API
// does: bind it (bind) and/or release it (decref).

import type { Core } from "../core.js";

/** Type numbers of the core (objType). Classes are 32 and up. */
export const PyType = {
  none: 0, bool: 1, int: 2, float: 3, str: 4, bytes: 5, tuple: 6, list: 7, dict: 8, set: 9, function: 10, code: 11,
} as const;

/** Free lists (freeListLength): float, list, dict, dict keys, then tuples of length 1..20. */
export interface FreeLists {
  float: number;
  list: number;
  dict: number;
  keys: number;
  tuples: number[];
}

export class PyHeap {
  constructor(readonly core: Core) {}

  private get e() {
    return this.core.exports;
  }

  private check(v: number): number {
    return this.core.check(v);
  }

  private input(): DataView {
    const e = this.e;
    return new DataView(e.memory.buffer, e.inputPtr(), e.inputCapacity());
  }

  none(): number { return this.check(this.e.objConstant(0)); }
  bool(v: boolean): number { return this.check(this.e.objConstant(v ? 1 : 2)); }

  /** An int of any size (a bigint beyond 2^53). */
  int(v: number | bigint): number {
    if (typeof v === "number" && Number.isSafeInteger(v)) return this.check(this.e.objInt(v));
    let m = BigInt(v);
    const negative = m < 0n;
    if (negative) m = -m;
    const view = this.input();
    let n = 0;
    for (; m > 0n; n++, m >>= 30n) view.setUint32(n * 4, Number(m & 0x3fffffffn), true);
    return this.check(this.e.objIntDigits(n, negative ? 1 : 0));
  }

  /** a + b (or a - b) as CPython's long_add allocates the result. */
  intAdd(a: number, b: number, subtract = false): number { return this.check(this.e.objIntAdd(a, b, subtract ? 1 : 0)); }
  float(v: number): number { return this.check(this.e.objFloat(v)); }

  str(s: string): number {
    const view = this.input();
    let n = 0;
    for (const ch of s) view.setUint32(4 * n++, ch.codePointAt(0)!, true);
    return this.check(this.e.objStr(n));
  }

  bytes(b: Uint8Array): number {
    new Uint8Array(this.e.memory.buffer, this.e.inputPtr(), b.length).set(b);
    return this.check(this.e.objBytes(b.length));
  }

  private items(items: number[]): number {
    const view = this.input();
    items.forEach((o, i) => view.setFloat64(8 * i, o, true));
    return items.length;
  }

  tuple(items: number[] = []): number { return this.check(this.e.objTuple(this.items(items))); }
  list(items: number[] = []): number { return this.check(this.e.objList(this.items(items))); }
  dict(): number { return this.check(this.e.objDict()); }
  set(): number { return this.check(this.e.objSet()); }
  /** A new class: its type number; with `slots` > 0 a class with __slots__ of that many names. */
  cls(slots = 0): number { return this.check(this.e.objClass(slots)); }
  /** a + b of two str or two bytes. */
  concat(a: number, b: number): number { return this.check(this.e.objConcat(a, b)); }
  clear(list: number): void { this.check(this.e.listClearItems(list)); }
  setSlot(o: number, slot: number, value: number): void { this.check(this.e.slotSetItem(o, slot, value)); }
  getSlot(o: number, slot: number): number | undefined {
    const v = this.e.slotGetItem(o, slot);
    return v === -76 ? undefined : this.check(v);
  }
  instance(type: number): number { return this.check(this.e.objInstance(type)); }
  code(units: number, consts = 0, names = 0): number { return this.check(this.e.objCode(units, consts, names)); }
  func(code: number, globals: number, name: number, defaults = 0): number { return this.check(this.e.objFunction(code, globals, name, defaults)); }

  incref(o: number): void { this.check(this.e.objIncref(o)); }
  decref(o: number): void { this.check(this.e.objDecref(o)); }
  /** Bind root slot `slot` (a name) to `o`, or unbind it with 0. */
  bind(slot: number, o: number): void { this.check(this.e.rootBind(slot, o)); }
  root(slot: number): number { return this.check(this.e.rootObject(slot)); }
  framePush(words: number): number { return this.check(this.e.objFramePush(words)); }
  framePop(frame: number): void { this.check(this.e.objFramePop(frame)); }
  frameSet(frame: number, slot: number, o: number): void { this.check(this.e.objFrameSet(frame, slot, o)); }

  append(list: number, item: number): void { this.check(this.e.listAppendItem(list, item)); }
  setItem(list: number, index: number, item: number): void { this.check(this.e.listSet(list, index, item)); }
  pop(list: number, index?: number): number {
    return this.check(this.e.listPopItem(list, index ?? this.length(list) - 1));
  }
  dictSet(dict: number, key: number, value: number): void { this.check(this.e.dictSet(dict, key, value)); }
  /** d[key] as a new reference, or undefined when absent. */
  dictGet(dict: number, key: number): number | undefined {
    const v = this.e.dictGet(dict, key);
    return v === -76 ? undefined : this.check(v);
  }
  dictDel(dict: number, key: number): boolean {
    const r = this.e.dictDel(dict, key);
    return r === -76 ? false : (this.check(r), true);
  }
  setAdd(set: number, key: number): void { this.check(this.e.setAddItem(set, key)); }
  setDiscard(set: number, key: number): boolean { return this.check(this.e.setDiscardItem(set, key)) === 1; }
  setHas(set: number, key: number): boolean { return this.check(this.e.setHas(set, key)) === 1; }
  setAttr(o: number, name: number, value: number): void { this.check(this.e.attrSet(o, name, value)); }
  getAttr(o: number, name: number): number | undefined {
    const v = this.e.attrGet(o, name);
    return v === -76 ? undefined : this.check(v);
  }
  delAttr(o: number, name: number): boolean {
    const r = this.e.attrDel(o, name);
    return r === -76 ? false : (this.check(r), true);
  }

  /** hash(o), as CPython 3.11 computes it with PYTHONHASHSEED=0. */
  hash(o: number): bigint {
    this.check(this.e.objHash(o));
    return new BigInt64Array(this.e.memory.buffer, this.e.batchPtr(), 1)[0];
  }

  /** sys.getsizeof(o). */
  sizeof(o: number): number { return this.check(this.e.objSizeof(o)); }
  /** ob_refcnt (sys.getrefcount(o) is one more: it counts its argument). */
  refcount(o: number): number { return this.check(this.e.objRefcount(o)); }
  type(o: number): number { return this.check(this.e.objType(o)); }
  value(o: number): number { return this.e.objValue(o); }
  length(o: number): number { return this.check(this.e.objLength(o)); }
  item(o: number, index: number): number { return this.check(this.e.objItem(o, index)); }
  capacity(list: number): number { return this.check(this.e.objCapacity(list)); }
  tracked(o: number): boolean { return this.check(this.e.objTracked(o)) === 1; }
  /** The text of a str (no cost). */
  text(o: number): string {
    const n = this.length(o);
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCodePoint(this.item(o, i));
    return s;
  }

  freeLists(): FreeLists {
    const e = this.e;
    return {
      float: this.check(e.freeListLength(0)), list: this.check(e.freeListLength(1)),
      dict: this.check(e.freeListLength(2)), keys: this.check(e.freeListLength(3)),
      tuples: Array.from({ length: 20 }, (_, i) => this.check(e.freeListLength(5 + i))),
    };
  }

  /** Which free lists are on (all after heapInit). */
  setFreeLists(on: { float?: boolean; tuple?: boolean; list?: boolean; dict?: boolean; keys?: boolean }): void {
    const mask = (on.float ?? true ? 1 : 0) | (on.tuple ?? true ? 2 : 0) | (on.list ?? true ? 4 : 0) | (on.dict ?? true ? 8 : 0) | (on.keys ?? true ? 16 : 0);
    this.check(this.e.setFreeListMask(mask));
  }
}
