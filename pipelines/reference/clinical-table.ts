/**
 * Converts the joined TCGA colorectal cohort table (`data/reference/tcga_crc_dx_cohort_joined.csv`,
 * one row per GDC diagnostic slide) into rows named and coded like the registry's `slides` columns.
 */
import { parseDelimitedRecords } from '../tables/delimited';

/** The registry's clinical levels, as literal unions. */
export type Project = 'COAD' | 'READ';
export type Stage = 'I' | 'II' | 'III' | 'IV';
export type MsiStatus = 'MSS' | 'MSI-L' | 'MSI-H';
export type Cms = 'CMS1' | 'CMS2' | 'CMS3' | 'CMS4';
export type MolecularSubtype = 'CIN' | 'GS' | 'MSI' | 'POLE';

/** One slide with its patient's clinical data; null = not recorded. Months are 30.44-day months. */
export interface ClinicalRow {
  readonly slide_id: string;
  readonly patient_id: string;
  readonly file_name: string;
  readonly gdc_file_id: string;
  readonly project: Project;
  readonly age_years: number | null;
  readonly sex: 'Female' | 'Male' | null;
  readonly stage: Stage | null;
  readonly msi_status: MsiStatus | null;
  readonly cms: Cms | null;
  readonly molecular_subtype: MolecularSubtype | null;
  readonly side: 'Left' | 'Right' | null;
  readonly os_months: number | null;
  readonly os_event: boolean | null;
  readonly dss_months: number | null;
  readonly dss_event: boolean | null;
  readonly pfs_months: number | null;
  readonly pfs_event: boolean | null;
}

const DAYS_PER_MONTH = 365.25 / 12;

/** Maps 'TCGA-COAD' / 'TCGA-READ' to the project level; throws on anything else. */
export function toProject(value: string): Project {
  if (value === 'TCGA-COAD') return 'COAD';
  if (value === 'TCGA-READ') return 'READ';
  throw new Error(`unknown project_id "${value}"`);
}

/** Maps an AJCC stage ('STAGE IIIB', 'STAGE IA', 'Stage IV') to its group I–IV; blank → null. */
export function toStage(value: string): Stage | null {
  const match = /^stage\s+(iv|iii|ii|i)[a-c]?$/i.exec(value.trim());
  return match ? (match[1]!.toUpperCase() as Stage) : null;
}

/** Maps a PanCancer subtype ('COAD_CIN', 'READ_MSI') to the registry level ('CIN', 'MSI'); blank → null. */
export function toMolecularSubtype(value: string): MolecularSubtype | null {
  const match = /^(?:COAD|READ)_(CIN|GS|MSI|POLE)$/.exec(value.trim());
  return match ? (match[1] as MolecularSubtype) : null;
}

/** Maps a cBioPortal status ('1:DECEASED', '0:LIVING', '1:PROGRESSION') to event true/false; blank → null. */
export function toEvent(value: string): boolean | null {
  const code = value.trim().split(':')[0];
  return code === '1' ? true : code === '0' ? false : null;
}

/** Parses a number; blank or non-numeric → null. */
export function toNumber(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : null;
}

function oneOf<T extends string>(value: string, levels: readonly T[]): T | null {
  return (levels as readonly string[]).includes(value.trim()) ? (value.trim() as T) : null;
}

/** Converts one joined-table record; OS falls back to TCGA-CDR (days → months) when cBioPortal lacks it. */
export function toClinicalRow(record: Readonly<Record<string, string>>): ClinicalRow {
  const field = (name: string): string => {
    const value = record[name];
    if (value === undefined) throw new Error(`joined table: missing column "${name}"`);
    return value;
  };
  const cdrDays = toNumber(field('os_days_tcga_cdr'));
  const osMonths = toNumber(field('os_months')) ?? (cdrDays === null ? null : cdrDays / DAYS_PER_MONTH);
  const osEvent = toEvent(field('os_status')) ?? toEvent(field('os_event_tcga_cdr'));
  return {
    slide_id: field('slide_barcode'),
    patient_id: field('patient_id'),
    file_name: field('slide_file_name'),
    gdc_file_id: field('gdc_file_id'),
    project: toProject(field('project_id')),
    age_years: toNumber(field('age_at_diagnosis_years')),
    sex: oneOf(field('sex'), ['Female', 'Male'] as const),
    stage: toStage(field('ajcc_stage')),
    msi_status: oneOf(field('msi_status_thorsson'), ['MSS', 'MSI-L', 'MSI-H'] as const),
    cms: oneOf(field('cms_subtype'), ['CMS1', 'CMS2', 'CMS3', 'CMS4'] as const),
    molecular_subtype: toMolecularSubtype(field('pancan_molecular_subtype')),
    side: oneOf(field('left_or_right_colon'), ['Left', 'Right'] as const),
    os_months: osMonths,
    os_event: osEvent,
    dss_months: toNumber(field('dss_months')),
    dss_event: toEvent(field('dss_status')),
    pfs_months: toNumber(field('pfs_months')),
    pfs_event: toEvent(field('pfs_status')),
  };
}

/** Parses the whole joined CSV text into clinical rows, sorted by slide_id (code-unit order). */
export function parseClinicalTable(text: string): ClinicalRow[] {
  return parseDelimitedRecords(text, ',')
    .map(toClinicalRow)
    .sort((a, b) => (a.slide_id < b.slide_id ? -1 : a.slide_id > b.slide_id ? 1 : 0));
}
