import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCohortState } from '../../../../lib/cohort/cohort-state';
import { filterRows, sortRows } from '../../../../lib/cohort/table-model';
import { partitionFile } from '../../../../lib/contract/layout';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import { filterToSql, type ObjectFilter } from '../../../../lib/filters';
import { countPerSlide } from '../../../../lib/server/cohort/count-per-slide';
import { loadCohortRows } from '../../../../lib/server/cohort/load-cohort-rows';
import { objectHistogram } from '../../../../lib/server/cohort/object-histogram';
import { slideTableSql } from '../../../../lib/server/cohort/slide-table-sql';
import { ensureTestDataset } from '../../../support/test-dataset';
import { planCubeQuery } from '../../../../lib/cube/cube-plan';

const FILTERS: ObjectFilter[] = [
  { kind: 'nuclei' },
  { kind: 'nuclei', classes: [2], tissue: [1], ranges: [{ feature: 'area_um2', min: 30 }] },
  { kind: 'nuclei', inGland: false, ranges: [{ feature: 'eccentricity', max: 0.6 }] },
  { kind: 'glands', ranges: [{ feature: 'solidity', max: 0.9 }] },
  { kind: 'lumina', classes: [] },
];

describe('cohort queries (real test dataset)', () => {
  let dataset: OpenedDataset;
  beforeAll(async () => {
    dataset = await openDataset(await ensureTestDataset(), { threads: 2 });
  });
  afterAll(() => dataset?.close());

  it.each(FILTERS.map((f) => [JSON.stringify(f), f] as const))(
    'countPerSlide(%s) equals DuckDB counts read slide file by slide file',
    async (_, filter) => {
      const result = await countPerSlide(dataset, filter);
      // The cube answers exactly what it can (lib/cube/cube-plan.ts); the scan answers the rest.
      expect(result.source).toBe(planCubeQuery(filter) ? 'cube' : 'scan');
      const slides = (
        await dataset.connection.runAndReadAll('SELECT slide_id, tissue_area_mm2 FROM slides ORDER BY 1')
      ).getRows();
      expect(result.slides.map((s) => s.slideId)).toEqual(slides.map((r) => r[0]));
      for (const [slideId, area] of slides) {
        const file = `${dataset.dir}/${partitionFile(filter.kind, String(slideId))}`;
        const [row] = (
          await dataset.connection.runAndReadAll(
            `SELECT count(*) FILTER (WHERE ${filterToSql(filter)})::INTEGER, count(*)::INTEGER FROM read_parquet('${file}')`,
          )
        ).getRows();
        const got = result.slides.find((s) => s.slideId === slideId);
        expect(got?.count).toBe(row?.[0]);
        expect(got?.total).toBe(row?.[1]);
        if (got && typeof area === 'number') expect(got.densityPerMm2).toBeCloseTo(got.count / area, 9);
      }
    },
  );

  it('the cohort histogram sums to the filtered count', async () => {
    const filter = FILTERS[1] as ObjectFilter;
    const histogram = await objectHistogram(dataset, filter, 'area_um2', 25);
    const total = (await countPerSlide(dataset, filter)).slides.reduce((a, s) => a + s.count, 0);
    expect(histogram.counts.reduce((a, b) => a + b, 0) + histogram.missing).toBe(total);
    expect(histogram.unit).toBe('µm²');
  });

  it('the slide table SQL keeps and orders exactly the rows the client-side table model shows', async () => {
    const rows = await loadCohortRows(dataset);
    for (const query of [
      'c.project=COAD',
      'sort=-os_months',
      'q=af-2&sort=stage',
      'r.tissue_area_mm2=0.8:&c.os_event=false',
      'c.cms=CMS3,CMS4&sort=cms',
    ]) {
      const { state, errors } = parseCohortState(new URLSearchParams(query));
      expect(errors).toEqual([]);
      const expected = sortRows(filterRows(rows, state), state.sort).map((r) => r.slide_id);
      const got = (await dataset.connection.runAndReadAll(slideTableSql(state))).getRows().map((r) => r[0]);
      expect(got, query).toEqual(expected);
    }
  });
});
