import type { CohortState } from '../../cohort/cohort-state';
import { findColumn } from '../../registry';
import type { CsvColumn } from '../export/csv-export';
import { objectCountColumnNames } from './slide-table-sql';

/** Columns (name and DuckDB type) of the slide table download for `state`, in `slideTableSql` order. */
export function slideTableColumns(state: CohortState): CsvColumn[] {
  const ids = state.columns.includes('slide_id') ? state.columns : ['slide_id', ...state.columns];
  const columns: CsvColumn[] = ids.map((id) => ({ name: id, type: findColumn('slides', id)?.type ?? 'VARCHAR' }));
  if (state.objectFilter) {
    const names = objectCountColumnNames(state.objectFilter.kind);
    columns.push(
      { name: names.count, type: 'BIGINT' },
      { name: names.total, type: 'BIGINT' },
      { name: names.fraction, type: 'DOUBLE' },
      { name: names.density, type: 'DOUBLE' },
    );
  }
  return columns;
}
