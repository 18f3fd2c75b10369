import type { ObjectFilter } from '@/lib/filters';
import type { ObjectKind } from '@/lib/registry';
import { histogramParamsSchema, parseKindFilter, parseParams, type ParsedParams } from '@/lib/viewer/api-params';

/** A parsed /histograms request: kind, features, bins and the kind's filter. */
export interface HistogramParams {
  readonly kind: ObjectKind;
  readonly features: readonly string[];
  readonly bins: number;
  readonly filter: ObjectFilter;
}

/** Parses /api/slides/<id>/histograms parameters, or gives the reason they are refused. */
export function parseHistogramParams(params: URLSearchParams): ParsedParams<HistogramParams> {
  const parsed = parseParams(histogramParamsSchema, params);
  if (!parsed.ok) return parsed;
  const filter = parseKindFilter(parsed.value.kind, params);
  if (!filter.ok) return filter;
  return { ok: true, value: { ...parsed.value, filter: filter.value } };
}
