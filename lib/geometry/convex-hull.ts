import type { RingCoords } from './ring';

/** Reusable buffers for `convexHullArea`, grown (never shrunk) to the largest ring seen. */
export class ConvexHullScratch {
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
function loadRing(coords: RingCoords, first: number, n: number, scratch: ConvexHullScratch): number {
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
function splitSortedChains(n: number, left: number, right: number, scratch: ConvexHullScratch): void {
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
export function buildConvexHull(coords: RingCoords, first: number, end: number, scratch: ConvexHullScratch): number {
  const n = end - first;
  if (n <= 0) return 0;
  scratch.reserve(n);
  const extremes = loadRing(coords, first, n, scratch);
  return buildLoadedConvexHull(n, Math.floor(extremes / n), extremes % n, scratch);
}

/**
 * `buildConvexHull` for n vertices already in `scratch.ringX/ringY` (laid out as `loadRing` does),
 * given the indices of the leftmost (lowest x, then y) and rightmost (highest x, then y) vertex;
 * returns the hull's vertex count. `measurePolygon` loads the ring in its own fused pass.
 */
export function buildLoadedConvexHull(n: number, left: number, right: number, scratch: ConvexHullScratch): number {
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
export function convexHullArea(coords: RingCoords, first: number, end: number, scratch: ConvexHullScratch): number {
  return areaOfHull(buildConvexHull(coords, first, end, scratch), scratch);
}

/** Area of the k-vertex hull in `scratch.hullX/hullY`, coordinate units². */
export function areaOfHull(k: number, scratch: ConvexHullScratch): number {
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
export function toConvexHull(coords: RingCoords, first: number, end: number): Float64Array {
  const scratch = new ConvexHullScratch();
  const k = buildConvexHull(coords, first, end, scratch);
  const out = new Float64Array(2 * k);
  const x0 = end > first ? coords[2 * first]! : 0;
  const y0 = end > first ? coords[2 * first + 1]! : 0;
  for (let i = 0; i < k; i++) {
    out[2 * i] = scratch.hullX[i]! + x0;
    out[2 * i + 1] = scratch.hullY[i]! + y0;
  }
  return out;
}
