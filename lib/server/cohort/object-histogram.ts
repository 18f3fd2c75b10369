import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier, literal } from '../../db/sql';
import { filterToSql, type ObjectFilter } from '../../filters';
import { findColumn } from '../../registry';
import { queryRows, toNumber } from '../export/connection';

/** A cohort histogram of one object feature under a filter: bin i covers [lo + i·width, lo + (i+1)·width). */
export interface ObjectHistogram {
  readonly feature: string;
  readonly unit: string;
  readonly lo: number;
  readonly width: number;
  readonly counts: readonly number[];
  /** Objects passing the filter whose feature is null. */
  readonly missing: number;
  readonly sql: string;
}

/** Exact histogram of `feature` over every object passing `filter`, across all slides. */
export async function objectHistogram(
  dataset: OpenedDataset,
  filter: ObjectFilter,
  feature: string,
  bins: number,
): Promise<ObjectHistogram> {
  const def = findColumn(filter.kind, feature);
  if (!def || def.role !== 'feature') throw new Error(`not a feature of ${filter.kind}: ${feature}`);
  const column = identifier(feature);
  const table = identifier(filter.kind);
  const where = filterToSql(filter);
  const [extent] = await queryRows(
    dataset,
    `SELECT min(${column}) AS lo, max(${column}) AS hi, count(*) FILTER (WHERE ${column} IS NULL) AS missing FROM ${table} WHERE ${where}`,
  );
  const lo = toNumber(extent?.lo);
  const hi = toNumber(extent?.hi);
  const missing = toNumber(extent?.missing) ?? 0;
  if (lo === null || hi === null)
    return { feature, unit: def.unit, lo: 0, width: 1, counts: new Array<number>(bins).fill(0), missing, sql: '' };
  const width = hi > lo ? (hi - lo) / bins : 1;
  const bin = `least(${bins - 1}, floor((${column} - ${literal(lo)}) / ${literal(width)}))::INTEGER`;
  const sql = `SELECT ${bin} AS bin, count(*) AS n FROM ${table} WHERE (${where}) AND ${column} IS NOT NULL GROUP BY bin ORDER BY bin`;
  const counts = new Array<number>(bins).fill(0);
  for (const row of await queryRows(dataset, sql)) {
    const index = toNumber(row.bin) ?? 0;
    counts[index] = toNumber(row.n) ?? 0;
  }
  return { feature, unit: def.unit, lo, width, counts, missing, sql };
}
