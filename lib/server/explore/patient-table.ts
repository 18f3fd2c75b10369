/**
 * Patient-level table of the explorer: the unit of analysis is the patient, so every numeric
 * variable is the mean of the patient's non-missing slide values (lib/stats aggregateByPatient)
 * and clinical values (identical on every slide of a patient) come from the patient's first slide.
 */
import { aggregateByPatient } from '../../stats';

/** One slide row: registry column name (or biomarker id) → value. */
export type SlideRecord = Readonly<Record<string, string | number | boolean | null>>;

/** One patient: slide ids, patient means of the numeric variables and the clinical values. */
export interface PatientRow {
  readonly patientId: string;
  readonly slideIds: readonly string[];
  /** Mean of non-missing slide values, null when every slide is missing (variable unit). */
  readonly values: Readonly<Record<string, number | null>>;
  readonly clinical: SlideRecord;
}

/** Aggregates slide rows to one row per patient (first-seen order) for the numeric variables `numericIds`. */
export function toPatientRows(slides: readonly SlideRecord[], numericIds: readonly string[]): PatientRow[] {
  const slideIds = new Map<string, string[]>();
  for (const slide of slides) {
    const patientId = String(slide.patient_id);
    slideIds.set(patientId, [...(slideIds.get(patientId) ?? []), String(slide.slide_id)]);
  }
  const values = new Map<string, Record<string, number | null>>();
  let clinical = new Map<string, SlideRecord>();
  for (const id of numericIds) {
    const patients = aggregateByPatient(
      slides.map((slide) => {
        const value = slide[id];
        return { patientId: String(slide.patient_id), value: typeof value === 'number' ? value : null, patient: slide };
      }),
    );
    if (clinical.size === 0) clinical = new Map(patients.map((p) => [p.patientId, p.patient]));
    for (const patient of patients) {
      const row = values.get(patient.patientId) ?? {};
      row[id] = patient.value;
      values.set(patient.patientId, row);
    }
  }
  return [...slideIds].map(([patientId, ids]) => ({
    patientId,
    slideIds: ids,
    values: values.get(patientId) ?? {},
    clinical: clinical.get(patientId) ?? slides.find((s) => String(s.patient_id) === patientId) ?? {},
  }));
}

/** The patient's level of a categorical variable, or null when missing. */
export function levelOf(patient: PatientRow, groupBy: string): string | null {
  const value = patient.clinical[groupBy];
  return typeof value === 'string' && value !== '' ? value : null;
}
