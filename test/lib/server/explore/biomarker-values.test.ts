/** User biomarkers computed through DuckDB on the test dataset equal direct, hand-written DuckDB counts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import type { BiomarkerDef } from '../../../../lib/explore/biomarker';
import { loadAnalysisSlides } from '../../../../lib/server/explore/analysis-slides';
import { loadBiomarkerValues } from '../../../../lib/server/explore/biomarker-values';
import { ensureTestDataset } from '../../../support/test-dataset';

describe('biomarker values (test dataset, DuckDB)', () => {
  let dataset: OpenedDataset;
  const direct = async (sql: string) =>
    new Map(
      (await dataset.connection.runAndReadAll(sql))
        .getRows()
        .map((r) => [String(r[0]), r[1] === null ? null : Number(r[1])]),
    );

  beforeAll(async () => {
    dataset = await openDataset(await ensureTestDataset(), { threads: 1 });
  }, 300_000);
  afterAll(() => dataset?.close());

  it('count: lymphocytes in tumour tissue outside glands', async () => {
    const biomarker: BiomarkerDef = {
      id: 'b1',
      measure: 'count',
      filter: { kind: 'nuclei', classes: [3], tissue: [1], inGland: false },
    };
    const expected = await direct(
      `SELECT s.slide_id, (SELECT count(*) FROM nuclei n WHERE n.slide_id = s.slide_id AND class_id = 3 AND tissue_class = 1 AND gland_id IS NULL) FROM slides s`,
    );
    const values = await loadBiomarkerValues(dataset, biomarker);
    expect(values.size).toBe(4);
    expect(new Map(values)).toEqual(expected);
    expect([...values.values()].some((v) => (v ?? 0) > 0)).toBe(true);
  });

  it('density per mm² of tissue: large epithelial nuclei', async () => {
    const biomarker: BiomarkerDef = {
      id: 'b2',
      measure: 'density',
      filter: { kind: 'nuclei', classes: [2], ranges: [{ feature: 'area_um2', min: 40 }] },
    };
    const expected = await direct(
      `SELECT s.slide_id, (SELECT count(*) FROM nuclei n WHERE n.slide_id = s.slide_id AND class_id = 2 AND area_um2 >= 40) / s.tissue_area_mm2::DOUBLE FROM slides s`,
    );
    const values = await loadBiomarkerValues(dataset, biomarker);
    for (const [slide, value] of expected) expect(values.get(slide)).toBeCloseTo(value!, 9);
  });

  it('fraction over all of the kind and over one class', async () => {
    const ofKind: BiomarkerDef = {
      id: 'b3',
      measure: 'fraction',
      filter: { kind: 'glands', ranges: [{ feature: 'area_um2', min: 5000 }] },
    };
    const expectedKind = await direct(
      `SELECT slide_id, count(*) FILTER (WHERE area_um2 >= 5000) / count(*) FROM glands GROUP BY slide_id`,
    );
    expect(new Map(await loadBiomarkerValues(dataset, ofKind))).toEqual(expectedKind);
    const ofClass: BiomarkerDef = {
      id: 'b4',
      measure: 'fraction',
      filter: { kind: 'nuclei', classes: [3], tissue: [1] },
      denominatorClass: 3,
    };
    const expectedClass = await direct(
      `SELECT slide_id, count(*) FILTER (WHERE class_id = 3 AND tissue_class = 1) / nullif(count(*) FILTER (WHERE class_id = 3), 0) FROM nuclei GROUP BY slide_id`,
    );
    const values = await loadBiomarkerValues(dataset, ofClass);
    for (const [slide, value] of expectedClass) expect(values.get(slide)).toBeCloseTo(value!, 12);
  });

  it('biomarker columns join the slide records by slide id', async () => {
    const biomarker: BiomarkerDef = { id: 'b5', measure: 'count', filter: { kind: 'lumina' } };
    const slides = await loadAnalysisSlides(dataset, [biomarker]);
    const lumina = await direct('SELECT slide_id, lumen_count FROM slides');
    for (const slide of slides) expect(slide.b5).toBe(lumina.get(String(slide.slide_id)));
  });
});
