import { loadFixture } from './reference';

/** R-computed Cox reference (see test/fixtures/stats/r-reference.R). */
export interface RCox {
  coef: number | number[];
  se: number | number[];
  lower: number | number[];
  upper: number | number[];
  p: number | number[];
  n: number;
  events: number;
  logLikelihood: [number, number];
  likelihoodRatio: number;
  wald: number;
  score: number;
}

/** R-computed survdiff reference. */
export interface RLogRank {
  chiSquare: number;
  observed: number[];
  expected: number[];
  p: number;
}

/** The subset of r-reference.json used by the log-rank and Cox tests. */
export interface RSurvivalReference {
  freireich: { time: number[]; event: number[]; group: string[]; placebo: number[] };
  lung: { time: number[]; event: number[]; age: number[]; sex: number[]; ecog: (number | null)[] };
  freireichLogRank: RLogRank;
  freireichCoxEfron: RCox;
  freireichCoxBreslow: RCox;
  lungLogRankEcog: RLogRank;
  lungLogRankSex: RLogRank;
  lungCoxEfron: RCox;
  lungCoxBreslow: RCox;
  lungCoxAge: RCox;
}

/** Loads the R survival reference once per test file. */
export const survivalReference = loadFixture<RSurvivalReference>('r-reference.json');

/** Wraps a scalar-or-vector R field as an array. */
export function asArray(value: number | number[]): number[] {
  return Array.isArray(value) ? value : [value];
}
