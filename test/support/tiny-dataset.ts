/**
 * Writes a tiny but contract-valid dataset (slides.parquet + manifest.json) with DuckDB, for
 * tests that need a real dataset before the pipeline exists or without running it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTableSql, columnListSql } from '../../lib/contract/ddl';
import { openDuckDB } from '../../lib/db/open-duckdb';
import { literal } from '../../lib/db/sql';
import { DATA_MODEL_VERSION, TABLES } from '../../lib/registry';
import { writeManifest } from '../../pipelines/dataset/manifest-writer';

/** One slide row: any registry column not given is NULL (or 0 for NOT NULL numerics). */
export type TinySlide = Record<string, string | number | boolean | null>;

/** Writes `slides` as `<dir>/slides.parquet` and a manifest; returns `dir`. */
export async function writeTinyDataset(dir: string, slides: readonly TinySlide[], datasetId = 'tiny'): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const db = await openDuckDB({ threads: 1 });
  try {
    await db.connection.run(createTableSql('slides'));
    for (const slide of slides) {
      const values = TABLES.slides.columns.map((c) => {
        const value = slide[c.name];
        if (value !== undefined) return literal(value);
        if (c.nullable) return 'NULL';
        return c.type === 'VARCHAR' ? literal('') : '0';
      });
      await db.connection.run(`INSERT INTO slides (${columnListSql('slides')}) VALUES (${values.join(', ')})`);
    }
    await db.connection.run(
      `COPY slides TO ${literal(join(dir, 'slides.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    db.close();
  }
  const nuclei = slides.reduce((sum, s) => sum + Number(s.nuclei_count ?? 0), 0);
  writeManifest(dir, {
    datasetId,
    version: '1',
    dataModelVersion: DATA_MODEL_VERSION,
    source: { kind: 'simulated', description: 'hand-written test rows', simulated: true },
    createdAt: '2026-01-01T00:00:00.000Z',
    counts: { slides: slides.length, nuclei, glands: 0, lumina: 0 },
  });
  return dir;
}
