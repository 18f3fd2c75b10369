import { dropMissing, fail, succeed, type MaybeNumber, type StatResult } from './result';

/**
 * Quantile of ascending-sorted values at probability p in [0, 1] by linear interpolation between order
 * statistics: R's quantile(type = 7), numpy's default 'linear' method.
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0 || !(p >= 0 && p <= 1)) return Number.NaN;
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (position - below) * (upper - lower);
}

/** Median and quartiles (R type 7) of a sample in its own units; IQR = Q3 − Q1. */
export interface MedianIqr {
  n: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
}

/** Median, first/third quartile and IQR of the non-missing values, using R type-7 quantiles. */
export function medianIqr(values: readonly MaybeNumber[]): StatResult<MedianIqr> {
  const { values: kept, excluded } = dropMissing(values);
  if (kept.length === 0) return fail('No non-missing values, so the median is undefined.', excluded);
  const sorted = kept.sort((left, right) => left - right);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  return succeed(excluded, { n: sorted.length, median: quantileSorted(sorted, 0.5), q1, q3, iqr: q3 - q1 });
}

/** Arithmetic mean of numbers (NaN for an empty array; callers drop missing values first). */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample standard deviation with the n − 1 denominator, as R's sd() (NaN for fewer than two values). */
export function standardDeviation(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const centre = mean(values);
  const squares = values.reduce((sum, value) => sum + (value - centre) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}
