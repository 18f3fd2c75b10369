/**
 * Cross-filtered histograms computed in memory over one slide's columns (the Falcon/Mosaic idea):
 * every histogram obeys every filter except its own feature's range. Same semantics as the SQL
 * of lib/filters (inclusive bounds, null never passes a range). Features are binned once per
 * slide into Uint8 bin indices, so an update is integer work over typed arrays.
 */
import type { ObjectFilter } from '../filters';

/** One slide's objects of one kind as columns (NaN = null for features). */
export interface ColumnStore {
  readonly count: number;
  /** Centroids, µm, slide level-0 frame, origin top-left. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Cells of BASE_CELL_UM holding each centroid: floor(x / BASE_CELL_UM), floor(y / BASE_CELL_UM). */
  readonly cellX: Int16Array;
  readonly cellY: Int16Array;
  readonly classId: Int8Array;
  /** 1 + the largest class id present. */
  readonly classCount: number;
  readonly tissueClass: Int8Array;
  /** 1 when inside a gland; all 0 for glands. */
  readonly inGland: Uint8Array;
  readonly features: Readonly<Record<string, Float32Array | Float64Array>>;
}

/** A histogram to fill: `bins` equal bins over [lo, hi], values outside clamped into the end bins. */
export interface BinSpec {
  readonly feature: string;
  readonly lo: number;
  readonly hi: number;
  readonly bins: number;
}

/** Counts: all objects, those passing the whole filter, and one cross-filtered histogram per spec. */
export interface CrossFilterResult {
  readonly total: number;
  readonly filtered: number;
  readonly counts: readonly number[][];
}

/** Side of the cells of ColumnStore.cellX/cellY, µm: the finest grid level, so coarser levels are shifts. */
export const BASE_CELL_UM = 16;

/** floor(value / BASE_CELL_UM) of every value (µm, |value| < 524 mm so it fits Int16). */
export function toBaseCells(values: Float32Array): Int16Array {
  const out = new Int16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.floor(values[i]! / BASE_CELL_UM);
  return out;
}

/** Most range features a filter may have (one mask bit each). */
export const MAX_RANGE_FEATURES = 29;
/** Mask bit of a row failing a class, tissue or gland filter (masks stay below 2^30, V8's small-integer range). */
export const EXCLUDED_BIT = 1 << 29;
/** Bin index of a missing value in `toBinIndices`. */
export const NO_BIN = 255;
/** Most bins `toBinIndices` supports (indices are Uint8, NO_BIN reserved). */
export const MAX_BINS = 254;

function membership(values: readonly number[] | undefined, size: number): Uint8Array | null {
  if (values === undefined) return null;
  const allowed = new Uint8Array(size);
  for (const v of values) if (v >= 0 && v < size) allowed[v] = 1;
  return allowed;
}

/** The filter's ranges merged per feature (bounds of one feature intersect), in first-seen order. */
export function rangesByFeature(filter: ObjectFilter): { feature: string; lo: number; hi: number }[] {
  const merged = new Map<string, { feature: string; lo: number; hi: number }>();
  for (const range of filter.ranges ?? []) {
    const entry = merged.get(range.feature) ?? { feature: range.feature, lo: -Infinity, hi: Infinity };
    entry.lo = Math.max(entry.lo, range.min ?? -Infinity);
    entry.hi = Math.min(entry.hi, range.max ?? Infinity);
    merged.set(range.feature, entry);
  }
  return [...merged.values()];
}

/**
 * Per row, a bit mask of the filter parts it fails: bit r for feature r of
 * `rangesByFeature(filter)`, EXCLUDED_BIT for the categorical parts; 0 = passes everything.
 * Branch-free passes over flat typed arrays (a data-dependent branch per row costs ~10× more).
 */
