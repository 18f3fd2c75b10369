import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '@/lib/stats/benjamini-hochberg';
import { coxProportionalHazards } from '@/lib/stats/cox';
import { chiSquareCdf, chiSquareSf, normalCdf, normalQuantile, normalSf, studentTCdf } from '@/lib/stats/distributions';
import { kaplanMeier } from '@/lib/stats/kaplan-meier';
import { kruskalWallis } from '@/lib/stats/kruskal-wallis';
import { logRank } from '@/lib/stats/log-rank';
import { mannWhitneyU } from '@/lib/stats/mann-whitney';
import { spearman } from '@/lib/stats/spearman';
import { expectClose, expectOk } from './reference';

const settings = { seed: 20240601, numRuns: 150 };
const probability = fc.double({ min: 0, max: 1, noNaN: true });
// Small integers give plenty of ties; transforms below stay exact in double precision.
const sample = (minLength: number) => fc.array(fc.integer({ min: -30, max: 30 }), { minLength, maxLength: 25 });
const survivalRows = fc.array(
  fc.record({ time: fc.integer({ min: 1, max: 20 }), event: fc.boolean(), group: fc.integer({ min: 0, max: 2 }) }),
  {
    minLength: 6,
    maxLength: 40,
  },
);

describe('distribution identities', () => {
  it('Φ⁻¹(Φ(z)) = z in the accurate lower half, and Φ(z) + Φ(−z) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 0.5, noNaN: true }), (z) => {
        expect(Math.abs(normalQuantile(normalCdf(z)) - z)).toBeLessThan(1e-9 * Math.max(1, Math.abs(z)));
        expect(normalCdf(z) + normalSf(z)).toBeCloseTo(1, 14);
      }),
      settings,
    );
  });

  it('χ²₁ survival equals the two-sided normal tail, and sf + cdf = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 30, noNaN: true }), fc.integer({ min: 1, max: 60 }), (z, df) => {
        expectClose(chiSquareSf(z * z, 1), 2 * normalSf(z), 1e-11);
        expect(chiSquareSf(z, df) + chiSquareCdf(z, df)).toBeCloseTo(1, 13);
      }),
      settings,
    );
  });

  it('Student t is symmetric', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.integer({ min: 1, max: 500 }), (t, df) => {
        expect(studentTCdf(t, df) + studentTCdf(-t, df)).toBeCloseTo(1, 13);
      }),
      settings,
    );
  });
});

describe('rank-test properties', () => {
  it('Benjamini–Hochberg: p ≤ q ≤ 1, monotone in p, permutation-equivariant', () => {
    fc.assert(
      fc.property(fc.array(probability, { minLength: 1, maxLength: 40 }), (pValues) => {
        const q = expectOk(benjaminiHochberg(pValues)).qValues as number[];
        pValues.forEach((p, i) => {
          expect(q[i]!).toBeGreaterThanOrEqual(p);
          expect(q[i]!).toBeLessThanOrEqual(1);
          pValues.forEach((other, j) => {
            if (p <= other) expect(q[i]!).toBeLessThanOrEqual(q[j]!);
          });
        });
        const reversed = expectOk(benjaminiHochberg([...pValues].reverse())).qValues;
        expect(reversed).toEqual([...q].reverse());
      }),
      settings,
    );
  });

  it('Mann–Whitney is symmetric under swapping the groups', () => {
    fc.assert(
      fc.property(sample(2), sample(2), (x, y) => {
        const forward = mannWhitneyU(x, y);
        const backward = mannWhitneyU(y, x);
        expect(forward.ok).toBe(backward.ok);
        if (!forward.ok || !backward.ok) return;
        expectClose(forward.p, backward.p, 1e-12);
        expect(forward.u + backward.u).toBe(x.length * y.length);
        expectClose(forward.rankBiserial, -backward.rankBiserial, 1e-12, 1e-12);
      }),
      settings,
    );
  });

  it('Kruskal–Wallis on two groups equals the squared Mann–Whitney z without continuity correction', () => {
    fc.assert(
      fc.property(sample(2), sample(2), (x, y) => {
        const kw = kruskalWallis([x, y]);
        const mw = mannWhitneyU(x, y, { method: 'asymptotic', continuity: false });
        if (!kw.ok || !mw.ok) return;
        expectClose(kw.h, mw.z! * mw.z!, 1e-9, 1e-12);
        expectClose(kw.p, mw.p, 1e-9);
      }),
      settings,
    );
  });

  it('Spearman ρ is invariant to strictly increasing transforms and symmetric in x and y', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 })), {
          minLength: 3,
          maxLength: 30,
        }),
        (pairs) => {
          const x = pairs.map(([a]) => a);
          const y = pairs.map(([, b]) => b);
          const base = spearman(x, y);
          const transformed = spearman(
            x.map((v) => v ** 3 + 5 * v),
            y.map((v) => Math.exp(v / 10)),
          );
          const swapped = spearman(y, x);
          expect(transformed.ok).toBe(base.ok);
          if (!base.ok || !transformed.ok || !swapped.ok) return;
          expect(transformed.rho).toBeCloseTo(base.rho, 12);
          expect(swapped.rho).toBeCloseTo(base.rho, 12);
        },
      ),
      settings,
    );
  });
});

describe('survival properties', () => {
  it('Kaplan–Meier survival is non-increasing, within [0, 1] and inside its bands', () => {
    fc.assert(
      fc.property(survivalRows, (rows) => {
        const result = expectOk(
          kaplanMeier(
            rows.map((row) => row.time),
            rows.map((row) => row.event),
          ),
        );
        let previous = 1;
        for (const step of result.steps) {
          expect(step.survival).toBeLessThanOrEqual(previous);
          expect(step.survival).toBeGreaterThanOrEqual(0);
          if (step.lower !== null) expect(step.lower).toBeLessThanOrEqual(step.survival + 1e-15);
          if (step.upper !== null) expect(step.upper).toBeGreaterThanOrEqual(step.survival - 1e-15);
          previous = step.survival;
        }
      }),
      settings,
    );
  });

  it('log-rank χ² does not depend on row order or group labels', () => {
    fc.assert(
      fc.property(survivalRows, (rows) => {
        const result = logRank(
          rows.map((row) => row.time),
          rows.map((row) => row.event),
          rows.map((row) => row.group),
        );
        const reversed = [...rows].reverse();
        const relabelled = logRank(
          reversed.map((row) => row.time),
          reversed.map((row) => row.event),
          reversed.map((row) => `g${2 - row.group}`),
        );
        expect(relabelled.ok).toBe(result.ok);
        if (result.ok && relabelled.ok) expectClose(relabelled.chiSquare, result.chiSquare, 1e-9, 1e-12);
      }),
      settings,
    );
  });

  it('Cox coefficient flips sign when the covariate is negated and ignores a shift', () => {
    fc.assert(
      fc.property(survivalRows, fc.integer({ min: -50, max: 50 }), (rows, shift) => {
        const time = rows.map((row) => row.time);
        const event = rows.map((row) => row.event);
        const values = rows.map((row) => row.group);
        const base = coxProportionalHazards(time, event, [{ name: 'g', values }]);
        const flipped = coxProportionalHazards(time, event, [{ name: 'g', values: values.map((v) => shift - v) }]);
        expect(flipped.ok).toBe(base.ok);
        if (!base.ok || !flipped.ok) return;
        expectClose(flipped.terms[0]!.coef, -base.terms[0]!.coef, 1e-6, 1e-9);
        expectClose(flipped.terms[0]!.se, base.terms[0]!.se, 1e-6);
      }),
      { ...settings, numRuns: 60 },
    );
  });
});
