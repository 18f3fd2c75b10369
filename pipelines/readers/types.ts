/**
 * The normalised result of reading one slide's model output, whatever the input format
 * (Cerberus `.dat`, HoVer-Net JSON, QuPath GeoJSON). Columnar typed arrays, never one JS
 * object per nucleus, so a 630 k-nucleus slide stays within a few hundred MB.
 */

/** Object kinds of the data contract. */
export type ObjectKind = 'nuclei' | 'glands' | 'lumina';

/**
 * One kind of object of one slide, columnar. Coordinates are integers in units of
 * `coordUnitUm` µm, slide level-0 frame, origin top-left, x right, y down
 * (Cerberus: 0.5 µm per processing pixel).
 */
export interface ObjectTable {
  readonly kind: ObjectKind;
  /** Number of objects. */
  readonly count: number;
  /** µm per coordinate unit of `ringCoords` (0.5 for Cerberus processing pixels). */
  readonly coordUnitUm: number;
  /** Source identifiers (Cerberus hex keys, HoVer-Net ids, QuPath ids); '' when the source has none. */
  readonly sourceIds: readonly string[];
  /** Centroid x and y, µm, slide frame (as the source computed it, converted to µm). */
  readonly centroidX: Float64Array;
  readonly centroidY: Float64Array;
  /** Class index of the kind's dictionary (nuclei 0–6, glands 0–2, lumina always 1). */
  readonly classId: Int8Array;
  /** Class probability in [0, 1]; NaN where the source has none (lumina). */
  readonly classProb: Float32Array;
  /** Start of object i's ring in vertices: vertices ringOffsets[i] .. ringOffsets[i+1]-1. Length count+1. */
  readonly ringOffsets: Uint32Array;
  /** Ring vertices, interleaved x,y, in `coordUnitUm` units; open ring (first vertex not repeated), ≥ 3 vertices. */
  readonly ringCoords: Int32Array;
}

/** Tissue-type map: class index per cell (0 background, 1–8 tissue classes), row-major. */
export interface TissueMap {
  /** µm per cell side (Cerberus: 2 µm). */
  readonly cellUm: number;
  readonly width: number;
  readonly height: number;
  readonly classes: Uint8Array;
}

/** What a reader found besides the objects: the format variant and any metadata. */
export interface ResultMetadata {
  /** e.g. 'cerberus-dat', 'hovernet-json', 'qupath-geojson'. */
  readonly format: string;
  /** Human-readable variant notes (pickle protocol, joblib padding, metadata form). */
  readonly variant: readonly string[];
  /** Level-0 µm per pixel [x, y] when the file states it. */
  readonly baseMpp?: readonly [number, number];
  /** Processing µm per pixel when the file states it. */
  readonly procMpp?: number;
  /** Level-0 dimensions [width, height] in pixels when the file states it. */
  readonly baseDimensions?: readonly [number, number];
  /** Processing-frame dimensions [width, height] in pixels when the file states it. */
  readonly procDimensions?: readonly [number, number];
}

/** Everything read for one slide. */
export interface SlideResult {
  readonly nuclei: ObjectTable;
  readonly glands: ObjectTable;
  readonly lumina: ObjectTable;
  readonly tissue?: TissueMap;
  readonly metadata: ResultMetadata;
}
