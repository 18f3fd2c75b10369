/**
 * Builds one slide's `nuclei_grid` rows (lib/registry/aggregate-tables.ts): the count and summed
 * area of nuclei per class per square cell at each of GRID_LEVELS_UM, ordered by (level, row,
 * col, class), from the stored float32 centroid and area columns. The cell sizes are powers of
 * two, so x / level is exact and the cells equal SQL's floor(x_um / level_um).
 */
import { GRID_LEVELS_UM } from '../../lib/registry';
import type { ColumnValues } from './staging-parquet';

/** Class ids (0–6) take the lowest 3 bits of the key. */
const CLASS_KEYS = 8;
/** Keys tallied at once (log2) when the nuclei are first bucketed: the counters stay in L1 cache. */
const BUCKET_BITS = 12;
/** Up to this many keys, the nuclei are tallied in place, without bucketing (1.5 MB of counters). */
const DIRECT_KEYS = 1 << 17;

interface GridColumns {
  level_um: Int16Array;
  col: Int32Array;
  row: Int32Array;
  class_id: Int8Array;
  count: Int32Array;
  area_sum_um2: Float64Array;
}

function gridColumns(rows: number): GridColumns {
  return {
    level_um: new Int16Array(rows),
    col: new Int32Array(rows),
    row: new Int32Array(rows),
    class_id: new Int8Array(rows),
    count: new Int32Array(rows),
    area_sum_um2: new Float64Array(rows),
  };
}

/** Grid rows appended level after level; `columns` grows as needed. */
interface GridRows {
  columns: GridColumns;
  rows: number;
}

/** Makes room for `more` rows after the current ones. */
function reserveRows(out: GridRows, more: number): void {
  if (out.rows + more <= out.columns.count.length) return;
  const from = out.columns;
  const to = gridColumns(Math.max(out.rows + more, Math.ceil(from.count.length * 1.5)));
  to.level_um.set(from.level_um.subarray(0, out.rows));
  to.col.set(from.col.subarray(0, out.rows));
  to.row.set(from.row.subarray(0, out.rows));
  to.class_id.set(from.class_id.subarray(0, out.rows));
  to.count.set(from.count.subarray(0, out.rows));
  to.area_sum_um2.set(from.area_sum_um2.subarray(0, out.rows));
  out.columns = to;
}

/** The cells of one level that hold the nuclei: first column and row, and the number of each. */
interface CellSpan {
  minCol: number;
  minRow: number;
  cols: number;
  rows: number;
}

/** Extent (µm) of the centroids: [minX, maxX] × [minY, maxY]. */
interface Extent {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function centroidExtent(x: Float32Array, y: Float32Array, count: number): Extent {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity; // prettier-ignore
  for (let i = 0; i < count; i++) {
    if (x[i]! < minX) minX = x[i]!;
    if (x[i]! > maxX) maxX = x[i]!;
    if (y[i]! < minY) minY = y[i]!;
    if (y[i]! > maxY) maxY = y[i]!;
  }
  return { minX, maxX, minY, maxY };
}

/** Cell span of the centroids at `level` (floor is monotone: the extreme cells hold the extreme centroids). */
function cellSpan(level: number, extent: Extent): CellSpan {
  const minCol = Math.floor(extent.minX / level), minRow = Math.floor(extent.minY / level); // prettier-ignore
  const cols = Math.floor(extent.maxX / level) - minCol + 1;
  return { minCol, minRow, cols, rows: Math.floor(extent.maxY / level) - minRow + 1 };
}

/** Each nucleus's (row, col, class) key at `level`: ((row − minRow)·cols + col − minCol)·8 + class. */
function cellKeys(
  level: number,
  span: CellSpan,
  x: Float32Array,
  y: Float32Array,
  classId: Int8Array,
  count: number,
): Uint32Array {
  const { minCol, minRow, cols } = span;
  // Exact: the level is a power of two, so multiplying by its inverse equals dividing by it.
  const perLevel = 1 / level;
  if (!Number.isInteger(Math.log2(level))) throw new Error(`nuclei_grid: level ${level} µm is not a power of two`);
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const c = classId[i]!;
    if (!(c >= 0 && c < CLASS_KEYS)) throw new Error(`nuclei_grid: class id ${c} outside 0–${CLASS_KEYS - 1}`);
    // Double arithmetic (a shift would wrap at 32 bits before the check could see it).
    const key =
      ((Math.floor(y[i]! * perLevel) - minRow) * cols + (Math.floor(x[i]! * perLevel) - minCol)) * CLASS_KEYS + c;
    if (!(key >= 0 && key < 2 ** 32))
      throw new Error(
        `nuclei_grid: the nuclei span ${cols} × ${span.rows} cells of ${level} µm, too many to index (a centroid far outside the slide?)`,
      );
    keys[i] = key;
  }
  return keys;
}

/**
 * Tallies the nuclei `from` … `to` − 1 of (slot, area) into dense counters, in the given order, and
 * appends one row per slot seen, in slot order, for key `base` + slot. Counters are left zeroed.
 */
