import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { QueryError } from '../../db/query-error';
import { buildSlideSql } from './object-sql';
import type { DetailValue } from './object-detail';

const rows = new WeakMap<OpenedDataset, Map<string, Promise<Record<string, DetailValue> | null>>>();

/** One slide's row of the `slides` table (registry column → value), or null when unknown; cached per dataset. */
export function loadSlideRow(dataset: OpenedDataset, slideId: string): Promise<Record<string, DetailValue> | null> {
  let bySlide = rows.get(dataset);
  if (!bySlide) rows.set(dataset, (bySlide = new Map()));
  let row = bySlide.get(slideId);
  if (!row) {
    const sql = buildSlideSql(slideId);
    row = dataset.connection.runAndReadAll(sql).then(
      (reader) => {
        const found = reader.getRowObjectsJS()[0];
        if (!found) return null;
        return Object.fromEntries(
          Object.entries(found).map(([k, v]) => [
            k,
            typeof v === 'bigint'
              ? Number(v)
              : typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'
                ? v
                : null,
          ]),
        );
      },
      (error: unknown) => {
        bySlide.delete(slideId);
        throw new QueryError(error, sql);
      },
    );
    bySlide.set(slideId, row);
  }
  return row;
}
