import { describe, expect, it } from 'vitest';
import { DEFAULT_COHORT_STATE } from '../../../lib/cohort/cohort-state';
import { composition, filterRows, histogram, sortRows, type SlideRow } from '../../../lib/cohort/table-model';

const ROWS: SlideRow[] = [
  { slide_id: 'TCGA-A-1', patient_id: 'TCGA-A', project: 'COAD', msi_status: 'MSI-H', age_years: 70, os_event: true },
  { slide_id: 'TCGA-B-1', patient_id: 'TCGA-B', project: 'READ', msi_status: 'MSS', age_years: null, os_event: false },
  { slide_id: 'TCGA-C-1', patient_id: 'TCGA-C', project: 'COAD', msi_status: null, age_years: 50, os_event: null },
];

describe('cohort table model', () => {
  it('filters by search, category levels (booleans as true/false) and numeric ranges; missing values fail active filters', () => {
    const base = DEFAULT_COHORT_STATE;
    expect(filterRows(ROWS, { ...base, search: 'b-1' }).map((r) => r.slide_id)).toEqual(['TCGA-B-1']);
    expect(filterRows(ROWS, { ...base, categories: { project: ['COAD'] } })).toHaveLength(2);
    expect(filterRows(ROWS, { ...base, categories: { os_event: ['false'] } }).map((r) => r.slide_id)).toEqual([
      'TCGA-B-1',
    ]);
    expect(filterRows(ROWS, { ...base, ranges: { age_years: { min: 60 } } }).map((r) => r.slide_id)).toEqual([
      'TCGA-A-1',
    ]);
    expect(filterRows(ROWS, { ...base, categories: { msi_status: [] } })).toEqual([]);
  });

  it('sorts both ways with missing values last and ties stable', () => {
    expect(sortRows(ROWS, { column: 'age_years', descending: false }).map((r) => r.age_years)).toEqual([50, 70, null]);
    expect(sortRows(ROWS, { column: 'age_years', descending: true }).map((r) => r.age_years)).toEqual([70, 50, null]);
    expect(sortRows(ROWS, { column: 'project', descending: true }).map((r) => r.slide_id)).toEqual([
      'TCGA-B-1',
      'TCGA-A-1',
      'TCGA-C-1',
    ]);
  });

  it('bins values with the maximum in the last bin and counts missing ones', () => {
    const h = histogram([0, 1, 2, 3, 4, null], 4);
    expect(h.counts).toEqual([1, 1, 1, 2]);
    expect(h.missing).toBe(1);
    expect(histogram([5, 5], 3).counts).toEqual([2, 0, 0]);
  });

  it('counts rows per level in registry order, then missing', () => {
    expect(composition(ROWS, 'msi_status')).toEqual([
      { level: 'MSS', count: 1 },
      { level: 'MSI-L', count: 0 },
      { level: 'MSI-H', count: 1 },
      { level: 'missing', count: 1 },
    ]);
  });
});
