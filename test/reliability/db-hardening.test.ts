/**
 * The server's DuckDB sandbox (issue 10 §4): only the dataset folder is readable, configuration
 * is locked, one damaged slide fails alone, queries can be cancelled and rows capped.
 */
import { cpSync, rmSync, truncateSync, writeFileSync, openSync, readSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionFile } from '../../lib/contract/layout';
import { openDataset, type OpenedDataset } from '../../lib/dataset/open-dataset';
import { QueryCancelledError, RowLimitError, runCancellable } from '../../lib/server/run-cancellable';
import { ensureTestDataset } from '../support/test-dataset';
import { makeTempDir } from '../support/temp-dir';

const temp = makeTempDir('atlas-sandbox-');
const copy = join(temp.dir, 'dataset');
const outside = join(temp.dir, 'outside.csv');
let dataset: OpenedDataset;
let slides: string[] = [];

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Flips one byte in the middle of a file (same size, so only sha256 — `verify` — notices). */
function flipByte(path: string): void {
  const fd = openSync(path, 'r+');
  const byte = Buffer.alloc(1);
  const at = 200;
  readSync(fd, byte, 0, 1, at);
  byte[0] = byte[0]! ^ 0xff;
  writeSync(fd, byte, 0, 1, at);
  closeSync(fd);
}

beforeAll(async () => {
  cpSync(await ensureTestDataset(), copy, { recursive: true });
  writeFileSync(outside, 'secret,value\npassword,hunter2\n');
  const ids = JSON.parse(
    JSON.stringify((await import(join(copy, 'manifest.json'), { with: { type: 'json' } })).default),
  );
  slides = [...new Set((ids.files as { path: string }[]).map((f) => /slide_id=([^/]+)/.exec(f.path)?.[1]).filter((s): s is string => !!s))].sort(); // prettier-ignore
  // Slide 0: nuclei truncated; slide 1: glands missing; slide 2: nuclei bit-flipped (same size); slide 3 intact.
  truncateSync(join(copy, partitionFile('nuclei', slides[0]!)), 100);
  rmSync(join(copy, partitionFile('glands', slides[1]!)));
  flipByte(join(copy, partitionFile('nuclei', slides[2]!)));
  dataset = await openDataset(copy, { threads: 1, sandbox: { extraDirectories: [] } });
});
afterAll(() => {
  dataset?.close();
  temp.remove();
});

describe('sandbox: only the dataset folder', () => {
  it.each([
    ['a CSV beside the dataset', () => `SELECT * FROM read_csv(${q(outside)})`],
    ['/etc/passwd', () => `SELECT * FROM read_csv('/etc/passwd')`],
    ['a path escaping the dataset with ..', () => `SELECT * FROM read_csv(${q(`${copy}/../outside.csv`)})`],
    ['a glob outside', () => `SELECT * FROM glob('/etc/*')`],
    ['read_text of a file outside', () => `SELECT * FROM read_text(${q(outside)})`],
    ['COPY to a file outside', () => `COPY (SELECT 1) TO ${q(join(temp.dir, 'written.csv'))}`],
    ['ATTACH a database outside', () => `ATTACH ${q(join(temp.dir, 'x.duckdb'))}`],
    ['INSTALL an extension', () => 'INSTALL httpfs'],
    ['LOAD an extension', () => 'LOAD httpfs'],
    ['a URL', () => `SELECT * FROM read_csv('https://example.com/x.csv')`],
  ])('refuses %s', async (_name, sql) => {
    const connection = await dataset.instance.connect();
    try {
      await expect(connection.run(sql())).rejects.toThrow(/Permission Error|disabled|not allowed|locked/);
    } finally {
      connection.closeSync();
    }
  });

  it('still reads the dataset through the views and by path, on fresh connections too', async () => {
    const connection = await dataset.instance.connect();
    try {
      expect(Number((await rows(connection, 'SELECT count(*) AS n FROM slides'))[0]?.n)).toBe(4);
      const path = join(copy, partitionFile('nuclei', slides[3]!));
      expect(
        Number((await rows(connection, `SELECT count(*) AS n FROM read_parquet(${q(path)})`))[0]?.n),
      ).toBeGreaterThan(0);
    } finally {
      connection.closeSync();
    }
  });

  it.each([
    'SET enable_external_access = true',
    "SET allowed_directories = ['/']",
    'SET threads = 8',
    'RESET lock_configuration',
    "SET memory_limit = '100GB'",
  ])('refuses %s after the lock', async (sql) => {
    await expect(dataset.connection.run(sql)).rejects.toThrow(/configuration has been locked|Cannot change/);
  });
});

