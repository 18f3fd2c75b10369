/**
 * The /api/slides/<slideId>/histograms answer, shared by its handler (lib/server/viewer/histograms.ts)
 * and the viewer's filter panel. Domains are in the feature's registry unit. Types only.
 */

/** One cross-filtered histogram: `counts[i]` objects in bin i of `domain`, and the feature's colour domain. */
export interface FeatureHistogram {
  readonly feature: string;
  readonly domain: readonly [number, number];
  readonly colorDomain: readonly [number, number];
  readonly counts: readonly number[];
}

/** Counts of a kind on one slide (all, and passing the filter) and a histogram per requested feature. */
export interface HistogramsResult {
  readonly total: number;
  readonly filtered: number;
  readonly histograms: readonly FeatureHistogram[];
}
