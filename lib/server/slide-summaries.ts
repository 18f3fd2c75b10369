import 'server-only';
import type { OpenedDataset } from '../dataset/open-dataset';
import { QueryError } from '../db/query-error';
import { identifier } from '../db/sql';
import { findColumn, type ColumnDef } from '../registry';

/** Columns the home page lists, by registry name. */
export const SUMMARY_COLUMNS = [
  'slide_id',
  'project',
  'msi_status',
  'stage',
  'nuclei_count',
  'gland_count',
  'tissue_area_mm2',
] as const;

/** One slide row of the summary table: registry column name → value (numbers, strings or null). */
export type SlideSummary = Record<(typeof SUMMARY_COLUMNS)[number], string | number | null>;

/** The registry definitions of the summary columns. */
export function summaryColumnDefs(): ColumnDef[] {
  return SUMMARY_COLUMNS.map((name) => {
    const def = findColumn('slides', name);
    if (!def) throw new Error(`registry has no slides column ${name}`);
    return def;
  });
}

/** Reads the summary columns of every slide, ordered by slide id. */
export async function loadSlideSummaries(dataset: OpenedDataset): Promise<SlideSummary[]> {
  const sql = `SELECT ${SUMMARY_COLUMNS.map(identifier).join(', ')} FROM slides ORDER BY slide_id`;
  try {
    const reader = await dataset.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => {
      const out = {} as SlideSummary;
      for (const name of SUMMARY_COLUMNS) {
        const value = row[name];
        out[name] =
          typeof value === 'bigint'
            ? Number(value)
            : typeof value === 'number' || typeof value === 'string'
              ? value
              : null;
      }
      return out;
    });
  } catch (error) {
    throw new QueryError(error, sql);
  }
}
