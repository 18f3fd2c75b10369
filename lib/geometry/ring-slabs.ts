/**
 * Unit-height horizontal slabs of integer rings: answers `isPointInRing` with exactly the same
 * result while looking only at the few edges that cross the point's slab, not at the whole ring.
 *
 * Why this is exact: `isPointInRing` toggles on an edge only when the edge straddles the line
 * through y, half-open (low ≤ y < high for its integer end heights low < high), which for integer
 * ends means low ≤ ⌊y⌋ < high. Slab k (rows k ≤ y < k + 1) lists every edge straddling its rows,
 * and a query runs `isPointInRing`'s loop body, unchanged (same straddle test, same cross product
 * from the lower end, same operands), over the edges of the point's slab only. Edges left out
 * never toggle; the parity of the toggles does not depend on the order the edges are visited in.
 */
import { isPointInRing } from './point-in-polygon';

/**
 * A ring gets slabs only when the entries they take (the sum of its edges' heights) stay within
 * this many per vertex, plus `SLAB_ENTRIES_SLACK`: pixel contours take about one per vertex. A
 * ring beyond it (long edges, wild coordinates) is answered by walking it, so memory stays
 * proportional to the vertices whatever the input.
 */
const SLAB_ENTRIES_PER_VERTEX = 16;
const SLAB_ENTRIES_SLACK = 4096;

/** The slabs of a set of rings over one interleaved integer coordinate array (coordinate units). */
export interface RingSlabs {
  /** The rings the slabs were built from: ring r is vertices ringStart[r] .. ringEnd[r]-1 of coords. */
  readonly coords: Int32Array;
  readonly ringStart: ArrayLike<number>;
  readonly ringEnd: ArrayLike<number>;
  /** Least vertex y of ring r (coordinate units): slab ringSlab[r] + k spans rows slabBase[r] + k ≤ y < … + 1. */
  readonly slabBase: Int32Array;
  /**
   * Ring r's slabs are ringSlab[r] .. ringSlab[r+1]-1 (none for rings of fewer than 3 vertices,
   * nor for rings `walked` instead).
   */
  readonly ringSlab: Uint32Array;
  /** Slab s lists the edges slabEdge[s] .. slabEdge[s+1]-1 of `edgeEnd`. */
  readonly slabEdge: Uint32Array;
  /** An edge as the vertex it ends at: vertex i's edge starts at vertex i−1 (the ring's last for its first). */
  readonly edgeEnd: Uint32Array;
  /** 1 for rings whose slabs would take too much memory: queries walk the whole ring instead. */
  readonly walked: Uint8Array;
}

/**
 * Builds the slabs of rings `ringStart[r] .. ringEnd[r]-1` (r < count) of `coords` (open rings,
 * integer coordinate units). Memory: one entry per edge per unit of its height.
 */
export function buildRingSlabs(
  coords: Int32Array,
  ringStart: ArrayLike<number>,
  ringEnd: ArrayLike<number>,
  count: number,
): RingSlabs {
  const slabBase = new Int32Array(count);
  const ringSlab = new Uint32Array(count + 1);
  const walked = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    const [low, high] = ringYRange(coords, ringStart[r]!, ringEnd[r]!);
    const vertices = ringEnd[r]! - ringStart[r]!;
    const limit = SLAB_ENTRIES_PER_VERTEX * vertices + SLAB_ENTRIES_SLACK;
    if (high - low > limit || edgeHeights(coords, ringStart[r]!, ringEnd[r]!) > limit) {
      walked[r] = 1;
      ringSlab[r + 1] = ringSlab[r]!;
      continue;
    }
    slabBase[r] = low;
    ringSlab[r + 1] = ringSlab[r]! + (high - low);
  }
  const slabs = ringSlab[count]!;
  const slabEdge = slabOffsets(coords, ringStart, ringEnd, count, slabBase, ringSlab);
  const next = slabEdge.slice(0, slabs);
  const edgeEnd = new Uint32Array(slabEdge[slabs]!);
  for (let r = 0; r < count; r++) {
    if (ringSlab[r + 1] !== ringSlab[r]) fillSlabEdges(coords, ringStart[r]!, ringEnd[r]!, ringSlab[r]! - slabBase[r]!, next, edgeEnd); // prettier-ignore
  }
  return { coords, ringStart, ringEnd, slabBase, ringSlab, slabEdge, edgeEnd, walked };
}

/** Sum of the heights of the ring's edges: the slab entries it would take. */
function edgeHeights(coords: Int32Array, first: number, end: number): number {
  if (end - first < 3) return 0;
  let total = 0;
  let py = coords[2 * (end - 1) + 1]!;
  for (let i = first; i < end; i++) {
    const qy = coords[2 * i + 1]!;
    total += Math.abs(qy - py);
    py = qy;
  }
  return total;
}

