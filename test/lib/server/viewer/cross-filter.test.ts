/**
 * The in-memory cross-filter engine must give exactly what the SQL cross-filter gives, on the
 * real test dataset, for filters mixing classes, tissue, gland membership and several ranges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import type { ObjectFilter } from '../../../../lib/filters';
import { columnStore } from '../../../../lib/server/viewer/column-store';
import { buildHistogramsSql } from './cross-filter-sql';
import type { SlideSource } from '../../../../lib/server/viewer/slide-source';
import { crossFilterHistograms } from '../../../../lib/viewer/cross-filter';
import { ensureTestDataset } from '../../../support/test-dataset';

let dataset: OpenedDataset;
let source: SlideSource;

beforeAll(async () => {
  dataset = await openDataset(await ensureTestDataset(), { threads: 1 });
  const row = (
    await dataset.connection.runAndReadAll('SELECT slide_id FROM slides ORDER BY nuclei_count DESC LIMIT 1')
  ).getRowObjectsJS()[0]!;
  source = { dir: dataset.dir, slideId: String(row.slide_id) };
});
afterAll(() => dataset?.close());

const specs = [
  { feature: 'area_um2', lo: 5, hi: 90, bins: 24 },
  { feature: 'eccentricity', lo: 0, hi: 1, bins: 20 },
  { feature: 'nn_distance_um', lo: 0, hi: 40, bins: 16 },
];

describe('crossFilterHistograms equals the SQL cross-filter', () => {
  it.each<ObjectFilter>([
    { kind: 'nuclei' },
    { kind: 'nuclei', classes: [2] },
    { kind: 'nuclei', tissue: [1, 5], inGland: false },
    { kind: 'nuclei', inGland: true, ranges: [{ feature: 'area_um2', min: 30, max: 70 }] },
    {
      kind: 'nuclei',
      classes: [2, 3, 6],
      ranges: [
        { feature: 'area_um2', min: 25 },
        { feature: 'eccentricity', max: 0.8 },
      ],
    },
    {
      kind: 'nuclei',
      ranges: [
        { feature: 'area_um2', min: 20 },
        { feature: 'eccentricity', max: 0.9 },
        { feature: 'area_um2', max: 60 },
      ],
    },
    {
      kind: 'nuclei',
      ranges: [
        { feature: 'lumen_distance_um', min: 0 },
        { feature: 'nn_distance_um', max: 9 },
        { feature: 'solidity', min: 0.9 },
      ],
    },
  ])('%j', async (filter) => {
    const store = await columnStore(dataset, source, 'nuclei', dataset.manifest.version);
    const memory = crossFilterHistograms(store, filter, specs);
    const row = (
      await dataset.connection.runAndReadAll(buildHistogramsSql(source, 'nuclei', filter, specs))
    ).getRowObjectsJS()[0]!;
    expect(memory.total).toBe(Number(row.total));
    expect(memory.filtered).toBe(Number(row.filtered));
    specs.forEach((spec, i) => {
      const sql = new Array<number>(spec.bins).fill(0);
      for (const entry of (row[`h${i}`] as { key: unknown; value: unknown }[] | null) ?? [])
        sql[Number(entry.key)] = Number(entry.value);
      expect(memory.counts[i], spec.feature).toEqual(sql);
    });
  });
});

describe('crossFilterHistograms at the edges of single precision and empty ranges', () => {
  it('counts a FLOAT value at a decimal bound the way DuckDB does (single-precision comparison), and a range with no bounds keeps NULLs', async () => {
    const store = await columnStore(dataset, source, 'nuclei', dataset.manifest.version);
    const values = (
      await dataset.connection.runAndReadAll(
        `SELECT area_um2 FROM nuclei WHERE slide_id = '${source.slideId}' ORDER BY object_id LIMIT 5`,
      )
    ).getRows();
    // Doubles a hair above and below stored float32 values: they round to the value in single precision.
    const bounds = values.flatMap((r) => [Number(r[0]) * (1 + 2 ** -30), Number(r[0]) * (1 - 2 ** -30)]);
    expect(bounds.every((b, i) => b !== Math.fround(b) && Math.fround(b) === Number(values[i >> 1]![0]))).toBe(true);
    const filters: ObjectFilter[] = [
      ...bounds.flatMap((b): ObjectFilter[] => [
        { kind: 'nuclei', ranges: [{ feature: 'area_um2', min: b }] },
        { kind: 'nuclei', ranges: [{ feature: 'area_um2', max: b }] },
        { kind: 'nuclei', ranges: [{ feature: 'area_um2', min: b, max: b }] },
      ]),
      { kind: 'nuclei', ranges: [{ feature: 'lumen_distance_um' }] },
      { kind: 'nuclei', ranges: [{ feature: 'lumen_distance_um' }, { feature: 'area_um2', min: 30 }] },
    ];
    for (const filter of filters) {
      const memory = crossFilterHistograms(store, filter, specs);
      const row = (
        await dataset.connection.runAndReadAll(buildHistogramsSql(source, 'nuclei', filter, specs))
      ).getRowObjectsJS()[0]!;
      expect(memory.filtered, JSON.stringify(filter)).toBe(Number(row.filtered));
    }
  });
});
