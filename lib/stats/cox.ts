import { mean, standardDeviation } from './descriptive';
import { chiSquareSf, normalQuantile, normalSf } from './distributions';
import { evaluateCoxLikelihood, type CoxLikelihood, type CoxTies, type CoxTimeGroup } from './cox-likelihood';
import { choleskyDecompose, choleskyInverse, choleskySolve, inverseQuadraticForm } from './linear-algebra';
import { fail, succeed, type MaybeNumber, type StatResult } from './result';
import { groupByTime, toSurvivalRecords, type EventFlag } from './survival-data';

/** One named covariate column, in its own unit (the coefficient is per one unit). */
export interface CoxCovariate {
  name: string;
  values: readonly MaybeNumber[];
}

/** Fitted coefficient: log hazard ratio per one unit, with Wald inference. */
export interface CoxTerm {
  name: string;
  coef: number;
  hazardRatio: number;
  se: number;
  /** Confidence interval for the hazard ratio at the fit's confidence level. */
  lower: number;
  upper: number;
  z: number;
  p: number;
  /** Sample SD (n − 1) of the covariate over the rows used, for per-SD hazard ratios. */
  standardDeviation: number;
}

/** A global test of all coefficients = 0 with its χ² statistic. */
export interface ChiSquareTest {
  statistic: number;
  df: number;
  p: number;
}

/** Cox proportional-hazards fit, matching R's coxph (Newton–Raphson, Efron ties by default). */
export interface CoxResult {
  n: number;
  events: number;
  ties: CoxTies;
  confidenceLevel: number;
  iterations: number;
  terms: CoxTerm[];
  /** Log partial likelihood at β = 0 and at the estimate. */
  logLikelihood: { null: number; fitted: number };
  likelihoodRatio: ChiSquareTest;
  wald: ChiSquareTest;
  /** Score (log-rank) test at β = 0. */
  score: ChiSquareTest;
}

/** Fitting options (defaults: Efron ties, 95 % CI, 30 iterations, relative log-likelihood tolerance 1e-9 as R). */
export interface CoxOptions {
  ties?: CoxTies;
  confidenceLevel?: number;
  maxIterations?: number;
  tolerance?: number;
}

/** Fits a Cox model with one or more covariates; rows with any missing value are excluded and counted. */
export function coxProportionalHazards(
  time: readonly MaybeNumber[],
  event: readonly EventFlag[],
  covariates: readonly CoxCovariate[],
  options: CoxOptions = {},
): StatResult<CoxResult> {
  const { ties = 'efron', confidenceLevel = 0.95, maxIterations = 30, tolerance = 1e-9 } = options;
  const { records, excluded } = toSurvivalRecords(
    time,
    event,
    covariates.map((covariate) => covariate.values),
  );
  if (covariates.length === 0) return fail('At least one covariate is needed.', excluded);
  const events = records.filter((record) => record.event).length;
  if (events === 0) return fail('There are no events, so hazard ratios cannot be estimated.', excluded);
  const columns = covariates.map((covariate) => records.map((record) => covariate.values[record.index] as number));
  const position = new Map(records.map((record, row) => [record, row]));
  const spreads = columns.map(standardDeviation);
  const constant = spreads.findIndex((spread) => !(spread > 0));
  if (constant >= 0)
    return fail(`Covariate '${covariates[constant]!.name}' is constant among complete rows.`, excluded);
  // Centring leaves β unchanged but keeps exp(xβ) in range, as coxph does.
  const centres = columns.map(mean);
  const groups: CoxTimeGroup[] = groupByTime(records)
    .reverse()
    .map(({ members }) => ({
      covariates: members.map((member) => columns.map((column, j) => column[position.get(member)!]! - centres[j]!)),
      events: members.map((member) => member.event),
    }));
  const fit = newtonRaphson(groups, covariates.length, ties, maxIterations, tolerance);
  if (typeof fit === 'string') return fail(fit, excluded);
  const { beta, at, initial, iterations, variance } = fit;
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const terms = covariates.map(({ name }, index) => {
    const coef = beta[index]!;
    const se = Math.sqrt(variance[index]![index]!);
    const wald = coef / se;
    const bounds = { lower: Math.exp(coef - z * se), upper: Math.exp(coef + z * se) };
    return {
      name,
      coef,
      hazardRatio: Math.exp(coef),
      se,
      ...bounds,
      z: wald,
      p: 2 * normalSf(Math.abs(wald)),
      standardDeviation: spreads[index]!,
    };
  });
  const df = covariates.length;
  const test = (statistic: number) => ({ statistic, df, p: chiSquareSf(statistic, df) });
  const waldStatistic = beta.reduce(
    (sum, b, i) => sum + b * beta.reduce((inner, c, j) => inner + at.information[i]![j]! * c, 0),
    0,
  );
  return succeed(excluded, {
    n: records.length,
    events,
    ties,
    confidenceLevel,
    iterations,
    terms,
    logLikelihood: { null: initial.logLikelihood, fitted: at.logLikelihood },
    likelihoodRatio: test(2 * (at.logLikelihood - initial.logLikelihood)),
    wald: test(waldStatistic),
    score: test(inverseQuadraticForm(initial.information, initial.score) ?? 0),
  });
}

