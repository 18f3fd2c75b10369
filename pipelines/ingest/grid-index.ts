/**
 * A uniform-grid spatial index over points or boxes (µm), stored as compressed rows (CSR):
 * fast, allocation-free queries for the per-slide spatial relations.
 */

/** Items bucketed into square cells of `cellUm` µm covering [minX, minX + cols·cellUm) × [minY, …). */
export interface GridIndex {
  readonly cellUm: number;
  readonly minX: number;
  readonly minY: number;
  readonly cols: number;
  readonly rows: number;
  /** Items of cell c are items[cellStart[c] .. cellStart[c+1]-1]. */
  readonly cellStart: Uint32Array;
  readonly items: Uint32Array;
}

/** Cell column of x (clamped to the grid). */
export function cellCol(index: GridIndex, x: number): number {
  return Math.min(index.cols - 1, Math.max(0, Math.floor((x - index.minX) / index.cellUm)));
}

/** Cell row of y (clamped to the grid). */
export function cellRow(index: GridIndex, y: number): number {
  return Math.min(index.rows - 1, Math.max(0, Math.floor((y - index.minY) / index.cellUm)));
}

/**
 * Builds an index of `count` boxes [x0[i], x1[i]] × [y0[i], y1[i]] (µm); each box is listed in
 * every cell it overlaps. For points pass the same arrays as min and max.
 */
export function buildGridIndex(
  count: number,
  x0: ArrayLike<number>,
  y0: ArrayLike<number>,
  x1: ArrayLike<number>,
  y1: ArrayLike<number>,
  cellUm: number,
): GridIndex {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity; // prettier-ignore
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, x0[i] as number);
    minY = Math.min(minY, y0[i] as number);
    maxX = Math.max(maxX, x1[i] as number);
    maxY = Math.max(maxY, y1[i] as number);
  }
  if (count === 0) minX = minY = maxX = maxY = 0;
  const cols = Math.max(1, Math.floor((maxX - minX) / cellUm) + 1);
  const rows = Math.max(1, Math.floor((maxY - minY) / cellUm) + 1);
  const shell: GridIndex = {
    cellUm,
    minX,
    minY,
    cols,
    rows,
    cellStart: new Uint32Array(cols * rows + 1),
    items: new Uint32Array(0),
  };
  const counts = shell.cellStart;
  const visit = (i: number, each: (cell: number) => void): void => {
    const c0 = cellCol(shell, x0[i] as number), c1 = cellCol(shell, x1[i] as number); // prettier-ignore
    const r0 = cellRow(shell, y0[i] as number), r1 = cellRow(shell, y1[i] as number); // prettier-ignore
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) each(r * cols + c);
  };
  for (let i = 0; i < count; i++) visit(i, (cell) => counts[cell + 1]!++);
  for (let c = 0; c < cols * rows; c++) counts[c + 1]! += counts[c]!;
  const fill = counts.slice(0, cols * rows);
  const items = new Uint32Array(counts[cols * rows]!);
  for (let i = 0; i < count; i++) visit(i, (cell) => (items[fill[cell]!++] = i));
  return { ...shell, items };
}
