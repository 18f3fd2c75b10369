/**
 * Measures the objects of one kind (exact polygon morphology), drops degenerate and
 * self-crossing contours (figure-eights; pinches are kept) with a count, and reorders the rest by the Morton key of the
 * centroid so Parquet row groups are spatially compact. Rings are referenced, not copied.
 */
import {
  allocateFeatureColumns,
  computeFeatures,
  RING_STATUS,
  type FeatureColumns,
} from '../../lib/geometry/feature-batch';
import { hasProperCrossing } from '../../lib/geometry/proper-crossing';
import type { ObjectTable } from '../readers/types';
import type { DroppedCounts, PreparedFeatures, PreparedObjects } from './prepared-objects';
import { sortByKey } from './radix-sort';

/** Morton cell size (µm) of the storage order. */
const MORTON_CELL_UM = 8;
const MORTON_BITS = 15;
const INDEX_FACTOR = 2 ** 23;

function spreadBits(value: number): number {
  let v = value & 0x7fff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v >>> 0;
}

/** Morton key (30 bits) of a centroid in µm. */
export function mortonKey(xUm: number, yUm: number): number {
  const limit = 2 ** MORTON_BITS - 1;
  const qx = Math.min(limit, Math.max(0, Math.floor(xUm / MORTON_CELL_UM)));
  const qy = Math.min(limit, Math.max(0, Math.floor(yUm / MORTON_CELL_UM)));
  return (spreadBits(qx) | (spreadBits(qy) << 1)) >>> 0;
}

/**
 * Indices of `keep` objects sorted by (Morton key, original index): deterministic. `keep` is
 * ascending, so a stable radix sort on the 30-bit key gives that order.
 */
function storageOrder(table: ObjectTable, keep: Uint32Array): Uint32Array {
  if (table.count >= INDEX_FACTOR)
    throw new Error(`${table.kind}: ${table.count} objects exceed the per-slide limit of ${INDEX_FACTOR}`);
  const n = keep.length;
  const keys = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = keep[k]!;
    keys[k] = mortonKey(table.centroidX[i]!, table.centroidY[i]!);
  }
  const sorted = sortByKey(keys, n);
  const order = new Uint32Array(n);
  for (let m = 0; m < n; m++) order[m] = keep[sorted[m]!]!;
  return order;
}

// One gather per element type keeps each loop monomorphic (a shared generic loop is ~10× slower).
function gatherF32(source: Float32Array, order: Uint32Array): Float32Array {
  const out = new Float32Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
  return out;
}

function gatherF64(source: Float64Array, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
  return out;
}

function gatherI8(source: Int8Array, order: Uint32Array): Int8Array {
  const out = new Int8Array(order.length);
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
  return out;
}

function gatherFeatures(all: FeatureColumns, order: Uint32Array): PreparedFeatures {
  return {
    area: gatherF32(all.area, order),
    perimeter: gatherF32(all.perimeter, order),
    convexArea: gatherF32(all.convexArea, order),
    solidity: gatherF32(all.solidity, order),
    equivalentDiameter: gatherF32(all.equivalentDiameter, order),
    majorAxisLength: gatherF32(all.majorAxisLength, order),
    minorAxisLength: gatherF32(all.minorAxisLength, order),
    eccentricity: gatherF32(all.eccentricity, order),
    orientation: gatherF32(all.orientation, order),
    circularity: gatherF32(all.circularity, order),
    extent: gatherF32(all.extent, order),
  };
}

/** Measures, cleans and orders one kind; returns the prepared objects and what was dropped. */
export function prepareObjects(table: ObjectTable): { objects: PreparedObjects; dropped: DroppedCounts } {
  const measured = allocateFeatureColumns(table.count, { bounds: true });
  computeFeatures(table, measured);
  const keep = new Uint32Array(table.count);
  let kept = 0;
  const dropped: DroppedCounts = { degenerate: 0, selfIntersecting: 0 };
  for (let i = 0; i < table.count; i++) {
    if (measured.status[i] !== RING_STATUS.ok) dropped.degenerate++;
    else if (hasProperCrossing(table.ringCoords, table.ringOffsets[i]!, table.ringOffsets[i + 1]!))
      dropped.selfIntersecting++;
    else keep[kept++] = i;
  }
  const order = storageOrder(table, keep.subarray(0, kept));
  const n = order.length;
  const ringStart = new Uint32Array(n);
  const ringEnd = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    ringStart[k] = table.ringOffsets[i]!;
    ringEnd[k] = table.ringOffsets[i + 1]!;
  }
  const bounds = measured.bounds!;
  const sourceIds = table.sourceIds;
  let orderedIds: readonly string[] | undefined;
  // Only glands and lumina store their bounding boxes (and glands index them); built on first use.
  const orderedBounds: Partial<Record<'minX' | 'minY' | 'maxX' | 'maxY', Float64Array>> = {};
  const objects: PreparedObjects = {
    kind: table.kind,
    count: n,
    coordUnitUm: table.coordUnitUm,
    // Only glands and lumina store their source ids; built on first use.
    get sourceIds(): readonly string[] {
      if (sourceIds.length !== table.count)
        throw new Error(`${table.kind}: source ids are not kept for this kind (dropped after reading)`);
      orderedIds ??= Array.from(order, (i) => sourceIds[i] ?? '');
      return orderedIds;
    },
    x: gatherF64(table.centroidX, order),
    y: gatherF64(table.centroidY, order),
    classId: gatherI8(table.classId, order),
    classProb: gatherF32(table.classProb, order),
    ringStart,
    ringEnd,
    ringCoords: table.ringCoords,
    get minX(): Float64Array {
      return (orderedBounds.minX ??= gatherF64(bounds.minX, order));
    },
    get minY(): Float64Array {
      return (orderedBounds.minY ??= gatherF64(bounds.minY, order));
    },
    get maxX(): Float64Array {
      return (orderedBounds.maxX ??= gatherF64(bounds.maxX, order));
    },
    get maxY(): Float64Array {
      return (orderedBounds.maxY ??= gatherF64(bounds.maxY, order));
    },
    features: gatherFeatures(measured, order),
  };
  return { objects, dropped };
}
