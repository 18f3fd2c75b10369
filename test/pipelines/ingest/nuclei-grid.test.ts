import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB, type OpenDatabase } from '@/lib/db/open-duckdb';
import { GRID_LEVELS_UM } from '@/lib/registry';
import { buildNucleiGrid } from '@/pipelines/ingest/nuclei-grid';
import { seededRandom } from '../../support/seeded-random';

describe('buildNucleiGrid', () => {
  let db: OpenDatabase;
  beforeAll(async () => {
    db = await openDuckDB({ threads: 1 });
  });
  afterAll(() => db.close());

  it('refuses nuclei spread over more cells than its 32-bit keys index, instead of merging cells', () => {
    // 32,768 × 16,385 cells of 16 µm × 8 classes ≥ 2^32: a shifted key would wrap to cell (0, 0).
    const x = Float32Array.of(0, 16 * 32767, 0);
    const y = Float32Array.of(0, 0, 16 * 16384);
    const grid = () =>
      buildNucleiGrid({ x_um: x, y_um: y, class_id: Int8Array.of(1, 1, 1), area_um2: Float32Array.of(1, 1, 1) }, 3);
    expect(grid).toThrow(/too many to index/);
  });

  it("equals DuckDB's GROUP BY of floor(x_um / level_um), floor(y_um / level_um), class, in (level, row, col, class) order", async () => {
    const random = seededRandom(7);
    const n = 20_000;
    // Clustered points, some exactly on cell edges and a few just left of the origin.
    const x = Float32Array.from({ length: n }, (_, i) =>
      i % 50 === 0 ? 1024 * Math.floor(random() * 8) : i % 97 === 0 ? -random() : 3000 * random() ** 2,
    );
    const y = Float32Array.from({ length: n }, (_, i) =>
      i % 40 === 0 ? 256 * Math.floor(random() * 6) : 2000 * random(),
    );
    const classId = Int8Array.from({ length: n }, () => Math.floor(random() * 7));
    const area = Float32Array.from({ length: n }, () => Math.fround(5 + 80 * random()));
    const grid = buildNucleiGrid({ x_um: x, y_um: y, class_id: classId, area_um2: area }, n);

    await db.connection.run('CREATE OR REPLACE TABLE n (x_um FLOAT, y_um FLOAT, class_id TINYINT, area_um2 FLOAT)');
    const appender = await db.connection.createAppender('n');
    for (let i = 0; i < n; i++) {
      appender.appendFloat(x[i]!);
      appender.appendFloat(y[i]!);
      appender.appendTinyInt(classId[i]!);
      appender.appendFloat(area[i]!);
      appender.endRow();
    }
    appender.closeSync();
    const levels = GRID_LEVELS_UM.map((l) => `(${l})`).join(', ');
    const expected = (
      await db.connection.runAndReadAll(
        `SELECT l.level::SMALLINT AS level_um, floor(x_um / l.level)::INTEGER AS col, floor(y_um / l.level)::INTEGER AS row, class_id, count(*)::INTEGER AS count, sum(area_um2)::DOUBLE AS area_sum_um2
         FROM n, (VALUES ${levels}) l(level) GROUP BY ALL ORDER BY level_um, row, col, class_id`,
      )
    ).getRowObjectsJS();
    expect(grid.count).toBe(expected.length);
    const c = grid.columns as Record<string, ArrayLike<number>>;
    expected.forEach((row, k) => {
      expect([c.level_um![k], c.row![k], c.col![k], c.class_id![k], c.count![k]]).toEqual([
        row.level_um,
        row.row,
        row.col,
        row.class_id,
        row.count,
      ]);
      expect(c.area_sum_um2![k]).toBeCloseTo(Number(row.area_sum_um2), 6);
    });
  });
});
