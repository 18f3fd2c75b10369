/**
 * Reads one joblib NumpyArrayWrapper for the record fast path, from just after its dict key to the
 * end of its raw data: `GET(NumpyArrayWrapper) EMPTY_TUPLE NEWOBJ [put] EMPTY_DICT [put] MARK
 * subclass shape order dtype allow_mmap [numpy_array_alignment_bytes] SETITEMS BUILD [padding] data`,
 * C order, 1 or 2 dimensions. joblib writes the same header bytes for every array of a field except
 * the shape and the memo indices of its puts, so the first header read opcode by opcode becomes a
 * template the next ones are compared with byte for byte (valid while the memo slots it fetches are
 * unchanged).
 */
import { BAD_PUT, type OpCursor } from './op-cursor';
import { OP } from './opcodes';
import { Dtype, PyGlobal } from './values';

const TEMPLATE_BYTES = 64;
const MAX_HOLES = 4;

/**
 * Up to 64 bytes to compare with, 4 at a time as little-endian int32 words, except for "holes": the
 * operands of BINPUT/LONG_BINPUT (protocol <= 3), which must instead name the slot the put is due for.
 */
class ByteRun {
  readonly bytes = new Uint8Array(TEMPLATE_BYTES);
  /** Template words with hole bytes zeroed, and the masks that zero them in the input. */
  readonly words = new Int32Array(TEMPLATE_BYTES / 4);
  readonly masks = new Int32Array(TEMPLATE_BYTES / 4);
  length = 0;
  holes = 0;
  /** Hole offsets in the run, operand sizes (1 or 4) and slots relative to the header's first put. */
  readonly holeOffsets = new Int32Array(MAX_HOLES);
  readonly holeSizes = new Int32Array(MAX_HOLES);
  readonly holeSlots = new Int32Array(MAX_HOLES);

  /**
   * Keeps cursor bytes start..end-1 with the put operands inside them as holes (slots relative to
   * `firstSlot`); false when longer than 64 bytes or with too many holes.
   */
  set(cursor: OpCursor, start: number, end: number, firstSlot: number): boolean {
    if (end - start > TEMPLATE_BYTES) return false;
    this.bytes.set(cursor.bytes.subarray(start, end));
    this.length = end - start;
    const holeBytes = new Uint8Array(TEMPLATE_BYTES);
    this.holes = 0;
    for (let i = 0; i < cursor.puts; i++) {
      const offset = cursor.putOffsets[i]! - start;
      if (offset < 0 || offset >= this.length) continue;
      if (this.holes === MAX_HOLES) return false;
      this.holeOffsets[this.holes] = offset;
      this.holeSizes[this.holes] = cursor.putSizes[i]!;
      this.holeSlots[this.holes++] = cursor.putSlots[i]! - firstSlot;
      holeBytes.fill(1, offset, offset + cursor.putSizes[i]!);
    }
    const view = new DataView(this.bytes.buffer);
    const holeView = new DataView(holeBytes.buffer);
    for (let k = 0; 4 * k + 4 <= this.length; k++) {
      this.masks[k] = ~(holeView.getInt32(4 * k, true) * 0xff);
      this.words[k] = view.getInt32(4 * k, true) & this.masks[k]!;
    }
    for (let i = this.length & ~3; i < this.length; i++) if (holeBytes[i] === 1) this.bytes[i] = 0;
    this.tailHoles = holeBytes.subarray(this.length & ~3, this.length).some((b) => b === 1);
    return true;
  }

  private tailHoles = false;

  /** True when the cursor's bytes hold this run at `pos` (bounds-checked by the caller), holes naming firstSlot + k. */
  matches(cursor: OpCursor, pos: number, firstSlot: number): boolean {
    const view = cursor.view;
    const length = this.length;
    const whole = length & ~3;
    for (let i = 0; i < whole; i += 4) {
      if ((view.getInt32(pos + i, true) & this.masks[i >> 2]!) !== this.words[i >> 2]) return false;
    }
    const bytes = cursor.bytes;
    const tail = this.bytes;
    for (let i = whole; i < length; i++) {
      if (bytes[pos + i] !== tail[i] && !(this.tailHoles && this.isHole(i))) return false;
    }
    for (let k = 0; k < this.holes; k++) {
      const at = pos + this.holeOffsets[k]!;
      const slot = this.holeSizes[k] === 1 ? bytes[at]! : view.getUint32(at, true);
      if (slot !== firstSlot + this.holeSlots[k]!) return false;
    }
    return true;
  }

