import { normalQuantile } from './distributions';
import { fail, succeed, type MaybeNumber, type StatResult } from './result';
import { groupByTime, toSurvivalRecords, type EventFlag } from './survival-data';

/** Pointwise confidence interval scale: 'log' is R survfit's default, 'log-log' Kalbfleisch–Prentice, 'plain' linear. */
export type SurvivalConfidenceType = 'log' | 'log-log' | 'plain';

/** Kaplan–Meier estimate just after one distinct observed time (events or censorings), as a row of R's survfit. */
export interface KaplanMeierStep {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  /** Greenwood standard error of the survival probability (R summary.survfit's std.err; 0 once S = 0). */
  standardError: number;
  /** Pointwise CI bounds; null where undefined (after S drops to 0; at S = 1 on the log-log scale), as R's NA. */
  lower: number | null;
  upper: number | null;
}

/** Median survival time with the CI read off the pointwise bands, exactly as R's quantile.survfit; null = not reached. */
export interface MedianSurvival {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** Kaplan–Meier curve in the caller's time unit. */
export interface KaplanMeierResult {
  n: number;
  events: number;
  confidenceLevel: number;
  confidenceType: SurvivalConfidenceType;
  steps: KaplanMeierStep[];
  median: MedianSurvival;
}

/** Options for the pointwise confidence bands (defaults: 95 %, 'log' as R). */
export interface KaplanMeierOptions {
  confidenceLevel?: number;
  confidenceType?: SurvivalConfidenceType;
}

/** Kaplan–Meier estimator with Greenwood variance, pointwise CIs and median survival, matching R's survfit. */
export function kaplanMeier(
  time: readonly MaybeNumber[],
  event: readonly EventFlag[],
  options: KaplanMeierOptions = {},
): StatResult<KaplanMeierResult> {
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  const confidenceType = options.confidenceType ?? 'log';
  const { records, excluded } = toSurvivalRecords(time, event);
  if (records.length === 0)
    return fail('No complete (time, event) pairs remain after dropping missing values.', excluded);
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  let nRisk = records.length;
  let survival = 1;
  let greenwood = 0;
  const steps: KaplanMeierStep[] = [];
  for (const { time: stepTime, members } of groupByTime(records)) {
    const nEvent = members.filter((member) => member.event).length;
    survival *= 1 - nEvent / nRisk;
    greenwood += nEvent === 0 ? 0 : nRisk > nEvent ? nEvent / (nRisk * (nRisk - nEvent)) : Infinity;
    const logScaleError = Math.sqrt(greenwood);
    const [lower, upper] = confidenceBounds(survival, logScaleError, z, confidenceType);
    const standardError = survival === 0 ? 0 : survival * logScaleError;
    steps.push({
      time: stepTime,
      nRisk,
      nEvent,
      nCensor: members.length - nEvent,
      survival,
      standardError,
      lower,
      upper,
    });
    nRisk -= members.length;
  }
  const events = steps.reduce((sum, step) => sum + step.nEvent, 0);
  return succeed(excluded, {
    n: records.length,
    events,
    confidenceLevel,
    confidenceType,
    steps,
    median: medianOf(steps),
  });
}

function confidenceBounds(
  survival: number,
  logScaleError: number,
  z: number,
  type: SurvivalConfidenceType,
): [number | null, number | null] {
  // Once everyone at risk has failed the Greenwood term is infinite; R reports NA (or NaN) bounds.
  if (!Number.isFinite(logScaleError)) return [null, null];
  if (type === 'plain') {
    const halfWidth = z * survival * logScaleError;
    return [Math.max(0, survival - halfWidth), Math.min(1, survival + halfWidth)];
  }
  if (type === 'log') {
    const logSurvival = Math.log(survival);
    return [Math.exp(logSurvival - z * logScaleError), Math.min(1, Math.exp(logSurvival + z * logScaleError))];
  }
  if (survival === 1) return [null, null];
  // CI on log(−log S), mapped back; S = exp(−exp(η)) is decreasing in η.
  const eta = Math.log(-Math.log(survival));
  const etaError = logScaleError / Math.abs(Math.log(survival));
  return [Math.exp(-Math.exp(eta + z * etaError)), Math.exp(-Math.exp(eta - z * etaError))];
}

function medianOf(steps: readonly KaplanMeierStep[]): MedianSurvival {
  const times = steps.map((step) => step.time);
  return {
    estimate: quantileTime(
      times,
      steps.map((step) => step.survival),
      0.5,
    ),
    lower: quantileTime(
      times,
      steps.map((step) => step.lower),
      0.5,
    ),
    upper: quantileTime(
      times,
      steps.map((step) => step.upper),
      0.5,
    ),
  };
}

/**
 * First time at which a (survival or band) curve reaches 1 − p, with R's rule for flat stretches: if the curve
 * equals 1 − p (within √ε), the midpoint between that time and the next drop (or the last observed time).
 */
export function quantileTime(times: readonly number[], curve: readonly (number | null)[], p: number): number | null {
  const tolerance = Math.sqrt(Number.EPSILON);
  const lastTime = times[times.length - 1] ?? 0;
  const levels: { time: number; failed: number }[] = [{ time: 0, failed: 0 }];
  const seen = new Set([0]);
  curve.forEach((value, index) => {
    // Like R's duplicated(): keep only the first time at which each exact level appears.
    if (value === null || seen.has(1 - value)) return;
    seen.add(1 - value);
    levels.push({ time: times[index]!, failed: 1 - value });
  });
  const first = levels.findIndex((level) => level.failed + tolerance >= p);
  if (first < 0) return null;
  const next = levels.findIndex((level) => level.failed - tolerance >= p);
  if (next >= 0) return (levels[first]!.time + levels[next]!.time) / 2;
  const last = levels[levels.length - 1]!;
  return Math.abs(p - last.failed) < tolerance ? (levels[first]!.time + lastTime) / 2 : null;
}

/** Number still at risk (time ≥ t) at each requested time t, in the curve's time unit, as R's summary(fit, times). */
export function numberAtRisk(result: KaplanMeierResult, times: readonly number[]): number[] {
  return times.map((t) => result.steps.find((step) => step.time >= t)?.nRisk ?? 0);
}

/** Kaplan–Meier survival probability S(t) at each requested time t (right-continuous step function). */
export function survivalAt(result: KaplanMeierResult, times: readonly number[]): number[] {
  return times.map((t) => result.steps.filter((step) => step.time <= t).at(-1)?.survival ?? 1);
}
