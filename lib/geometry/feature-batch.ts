import { measurePolygon, PolygonScratch } from './polygon-features';

/** The part of an `ObjectTable` the batch needs: rings as vertex ranges of integer coordinates. */
export interface RingTable {
  readonly count: number;
  /** Object i's ring is vertices ringOffsets[i] .. ringOffsets[i+1]-1; length count + 1. */
  readonly ringOffsets: Uint32Array;
  /** Interleaved x,y in units of `coordUnitUm` µm, slide frame, x right, y down. */
  readonly ringCoords: Int32Array;
  /** µm per coordinate unit. */
  readonly coordUnitUm: number;
}

/** Per-object result of `computeFeatures`: 0 measured, 1 fewer than 3 distinct vertices, 2 zero area. */
export const RING_STATUS = { ok: 0, tooFewVertices: 1, zeroArea: 2 } as const;

/** Preallocated output columns of `computeFeatures`, one entry per object (units as in `PolygonFeatures`). */
export interface FeatureColumns {
  /** µm². */
  readonly area: Float32Array;
  /** µm. */
  readonly perimeter: Float32Array;
  /** µm². */
  readonly convexArea: Float32Array;
  readonly solidity: Float32Array;
  /** µm. */
  readonly equivalentDiameter: Float32Array;
  /** µm. */
  readonly majorAxisLength: Float32Array;
  /** µm. */
  readonly minorAxisLength: Float32Array;
  readonly eccentricity: Float32Array;
  /** Radians from +y (down) towards +x, [-π/2, π/2], as skimage `regionprops`. */
  readonly orientation: Float32Array;
  readonly circularity: Float32Array;
  readonly extent: Float32Array;
  /** Exact polygon centroid, µm, slide frame. */
  readonly centroidX: Float64Array;
  readonly centroidY: Float64Array;
  /** `RING_STATUS` code; where non-zero, perimeter is measured, area and convex area are 0 and the rest NaN. */
  readonly status: Uint8Array;
  /** Bounding box of each ring's vertices, µm, slide frame; filled when allocated (also for degenerate rings). */
  readonly bounds?: FeatureBounds;
}

/** Per-object vertex bounding boxes, µm, slide frame. */
export interface FeatureBounds {
  readonly minX: Float64Array;
  readonly minY: Float64Array;
  readonly maxX: Float64Array;
  readonly maxY: Float64Array;
}

/** Allocates `FeatureColumns` for `count` objects, with bounding boxes when `options.bounds` is set. */
export function allocateFeatureColumns(count: number, options: { readonly bounds?: boolean } = {}): FeatureColumns {
  const f32 = (): Float32Array => new Float32Array(count);
  const f64 = (): Float64Array => new Float64Array(count);
  return {
    ...(options.bounds ? { bounds: { minX: f64(), minY: f64(), maxX: f64(), maxY: f64() } } : {}),
    area: f32(),
    perimeter: f32(),
    convexArea: f32(),
    solidity: f32(),
    equivalentDiameter: f32(),
    majorAxisLength: f32(),
    minorAxisLength: f32(),
    eccentricity: f32(),
    orientation: f32(),
    circularity: f32(),
    extent: f32(),
    centroidX: new Float64Array(count),
    centroidY: new Float64Array(count),
    status: new Uint8Array(count),
  };
}

/**
 * Measures every ring of `table` into the preallocated columns `out` (µm, slide frame) without
 * per-object allocation, and returns the number of degenerate rings (flagged in `out.status`).
 */
export function computeFeatures(table: RingTable, out: FeatureColumns, scratch = new PolygonScratch()): number {
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
    const reason = measurePolygon(ringCoords, ringOffsets[i]!, ringOffsets[i + 1]!, coordUnitUm, scratch);
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
