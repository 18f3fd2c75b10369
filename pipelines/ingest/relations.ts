/**
 * Spatial relations of one slide (µm, slide frame): the gland containing each nucleus and
 * lumen, distance from epithelial
 * nuclei to their gland's nearest lumen boundary, and the tissue class under each centroid.
 */
import { isPointInRing } from '../../lib/geometry/point-in-polygon';
import { distanceToRingBoundaryUm } from '../../lib/geometry/segment-distance';
import { tissueClassOfCell, type TissueRuns } from '../readers/tissue-map-runs';
import { buildGridIndex, type GridIndex } from './grid-index';
import type { PreparedObjects } from './prepared-objects';

/** Index of the gland whose contour contains each point (-1 for none); glands are indexed by bbox. */
export function containingGland(
  glands: PreparedObjects,
  index: GridIndex,
  count: number,
  x: Float64Array,
  y: Float64Array,
): Int32Array {
  const out = new Int32Array(count).fill(-1);
  if (glands.count === 0) return out;
  for (let i = 0; i < count; i++) {
    const px = x[i]!, py = y[i]!; // prettier-ignore
    if (px < index.minX || py < index.minY) continue;
    const c = Math.floor((px - index.minX) / index.cellUm), r = Math.floor((py - index.minY) / index.cellUm); // prettier-ignore
    if (c >= index.cols || r >= index.rows) continue;
    const cell = r * index.cols + c;
    for (let k = index.cellStart[cell]!; k < index.cellStart[cell + 1]!; k++) {
      const g = index.items[k]!;
      if (px < glands.minX[g]! || px > glands.maxX[g]! || py < glands.minY[g]! || py > glands.maxY[g]!) continue;
      if (isPointInRing(glands.ringCoords, glands.ringStart[g]!, glands.ringEnd[g]!, glands.coordUnitUm, px, py)) {
        out[i] = g;
        break;
      }
    }
  }
  return out;
}

/** Builds the bbox index of glands used by `containingGland`. */
export function indexGlands(glands: PreparedObjects): GridIndex {
  return buildGridIndex(glands.count, glands.minX, glands.minY, glands.maxX, glands.maxY, 128);
}

/** Distance (µm) from each point in a gland to the nearest boundary of a lumen of that gland; NaN otherwise. */
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
  const start = new Uint32Array(glandCount + 1);
  for (let l = 0; l < lumina.count; l++) if (lumenGland[l]! >= 0) start[lumenGland[l]! + 1]!++;
  for (let g = 0; g < glandCount; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, glandCount);
  const members = new Uint32Array(start[glandCount]!);
  for (let l = 0; l < lumina.count; l++) if (lumenGland[l]! >= 0) members[fill[lumenGland[l]!]!++] = l;
  for (let i = 0; i < count; i++) {
    const g = gland[i]!;
    if (g < 0 || !wanted(i) || start[g] === start[g + 1]) continue;
    let best = Infinity;
    for (let k = start[g]!; k < start[g + 1]!; k++) {
      const l = members[k]!;
      best = Math.min(
        best,
        distanceToRingBoundaryUm(
          lumina.ringCoords,
          lumina.ringStart[l]!,
          lumina.ringEnd[l]!,
          lumina.coordUnitUm,
          x[i]!,
          y[i]!,
        ),
      );
    }
    out[i] = best;
  }
  return out;
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
