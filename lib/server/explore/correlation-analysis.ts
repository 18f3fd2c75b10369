/** Correlation: a patient-level feature against a continuous variable (Spearman ρ). */
import { spearman } from '../../stats';
import type { CorrelationResult, Exclusion } from '../../explore/results';
import type { VariableInfo } from '../../explore/variables';
import type { PatientRow } from './patient-table';

/** Scatter points, Spearman ρ and exclusions of `feature` (y) against `versus` (x) (ranking added by the caller). */
export function analyseCorrelation(
  patients: readonly PatientRow[],
  feature: VariableInfo,
  versus: VariableInfo,
): Omit<CorrelationResult, 'ranking'> {
  let missingFeature = 0;
  let missingVersus = 0;
  const points: { patientId: string; slideIds: readonly string[]; x: number; y: number }[] = [];
  for (const patient of patients) {
    const y = patient.values[feature.id] ?? null;
    const x = patient.values[versus.id] ?? null;
    if (y === null) missingFeature++;
    else if (x === null) missingVersus++;
    else points.push({ patientId: patient.patientId, slideIds: patient.slideIds, x, y });
  }
  const exclusions: Exclusion[] = [
    { count: missingFeature, reason: `without a value of ${feature.label}` },
    { count: missingVersus, reason: `without a value of ${versus.label}` },
  ].filter((e) => e.count > 0);
  const base = { view: 'correlation' as const, feature, versus, patients: patients.length, points, exclusions };
  if (feature.id === versus.id)
    return { ...base, test: { ok: false, reason: 'Choose two different variables to correlate.' } };
  const test = spearman(
    points.map((p) => p.x),
    points.map((p) => p.y),
  );
  return {
    ...base,
    test: test.ok ? { ok: true, n: test.n, rho: test.rho, p: test.p } : { ok: false, reason: test.reason },
  };
}
