import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { PARTITIONED_TABLES, TABLES } from '../../../lib/registry';
import { ensureTestDataset } from '../../support/test-dataset';

describe('the dataset is standard Hive-partitioned Parquet', () => {
  it('a stock DuckDB (no project code) reads every table with its slide_id partition column', async () => {
    const dir = await ensureTestDataset();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { counts: Record<string, number> };
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const connection = await instance.connect();
    try {
      for (const table of PARTITIONED_TABLES) {
        const glob = join(dir, TABLES[table].path, '*', '*.parquet');
        const reader = await connection.runAndReadAll(
          `SELECT count(*) AS n, count(DISTINCT slide_id) AS slides FROM read_parquet('${glob}', hive_partitioning = true)`,
        );
        const row = reader.getRowObjectsJS()[0]!;
        expect(Number(row.slides), table).toBe(manifest.counts.slides);
        if (table === 'nuclei' || table === 'glands' || table === 'lumina')
          expect(Number(row.n), table).toBe(manifest.counts[table]);
      }
      const slides = await connection.runAndReadAll(
        `SELECT count(*) AS n FROM read_parquet('${join(dir, 'slides.parquet')}')`,
      );
      expect(Number(slides.getRowObjectsJS()[0]!.n)).toBe(manifest.counts.slides);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
