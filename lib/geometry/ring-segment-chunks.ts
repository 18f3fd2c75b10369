/**
 * Bounding boxes of integer rings and of runs of their consecutive edges, so that the distance to
 * a ring's boundary can skip most edges and still be bit-identical to `distanceToRingBoundaryUm`.
 *
 * Why this is exact: that function returns √(min over edges of `squaredDistanceToSegment`) · unit
 * (its own box reject never drops the minimum, see below), and the minimum of doubles does not
 * depend on the order. A box is skipped only when its squared gap to the point, computed as
 * `distanceToRingBoundaryUm` computes an edge's gap, is at least the best distance so far; for
 * integer vertices every edge inside the box then has a `squaredDistanceToSegment` at least as
 * large (in floating point too: the gap terms are rounded differences from box sides lying beyond
 * the edge's ends, and the nearest point that function computes always lies within the edge's
 * box, so each rounded term is no smaller), so it cannot lower the minimum.
 */
import { squaredDistanceToSegment } from './point-in-polygon';

/** Edges per chunk: small enough to prune well, large enough that box tests stay few. */
const CHUNK_EDGES = 8;

/** Boxes of a set of rings over one interleaved integer coordinate array (coordinate units). */
export interface RingSegmentChunks {
  /** Bounding box of ring r's vertices: (minX, minY, maxX, maxY) at 4r (zeros for an empty ring, which has no chunks). */
  readonly ringBox: Int32Array;
  /** Ring r's chunks are ringChunk[r] .. ringChunk[r+1]-1. */
  readonly ringChunk: Uint32Array;
  /**
   * Chunk c holds the edges ending at vertices chunkFirst[c] .. chunkEnd[c]-1; the first of them
   * starts at vertex chunkPrevious[c] (the ring's last vertex for its first chunk).
   */
  readonly chunkFirst: Uint32Array;
  readonly chunkEnd: Uint32Array;
  readonly chunkPrevious: Uint32Array;
  /** Bounding box of chunk c's edges: (minX, minY, maxX, maxY) at 4c. */
  readonly chunkBox: Int32Array;
}

/** Builds the chunks of rings `ringStart[r] .. ringEnd[r]-1` (r < count) of `coords` (open rings, integer units). */
export function buildRingSegmentChunks(
  coords: Int32Array,
  ringStart: ArrayLike<number>,
  ringEnd: ArrayLike<number>,
  count: number,
): RingSegmentChunks {
  const ringChunk = new Uint32Array(count + 1);
  for (let r = 0; r < count; r++) {
    const edges = Math.max(0, ringEnd[r]! - ringStart[r]!);
    ringChunk[r + 1] = ringChunk[r]! + Math.ceil(edges / CHUNK_EDGES);
  }
  const chunks = ringChunk[count]!;
  const ringBox = new Int32Array(4 * count);
  const chunkFirst = new Uint32Array(chunks);
  const chunkEnd = new Uint32Array(chunks);
  const chunkPrevious = new Uint32Array(chunks);
  const chunkBox = new Int32Array(4 * chunks);
  for (let r = 0; r < count; r++) {
    const first = ringStart[r]!;
    const end = ringEnd[r]!;
    for (let c = ringChunk[r]!, i = first; c < ringChunk[r + 1]!; c++, i += CHUNK_EDGES) {
      chunkFirst[c] = i;
      chunkEnd[c] = Math.min(end, i + CHUNK_EDGES);
      chunkPrevious[c] = i === first ? end - 1 : i - 1;
      // The edges' ends are the chunk's vertices plus the start of its first edge.
      writeBox(chunkBox, c, coords, chunkPrevious[c]!, chunkFirst[c]!, chunkEnd[c]!);
    }
    if (end > first) writeBox(ringBox, r, coords, end - 1, first, end);
  }
  return { ringBox, ringChunk, chunkFirst, chunkEnd, chunkPrevious, chunkBox };
}

/** Writes at 4·slot the bounding box of vertex `extra` and vertices first .. end-1. */
function writeBox(
  boxes: Int32Array,
  slot: number,
  coords: Int32Array,
  extra: number,
  first: number,
  end: number,
): void {
  let minX = coords[2 * extra]!;
  let minY = coords[2 * extra + 1]!;
  let maxX = minX;
  let maxY = minY;
  for (let i = first; i < end; i++) {
    const x = coords[2 * i]!;
    const y = coords[2 * i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  boxes[4 * slot] = minX;
  boxes[4 * slot + 1] = minY;
  boxes[4 * slot + 2] = maxX;
  boxes[4 * slot + 3] = maxY;
}

/**
 * Squared gap (coordinate units²) from (x, y) to box `slot` of `boxes`, computed term for term as
 * `distanceToRingBoundaryUm` computes an edge's gap: a lower bound of the squared distance to any
 * edge inside the box.
 */
function boxGapSquared(boxes: Int32Array, slot: number, x: number, y: number): number {
  const o = 4 * slot;
  const gapX = Math.max(boxes[o]! - x, x - boxes[o + 2]!, 0);
  const gapY = Math.max(boxes[o + 1]! - y, y - boxes[o + 3]!, 0);
  return gapX * gapX + gapY * gapY;
}

/** The edge that last lowered the best distance of a search: from vertex `previous` to vertex `vertex`. */
export interface EdgeHit {
  previous: number;
  vertex: number;
}

/**
 * The smaller of `best` and the least `squaredDistanceToSegment` from (x, y) (coordinate units) to
 * an edge of ring `ring`, each edge taken from the previous vertex to the next as
 * `distanceToRingBoundaryUm` takes it; boxes that cannot beat `best` are skipped. Records the edge
 * in `hit` whenever it lowers the best. `coords` must be the array the chunks were built from.
 */
export function nearestRingEdgeSquared(
  chunks: RingSegmentChunks,
  coords: Int32Array,
  ring: number,
  x: number,
  y: number,
  best: number,
  hit: EdgeHit,
): number {
  if (boxGapSquared(chunks.ringBox, ring, x, y) >= best) return best;
  for (let c = chunks.ringChunk[ring]!, stop = chunks.ringChunk[ring + 1]!; c < stop; c++) {
    if (boxGapSquared(chunks.chunkBox, c, x, y) >= best) continue;
    let p = chunks.chunkPrevious[c]!;
    for (let i = chunks.chunkFirst[c]!, end = chunks.chunkEnd[c]!; i < end; i++) {
      const d2 = squaredDistanceToSegment(x, y, coords[2 * p]!, coords[2 * p + 1]!, coords[2 * i]!, coords[2 * i + 1]!);
      if (d2 < best) {
        best = d2;
        hit.previous = p;
        hit.vertex = i;
      }
      p = i;
    }
  }
  return best;
}

/** `squaredDistanceToSegment` from (x, y) (coordinate units) to the edge `hit` of `coords`, as the searches compute it. */
export function edgeHitSquared(coords: Int32Array, hit: EdgeHit, x: number, y: number): number {
  const p = hit.previous;
  const i = hit.vertex;
  return squaredDistanceToSegment(x, y, coords[2 * p]!, coords[2 * p + 1]!, coords[2 * i]!, coords[2 * i + 1]!);
}
