/**
 * Nearest-neighbour distance and neighbour count within 50 µm for every nucleus centroid (µm),
 * on a uniform grid of 50 µm cells with the points copied into cell order for cache locality.
 */

/** Radius (µm) of the neighbour count; also the grid cell size. */
export const NEIGHBOUR_RADIUS_UM = 50;
/** How far (µm) the nearest-neighbour search looks before giving up (null distance). */
export const NEAREST_SEARCH_LIMIT_UM = 500;

/** Points bucketed into `cell` µm squares from (minX, minY), stored cell by cell (CSR). */
interface CellGrid {
  readonly cell: number;
  readonly minX: number;
  readonly minY: number;
  readonly cols: number;
  readonly rows: number;
  /** Points of cell c are sorted indices start[c] .. start[c+1]-1. */
  readonly start: Uint32Array;
  /** Coordinates (µm) and input index of each point, by sorted index. */
  readonly sx: Float64Array;
  readonly sy: Float64Array;
  readonly id: Uint32Array;
  /**
   * Squared distance to the nearer input-order neighbour (i − 1 or i + 1), by sorted index: a seed
   * (upper bound) of the nearest distance². Centroids arrive in Morton order, so it is usually the
   * nearest already, which keeps the pair pass's `d2 < best` branches rare and predictable.
   */
  readonly nearestSeed: Float64Array;
}

/** Squared distance between input points i and j, as the pair pass computes it (symmetric). */
function squaredDistance(x: Float64Array, y: Float64Array, i: number, j: number): number {
  const dx = x[j]! - x[i]!, dy = y[j]! - y[i]!; // prettier-ignore
  return dx * dx + dy * dy;
}

/** Buckets `count` points into a grid of `cell` µm squares (counting sort, stable). */
function buildCellGrid(count: number, x: Float64Array, y: Float64Array, cell: number): CellGrid {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity; // prettier-ignore
  for (let i = 0; i < count; i++) {
    if (x[i]! < minX) minX = x[i]!;
    if (x[i]! > maxX) maxX = x[i]!;
    if (y[i]! < minY) minY = y[i]!;
    if (y[i]! > maxY) maxY = y[i]!;
  }
  const cols = Math.floor((maxX - minX) / cell) + 1;
  const rows = Math.floor((maxY - minY) / cell) + 1;
  const cellOf = new Uint32Array(count);
  const start = new Uint32Array(cols * rows + 1);
  for (let i = 0; i < count; i++) {
    const c = Math.floor((x[i]! - minX) / cell) + cols * Math.floor((y[i]! - minY) / cell);
    cellOf[i] = c;
    start[c + 1]!++;
  }
  for (let c = 0; c < cols * rows; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, cols * rows);
  const sx = new Float64Array(count), sy = new Float64Array(count), id = new Uint32Array(count); // prettier-ignore
  const nearestSeed = new Float64Array(count);
  let previous = Infinity;
  for (let i = 0; i < count; i++) {
    const next = i + 1 < count ? squaredDistance(x, y, i, i + 1) : Infinity;
    const k = fill[cellOf[i]!]!++;
    sx[k] = x[i]!;
    sy[k] = y[i]!;
    id[k] = i;
    nearestSeed[k] = previous < next ? previous : next;
    previous = next;
  }
  return { cell, minX, minY, cols, rows, start, sx, sy, id, nearestSeed };
}

/**
 * Measures each pair within a 3×3 block of cells (which holds every neighbour within one cell
 * size) once: same cell with j > k, then the forward cells east, south-west, south and south-east.
 * Lowers `best` (squared nearest distance, by sorted index) in place and returns the count of
 * other points within the radius, by sorted index.
 */