  private isHole(offset: number): boolean {
    for (let k = 0; k < this.holes; k++) {
      const start = this.holeOffsets[k]!;
      if (offset >= start && offset < start + this.holeSizes[k]!) return true;
    }
    return false;
  }
}

/** Header bytes around the shape operands of one field's arrays, and what reading them meant. */
class HeaderTemplate {
  /** Memo generation the template was read under; -1 when empty. */
  generation = -1;
  readonly prefix = new ByteRun();
  readonly suffix = new ByteRun();
  /** Memo puts in the prefix (wrapper, state dict) and whether the shape tuple is put. */
  prefixPuts = 0;
  tuplePut = false;
  dtype: Dtype | undefined;
  padded = false;
}

/** Reads wrapped arrays at a cursor; results of the last read are its public fields. */
export class WrappedArrayReader {
  dtype: Dtype | undefined;
  /** Shape (dim1 -1 for a 1-D array) and the byte offset of the data. */
  dim0 = 0;
  dim1 = -1;
  dataOffset = 0;
  padded = 0;
  unpadded = 0;
  /** Last memo slot that received a shape tuple, -1 if none. */
  lastTupleSlot = -1;
  private readonly templates = [new HeaderTemplate(), new HeaderTemplate(), new HeaderTemplate()];

  constructor(private readonly cursor: OpCursor) {}

  /** Reads the array of template slot `field` (0–2); false when the bytes are not such an array. */
  read(field: number): boolean {
    const cursor = this.cursor;
    const template = this.templates[field]!;
    if (cursor.peekOp() < 0) return false;
    const start = cursor.pos;
    let padded: boolean;
    if (template.generation === cursor.memo.generation && this.replay(template)) {
      padded = template.padded;
    } else {
      cursor.pos = start;
      cursor.irregular = false;
      cursor.puts = 0;
      const memoStart = cursor.memoNext;
      const tupleStart = this.readHeader();
      if (tupleStart < 0) return false;
      padded = this.headerPadded;
      if (!cursor.irregular) this.learn(template, start, tupleStart, memoStart, padded);
    }
    return this.readData(padded);
  }

  private headerPadded = false;
  private dimsStart = 0;
  private tuplePut = false;

  /** Reads the header opcode by opcode; the position of its TUPLE opcode, or -1. */
  private readHeader(): number {
    const cursor = this.cursor;
    const wrapper = cursor.memoGet(cursor.nextOp());
    if (!(wrapper instanceof PyGlobal) || wrapper.role !== 'wrapper') return -1;
    if (cursor.nextOp() !== OP.EMPTY_TUPLE || cursor.nextOp() !== OP.NEWOBJ || cursor.maybePut() === BAD_PUT) return -1;
    if (cursor.nextOp() !== OP.EMPTY_DICT || cursor.maybePut() === BAD_PUT || cursor.nextOp() !== OP.MARK) return -1;
    if (cursor.memoGet(cursor.nextOp()) !== 'subclass') return -1;
    const subclass = cursor.memoGet(cursor.nextOp());
    if (!(subclass instanceof PyGlobal) || subclass.role !== 'ndarray') return -1;
    if (cursor.memoGet(cursor.nextOp()) !== 'shape') return -1;
    if (cursor.peekOp() < 0) return -1;
    this.dimsStart = cursor.pos;
    const tupleStart = this.readDimensions();
    if (tupleStart < 0) return -1;
    const slot = cursor.maybePut();
    if (slot === BAD_PUT) return -1;
    this.tuplePut = slot >= 0;
    if (slot >= 0) this.lastTupleSlot = slot;
    if (cursor.memoGet(cursor.nextOp()) !== 'order' || cursor.memoGet(cursor.nextOp()) !== 'C') return -1;
    if (cursor.memoGet(cursor.nextOp()) !== 'dtype') return -1;
    const dtype = cursor.memoGet(cursor.nextOp());
    if (!(dtype instanceof Dtype) || cursor.memoGet(cursor.nextOp()) !== 'allow_mmap') return -1;
    const allowMmap = cursor.nextOp();
    if (allowMmap !== OP.NEWTRUE && allowMmap !== OP.NEWFALSE) return -1;
    let op = cursor.nextOp();
    this.headerPadded = false;
    if (op !== OP.SETITEMS) {
      if (cursor.memoGet(op) !== 'numpy_array_alignment_bytes') return -1;
      op = cursor.nextOp();
      if (op === OP.BININT1 && cursor.pos < cursor.limit) {
        this.headerPadded = true;
        cursor.pos++;
      } else if (op !== OP.NONE) {
        return -1;
      }
      if (cursor.nextOp() !== OP.SETITEMS) return -1;
    }
    if (cursor.nextOp() !== OP.BUILD) return -1;
    this.dtype = dtype;
    return tupleStart;
  }

