/**
 * Absorbs Cerberus object records ({box, centroid, contour, type, prob|type_prob}) into shared
 * growable columns as the pickle VM completes each one, so a 630 k-nucleus slide never holds one
 * JS object graph per nucleus. Validation here is kind-independent; a record's first problem is
 * kept and reported later, once the reader knows the record's kind.
 */
import type { Buffer } from 'node:buffer';
import { arrayNumber, asNumber, asNumbers, asSequence } from './cerberus-dat-values';
import type { RecordSink, ScannedRecord } from './pickle/record-batch';
import { NdArray, PyDict } from './pickle/values';

/** Replaces an absorbed record in its dict: row `row` of RecordColumns. */
export class RecordRef {
  constructor(readonly row: number) {}
  /** Both kinds of reference print alike (only a malformed file ever gets one into a message). */
  toJSON(): string {
    return 'record';
  }
}

/**
 * Replaces every record of one fast-path batch in its dict (one object instead of one per record):
 * the value of pair `firstPair + k` of that dict is row `firstRow + k`, for k < count.
 */
export class RecordRun {
  constructor(
    readonly firstRow: number,
    readonly firstPair: number,
    readonly count: number,
  ) {}
  toJSON(): string {
    return 'record';
  }
}

const MAX_VERTICES = 1_000_000;
const MAX_COORD = 2 ** 31 - 1;

interface RecordFields {
  contour: unknown;
  centroid: unknown;
  box: unknown;
  type: unknown;
  prob: unknown;
  probKey: 'prob' | 'type_prob';
}

/** [x, y] from a 2-element numeric array (fast path for float64/int64) or a pair of numbers. */
function readPair(value: unknown): [number, number] | undefined {
  if (value instanceof NdArray && value.size === 2 && value.shape.length === 1 && !value.fortran) {
    const { view } = value.source;
    const at = value.byteOffset;
    if (value.dtype.kind === 'f' && value.dtype.itemSize === 8)
      return [view.getFloat64(at, true), view.getFloat64(at + 8, true)];
  }
  if (value === undefined) return undefined;
  const xy = asNumbers(value);
  return xy !== undefined && xy.length === 2 ? [xy[0]!, xy[1]!] : undefined;
}

/** Coordinate `axis` (0 x, 1 y) of a scanned record's centroid. */
function scannedCentroid(record: ScannedRecord, view: DataView, axis: number): number {
  const size = record.centroidItemSize;
  const at = record.centroidOffset + axis * size;
  return record.centroidFloat ? view.getFloat64(at, true) : readInt(view, at, size);
}

/** A little-endian int32 or int64 (exact within ±2^53, which covers every accepted coordinate). */
function readInt(view: DataView, at: number, itemSize: number): number {
  if (itemSize === 4) return view.getInt32(at, true);
  return view.getInt32(at + 4, true) * 0x1_0000_0000 + view.getUint32(at, true);
}

/** True for 4 integers: an int array of 4 elements (no need to read them) or a sequence of 4 ints. */
function isIntegerBox(value: unknown): boolean {
  if (value instanceof NdArray) return value.size === 4 && (value.dtype.kind === 'i' || value.dtype.kind === 'u');
  const values = asNumbers(value);
  return values !== undefined && values.length === 4 && values.every(Number.isInteger);
}

/** Columns of every record absorbed so far, in processing pixels (rows of all kinds interleaved by file order). */
export class RecordColumns implements RecordSink {
  count = 0;
  vertexCount = 0;
  /** Vertex start of row i; length count + 1 once finished. */
  vertexStart = new Uint32Array(1024);
  /** Interleaved x, y (px). */
  coords = new Int32Array(16384);
  private coordBytes = new Uint8Array(this.coords.buffer);
  centroidX = new Float64Array(1024);
  centroidY = new Float64Array(1024);
  /** Raw `type`, NaN when absent. */
  type = new Float64Array(1024);
  /** `prob` or `type_prob`, NaN when absent. */
  prob = new Float64Array(1024);
  private wordSource: Buffer | undefined;
  private words: Int32Array | undefined;
  /** First problem of a row, reported with the row's kind and id. */
  readonly errors = new Map<number, string>();

  /** True for a dict shaped like a Cerberus object record. */
  static isRecord(value: unknown): value is PyDict {
    if (!(value instanceof PyDict)) return false;
    // one pass: this also runs on each kind's dict of 10^5–10^6 ids
    const entries = value.entries;
    for (let i = 0; i < entries.length; i += 2) {
      const key = entries[i];
      if (key === 'contour' || key === 'centroid' || key === 'box') return true;
    }
    return false;
  }

