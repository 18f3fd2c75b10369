/**
 * Detects rings whose edges properly cross (figure-eights), the self-intersections that make the
 * shoelace area wrong. Touching at a vertex or overlapping collinear edges (pinches, common in
 * cv2.findContours output) are not crossings: their area is still exact.
 */
import type { RingCoords } from './ring';

/** Rings up to this many vertices are checked pair by pair (faster than sorting for nuclei). */
const BRUTE_FORCE_MAX = 48;

function edgesCross(coords: RingCoords, a: number, b: number, c: number, d: number): boolean {
  const ax = coords[2 * a]!, ay = coords[2 * a + 1]!, bx = coords[2 * b]!, by = coords[2 * b + 1]!; // prettier-ignore
  const cx = coords[2 * c]!, cy = coords[2 * c + 1]!, dx = coords[2 * d]!, dy = coords[2 * d + 1]!; // prettier-ignore
  if (Math.max(cx, dx) < Math.min(ax, bx) || Math.min(cx, dx) > Math.max(ax, bx)) return false;
  if (Math.max(cy, dy) < Math.min(ay, by) || Math.min(cy, dy) > Math.max(ay, by)) return false;
  const o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy); // prettier-ignore
  if (o1 === 0 || o2 === 0 || o1 === o2) return false;
  const o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by); // prettier-ignore
  return o3 !== 0 && o4 !== 0 && o3 !== o4;
}

/**
 * Fast sufficient test for simplicity: seen from the vertex mean, every edge turns the same way
 * and the ring winds around it exactly once — a star-shaped polygon, which cannot cross itself.
 * Most nuclear outlines pass; the rest get the exact test.
 */
function isStarShaped(coords: RingCoords, first: number, n: number): boolean {
  let sx = 0, sy = 0; // prettier-ignore
  for (let v = first; v < first + n; v++) {
    sx += coords[2 * v]!;
    sy += coords[2 * v + 1]!;
  }
  const cx = sx / n, cy = sy / n; // prettier-ignore
  let sign = 0;
  let crossings = 0;
  let px = coords[2 * (first + n - 1)]! - cx, py = coords[2 * (first + n - 1) + 1]! - cy; // prettier-ignore
  for (let v = first; v < first + n; v++) {
    const qx = coords[2 * v]! - cx, qy = coords[2 * v + 1]! - cy; // prettier-ignore
    const cross = px * qy - py * qx;
    if (cross === 0) return false;
    const s = cross > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
    // Count crossings of the ray from the centre along +x (half-open rule).
    if (py <= 0 !== qy <= 0 && px - (py * (qx - px)) / (qy - py) > 0) crossings++;
    px = qx;
    py = qy;
  }
  return crossings === 1;
}

/**
 * Integer coordinates of magnitude below this keep every `orient` product exact in doubles
 * (differences < 2^26, products < 2^52): `edgesCross` and the side tests of `isSeparatedFromTop`
 * are then exact, which the proof that the latter agrees with the former relies on.
 */
const EXACT_LIMIT = 1 << 25;

/**
 * One-pass proof that a ring starting at a topmost vertex (as cv2.findContours rings do) has no
 * proper crossing: walked forwards and backwards from it, both chains go down (y never
 * decreases) until they meet, and every vertex, taken in order of y, lies strictly on the same
 * side of the other chain at its height. Two edges of one y-monotone chain cannot cross properly,
 * and chains kept strictly apart at every vertex height cannot cross in between (nor at the ends,
 * where they meet in shared vertices). False when it cannot tell (touching chains, pinches, other
 * shapes or starts, coordinates beyond `EXACT_LIMIT`): the exact tests then decide.
 */
