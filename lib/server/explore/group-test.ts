/** The explorer's group test: Mann–Whitney U for two groups, Kruskal–Wallis for more (lib/stats). */
import { kruskalWallis, mannWhitneyU } from '../../stats';
import type { GroupTest, Outcome } from '../../explore/results';

/** Tests patient values across groups (named by `levels`); says why when it cannot. */
export function groupTest(levels: readonly string[], values: readonly (readonly number[])[]): Outcome<GroupTest> {
  if (levels.length < 2) return { ok: false, reason: 'Choose at least two groups to compare.' };
  if (values.every((group) => group.length === 0))
    return { ok: false, reason: 'No patient in these groups has a value of this variable.' };
  const small = values.findIndex((group) => group.length < 2);
  if (small >= 0) {
    const n = values[small]!.length;
    return {
      ok: false,
      reason: `Group '${levels[small]}' has ${n} patient${n === 1 ? '' : 's'} with a value; each group needs at least 2.`,
    };
  }
  if (levels.length === 2) {
    const [first = [], second = []] = values;
    const test = mannWhitneyU(second, first);
    if (!test.ok) return { ok: false, reason: test.reason };
    return {
      ok: true,
      method: 'mann-whitney',
      x: levels[1]!,
      y: levels[0]!,
      u: test.u,
      p: test.p,
      rankBiserial: test.rankBiserial,
      probabilityXGreater: test.probabilityXGreater,
    };
  }
  const test = kruskalWallis(values);
  if (!test.ok) return { ok: false, reason: test.reason };
  return { ok: true, method: 'kruskal-wallis', h: test.h, df: test.df, p: test.p, epsilonSquared: test.epsilonSquared };
}

/** The effect size of a group test: rank-biserial r for two groups, ε² for more. */
export function groupEffect(test: GroupTest): number {
  return test.method === 'mann-whitney' ? test.rankBiserial : test.epsilonSquared;
}
