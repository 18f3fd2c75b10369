/**
 * The viewer's failure paths: a damaged slide fails alone with a message naming its files, a
 * request's query stops when its client goes away, and answers past the row cap are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import { QueryCancelledError, RowLimitError } from '../../../../lib/server/run-cancellable';
import { ApiError, toErrorResponse } from '../../../../lib/server/viewer/api-error';
import { readColumns } from '../../../../lib/server/viewer/read-columns';
import { assertSlideIntact, withSlideConnection } from '../../../../lib/server/viewer/served-slide';
import { ensureTestDataset } from '../../../support/test-dataset';

let dataset: OpenedDataset;
let slideId: string;

beforeAll(async () => {
  dataset = await openDataset(await ensureTestDataset(), { threads: 1 });
  slideId = String((await dataset.connection.runAndReadAll('SELECT slide_id FROM slides LIMIT 1')).getRows()[0]![0]);
});
afterAll(() => dataset?.close());

describe('damaged slides', () => {
  it('refuse only the requests reading a damaged table of that slide, naming the files', () => {
    const damaged = {
      ...dataset,
      damaged: [{ path: `glands/slide_id=${slideId}/data.parquet`, slideId, problem: 'missing' }],
    };
    expect(() => assertSlideIntact(damaged, slideId, ['nuclei', 'nuclei_grid'])).not.toThrow();
    expect(() => assertSlideIntact(damaged, 'OTHER-SLIDE', ['glands'])).not.toThrow();
    let thrown: unknown;
    try {
      assertSlideIntact(damaged, slideId, ['nuclei', 'glands']);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe('slide_damaged');
    expect((thrown as ApiError).message).toMatch(new RegExp(`slide ${slideId}.*glands.*verify`));
  });

  it('a query failing on an undetected corruption is answered 500 naming the slide, without SQL', async () => {
    const slide = { dataset, source: { dir: dataset.dir, slideId } };
    const failing = withSlideConnection(slide, undefined, ({ connection }) =>
      readColumns(connection, "SELECT * FROM read_parquet('/nonexistent/data.parquet')"),
    );
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const body = (await toErrorResponse(error).json()) as { message: string };
    expect(body.message).toContain(slideId);
    expect(body.message).not.toContain('read_parquet');
  });
});

describe('readColumns', () => {
  it('interrupts the query when the signal aborts; answers 499', async () => {
    const connection = await dataset.instance.connect();
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const sql = 'SELECT sum(hash(i))::DOUBLE AS s FROM range(10000000000) t(i)';
      const error = await readColumns(connection, sql, { signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QueryCancelledError);
      expect(toErrorResponse(error).status).toBe(499);
    } finally {
      connection.closeSync();
    }
  });

  it('refuses answers past the row cap with 413', async () => {
    const sql = 'SELECT i::INTEGER AS i FROM range(100000) t(i)';
    const error = await readColumns(dataset.connection, sql, { maxRows: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RowLimitError);
    expect(toErrorResponse(error).status).toBe(413);
    expect((await readColumns(dataset.connection, sql, { maxRows: 100000 })).length).toBe(100000);
  });
});
