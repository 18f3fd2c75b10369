import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryError } from '../../db/query-error';
import type { ObjectFilter } from '../../filters';
import type { ObjectKind } from '../../registry';
import { colorDomain, histogramDomain, loadFeatureStats } from './feature-stats';
import { buildHistogramsSql } from './histogram-sql';
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

const toNumber = (value: unknown): number => (typeof value === 'bigint' ? Number(value) : Number(value ?? 0));

/** Computes the counts and cross-filtered histograms (`bins` bins each) in one scan of the slide's table. */
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
  const sql = buildHistogramsSql(source, kind, filter, specs);
  let row: Record<string, unknown>;
  try {
    row = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0] ?? {};
  } catch (error) {
    throw new QueryError(error, sql);
  }
  const histograms = specs.map((spec, i): FeatureHistogram => {
    const counts = new Array<number>(bins).fill(0);
    for (const entry of (row[`h${i}`] as { key: unknown; value: unknown }[] | null) ?? [])
      counts[toNumber(entry.key)] = toNumber(entry.value);
    return {
      feature: spec.feature,
      domain: [spec.lo, spec.hi],
      colorDomain: colorDomain(stats[spec.feature]!),
      counts,
    };
  });
  return { total: toNumber(row.total), filtered: toNumber(row.filtered), histograms };
}
