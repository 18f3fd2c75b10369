import { chiSquareSf } from './distributions';
import { inverseQuadraticForm } from './linear-algebra';
import { fail, succeed, type MaybeNumber, type StatResult } from './result';
import { groupByTime, toSurvivalRecords, type EventFlag } from './survival-data';

/** Group label for survival comparisons; null/undefined/'' count as missing. */
export type GroupLabel = string | number | null | undefined;

/** Observed and expected event counts for one group under the null of equal hazards. */
export interface LogRankGroup {
  label: string | number;
  n: number;
  observed: number;
  expected: number;
}

/** k-group log-rank test (R survdiff, rho = 0): groups in order of first appearance. */
export interface LogRankResult {
  groups: LogRankGroup[];
  chiSquare: number;
  /** Degrees of freedom, k − 1. */
  df: number;
  p: number;
}

/** Log-rank test of equal survival across k ≥ 2 groups, with the hypergeometric variance as R's survdiff. */
export function logRank(
  time: readonly MaybeNumber[],
  event: readonly EventFlag[],
  group: readonly GroupLabel[],
): StatResult<LogRankResult> {
  if (group.length !== time.length) throw new RangeError('group must have the same length as time.');
  const presentLabel = group.map((label) => (label === null || label === undefined || label === '' ? null : label));
  const cleaned = toSurvivalRecords(time, event, [presentLabel.map((label) => (label === null ? null : 0))]);
  const { records, excluded } = cleaned;
  const labels = [...new Set(records.map((record) => presentLabel[record.index]!))];
  const slot = new Map(labels.map((label, index) => [label, index]));
  const k = labels.length;
  const rows = records.map((record) => ({ ...record, group: slot.get(presentLabel[record.index]!)! }));
  const sizes = labels.map((_, index) => rows.filter((row) => row.group === index).length);
  if (k < 2) return fail(`At least 2 groups with data are needed (got ${k}).`, excluded);
  const small = sizes.findIndex((size) => size < 2);
  if (small >= 0)
    return fail(`Group '${labels[small]}' has ${sizes[small]} complete observations; at least 2 are needed.`, excluded);
  if (!rows.some((row) => row.event)) return fail('There are no events, so survival cannot be compared.', excluded);

  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const atRisk = [...sizes];
  for (const { members } of groupByTime(rows)) {
    const total = atRisk.reduce((sum, value) => sum + value, 0);
    const deaths = members.filter((member) => member.event).length;
    if (deaths > 0) {
      const hypergeometric = total > 1 ? (deaths * (total - deaths)) / (total - 1) : 0;
      for (let i = 0; i < k; i++) {
        expected[i]! += (deaths * atRisk[i]!) / total;
        for (let j = 0; j < k; j++) {
          const share = (atRisk[i]! / total) * ((i === j ? 1 : 0) - atRisk[j]! / total);
          variance[i]![j]! += hypergeometric * share;
        }
      }
    }
    for (const member of members) {
      if (member.event) observed[member.group]! += 1;
      atRisk[member.group]! -= 1;
    }
  }
  // As survdiff: drop the first group, whose row is implied by the others (O − E sums to zero).
  const difference = observed.slice(1).map((value, index) => value - expected[index + 1]!);
  const reduced = variance.slice(1).map((row) => row.slice(1));
  const chiSquare = inverseQuadraticForm(reduced, difference);
  if (chiSquare === null)
    return fail('The log-rank variance matrix is singular (a group has no one at risk at any event time).', excluded);
  const groups = labels.map((label, index) => ({
    label,
    n: sizes[index]!,
    observed: observed[index]!,
    expected: expected[index]!,
  }));
  return succeed(excluded, { groups, chiSquare, df: k - 1, p: chiSquareSf(chiSquare, k - 1) });
}
