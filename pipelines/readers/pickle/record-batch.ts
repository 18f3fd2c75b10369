/**
 * Fast path of the pickle VM for the opcode sequence joblib writes for a batch of Cerberus object
 * records: `MARK (str, {field: NumpyArrayWrapper + raw bytes | int | float})* SETITEMS`, with the
 * repeated keys, globals and dtypes fetched from the memo. It decodes a whole batch (or the rest of
 * one, after the general path read its first record) straight into a RecordSink (no wrapper, state or
 * record objects) and commits only when the batch ends with its SETITEMS and every record is one the
 * general path would absorb without a problem; anything else leaves the VM untouched, so the general
 * path then gives exactly its own result or error.
 */
import type { Buffer } from 'node:buffer';
import { U32List, type Memo } from './memo';
import { BAD_PUT, OpCursor } from './op-cursor';
import { OP } from './opcodes';
import { KeyBatchDecoder } from './text';
import { WrappedArrayReader } from './wrapped-array';

/** One record as scanned; offsets are byte offsets of little-endian array data in the pickle. */
export class ScannedRecord {
  /** Contour: `vertices` rows of 2 signed ints of `contourItemSize` (4 or 8) bytes, C order. */
  contourOffset = 0;
  vertices = 0;
  contourItemSize = 0;
  /** Centroid [x, y]: 2 float64 (itemSize 8, float) or 2 signed int32/int64 (itemSize 4/8). */
  centroidOffset = 0;
  centroidItemSize = 0;
  centroidFloat = false;
  hasType = false;
  type = NaN;
  /** `prob` or `type_prob`. */
  hasProb = false;
  prob = NaN;
}

/** Where scanned records go once their batch commits: rows appended in file order. */
export interface RecordSink {
  /** Rows appended so far. */
  readonly count: number;
  /** True when the general path would absorb the record without a problem (nothing is stored). */
  checkScanned(record: ScannedRecord, bytes: Buffer, view: DataView): boolean;
  /** Appends a record that passed checkScanned. */
  appendScanned(record: ScannedRecord, bytes: Buffer, view: DataView): void;
  /**
   * The value stored in the parent dict for each of `count` rows from `firstRow`, which become its
   * pairs from `firstPair` on (where the general path stores what its reviver returns per record).
   */
  refOfRun(firstRow: number, firstPair: number, count: number): unknown;
}

/** The ScannedRecords of one batch, kept until it commits. */
class ScannedColumns {
  private size = 0;
  private offsets = new Float64Array(0);
  private numbers = new Float64Array(0);
  private ints = new Int32Array(0);

  store(index: number, record: ScannedRecord): void {
    if (index >= this.size) this.grow(Math.max(1024, this.size * 2));
    this.offsets[2 * index] = record.contourOffset;
    this.offsets[2 * index + 1] = record.centroidOffset;
    this.numbers[2 * index] = record.hasType ? record.type : NaN;
    this.numbers[2 * index + 1] = record.hasProb ? record.prob : NaN;
    const i = 3 * index;
    this.ints[i] = record.vertices;
    this.ints[i + 1] = record.contourItemSize | (record.centroidItemSize << 8) | (record.centroidFloat ? 0x10000 : 0);
    this.ints[i + 2] = (record.hasType ? 1 : 0) | (record.hasProb ? 2 : 0);
  }

  load(index: number, record: ScannedRecord): void {
    record.contourOffset = this.offsets[2 * index]!;
    record.centroidOffset = this.offsets[2 * index + 1]!;
    record.type = this.numbers[2 * index]!;
    record.prob = this.numbers[2 * index + 1]!;
    const i = 3 * index;
    record.vertices = this.ints[i]!;
    const sizes = this.ints[i + 1]!;
    record.contourItemSize = sizes & 0xff;
    record.centroidItemSize = (sizes >> 8) & 0xff;
    record.centroidFloat = (sizes & 0x10000) !== 0;
    record.hasType = (this.ints[i + 2]! & 1) !== 0;
    record.hasProb = (this.ints[i + 2]! & 2) !== 0;
  }

  private grow(size: number): void {
    const offsets = new Float64Array(2 * size);
    const numbers = new Float64Array(2 * size);
    const ints = new Int32Array(3 * size);
    offsets.set(this.offsets);
    numbers.set(this.numbers);
    ints.set(this.ints);
    [this.offsets, this.numbers, this.ints, this.size] = [offsets, numbers, ints, size];
  }
}

