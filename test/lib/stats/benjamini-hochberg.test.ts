import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '@/lib/stats/benjamini-hochberg';
import { expectAllClose, expectFailure, expectOk, loadFixture } from './reference';

const { benjaminiHochberg: cases } = loadFixture<{
  benjaminiHochberg: { p: (number | null)[]; q: (number | null)[] }[];
}>('r-reference.json');

describe("Benjamini–Hochberg (R p.adjust(method = 'BH'))", () => {
  it.each(cases.map((entry, index) => ({ ...entry, index })))('matches R for case $index', ({ p, q }) => {
    const result = expectOk(benjaminiHochberg(p));
    expectAllClose(result.qValues, q, 1e-13);
    expect(result.excluded).toBe(p.filter((value) => value === null).length);
  });

  it('fails on all-missing or out-of-range input', () => {
    expectFailure(benjaminiHochberg([null, Number.NaN]), 2);
    expect(expectFailure(benjaminiHochberg([0.1, 1.2]))).toContain('outside [0, 1]');
  });
});
