/**
 * Run-length form of a tissue-type map: maximal runs of equal class along each grid row, built
 * in one streaming pass from column-major (MATLAB) or row-major (PNG) cells. A 192 M-cell map of
 * 2 µm cells has ~10⁵ runs, so lookups, class areas and the `tissue` table never need the grid.
 */
import type { MatData } from './mat-v5';
import type { MatValueSink } from './mat-v5-stream';
import { ReadError } from './read-error';
import type { TissueMap } from './types';

/** Largest tissue class index (0 background, 1–8 tissue types). */
export const MAX_TISSUE_CLASS = 8;

/** Non-background runs of a tissue map, row by row (cells of `cellUm` µm, slide frame, origin top-left). */
export interface TissueRuns {
  /** µm per cell side (Cerberus: 2 µm). */
  readonly cellUm: number;
  readonly width: number;
  readonly height: number;
  /** Runs of grid row r are runs rowStart[r] .. rowStart[r+1]-1, by increasing column; length height + 1. */
  readonly rowStart: Uint32Array;
  readonly count: number;
  /** Run k covers cells [colStart[k], colEnd[k]) of row row[k], all of class classId[k] (1–8). */
  readonly row: Int32Array;
  readonly colStart: Int32Array;
  readonly colEnd: Int32Array;
  readonly classId: Int8Array;
  /** Number of cells of each class 0–8 (0 = background). */
  readonly cellsByClass: Float64Array;
}

// The bits of one float32, for the word-compare fast path.
const FLOAT_BITS = new Float32Array(1);
const WORD_BITS = new Int32Array(FLOAT_BITS.buffer);

function invalidCell(file: string, row: number, column: number, value: number): never {
  throw new ReadError(
    file,
    `tissue class at row ${row}, column ${column} is ${value}; expected an integer 0–${MAX_TISSUE_CLASS}`,
  );
}

/** Append-only arrays of run boundaries: the cell (row, col) starts a maximal run of `value` in its row. */
class Boundaries {
  row = new Int32Array(1024);
  col = new Int32Array(1024);
  value = new Uint8Array(1024);
  count = 0;

  push(row: number, col: number, value: number): void {
    if (this.count === this.row.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.row = grow(this.row);
      this.col = grow(this.col);
      this.value = grow(this.value);
    }
    this.row[this.count] = row;
    this.col[this.count] = col;
    this.value[this.count++] = value;
  }
}

/**
 * Builds the runs from boundaries already grouped by row (rowFirst[r] .. rowFirst[r+1]-1, by
 * increasing column; every row starts with a boundary at column 0).
 */
function toRuns(
  cellUm: number,
  width: number,
  height: number,
  rowFirst: Uint32Array,
  col: Int32Array,
  value: Uint8Array,
): TissueRuns {
  let count = 0;
  for (let k = 0; k < rowFirst[height]!; k++) if (value[k] !== 0) count++;
  const rowStart = new Uint32Array(height + 1);
  const row = new Int32Array(count), colStart = new Int32Array(count), colEnd = new Int32Array(count); // prettier-ignore
  const classId = new Int8Array(count);
  const cellsByClass = new Float64Array(MAX_TISSUE_CLASS + 1);
  let run = 0;
  for (let r = 0; r < height; r++) {
    rowStart[r] = run;
    const last = rowFirst[r + 1]!;
    for (let k = rowFirst[r]!; k < last; k++) {
      const v = value[k]!;
      const end = k + 1 < last ? col[k + 1]! : width;
      cellsByClass[v]! += end - col[k]!;
      if (v === 0) continue;
      row[run] = r;
      colStart[run] = col[k]!;
      colEnd[run] = end;
      classId[run++] = v;
    }
  }
  rowStart[height] = run;
  return { cellUm, width, height, rowStart, count, row, colStart, colEnd, classId, cellsByClass };
}

/**
 * Receives a column-major class grid (MATLAB `pclass`, rows × cols) chunk by chunk and keeps only
 * the runs of the current and previous column: comparing the two yields exactly the cells where a
 * row run starts, so the cost is one pass over the cells plus the number of runs.
 */