/** Record fields as bits; the array fields double as template slots 0–2 of the WrappedArrayReader. */
const BOX = 1;
const CENTROID = 2;
const CONTOUR = 4;
const PROB = 8;
const TYPE = 16;
const TYPE_PROB = 32;
/** Cached "not a field" for a BINGET index. */
const NOT_FIELD = 64;
/** Room the general path needs on its stack inside one record, beyond 2 slots per pair. */
const STACK_PER_RECORD = 40;
const MARKS_PER_BATCH = 3;

/** Scans record batches of one pickle; reused for every batch (its scratch state is its fields). */
export class RecordBatchScanner {
  /** After a successful scan: byte after the batch's SETITEMS, record count, first row, keys. */
  end = 0;
  records = 0;
  firstRow = 0;
  readonly keys: string[] = [];
  private readonly cursor: OpCursor;
  private readonly arrays: WrappedArrayReader;
  private readonly record = new ScannedRecord();
  private readonly scanned = new ScannedColumns();
  private readonly keySlots = new U32List();
  private readonly keyStarts = new U32List();
  private readonly keyLengths = new U32List();
  /** Byte ranges of every record's key, decoded into `keys` once the batch's pairs are scanned. */
  private readonly recordKeyStarts = new U32List();
  private readonly recordKeyLengths = new U32List();
  private readonly keyDecoder = new KeyBatchDecoder();
  /** Field bit (or NOT_FIELD) of each BINGET index, valid for memo generation `fieldGeneration`. */
  private readonly fieldByIndex = new Uint8Array(256);
  private fieldGeneration = -1;

  constructor(
    bytes: Buffer,
    view: DataView,
    private readonly memo: Memo,
    private readonly sink: RecordSink,
  ) {
    this.cursor = new OpCursor(bytes, view, memo);
    this.arrays = new WrappedArrayReader(this.cursor);
  }

  /** Arrays of the last committed batch with and without joblib >= 1.2 padding. */
  get padded(): number {
    return this.arrays.padded;
  }
  get unpadded(): number {
    return this.arrays.unpadded;
  }
  /** Last memo slot of the last committed batch that received a tuple (the VM's consume hint), -1 if none. */
  get lastTupleSlot(): number {
    return this.arrays.lastTupleSlot;
  }

  /**
   * Scans the (rest of the) batch from `start`, just after its MARK or at the key of one of its pairs,
   * through its SETITEMS; true when every pair was decoded, with the memo puts made (the caller then
   * calls appendRows and stores the keys and refs in the parent dict), false with nothing changed.
   * `stackRoom`/`markRoom`: free value-stack slots and MARK levels the general path would have for
   * these pairs, so the scan bails out wherever it would fail on depth.
   */
  scan(start: number, stackRoom: number, markRoom: number): boolean {
    if (markRoom < MARKS_PER_BATCH) return false;
    const cursor = this.cursor;
    cursor.pos = start;
    cursor.memoNext = this.memo.length;
    this.records = 0;
    this.arrays.padded = this.arrays.unpadded = 0;
    this.arrays.lastTupleSlot = -1;
    this.keySlots.length = this.keyStarts.length = this.keyLengths.length = 0;
    this.recordKeyStarts.length = this.recordKeyLengths.length = 0;
    if (!this.scanPairs(stackRoom)) return false;
    const { recordKeyStarts: starts, recordKeyLengths: lengths } = this;
    if (!this.keyDecoder.decode(cursor.bytes, cursor.view, starts.data, lengths.data, this.records, this.keys))
      return false;
    this.memo.putRun(cursor.memoNext - this.memo.length, this.keySlots, this.keyStarts, this.keyLengths);
    return true;
  }

  /** Appends the records of the last successful scan to the sink, from row `firstRow` on. */
  appendRows(): void {
    this.firstRow = this.sink.count;
    const record = this.record;
    const { bytes, view } = this.cursor;
    for (let i = 0; i < this.records; i++) {
      this.scanned.load(i, record);
      this.sink.appendScanned(record, bytes, view);
    }
  }

  private scanPairs(stackRoom: number): boolean {
    const cursor = this.cursor;
    for (;;) {
      const op = cursor.nextOp();
      if (op === OP.SETITEMS) {
        this.end = cursor.pos;
        return this.records > 0;
      }
      if (2 * this.records + STACK_PER_RECORD > stackRoom) return false;
      const keyStart = this.readKeyLength(op);
      if (keyStart < 0) return false;
      const keyLength = cursor.pos - keyStart;
      const slot = cursor.maybePut();
      if (slot === BAD_PUT || !this.readRecord()) return false;
      if (slot >= 0) {
        this.keySlots.push(slot);
        this.keyStarts.push(keyStart);
        this.keyLengths.push(keyLength);
      }
      this.recordKeyStarts.push(keyStart);
      this.recordKeyLengths.push(keyLength);
      this.records++;
    }
  }