export function rowMasks(store: ColumnStore, filter: ObjectFilter): Uint32Array {
  const n = store.count;
  const masks = new Uint32Array(n);
  const classes = membership(filter.classes, 128);
  const tissues = membership(filter.tissue, 128);
  if (classes || tissues || filter.inGland !== undefined) {
    // One lookup per row over the combined code class | tissue << 7 | inGland << 14.
    const table = new Uint32Array(1 << 15).fill(EXCLUDED_BIT);
    for (let g = 0; g < 2; g++) {
      if (filter.inGland !== undefined && g !== (filter.inGland ? 1 : 0)) continue;
      for (let t = 0; t < 128; t++) {
        if (tissues !== null && tissues[t] !== 1) continue;
        for (let c = 0; c < 128; c++) if (classes === null || classes[c] === 1) table[c | (t << 7) | (g << 14)] = 0;
      }
    }
    const { classId, tissueClass, inGland } = store;
    for (let i = 0; i < n; i++)
      masks[i] = table[(classId[i]! & 127) | ((tissueClass[i]! & 127) << 7) | ((inGland[i]! & 1) << 14)]!;
  }
  const ranges = rangesByFeature(filter);
  if (ranges.length > MAX_RANGE_FEATURES) throw new Error(`at most ${MAX_RANGE_FEATURES} range features`);
  ranges.forEach(({ feature, lo, hi }, r) => {
    const values = featureColumn(store, feature);
    // NaN fails both comparisons, like SQL NULL.
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      masks[i]! |= ((+(v >= lo) & +(v <= hi)) ^ 1) << r;
    }
  });
  return masks;
}

/** The bin index of every row of `values` for `spec` (clamped into [0, bins − 1]), NO_BIN for NaN. */
export function toBinIndices(values: Float32Array | Float64Array, spec: BinSpec): Uint8Array {
  if (!(spec.bins >= 1 && spec.bins <= MAX_BINS)) throw new Error(`bins must be 1–${MAX_BINS}`);
  const out = new Uint8Array(values.length);
  const { lo, bins } = spec;
  const width = spec.hi > lo ? (spec.hi - lo) / bins : 1;
  const last = bins - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isNaN(v) ? NO_BIN : Math.min(Math.max(Math.floor((v - lo) / width), 0), last);
  }
  return out;
}

/** 1 when `x` is 0, else 0, without a branch (x a 30-bit mask). */
export const isZero = (x: number): number => ((x | -x) >>> 31) ^ 1;

/** Counts, per bin, rows whose mask has no bit outside `ignored` (NO_BIN dropped). */
function countBins(masks: Uint32Array, bins: Uint8Array, ignored: number, size: number): number[] {
  const counts = new Int32Array(256);
  const keep = ~ignored;
  for (let i = 0; i < bins.length; i++) counts[bins[i]!]! += isZero(masks[i]! & keep);
  return Array.from(counts.subarray(0, size));
}

/**
 * Computes the counts and cross-filtered histograms of `specs` for `filter` over `store`;
 * `binned(spec)` gives the spec's bin indices (toBinIndices, usually cached per slide).
 */
export function crossFilterHistograms(
  store: ColumnStore,
  filter: ObjectFilter,
  specs: readonly BinSpec[],
  binned: (spec: BinSpec) => Uint8Array = (spec) => toBinIndices(featureColumn(store, spec.feature), spec),
): CrossFilterResult {
  const masks = rowMasks(store, filter);
  let filtered = 0;
  for (let i = 0; i < masks.length; i++) filtered += isZero(masks[i]!);
  const ranges = rangesByFeature(filter);
  const counts = specs.map((spec) => {
    // A row failing only this feature's own range still counts in its histogram.
    const own = ranges.findIndex((r) => r.feature === spec.feature);
    return countBins(masks, binned(spec), own < 0 ? 0 : 1 << own, spec.bins);
  });
  return { total: store.count, filtered, counts };
}

/** The column of `feature`; throws when the store lacks it. */
export function featureColumn(store: ColumnStore, feature: string): Float32Array | Float64Array {
  const values = store.features[feature];
  if (!values) throw new Error(`no column ${feature} in the column store`);
  return values;
}
