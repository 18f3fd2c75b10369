import { fail, isPresent, succeed, type MaybeNumber, type StatResult } from './result';

/** Benjamini–Hochberg q-values aligned with the input; missing p-values stay null and are not counted in m. */
export interface BenjaminiHochbergResult {
  /** Number of non-missing p-values (the m in p·m/rank). */
  m: number;
  qValues: (number | null)[];
}

/** Benjamini–Hochberg false-discovery-rate adjustment, identical to R's p.adjust(p, method = 'BH'). */
export function benjaminiHochberg(pValues: readonly MaybeNumber[]): StatResult<BenjaminiHochbergResult> {
  const present = pValues.flatMap((p, index) => (isPresent(p) ? [{ p, index }] : []));
  const excluded = pValues.length - present.length;
  const invalid = present.find(({ p }) => p < 0 || p > 1);
  if (invalid) return fail(`p-value ${invalid.p} at position ${invalid.index + 1} is outside [0, 1].`, excluded);
  const m = present.length;
  if (m === 0) return fail('There are no non-missing p-values to adjust.', excluded);
  const qValues: (number | null)[] = pValues.map(() => null);
  // Walk from the largest p down, taking the running minimum of p·m/rank (R: cummin over decreasing p).
  const descending = [...present].sort((left, right) => right.p - left.p);
  let runningMinimum = 1;
  descending.forEach(({ p, index }, position) => {
    // (m / rank) · p as R, so that the largest p-value maps to itself exactly.
    runningMinimum = Math.min(runningMinimum, (m / (m - position)) * p);
    qValues[index] = runningMinimum;
  });
  return succeed(excluded, { m, qValues });
}
