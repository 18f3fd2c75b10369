/**
 * Rows of a column store ordered by their 16 µm cell row (BASE_CELL_UM bands, top to bottom;
 * slide order within a band), so a viewport pass reads only the contiguous rows of the bands it
 * overlaps instead of the whole slide. Pure.
 */
import { BASE_CELL_UM } from './cross-filter';

/** A stable order of rows by cell row, and where each cell row's rows start in it. */
export interface CellRowOrder {
  /** order[k] = the original index of the k-th row. */
  readonly order: Uint32Array;
  /** The first cell row (floor(y / BASE_CELL_UM)) present. */
  readonly firstCellRow: number;
  /** Rows of cell row firstCellRow + j are [rowStart[j], rowStart[j + 1]) of the order. */
  readonly rowStart: Int32Array;
}

/** A stable counting sort of rows by `cellY` (base cell rows, Int16). */
export function toCellRowOrder(cellY: Int16Array): CellRowOrder {
  let first = 0;
  let last = -1;
  if (cellY.length > 0) {
    first = cellY.reduce((a, b) => Math.min(a, b), Infinity);
    last = cellY.reduce((a, b) => Math.max(a, b), -Infinity);
  }
  const rowStart = new Int32Array(last - first + 2);
  for (let i = 0; i < cellY.length; i++) rowStart[cellY[i]! - first + 1]! += 1;
  for (let j = 1; j < rowStart.length; j++) rowStart[j]! += rowStart[j - 1]!;
  const next = rowStart.slice(0, -1);
  const order = new Uint32Array(cellY.length);
  for (let i = 0; i < cellY.length; i++) order[next[cellY[i]! - first]!++] = i;
  return { order, firstCellRow: first, rowStart };
}

/** `values` reordered: out[k] = values[order[k]]. */
export function permuted<
  T extends Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array,
>(values: T, order: Uint32Array): T {
  const out = new (values.constructor as new (length: number) => T)(order.length);
  for (let k = 0; k < order.length; k++) out[k] = values[order[k]!]!;
  return out;
}

/** The rows [start, end) of the cell rows a box spanning [minY, maxY] µm touches (a superset: callers still test y). */
export function rowsOfBand(
  bands: Pick<CellRowOrder, 'firstCellRow' | 'rowStart'>,
  minY: number,
  maxY: number,
): [number, number] {
  const last = bands.rowStart.length - 1;
  const clamp = (j: number) => Math.min(last, Math.max(0, j));
  const j0 = clamp(Math.floor(minY / BASE_CELL_UM) - bands.firstCellRow);
  const j1 = clamp(Math.floor(maxY / BASE_CELL_UM) - bands.firstCellRow + 1);
  return [bands.rowStart[j0]!, bands.rowStart[j1]!];
}
