import { isPointInRing, squaredDistanceToSegment } from './point-in-polygon';
import type { RingCoords } from './ring';

/**
 * Distance from the point (xUm, yUm) (µm, slide frame) to the boundary of the ring
 * `first .. end-1` (coordinate units of `unitUm` µm, closed by its last edge), µm; Infinity for an
 * empty ring.
 */
export function distanceToRingBoundaryUm(
  coords: RingCoords,
  first: number,
  end: number,
  unitUm: number,
  xUm: number,
  yUm: number,
): number {
  if (end <= first) return Infinity;
  const x = xUm / unitUm;
  const y = yUm / unitUm;
  let best = Infinity;
  let px = coords[2 * (end - 1)]!;
  let py = coords[2 * (end - 1) + 1]!;
  for (let o = 2 * first, stop = 2 * end; o < stop; o += 2) {
    const qx = coords[o]!;
    const qy = coords[o + 1]!;
    // Cheap reject: the segment's bounding box is farther away than the best distance so far.
    const gapX = Math.max(Math.min(px, qx) - x, x - Math.max(px, qx), 0);
    const gapY = Math.max(Math.min(py, qy) - y, y - Math.max(py, qy), 0);
    if (gapX * gapX + gapY * gapY < best) {
      const d2 = squaredDistanceToSegment(x, y, px, py, qx, qy);
      if (d2 < best) best = d2;
    }
    px = qx;
    py = qy;
  }
  return Math.sqrt(best) * unitUm;
}

/**
 * Signed distance from the point (xUm, yUm) (µm) to the ring's boundary, µm: negative inside
 * (even-odd rule), positive outside, 0 on the boundary.
 */
export function signedDistanceToRingUm(
  coords: RingCoords,
  first: number,
  end: number,
  unitUm: number,
  xUm: number,
  yUm: number,
): number {
  const distance = distanceToRingBoundaryUm(coords, first, end, unitUm, xUm, yUm);
  return isPointInRing(coords, first, end, unitUm, xUm, yUm) ? -distance : distance;
}
