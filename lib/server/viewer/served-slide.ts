import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isSlideId } from '../../contract/layout';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { QueryError } from '../../db/query-error';
import { getServedDataset } from '../served-dataset';
import { ApiError } from './api-error';
import type { SlideSource } from './slide-source';

/** A slide of the served dataset that a request may query. */
export interface ServedSlide {
  readonly dataset: OpenedDataset;
  readonly source: SlideSource;
}

const slideIds = new WeakMap<OpenedDataset, Promise<Set<string>>>();

/** The slide ids of `dataset` (read once per opened dataset). */
export function loadSlideIds(dataset: OpenedDataset): Promise<Set<string>> {
  let ids = slideIds.get(dataset);
  if (!ids) {
    const sql = 'SELECT slide_id FROM slides';
    ids = dataset.connection.runAndReadAll(sql).then(
      (reader) => new Set(reader.getRowObjectsJS().map((row) => String(row.slide_id))),
      (error: unknown) => {
        slideIds.delete(dataset);
        throw new QueryError(error, sql);
      },
    );
    slideIds.set(dataset, ids);
  }
  return ids;
}

/** Resolves a slide id from a request: 400 when malformed, 503 without a dataset, 404 when unknown. */
export async function resolveServedSlide(slideId: string): Promise<ServedSlide> {
  if (!isSlideId(slideId)) throw new ApiError('bad_request', `"${slideId.slice(0, 140)}" is not a valid slide id`);
  const served = await getServedDataset();
  if (!served.ok) throw new ApiError('no_dataset', 'No dataset is loaded on this server.');
  if (!(await loadSlideIds(served.dataset)).has(slideId))
    throw new ApiError('not_found', `Slide ${slideId} is not in dataset ${served.dataset.manifest.datasetId}.`);
  return { dataset: served.dataset, source: { dir: served.dataset.dir, slideId } };
}

/** Runs `work` on a fresh connection to the dataset's instance (views are shared) and closes it. */
export async function withConnection<T>(
  dataset: Pick<OpenedDataset, 'instance'>,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const connection = await dataset.instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
  }
}
