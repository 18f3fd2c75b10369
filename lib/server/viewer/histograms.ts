import 'server-only';
import type { ObjectFilter } from '../../filters';
import type { ObjectKind } from '../../registry';
import { crossFilterHistograms } from '../../viewer/cross-filter';
import type { FeatureHistogram, HistogramsResult } from '../../viewer/histogram-data';
import { isEmptyFilter } from '../../filters';
import { binnedColumn, columnStore, filterMasks } from './column-store';
import { colorDomain, histogramDomain, loadFeatureStats } from './feature-stats';
import type { ViewerContext } from './served-slide';
import type { SlideSource } from './slide-source';

/** Computes the counts and cross-filtered histograms (`bins` bins each) in memory over the slide's cached columns and filter codes. */
export async function loadHistograms(
  context: ViewerContext,
  request: {
    source: SlideSource;
    kind: ObjectKind;
    filter: ObjectFilter;
    features: readonly string[];
    bins: number;
    version?: string;
  },
): Promise<HistogramsResult> {
  const { source, kind, filter, features, bins } = request;
  const version = request.version ?? '';
  const [stats, store] = await Promise.all([
    loadFeatureStats(context, source, kind, features, version),
    columnStore(context.database, source, kind, version),
  ]);
  const specs = features.map((feature) => {
    const [lo, hi] = histogramDomain(stats[feature]!);
    return { feature, lo, hi, bins };
  });
  // The filter codes are shared with the nuclei layer's requests under the same filter.
  const codes = isEmptyFilter(filter) ? null : filterMasks(source, kind, version, store, filter);
  const result = crossFilterHistograms(
    store,
    filter,
    specs,
    (spec) => binnedColumn(source, kind, version, store, spec),
    codes,
  );
  const histograms = specs.map((spec, i): FeatureHistogram => ({
    feature: spec.feature,
    domain: [spec.lo, spec.hi],
    colorDomain: colorDomain(stats[spec.feature]!),
    counts: result.counts[i]!,
  }));
  return { total: result.total, filtered: result.filtered, histograms };
}