function isSeparatedFromTop(coords: Int32Array, first: number, n: number): boolean {
  // fb, kb: array index of the next vertex of the forward and the backward chain; a: the last one seen.
  let fb = 2 * first + 2, kb = 2 * first + 2 * n - 2; // prettier-ignore
  let fax = coords[fb - 2]!, fay = coords[fb - 1]!; // prettier-ignore
  let kax = fax, kay = fay; // prettier-ignore
  let fbx = coords[fb]!, fby = coords[fb + 1]!; // prettier-ignore
  let kbx = coords[kb]!, kby = coords[kb + 1]!; // prettier-ignore
  if (fby < fay || kby < kay) return false;
  const top = fay;
  // Negative or ≥ 2·EXACT_LIMIT when some |x| ≥ EXACT_LIMIT; every y lies between top and bottom.
  let bits = (fax + EXACT_LIMIT) | (fbx + EXACT_LIMIT) | (kbx + EXACT_LIMIT);
  // Side of the forward chain: > 0 right of the backward one (larger x), < 0 left, 0 not yet known.
  let side = 0;
  while (fb !== kb) {
    // Signed x distance from the vertex to the other chain (forward minus backward), times the height of that edge.
    let distance: number;
    // Ties go to the forward chain, so each forward vertex meets the backward edge reaching or
    // passing its height and each backward vertex the forward edge leaving it: never a level
    // edge, except the backward chain's first, whose 0 makes the proof give up.
    if (fby <= kby) {
      distance = (fbx - kax) * (kby - kay) - (kbx - kax) * (fby - kay);
      fax = fbx;
      fay = fby;
      fb += 2;
      fbx = coords[fb]!;
      fby = coords[fb + 1]!;
      bits |= fbx + EXACT_LIMIT;
      if (fby < fay) return false;
    } else {
      distance = (fax - kbx) * (fby - fay) + (fbx - fax) * (kby - fay);
      kax = kbx;
      kay = kby;
      kb -= 2;
      kbx = coords[kb]!;
      kby = coords[kb + 1]!;
      bits |= kbx + EXACT_LIMIT;
      if (kby < kay) return false;
    }
    if (!(distance * side > 0)) {
      if (side !== 0 || distance === 0) return false;
      side = distance > 0 ? 1 : -1;
    }
  }
  bits |= (top + EXACT_LIMIT) | (fby + EXACT_LIMIT);
  return bits >= 0 && bits < 2 * EXACT_LIMIT;
}

function crossesBruteForce(coords: RingCoords, first: number, n: number, scratch: CrossingScratch): boolean {
  scratch.reserve(n);
  const { edgeMinX, edgeMaxX, edgeMinY, edgeMaxY } = scratch;
  // Edge bounding boxes once, so most pairs are rejected by four comparisons of cached numbers.
  for (let e = 0; e < n; e++) {
    const a = first + e, b = first + ((e + 1) % n); // prettier-ignore
    const ax = coords[2 * a]!, ay = coords[2 * a + 1]!, bx = coords[2 * b]!, by = coords[2 * b + 1]!; // prettier-ignore
    edgeMinX[e] = ax < bx ? ax : bx;
    edgeMaxX[e] = ax < bx ? bx : ax;
    edgeMinY[e] = ay < by ? ay : by;
    edgeMaxY[e] = ay < by ? by : ay;
  }
  for (let e = 0; e < n - 2; e++) {
    const x0 = edgeMinX[e]!, x1 = edgeMaxX[e]!, y0 = edgeMinY[e]!, y1 = edgeMaxY[e]!; // prettier-ignore
    // The last edge is adjacent to edge 0, so edge 0 stops one edge earlier.
    const stop = e === 0 ? n - 1 : n;
    for (let f = e + 2; f < stop; f++) {
      if (edgeMinX[f]! > x1 || edgeMaxX[f]! < x0 || edgeMinY[f]! > y1 || edgeMaxY[f]! < y0) continue;
      if (edgesCross(coords, first + e, first + e + 1, first + f, first + ((f + 1) % n))) return true;
    }
  }
  return false;
}

/**
 * The brute-force test's pairs, found by a sweep over edges bucketed by their lowest integer y
 * (counting sort): only edges whose y ranges overlap are compared, near-linear for the short
 * edges of pixel contours. Integer rings of a modest height only; returns undefined otherwise.
 */
function crossesSweptByRow(
  coords: Int32Array,
  first: number,
  n: number,
  scratch: CrossingScratch,
): boolean | undefined {
  scratch.reserve(n);
  const { edgeMinX, edgeMaxX, edgeMinY, edgeMaxY, order } = scratch;
  let low = Infinity;
  let high = -Infinity;
  for (let e = 0; e < n; e++) {
    const a = first + e, b = first + ((e + 1) % n); // prettier-ignore
    const ax = coords[2 * a]!, ay = coords[2 * a + 1]!, bx = coords[2 * b]!, by = coords[2 * b + 1]!; // prettier-ignore
    edgeMinX[e] = ax < bx ? ax : bx;
    edgeMaxX[e] = ax < bx ? bx : ax;
    const y0 = ay < by ? ay : by;
    edgeMinY[e] = y0;
    edgeMaxY[e] = ay < by ? by : ay;
    if (y0 < low) low = y0;
    if (y0 > high) high = y0;
  }
  const rows = high - low + 1;
  if (rows > 4 * n) return undefined;
  const rowStart = scratch.reserveRows(rows + 1);
  rowStart.fill(0, 0, rows + 1);
  for (let e = 0; e < n; e++) rowStart[edgeMinY[e]! - low + 1]!++;
  for (let r = 0; r < rows; r++) rowStart[r + 1]! += rowStart[r]!;
  for (let e = 0; e < n; e++) order[rowStart[edgeMinY[e]! - low]!++] = e;
  for (let s = 0; s < n; s++) {
    const e = order[s]!;
    const x0 = edgeMinX[e]!, x1 = edgeMaxX[e]!, y1 = edgeMaxY[e]!; // prettier-ignore
    const next = e + 1 === n ? 0 : e + 1;
    const previous = e === 0 ? n - 1 : e - 1;
    for (let t = s + 1; t < n; t++) {
      const f = order[t]!;
      if (edgeMinY[f]! > y1) break;
      if (edgeMinX[f]! > x1 || edgeMaxX[f]! < x0 || f === next || f === previous) continue;
      if (edgesCross(coords, first + e, first + next, first + f, first + (f + 1 === n ? 0 : f + 1))) return true;
    }
  }
  return false;
}

