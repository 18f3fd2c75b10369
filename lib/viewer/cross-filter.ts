/**
 * Cross-filtered histograms computed in memory over one slide's columns (the Falcon/Mosaic idea):
 * every histogram obeys every filter except its own feature's range. Same semantics as the SQL
 * of lib/filters (inclusive bounds, null never passes a range), in one pass over the rows.
 */
import type { ObjectFilter } from '../filters';

/** One slide's objects of one kind as columns (NaN = null for features). */
export interface ColumnStore {
  readonly count: number;
  readonly classId: Int8Array;
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

function membership(values: readonly number[] | undefined, size: number): Uint8Array | null {
  if (values === undefined) return null;
  const allowed = new Uint8Array(size);
  for (const v of values) if (v >= 0 && v < size) allowed[v] = 1;
  return allowed;
}

/** Computes the counts and cross-filtered histograms of `specs` for `filter` over `store`. */
export function crossFilterHistograms(
  store: ColumnStore,
  filter: ObjectFilter,
  specs: readonly BinSpec[],
): CrossFilterResult {
  const n = store.count;
  const classes = membership(filter.classes, 128);
  const tissues = membership(filter.tissue, 128);
  const ranges = filter.ranges ?? [];
  const rangeValues = ranges.map((r) => {
    const values = store.features[r.feature];
    if (!values) throw new Error(`no column ${r.feature} in the column store`);
    return values;
  });
  const lows = ranges.map((r) => r.min ?? -Infinity);
  const highs = ranges.map((r) => r.max ?? Infinity);
  // Per spec: which range (index) is its own, so a row failing only that range still counts.
  const ownRange = specs.map((s) => ranges.findIndex((r) => r.feature === s.feature));
  const specValues = specs.map((s) => store.features[s.feature]!);
  const widths = specs.map((s) => (s.hi > s.lo ? (s.hi - s.lo) / s.bins : 1));
  const counts = specs.map((s) => new Array<number>(s.bins).fill(0));
  let filtered = 0;
  for (let i = 0; i < n; i++) {
    if (classes && classes[store.classId[i]!] === 0) continue;
    if (tissues && tissues[store.tissueClass[i]!] === 0) continue;
    if (filter.inGland !== undefined && (store.inGland[i] === 1) !== filter.inGland) continue;
    let failures = 0;
    let failed = -1;
    for (let r = 0; r < ranges.length; r++) {
      const v = rangeValues[r]![i]!;
      // NaN fails both comparisons, like SQL NULL.
      if (!(v >= lows[r]! && v <= highs[r]!)) {
        failures++;
        failed = r;
        if (failures > 1) break;
      }
    }
    if (failures > 1) continue;
    if (failures === 0) filtered++;
    for (let s = 0; s < specs.length; s++) {
      if (failures === 1 && failed !== ownRange[s]) continue;
      const v = specValues[s]![i]!;
      if (Number.isNaN(v)) continue;
      const spec = specs[s]!;
      const bin = Math.min(Math.max(Math.floor((v - spec.lo) / widths[s]!), 0), spec.bins - 1);
      counts[s]![bin]! += 1;
    }
  }
  return { total: n, filtered, counts };
}