  /** Appends one record and returns its row; problems are stored in `errors`, never thrown. */
  absorb(record: PyDict): number {
    const row = this.count;
    if (row + 1 >= this.vertexStart.length) this.growRows();
    this.count++;
    this.vertexStart[row] = this.vertexCount;
    const fields: RecordFields = {
      contour: undefined,
      centroid: undefined,
      box: undefined,
      type: undefined,
      prob: undefined,
      probKey: 'prob',
    };
    const entries = record.entries;
    for (let i = 0; i < entries.length; i += 2) {
      const value = entries[i + 1];
      switch (entries[i]) {
        case 'contour':
          fields.contour = value;
          break;
        case 'centroid':
          fields.centroid = value;
          break;
        case 'box':
          fields.box = value;
          break;
        case 'type':
          fields.type = value;
          break;
        case 'prob':
          fields.prob = value;
          break;
        case 'type_prob':
          if (fields.prob === undefined) [fields.prob, fields.probKey] = [value, 'type_prob'];
          break;
      }
    }
    const problem = this.readContour(fields.contour) ?? this.readFields(fields, row);
    this.vertexStart[row + 1] = this.vertexCount;
    if (problem !== undefined) this.errors.set(row, problem);
    return row;
  }

  private readFields({ centroid, box, type, prob, probKey }: RecordFields, row: number): string | undefined {
    const xy = readPair(centroid);
    if (xy === undefined) return centroid === undefined ? 'missing "centroid"' : 'centroid: expected 2 numbers [x, y]';
    const [x, y] = xy;
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > MAX_COORD || Math.abs(y) > MAX_COORD) {
      return `centroid: expected finite pixel coordinates, got [${x}, ${y}]`;
    }
    this.centroidX[row] = x;
    this.centroidY[row] = y;
    if (box !== undefined && !isIntegerBox(box)) return 'box: expected 4 integers';
    const typeValue = type === undefined ? NaN : asNumber(type);
    if (typeValue === undefined || (type !== undefined && !Number.isInteger(typeValue)))
      return 'type: expected an integer';
    this.type[row] = typeValue;
    const probValue = prob === undefined ? NaN : asNumber(prob);
    if (probValue === undefined || (prob !== undefined && !(probValue >= 0 && probValue <= 1))) {
      return `${probKey}: expected a number in [0, 1]`;
    }
    this.prob[row] = probValue;
    return undefined;
  }

  /** Appends the contour's vertices; returns a problem or undefined. */
  private readContour(contour: unknown): string | undefined {
    if (contour === undefined) return 'missing "contour"';
    if (!(contour instanceof NdArray)) return this.readContourList(contour);
    const [n, width] = contour.shape;
    if (contour.shape.length !== 2 || width !== 2 || n === undefined)
      return `contour: expected an (N, 2) array, got shape (${contour.shape.join(', ')})`;
    const kind = contour.dtype.kind;
    if (kind !== 'i' && kind !== 'u') return `contour: expected an integer array, got ${contour.dtype.str}`;
    if (n < 3 || n > MAX_VERTICES) return `contour: expected 3 to ${MAX_VERTICES} vertices, got ${n}`;
    this.reserveVertices(n);
    const dst = this.vertexCount * 2;
    const src = contour.byteOffset;
    if (kind === 'i' && contour.dtype.itemSize === 4 && !contour.fortran) {
      contour.source.bytes.copy(this.coordBytes, dst * 4, src, src + n * 8);
    } else if (kind === 'i' && contour.dtype.itemSize === 8 && !contour.fortran) {
      const view = contour.source.view;
      for (let i = 0; i < 2 * n; i++) {
        const low = view.getInt32(src + i * 8, true);
        if (view.getInt32(src + i * 8 + 4, true) !== low >> 31)
          return `contour: value ${arrayNumber(contour, i)} is outside the int32 range`;
        this.coords[dst + i] = low;
      }
    } else {
      for (let i = 0; i < 2 * n; i++) {
        const vertex = i >> 1;
        const value = arrayNumber(contour, contour.fortran ? (i & 1) * n + vertex : i);
        if (!(Math.abs(value) <= MAX_COORD)) return `contour: value ${value} is outside the int32 range`;
        this.coords[dst + i] = value;
      }
    }
    this.vertexCount += n;
    return undefined;
  }

  private readContourList(contour: unknown): string | undefined {
    const rows = asSequence(contour);
    if (rows === undefined) return 'contour: expected an (N, 2) integer array';
    if (rows.length < 3 || rows.length > MAX_VERTICES)
      return `contour: expected 3 to ${MAX_VERTICES} vertices, got ${rows.length}`;
    this.reserveVertices(rows.length);
    let dst = this.vertexCount * 2;
    for (const vertex of rows) {
      const xy = asNumbers(vertex);
      if (xy === undefined || xy.length !== 2) return 'contour: expected [x, y] pairs';
      for (const value of xy) {
        if (!Number.isInteger(value) || Math.abs(value) > MAX_COORD)
          return `contour: expected int32 coordinates, got ${value}`;
        this.coords[dst++] = value;
      }
    }
    this.vertexCount += rows.length;
    return undefined;
  }

  /** True when `absorb` would accept this record, scanned by the pickle VM's fast path, without a problem. */
  checkScanned(record: ScannedRecord, bytes: Buffer, view: DataView): boolean {
    const n = record.vertices;
    if (n < 3 || n > MAX_VERTICES) return false;
    const x = scannedCentroid(record, view, 0);
    const y = scannedCentroid(record, view, 1);
    if (!(Math.abs(x) <= MAX_COORD && Math.abs(y) <= MAX_COORD)) return false;
    if (record.hasType && !Number.isInteger(record.type)) return false;
    if (record.hasProb && !(record.prob >= 0 && record.prob <= 1)) return false;
    if (record.contourItemSize === 8) {
      const offset = record.contourOffset;
      for (let i = 0; i < 2 * n; i++) {
        if (view.getInt32(offset + i * 8 + 4, true) !== view.getInt32(offset + i * 8, true) >> 31) return false;
      }
    }
    return true;
  }

  /** Appends a record that passed checkScanned (its arrays are still in `bytes`). */
  appendScanned(record: ScannedRecord, bytes: Buffer, view: DataView): void {
    const n = record.vertices;
    this.copyScannedContour(bytes, view, record.contourOffset, n, record.contourItemSize);
    const row = this.count;
    // a scanned record takes > 100 bytes of the pickle (see copyScannedContour for why over-reserving is free)
    if (row + 1 >= this.vertexStart.length) this.growRows(Math.floor(bytes.length / 100));
    this.vertexStart[row] = this.vertexCount;
    this.vertexCount += n;
    this.vertexStart[row + 1] = this.vertexCount;
    this.centroidX[row] = scannedCentroid(record, view, 0);
    this.centroidY[row] = scannedCentroid(record, view, 1);
    this.type[row] = record.hasType ? record.type : NaN;
    this.prob[row] = record.hasProb ? record.prob : NaN;
    this.count = row + 1;
  }

  /** What the dict holds for the `count` rows from `firstRow`, at its pairs from `firstPair`. */
  refOfRun(firstRow: number, firstPair: number, count: number): RecordRun {
    return new RecordRun(firstRow, firstPair, count);
  }

  /** Copies n int32 or int64 (x, y) vertices (int64 ones checked by checkScanned) after vertexCount. */
  private copyScannedContour(bytes: Buffer, view: DataView, offset: number, n: number, itemSize: number): void {
    // Every coordinate takes >= 4 bytes of the pickle, so bytes.length / 4 int32 always suffice for scanned
    // records: one allocation whose untouched (zero) pages the OS never makes resident, instead of
    // repeated 1.5x copies.
    this.reserveVertices(n, Math.floor(bytes.length / 4));
    const coords = this.coords;
    const dst = this.vertexCount * 2;
    const values = 2 * n;
    if (itemSize === 4) {
      const words = this.wordsOf(bytes);
      if (words !== undefined && (offset & 3) === 0 && values <= 256 && offset < 0x8000_0000) {
        const src = offset >> 2;
        for (let i = 0; i < values; i++) coords[dst + i] = words[src + i]!;
      } else {
        bytes.copy(this.coordBytes, dst * 4, offset, offset + values * 4);
      }
      return;
    }
    for (let i = 0; i < values; i++) coords[dst + i] = view.getInt32(offset + i * 8, true);
  }

  /** `bytes` as int32 words when 4-byte aligned (joblib >= 1.2 aligns array data to 16 bytes). */
  private wordsOf(bytes: Buffer): Int32Array | undefined {
    if (bytes !== this.wordSource) {
      this.wordSource = bytes;
      this.words =
        bytes.byteOffset % 4 === 0
          ? new Int32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4))
          : undefined;
    }
    return this.words;
  }

  private reserveVertices(n: number, capacityHint = 0): void {
    const needed = (this.vertexCount + n) * 2;
    if (needed <= this.coords.length) return;
    if (this.vertexCount + n > 0xffff_ffff) throw new RangeError('more than 2^32 vertices');
    const next = new Int32Array(Math.max(needed, Math.ceil(this.coords.length * 1.5), capacityHint));
    next.set(this.coords.subarray(0, this.vertexCount * 2));
    this.coords = next;
    this.coordBytes = new Uint8Array(next.buffer);
  }

  private growRows(capacityHint = 0): void {
    const size = Math.max(this.vertexStart.length * 2, capacityHint);
    const grow = <T extends Uint32Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(array as never);
      return next;
    };
    this.vertexStart = grow(this.vertexStart, (n) => new Uint32Array(n));
    this.centroidX = grow(this.centroidX, (n) => new Float64Array(n));
    this.centroidY = grow(this.centroidY, (n) => new Float64Array(n));
    this.type = grow(this.type, (n) => new Float64Array(n));
    this.prob = grow(this.prob, (n) => new Float64Array(n));
  }
}
