/**
 * Spatial relations of one slide (µm, slide frame): the gland containing each nucleus and
 * lumen, distance from epithelial
 * nuclei to their gland's nearest lumen boundary, and the tissue class under each centroid.
 */
import {
  buildRingSegmentChunks,
  edgeHitSquared,
  nearestRingEdgeSquared,
  type EdgeHit,
} from '../../lib/geometry/ring-segment-chunks';
import { buildRingSlabs, isPointInSlabRing, type RingSlabs } from '../../lib/geometry/ring-slabs';
import { tissueClassOfCell, type TissueRuns } from '../readers/tissue-map-runs';
import { buildGridIndex, type GridIndex } from './grid-index';
import type { PreparedObjects } from './prepared-objects';

/** Glands bucketed by bounding box (µm), plus the slabs of their contours for exact containment tests. */
export interface GlandIndex extends GridIndex {
  readonly slabs: RingSlabs;
}

/**
 * Index of the first gland (in gland order) whose contour contains each point (µm), -1 for none:
 * `isPointInRing`'s answer, found through the bbox grid and the contour slabs of `index`.
 */
export function containingGland(
  glands: PreparedObjects,
  index: GlandIndex,
  count: number,
  x: Float64Array,
  y: Float64Array,
): Int32Array {
  const out = new Int32Array(count).fill(-1);
  if (glands.count === 0) return out;
  // Fields read once into locals: V8 does not hoist them out of the loop by itself.
  const { minX, minY, cellUm, cols, rows, cellStart, items, slabs } = index;
  const { minX: glandMinX, minY: glandMinY, maxX: glandMaxX, maxY: glandMaxY, coordUnitUm } = glands;
  for (let i = 0; i < count; i++) {
    const px = x[i]!, py = y[i]!; // prettier-ignore
    if (px < minX || py < minY) continue;
    const c = Math.floor((px - minX) / cellUm), r = Math.floor((py - minY) / cellUm); // prettier-ignore
    if (c >= cols || r >= rows) continue;
    const cell = r * cols + c;
    for (let k = cellStart[cell]!, stop = cellStart[cell + 1]!; k < stop; k++) {
      const g = items[k]!;
      if (px < glandMinX[g]! || px > glandMaxX[g]! || py < glandMinY[g]! || py > glandMaxY[g]!) continue;
      if (isPointInSlabRing(slabs, g, coordUnitUm, px, py)) {
        out[i] = g;
        break;
      }
    }
  }
  return out;
}

/** Builds the index of glands used by `containingGland`: 128 µm bbox grid and contour slabs. */
export function indexGlands(glands: PreparedObjects): GlandIndex {
  return {
    ...buildGridIndex(glands.count, glands.minX, glands.minY, glands.maxX, glands.maxY, 128),
    slabs: buildRingSlabs(glands.ringCoords, glands.ringStart, glands.ringEnd, glands.count),
  };
}

/**
 * Distance (µm) from each wanted point in a gland to the nearest boundary of a lumen of that gland;
 * NaN otherwise. Bit-identical to the least `distanceToRingBoundaryUm` over the gland's lumina: that
 * is √(least squared edge distance over all their edges) · unit, since √ and · unit are monotone.
 */
export function lumenDistances(
  count: number,
  x: Float64Array,
  y: Float64Array,
  gland: Int32Array,
  wanted: (i: number) => boolean,
  lumina: PreparedObjects,
  lumenGland: Int32Array,
  glandCount: number,
): Float32Array {
  const out = new Float32Array(count).fill(NaN);
  const { start, members } = luminaByGland(lumina.count, lumenGland, glandCount);
  const coords = lumina.ringCoords;
  const chunks = buildRingSegmentChunks(coords, lumina.ringStart, lumina.ringEnd, lumina.count);
  const unit = lumina.coordUnitUm;
  // Points come in Morton order, so the previous point's nearest edge, when it belongs to the same
  // gland, is a tight first bound that lets the box tests skip almost everything else. Starting
  // from one of the minimum's own terms leaves the minimum unchanged.
  const hit: EdgeHit = { previous: 0, vertex: 0 };
  let hitGland = -1;
  for (let i = 0; i < count; i++) {
    const g = gland[i]!;
    if (g < 0 || !wanted(i) || start[g] === start[g + 1]) continue;
    const px = x[i]! / unit, py = y[i]! / unit; // prettier-ignore
    let best = Infinity;
    if (g === hitGland) {
      const seed = edgeHitSquared(coords, hit, px, py);
      if (seed < best) best = seed;
    }
    for (let k = start[g]!; k < start[g + 1]!; k++) {
      best = nearestRingEdgeSquared(chunks, coords, members[k]!, px, py, best, hit);
    }
    hitGland = best < Infinity ? g : -1;
    out[i] = Math.sqrt(best) * unit;
  }
  return out;
}

/** The lumina of gland g are members[start[g] .. start[g+1]-1], in lumen order (CSR). */
function luminaByGland(
  luminaCount: number,
  lumenGland: Int32Array,
  glandCount: number,
): { start: Uint32Array; members: Uint32Array } {
  const start = new Uint32Array(glandCount + 1);
  for (let l = 0; l < luminaCount; l++) if (lumenGland[l]! >= 0) start[lumenGland[l]! + 1]!++;
  for (let g = 0; g < glandCount; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, glandCount);
  const members = new Uint32Array(start[glandCount]!);
  for (let l = 0; l < luminaCount; l++) if (lumenGland[l]! >= 0) members[fill[lumenGland[l]!]!++] = l;
  return { start, members };
}

/** Tissue class (0–8) of the map cell under each point (µm); 0 outside the map or without one. */
export function tissueClassAt(
  tissue: TissueRuns | undefined,
  count: number,
  x: Float64Array,
  y: Float64Array,
): Int8Array {
  const out = new Int8Array(count);
  if (!tissue) return out;
  for (let i = 0; i < count; i++)
    out[i] = tissueClassOfCell(tissue, Math.floor(y[i]! / tissue.cellUm), Math.floor(x[i]! / tissue.cellUm));
  return out;
}
