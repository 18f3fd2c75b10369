import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDelimited, parseDelimited, parseDelimitedRecords } from '@/pipelines/tables/delimited';
import {
  parseClinicalTable,
  toClinicalRow,
  toEvent,
  toMolecularSubtype,
  toNumber,
  toProject,
  toStage,
} from '@/pipelines/reference/clinical-table';
import { formatSlidesCsv, loadReferenceCohort, SLIDES_CSV_COLUMNS } from '@/pipelines/reference/slides-csv';
import { SLIDE_TABLE_COLUMNS, readSlideTable } from '@/pipelines/ingest/slide-table';
import { makeTempDir } from '../../support/temp-dir';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

describe('csv', () => {
  it('parses quotes, doubled quotes, embedded commas and CRLF', () => {
    expect([
      ...(({ header, rows }) => [header, ...rows])(parseDelimited('a,"b,c","d""e"\r\n1,,"x\ny"\n', ',')),
    ]).toEqual([
      ['a', 'b,c', 'd"e'],
      ['1', '', 'x\ny'],
    ]);
    expect(parseDelimitedRecords('\ufeffk,v\n1,2')).toEqual([{ k: '1', v: '2' }]);
    expect(() => parseDelimitedRecords('k,v\n1')).toThrow(/line 2: 1 fields, header has 2/);
    expect(() => parseDelimited('"open')).toThrow(/unterminated/);
  });

  it('round-trips any rectangular table of strings', () => {
    const table = fc
      .integer({ min: 2, max: 4 })
      .chain((width) =>
        fc.array(fc.array(fc.string(), { minLength: width, maxLength: width }), { minLength: 1, maxLength: 5 }),
      );
    fc.assert(
      fc.property(table, (rows) => {
        // Header names are trimmed on read; data fields are kept verbatim.
        const expected = [rows[0]!.map((h) => h.trim()), ...rows.slice(1)];
        expect((({ header, rows: body }) => [header, ...body])(parseDelimited(formatDelimited(rows), ','))).toEqual(
          expected,
        );
      }),
    );
  });
});

describe('clinical mappings', () => {
  it('maps projects, stages, subtypes, events and numbers', () => {
    expect(toProject('TCGA-COAD')).toBe('COAD');
    expect(toProject('TCGA-READ')).toBe('READ');
    expect(() => toProject('TCGA-STAD')).toThrow();
    expect(
      [
        'STAGE I',
        'STAGE IA',
        'STAGE II',
        'STAGE IIA',
        'STAGE IIB',
        'STAGE IIC',
        'STAGE III',
        'STAGE IIIB',
        'STAGE IIIC',
        'STAGE IV',
        'STAGE IVA',
        'STAGE IVB',
        '',
      ].map(toStage),
    ).toEqual(['I', 'I', 'II', 'II', 'II', 'II', 'III', 'III', 'III', 'IV', 'IV', 'IV', null]);
    expect(['COAD_CIN', 'READ_CIN', 'COAD_MSI', 'READ_GS', 'COAD_POLE', ''].map(toMolecularSubtype)).toEqual([
      'CIN',
      'CIN',
      'MSI',
      'GS',
      'POLE',
      null,
    ]);
    expect(
      [
        '1:DECEASED',
        '0:LIVING',
        '1:DEAD WITH TUMOR',
        '0:ALIVE OR DEAD TUMOR FREE',
        '1:PROGRESSION',
        '0:CENSORED',
        '',
      ].map(toEvent),
    ).toEqual([true, false, true, false, true, false, null]);
    expect([' 61 ', '', 'x', '15.6'].map(toNumber)).toEqual([61, null, null, 15.6]);
  });

  it('converts a joined-table record and falls back to TCGA-CDR survival', () => {
    const record: Record<string, string> = {
      slide_file_name: 'TCGA-AA-0001-01Z-00-DX1.ABC.svs',
      slide_barcode: 'TCGA-AA-0001-01Z-00-DX1',
      gdc_file_id: 'u',
      patient_id: 'TCGA-AA-0001',
      project_id: 'TCGA-READ',
      age_at_diagnosis_years: '70',
      sex: 'Male',
      ajcc_stage: 'STAGE IIIB',
      pancan_molecular_subtype: 'READ_GS',
      msi_status_thorsson: 'MSI-H',
      cms_subtype: 'CMS4',
      left_or_right_colon: 'Left',
      os_months: '',
      os_status: '',
      dss_months: '3',
      dss_status: '1:DEAD WITH TUMOR',
      pfs_months: '',
      pfs_status: '',
      os_days_tcga_cdr: '730.5',
      os_event_tcga_cdr: '1',
    };
    expect(toClinicalRow(record)).toEqual({
      slide_id: 'TCGA-AA-0001-01Z-00-DX1',
      patient_id: 'TCGA-AA-0001',
      file_name: 'TCGA-AA-0001-01Z-00-DX1.ABC.svs',
      gdc_file_id: 'u',
      project: 'READ',
      age_years: 70,
      sex: 'Male',
      stage: 'III',
      msi_status: 'MSI-H',
      cms: 'CMS4',
      molecular_subtype: 'GS',
      side: 'Left',
      os_months: 24,
      os_event: true,
      dss_months: 3,
      dss_event: true,
      pfs_months: null,
      pfs_event: null,
    });
    expect(() => toClinicalRow({ ...record, sex: undefined } as unknown as Record<string, string>)).toThrow(
      /missing column "sex"/,
    );
  });

  it('reads the repository cohort: 625 slides with the documented level counts', () => {
    const rows = loadReferenceCohort();
    expect(rows).toHaveLength(625);
    const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
    expect(count((r) => r.project === 'COAD')).toBe(459);
    expect(count((r) => r.msi_status === 'MSI-H')).toBe(65);
    expect(count((r) => r.cms === 'CMS4')).toBe(104);
    expect(count((r) => r.stage === null)).toBe(51);
    expect(count((r) => r.os_event === null)).toBe(2);
    expect(rows.map((r) => r.slide_id)).toEqual([...rows.map((r) => r.slide_id)].sort());
    expect(parseClinicalTable('')).toEqual([]);
  });

  it('writes a slides.csv that the ingest slide-table reader accepts', () => {
    const rows = loadReferenceCohort()
      .slice(0, 5)
      .map((r) => ({ ...r, mpp: 0.2527 }));
    const text = formatSlidesCsv(rows);
    expect(text.split('\n')[0]).toBe(SLIDES_CSV_COLUMNS.join(','));
    for (const column of SLIDES_CSV_COLUMNS) expect(SLIDE_TABLE_COLUMNS).toContain(column);
    const temp = makeTempDir();
    try {
      writeFileSync(join(temp.dir, 'slides.csv'), text);
      const read = readSlideTable(join(temp.dir, 'slides.csv'));
      expect(read.map((r) => r.slideId)).toEqual(rows.map((r) => r.slide_id));
      expect(read[0]!.mpp).toBe(0.2527);
      expect(read[0]!.clinical.stage).toBe(rows[0]!.stage);
      expect(read[0]!.clinical.os_event).toBe(rows[0]!.os_event);
    } finally {
      temp.remove();
    }
  });
});
