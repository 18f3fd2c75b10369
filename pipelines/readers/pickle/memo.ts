/**
 * The pickle memo (PUT/GET table). General slots live in chunks of 2^16 allocated on first use, plus a
 * sparse map for the out-of-order indices a hostile file may use. Slot runs written by the record
 * fast path (record-batch.ts) are kept compactly: every slot of a run is CONSUMED except the id strings, which are
 * stored as byte ranges of the pickle and decoded again on the rare GET (a 630 k-record slide puts
 * ~7 M slots; as pointer arrays they would dominate garbage-collection time).
 */
import type { Buffer } from 'node:buffer';
import { decodeUtf8 } from './text';
import { CONSUMED } from './values';

const SHIFT = 16;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

/** Marks memo slots never stored (a hostile file may MEMOIZE None, so null cannot mark them). */
export const UNSET: unique symbol = Symbol('unset');

/** Growable Uint32 column. */
export class U32List {
  length = 0;
  data = new Uint32Array(256);
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }
  /** Appends all of `other`. */
  pushAll(other: U32List): void {
    this.reserve(other.length);
    this.data.set(other.data.subarray(0, other.length), this.length);
    this.length += other.length;
  }
  private reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = new Uint32Array(Math.max(this.length + n, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** Index of the last element <= value (elements ascending), -1 if none. */
  floor(value: number): number {
    let low = 0;
    let high = this.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.data[mid]! <= value) low = mid + 1;
      else high = mid - 1;
    }
    return high;
  }
}

/** Memo slots 0..length-1 (dense), plus sparse ones beyond. */
export class Memo {
  /** Slots 0..length-1 are dense (general chunks or fast-path runs). */
  length = 0;
  /** Changes whenever a slot below `length` changes value, so readers may cache what slots hold. */
  generation = 0;
  private readonly chunks: (unknown[] | undefined)[] = [];
  private readonly sparse = new Map<number, unknown>();
  /** Fast-path runs [runStart[i], runEnd[i]), ascending and disjoint. */
  private readonly runStart = new U32List();
  private readonly runEnd = new U32List();
  /** Id-string slots of the runs (ascending) and their UTF-8 byte ranges in `bytes`. */
  private readonly keySlot = new U32List();
  private readonly keyStart = new U32List();
  private readonly keyLength = new U32List();

  constructor(private readonly bytes: Buffer) {}

  /** Stores `value` at `index` (dense when index <= length, else sparse), like pickle's PUT. */
  put(index: number, value: unknown): void {
    if (index > this.length) {
      this.sparse.set(index, value);
      return;
    }
    if (index === this.length) this.length++;
    else this.generation++;
    this.chunkOf(index)[index & MASK] = value;
  }

  /** The value at `index`, or UNSET. */
  at(index: number): unknown {
    let value: unknown = UNSET;
    if (index < this.length) {
      const chunk = this.chunks[index >>> SHIFT];
      if (chunk !== undefined) value = chunk[index & MASK];
      if (value === UNSET && this.runStart.length > 0) value = this.runValue(index);
    }
    return value === UNSET && this.sparse.size > 0 ? this.sparse.get(index) : value;
  }

  /** Replaces the value at `slot` (else the last of the last 32 dense slots holding it) by CONSUMED. */
  consume(slot: number, value: unknown): void {
    if (slot >= 0 && slot < this.length && this.at(slot) === value) {
      this.put(slot, CONSUMED);
      return;
    }
    for (let i = this.length - 1; i >= Math.max(0, this.length - 32); i--) {
      if (this.at(i) === value) {
        this.put(i, CONSUMED);
        return;
      }
    }
  }

  /**
   * Appends a fast-path run: slots length..length+count-1 hold CONSUMED, except `keys` slots (ascending,
   * within the run), which hold the strings decoded from the given byte ranges of the pickle.
   */
  putRun(count: number, keySlots: U32List, keyStarts: U32List, keyLengths: U32List): void {
    if (count === 0) return;
    this.runStart.push(this.length);
    this.length += count;
    this.runEnd.push(this.length);
    this.keySlot.pushAll(keySlots);
    this.keyStart.pushAll(keyStarts);
    this.keyLength.pushAll(keyLengths);
  }

  private chunkOf(index: number): unknown[] {
    const at = index >>> SHIFT;
    while (this.chunks.length <= at) this.chunks.push(undefined);
    return (this.chunks[at] ??= new Array<unknown>(CHUNK).fill(UNSET));
  }

  private runValue(index: number): unknown {
    const run = this.runStart.floor(index);
    if (run < 0 || index >= this.runEnd.data[run]!) return UNSET;
    const key = this.keySlot.floor(index);
    if (key < 0 || this.keySlot.data[key] !== index) return CONSUMED;
    const start = this.keyStart.data[key]!;
    return decodeUtf8(this.bytes, start, start + this.keyLength.data[key]!);
  }
}
