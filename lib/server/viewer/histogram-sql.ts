import 'server-only';
/**
 * SQL builders for slide-wide feature statistics (colour and histogram domains) and
 * cross-filtered histograms: every feature's histogram ignores that feature's own range
 * (`filterToSql(filter, { except })`) but obeys every other filter, all in one scan.
 */
import { identifier, literal } from '../../db/sql';
import { filterToSql, type ObjectFilter } from '../../filters';
import type { ObjectKind } from '../../registry';
import { slideTableSql, type SlideSource } from './slide-source';

/** Quantiles the statistics query reports, in this order. */
export const STAT_QUANTILES = [0.02, 0.98, 0.995] as const;

/** min, max and STAT_QUANTILES of each feature over the whole slide (NULLs ignored); columns `<feature>__min|max|q`. */
export function buildFeatureStatsSql(source: SlideSource, kind: ObjectKind, features: readonly string[]): string {
  const parts = features.flatMap((feature) => {
    const column = identifier(feature);
    return [
      `CAST(min(${column}) AS DOUBLE) AS ${identifier(`${feature}__min`)}`,
      `CAST(max(${column}) AS DOUBLE) AS ${identifier(`${feature}__max`)}`,
      `quantile_cont(${column}, [${STAT_QUANTILES.map(literal).join(', ')}]) AS ${identifier(`${feature}__q`)}`,
    ];
  });
  return `SELECT count(*) AS total${parts.length ? `, ${parts.join(', ')}` : ''} FROM ${slideTableSql(source, kind)}`;
}

/** One histogram to compute: `bins` equal bins over [lo, hi]; values outside fall into the end bins. */
export interface HistogramSpec {
  readonly feature: string;
  readonly lo: number;
  readonly hi: number;
  readonly bins: number;
}

/**
 * One scan: `total`, `filtered` (all filters) and, per spec i, `h<i>` = histogram(bin) MAP of
 * objects passing every filter except the one on that feature.
 */
export function buildHistogramsSql(
  source: SlideSource,
  kind: ObjectKind,
  filter: ObjectFilter,
  specs: readonly HistogramSpec[],
): string {
  const parts = specs.map((spec, i) => {
    const column = identifier(spec.feature);
    const width = spec.hi > spec.lo ? (spec.hi - spec.lo) / spec.bins : 1;
    const bin = `CAST(least(greatest(floor((${column} - ${literal(spec.lo)}) / ${literal(width)}), 0), ${literal(spec.bins - 1)}) AS INTEGER)`;
    const where = `(${filterToSql(filter, { except: spec.feature })}) AND ${column} IS NOT NULL`;
    return `histogram(${bin}) FILTER (WHERE ${where}) AS ${identifier(`h${i}`)}`;
  });
  return [
    `SELECT count(*) AS total, count(*) FILTER (WHERE ${filterToSql(filter)}) AS filtered${parts.length ? ',' : ''}`,
    parts.map((p) => `  ${p}`).join(',\n'),
    `FROM ${slideTableSql(source, kind)}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}
