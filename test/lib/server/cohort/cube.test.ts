import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCubeQuery } from '../../../../lib/cube/cube-plan';
import { openDataset, type OpenedDataset } from '../../../../lib/dataset/open-dataset';
import type { ObjectFilter } from '../../../../lib/filters';
import { binEdges, NUCLEUS_FEATURE_BINS } from '../../../../lib/registry';
import { countPerSlide, SCAN_COUNT_SOURCE } from '../../../../lib/server/cohort/count-per-slide';
import { ensureTestDataset } from '../../../support/test-dataset';

const edges = (feature: string): Float64Array => binEdges(NUCLEUS_FEATURE_BINS[feature]!);

describe('cube planner', () => {
  it('accepts nuclei filters with at most one range on bin edges, refuses the rest', () => {
    expect(planCubeQuery({ kind: 'nuclei', classes: [2] })).toMatchObject({ feature: '*', fromBin: -1, toBin: null });
    expect(planCubeQuery({ kind: 'nuclei', ranges: [{ feature: 'eccentricity', min: 0.5, max: 0.75 }] })).toMatchObject(
      { feature: 'eccentricity', fromBin: 32, toBin: 48 },
    );
    expect(
      planCubeQuery({ kind: 'nuclei', ranges: [{ feature: 'area_um2', min: edges('area_um2')[20]! }] }),
    ).toMatchObject({ fromBin: 20, toBin: null });
    expect(planCubeQuery({ kind: 'nuclei', ranges: [{ feature: 'area_um2', min: 30 }] })).toBeNull();
    expect(
      planCubeQuery({
        kind: 'nuclei',
        ranges: [
          { feature: 'eccentricity', max: 0.5 },
          { feature: 'solidity', min: 0.5 },
        ],
      }),
    ).toBeNull();
    expect(planCubeQuery({ kind: 'glands', classes: [1] })).toBeNull();
  });
});

describe('cube counts equal exact scans (test dataset)', () => {
  let dataset: OpenedDataset;
  beforeAll(async () => {
    dataset = await openDataset(await ensureTestDataset());
  });
  afterAll(() => dataset?.close());

  const filters: ObjectFilter[] = [
    { kind: 'nuclei' },
    { kind: 'nuclei', classes: [2, 3] },
    { kind: 'nuclei', tissue: [1], inGland: true },
    { kind: 'nuclei', inGland: false, classes: [6] },
    { kind: 'nuclei', ranges: [{ feature: 'eccentricity', min: 0.5, max: 0.75 }] },
    {
      kind: 'nuclei',
      classes: [2],
      ranges: [{ feature: 'area_um2', min: edges('area_um2')[30]!, max: edges('area_um2')[40]! }],
    },
    { kind: 'nuclei', ranges: [{ feature: 'solidity', max: 1 }] },
    { kind: 'nuclei', ranges: [{ feature: 'solidity', min: 1 }] },
    { kind: 'nuclei', ranges: [{ feature: 'extent', min: 0.5, max: 0.5 }] },
    { kind: 'nuclei', ranges: [{ feature: 'neighbours_50um', min: 10, max: 20 }] },
    { kind: 'nuclei', tissue: [5, 3], ranges: [{ feature: 'nn_distance_um', max: edges('nn_distance_um')[40]! }] },
    { kind: 'nuclei', ranges: [{ feature: 'orientation_rad', min: 0 }] },
  ];

  it.each(filters.map((f) => [JSON.stringify(f), f] as const))('%s', async (_, filter) => {
    const cube = await countPerSlide(dataset, filter);
    expect(cube.source).toBe('cube');
    const scanRows = (await dataset.connection.runAndReadAll(SCAN_COUNT_SOURCE.sql(filter))).getRowObjectsJS();
    expect(cube.slides.map((s) => [s.slideId, s.count, s.total])).toEqual(
      scanRows.map((r) => [r.slide_id, Number(r.count), Number(r.total)]),
    );
    expect(cube.slides.some((s) => s.count > 0) || filter.ranges?.[0]?.min === 1).toBe(true);
  });

  it('falls back to the exact scan when a bound is not a bin edge', async () => {
    const result = await countPerSlide(dataset, { kind: 'nuclei', ranges: [{ feature: 'area_um2', min: 30 }] });
    expect(result.source).toBe('scan');
  });
});

describe('fixed-bin cohort histograms: cube and scan agree exactly', () => {
  let dataset: OpenedDataset;
  beforeAll(async () => {
    dataset = await openDataset(await ensureTestDataset());
  });
  afterAll(() => dataset?.close());

  it.each([
    ['area_um2', { kind: 'nuclei', classes: [2] }],
    ['eccentricity', { kind: 'nuclei', tissue: [1, 5] }],
    ['solidity', { kind: 'nuclei', inGland: true, ranges: [{ feature: 'solidity', min: 0.75, max: 1 }] }],
    ['neighbours_50um', { kind: 'nuclei' }],
  ] as const)('%s under %j', async (feature, filter) => {
    const { fixedHistogram } = await import('../../../../lib/server/cohort/fixed-histogram');
    const cube = await fixedHistogram(dataset, filter as ObjectFilter, feature);
    expect(cube.source).toBe('cube');
    // Forcing the scan path: add a range on another feature that keeps everything.
    const scan = await fixedHistogram(
      dataset,
      {
        ...(filter as ObjectFilter),
        ranges: [...((filter as ObjectFilter).ranges ?? []), { feature: 'class_prob', min: -1 }],
      },
      feature,
    );
    expect(scan.source).toBe('scan');
    expect(cube.counts).toEqual(scan.counts);
    expect(cube.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
