import type { RingCoords } from './ring';

/**
 * Area moments of the region enclosed by a ring up to second order, computed exactly with
 * Green's theorem (no rasterisation). All values are in coordinate units (area: units², second
 * moments: units²), x right and y down; a ring with zero enclosed area leaves centroid and
 * central moments at NaN.
 */
export interface RingMoments {
  /** Signed area, units²: positive when the ring turns clockwise on screen (y down), i.e. counter-clockwise in maths axes. */
  signedArea: number;
  /** Centroid, coordinate units. */
  centroidX: number;
  centroidY: number;
  /** Central second moments normalised by area (variances and covariance of the uniform region), units². */
  muXX: number;
  muYY: number;
  muXY: number;
}

/** A fresh `RingMoments` to reuse across calls of `computeRingMoments`. */
export function createRingMoments(): RingMoments {
  return { signedArea: 0, centroidX: NaN, centroidY: NaN, muXX: NaN, muYY: NaN, muXY: NaN };
}

/** Fills `out` with the area moments of the ring `first .. end-1` (coordinate units) and returns it. */
export function computeRingMoments(coords: RingCoords, first: number, end: number, out: RingMoments): RingMoments {
  out.signedArea = 0;
  out.centroidX = out.centroidY = out.muXX = out.muYY = out.muXY = NaN;
  if (end - first < 3) return out;
  // Work relative to the first vertex so that slide-sized coordinates do not cancel in x² − x̄².
  const x0 = coords[2 * first]!;
  const y0 = coords[2 * first + 1]!;
  let xi = coords[2 * (end - 1)]! - x0;
  let yi = coords[2 * (end - 1) + 1]! - y0;
  let sA = 0;
  let sX = 0;
  let sY = 0;
  let sXX = 0;
  let sYY = 0;
  let sXY = 0;
  for (let j = first; j < end; j++) {
    const xj = coords[2 * j]! - x0;
    const yj = coords[2 * j + 1]! - y0;
    const c = xi * yj - xj * yi;
    sA += c;
    sX += (xi + xj) * c;
    sY += (yi + yj) * c;
    sXX += (xi * xi + xi * xj + xj * xj) * c;
    sYY += (yi * yi + yi * yj + yj * yj) * c;
    sXY += (xi * yj + 2 * xi * yi + 2 * xj * yj + xj * yi) * c;
    xi = xj;
    yi = yj;
  }
  out.signedArea = sA / 2;
  if (sA === 0) return out;
  const cx = sX / (3 * sA);
  const cy = sY / (3 * sA);
  out.centroidX = cx + x0;
  out.centroidY = cy + y0;
  out.muXX = sXX / (6 * sA) - cx * cx;
  out.muYY = sYY / (6 * sA) - cy * cy;
  out.muXY = sXY / (12 * sA) - cx * cy;
  return out;
}
