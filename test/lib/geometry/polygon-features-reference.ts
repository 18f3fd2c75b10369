/**
 * Verbatim copy of `measurePolygon` and `computePolygonFeatures` (lib/geometry/polygon-features.ts)
 * before the y-monotone convex hull fast path, kept as the reference the fast implementation must
 * agree with bit for bit on every ring (tests only). Names carry a `Reference` suffix; the general
 * hull it called is unchanged in lib/geometry/convex-hull.ts and imported from there.
 */
import { areaOfHull, buildLoadedConvexHull, ConvexHullScratch } from '@/lib/geometry/convex-hull';
import { computeInertiaEllipse, createInertiaEllipse } from '@/lib/geometry/inertia-ellipse';
import type { RingCoords } from '@/lib/geometry/ring';
import type { DegenerateReason, PolygonFeatureResult, PolygonFeatures } from '@/lib/geometry/polygon-features';
import { createPolygonFeatures } from '@/lib/geometry/polygon-features';

/** Reusable scratch state for `measurePolygonReference`, so batch callers allocate nothing per object. */
export class PolygonScratchReference {
  readonly hull = new ConvexHullScratch();
  readonly ellipse = createInertiaEllipse();
  readonly features: PolygonFeatures = createPolygonFeatures();
}
/**
 * Measures the ring `first .. end-1` of `coords` (coordinate units of `unitUm` µm) into
 * `scratch.features` and returns `undefined`, or returns the degenerate reason (then only
 * `perimeterUm` and the bounding box in `scratch.features` are meaningful).
 */
export function measurePolygonReference(
  coords: RingCoords,
  first: number,
  end: number,
  unitUm: number,
  scratch: PolygonScratchReference,
): DegenerateReason | undefined {
  const f = scratch.features;
  const n = end > first ? end - first : 0;
  const hull = scratch.hull;
  hull.reserve(n);
  const { ringX: rx, ringY: ry } = hull;
  // One fused pass (bbox, perimeter, Green's-theorem moments, hull input) relative to the first
  // vertex: slide-sized coordinates would otherwise cancel in x² − x̄²; see `computeRingMoments`.
  const x0 = n > 0 ? coords[2 * first]! : 0;
  const y0 = n > 0 ? coords[2 * first + 1]! : 0;
  let minY = Infinity;
  let maxY = -Infinity;
  let left = 0;
  let right = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let leftY = 0;
  let rightY = 0;
  let perimeter = 0;
  let distinct = 0;
  let sA = 0;
  let sX = 0;
  let sY = 0;
  let sXX = 0;
  let sYY = 0;
  let sXY = 0;
  let xi = n > 0 ? coords[2 * (end - 1)]! - x0 : 0;
  let yi = n > 0 ? coords[2 * (end - 1) + 1]! - y0 : 0;
  let xxi = xi * xi;
  let yyi = yi * yi;
  let xyi = xi * yi;
  for (let i = 0, o = 2 * first; i < n; i++, o += 2) {
    const xj = coords[o]! - x0;
    const yj = coords[o + 1]! - y0;
    rx[i] = rx[i + n] = xj;
    ry[i] = ry[i + n] = yj;
    // The leftmost and rightmost vertices (ties broken by y) seed the hull and give the x extent.
    if (xj < minX || (xj === minX && yj < leftY)) {
      left = i;
      minX = xj;
      leftY = yj;
    }
    if (xj > maxX || (xj === maxX && yj > rightY)) {
      right = i;
      maxX = xj;
      rightY = yj;
    }
    if (yj < minY) minY = yj;
    if (yj > maxY) maxY = yj;
    const dx = xj - xi;
    const dy = yj - yi;
    if (dx !== 0 || dy !== 0) distinct++;
    perimeter += Math.sqrt(dx * dx + dy * dy);
    const xxj = xj * xj;
    const yyj = yj * yj;
    const xyj = xj * yj;
    const c = xi * yj - xj * yi;
    sA += c;
    sX += (xi + xj) * c;
    sY += (yi + yj) * c;
    sXX += (xxi + xi * xj + xxj) * c;
    sYY += (yyi + yi * yj + yyj) * c;
    sXY += (xi * yj + xj * yi + 2 * (xyi + xyj)) * c;
    xi = xj;
    yi = yj;
    xxi = xxj;
    yyi = yyj;
    xyi = xyj;
  }
  f.perimeterUm = perimeter * unitUm;
  f.minXUm = (minX + x0) * unitUm;
  f.minYUm = (minY + y0) * unitUm;
  f.maxXUm = (maxX + x0) * unitUm;
  f.maxYUm = (maxY + y0) * unitUm;
  // `distinct` counts vertices differing from their predecessor: ≥ 3 edges means ≥ 3 distinct vertices or a fold.
  if (distinct < 3) return 'too-few-vertices';
  const area = Math.abs(sA / 2);
  const span = Math.max(maxX - minX, maxY - minY);
  // Integer rings give an exact 0; the relative bound catches float rings that are collinear up to rounding.
  if (!(area > 1e-12 * span * span)) return 'zero-area';
  const cx = sX / (3 * sA);
  const cy = sY / (3 * sA);
  const e = computeInertiaEllipse(
    sXX / (6 * sA) - cx * cx,
    sYY / (6 * sA) - cy * cy,
    sXY / (12 * sA) - cx * cy,
    scratch.ellipse,
  );
  const hullArea = areaOfHull(buildLoadedConvexHull(n, left, right, hull), hull);
  const unit2 = unitUm * unitUm;
  f.areaUm2 = area * unit2;
  f.convexAreaUm2 = hullArea * unit2;
  f.solidity = hullArea > 0 ? area / hullArea : 1;
  f.equivalentDiameterUm = Math.sqrt((4 * area) / Math.PI) * unitUm;
  f.majorAxisUm = e.majorAxisLength * unitUm;
  f.minorAxisUm = e.minorAxisLength * unitUm;
  f.eccentricity = e.eccentricity;
  f.orientation = e.orientation;
  f.circularity = (4 * Math.PI * area) / (perimeter * perimeter);
  f.extent = area / ((maxX - minX) * (maxY - minY));
  f.centroidXUm = (cx + x0) * unitUm;
  f.centroidYUm = (cy + y0) * unitUm;
  return undefined;
}

/**
 * Features of one ring (coordinate units of `unitUm` µm, open ring, any orientation), or why it is
 * degenerate. A self-intersecting ring gets the net signed area of its loops; check rings of
 * untrusted origin with `isSimplePolygon`.
 */
export function computePolygonFeaturesReference(
  coords: RingCoords,
  first: number,
  end: number,
  unitUm: number,
  scratch: PolygonScratchReference = new PolygonScratchReference(),
): PolygonFeatureResult {
  const reason = measurePolygonReference(coords, first, end, unitUm, scratch);
  if (reason !== undefined) return { kind: 'degenerate', reason, perimeterUm: scratch.features.perimeterUm };
  return { kind: 'polygon', features: { ...scratch.features } };
}
