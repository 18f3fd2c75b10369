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

/**
 * Integer rings whose bounding box spans at most this many units get every cross product of the
 * hull construction and every partial sum of `areaOfHull` exact in doubles: relative to the first
 * vertex (a point of the hull) coordinates and their differences are at most the span s, a cross
 * product at most 2s² ≤ 2^53, and the shoelace terms of the counter-clockwise hull all
 * non-negative and summing to twice its area, ≤ 2s². Any correct hull then has the same area bit
 * for bit, whatever its start vertex, construction order or collinear points kept.
 */
export const EXACT_HULL_SPAN = 2 ** 26;

/**
 * `buildLoadedConvexHull` for n vertices loaded once (not twice in a row as `loadRing` does), with
 * the extreme vertices `loadRing` would have found: exactly what `buildConvexHull` gives.
 */
function buildLoadedGeneralHull(n: number, scratch: ConvexHullScratch): number {
  scratch.ringX.copyWithin(n, 0, n);
  scratch.ringY.copyWithin(n, 0, n);
  const extremes = findExtremes(n, scratch);
  return buildLoadedConvexHull(n, Math.floor(extremes / n), extremes % n, scratch);
}

/**
 * Index of the first leftmost vertex (lowest x, then y) of the n loaded vertices times n plus that
 * of the first rightmost one (highest x, then y), as `loadRing` returns them.
 */
function findExtremes(n: number, scratch: ConvexHullScratch): number {
  const { ringX: rx, ringY: ry } = scratch;
  let left = 0;
  let right = 0;
  for (let i = 1; i < n; i++) {
    const x = rx[i]!;
    const y = ry[i]!;
    if (x < rx[left]! || (x === rx[left] && y < ry[left]!)) left = i;
    if (x > rx[right]! || (x === rx[right] && y > ry[right]!)) right = i;
  }
  return left * n + right;
}

/**
 * Pushes (x, y) onto the hull chain xs/ys[0 .. count-1] after popping the points it does not make
 * turn right (maths axes; collinear points go too); returns the new count.
 */
function pushTurningRight(xs: Float64Array, ys: Float64Array, count: number, x: number, y: number): number {
  let k = count;
  while (k >= 2) {
    const ax = xs[k - 2]!;
    const ay = ys[k - 2]!;
    if ((xs[k - 1]! - ax) * (y - ay) - (ys[k - 1]! - ay) * (x - ax) < 0) break;
    k--;
  }
  xs[k] = x;
  ys[k] = y;
  return k + 1;
}

/**
 * `buildConvexHull` for the n ≥ 1 vertices that `measurePolygon`'s fused pass loaded into
 * `scratch.ringX/ringY` (once, relative to the first vertex), given the index of the first topmost
 * one (lowest y); returns the hull's vertex count. With `exact` (integer coordinates spanning at
 * most `EXACT_HULL_SPAN`, so any correct hull has the same area) a ring whose two chains, walked
 * forwards and backwards from that vertex, never go back up (y never decreases) until they meet,
 * as cv2.findContours rings, gets its hull in linear time: merging the chains visits the rows
 * (vertices of equal y) in order without a sort, and only a row's leftmost and rightmost vertex
 * can be a hull vertex. Strictly between its lowest and highest row a convex polygon crosses each
 * row once on either side, so Andrew's monotone chain (y, then x) builds the right chain (x high,
 * counter-clockwise in maths axes) from the rows' rightmost vertices and the left chain from their
 * leftmost; the lowest row starts both at its leftmost vertex, the highest ends both at its
 * rightmost. Other rings, and all without `exact`, take `buildLoadedConvexHull`.
 */
export function buildLoadedHull(n: number, top: number, exact: boolean, scratch: ConvexHullScratch): number {
  // The general hull is called from here, not from `measurePolygon`: this function is too large
  // for V8 to inline, so the first ring that needs it deoptimises only this function. A never-taken
  // call inlined into `measurePolygon` could leave Node 20 deoptimising its on-stack-replaced code
  // at every such ring, ≈ 1.6× slower for the whole batch.
  if (!exact) return buildLoadedGeneralHull(n, scratch);
  const { ringX: rx, ringY: ry, hullX: rightX, hullY: rightY, lowX: leftX, lowY: leftY } = scratch;
  // Vertices top+1 .. top+n-1 in a row: the ring once more up to the top vertex.
  if (top > 0) {
    rx.copyWithin(n, 0, top);
    ry.copyWithin(n, 0, top);
  }
  // f, b: the next vertex of the forward and of the backward chain; the merge ends when they cross.
  let f = top + 1;
  let b = top + n - 1;
  // The row at height y and its x range, starting with the top vertex's row.
  let y = ry[top]!;
  let lo = rx[top]!;
  let hi = lo;
  let right = 0;
  let left = 0;
  // The top two points of each chain (a below b) stay in locals for the pop tests, the hot loop;
  // a is only read once the chain holds two points.
  let rax = 0, ray = 0, rbx = 0, rby = 0; // prettier-ignore
  let lax = 0, lay = 0, lbx = 0, lby = 0; // prettier-ignore
  for (;;) {
    for (; f <= b && ry[f] === y; f++) {
      const x = rx[f]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    for (; b >= f && ry[b] === y; b--) {
      const x = rx[b]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const last = f > b;
    if (right === 0) {
      rightX[0] = lo;
      rightX[1] = hi;
      rightY[0] = rightY[1] = y;
      if (last) return hi > lo ? 2 : 1;
      right = hi > lo ? 2 : 1;
      left = 1;
      leftX[0] = rax = lbx = lo;
      leftY[0] = ray = rby = lby = y;
      rbx = hi;
    } else {
      while (right >= 2 && (rbx - rax) * (y - ray) - (rby - ray) * (hi - rax) <= 0) {
        right--;
        rbx = rax;
        rby = ray;
        if (right >= 2) {
          rax = rightX[right - 2]!;
          ray = rightY[right - 2]!;
        }
      }
      rightX[right] = hi;
      rightY[right++] = y;
      rax = rbx;
      ray = rby;
      rbx = hi;
      rby = y;
      while (left >= 2 && (lbx - lax) * (y - lay) - (lby - lay) * (lo - lax) >= 0) {
        left--;
        lbx = lax;
        lby = lay;
        if (left >= 2) {
          lax = leftX[left - 2]!;
          lay = leftY[left - 2]!;
        }
      }
      leftX[left] = lo;
      leftY[left++] = y;
      lax = lbx;
      lay = lby;
      lbx = lo;
      lby = y;
      if (last) break;
    }
    const next = ry[f]! < ry[b]! ? ry[f]! : ry[b]!;
    // Every vertex at height y has been taken, so a lower next row means a chain went back up.
    if (next < y) return buildLoadedGeneralHull(n, scratch);
    y = next;
    lo = Infinity;
    hi = -Infinity;
  }
  if (hi > lo) left = pushTurningRight(leftX, leftY, left, hi, y);
  // The left chain, reversed and without its ends (those of the right chain), closes the hull.
  let k = right;
  for (let j = left - 2; j >= 1; j--) {
    rightX[k] = leftX[j]!;
    rightY[k++] = leftY[j]!;
  }
  return k;
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
