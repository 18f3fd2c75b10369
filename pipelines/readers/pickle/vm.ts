/**
 * A pickle virtual machine for protocols 2–5, restricted to plain data, allow-listed numpy
 * globals and joblib's inline array format. Each opcode consumes at least one byte and every length
 * is checked against the remaining bytes before anything is allocated, so hostile input either
 * decodes or throws ReadError in time linear in its size. With a `recordSink`, each MARK after a dict
 * first offers the batch to the record fast path (record-batch.ts), which either reads all of it
 * exactly as this VM would or leaves it to the VM untouched.
 */
import type { Buffer } from 'node:buffer';
import { ReadError } from '../read-error';
import { buildDtype, buildNdarray, callGlobal, parseShape, parseWrapperState, roleOfGlobal, type Fail } from './numpy';
import { Memo, UNSET } from './memo';
import { OP } from './opcodes';
import { RecordBatchScanner, type RecordSink } from './record-batch';
import { decodeLong, decodeUtf8 } from './text';
import {
  CONSUMED,
  Dtype,
  NdArray,
  PendingNdarray,
  PendingWrapper,
  PyBytes,
  PyDict,
  PyGlobal,
  PyList,
  Source,
  describeValue,
} from './values';

/** Replaces a value as it is stored into a dict (like JSON.parse's reviver); a replaced dict leaves the memo. */
export type Reviver = (key: unknown, value: unknown) => unknown;

/** Options of `unpickle`. */
export interface UnpickleOptions {
  /** File name for error messages. */
  readonly file: string;
  readonly reviver?: Reviver;
  /** Maximum value-stack length (default 2^20). */
  readonly maxStack?: number;
  /** Maximum MARK nesting (default 10 000). */
  readonly maxMarks?: number;
  /**
   * Receives joblib record batches decoded by the fast path (see record-batch.ts); the parent dict then
   * holds `sink.refOfRun(...)` where the general path would hold what `reviver` returns per record.
   */
  readonly recordSink?: RecordSink;
}

/** What the stream looked like, for format-variant reporting. */
export interface PickleStats {
  /** Protocol from the PROTO opcode; 0 when absent. */
  protocol: number;
  /** NumpyArrayWrapper arrays read with joblib ≥ 1.2 alignment padding / without it. */
  paddedArrays: number;
  unpaddedArrays: number;
  /** Records decoded by the fast path (record-batch.ts) rather than opcode by opcode. */
  fastRecords: number;
  /** Qualified names of the globals used. */
  readonly globals: Set<string>;
}

/** Decodes one pickle from `bytes` (starting at byte 0) and returns the top-level value and stream stats. */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions): { value: unknown; stats: PickleStats } {
  const vm = new Unpickler(new Source(bytes), options);
  return { value: vm.run(), stats: vm.stats };
}

class Unpickler {
  readonly stats: PickleStats = { protocol: 0, paddedArrays: 0, unpaddedArrays: 0, fastRecords: 0, globals: new Set() };
  private pos = 0;
  private opStart = 0;
  /** Value stack: slots 0..sp-1 (a fixed array with a pointer, so pushes and pops never resize it). */
  private readonly stack: unknown[];
  private sp = 0;
  private readonly marks: number[] = [];
  private readonly memo: Memo;
  private lastTupleSlot = -1;
  private lastBytesSlot = -1;
  private readonly bytes: Buffer;
  private readonly maxStack: number;
  private readonly maxMarks: number;
  private readonly batches: RecordBatchScanner | undefined;
  private readonly fail: Fail = (detail) => {
    throw new ReadError(this.options.file, detail, { offset: this.opStart });
  };

  constructor(
    private readonly source: Source,
    private readonly options: UnpickleOptions,
  ) {
    this.bytes = source.bytes;
    this.memo = new Memo(source.bytes);
    this.maxStack = options.maxStack ?? 1 << 20;
    this.maxMarks = options.maxMarks ?? 10_000;
    this.stack = new Array<unknown>(Math.min(1024, this.maxStack)).fill(null);
    this.batches = options.recordSink && new RecordBatchScanner(this.bytes, source.view, this.memo, options.recordSink);
  }

