import { describe, expect, it } from 'vitest';
import { logRank } from '@/lib/stats/log-rank';
import { expectAllClose, expectClose, expectFailure, expectOk } from './reference';
import { survivalReference as r } from './survival-fixtures';

describe('log-rank test (R survdiff)', () => {
  it('Freireich 6-MP vs placebo: χ² = 16.79 on 1 df', () => {
    const result = expectOk(logRank(r.freireich.time, r.freireich.event, r.freireich.group));
    expectClose(result.chiSquare, r.freireichLogRank.chiSquare, 1e-12);
    expect(result.chiSquare).toBeCloseTo(16.79, 2);
    expectClose(result.p, r.freireichLogRank.p, 1e-10);
    expect(result.df).toBe(1);
    expect(result.groups.map((group) => group.observed)).toEqual(r.freireichLogRank.observed);
    expectAllClose(
      result.groups.map((group) => group.expected),
      r.freireichLogRank.expected,
      1e-12,
    );
  });

  it('lung data by ECOG 0/1/2 (k = 3, tied times, one missing ECOG excluded)', () => {
    const keep = r.lung.ecog.map((value) => (value === 3 ? null : value));
    const result = expectOk(logRank(r.lung.time, r.lung.event, keep));
    expect(result.excluded).toBe(2);
    expect(result.df).toBe(2);
    expectClose(result.chiSquare, r.lungLogRankEcog.chiSquare, 1e-11);
    expectClose(result.p, r.lungLogRankEcog.p, 1e-10);
    const byLabel = [...result.groups].sort((a, b) => Number(a.label) - Number(b.label));
    expectAllClose(
      byLabel.map((group) => group.expected),
      r.lungLogRankEcog.expected,
      1e-12,
    );
  });

  it('lung data by sex', () => {
    const result = expectOk(logRank(r.lung.time, r.lung.event, r.lung.sex));
    expectClose(result.chiSquare, r.lungLogRankSex.chiSquare, 1e-11);
  });

  it('gives typed failures for one group, tiny groups and zero events', () => {
    expectFailure(logRank([1, 2, 3], [1, 0, 1], ['a', 'a', null]), 1);
    expect(expectFailure(logRank([1, 2, 3], [1, 0, 1], ['a', 'a', 'b']))).toContain("'b'");
    expectFailure(logRank([1, 2, 3, 4], [0, 0, 0, 0], ['a', 'a', 'b', 'b']));
  });
});
