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
import type { DroppedCounts, PreparedObjects } from './prepared-objects';

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

/** Indices of `keep` objects sorted by (Morton key, original index): deterministic. */
function storageOrder(table: ObjectTable, keep: Uint32Array): Uint32Array {
  if (table.count >= INDEX_FACTOR)
    throw new Error(`${table.kind}: ${table.count} objects exceed the per-slide limit of ${INDEX_FACTOR}`);
  const packed = new Float64Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k]!;
    packed[k] = mortonKey(table.centroidX[i]!, table.centroidY[i]!) * INDEX_FACTOR + i;
  }
  packed.sort();
  const order = new Uint32Array(keep.length);
  for (let k = 0; k < keep.length; k++) order[k] = packed[k]! % INDEX_FACTOR;
  return order;
}

function gather<T extends Float32Array | Float64Array | Int8Array | Uint8Array>(source: T, order: Uint32Array): T {
  const out = new (source.constructor as new (n: number) => T)(order.length);
  for (let k = 0; k < order.length; k++) out[k] = source[order[k]!]!;
  return out;
}

function gatherFeatures(all: FeatureColumns, order: Uint32Array): FeatureColumns {
  const out = {} as Record<string, Float32Array | Float64Array | Uint8Array>;
  for (const [name, column] of Object.entries(all)) out[name] = gather(column as Float32Array, order);
  return out as unknown as FeatureColumns;
}

/** Measures, cleans and orders one kind; returns the prepared objects and what was dropped. */
export function prepareObjects(table: ObjectTable): { objects: PreparedObjects; dropped: DroppedCounts } {
  const measured = allocateFeatureColumns(table.count);
  computeFeatures(table, measured);
  const keep: number[] = [];
  const dropped: DroppedCounts = { degenerate: 0, selfIntersecting: 0 };
  for (let i = 0; i < table.count; i++) {
    if (measured.status[i] !== RING_STATUS.ok) dropped.degenerate++;
    else if (hasProperCrossing(table.ringCoords, table.ringOffsets[i]!, table.ringOffsets[i + 1]!))
      dropped.selfIntersecting++;
    else keep.push(i);
  }
  const order = storageOrder(table, Uint32Array.from(keep));
  const n = order.length;
  const ringStart = new Uint32Array(n);
  const ringEnd = new Uint32Array(n);
  const minX = new Float64Array(n), minY = new Float64Array(n), maxX = new Float64Array(n), maxY = new Float64Array(n); // prettier-ignore
  const unit = table.coordUnitUm;
  const coords = table.ringCoords;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const first = table.ringOffsets[i]!;
    const end = table.ringOffsets[i + 1]!;
    ringStart[k] = first;
    ringEnd[k] = end;
    let x0 = coords[2 * first]!, y0 = coords[2 * first + 1]!; // prettier-ignore
    let x1 = x0, y1 = y0; // prettier-ignore
    for (let o = 2 * first + 2, stop = 2 * end; o < stop; o += 2) {
      const x = coords[o]!, y = coords[o + 1]!; // prettier-ignore
      if (x < x0) x0 = x;
      else if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      else if (y > y1) y1 = y;
    }
    minX[k] = x0 * unit;
    minY[k] = y0 * unit;
    maxX[k] = x1 * unit;
    maxY[k] = y1 * unit; // prettier-ignore
  }
  const objects: PreparedObjects = {
    kind: table.kind,
    count: n,
    coordUnitUm: unit,
    sourceIds: Array.from(order, (i) => table.sourceIds[i] ?? ''),
    x: gather(table.centroidX, order),
    y: gather(table.centroidY, order),
    classId: gather(table.classId, order),
    classProb: gather(table.classProb, order),
    ringStart,
    ringEnd,
    ringCoords: coords,
    minX,
    minY,
    maxX,
    maxY, // prettier-ignore
    features: gatherFeatures(measured, order),
  };
  return { objects, dropped };
}
