import { normalSf } from './distributions';
import { rankWithTies, tieTerm } from './ranks';
import { dropMissing, fail, succeed, type MaybeNumber, type StatResult } from './result';

/** Largest n_x · n_y for which the exact null distribution is enumerated (cost grows as (n_x n_y)²). */
export const MANN_WHITNEY_EXACT_LIMIT = 10_000;

/** Two-sided Mann–Whitney U test of x against y, with effect sizes oriented so that positive means x > y. */
export interface MannWhitneyResult {
  nX: number;
  nY: number;
  /** U for x: pairs with x > y plus half the tied pairs (scipy's reported statistic). */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'asymptotic';
  /** Normal deviate (continuity- and tie-corrected) for the asymptotic method, otherwise null. */
  z: number | null;
  /** Common-language effect size U / (n_x n_y) = P(X > Y) + ½ P(X = Y), in [0, 1]. */
  probabilityXGreater: number;
  /** Rank-biserial correlation 2 · P(X > Y) + P(X = Y) − 1, in [−1, 1]. */
  rankBiserial: number;
}

/** Options mirroring scipy.stats.mannwhitneyu: 'auto' is exact when a group has ≤ 8 values, there are no ties and n_x · n_y ≤ MANN_WHITNEY_EXACT_LIMIT. */
export interface MannWhitneyOptions {
  method?: 'auto' | 'exact' | 'asymptotic';
  continuity?: boolean;
}

/** Two-sided Mann–Whitney U test matching scipy.stats.mannwhitneyu (tie-corrected normal approximation or exact). */
export function mannWhitneyU(
  x: readonly MaybeNumber[],
  y: readonly MaybeNumber[],
  options: MannWhitneyOptions = {},
): StatResult<MannWhitneyResult> {
  const first = dropMissing(x);
  const second = dropMissing(y);
  const excluded = first.excluded + second.excluded;
  const nX = first.values.length;
  const nY = second.values.length;
  if (nX < 2 || nY < 2) {
    return fail(`Each group needs at least 2 non-missing values (got ${nX} and ${nY}).`, excluded);
  }
  const { ranks, tieSizes } = rankWithTies([...first.values, ...second.values]);
  const rankSumX = ranks.slice(0, nX).reduce((sum, rank) => sum + rank, 0);
  const u = rankSumX - (nX * (nX + 1)) / 2;
  const uMax = Math.max(u, nX * nY - u);
  const hasTies = tieSizes.some((size) => size > 1);
  const method = chooseMethod(options.method ?? 'auto', nX, nY, hasTies);
  if (method === 'exact' && hasTies) return fail('The exact Mann–Whitney test requires data without ties.', excluded);
  if (method === 'exact' && nX * nY > MANN_WHITNEY_EXACT_LIMIT) {
    return fail(`The exact Mann–Whitney test is limited to n_x · n_y ≤ ${MANN_WHITNEY_EXACT_LIMIT}.`, excluded);
  }
  const effects = { probabilityXGreater: u / (nX * nY), rankBiserial: (2 * u) / (nX * nY) - 1 };
  if (method === 'exact') {
    const p = Math.min(1, 2 * exactUpperTail(Math.round(uMax), nX, nY));
    return succeed(excluded, { nX, nY, u, p, method, z: null, ...effects });
  }
  const n = nX + nY;
  const variance = ((nX * nY) / 12) * (n + 1 - tieTerm(tieSizes) / (n * (n - 1)));
  if (!(variance > 0)) return fail('All values are identical, so the groups cannot be ranked apart.', excluded);
  const z = (uMax - (nX * nY) / 2 - (options.continuity === false ? 0 : 0.5)) / Math.sqrt(variance);
  const p = Math.min(1, 2 * normalSf(z));
  return succeed(excluded, { nX, nY, u, p, method, z, ...effects });
}

function chooseMethod(requested: 'auto' | 'exact' | 'asymptotic', nX: number, nY: number, hasTies: boolean) {
  if (requested !== 'auto') return requested;
  const small = nX <= 8 || nY <= 8;
  return small && !hasTies && nX * nY <= MANN_WHITNEY_EXACT_LIMIT ? 'exact' : 'asymptotic';
}

/** P(U ≥ u) under H0 without ties, by counting arrangements: f(i, j, k) = f(i−1, j, k−j) + f(i, j−1, k). */
function exactUpperTail(u: number, nX: number, nY: number): number {
  // By symmetry P(U ≥ u) = P(U ≤ nX·nY − u); only counts up to that bound are needed.
  const bound = nX * nY - u;
  if (bound < 0) return 0;
  const rows = Array.from({ length: nX + 1 }, () => new Float64Array(bound + 1));
  for (const row of rows) row[0] = 1;
  for (let j = 1; j <= nY; j++) {
    for (let i = 1; i <= nX; i++) {
      const row = rows[i]!;
      const previous = rows[i - 1]!;
      for (let k = j; k <= bound; k++) row[k]! += previous[k - j]!;
    }
  }
  let total = 1;
  for (let index = 1; index <= nX; index++) total = (total * (nY + index)) / index;
  return rows[nX]!.reduce((sum, count) => sum + count, 0) / total;
}
