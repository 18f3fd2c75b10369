import 'server-only';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isSlideId } from '../../contract/layout';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { QueryError } from '../../db/query-error';
import { TABLES, type PartitionedTableId } from '../../registry';
import { getServedDataset, slideDamage } from '../served-dataset';
import { ApiError } from './api-error';
import type { StoreDatabase } from './column-store';
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

/** Throws a 500 naming the files when any of `tables` of the slide was found damaged or missing at open time. */
export function assertSlideIntact(
  dataset: OpenedDataset,
  slideId: string,
  tables: readonly PartitionedTableId[],
): void {
  const hit = dataset.damaged.some(
    (d) => d.slideId === slideId && tables.some((t) => d.path.startsWith(`${TABLES[t].path}/`)),
  );
  if (hit) throw new ApiError('slide_damaged', slideDamage(dataset, slideId) ?? `Slide ${slideId} is damaged.`);
}

/**
 * Resolves a slide id from a request: 400 when malformed, 503 without a dataset, 404 when unknown,
 * 500 naming the files when one of the `tables` the request reads is damaged (other slides unaffected).
 */
export async function resolveServedSlide(slideId: string, tables: readonly PartitionedTableId[]): Promise<ServedSlide> {
  if (!isSlideId(slideId)) throw new ApiError('bad_request', `"${slideId.slice(0, 140)}" is not a valid slide id`);
  const served = await getServedDataset();
  if (!served.ok) throw new ApiError('no_dataset', 'No dataset is loaded on this server.');
  if (!(await loadSlideIds(served.dataset)).has(slideId))
    throw new ApiError('not_found', `Slide ${slideId} is not in dataset ${served.dataset.manifest.datasetId}.`);
  assertSlideIntact(served.dataset, slideId, tables);
  return { dataset: served.dataset, source: { dir: served.dataset.dir, slideId } };
}

/** What the viewer's loaders run with: the request's own connection, the dataset and the request's abort signal. */
export interface ViewerContext {
  readonly connection: DuckDBConnection;
  /** Where cached slide columns load from (their own connection, never interrupted by a request). */
  readonly database: StoreDatabase;
  readonly signal?: AbortSignal;
}

/**
 * Runs `work` on a fresh connection to the dataset's instance (views are shared) and closes it.
 * A failed query is logged in full and answered as a 500 naming the slide, so a file damaged in
 * a way the open-time check cannot see fails that slide's requests alone, with a clear message.
 */
export async function withSlideConnection<T>(
  slide: ServedSlide,
  signal: AbortSignal | undefined,
  work: (context: ViewerContext) => Promise<T>,
): Promise<T> {
  const connection = await slide.dataset.instance.connect();
  try {
    return await work({ connection, database: slide.dataset, signal });
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    const id = slide.source.slideId;
    console.error(`[viewer] slide ${id}: ${error.message}\n${error.sql}`);
    throw new ApiError(
      'query_failed',
      `Reading the data of slide ${id} failed (see the server log); if it keeps failing, run \`npm run pipeline -- verify\` on the dataset.`,
    );
  } finally {
    connection.closeSync();
  }
}
