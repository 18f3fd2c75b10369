import 'server-only';
/**
 * SQL builder for slide-wide feature statistics (colour and histogram domains). Cross-filtered
 * histograms are computed in memory (lib/viewer/cross-filter.ts).
 */
import { identifier, literal } from '../../db/sql';
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