type NewtonFit = {
  beta: number[];
  at: CoxLikelihood;
  initial: CoxLikelihood;
  iterations: number;
  variance: number[][];
};

function newtonRaphson(
  groups: CoxTimeGroup[],
  p: number,
  ties: CoxTies,
  maxIterations: number,
  tolerance: number,
): NewtonFit | string {
  let beta = new Array<number>(p).fill(0);
  const initial = evaluateCoxLikelihood(groups, beta, ties);
  let at = initial;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const factor = choleskyDecompose(at.information);
    if (!factor) return 'The information matrix is singular (collinear covariates or too few events).';
    const step = choleskySolve(factor, at.score);
    let candidate = beta.map((value, index) => value + step[index]!);
    let next = evaluateCoxLikelihood(groups, candidate, ties);
    // As coxph, test convergence on the full Newton step first: near the optimum the log-likelihood can dip by
    // rounding noise, and halving then would stop short of the maximum.
    const converged = Math.abs(1 - at.logLikelihood / next.logLikelihood) <= tolerance;
    for (let halving = 0; !converged && halving < 30 && !(next.logLikelihood >= at.logLikelihood); halving++) {
      candidate = candidate.map((value, index) => (value + beta[index]!) / 2);
      next = evaluateCoxLikelihood(groups, candidate, ties);
    }
    beta = candidate;
    at = next;
    if (!converged) continue;
    const finalFactor = choleskyDecompose(at.information);
    if (!finalFactor) return 'The information matrix is singular at the estimate (a coefficient may be infinite).';
    const variance = choleskyInverse(finalFactor);
    // R's check for monotone likelihood: the remaining Newton step is still large relative to the coefficient.
    const remaining = choleskySolve(finalFactor, at.score);
    const infinite = remaining.findIndex(
      (value, index) => Math.abs(value) > tolerance && Math.abs(value) > Math.sqrt(tolerance) * Math.abs(beta[index]!),
    );
    if (infinite >= 0)
      return `The likelihood converged before covariate ${infinite + 1}; its coefficient may be infinite (monotone likelihood, e.g. no events in one group).`;
    return { beta, at, initial, iterations: iteration, variance };
  }
  return `The Newton–Raphson fit did not converge in ${maxIterations} iterations.`;
}

/** Rescales a per-unit Cox term to a per-`scale`-units term (e.g. per 10 µm), recomputing HR and CI. */
export function rescaleCoxTerm(term: CoxTerm, scale: number, confidenceLevel = 0.95): CoxTerm {
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const coef = term.coef * scale;
  const se = term.se * Math.abs(scale);
  const bounds = [Math.exp(coef - z * se), Math.exp(coef + z * se)].sort((a, b) => a - b);
  return {
    ...term,
    coef,
    se,
    hazardRatio: Math.exp(coef),
    lower: bounds[0]!,
    upper: bounds[1]!,
    standardDeviation: term.standardDeviation / Math.abs(scale),
  };
}

/** Hazard ratio per one sample standard deviation of the covariate, with its CI (z and p are unchanged). */
export function hazardRatioPerStandardDeviation(term: CoxTerm, confidenceLevel = 0.95): CoxTerm {
  return rescaleCoxTerm(term, term.standardDeviation, confidenceLevel);
}
