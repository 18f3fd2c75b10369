/**
 * Verbatim copy of lib/geometry/convex-hull.ts, lib/geometry/polygon-features.ts and
 * `computeFeatures` (lib/geometry/feature-batch.ts) before the y-monotone convex hull fast path,
 * kept as the reference the fast implementation must agree with bit for bit on every ring (tests
 * and benchmarks only). Names carry a `Reference` suffix and imports point at lib/; the code is
 * otherwise unchanged.
 */
import { computeInertiaEllipse, createInertiaEllipse } from '@/lib/geometry/inertia-ellipse';
import type { RingCoords } from '@/lib/geometry/ring';
import type { DegenerateReason, PolygonFeatureResult, PolygonFeatures } from '@/lib/geometry/polygon-features';
import { createPolygonFeatures } from '@/lib/geometry/polygon-features';
import { RING_STATUS, type FeatureColumns, type RingTable } from '@/lib/geometry/feature-batch';

/** Reusable buffers for `convexHullAreaReference`, grown (never shrunk) to the largest ring seen. */
export class ConvexHullScratchReference {
  ringX = new Float64Array(128);
  ringY = new Float64Array(128);
  lowX = new Float64Array(66);
  lowY = new Float64Array(66);
  upX = new Float64Array(66);
  upY = new Float64Array(66);
  hullX = new Float64Array(132);
  hullY = new Float64Array(132);
  lowCount = 0;
  upCount = 0;

  /** Makes room for `vertexCount` vertices. */
  reserve(vertexCount: number): void {
    if (this.ringX.length >= 2 * vertexCount) return;
    const capacity = Math.max(vertexCount, this.ringX.length);
    this.ringX = new Float64Array(2 * capacity);
    this.ringY = new Float64Array(2 * capacity);
    this.lowX = new Float64Array(capacity + 2);
    this.lowY = new Float64Array(capacity + 2);
    this.upX = new Float64Array(capacity + 2);
    this.upY = new Float64Array(capacity + 2);
    this.hullX = new Float64Array(2 * capacity + 4);
    this.hullY = new Float64Array(2 * capacity + 4);
  }
}

/**
 * Copies the ring `first .. end-1` into `scratch.ringX/ringY` relative to its first vertex, stored
 * twice in a row so that both chains between the extreme vertices are contiguous runs, and
 * returns the index of the leftmost vertex (lowest x, then y) times n plus the rightmost one.
 */
function loadRing(coords: RingCoords, first: number, n: number, scratch: ConvexHullScratchReference): number {
  const { ringX: rx, ringY: ry } = scratch;
  const x0 = coords[2 * first]!;
  const y0 = coords[2 * first + 1]!;
  let left = 0;
  let right = 0;
  for (let i = 0, o = 2 * first; i < n; i++, o += 2) {
    const x = coords[o]! - x0;
    const y = coords[o + 1]! - y0;
    rx[i] = rx[i + n] = x;
    ry[i] = ry[i + n] = y;
    if (x < rx[left]! || (x === rx[left] && y < ry[left]!)) left = i;
    if (x > rx[right]! || (x === rx[right] && y > ry[right]!)) right = i;
  }
  return left * n + right;
}

/** Inserts (x, y) into the sorted run xs/ys[1 .. count-1] (by x, then y) and returns the new count. */
function insertSorted(xs: Float64Array, ys: Float64Array, count: number, x: number, y: number): number {
  let j = count - 1;
  while (j >= 1 && (xs[j]! > x || (xs[j] === x && ys[j]! > y))) {
    xs[j + 1] = xs[j]!;
    ys[j + 1] = ys[j]!;
    j--;
  }
  xs[j + 1] = x;
  ys[j + 1] = y;
  return count + 1;
}

/**
 * Splits a ring loaded by `loadRing` (n vertices, extreme vertices `left` and `right`) into the
 * points strictly below and strictly above the line left → right (maths axes), each list sorted
 * by x then y and framed by the two extremes; points on the line are never hull vertices. The two
 * chains between the extremes are x-monotone when the shape is convex-ish, so merging them leaves
 * few inversions and the insertion that finishes the sort runs in near-linear time.
 */
