import type { Matrix } from './linear-algebra';

/** Handling of tied event times: Efron (R coxph default) or Breslow. */
export type CoxTies = 'efron' | 'breslow';

/** Subjects sharing one follow-up time, covariates already centred. */
export interface CoxTimeGroup {
  covariates: number[][];
  events: boolean[];
}

/** Log partial likelihood with its gradient (score) and negative Hessian (observed information) at β. */
export interface CoxLikelihood {
  logLikelihood: number;
  score: number[];
  information: Matrix;
}

/** Evaluates the Cox log partial likelihood, score and information at β; groups must be in descending time order. */
export function evaluateCoxLikelihood(
  groups: readonly CoxTimeGroup[],
  beta: readonly number[],
  ties: CoxTies,
): CoxLikelihood {
  const p = beta.length;
  const zeros = () => new Array<number>(p).fill(0);
  const squareZeros = () => Array.from({ length: p }, zeros);
  const risk = { s0: 0, s1: zeros(), s2: squareZeros() };
  let logLikelihood = 0;
  const score = zeros();
  const information = squareZeros();
  for (const group of groups) {
    const dead = { s0: 0, s1: zeros(), s2: squareZeros() };
    let deaths = 0;
    group.covariates.forEach((x, member) => {
      const eta = x.reduce((sum, value, index) => sum + value * beta[index]!, 0);
      const weight = Math.exp(eta);
      accumulate(risk, x, weight);
      if (!group.events[member]) return;
      deaths += 1;
      accumulate(dead, x, weight);
      logLikelihood += eta;
      x.forEach((value, index) => (score[index]! += value));
    });
    for (let l = 0; l < deaths; l++) {
      // Efron removes an increasing share l/d of the tied deaths from the risk set; Breslow keeps them all.
      const fraction = ties === 'efron' ? l / deaths : 0;
      const denominator = risk.s0 - fraction * dead.s0;
      const mean = risk.s1.map((value, index) => (value - fraction * dead.s1[index]!) / denominator);
      logLikelihood -= Math.log(denominator);
      for (let i = 0; i < p; i++) {
        score[i]! -= mean[i]!;
        for (let j = 0; j < p; j++) {
          const second = (risk.s2[i]![j]! - fraction * dead.s2[i]![j]!) / denominator;
          information[i]![j]! += second - mean[i]! * mean[j]!;
        }
      }
    }
  }
  return { logLikelihood, score, information };
}

function accumulate(sums: { s0: number; s1: number[]; s2: Matrix }, x: readonly number[], weight: number): void {
  sums.s0 += weight;
  x.forEach((value, i) => {
    sums.s1[i]! += weight * value;
    x.forEach((other, j) => (sums.s2[i]![j]! += weight * value * other));
  });
}