function measureBlockPairs(grid: CellGrid, best: Float64Array): Int32Array {
  const { cols, rows, start, sx, sy } = grid;
  const r2 = grid.cell * grid.cell;
  const within = new Int32Array(sx.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cellIndex = r * cols + c;
      const first = start[cellIndex]!;
      const end = start[cellIndex + 1]!;
      if (first === end) continue;
      const eastEnd = c + 1 < cols ? start[cellIndex + 2]! : end;
      const below = r + 1 < rows;
      const southFrom = below ? start[cellIndex + cols - (c > 0 ? 1 : 0)]! : 0;
      const southTo = below ? start[cellIndex + cols + (c + 1 < cols ? 2 : 1)]! : 0;
      for (let k = first; k < end; k++) {
        const px = sx[k]!, py = sy[k]!; // prettier-ignore
        let bestK = best[k]!;
        let withinK = within[k]!;
        // Same cell (after k) and the east cell are contiguous in cell order. The count is added
        // as a number (a branch on it would be mispredicted about half the time).
        for (let j = k + 1; j < eastEnd; j++) {
          const dx = sx[j]! - px, dy = sy[j]! - py; // prettier-ignore
          const d2 = dx * dx + dy * dy;
          const inside = Number(d2 <= r2);
          withinK += inside;
          within[j]! += inside;
          if (d2 < bestK) bestK = d2;
          if (d2 < best[j]!) best[j] = d2;
        }
        for (let j = southFrom; j < southTo; j++) {
          const dx = sx[j]! - px, dy = sy[j]! - py; // prettier-ignore
          const d2 = dx * dx + dy * dy;
          const inside = Number(d2 <= r2);
          withinK += inside;
          within[j]! += inside;
          if (d2 < bestK) bestK = d2;
          if (d2 < best[j]!) best[j] = d2;
        }
        best[k] = bestK;
        within[k] = withinK;
      }
    }
  }
  return within;
}

/**
 * Squared nearest distance of sorted point k, given `bestK` (an upper bound from real pairs that
 * already covers its 3×3 block): widens ring by ring until no point outside can be nearer.
 */
function widenNearest(grid: CellGrid, k: number, bestK: number): number {
  const { cell, cols, rows, start, sx, sy } = grid;
  const px = sx[k]!, py = sy[k]!; // prettier-ignore
  const c = Math.floor((px - grid.minX) / cell), r = Math.floor((py - grid.minY) / cell); // prettier-ignore
  const maxRing = Math.ceil(NEAREST_SEARCH_LIMIT_UM / cell);
  for (let ring = 2; ring <= maxRing && bestK > ((ring - 1) * cell) ** 2; ring++) {
    for (let rr = r - ring; rr <= r + ring; rr++) {
      if (rr < 0 || rr >= rows) continue;
      const edge = rr === r - ring || rr === r + ring;
      for (let cc = c - ring; cc <= c + ring; cc += edge ? 1 : 2 * ring) {
        if (cc < 0 || cc >= cols) continue;
        const cellIndex = rr * cols + cc;
        for (let j = start[cellIndex]!; j < start[cellIndex + 1]!; j++) {
          const dx = sx[j]! - px, dy = sy[j]! - py; // prettier-ignore
          const d2 = dx * dx + dy * dy;
          if (d2 < bestK) bestK = d2;
        }
      }
    }
  }
  return bestK;
}

/** Nearest-neighbour distance (µm, NaN beyond the search limit) and count of neighbours within 50 µm. */
export function neighbourStatistics(
  count: number,
  x: Float64Array,
  y: Float64Array,
): { nnDistance: Float32Array; neighbours: Int16Array } {
  const nnDistance = new Float32Array(count);
  const neighbours = new Int16Array(count);
  if (count === 0) return { nnDistance, neighbours };
  const grid = buildCellGrid(count, x, y, NEIGHBOUR_RADIUS_UM);
  // A minimum over real pairs is exact whichever real pairs seed it: the seed changes no result.
  const best = grid.nearestSeed;
  const within = measureBlockPairs(grid, best);
  const r2 = grid.cell * grid.cell;
  const limit2 = NEAREST_SEARCH_LIMIT_UM * NEAREST_SEARCH_LIMIT_UM;
  for (let k = 0; k < count; k++) {
    // Rare: no neighbour within one cell, so the nearest may lie outside the 3×3 block.
    const bestK = best[k]! > r2 ? widenNearest(grid, k, best[k]!) : best[k]!;
    const i = grid.id[k]!;
    nnDistance[i] = bestK <= limit2 ? Math.sqrt(bestK) : NaN;
    neighbours[i] = Math.min(within[k]!, 32767);
  }
  return { nnDistance, neighbours };
}