function splitSortedChains(n: number, left: number, right: number, scratch: ConvexHullScratchReference): void {
  const { ringX: rx, ringY: ry, lowX, lowY, upX, upY } = scratch;
  const lx = rx[left]!;
  const ly = ry[left]!;
  const dx = rx[right]! - lx;
  const dy = ry[right]! - ly;
  lowX[0] = upX[0] = lx;
  lowY[0] = upY[0] = ly;
  let low = 1;
  let up = 1;
  // Chain A runs forward from left+1 to right−1; chain B backward from left+n−1 to right+1.
  let a = left + 1;
  const aEnd = right > left ? right : right + n;
  let b = left + n - 1;
  while (a < aEnd || b > aEnd) {
    let i: number;
    if (b <= aEnd || (a < aEnd && (rx[a]! < rx[b]! || (rx[a] === rx[b] && ry[a]! <= ry[b]!)))) i = a++;
    else i = b--;
    const x = rx[i]!;
    const y = ry[i]!;
    const side = dx * (y - ly) - dy * (x - lx);
    if (side < 0) low = insertSorted(lowX, lowY, low, x, y);
    else if (side > 0) up = insertSorted(upX, upY, up, x, y);
  }
  lowX[low] = upX[up] = rx[right]!;
  lowY[low] = upY[up] = ry[right]!;
  scratch.lowCount = low + 1;
  scratch.upCount = up + 1;
}

/**
 * Builds the convex hull of the ring's vertices with Andrew's monotone chain into
 * `scratch.hullX/hullY` (relative to the first vertex, counter-clockwise in maths axes, no
 * collinear points, not closed) and returns its vertex count; allocation-free once warmed up.
 */
export function buildConvexHullReference(
  coords: RingCoords,
  first: number,
  end: number,
  scratch: ConvexHullScratchReference,
): number {
  const n = end - first;
  if (n <= 0) return 0;
  scratch.reserve(n);
  const extremes = loadRing(coords, first, n, scratch);
  return buildLoadedConvexHullReference(n, Math.floor(extremes / n), extremes % n, scratch);
}

/**
 * `buildConvexHullReference` for n vertices already in `scratch.ringX/ringY` (laid out as `loadRing` does),
 * given the indices of the leftmost (lowest x, then y) and rightmost (highest x, then y) vertex;
 * returns the hull's vertex count. `measurePolygonReference` loads the ring in its own fused pass.
 */
export function buildLoadedConvexHullReference(
  n: number,
  left: number,
  right: number,
  scratch: ConvexHullScratchReference,
): number {
  if (n <= 0) return 0;
  if (scratch.ringX[left] === scratch.ringX[right] && scratch.ringY[left] === scratch.ringY[right]) {
    scratch.hullX[0] = scratch.ringX[left]!;
    scratch.hullY[0] = scratch.ringY[left]!;
    return 1;
  }
  splitSortedChains(n, left, right, scratch);
  const { lowX, lowY, upX, upY, lowCount, upCount, hullX: hx, hullY: hy } = scratch;
  // Andrew's monotone chain: the lower list left to right, then the upper list right to left, with
  // the hull's last two points (a, b) in locals to save loads in the pop test, the batch's hot loop.
  let k = 0;
  let ax = 0;
  let ay = 0;
  let bx = 0;
  let by = 0;
  let floor = 2;
  for (let j = 0, total = lowCount + upCount - 1; j < total; j++) {
    if (j === lowCount) floor = k + 1;
    const x = j < lowCount ? lowX[j]! : upX[total - 1 - j]!;
    const y = j < lowCount ? lowY[j]! : upY[total - 1 - j]!;
    while (k >= floor && (bx - ax) * (y - ay) - (by - ay) * (x - ax) <= 0) {
      k--;
      bx = ax;
      by = ay;
      if (k >= 2) {
        ax = hx[k - 2]!;
        ay = hy[k - 2]!;
      }
    }
    hx[k] = x;
    hy[k] = y;
    k++;
    ax = bx;
    ay = by;
    bx = x;
    by = y;
  }
  // The last point equals the first.
  return k - 1;
}

/** Area of the convex hull of the ring's vertices, coordinate units² (0 when they are collinear). */
export function convexHullAreaReference(
  coords: RingCoords,
  first: number,
  end: number,
  scratch: ConvexHullScratchReference,
): number {
  return areaOfHullReference(buildConvexHullReference(coords, first, end, scratch), scratch);
}