describe('one damaged slide fails alone', () => {
  it('finds truncated and missing partitions at open time and names their slides', () => {
    expect(dataset.damaged.map((d) => [d.slideId, d.path.split('/')[0], d.problem.split(' ')[0]])).toEqual([
      [slides[1], 'glands', 'missing'],
      [slides[0], 'nuclei', '100'],
    ]);
  });

  it('cohort-wide views skip the damaged files and keep answering', async () => {
    const counts = await rows(
      dataset.connection,
      'SELECT slide_id, count(*)::INTEGER AS n FROM glands GROUP BY 1 ORDER BY 1',
    );
    expect(counts.map((r) => r.slide_id)).toEqual([slides[0], slides[2], slides[3]]);
  });

  it('per-slide reads fail with a message naming the problem; the intact slide keeps working', async () => {
    const read = (table: 'nuclei' | 'glands', slide: string) =>
      rows(
        dataset.connection,
        `SELECT count(*) AS n FROM (SELECT DISTINCT * FROM read_parquet(${q(join(copy, partitionFile(table, slide)))}))`,
      );
    await expect(read('nuclei', slides[0]!)).rejects.toThrow(/too small|not a parquet|Invalid|No magic/i);
    await expect(read('glands', slides[1]!)).rejects.toThrow(/No files found|does not exist/i);
    expect(Number((await read('nuclei', slides[3]!))[0]?.n)).toBeGreaterThan(0);
    expect(Number((await read('glands', slides[0]!))[0]?.n)).toBeGreaterThanOrEqual(0);
  });
});

describe('silent corruption', () => {
  it('a same-size bit flip is not noticed by DuckDB (no page checksums) but `verify` names the file', async () => {
    const path = join(copy, partitionFile('nuclei', slides[2]!));
    const read = await rows(
      dataset.connection,
      `SELECT count(*) AS n FROM (SELECT DISTINCT * FROM read_parquet(${q(path)}))`,
    );
    expect(Number(read[0]?.n)).toBeGreaterThan(0);
    const { verifyDataset } = await import('../../pipelines/commands/verify');
    expect(verifyDataset(copy).problems.map((p) => p.path)).toContain(partitionFile('nuclei', slides[2]!));
  });
});

describe('runCancellable', () => {
  const slow = 'SELECT sum(hash(i)) AS s FROM range(10000000000) t(i)';

  it('interrupts the query when the signal aborts, and the connection stays usable', async () => {
    const connection = await dataset.instance.connect();
    try {
      const controller = new AbortController();
      const started = performance.now();
      setTimeout(() => controller.abort(), 150);
      await expect(runCancellable(connection, slow, controller.signal)).rejects.toBeInstanceOf(QueryCancelledError);
      expect(performance.now() - started).toBeLessThan(5000);
      expect((await runCancellable(connection, 'SELECT 42 AS x', undefined)).getRowObjectsJS()).toEqual([{ x: 42 }]);
    } finally {
      connection.closeSync();
    }
  });

  it('refuses to start on an already-aborted signal', async () => {
    await expect(runCancellable(dataset.connection, slow, AbortSignal.abort())).rejects.toBeInstanceOf(
      QueryCancelledError,
    );
  });

  it('caps the rows read per request', async () => {
    const sql = 'SELECT i FROM range(100000) t(i)';
    await expect(runCancellable(dataset.connection, sql, undefined, { maxRows: 5000 })).rejects.toBeInstanceOf(
      RowLimitError,
    );
    expect((await runCancellable(dataset.connection, sql, undefined, { maxRows: 100000 })).currentRowCount).toBe(
      100000,
    );
  });

  it('a query that fails midway is an error, not a short answer; ordered results stay ordered', async () => {
    // DuckDB hits the conversion error only past row 300,000; a streamed read would end there silently.
    const failing = `SELECT CAST(CASE WHEN i > 300000 THEN 'x' ELSE '1' END AS INTEGER) AS n FROM range(1000000) t(i)`;
    await expect(runCancellable(dataset.connection, failing, undefined, { maxRows: 2_000_000 })).rejects.toThrow(
      /Conversion Error/,
    );
    const ordered = await runCancellable(
      dataset.connection,
      'SELECT i FROM range(50000) t(i) ORDER BY hash(i)',
      undefined,
    );
    const expected = (
      await dataset.connection.runAndReadAll('SELECT i FROM range(50000) t(i) ORDER BY hash(i)')
    ).getRows();
    expect(ordered.getRows()).toEqual(expected);
  });

  it('binds parameters rather than splicing them', async () => {
    const reader = await runCancellable(dataset.connection, 'SELECT $1::VARCHAR AS v', undefined, {
      values: ["'); DROP VIEW slides; --"],
    });
    expect(reader.getRowObjectsJS()).toEqual([{ v: "'); DROP VIEW slides; --" }]);
    expect(Number((await rows(dataset.connection, 'SELECT count(*) AS n FROM slides'))[0]?.n)).toBe(4);
  });
});

function q(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
