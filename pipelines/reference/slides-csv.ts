/**
 * Writes the `slides.csv` that `ingest --slides` reads: the registry's identity and clinical
 * column names plus `mpp`, one row per slide; null is an empty field, booleans are true/false.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDelimited } from '../tables/delimited';
import { parseClinicalTable, type ClinicalRow } from './clinical-table';

/** A clinical row with the slide's level-0 pixel size (µm/px). */
export interface SlidesCsvRow extends ClinicalRow {
  readonly mpp: number;
}

/** Column order of `slides.csv` (registry names; `mpp` after the identity columns). */
export const SLIDES_CSV_COLUMNS = [
  'slide_id',
  'patient_id',
  'file_name',
  'gdc_file_id',
  'mpp',
  'project',
  'age_years',
  'sex',
  'stage',
  'msi_status',
  'cms',
  'molecular_subtype',
  'side',
  'os_months',
  'os_event',
  'dss_months',
  'dss_event',
  'pfs_months',
  'pfs_event',
] as const satisfies readonly (keyof SlidesCsvRow)[];

/** Path of the joined cohort table inside the repository (never ../shared). */
export const JOINED_TABLE_PATH = fileURLToPath(
  new URL('../../data/reference/tcga_crc_dx_cohort_joined.csv', import.meta.url),
);

/** Reads and converts the repository copy of the joined cohort table (625 DX slides). */
export function loadReferenceCohort(path = JOINED_TABLE_PATH): ClinicalRow[] {
  return parseClinicalTable(readFileSync(path, 'utf8'));
}

function formatValue(value: string | number | boolean | null): string {
  if (value === null) return '';
  return typeof value === 'number' ? String(value) : String(value);
}

/** Formats rows as `slides.csv` text (header = SLIDES_CSV_COLUMNS). */
export function formatSlidesCsv(rows: readonly SlidesCsvRow[]): string {
  return formatDelimited([
    SLIDES_CSV_COLUMNS,
    ...rows.map((row) => SLIDES_CSV_COLUMNS.map((c) => formatValue(row[c]))),
  ]);
}
