import { studentTTwoSidedP } from './distributions';
import { rankWithTies } from './ranks';
import { dropMissingRows, fail, succeed, type MaybeNumber, type StatResult } from './result';

/** Spearman rank correlation with its two-sided p-value, as scipy.stats.spearmanr. */
export interface SpearmanResult {
  /** Complete pairs used. */
  n: number;
  /** Pearson correlation of the average ranks, in [−1, 1]. */
  rho: number;
  /** t = ρ √((n − 2) / (1 − ρ²)); infinite when |ρ| = 1. */
  t: number;
  /** Two-sided p-value from Student t with n − 2 df (0 when |ρ| = 1, as scipy). */
  p: number;
}

/** Spearman ρ on pairs where both values are present, with scipy's t-approximation p-value. */
export function spearman(x: readonly MaybeNumber[], y: readonly MaybeNumber[]): StatResult<SpearmanResult> {
  if (x.length !== y.length) return fail(`x and y must have the same length (got ${x.length} and ${y.length}).`);
  const { columns, excluded } = dropMissingRows([x, y]);
  const [first = [], second = []] = columns;
  const n = first.length;
  if (n < 3) return fail(`At least 3 complete pairs are needed (got ${n}).`, excluded);
  const rho = pearson(rankWithTies(first).ranks, rankWithTies(second).ranks);
  if (rho === null) return fail('One of the variables is constant, so the correlation is undefined.', excluded);
  const df = n - 2;
  const t = rho * Math.sqrt(Math.max(0, df / ((rho + 1) * (1 - rho))));
  return succeed(excluded, { n, rho, t, p: studentTTwoSidedP(t, df) });
}

function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  const meanX = x.reduce((sum, value) => sum + value, 0) / n;
  const meanY = y.reduce((sum, value) => sum + value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let index = 0; index < n; index++) {
    const dx = x[index]! - meanX;
    const dy = y[index]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