/** [min y, max y] of the ring's vertices (coordinate units); [0, 0] for rings of fewer than 3 vertices. */
function ringYRange(coords: Int32Array, first: number, end: number): [number, number] {
  if (end - first < 3) return [0, 0];
  let low = Infinity;
  let high = -Infinity;
  for (let i = first; i < end; i++) {
    const y = coords[2 * i + 1]!;
    if (y < low) low = y;
    if (y > high) high = y;
  }
  return [low, high];
}

/**
 * CSR offsets of the slab lists: slab s gets as many entries as edges straddle its row, counted
 * with a difference array (+1 at an edge's first row, −1 past its last) so that building costs
 * O(edges + slabs) before the entries themselves are written.
 */
function slabOffsets(
  coords: Int32Array,
  ringStart: ArrayLike<number>,
  ringEnd: ArrayLike<number>,
  count: number,
  slabBase: Int32Array,
  ringSlab: Uint32Array,
): Uint32Array {
  const slabs = ringSlab[count]!;
  const change = new Int32Array(slabs + 1);
  for (let r = 0; r < count; r++) {
    if (ringSlab[r + 1] === ringSlab[r]) continue;
    const offset = ringSlab[r]! - slabBase[r]!;
    const end = ringEnd[r]!;
    let py = coords[2 * (end - 1) + 1]!;
    for (let i = ringStart[r]!; i < end; i++) {
      const qy = coords[2 * i + 1]!;
      if (qy !== py) {
        change[Math.min(py, qy) + offset]!++;
        change[Math.max(py, qy) + offset]!--;
      }
      py = qy;
    }
  }
  const slabEdge = new Uint32Array(slabs + 1);
  for (let s = 0, active = 0; s < slabs; s++) {
    active += change[s]!;
    slabEdge[s + 1] = slabEdge[s]! + active;
  }
  return slabEdge;
}

/**
 * Writes each edge of ring first .. end-1 into the slabs of the rows it straddles, at `next[s]++`;
 * row y is slab y + offset.
 */
function fillSlabEdges(
  coords: Int32Array,
  first: number,
  end: number,
  offset: number,
  next: Uint32Array,
  edgeEnd: Uint32Array,
): void {
  let py = coords[2 * (end - 1) + 1]!;
  for (let i = first; i < end; i++) {
    const qy = coords[2 * i + 1]!;
    for (let s = Math.min(py, qy) + offset, stop = Math.max(py, qy) + offset; s < stop; s++) edgeEnd[next[s]!++] = i;
    py = qy;
  }
}

/**
 * Same result as `isPointInRing(coords, ringStart[ring], ringEnd[ring], unitUm, xUm, yUm)` over the
 * rings the slabs were built from: even-odd rule, half-open in y, point (xUm, yUm) in µm.
 */
export function isPointInSlabRing(slabs: RingSlabs, ring: number, unitUm: number, xUm: number, yUm: number): boolean {
  if (slabs.walked[ring] === 1)
    return isPointInRing(slabs.coords, slabs.ringStart[ring]!, slabs.ringEnd[ring]!, unitUm, xUm, yUm);
  const x = xUm / unitUm;
  const y = yUm / unitUm;
  const firstSlab = slabs.ringSlab[ring]!;
  const k = Math.floor(y) - slabs.slabBase[ring]!;
  // Written so that NaN falls out too: no edge straddles such a y, as in the ring walk.
  if (!(k >= 0 && k < slabs.ringSlab[ring + 1]! - firstSlab)) return false;
  const coords = slabs.coords;
  const first = slabs.ringStart[ring]!;
  const last = slabs.ringEnd[ring]! - 1;
  let inside = false;
  for (let e = slabs.slabEdge[firstSlab + k]!, stop = slabs.slabEdge[firstSlab + k + 1]!; e < stop; e++) {
    const i = slabs.edgeEnd[e]!;
    const o = 2 * (i === first ? last : i - 1);
    const px = coords[o]!;
    const py = coords[o + 1]!;
    const qx = coords[2 * i]!;
    const qy = coords[2 * i + 1]!;
    // isPointInRing's loop body, unchanged.
    if (qy > y !== py > y) {
      const cross = qy > py ? (qx - px) * (y - py) - (qy - py) * (x - px) : (px - qx) * (y - qy) - (py - qy) * (x - qx);
      if (cross > 0) inside = !inside;
    }
  }
  return inside;
}
