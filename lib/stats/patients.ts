/**
 * Patient-level aggregation: survival and clinical variables belong to patients, and a patient
 * may have several slides (625 TCGA CRC diagnostic slides for 616 patients). Every test runs on
 * one row per patient, the mean of that patient's slide values.
 */

/** One slide's value with its patient. */
export interface SlideValue<T> {
  readonly patientId: string;
  readonly value: number | null;
  /** Patient-level attributes (identical on every slide of the patient). */
  readonly patient: T;
}

/** One patient: the mean of their non-missing slide values (null when all missing) and slide count. */
export interface PatientValue<T> {
  readonly patientId: string;
  readonly value: number | null;
  readonly slides: number;
  readonly patient: T;
}

/** Aggregates slide values to patients (mean of non-missing values), in first-seen order. */
export function aggregateByPatient<T>(rows: readonly SlideValue<T>[]): PatientValue<T>[] {
  const byPatient = new Map<string, { sum: number; n: number; slides: number; patient: T }>();
  for (const row of rows) {
    const entry = byPatient.get(row.patientId) ?? { sum: 0, n: 0, slides: 0, patient: row.patient };
    entry.slides += 1;
    if (row.value !== null && Number.isFinite(row.value)) {
      entry.sum += row.value;
      entry.n += 1;
    }
    byPatient.set(row.patientId, entry);
  }
  return [...byPatient].map(([patientId, e]) => ({
    patientId,
    value: e.n > 0 ? e.sum / e.n : null,
    slides: e.slides,
    patient: e.patient,
  }));
}
