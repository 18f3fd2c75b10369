/**
 * The SQL statement of the viewer's cross-filter (every feature's histogram ignores that feature's
 * own range, `filterToSql(filter, { except })`, and obeys every other filter): the independent
 * reference the in-memory engine (lib/viewer/cross-filter.ts) is tested against.
 */
import { identifier, literal } from '../../../../lib/db/sql';
import { filterToSql, type ObjectFilter } from '../../../../lib/filters';
import type { ObjectKind } from '../../../../lib/registry';
import { slideTableSql, type SlideSource } from '../../../../lib/server/viewer/slide-source';

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
