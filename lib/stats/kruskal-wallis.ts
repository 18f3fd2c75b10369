import { chiSquareSf } from './distributions';
import { rankWithTies, tieTerm } from './ranks';
import { dropMissing, fail, succeed, type MaybeNumber, type StatResult } from './result';

/** Kruskal–Wallis rank test across k groups, as scipy.stats.kruskal. */
export interface KruskalWallisResult {
  /** Non-missing values per group, in input order. */
  groupSizes: number[];
  /** Tie-corrected H statistic. */
  h: number;
  /** Degrees of freedom, k − 1. */
  df: number;
  /** P(χ²_df ≥ H). */
  p: number;
  /** Effect size ε² = H / ((N² − 1)/(N + 1)) = H / (N − 1), in [0, 1] (Tomczak & Tomczak 2014). */
  epsilonSquared: number;
}

/** Kruskal–Wallis H test with tie correction and χ²(k − 1) p-value; every group needs ≥ 2 non-missing values. */
export function kruskalWallis(groups: readonly (readonly MaybeNumber[])[]): StatResult<KruskalWallisResult> {
  const cleaned = groups.map(dropMissing);
  const excluded = cleaned.reduce((sum, group) => sum + group.excluded, 0);
  if (groups.length < 2) return fail(`At least 2 groups are needed (got ${groups.length}).`, excluded);
  const groupSizes = cleaned.map((group) => group.values.length);
  const small = groupSizes.findIndex((size) => size < 2);
  if (small >= 0) {
    return fail(`Group ${small + 1} has ${groupSizes[small]} non-missing values; at least 2 are needed.`, excluded);
  }
  const { ranks, tieSizes } = rankWithTies(cleaned.flatMap((group) => group.values));
  const n = ranks.length;
  const correction = 1 - tieTerm(tieSizes) / (n * n * n - n);
  if (!(correction > 0)) return fail('All values are identical, so the groups cannot be ranked apart.', excluded);
  let offset = 0;
  let weightedSquares = 0;
  for (const size of groupSizes) {
    const rankSum = ranks.slice(offset, offset + size).reduce((sum, rank) => sum + rank, 0);
    weightedSquares += (rankSum * rankSum) / size;
    offset += size;
  }
  const h = ((12 / (n * (n + 1))) * weightedSquares - 3 * (n + 1)) / correction;
  const df = groups.length - 1;
  return succeed(excluded, { groupSizes, h, df, p: chiSquareSf(h, df), epsilonSquared: h / (n - 1) });
}
