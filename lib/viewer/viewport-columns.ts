/**
 * The nuclei layer of one viewport computed in memory over a slide's cached columns
 * (lib/viewer/cross-filter.ts): exact per-cell counts and nucleus points, with the same
 * semantics as the SQL of lib/server/viewer/nuclei-sql.ts (centroid in box half-open, cells
 * floor(x / level)). Boxes are µm, slide level-0 frame, origin top-left. Pure.
 */
import { BASE_CELL_UM, type ColumnStore, type FilterCodes } from './cross-filter';
import { toValueCode } from './color-scale';
import type { Box } from './level-of-detail';
import { rowsOfBand } from './row-bands';

/** Per (cell, class) counts, ordered by row, column, class; value sums and counts when a feature colours. */
export interface GridCells {
  readonly length: number;
  readonly col: Int32Array;
  readonly row: Int32Array;
  readonly classId: Uint8Array;
  readonly count: Int32Array;
  readonly valueSum?: Float32Array;
  readonly valueCount?: Int32Array;
}

/** Nucleus points: interleaved x,y (µm), class and optional Uint8 value codes; `truncated` past the limit. */
export interface PointColumns {
  readonly length: number;
  readonly position: Float32Array;
  readonly classId: Uint8Array;
  readonly value?: Uint8Array;
  readonly truncated: boolean;
}

// Dense (cell, class) accumulators above this many slots would cost more than a hash map.
const MAX_DENSE_SLOTS = 1 << 22;

/** Cells `[c0, c0 + cols) × [r0, r0 + rows)` of `levelUm` overlapping `box`, and the class count. */
interface CellRange {
  /** Store rows [first, end) that can hold a centroid in these cells. */
  readonly first: number;
  readonly end: number;
  readonly levelUm: number;
  readonly c0: number;
  readonly r0: number;
  readonly cols: number;
  readonly rows: number;
  readonly classes: number;
  /** levelUm = BASE_CELL_UM << shift, so cells come from the store's base cells; −1 when not. */
  readonly shift: number;
}

/** Per slot (cell × classes + class): counts, and value sums and counts when colouring. */
interface Accumulated {
  readonly slots: readonly number[];
  readonly count: (slot: number) => number;
  readonly value?: (slot: number) => [number, number];
}

function accumulateDense(
  store: ColumnStore,
  codes: FilterCodes | null,
  range: CellRange,
  values: Float32Array | Float64Array | undefined,
): Accumulated {
  const { levelUm, c0, r0, cols, rows, classes, shift, first, end } = range;
  const size = cols * rows * classes;
  // One spare slot at the end takes every nucleus outside the box or the filter, so the loop has no branch.
  const count = new Int32Array(size + 1);
  const sums = values ? new Float64Array(size + 1) : null;
  const present = values ? new Int32Array(size + 1) : null;
  const { x, y, cellX, cellY, classId } = store;
  const all = codes === null;
  const zeros = codes ?? new Uint8Array(0);
  // The loop bodies are written out (no helper calls): cold, un-optimised code runs them too.
  if (sums && present && values) {
    for (let i = first; i < end; i++) {
      const c = (shift >= 0 ? cellX[i]! >> shift : Math.floor(x[i]! / levelUm)) - c0;
      const r = (shift >= 0 ? cellY[i]! >> shift : Math.floor(y[i]! / levelUm)) - r0;
      const inside = +(c >= 0) & +(c < cols) & +(r >= 0) & +(r < rows) & (all ? 1 : (zeros[i]! - 1) >>> 31);
      const slot = inside === 1 ? (r * cols + c) * classes + classId[i]! : size;
      count[slot]! += 1;
      const v = values[i]!;
      if (v === v) {
        sums[slot]! += v;
        present[slot]! += 1;
      }
    }
  } else {
    for (let i = first; i < end; i++) {
      const c = (shift >= 0 ? cellX[i]! >> shift : Math.floor(x[i]! / levelUm)) - c0;
      const r = (shift >= 0 ? cellY[i]! >> shift : Math.floor(y[i]! / levelUm)) - r0;
      const inside = +(c >= 0) & +(c < cols) & +(r >= 0) & +(r < rows) & (all ? 1 : (zeros[i]! - 1) >>> 31);
      count[inside === 1 ? (r * cols + c) * classes + classId[i]! : size]! += 1;
    }
  }
  const slots: number[] = [];
  for (let slot = 0; slot < size; slot++) if (count[slot]! > 0) slots.push(slot);
  return {
    slots,
    count: (slot) => count[slot]!,
    ...(sums && present ? { value: (slot: number): [number, number] => [sums[slot]!, present[slot]!] } : {}),
  };
}

function accumulateSparse(
  store: ColumnStore,
  codes: FilterCodes | null,
  range: CellRange,
  values: Float32Array | Float64Array | undefined,
): Accumulated {
  const { levelUm, c0, r0, cols, rows, classes, first, end } = range;
  const cells = new Map<number, [number, number, number]>();
  for (let i = first; i < end; i++) {
    if (codes !== null && codes[i] !== 0) continue;
    const c = Math.floor(store.x[i]! / levelUm) - c0;
    const r = Math.floor(store.y[i]! / levelUm) - r0;
    if (c < 0 || c >= cols || r < 0 || r >= rows) continue;
    const slot = (r * cols + c) * classes + store.classId[i]!;
    const entry = cells.get(slot) ?? [0, 0, 0];
    entry[0] += 1;
    const v = values ? values[i]! : Number.NaN;
    if (!Number.isNaN(v)) {
      entry[1] += v;
      entry[2] += 1;
    }
    cells.set(slot, entry);
  }
  return {
    slots: [...cells.keys()].sort((a, b) => a - b),
    count: (slot) => cells.get(slot)![0],
    ...(values ? { value: (slot: number): [number, number] => [cells.get(slot)![1], cells.get(slot)![2]] } : {}),
  };
}

