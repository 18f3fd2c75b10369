import 'server-only';
import type { ObjectKind } from '../../registry';
import { runCancellable } from '../run-cancellable';
import { buildFeatureStatsSql } from './feature-stats-sql';
import type { ViewerContext } from './served-slide';
import type { SlideSource } from './slide-source';

/** Slide-wide statistics of one feature (its unit); null parts when the feature is all NULL. */
export interface FeatureStats {
  readonly min: number | null;
  readonly max: number | null;
  /** Robust colour domain: 2nd and 98th percentiles. */
  readonly p02: number | null;
  readonly p98: number | null;
  /** Upper end of histogram domains (outliers beyond it share the last bin). */
  readonly p995: number | null;
}

const cache = new Map<string, FeatureStats>();

const asNumber = (value: unknown): number | null =>
  typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null;

/** Statistics of `features` of one slide and kind, computed in one scan for those not cached yet. */
export async function loadFeatureStats(
  context: Pick<ViewerContext, 'connection' | 'signal'>,
  source: SlideSource,
  kind: ObjectKind,
  features: readonly string[],
  version = '',
): Promise<Record<string, FeatureStats>> {
  const key = (feature: string) => `${source.dir}|${version}|${source.slideId}|${kind}|${feature}`;
  const missing = [...new Set(features)].filter((f) => !cache.has(key(f)));
  if (missing.length > 0) {
    const sql = buildFeatureStatsSql(source, kind, missing);
    const reader = await runCancellable(context.connection, sql, context.signal, { maxRows: 1 });
    const row: Record<string, unknown> = reader.getRowObjectsJS()[0] ?? {};
    for (const feature of missing) {
      const q = (row[`${feature}__q`] as unknown[] | null) ?? [];
      cache.set(key(feature), {
        min: asNumber(row[`${feature}__min`]),
        max: asNumber(row[`${feature}__max`]),
        p02: asNumber(q[0]),
        p98: asNumber(q[1]),
        p995: asNumber(q[2]),
      });
    }
  }
  return Object.fromEntries(features.map((f) => [f, cache.get(key(f)) as FeatureStats]));
}

/** The [lo, hi] colour domain of a feature (2–98 % percentiles; [0, 1] when it has no values). */
export function colorDomain(stats: FeatureStats): [number, number] {
  const lo = stats.p02 ?? 0;
  const hi = stats.p98 ?? 1;
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/** The [lo, hi] histogram domain of a feature (min … 99.5th percentile). */
export function histogramDomain(stats: FeatureStats): [number, number] {
  const lo = stats.min ?? 0;
  const hi = stats.p995 ?? stats.max ?? 1;
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}