function tallyBucket(
  slots: Uint32Array,
  area: Float32Array,
  from: number,
  to: number,
  base: number,
  counters: { count: Int32Array; sum: Float64Array; seen: Int32Array },
  level: number,
  span: CellSpan,
  out: GridRows,
): void {
  const { count, sum, seen } = counters;
  let distinct = 0;
  for (let m = from; m < to; m++) {
    const slot = slots[m]!;
    if (count[slot] === 0) {
      seen[slot >>> 5]! |= 1 << (slot & 31);
      distinct++;
    }
    count[slot]!++;
    sum[slot]! += area[m]!;
  }
  if (distinct === 0) return;
  reserveRows(out, distinct);
  const o = out.columns;
  for (let w = 0; w < seen.length; w++) {
    for (let bits = seen[w]!; bits !== 0; bits &= bits - 1) {
      const slot = (w << 5) | (31 - Math.clz32(bits & -bits));
      const key = base + slot;
      const cell = key >>> 3;
      const r = Math.floor(cell / span.cols);
      o.level_um[out.rows] = level;
      o.col[out.rows] = cell - r * span.cols + span.minCol;
      o.row[out.rows] = r + span.minRow;
      o.class_id[out.rows] = key - cell * CLASS_KEYS;
      o.count[out.rows] = count[slot]!;
      o.area_sum_um2[out.rows] = sum[slot]!;
      out.rows++;
      count[slot] = 0;
      sum[slot] = 0;
    }
    seen[w] = 0;
  }
}

/**
 * Appends the grid rows of one level: one per distinct (row, col, class) key, in key order, with the
 * count and the area summed in index order (so the sum equals that of a stable sort by key, to the
 * bit). Many keys: the nuclei are first bucketed by the key's high bits (a stable counting sort)
 * and each bucket is tallied in small dense counters; either way no full sort is needed.
 */
function appendLevelRows(
  level: number,
  x: Float32Array,
  y: Float32Array,
  classId: Int8Array,
  area: Float32Array,
  count: number,
  extent: Extent,
  out: GridRows,
): void {
  if (count === 0) return;
  const span = cellSpan(level, extent);
  const keys = cellKeys(level, span, x, y, classId, count);
  // Every key is below both; the counters cover the keys of one bucket.
  const keyLimit = Math.min(2 ** 32, span.rows * span.cols * CLASS_KEYS);
  const bits = keyLimit <= DIRECT_KEYS ? Math.max(5, Math.ceil(Math.log2(keyLimit))) : BUCKET_BITS;
  const counters = {
    count: new Int32Array(1 << bits),
    sum: new Float64Array(1 << bits),
    seen: new Int32Array(1 << (bits - 5)),
  };
  if (keyLimit <= DIRECT_KEYS) {
    tallyBucket(keys, area, 0, count, 0, counters, level, span, out);
    return;
  }
  const buckets = Math.ceil(keyLimit / 2 ** bits);
  const start = new Uint32Array(buckets + 1);
  for (let i = 0; i < count; i++) start[(keys[i]! >>> bits) + 1]!++;
  for (let b = 0; b < buckets; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, buckets);
  const slots = new Uint32Array(count), sortedArea = new Float32Array(count); // prettier-ignore
  const mask = (1 << bits) - 1;
  for (let i = 0; i < count; i++) {
    const m = fill[keys[i]! >>> bits]!++;
    slots[m] = keys[i]! & mask;
    sortedArea[m] = area[i]!;
  }
  for (let b = 0; b < buckets; b++)
    if (start[b]! < start[b + 1]!)
      tallyBucket(slots, sortedArea, start[b]!, start[b + 1]!, b * 2 ** bits, counters, level, span, out);
}

/** Grid rows of the stored nucleus columns (x_um, y_um, class_id, area_um2), plus the row count. */
export function buildNucleiGrid(
  nuclei: Readonly<Record<string, ColumnValues>>,
  count: number,
): { columns: Record<string, ColumnValues>; count: number } {
  const x = nuclei.x_um as Float32Array;
  const y = nuclei.y_um as Float32Array;
  const classId = nuclei.class_id as Int8Array;
  const area = nuclei.area_um2 as Float32Array;
  // Usually enough: the finest level has at most one row per nucleus, and coarser ones far fewer.
  const out: GridRows = { columns: gridColumns(count + 1024), rows: 0 };
  const extent = centroidExtent(x, y, count);
  for (const level of GRID_LEVELS_UM) appendLevelRows(level, x, y, classId, area, count, extent, out);
  const c = out.columns;
  const rows = out.rows;
  return {
    columns: {
      level_um: c.level_um.subarray(0, rows),
      col: c.col.subarray(0, rows),
      row: c.row.subarray(0, rows),
      class_id: c.class_id.subarray(0, rows),
      count: c.count.subarray(0, rows),
      area_sum_um2: c.area_sum_um2.subarray(0, rows),
    },
    count: rows,
  };
}