/**
 * Exact per (cell, class) counts of nuclei passing the filter (`codes` from filterCodes; null = all)
 * in the cells of `levelUm` overlapping `box`; with `values`, also per-cell sums and counts of
 * non-NaN values (the nuclei_grid semantics: cell = floor(x / level), floor(y / level)).
 */
export function aggregateGrid(
  store: ColumnStore,
  codes: FilterCodes | null,
  box: Box,
  levelUm: number,
  values?: Float32Array | Float64Array,
): GridCells {
  const c0 = Math.floor(box.minX / levelUm);
  const r0 = Math.floor(box.minY / levelUm);
  const classes = store.classCount;
  const ratio = levelUm / BASE_CELL_UM;
  const rows = Math.floor(box.maxY / levelUm) - r0 + 1;
  const [first, end] = rowsOfBand(store, r0 * levelUm, (r0 + rows) * levelUm);
  const range: CellRange = {
    first,
    end,
    levelUm,
    c0,
    r0,
    cols: Math.floor(box.maxX / levelUm) - c0 + 1,
    rows,
    classes,
    // floor(x / (16·2^k)) = floor(x / 16) >> k exactly, so power-of-two levels are integer work.
    shift: Number.isInteger(ratio) && (ratio & (ratio - 1)) === 0 ? Math.log2(ratio) : -1,
  };
  const accumulate = range.cols * range.rows * classes <= MAX_DENSE_SLOTS ? accumulateDense : accumulateSparse;
  const { slots, count, value } = accumulate(store, codes, range, values);
  const out = {
    length: slots.length,
    col: new Int32Array(slots.length),
    row: new Int32Array(slots.length),
    classId: new Uint8Array(slots.length),
    count: new Int32Array(slots.length),
    ...(value ? { valueSum: new Float32Array(slots.length), valueCount: new Int32Array(slots.length) } : {}),
  };
  slots.forEach((slot, k) => {
    const cell = Math.floor(slot / classes);
    out.col[k] = c0 + (cell % range.cols);
    out.row[k] = r0 + Math.floor(cell / range.cols);
    out.classId[k] = slot % classes;
    out.count[k] = count(slot);
    if (value && out.valueSum && out.valueCount) [out.valueSum[k], out.valueCount[k]] = value(slot);
  });
  return out;
}

/**
 * Up to `limit` + 1 store rows (store order: 16 µm cell rows top to bottom, slide order within
 * one) passing the filter (`codes`; null = all) whose centroid lies in `box` (half-open).
 */
export function selectRows(store: ColumnStore, codes: FilterCodes | null, box: Box, limit: number): Uint32Array {
  const { x, y } = store;
  // The SQL compares the FLOAT centroid with the box's literals in single precision: so do we.
  const single = (v: number): number => (x instanceof Float32Array ? Math.fround(v) : v);
  const [minX, minY, maxX, maxY] = [single(box.minX), single(box.minY), single(box.maxX), single(box.maxY)];
  const [first, end] = rowsOfBand(store, minY, maxY);
  const all = codes === null;
  const zeros = codes ?? new Uint8Array(0);
  const picked = new Uint32Array(Math.min(end - first, limit) + 1);
  let found = 0;
  for (let i = first; i < end && found <= limit; i++) {
    const px = x[i]!;
    const py = y[i]!;
    // Branch-free: write the candidate, advance only when it is inside and passes.
    picked[found] = i;
    found += +(px >= minX) & +(px < maxX) & +(py >= minY) & +(py < maxY) & (all ? 1 : (zeros[i]! - 1) >>> 31);
  }
  return picked.subarray(0, found);
}

/**
 * The first `limit` nuclei (store order, selectRows) passing the filter (`codes`; null = all) whose centroid
 * lies in `box`; with `coloring`, each one's Uint8 value code over [lo, hi] (lib/viewer/color-scale.ts).
 */
export function selectPoints(
  store: ColumnStore,
  codes: FilterCodes | null,
  box: Box,
  limit: number,
  coloring?: { readonly values: Float32Array | Float64Array; readonly lo: number; readonly hi: number },
): PointColumns {
  const { x, y } = store;
  const picked = selectRows(store, codes, box, limit);
  const length = Math.min(picked.length, limit);
  const position = new Float32Array(2 * length);
  const classId = new Uint8Array(length);
  const value = coloring ? new Uint8Array(length) : undefined;
  for (let k = 0; k < length; k++) {
    const i = picked[k]!;
    position[2 * k] = x[i]!;
    position[2 * k + 1] = y[i]!;
    classId[k] = store.classId[i]!;
    if (value && coloring) value[k] = toValueCode(coloring.values[i]!, coloring.lo, coloring.hi);
  }
  return { length, position, classId, ...(value ? { value } : {}), truncated: picked.length > limit };
}
