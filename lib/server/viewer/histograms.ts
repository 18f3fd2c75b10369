import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ObjectFilter } from '../../filters';
import type { ObjectKind } from '../../registry';
import { colorDomain, histogramDomain, loadFeatureStats } from './feature-stats';
import { crossFilterHistograms } from '../../viewer/cross-filter';
import { columnStore } from './column-store';
import type { SlideSource } from './slide-source';

/** One cross-filtered histogram: `counts[i]` objects in bin i of `domain` (feature unit), and the colour domain. */
export interface FeatureHistogram {
  readonly feature: string;
  readonly domain: readonly [number, number];
  readonly colorDomain: readonly [number, number];
  readonly counts: readonly number[];
}

/** Counts of a kind on one slide under a filter, and a histogram per requested feature. */
export interface HistogramsResult {
  readonly total: number;
  readonly filtered: number;
  readonly histograms: readonly FeatureHistogram[];
}

/** Computes the counts and cross-filtered histograms (`bins` bins each) in memory over the slide's cached columns. */
export async function loadHistograms(
  connection: DuckDBConnection,
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
  const stats = await loadFeatureStats(connection, source, kind, features, request.version);
  const specs = features.map((feature) => {
    const [lo, hi] = histogramDomain(stats[feature]!);
    return { feature, lo, hi, bins };
  });
  const store = await columnStore(connection, source, kind, request.version);
  const result = crossFilterHistograms(store, filter, specs);
  const histograms = specs.map((spec, i): FeatureHistogram => ({
    feature: spec.feature,
    domain: [spec.lo, spec.hi],
    colorDomain: colorDomain(stats[spec.feature]!),
    counts: result.counts[i]!,
  }));
  return { total: result.total, filtered: result.filtered, histograms };
}