export class ColumnMajorRunBuilder implements MatValueSink {
  private height = 0;
  private width = 0;
  private started = false;
  private column = 0;
  private rowInColumn = 0;
  private current = 0;
  private runs = 0;
  private starts = new Int32Array(0);
  private classes = new Uint8Array(0);
  private previousRuns = 0;
  private previousStarts = new Int32Array(0);
  private previousClasses = new Uint8Array(0);
  private readonly boundaries = new Boundaries();

  constructor(
    private readonly file: string,
    private readonly variable: string,
    private readonly cellUm: number,
  ) {}

  begin(dims: readonly number[]): void {
    if (dims.length !== 2)
      throw new ReadError(
        this.file,
        `'${this.variable}' has dimensions ${dims.join('×')}, expected 2-D (height × width)`,
      );
    this.height = dims[0]!;
    this.width = dims[1]!;
    this.started = true;
    for (const side of ['starts', 'previousStarts'] as const) this[side] = new Int32Array(this.height);
    for (const side of ['classes', 'previousClasses'] as const) this[side] = new Uint8Array(this.height);
  }

  values(chunk: MatData): void {
    const height = this.height;
    if (height === 0) return;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      // Re-read each column: finishing one swaps the current and previous buffers.
      const starts = this.starts;
      const classes = this.classes;
      let r = this.rowInColumn;
      let runs = this.runs;
      let previous = this.current;
      const stop = Math.min(n, i + height - r);
      if (r === 0) {
        const v = chunk[i]!;
        if (!(v >= 0 && v <= MAX_TISSUE_CLASS && (v | 0) === v)) invalidCell(this.file, 0, this.column, v);
        starts[0] = 0;
        classes[0] = v;
        runs = 1;
        previous = v;
        i++;
        r++;
      }
      if (chunk instanceof Float32Array) {
        // Equal bits mean equal values: skip along the run comparing int32 words.
        const words = new Int32Array(chunk.buffer, chunk.byteOffset, n);
        FLOAT_BITS[0] = previous;
        let previousWord = WORD_BITS[0]!;
        for (; i < stop; i++, r++) {
          // Runs are long: test eight cells with one branch before looking at them one by one.
          while (i + 8 <= stop) {
            const p = previousWord;
            const differ =
              (words[i]! ^ p) |
              (words[i + 1]! ^ p) |
              (words[i + 2]! ^ p) |
              (words[i + 3]! ^ p) |
              (words[i + 4]! ^ p) |
              (words[i + 5]! ^ p) |
              (words[i + 6]! ^ p) |
              (words[i + 7]! ^ p);
            if (differ !== 0) break;
            i += 8;
            r += 8;
          }
          if (i === stop) break;
          const w = words[i]!;
          if (w === previousWord) continue;
          previousWord = w;
          const v = chunk[i]!;
          if (v === previous) continue;
          if (!(v >= 0 && v <= MAX_TISSUE_CLASS && (v | 0) === v)) invalidCell(this.file, r, this.column, v);
          starts[runs] = r;
          classes[runs++] = v;
          previous = v;
        }
      }
      for (; i < stop; i++, r++) {
        const v = chunk[i]!;
        if (v === previous) continue;
        // Integers 0–8 only; NaN and fractions fail the equality.
        if (!(v >= 0 && v <= MAX_TISSUE_CLASS && (v | 0) === v)) invalidCell(this.file, r, this.column, v);
        starts[runs] = r;
        classes[runs++] = v;
        previous = v;
      }
      this.rowInColumn = r;
      this.runs = runs;
      this.current = previous;
      if (r === height) {
        this.finishColumn();
        this.rowInColumn = 0;
        this.column++;
      }
    }
  }

  /** Emits the row-run boundaries in this column (cells whose class differs from their left neighbour). */
  private finishColumn(): void {
    const c = this.column;
    const height = this.height;
    const { starts, classes, runs, previousStarts, previousClasses, previousRuns, boundaries } = this;
    if (c === 0) {
      for (let k = 0; k < runs; k++) {
        const end = k + 1 < runs ? starts[k + 1]! : height;
        for (let r = starts[k]!; r < end; r++) boundaries.push(r, 0, classes[k]!);
      }
    } else {
      let p = 0;
      let q = 0;
      let low = 0;
      while (low < height) {
        const pEnd = p + 1 < previousRuns ? previousStarts[p + 1]! : height;
        const qEnd = q + 1 < runs ? starts[q + 1]! : height;
        const high = pEnd < qEnd ? pEnd : qEnd;
        const v = classes[q]!;
        if (previousClasses[p] !== v) for (let r = low; r < high; r++) boundaries.push(r, c, v);
        low = high;
        if (pEnd === high) p++;
        if (qEnd === high) q++;
      }
    }
    this.previousStarts = starts;
    this.previousClasses = classes;
    this.previousRuns = runs;
    this.starts = previousStarts;
    this.classes = previousClasses;
    this.runs = 0;
  }

  /** The runs once every cell has been received; throws when the grid was cut short. */
  finish(): TissueRuns {
    if (!this.started) throw new ReadError(this.file, `'${this.variable}' has no values`);
    const { width, height, boundaries } = this;
    if (height > 0 && width > 0 && (this.column !== width || this.rowInColumn !== 0))
      throw new ReadError(this.file, `truncated: '${this.variable}' ends at column ${this.column} of ${width}`);
    if (width === 0) return toRuns(this.cellUm, 0, height, new Uint32Array(height + 1), new Int32Array(0), new Uint8Array(0)); // prettier-ignore
    // Boundaries arrive column by column; a stable counting sort groups them by row.
    const rowFirst = new Uint32Array(height + 1);
    for (let k = 0; k < boundaries.count; k++) rowFirst[boundaries.row[k]! + 1]!++;
    for (let r = 0; r < height; r++) rowFirst[r + 1]! += rowFirst[r]!;
    const fill = rowFirst.slice(0, height);
    const col = new Int32Array(boundaries.count);
    const value = new Uint8Array(boundaries.count);
    for (let k = 0; k < boundaries.count; k++) {
      const at = fill[boundaries.row[k]!]!++;
      col[at] = boundaries.col[k]!;
      value[at] = boundaries.value[k]!;
    }
    return toRuns(this.cellUm, width, height, rowFirst, col, value);
  }
}

