import type { RingCoords } from './ring';

/** Where a point lies relative to a ring. */
export type PointLocation = 'inside' | 'outside' | 'boundary';

/**
 * True when the point (xUm, yUm) (µm, slide frame) is inside the ring `first .. end-1`
 * (coordinate units of `unitUm` µm, open, any orientation) by the even-odd rule. Points on the
 * boundary go to one side consistently (half-open edges), so a point on an edge shared by two
 * adjacent rings is inside exactly one of them.
 */
export function isPointInRing(
  coords: RingCoords,
  first: number,
  end: number,
  unitUm: number,
  xUm: number,
  yUm: number,
): boolean {
  const x = xUm / unitUm;
  const y = yUm / unitUm;
  if (end - first < 3) return false;
  let inside = false;
  let px = coords[2 * (end - 1)]!;
  let py = coords[2 * (end - 1) + 1]!;
  for (let o = 2 * first, stop = 2 * end; o < stop; o += 2) {
    const qx = coords[o]!;
    const qy = coords[o + 1]!;
    // The edge straddles the line through y (half-open in y) and passes right of the point; the
    // cross product, taken from the lower end, is exact for integer rings and orientation-free.
    if (qy > y !== py > y) {
      const cross = qy > py ? (qx - px) * (y - py) - (qy - py) * (x - px) : (px - qx) * (y - qy) - (py - qy) * (x - qx);
      if (cross > 0) inside = !inside;
    }
    px = qx;
    py = qy;
  }
  return inside;
}

/**
 * Locates the point (xUm, yUm) (µm, slide frame) against the ring `first .. end-1` (coordinate
 * units of `unitUm` µm): 'boundary' when it lies on an edge (within `toleranceUm`), otherwise
 * inside or outside by the even-odd rule.
 */
export function locatePointInRing(
  coords: RingCoords,
  first: number,
  end: number,
  unitUm: number,
  xUm: number,
  yUm: number,
  toleranceUm = 0,
): PointLocation {
  if (end - first < 1) return 'outside';
  const x = xUm / unitUm;
  const y = yUm / unitUm;
  const tolerance2 = (toleranceUm / unitUm) ** 2;
  let px = coords[2 * (end - 1)]!;
  let py = coords[2 * (end - 1) + 1]!;
  for (let o = 2 * first, stop = 2 * end; o < stop; o += 2) {
    const qx = coords[o]!;
    const qy = coords[o + 1]!;
    if (squaredDistanceToSegment(x, y, px, py, qx, qy) <= tolerance2) return 'boundary';
    px = qx;
    py = qy;
  }
  return isPointInRing(coords, first, end, unitUm, xUm, yUm) ? 'inside' : 'outside';
}

/** Squared distance from (x, y) to the closed segment (ax, ay)–(bx, by), squared coordinate units. */
export function squaredDistanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  let t = length2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / length2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = ax + t * dx - x;
  const ey = ay + t * dy - y;
  return ex * ex + ey * ey;
}
