import { areaOfHull, buildLoadedHull, ConvexHullScratch, EXACT_HULL_SPAN } from './convex-hull';
import { computeInertiaEllipse, createInertiaEllipse } from './inertia-ellipse';
import type { RingCoords } from './ring';

/**
 * Exact morphology of one simple polygon (a nucleus, gland or lumen contour), in µm, slide frame
 * with x right (cols) and y down (rows). Moment features follow scikit-image `regionprops` but are
 * computed on the exact polygon region, not on a rasterised mask.
 */
export interface PolygonFeatures {
  /** Enclosed area, µm². */
  areaUm2: number;
  /** Boundary length including the closing edge, µm. */
  perimeterUm: number;
  /** Area of the convex hull of the vertices, µm². */
  convexAreaUm2: number;
  /** area / convex area, in (0, 1]. */
  solidity: number;
  /** Diameter of the circle with the same area, µm. */
  equivalentDiameterUm: number;
  /** 4·√λ1 of the normalised inertia tensor (full length of the equivalent ellipse's major axis), µm. */
  majorAxisUm: number;
  /** 4·√λ2 of the normalised inertia tensor, µm. */
  minorAxisUm: number;
  /** √(1 − λ2/λ1), 0 for a disc, → 1 for a line. */
  eccentricity: number;
  /** Radians in [-π/2, π/2] from the rows axis (+y, down) to the major axis, positive towards +x; major axis ∥ (sin θ, cos θ). */
  orientation: number;
  /** 4π·area / perimeter², 1 for a disc. */
  circularity: number;
  /** area / area of the vertices' bounding box, in (0, 1]. */
  extent: number;
  /** Centroid of the region, µm. */
  centroidXUm: number;
  centroidYUm: number;
  /** Bounding box of the vertices, µm. */
  minXUm: number;
  minYUm: number;
  maxXUm: number;
  maxYUm: number;
}

/** Why a ring has no meaningful shape: fewer than 3 distinct vertices, or all vertices collinear / zero area. */
export type DegenerateReason = 'too-few-vertices' | 'zero-area';

/** Either the features of a ring or the reason it has none (never NaN features). */
export type PolygonFeatureResult =
  | { readonly kind: 'polygon'; readonly features: PolygonFeatures }
  | { readonly kind: 'degenerate'; readonly reason: DegenerateReason; readonly perimeterUm: number };

/** Reusable scratch state for `measurePolygon`, so batch callers allocate nothing per object. */
export class PolygonScratch {
  readonly hull = new ConvexHullScratch();
  readonly ellipse = createInertiaEllipse();
  readonly features: PolygonFeatures = createPolygonFeatures();
}

/** A `PolygonFeatures` with every field NaN. */
export function createPolygonFeatures(): PolygonFeatures {
  return {
    areaUm2: NaN,
    perimeterUm: NaN,
    convexAreaUm2: NaN,
    solidity: NaN,
    equivalentDiameterUm: NaN,
    majorAxisUm: NaN,
    minorAxisUm: NaN,
    eccentricity: NaN,
    orientation: NaN,
    circularity: NaN,
    extent: NaN,
    centroidXUm: NaN,
    centroidYUm: NaN,
    minXUm: NaN,
    minYUm: NaN,
    maxXUm: NaN,
    maxYUm: NaN,
  };
}

/**
 * Measures the ring `first .. end-1` of `coords` (coordinate units of `unitUm` µm) into
 * `scratch.features` and returns `undefined`, or returns the degenerate reason (then only
 * `perimeterUm` and the bounding box in `scratch.features` are meaningful).
 */
export function measurePolygon(
  coords: RingCoords,
  first: number,
  end: number,
  unitUm: number,
  scratch: PolygonScratch,
): DegenerateReason | undefined {
  const f = scratch.features;
  const n = end > first ? end - first : 0;
  const hull = scratch.hull;
  hull.reserve(n);
  const { ringX: rx, ringY: ry } = hull;
  // One fused pass (bbox, first topmost vertex, perimeter, Green's-theorem moments, hull input)
  // relative to the first vertex: slide-sized coordinates would otherwise cancel in x² − x̄²; see
  // `computeRingMoments`.
  const x0 = n > 0 ? coords[2 * first]! : 0;
  const y0 = n > 0 ? coords[2 * first + 1]! : 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let top = 0;
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
    rx[i] = xj;
    ry[i] = yj;
    if (xj < minX) minX = xj;
    if (xj > maxX) maxX = xj;
    if (yj < minY) {
      minY = yj;
      top = i;
    }
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
  // Integer rings within EXACT_HULL_SPAN give every correct hull the same area bit for bit, so they
  // may take the linear-time hull; float rings keep the general one, on whose rounding the output depends.
  const exact = coords instanceof Int32Array && span <= EXACT_HULL_SPAN;
  const hullArea = areaOfHull(buildLoadedHull(n, top, exact, hull), hull);
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
export function computePolygonFeatures(
  coords: RingCoords,
  first: number,
  end: number,
  unitUm: number,
  scratch: PolygonScratch = new PolygonScratch(),
): PolygonFeatureResult {
  const reason = measurePolygon(coords, first, end, unitUm, scratch);
  if (reason !== undefined) return { kind: 'degenerate', reason, perimeterUm: scratch.features.perimeterUm };
  return { kind: 'polygon', features: { ...scratch.features } };
}
