import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier } from '../../db/sql';
import { COHORT_COLUMNS } from '../../cohort/cohort-columns';
import type { CellValue, SlideRow } from '../../cohort/table-model';
import { findColumn } from '../../registry';
import { queryRows } from '../export/connection';

function toCell(value: unknown, float: boolean): CellValue {
  if (typeof value === 'bigint') return Number(value);
  // FLOAT columns hold float32 values: 7 significant digits keep them exact enough for display and
  // halve the page payload compared with their 17-digit double spelling.
  if (typeof value === 'number') return float ? Number(value.toPrecision(7)) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

/** Every slide with every cohort column (registry units), ordered by slide id. */
export async function loadCohortRows(dataset: OpenedDataset): Promise<SlideRow[]> {
  const ids = COHORT_COLUMNS.map((c) => c.id);
  const floats = new Set(ids.filter((id) => findColumn('slides', id)?.type === 'FLOAT'));
  const sql = `SELECT ${ids.map(identifier).join(', ')} FROM slides ORDER BY slide_id`;
  const rows = await queryRows(dataset, sql);
  return rows.map((row) => Object.fromEntries(ids.map((id) => [id, toCell(row[id], floats.has(id))])));
}