  run(): unknown {
    const bytes = this.bytes;
    const view = this.source.view;
    const end = bytes.length;
    for (;;) {
      this.opStart = this.pos;
      if (this.pos >= end) return this.fail('file ends before the pickle STOP opcode (truncated?)');
      const op = bytes[this.pos++]!;
      switch (op) {
        case OP.MARK:
          if (this.marks.length >= this.maxMarks) return this.fail(`nesting deeper than ${this.maxMarks}`);
          if (this.batches !== undefined && this.sp > this.topMark() && this.stack[this.sp - 1] instanceof PyDict) {
            if (this.readRecordBatch(this.batches, this.stack[this.sp - 1] as PyDict)) break;
          }
          this.marks.push(this.sp);
          break;
        case OP.STOP:
          if (this.sp !== 1 || this.marks.length !== 0) return this.fail('STOP with an unbalanced stack');
          return this.stack[0];
        case OP.POP:
          if (this.marks.length > 0 && this.topMark() === this.sp) this.marks.pop();
          else this.pop();
          break;
        case OP.POP_MARK:
          this.sp = this.popMark();
          break;
        case OP.DUP:
          this.push(this.peek());
          break;
        case OP.NONE:
          this.push(null);
          break;
        case OP.NEWTRUE:
          this.push(true);
          break;
        case OP.NEWFALSE:
          this.push(false);
          break;
        case OP.BININT:
          this.need(4);
          this.push(view.getInt32(this.pos, true));
          this.pos += 4;
          break;
        case OP.BININT1:
          this.need(1);
          this.push(bytes[this.pos++]);
          break;
        case OP.BININT2:
          this.need(2);
          this.push(view.getUint16(this.pos, true));
          this.pos += 2;
          break;
        case OP.LONG1:
          this.push(this.readLong(this.readU8()));
          break;
        case OP.LONG4: {
          const n = this.readU32();
          if (n > 0x7fffffff) return this.fail('negative LONG4 length');
          this.push(this.readLong(n));
          break;
        }
        case OP.BINFLOAT:
          this.need(8);
          this.push(view.getFloat64(this.pos, false));
          this.pos += 8;
          break;
        case OP.SHORT_BINUNICODE:
        case OP.BINUNICODE:
          if (this.batches !== undefined && this.readRestOfBatch(this.batches)) break;
          this.push(this.readText(op === OP.SHORT_BINUNICODE ? this.readU8() : this.readU32()));
          break;
        case OP.BINUNICODE8:
          this.push(this.readText(this.readU64()));
          break;
        case OP.SHORT_BINBYTES:
          this.push(this.readBytes(this.readU8()));
          break;
        case OP.BINBYTES:
          this.push(this.readBytes(this.readU32()));
          break;
        case OP.BINBYTES8:
        case OP.BYTEARRAY8:
          this.push(this.readBytes(this.readU64()));
          break;
        case OP.EMPTY_TUPLE:
          this.push([]);
          break;
        case OP.TUPLE1:
          this.push([this.pop()]);
          break;
        case OP.TUPLE2: {
          const b = this.pop();
          this.push([this.pop(), b]);
          break;
        }
        case OP.TUPLE3: {
          const c = this.pop();
          const b = this.pop();
          this.push([this.pop(), b, c]);
          break;
        }
        case OP.TUPLE:
          this.push(this.takeMarked());
          break;
        case OP.EMPTY_LIST:
          this.push(new PyList([]));
          break;
        case OP.LIST:
          this.push(new PyList(this.takeMarked()));
          break;
        case OP.APPEND: {
          const item = this.pop();
          this.list(this.peek()).items.push(item);
          break;
        }
        case OP.APPENDS: {
          const mark = this.popMark();
          const target = this.list(this.stackAt(mark - 1)).items;
          for (let i = mark; i < this.sp; i++) target.push(this.stack[i]);
          this.sp = mark;
          break;
        }
        case OP.EMPTY_DICT:
          this.push(new PyDict());
          break;
        case OP.DICT: {
          const mark = this.popMark();
          const dict = new PyDict();
          this.setItems(dict, mark);
          this.push(dict);
          break;
        }
        case OP.SETITEM:
          if (this.sp - 3 < this.topMark()) return this.fail('pickle stack underflow');
          this.setItems(this.dict(this.stack[this.sp - 3]), this.sp - 2);
          break;
        case OP.SETITEMS: {
          const mark = this.popMark();
          this.setItems(this.dict(this.stackAt(mark - 1)), mark);
          break;
        }
        case OP.MEMOIZE:
          this.memoPut(this.memo.length, this.peek());
          break;
        case OP.BINPUT:
          this.memoPut(this.readU8(), this.peek());
          break;
        case OP.LONG_BINPUT:
          this.memoPut(this.readU32(), this.peek());
          break;
        case OP.BINGET:
          this.push(this.memoGet(this.readU8()));
          break;
        case OP.LONG_BINGET:
          this.push(this.memoGet(this.readU32()));
          break;
        case OP.PROTO:
          this.stats.protocol = this.readU8();
          if (this.stats.protocol < 2 || this.stats.protocol > 5)
            return this.fail(`unsupported pickle protocol ${this.stats.protocol}`);
          break;
        case OP.FRAME:
          if (this.readU64() > end - this.pos) return this.fail('FRAME longer than the rest of the file (truncated?)');
          break;
        case OP.GLOBAL: {
          const moduleName = this.readLine();
          this.push(this.global(moduleName, this.readLine()));
          break;
        }
        case OP.STACK_GLOBAL: {
          const name = this.pop();
          const moduleName = this.pop();
          if (typeof moduleName !== 'string' || typeof name !== 'string')
            return this.fail('STACK_GLOBAL needs two strings');
          this.push(this.global(moduleName, name));
          break;
        }
        case OP.REDUCE: {
          const args = this.pop();
          const callee = this.pop();
          this.push(this.call(callee, args));
          break;
        }
        case OP.NEWOBJ: {
          const args = this.pop();
          const cls = this.pop();
          if (!(cls instanceof PyGlobal) || cls.role !== 'wrapper')
            return this.fail(`NEWOBJ of ${describeValue(cls)} is not allowed`);
          if (!Array.isArray(args) || args.length !== 0)
            return this.fail('NumpyArrayWrapper takes no constructor arguments');
          this.push(new PendingWrapper());
          break;
        }
        case OP.BUILD: {
          const state = this.pop();
          this.push(this.build(this.pop(), state));
          break;
        }
        default:
          return this.fail(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
      }
    }
  }

  /** Tries the fast path on the batch this MARK starts (items for `dict`); true when it was read. */
  private readRecordBatch(batches: RecordBatchScanner, dict: PyDict): boolean {
    if (!batches.scan(this.pos, this.maxStack - this.sp, this.maxMarks - this.marks.length)) return false;
    this.commitBatch(batches, dict);
    return true;
  }

  /**
   * At the key of a batch's second pair (the general path read the first, e.g. the record where joblib
   * first writes the keys, globals and dtypes the others fetch from the memo), tries the fast path on
   * the rest of the batch; true when it was read, with the batch's SETITEMS done.
   */
  private readRestOfBatch(batches: RecordBatchScanner): boolean {
    const mark = this.topMark();
    if (this.marks.length === 0 || this.sp - mark !== 2) return false;
    const below = this.marks.length > 1 ? this.marks[this.marks.length - 2]! : 0;
    const dict = this.stack[mark - 1];
    if (mark - 1 < below || !(dict instanceof PyDict)) return false;
    if (!batches.scan(this.opStart, this.maxStack - this.sp, this.maxMarks - this.marks.length + 1)) return false;
    // the general path's SETITEMS for the pairs already on the stack, then the scanned ones
    this.marks.pop();
    this.opStart = batches.end - 1;
    this.setItems(dict, mark);
    this.commitBatch(batches, dict);
    return true;
  }

  /** Appends a scanned batch's rows and stores its keys, with one shared reference to them, in `dict`. */
  private commitBatch(batches: RecordBatchScanner, dict: PyDict): void {
    batches.appendRows();
    const ref = this.options.recordSink!.refOfRun(batches.firstRow, dict.size, batches.records);
    const entries = dict.entries.length === 0 ? [] : dict.entries;
    for (let i = 0; i < batches.records; i++) entries.push(batches.keys[i], ref);
    dict.entries = entries;
    if (batches.lastTupleSlot >= 0) this.lastTupleSlot = batches.lastTupleSlot;
    this.stats.paddedArrays += batches.padded;
    this.stats.unpaddedArrays += batches.unpadded;
    this.stats.fastRecords += batches.records;
    this.pos = batches.end;
  }

  private push(value: unknown): void {
    if (this.sp === this.stack.length) {
      if (this.sp >= this.maxStack) this.fail(`pickle stack deeper than ${this.maxStack}`);
      this.stack.push(value);
      this.sp++;
    } else {
      this.stack[this.sp++] = value;
    }
  }

  private pop(): unknown {
    if (this.sp <= this.topMark()) this.fail('pickle stack underflow');
    const value = this.stack[--this.sp];
    this.stack[this.sp] = null;
    return value;
  }

  private peek(): unknown {
    if (this.sp <= this.topMark()) this.fail('pickle stack underflow');
    return this.stack[this.sp - 1];
  }

  /** The slot at `index` below the current mark (the target of APPENDS/SETITEMS). */
  private stackAt(index: number): unknown {
    if (index < this.topMark() || index < 0) this.fail('pickle stack underflow');
    return this.stack[index];
  }

  private topMark(): number {
    return this.marks.length > 0 ? this.marks[this.marks.length - 1]! : 0;
  }

  /** Pops the innermost MARK and returns its stack position (the items are sp..mark). */
  private popMark(): number {
    const mark = this.marks.pop();
    if (mark === undefined) return this.fail('no MARK on the stack');
    return mark;
  }

  /** Pops the innermost MARK and the items above it, as a new array. */
  private takeMarked(): unknown[] {
    const mark = this.popMark();
    const items = this.stack.slice(mark, this.sp);
    this.sp = mark;
    return items;
  }

  private list(value: unknown): PyList {
    return value instanceof PyList ? value : this.fail(`APPEND onto ${describeValue(value)}`);
  }

  private dict(value: unknown): PyDict {
    return value instanceof PyDict ? value : this.fail(`SETITEM onto ${describeValue(value)}`);
  }

  /** Moves the key/value pairs in stack slots from..sp-1 into `dict` (applying the reviver) and pops them. */
  private setItems(dict: PyDict, from: number): void {
    const stack = this.stack;
    const end = this.sp;
    if ((end - from) % 2 !== 0) this.fail('SETITEMS with an odd number of items');
    const base = dict.entries.length;
    if (base === 0) dict.entries = stack.slice(from, end);
    else for (let i = from; i < end; i++) dict.entries.push(stack[i]);
    if (dict.entries.length === 0) return;
    const entries = dict.entries;
    const reviver = this.options.reviver;
    for (let i = base; i < entries.length; i += 2) {
      const key = entries[i];
      if (typeof key !== 'string' && (key instanceof PyList || key instanceof PyDict || key instanceof NdArray))
        this.fail(`unhashable dict key (${describeValue(key)})`);
      if (reviver !== undefined) {
        const value = entries[i + 1];
        const revived = reviver(key, value);
        if (revived !== value) {
          if (value instanceof PyDict) this.consume(value.memoSlot, value);
          entries[i + 1] = revived;
        }
      }
    }
    for (let i = from; i < end; i++) stack[i] = null;
    this.sp = from;
  }

  private memoPut(index: number, value: unknown): void {
    this.memo.put(index, value);
    if (value instanceof PyDict || value instanceof PendingWrapper) value.memoSlot = index;
    else if (Array.isArray(value)) this.lastTupleSlot = index;
    else if (value instanceof PyBytes) this.lastBytesSlot = index;
  }

  private memoGet(index: number): unknown {
    const value = this.memo.at(index);
    if (value === undefined || value === UNSET) return this.fail(`memo entry ${index} was never stored`);
    if (value === CONSUMED)
      return this.fail(`memo entry ${index} refers to an array wrapper or record that was already consumed`);
    return value;
  }

  /** Drops `value` from the memo so it can be garbage-collected (see Memo.consume). */
  private consume(slot: number, value: unknown): void {
    this.memo.consume(slot, value);
  }

  private global(module: string, name: string): PyGlobal {
    const role = roleOfGlobal(module, name);
    if (role === undefined)
      return this.fail(
        `global '${module}.${name}' is not allowed (only numpy arrays, dtypes, scalars and joblib wrappers)`,
      );
    const g = new PyGlobal(module, name, role);
    this.stats.globals.add(g.qualifiedName);
    return g;
  }

  private call(callee: unknown, args: unknown): unknown {
    if (!(callee instanceof PyGlobal)) return this.fail(`REDUCE of ${describeValue(callee)} is not allowed`);
    const role = callee.role;
    const result = callGlobal(callee, role, args, this.fail);
    if (role === 'scalar' && Array.isArray(args)) {
      // numpy scalars are plain numbers here: their argument tuple and bytes are never referenced again.
      this.consume(this.lastBytesSlot, args[1]);
      this.consume(this.lastTupleSlot, args);
    }
    return result;
  }

  private build(target: unknown, state: unknown): unknown {
    if (target instanceof Dtype) {
      buildDtype(target, state, this.fail);
      return target;
    }
    if (target instanceof PendingNdarray) return buildNdarray(state, this.fail);
    if (target instanceof PendingWrapper) return this.readWrappedArray(target, state);
    return this.fail(`BUILD of ${describeValue(target)} is not allowed`);
  }

  /** joblib writes a wrapper's array bytes right after its BUILD opcode, optionally padded to 16 bytes. */
  private readWrappedArray(wrapper: PendingWrapper, state: unknown): NdArray {
    const layout = parseWrapperState(wrapper, state, this.fail);
    if (layout.padded) {
      const padding = this.readU8();
      this.need(padding);
      this.pos += padding;
      this.stats.paddedArrays++;
    } else {
      this.stats.unpaddedArrays++;
    }
    const itemSize = layout.dtype.itemSize;
    const { shape, size } = parseShape(layout.shape, (this.bytes.length - this.pos) / itemSize, this.fail);
    const array = new NdArray(layout.dtype, shape, layout.fortran, this.source, this.pos);
    this.pos += size * itemSize;
    this.consume(wrapper.memoSlot, wrapper);
    if (state instanceof PyDict) this.consume(state.memoSlot, state);
    this.consume(this.lastTupleSlot, shape);
    return array;
  }

  private need(n: number): void {
    if (n > this.bytes.length - this.pos) this.fail(`needs ${n} more bytes but the file ends (truncated?)`);
  }

  private readU8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  private readU32(): number {
    this.need(4);
    const n = this.source.view.getUint32(this.pos, true);
    this.pos += 4;
    return n;
  }

  private readU64(): number {
    this.need(8);
    const low = this.source.view.getUint32(this.pos, true);
    const high = this.source.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    if (high >= 0x200000) return this.fail('length beyond 2^53 bytes');
    return high * 0x1_0000_0000 + low;
  }

  private readText(length: number): string {
    this.need(length);
    const start = this.pos;
    this.pos += length;
    const text = decodeUtf8(this.bytes, start, this.pos);
    return text ?? this.fail('string is not valid UTF-8');
  }

  private readBytes(length: number): PyBytes {
    this.need(length);
    const bytes = new PyBytes(this.source, this.pos, this.pos + length);
    this.pos += length;
    return bytes;
  }

  private readLong(length: number): number | bigint {
    if (length > 1024) return this.fail(`integer of ${length} bytes is too large`);
    this.need(length);
    const value = decodeLong(this.bytes, this.pos, length);
    this.pos += length;
    return value;
  }

  private readLine(): string {
    const limit = Math.min(this.bytes.length, this.pos + 256);
    const start = this.pos;
    let i = start;
    while (i < limit && this.bytes[i] !== 0x0a) i++;
    if (i >= limit) return this.fail('GLOBAL name is unterminated or too long');
    this.pos = i + 1;
    return decodeUtf8(this.bytes, start, i) ?? this.fail('GLOBAL name is not valid UTF-8');
  }
}
