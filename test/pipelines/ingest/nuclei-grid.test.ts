import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB, type OpenDatabase } from '@/lib/db/open-duckdb';
import { GRID_LEVELS_UM } from '@/lib/registry';
import { buildNucleiGrid } from '@/pipelines/ingest/nuclei-grid';
import { seededRandom } from '../../support/seeded-random';

/**
 * The grid by definition: per level, nuclei stably sorted by (row, col, class), one row per group
 * with the area summed in index order (float64), so sums can be compared to the bit.
 */
function referenceGrid(x: Float32Array, y: Float32Array, classId: Int8Array, area: Float32Array): number[][] {
  const rows: number[][] = [];
  for (const level of GRID_LEVELS_UM) {
    // `+ 0` turns floor(−0.5 / 16) = −0 into the 0 an INTEGER column holds.
    const cell = (i: number): [number, number, number] => [
      Math.floor(y[i]! / level) + 0,
      Math.floor(x[i]! / level) + 0,
      classId[i]!,
    ];
    const order = Array.from(x, (_, i) => i).sort((a, b) => {
      const [ra, ca, ka] = cell(a), [rb, cb, kb] = cell(b); // prettier-ignore
      return ra - rb || ca - cb || ka - kb || a - b;
    });
    for (let m = 0; m < order.length;) {
      const [r, c, k] = cell(order[m]!);
      let n = 0;
      let sum = 0;
      for (; m < order.length && cell(order[m]!).join() === [r, c, k].join(); m++) {
        n++;
        sum += area[order[m]!]!;
      }
      rows.push([level, r, c, k, n, sum]);
    }
  }
  return rows;
}

/** Rows of buildNucleiGrid as [level, row, col, class, count, area sum]. */
function gridRows(x: Float32Array, y: Float32Array, classId: Int8Array, area: Float32Array): number[][] {
  const grid = buildNucleiGrid({ x_um: x, y_um: y, class_id: classId, area_um2: area }, x.length);
  const c = grid.columns as Record<string, ArrayLike<number>>;
  return Array.from({ length: grid.count }, (_, k) =>
    ['level_um', 'row', 'col', 'class_id', 'count', 'area_sum_um2'].map((name) => c[name]![k]!),
  );
}

describe('buildNucleiGrid', () => {
  it('equals the stable-sort definition to the bit, area sums included: clustered, spread, negative and edge centroids (property)', () => {
    const coordinate = fc.oneof(
      fc.float({ min: -40, max: 3000, noNaN: true }),
      fc.integer({ min: -4, max: 200 }).map((v) => v * 16),
      fc.float({ min: 0, max: Math.fround(3e5), noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(coordinate, coordinate, fc.integer({ min: 0, max: 6 }), fc.float({ min: 1, max: 500, noNaN: true })),
          {
            maxLength: 300,
          },
        ),
        (nuclei) => {
          const x = Float32Array.from(nuclei, (n) => n[0]);
          const y = Float32Array.from(nuclei, (n) => n[1]);
          const classId = Int8Array.from(nuclei, (n) => n[2]);
          const area = Float32Array.from(nuclei, (n) => n[3]);
          expect(gridRows(x, y, classId, area)).toEqual(referenceGrid(x, y, classId, area));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equals the definition when the levels together hold more rows than nuclei (every nucleus alone in its cell at every level)', () => {
    const n = 3000;
    const x = Float32Array.from({ length: n }, (_, i) => (i % 60) * 2048 + 5);
    const y = Float32Array.from({ length: n }, (_, i) => Math.floor(i / 60) * 2048 + 7);
    const classId = Int8Array.from({ length: n }, (_, i) => i % 7);
    const area = Float32Array.from({ length: n }, (_, i) => 10 + (i % 13) / 8);
    const rows = gridRows(x, y, classId, area);
    expect(rows).toHaveLength(4 * n);
    expect(rows).toEqual(referenceGrid(x, y, classId, area));
  });

  it('refuses a class id that would not fit the 3 class bits of the key', () => {
    const grid = () =>
      buildNucleiGrid(
        { x_um: Float32Array.of(1), y_um: Float32Array.of(1), class_id: Int8Array.of(8), area_um2: Float32Array.of(1) },
        1,
      );
    expect(grid).toThrow(/class id 8/);
  });

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
