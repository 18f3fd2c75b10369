/**
 * Compares `computePolygonFeatures` with the shapely / skimage reference written by
 * test/fixtures/geometry/make_reference.py and summarises the errors (max and percentiles).
 */
import { computePolygonFeatures } from '@/lib/geometry/polygon-features';

interface RasterProps {
  readonly eccentricity: number;
  /** As this skimage (0.19) reports it. */
  readonly orientation: number;
  /** As skimage ≥ 0.21 defines it (the two differ only for a == c, where 0.19 has the signs swapped). */
  readonly orientationUpstream: number;
  readonly pixels: number;
}

/** One reference shape: an integer ring and what shapely and skimage measured on it (µm). */
export interface ReferenceShape {
  readonly kind: 'nucleus' | 'spindle' | 'gland';
  readonly ring: readonly number[];
  readonly areaUm2: number;
  readonly perimeterUm: number;
  readonly convexAreaUm2: number;
  readonly raster: RasterProps;
  readonly supersampled: RasterProps & { readonly factor: number };
}

/** The JSON document make_reference.py writes. */
export interface ReferenceSet {
  readonly unitUm: number;
  readonly seed: number;
  readonly dropped: number;
  readonly shapes: readonly ReferenceShape[];
}

/** Max and percentiles of one error measure over the shapes it applies to. */
export interface ErrorSummary {
  readonly count: number;
  readonly max: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** Error summaries per measure: relative (area, perimeter), absolute (solidity, eccentricity), radians (orientation). */
export type Agreement = Record<
  | 'areaRel'
  | 'perimeterRel'
  | 'convexAreaRel'
  | 'solidityAbs'
  | 'eccentricitySupersampledAbs'
  | 'eccentricityRasterAbs'
  | 'orientationSupersampledRad'
  | 'orientationRasterRad',
  ErrorSummary
>;

function summarise(values: number[]): ErrorSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count: sorted.length, max: sorted[sorted.length - 1] ?? NaN, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** Orientation difference modulo π (the major axis is a line, not a direction), radians in [0, π/2]. */
export function angleDifference(a: number, b: number): number {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
}

/** Orientation is only compared where the shape is elongated enough for it to be defined. */
export const ORIENTATION_MIN_ECCENTRICITY = 0.5;

/** Measures every reference ring with our code and summarises the disagreement. */
export function compareWithReference(reference: ReferenceSet): Agreement {
  const errors: Record<keyof Agreement, number[]> = {
    areaRel: [],
    perimeterRel: [],
    convexAreaRel: [],
    solidityAbs: [],
    eccentricitySupersampledAbs: [],
    eccentricityRasterAbs: [],
    orientationSupersampledRad: [],
    orientationRasterRad: [],
  };
  for (const shape of reference.shapes) {
    const coords = Int32Array.from(shape.ring);
    const result = computePolygonFeatures(coords, 0, coords.length / 2, reference.unitUm);
    if (result.kind !== 'polygon') throw new Error(`reference ring is degenerate for us: ${result.reason}`);
    const f = result.features;
    errors.areaRel.push(Math.abs(f.areaUm2 - shape.areaUm2) / shape.areaUm2);
    errors.perimeterRel.push(Math.abs(f.perimeterUm - shape.perimeterUm) / shape.perimeterUm);
    errors.convexAreaRel.push(Math.abs(f.convexAreaUm2 - shape.convexAreaUm2) / shape.convexAreaUm2);
    errors.solidityAbs.push(Math.abs(f.solidity - shape.areaUm2 / shape.convexAreaUm2));
    errors.eccentricitySupersampledAbs.push(Math.abs(f.eccentricity - shape.supersampled.eccentricity));
    errors.eccentricityRasterAbs.push(Math.abs(f.eccentricity - shape.raster.eccentricity));
    if (f.eccentricity >= ORIENTATION_MIN_ECCENTRICITY) {
      errors.orientationSupersampledRad.push(angleDifference(f.orientation, shape.supersampled.orientationUpstream));
      errors.orientationRasterRad.push(angleDifference(f.orientation, shape.raster.orientationUpstream));
    }
  }
  const entries = Object.entries(errors).map(([key, values]) => [key, summarise(values)] as const);
  return Object.fromEntries(entries) as Agreement;
}
