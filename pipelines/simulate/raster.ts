/**
 * Even-odd scanline filling of polygons on a regular grid, for tissue outlines, glands and
 * lumina (faster than evaluating an implicit shape per cell).
 */

/** Calls `visit(col, row)` for every grid cell whose centre ((col + 0.5)·cell, (row + 0.5)·cell) lies inside the polygon. */
export function fillPolygon(
  xy: readonly number[],
  cellSize: number,
  cols: number,
  rows: number,
  visit: (col: number, row: number) => void,
  centred = true,
): void {
  const n = xy.length / 2;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minY = Math.min(minY, xy[2 * i + 1]!);
    maxY = Math.max(maxY, xy[2 * i + 1]!);
  }
  const half = centred ? 0.5 : 0;
  const r0 = Math.max(0, Math.floor(minY / cellSize - half));
  const r1 = Math.min(rows - 1, Math.ceil(maxY / cellSize));
  const crossings: number[] = [];
  for (let row = r0; row <= r1; row++) {
    const y = (row + half) * cellSize;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = xy[2 * i + 1]!;
      const yj = xy[2 * j + 1]!;
      if (yi > y !== yj > y) {
        const xi = xy[2 * i]!;
        const xj = xy[2 * j]!;
        crossings.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const c0 = Math.max(0, Math.ceil(crossings[k]! / cellSize - half));
      const c1 = Math.min(cols - 1, Math.floor(crossings[k + 1]! / cellSize - half - 1e-9));
      for (let col = c0; col <= c1; col++) visit(col, row);
    }
  }
}
