/**
 * Fixed histogram bins of the nucleus features: one definition used by the pipeline's
 * pre-aggregated cube, the cohort and viewer histograms and the cube/scan query planner, so
 * filters that snap to these edges are answered exactly from the cube.
 */

/** Bins of one feature: `count` bins between `lo` and `hi`, linear or logarithmic. */
export interface BinSpec {
  readonly lo: number;
  readonly hi: number;
  readonly count: number;
  readonly log?: boolean;
}

/** Bin specs of the nucleus features (registry column name → bins). Units as the column's. */
export const NUCLEUS_FEATURE_BINS: Readonly<Record<string, BinSpec>> = {
  class_prob: { lo: 0, hi: 1, count: 64 },
  area_um2: { lo: 1, hi: 1024, count: 64, log: true },
  perimeter_um: { lo: 2, hi: 512, count: 64, log: true },
  convex_area_um2: { lo: 1, hi: 1024, count: 64, log: true },
  solidity: { lo: 0, hi: 1, count: 64 },
  equivalent_diameter_um: { lo: 0.5, hi: 64, count: 64, log: true },
  major_axis_um: { lo: 0.5, hi: 64, count: 64, log: true },
  minor_axis_um: { lo: 0.5, hi: 64, count: 64, log: true },
  eccentricity: { lo: 0, hi: 1, count: 64 },
  orientation_rad: { lo: -Math.PI / 2, hi: Math.PI / 2, count: 64 },
  circularity: { lo: 0, hi: 1, count: 64 },
  extent: { lo: 0, hi: 1, count: 64 },
  nn_distance_um: { lo: 0.5, hi: 512, count: 64, log: true },
  neighbours_50um: { lo: 0, hi: 128, count: 64 },
  lumen_distance_um: { lo: 0.5, hi: 512, count: 64, log: true },
};

const edgeCache = new Map<BinSpec, Float64Array>();

/** The count+1 bin edges of a spec (doubles, computed once). Bin k is [edges[k], edges[k+1]). */
export function binEdges(spec: BinSpec): Float64Array {
  let edges = edgeCache.get(spec);
  if (!edges) {
    edges = new Float64Array(spec.count + 1);
    for (let k = 0; k <= spec.count; k++) {
      edges[k] = spec.log
        ? spec.lo * (spec.hi / spec.lo) ** (k / spec.count)
        : spec.lo + ((spec.hi - spec.lo) * k) / spec.count;
    }
    edgeCache.set(spec, edges);
  }
  return edges;
}

/** Bin of `value`: -1 below the first edge, `count` at or above the last, else k with edges[k] ≤ value < edges[k+1]. */
export function binIndex(edges: Float64Array, value: number): number {
  let low = 0;
  let high = edges.length;
  // Number of edges ≤ value, by binary search; the comparisons match SQL's `>=` on the same doubles.
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (edges[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** Index of `value` among the edges when it is exactly one of them, else -1. */
export function edgeIndex(edges: Float64Array, value: number): number {
  const k = binIndex(edges, value);
  return k >= 0 && k < edges.length && edges[k] === value ? k : -1;
}