/** Runs of a row-major grid of cells (e.g. a grey PNG), validating each run's class. */
export function runsOfRowMajor(
  file: string,
  cellUm: number,
  width: number,
  height: number,
  cells: ArrayLike<number>,
): TissueRuns {
  const boundaries = new Boundaries();
  const rowFirst = new Uint32Array(height + 1);
  for (let r = 0; r < height; r++) {
    const base = r * width;
    let previous = -1;
    for (let c = 0; c < width; c++) {
      const v = cells[base + c]!;
      if (v === previous) continue;
      if (!(v >= 0 && v <= MAX_TISSUE_CLASS && (v | 0) === v)) invalidCell(file, r, c, v);
      boundaries.push(r, c, v);
      previous = v;
    }
    rowFirst[r + 1] = boundaries.count;
  }
  return toRuns(cellUm, width, height, rowFirst, boundaries.col, boundaries.value);
}

/** Class (0–8) of the cell at (row, col); 0 outside the map. Binary search within the row's runs. */
export function tissueClassOfCell(runs: TissueRuns, row: number, col: number): number {
  if (row < 0 || col < 0 || row >= runs.height || col >= runs.width) return 0;
  let low = runs.rowStart[row]!;
  let high = runs.rowStart[row + 1]!;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (runs.colEnd[mid]! <= col) low = mid + 1;
    else high = mid;
  }
  return low < runs.rowStart[row + 1]! && runs.colStart[low]! <= col ? runs.classId[low]! : 0;
}

/** The full row-major grid of the runs (one byte per cell). */
export function toTissueMap(runs: TissueRuns): TissueMap {
  const classes = new Uint8Array(runs.width * runs.height);
  for (let k = 0; k < runs.count; k++) {
    const base = runs.row[k]! * runs.width;
    classes.fill(runs.classId[k]!, base + runs.colStart[k]!, base + runs.colEnd[k]!);
  }
  return { cellUm: runs.cellUm, width: runs.width, height: runs.height, classes };
}
