import { describe, expect, it } from 'vitest';
import { aggregateByPatient } from '../../../lib/stats/patients';

describe('aggregateByPatient', () => {
  it('averages non-missing slide values per patient and counts slides', () => {
    const rows = [
      { patientId: 'A', value: 1, patient: { msi: 'MSS' } },
      { patientId: 'B', value: null, patient: { msi: 'MSI-H' } },
      { patientId: 'A', value: 3, patient: { msi: 'MSS' } },
      { patientId: 'A', value: null, patient: { msi: 'MSS' } },
      { patientId: 'C', value: Number.NaN, patient: { msi: 'MSS' } },
    ];
    expect(aggregateByPatient(rows)).toEqual([
      { patientId: 'A', value: 2, slides: 3, patient: { msi: 'MSS' } },
      { patientId: 'B', value: null, slides: 1, patient: { msi: 'MSI-H' } },
      { patientId: 'C', value: null, slides: 1, patient: { msi: 'MSS' } },
    ]);
  });
});
