/**
 * Nearest-neighbour distance and neighbour count within 50 µm for every nucleus centroid (µm),
 * on a uniform grid of 50 µm cells with the points copied into cell order for cache locality.
 */

/** Radius (µm) of the neighbour count; also the grid cell size. */
export const NEIGHBOUR_RADIUS_UM = 50;
/** How far (µm) the nearest-neighbour search looks before giving up (null distance). */
export const NEAREST_SEARCH_LIMIT_UM = 500;

/** Nearest-neighbour distance (µm, NaN beyond the search limit) and count of neighbours within 50 µm. */
export function neighbourStatistics(
  count: number,
  x: Float64Array,
  y: Float64Array,
): { nnDistance: Float32Array; neighbours: Int16Array } {
  const nnDistance = new Float32Array(count);
  const neighbours = new Int16Array(count);
  if (count === 0) return { nnDistance, neighbours };
  const cell = NEIGHBOUR_RADIUS_UM;
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
  for (let i = 0; i < count; i++) {
    const k = fill[cellOf[i]!]!++;
    sx[k] = x[i]!;
    sy[k] = y[i]!;
    id[k] = i;
  }
  const r2 = cell * cell;
  const limit2 = NEAREST_SEARCH_LIMIT_UM * NEAREST_SEARCH_LIMIT_UM;
  const maxRing = Math.ceil(NEAREST_SEARCH_LIMIT_UM / cell);
  // Squared distance to the nearest other point and count of others within the radius, by sorted index.
  const best = new Float64Array(count).fill(Infinity);
  const within = new Int32Array(count);
  // Each pair within a 3×3 block (which holds every neighbour within one cell size) is measured
  // once: same cell with j > k, then the forward cells east, south-west, south and south-east.
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
        // Same cell (after k) and the east cell are contiguous in cell order.
        for (let j = k + 1; j < eastEnd; j++) {
          const dx = sx[j]! - px, dy = sy[j]! - py; // prettier-ignore
          const d2 = dx * dx + dy * dy;
          if (d2 <= r2) {
            withinK++;
            within[j]!++;
          }
          if (d2 < bestK) bestK = d2;
          if (d2 < best[j]!) best[j] = d2;
        }
        for (let j = southFrom; j < southTo; j++) {
          const dx = sx[j]! - px, dy = sy[j]! - py; // prettier-ignore
          const d2 = dx * dx + dy * dy;
          if (d2 <= r2) {
            withinK++;
            within[j]!++;
          }
          if (d2 < bestK) bestK = d2;
          if (d2 < best[j]!) best[j] = d2;
        }
        best[k] = bestK;
        within[k] = withinK;
      }
    }
  }
  for (let k = 0; k < count; k++) {
    const px = sx[k]!, py = sy[k]!; // prettier-ignore
    let bestK = best[k]!;
    // Rare: no neighbour within one cell; widen ring by ring until one cannot be nearer.
    if (bestK > r2) {
      const c = Math.floor((px - minX) / cell), r = Math.floor((py - minY) / cell); // prettier-ignore
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
    }
    const i = id[k]!;
    nnDistance[i] = bestK <= limit2 ? Math.sqrt(bestK) : NaN;
    neighbours[i] = Math.min(within[k]!, 32767);
  }
  return { nnDistance, neighbours };
}
