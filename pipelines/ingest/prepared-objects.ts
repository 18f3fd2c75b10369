/**
 * One object kind of one slide after cleaning and measurement, in storage order (Morton order of
 * the centroid): the arrays every later stage (relations, summaries, Parquet) reads.
 */
import type { FeatureColumns } from '../../lib/geometry/feature-batch';
import type { ObjectKind } from '../readers/types';

/** The per-object features kept after preparation (units as in `FeatureColumns`). */
export type PreparedFeatures = Omit<FeatureColumns, 'centroidX' | 'centroidY' | 'status' | 'bounds'>;

/** Measured objects of one kind, index i = object_id i. Coordinates µm, slide frame. */
export interface PreparedObjects {
  readonly kind: ObjectKind;
  readonly count: number;
  readonly coordUnitUm: number;
  readonly sourceIds: readonly string[];
  /** Centroid as the source computed it, µm. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly classId: Int8Array;
  readonly classProb: Float32Array;
  /** Object i's ring is vertices ringStart[i] .. ringEnd[i]-1 of `ringCoords` (the reader's array, not copied). */
  readonly ringStart: Uint32Array;
  readonly ringEnd: Uint32Array;
  /** Interleaved x,y vertices in `coordUnitUm` units, slide frame. */
  readonly ringCoords: Int32Array;
  /** Contour bounding box, µm. */
  readonly minX: Float64Array;
  readonly minY: Float64Array;
  readonly maxX: Float64Array;
  readonly maxY: Float64Array;
  readonly features: PreparedFeatures;
}

/** Objects removed while preparing a kind, by reason (reported, never silent). */
export interface DroppedCounts {
  degenerate: number;
  selfIntersecting: number;
}
