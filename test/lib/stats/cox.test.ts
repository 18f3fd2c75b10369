import { describe, expect, it } from 'vitest';
import { coxProportionalHazards, hazardRatioPerStandardDeviation, rescaleCoxTerm } from '@/lib/stats/cox';
import type { CoxTies } from '@/lib/stats/cox-likelihood';
import { expectAllClose, expectClose, expectFailure, expectOk } from './reference';
import { asArray, survivalReference as r, type RCox } from './survival-fixtures';

// R stops Newton–Raphson at a relative log-likelihood change of 1e-9, so its estimates carry ~1e-8 relative error.
const COEF_TOLERANCE = 1e-6;

function expectMatchesCoxph(result: ReturnType<typeof coxProportionalHazards>, reference: RCox) {
  const fit = expectOk(result);
  expect(fit.n).toBe(reference.n);
  expect(fit.events).toBe(reference.events);
  expectAllClose(
    fit.terms.map((term) => term.coef),
    asArray(reference.coef),
    COEF_TOLERANCE,
  );
  expectAllClose(
    fit.terms.map((term) => term.se),
    asArray(reference.se),
    COEF_TOLERANCE,
  );
  expectAllClose(
    fit.terms.map((term) => term.lower),
    asArray(reference.lower),
    COEF_TOLERANCE,
  );
  expectAllClose(
    fit.terms.map((term) => term.upper),
    asArray(reference.upper),
    COEF_TOLERANCE,
  );
  expectAllClose(
    fit.terms.map((term) => term.p),
    asArray(reference.p),
    1e-5,
  );
  expectAllClose([fit.logLikelihood.null, fit.logLikelihood.fitted], reference.logLikelihood, 1e-10);
  expectClose(fit.likelihoodRatio.statistic, reference.likelihoodRatio, 1e-7);
  expectClose(fit.wald.statistic, reference.wald, COEF_TOLERANCE);
  expectClose(fit.score.statistic, reference.score, 1e-10);
  return fit;
}

describe('Cox proportional hazards (R coxph)', () => {
  it.each<[CoxTies, RCox, number]>([
    ['efron', r.freireichCoxEfron, 1.5721],
    ['breslow', r.freireichCoxBreslow, 1.509],
  ])('Freireich, placebo vs 6-MP, %s ties', (ties, reference, published) => {
    const fit = expectMatchesCoxph(
      coxProportionalHazards(r.freireich.time, r.freireich.event, [{ name: 'placebo', values: r.freireich.placebo }], {
        ties,
      }),
      reference,
    );
    expect(fit.terms[0]!.coef).toBeCloseTo(published, 3);
  });

  it('coding 6-MP = 1 flips the sign of the coefficient (HR < 1 for the treatment)', () => {
    const treated = r.freireich.placebo.map((value) => 1 - value);
    const fit = expectOk(
      coxProportionalHazards(r.freireich.time, r.freireich.event, [{ name: '6-MP', values: treated }]),
    );
    expectClose(fit.terms[0]!.coef, -asArray(r.freireichCoxEfron.coef)[0]!, COEF_TOLERANCE);
    expect(fit.terms[0]!.hazardRatio).toBeLessThan(1);
  });

  it.each<[CoxTies, RCox]>([
    ['efron', r.lungCoxEfron],
    ['breslow', r.lungCoxBreslow],
  ])('lung, age + sex + ECOG, %s ties, one missing ECOG excluded', (ties, reference) => {
    const covariates = [
      { name: 'age', values: r.lung.age },
      { name: 'sex', values: r.lung.sex },
      { name: 'ecog', values: r.lung.ecog },
    ];
    const fit = expectMatchesCoxph(coxProportionalHazards(r.lung.time, r.lung.event, covariates, { ties }), reference);
    expect(fit.excluded).toBe(1);
  });

  it('per-unit and per-SD hazard ratios for a continuous covariate (age, years)', () => {
    const fit = expectMatchesCoxph(
      coxProportionalHazards(r.lung.time, r.lung.event, [{ name: 'age', values: r.lung.age }]),
      r.lungCoxAge,
    );
    const term = fit.terms[0]!;
    const perDecade = rescaleCoxTerm(term, 10);
    expectClose(perDecade.hazardRatio, term.hazardRatio ** 10, 1e-12);
    expectClose(perDecade.lower, term.lower ** 10, 1e-12);
    const perSd = hazardRatioPerStandardDeviation(term);
    expectClose(perSd.coef, term.coef * term.standardDeviation, 1e-14);
    expectClose(perSd.z, term.z, 1e-14);
  });

  it('returns typed failures for constant covariates, zero events, collinearity and infinite coefficients', () => {
    const time = [1, 2, 3, 4, 5, 6];
    expect(
      expectFailure(
        coxProportionalHazards(time, [1, 0, 1, 1, 0, 1], [{ name: 'flat', values: [2, 2, 2, 2, 2, null] }], {}),
        1,
      ),
    ).toContain("'flat'");
    expectFailure(coxProportionalHazards(time, [0, 0, 0, 0, 0, 0], [{ name: 'x', values: [1, 2, 3, 4, 5, 6] }]));
    const x = [1, 3, 2, 5, 4, 6];
    expectFailure(
      coxProportionalHazards(
        time,
        [1, 1, 0, 1, 1, 0],
        [
          { name: 'x', values: x },
          { name: 'twice', values: x.map((v) => 2 * v) },
        ],
      ),
    );
    // Every event happens in group 1 before anyone in group 0 fails: the MLE is at −∞ (monotone likelihood).
    expect(
      expectFailure(coxProportionalHazards(time, [1, 1, 1, 0, 0, 0], [{ name: 'g', values: [1, 1, 1, 0, 0, 0] }])),
    ).toContain('infinite');
    expectFailure(coxProportionalHazards([null], [1], [{ name: 'x', values: [1] }]), 1);
    expectFailure(coxProportionalHazards(time, [1, 1, 0, 1, 1, 0], []));
  });

  it('converges on large data with null effects (rounding noise near the optimum is not a monotone likelihood)', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const time = Array.from({ length: 30_000 }, () => Math.round(random() * 1000));
    const event = time.map(() => random() < 0.6);
    const covariates = [
      { name: 'uniform', values: time.map(() => random()) },
      { name: 'wide', values: time.map(() => random() * 10) },
    ];
    const fit = expectOk(coxProportionalHazards(time, event, covariates));
    expect(fit.terms.every((term) => Math.abs(term.z) < 4)).toBe(true);
  });
});
