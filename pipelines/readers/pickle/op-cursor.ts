/**
 * Opcode-level reading for the record fast path: a position in the pickle, memo GETs and the memo PUTs
 * of one batch (kept here until the batch commits). Every read is bounds-checked; a failed one yields
 * a value no caller accepts (-1, NaN, CONSUMED, BAD_PUT) and the caller bails out.
 */
import type { Buffer } from 'node:buffer';
import type { Memo } from './memo';
import { OP } from './opcodes';
import { CONSUMED } from './values';

/** maybePut results besides a slot: no put there, or a put the fast path does not model. */
export const NO_PUT = -1;
export const BAD_PUT = -2;

/** A read position in one pickle with the fast path's view of its memo. */
export class OpCursor {
  pos = 0;
  readonly limit: number;
  /** Memo slot of the batch's next put; its puts reach the memo only when the batch commits. */
  memoNext = 0;
  /** Set when a FRAME header was skipped (bytes that a template does not replay). */
  irregular = false;
  /** BINPUT/LONG_BINPUT operands read since `puts` was last zeroed: byte offset, size (1 or 4), slot. */
  puts = 0;
  readonly putOffsets = new Float64Array(8);
  readonly putSizes = new Uint8Array(8);
  readonly putSlots = new Float64Array(8);

  constructor(
    readonly bytes: Buffer,
    readonly view: DataView,
    readonly memo: Memo,
  ) {
    this.limit = bytes.length;
  }

  /** The next opcode, consumed, after any FRAME headers (checked as the general path checks them); -1 at a bad one. */
  nextOp(): number {
    const op = this.peekOp();
    if (op >= 0) this.pos++;
    return op;
  }

  /** The next opcode after any FRAME headers (which are consumed), not consumed itself; -1 at the end or a bad FRAME. */
  peekOp(): number {
    for (;;) {
      const pos = this.pos;
      if (pos >= this.limit) return -1;
      const op = this.bytes[pos]!;
      if (op !== OP.FRAME) return op;
      if (this.limit - pos < 9) return -1;
      const high = this.view.getUint32(pos + 5, true);
      const length = high * 0x1_0000_0000 + this.view.getUint32(pos + 1, true);
      if (high >= 0x200000 || length > this.limit - pos - 9) return -1;
      this.pos = pos + 9;
      this.irregular = true;
    }
  }

  /** The value of an int or float opcode (operand consumed), NaN for any other opcode, a truncated operand or a NaN float. */
  readNumber(op: number): number {
    const pos = this.pos;
    const room = this.limit - pos;
    switch (op) {
      case OP.BININT1:
        if (room < 1) return NaN;
        this.pos += 1;
        return this.bytes[pos]!;
      case OP.BININT2:
        if (room < 2) return NaN;
        this.pos += 2;
        return this.view.getUint16(pos, true);
      case OP.BININT:
        if (room < 4) return NaN;
        this.pos += 4;
        return this.view.getInt32(pos, true);
      case OP.BINFLOAT:
        if (room < 8) return NaN;
        this.pos += 8;
        return this.view.getFloat64(pos, false);
      default:
        return NaN;
    }
  }

  /** A BININT1/BININT2/BININT operand (consumed), -1 for a negative one or any other opcode. */
  readDimension(op: number): number {
    if (op !== OP.BININT1 && op !== OP.BININT2 && op !== OP.BININT) return -1;
    const value = this.readNumber(op);
    return value >= 0 ? value : -1;
  }

  /**
   * An optional memo put right after an object (MEMOIZE, or BINPUT/LONG_BINPUT to the next free slot,
   * as every pickler writes): the slot, NO_PUT, or BAD_PUT for a put anywhere else.
   */
  maybePut(): number {
    const op = this.peekOp();
    const slot = this.memoNext;
    if (op === OP.MEMOIZE) {
      this.pos++;
    } else if (op === OP.BINPUT) {
      if (this.limit - this.pos < 2 || this.bytes[this.pos + 1] !== slot) return BAD_PUT;
      this.notePut(this.pos + 1, 1, slot);
      this.pos += 2;
    } else if (op === OP.LONG_BINPUT) {
      if (this.limit - this.pos < 5 || this.view.getUint32(this.pos + 1, true) !== slot) return BAD_PUT;
      this.notePut(this.pos + 1, 4, slot);
      this.pos += 5;
    } else {
      return NO_PUT;
    }
    this.memoNext++;
    return slot;
  }

  private notePut(offset: number, size: number, slot: number): void {
    if (this.puts === this.putOffsets.length) {
      this.irregular = true;
      return;
    }
    this.putOffsets[this.puts] = offset;
    this.putSizes[this.puts] = size;
    this.putSlots[this.puts++] = slot;
  }

  /**
   * The memo value of a BINGET/LONG_BINGET opcode (operand consumed), else CONSUMED, which no check
   * accepts; also for slots put in this batch, which are not in the memo yet (no pickler fetches those).
   */
  memoGet(op: number): unknown {
    let index: number;
    if (op === OP.BINGET) {
      if (this.pos >= this.limit) return CONSUMED;
      index = this.bytes[this.pos++]!;
    } else if (op === OP.LONG_BINGET) {
      if (this.limit - this.pos < 4) return CONSUMED;
      index = this.view.getUint32(this.pos, true);
      this.pos += 4;
    } else {
      return CONSUMED;
    }
    return index < this.memo.length ? this.memo.at(index) : CONSUMED;
  }
}