  /** `int TUPLE1` or `int int TUPLE2` with non-negative ints; the position of the TUPLE opcode, or -1. */
  private readDimensions(): number {
    const cursor = this.cursor;
    this.dim0 = cursor.readDimension(cursor.nextOp());
    if (this.dim0 < 0) return -1;
    this.dim1 = -1;
    let tupleStart = cursor.pos;
    const op = cursor.nextOp();
    if (op === OP.TUPLE1) return tupleStart;
    this.dim1 = cursor.readDimension(op);
    tupleStart = cursor.pos;
    return this.dim1 >= 0 && cursor.nextOp() === OP.TUPLE2 ? tupleStart : -1;
  }

  /** Keeps the header just read (start..end of the cursor, shape operands excluded) as `template`. */
  private learn(template: HeaderTemplate, start: number, tupleStart: number, memoStart: number, padded: boolean): void {
    const cursor = this.cursor;
    template.generation = -1;
    if (!template.prefix.set(cursor, start, this.dimsStart, memoStart)) return;
    if (!template.suffix.set(cursor, tupleStart, cursor.pos, memoStart)) return;
    template.tuplePut = this.tuplePut;
    template.prefixPuts = cursor.memoNext - memoStart - (this.tuplePut ? 1 : 0);
    template.dtype = this.dtype;
    template.padded = padded;
    template.generation = cursor.memo.generation;
  }

  /** Matches the header at the cursor against `template`; on a match the cursor is after its BUILD. */
  private replay(template: HeaderTemplate): boolean {
    const cursor = this.cursor;
    const { prefix, suffix } = template;
    const pos = cursor.pos;
    const firstSlot = cursor.memoNext;
    if (cursor.limit - pos < prefix.length + suffix.length + 2) return false;
    if (!prefix.matches(cursor, pos, firstSlot)) return false;
    cursor.pos = pos + prefix.length;
    if (this.readDimensions() < 0) return false;
    const tupleStart = cursor.pos - 1;
    if (cursor.limit - tupleStart < suffix.length || !suffix.matches(cursor, tupleStart, firstSlot)) return false;
    cursor.pos = tupleStart + suffix.length;
    cursor.memoNext += template.prefixPuts;
    if (template.tuplePut) this.lastTupleSlot = cursor.memoNext++;
    this.dtype = template.dtype;
    return true;
  }

  /** Skips joblib's alignment padding and the data; false when the file is too short. */
  private readData(padded: boolean): boolean {
    const cursor = this.cursor;
    if (padded) {
      if (cursor.pos >= cursor.limit) return false;
      const padding = cursor.bytes[cursor.pos++]!;
      if (padding > cursor.limit - cursor.pos) return false;
      cursor.pos += padding;
      this.padded++;
    } else {
      this.unpadded++;
    }
    const size = this.dim1 < 0 ? this.dim0 : this.dim0 * this.dim1;
    const bytes = size * this.dtype!.itemSize;
    if (bytes > cursor.limit - cursor.pos) return false;
    this.dataOffset = cursor.pos;
    cursor.pos += bytes;
    return true;
  }
}
