/** Assigns patients to survival groups: by feature cut-points (median, tertiles, threshold) or by clinical level. */
import type { SurvivalSplit } from '../../explore/explore-state';
import { formatValue } from '../../explore/format';
import { quantileSorted } from '../../stats';

/** Group labels, cut-points and a per-value labeller, or the reason the feature cannot split patients. */
export type FeatureSplit =
  | { ok: true; cutPoints: number[]; labels: string[]; assign: (value: number) => string }
  | { ok: false; reason: string };

/** Splits patient values at the median, tertiles or `threshold` (unit of the feature). */
export function splitByFeature(
  values: readonly number[],
  split: Exclude<SurvivalSplit, 'group'>,
  threshold: number | undefined,
  unit: string,
): FeatureSplit {
  if (values.length === 0) return { ok: false, reason: 'No patient with survival data has a value of this feature.' };
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted[0] === sorted[sorted.length - 1])
    return { ok: false, reason: 'The feature is constant among these patients, so it cannot split them.' };
  const u = unit && unit !== 'count' ? ` ${unit}` : '';
  if (split === 'threshold') {
    if (threshold === undefined) return { ok: false, reason: 'Enter a threshold to split patients.' };
    const labels = [`< ${formatValue(threshold)}${u}`, `≥ ${formatValue(threshold)}${u}`];
    return { ok: true, cutPoints: [threshold], labels, assign: (v) => (v < threshold ? labels[0]! : labels[1]!) };
  }
  if (split === 'median') {
    const cut = quantileSorted(sorted, 0.5);
    const labels = [`Low (≤ ${formatValue(cut)}${u})`, `High (> ${formatValue(cut)}${u})`];
    return { ok: true, cutPoints: [cut], labels, assign: (v) => (v <= cut ? labels[0]! : labels[1]!) };
  }
  const low = quantileSorted(sorted, 1 / 3);
  const high = quantileSorted(sorted, 2 / 3);
  const labels = [`Low (≤ ${formatValue(low)}${u})`, `Middle`, `High (> ${formatValue(high)}${u})`];
  return {
    ok: true,
    cutPoints: [low, high],
    labels,
    assign: (v) => (v <= low ? labels[0]! : v <= high ? labels[1]! : labels[2]!),
  };
}

/** The plain warning shown with a data-driven cut-point. */
export function cutPointWarning(split: SurvivalSplit): string | null {
  if (split === 'group') return null;
  const how =
    split === 'threshold'
      ? 'A threshold picked after looking at these data'
      : `The ${split === 'median' ? 'median' : 'tertile'} cut-point, taken from these same patients,`;
  return `${how} makes p-values and hazard ratios optimistic (they would shrink in new patients). Prefer the continuous Cox model and confirm any cut-point on independent data.`;
}