/** Reusable buffers for `hasProperCrossing` (no allocation per ring). */
export class CrossingScratch {
  order = new Uint32Array(64);
  minX = new Float64Array(64);
  edgeMinX = new Float64Array(64);
  edgeMaxX = new Float64Array(64);
  edgeMinY = new Float64Array(64);
  edgeMaxY = new Float64Array(64);
  rowStart = new Uint32Array(256);

  /** Returns `rowStart` with room for `count` entries. */
  reserveRows(count: number): Uint32Array {
    if (this.rowStart.length < count) this.rowStart = new Uint32Array(2 * count);
    return this.rowStart;
  }

  /** Makes room for rings of `n` edges. */
  reserve(n: number): void {
    if (this.order.length >= n) return;
    this.order = new Uint32Array(2 * n);
    this.minX = new Float64Array(2 * n);
    this.edgeMinX = new Float64Array(2 * n);
    this.edgeMaxX = new Float64Array(2 * n);
    this.edgeMinY = new Float64Array(2 * n);
    this.edgeMaxY = new Float64Array(2 * n);
  }
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

// Single-threaded JS: one shared scratch serves every call that does not pass its own.
const SHARED_SCRATCH = new CrossingScratch();

/**
 * True when two non-adjacent edges of the ring `first .. end-1` (vertex indices, open ring,
 * closed by its last edge) cross at a point interior to both. Nearly every nucleus (cv2 rings) is
 * settled by the one-pass monotone proof; the rest go to `hasProperCrossingExact`.
 */
export function hasProperCrossing(coords: RingCoords, first: number, end: number, scratch = SHARED_SCRATCH): boolean {
  if (end - first < 4) return false;
  if (coords instanceof Int32Array && isSeparatedFromTop(coords, first, end - first)) return false;
  return hasProperCrossingExact(coords, first, end, scratch);
}

/**
 * `hasProperCrossing` without the monotone proof (what it was before the proof): the star test,
 * then edges swept by row, or by x for long rings, so the cost is near-linear for the small rings
 * of nuclei and the long ones of glands alike. The tests hold the proof to its answers.
 */
export function hasProperCrossingExact(
  coords: RingCoords,
  first: number,
  end: number,
  scratch = SHARED_SCRATCH,
): boolean {
  const n = end - first;
  if (n < 4) return false;
  if (isStarShaped(coords, first, n)) return false;
  if (n <= BRUTE_FORCE_MAX) {
    const swept = coords instanceof Int32Array ? crossesSweptByRow(coords, first, n, scratch) : undefined;
    return swept ?? crossesBruteForce(coords, first, n, scratch);
  }
  scratch.reserve(n);
  const { order, minX } = scratch;
  for (let e = 0; e < n; e++) {
    const a = first + e, b = first + ((e + 1) % n); // prettier-ignore
    order[e] = e;
    minX[e] = Math.min(coords[2 * a]!, coords[2 * b]!);
  }
  const sorted = order.subarray(0, n).sort((p, q) => minX[p]! - minX[q]!);
  for (let s = 0; s < n; s++) {
    const e = sorted[s]!;
    const a = first + e, b = first + ((e + 1) % n); // prettier-ignore
    const maxX = Math.max(coords[2 * a]!, coords[2 * b]!);
    for (let t = s + 1; t < n; t++) {
      const f = sorted[t]!;
      if (minX[f]! > maxX) break;
      // Adjacent edges share a vertex by construction.
      if (f === (e + 1) % n || e === (f + 1) % n) continue;
      if (edgesCross(coords, a, b, first + f, first + ((f + 1) % n))) return true;
    }
  }
  return false;
}
