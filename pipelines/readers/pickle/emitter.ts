/**
 * Writes pickle protocol 4 opcodes and joblib 1.2 inline arrays into chunked buffers, for
 * the `.dat` writer. Synchronous appends; the caller drains full chunks to disk between objects.
 */
import { Buffer } from 'node:buffer';
import { OP } from './opcodes';

const CHUNK = 1 << 20;
/** joblib's NUMPY_ARRAY_ALIGNMENT_BYTES. */
const ALIGNMENT = 16;

/** numpy dtypes the emitter writes: '<i4', '<i8', '<f8'. */
export type EmitDtype = 'i4' | 'i8' | 'f8';

/** Appends pickle opcodes; strings and globals passed to `memoString`/`global` are written once and then fetched from the memo. */
export class PickleEmitter {
  private chunk = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private readonly done: Buffer[] = [];
  private doneBytes = 0;
  private flushed = 0;
  private memoSize = 0;
  private readonly memo = new Map<string, number>();

  /** Bytes waiting in finished chunks. */
  get pendingBytes(): number {
    return this.doneBytes;
  }

  /** Takes the finished chunks (and the current one when `all`) for writing to disk. */
  take(all: boolean): Buffer[] {
    if (all && this.pos > 0) this.finishChunk(CHUNK);
    const chunks = this.done.splice(0);
    this.flushed += this.doneBytes;
    this.doneBytes = 0;
    return chunks;
  }

  op(code: number): void {
    this.reserve(1);
    this.chunk[this.pos++] = code;
  }

  int(value: number): void {
    this.reserve(5);
    if (value >= 0 && value < 256) {
      this.chunk[this.pos++] = OP.BININT1;
      this.chunk[this.pos++] = value;
    } else if (value >= 0 && value < 65536) {
      this.chunk[this.pos++] = OP.BININT2;
      this.pos = this.chunk.writeUInt16LE(value, this.pos);
    } else {
      this.chunk[this.pos++] = OP.BININT;
      this.pos = this.chunk.writeInt32LE(value, this.pos);
    }
  }

  float(value: number): void {
    this.reserve(9);
    this.chunk[this.pos++] = OP.BINFLOAT;
    this.pos = this.chunk.writeDoubleBE(value, this.pos);
  }

  /** A str written inline (not memoized). */
  string(text: string): void {
    const length = Buffer.byteLength(text);
    this.reserve(length + 5);
    if (length < 256) {
      this.chunk[this.pos++] = OP.SHORT_BINUNICODE;
      this.chunk[this.pos++] = length;
    } else {
      this.chunk[this.pos++] = OP.BINUNICODE;
      this.pos = this.chunk.writeUInt32LE(length, this.pos);
    }
    this.pos += this.chunk.write(text, this.pos);
  }

  /** A str written once, then fetched from the memo. */
  memoString(text: string): void {
    if (!this.fetch(`s:${text}`)) {
      this.string(text);
      this.remember(`s:${text}`);
    }
  }

  /** A global (STACK_GLOBAL), written once, then fetched from the memo. */
  global(module: string, name: string): void {
    if (this.fetch(`g:${module}.${name}`)) return;
    this.memoString(module);
    this.memoString(name);
    this.op(OP.STACK_GLOBAL);
    this.remember(`g:${module}.${name}`);
  }

  /** numpy.dtype(type, False, True) with little-endian BUILD state, written once per type. */
  dtype(type: EmitDtype): void {
    if (this.fetch(`d:${type}`)) return;
    this.global('numpy', 'dtype');
    this.memoString(type);
    this.op(OP.NEWFALSE);
    this.op(OP.NEWTRUE);
    this.op(OP.TUPLE3);
    this.op(OP.REDUCE);
    this.op(OP.MARK);
    this.int(3);
    this.memoString('<');
    this.op(OP.NONE);
    this.op(OP.NONE);
    this.op(OP.NONE);
    this.int(-1);
    this.int(-1);
    this.int(0);
    this.op(OP.TUPLE);
    this.op(OP.BUILD);
    this.remember(`d:${type}`);
  }

  /** A joblib 1.2 NumpyArrayWrapper for a C-order array of `shape`, then bytes start..end-1 of `data` (little-endian) after 16-byte padding. */
  array(type: EmitDtype, shape: readonly number[], data: Buffer, start: number, end: number): void {
    this.global('joblib.numpy_pickle', 'NumpyArrayWrapper');
    this.op(OP.EMPTY_TUPLE);
    this.op(OP.NEWOBJ);
    this.op(OP.EMPTY_DICT);
    this.op(OP.MARK);
    this.memoString('subclass');
    this.global('numpy', 'ndarray');
    this.memoString('shape');
    for (const d of shape) this.int(d);
    this.op(shape.length === 1 ? OP.TUPLE1 : OP.TUPLE2);
    this.memoString('order');
    this.memoString('C');
    this.memoString('dtype');
    this.dtype(type);
    this.memoString('allow_mmap');
    this.op(OP.NEWTRUE);
    this.memoString('numpy_array_alignment_bytes');
    this.int(ALIGNMENT);
    this.op(OP.SETITEMS);
    this.op(OP.BUILD);
    // joblib: padding = 16 - ((offset after the padding-length byte) % 16), so 16 rather than 0 when aligned.
    const padding = ALIGNMENT - ((this.offset() + 1) % ALIGNMENT);
    this.reserve(1 + padding + end - start);
    this.chunk[this.pos++] = padding;
    this.chunk.fill(0xff, this.pos, this.pos + padding);
    this.pos += padding;
    this.pos += data.copy(this.chunk, this.pos, start, end);
  }

  private offset(): number {
    return this.flushed + this.doneBytes + this.pos;
  }

  private fetch(key: string): boolean {
    const index = this.memo.get(key);
    if (index === undefined) return false;
    this.reserve(5);
    if (index < 256) {
      this.chunk[this.pos++] = OP.BINGET;
      this.chunk[this.pos++] = index;
    } else {
      this.chunk[this.pos++] = OP.LONG_BINGET;
      this.pos = this.chunk.writeUInt32LE(index, this.pos);
    }
    return true;
  }

  private remember(key: string): void {
    this.op(OP.MEMOIZE);
    this.memo.set(key, this.memoSize++);
  }

  private reserve(n: number): void {
    if (this.pos + n > this.chunk.length) this.finishChunk(Math.max(CHUNK, n));
  }

  private finishChunk(nextSize: number): void {
    this.done.push(this.chunk.subarray(0, this.pos));
    this.doneBytes += this.pos;
    this.chunk = Buffer.allocUnsafe(nextSize);
    this.pos = 0;
  }
}