  /** Skips a str opcode's operand (SHORT_BINUNICODE or BINUNICODE); its first byte, or -1. */
  private readKeyLength(op: number): number {
    const cursor = this.cursor;
    let length: number;
    if (op === OP.SHORT_BINUNICODE) {
      if (cursor.pos >= cursor.limit) return -1;
      length = cursor.bytes[cursor.pos++]!;
    } else if (op === OP.BINUNICODE) {
      if (cursor.limit - cursor.pos < 4) return -1;
      length = cursor.view.getUint32(cursor.pos, true);
      cursor.pos += 4;
    } else {
      return -1;
    }
    const start = cursor.pos;
    if (length > cursor.limit - start || start > 0xffff_ffff) return -1;
    cursor.pos += length;
    return start;
  }

  /** `EMPTY_DICT [put] MARK (field value)* SETITEMS`, each field at most once, then hands it to the sink. */
  private readRecord(): boolean {
    const cursor = this.cursor;
    if (cursor.nextOp() !== OP.EMPTY_DICT || cursor.maybePut() === BAD_PUT || cursor.nextOp() !== OP.MARK) return false;
    const record = this.record;
    record.hasType = false;
    record.hasProb = false;
    record.type = NaN;
    record.prob = NaN;
    let seen = 0;
    for (;;) {
      const op = cursor.nextOp();
      if (op === OP.SETITEMS) break;
      const field = this.readField(op);
      if (field === NOT_FIELD || (seen & field) !== 0) return false;
      seen |= field;
      if (field === BOX || field === CENTROID || field === CONTOUR) {
        if (!this.arrays.read(field >> 1) || !this.acceptArray(field)) return false;
      } else {
        const value = cursor.readNumber(cursor.nextOp());
        if (Number.isNaN(value)) return false;
        if (field === TYPE) {
          record.hasType = true;
          record.type = value;
        } else {
          record.hasProb = true;
          record.prob = value;
        }
      }
    }
    if ((seen & (CENTROID | CONTOUR)) !== (CENTROID | CONTOUR) || (seen & (PROB | TYPE_PROB)) === (PROB | TYPE_PROB))
      return false;
    if (!this.sink.checkScanned(record, cursor.bytes, cursor.view)) return false;
    this.scanned.store(this.records, record);
    return true;
  }

  /** The field bit of a GET of a record key (cached per BINGET index while the memo is unchanged), else NOT_FIELD. */
  private readField(op: number): number {
    const cursor = this.cursor;
    if (op !== OP.BINGET || cursor.pos >= cursor.limit) return fieldOf(cursor.memoGet(op));
    const index = cursor.bytes[cursor.pos++]!;
    if (index >= this.memo.length) return NOT_FIELD;
    if (this.fieldGeneration !== this.memo.generation) {
      this.fieldByIndex.fill(0);
      this.fieldGeneration = this.memo.generation;
    }
    let field = this.fieldByIndex[index]!;
    if (field === 0) field = this.fieldByIndex[index] = fieldOf(this.memo.at(index));
    return field;
  }

  /** Checks the array just read against what the general path reads without a problem for `field`. */
  private acceptArray(field: number): boolean {
    const { dtype, dim0, dim1, dataOffset } = this.arrays;
    if (dtype === undefined) return false;
    if (field === BOX) return (dim1 < 0 ? dim0 : dim0 * dim1) === 4 && (dtype.kind === 'i' || dtype.kind === 'u');
    if (field === CENTROID) {
      this.record.centroidOffset = dataOffset;
      this.record.centroidItemSize = dtype.itemSize;
      this.record.centroidFloat = dtype.kind === 'f';
      const { kind, itemSize } = dtype;
      return dim0 === 2 && dim1 < 0 && (kind === 'f' ? itemSize === 8 : kind === 'i' && itemSize >= 4);
    }
    this.record.contourOffset = dataOffset;
    this.record.vertices = dim0;
    this.record.contourItemSize = dtype.itemSize;
    return dim1 === 2 && dtype.kind === 'i' && (dtype.itemSize === 4 || dtype.itemSize === 8);
  }
}

/** The field bit of a record key, NOT_FIELD for anything else. */
function fieldOf(key: unknown): number {
  switch (key) {
    case 'box':
      return BOX;
    case 'centroid':
      return CENTROID;
    case 'contour':
      return CONTOUR;
    case 'prob':
      return PROB;
    case 'type':
      return TYPE;
    case 'type_prob':
      return TYPE_PROB;
    default:
      return NOT_FIELD;
  }
}
