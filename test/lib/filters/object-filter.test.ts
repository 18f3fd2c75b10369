import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableSql } from '../../../lib/contract/ddl';
import { openDuckDB, type OpenDatabase } from '../../../lib/db/open-duckdb';
import {
  filterToSql,
  normalizeFilter,
  parseObjectFilter,
  readFilterParams,
  writeFilterParams,
  type ObjectFilter,
} from '../../../lib/filters';

describe('object filter model', () => {
  let db: OpenDatabase;
  beforeAll(async () => {
    db = await openDuckDB({ threads: 1 });
    await db.connection.run(createTableSql('nuclei'));
    await db.connection.run(createTableSql('lumina'));
    // Rows: (class, tissue, gland, area): 4 nuclei chosen so each predicate splits them.
    await db.connection
      .run(`INSERT INTO nuclei (object_id, x_um, y_um, class_id, class_prob, area_um2, perimeter_um, convex_area_um2, solidity, equivalent_diameter_um, major_axis_um, minor_axis_um, eccentricity, orientation_rad, circularity, extent, tissue_class, gland_id, nn_distance_um, neighbours_50um, lumen_distance_um, contour_unit_um, contour) VALUES
      (0, 1, 1, 2, 0.9, 60, 30, 62, 0.97, 8.7, 10, 7, 0.7, 0, 0.8, 0.7, 1, 5, 4, 10, NULL, 0.5, ''::BLOB),
      (1, 2, 2, 3, 0.9, 25, 18, 25, 0.99, 5.6, 6, 5, 0.5, 0, 0.95, 0.8, 1, NULL, 4, 12, NULL, 0.5, ''::BLOB),
      (2, 3, 3, 2, 0.8, 90, 40, 100, 0.9, 10.7, 14, 8, 0.82, 0, 0.7, 0.6, 5, NULL, 6, 3, NULL, 0.5, ''::BLOB),
      (3, 4, 4, 6, 0.7, 40, 35, 44, 0.91, 7.1, 12, 4, 0.94, 0, 0.4, 0.5, 5, 7, 6, 2, NULL, 0.5, ''::BLOB)`);
  });
  afterAll(() => db.close());

  const count = async (filter: ObjectFilter): Promise<number> => {
    const reader = await db.connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM nuclei WHERE ${filterToSql(filter)}`,
    );
    return reader.getRowObjectsJS()[0]!.n as number;
  };

  it('turns each part of a filter into the right predicate (checked in DuckDB)', async () => {
    expect(await count({ kind: 'nuclei' })).toBe(4);
    expect(await count({ kind: 'nuclei', classes: [2] })).toBe(2);
    expect(await count({ kind: 'nuclei', classes: [] })).toBe(0);
    expect(await count({ kind: 'nuclei', tissue: [1] })).toBe(2);
    expect(await count({ kind: 'nuclei', inGland: true })).toBe(2);
    expect(await count({ kind: 'nuclei', inGland: false })).toBe(2);
    expect(await count({ kind: 'nuclei', ranges: [{ feature: 'area_um2', min: 40, max: 60 }] })).toBe(2);
    expect(await count({ kind: 'nuclei', classes: [2], tissue: [1], ranges: [{ feature: 'area_um2', min: 50 }] })).toBe(
      1,
    );
    expect(
      await count({
        kind: 'nuclei',
        ranges: [
          { feature: 'eccentricity', max: 0.75 },
          { feature: 'area_um2', min: 50 },
        ],
      }),
    ).toBe(1);
  });

  it('drops one feature range for cross-filter histograms', async () => {
    const filter: ObjectFilter = {
      kind: 'nuclei',
      ranges: [
        { feature: 'area_um2', min: 50 },
        { feature: 'eccentricity', max: 0.75 },
      ],
    };
    const reader = await db.connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n FROM nuclei WHERE ${filterToSql(filter, { except: 'area_um2' })}`,
    );
    expect(reader.getRowObjectsJS()[0]!.n).toBe(2);
  });

  it('refuses unknown features, inverted ranges, non-finite values, foreign classes and kinds', () => {
    expect(() =>
      parseObjectFilter({ kind: 'nuclei', ranges: [{ feature: 'area_um2; DROP TABLE nuclei', min: 1 }] }),
    ).toThrow();
    expect(() => parseObjectFilter({ kind: 'nuclei', ranges: [{ feature: 'area_um2', min: 5, max: 1 }] })).toThrow(
      /min must not exceed max/,
    );
    expect(() => parseObjectFilter({ kind: 'nuclei', ranges: [{ feature: 'area_um2', min: Infinity }] })).toThrow();
    expect(() => parseObjectFilter({ kind: 'nuclei', classes: [7] })).toThrow(/class must be one of/);
    expect(() => parseObjectFilter({ kind: 'glands', inGland: true })).toThrow(/inGland/);
    expect(() => parseObjectFilter({ kind: 'cells' })).toThrow();
    expect(parseObjectFilter({ kind: 'lumina', inGland: false, ranges: [{ feature: 'area_um2', max: 100 }] })).toEqual({
      kind: 'lumina',
      inGland: false,
      ranges: [{ feature: 'area_um2', max: 100 }],
    });
  });

  it('round-trips through URL parameters (property)', () => {
    const filter = fc.record(
      {
        classes: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }),
        tissue: fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { maxLength: 9 }),
        inGland: fc.boolean(),
        ranges: fc.array(
          fc.record(
            {
              feature: fc.constantFrom('area_um2', 'eccentricity', 'nn_distance_um'),
              min: fc.integer({ min: 0, max: 50 }),
              max: fc.integer({ min: 50, max: 100 }),
            },
            { requiredKeys: ['feature'] },
          ),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(filter, (parts) => {
        const original = { kind: 'nuclei' as const, ...parts };
        const params = new URLSearchParams();
        writeFilterParams(original, 'n', params);
        const back = readFilterParams('nuclei', 'n', new URLSearchParams(params.toString()));
        expect(back).toEqual({ ok: true, filter: normalizeFilter(original) });
      }),
    );
  });

  it('reports malformed URL filters instead of throwing', () => {
    expect(readFilterParams('nuclei', 'n', new URLSearchParams('n.f=area_um2:9:1'))).toMatchObject({ ok: false });
    expect(readFilterParams('nuclei', 'n', new URLSearchParams('n.class=x'))).toMatchObject({ ok: false });
    expect(readFilterParams('nuclei', 'n', new URLSearchParams('n.gland=maybe'))).toMatchObject({
      ok: false,
      error: 'n.gland must be "in" or "out"',
    });
    expect(readFilterParams('nuclei', 'n', new URLSearchParams('n.f=bogus:1:2'))).toMatchObject({ ok: false });
  });
});