/** Area of the k-vertex hull in `scratch.hullX/hullY`, coordinate units². */
export function areaOfHullReference(k: number, scratch: ConvexHullScratchReference): number {
  if (k < 3) return 0;
  const { hullX: hx, hullY: hy } = scratch;
  let px = hx[k - 1]!;
  let py = hy[k - 1]!;
  let twice = 0;
  for (let i = 0; i < k; i++) {
    const x = hx[i]!;
    const y = hy[i]!;
    twice += px * y - x * py;
    px = x;
    py = y;
  }
  return twice / 2;
}

/** Convex hull vertices of the ring as a new interleaved array, coordinate units, counter-clockwise in maths axes. */
export function toConvexHullReference(coords: RingCoords, first: number, end: number): Float64Array {
  const scratch = new ConvexHullScratchReference();
  const k = buildConvexHullReference(coords, first, end, scratch);
  const out = new Float64Array(2 * k);
  const x0 = end > first ? coords[2 * first]! : 0;
  const y0 = end > first ? coords[2 * first + 1]! : 0;
  for (let i = 0; i < k; i++) {
    out[2 * i] = scratch.hullX[i]! + x0;
    out[2 * i + 1] = scratch.hullY[i]! + y0;
  }
  return out;
}
/** Reusable scratch state for `measurePolygonReference`, so batch callers allocate nothing per object. */
export class PolygonScratchReference {
  readonly hull = new ConvexHullScratchReference();
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
  const hullArea = areaOfHullReference(buildLoadedConvexHullReference(n, left, right, hull), hull);
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

/**
 * Measures every ring of `table` into the preallocated columns `out` (µm, slide frame) without
 * per-object allocation, and returns the number of degenerate rings (flagged in `out.status`).
 */
export function computeFeaturesReference(
  table: RingTable,
  out: FeatureColumns,
  scratch = new PolygonScratchReference(),
): number {
  const { count, ringOffsets, ringCoords, coordUnitUm } = table;
  if (ringOffsets.length < count + 1)
    throw new RangeError(`ringOffsets has ${ringOffsets.length} entries, need ${count + 1}`);
  if (out.status.length < count)
    throw new RangeError(`output columns hold ${out.status.length} objects, need ${count}`);
  const f = scratch.features;
  const bounds = out.bounds;
  if (bounds && bounds.minX.length < count)
    throw new RangeError(`output bounds hold ${bounds.minX.length} objects, need ${count}`);
  let degenerate = 0;
  for (let i = 0; i < count; i++) {
    const reason = measurePolygonReference(ringCoords, ringOffsets[i]!, ringOffsets[i + 1]!, coordUnitUm, scratch);
    out.perimeter[i] = f.perimeterUm;
    if (bounds) {
      bounds.minX[i] = f.minXUm;
      bounds.minY[i] = f.minYUm;
      bounds.maxX[i] = f.maxXUm;
      bounds.maxY[i] = f.maxYUm;
    }
    if (reason === undefined) {
      out.area[i] = f.areaUm2;
      out.convexArea[i] = f.convexAreaUm2;
      out.solidity[i] = f.solidity;
      out.equivalentDiameter[i] = f.equivalentDiameterUm;
      out.majorAxisLength[i] = f.majorAxisUm;
      out.minorAxisLength[i] = f.minorAxisUm;
      out.eccentricity[i] = f.eccentricity;
      out.orientation[i] = f.orientation;
      out.circularity[i] = f.circularity;
      out.extent[i] = f.extent;
      out.centroidX[i] = f.centroidXUm;
      out.centroidY[i] = f.centroidYUm;
      out.status[i] = RING_STATUS.ok;
      continue;
    }
    degenerate++;
    out.area[i] = 0;
    out.convexArea[i] = 0;
    out.solidity[i] = out.equivalentDiameter[i] = out.majorAxisLength[i] = out.minorAxisLength[i] = NaN;
    out.eccentricity[i] = out.orientation[i] = out.circularity[i] = out.extent[i] = NaN;
    // A degenerate ring still has a location: the middle of its vertices' bounding box.
    out.centroidX[i] = (f.minXUm + f.maxXUm) / 2;
    out.centroidY[i] = (f.minYUm + f.maxYUm) / 2;
    out.status[i] = reason === 'too-few-vertices' ? RING_STATUS.tooFewVertices : RING_STATUS.zeroArea;
  }
  return degenerate;
}
