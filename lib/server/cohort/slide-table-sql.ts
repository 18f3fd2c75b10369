/**
 * The cohort table's filters and columns as SQL over `slides` (mirrors lib/cohort/table-model.ts),
 * optionally joined with the per-slide counts of a cohort object filter.
 */
import { identifier, literal } from '../../db/sql';
import { findCohortColumn } from '../../cohort/cohort-columns';
import type { CohortState } from '../../cohort/cohort-state';
import { filterToSql } from '../../filters';

/** WHERE body (over `slides` aliased `s`) for the search, category and range filters of `state`. */
export function slideFilterSql(state: Pick<CohortState, 'search' | 'categories' | 'ranges'>): string {
  const parts: string[] = [];
  const needle = state.search.trim().toLowerCase();
  if (needle !== '')
    parts.push(
      `(contains(lower(s.slide_id), ${literal(needle)}) OR contains(lower(s.patient_id), ${literal(needle)}))`,
    );
  for (const [id, levels] of Object.entries(state.categories)) {
    const column = findCohortColumn(id);
    if (!column?.levels) throw new Error(`not a category column: ${id}`);
    const cell = column.kind === 'boolean' ? `CAST(s.${identifier(id)} AS VARCHAR)` : `s.${identifier(id)}`;
    parts.push(levels.length === 0 ? 'FALSE' : `${cell} IN (${levels.map(literal).join(', ')})`);
  }
  for (const [id, range] of Object.entries(state.ranges)) {
    if (findCohortColumn(id)?.kind !== 'number') throw new Error(`not a numeric column: ${id}`);
    if (range.min !== undefined) parts.push(`s.${identifier(id)} >= ${literal(range.min)}`);
    if (range.max !== undefined) parts.push(`s.${identifier(id)} <= ${literal(range.max)}`);
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

/** Names of the object-count columns of the slide table download, for a filter on `kind`. */
export function objectCountColumnNames(kind: string): {
  count: string;
  total: string;
  fraction: string;
  density: string;
} {
  return {
    count: `filtered_${kind}_count`,
    total: `${kind}_total`,
    fraction: `filtered_${kind}_fraction`,
    density: `filtered_${kind}_density_per_mm2`,
  };
}

/** SELECT of the cohort table as shown: visible columns, table filters, sort, plus object counts when filtered. */
export function slideTableSql(state: CohortState): string {
  const columns = state.columns.includes('slide_id') ? state.columns : ['slide_id', ...state.columns];
  const select = columns.map((id) => `s.${identifier(id)}`);
  let from = 'slides s';
  if (state.objectFilter) {
    const kind = state.objectFilter.kind;
    const names = objectCountColumnNames(kind);
    from +=
      ` LEFT JOIN (SELECT slide_id, count(*) FILTER (WHERE ${filterToSql(state.objectFilter)}) AS n, count(*) AS total` +
      ` FROM ${identifier(kind)} GROUP BY slide_id) c USING (slide_id)`;
    select.push(
      `coalesce(c.n, 0) AS ${identifier(names.count)}`,
      `coalesce(c.total, 0) AS ${identifier(names.total)}`,
      `CASE WHEN coalesce(c.total, 0) > 0 THEN c.n / c.total END AS ${identifier(names.fraction)}`,
      `CASE WHEN s.tissue_area_mm2 > 0 THEN coalesce(c.n, 0) / s.tissue_area_mm2 END AS ${identifier(names.density)}`,
    );
  }
  const sortId = state.sort?.column ?? 'slide_id';
  const sortSql = findCohortColumn(sortId) ? `s.${identifier(sortId)}` : sortExpressionOfCountColumn(sortId, state);
  const order = `${sortSql} ${state.sort?.descending ? 'DESC' : 'ASC'} NULLS LAST, s.slide_id`;
  return `SELECT ${select.join(', ')} FROM ${from} WHERE ${slideFilterSql(state)} ORDER BY ${order}`;
}

function sortExpressionOfCountColumn(id: string, state: CohortState): string {
  if (!state.objectFilter) return 's.slide_id';
  const names = objectCountColumnNames(state.objectFilter.kind);
  const byId: Record<string, string> = {
    filtered_count: names.count,
    filtered_fraction: names.fraction,
    filtered_density_per_mm2: names.density,
  };
  const name = byId[id];
  return name ? identifier(name) : 's.slide_id';
}
