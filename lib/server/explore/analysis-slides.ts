import 'server-only';
import type { OpenedDataset } from '../../dataset/open-dataset';
import { identifier } from '../../db/sql';
import type { BiomarkerDef } from '../../explore/biomarker';
import { SLIDE_CLINICAL_COLUMNS, SLIDE_IMAGE_FEATURE_COLUMNS } from '../../registry';
import { queryRows } from '../export/connection';
import { loadBiomarkerValues } from './biomarker-values';
import type { SlideRecord } from './patient-table';

const COLUMNS = [
  'slide_id',
  'patient_id',
  ...SLIDE_CLINICAL_COLUMNS.map((c) => c.name),
  ...SLIDE_IMAGE_FEATURE_COLUMNS.map((c) => c.name),
];
const cache = new WeakMap<OpenedDataset, Promise<SlideRecord[]>>();

function toCell(value: unknown): string | number | boolean | null {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

/** Every slide with its identity, clinical columns and image features (registry units), cached per dataset. */
export function loadSlideRecords(dataset: OpenedDataset): Promise<SlideRecord[]> {
  let rows = cache.get(dataset);
  if (!rows) {
    const sql = `SELECT ${COLUMNS.map(identifier).join(', ')} FROM slides ORDER BY slide_id`;
    rows = queryRows(dataset, sql).then((result) =>
      result.map((row) => Object.fromEntries(COLUMNS.map((c) => [c, toCell(row[c])]))),
    );
    cache.set(dataset, rows);
    rows.catch(() => cache.delete(dataset));
  }
  return rows;
}

/** Slide records with one extra column per biomarker (its id → per-slide value). */
export async function loadAnalysisSlides(
  dataset: OpenedDataset,
  biomarkers: readonly BiomarkerDef[],
): Promise<SlideRecord[]> {
  const slides = await loadSlideRecords(dataset);
  if (biomarkers.length === 0) return slides;
  const values = await Promise.all(biomarkers.map((b) => loadBiomarkerValues(dataset, b)));
  return slides.map((slide) => {
    const extra = Object.fromEntries(biomarkers.map((b, i) => [b.id, values[i]!.get(String(slide.slide_id)) ?? null]));
    return { ...slide, ...extra };
  });
}
