import { describe, expect, it } from 'vitest';
import { DEFAULT_COHORT_STATE } from '../../../lib/cohort/cohort-state';
import { columnChoiceLabel, exportColumnChoices, objectExportQuery } from '../../../lib/cohort/download-urls';
import { OBJECT_KINDS } from '../../../lib/registry';
import { exportableColumns, exportColumns } from '../../../lib/server/export/export-spec';
import { parseExportQuery } from '../../../app/api/export/schema';

const base = { format: 'csv', kind: 'nuclei', filter: undefined, contours: false, gzip: false } as const;

describe('object export URLs and the column chooser', () => {
  it('offers every exportable registry column except object_id, in registry order, with units', () => {
    for (const kind of OBJECT_KINDS) {
      const choices = exportColumnChoices(kind).map((c) => c.name);
      expect(choices).toEqual(
        exportableColumns(kind)
          .map((c) => c.name)
          .filter((n) => n !== 'object_id'),
      );
      expect(choices).not.toContain('contour');
    }
    const area = exportColumnChoices('nuclei').find((c) => c.name === 'area_um2');
    expect(columnChoiceLabel(area!)).toMatch(/\(µm²\)$/);
    expect(columnChoiceLabel({ label: 'Eccentricity', unit: '' })).toBe('Eccentricity');
  });

  it('all columns: no columns parameter; a chosen set: carried in columns= and parsed back by the server schema', () => {
    expect(new URLSearchParams(objectExportQuery(DEFAULT_COHORT_STATE, base)).has('columns')).toBe(false);
    const query = objectExportQuery(DEFAULT_COHORT_STATE, {
      ...base,
      format: 'parquet',
      columns: ['area_um2', 'eccentricity'],
      contours: true,
    });
    const params = new URLSearchParams(query);
    expect(params.get('columns')).toBe('area_um2,eccentricity');
    const parsed = parseExportQuery(params);
    expect(parsed.columns).toEqual(['area_um2', 'eccentricity']);
    const names = exportColumns({
      kind: 'nuclei',
      filter: { kind: 'nuclei' },
      columns: parsed.columns,
      contours: true,
    }).map((c) => c.name);
    expect(names).toEqual(['slide_id', 'object_id', 'area_um2', 'eccentricity', 'contour_unit_um', 'contour']);
  });

  it('an empty choice asks for the ids only (an empty columns= would mean all)', () => {
    const params = new URLSearchParams(objectExportQuery(DEFAULT_COHORT_STATE, { ...base, columns: [] }));
    const parsed = parseExportQuery(params);
    const names = exportColumns({
      kind: 'nuclei',
      filter: { kind: 'nuclei' },
      contours: false,
      ...(parsed.columns ? { columns: parsed.columns } : {}),
    }).map((c) => c.name);
    expect(names).toEqual(['slide_id', 'object_id']);
  });
});
