import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geoParquetMetadata } from '@/lib/contract/geoparquet';
import { openDuckDB } from '@/lib/db/open-duckdb';
import { literal } from '@/lib/db/sql';

describe('openDuckDB', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'open-duckdb-'));
    file = join(dir, 'geo.parquet');
    const db = await openDuckDB();
    // A unit square as WKB, in a file declared GeoParquet like the glands and lumina tables.
    const wkb =
      '0103000000010000000500000000000000000000000000000000000000000000000000F03F0000000000000000000000000000F03F000000000000F03F0000000000000000000000000000F03F00000000000000000000000000000000';
    await db.connection.run(
      `COPY (SELECT from_hex('${wkb}') AS geometry) TO ${literal(file)} (FORMAT parquet, KV_METADATA {geo: ${literal(geoParquetMetadata())}})`,
    );
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads GeoParquet geometry as the registry BLOB of WKB in every connection, sandboxed or not', async () => {
    for (const options of [{}, { sandbox: { allowedDirectories: [dir] } }]) {
      const db = await openDuckDB(options);
      try {
        for (const connection of [db.connection, await db.instance.connect()]) {
          const reader = await connection.runAndReadAll(
            `SELECT typeof(geometry) AS type, octet_length(geometry) AS bytes FROM read_parquet(${literal(file)})`,
          );
          expect(reader.getRowObjectsJS()).toEqual([{ type: 'BLOB', bytes: 93n }]);
        }
      } finally {
        db.close();
      }
    }
  });
});
