/** Plot data shaping for the explorer's charts (box whiskers, jitter, KM paths, time ticks). Pure. */
import { quantileSorted } from '../stats';
import type { SurvivalCurve } from './results';

/** Quartiles (R type 7) and Tukey whiskers (most extreme values within 1.5 IQR of the box) of sorted values. */
export function boxStatistics(values: readonly number[]): {
  median: number;
  q1: number;
  q3: number;
  whiskerLow: number;
  whiskerHigh: number;
} | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const reach = 1.5 * (q3 - q1);
  const inside = sorted.filter((v) => v >= q1 - reach && v <= q3 + reach);
  return {
    median: quantileSorted(sorted, 0.5),
    q1,
    q3,
    whiskerLow: inside[0] ?? q1,
    whiskerHigh: inside[inside.length - 1] ?? q3,
  };
}

/** Deterministic horizontal jitter in [−width/2, width/2] from a string (so the strip plot is stable across renders). */
export function jitter(key: string, width = 0.5): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return ((hash >>> 0) / 4294967295 - 0.5) * width;
}

/** Evenly spaced follow-up times (months) for the numbers-at-risk table: 0 up to `maxTime`, at most `maxTicks` + 1 ticks. */
export function atRiskTimes(maxTime: number, maxTicks = 8): number[] {
  if (!(maxTime > 0)) return [0];
  const step = [1, 2, 3, 6, 12, 24, 36, 48, 60, 120, 240].find((s) => maxTime / s <= maxTicks) ?? maxTime;
  const times: number[] = [];
  for (let t = 0; t <= maxTime + 1e-9; t += step) times.push(t);
  return times;
}

/** One vertex of a KM step path or a censoring mark. */
export interface KmPoint {
  readonly group: string;
  readonly time: number;
  readonly survival: number;
}

/** Step-path vertices of each curve from (0, 1) (draw with curve 'step-after'), and censoring marks. */
export function toKmPaths(curves: readonly SurvivalCurve[]): { path: KmPoint[]; censored: KmPoint[] } {
  const path: KmPoint[] = [];
  const censored: KmPoint[] = [];
  for (const curve of curves) {
    path.push({ group: curve.label, time: 0, survival: 1 });
    for (const step of curve.steps) {
      path.push({ group: curve.label, time: step.time, survival: step.survival });
      if (step.nCensor > 0) censored.push({ group: curve.label, time: step.time, survival: step.survival });
    }
  }
  return { path, censored };
}

/** Colour-blind-safe colours (Okabe–Ito) for up to 7 survival groups, in group order. */
export const GROUP_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'] as const;
