/**
 * The whole slide's per (cell, class) counts at one grid level, built once and answered per
 * viewport by slicing (exact: the same cells aggregateGrid gives for the window). Cells are µm
 * grid indices (floor(x / level), floor(y / level)), slide level-0 frame. Pure.
 */
import type { ColumnStore } from './cross-filter';
import type { Box } from './level-of-detail';
import { aggregateGrid, type GridCells } from './viewport-columns';

/** Most (cell, class) slots the whole-slide build scans (≈ 10 ms per 4 M); finer levels are not cached. */
export const MAX_SLIDE_GRID_SLOTS = 1 << 22;
// Dense accumulator slots per band of the build.
const BAND_SLOTS = 1 << 21;

/** Whole-slide cells with, per grid row, where its cells start (cells are ordered by row, column, class). */
export interface SlideGrid {
  readonly cells: GridCells;
  readonly firstRow: number;
  /** Cells of grid row firstRow + j are [rowStart[j], rowStart[j + 1]). */
  readonly rowStart: Int32Array;
}

const bounds = (values: Float32Array): [number, number] => {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  return [lo, hi];
};

function concat<T extends Int32Array | Uint8Array | Float32Array>(parts: readonly T[]): T {
  const out = new (parts[0]!.constructor as new (length: number) => T)(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The cells of every nucleus of `store` at `levelUm` (with `values`, also per-cell sums and counts),
 * built band by band of grid rows; null when the slide spans more than MAX_SLIDE_GRID_SLOTS slots.
 */
export function buildSlideGrid(
  store: ColumnStore,
  levelUm: number,
  values?: Float32Array | Float64Array,
): SlideGrid | null {
  if (store.count === 0) return null;
  const [minX, maxX] = bounds(store.x);
  const [minY, maxY] = bounds(store.y);
  const [c0, c1] = [Math.floor(minX / levelUm), Math.floor(maxX / levelUm)];
  const [r0, r1] = [Math.floor(minY / levelUm), Math.floor(maxY / levelUm)];
  const rowSlots = (c1 - c0 + 1) * store.classCount;
  if (rowSlots * (r1 - r0 + 1) > MAX_SLIDE_GRID_SLOTS) return null;
  const bandRows = Math.max(1, Math.floor(BAND_SLOTS / rowSlots));
  const bands: GridCells[] = [];
  for (let r = r0; r <= r1; r += bandRows) {
    const box = { minX, maxX, minY: r * levelUm, maxY: (Math.min(r + bandRows, r1 + 1) - 1) * levelUm };
    bands.push(aggregateGrid(store, null, box, levelUm, values));
  }
  const cells: GridCells = {
    length: bands.reduce((n, b) => n + b.length, 0),
    col: concat(bands.map((b) => b.col)),
    row: concat(bands.map((b) => b.row)),
    classId: concat(bands.map((b) => b.classId)),
    count: concat(bands.map((b) => b.count)),
    ...(values
      ? {
          valueSum: concat(bands.map((b) => b.valueSum!)),
          valueCount: concat(bands.map((b) => b.valueCount!)),
        }
      : {}),
  };
  const rowStart = new Int32Array(r1 - r0 + 2);
  for (let k = 0; k < cells.length; k++) rowStart[cells.row[k]! - r0 + 1]! += 1;
  for (let j = 1; j < rowStart.length; j++) rowStart[j]! += rowStart[j - 1]!;
  return { cells, firstRow: r0, rowStart };
}

/** First index in [from, to) whose column is ≥ `col` (columns ascend within a grid row). */
function lowerBound(col: Int32Array, from: number, to: number, target: number): number {
  let [lo, hi] = [from, to];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (col[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The cells of `grid` (level `levelUm`) overlapping `box`: what aggregateGrid gives for it, in the same order. */
export function sliceSlideGrid(grid: SlideGrid, box: Box, levelUm: number): GridCells {
  const { cells, firstRow, rowStart } = grid;
  const [c0, c1] = [Math.floor(box.minX / levelUm), Math.floor(box.maxX / levelUm)];
  const j0 = Math.max(0, Math.floor(box.minY / levelUm) - firstRow);
  const j1 = Math.min(rowStart.length - 2, Math.floor(box.maxY / levelUm) - firstRow);
  const runs: [number, number][] = [];
  let length = 0;
  for (let j = j0; j <= j1; j++) {
    const from = lowerBound(cells.col, rowStart[j]!, rowStart[j + 1]!, c0);
    const to = lowerBound(cells.col, from, rowStart[j + 1]!, c1 + 1);
    if (to > from) runs.push([from, to]);
    length += to - from;
  }
  const take = <T extends Int32Array | Uint8Array | Float32Array>(values: T): T =>
    concat(runs.length > 0 ? runs.map(([from, to]) => values.subarray(from, to) as T) : [values.subarray(0, 0) as T]);
  return {
    length,
    col: take(cells.col),
    row: take(cells.row),
    classId: take(cells.classId),
    count: take(cells.count),
    ...(cells.valueSum && cells.valueCount
      ? { valueSum: take(cells.valueSum), valueCount: take(cells.valueCount) }
      : {}),
  };
}

/** Bytes held by a slide grid's arrays. */
export function slideGridBytes(grid: SlideGrid): number {
  const { cells } = grid;
  const arrays = [cells.col, cells.row, cells.classId, cells.count, cells.valueSum, cells.valueCount];
  return arrays.reduce((sum, a) => sum + (a?.byteLength ?? 0), grid.rowStart.byteLength);
}
