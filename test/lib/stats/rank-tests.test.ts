import { describe, expect, it } from 'vitest';
import { medianIqr, quantileSorted } from '@/lib/stats/descriptive';
import { kruskalWallis } from '@/lib/stats/kruskal-wallis';
import { mannWhitneyU } from '@/lib/stats/mann-whitney';
import { rankWithTies } from '@/lib/stats/ranks';
import { spearman } from '@/lib/stats/spearman';
import { expectAllClose, expectClose, expectFailure, expectOk, loadFixture } from './reference';

interface ScipyRankReference {
  rankdata: { values: number[]; ranks: number[] };
  quantiles: { values: number[]; probabilities: number[]; type7: number[] };
  mannWhitney: {
    name: string;
    x: number[];
    y: number[];
    method: 'auto' | 'exact' | 'asymptotic';
    continuity: boolean;
    u: number;
    p: number;
  }[];
  kruskal: { name: string; groups: number[][]; h: number; p: number }[];
  spearman: { name: string; x: number[]; y: number[]; rho: number; p: number }[];
}

const scipy = loadFixture<ScipyRankReference>('scipy-reference.json');

describe('ranks and quantiles', () => {
  it('averages tied ranks as scipy.stats.rankdata', () => {
    const { ranks, tieSizes } = rankWithTies(scipy.rankdata.values);
    expect(ranks).toEqual(scipy.rankdata.ranks);
    expect(tieSizes.reduce((sum, size) => sum + size, 0)).toBe(scipy.rankdata.values.length);
  });

  it('type-7 quantiles match numpy.quantile', () => {
    const sorted = [...scipy.quantiles.values].sort((a, b) => a - b);
    const actual = scipy.quantiles.probabilities.map((p) => quantileSorted(sorted, p));
    expectAllClose(actual, scipy.quantiles.type7, 1e-14);
  });

  it('median and IQR drop missing values and count them', () => {
    const result = expectOk(medianIqr([4, null, 1, Number.NaN, 3, 2, undefined]));
    expect(result).toMatchObject({ ok: true, excluded: 3, n: 4, median: 2.5, q1: 1.75, q3: 3.25, iqr: 1.5 });
    expectFailure(medianIqr([null, Number.NaN]), 2);
  });
});

describe('Mann–Whitney U (scipy.stats.mannwhitneyu, two-sided)', () => {
  it.each(scipy.mannWhitney)('$name', ({ x, y, method, continuity, u, p }) => {
    const result = expectOk(mannWhitneyU(x, y, { method, continuity }));
    expect(result.u).toBe(u);
    expectClose(result.p, p, 1e-10);
    expectClose(result.probabilityXGreater, u / (x.length * y.length), 1e-15);
  });

  it('uses the exact distribution for small samples without ties, as scipy auto', () => {
    const [, , exact] = scipy.mannWhitney;
    expect(expectOk(mannWhitneyU(exact!.x, exact!.y)).method).toBe('exact');
  });

  it('defines effect sizes so that positive means x is larger', () => {
    const result = expectOk(mannWhitneyU([10, 11, 12], [1, 2, 3]));
    expect(result.probabilityXGreater).toBe(1);
    expect(result.rankBiserial).toBe(1);
    const tied = expectOk(mannWhitneyU([1, 2, 2], [2, 3, 4]));
    // x > y pairs: none; ties: (2,2) twice → P(X > Y) + ½ P(X = Y) = 1/9.
    expectClose(tied.probabilityXGreater, 1 / 9, 1e-15);
    expectClose(tied.rankBiserial, 2 / 9 - 1, 1e-15);
  });

  it('excludes missing values and reports typed failures', () => {
    const result = expectOk(mannWhitneyU([1, null, 2, 5, Number.NaN], [3, 4, undefined, 6]));
    expect(result.excluded).toBe(3);
    expect(result.nX + result.nY).toBe(6);
    expectFailure(mannWhitneyU([1, null], [2, 3, 4]), 1);
    expectFailure(mannWhitneyU([2, 2, 2], [2, 2]));
    expectFailure(mannWhitneyU([1, 2, 2], [3, 4], { method: 'exact' }));
  });
});

describe('Kruskal–Wallis (scipy.stats.kruskal)', () => {
  it.each(scipy.kruskal)('$name', ({ groups, h, p }) => {
    const result = expectOk(kruskalWallis(groups));
    expectClose(result.h, h, 1e-12);
    expectClose(result.p, p, 1e-10);
    expect(result.df).toBe(groups.length - 1);
    const n = groups.reduce((sum, group) => sum + group.length, 0);
    expectClose(result.epsilonSquared, h / (n - 1), 1e-12);
  });

  it('fails clearly for small groups, one group or identical values', () => {
    expect(expectFailure(kruskalWallis([[1, 2], [3], [4, 5]]))).toContain('Group 2');
    expectFailure(kruskalWallis([[1, 2, 3]]));
    expectFailure(
      kruskalWallis([
        [1, 1],
        [1, 1, null],
      ]),
      1,
    );
    expectFailure(kruskalWallis([]));
  });
});

describe('Spearman correlation (scipy.stats.spearmanr)', () => {
  it.each(scipy.spearman)('$name', ({ x, y, rho, p }) => {
    const result = expectOk(spearman(x, y));
    expectClose(result.rho, rho, 1e-12);
    expectClose(result.p, p, 1e-10);
  });

  it('drops incomplete pairs and fails on constant or short input', () => {
    const result = expectOk(spearman([1, 2, null, 4, 5], [2, 1, 3, Number.NaN, 7]));
    expect(result).toMatchObject({ n: 3, excluded: 2 });
    expectFailure(spearman([1, 1, 1, 1], [1, 2, 3, 4]));
    expectFailure(spearman([1, 2], [3, 4]));
    expectFailure(spearman([1, 2, 3], [1, 2]));
  });

  it('returns p = 0 for a perfect monotone relation, as scipy', () => {
    expect(expectOk(spearman([1, 2, 3, 4], [10, 20, 30, 1000]))).toMatchObject({ rho: 1, p: 0 });
  });
});
