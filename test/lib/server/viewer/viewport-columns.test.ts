/**
 * The nuclei layer's cells and points computed in memory (lib/viewer/viewport-columns.ts) must
 * equal DuckDB's answer to the SQL builders (lib/server/viewer/nuclei-sql.ts) on the real
 * `test` dataset, for filtered, coloured and unfiltered views (STYLE.md §11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numericColumn, vec2Column, type ArrowColumns } from '../../../../lib/arrow/arrow-columns';
import type { OpenedDataset } from '../../../../lib/dataset/open-dataset';
import type { ObjectFilter } from '../../../../lib/filters';
import { loadedColumnStore } from '../../../../lib/server/viewer/column-store';
import { colorDomain, loadFeatureStats } from '../../../../lib/server/viewer/feature-stats';
import { loadNucleiLayer } from '../../../../lib/server/viewer/nuclei-layer';
import { buildGridSql, buildPointsSql } from '../../../../lib/server/viewer/nuclei-sql';
import { readColumns, type ResultColumns } from '../../../../lib/server/viewer/read-columns';
import type { ViewerContext } from '../../../../lib/server/viewer/served-slide';
import type { SlideSource } from '../../../../lib/server/viewer/slide-source';
import type { Box } from '../../../../lib/viewer/level-of-detail';
import { openLargestTestSlide } from '../../../support/largest-test-slide';

let dataset: OpenedDataset;
let source: SlideSource;
let viewer: ViewerContext;
let whole: Box;

beforeAll(async () => {
  ({ dataset, source, viewer, whole } = await openLargestTestSlide());
});
afterAll(() => dataset?.close());

const filters: ObjectFilter[] = [
  { kind: 'nuclei' },
  { kind: 'nuclei', classes: [2, 3], ranges: [{ feature: 'area_um2', min: 25 }] },
  { kind: 'nuclei', tissue: [1, 5], inGland: false, ranges: [{ feature: 'nn_distance_um', max: 12 }] },
  {
    kind: 'nuclei',
    ranges: [
      { feature: 'eccentricity', min: 0.3 },
      { feature: 'eccentricity', max: 0.9 },
    ],
  },
];

const sortedRows = (length: number, row: (i: number) => string) => Array.from({ length }, (_, i) => row(i)).sort();

function memoryCells(table: ArrowColumns, colored: boolean): string[] {
  const [col, row, cls, count] = ['col', 'row', 'class_id', 'count'].map((n) => numericColumn(table, n));
  const sum = colored ? numericColumn(table, 'value_sum') : null;
  const present = colored ? numericColumn(table, 'value_count') : null;
  return sortedRows(
    table.length,
    (i) => `${col![i]},${row![i]},${cls![i]}:${count![i]}${sum ? `:${sum[i]!.toPrecision(5)}/${present![i]}` : ''}`,
  );
}

function sqlCells(result: ResultColumns, colored: boolean): string[] {
  const n = result.numeric;
  return sortedRows(
    result.length,
    (i) =>
      `${n.col![i]},${n.row![i]},${n.class_id![i]}:${n.count![i]}${colored ? `:${n.value_sum![i]!.toPrecision(5)}/${n.value_count![i]}` : ''}`,
  );
}

describe('cells in memory equal the SQL GROUP BY', () => {
  const half = (): Box => ({
    minX: whole.maxX / 5,
    minY: whole.maxY / 4,
    maxX: (3 * whole.maxX) / 4,
    maxY: whole.maxY,
  });

  it.each(filters.flatMap((filter) => [16, 64, 256].map((levelUm) => ({ filter, levelUm }))))(
    'level $levelUm µm, filter $filter',
    async ({ filter, levelUm }) => {
      for (const [box, colorBy] of [
        [whole, 'class'],
        [half(), 'area_um2'],
      ] as const) {
        const table = await loadNucleiLayer(viewer, { source, lod: { kind: 'grid', levelUm }, box, filter, colorBy });
        const valueFeature = colorBy === 'class' ? undefined : colorBy;
        // A filter keeping every class forces the raw GROUP BY rather than the nuclei_grid lookup.
        const sqlFilter = filter.classes || valueFeature ? filter : { ...filter, classes: [0, 1, 2, 3, 4, 5, 6] };
        const sql = buildGridSql({ source, levelUm, box, filter: sqlFilter, valueFeature });
        const expected = sqlCells(await readColumns(dataset.connection, sql), valueFeature !== undefined);
        expect(memoryCells(table, valueFeature !== undefined)).toEqual(expected);
        expect(expected.length).toBeGreaterThan(0);
      }
    },
  );

  it('the precomputed nuclei_grid answers before the columns are loaded, and agrees', async () => {
    const version = `cold-${Date.now()}`;
    const request = {
      source,
      lod: { kind: 'grid', levelUm: 64 } as const,
      box: whole,
      filter: { kind: 'nuclei' } as const,
      colorBy: 'class',
    };
    const cold = await loadNucleiLayer(viewer, { ...request, version });
    expect(loadedColumnStore(source, 'nuclei', version)).toBeUndefined();
    const warm = await loadNucleiLayer(viewer, {
      ...request,
      filter: { kind: 'nuclei', classes: [0, 1, 2, 3, 4, 5, 6] },
    });
    expect(memoryCells(cold, false)).toEqual(memoryCells(warm, false));
  });
});

describe('points in memory equal the SQL selection', () => {
  it.each(filters)('%j', async (filter) => {
    const box = { minX: whole.maxX / 3, minY: 0, maxX: whole.maxX, maxY: (2 * whole.maxY) / 3 };
    const stats = await loadFeatureStats(viewer, source, 'nuclei', ['solidity']);
    const [lo, hi] = colorDomain(stats.solidity!);
    const table = await loadNucleiLayer(viewer, { source, lod: { kind: 'points' }, box, filter, colorBy: 'solidity' });
    const position = vec2Column(table, 'position');
    const [cls, value] = [numericColumn(table, 'class_id'), numericColumn(table, 'value')];
    const memory = sortedRows(table.length, (i) => `${position[2 * i]},${position[2 * i + 1]},${cls[i]},${value[i]}`);
    const sql = buildPointsSql({ source, box, filter, coloring: { feature: 'solidity', lo, hi }, limit: 1e6 });
    const result = await readColumns(dataset.connection, sql);
    const n = result.numeric;
    const expected = sortedRows(result.length, (i) => `${n.x_um![i]},${n.y_um![i]},${n.class_id![i]},${n.value![i]}`);
    expect(memory).toEqual(expected);
    expect(table.metadata.truncated).toBe('false');
  });
});
