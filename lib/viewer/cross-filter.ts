/**
 * Cross-filtered histograms computed in memory over one slide's columns (the Falcon/Mosaic idea):
 * every histogram obeys every filter except its own feature's range. Same semantics as the SQL
 * of lib/filters (inclusive bounds, null never passes a range). Features are binned once per
 * slide into Uint8 bin indices, so an update is integer work over typed arrays.
 */
import type { ObjectFilter } from '../filters';

/**
 * One slide's objects of one kind as columns (NaN = null for features), rows ordered by 16 µm cell
 * row (lib/viewer/row-bands.ts) so viewport passes read contiguous bands.
 */
export interface ColumnStore {
  readonly count: number;
  /** The row's index in the slide's Parquet file (slide order). */
  readonly fileRow: Uint32Array;
  /** Rows of cell row firstCellRow + j are [rowStart[j], rowStart[j + 1]) (row-bands.ts CellRowOrder). */
  readonly firstCellRow: number;
  readonly rowStart: Int32Array;
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

/** Most range features a filter may have (codes 1…MAX_RANGE_FEATURES name the one a row fails alone). */
export const MAX_RANGE_FEATURES = 254;
/** FilterCodes value of a row failing a class, tissue or gland part, or two ranges or more. */
export const FAILS_MORE = 255;
/** Bin index of a missing value in `toBinIndices`. */
export const NO_BIN = 255;
/** Most bins `toBinIndices` supports (indices are Uint8, NO_BIN reserved). */
export const MAX_BINS = 254;

/**
 * Per row, which filter parts it fails, as one byte: 0 = passes everything; k in
 * 1…MAX_RANGE_FEATURES = fails only the range of feature k − 1 of `rangesByFeature(filter)`;
 * FAILS_MORE = fails a class, tissue or gland part, or two ranges or more.
 */
export type FilterCodes = Uint8Array;

function membership(values: readonly number[] | undefined, size: number): Uint8Array | null {
  if (values === undefined) return null;
  const allowed = new Uint8Array(size);
  for (const v of values) if (v >= 0 && v < size) allowed[v] = 1;
  return allowed;
}

/**
 * The filter's ranges merged per feature (bounds of one feature intersect), in first-seen order.
 * A range with neither bound constrains nothing (its SQL has no predicate, so NULLs pass) and is left out.
 */
export function rangesByFeature(filter: ObjectFilter): { feature: string; lo: number; hi: number }[] {
  const merged = new Map<string, { feature: string; lo: number; hi: number }>();
  for (const range of filter.ranges ?? []) {
    if (range.min === undefined && range.max === undefined) continue;
    const entry = merged.get(range.feature) ?? { feature: range.feature, lo: -Infinity, hi: Infinity };
    entry.lo = Math.max(entry.lo, range.min ?? -Infinity);
    entry.hi = Math.min(entry.hi, range.max ?? Infinity);
    merged.set(range.feature, entry);
  }
  return [...merged.values()];
}

/** Writes FAILS_MORE into `codes` for every row the class, tissue and gland parts refuse (one lookup per row). */
function applyCategorical(store: ColumnStore, filter: ObjectFilter, codes: FilterCodes): void {
  const classes = membership(filter.classes, 128);
  const tissues = membership(filter.tissue, 128);
  if (!classes && !tissues && filter.inGland === undefined) return;
  // Indexed by the combined code class | tissue << 7 | inGland << 14.
  const table = new Uint8Array(1 << 15).fill(FAILS_MORE);
  for (let g = 0; g < 2; g++) {
    if (filter.inGland !== undefined && g !== (filter.inGland ? 1 : 0)) continue;
    for (let t = 0; t < 128; t++) {
      if (tissues !== null && tissues[t] !== 1) continue;
      for (let c = 0; c < 128; c++) if (classes === null || classes[c] === 1) table[c | (t << 7) | (g << 14)] = 0;
    }
  }
  const { classId, tissueClass, inGland } = store;
  for (let i = 0; i < codes.length; i++)
    codes[i] = table[(classId[i]! & 127) | ((tissueClass[i]! & 127) << 7) | ((inGland[i]! & 1) << 14)]!;
}

/** Updates `codes` for range number `r` of the filter: a failing row's code goes 0 → r + 1, k → FAILS_MORE. */
function applyRange(values: Float32Array | Float64Array, lo: number, hi: number, r: number, codes: FilterCodes): void {
  // DuckDB compares a FLOAT column with a literal bound in single precision: so do we.
  if (values instanceof Float32Array) [lo, hi] = [Math.fround(lo), Math.fround(hi)];
  // next[fails << 8 | code]: one lookup per row instead of a data-dependent branch.
  const next = new Uint8Array(512);
  for (let code = 0; code < 256; code++) {
    next[code] = code;
    next[256 | code] = code === 0 ? r + 1 : FAILS_MORE;
  }
  for (let i = 0; i < codes.length; i++) {
    const v = values[i]!;
    // NaN fails both comparisons, like SQL NULL.
    codes[i] = next[(((+(v >= lo) & +(v <= hi)) ^ 1) << 8) | codes[i]!]!;
  }
}

/**
 * The FilterCodes of every row of `store` under `filter` (same semantics as the SQL of
 * lib/filters: inclusive bounds, NaN never passes a range): one pass for the categorical parts
 * and one per range feature, each a branch-free table lookup per row over flat typed arrays.
 */
export function filterCodes(store: ColumnStore, filter: ObjectFilter): FilterCodes {
  const codes = new Uint8Array(store.count);
  const ranges = rangesByFeature(filter);
  if (ranges.length > MAX_RANGE_FEATURES) throw new Error(`at most ${MAX_RANGE_FEATURES} range features`);
  applyCategorical(store, filter, codes);
  ranges.forEach(({ feature, lo, hi }, r) => applyRange(featureColumn(store, feature), lo, hi, r, codes));
  return codes;
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

/**
 * Counts, per bin of `bins`, the rows whose code is 0 (`passing`) and those whose code is `own`
 * (failing only this feature's range; 0 = it has none), NO_BIN included at index 255. One
 * increment per row: a lookup sends each code to its block of counters (other codes to a spare
 * one), and four interleaved copies keep runs of one bin from waiting on each other's increments.
 */
function countBins(codes: FilterCodes, bins: Uint8Array, own: number): { passing: Int32Array; failingOwn: Int32Array } {
  const counts = new Int32Array(4 * 1024);
  const block = new Uint16Array(256).fill(512);
  block[0] = 0;
  if (own > 0) block[own] = 256;
  for (let i = 0; i < bins.length; i++) counts[((i & 3) << 10) | block[codes[i]!]! | bins[i]!]! += 1;
  const sum = (from: number) =>
    Int32Array.from({ length: 256 }, (_, b) => {
      const k = from + b;
      return counts[k]! + counts[1024 + k]! + counts[2048 + k]! + counts[3072 + k]!;
    });
  return { passing: sum(0), failingOwn: sum(256) };
}

/**
 * Computes the counts and cross-filtered histograms of `specs` over `store`: every histogram obeys
 * every filter part except its own feature's range (the crossfilter/Mosaic trick: a row failing
 * only range k counts in feature k's histogram alone). `codes` are filterCodes(store, filter)
 * (null = no filter, every row passes); `binned(spec)` gives the spec's bin indices
 * (toBinIndices, usually cached per slide).
 */
export function crossFilterHistograms(
  store: ColumnStore,
  filter: ObjectFilter,
  specs: readonly BinSpec[],
  binned: (spec: BinSpec) => Uint8Array = (spec) => toBinIndices(featureColumn(store, spec.feature), spec),
  codes: FilterCodes | null = filterCodes(store, filter),
): CrossFilterResult {
  const all = codes ?? new Uint8Array(store.count);
  const ranges = rangesByFeature(filter);
  let filtered = codes ? -1 : store.count;
  const counts = specs.map((spec) => {
    const own = 1 + ranges.findIndex((r) => r.feature === spec.feature);
    const { passing, failingOwn } = countBins(all, binned(spec), own);
    // Every passing row lands in some bin of `passing` (NO_BIN included), so its total is the filtered count.
    if (filtered < 0) filtered = passing.reduce((a, b) => a + b, 0);
    return Array.from({ length: spec.bins }, (_, b) => passing[b]! + failingOwn[b]!);
  });
  if (filtered < 0) filtered = countPassing(all);
  return { total: store.count, filtered, counts };
}

/** Rows passing the whole filter (codes 0). */
function countPassing(codes: FilterCodes): number {
  let passing = 0;
  // (code − 1) >>> 31 is 1 for code 0 only, without a branch.
  for (let i = 0; i < codes.length; i++) passing += (codes[i]! - 1) >>> 31;
  return passing;
}

/** The column of `feature`; throws when the store lacks it. */
export function featureColumn(store: ColumnStore, feature: string): Float32Array | Float64Array {
  const values = store.features[feature];
  if (!values) throw new Error(`no column ${feature} in the column store`);
  return values;
}
