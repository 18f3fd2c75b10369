import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COHORT_STATE,
  parseCohortState,
  slideHref,
  writeCohortState,
  type CohortState,
} from '../../../lib/cohort/cohort-state';
import { readFilterParams } from '../../../lib/filters';

describe('cohort URL state', () => {
  it('round-trips every part of the state through search params', () => {
    const state: CohortState = {
      search: 'aa-39',
      columns: ['slide_id', 'project', 'os_months'],
      categories: { msi_status: ['MSI-H'], os_event: ['true'] },
      ranges: { age_years: { min: 40 }, tissue_area_mm2: { min: 0.5, max: 2 } },
      chartFeature: 'gland_count',
      groupBy: 'cms',
      objectFilter: {
        kind: 'nuclei',
        classes: [2],
        tissue: [1],
        inGland: true,
        ranges: [{ feature: 'area_um2', min: 60 }],
      },
      objectFeature: 'eccentricity',
      biomarkers: [
        { id: 'b1', measure: 'density', filter: { kind: 'nuclei', classes: [3], tissue: [1] } },
        {
          id: 'b2',
          measure: 'fraction',
          filter: { kind: 'nuclei', classes: [2], ranges: [{ feature: 'area_um2', min: 60 }] },
          denominatorClass: 2,
        },
      ],
      sort: { column: 'b1', descending: true },
    };
    const parsed = parseCohortState(writeCohortState(state));
    expect(parsed.errors).toEqual([]);
    expect(parsed.state).toEqual(state);
  });

  it('a bare URL is the default state and writes no parameters', () => {
    expect(parseCohortState(new URLSearchParams()).state).toEqual(DEFAULT_COHORT_STATE);
    expect(writeCohortState(DEFAULT_COHORT_STATE).toString()).toBe('');
  });

  it('reports unknown columns, levels, inverted ranges and bad object filters, keeping the valid rest', () => {
    const { state, errors } = parseCohortState(
      new URLSearchParams(
        'cols=slide_id,nope&c.stage=V&r.age_years=9:1&r.project=1:2&sort=-x&obj=nuclei&n.f=area_um2:5:1&hist=project',
      ),
    );
    expect(state.columns).toEqual(['slide_id']);
    expect(state.objectFilter).toBeUndefined();
    expect(errors).toHaveLength(7);
  });

  it('opens a slide with the object filter under the viewer prefix (n, g, l)', () => {
    const href = slideHref('TCGA-AA-3949-01Z-00-DX1', { kind: 'glands', ranges: [{ feature: 'solidity', max: 0.8 }] });
    expect(href).toBe('/slides/TCGA-AA-3949-01Z-00-DX1?g.f=solidity%3A%3A0.8');
    const read = readFilterParams('glands', 'g', new URL(href, 'http://x').searchParams);
    expect(read).toEqual({ ok: true, filter: { kind: 'glands', ranges: [{ feature: 'solidity', max: 0.8 }] } });
    expect(slideHref('S1', undefined)).toBe('/slides/S1');
  });
});
